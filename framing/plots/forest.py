"""Forest plots: group estimates from ``aggregate``, model contrasts from ``compare_sources``.

Conventions shared by the figures of :mod:`framing.plots`: a point with a 95% interval is a
filled marker with a line; a point whose interval is undefined (``NaN``, e.g. a group with
one article) is a *hollow* marker without a line; an undefined estimate is written as
``n/a`` and never drawn as zero.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from framing.errors import ArgumentError
from framing.plots.order import order_rows
from framing.plots.style import OKABE_ITO, SENTIMENT_COLOURS, house_style

NA_TEXT = "n/a"
"""Label drawn where an estimate is undefined."""

METRIC_LABELS: dict[str, str] = {
    "mean_sentiment": "Mean sentence sentiment (−1 … +1)",
    "share_negative": "Share of negative sentences",
    "share_positive": "Share of positive sentences",
    "mean_emotive": "Mean sentence emotive score (0 … 1)",
    "loaded_per_1000_words": "Loaded terms per 1,000 words",
}
"""Axis labels of the :data:`framing.analysis.aggregate.METRICS` (``emotion_*`` are derived)."""

METRIC_COLOURS: dict[str, str] = {
    "mean_sentiment": SENTIMENT_COLOURS["positive"],
    "share_negative": SENTIMENT_COLOURS["negative"],
    "share_positive": SENTIMENT_COLOURS["positive"],
    "mean_emotive": OKABE_ITO[3],
    "loaded_per_1000_words": OKABE_ITO[2],
}

FOOTNOTE_CI = ("Bars: 95% CI, articles resampled (cluster bootstrap). "
               "Hollow marker: no CI (fewer than 2 articles); n/a: no estimate.")


def metric_label(metric: str) -> str:
    """Human-readable axis label of an ``aggregate`` metric name.

    Args:
        metric: Metric name, e.g. ``"mean_sentiment"`` or ``"emotion_anger"``.

    Returns:
        The label.
    """
    if metric.startswith("emotion_"):
        return f"Mean share of words linked to {metric.removeprefix('emotion_')}"
    return METRIC_LABELS.get(metric, metric.replace("_", " "))


def require_columns(table: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    """Raise :class:`ArgumentError` naming the columns a figure needs and the table lacks.

    Args:
        table: The input table.
        columns: Needed columns.
        what: Name of the figure, for the message.

    Raises:
        ArgumentError: A column is missing.
    """
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ArgumentError(f"{what} needs the column(s) {', '.join(missing)}; the table "
                               f"has {', '.join(map(str, table.columns))}")


def is_finite(value: object) -> bool:
    """Whether ``value`` is a finite number (``None``, ``NaN``, ``inf`` and text are not)."""
    try:
        return bool(np.isfinite(float(value)))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def draw_point(
    ax, x: float, y: float, low: float, high: float, colour: str, *,
    horizontal: bool = True, filled: bool | None = None, marker: str = "o",
    markersize: float = 6.5, gid: str | None = None, na_at: float | None = None,
    label: str | None = None,
):
    """Draw one estimate with its interval, following the NaN conventions of the figures.

    Args:
        ax: Matplotlib axes.
        x: Estimate (on the value axis).
        y: Position on the category axis.
        low: Lower interval bound (``NaN``: no interval).
        high: Upper interval bound (``NaN``: no interval).
        colour: Colour of marker and interval.
        horizontal: Values on the x axis (forest plot); ``False`` puts them on the y axis.
        filled: Force a filled (``True``) or hollow (``False``) marker; default filled when
            the interval is defined.
        marker: Marker style.
        markersize: Marker size in points.
        gid: Group id given to the marker artist (tests and SVG use it).
        na_at: Value-axis position of the ``n/a`` label when the estimate is undefined;
            default the axis' current lower limit.
        label: Legend label of the marker artist.

    Returns:
        The marker's ``Line2D``, or the ``n/a`` ``Text`` when the estimate is undefined.
    """
    if not is_finite(x):
        if na_at is None:
            na_at = ax.get_xlim()[0] if horizontal else ax.get_ylim()[0]
        pos = (na_at, y) if horizontal else (y, na_at)
        return ax.annotate(NA_TEXT, pos, xytext=(4, 0) if horizontal else (0, 4),
                           textcoords="offset points", ha="left" if horizontal else "center",
                           va="center" if horizontal else "bottom", fontsize=8,
                           color="#555555", style="italic", gid=gid)
    has_ci = is_finite(low) and is_finite(high)
    if has_ci:
        seg = ([low, high], [y, y]) if horizontal else ([y, y], [low, high])
        ax.plot(*seg, color=colour, linewidth=1.6, solid_capstyle="butt", zorder=2)
        cap = 0.12
        for bound in (low, high):
            tick = ([bound, bound], [y - cap, y + cap]) if horizontal else (
                [y - cap, y + cap], [bound, bound])
            ax.plot(*tick, color=colour, linewidth=1.0, zorder=2)
    fill = has_ci if filled is None else filled
    pos = ([x], [y]) if horizontal else ([y], [x])
    (line,) = ax.plot(*pos, linestyle="none", marker=marker, markersize=markersize,
                      markeredgecolor=colour, markeredgewidth=1.4,
                      markerfacecolor=colour if fill else "white", zorder=3, gid=gid,  # hollow
                      label=label)
    return line


def is_hollow(artist) -> bool:
    """Whether a marker drawn by :func:`draw_point` is hollow (white or transparent face).

    Args:
        artist: A ``Line2D`` marker.

    Returns:
        ``True`` for a hollow marker.
    """
    from matplotlib.colors import to_rgba

    face = artist.get_markerfacecolor()
    return face == "none" or to_rgba(face)[3] == 0 or to_rgba(face) == (1.0, 1.0, 1.0, 1.0)


def _group_label(row: pd.Series, by: Sequence[str]) -> str:
    return " · ".join("n/a" if pd.isna(row[c]) else str(row[c]) for c in by)


def plot_forest(
    aggregates: pd.DataFrame, metric: str = "mean_sentiment", by: str | Sequence[str] = "source",
    title: str | None = None, order: Sequence[object] | None = None,
):
    """Forest plot of one metric per group from :func:`framing.analysis.aggregate`.

    Groups are drawn from the top down in the one source order of the figures
    (:func:`framing.plots.order.source_order`: ``order`` first, then sorted by name; with
    several grouping columns, by the first, then the next), so every forest plot of a
    results folder lists the sources alike. Undefined estimates are labelled ``n/a``. Each
    tick label gives the number of articles and sentences behind the estimate. Groups
    without an interval get a hollow marker.

    Args:
        aggregates: Tidy output of ``aggregate`` (grouping columns, ``metric``,
            ``estimate``, ``ci_low``, ``ci_high``, ``n_articles``, ``n_sentences``).
        metric: Metric to plot, e.g. ``"mean_sentiment"`` or ``"loaded_per_1000_words"``.
        by: Grouping column(s) the table was aggregated by; several are joined in labels.
        title: Figure title; default from the metric.
        order: Labels to draw first (top), in this order (e.g. ``analysis.source_order``).

    Returns:
        The matplotlib figure (one axes; y ticks are the groups in plotted order, bottom
        up).

    Raises:
        ArgumentError: A column is missing or the table has no row for ``metric``.
    """
    import matplotlib.pyplot as plt

    by_cols = [by] if isinstance(by, str) else list(by)
    require_columns(aggregates, [*by_cols, "metric", "estimate", "ci_low", "ci_high",
                                 "n_articles", "n_sentences"], "plot_forest")
    data = aggregates[aggregates["metric"] == metric]
    if data.empty:
        known = ", ".join(sorted(map(str, aggregates["metric"].unique())))
        raise ArgumentError(f"no rows for metric {metric!r} in the aggregates; metrics "
                               f"present: {known or 'none'}")
    data = order_rows(data, by_cols, order).iloc[::-1].reset_index(drop=True)  # first on top
    colour = METRIC_COLOURS.get(metric, OKABE_ITO[0])
    y = np.arange(len(data))
    with house_style():
        fig, ax = plt.subplots(figsize=(6.8, 0.42 * len(data) + 1.6))
        values = pd.concat([data["estimate"], data["ci_low"], data["ci_high"]]).to_numpy(float)
        values = values[np.isfinite(values)]
        if metric == "mean_sentiment":
            values = np.append(values, 0.0)
        if values.size:
            lo, hi = float(values.min()), float(values.max())
            pad = 0.08 * (hi - lo) if hi > lo else 0.1 * max(abs(hi), 1.0)
            ax.set_xlim(lo - pad, hi + pad)
        if metric == "mean_sentiment":
            ax.axvline(0.0, color="#555555", linewidth=0.8, linestyle=":", zorder=1)
        for i, row in data.iterrows():
            draw_point(ax, row["estimate"], float(i), row["ci_low"], row["ci_high"], colour,
                       gid=f"point:{_group_label(row, by_cols)}")
        labels = [f"{_group_label(row, by_cols)}  (n={row['n_articles']} art., "
                  f"{row['n_sentences']} sent.)" for _, row in data.iterrows()]
        ax.set_yticks(y, labels)
        ax.set_ylim(-0.6, len(data) - 0.4)
        ax.set_xlabel(metric_label(metric))
        ax.set_title(title or f"{metric_label(metric)} by {' × '.join(by_cols)}", loc="left")
        fig.text(0.99, 0.005, FOOTNOTE_CI, ha="right", va="bottom", fontsize=7,
                 color="#555555")
        fig.tight_layout(rect=(0, 0.04, 1, 1))
    return fig


def plot_contrasts(contrasts: pd.DataFrame, title: str | None = None,
                   order: Sequence[object] | None = None):
    """Source contrasts from :func:`framing.analysis.compare_sources` with their intervals.

    Each row is one contrast ``source − versus`` (difference in mean outcome as estimated by
    the mixed model), from the top down in the source order of the figures
    (:func:`framing.plots.order.source_order` of ``source``, then of ``versus``), so the
    contrasts of every outcome are listed alike. Contrasts significant after the multiple-comparison
    adjustment (column ``significant``, Benjamini-Hochberg by default) are filled markers;
    the others are hollow. The standardised effect size and adjusted p-value are written at
    the right; a contrast that could not be estimated is labelled ``n/a``.

    Args:
        contrasts: Output of ``compare_sources`` (``contrast``, ``estimate``, ``ci_low``,
            ``ci_high``, ``p_adjusted``, ``significant``, ``effect_size``; ``model`` is
            used in the default title when present; ``source`` and ``versus`` order the
            rows when present).
        title: Figure title.
        order: Sources to list first, in this order (e.g. ``analysis.source_order``).

    Returns:
        The matplotlib figure (one axes; y ticks are the contrasts in plotted order).

    Raises:
        ArgumentError: A column is missing or the table is empty.
    """
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.transforms import blended_transform_factory

    require_columns(contrasts, ["contrast", "estimate", "ci_low", "ci_high", "p_adjusted",
                                "significant", "effect_size"], "plot_contrasts")
    if contrasts.empty:
        raise ArgumentError("plot_contrasts needs at least one contrast")
    data = order_rows(contrasts, ["source", "versus"], order).iloc[::-1].reset_index(drop=True)
    colour = OKABE_ITO[0]
    with house_style():
        fig, ax = plt.subplots(figsize=(7.2, 0.42 * len(data) + 1.8))
        values = np.append(pd.concat([data["estimate"], data["ci_low"], data["ci_high"]])
                           .to_numpy(float), 0.0)
        values = values[np.isfinite(values)]
        lo, hi = float(values.min()), float(values.max())
        pad = 0.08 * (hi - lo) if hi > lo else 0.1
        ax.set_xlim(lo - pad, hi + pad)
        ax.axvline(0.0, color="#555555", linewidth=0.8, linestyle=":", zorder=1)
        right = blended_transform_factory(ax.transAxes, ax.transData)
        for i, row in data.iterrows():
            sig = bool(row["significant"]) if not pd.isna(row["significant"]) else False
            draw_point(ax, row["estimate"], float(i), row["ci_low"], row["ci_high"], colour,
                       filled=sig, gid=f"contrast:{row['contrast']}")
            if is_finite(row["estimate"]):
                es = (f"d = {row['effect_size']:+.2f}" if is_finite(row["effect_size"])
                      else "d = n/a")
                p = (f"p_adj = {row['p_adjusted']:.3f}" if is_finite(row["p_adjusted"])
                     else "p_adj = n/a")
                if is_finite(row["p_adjusted"]) and row["p_adjusted"] < 0.001:
                    p = "p_adj < 0.001"
                note = f"{es}   {p}"
            else:
                note = "not estimable"
            ax.text(1.02, float(i), note, transform=right, ha="left", va="center",
                    fontsize=8, color="#222222" if sig else "#666666",
                    gid=f"effect:{row['contrast']}")
        ax.set_yticks(np.arange(len(data)), [str(c) for c in data["contrast"]])
        ax.set_ylim(-0.6, len(data) - 0.4)
        model = str(data["model"].iloc[0]) if "model" in data.columns else "mixed"
        ax.set_xlabel("Difference in mean (source − versus), 95% Wald CI")
        model_name = ("mixed model, random intercept per article" if model == "mixed"
                      else f"{model} model")
        ax.set_title(title or f"Source contrasts ({model_name})", loc="left")
        handles = [
            Line2D([], [], linestyle="none", marker="o", markersize=6.5, color=colour,
                   markerfacecolor=colour, label="significant (BH-adjusted)"),
            Line2D([], [], linestyle="none", marker="o", markersize=6.5, color=colour,
                   markerfacecolor="white", label="not significant"),
        ]
        fig.legend(handles=handles, loc="lower left", ncol=2, fontsize=8,
                   bbox_to_anchor=(0.0, 0.0))
        fig.text(0.99, 0.005, "d: difference / total SD (between-article + residual)",
                 ha="right", va="bottom", fontsize=7, color="#555555")
        fig.tight_layout(rect=(0, 0.06, 1, 1))
    return fig
