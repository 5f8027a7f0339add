"""The word-level detector: decoding, one story per sentence, and its artifact checks."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from framing.errors import ConfigError, ModelUnavailableError
from framing.models.artifacts import EMOTIVE_WORDS_DIR
from framing.scoring import get_scorer
from framing.scoring.emotive_words import WORD_FEATURES, can_be_term, decode_words, word_matrix

TYPES = ["loaded_language", "name_calling"]


def _words(text: str) -> list[tuple[int, int, list[int]]]:
    out, pos = [], 0
    for k, w in enumerate(text.split()):
        start = text.index(w, pos)
        out.append((start, start + len(w), [k]))
        pos = start + len(w)
    return out


@pytest.mark.parametrize(("text", "p", "types", "expected"), [
    # one word over the threshold
    ("a brutal strike", [0.0, 0.8, 0.1], [[.1, .1], [.9, .1], [.2, .1]],
     [("brutal", "loaded_language", 0.8)]),
    # two consecutive words of one type: one term, scored by its strongest word
    ("the Russian warmonger said", [0.0, 0.5, 0.9, 0.0],
     [[.1, .1], [.1, .6], [.1, .9], [.1, .1]], [("Russian warmonger", "name_calling", 0.9)]),
    # consecutive words of different types: two terms
    ("brutal thugs", [0.6, 0.7], [[.9, .1], [.1, .9]],
     [("brutal", "loaded_language", 0.6), ("thugs", "name_calling", 0.7)]),
    # nothing at the threshold
    ("prices rose", [0.3, 0.39], [[.9, .1], [.9, .1]], []),
    # the threshold itself counts; edge punctuation is trimmed
    ("an atrocity.", [0.0, 0.4], [[.1, .1], [.9, .1]], [("atrocity", "loaded_language", 0.4)]),
])
def test_decode_words(text, p, types, expected):
    words = _words(text)
    spans = decode_words(text, words, np.asarray(p), np.asarray(types), TYPES, [0.5, 0.5], 0.4)
    assert [(text[s:e], k, round(sc, 3)) for s, e, k, sc in spans] == expected


def test_function_words_and_punctuation_cannot_be_terms():
    text = "the - brutal of"
    assert can_be_term(text, _words(text)).tolist() == [False, False, True, False]


def test_word_matrix_has_one_row_per_word_and_the_named_columns():
    text = "The brutal warmonger"
    probs = np.array([[0.1, 0.0], [0.9, 0.1], [0.2, 0.8]])
    feats, type_probs = word_matrix(text, probs, _words(text))
    assert feats.shape == (3, len(WORD_FEATURES))
    col = {name: i for i, name in enumerate(WORD_FEATURES)}
    assert feats[1, col["logit_loaded_language"]] == pytest.approx(np.log(0.9 / 0.1))
    assert feats[1, col["previous_word_p"]] == pytest.approx(0.1)
    assert feats[1, col["next_word_p"]] == pytest.approx(0.8)
    assert feats[:, col["first_word"]].tolist() == [1, 0, 0]
    assert feats[:, col["capitalised"]].tolist() == [1, 0, 0]
    assert type_probs.tolist() == probs.tolist()


SENTENCES = [
    "The devastating explosions destroyed an apartment block in the latest atrocity ordered by "
    "the Russian warmonger.",
    "The committee will meet on Tuesday to discuss the budget.",
    "Stop, Vladimir, this brutal war must end.",
    "Prices of wheat were trading at record highs in Chicago.",
    "These corrupt, lying thugs have ruined the country.",
]


@pytest.fixture(scope="module")
def words_scorer():
    return get_scorer("emotive.minilm-words.v1", device="cpu")


def test_one_story_emotive_at_threshold_exactly_when_terms(words_scorer):
    threshold = json.loads((EMOTIVE_WORDS_DIR / "card.json").read_text())["threshold"]
    out = words_scorer.score(SENTENCES)
    for emotive, terms in zip(out["emotive"], out["loaded_terms"], strict=True):
        assert (emotive >= threshold) == bool(terms)
        if terms:
            assert emotive == pytest.approx(max(t["score"] for t in terms), abs=1e-6)
    assert bool(out.loc[1, "loaded_terms"]) is False  # plain reporting


def test_seed_terms_found_and_neutral_words_not(words_scorer):
    out = words_scorer.score(SENTENCES[:1] + ["Putin has vowed to smash the biggest country."])
    found = " ".join(t["text"].lower() for t in out.loc[0, "loaded_terms"])
    assert "atrocity" in found and "warmonger" in found
    assert all("country" not in t["text"] for t in out.loc[1, "loaded_terms"])


def test_stoplist_removes_terms_and_their_share_of_emotive(words_scorer, tmp_path):
    stop = tmp_path / "stop.txt"
    stop.write_text("atrocity\nwarmonger\ndevastating\n")
    plain = words_scorer.score(SENTENCES[:1])
    filtered = get_scorer("emotive.minilm-words.v1", device="cpu", stoplist=stop).score(
        SENTENCES[:1])
    kept = {t["text"].lower() for t in filtered.loc[0, "loaded_terms"]}
    assert not kept & {"atrocity", "warmonger", "devastating"}
    assert filtered.loc[0, "emotive"] <= plain.loc[0, "emotive"]


@pytest.mark.parametrize(("edit", "match"), [
    (lambda c: c.update(features=c["features"][:-1]), "other features"),
    (lambda c: c.update(tagger_sha256="0" * 64), "another tagger branch"),
])
def test_mismatched_head_is_refused(tmp_path, edit, match):
    folder = tmp_path / "head"
    shutil.copytree(EMOTIVE_WORDS_DIR, folder)
    card = json.loads((folder / "card.json").read_text())
    edit(card)
    (folder / "card.json").write_text(json.dumps(card))
    with pytest.raises(ModelUnavailableError, match=match):
        get_scorer("emotive.minilm-words.v1", device="cpu", head_dir=folder).score(["x"])


def test_a_higher_threshold_keeps_fewer_terms_and_the_same_story():
    plain = get_scorer("emotive.minilm-words.v1", device="cpu")
    strict = get_scorer("emotive.minilm-words.v1", device="cpu", threshold=0.5)
    a, b = plain.score(SENTENCES), strict.score(SENTENCES)
    assert sum(map(len, b["loaded_terms"])) < sum(map(len, a["loaded_terms"]))
    np.testing.assert_allclose(a["emotive"], b["emotive"])  # same probabilities
    for emotive, terms in zip(b["emotive"], b["loaded_terms"], strict=True):
        assert (emotive >= 0.5) == bool(terms)
    assert plain.fingerprint() != strict.fingerprint()
    assert strict.provenance()["word_threshold"] == 0.5


@pytest.mark.parametrize("bad", [0.0, -0.1, 1.5])
def test_threshold_outside_the_unit_interval_is_refused(bad):
    with pytest.raises(ConfigError, match="threshold"):
        get_scorer("emotive.minilm-words.v1", device="cpu", threshold=bad).score(["x"])
