"""Frame shares and technique rates per source, with article-bootstrap intervals.

A frame's share in a source is the share of its articles whose ``frames`` list holds it; a
technique's rate is the share of its paragraphs whose ``techniques`` list holds it (paragraphs
of one article resampled together). Intervals come from the one cluster bootstrap
(:func:`framing.analysis.bootstrap.cluster_bootstrap_ci`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from framing.analysis.bootstrap import cluster_bootstrap_ci
from framing.schema import is_missing

LABEL_SHARE_COLUMNS: tuple[str, ...] = ("source", "label", "estimate", "ci_low", "ci_high",
                                        "n_articles", "n_units")
"""Columns of :func:`label_shares` (``estimate`` is the share in [0, 1])."""


def _has(column: pd.Series, label: str) -> np.ndarray:
    return np.array([0.0 if is_missing(v) else float(label in list(v)) for v in column])


def label_shares(table: pd.DataFrame, column: str, labels: Sequence[str], *,
                 n_boot: int = 2000, seed: int = 0) -> pd.DataFrame:
    """Share of units (articles or paragraphs) per source carrying each label.

    Args:
        table: One row per unit with ``doc_id``, ``source`` and a list column.
        column: The list column (``frames`` or ``techniques``).
        labels: The labels to report, in order.
        n_boot: Bootstrap resamples.
        seed: Seed of the resampling.

    Returns:
        One row per (source, label), :data:`LABEL_SHARE_COLUMNS`; sources in order of first
        appearance (callers order them for figures).
    """
    rows = []
    for source, grp in table.groupby("source", sort=False):
        docs = grp["doc_id"].astype(str).to_numpy()
        for label in labels:
            v = _has(grp[column], label)
            low, high = cluster_bootstrap_ci(v, docs, n_boot=n_boot, seed=seed)
            rows.append({"source": source, "label": label,
                         "estimate": float(v.mean()) if len(v) else np.nan,
                         "ci_low": low, "ci_high": high, "n_articles": int(len(set(docs))),
                         "n_units": int(len(v))})
    return pd.DataFrame(rows, columns=list(LABEL_SHARE_COLUMNS))
