"""The entity sentiment figure draws one marker per entity x source."""

from __future__ import annotations

import numpy as np
import pandas as pd

from framing.plots.entities import plot_entity_sentiment


def test_one_marker_per_row_and_hollow_without_interval(agg_matplotlib):
    table = pd.DataFrame({
        "entity": ["Putin", "Putin", "NATO"], "source": ["A", "B", "A"],
        "estimate": [-0.4, 0.2, 0.1], "ci_low": [-0.6, 0.0, np.nan],
        "ci_high": [-0.2, 0.4, np.nan], "n_mentions": [10, 8, 3]})
    fig = plot_entity_sentiment(table)
    ax = fig.axes[0]
    markers = [ln for ln in ax.lines if ln.get_marker() == "o"]
    assert len(markers) == 3
    assert sum(ln.get_markerfacecolor() == "white" for ln in markers) == 1
    ticks = {t.get_text(): y for t, y in zip(ax.get_yticklabels(), ax.get_yticks(), strict=True)}
    assert ticks["Putin"] > ticks["NATO"]  # the most mentioned entity at the top
