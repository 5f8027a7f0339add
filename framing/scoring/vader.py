"""VADER lexicon baseline (Hutto & Gilbert 2014), for comparison with the transformer."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from framing.scoring.registry import register


@register
class VaderScorer:
    """VADER compound score in [-1, 1] and its conventional label (thresholds ±0.05).

    Columns are prefixed ``vader_`` so that they sit beside the default scorer's columns.
    The registry's shared parameters (``device``, ``batch_size``, ``precision``, ``encoder``)
    have no effect on it (it runs no model).

    Args:
        threshold: ``|compound|`` above which a sentence is positive or negative.
    """

    name = "sentiment.vader.v1"
    version = "1"
    columns: tuple[str, ...] = ("vader_sentiment", "vader_label")

    def __init__(self, threshold: float = 0.05) -> None:
        self.threshold = threshold

    def _load(self):
        if getattr(self, "_sia", None) is None:
            from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

            self._sia = SentimentIntensityAnalyzer()
        return self._sia

    def fingerprint(self) -> str:
        """The lexicon package version (the lexicon is fixed per release)."""
        from importlib.metadata import version

        return f"vadersentiment-{version('vadersentiment')}-t{self.threshold}"

    def provenance(self) -> dict:
        """Package version and threshold."""
        return {"scorer": self.name, "version": self.version, "lexicon": self.fingerprint()}

    def score(self, sentences: Sequence[str]) -> pd.DataFrame:
        """Score sentences with VADER."""
        sia = self._load()
        comp = [sia.polarity_scores(s)["compound"] for s in sentences]
        t = self.threshold
        labels = ["positive" if c > t else "negative" if c < -t else "neutral" for c in comp]
        return pd.DataFrame(
            {"vader_sentiment": pd.Series(comp, dtype="float64"),
             "vader_label": pd.Series(labels, dtype="object")},
            columns=list(self.columns),
        )
