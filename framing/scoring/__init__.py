"""Sentence scorers: one contract (:class:`Scorer`), a registry of versioned names."""

from framing.scoring.base import Scorer, cache_key
from framing.scoring.registry import DEFAULT_SCORERS, available_scorers, get_scorer, register

__all__ = [
    "DEFAULT_SCORERS",
    "Scorer",
    "available_scorers",
    "cache_key",
    "get_scorer",
    "register",
]
