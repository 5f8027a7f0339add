"""Mixed-effects source contrasts, BH adjustment and failure handling (framing.analysis.stats)."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest

from framing.analysis.stats import CONTRAST_COLUMNS, adjust_p_values, compare_sources
from framing.errors import ArgumentError

ARTICLE_SD = 0.25
RESIDUAL_SD = 0.3


def _simulate(seed: int, shifts: dict[str, float], n_docs: int = 30, per_doc: int = 12,
              article_sd: float = ARTICLE_SD) -> pd.DataFrame:
    """Sentence scores = source shift + article intercept + sentence noise."""
    rng = np.random.default_rng(seed)
    rows = []
    for source, shift in shifts.items():
        for d in range(n_docs):
            u = rng.normal(scale=article_sd)
            n = int(rng.integers(per_doc // 2, per_doc * 3 // 2 + 1))
            for i, e in enumerate(rng.normal(scale=RESIDUAL_SD, size=n)):
                rows.append({"doc_id": f"{source}-{d}", "source": source, "sent_idx": i,
                             "sentiment": shift + u + e})
    return pd.DataFrame(rows)


def _row(out: pd.DataFrame, contrast: str) -> pd.Series:
    return out.set_index("contrast").loc[contrast]


def test_recovers_known_difference_within_ci(seed):
    table = _simulate(seed, {"A": 0.0, "B": -0.3, "C": 0.0})
    out = compare_sources(table, reference="A")
    assert list(out.columns) == list(CONTRAST_COLUMNS)
    assert out["contrast"].tolist() == ["B - A", "C - A", "C - B"]
    b = _row(out, "B - A")
    assert b["ci_low"] < -0.3 < b["ci_high"]
    assert b["significant"] and b["p_adjusted"] < 0.05
    assert b["converged"] and b["model"] == "mixed"
    assert b["n_articles_source"] == 30 and b["n_articles_versus"] == 30
    # standardised by the total SD sqrt(0.25^2 + 0.3^2) ~= 0.39: true effect ~= -0.77
    true_es = -0.3 / math.sqrt(ARTICLE_SD**2 + RESIDUAL_SD**2)
    assert abs(b["effect_size"] - true_es) < 0.3
    c = _row(out, "C - B")
    assert c["ci_low"] < 0.3 < c["ci_high"] and c["estimate"] > 0


def test_matches_statsmodels_formula_interface(seed):
    import statsmodels.formula.api as smf

    table = _simulate(seed, {"A": 0.0, "B": -0.3, "C": 0.1}, n_docs=15)
    out = compare_sources(table, contrasts="reference", reference="A")
    fit = smf.mixedlm("sentiment ~ C(source, Treatment(reference='A'))", table,
                      groups=table["doc_id"]).fit(reml=True)
    coefs = [v for k, v in fit.fe_params.items() if k != "Intercept"]
    assert out["estimate"].to_numpy() == pytest.approx(np.array(coefs), abs=1e-6)
    total_sd = math.sqrt(float(fit.cov_re.iloc[0, 0]) + fit.scale)
    assert out["effect_size"].to_numpy() == pytest.approx(np.array(coefs) / total_sd, abs=1e-6)


def test_naive_sentence_level_interval_is_narrower(seed):
    table = _simulate(seed, {"A": 0.0, "B": -0.3})
    mixed = _row(compare_sources(table), "B - A")
    naive = _row(compare_sources(table, model="ols"), "B - A")
    assert naive["model"] == "ols"
    assert (naive["ci_high"] - naive["ci_low"]) < 0.75 * (mixed["ci_high"] - mixed["ci_low"])
    assert mixed["ci_low"] < -0.3 < mixed["ci_high"]


def test_no_difference_is_mostly_not_significant(seed):
    table = _simulate(seed, {s: 0.0 for s in "ABCDE"}, n_docs=20)
    out = compare_sources(table)
    assert len(out) == 10
    assert out["significant"].sum() <= 1
    assert (out["p_adjusted"] >= out["p_value"] - 1e-12).all()
    assert out["converged"].all()


def test_bh_matches_hand_computation():
    p = [0.01, 0.04, 0.03, 0.20, np.nan]
    # sorted 0.01, 0.03, 0.04, 0.20 with m = 4: p * m / rank = 0.04, 0.06, 0.0533, 0.20,
    # then the running minimum from the largest rank down
    adjusted, significant = adjust_p_values(p)
    expected = [0.04, 0.16 / 3, 0.16 / 3, 0.20]
    assert adjusted[:4] == pytest.approx(expected)
    assert math.isnan(adjusted[4])
    assert significant.tolist() == [True, False, False, False, False]


def test_reported_adjustment_is_bh_over_the_family(seed):
    table = _simulate(seed, {"A": 0.0, "B": -0.15, "C": 0.05, "D": 0.1}, n_docs=12)
    out = compare_sources(table)
    p = out["p_value"].to_numpy()
    m = len(p)
    order = np.argsort(p)
    scaled = p[order] * m / np.arange(1, m + 1)
    hand = np.minimum.accumulate(scaled[::-1])[::-1]
    expected = np.empty(m)
    expected[order] = np.minimum(hand, 1.0)
    assert out["p_adjusted"].to_numpy() == pytest.approx(expected)


def test_reference_mode_gives_each_source_against_reference(seed):
    table = _simulate(seed, {"A": 0.0, "B": -0.3, "C": 0.2}, n_docs=12)
    ref = compare_sources(table, contrasts="reference", reference="C")
    assert ref["contrast"].tolist() == ["A - C", "B - C"]
    assert (ref["versus"] == "C").all()
    pair = compare_sources(table, reference="C").set_index("contrast")
    assert ref.set_index("contrast")["estimate"].to_numpy() == pytest.approx(
        pair.loc[["A - C", "B - C"], "estimate"].to_numpy(), abs=1e-6)
    # contrast B - A equals (B - C) - (A - C)
    assert pair.loc["B - A", "estimate"] == pytest.approx(
        pair.loc["B - C", "estimate"] - pair.loc["A - C", "estimate"], abs=1e-6)


def test_one_source_is_a_clear_error(seed):
    table = _simulate(seed, {"A": 0.0}, n_docs=5)
    with pytest.raises(ArgumentError, match="at least 2 sources"):
        compare_sources(table)


def test_bad_arguments_are_clear_errors(seed):
    table = _simulate(seed, {"A": 0.0, "B": 0.1}, n_docs=5)
    with pytest.raises(ArgumentError, match="reference source 'Z'"):
        compare_sources(table, reference="Z")
    with pytest.raises(ArgumentError, match="emotive"):
        compare_sources(table, outcome="emotive")
    with pytest.raises(ArgumentError, match="contrasts"):
        compare_sources(table, contrasts="all")  # type: ignore[arg-type]


def test_source_with_one_article_is_not_estimable(seed):
    table = _simulate(seed, {"A": 0.0, "B": -0.3, "C": 0.0}, n_docs=15)
    table = table[(table["source"] != "C") | (table["doc_id"] == "C-0")]
    out = compare_sources(table)
    bad = out[(out["source"] == "C") | (out["versus"] == "C")]
    assert len(bad) == 2
    for col in ("estimate", "ci_low", "ci_high", "p_value", "p_adjusted", "effect_size"):
        assert bad[col].isna().all()
    assert bad["note"].str.contains("'C' has 1 article").all()
    assert bad["converged"].isna().all() and not bad["significant"].any()
    good = _row(out, "B - A")
    assert good["ci_low"] < -0.3 < good["ci_high"]
    assert good["p_adjusted"] == pytest.approx(good["p_value"])  # a family of one


def test_missing_scores_are_excluded_and_noted(seed):
    table = _simulate(seed, {"A": 0.0, "B": -0.3}, n_docs=10)
    table.loc[table.index[:3], "sentiment"] = np.nan
    out = compare_sources(table)
    assert out["note"].str.contains("3 sentence\\(s\\) with missing sentiment excluded").all()
    assert out["estimate"].notna().all()
    n = table.dropna(subset=["sentiment"]).groupby("source").size()
    assert out.loc[0, "n_sentences_source"] + out.loc[0, "n_sentences_versus"] == n.sum()


def test_convergence_warning_is_recorded_not_raised(seed, monkeypatch):
    from statsmodels.regression.mixed_linear_model import MixedLM
    from statsmodels.tools.sm_exceptions import ConvergenceWarning

    original = MixedLM.fit

    def troubled_fit(self, *args, **kwargs):
        result = original(self, *args, **kwargs)
        warnings.warn("Gradient optimization failed", ConvergenceWarning, stacklevel=1)
        result.converged = False
        return result

    monkeypatch.setattr(MixedLM, "fit", troubled_fit)
    table = _simulate(seed, {"A": 0.0, "B": -0.3}, n_docs=8)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing may escape to the caller
        out = compare_sources(table)
    assert not out["converged"].any()
    assert out["note"].str.contains("ConvergenceWarning: Gradient optimization failed").all()
    assert out["estimate"].notna().all()


def test_failed_fit_is_reported_per_row(seed, monkeypatch):
    from statsmodels.regression.mixed_linear_model import MixedLM

    def broken_fit(self, *args, **kwargs):
        raise np.linalg.LinAlgError("Singular matrix")

    monkeypatch.setattr(MixedLM, "fit", broken_fit)
    out = compare_sources(_simulate(seed, {"A": 0.0, "B": -0.3, "C": 0.1}, n_docs=5))
    assert len(out) == 3
    assert out["estimate"].isna().all() and out["p_adjusted"].isna().all()
    assert not out["converged"].any()
    assert out["note"].str.contains("model fit failed: LinAlgError: Singular matrix").all()


def test_no_article_variation_still_gives_an_estimate(seed):
    # articles identical: the between-article variance sits on its boundary (0)
    table = _simulate(seed, {"A": 0.0, "B": -0.3}, n_docs=15, article_sd=0.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = compare_sources(table)
    row = out.iloc[0]
    assert row["ci_low"] < -0.3 < row["ci_high"]
