"""Frames-by-source and techniques-by-source figures."""

from __future__ import annotations

import pandas as pd
import pytest

from framing.errors import InputError
from framing.plots.frames import plot_frames_by_source, plot_techniques_by_source


def _table(value: str) -> pd.DataFrame:
    rows = []
    for s, base in (("Outlet A", 0.2), ("Outlet B", 0.5)):
        for k, lab in enumerate(("Political", "Morality", "Economic")):
            v = base + 0.1 * k
            rows.append({"source": s, "label": lab, value: v, "ci_low": v - 0.05,
                         "ci_high": v + 0.05, "n_articles": 10})
    return pd.DataFrame(rows)


@pytest.mark.parametrize(("plot", "value"), [(plot_frames_by_source, "share"),
                                             (plot_techniques_by_source, "rate")])
def test_dot_plot_draws_every_label(agg_matplotlib, plot, value):
    fig = plot(_table(value), title="t", order=["Outlet B"])
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()][::-1][0] in {"Political", "Morality",
                                                                      "Economic"}
    assert len(ax.get_yticklabels()) == 3
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Outlet B", "Outlet A"]


def test_missing_interval_column_is_an_input_error(agg_matplotlib):
    with pytest.raises(InputError):
        plot_frames_by_source(_table("share").drop(columns="ci_low"))


def test_nan_intervals_draw_points(agg_matplotlib):
    t = _table("rate").assign(ci_low=float("nan"), ci_high=float("nan"))
    assert plot_techniques_by_source(t, max_labels=2).axes[0].get_yticklabels()
