"""Per-source figure: mean sentiment and share of negative sentences with cluster CIs."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from framing.plots.order import order_rows
from framing.plots.style import SENTIMENT_COLOURS, house_style


def plot_sentiment_by_source(summary: pd.DataFrame, title: str | None = None,
                             order: Sequence[object] | None = None):
    """Forest-style plot of :func:`framing.analysis.summarize_by_source` output.

    Left panel: mean sentence sentiment per source with its 95% article-bootstrap interval.
    Right panel: share of negative sentences with its interval. Sources with no interval
    are drawn as points only. Sources are drawn from the top down in the source order of
    the figures (:func:`framing.plots.order.source_order`).

    Args:
        summary: Output of ``summarize_by_source``.
        title: Figure title.
        order: Sources to draw first (top), in this order (e.g. ``analysis.source_order``).

    Returns:
        The matplotlib figure.
    """
    import matplotlib.pyplot as plt

    panels = summary_panels(summary)
    with house_style():
        data = order_rows(summary, "source", order).iloc[::-1].reset_index(drop=True)
        y = np.arange(len(data))
        fig, axes = plt.subplots(1, len(panels), figsize=(7.5, 0.55 * len(data) + 1.9),
                                 sharey=True, squeeze=False)
        axes = axes[0]
        for ax, (col, label, colour) in zip(axes, panels, strict=True):
            lo, hi = data[f"{col}_ci_low"], data[f"{col}_ci_high"]
            err = np.vstack([data[col] - lo, hi - data[col]])
            ax.errorbar(data[col], y, xerr=np.nan_to_num(err, nan=0.0), fmt="o", color=colour,
                        ecolor=colour, elinewidth=1.5, capsize=3)
            ax.set_xlabel(label)
            if col.startswith("mean_") and col.endswith("sentiment"):
                ax.axvline(0.0, color="#555555", linewidth=0.8, linestyle=":")
        labels = [f"{s}  (n={a} art., {n} sent.)" for s, a, n in
                  zip(data["source"], data["n_articles"], data["n_sentences"], strict=True)]
        axes[0].set_yticks(y, labels)
        fig.suptitle(title or "Sentence sentiment by source", fontsize=11)
        fig.text(0.99, 0.005, "Bars: 95% CI, articles resampled (cluster bootstrap)",
                 ha="right", va="bottom", fontsize=7, color="#555555")
        fig.tight_layout()
    return fig


def summary_panels(summary: pd.DataFrame) -> list[tuple[str, str, str]]:
    """``(column, axis label, colour)`` of each panel the summary's columns allow.

    The mean of the summarised score (``mean_sentiment``, ``mean_vader_sentiment``,
    ``mean_emotive``, ...) and, with a sentiment label, the share of negative sentences.

    Raises:
        ValueError: The summary holds counts only (no score to draw).
    """
    means = [c for c in summary.columns if c.startswith("mean_")
             and not c.endswith(("_ci_low", "_ci_high"))]
    shares = [c for c in summary.columns if c.endswith("share_negative")]
    if not means:
        raise ValueError("the summary has no score column to plot")
    mean = means[0]
    if mean == "mean_sentiment":
        label = "Mean sentence sentiment\n(−1 … +1)"
    elif mean.endswith("sentiment"):
        label = f"Mean sentence sentiment\n({mean.removeprefix('mean_')}, −1 … +1)"
    else:
        label = f"Mean sentence {mean.removeprefix('mean_').replace('_', ' ')}\n(0 … 1)"
    panels = [(mean, label, SENTIMENT_COLOURS["positive"])]
    if shares:
        panels.append((shares[0], "Share of negative\nsentences", SENTIMENT_COLOURS["negative"]))
    return panels
