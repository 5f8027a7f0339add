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


def _scored(columns: dict) -> pd.DataFrame:
    base = {"doc_id": ["a", "a", "b", "c"], "source": ["X", "X", "X", "Y"]}
    return pd.DataFrame({**base, **columns})


LABELS = ["negative", "positive", "negative", "neutral"]


@pytest.mark.parametrize(("columns", "expected"), [
    ({"sentiment": [-0.5, 0.5, -0.2, 0.0], "sentiment_label": LABELS,
      "emotive": [0.1] * 4}, ["mean_sentiment", "share_negative", "share_positive"]),
    ({"vader_sentiment": [-0.5, 0.5, -0.2, 0.0], "vader_label": LABELS},
     ["mean_vader_sentiment", "vader_share_negative", "vader_share_positive"]),
    ({"hf_sentiment": [-0.5, 0.5, -0.2, 0.0], "hf_label": LABELS},
     ["mean_hf_sentiment", "hf_share_negative_ci_low"]),
    ({"emotive": [0.1, 0.3, 0.2, 0.9]}, ["mean_emotive", "mean_emotive_ci_high"]),
    ({"lex_emotive": [0.1, 0.3, 0.2, 0.9]}, ["mean_lex_emotive"]),
    ({}, []),
], ids=["package sentiment", "vader", "hf", "emotive", "lexicon emotive", "no scores"])
def test_summary_adapts_to_the_scores_present(columns, expected):
    summary = summarize_by_source(_scored(columns), n_boot=100)
    assert summary["source"].tolist() == ["X", "Y"]
    assert summary["n_articles"].tolist() == [2, 1] and summary["n_sentences"].tolist() == [3, 1]
    assert set(expected) <= set(summary.columns)
    means = [c for c in summary.columns if c.startswith("mean_") and not c.endswith(("low",
                                                                                      "high"))]
    assert means == expected[:1]
    if means:
        values = next(iter(columns.values()))
        assert summary.loc[0, means[0]] == pytest.approx(np.mean(values[:3]))


def test_package_sentiment_summary_keeps_its_columns():
    from framing.analysis.summary import SUMMARY_COLUMNS

    table = _scored({"sentiment": [-0.5, 0.5, -0.2, 0.0], "sentiment_label": LABELS})
    assert tuple(summarize_by_source(table, n_boot=100).columns) == SUMMARY_COLUMNS
