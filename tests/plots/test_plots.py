"""Figures: shipped style, both formats, reproducible bytes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from framing.plots import STYLE_PATH, plot_sentiment_by_source, save_figure


def _summary():
    return pd.DataFrame({
        "source": ["A", "B", "C"], "n_articles": [3, 4, 1], "n_sentences": [30, 40, 9],
        "mean_sentiment": [-0.2, 0.1, 0.3], "mean_sentiment_ci_low": [-0.3, 0.0, np.nan],
        "mean_sentiment_ci_high": [-0.1, 0.2, np.nan], "share_negative": [0.4, 0.2, 0.1],
        "share_negative_ci_low": [0.3, 0.1, np.nan], "share_negative_ci_high": [0.5, 0.3, np.nan],
    })


def _top_down(ax) -> list[str]:
    ticks = sorted(zip(ax.get_yticks(), ax.get_yticklabels(), strict=True), key=lambda t: -t[0])
    return [t.get_text() for _, t in ticks]


def test_style_is_shipped_and_colour_blind_safe():
    text = STYLE_PATH.read_text()
    assert "0072B2" in text and "D55E00" in text


def test_plot_has_one_row_per_source(agg_matplotlib):
    fig = plot_sentiment_by_source(_summary())
    ax_left, ax_right = fig.axes
    assert [label[0] for label in _top_down(ax_left)] == ["A", "B", "C"]  # by name
    ordered = plot_sentiment_by_source(_summary(), order=["C"]).axes[0]
    assert [label[0] for label in _top_down(ordered)] == ["C", "A", "B"]
    assert "Share of negative" in ax_right.get_xlabel()


def test_save_figure_png_pdf_reproducible(agg_matplotlib, tmp_path):
    paths = save_figure(plot_sentiment_by_source(_summary()), tmp_path / "a" / "fig")
    first = [p.read_bytes() for p in paths]
    assert [p.suffix for p in paths] == [".png", ".pdf"]
    assert first[0][:8] == b"\x89PNG\r\n\x1a\n" and first[1][:5] == b"%PDF-"
    save_figure(plot_sentiment_by_source(_summary()), tmp_path / "a" / "fig")
    assert [p.read_bytes() for p in paths] == first
    assert not list((tmp_path / "a").glob("*.part"))


def test_saved_png_is_300_dpi_and_pdf_embeds_truetype(agg_matplotlib, tmp_path):
    from PIL import Image

    png, pdf = save_figure(plot_sentiment_by_source(_summary()), tmp_path / "fig")
    dpi = Image.open(png).info.get("dpi", (0, 0))
    assert round(dpi[0]) == 300
    assert b"/FontFile2" in pdf.read_bytes()  # TrueType embedded: text stays editable


def _renamed(prefix: str, mean: str, with_share: bool) -> pd.DataFrame:
    data = _summary().rename(columns=lambda c: c.replace("mean_sentiment", mean)
                             .replace("share_negative", f"{prefix}share_negative"))
    return data if with_share else data.drop(columns=[c for c in data if "share" in c])


@pytest.mark.parametrize(("prefix", "mean", "with_share", "panels", "xlabel"), [
    ("vader_", "mean_vader_sentiment", True, 2, "vader_sentiment"),
    ("", "mean_emotive", False, 1, "emotive"),
    ("", "mean_lex_emotive", False, 1, "lex emotive"),
], ids=["vader", "emotive", "lexicon emotive"])
def test_plot_draws_the_scores_the_summary_has(agg_matplotlib, prefix, mean, with_share, panels,
                                               xlabel):
    fig = plot_sentiment_by_source(_renamed(prefix, mean, with_share))
    assert len(fig.axes) == panels and xlabel in fig.axes[0].get_xlabel()
    assert [label[0] for label in _top_down(fig.axes[0])] == ["A", "B", "C"]
