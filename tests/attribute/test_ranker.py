"""Tests for framing.attribute.ranker and the ranker path of framing.attribute.finder."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from framing.attribute.finder import RESOLVERS, find_quotes, rate_rules, rule_pass
from framing.attribute.ranker import (
    RANKER_DIR,
    Candidate,
    Positions,
    SpeakerRanker,
    candidates,
    design,
    feature_names,
    load_ranker,
    name_key,
    ranker_info,
    row_of,
)
from framing.errors import ArgumentError, ModelUnavailableError
from framing.models.nlp import load_spacy

needs_spacy = pytest.mark.skipif(load_spacy() is None, reason="spaCy English model missing")

TEXT = ("Mira Dolan, a teacher from Tarnow, spoke at the rally.\n"
        "“We will not leave,” said Dolan.\n"
        "Later, Ivan Petrov of the Marvessan Defence Ministry arrived.")


@pytest.mark.parametrize(("a", "b", "same"), [
    ("Mira Dolan", "mira  dolan", True),
    ("the Kremlin", "Kremlin", True),
    ("O’Neil", "O'Neil", True),
    ("Mira Dolan", "Ivan Petrov", False),
    (None, None, True),
    (None, "Dolan", False),
])
def test_name_key(a, b, same) -> None:
    assert (name_key(a) == name_key(b)) is same


@needs_spacy
def test_candidates_list_none_first_and_every_person_once() -> None:
    found = rule_pass(TEXT)
    cands = candidates(found.doc, found.result, found.raws, found.quotes, 0)
    assert cands[0].name is None and cands[0].features["none"] == 1.0
    names = [c.name for c in cands[1:]]
    assert len({name_key(n) for n in names}) == len(names)
    assert "Mira Dolan" in names and "Ivan Petrov" in names
    dolan = next(c for c in cands if c.name == "Mira Dolan")
    petrov = next(c for c in cands if c.name == "Ivan Petrov")
    assert dolan.features.get("final") == 1.0 and "final" not in petrov.features
    assert dolan.features.get("no_before", 0.0) == 0.0  # introduced before the quote
    assert petrov.features.get("no_before") == 1.0  # named only after it
    assert set().union(*(c.features for c in cands)) <= set(feature_names())


@needs_spacy
def test_positions_find_a_surname_written_outside_quotes() -> None:
    text = "“It is over,” Klitschko said."
    found = rule_pass(text)
    assert Positions(found.doc, found.result).of("Klitschko") == [(14, 23)]


def _cands() -> list[Candidate]:
    return [Candidate(None, {"none": 1.0}), Candidate("A B", {"final": 1.0}),
            Candidate("C D", {"person": 1.0})]


@pytest.mark.parametrize(("weights", "threshold", "expected"), [
    ([0.0, 3.0, 0.0], 0.5, "A B"),  # the rule's answer dominates
    ([0.0, 0.0, 3.0], 0.5, "C D"),  # another person dominates
    ([3.0, 0.0, 0.0], 0.5, None),  # no speaker is likelier: abstain
    ([0.0, 0.5, 0.0], 0.9, None),  # best name under the threshold: abstain
])
def test_choose_and_abstain(weights, threshold, expected) -> None:
    ranker = SpeakerRanker(["none", "final", "person"], weights, threshold)
    cand, p = ranker.choose(_cands())
    assert (cand.name if cand else None) == expected
    probs = ranker.probabilities(_cands())
    names = [c.name for c in _cands()]
    assert p == pytest.approx(probs[names.index(expected)])  # abstaining: no speaker's
    assert np.isclose(probs.sum(), 1.0)


def test_design_ignores_unknown_features() -> None:
    x = design([Candidate("A", {"final": 2.0, "not_a_feature": 5.0})], ["none", "final"])
    assert x.tolist() == [[0.0, 2.0]]


def test_wrong_number_of_weights_is_an_error() -> None:
    with pytest.raises(ModelUnavailableError, match="number of weights"):
        SpeakerRanker(["none", "final"], [1.0], 0.5)


def test_shipped_ranker_loads_and_matches_its_card() -> None:
    ranker = load_ranker()
    assert ranker.columns == feature_names()
    assert 0.0 <= ranker.threshold < 1.0
    info = ranker_info()
    assert info["name"] == "speakers.ranker.v1" and len(info["weights_sha256"]) == 64


def test_tampered_weights_are_refused(tmp_path) -> None:
    folder = tmp_path / "ranker"
    shutil.copytree(RANKER_DIR, folder)
    data = json.loads((folder / "weights.json").read_text())
    data["weights"][0] += 1.0
    (folder / "weights.json").write_text(json.dumps(data))
    with pytest.raises(ModelUnavailableError, match="does not match"):
        load_ranker(str(folder))


def test_unknown_resolver_names_the_valid_ones() -> None:
    with pytest.raises(ArgumentError, match="rules, ranker"):
        find_quotes("“It is over,” Klitschko said.", resolver="oracle")
    assert RESOLVERS == ("rules", "ranker")


@needs_spacy
def test_ranker_keeps_spans_and_gives_confidences() -> None:
    rules = find_quotes(TEXT)
    ranked = find_quotes(TEXT, resolver="ranker")
    assert [(q.start, q.end) for q in ranked] == [(q.start, q.end) for q in rules]
    assert [q.speaker for q in rules] == [q.speaker for q in rule_pass(TEXT).quotes]
    for quotes in (rules, ranked):
        assert all(q.confidence is not None and 0.0 <= q.confidence <= 1.0 for q in quotes)
    assert all(q.confidence is None for q in find_quotes(TEXT, syntax=False))
    assert ranked[0].speaker in (None, "Mira Dolan")  # never the other person


@needs_spacy
def test_parse_found_unnamed_speaker_stays_unnamed() -> None:
    text = ("Mira Dolan spoke at the rally.\n"
            "“We will not leave,” a spokesman for the council said.")
    assert find_quotes(text, resolver="ranker")[0].speaker is None


@needs_spacy
def test_rule_speakers_are_rated_with_the_rankers_probability_of_them() -> None:
    found = rule_pass(TEXT)
    # A ranker that only likes the rules' answer: e^2 against 1 for each other candidate.
    rated = rate_rules(found, SpeakerRanker(["final"], [2.0], 0.5))
    assert [q.speaker for q in rated] == [q.speaker for q in found.quotes] == ["Mira Dolan"]
    n = len(candidates(found.doc, found.result, found.raws, found.quotes, 0))
    assert n >= 3
    assert rated[0].confidence == pytest.approx(np.exp(2) / (np.exp(2) + n - 1))


@pytest.mark.parametrize(("name", "row"), [
    (None, 0), ("A B", 1), ("a  b", 1), ("the C", 2), ("C", 2), ("D", None)])
def test_row_of_finds_a_candidate_by_name(name, row) -> None:
    cands = [Candidate(None, {}), Candidate("A B", {}), Candidate("C", {})]
    assert row_of(cands, name) == row


@needs_spacy
def test_missing_weights_leave_confidence_empty_for_rules_and_stop_the_ranker(
        tmp_path, monkeypatch) -> None:
    import framing.attribute.finder as finder
    import framing.attribute.ranker as ranker_mod

    monkeypatch.setattr(ranker_mod, "RANKER_DIR", tmp_path / "gone")
    load_ranker.cache_clear()
    finder._shipped_ranker.cache_clear()
    try:
        with pytest.warns(UserWarning, match="speaker_confidence is left empty"):
            quotes = find_quotes(TEXT)
        assert [q.speaker for q in quotes] == ["Mira Dolan"]
        assert all(q.confidence is None for q in quotes)
        with pytest.raises(ModelUnavailableError, match="framing train speakers"):
            find_quotes(TEXT, resolver="ranker")
    finally:
        load_ranker.cache_clear()
        finder._shipped_ranker.cache_clear()
