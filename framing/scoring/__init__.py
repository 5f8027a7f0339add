"""Sentence scorers: one contract (:class:`Scorer`), a registry of versioned names."""

from framing.scoring.base import Scorer, TransformerScorer, cache_key
from framing.scoring.registry import (
    DEFAULT_SCORERS,
    SHARED_PARAMETERS,
    ScorerSpec,
    as_scorers,
    available_scorers,
    get_scorer,
    register,
    scorer_parameters,
)

__all__ = [
    "DEFAULT_SCORERS",
    "SHARED_PARAMETERS",
    "Scorer",
    "ScorerSpec",
    "TransformerScorer",
    "as_scorers",
    "available_scorers",
    "cache_key",
    "get_scorer",
    "register",
    "scorer_parameters",
]
