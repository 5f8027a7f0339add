"""Every error the package raises on purpose, each with a message a researcher understands.

The CLI prints ``str(error)`` as one line and exits with :attr:`FramingError.exit_code`;
no traceback is shown for these errors. Each kind of failure has its own error and exit code:

- 1 :class:`FramingError`: any other expected failure (the base class).
- 2 :class:`InputError`: a corpus file cannot be read, or one of its rows is invalid.
- 3 :class:`ModelUnavailableError`: a model cannot be loaded (offline, missing files, bad id).
- 4 :class:`OutputError`: an output file or folder cannot be written.
- 5 :class:`ConfigError`: what was asked for is invalid: a config key or value, a missing
  config path, a column, outcome or source the data does not have. Its kinds share the code:
  :class:`UnknownScorerError` (a scorer name is not registered) and :class:`ArgumentError`
  (an argument of an API or analysis call is invalid: unknown metric or option, missing
  column).
- 130: interrupted (Ctrl-C); finished work is in the score cache.

Usage errors that typer itself reports (an unknown command-line option) exit with 2.
"""

from __future__ import annotations

import functools
import logging
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import typer

F = TypeVar("F", bound=Callable[..., Any])


class FramingError(Exception):
    """Base class: an expected failure with a one-line, human-readable message."""

    exit_code: int = 1

    def __str__(self) -> str:
        return " ".join(str(self.args[0]).split()) if self.args else self.__class__.__name__


class InputError(FramingError):
    """A corpus file cannot be read, or one of its rows is invalid.

    Args:
        path: The offending file.
        message: What is wrong, in plain words.
        row: 1-based row (CSV, parquet, records) or line (JSONL) number, when known.
        unit: Word used for ``row`` in the message ("row" or "line").
    """

    exit_code = 2

    def __init__(
        self, path: str | Path | None, message: str, row: int | None = None, unit: str = "row"
    ) -> None:
        self.path = None if path is None else str(path)
        self.row = row
        self.unit = unit
        where = self.path or "<input>"
        if row is not None:
            where = f"{where}, {unit} {row}"
        super().__init__(f"{where}: {message}")


class ConfigError(FramingError):
    """What was asked for is invalid: a config or a command option.

    An experiment config with an unknown key, a missing path or a bad value, or one naming a
    column, outcome or source that the data does not have.
    """

    exit_code = 5


class UnknownScorerError(ConfigError):
    """A scorer name is not in the registry."""


class ArgumentError(ConfigError):
    """An argument of an API or analysis call is invalid.

    An unknown metric or option, a column the table lacks, a statistic the data cannot
    support. Not an :class:`InputError`: the corpus rows are fine, the request is not.
    """


class ModelUnavailableError(FramingError):
    """A model cannot be loaded (offline, missing files, wrong id)."""

    exit_code = 3


class OutputError(FramingError):
    """An output file or folder cannot be written."""

    exit_code = 4


def handle_errors(func: F) -> F:
    """Turn :class:`FramingError` into a one-line message and its exit code.

    Warnings raised while the command runs (e.g. skipped empty rows) are printed as one
    ``warning: ...`` line each on stderr.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", UserWarning)
                try:
                    return func(*args, **kwargs)
                finally:
                    for w in caught:
                        if issubclass(w.category, UserWarning):
                            typer.echo(f"warning: {w.message}", err=True)
        except FramingError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(code=exc.exit_code) from None
        except KeyboardInterrupt:
            typer.echo("error: interrupted; finished work is in the score cache", err=True)
            raise typer.Exit(code=130) from None

    return wrapper  # type: ignore[return-value]
