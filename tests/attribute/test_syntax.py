"""Tests for framing.attribute.syntax: token predicates (on stand-in tokens, no model)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from framing.attribute.syntax import is_non_agent_verb, is_person_noun, is_role


def _tok(word: str, tag: str = "NN") -> SimpleNamespace:
    return SimpleNamespace(lower_=word.lower(), tag_=tag, text=word)


@pytest.mark.parametrize(("word", "expected"), [
    ("suffered", True), ("condemns", True), ("denied", True), ("fleeing", True),
    ("describing", True), ("ordered", False), ("launched", False), ("carried", False),
])
def test_is_non_agent_verb(word: str, expected: bool) -> None:
    assert is_non_agent_verb(_tok(word, "VBD")) is expected


@pytest.mark.parametrize(("word", "expected"), [
    ("warmonger", True), ("dictator", True), ("president", True), ("autocrat", True),
    ("democrat", True),  # "-crat" endings are roles
    ("teacher", False), ("troops", False),
])
def test_is_role(word: str, expected: bool) -> None:
    assert is_role(_tok(word)) is expected


@pytest.mark.parametrize(("word", "tag", "expected"), [
    ("troops", "NNS", True),  # a group noun
    ("hardliners", "NNS", True),  # a person suffix
    ("propagandist", "NN", True),
    ("border", "NN", False),  # a person suffix, but not a person
    ("workers", "NNS", False),
    ("propagandist", "JJ", False),  # the suffix rule is for nouns only
])
def test_is_person_noun(word: str, tag: str, expected: bool) -> None:
    assert is_person_noun(_tok(word, tag)) is expected
