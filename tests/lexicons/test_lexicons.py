"""The lexicon layer: categories, valence, emotion shares, tokens, lemmas and the rule."""

from __future__ import annotations

import math
import subprocess
import sys

import pytest

from framing.lexicons import (
    EMOTIONS,
    EMPATH_CATEGORIES,
    categorize,
    data_files,
    detect,
    emotion_profile,
    empath,
    lemma_candidates,
    lexicon_versions,
    normalize,
    nrc,
    persuasion,
    tokenize,
    vader,
    vader_valence,
    word_info,
)
from framing.schema import EMOTION_COLUMNS
from framing.text.words import proper_noun_flags, singular_candidates


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        # not on persuasion-index's lists, nor in EmoLex or Empath: VADER rates it -2.9
        ("warmonger", {"vader:negative"}),
        ("warmongers", {"vader:negative"}),
        ("atrocity", {"nrc:anger", "nrc:disgust", "nrc:fear", "nrc:negative", "nrc:sadness",
                      "empath:crime", "empath:terrorism"}),
        ("atrocities", {"nrc:anger", "nrc:negative", "empath:terrorism"}),  # lemma fallback
        ("Atrocities", {"nrc:negative"}),
        ("brutal", {"vader:negative", "nrc:anger", "nrc:fear", "nrc:negative",
                    "empath:aggression", "empath:war"}),
        ("brutally", {"vader:negative", "empath:aggression"}),
        ("bloodshed", {"nrc:negative", "empath:war", "empath:death", "empath:suffering"}),
        ("violence", {"empath:violence", "vader:negative"}),
        ("evil", {"persuasion:loaded_language", "vader:negative", "nrc:negative"}),
        ("shameful", {"persuasion:loaded_language", "vader:negative"}),
        ("heroic", {"persuasion:loaded_language", "vader:positive", "nrc:joy"}),
        ("liar", {"persuasion:name_calling", "vader:negative"}),
        ("liars", {"persuasion:name_calling"}),
        ("con artist", {"persuasion:name_calling"}),  # a phrase entry
        ("bumbling idiot", {"persuasion:name_calling", "nrc:disgust"}),
        ("brutal atrocity", {"vader:negative", "nrc:sadness", "empath:aggression"}),  # merged
        ("war-torn", {"empath:war", "nrc:fear"}),  # compound: the parts' categories
        ("Putin's", set()),
    ],
)
def test_categories_contain(term: str, expected: set[str]):
    cats = categorize(term)
    assert expected <= set(cats), cats
    assert cats == sorted(set(cats))


@pytest.mark.parametrize("term", ["Tuesday", "apartment", "the", "seventeen", "Klitschko",
                                  "42", "", "...", "metres"])
def test_neutral_words_have_no_categories(term: str):
    assert categorize(term) == []


def test_committee_is_only_trusted():
    # EmoLex associates "committee" with trust; nothing negative, emotive or loaded
    assert categorize("committee") == ["nrc:trust"]


@pytest.mark.parametrize("word", ["criminal", "terrorists", "lying", "fraud"])
def test_measured_exclusions_are_not_persuasion_terms(word: str):
    assert not [c for c in categorize(word) if c.startswith("persuasion:")]


def test_persuasion_lists_fall_back_to_singular_only():
    assert "persuasion:loaded_language" in categorize("pure")
    assert "persuasion:loaded_language" not in categorize("purely")


def test_category_vocabulary():
    for word in ["brutal", "atrocity", "evil", "liar", "heroic", "bloodshed"]:
        for cat in categorize(word):
            source, name = cat.split(":")
            assert source in {"nrc", "vader", "empath", "persuasion"}
            if source == "nrc":
                assert name in nrc.AFFECTS
            if source == "vader":
                assert name in {"negative", "positive"}
            if source == "empath":
                assert name in EMPATH_CATEGORIES
            if source == "persuasion":
                assert name in {"loaded_language", "name_calling"}


def test_empath_categories_are_documented_ones_and_exist():
    assert {"violence", "war", "aggression", "hate", "fear", "anger", "negative_emotion",
            "crime", "death", "terrorism", "suffering"} <= set(EMPATH_CATEGORIES)
    assert set(EMPATH_CATEGORIES) <= set(empath.load_all())


@pytest.mark.parametrize(
    ("term", "expected"),
    [("brutal", -3.1 / 4), ("warmonger", -2.9 / 4), ("heroic", 2.6 / 4), ("Tuesday", None),
     ("atrocity", None)],
)
def test_vader_valence(term: str, expected: float | None):
    got = vader_valence(term)
    if expected is None:
        assert got is None
    else:
        assert got == pytest.approx(expected)
        assert -1.0 <= got <= 1.0


def test_vader_valence_of_a_phrase_is_the_mean():
    assert vader_valence("brutal warmonger") == pytest.approx((-3.1 - 2.9) / 8)
    assert vader_valence("brutal Tuesday") == pytest.approx(-3.1 / 4)


def test_vader_polarity_threshold():
    assert vader.polarity(-0.5) == "negative"
    assert vader.polarity(0.5) == "positive"
    assert vader.polarity(0.49) is None
    assert vader.polarity(None) is None


def test_compounds_are_described_but_carry_no_valence():
    info = word_info("trigger-happy")
    assert info.compound and info.valence is None
    assert emotion_profile(["trigger-happy"]) == dict.fromkeys(EMOTIONS, 0.0)


# -- emotion shares ------------------------------------------------------------------------------

def test_emotions_match_the_scorer_contract():
    assert tuple(EMOTIONS) == tuple(EMOTION_COLUMNS)


def test_emotion_profile_shares():
    prof = emotion_profile(["atrocity", "on", "tuesday", "and"])
    assert list(prof) == list(EMOTION_COLUMNS)
    assert prof["anger"] == pytest.approx(0.25)
    assert prof["joy"] == 0.0
    assert all(0.0 <= v <= 1.0 for v in prof.values())


def test_emotion_profile_accepts_tokens_and_empty_input():
    assert emotion_profile([]) == dict.fromkeys(EMOTIONS, 0.0)
    prof = emotion_profile(tokenize("The ATROCITIES shocked everyone."))
    assert prof["disgust"] == pytest.approx(0.25)


# -- tokens, names and lemmas --------------------------------------------------------------------

def test_tokenize_offsets_and_forms():
    text = "Putin’s war-torn neighbour — “It’s not fair,” he said; Zürich's 42 atrocities."
    toks = tokenize(text)
    # a final 's is cut off (possessive or contraction alike); other apostrophes stay inside
    assert [t.text for t in toks] == ["Putin", "war-torn", "neighbour", "It", "not", "fair",
                                      "he", "said", "Zürich", "atrocities"]
    for t in toks:
        assert text[t.start:t.end] == t.text
        assert t.norm == normalize(t.text)
    assert toks[0].norm == "putin"
    assert [t.norm for t in tokenize("Don’t")] == ["don't"]
    assert tokenize("") == []


def test_proper_noun_flags():
    text = "Last night Vladimir Putin spoke. Trump said: “Stop, Vladimir!” NATO agreed with Hope."
    toks = tokenize(text)
    flagged = {t.text for t, f in zip(toks, proper_noun_flags(text, toks), strict=True) if f}
    assert flagged == {"Vladimir", "Putin", "Hope"}


@pytest.mark.parametrize(
    ("word", "lemma"),
    [("atrocities", "atrocity"), ("warmongers", "warmonger"), ("brutally", "brutal"),
     ("crushes", "crush"), ("stopped", "stop"), ("bombing", "bomb"), ("hated", "hate")],
)
def test_lemma_candidates(word: str, lemma: str):
    cands = lemma_candidates(word)
    assert cands[0] == word
    assert lemma in cands


def test_lemma_candidates_keep_short_stems_out():
    assert lemma_candidates("is") == ("is",)
    assert lemma_candidates("bus") == ("bus",)
    assert singular_candidates("atrocities") == ("atrocities", "atrocity")
    assert singular_candidates("brutally") == ("brutally",)


# -- loading ------------------------------------------------------------------------------------

def test_lexicons_load_once_from_the_package_files():
    assert nrc.load() is nrc.load()
    assert vader.load() is vader.load()
    assert empath.load() is empath.load()
    assert persuasion.load() is persuasion.load()
    assert len(nrc.load()) > 6000
    assert len(vader.load()) > 7000
    assert len(empath.load_all()) == 194
    for name in ("nrc", "vader", "empath", "persuasion"):
        for path in data_files(name):
            assert path.is_file()


def test_lexicon_versions_hash_every_file():
    versions = lexicon_versions()
    assert set(versions) == {"nrc", "vader", "empath", "persuasion"}
    for entry in versions.values():
        hashes = [v for k, v in entry.items() if k not in {"package", "version"}]
        assert hashes and all(len(h) == 64 for h in hashes)


def test_no_lexicon_package_is_imported():
    code = (
        "import sys; from framing.lexicons import categorize, analyze;"
        "categorize('brutal atrocity'); analyze('The brutal warmonger.');"
        "print(sorted(m for m in ('textblob', 'nltk', 'empath', 'nrclex', 'persuasion_index',"
        "'PI_score_generator', 'vaderSentiment') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


# -- the detection rule -------------------------------------------------------------------------

def _features(**kw) -> detect.Features:
    base = {"persuasion": frozenset(), "valence": None, "nrc_negative": 0, "zipf": 3.0,
            "adjective": False, "empath_affect": False, "empath_topic": False}
    return detect.Features(**{**base, **kw})


@pytest.mark.parametrize(
    ("features", "branch"),
    [
        ({"persuasion": frozenset({"name_calling"}), "zipf": 5.0}, "persuasion"),
        ({"valence": -0.7, "zipf": 3.9}, "vader"),
        ({"valence": -0.7, "zipf": 4.1}, None),  # too common
        ({"valence": -0.7, "zipf": 4.1, "adjective": True}, "vader"),
        ({"valence": -0.4, "zipf": 2.0}, None),  # not negative enough
        ({"valence": 0.9, "zipf": 2.0}, None),  # positive words only via the lists
        ({"nrc_negative": 2, "zipf": 3.4}, "nrc"),
        ({"nrc_negative": 2, "zipf": 3.6}, None),
        ({"nrc_negative": 1, "zipf": 2.0}, None),
        ({"valence": -0.1, "nrc_negative": 4, "zipf": 2.0}, None),  # VADER decides if it can
    ],
)
def test_rule_branches(features: dict, branch: str | None):
    assert detect.rule(_features(**features)) == branch


def test_rule_words():
    assert detect.rule(detect.word_features("warmonger")) == "vader"
    assert detect.rule(detect.word_features("atrocities")) == "nrc"
    assert detect.rule(detect.word_features("brutal")) == "vader"
    assert detect.rule(detect.word_features("war")) is None  # strongly negative but common
    assert detect.rule(detect.word_features("killed")) is None
    assert detect.rule(detect.word_features("tuesday")) is None


def test_score_is_a_probability_that_rises_with_rarity_and_lists():
    common, rare = _features(valence=-0.7, zipf=4.5), _features(valence=-0.7, zipf=2.5)
    listed = _features(valence=-0.7, zipf=2.5, persuasion=frozenset({"loaded_language"}))
    scores = [detect.term_score(f) for f in (common, rare, listed)]
    assert all(0.0 < s < 1.0 for s in scores)
    assert scores[0] < scores[1] < scores[2]
    assert detect.term_score(_features(zipf=100.0)) == pytest.approx(0.0, abs=1e-9)
    assert not math.isnan(detect.term_score(_features(zipf=0.0)))


@pytest.mark.parametrize(
    ("word", "person"),
    [("warmonger", True), ("warmongers", True), ("murderer", True), ("killer", True),
     ("aggressor", True), ("terrorist", True), ("danger", False), ("slaughter", False),
     ("disaster", False), ("brutal", False), ("atrocity", False)],
)
def test_person_noun_heuristic(word: str, person: bool):
    assert detect.is_person_noun(word) is person
