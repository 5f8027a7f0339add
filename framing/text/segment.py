"""Sentence segmentation of cleaned news text, with exact character offsets.

The segmenter is `Bling Fire <https://github.com/microsoft/BlingFire>`_'s
finite-state sentence breaker, applied line by line, plus a few small
post-processing rules. Bling Fire was chosen on the hand-written gold set in
``tests/data/segmentation_gold.jsonl``: applied line by line it is among the most
accurate libraries measured and the fastest of those (about 0.5 ms for the
3,100-character seed article), and with the rules below on top it scores higher
than the same rules on any other library (149 of 150 cases). The measurements
and how to rerun them are in ``results/segmentation/README.md``
(``python benchmarks/segmentation.py``).

Conventions (these are what the gold set encodes):

* Every line break is a hard boundary. Cleaned text holds one paragraph per
  line, so headlines, bylines, captions and list items end a sentence by layout
  even without a full stop.
* Each sentence inside a multi-sentence quotation is its own sentence; closing
  quotation marks and brackets stay attached to the sentence they close, and an
  opening mark starts the next one.
* A quotation ending in ``,``/``?``/``!`` that is followed by a lower-case word
  (``"It is over," he said.``, ``"Why?" she asked.``) is one sentence; a
  quotation ending in terminal punctuation followed by a capitalised word
  (``"I'm confident." Trump replied.``) ends a sentence.
* Sentences are stripped of surrounding whitespace; no empty sentence is
  returned, and every non-whitespace character of the input lies in exactly one
  sentence.

Rules added on top of Bling Fire (each one fixed gold cases and broke none):

1. *Line breaks*: the text is split at every line break before Bling Fire runs.
2. *Title abbreviations*: never break after a title or a word that is not used
   at the end of a sentence (``Ms.``, ``Sen.``, ``Rep.``, ``e.g.``, ...).
3. *Lone pieces*: a list marker alone (``1.``, ``a)``, ``-``, ``•``) or an
   abbreviation that is never a sentence by itself (``St.``) is joined to the
   text that follows.
4. *Quotes and brackets*: break after ``.``/``?``/``!``/``…`` plus closing
   quotation marks or brackets when the next word starts with a capital letter,
   a digit, an opening quotation mark or bracket, or is a brand-like word such
   as ``iPhone``.
5. *Times*: break after ``a.m.``/``p.m.`` when a capitalised word follows that is
   not a weekday, month, time zone or the start of ``X time``.
6. *Numbers*: break after a full stop that ends a number (``£1.25m.``, ``2022.``)
   when the next word starts with a digit.
7. *Abbreviation openings*: break after a word of two or more letters and
   ``.``/``?``/``!`` when the next sentence opens with an abbreviation or initial
   (``... he said. Mr. Terekhov ...``, ``... a week. J. K. Rowling ...``), unless
   that word is itself a known abbreviation (``Inc.``, ``Jan.``).

Known limit: a dotted acronym ending a sentence before a capitalised name
(``... join the E.U. Brussels says ...``) is not broken, because it cannot be
told apart from ``the U.S. President Joe Biden`` without knowing the words.
"""

from __future__ import annotations

import ctypes
import re
from importlib import metadata
from itertools import pairwise

import blingfire

from framing.schema import Sentence

__all__ = ["SEGMENTER", "segment"]


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:  # pragma: no cover - blingfire imported above
        return "unknown"


SEGMENTER: str = f"blingfire-{_version('blingfire')}+framing-rules.v1"
"""Name and version of the segmenter, recorded with every sentence table."""

_LIB = blingfire.blingfire
"""The Bling Fire shared library loaded by the ``blingfire`` package (ctypes handle)."""

_LINE_RE = re.compile(r"[^\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+")
"""A run of characters without a line break (the line breaks of ``str.splitlines``)."""

_UNSAFE_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ud800-\udfff]")
"""Characters replaced by a space before calling Bling Fire (control characters,
lone surrogates), one for one so that offsets are unchanged."""

_NON_FINAL = frozenset(
    """
    mr. mrs. ms. mx. messrs. mmes. dr. prof. gen. lt. col. capt. cpt. sgt. maj. cmdr.
    adm. brig. cpl. pvt. sen. rep. gov. pres. rev. fr. hon. msgr. supt. insp. det.
    e.g. i.e. vs. cf. viz. approx. incl.
    """.split()
)
"""Abbreviations that do not end a sentence in news text: a break after one is removed."""

_ABBREVIATIONS = _NON_FINAL | frozenset(
    """
    st. mt. ft. jr. sr. co. corp. inc. ltd. plc. bros. etc. no. nos. vol. fig. ave. rd.
    jan. feb. mar. apr. jun. jul. aug. sep. sept. oct. nov. dec.
    mon. tue. tues. wed. thu. thurs. fri. sat. sun.
    """.split()
)
"""Abbreviations after which a capitalised abbreviation may continue the sentence."""

_NEVER_ALONE = frozenset({"st.", "mt.", "ft."})
"""Abbreviations that are never a sentence on their own (``St.`` of ``St. Michael's``)."""

_ABBREV_START_RE = re.compile(r"(?<![\w.])([^\W\d_]{2,})([.!?])[\"”’')\]]*\s+(?=[A-Z][a-z]{0,4}\.)")
"""A word and terminal punctuation, then a sentence that opens with an abbreviation or
initial (``Mr.``, ``U.S.``, ``J.``), which Bling Fire does not break before."""

_LIST_MARKER_RE = re.compile(r"(?:[-*•·▪‣◦–—]|\(?(?:\d{1,3}|[A-Za-z])[.)])")
"""A list-item marker that stands alone as a segment."""

_QUOTE_END_RE = re.compile(r"[.!?…][\"”’'»)\]]+\s+")
"""Terminal punctuation followed by closing quotation marks or brackets, then space."""

_OPENERS = frozenset("\"“‘'«([")
_BRAND_RE = re.compile(r"[a-z]{1,3}[A-Z]")
"""A lower-case word with an inner capital that can start a sentence (iPhone, eBay)."""

_TIME_END_RE = re.compile(r"\b[ap]\.m\.\s+(?=([A-Z][\w]*)(?:\s+(\w+))?)")
_NOT_AFTER_TIME = frozenset(
    """
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday Mon Tue Tues Wed Thu Thurs
    Fri Sat Sun January February March April May June July August September October
    November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec GMT BST UTC CET
    CEST EET EEST MSK ET EST EDT CT CST CDT MT MST MDT PT PST PDT Eastern Central Mountain
    Pacific
    """.split()
)
"""Words that continue a sentence after ``a.m.``/``p.m.`` (days, months, time zones)."""

_NUMBER_END_RE = re.compile(r"(?<=\d)[a-zA-Z%]{0,3}\.\s+(?=\d)")
"""A full stop ending a number (with an optional short unit), then a digit."""


def segment(text: str) -> list[Sentence]:
    """Split cleaned document text into sentences with character offsets.

    Args:
        text: The cleaned document text (one paragraph per line).

    Returns:
        The sentences in order. For each, ``text[s.start:s.end] == s.text``; the
        text has no leading or trailing whitespace and is never empty, and every
        non-whitespace character of ``text`` lies in exactly one sentence.

    Raises:
        TypeError: If ``text`` is not a string.

    Example:
        >>> [s.text for s in segment('"It is over," he said. Mr. Smith left.')]
        ['"It is over," he said.', 'Mr. Smith left.']
    """
    if not isinstance(text, str):
        raise TypeError(f"segment() expects str, got {type(text).__name__}")
    sentences: list[Sentence] = []
    for match in _LINE_RE.finditer(text):
        line = match.group()
        if line.isspace():
            continue
        base = match.start()
        bounds = [0, *_line_cuts(line), len(line)]
        for start, end in pairwise(bounds):
            piece = line[start:end]
            stripped = piece.strip()
            if not stripped:
                continue
            first = start + (len(piece) - len(piece.lstrip()))
            sentences.append(Sentence(base + first, base + first + len(stripped), stripped))
    return sentences


def _line_cuts(line: str) -> list[int]:
    """Return the sorted offsets in ``line`` where a new sentence starts (never 0).

    Args:
        line: One line of text without line breaks.

    Returns:
        Offsets strictly between 0 and ``len(line)``.
    """
    cuts = set(_blingfire_starts(line))
    cuts.update(_rule_splits(line))
    ordered = sorted(c for c in cuts if 0 < c < len(line))
    kept: list[int] = []
    prev = 0
    for cut in ordered:
        if _joins(line[prev:cut], line[cut:]):
            continue
        kept.append(cut)
        prev = cut
    return kept


def _blingfire_starts(line: str) -> list[int]:
    """Return the character offsets at which Bling Fire starts its sentences.

    Calls the library's ``TextToSentencesWithOffsets`` directly: the Python
    wrapper maps byte offsets with a per-byte Python loop and fails on empty
    input. Only start offsets are used, so any text between two starts stays in
    some sentence whatever the library reports.

    Args:
        line: One line of text without line breaks.

    Returns:
        Character offsets into ``line`` (possibly including 0).
    """
    safe = _UNSAFE_RE.sub(" ", line)
    data = safe.encode("utf-8")
    size = len(data) * 2 + 16
    out = ctypes.create_string_buffer(size)
    starts = (ctypes.c_int32 * size)()
    ends = (ctypes.c_int32 * size)()
    n_out = _LIB.TextToSentencesWithOffsets(
        ctypes.c_char_p(data),
        ctypes.c_int(len(data)),
        ctypes.byref(out),
        ctypes.byref(starts),
        ctypes.byref(ends),
        ctypes.c_int(size),
    )
    if n_out <= 0 or n_out > size:
        return []
    count = out.value.count(b"\n") + 1
    byte_starts = [b for b in starts[:count] if 0 < b < len(data)]
    if len(data) == len(safe):  # ASCII: byte offsets are character offsets
        return byte_starts
    result = []
    for b in byte_starts:
        while b > 0 and data[b] & 0xC0 == 0x80:  # back to the first byte of a character
            b -= 1
        result.append(len(data[:b].decode("utf-8")))
    return result


def _rule_splits(line: str) -> list[int]:
    """Return extra sentence starts found by the quote, time and number rules.

    Args:
        line: One line of text without line breaks.

    Returns:
        Offsets of the first character of each new sentence.
    """
    cuts: list[int] = []
    for m in _QUOTE_END_RE.finditer(line):
        nxt = m.end()
        if nxt >= len(line):
            continue
        ch = line[nxt]
        if ch.isupper() or ch.isdigit() or ch in _OPENERS or _BRAND_RE.match(line, nxt):
            cuts.append(nxt)
    for m in _TIME_END_RE.finditer(line):
        word, following = m.group(1), m.group(2)
        if word not in _NOT_AFTER_TIME and following != "time":
            cuts.append(m.end())
    cuts.extend(m.end() for m in _NUMBER_END_RE.finditer(line))
    for m in _ABBREV_START_RE.finditer(line):
        if m.group(2) != "." or f"{m.group(1).lower()}." not in _ABBREVIATIONS:
            cuts.append(m.end())
    return cuts


def _joins(left: str, right: str) -> bool:
    """Tell whether a break between ``left`` and ``right`` must be removed.

    Args:
        left: Text of the line from the previous kept break up to this one.
        right: Rest of the line from this break on.

    Returns:
        True if ``left`` ends with a non-final abbreviation, or is only a list marker
        or an abbreviation that never stands alone.
    """
    stripped = left.strip()
    if not stripped or not right.strip():
        return True
    if _LIST_MARKER_RE.fullmatch(stripped) or stripped.lower() in _NEVER_ALONE:
        return True
    last = stripped.rsplit(None, 1)[-1].lstrip("\"“‘'«([").lower()
    return last in _NON_FINAL
