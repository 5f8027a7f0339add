"""Emotion profile per source: the eight NRC emotion metrics of ``aggregate`` with intervals."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from framing.errors import ArgumentError
from framing.plots.forest import FOOTNOTE_CI, draw_point, require_columns
from framing.plots.order import source_order
from framing.plots.style import OKABE_ITO, house_style
from framing.schema import EMOTION_COLUMNS

MARKERS: tuple[str, ...] = ("o", "s", "D", "^", "v", "P", "X", "<")
"""Marker per source (paired with the colour, so sources stay apart without colour)."""


def source_styles(sources: list[object]) -> dict[object, tuple[str, str]]:
    """Colour and marker of each source, in order (Okabe-Ito colours, cycled markers).

    Args:
        sources: Source labels in plotting order.

    Returns:
        ``{source: (colour, marker)}``.
    """
    return {s: (OKABE_ITO[i % len(OKABE_ITO)], MARKERS[(i // len(OKABE_ITO) + i) % len(MARKERS)])
            for i, s in enumerate(sources)}


def plot_emotion_profile(aggregates: pd.DataFrame, by: str = "source", title: str | None = None,
                         order: Sequence[object] | None = None):
    """Emotion profile of each group: grouped dot chart of the ``emotion_*`` metrics.

    One row per emotion (NRC order), one colour and marker per group, dodged within the row
    in the source order of the figures (first group on top and first in the legend;
    :func:`framing.plots.order.source_order`), each with its 95% article-bootstrap interval.
    Groups without an interval are hollow; undefined estimates are labelled ``n/a``.

    Args:
        aggregates: Tidy output of :func:`framing.analysis.aggregate` with the
            ``emotion_<name>`` metrics (``metrics=["emotions"]``).
        by: Grouping column the table was aggregated by.
        title: Figure title.
        order: Groups to list first, in this order (e.g. ``analysis.source_order``).

    Returns:
        The matplotlib figure (one axes; y ticks are the emotions; legend entries the groups
        with their article counts).

    Raises:
        ArgumentError: A column is missing or there are no emotion metrics.
    """
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    require_columns(aggregates, [by, "metric", "estimate", "ci_low", "ci_high", "n_articles"],
                    "plot_emotion_profile")
    data = aggregates[aggregates["metric"].astype(str).str.startswith("emotion_")]
    if data.empty:
        raise ArgumentError("plot_emotion_profile needs emotion_* metrics; aggregate with "
                               "metrics=['emotions']")
    present = list(pd.unique(data["metric"]))
    emotions = [f"emotion_{e}" for e in EMOTION_COLUMNS if f"emotion_{e}" in present]
    emotions += [m for m in present if m not in emotions]
    groups = source_order(data[by], order)
    styles = source_styles(groups)
    k = len(groups)
    step = min(0.8 / k, 0.22)
    offsets = (np.arange(k) - (k - 1) / 2) * step
    with house_style():
        fig, ax = plt.subplots(figsize=(7.0, len(emotions) * (0.24 + 0.11 * k) + 1.6))
        values = pd.concat([data["estimate"], data["ci_low"], data["ci_high"]]).to_numpy(float)
        values = values[np.isfinite(values)]
        hi = float(values.max()) if values.size else 1.0
        ax.set_xlim(-0.04 * hi, 1.08 * hi if hi > 0 else 1.0)
        na_at = ax.get_xlim()[0]
        handles = []
        for j, g in enumerate(groups):
            colour, marker = styles[g]
            rows = data[data[by].isna()] if pd.isna(g) else data[data[by] == g]
            for i, metric in enumerate(emotions[::-1]):
                row = rows[rows["metric"] == metric]
                if row.empty:
                    continue
                r = row.iloc[0]
                draw_point(ax, r["estimate"], i + offsets[::-1][j], r["ci_low"], r["ci_high"],
                           colour, marker=marker, markersize=5.5, gid=f"point:{g}:{metric}",
                           na_at=na_at)
            n_art = int(rows["n_articles"].max()) if len(rows) else 0
            handles.append(Line2D([], [], linestyle="none", marker=marker, color=colour,
                                  markerfacecolor=colour, label=f"{g} (n={n_art} art.)"))
        for i in range(1, len(emotions)):
            ax.axhline(i - 0.5, color="#EEEEEE", linewidth=0.8, zorder=0)
        ax.set_yticks(np.arange(len(emotions)),
                      [m.removeprefix("emotion_") for m in emotions[::-1]])
        ax.set_ylim(-0.5, len(emotions) - 0.5)
        ax.tick_params(axis="y", length=0)
        ax.set_xlabel("Mean share of a sentence's words linked to the emotion (NRC EmoLex)")
        ax.set_title(title or f"Emotion profile by {by}", loc="left")
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0),
                  title=by, alignment="left")
        fig.text(0.99, 0.005, FOOTNOTE_CI, ha="right", va="bottom", fontsize=7,
                 color="#555555")
        fig.tight_layout(rect=(0, 0.04, 1, 1))
    return fig
