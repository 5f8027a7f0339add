"""The lexicon-only emotive scorer ``emotive.lexicon.v1``."""

from __future__ import annotations

import json
import math
import time
from pathlib import Path

import pandas as pd
import pytest

from framing.schema import EMOTION_COLUMNS, LOADED_TERM_FIELDS, TERM_TYPES
from framing.scoring import available_scorers, cache_key, get_scorer
from framing.text.segment import segment

NAME = "emotive.lexicon.v1"
COLUMNS = ["lex_emotive", "lex_loaded_terms", *(f"lex_{e}" for e in EMOTION_COLUMNS)]
SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
SEED_ARTICLE = SEEDS / "mirror_2025_klitschko_kharkiv.txt"
DEMO = Path(__file__).resolve().parents[2] / "data" / "demo" / "articles.jsonl"

NEUTRAL = [
    "The committee will meet again on Thursday.",
    "The meeting is scheduled for Tuesday at the town hall.",
    "The report has 42 pages and three appendices.",
    "Putin’s rebuff to Trump came as the Russian leader is today expected to hold more talks "
    "in Moscow with the US president’s special envoy Steve Witkoff.",
    "Kharkiv mayor Ihor Terekhov said: “As of now, five strikes have been recorded in Kharkiv.",
]


@pytest.fixture(scope="module")
def scorer():
    return get_scorer(NAME, device="cpu", batch_size=8)


def _check_frame(out: pd.DataFrame, n: int) -> None:
    assert list(out.columns) == COLUMNS
    assert list(out.index) == list(range(n))
    assert out["lex_emotive"].dtype == "float64"
    assert out["lex_emotive"].between(0.0, 1.0).all()
    for col in COLUMNS[2:]:
        assert out[col].dtype == "float64"
        assert out[col].between(0.0, 1.0).all(), col
    for sentence_terms, emotive in zip(out["lex_loaded_terms"], out["lex_emotive"],
                                       strict=True):
        assert isinstance(sentence_terms, list)
        assert emotive == pytest.approx(1.0 - math.prod(1.0 - t["score"]
                                                        for t in sentence_terms))
        for term in sentence_terms:
            assert list(term) == list(LOADED_TERM_FIELDS)
            assert term["type"] in TERM_TYPES
            assert 0.0 <= term["score"] <= 1.0
            assert isinstance(term["categories"], list) and term["categories"]
            assert all(isinstance(c, str) and ":" in c for c in term["categories"])
            assert term["voice"] == "author"
            assert term["speaker"] is None and term["target"] is None
            assert isinstance(term["start"], int) and isinstance(term["end"], int)


def test_registered_with_lex_prefixed_columns(scorer):
    assert NAME in available_scorers()
    assert list(scorer.columns) == COLUMNS
    assert all(c.startswith("lex_") for c in scorer.columns)
    assert cache_key(scorer).startswith(f"{NAME}|1|lexicons-")


def test_seed_article_terms(scorer, seed_article_path: Path):
    sentences = [s.text for s in segment(seed_article_path.read_text(encoding="utf-8"))]
    out = scorer.score(sentences)
    _check_frame(out, len(sentences))
    found: dict[str, dict] = {}
    for sentence, terms in zip(sentences, out["lex_loaded_terms"], strict=True):
        for term in terms:
            assert sentence[term["start"]:term["end"]] == term["text"]
            found[term["text"].lower()] = term
    assert {"warmonger", "atrocity", "brutal"} <= set(found)
    assert found["warmonger"]["type"] == "name_calling"
    assert "vader:negative" in found["warmonger"]["categories"]
    assert found["atrocity"]["type"] == "loaded_language"
    assert {"nrc:anger", "empath:crime"} <= set(found["atrocity"]["categories"])
    assert {"vader:negative", "empath:aggression"} <= set(found["brutal"]["categories"])
    # the cookie notice at the end of the page is not emotive
    cookie = [i for i, s in enumerate(sentences) if "cookies" in s.lower()]
    assert cookie and all(out.loc[i, "lex_emotive"] == 0.0 for i in cookie)


def test_seed_path_is_beside_the_repo():
    if not SEED_ARTICLE.is_file():
        pytest.skip("seed article not present")
    assert SEED_ARTICLE.parent == SEEDS


def test_offsets_are_sentence_relative(scorer):
    sentences = ["  The warmongers’ atrocities were BRUTAL.", "He is a con artist and a "
                 "bumbling idiot!", "Critics called the decision a shameful betrayal of voters."]
    out = scorer.score(sentences)
    _check_frame(out, 3)
    texts = [[(t["text"], t["type"]) for t in terms] for terms in out["lex_loaded_terms"]]
    assert texts[0] == [("warmongers", "name_calling"), ("atrocities", "loaded_language"),
                        ("BRUTAL", "loaded_language")]
    assert texts[1] == [("con artist", "name_calling"), ("bumbling idiot", "name_calling")]
    assert texts[2] == [("shameful betrayal", "loaded_language")]
    for sentence, terms in zip(sentences, out["lex_loaded_terms"], strict=True):
        for t in terms:
            assert sentence[t["start"]:t["end"]] == t["text"]


def test_neutral_sentences_are_not_flagged(scorer):
    out = scorer.score(NEUTRAL)
    _check_frame(out, len(NEUTRAL))
    assert out["lex_loaded_terms"].map(len).eq(0).all()
    assert (out["lex_emotive"] == 0.0).all()


def test_empty_sentences_give_no_terms_and_zeros(scorer):
    out = scorer.score(["", "   ", "42 — 17.", None, float("nan")])
    _check_frame(out, 5)
    assert out["lex_loaded_terms"].map(len).eq(0).all()
    assert (out[COLUMNS[0:1] + COLUMNS[2:]] == 0.0).all().all()
    empty = scorer.score([])
    assert list(empty.columns) == COLUMNS and len(empty) == 0


def test_emotion_shares(scorer):
    out = scorer.score(["The atrocity was on Tuesday.", "He met Trump on Tuesday.",
                        "It was a trump card."])
    assert out.loc[0, "lex_anger"] == pytest.approx(1 / 5)
    assert out.loc[0, "lex_sadness"] == pytest.approx(1 / 5)
    assert out.loc[0, "lex_joy"] == 0.0
    assert out.loc[1, "lex_surprise"] == 0.0  # a name, not EmoLex's "trump"
    assert out.loc[2, "lex_surprise"] > 0.0


def test_cells_are_independent_lists(scorer):
    out = scorer.score(["The brutal strike.", "The brutal strike."])
    a, b = out["lex_loaded_terms"]
    assert a == b and a is not b
    a[0]["categories"].append("x")
    assert "x" not in scorer.score(["The brutal strike."]).loc[0, "lex_loaded_terms"][0][
        "categories"]


def test_identity(scorer):
    assert scorer.fingerprint() == get_scorer(NAME).fingerprint()
    prov = scorer.provenance()
    assert prov["scorer"] == NAME and prov["version"] == "1"
    assert set(prov["lexicons"]) == {"nrc", "vader", "empath", "persuasion"}
    assert prov["settings"]["zipf_max_vader"] == 4.0
    json.dumps(prov)


def test_constructor_loads_nothing():
    sc = get_scorer(NAME, device="cpu", batch_size=3)
    assert vars(sc) == {"dictionary": None, "stoplist": None}  # the shared ones are dropped


def test_demo_tabloid_is_more_emotive_than_the_wire(scorer):
    rows = [json.loads(line) for line in DEMO.read_text(encoding="utf-8").splitlines()]
    means = {}
    for prefix in ("orrinford-", "thunderclap-"):
        sentences = [s.text for r in rows if r["doc_id"].startswith(prefix)
                     for s in segment(r["text"])]
        means[prefix] = scorer.score(sentences)["lex_emotive"].mean()
    assert means["thunderclap-"] > 3 * means["orrinford-"]


def test_speed(scorer):
    sentences = NEUTRAL * 200 + ["The brutal warmonger ordered another atrocity."] * 1000
    scorer.score(sentences[:10])
    t0 = time.perf_counter()
    scorer.score(sentences)
    assert time.perf_counter() - t0 < 2.0  # ~20,000 sentences/s on a laptop core


@pytest.mark.shared_data
@pytest.mark.slow
def test_rule_measured_on_ptc(shared_dir: Path):
    ptc = shared_dir / "data" / "ptc"
    if not (ptc / "train-task2-TC.labels").is_file():
        pytest.skip("PTC training data not present")
    from framing.lexicons import detect
    from framing.training import lexicon as calibrate

    df, n_spans = calibrate.ptc_tokens(ptc)
    table = calibrate.rule_table(df, n_spans, ptc)
    rule = table.loc["rule (all branches)"]
    brief = table.loc["lists + VADER<=-0.5 & (Empath|EmoLex neg.)"]
    assert rule["token_precision"] > 0.25 > brief["token_precision"]
    assert rule["span_recall"] > 0.2
    coef, quality = calibrate.fit_score(df)
    assert quality["cv_roc_auc"] > 0.7
    for key, value in detect.SCORE_COEFFICIENTS.items():
        assert coef[key] == pytest.approx(value, abs=0.05), key
