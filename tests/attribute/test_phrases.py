"""Tests for framing.attribute.phrases: the noun-phrase helpers of the target rules."""

from __future__ import annotations

import pytest

from framing.attribute.phrases import (
    bound_possessive,
    event_agent_in_phrase,
    is_subject_name,
    name_holder,
)


def _tok(doc, word: str):
    return next(t for t in doc if t.text == word)


@pytest.mark.parametrize(("sentence", "word", "expected"), [
    ("Putin, the warmonger, spoke.", "warmonger", "Putin"),
    ("Deep State officials like ex-CIA chief Ian Brook are in panic mode.", "officials",
     "Brook"),
    ("Cartoon villains like Spencer and Anglin want attention.", "villains", None),  # a list
    ("The weather was brutal.", "weather", None),
])
def test_name_holder(nlp, sentence: str, word: str, expected: str | None) -> None:
    got = name_holder(_tok(nlp(sentence), word))
    assert (got.text if got is not None else None) == expected


@pytest.mark.parametrize(("sentence", "word", "expected"), [
    ("The savage attack by Hamas shocked Israel.", "attack", "Hamas"),
    ("Putin's brutal invasion continued.", "invasion", "Putin"),
    ("The attack shocked Israel.", "attack", None),
])
def test_event_agent_in_phrase(nlp, sentence: str, word: str, expected: str | None) -> None:
    got = event_agent_in_phrase(_tok(nlp(sentence), word))
    assert (got.text if got is not None else None) == expected


def test_bound_possessive_and_subject(nlp) -> None:
    doc = nlp("NeverTrump has made no secret of its disdain.")
    bound = bound_possessive(_tok(doc, "its"))
    assert bound is not None and bound.text == "NeverTrump"
    assert bound_possessive(_tok(doc, "disdain")) is None
    assert is_subject_name(_tok(doc, "NeverTrump"))
    assert not is_subject_name(_tok(doc, "disdain"))
