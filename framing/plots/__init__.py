"""Figures (matplotlib, shipped style, colour-blind palette); they read tables only."""

from framing.plots.distinctive import plot_distinctive_terms
from framing.plots.emotions import plot_emotion_profile
from framing.plots.forest import plot_contrasts, plot_forest
from framing.plots.order import order_rows, source_order
from framing.plots.sources import plot_sentiment_by_source
from framing.plots.strip import plot_framing_strip
from framing.plots.style import STYLE_PATH, house_style, save_figure
from framing.plots.voice import plot_voice_comparison

__all__ = [
    "STYLE_PATH",
    "house_style",
    "order_rows",
    "plot_contrasts",
    "plot_distinctive_terms",
    "plot_emotion_profile",
    "plot_forest",
    "plot_framing_strip",
    "plot_sentiment_by_source",
    "plot_voice_comparison",
    "save_figure",
    "source_order",
]
