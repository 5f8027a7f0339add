"""Registry of scorers under versioned names, so configs name strings."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from framing.errors import UnknownScorerError
from framing.scoring.base import Scorer

_REGISTRY: dict[str, Callable[..., Scorer]] = {}

DEFAULT_SCORERS: tuple[str, ...] = (
    "sentiment.minilm-lora.v1",
    "emotive.minilm-ptc-tagger.v1",
)
"""Scorers used when none are named."""


def register(name: str) -> Callable[[Callable[..., Scorer]], Callable[..., Scorer]]:
    """Class decorator registering a scorer factory under ``name``."""

    def deco(factory: Callable[..., Scorer]) -> Callable[..., Scorer]:
        if name in _REGISTRY and _REGISTRY[name] is not factory:
            raise ValueError(f"scorer name '{name}' is already registered")
        _REGISTRY[name] = factory
        return factory

    return deco


def _ensure_builtin() -> None:
    """Import every module of :mod:`framing.scoring`; importing one registers its scorers."""
    import importlib
    import pkgutil

    import framing.scoring as package

    for info in pkgutil.iter_modules(package.__path__):
        if info.name not in {"base", "registry"}:
            importlib.import_module(f"framing.scoring.{info.name}")


def available_scorers() -> list[str]:
    """Names of all registered scorers, sorted."""
    _ensure_builtin()
    return sorted(_REGISTRY)


def get_scorer(name: str, **params: Any) -> Scorer:
    """Instantiate a registered scorer.

    Args:
        name: Registered name, e.g. ``"sentiment.minilm-nyt-probe.v1"``.
        **params: Passed to the scorer's constructor; parameters it does not take are ignored
            (so ``device`` and ``batch_size`` can be given to every scorer).

    Raises:
        UnknownScorerError: When the name is not registered.
    """
    import inspect

    _ensure_builtin()
    if name not in _REGISTRY:
        raise UnknownScorerError(
            f"unknown scorer '{name}'; available: {', '.join(sorted(_REGISTRY))}"
        )
    factory = _REGISTRY[name]
    accepted = inspect.signature(factory).parameters
    return factory(**{k: v for k, v in params.items() if k in accepted})
