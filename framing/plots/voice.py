"""Author voice versus quoted voice per source: paired estimates with intervals."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from framing.errors import ArgumentError
from framing.plots.forest import FOOTNOTE_CI, draw_point, is_finite, metric_label, require_columns
from framing.plots.order import source_order
from framing.plots.style import house_style

VOICE_STYLES: dict[str, tuple[str, str, float]] = {
    "author": ("#0072B2", "o", 0.17),
    "quoted": ("#E69F00", "D", -0.17),
}
"""Colour, marker and vertical offset of each voice."""

VOICE_METRICS: tuple[str, ...] = ("mean_sentiment", "mean_emotive")


def plot_voice_comparison(
    aggregates: pd.DataFrame, metrics: tuple[str, ...] = VOICE_METRICS, source: str = "source",
    title: str | None = None, order: Sequence[object] | None = None,
):
    """Author voice vs quoted voice per source, one panel per metric.

    Reads ``aggregate(table, by=["source", "voice"])``. Per source the author-voice estimate
    (blue circle, above) and the quoted-voice estimate (orange diamond, below) are drawn with
    their 95% article-bootstrap intervals and joined by a thin line. Sources are drawn from
    the top down in the source order of the figures (:func:`framing.plots.order.source_order`).
    Voices other than ``"author"``/``"quoted"``
    (e.g. missing) are ignored. Hollow markers have no interval; ``n/a`` marks an undefined
    estimate (e.g. a source without quotes).

    Args:
        aggregates: Tidy output of ``aggregate`` grouped by source and ``voice``.
        metrics: Metrics, one panel each (default mean sentiment and mean emotive score).
        source: Source column.
        title: Figure title.
        order: Sources to draw first (top), in this order (e.g. ``analysis.source_order``).

    Returns:
        The matplotlib figure (one axes per metric present, sharing the y axis whose ticks
        are the sources).

    Raises:
        ArgumentError: A column is missing or none of ``metrics`` is in the table.
    """
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    require_columns(aggregates, [source, "voice", "metric", "estimate", "ci_low", "ci_high",
                                 "n_articles", "n_sentences"], "plot_voice_comparison")
    data = aggregates[aggregates["voice"].isin(list(VOICE_STYLES))]
    present = [m for m in metrics if (data["metric"] == m).any()]
    if not present:
        raise ArgumentError(f"plot_voice_comparison needs the metric(s) "
                               f"{', '.join(metrics)} for voices author/quoted; aggregate "
                               "with by=['source', 'voice']")
    sources = [s for s in source_order(data[source], order) if s is not None]
    y_of = {s: float(len(sources) - 1 - i) for i, s in enumerate(sources)}  # first on top
    with house_style():
        fig, axes = plt.subplots(1, len(present), figsize=(3.4 * len(present) + 2.6,
                                                           0.62 * len(sources) + 1.9),
                                 sharey=True, squeeze=False)
        axes = axes[0]
        for ax, metric in zip(axes, present, strict=True):
            sub = data[data["metric"] == metric]
            values = pd.concat([sub["estimate"], sub["ci_low"], sub["ci_high"]]).to_numpy(float)
            values = values[np.isfinite(values)]
            if metric == "mean_sentiment":
                values = np.append(values, 0.0)
            if values.size:
                lo, hi = float(values.min()), float(values.max())
                pad = 0.1 * (hi - lo) if hi > lo else 0.1
                ax.set_xlim(lo - pad, hi + pad)
            if metric == "mean_sentiment":
                ax.axvline(0.0, color="#555555", linewidth=0.8, linestyle=":", zorder=1)
            for s in sources:
                pair = []
                for voice, (colour, marker, dy) in VOICE_STYLES.items():
                    row = sub[(sub[source] == s) & (sub["voice"] == voice)]
                    if row.empty:
                        draw_point(ax, float("nan"), y_of[s] + dy, np.nan, np.nan, colour,
                                   gid=f"point:{s}:{voice}")
                        continue
                    r = row.iloc[0]
                    draw_point(ax, r["estimate"], y_of[s] + dy, r["ci_low"], r["ci_high"],
                               colour, marker=marker, markersize=6, gid=f"point:{s}:{voice}")
                    if is_finite(r["estimate"]):
                        pair.append((float(r["estimate"]), y_of[s] + dy))
                if len(pair) == 2:
                    ax.plot([p[0] for p in pair], [p[1] for p in pair], color="#AAAAAA",
                            linewidth=0.8, zorder=1)
            ax.set_xlabel(metric_label(metric))
        labels = []
        for s in sources:
            rows = data[(data[source] == s) & (data["metric"] == present[0])]
            n_art = int(rows["n_articles"].max()) if len(rows) else 0
            counts = {v: int(rows.loc[rows["voice"] == v, "n_sentences"].sum())
                      for v in VOICE_STYLES}
            labels.append(f"{s}\n{n_art} art.; {counts['author']} author / "
                          f"{counts['quoted']} quoted sent.")
        axes[0].set_yticks(list(y_of.values()), labels)
        axes[0].set_ylim(-0.6, len(sources) - 0.4)
        for i in range(1, len(sources)):
            for ax in axes:
                ax.axhline(i - 0.5, color="#EEEEEE", linewidth=0.8, zorder=0)
        handles = [Line2D([], [], linestyle="none", marker=m, color=c, markerfacecolor=c,
                          label=f"{v} voice") for v, (c, m, _) in VOICE_STYLES.items()]
        fig.legend(handles=handles, loc="upper right", ncol=2, bbox_to_anchor=(1.0, 1.0))
        fig.suptitle(title or "Author voice vs. quoted voice by source", x=0.01, ha="left",
                     fontsize=11)
        fig.text(0.99, 0.005, FOOTNOTE_CI, ha="right", va="bottom", fontsize=7,
                 color="#555555")
        fig.tight_layout(rect=(0, 0.04, 1, 0.97))
    return fig
