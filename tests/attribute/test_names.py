"""Tests for framing.attribute.names: person names in capitalised runs."""

from __future__ import annotations

import pytest

from framing.attribute.names import (
    capitalised,
    capitalised_runs,
    common_noun,
    is_abbrev,
    name_of_run,
    possessive,
    strip_possessive,
    tokens,
)


def _name(text: str, before: str = "") -> tuple | None:
    """The name of the last capitalised run of ``text``: (name, person, gender, honorific)."""
    runs = capitalised_runs(text, tokens(text, 0, len(text)))
    n = name_of_run(text, runs[-1], before)
    return None if n is None else (n.name, n.person, n.gender, n.honorific)


@pytest.mark.parametrize(("text", "expected"), [
    ("Defence Minister Ilsa Varrow", ("Ilsa Varrow", True, "f", False)),  # role dropped
    ("Dr. Ilsa Varrow", ("Ilsa Varrow", True, "f", True)),  # first name says the gender
    ("Mrs. Dolan", ("Dolan", True, "f", True)),
    ("Mr. Quist's", ("Quist", True, "m", True)),  # possessive ending dropped
    ("Spokeswoman Ada Lund", ("Ada Lund", True, "f", False)),  # the role says the gender
    ("Chief Executive Ms. Rhoswen Talbridge", ("Rhoswen Talbridge", True, "f", True)),
    ("Tolvany's Foreign Minister Ansel Krett", ("Ansel Krett", True, "m", False)),
    ("On Monday Vitali Klitschko", ("Vitali Klitschko", True, None, False)),
    ("Ursula von der Leyen", ("Ursula von der Leyen", True, "f", False)),
    ("Rudolph W. Giuliani", ("Rudolph W. Giuliani", True, "m", False)),  # an initial, no acronym
    ("Rahaf Mohammed al-Qunun", ("Rahaf Mohammed al-Qunun", True, "f", False)),
    ("Anita Hill", ("Anita Hill", True, "f", False)),  # a first name outweighs "hill"
    ("Michael Bloomberg", ("Michael Bloomberg", True, "m", False)),
    ("Jordan River", ("Jordan River", False, None, False)),  # ... but not a river
    ("Christian Post", ("Christian Post", False, None, False)),  # ... nor a newspaper
    ("Premier League", ("Premier League", False, None, False)),  # a role word, then an org
    ("Justice Department", ("Justice Department", False, None, False)),  # a first name too
    ("Frank Church", ("Frank Church", True, "m", False)),  # ... but a surname-like word
    ("School Principal Ron Ashdown", ("Ron Ashdown", True, "m", False)),
    ("Saudi Arabia", ("Saudi Arabia", False, None, False)),
    ("Thailand January", ("Thailand January", False, None, False)),
    ("Australian Embassy", ("Australian Embassy", False, None, False)),
    ("The Marvessan Defence Ministry", ("Marvessan Defence Ministry", False, None, False)),
    ("Kyiv City Council", ("Kyiv City Council", False, None, False)),
    ("The New York Times", ("New York Times", False, None, False)),  # "York" a first name too
    ("NATO", ("NATO", False, None, False)),
    ("Klitschko", ("Klitschko", False, None, False)),  # one word: not known to be a person
    ("Minister", None), ("Critics", None), ("I’ve", None),
])
def test_name_of_run(text: str, expected: tuple | None) -> None:
    assert _name(text) == expected


def _names(text: str) -> list[str | None]:
    """The name of every capitalised run of ``text`` (``None`` where a run is no name)."""
    out = []
    for run in capitalised_runs(text, tokens(text, 0, len(text))):
        n = name_of_run(text, run)
        out.append(None if n is None else n.name)
    return out


@pytest.mark.parametrize(("text", "expected"), [
    # a common word capitalised only because it opens the sentence goes
    ("Outgoing Varrow, a senator, spoke.", ["Varrow"]),
    ("He left. Outgoing Varrow spoke.", [None, "Varrow"]),
    ("Responding to that, she spoke.", [None]),
    ("“No.” Responding to that, she spoke.", [None, None]),  # after a closing quote
    # ... but not a word the text also capitalises inside a sentence
    ("Tim Outgoing wrote it. Outgoing spoke.", ["Tim Outgoing", "Outgoing"]),
    ("Outgoing spoke. Then Outgoing left.", ["Outgoing", "Outgoing"]),
    # ... nor a first name, nor a rare word, nor one inside a sentence
    ("Ilsa Varrow spoke.", ["Ilsa Varrow"]),
    ("Kovin spoke.", ["Kovin"]),
    ("Yesterday Marek spoke.", ["Marek"]),
    ("Saudi Arabia spoke.", ["Saudi Arabia"]),  # not a participle or adverb
    # a headline's speech verb after a full name goes; other last words stay
    ("Nigel Farage Warns “We’ll Lose”", ["Nigel Farage", None]),
    ("Ilsa Varrow Says No", ["Ilsa Varrow Says No"]),
    ("Varrow Warns", ["Varrow Warns"]),
])
def test_sentence_openers_and_headline_verbs(text: str, expected: list) -> None:
    assert _names(text) == expected


@pytest.mark.parametrize(("before", "expected"), [
    ("", ("Dolan", False, None, False)),
    ("mayor", ("Dolan", True, None, False)),  # a role word before the run: a person
    ("spokeswoman", ("Dolan", True, "f", False)),
])
def test_name_of_run_with_word_before(before: str, expected: tuple) -> None:
    assert _name("Dolan", before) == expected


@pytest.mark.parametrize(("word", "expected"), [
    ("Klitschko", True), ("diGenova", True), ("macDonald", True), ("Émile", True),
    ("klitschko", False),
])
def test_capitalised(word: str, expected: bool) -> None:
    assert capitalised(word) is expected


@pytest.mark.parametrize(("word", "is_poss", "stripped"), [
    ("Putin's", True, "Putin"), ("workers’", True, "workers"), ("Jones'", True, "Jones"),
    ("Putin", False, "Putin"),
])
def test_possessive(word: str, is_poss: bool, stripped: str) -> None:
    assert possessive(word) is is_poss
    assert strip_possessive(word) == stripped


@pytest.mark.parametrize(("word", "expected"), [
    ("Ms.", True), ("Gen.", True), ("St.", True), ("U.S.", True), ("A.", True), ("end.", False),
])
def test_is_abbrev(word: str, expected: bool) -> None:
    assert is_abbrev(word) is expected


@pytest.mark.parametrize(("word", "expected"), [
    ("critics", True), ("mps", True), ("authorities", True), ("police", True),
    ("tables", False),
])
def test_common_noun(word: str, expected: bool) -> None:
    assert common_noun(word) is expected


def test_tokens_mark_sentence_ends_and_keep_abbreviations() -> None:
    text = "Ms. Lund left. Then"
    assert [(t.text, t.final) for t in tokens(text, 0, len(text))] == [
        ("Ms.", False), ("Lund", False), ("left", True), ("Then", False)]
