"""The one contract every scorer follows, and the helpers scorers share."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import pandas as pd


@runtime_checkable
class Scorer(Protocol):
    """A sentence scorer.

    Constructors only store parameters (scikit-learn style); models load lazily on the first
    call to :meth:`score`.

    Attributes:
        name: Registry name including the version, e.g. ``"sentiment.minilm-nyt-probe.v1"``.
        version: Version of the scorer's behaviour; changing it invalidates cached scores.
        columns: The columns :meth:`score` returns, in order.
    """

    name: str
    version: str
    columns: tuple[str, ...]

    def score(self, sentences: Sequence[str]) -> pd.DataFrame:
        """Score sentences.

        Args:
            sentences: Sentence texts.

        Returns:
            One row per sentence, in input order (index ``0..n-1``), with exactly
            :attr:`columns`.
        """
        ...

    def fingerprint(self) -> str:
        """Identity of the exact model behind the scores (hash of weights), for caching."""
        ...

    def provenance(self) -> dict:
        """What a manifest should record: model ids, revisions, hashes, settings."""
        ...


def cache_key(scorer: Scorer) -> str:
    """Key under which a scorer's results are cached: name, version and model fingerprint."""
    return f"{scorer.name}|{scorer.version}|{scorer.fingerprint()}"


def sentiment_frame(p, columns: Sequence[str]) -> pd.DataFrame:
    """The five sentiment columns from probabilities (rows: negative, neutral, positive).

    Args:
        p: ``(n, 3)`` class probabilities in :data:`SENTIMENT_LABELS` order.
        columns: Output names for score, label, p_negative, p_neutral, p_positive.
    """
    import numpy as np

    p = np.asarray(p, dtype=float).reshape(-1, 3)
    labels = [label_from_proba(*row) for row in p]
    values = (np.clip(p[:, 2] - p[:, 0], -1.0, 1.0), pd.Series(labels, dtype="object"),
              p[:, 0], p[:, 1], p[:, 2])
    return pd.DataFrame(dict(zip(columns, values, strict=True)), columns=list(columns))


def label_from_proba(p_neg: float, p_neu: float, p_pos: float) -> str:
    """Most probable of negative/neutral/positive (ties resolved towards neutral)."""
    best = max(p_neg, p_neu, p_pos)
    if p_neu == best:
        return "neutral"
    return "negative" if p_neg == best else "positive"
