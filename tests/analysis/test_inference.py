"""Corrected (prediction-powered) estimates: agreement with ppi-python, coverage, design weights."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from framing.analysis.inference import (
    CORRECTED_COLUMNS,
    corrected_contrasts,
    corrected_estimates,
    corrected_regression,
    ppi_mean,
)
from framing.errors import ArgumentError


def synthetic(n_docs: int = 400, per_doc: int = 3, seed: int = 0, bias: float = 0.15
              ) -> pd.DataFrame:
    """Sentences of articles from two sources; a noisy, biased model score of a binary label."""
    rng = np.random.default_rng(seed)
    rows = []
    for d in range(n_docs):
        source = "A" if d % 2 else "B"
        doc_effect = rng.normal(0, 0.5)
        for s in range(per_doc):
            latent = (0.6 if source == "A" else -0.2) + doc_effect + rng.normal(0, 1)
            y = float(latent > 0)
            score = 1 / (1 + np.exp(-(1.5 * latent + rng.normal(0, 1)))) + bias
            rows.append({"doc_id": f"d{d}", "sent_idx": s, "source": source, "y": y,
                         "score": score, "noise": rng.normal()})
    return pd.DataFrame(rows)


def gold_sample(table: pd.DataFrame, n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    idx = rng.choice(len(table), n, replace=False)
    return table.loc[idx, ["doc_id", "sent_idx", "y"]].assign(inclusion_prob=n / len(table))


def test_ppi_mean_matches_ppi_python():
    ppi = pytest.importorskip("ppi_py")
    rng = np.random.default_rng(3)
    n_all, n = 5000, 400
    y_all = rng.binomial(1, 0.4, n_all).astype(float)
    f = np.clip(0.3 * y_all + rng.normal(0.35, 0.2, n_all), 0, 1)
    coded = np.zeros(n_all, bool)
    coded[rng.choice(n_all, n, replace=False)] = True
    pi = np.full(n_all, n / n_all)
    clusters = np.arange(n_all).astype(str)
    ours = ppi_mean(y_all, f, coded, pi, clusters, lam=1.0)
    theirs = ppi.ppi_mean_pointestimate(y_all[coded], f[coded], f, lam=1)
    assert ours["estimate"] == pytest.approx(float(np.squeeze(theirs)), abs=1e-12)
    lo, hi = ppi.ppi_mean_ci(y_all[coded], f[coded], f, alpha=0.05, lam=1)
    assert 2 * 1.959964 * ours["se"] == pytest.approx(float(np.squeeze(hi - lo)), rel=0.05)
    tuned = ppi_mean(y_all, f, coded, pi, clusters)
    assert tuned["estimate"] == pytest.approx(
        float(np.squeeze(ppi.ppi_mean_pointestimate(y_all[coded], f[coded], f))), abs=0.01)
    assert 0.0 <= tuned["lam"] <= 1.0


def test_lam_zero_is_the_coded_sample_alone():
    table = synthetic()
    gold = gold_sample(table, 200, seed=1)
    est = corrected_estimates(table.drop(columns="y"), gold, "y", "score", lam=0.0)
    row = est.iloc[0]
    assert row["estimate"] == pytest.approx(gold["y"].mean())
    assert row["estimate"] == pytest.approx(row["gold_only"])
    assert (row["ci_low"], row["ci_high"]) == pytest.approx(
        (row["gold_only_ci_low"], row["gold_only_ci_high"]))


def test_columns_groups_and_naive():
    table = synthetic()
    gold = gold_sample(table, 240, seed=2)
    est = corrected_estimates(table.drop(columns="y"), gold, "y", ["score", "noise"],
                              by="source")
    assert list(est.columns) == ["source", *CORRECTED_COLUMNS]
    assert est["source"].tolist() == ["A", "B"]
    naive = table.groupby("source")["score"].mean()
    assert est.set_index("source")["naive"].to_dict() == pytest.approx(naive.to_dict())
    assert est["n"].sum() == len(table)
    assert est["n_gold"].sum() == 240
    assert (est["ci_low"] <= est["estimate"]).all() and (est["estimate"] <= est["ci_high"]).all()


@pytest.mark.slow
def test_coverage_holds_when_the_model_is_biased_and_is_narrower_than_gold_alone():
    table = synthetic(seed=4)
    truth = table.groupby("source")["y"].mean()
    assert (table.groupby("source")["score"].mean() - truth).abs().min() > 0.08  # naive is off
    covered, ratio = [], []
    for draw in range(60):
        gold = gold_sample(table, 300, seed=100 + draw)
        est = corrected_estimates(table.drop(columns="y"), gold, "y", "score", by="source",
                                  seed=draw).set_index("source").reindex(truth.index)
        covered += list((est["ci_low"] <= truth) & (truth <= est["ci_high"]))
        ratio += list((est["ci_high"] - est["ci_low"])
                      / (est["gold_only_ci_high"] - est["gold_only_ci_low"]))
    assert np.mean(covered) >= 0.88
    assert np.mean(ratio) < 0.95


def test_inclusion_probabilities_weight_an_oversampled_stratum():
    table = synthetic(n_docs=600, seed=5)
    truth = table["y"].mean()
    rng = np.random.default_rng(7)
    estimates, unweighted = [], []
    for _ in range(30):
        parts = []
        for source, k in (("A", 240), ("B", 30)):
            pool = table.index[table["source"] == source]
            pick = rng.choice(pool, k, replace=False)
            parts.append(table.loc[pick, ["doc_id", "sent_idx", "y"]].assign(
                inclusion_prob=k / len(pool)))
        gold = pd.concat(parts)
        est = corrected_estimates(table.drop(columns="y"), gold, "y", "score", lam=0.0)
        estimates.append(est["estimate"].iloc[0])
        unweighted.append(gold["y"].mean())
    assert abs(np.mean(estimates) - truth) < 0.02
    assert abs(np.mean(unweighted) - truth) > 0.08


def test_contrasts_and_regression_agree_on_the_difference():
    table = synthetic(seed=6)
    gold = gold_sample(table, 300, seed=8)
    con = corrected_contrasts(table.drop(columns="y"), gold, "y", "score", by="source")
    assert con[["group_a", "group_b"]].iloc[0].tolist() == ["A", "B"]
    assert con["ci_low"].iloc[0] < con["difference"].iloc[0] < con["ci_high"].iloc[0]
    assert 0 <= con["p_adjusted"].iloc[0] <= 1
    reg = corrected_regression(table.drop(columns="y"), gold, "y", "score", formula="source")
    coef = reg.set_index("term").loc["source[T.B]", "coef"]
    assert coef == pytest.approx(-con["difference"].iloc[0], abs=0.05)


@pytest.mark.parametrize(("change", "message"), [
    (lambda t, g: (t, g.drop(columns="y")), "has no column 'y'"),
    (lambda t, g: (t, g.assign(doc_id="x" + g["doc_id"])), "not in the scored table"),
    (lambda t, g: (t, g.assign(y="yes")), "not numeric at row 1"),
    (lambda t, g: (t, pd.concat([g, g.head(1)])), "more than once"),
    (lambda t, g: (t.drop(columns="score"), g), "has no column 'score'"),
])
def test_bad_arguments_say_what_is_wrong(change, message):
    table = synthetic(n_docs=50)
    gold = gold_sample(table, 40, seed=0)
    t, g = change(table.drop(columns="y"), gold)
    with pytest.raises(ArgumentError, match=message):
        corrected_estimates(t, g, "y", "score")
