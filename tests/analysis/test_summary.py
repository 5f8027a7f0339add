"""Per-source summaries and the article-clustered bootstrap."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from framing.analysis import cluster_bootstrap_ci, summarize_by_source


def test_fewer_than_two_clusters_has_no_interval():
    lo, hi = cluster_bootstrap_ci(np.array([0.1, 0.5]), np.array(["a", "a"]))
    assert math.isnan(lo) and math.isnan(hi)


def test_interval_contains_mean_and_is_seeded(seed):
    rng = np.random.default_rng(seed)
    clusters = np.repeat(np.arange(20), 5)
    values = rng.normal(size=100) + np.repeat(rng.normal(size=20), 5)
    lo, hi = cluster_bootstrap_ci(values, clusters, seed=1)
    assert lo < values.mean() < hi
    assert (lo, hi) == cluster_bootstrap_ci(values, clusters, seed=1)


def test_cluster_interval_is_wider_than_sentence_interval_when_articles_differ(seed):
    rng = np.random.default_rng(seed)
    article_effect = np.repeat(rng.normal(scale=1.0, size=10), 20)
    values = article_effect + rng.normal(scale=0.1, size=200)
    lo_c, hi_c = cluster_bootstrap_ci(values, np.repeat(np.arange(10), 20), seed=2)
    lo_s, hi_s = cluster_bootstrap_ci(values, np.arange(200), seed=2)  # each sentence alone
    assert (hi_c - lo_c) > 2 * (hi_s - lo_s)


def _table():
    return pd.DataFrame({
        "source": ["A"] * 4 + ["B"] * 2,
        "doc_id": ["a1", "a1", "a2", "a2", "b1", "b1"],
        "sentiment": [-0.5, -0.1, 0.2, 0.0, 0.9, 0.7],
        "sentiment_label": ["negative", "neutral", "positive", "neutral", "positive",
                            "positive"],
    })


def test_summary_by_source():
    s = summarize_by_source(_table(), seed=0, n_boot=500).set_index("source")
    assert s.loc["A", "n_articles"] == 2 and s.loc["A", "n_sentences"] == 4
    assert s.loc["A", "mean_sentiment"] == pytest.approx(-0.1)
    assert s.loc["A", "share_negative"] == pytest.approx(0.25)
    assert s.loc["A", "mean_sentiment_ci_low"] <= -0.1 <= s.loc["A", "mean_sentiment_ci_high"]
    # one article: undefined interval reported as missing with a note, never as zero
    assert math.isnan(s.loc["B", "mean_sentiment_ci_low"])
    assert "fewer than 2 articles" in s.loc["B", "note"]


def test_summary_ignores_unscored_rows():
    t = _table()
    t.loc[0, "sentiment"] = np.nan
    s = summarize_by_source(t, n_boot=200).set_index("source")
    assert s.loc["A", "n_sentences"] == 3
