"""The codebook: what human coders are asked about each unit, and how their answers are read."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from framing.errors import ConfigError


class Codebook(BaseModel):
    """One coding question (a codebook file is YAML with these keys).

    Example::

        outcome: loaded
        question: Does the sentence use loaded or emotive language (in anyone's voice)?
        instructions: Code the sentence in the middle; the others are context.
        labels: {0: "no", 1: "yes"}
        level: nominal
    """

    model_config = ConfigDict(extra="forbid")

    outcome: str = Field(description="Name of the coded variable; sheet columns are "
                                     "'<outcome>_<coder>'.", pattern=r"^[A-Za-z_][\w]*$")
    question: str = Field(description="The question as coders read it.")
    instructions: str = Field("", description="Longer guidance shown above the units.")
    labels: dict[float, str] = Field(
        default_factory=lambda: {0: "no", 1: "yes"},
        description="Allowed codes and their meaning (numbers; binary 0/1 by default).")
    level: Literal["nominal", "ordinal", "interval", "ratio"] = Field(
        "nominal", description="Measurement level for Krippendorff's alpha.")

    @property
    def binary(self) -> bool:
        """Whether the codes are exactly 0 and 1."""
        return set(self.labels) == {0.0, 1.0}

    def code_label(self, value: float) -> str:
        """The meaning of a code, e.g. ``"yes"``."""
        return self.labels.get(float(value), str(value))


def load_codebook(path: str | Path) -> Codebook:
    """Read and validate a codebook YAML file.

    Raises:
        ConfigError: The file is missing, not YAML, or has unknown or missing keys.
    """
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the codebook ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ConfigError(f"{path}{where}: not valid YAML") from None
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: a codebook is a mapping with 'outcome' and 'question'")
    try:
        return Codebook.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"]) or "codebook"
        raise ConfigError(f"{path}: {loc}: {err['msg']}") from None


def coder_columns(codebook: Codebook, coders: list[str]) -> list[str]:
    """The sheet's label columns, one per coder: ``<outcome>_<coder>``."""
    return [f"{codebook.outcome}_{c}" for c in coders]
