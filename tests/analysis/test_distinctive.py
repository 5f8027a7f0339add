"""Fightin' Words log-odds with an informative Dirichlet prior (framing.analysis.distinctive)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from framing.analysis.distinctive import (
    DISTINCTIVE_COLUMNS,
    STOPWORDS,
    default_stopwords,
    fightin_words,
    loaded_term_tokens,
    log_odds_dirichlet,
    resolve_stopwords,
)
from framing.errors import ArgumentError

VOCAB = ["market", "vote", "border", "minister", "report", "crowd", "river", "school",
         "budget", "police", "storm", "court"]
SHARED = "crisis"  # same rate everywhere
PLANTED = {"B": "bloodbath"}  # only source B uses it


def _term(text: str) -> dict:
    return {"text": text, "start": 0, "end": len(text), "type": "loaded_language",
            "score": 0.8, "categories": [], "voice": "author", "speaker": None, "target": None}


def _corpus(seed: int, n_sent: int = 150) -> pd.DataFrame:
    """Three sources drawing words from one distribution; B adds a planted word."""
    rng = np.random.default_rng(seed)
    rows = []
    for source in ("A", "B", "C"):
        for i in range(n_sent):
            words = list(rng.choice(VOCAB, size=8))
            terms = [_term(w.title()) for w in rng.choice(VOCAB, size=2)]
            if i % 2 == 0:
                words.append(SHARED)
                terms.append(_term(SHARED.upper()))
            if source in PLANTED and i % 5 == 0:
                words.append(PLANTED[source])
                terms.append(_term(f" {PLANTED[source].capitalize()} "))
            rng.shuffle(words)
            rows.append({"doc_id": f"{source}{i // 10}", "source": source,
                         "text": "The " + " ".join(words) + ".", "loaded_terms": terms})
    return pd.DataFrame(rows)


@pytest.mark.parametrize("mode", ["loaded", "words"])
def test_planted_term_ranks_first_and_shared_term_is_near_zero(seed, mode):
    out = fightin_words(_corpus(seed), mode=mode)
    assert list(out.columns) == ["source", *DISTINCTIVE_COLUMNS]
    b = out[out["source"] == "B"].reset_index(drop=True)
    assert b.loc[0, "term"] == "bloodbath"
    assert b.loc[0, "z"] > 1.96 and b.loc[0, "log_odds"] > 0
    assert b.loc[0, "count_source"] == 30 and b.loc[0, "count_rest"] == 0
    for source in ("A", "C"):
        row = out[(out["source"] == source) & (out["term"] == "bloodbath")].iloc[0]
        assert row["z"] < 0
    shared = out[out["term"] == SHARED]
    assert len(shared) == 3 and (shared["z"].abs() < 1.0).all()


def test_loaded_terms_are_lower_cased_and_whitespace_normalised():
    assert loaded_term_tokens([_term(" Blood  Bath "), _term("THUGS"), {"text": None}]) == [
        "blood bath", "thugs"]
    assert loaded_term_tokens(None) == [] and loaded_term_tokens(float("nan")) == []


def test_log_odds_matches_hand_computation():
    # a = [3, 1], b = [1, 3], prior [1, 1] (a0 = 2), n_a = n_b = 4:
    # delta_0 = log(4 / 2) - log(2 / 4) = log 4; var = 1/4 + 1/2
    delta, se = log_odds_dirichlet(np.array([3, 1]), np.array([1, 3]), np.array([1.0, 1.0]))
    assert delta == pytest.approx([math.log(4), -math.log(4)])
    assert se == pytest.approx([math.sqrt(0.75), math.sqrt(0.75)])


def test_prior_is_scaled_corpus_counts():
    table = pd.DataFrame({"source": ["A", "B"], "text": ["x x x y", "x y y y y y"]})
    out = fightin_words(table, mode="words", alpha_0=5.0).set_index(["source", "term"])
    # corpus: x 4, y 6 of 10 -> prior x 2.0, y 3.0; A: x 3 of 4, rest: x 1 of 6
    expected = math.log((3 + 2) / (4 + 5 - 3 - 2)) - math.log((1 + 2) / (6 + 5 - 1 - 2))
    assert out.loc[("A", "x"), "log_odds"] == pytest.approx(expected)
    assert out.loc[("A", "x"), "z"] == pytest.approx(expected / math.sqrt(1 / 5 + 1 / 3))
    default = fightin_words(table, mode="words").set_index(["source", "term"])
    same = fightin_words(table, mode="words", alpha_0=1.0).set_index(["source", "term"])
    assert default["z"].to_numpy() == pytest.approx(same["z"].to_numpy())  # 0.1 * 10 tokens


def test_two_sources_are_mirror_images(seed):
    table = _corpus(seed)
    out = fightin_words(table[table["source"] != "C"], mode="words")
    a = out[out["source"] == "A"].set_index("term")
    b = out[out["source"] == "B"].set_index("term").loc[a.index]
    assert a["z"].to_numpy() == pytest.approx(-b["z"].to_numpy())
    assert (a["count_source"] == b["count_rest"]).all()


def test_counts_add_up_and_rows_are_sorted(seed):
    table = _corpus(seed)
    out = fightin_words(table, mode="words")
    totals = out.groupby("term")[["count_source"]].sum()["count_source"]
    per_row = out["count_source"] + out["count_rest"]
    assert (per_row.to_numpy() == totals.loc[out["term"]].to_numpy()).all()
    assert out["source"].is_monotonic_increasing
    for _, grp in out.groupby("source"):
        assert grp["z"].is_monotonic_decreasing


def test_stopwords_are_optional(seed):
    table = _corpus(seed)
    assert "the" in set(fightin_words(table, mode="words")["term"])
    assert "the" in STOPWORDS
    assert "the" not in set(fightin_words(table, mode="words", stopwords=True)["term"])
    custom = fightin_words(table, mode="words", stopwords=["Market"])
    assert "market" not in set(custom["term"]) and "the" in set(custom["term"])


@pytest.mark.parametrize(("word", "stop"), [
    ("the", True), ("or", True), ("are", True), ("would", True),
    ("don't", True), ("they're", True), ("won't", True), ("isn't", True),  # tokenizer forms
    ("said", False), ("minister", False), ("bloodbath", False), ("crisis", False),
])
def test_default_stopwords_are_spacy_function_words_in_tokenizer_form(word, stop):
    from spacy.lang.en.stop_words import STOP_WORDS

    assert (word in default_stopwords()) is stop
    assert (word in STOPWORDS) is stop  # the exported set is the same list
    assert {w.replace("\u2019", "'") for w in STOP_WORDS} <= default_stopwords()


@pytest.mark.parametrize(("setting", "expected"), [
    (False, None), (None, None), ("none", None), ([], None),
    (["Market", "Trump's"], {"market", "trump"}),  # normalised like the tokenizer's words
])
def test_resolve_stopwords(setting, expected):
    got = resolve_stopwords(setting)
    assert (got if got is None else set(got)) == expected


def test_resolve_stopwords_default_and_extended():
    assert resolve_stopwords(True) == resolve_stopwords("default") == default_stopwords()
    extended = resolve_stopwords(["default", "Said"])
    assert extended == default_stopwords() | {"said"}
    with pytest.raises(ArgumentError, match="'default', 'none'"):
        resolve_stopwords("english")


def test_min_count_below_one_is_refused(seed):
    with pytest.raises(ArgumentError, match="min_count"):
        fightin_words(_corpus(seed, n_sent=20), min_count=0)


def test_top_and_min_count(seed):
    table = _corpus(seed)
    top = fightin_words(table, mode="loaded", top=3)
    assert top.groupby("source").size().tolist() == [3, 3, 3]
    frequent = fightin_words(table, mode="loaded", min_count=100)
    assert "bloodbath" not in set(frequent["term"]) and SHARED in set(frequent["term"])


def test_loaded_mode_survives_parquet_round_trip(seed, tmp_path):
    table = _corpus(seed, n_sent=40)
    table.to_parquet(tmp_path / "s.parquet")
    back = pd.read_parquet(tmp_path / "s.parquet")
    pd.testing.assert_frame_equal(fightin_words(table), fightin_words(back))


def test_other_grouping_column(seed):
    table = _corpus(seed, n_sent=40)
    table["voice"] = np.where(table["source"] == "B", "quoted", "author")
    out = fightin_words(table, by="voice")
    assert out.columns[0] == "voice"
    assert out[out["voice"] == "quoted"].iloc[0]["term"] == "bloodbath"


def test_clear_errors(seed):
    table = _corpus(seed, n_sent=20)
    with pytest.raises(ArgumentError, match="at least 2"):
        fightin_words(table[table["source"] == "A"])
    with pytest.raises(ArgumentError, match="loaded_terms"):
        fightin_words(table.drop(columns=["loaded_terms"]))
    with pytest.raises(ArgumentError, match="alpha_0"):
        fightin_words(table, alpha_0=0)
    one_term = pd.DataFrame({"source": ["A", "B"], "text": ["x x", "x"]})
    with pytest.raises(ArgumentError, match="2 distinct terms"):
        fightin_words(one_term, mode="words")
