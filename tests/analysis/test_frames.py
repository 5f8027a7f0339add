"""Frame shares and pairwise contrasts per source (article bootstrap, BH adjustment)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from framing.analysis.frames import (
    ADJUSTED_CONTRAST_COLUMNS,
    LABEL_CONTRAST_COLUMNS,
    adjusted_contrasts,
    label_contrasts,
    label_shares,
)


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


def _genre_docs(opinion_a: int, opinion_b: int, moral_a: float, moral_b: float,
                n: int = 40) -> pd.DataFrame:
    """Sources A and B with ``opinion_*`` opinion pieces of ``n``; Morality only in opinion,
    in the share ``moral_*`` of each source's opinion pieces."""
    rows = []
    for source, n_op, moral in (("A", opinion_a, moral_a), ("B", opinion_b, moral_b)):
        for i in range(n):
            genre = "opinion" if i < n_op else "reporting"
            framed = genre == "opinion" and i < round(moral * n_op)
            rows.append({"doc_id": f"{source}{i}", "source": source, "genre": genre,
                         "frames": ["Morality"] if framed else ["Economic"]})
    return pd.DataFrame(rows)


def test_genre_adjustment_removes_a_difference_that_is_only_the_genre_mix():
    docs = _genre_docs(opinion_a=30, opinion_b=10, moral_a=1.0, moral_b=1.0)
    crude = label_contrasts(docs, "frames", ["Morality"], n_boot=400, seed=3).iloc[0]
    adjusted = adjusted_contrasts(docs, "frames", ["Morality"], n_boot=400, seed=3).iloc[0]
    assert crude["difference"] == pytest.approx(0.5) and bool(crude["significant"])
    assert adjusted["difference"] == pytest.approx(0.0, abs=1e-12)
    assert not bool(adjusted["significant"]) and adjusted["strata"] == "opinion+reporting"


def test_genre_adjustment_keeps_a_difference_within_genre_at_the_pooled_mix():
    docs = _genre_docs(opinion_a=20, opinion_b=20, moral_a=0.8, moral_b=0.2)
    out = adjusted_contrasts(docs, "frames", ["Morality", "Economic"], n_boot=400, seed=4)
    assert list(out.columns) == list(ADJUSTED_CONTRAST_COLUMNS)
    row = out.set_index("label").loc["Morality"]
    assert row["difference"] == pytest.approx(0.5 * 0.6)  # opinion weight 40/80, gap 0.6
    assert row["ci_low"] < row["difference"] < row["ci_high"] and bool(row["significant"])
    assert (row["n_articles"], row["n_articles_versus"]) == (40, 40)


def test_genre_adjustment_uses_only_strata_both_sources_have():
    docs = _genre_docs(opinion_a=20, opinion_b=0, moral_a=1.0, moral_b=0.0)
    docs.loc[docs["doc_id"] == "A25", "genre"] = None  # no genre: left out
    row = adjusted_contrasts(docs, "frames", ["Morality"], n_boot=200, seed=5).iloc[0]
    assert row["strata"] == "reporting" and row["difference"] == 0.0
    assert (row["n_articles"], row["n_articles_versus"]) == (19, 40)
    alone = docs[docs["genre"] != "reporting"]
    assert adjusted_contrasts(alone, "frames", ["Morality"], n_boot=100).empty
