"""Aggregation and statistics over the sentence table (no model is touched here)."""

from framing.analysis.summary import cluster_bootstrap_ci, summarize_by_source

__all__ = ["cluster_bootstrap_ci", "summarize_by_source"]
