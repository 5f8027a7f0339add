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
    is_auto,
    read_bytes,
    resolve_encoding,
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


_DECLARED_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
"""A page's declared charset (``<meta charset=...>`` or the ``http-equiv`` content type)."""

_BYLINE = re.compile(r"^(?:by|written by|words by|reporting by)\s+", re.I)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def page_encoding(path: Path, data: bytes) -> str:
    """The codec of a page for ``encoding="auto"``.

    UTF-8 when the bytes are UTF-8, else the declared charset when it decodes them, else the
    detected one.

    Raises:
        InputError: No codec reads the page.
    """
    if _is_utf8(data):
        return "utf-8"
    declared = _DECLARED_CHARSET.search(data[:4096])
    if declared:
        name = declared.group(1).decode("ascii", "replace")
        try:
            data.decode(name)
        except (LookupError, UnicodeDecodeError):
            pass
        else:
            return codec_name(path, name)
    return codec_name(path, resolve_encoding(path, data, "auto"))


def split_byline(text: str, author: str | None) -> str:
    """Remove a first text line that is the byline of ``author`` ("By Jane Doe", "Jane Doe")."""
    if not author:
        return text
    first, _, rest = text.partition("\n")
    line = _BYLINE.sub("", first.strip()).strip(" ,|-–—")
    if rest.strip() and line.casefold() == author.casefold():
        return rest.strip()
    return text


def _has_prose(text: str) -> bool:
    """Whether some line has three words or 20 letters (menus and link lists do not)."""
    return any(
        len(_LETTER_RUN.findall(line)) >= 3 or sum(c.isalpha() for c in line) >= 20
        for line in text.splitlines()
    )


def read_html(
    path: Path,
    *,
    doc_id: str,
    source: str,
    encoding: str = DEFAULT_ENCODING,
    meta: dict[str, str] | None = None,
) -> Document:
    """Read the article of one web page.

    Navigation, header, footer, aside, scripts and reader comments are dropped. The title,
    date and url come from the page's metadata (``<title>``/Open Graph, published time,
    canonical link), the author from its byline metadata; a first text line equal to the title
    is removed, since the title has its own field, and so is a byline line naming the author.

    Args:
        path: The ``.html``/``.htm`` file.
        doc_id: Id to give the document.
        source: Source label to give the document.
        encoding: With the default (UTF-8) the page's declared charset is honoured; ``"auto"``
            uses UTF-8, else the declared charset, else detection (:func:`page_encoding`);
            any other value forces that codec.
        meta: When given, ``"encoding"`` is set to the codec used (with the default and a page
            that is not UTF-8: its declared charset, which the extractor honours, or
            ``"unknown"``) and ``"author"`` to the byline (when the page names one).

    Returns:
        The document.

    Raises:
        NoTextError: The page is empty or has no article text.
        InputError: The file is missing or binary.
    """
    data = read_bytes(path)
    if is_auto(encoding):
        encoding = page_encoding(path, data)
    check_not_binary(path, data, encoding)
    content: bytes | str = data
    codec = codec_name(path, encoding)
    if codec not in ("utf-8", "utf-8-sig"):
        content = decode(path, data, encoding)
    elif not _is_utf8(data):  # the extractor honours the page's declared charset
        declared = _DECLARED_CHARSET.search(data[:4096])
        codec = declared.group(1).decode("ascii", "replace").lower() if declared else "unknown"
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
    author = (getattr(result, "author", None) or "").strip() or None
    text = split_byline(text, author)
    if meta is not None:
        meta["encoding"] = codec
        if author:
            meta["author"] = author
    return Document(
        doc_id=doc_id,
        source=source,
        text=text,
        title=title,
        date=(result.date or None),
        url=(result.url or None),
    )
