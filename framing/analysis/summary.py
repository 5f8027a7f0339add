"""Per-source summaries of the sentence table, with article-clustered bootstrap intervals.

Sentences of one article are not independent, so intervals resample whole articles
(cluster bootstrap), never single sentences. A statistic that is not defined (a source with
fewer than two articles has no interval) is reported as missing, never as zero.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from framing.analysis.bootstrap import cluster_bootstrap_ci

SUMMARY_COLUMNS = (
    "source", "n_articles", "n_sentences", "mean_sentiment", "mean_sentiment_ci_low",
    "mean_sentiment_ci_high", "share_negative", "share_negative_ci_low",
    "share_negative_ci_high", "share_positive", "note",
)


def summarize_by_source(table: pd.DataFrame, seed: int = 0, n_boot: int = 2000) -> pd.DataFrame:
    """One row per source: counts, mean sentiment and share negative with 95% cluster CIs.

    Args:
        table: Sentence table with ``source``, ``doc_id``, ``sentiment``, ``sentiment_label``.
        seed: Seed of the bootstrap (each source gets ``seed + its position``).
        n_boot: Bootstrap resamples.

    Returns:
        Table with :data:`SUMMARY_COLUMNS`, sorted by source.
    """
    rows = []
    scored = table.dropna(subset=["sentiment"])
    for i, (source, grp) in enumerate(sorted(scored.groupby("source", sort=True),
                                            key=lambda kv: str(kv[0]))):
        docs = grp["doc_id"].to_numpy()
        sent = grp["sentiment"].to_numpy(dtype=float)
        neg = (grp["sentiment_label"] == "negative").to_numpy(dtype=float)
        n_art = int(len(np.unique(docs)))
        lo, hi = cluster_bootstrap_ci(sent, docs, n_boot=n_boot, seed=seed + i)
        nlo, nhi = cluster_bootstrap_ci(neg, docs, n_boot=n_boot, seed=seed + i)
        note = "" if n_art >= 2 else "fewer than 2 articles: no confidence interval"
        rows.append({
            "source": source, "n_articles": n_art, "n_sentences": int(len(grp)),
            "mean_sentiment": float(sent.mean()), "mean_sentiment_ci_low": lo,
            "mean_sentiment_ci_high": hi, "share_negative": float(neg.mean()),
            "share_negative_ci_low": nlo, "share_negative_ci_high": nhi,
            "share_positive": float((grp["sentiment_label"] == "positive").mean()),
            "note": note,
        })
    return pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS))
