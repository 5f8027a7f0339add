"""Aggregation and statistics over the sentence table (no model is touched here)."""

from framing.analysis.aggregate import (
    AGGREGATE_COLUMNS,
    METRICS,
    aggregate,
    available_metrics,
    cluster_bootstrap_ratio_ci,
    count_loaded_terms,
    count_words,
    tokenize,
)
from framing.analysis.distinctive import (
    DISTINCTIVE_COLUMNS,
    STOPWORDS,
    fightin_words,
    log_odds_dirichlet,
)
from framing.analysis.stats import CONTRAST_COLUMNS, adjust_p_values, compare_sources
from framing.analysis.summary import cluster_bootstrap_ci, summarize_by_source

__all__ = [
    "AGGREGATE_COLUMNS",
    "CONTRAST_COLUMNS",
    "DISTINCTIVE_COLUMNS",
    "METRICS",
    "STOPWORDS",
    "adjust_p_values",
    "aggregate",
    "available_metrics",
    "cluster_bootstrap_ci",
    "cluster_bootstrap_ratio_ci",
    "compare_sources",
    "count_loaded_terms",
    "count_words",
    "fightin_words",
    "log_odds_dirichlet",
    "summarize_by_source",
    "tokenize",
]
