"""What the Ray engine shares between driver and workers: scorer specs, errors, connecting.

The package's errors cross Ray as :class:`RemoteFramingError` carriers and are rebuilt on the
driver by :func:`framing_error_of`, so a bad row gives the local engine's one line.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import socket
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from framing.errors import ConfigError, FramingError
from framing.scoring import as_scorers, get_scorer

RAY_MISSING = ("the Ray engine needs Ray, which is not installed here: "
               "pip install 'framing[ray]' (or use --engine local)")
"""The message when ``import ray`` fails."""

ACTOR_ENV = {"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "TOKENIZERS_PARALLELISM": "false",
             "FRAMING_PARSE_PROCESSES": "1"}
"""Environment of every scoring actor: one torch (and tokenizer) thread and one spaCy
process per actor (Ray runs the actors in parallel)."""


@dataclass(frozen=True)
class ScorerSpec:
    """A scorer to build inside each actor: a registered name and its parameters.

    Attributes:
        name: Registered scorer name, e.g. ``"sentiment.minilm-nyt-probe.v1"``.
        params: Constructor parameters (``device``, ``batch_size``, ``precision``,
            ``encoder`` and the scorer's own), as :func:`framing.scoring.get_scorer` takes them.
    """

    name: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def build(self) -> Any:
        """The scorer object."""
        return get_scorer(self.name, **dict(self.params))


def scorer_specs(scorers: Iterable[str | tuple[str, Mapping[str, Any]] | ScorerSpec],
                 **shared: Any) -> list[ScorerSpec]:
    """Scorer specs from names, ``(name, params)`` pairs or specs; ``shared`` goes to each.

    The scorers are built once here (on the driver, no model is loaded before its first use),
    so an unknown name, a bad parameter or clashing columns fail before Ray starts.

    Raises:
        UnknownScorerError: An unregistered name.
        ConfigError: A parameter no scorer of that name takes.
        InputError: Two scorers produce the same column.
    """
    pairs = [(i.name, i.params) if isinstance(i, ScorerSpec) else (i, {}) if isinstance(i, str)
             else i for i in scorers]
    specs = [ScorerSpec(name, {**shared, **params}) for name, params in pairs]
    as_scorers([s.build() for s in specs])
    return specs


# --------------------------------------------------------------------------- errors across Ray


class RemoteFramingError(Exception):
    """Carries a :class:`~framing.errors.FramingError` out of a Ray worker.

    The package's errors are not picklable as they are (their constructors take more than
    the message), and Ray Data keeps only the text of an exception raised in user code. So
    the carrier's text holds the error's module, class, attributes and message as one line of
    JSON between markers, and :func:`framing_error_of` rebuilds the same error on the driver
    from the exception or from any text that contains it.
    """

    START, END = "<<framing-error>>", "<<end-framing-error>>"

    @classmethod
    def wrap(cls, error: FramingError) -> RemoteFramingError:
        """The carrier for ``error``."""
        kind = type(error)
        state = {k: v for k, v in vars(error).items()
                 if isinstance(v, (str, int, float, bool, type(None)))}
        payload = {"module": kind.__module__, "qualname": kind.__qualname__, "state": state,
                   "message": str(error)}
        return cls(f"{cls.START}{json.dumps(payload)}{cls.END}")

    @classmethod
    def rebuild(cls, text: str) -> FramingError | None:
        """The error carried in ``text``, of its own class with the same message, or None."""
        start = text.find(cls.START)
        end = text.find(cls.END, start + 1)
        if start < 0 or end < 0:
            return None
        try:
            payload = json.loads(text[start + len(cls.START):end])
            kind = getattr(importlib.import_module(payload["module"]), payload["qualname"])
        except (ValueError, KeyError, ImportError, AttributeError):
            return None
        if not (isinstance(kind, type) and issubclass(kind, FramingError)):
            return None
        error = kind.__new__(kind)
        error.args = (payload["message"],)
        error.__dict__.update(payload["state"])
        return error


def framing_error_of(exc: BaseException) -> FramingError | None:
    """The package error at the root of a Ray exception (``RayTaskError``, user code errors)."""
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        item = todo.pop()
        if item is None or id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, FramingError) and type(item).__module__.startswith("framing"):
            return item
        found = RemoteFramingError.rebuild(str(item))
        if found is not None:
            return found
        todo += [item.__cause__, item.__context__, getattr(item, "cause", None)]
    return None


@contextlib.contextmanager
def carried() -> Iterator[None]:
    """Inside a Ray worker: a package error leaves as a :class:`RemoteFramingError`."""
    try:
        yield
    except FramingError as exc:
        raise RemoteFramingError.wrap(exc) from None


# --------------------------------------------------------------------------- connecting


def import_ray() -> Any:
    """The ``ray`` module.

    Raises:
        ConfigError: Ray is not installed (``pip install 'framing[ray]'``).
    """
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError:
        raise ConfigError(RAY_MISSING) from None
    return ray


def _reachable(address: str, timeout: float) -> str | None:
    """Why ``host:port`` (or ``ray://host:port``) cannot be reached, or ``None``."""
    hostport = address.removeprefix("ray://").rsplit("/", 1)[0]
    host, _, port = hostport.rpartition(":")
    if not host or not port.isdigit():
        return "not an address of the form host:port, ray://host:port or auto"
    try:
        with socket.create_connection((host, int(port)), timeout=timeout):
            return None
    except OSError as exc:
        return exc.strerror or str(exc) or type(exc).__name__


def connect(address: str | None = None, *, num_cpus: int | None = None,
            runtime_env: Mapping[str, Any] | None = None, timeout: float = 5.0) -> bool:
    """Connect to a Ray cluster, or start a local Ray instance.

    Args:
        address: ``None``: a new local instance (or the cluster in ``$RAY_ADDRESS``);
            ``"auto"``: the running cluster of this machine; ``host:port`` (the head's GCS
            port, 6379 by default) or ``ray://host:10001`` (Ray Client).
        num_cpus: CPUs of a new local instance.
        runtime_env: Ray runtime environment of the job (e.g. ``{"pip": ["framing[ray]"]}``
            or ``{"py_modules": [...]}``), so that workers can import the package.
        timeout: Seconds to wait for a TCP connection to ``address`` before giving up.

    Returns:
        Whether this call started Ray (and the caller should shut it down).

    Raises:
        ConfigError: Ray is not installed, or nothing answers at the address.
    """
    ray = import_ray()
    if address not in (None, "auto", "local"):
        why = _reachable(address, timeout)
        if why:
            raise ConfigError(f"--ray-address {address}: cannot reach a Ray cluster there "
                              f"({why}); start one with `ray start --head` or check the address")
    if ray.is_initialized():
        return False
    try:
        ray.init(address=address, num_cpus=num_cpus, runtime_env=dict(runtime_env or {}) or None,
                 logging_level="WARNING", log_to_driver=False, include_dashboard=False)
    except ConnectionError as exc:
        raise ConfigError(f"--ray-address {address}: no Ray cluster found ({exc})") from None
    return True
