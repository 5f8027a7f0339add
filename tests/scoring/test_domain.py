"""Domain dictionaries and stoplists in the emotive scorers (``dictionary=``, ``stoplist=``)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

import framing
from framing.errors import ConfigError, InputError
from framing.schema import LOADED_TERM_FIELDS
from framing.scoring import cache_key, get_scorer
from framing.scoring.domain import ORIGIN_CATEGORY, DomainTerms

EMOTIVE = ["emotive.minilm-ptc-tagger.v1", "emotive.lexicon.v1", "emotive.ensemble.v1",
           "emotive.minilm-words.v1"]
TAGGER, LEXICON, ENSEMBLE, WORDS = EMOTIVE
EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "conflict_terms.yaml"

SEED_COUNTRY = ("“If Russia can smash the biggest country in Eastern Europe into submission, "
                "they will be after the rest of you very soon.")
LABELS = "The occupiers and their puppet regime shelled the liberated territories again."
NEUTRAL = "The committee will meet again on Thursday."


def _columns(name: str) -> tuple[str, str]:
    return ("lex_emotive", "lex_loaded_terms") if name == LEXICON else ("emotive",
                                                                         "loaded_terms")


@pytest.fixture
def stoplist(tmp_path: Path) -> Path:
    path = tmp_path / "stop.txt"
    path.write_text("# topic words, not loaded\ncountry\npuppet\noccupiers\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("name", EMOTIVE)
def test_constructor_stores_the_paths_and_reads_nothing(name, tmp_path):
    missing = tmp_path / "missing.yaml"
    sc = get_scorer(name, device="cpu", dictionary=missing, stoplist=missing)
    assert vars(sc)["dictionary"] == missing and vars(sc)["stoplist"] == missing
    assert not any(k.startswith("_") for k in vars(sc))
    with pytest.raises(ConfigError, match=r"missing\.yaml: (dictionary|stoplist) file not found"):
        sc.score(["x"])


@pytest.mark.parametrize("name", EMOTIVE)
def test_an_invalid_dictionary_fails_before_any_model_loads(name, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("pattern,type\nthugs,slur\n", encoding="utf-8")
    sc = get_scorer(name, device="cpu", dictionary=bad, artifact_dir=tmp_path / "no-model") \
        if name != LEXICON else get_scorer(name, dictionary=bad)
    with pytest.raises(InputError, match=r"bad\.csv, line 2: 'type' is 'slur'"):
        sc.fingerprint()


@pytest.mark.parametrize("name", EMOTIVE)
def test_dictionary_terms_are_added_with_their_origin(name):
    sc = get_scorer(name, device="cpu", dictionary=EXAMPLE)
    emotive_col, terms_col = _columns(name)
    out = sc.score([LABELS, NEUTRAL])
    terms = out.at[0, terms_col]
    by_text = {t["text"]: t for t in terms}
    assert {"occupiers", "puppet regime", "liberated territories"} <= set(by_text)
    for text, kind, score, category in [("occupiers", "name_calling", 1.0, "label"),
                                        ("puppet regime", "name_calling", 1.0, "label"),
                                        ("liberated territories", "loaded_language", 0.8,
                                         "euphemism")]:
        t = by_text[text]
        assert list(t) == list(LOADED_TERM_FIELDS)  # no extra key
        assert LABELS[t["start"]:t["end"]] == text
        assert (t["type"], t["score"]) == (kind, score)
        assert t["categories"] == [ORIGIN_CATEGORY, "dictionary:conflict_terms",
                                   f"category:{category}"]
    # model/lexicon terms are never marked as dictionary terms; none overlaps a dictionary term
    others = [t for t in terms if ORIGIN_CATEGORY not in t["categories"]]
    assert all(t["end"] <= d["start"] or t["start"] >= d["end"]
               for t in others for d in terms if d not in others)
    assert [t["start"] for t in terms] == sorted(t["start"] for t in terms)
    assert out.at[0, emotive_col] >= 1.0  # at least the highest dictionary term score
    assert out.at[1, terms_col] == []


def test_the_score_of_a_sentence_is_at_least_its_dictionary_terms(tmp_path):
    path = tmp_path / "low.yaml"
    path.write_text("terms:\n  - {pattern: committee, type: loaded_language, score: 0.42}\n",
                    encoding="utf-8")
    base = get_scorer(TAGGER, device="cpu").score([NEUTRAL]).at[0, "emotive"]
    out = get_scorer(TAGGER, device="cpu", dictionary=path).score([NEUTRAL])
    assert base < 0.42 and out.at[0, "emotive"] == pytest.approx(0.42)
    assert [t["text"] for t in out.at[0, "loaded_terms"]] == ["committee"]


def test_stoplist_removes_model_terms_and_their_score(stoplist):
    sentences = [SEED_COUNTRY, LABELS]
    base = get_scorer(TAGGER, device="cpu").score(sentences)
    out = get_scorer(TAGGER, device="cpu", stoplist=stoplist).score(sentences)
    before = [{t["text"]: t["score"] for t in terms} for terms in base["loaded_terms"]]
    after = [{t["text"]: t["score"] for t in terms} for terms in out["loaded_terms"]]
    assert {"country", "smash"} <= set(before[0])  # the seed's false positive
    assert {"occupiers", "puppet", "shelled"} <= set(before[1])
    for b, a in zip(before, after, strict=True):
        assert a == {k: v for k, v in b.items() if k not in {"country", "puppet", "occupiers"}}
    # emotive ignores the stoplisted terms' tokens ("puppet" held the maximum of LABELS)
    assert base.at[1, "emotive"] == pytest.approx(before[1]["puppet"])
    assert after[1]["shelled"] - 1e-6 <= out.at[1, "emotive"] < base.at[1, "emotive"] - 0.01
    assert out.at[0, "emotive"] <= base.at[0, "emotive"]


@pytest.mark.parametrize("name", [LEXICON, ENSEMBLE])
def test_stoplist_removes_lexicon_terms(name, stoplist):
    emotive_col, terms_col = _columns(name)
    base = get_scorer(name, device="cpu").score([LABELS])
    out = get_scorer(name, device="cpu", stoplist=stoplist).score([LABELS])
    before = [t["text"] for t in base.at[0, terms_col]]
    after = [t["text"] for t in out.at[0, terms_col]]
    assert "puppet" in before
    assert "puppet" not in after and "occupiers" not in after
    assert set(after) <= set(before)
    if name == LEXICON:
        assert out.at[0, emotive_col] < base.at[0, emotive_col]


def test_dictionary_terms_are_not_stoplisted(stoplist, tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text("terms:\n  - {pattern: occupiers, type: name_calling}\n", encoding="utf-8")
    out = get_scorer(LEXICON, dictionary=path, stoplist=stoplist).score([LABELS])
    assert [t["text"] for t in out.at[0, "lex_loaded_terms"]] == ["occupiers", "shelled"]


@pytest.mark.parametrize("name", EMOTIVE)
def test_cache_key_and_provenance_record_the_files(name, tmp_path, stoplist):
    copy = tmp_path / "elsewhere.yaml"
    shutil.copy(EXAMPLE, copy)
    edited = tmp_path / "edited.yaml"
    edited.write_text(EXAMPLE.read_text(encoding="utf-8") + "  - {pattern: x, type: "
                      "name_calling}\n", encoding="utf-8")
    plain = get_scorer(name, device="cpu")
    keys = {label: cache_key(get_scorer(name, device="cpu", **params)) for label, params in [
        ("plain", {}), ("dict", {"dictionary": EXAMPLE}), ("copy", {"dictionary": copy}),
        ("edited", {"dictionary": edited}), ("stop", {"stoplist": stoplist}),
        ("both", {"dictionary": EXAMPLE, "stoplist": stoplist})]}
    assert keys["plain"] == cache_key(plain)
    assert keys["dict"] == keys["copy"]  # the content counts, not the path
    assert len({keys[k] for k in ("plain", "dict", "edited", "stop", "both")}) == 5
    assert keys["dict"].startswith(keys["plain"])  # the model part is unchanged
    prov = get_scorer(name, device="cpu", dictionary=EXAMPLE, stoplist=stoplist).provenance()
    assert "dictionary" not in plain.provenance() and "stoplist" not in plain.provenance()
    if name == ENSEMBLE:  # the stoplist goes to both parts, the dictionary to the merge
        assert prov["tagger"]["stoplist"] == prov["lexicon"]["stoplist"]
        assert prov["dictionary"]["name"] == "conflict_terms"
    else:
        assert prov["dictionary"]["sha256"] == DomainTerms.load(EXAMPLE, None
                                                                ).dictionary.sha256
        assert prov["stoplist"]["patterns"] == 3


def test_framing_score_never_mixes_cached_runs(tmp_path):
    cache = tmp_path / "cache"
    sentences = [LABELS, NEUTRAL]
    plain = framing.score(sentences, [get_scorer(LEXICON)], cache=cache)
    with_dict = framing.score(sentences, [get_scorer(LEXICON, dictionary=EXAMPLE)],
                              cache=cache)
    again = framing.score(sentences, [get_scorer(LEXICON)], cache=cache)
    pd.testing.assert_frame_equal(plain, again)
    texts = [t["text"] for t in with_dict.at[0, "lex_loaded_terms"]]
    assert "puppet regime" in texts and "puppet regime" not in [
        t["text"] for t in plain.at[0, "lex_loaded_terms"]]


def test_config_style_mapping_reaches_the_scorer(stoplist):
    spec = {"name": TAGGER, "dictionary": str(EXAMPLE), "stoplist": str(stoplist)}
    params = {k: v for k, v in spec.items() if k != "name"}
    sc = get_scorer(spec["name"], device="cpu", **params)
    assert (sc.dictionary, sc.stoplist) == (str(EXAMPLE), str(stoplist))


def _term(text: str, sentence: str, score: float = 0.5) -> dict:
    start = sentence.index(text)
    return dict(zip(LOADED_TERM_FIELDS, (text, start, start + len(text), "loaded_language",
                                         score, ["nrc:anger"], "author", None, None),
                    strict=True))


@pytest.mark.parametrize(("model_terms", "expected"), [
    # a dictionary term replaces the model terms it overlaps, keeps the others
    (["brutal", "regime rules"], [("brutal", "model"), ("puppet regime", "dictionary")]),
    (["regime"], [("puppet regime", "dictionary")]),
    (["brutal"], [("brutal", "model"), ("puppet regime", "dictionary")]),
    # stoplisted model terms go, whatever the dictionary says
    (["brutal", "country"], [("brutal", "model"), ("puppet regime", "dictionary")]),
])
def test_domain_terms_merge(tmp_path, stoplist, model_terms, expected):
    sentence = "The brutal puppet regime rules the country."
    d = tmp_path / "d.yaml"
    d.write_text("terms:\n  - {pattern: puppet regime, type: name_calling}\n", encoding="utf-8")
    domain = DomainTerms.load(d, stoplist)
    terms, removed = domain.apply(sentence, [_term(t, sentence) for t in model_terms])
    origin = ["dictionary" if ORIGIN_CATEGORY in t["categories"] else "model" for t in terms]
    assert list(zip([t["text"] for t in terms], origin, strict=True)) == expected
    assert removed == ([(35, 42)] if "country" in model_terms else [])


def test_inactive_domain_changes_nothing():
    domain = DomainTerms.load(None, None)
    sentence = "The brutal regime."
    terms = [_term("brutal", sentence)]
    assert not domain.active and domain.fingerprint() == "" and domain.provenance() == {}
    assert domain.apply(sentence, terms) == (terms, [])
