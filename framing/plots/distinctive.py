"""Distinctive terms per source ("Fightin' Words" z-scores) as horizontal bar panels."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence

import numpy as np
import pandas as pd

from framing.analysis.distinctive import DISTINCTIVE_COLUMNS
from framing.errors import ArgumentError
from framing.plots.emotions import source_styles
from framing.plots.forest import require_columns
from framing.plots.order import source_order
from framing.plots.style import house_style

Z_CRIT = 1.96
"""Conventional two-sided 5% threshold drawn as guide lines."""
XLABEL = "z of log-odds (source vs. rest)"
LABEL_WIDTH = 22
"""Characters per line of a term label; longer terms wrap onto a second line."""
LABEL_LINES = 2
"""Lines per term label; a term that needs more ends in an ellipsis."""
LABEL_FONT_SIZE = 8.5
CHAR_W = 0.58 * LABEL_FONT_SIZE / 72.0
"""Width of an average DejaVu Sans character at the label size, in inches (an upper bound
for lower-case text, so panels leave room enough)."""
BAR_W = 2.5
"""Width of the bar area of a panel, in inches."""


def term_label(term: object, width: int = LABEL_WIDTH, lines: int = LABEL_LINES) -> str:
    """A term as a tick label: wrapped at ``width`` characters, cut with ``…`` past ``lines``.

    Args:
        term: The term text.
        width: Characters per line.
        lines: Most lines; the last line of a longer term ends in an ellipsis.

    Returns:
        The label, lines joined by newlines (a short term unchanged).
    """
    text = " ".join(str(term).split())
    if len(text) <= width:
        return text
    return "\n".join(textwrap.wrap(text, width, max_lines=lines, placeholder="…",
                                   break_on_hyphens=True)) or text[: width - 1] + "…"


def _group_column(table: pd.DataFrame, by: str | None) -> str:
    if by is not None:
        return by
    others = [c for c in table.columns if c not in DISTINCTIVE_COLUMNS]
    if not others:
        raise ArgumentError("plot_distinctive_terms needs the group column (e.g. 'source') "
                               "of fightin_words' output")
    return str(others[0])


def plot_distinctive_terms(
    fw_table: pd.DataFrame, top: int = 10, by: str | None = None, title: str | None = None,
    ncols: int | None = None, order: Sequence[object] | None = None,
):
    """Most distinctive terms of each source, from :func:`framing.analysis.fightin_words`.

    One panel per source, its ``top`` terms of highest ``z`` as horizontal bars (most
    distinctive at the top), with the term's count in the source written beside the bar.
    Dashed guide lines mark ``z = ±1.96``; bars below 1.96 are drawn pale (not distinctive
    of the source at the conventional 5% level; negative ``z`` means under-used, which
    appears when a source has fewer than ``top`` over-used terms). Panels share the z axis.
    Term labels longer than :data:`LABEL_WIDTH` characters wrap onto a second line and end
    in ``…`` past it (:func:`term_label`); panels widen with the longest label, so labels
    never run into the panel to their left.

    Args:
        fw_table: Output of ``fightin_words`` (group column, ``term``, ``count_source``,
            ``z``, ...).
        top: Terms per source.
        by: Group column; default the first column that is not one of
            :data:`framing.analysis.DISTINCTIVE_COLUMNS` (``"source"``).
        title: Figure title.
        ncols: Panels per row; default up to 3.
        order: Groups to draw first, in this order; the others follow sorted by name
            (:func:`framing.plots.order.source_order`).

    Returns:
        The matplotlib figure (one axes per group with terms, in that order, plus
        hidden spare axes; each panel's title is the group).

    Raises:
        ArgumentError: A column is missing, ``top`` is not positive, or the table is empty.
    """
    import matplotlib.pyplot as plt

    group = _group_column(fw_table, by)
    require_columns(fw_table, [group, "term", "count_source", "z"], "plot_distinctive_terms")
    if top < 1:
        raise ArgumentError(f"top must be at least 1, not {top!r}")
    if fw_table.empty:
        raise ArgumentError("plot_distinctive_terms needs at least one term")
    groups = [g for g in source_order(fw_table[group], order) if g is not None]
    styles = source_styles(groups)
    n = len(groups)
    cols = ncols or min(n, 3)
    rows = math.ceil(n / cols)
    z_all = fw_table["z"].to_numpy(dtype=float)
    z_all = z_all[np.isfinite(z_all)]
    shown = {g: (fw_table[fw_table[group] == g]
                 .sort_values(["z", "term"], ascending=[False, True], na_position="last",
                              kind="stable").head(top)) for g in groups}
    labels = {g: [term_label(t) for t in sub["term"]] for g, sub in shown.items()}
    all_labels = [line for ls in labels.values() for label in ls for line in label.split("\n")]
    label_w = CHAR_W * max((len(t) for t in all_labels), default=4) + 0.25
    two_lines = any("\n" in label for ls in labels.values() for label in ls)
    row_h = 0.40 if two_lines else 0.26
    with house_style():
        fig, axes = plt.subplots(rows, cols, figsize=((BAR_W + label_w) * cols + 0.3,
                                                      rows * (row_h * top + 1.1) + 0.5),
                                 sharex=True, squeeze=False)
        zmax = max(float(np.abs(z_all).max()) if z_all.size else 0.0, Z_CRIT) * 1.25
        zmin = min(float(z_all.min()) if z_all.size else 0.0, -Z_CRIT) * 1.15
        for k, g in enumerate(groups):
            ax = axes[k // cols][k % cols]
            colour = styles[g][0]
            sub = shown[g]
            y = np.arange(len(sub))[::-1] + (top - len(sub))  # from the top down
            z = sub["z"].to_numpy(dtype=float)
            ok = np.isfinite(z)
            strong = ok & (z >= Z_CRIT)
            ax.barh(y[strong], z[strong], color=colour, height=0.7, gid=f"bars:{g}")
            ax.barh(y[ok & ~strong], z[ok & ~strong], color=colour, alpha=0.35, height=0.7,
                    gid=f"bars-weak:{g}")  # not distinctive of the source (or under-used)
            for yi, zi, count, fine in zip(y, z, sub["count_source"], ok, strict=True):
                if fine:
                    ax.text(zi + 0.02 * zmax if zi >= 0 else zi - 0.02 * zmax, yi, f"{count}",
                            ha="left" if zi >= 0 else "right", va="center", fontsize=7,
                            color="#555555", zorder=4,
                            bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.3})
                else:
                    ax.text(0.0, yi, " n/a", ha="left", va="center", fontsize=7,
                            style="italic", color="#555555")
            for xg in (-Z_CRIT, Z_CRIT):
                ax.axvline(xg, color="#555555", linewidth=0.8, linestyle="--", zorder=0)
            ax.axvline(0.0, color="#999999", linewidth=0.6, zorder=0)
            ax.set_yticks(y, labels[g])
            ax.set_ylim(-0.6, top - 0.4)
            ax.tick_params(axis="y", length=0, labelsize=LABEL_FONT_SIZE)
            for tick in ax.get_yticklabels():
                tick.set_linespacing(1.0)
            ax.set_title(str(g), loc="left", color=colour, fontweight="bold")
            if not len(sub):
                ax.text(0.5, 0.5, "no terms", transform=ax.transAxes, ha="center",
                        color="#555555")
        for k in range(n, rows * cols):
            axes[k // cols][k % cols].set_visible(False)
        axes[0][0].set_xlim(zmin, zmax)
        for ax in axes[-1]:
            ax.set_xlabel(XLABEL)
        for k in range(n, rows * cols):
            if k - cols >= 0:
                axes[(k - cols) // cols][k % cols].tick_params(labelbottom=True)
                axes[(k - cols) // cols][k % cols].set_xlabel(XLABEL)
        fig.suptitle(title or f"Distinctive terms by {group} (Fightin' Words, top {top})",
                     x=0.01, ha="left", fontsize=11)
        fig.text(0.99, 0.005, "Dashed: z = ±1.96. Pale bars: z < 1.96 (not distinctive of "
                 "the source). Number: count in the source.", ha="right", va="bottom",
                 fontsize=7, color="#555555")
        fig.tight_layout(rect=(0, 0.03, 1, 1))
    return fig
