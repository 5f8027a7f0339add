"""Registry of scorers under versioned names, so configs name strings.

The registry declares the parameters every scorer accepts (:data:`SHARED_PARAMETERS`);
anything else a scorer's constructor does not take is an error that names the valid ones.
"""

from __future__ import annotations

import difflib
import importlib
import inspect
import pkgutil
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import yaml

import framing.scoring as package
from framing.errors import ConfigError, InputError, UnknownScorerError
from framing.schema import SENTENCE_COLUMNS
from framing.scoring.base import Scorer

_REGISTRY: dict[str, Callable[..., Scorer]] = {}

DEFAULT_SCORERS: tuple[str, ...] = (
    "sentiment.minilm-lora.v2",
    "emotive.minilm-words.v1",
)
"""Scorers used when none are named."""

SHARED_PARAMETERS: dict[str, str] = {
    "device": '``"auto"`` (CUDA when present), ``"cpu"`` or ``"cuda"``.',
    "batch_size": "Sentences (or token windows) per forward pass.",
    "precision": "``fp32`` (default), ``bf16``/``fp16`` autocast (fp16 on CUDA), or ``int8`` "
                 "dynamic quantisation (CPU only); a precision other than fp32 changes the "
                 "cache key.",
    "encoder": "Encoder name or folder, for scorers that run on the shared encoder.",
}
"""Parameters every registered scorer accepts, so one set of options (``framing score
--device/--batch-size/--precision/--encoder``, an experiment config) can be given to all
scorers at once. A scorer that takes one in its constructor honours it; for a scorer that
does not (the lexicon scorers run no model) it has no effect and is not passed on."""

ScorerSpec = Sequence[str | Scorer] | str | Scorer | None
"""One scorer or several, each a registered name or a :class:`Scorer` object."""

F = TypeVar("F", bound=Callable[..., Scorer])


def register(factory: F | str) -> F | Callable[[F], F]:
    """Class decorator registering a scorer under its ``name`` attribute.

    Use it bare (``@register`` on a class with ``name = "kind.model.vN"``), so the name is
    written once. ``@register("kind.model.vN")`` also works: it sets ``name`` when the class
    has none and refuses a different one.

    Raises:
        ValueError: When the class has no name, names disagree, or the name is taken.
    """
    if isinstance(factory, str):
        wanted = factory

        def deco(cls: F) -> F:
            have = getattr(cls, "name", None)
            if have is None:
                cls.name = wanted  # type: ignore[attr-defined]
            elif have != wanted:
                raise ValueError(f"@register('{wanted}') on a scorer named '{have}'")
            return register(cls)  # type: ignore[return-value]

        return deco
    name = getattr(factory, "name", None)
    if not isinstance(name, str) or not name:
        raise ValueError(f"{factory!r} has no 'name' to register it under")
    if name in _REGISTRY and _REGISTRY[name] is not factory:
        raise ValueError(f"scorer name '{name}' is already registered")
    _REGISTRY[name] = factory
    return factory


def _ensure_builtin() -> None:
    """Import every module of :mod:`framing.scoring`; importing one registers its scorers."""
    for info in pkgutil.iter_modules(package.__path__):
        if info.name not in {"base", "registry"}:
            importlib.import_module(f"framing.scoring.{info.name}")


def available_scorers() -> list[str]:
    """Names of all registered scorers, sorted."""
    _ensure_builtin()
    return sorted(_REGISTRY)


def scorer_parameters(name: str) -> list[str]:
    """The parameters :func:`get_scorer` accepts for a scorer: its own and the shared ones.

    Raises:
        UnknownScorerError: When the name is not registered.
    """
    return sorted({*_own_parameters(_factory(name)), *SHARED_PARAMETERS})


def _own_parameters(factory: Callable[..., Scorer]) -> set[str]:
    """Names a scorer's constructor takes (``*args``/``**kwargs`` are no names)."""
    kinds = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
    return {p.name for p in inspect.signature(factory).parameters.values() if p.kind in kinds}


def unknown_scorer_message(name: str, known: Sequence[str]) -> str:
    """What to say about a scorer name that is not registered.

    A Hugging Face hub id (``org/model``) is no scorer name: the message says to use
    ``sentiment.hf.v1`` with ``model:``. Otherwise the nearest registered names are suggested.
    """
    known = sorted(known)
    if "/" in name:
        return (f"unknown scorer '{name}': a Hugging Face model is not a scorer name; use "
                f"scorer sentiment.hf.v1 with model: {name} (in a config: "
                f"{{name: sentiment.hf.v1, model: {name}}}); available: {', '.join(known)}")
    near = difflib.get_close_matches(name, known, n=3, cutoff=0.6)
    hint = f"; did you mean {' or '.join(near)}?" if near else ""
    return f"unknown scorer '{name}'{hint}; available: {', '.join(known)}"


def _factory(name: str) -> Callable[..., Scorer]:
    _ensure_builtin()
    if name not in _REGISTRY:
        raise UnknownScorerError(unknown_scorer_message(name, list(_REGISTRY)))
    return _REGISTRY[name]


def get_scorer(name: str, **params: Any) -> Scorer:
    """Instantiate a registered scorer.

    Args:
        name: Registered name, e.g. ``"sentiment.minilm-nyt-probe.v1"``.
        **params: The scorer's constructor parameters. The shared parameters
            (:data:`SHARED_PARAMETERS`) are accepted by every scorer: passed on when its
            constructor takes them, else dropped (they have no effect on it).

    Raises:
        UnknownScorerError: When the name is not registered.
        ConfigError: When a parameter is neither the scorer's nor a shared one; the message
            names the valid parameters.
    """
    factory = _factory(name)
    own = _own_parameters(factory)
    unknown = sorted(k for k in params if k not in own and k not in SHARED_PARAMETERS)
    if unknown:
        which = ", ".join(f"'{k}'" for k in unknown)
        raise ConfigError(f"{name} has no parameter{'s' if len(unknown) > 1 else ''} {which}; "
                          f"valid: {', '.join(scorer_parameters(name))}")
    return factory(**{k: v for k, v in params.items() if k in own})


def as_scorers(scorers: ScorerSpec, **params: Any) -> list[Scorer]:
    """Scorer objects from names and/or objects, checked for clashing columns.

    Args:
        scorers: One scorer or several, each a registered name or a :class:`Scorer`;
            ``None`` means :data:`DEFAULT_SCORERS`.
        **params: Passed to :func:`get_scorer` for the names (objects are taken as they are).

    Raises:
        UnknownScorerError: An unregistered name.
        ConfigError: A parameter no scorer of that name takes.
        InputError: Two scorers (or a scorer and the sentence table) produce the same column.
    """
    if scorers is None:
        scorers = DEFAULT_SCORERS
    if isinstance(scorers, str) or not isinstance(scorers, Sequence):
        scorers = [scorers]  # type: ignore[list-item]
    out = [get_scorer(s, **params) if isinstance(s, str) else s for s in scorers]
    seen: dict[str, str] = {}
    for sc in out:
        for col in sc.columns:
            if col in seen or col in SENTENCE_COLUMNS:
                other = seen.get(col, "the sentence table")
                raise InputError(None, f"scorers {other} and {sc.name} both produce column '{col}'")
            seen[col] = sc.name
    return out


def _option_value(text: str) -> Any:
    """A ``KEY=VALUE`` option's value: a YAML scalar or list (``3``, ``true``, ``[a, b]``)."""
    try:
        value = yaml.safe_load(text)
    except yaml.YAMLError:
        return text
    return text if value is None or isinstance(value, dict) else value


def scorer_options(names: Sequence[str], options: Sequence[str]) -> list[dict[str, Any]]:
    """Per-scorer parameters from command-line ``[SCORER:]KEY=VALUE`` options.

    ``KEY=VALUE`` goes to every one of ``names`` that takes ``KEY`` (an error when none
    does); ``SCORER:KEY=VALUE`` to that scorer only. Values are read as YAML scalars
    (``batch_size=32`` is a number, ``model=org/name`` a string).

    Args:
        names: The registered scorer names, in order.
        options: The options as typed.

    Returns:
        One parameter mapping per name.

    Raises:
        ConfigError: A malformed option, a scorer not among ``names`` or a key no scorer takes.
    """
    out: list[dict[str, Any]] = [{} for _ in names]
    for option in options:
        target, sep, assignment = option.partition(":")
        if not sep or "=" in target:
            target, assignment = "", option
        key, eq, value = assignment.partition("=")
        key = key.strip()
        if not eq or not key:
            raise ConfigError(f"--param {option!r}: expected KEY=VALUE or SCORER:KEY=VALUE")
        if target and target not in names:
            raise ConfigError(f"--param {option!r}: {target} is not among the scorers "
                              f"({', '.join(names)})")
        chosen = [i for i, n in enumerate(names) if n == target or (
            not target and key in {*_own_parameters(_factory(n)), *SHARED_PARAMETERS})]
        if not chosen:
            valid = sorted({p for n in names for p in scorer_parameters(n)})
            raise ConfigError(f"--param {option!r}: no scorer among {', '.join(names)} takes "
                              f"{key!r}; valid: {', '.join(valid)}")
        for i in chosen:
            out[i][key] = _option_value(value)
    return out
