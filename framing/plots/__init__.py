"""Figures (matplotlib, shipped style, colour-blind palette); they read tables only."""

from framing.plots.sources import plot_sentiment_by_source
from framing.plots.style import STYLE_PATH, house_style, save_figure

__all__ = ["STYLE_PATH", "house_style", "plot_sentiment_by_source", "save_figure"]
