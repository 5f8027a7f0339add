"""Tests for framing.attribute.marks: where quotations open and close."""

from __future__ import annotations

import pytest

from framing.attribute.finder import find_quotes
from framing.attribute.marks import CURLY, SINGLE, STRAIGHT, opener_kind, paragraphs, scan_quotes


@pytest.mark.parametrize(("text", "spans"), [
    ('He said "yes" twice.', [(8, 13)]),
    ("“One.\n“Two.”", [(0, 12)]),  # a multi-paragraph quote is one span
    ("“Open\nNext", [(0, 5)]),  # unclosed: ends with its paragraph
    ("It’s ‘fine’ here.", [(5, 11)]),
    ("'90s kids", []),
    ("«Non», dit-il.", [(0, 5)]),
    ("“Curly open, straight close\" then", [(0, 28)]),
    ("“A long road,’’ he said. “Yes.’’", [(0, 15), (25, 32)]),  # ’’ closes a double quote
    ("It’s the Joneses’’ thing, ‘fine’.", [(26, 32)]),  # ’’ with no double quote open
    ("", []),
])
def test_scan_quotes(text: str, spans: list[tuple[int, int]]) -> None:
    assert scan_quotes(text, paragraphs(text)) == spans


@pytest.mark.parametrize(("text", "i", "kind"), [
    ("“a", 0, CURLY), ('x "a', 2, STRAIGHT), ('x"a', 1, None), ("‘a", 0, SINGLE),
    ("Russia‘s", 6, None), ("'90s", 0, None), ("' a", 0, None), ("“", 0, None),
])
def test_opener_kind(text: str, i: int, kind: str | None) -> None:
    assert opener_kind(text, i, 0) == kind


def test_paragraphs_are_lines() -> None:
    assert paragraphs("One.\nTwo.\r\n\nThree") == [(0, 4), (5, 9), (12, 17)]


def test_unclosed_quote_ends_at_paragraph_end() -> None:
    text = "Klitschko said: “We need more air defence.\nThe strikes continued overnight."
    (q,) = find_quotes(text)
    assert q.end == text.index("\n")
    assert q.speaker == "Klitschko"


def test_multi_paragraph_quote_is_one_quote() -> None:
    text = ("Smith said: “One.\n“Two.\n“Three.”\nThe end.")
    (q,) = find_quotes(text)
    assert text[q.start:q.end] == "“One.\n“Two.\n“Three.”"
    assert q.speaker == "Smith"


@pytest.mark.parametrize(("text", "quoted"), [
    ("Smith said: “One.\nTwo.", "“One."),  # never closed: ends with its paragraph
    ("Smith said: “One.\nTwo.”", "“One.\nTwo.”"),  # a line break inside one quote
    ("Smith said: “One.\nTwo.\nThree.”", "“One.\nTwo.\nThree.”"),
    ("Smith said: “One.\nTwo.\nThree.\nFour.”", "“One."),  # more than two lines on
    ("Smith said: “One.\nJones said “two.”", "“One."),  # the next line opens a quote
])
def test_quote_left_open_at_a_line_end(text: str, quoted: str) -> None:
    q = find_quotes(text)[0]
    assert text[q.start:q.end] == quoted


@pytest.mark.parametrize("text", [
    "It’s the workers’ union that Russia‘s leaders fear since the ’90s.",
    "Rock ’n’ roll wasn’t O'Brien's thing, and the '80s weren't either.",
    "The Smiths' album and the Joneses’ house.",
    "",
    "No quotes at all here.",
])
def test_apostrophes_are_not_quotes(text: str) -> None:
    assert find_quotes(text) == []
