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


def summary_outcomes(table: pd.DataFrame) -> tuple[str | None, str | None, str]:
    """What a per-source summary can describe: ``(mean column, label column, prefix)``.

    The package's ``sentiment`` (with ``sentiment_label``) when present; else another
    scorer's ``<prefix>sentiment`` (VADER's ``vader_sentiment`` with ``vader_label``, the HF
    scorer's ``hf_sentiment`` with ``hf_label``); else emotive framing (``emotive``, then
    ``lex_emotive``, no label); else nothing (counts only).
    """
    columns = [str(c) for c in table.columns]
    numeric = [c for c in columns if pd.api.types.is_numeric_dtype(table[c])
               and not pd.api.types.is_bool_dtype(table[c])]
    sentiments = [c for c in numeric if c == "sentiment"] + sorted(
        c for c in numeric if c.endswith("_sentiment"))
    if sentiments:
        col = sentiments[0]
        prefix = col[: -len("sentiment")]
        label = next((c for c in (f"{col}_label", f"{prefix}label") if c in columns), None)
        return col, label, prefix
    emotive = next((c for c in ("emotive", "lex_emotive") if c in numeric), None)
    return emotive, None, ""


def summarize_by_source(table: pd.DataFrame, seed: int = 0, n_boot: int = 2000) -> pd.DataFrame:
    """One row per source: counts, mean sentiment and share negative with 95% cluster CIs.

    The summary adapts to the scorers that ran (see :func:`summary_outcomes`): with the
    package's sentiment its columns are :data:`SUMMARY_COLUMNS`; with another sentiment
    scorer they are named after its column (``mean_vader_sentiment``,
    ``vader_share_negative``, ...); with emotive framing only, ``mean_emotive`` and its
    interval; with neither, the counts.

    Args:
        table: Sentence table with ``source``, ``doc_id`` and score columns.
        seed: Seed of the bootstrap (each source gets ``seed + its position``).
        n_boot: Bootstrap resamples.

    Returns:
        One row per source, sorted by source.
    """
    col, label, prefix = summary_outcomes(table)
    mean = f"mean_{col}"
    share = f"{prefix}share"
    columns = ["source", "n_articles", "n_sentences"]
    if col is not None:
        columns += [mean, f"{mean}_ci_low", f"{mean}_ci_high"]
    if label is not None:
        columns += [f"{share}_negative", f"{share}_negative_ci_low",
                    f"{share}_negative_ci_high", f"{share}_positive"]
    columns.append("note")
    rows = []
    scored = table.dropna(subset=[col]) if col is not None else table
    for i, (source, grp) in enumerate(sorted(scored.groupby("source", sort=True),
                                            key=lambda kv: str(kv[0]))):
        docs = grp["doc_id"].to_numpy()
        n_art = int(len(np.unique(docs)))
        note = "" if n_art >= 2 else "fewer than 2 articles: no confidence interval"
        row = {"source": source, "n_articles": n_art, "n_sentences": int(len(grp))}
        if col is not None:
            values = grp[col].to_numpy(dtype=float)
            lo, hi = cluster_bootstrap_ci(values, docs, n_boot=n_boot, seed=seed + i)
            row.update({mean: float(values.mean()), f"{mean}_ci_low": lo,
                        f"{mean}_ci_high": hi})
        if label is not None:
            neg = (grp[label] == "negative").to_numpy(dtype=float)
            nlo, nhi = cluster_bootstrap_ci(neg, docs, n_boot=n_boot, seed=seed + i)
            row.update({f"{share}_negative": float(neg.mean()),
                        f"{share}_negative_ci_low": nlo, f"{share}_negative_ci_high": nhi,
                        f"{share}_positive": float((grp[label] == "positive").mean())})
        row["note"] = note
        rows.append(row)
    return pd.DataFrame(rows, columns=columns)
