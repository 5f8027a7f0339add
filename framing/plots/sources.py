"""Per-source figure: mean sentiment and share of negative sentences with cluster CIs."""

from __future__ import annotations

import numpy as np
import pandas as pd

from framing.plots.style import SENTIMENT_COLOURS, house_style


def plot_sentiment_by_source(summary: pd.DataFrame, title: str | None = None):
    """Forest-style plot of :func:`framing.analysis.summarize_by_source` output.

    Left panel: mean sentence sentiment per source with its 95% article-bootstrap interval.
    Right panel: share of negative sentences with its interval. Sources with no interval
    are drawn as points only.

    Returns:
        The matplotlib figure.
    """
    import matplotlib.pyplot as plt

    with house_style():
        data = summary.sort_values("mean_sentiment").reset_index(drop=True)
        y = np.arange(len(data))
        fig, axes = plt.subplots(1, 2, figsize=(7.5, 0.55 * len(data) + 1.9), sharey=True)
        panels = (
            ("mean_sentiment", "Mean sentence sentiment\n(−1 … +1)", SENTIMENT_COLOURS["positive"]),
            ("share_negative", "Share of negative\nsentences", SENTIMENT_COLOURS["negative"]),
        )
        for ax, (col, label, colour) in zip(axes, panels, strict=True):
            lo, hi = data[f"{col}_ci_low"], data[f"{col}_ci_high"]
            err = np.vstack([data[col] - lo, hi - data[col]])
            ax.errorbar(data[col], y, xerr=np.nan_to_num(err, nan=0.0), fmt="o", color=colour,
                        ecolor=colour, elinewidth=1.5, capsize=3)
            ax.set_xlabel(label)
            if col == "mean_sentiment":
                ax.axvline(0.0, color="#555555", linewidth=0.8, linestyle=":")
        labels = [f"{s}  (n={a} art., {n} sent.)" for s, a, n in
                  zip(data["source"], data["n_articles"], data["n_sentences"], strict=True)]
        axes[0].set_yticks(y, labels)
        fig.suptitle(title or "Sentence sentiment by source", fontsize=11)
        fig.text(0.99, 0.005, "Bars: 95% CI, articles resampled (cluster bootstrap)",
                 ha="right", va="bottom", fontsize=7, color="#555555")
        fig.tight_layout()
    return fig
