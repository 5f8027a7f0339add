"""Quotation marks: where each quotation of a document opens and closes.

:func:`scan_quotes` returns the sorted, non-overlapping spans of all quotations, marks
included, following the conventions in :mod:`framing.attribute.quotes` (curly, straight and
single marks, apostrophes that are not quotes, multi-paragraph quotes). No speaker is looked
for here.
"""

from __future__ import annotations

import bisect
import re

__all__ = ["CURLY", "PARA_RE", "SINGLE", "STRAIGHT", "ClosingMarks", "opener_kind",
           "paragraphs", "scan_quotes"]

PARA_RE = re.compile(r"[^\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+")
"""A paragraph: a run of characters without a line break."""

_MARK_RE = re.compile("[\"“„«‘']")
"""Characters that may open a quotation."""

_OPEN_PREV = frozenset("([{<—–-/:;“‘\"'«")
"""Characters after which a straight quote may open (besides whitespace and the paragraph start)."""

_ELISION_RE = re.compile(r"['‘’](?:\d\d?s?\b|em\b|tis\b|twas\b|cause\b|til\b|bout\b|n['’]\s)", re.I)
"""Apostrophes at the start of a word (``’90s``, ``'em``, ``rock ’n’ roll``)."""

CURLY = "curly"
"""A quotation opened by “, „ or «."""
STRAIGHT = "straight"
"""A quotation opened by a straight double quote."""
SINGLE = "single"
"""A quotation opened by ‘ or a straight single quote."""


def paragraphs(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` offsets of the paragraphs (lines) of ``text``."""
    return [(m.start(), m.end()) for m in PARA_RE.finditer(text)]


def opener_kind(text: str, i: int, para_start: int) -> str | None:
    """Return the kind of quotation the mark at ``text[i]`` opens, or ``None``.

    Args:
        text: The document text.
        i: Offset of a candidate opening mark.
        para_start: Start of the paragraph holding ``i``.

    Returns:
        :data:`CURLY`, :data:`STRAIGHT`, :data:`SINGLE`, or ``None`` (not an opening mark).
    """
    c = text[i]
    nxt = text[i + 1] if i + 1 < len(text) else ""
    if not nxt or nxt in "\n\r":
        return None
    prev = text[i - 1] if i > para_start else ""
    if c in "“„«":
        return CURLY
    if c == '"':
        if (not prev or prev.isspace() or prev in _OPEN_PREV) and not nxt.isspace():
            return STRAIGHT
        return None
    # single quotes: ‘ or '
    if prev and (prev.isalnum() or (c == "'" and not prev.isspace() and prev not in _OPEN_PREV)):
        return None  # Russia‘s, it's
    if nxt.isspace() or _ELISION_RE.match(text, i):
        return None
    if c == "'" and not (nxt.isalnum() or nxt in "“\"‘…"):
        return None
    return SINGLE


class ClosingMarks:
    """Sorted positions of closing-mark candidates in a text (built once per document)."""

    def __init__(self, text: str) -> None:
        self.curly: list[int] = []
        self.straight: list[int] = []
        self.single: list[int] = []
        n = len(text)
        for m in re.finditer("[\"”»’'›]", text):
            i = m.start()
            c = text[i]
            prev = text[i - 1] if i > 0 else ""
            nxt = text[i + 1] if i + 1 < n else ""
            if c in "”»":
                self.curly.append(i)
            elif c in "’'" and nxt == c and prev and not prev.isspace():
                self.curly.append(i + 1)  # ``a long road,’’``: two single marks close a double
            elif c == '"':
                if prev and not prev.isspace():
                    self.straight.append(i)
            elif prev and not prev.isspace() and not (nxt.isalnum() or (nxt and nxt in "'’")):
                self.single.append(i)

    @staticmethod
    def _first(positions: list[int], lo: int, hi: int) -> int | None:
        k = bisect.bisect_left(positions, lo)
        if k < len(positions) and positions[k] < hi:
            return positions[k]
        return None

    def close(self, text: str, lo: int, hi: int, kind: str) -> int | None:
        """Return the closing mark for a quote of ``kind`` opened before ``lo``, or ``None``."""
        if kind == CURLY:
            pos = self._first(self.curly, lo, hi)
            return pos if pos is not None else self._first(self.straight, lo, hi)
        if kind == STRAIGHT:
            a = self._first(self.straight, lo, hi)
            b = self._first(self.curly, lo, hi)
            if a is None or b is None:
                return a if b is None else b
            return min(a, b)
        k = bisect.bisect_left(self.single, lo)
        while k < len(self.single) and self.single[k] < hi:
            pos = self.single[k]
            nxt = text[pos + 1] if pos + 1 < len(text) else ""
            later = k + 1 < len(self.single) and self.single[k + 1] < hi
            # ``workers’ rights``: a plural possessive, when a later candidate exists
            if later and text[pos - 1] in "sS" and nxt == " ":
                k += 1
                continue
            return pos
        return None


def _family(kind: str) -> str:
    return "s" if kind == SINGLE else "d"


def _continue_unclosed(text: str, paras: list[tuple[int, int]], marks: ClosingMarks, pi: int,
                       kind: str, end: int) -> tuple[int, int]:
    """Extend a quote left open at the end of paragraph ``pi`` over the paragraphs that follow.

    A following paragraph that opens with a mark of the same family continues the quote
    (the newspaper convention for multi-paragraph quotes) until one closes it.

    Returns:
        The index of the last paragraph of the quote and the quote's end offset.
    """
    while pi + 1 < len(paras):
        nps, npe = paras[pi + 1]
        nkind = opener_kind(text, nps, nps)
        if nkind is None or _family(nkind) != _family(kind):
            broken = _closed_across_lines(text, paras, marks, pi, kind)
            return broken if broken is not None else (pi, end)
        pi += 1
        close = marks.close(text, nps + 1, npe, nkind)
        if close is not None:
            return pi, close + 1
        end = npe
    return pi, end


def _closed_across_lines(text: str, paras: list[tuple[int, int]], marks: ClosingMarks,
                         pi: int, kind: str) -> tuple[int, int] | None:
    """A double quote broken by line breaks: closed in one of the next two paragraphs.

    Texts stored one sentence per line (``Sinema responded: “Fine.`` / ``I don’t care …
    go ahead.”``) break quotes without the newspaper convention of reopening marks. A quote
    left open at the end of paragraph ``pi`` continues when a following paragraph holds no
    double mark before a closing one (at most two paragraphs ahead, none opening a quote).

    Returns:
        The index of the closing paragraph and the quote's end offset, or ``None``.
    """
    if kind == SINGLE:
        return None  # apostrophes are too common to pair across lines
    for pj in range(pi + 1, min(pi + 3, len(paras))):
        nps, npe = paras[pj]
        m = re.search("[\"“”„«»]", text[nps:npe])
        if m is None:
            continue
        at = nps + m.start()
        if opener_kind(text, at, nps) is not None or marks.close(text, at, at + 1, kind) != at:
            return None
        return pj, at + 1
    return None


def scan_quotes(text: str, paras: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Return the sorted, non-overlapping ``(start, end)`` spans of all quotations.

    Args:
        text: The document text.
        paras: Its paragraphs, from :func:`paragraphs`.

    Returns:
        One span per quotation, marks included; an unclosed quote ends at the end of its
        paragraph or of the multi-paragraph quote it opens.
    """
    marks = ClosingMarks(text)
    spans: list[tuple[int, int]] = []
    pi = 0
    pos = paras[0][0] if paras else 0
    while pi < len(paras):
        ps, pe = paras[pi]
        pos = max(pos, ps)
        m = _MARK_RE.search(text, pos, pe)
        if m is None:
            pi += 1
            continue
        pos = m.start()
        kind = opener_kind(text, pos, ps)
        if kind is None:
            pos += 1
            continue
        close = marks.close(text, pos + 1, pe, kind)
        if close is not None:
            spans.append((pos, close + 1))
            pos = close + 1
            continue
        if kind == SINGLE and pos != ps:
            pos += 1  # an apostrophe, most likely
            continue
        start = pos
        pi, end = _continue_unclosed(text, paras, marks, pi, kind, pe)
        spans.append((start, end))
        pos = end
    return spans
