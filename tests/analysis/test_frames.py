"""Frame shares and pairwise contrasts per source (article bootstrap, BH adjustment)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from framing.analysis.frames import LABEL_CONTRAST_COLUMNS, label_contrasts, label_shares


def _docs(n: int = 20) -> pd.DataFrame:
    rows = []
    for i in range(n):
        rows.append({"doc_id": f"a{i}", "source": "A",
                     "frames": ["Economic"] if i % 4 else ["Economic", "Morality"]})
        rows.append({"doc_id": f"b{i}", "source": "B", "frames": [] if i % 2 else ["Morality"]})
    return pd.DataFrame(rows)


@pytest.mark.parametrize(("source", "label", "share"), [
    ("A", "Economic", 1.0), ("A", "Morality", 0.25), ("B", "Economic", 0.0),
    ("B", "Morality", 0.5),
])
def test_shares_are_article_shares_with_intervals(source, label, share):
    out = label_shares(_docs(), "frames", ["Economic", "Morality"], n_boot=300, seed=1)
    row = out[(out["source"] == source) & (out["label"] == label)].iloc[0]
    assert row["estimate"] == pytest.approx(share)
    assert row["ci_low"] <= share <= row["ci_high"] and row["n_articles"] == 20


def test_contrasts_find_the_big_difference_and_adjust_p_values():
    out = label_contrasts(_docs(), "frames", ["Economic", "Morality", "Political"], n_boot=500,
                          seed=2)
    assert list(out.columns) == list(LABEL_CONTRAST_COLUMNS)
    by = out.set_index("label")
    assert by.loc["Economic", "difference"] == pytest.approx(1.0)
    assert bool(by.loc["Economic", "significant"])
    assert by.loc["Political", "difference"] == 0.0 and not bool(by.loc["Political",
                                                                      "significant"])
    assert (out["p_adjusted"] >= out["p_value"] - 1e-12).all()


def test_a_source_with_one_article_gets_no_contrast():
    docs = pd.concat([_docs(4), pd.DataFrame([{"doc_id": "c", "source": "C",
                                               "frames": ["Economic"]}])])
    out = label_contrasts(docs, "frames", ["Economic"], n_boot=100)
    assert "C" not in set(out["source"]) | set(out["versus"])
    assert np.isfinite(out["p_value"]).all()
