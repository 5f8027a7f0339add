"""Group metrics with article-clustered bootstrap intervals (framing.analysis.aggregate)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from framing.analysis.aggregate import (
    AGGREGATE_COLUMNS,
    aggregate,
    available_metrics,
    count_loaded_terms,
    count_words,
    tokenize,
)
from framing.errors import ArgumentError
from framing.schema import EMOTION_COLUMNS


def _term(text: str) -> dict:
    return {"text": text, "start": 0, "end": len(text), "type": "loaded_language",
            "score": 0.9, "categories": ["nrc:anger"], "voice": "author", "speaker": None,
            "target": None}


def _toy() -> pd.DataFrame:
    """Two sources; A has two articles, B one. Word counts 10/10/20 and 5/15."""
    return pd.DataFrame({
        "doc_id": ["a1", "a1", "a2", "b1", "b1"],
        "source": ["A", "A", "A", "B", "B"],
        "text": [" ".join(["word"] * 10), " ".join(["word"] * 10), " ".join(["word"] * 20),
                 " ".join(["w"] * 5), " ".join(["w"] * 15)],
        "loaded_terms": [[_term("thugs")], [], [_term("chaos"), _term("disgrace")],
                         [_term("chaos")], [_term("x"), _term("y"), _term("z")]],
        "voice": ["author", "quoted", "author", "author", "quoted"],
        "sentiment": [-0.5, 0.1, np.nan, 0.4, 0.2],
        "sentiment_label": ["negative", "neutral", None, "positive", "neutral"],
    })


def _corpus(seed: int, n_docs: int = 15, per_doc: int = 8) -> pd.DataFrame:
    """Sources with article-level random effects on every score column."""
    rng = np.random.default_rng(seed)
    rows = []
    for source, shift in (("A", 0.0), ("B", -0.3)):
        for d in range(n_docs):
            u = rng.normal(scale=0.3)
            for i in range(per_doc):
                s = float(np.clip(shift + u + rng.normal(scale=0.2), -1, 1))
                n_words = int(rng.integers(5, 30))
                row = {
                    "doc_id": f"{source}{d}", "source": source, "sent_idx": i,
                    "text": " ".join(["tok"] * n_words), "voice": rng.choice(["author", "quoted"]),
                    "sentiment": s,
                    "sentiment_label": "negative" if s < -0.2 else
                    ("positive" if s > 0.2 else "neutral"),
                    "emotive": float(rng.uniform()),
                    "loaded_terms": [_term("t")] * int(rng.poisson(1.0)),
                }
                row.update({e: float(rng.uniform(0, 0.2)) for e in EMOTION_COLUMNS})
                rows.append(row)
    return pd.DataFrame(rows)


@pytest.mark.parametrize(("text", "lower", "words"), [
    ("Don't panic - a well-known, 3-day crisis!", True,
     ["don't", "panic", "a", "well-known", "day", "crisis"]),
    ("Ça va?", False, ["Ça", "va"]),
    ("Putin's troops and the U.S. army", True, ["putin", "troops", "and", "the", "u", "s", "army"]),
    ("In 2024, 40% rose by $5m", True, ["in", "rose", "by", "m"]),
    ("Don’t", True, ["don't"]),
    ("Don’t", False, ["Don’t"]),
    (None, True, []),
])
def test_tokenizer_is_the_lexicon_tokenizer(text, lower, words):
    """Words are letters with inner apostrophes or hyphens, as in framing.text.words."""
    assert tokenize(text, lower=lower) == words


@pytest.mark.parametrize(("text", "count"), [
    ("one two  three.", 3), ("", 0), ("Rates rose 3% in 2024.", 3), ("a well-known fact", 3),
])
def test_count_words_counts_tokenizer_words(text, count):
    assert count_words([text])[0] == count


def test_count_words_missing_text_is_nan():
    assert math.isnan(count_words([None])[0])


def test_loaded_rate_and_emotion_shares_count_the_same_words():
    """Every word the lexicons see is a word of the loaded-terms rate, and no other."""
    from framing.text.words import tokenize as lexicon_tokens

    text = "Putin's 3 thugs—well-known U.S. 'critics'—rose 40% in 2024."
    assert count_words([text])[0] == len(lexicon_tokens(text))


def test_loaded_term_counts_distinguish_empty_from_missing():
    counts = count_loaded_terms([[_term("a"), _term("b")], [], None, np.array([_term("c")])])
    assert counts[:2].tolist() == [2.0, 0.0] and math.isnan(counts[2]) and counts[3] == 1.0


def test_rate_per_1000_words_on_toy_table():
    out = aggregate(_toy(), by=["source"], metrics=["loaded_per_1000_words"], n_boot=200)
    rate = out.set_index("source")["estimate"]
    assert rate["A"] == pytest.approx(1000 * 3 / 40)  # 1 + 0 + 2 terms over 10 + 10 + 20 words
    assert rate["B"] == pytest.approx(1000 * 4 / 20)


def test_rate_ignores_unscored_sentences_and_counts_them():
    table = _toy()
    table.at[2, "loaded_terms"] = None  # not scored: drop its words too
    row = aggregate(table, metrics=["loaded_per_1000_words"], n_boot=200).iloc[0]
    assert row["estimate"] == pytest.approx(1000 * 1 / 20)
    assert row["n_missing"] == 1 and row["n_sentences"] == 2 and "excluded" in row["note"]


def test_rate_survives_parquet_round_trip(tmp_path):
    path = tmp_path / "s.parquet"
    _toy().to_parquet(path)
    back = pd.read_parquet(path)
    a = aggregate(_toy(), metrics=["loaded_per_1000_words"], n_boot=200)
    b = aggregate(back, metrics=["loaded_per_1000_words"], n_boot=200)
    pd.testing.assert_frame_equal(a, b)


def test_group_with_one_article_has_nan_interval_and_note():
    out = aggregate(_toy(), metrics=["mean_sentiment", "share_negative"], n_boot=200)
    b = out[out["source"] == "B"]
    assert len(b) == 2
    assert b["estimate"].notna().all()
    assert b["ci_low"].isna().all() and b["ci_high"].isna().all()
    assert b["note"].str.contains("fewer than 2 articles").all()
    assert (b["n_articles"] == 1).all()


def test_per_article_grouping_has_estimates_but_no_intervals():
    out = aggregate(_toy(), by="doc_id", metrics=["mean_sentiment"], n_boot=200)
    assert out["doc_id"].tolist() == ["a1", "a2", "b1"]
    assert out.loc[0, "estimate"] == pytest.approx(-0.2)
    assert out["ci_low"].isna().all()
    # a2's only sentence has no score: NaN estimate with a note, not zero
    assert math.isnan(out.loc[1, "estimate"]) and out.loc[1, "n_missing"] == 1
    assert "no usable sentences" in out.loc[1, "note"]


def test_missing_scores_are_excluded_and_counted():
    out = aggregate(_toy(), metrics=["mean_sentiment", "share_negative"], n_boot=200)
    a = out[out["source"] == "A"].set_index("metric")
    assert a.loc["mean_sentiment", "estimate"] == pytest.approx(-0.2)
    assert a.loc["mean_sentiment", "n_sentences"] == 2
    assert a.loc["mean_sentiment", "n_missing"] == 1
    assert "1 sentence(s) with missing values excluded" in a.loc["mean_sentiment", "note"]
    assert a.loc["share_negative", "estimate"] == pytest.approx(0.5)
    assert a.loc["mean_sentiment", "n_articles"] == 1  # a2 has no usable sentence


def test_estimates_match_pooled_means_and_intervals_cover_them(seed):
    table = _corpus(seed)
    out = aggregate(table, by=["source"], seed=3, n_boot=500)
    assert list(out.columns) == ["source", *AGGREGATE_COLUMNS]
    est = out.set_index(["source", "metric"])
    for source, grp in table.groupby("source"):
        assert est.loc[(source, "mean_sentiment"), "estimate"] == pytest.approx(
            grp["sentiment"].mean())
        assert est.loc[(source, "share_negative"), "estimate"] == pytest.approx(
            (grp["sentiment_label"] == "negative").mean())
        assert est.loc[(source, "mean_emotive"), "estimate"] == pytest.approx(
            grp["emotive"].mean())
        for e in EMOTION_COLUMNS:
            assert est.loc[(source, f"emotion_{e}"), "estimate"] == pytest.approx(grp[e].mean())
        n_terms = grp["loaded_terms"].map(len).sum()
        n_words = grp["text"].str.split().map(len).sum()
        assert est.loc[(source, "loaded_per_1000_words"), "estimate"] == pytest.approx(
            1000 * n_terms / n_words)
    assert (out["ci_low"] <= out["estimate"]).all() and (out["estimate"] <= out["ci_high"]).all()
    assert (out["n_articles"] == 15).all() and (out["n_sentences"] == 120).all()
    assert (out["note"] == "").all()


def test_interval_covers_the_true_mean_and_is_seeded(seed):
    table = _corpus(seed, n_docs=40)
    out = aggregate(table, metrics=["mean_sentiment"], seed=5, n_boot=1000)
    b = out.set_index("source").loc["B"]
    assert b["ci_low"] < -0.3 < b["ci_high"]
    again = aggregate(table, metrics=["mean_sentiment"], seed=5, n_boot=1000)
    pd.testing.assert_frame_equal(out, again)


def test_clustered_interval_is_wider_than_sentence_level(seed):
    table = _corpus(seed)
    clustered = aggregate(table, metrics=["mean_sentiment"], n_boot=1000)
    table = table.assign(one=np.arange(len(table)))  # every sentence its own cluster
    naive = aggregate(table, metrics=["mean_sentiment"], n_boot=1000, cluster="one")
    width_c = clustered["ci_high"] - clustered["ci_low"]
    width_n = naive["ci_high"] - naive["ci_low"]
    assert (width_c > 1.5 * width_n).all()


def test_grouping_by_several_columns_and_whole_table(seed):
    table = _corpus(seed)
    out = aggregate(table, by=["source", "voice"], metrics=["mean_sentiment"], n_boot=200)
    assert len(out) == 4
    assert out[["source", "voice"]].apply(tuple, axis=1).tolist() == [
        ("A", "author"), ("A", "quoted"), ("B", "author"), ("B", "quoted")]
    total = aggregate(table, by=None, metrics=["mean_sentiment"], n_boot=200)
    assert len(total) == 1 and total.loc[0, "n_sentences"] == len(table)
    assert total.loc[0, "estimate"] == pytest.approx(table["sentiment"].mean())


def test_missing_group_values_form_their_own_group(seed):
    table = _corpus(seed)
    table["topic"] = np.where(table["source"] == "A", "economy", None)
    out = aggregate(table, by="topic", metrics=["mean_sentiment"], n_boot=200)
    assert len(out) == 2 and out["topic"].iloc[0] == "economy" and pd.isna(out["topic"].iloc[1])


def test_absent_columns_are_skipped_unknown_metrics_rejected():
    table = _toy()
    assert available_metrics(table) == [
        "mean_sentiment", "share_negative", "share_positive", "loaded_per_1000_words"]
    out = aggregate(table, metrics=["mean_emotive", "emotions", "mean_sentiment"], n_boot=200)
    assert set(out["metric"]) == {"mean_sentiment"}
    with pytest.raises(ArgumentError, match="unknown metric"):
        aggregate(table, metrics=["mean_sentimnet"])
    with pytest.raises(ArgumentError, match="topic"):
        aggregate(table, by=["topic"])


def test_emotions_shorthand_expands_to_all_eight(seed):
    out = aggregate(_corpus(seed), metrics=["emotions"], n_boot=100)
    assert set(out["metric"]) == {f"emotion_{e}" for e in EMOTION_COLUMNS}


def test_group_without_words_has_undefined_rate():
    table = _toy()
    table.loc[table["source"] == "B", "text"] = "..."
    b = aggregate(table, metrics=["loaded_per_1000_words"], n_boot=200).iloc[1]
    assert math.isnan(b["estimate"]) and "undefined" in b["note"]
