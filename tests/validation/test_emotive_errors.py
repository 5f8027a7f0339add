"""Error tables of the emotive validation: by voice, by outlet and leaning, reliability."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from framing.validation.emotive_errors import leaning_summary, per_outlet, per_voice, reliability


def test_per_voice_splits_terms_by_quotation():
    text = 'The brutal regime fell, and "these thugs must go," she said.'
    b, t = text.index("brutal"), text.index("thugs")
    gold = [[(b, b + 6, "loaded_language"), (t, t + 5, "name_calling")]]
    pred = {"x": [[(b, b + 6, "loaded_language")]]}  # finds the author's term only
    out = per_voice([text], gold, pred).set_index("voice")
    assert out.loc["author", "overlap_precision"] == 1.0
    assert out.loc["author", "overlap_recall"] == 1.0
    assert out.loc["quoted", "overlap_recall"] == 0.0
    assert out.loc["quoted", "n_gold"] == 1 and out.loc["quoted", "n_pred"] == 0


def _babe() -> pd.DataFrame:
    return pd.DataFrame({
        "source": ["A", "A", "B"], "leaning": ["left", "left", "right"],
        "text": ["the radical plan failed", "a calm day", "the evil scheme of thugs"],
        "biased_words": [["radical"], [], ["evil", "thugs"]]})


def test_per_outlet_precision_recall_and_rate_ratio():
    terms = pd.Series([[{"text": "radical plan"}], [], [{"text": "evil"}]])
    out = per_outlet(_babe(), {"x": terms}).set_index("source")
    assert out.loc["A", "precision"] == pytest.approx(0.5)   # "plan" is not marked
    assert out.loc["A", "recall"] == pytest.approx(1.0)
    assert out.loc["A", "rate_ratio"] == pytest.approx(2.0)
    assert out.loc["B", "recall"] == pytest.approx(0.5)
    assert out.loc["A", "marked_per_1000_words"] == pytest.approx(1000 / 7)
    lean = leaning_summary(out.reset_index()).set_index("leaning")
    assert lean.loc["left", "n_sentences"] == 2 and lean.loc["right", "recall"] == 0.5


@pytest.mark.parametrize(("p", "y", "expected"), [
    ([0.05, 0.05, 0.95, 0.95], [0, 0, 1, 1], [(2, 0.05, 0.0), (2, 0.95, 1.0)]),
    ([0.31, 0.39, 1.0], [1, 0, 1], [(2, 0.35, 0.5), (1, 1.0, 1.0)]),  # 1.0 in the top bin
])
def test_reliability_bins(p, y, expected):
    out = reliability(np.asarray(p), np.asarray(y))
    got = [(int(r.n), round(r.mean_predicted, 3), r.observed) for r in out.itertuples()]
    assert got == expected
