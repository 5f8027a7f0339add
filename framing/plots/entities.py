"""Figure: mean sentiment toward the most frequent entities, per source, with cluster CIs."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from framing.plots.forest import draw_point, require_columns
from framing.plots.order import source_order
from framing.plots.style import OKABE_ITO, house_style


def plot_entity_sentiment(by_source: pd.DataFrame, title: str | None = None,
                          order: Sequence[object] | None = None):
    """Dot-and-interval plot of :func:`framing.analysis.entities.entity_sentiment_by_source`.

    One row per entity (most mentioned at the top), one colour per source, dodged
    vertically; hollow markers have no interval (fewer than two articles).

    Args:
        by_source: The per-entity, per-source table.
        title: Figure title.
        order: Sources in legend order (default: the figures' source order).

    Returns:
        The matplotlib figure.
    """
    import matplotlib.pyplot as plt

    require_columns(by_source, ("entity", "source", "estimate", "ci_low", "ci_high",
                                "n_mentions"), "the entity sentiment figure")
    entities = (by_source.groupby("entity", sort=False)["n_mentions"].sum()
                .sort_values(ascending=False, kind="stable").index.tolist())
    sources = list(source_order(by_source["source"].dropna().unique(), order))
    width = 0.8 / max(1, len(sources))
    with house_style():
        fig, ax = plt.subplots(figsize=(7.5, 0.5 * len(entities) * max(1, len(sources)) ** 0.5
                                        + 1.8))
        for k, source in enumerate(sources):
            colour = OKABE_ITO[k % len(OKABE_ITO)]
            rows = by_source[by_source["source"] == source]
            for _, r in rows.iterrows():
                y = len(entities) - 1 - entities.index(r["entity"])
                y += (len(sources) - 1) / 2 * width - k * width
                draw_point(ax, r["estimate"], y, r["ci_low"], r["ci_high"], colour,
                           label=str(source) if _ == rows.index[0] else None, markersize=5)
        ax.axvline(0.0, color="#555555", linewidth=0.8, linestyle=":")
        ax.set_yticks(np.arange(len(entities))[::-1], entities)
        ax.set_xlim(-1.05, 1.05)
        ax.set_xlabel("Mean sentiment toward the entity (p_positive − p_negative)")
        if len(sources) > 1:
            ax.legend(loc="best", fontsize=7, frameon=False)
        ax.set_title(title or "Sentiment toward the most mentioned entities, by source",
                     fontsize=11)
        fig.text(0.99, 0.005, "Bars: 95% CI, articles resampled (cluster bootstrap); "
                 "hollow: fewer than two articles", ha="right", va="bottom", fontsize=7,
                 color="#555555")
        fig.tight_layout()
    return fig
