"""Voice of a span: the outlet's own words (``"author"``) or someone's (``"quoted"``).

:func:`voice_of_span` says whether a character span of a document (a sentence, a loaded
term) is in the author's voice or quoted, and whose words it is, from the document's quotes
(:func:`~framing.attribute.speakers.find_quotes`); :func:`annotate_sentences` does that for
every sentence of a document. The rule (at least half of the span's non-space characters
inside quotes, attribution clauses not counted) is in :mod:`framing.attribute.quotes`.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from framing.attribute.finder import find_quotes
from framing.attribute.speakers import Quote
from framing.schema import Sentence

__all__ = ["AUTHOR", "QUOTED", "annotate_sentences", "quote_of_span", "voice_of_span"]

AUTHOR = "author"
"""Voice of the outlet's own words."""

QUOTED = "quoted"
"""Voice of words inside quotation marks."""

_LAST_PREFIX: list = [None, None]
"""The last document and its prefix counts: callers ask for every sentence of a document in
turn, and rebuilding the counts each time made long documents quadratic."""


def _nonspace_prefix(text: str | None) -> list[int] | None:
    if text is None:
        return None
    if _LAST_PREFIX[0] is text:
        return _LAST_PREFIX[1]
    out = [0]
    total = 0
    for c in text:
        total += not c.isspace()
        out.append(total)
    _LAST_PREFIX[0], _LAST_PREFIX[1] = text, out
    return out


def _count(prefix: list[int] | None, a: int, b: int) -> int:
    if b <= a:
        return 0
    if prefix is None:
        return b - a
    return prefix[b] - prefix[a]


def _voice(quotes: Sequence[Quote], starts: list[int], prefix: list[int] | None, start: int,
           end: int) -> tuple[str, str | None]:
    quote = _quote(quotes, starts, prefix, start, end)
    return (QUOTED, quote.speaker) if quote is not None else (AUTHOR, None)


def _quote(quotes: Sequence[Quote], starts: list[int], prefix: list[int] | None, start: int,
           end: int) -> Quote | None:
    total = _count(prefix, start, end)
    if total <= 0:
        return None
    inside = 0
    best: Quote | None = None
    best_n = 0
    attributed = 0
    k = max(bisect.bisect_right(starts, start) - 1, 0)
    # attribution clauses may sit before the quote they belong to: look one quote further
    for q in quotes[max(k - 1, 0) :]:
        if q.start >= end and (q.attribution_start is None or q.attribution_start >= end):
            break
        n = _count(prefix, max(start, q.start), min(end, q.end))
        if n > 0:
            inside += n
            if n > best_n:
                best, best_n = q, n
        if q.attribution_start is not None and q.attribution_end is not None:
            attributed += _count(prefix, max(start, q.attribution_start),
                                 min(end, q.attribution_end))
    own = total - inside - attributed
    if inside > 0 and inside >= own and best is not None:
        return best
    return None


def voice_of_span(
    quotes: Sequence[Quote], start: int, end: int, *, text: str | None = None
) -> tuple[str, str | None]:
    """Return the voice and speaker of a character span of the document.

    A span is ``"quoted"`` when at least half of its characters lie inside quotes, not
    counting characters of a whole quote's attribution clause (``said Mira Dolan, a
    teacher.``); otherwise it is ``"author"``. So a term inside a quote is quoted and a
    sentence that is mostly a quote is quoted. The speaker of a quoted span is that of the
    quote it overlaps most (the first on a tie); an author span has speaker ``None``.

    Args:
        quotes: The document's quotes, from :func:`~framing.attribute.speakers.find_quotes`.
        start: Offset of the span's first character in the document text.
        end: One past its last character.
        text: The document text. When given, only non-space characters are counted
            (recommended for sentences); otherwise every character counts.

    Returns:
        ``("quoted", speaker)`` or ``("author", None)``.
    """
    starts = [q.start for q in quotes]
    prefix = _nonspace_prefix(text) if text is not None else None
    if prefix is not None:
        start = min(max(start, 0), len(prefix) - 1)
        end = min(max(end, 0), len(prefix) - 1)
    return _voice(quotes, starts, prefix, start, end)


def quote_of_span(quotes: Sequence[Quote], start: int, end: int, *, text: str | None = None
                  ) -> Quote | None:
    """The quote a span is quoted from (as :func:`voice_of_span` decides), or ``None``.

    Its :attr:`~framing.attribute.speakers.Quote.rule` says how the speaker was found.
    """
    starts = [q.start for q in quotes]
    prefix = _nonspace_prefix(text) if text is not None else None
    if prefix is not None:
        start = min(max(start, 0), len(prefix) - 1)
        end = min(max(end, 0), len(prefix) - 1)
    return _quote(quotes, starts, prefix, start, end)


def annotate_sentences(text: str, sentences: Sequence[Sentence]) -> list[tuple[str, str | None]]:
    """Return the voice and speaker of every sentence of a document.

    Args:
        text: The cleaned document text the sentences' offsets refer to.
        sentences: The sentences, e.g. from :func:`framing.text.segment.segment`.

    Returns:
        One ``(voice, speaker)`` per sentence, as :func:`voice_of_span` with the text
        (non-space characters counted); the document's quotes are found once.
    """
    quotes = find_quotes(text)
    starts = [q.start for q in quotes]
    prefix = _nonspace_prefix(text)
    out = []
    n = len(prefix) - 1 if prefix else 0
    for s in sentences:
        a = min(max(s.start, 0), n)
        b = min(max(s.end, 0), n)
        out.append(_voice(quotes, starts, prefix, a, b))
    return out
