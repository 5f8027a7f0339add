"""Sentiment toward entities per source: mentions, top entities, intervals, contrasts.

The sentence table's ``entity_sentiment`` column (from
:mod:`framing.attribute.entity_sentiment`) lists, per sentence, the entities it names with
the sentiment toward each. :func:`entity_mentions` flattens it to one row per mention;
:func:`entity_sentiment_by_source` gives, for the most frequent entities, the mean sentiment
toward each per source with a 95% interval that resamples articles (the package's one cluster
bootstrap); :func:`entity_contrasts` compares sources per entity with the mixed model of
:func:`framing.analysis.stats.compare_sources` (random intercept per article).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from framing.analysis.bootstrap import cluster_bootstrap_ci
from framing.analysis.stats import compare_sources
from framing.errors import ArgumentError

MENTION_COLUMNS: tuple[str, ...] = ("doc_id", "source", "sent_idx", "entity", "type", "start",
                                    "end", "sentiment", "label")
"""Columns of :func:`entity_mentions`."""
ENTITY_COLUMNS: tuple[str, ...] = ("entity", "type", "source", "estimate", "ci_low", "ci_high",
                                   "share_negative", "share_positive", "n_mentions",
                                   "n_articles", "note")
"""Columns of :func:`entity_sentiment_by_source`."""


def entity_mentions(table: pd.DataFrame) -> pd.DataFrame:
    """One row per entity mention of a sentence table (:data:`MENTION_COLUMNS`).

    Raises:
        ArgumentError: The table has no ``entity_sentiment`` column (run with entities on).
    """
    if "entity_sentiment" not in table.columns:
        raise ArgumentError("the sentence table has no entity_sentiment column; analyse with "
                            "entities=True")
    rows = []
    for row in table.itertuples(index=False):
        lst = row.entity_sentiment
        if not isinstance(lst, (list, np.ndarray)):
            continue
        for d in lst:
            rows.append((getattr(row, "doc_id", None), getattr(row, "source", None),
                         getattr(row, "sent_idx", None), d["entity"], d["type"],
                         int(d["start"]), int(d["end"]), float(d["sentiment"]), d["label"]))
    return pd.DataFrame(rows, columns=list(MENTION_COLUMNS))


def top_entities(mentions: pd.DataFrame, top: int = 10) -> list[str]:
    """The ``top`` entities with the most mentions (ties: alphabetical)."""
    counts = mentions.groupby("entity").size().reset_index(name="n")
    counts = counts.sort_values(["n", "entity"], ascending=[False, True])
    return counts["entity"].head(top).tolist()


def entity_sentiment_by_source(table: pd.DataFrame, top: int = 10, n_boot: int = 2000,
                               seed: int = 0) -> pd.DataFrame:
    """Mean sentiment toward the most frequent entities, per source.

    Args:
        table: Sentence table with ``doc_id``, ``source`` and ``entity_sentiment``.
        top: How many entities (most mentioned over the whole corpus).
        n_boot: Bootstrap resamples.
        seed: Seed of the resampling.

    Returns:
        :data:`ENTITY_COLUMNS`, one row per entity x source with mentions; ``estimate`` is
        the mean of ``p_positive - p_negative`` toward the entity over its mentions; the
        interval resamples articles and is ``NaN`` (with a note) below two articles.
    """
    m = entity_mentions(table)
    rows = []
    for entity in top_entities(m, top):
        sub = m[m["entity"] == entity]
        kind = sub["type"].mode().iat[0]
        for source, grp in sub.groupby("source", sort=True, dropna=False):
            vals = grp["sentiment"].to_numpy(float)
            n_art = int(grp["doc_id"].nunique())
            low, high = cluster_bootstrap_ci(vals, grp["doc_id"].astype(str).to_numpy(),
                                             n_boot=n_boot, seed=seed)
            rows.append((entity, kind, source, float(vals.mean()), low, high,
                         float((grp["label"] == "negative").mean()),
                         float((grp["label"] == "positive").mean()), len(grp), n_art,
                         "fewer than two articles: no interval" if n_art < 2 else ""))
    return pd.DataFrame(rows, columns=list(ENTITY_COLUMNS))


def entity_contrasts(table: pd.DataFrame, top: int = 10, min_articles: int = 2
                     ) -> pd.DataFrame:
    """Pairwise source contrasts of the sentiment toward each top entity.

    Each entity's mentions are compared between sources with
    :func:`framing.analysis.stats.compare_sources` (mixed model, random intercept per
    article, Benjamini-Hochberg within the entity). Entities named by fewer than two
    sources are skipped.

    Returns:
        ``entity`` followed by :data:`framing.analysis.stats.CONTRAST_COLUMNS`.
    """
    m = entity_mentions(table)
    parts = []
    for entity in top_entities(m, top):
        sub = m[m["entity"] == entity]
        if sub["source"].nunique() < 2:
            continue
        res = compare_sources(sub, outcome="sentiment", min_articles=min_articles)
        parts.append(res.assign(entity=entity))
    if not parts:
        return pd.DataFrame(columns=["entity"])
    out = pd.concat(parts, ignore_index=True)
    return out[["entity", *[c for c in out.columns if c != "entity"]]]
