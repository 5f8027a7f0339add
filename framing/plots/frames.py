"""Frames-by-source and techniques-by-source dot plots with article-bootstrap intervals.

Both figures read a long table with one row per (source, label): ``source``, ``label``, the
estimate (``share`` of a source's articles that use a frame, or ``rate`` of a source's
paragraphs with a technique), ``ci_low``, ``ci_high`` and ``n_articles``. Labels are rows, the
sources are dots of one colour each (in the one source order of the results folder), dodged
vertically so their intervals do not overlap.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from framing.errors import InputError
from framing.plots.order import source_order
from framing.plots.style import OKABE_ITO, house_style

NEEDED = ("source", "label", "ci_low", "ci_high")


def _dot_plot(table: pd.DataFrame, value: str, xlabel: str, title: str | None,
              order: Sequence[object] | None, labels: Sequence[str] | None,
              max_labels: int | None):
    import matplotlib.pyplot as plt

    missing = [c for c in (*NEEDED, value) if c not in table.columns]
    if missing:
        raise InputError("<table>", f"missing column(s) {', '.join(missing)}")
    sources = source_order(table["source"], order)
    if labels is None:
        mean = table.groupby("label")[value].mean().sort_values(ascending=False)
        labels = list(mean.index[:max_labels] if max_labels else mean.index)
    labels = [lab for lab in labels if lab in set(table["label"])]
    n_s = max(1, len(sources))
    height = 0.8 / n_s
    with house_style():
        fig, ax = plt.subplots(figsize=(7.5, 0.32 * len(labels) * max(1.0, n_s / 2.5) + 1.6))
        base = np.arange(len(labels))[::-1].astype(float)
        for k, src in enumerate(sources):
            rows = table[table["source"] == src].set_index("label")
            ys, xs, lo, hi = [], [], [], []
            for lab, y0 in zip(labels, base, strict=True):
                if lab not in rows.index:
                    continue
                r = rows.loc[lab]
                ys.append(y0 + 0.4 - height * (k + 0.5))
                xs.append(float(r[value]))
                lo.append(float(r["ci_low"]))
                hi.append(float(r["ci_high"]))
            xs_a, lo_a, hi_a = np.array(xs), np.array(lo), np.array(hi)
            err = np.nan_to_num(np.vstack([xs_a - lo_a, hi_a - xs_a]), nan=0.0).clip(min=0)
            colour = OKABE_ITO[k % len(OKABE_ITO)]
            ax.errorbar(xs_a, ys, xerr=err if len(xs) else None, fmt="o", ms=4, color=colour,
                        ecolor=colour, elinewidth=1.2, capsize=2, label=str(src))
        ax.set_yticks(base, [lab.replace("_", " ") for lab in labels])
        ax.set_xlabel(xlabel)
        ax.set_xlim(left=0)
        if n_s > 1:
            ax.legend(loc="lower right", fontsize="small", frameon=False)
        if title:
            ax.set_title(title)
        fig.tight_layout()
    return fig


def plot_frames_by_source(shares: pd.DataFrame, title: str | None = None,
                          order: Sequence[object] | None = None,
                          frames: Sequence[str] | None = None):
    """Share of each source's articles that use each frame, with 95% article-bootstrap CIs.

    Args:
        shares: One row per (source, frame): ``source``, ``label`` (the frame), ``share``
            (0-1), ``ci_low``, ``ci_high``.
        title: Figure title.
        order: Sources to draw first, in this order.
        frames: Frames to show, top to bottom (default: all, by mean share).

    Returns:
        The matplotlib figure.

    Raises:
        InputError: A needed column is missing.
    """
    return _dot_plot(shares, "share", "share of articles using the frame (95% CI)", title,
                     order, frames, None)


def plot_techniques_by_source(rates: pd.DataFrame, title: str | None = None,
                              order: Sequence[object] | None = None,
                              techniques: Sequence[str] | None = None, max_labels: int = 12):
    """Share of each source's paragraphs with each technique, with article-bootstrap CIs.

    Args:
        rates: One row per (source, technique): ``source``, ``label``, ``rate`` (0-1),
            ``ci_low``, ``ci_high``.
        title: Figure title.
        order: Sources to draw first, in this order.
        techniques: Techniques to show (default: the ``max_labels`` most frequent).
        max_labels: How many techniques at most when ``techniques`` is not given.

    Returns:
        The matplotlib figure.

    Raises:
        InputError: A needed column is missing.
    """
    return _dot_plot(rates, "rate", "share of paragraphs with the technique (95% CI)", title,
                     order, techniques, max_labels)
