"""Tests for framing.attribute.voice: the author / quoted voice of spans and sentences."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from framing.attribute.finder import find_quotes
from framing.attribute.speakers import Quote
from framing.attribute.voice import AUTHOR, QUOTED, annotate_sentences, voice_of_span
from framing.schema import Sentence
from framing.text.segment import segment

_QUOTEY = st.lists(
    st.sampled_from(list("“”‘’\"' \n.,:;?!—–-aAbBsStTdDhe")
                    + ["said ", "Mr. ", "he ", "Smith ", "told the BBC: ", "John Smith "]),
    max_size=120,
).map("".join)


@pytest.mark.parametrize(("text", "term", "expected"), [
    ("“It is over,” Klitschko said.", "over", (QUOTED, "Klitschko")),
    ("“It is over,” Klitschko said.", "said", (AUTHOR, None)),  # the attribution clause
    ("“It is over,” Klitschko said.", "“It is over,” Klitschko said.", (QUOTED, "Klitschko")),
    ("Klitschko said it would be “unfair” on his people.", "unfair", (QUOTED, "Klitschko")),
    ("Klitschko said it would be “unfair” on his people.", "people", (AUTHOR, None)),
    ("The so-called “peace plan” failed.", "peace", (QUOTED, None)),
    ("No quotes here.", "quotes", (AUTHOR, None)),
])
def test_voice_of_a_term(text: str, term: str, expected: tuple[str, str | None]) -> None:
    start = text.index(term)
    assert voice_of_span(find_quotes(text), start, start + len(term), text=text) == expected


def test_attribution_clause_counts_for_neither_voice() -> None:
    text = "“We did not know,” said Mira Dolan, a 38-year-old teacher."
    quotes = find_quotes(text)
    # the quote is shorter than the attribution, yet the sentence is quoted
    assert quotes[0].end - quotes[0].start < len(text) - quotes[0].end
    assert voice_of_span(quotes, 0, len(text), text=text) == (QUOTED, "Mira Dolan")


def test_voice_of_span_counts_all_characters_without_text() -> None:
    quotes = [Quote(10, 20, "X", None, None)]
    assert voice_of_span(quotes, 10, 20) == (QUOTED, "X")
    assert voice_of_span(quotes, 0, 20) == (QUOTED, "X")  # half inside: quoted
    assert voice_of_span(quotes, 0, 21) == (AUTHOR, None)
    assert voice_of_span(quotes, 5, 5) == (AUTHOR, None)
    assert voice_of_span([], 0, 10) == (AUTHOR, None)


def test_voice_prefers_quote_with_largest_overlap() -> None:
    quotes = [Quote(0, 4, "A", None, None), Quote(6, 20, "B", None, None)]
    assert voice_of_span(quotes, 0, 20) == (QUOTED, "B")


def test_annotate_sentences_matches_segments() -> None:
    text = "“We will rebuild,” Klitschko said. “Every street.” The city is quiet."
    sents = segment(text)
    got = annotate_sentences(text, sents)
    assert got == [(QUOTED, "Klitschko"), (QUOTED, "Klitschko"), (AUTHOR, None)]
    assert annotate_sentences(text, []) == []
    # offsets outside the text are clipped, never an error
    assert annotate_sentences(text, [Sentence(-5, 10_000, text)]) in (
        [(QUOTED, "Klitschko")], [(AUTHOR, None)])




@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_QUOTEY, st.integers(-5, 320), st.integers(-5, 320))
def test_voice_of_span_is_total(text: str, a: int, b: int) -> None:
    quotes = find_quotes(text)
    for kwargs in ({}, {"text": text}):
        voice, speaker = voice_of_span(quotes, a, b, **kwargs)
        assert voice in (AUTHOR, QUOTED)
        if voice == AUTHOR:
            assert speaker is None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_QUOTEY)
def test_annotate_sentences_is_total(text: str) -> None:
    sents = segment(text)
    got = annotate_sentences(text, sents)
    assert len(got) == len(sents)
    assert all(v in (AUTHOR, QUOTED) for v, _ in got)
    # a sentence wholly inside one quote is quoted
    quotes = find_quotes(text)
    for s, (voice, _) in zip(sents, got, strict=True):
        if any(q.start <= s.start and s.end <= q.end for q in quotes):
            assert voice == QUOTED
