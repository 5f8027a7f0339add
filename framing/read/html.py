"""Web pages: the main article text of an ``.html`` file, extracted with trafilatura."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from framing.errors import InputError
from framing.read.files import (
    DEFAULT_ENCODING,
    NoTextError,
    check_not_binary,
    codec_name,
    decode,
    read_bytes,
)
from framing.schema import Document

SUFFIXES: tuple[str, ...] = (".html", ".htm")
"""File suffixes read as HTML."""

PRUNE_XPATH: tuple[str, ...] = (
    "//nav",
    "//footer",
    "//aside",
    "//header[not(ancestor::article)]",
)
"""Page chrome removed before extraction, so a page without an article yields no text."""

_LETTER_RUN = re.compile(r"[^\W\d_]{2,}")
"""A run of two or more letters: the prose test below counts these, not words (a menu of
one-letter items or a link list is not prose). Not word counting: the word tokenizer is
:func:`framing.text.words.tokenize`."""


def _extract(path: Path, content: bytes | str) -> Any:
    try:
        import trafilatura
    except ImportError as e:  # e.g. lxml >= 5.2 without lxml_html_clean
        raise InputError(path, f"cannot read HTML: trafilatura is not usable ({e})") from None
    try:
        return trafilatura.bare_extraction(
            content,
            with_metadata=True,
            include_comments=False,
            prune_xpath=list(PRUNE_XPATH),
        )
    except Exception as e:  # noqa: BLE001 - any parser failure is an input problem
        raise NoTextError(path, f"cannot parse HTML ({type(e).__name__}: {e})") from None


def _has_prose(text: str) -> bool:
    """Whether some line has three words or 20 letters (menus and link lists do not)."""
    return any(
        len(_LETTER_RUN.findall(line)) >= 3 or sum(c.isalpha() for c in line) >= 20
        for line in text.splitlines()
    )


def read_html(
    path: Path, *, doc_id: str, source: str, encoding: str = DEFAULT_ENCODING
) -> Document:
    """Read the article of one web page.

    Navigation, header, footer, aside, scripts and reader comments are dropped. The title,
    date and url come from the page's metadata (``<title>``/Open Graph, published time,
    canonical link); a first text line equal to the title is removed, since the title has its
    own field.

    Args:
        path: The ``.html``/``.htm`` file.
        doc_id: Id to give the document.
        source: Source label to give the document.
        encoding: With the default (UTF-8) the page's declared charset is honoured; any other
            value forces that codec.

    Returns:
        The document.

    Raises:
        NoTextError: The page is empty or has no article text.
        InputError: The file is missing or binary.
    """
    data = read_bytes(path)
    check_not_binary(path, data, encoding)
    content: bytes | str = data
    if codec_name(path, encoding) not in ("utf-8", "utf-8-sig"):
        content = decode(path, data, encoding)
    result = _extract(path, content)
    text = (getattr(result, "text", None) or "").strip() if result is not None else ""
    if not text or not _has_prose(text):
        raise NoTextError(
            path, "no article text found (the page has only navigation, scripts or boilerplate)"
        )
    title = (result.title or "").strip() or None
    first, _, rest = text.partition("\n")
    if title and first.strip() == title and rest.strip():
        text = rest.strip()
    return Document(
        doc_id=doc_id,
        source=source,
        text=text,
        title=title,
        date=(result.date or None),
        url=(result.url or None),
    )
