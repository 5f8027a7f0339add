r"""Clean article text before it is segmented into sentences.

Cleaning runs three steps, in this order:

1. **Unicode.** CRLF and CR become ``"\n"``; the other line and paragraph separators
   (VT, FF, FS/GS/RS, NEL, U+2028, U+2029) become ``"\n"`` too; no-break and the other
   unicode spaces become a plain space; zero-width characters, soft hyphens, the BOM,
   bidirectional marks, lone surrogates and control characters (all but newline and tab)
   are removed; then the text is put in NFC. NFC, not NFKC: curly quotes (“ ” ‘ ’), dashes
   (– —), the ellipsis (…) and ligatures are kept exactly as written, because quote
   attribution and loaded-term spans later depend on them.
2. **Whitespace.** Runs of spaces and tabs inside a line become one space, every line is
   stripped, and blank lines are dropped.
3. **Boilerplate.** Whole paragraphs that are publisher furniture rather than article text
   (consent and cookie notices, newsletter sign-ups, "Read more" links, share widgets,
   "Follow us" lines, advertisement labels, comment counters, copyright lines, image credits,
   "Click here" prompts, app prompts and donation asks) are dropped. See
   :mod:`framing.text.boilerplate` (:data:`BOILERPLATE_RULES`, :func:`find_boilerplate`).

Paragraph convention:
    Every non-blank input line is one paragraph, and the cleaned text separates paragraphs
    with exactly one ``"\n"``: no blank lines, no leading or trailing whitespace, no final
    newline, and no tab or other control character. Input may separate paragraphs by single
    newlines (one paragraph per line, as extractors such as trafilatura and the seed article
    give them) or by blank lines; both give the same result. A newline in the cleaned text is
    therefore always a paragraph end, and the sentence segmenter may treat it as a hard
    boundary. Text that is hard-wrapped inside sentences must be unwrapped before cleaning,
    otherwise each wrapped line becomes a paragraph of its own.

Guarantees:
    :func:`clean_text` is deterministic, idempotent (``clean_text(clean_text(x)) ==
    clean_text(x)``), never raises on a ``str``, and decides on each paragraph by itself, so
    removing one paragraph never changes the decision on another. Boilerplate rules are
    conservative: a news paragraph that merely mentions cookies, a newsletter, sharing or
    privacy is kept; a rule fires only on a phrase that addresses the reader ("our site",
    "your device", "you can opt out", "Sign up to our newsletter") or on a short line that
    is wholly a widget label.
"""

from __future__ import annotations

import re
import unicodedata

from framing.text.boilerplate import (
    BOILERPLATE_RULES,
    CONSENT_INDICATORS,
    RULE_NAMES,
    BoilerplateRule,
    ConsentIndicator,
    find_boilerplate,
)

__all__ = [
    "BOILERPLATE_RULES",
    "CONSENT_INDICATORS",
    "RULE_NAMES",
    "BoilerplateRule",
    "ConsentIndicator",
    "clean_document_text",
    "clean_text",
    "find_boilerplate",
]

# --------------------------------------------------------------------------------------------
# Step 1: unicode
# --------------------------------------------------------------------------------------------

_LINE_BREAKS = (0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029)
"""Code points that end a line (after CRLF has become LF): mapped to ``"\\n"``."""

_SPACES = (0xA0, 0x1680, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000)
"""No-break and other unicode spaces (category Zs but U+0020): mapped to ``" "``."""

_INVISIBLE = (
    0xAD,  # soft hyphen
    0x180E,  # Mongolian vowel separator
    *range(0x200B, 0x2010),  # zero-width space, ZWNJ, ZWJ, LRM, RLM
    *range(0x202A, 0x202F),  # bidirectional embeddings and overrides
    *range(0x2060, 0x2065),  # word joiner, invisible operators
    *range(0x2066, 0x2070),  # bidirectional isolates, deprecated format characters
    0xFEFF,  # byte order mark / zero-width no-break space
)
"""Zero-width and other invisible format characters: removed."""

_CONTROLS = tuple(
    cp
    for cp in (*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0))
    if cp not in (0x09, 0x0A) and cp not in _LINE_BREAKS
)
"""C0 and C1 control characters except tab, newline and the line breaks: removed."""

_SURROGATES = range(0xD800, 0xE000)
"""Lone surrogates (never valid text; they cannot be written as UTF-8): removed."""


def _build_translation() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    table.update(dict.fromkeys(_CONTROLS))
    table.update(dict.fromkeys(_INVISIBLE))
    table.update(dict.fromkeys(_SURROGATES))
    table.update(dict.fromkeys(_SPACES, " "))
    table.update(dict.fromkeys(_LINE_BREAKS, "\n"))
    return table


_TRANSLATION = _build_translation()


def _normalise_unicode(text: str) -> str:
    """Apply step 1 (line breaks, spaces, invisible and control characters, NFC)."""
    text = text.replace("\r\n", "\n").translate(_TRANSLATION)
    # NFC last: removing an invisible character can bring a base letter next to a combining
    # mark, and composing after the removal keeps the result stable under a second pass.
    return unicodedata.normalize("NFC", text)


# --------------------------------------------------------------------------------------------
# Step 2: whitespace
# --------------------------------------------------------------------------------------------

_INLINE_SPACE = re.compile(r"[ \t]+")


def _paragraphs(text: str) -> list[str]:
    """Split unicode-normalised text into whitespace-normalised, non-empty paragraphs."""
    out = []
    for line in text.split("\n"):
        line = _INLINE_SPACE.sub(" ", line).strip(" ")
        if line:
            out.append(line)
    return out


# --------------------------------------------------------------------------------------------
# Public entry points
# --------------------------------------------------------------------------------------------


def clean_document_text(
    text: str, *, boilerplate: bool = True
) -> tuple[str, list[tuple[str, str]]]:
    r"""Clean a document and report the boilerplate paragraphs that were removed.

    Args:
        text: Raw article body text.
        boilerplate: Remove boilerplate paragraphs (step 3); with ``False`` they are kept in
            the text and still reported (so a caller can count what it kept).

    Returns:
        The cleaned text (paragraphs joined by a single ``"\n"``; see the module docstring)
        and the boilerplate paragraphs (removed, or with ``boilerplate=False`` kept) as
        ``(rule_name, paragraph)`` pairs in document order, each paragraph as it was after
        unicode and whitespace normalisation.
    """
    kept: list[str] = []
    removed: list[tuple[str, str]] = []
    for paragraph in _paragraphs(_normalise_unicode(text)):
        rule = find_boilerplate(paragraph)
        if rule is not None:
            removed.append((rule, paragraph))
        if rule is None or not boilerplate:
            kept.append(paragraph)
    return "\n".join(kept), removed


def clean_text(text: str) -> str:
    r"""Return the cleaned document text that sentence segmentation works on.

    Sentence offsets downstream point into this string.

    Args:
        text: Raw article body text.

    Returns:
        Unicode-normalised (NFC, curly quotes kept), whitespace-normalised text with
        boilerplate paragraphs removed; paragraphs are separated by a single ``"\n"``.

    Examples:
        >>> clean_text("“Stop,”\u00a0he said.\r\n\r\nShare this article\r\n")
        '“Stop,” he said.'
    """
    return clean_document_text(text)[0]
