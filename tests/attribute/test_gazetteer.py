"""Tests for framing.attribute.gazetteer: one vocabulary, each caller's selection of it."""

from __future__ import annotations

import pytest

from framing.attribute import gazetteer as gz

SELECTIONS = {
    "ROLE_WORDS": gz.ROLE_WORDS, "ROLE_NOUNS": gz.ROLE_NOUNS, "PERSON_NOUNS": gz.PERSON_NOUNS,
    "NON_PERSON_WORDS": gz.NON_PERSON_WORDS, "ORG_WORDS": gz.ORG_WORDS,
    "INSTITUTION_HEADS": gz.INSTITUTION_HEADS, "SPEECH_VERBS": gz.SPEECH_VERBS,
    "NAMING_VERBS": gz.NAMING_VERBS, "PERSON_PRONOUNS": gz.PERSON_PRONOUNS,
}

# (word, selection, member): where quotes and targets differ, each keeps its own words
MEMBERSHIP = [
    ("minister", "ROLE_WORDS", True), ("minister", "ROLE_NOUNS", True),  # shared role
    ("teacher", "ROLE_WORDS", True), ("teacher", "ROLE_NOUNS", False),  # speakers only
    ("principal", "ROLE_WORDS", True),  # "School Principal Ron Branch"
    ("dictator", "ROLE_NOUNS", True), ("dictator", "ROLE_WORDS", False),  # targets only
    ("politician", "ROLE_NOUNS", True), ("politician", "PERSON_NOUNS", True),
    ("youngster", "PERSON_NOUNS", True), ("youngster", "ROLE_NOUNS", False),
    ("party", "NON_PERSON_WORDS", True), ("party", "ORG_WORDS", True),  # shared org word
    ("river", "NON_PERSON_WORDS", True), ("river", "ORG_WORDS", False),
    ("brigade", "ORG_WORDS", True), ("brigade", "NON_PERSON_WORDS", False),
    ("office", "INSTITUTION_HEADS", True), ("embassy", "INSTITUTION_HEADS", True),
    ("said", "SPEECH_VERBS", True), ("branded", "NAMING_VERBS", True),
    ("consider", "NAMING_VERBS", True), ("consider", "SPEECH_VERBS", False),
    ("his", "PERSON_PRONOUNS", True), ("they", "PERSON_PRONOUNS", False),
    ("twitter", "NON_PERSON_WORDS", True), ("january", "NON_PERSON_WORDS", True),  # batch 3
    ("embassy", "NON_PERSON_WORDS", True),
    ("college", "ORG_WORDS", True), ("bemoaned", "SPEECH_VERBS", True),  # batch 5
    ("reported", "SPEECH_VERBS", False),  # syntax layer only: "an employee reported"
]


@pytest.mark.parametrize(("word", "selection", "member"), MEMBERSHIP)
def test_membership(word: str, selection: str, member: bool) -> None:
    assert (word in SELECTIONS[selection]) is member


# sizes of each caller's selection when the lists were merged (the word lists of
# quotes.py and targets.py before the split): a changed size is a changed behaviour.
# Batch-5 dev (stop 17): 10 organisation heads (college, commission, ...) and 51 forms of
# speech verbs (bemoaned, proclaimed, shared, ...).
SIZES = [
    ("HONORIFICS", 31), ("SHARED_ROLES", 20), ("ROLE_WORDS", 114), ("PERSON_NOUNS", 197),
    ("ROLE_NOUNS", 70), ("ORGANISATION_WORDS", 57), ("NON_PERSON_WORDS", 199),
    ("ORG_WORDS", 66), ("INSTITUTION_HEADS", 27), ("TARGET_TITLES", 37),
    ("SPEECH_VERBS", 303), ("NAMING_VERBS", 53), ("GROUP_NOUNS", 51),
    ("EVENT_NOUNS", 138), ("STOP_CAPS", 178), ("DEMONYMS", 48), ("AUXILIARIES", 53),
]


@pytest.mark.parametrize(("name", "size"), SIZES)
def test_selection_sizes(name: str, size: int) -> None:
    assert len(getattr(gz, name)) == size


def test_shared_cores_are_in_both_selections() -> None:
    assert gz.SHARED_ROLES <= gz.ROLE_WORDS & gz.ROLE_NOUNS
    assert gz.ORGANISATION_WORDS <= gz.NON_PERSON_WORDS & gz.ORG_WORDS
    assert gz.ROLE_WORDS <= gz.PERSON_NOUNS
    assert gz.WEAK_SPEECH_VERBS - {"repeats"} <= gz.SPEECH_VERBS


@pytest.mark.parametrize("title", gz.TARGET_TITLES)
def test_target_titles_are_roles_or_honorifics(title: str) -> None:
    words = title.split()
    known = gz.ROLE_WORDS | set(gz.HONORIFICS)
    assert title in {r.lower() for r in gz.MULTIWORD_ROLES} or all(
        w.rstrip(".") in known for w in words)


@pytest.mark.parametrize(("text", "found"), [
    ("Prime Minister Elena Varga", "Prime Minister"),
    ("the Secretary-General said", "Secretary-General"),
    ("UN Secretary General Guterres", "Secretary General"),
    ("Chancellor of the Exchequer Ada Lund", "Chancellor of the Exchequer"),
    ("the prime minister", None),  # written as in a name: capitalised
    ("Foreign Secretaryship", None),
])
def test_special_roles_re(text: str, found: str | None) -> None:
    m = gz.SPECIAL_ROLES_RE.search(text)
    assert (m.group() if m else None) == found


def test_pronoun_selections_read_one_table() -> None:
    assert gz.SUBJECT_PRONOUNS == {"he": "m", "she": "f"}
    assert gz.PERSON_PRONOUNS == frozenset(gz.PRONOUN_GENDER)
    assert not gz.PERSON_PRONOUNS & gz.NON_PERSON_PRONOUNS
