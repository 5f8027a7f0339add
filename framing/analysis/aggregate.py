"""Group-level framing metrics with article-clustered bootstrap intervals, for any grouping.

:func:`aggregate` turns the sentence table into a tidy table with one row per group x metric
(per source, per article, per topic, per voice, or any combination of columns). Every metric is
a ratio of sentence-level sums over the group (a sentence-weighted mean, or loaded terms per
1,000 words), and its 95% interval resamples whole articles (cluster bootstrap), because
sentences of one article are not independent.

Undefined statistics are reported as missing (``NaN``) with a ``note``, never as zero: a group
with fewer than two articles has no interval, a group without usable sentences has no estimate,
and sentences whose value is missing are excluded from that metric and counted in
``n_missing``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from framing.analysis.bootstrap import cluster_bootstrap_ci, cluster_bootstrap_ratio_ci
from framing.errors import ArgumentError
from framing.schema import EMOTION_COLUMNS, is_missing
from framing.text.words import tokenize as word_tokens

AGGREGATE_COLUMNS: tuple[str, ...] = (
    "metric", "estimate", "ci_low", "ci_high", "n_articles", "n_sentences", "n_missing", "note",
)
"""Columns of :func:`aggregate`'s output after the grouping columns."""


def tokenize(text: str, lower: bool = True) -> list[str]:
    """Split a text into words with the package's word tokenizer.

    Words are :func:`framing.text.words.tokenize` tokens: runs of letters with inner
    apostrophes or hyphens (``"don't"``, ``"well-known"``); numbers and punctuation are not
    words, and a possessive ``'s`` is not part of its word. The same words are looked up in the
    lexicons and counted in emotion shares.

    Args:
        text: Any text; a missing value gives no words.
        lower: Give the normalised words (lower case, straight apostrophes; see
            :func:`framing.text.words.normalize`) instead of the words as written.

    Returns:
        The words in order.
    """
    if not isinstance(text, str):
        return []
    return [t.norm if lower else t.text for t in word_tokens(text)]


def count_words(texts: pd.Series | Sequence[str]) -> np.ndarray:
    """Number of words (:func:`tokenize`) of each text; a missing text counts as ``NaN``.

    Args:
        texts: Sentence texts.

    Returns:
        Float array of word counts.
    """
    return np.array([len(word_tokens(t)) if isinstance(t, str) else np.nan for t in texts],
                    dtype=float)


def count_loaded_terms(column: pd.Series | Sequence[object]) -> np.ndarray:
    """Number of detected loaded terms in each sentence's ``loaded_terms`` list.

    Args:
        column: Values of the ``loaded_terms`` column: lists (or arrays, as read from
            parquet) of term dicts. A missing value (``None``/``NaN``: the sentence was not
            scored) counts as ``NaN``; an empty list counts as 0.

    Returns:
        Float array of counts.
    """
    return np.array([np.nan if is_missing(v) else float(len(v)) for v in column], dtype=float)


@dataclass(frozen=True)
class Metric:
    """A group metric: ``scale * sum(numerator) / sum(denominator)`` over a group's sentences.

    Attributes:
        name: Metric name in the output.
        columns: Sentence-table columns the metric needs (skipped when one is absent).
        description: What the estimate means, in plain words.
    """

    name: str
    columns: tuple[str, ...]
    description: str


METRICS: dict[str, Metric] = {
    m.name: m
    for m in (
        Metric("mean_sentiment", ("sentiment",), "mean sentence sentiment in [-1, 1]"),
        Metric("share_negative", ("sentiment_label",), "share of sentences labelled negative"),
        Metric("share_positive", ("sentiment_label",), "share of sentences labelled positive"),
        Metric("mean_emotive", ("emotive",), "mean sentence emotive score in [0, 1]"),
        Metric("loaded_per_1000_words", ("loaded_terms", "text"),
               "detected loaded terms per 1,000 words (words by framing.text.words)"),
        *(Metric(f"emotion_{e}", (e,), f"mean share of the sentence's words linked to {e}")
          for e in EMOTION_COLUMNS),
    )
}
"""Known metrics by name. ``"emotions"`` in a metric list stands for all ``emotion_*``."""

DEFAULT_METRICS: tuple[str, ...] = tuple(METRICS)
"""Metrics computed when none are asked for (each skipped when its columns are absent)."""


def _expand_metrics(metrics: Sequence[str] | None) -> list[str]:
    if metrics is None:
        return list(DEFAULT_METRICS)
    if isinstance(metrics, str):
        metrics = [metrics]
    out: list[str] = []
    for name in metrics:
        names = [f"emotion_{e}" for e in EMOTION_COLUMNS] if name == "emotions" else [name]
        for n in names:
            if n not in METRICS:
                known = ", ".join([*METRICS, "emotions"])
                raise ArgumentError(f"unknown metric {name!r}; known metrics: {known}")
            if n not in out:
                out.append(n)
    return out


def _label_share(labels: pd.Series, label: str) -> np.ndarray:
    missing = labels.isna().to_numpy()
    values = (labels == label).to_numpy(dtype=float)
    values[missing] = np.nan
    return values


def _ratio_parts(table: pd.DataFrame, name: str) -> tuple[np.ndarray, np.ndarray, float]:
    """Per-sentence numerator and denominator of a metric and its scale (NaN = missing)."""
    ones = np.ones(len(table))
    if name == "mean_sentiment":
        return table["sentiment"].to_numpy(dtype=float), ones, 1.0
    if name == "share_negative":
        return _label_share(table["sentiment_label"], "negative"), ones, 1.0
    if name == "share_positive":
        return _label_share(table["sentiment_label"], "positive"), ones, 1.0
    if name == "mean_emotive":
        return table["emotive"].to_numpy(dtype=float), ones, 1.0
    if name == "loaded_per_1000_words":
        return count_loaded_terms(table["loaded_terms"]), count_words(table["text"]), 1000.0
    if name.startswith("emotion_"):
        return table[name.removeprefix("emotion_")].to_numpy(dtype=float), ones, 1.0
    raise ArgumentError(f"unknown metric {name!r}")  # pragma: no cover - checked earlier


def _one_metric(
    name: str, num: np.ndarray, den: np.ndarray, scale: float, docs: np.ndarray,
    n_boot: int, level: float, seed: int,
) -> dict[str, object]:
    usable = ~(np.isnan(num) | np.isnan(den))
    n_missing = int((~usable).sum())
    num, den, docs = num[usable], den[usable], docs[usable]
    n_sent = int(usable.sum())
    n_art = int(len(pd.unique(docs))) if n_sent else 0
    notes: list[str] = []
    if n_missing:
        notes.append(f"{n_missing} sentence(s) with missing values excluded")
    estimate = lo = hi = float("nan")
    total_den = float(den.sum())
    if n_sent == 0:
        notes.append("no usable sentences: no estimate")
    elif total_den <= 0:
        notes.append("no words: rate undefined" if scale != 1.0 else "no usable sentences")
    else:
        estimate = scale * float(num.sum()) / total_den
        if n_art < 2:
            notes.append("fewer than 2 articles: no confidence interval")
        else:
            if np.all(den == 1.0):
                lo, hi = cluster_bootstrap_ci(num, docs, n_boot=n_boot, level=level, seed=seed)
            else:
                lo, hi = cluster_bootstrap_ratio_ci(num, den, docs, n_boot=n_boot, level=level,
                                                    seed=seed)
            lo, hi = scale * lo, scale * hi
            if np.isnan(lo):
                notes.append("too few articles with words: no confidence interval")
    return {
        "metric": name, "estimate": estimate, "ci_low": lo, "ci_high": hi,
        "n_articles": n_art, "n_sentences": n_sent, "n_missing": n_missing,
        "note": "; ".join(notes),
    }


def available_metrics(table: pd.DataFrame, metrics: Sequence[str] | None = None) -> list[str]:
    """The metrics of ``metrics`` (default: all known) whose columns the table has.

    Args:
        table: Sentence table.
        metrics: Metric names (see :data:`METRICS`; ``"emotions"`` expands to all eight).

    Returns:
        Metric names in order.

    Raises:
        ArgumentError: A metric name is unknown.
    """
    return [m for m in _expand_metrics(metrics)
            if all(c in table.columns for c in METRICS[m].columns)]


def aggregate(
    table: pd.DataFrame, by: Sequence[str] | str | None = ("source",),
    metrics: Sequence[str] | None = None, seed: int = 0, n_boot: int = 2000,
    level: float = 0.95, cluster: str = "doc_id",
) -> pd.DataFrame:
    """Framing metrics per group, each with an article-clustered bootstrap interval.

    Each estimate pools the group's sentences (sentence-weighted mean, or
    ``1000 * loaded terms / words`` for ``loaded_per_1000_words``); its interval resamples
    whole articles (``cluster``) with replacement. Grouping by ``doc_id`` gives per-article
    values, which have no interval (one article per group).

    Args:
        table: Sentence table (see :data:`framing.schema.SENTENCE_COLUMNS` and the scorer
            columns).
        by: Grouping columns, e.g. ``["source"]``, ``["source", "voice"]``, ``["topic"]`` or
            ``["doc_id"]``; ``None`` or ``[]`` aggregates the whole table as one group. Rows
            whose grouping value is missing form their own group.
        metrics: Metric names from :data:`METRICS` (``"emotions"`` stands for all eight
            ``emotion_*`` metrics); default all. Metrics whose columns are absent from the
            table are skipped.
        seed: Seed of the bootstrap; group ``i`` (in output order) uses ``seed + i``, the same
            for all its metrics, so results do not depend on which metrics are asked for.
        n_boot: Bootstrap resamples.
        level: Coverage of the intervals.
        cluster: Column identifying the resampling unit (article).

    Returns:
        Tidy table: the ``by`` columns, then :data:`AGGREGATE_COLUMNS`; one row per group x
        metric, sorted by group then in metric order. ``n_sentences`` and ``n_articles``
        count the sentences/articles used for that metric, ``n_missing`` the sentences
        excluded because their value was missing. Undefined values are ``NaN`` with a
        ``note`` explaining why.

    Raises:
        ArgumentError: A grouping or cluster column is missing, or a metric name is unknown.
    """
    by_cols = [by] if isinstance(by, str) else list(by or [])
    missing = [c for c in [*by_cols, cluster] if c not in table.columns]
    if missing:
        raise ArgumentError(f"aggregate needs the column(s) {', '.join(missing)}; the "
                               f"table has {', '.join(map(str, table.columns))}")
    names = available_metrics(table, metrics)
    columns = [*by_cols, *AGGREGATE_COLUMNS]
    if not names or table.empty:
        return pd.DataFrame(columns=columns)

    parts = {name: _ratio_parts(table, name) for name in names}
    docs_all = table[cluster].to_numpy()
    if by_cols:
        grouped = table.groupby(by_cols, sort=True, dropna=False).indices
        items = sorted(grouped.items(), key=lambda kv: _sort_key(kv[0]))
    else:
        items = [((), np.arange(len(table)))]

    rows = []
    for i, (key, idx) in enumerate(items):
        key_tuple = key if isinstance(key, tuple) else (key,)
        group = dict(zip(by_cols, key_tuple, strict=True))
        for name in names:
            num, den, scale = parts[name]
            row = _one_metric(name, num[idx], den[idx], scale, docs_all[idx], n_boot=n_boot,
                              level=level, seed=seed + i)
            rows.append({**group, **row})
    out = pd.DataFrame(rows, columns=columns)
    return out.astype({"n_articles": int, "n_sentences": int, "n_missing": int})


def _sort_key(key: object) -> tuple:
    values = key if isinstance(key, tuple) else (key,)
    return tuple((is_missing(v), str(v)) for v in values)
