"""Plain-text articles: one ``.txt`` file is one document.

Titles: news saved as text usually starts with the headline on a line of its own. With
``title_from_first_line="auto"`` (the default) the first non-blank line becomes the title when
it looks like a headline (:func:`looks_like_title`): at most 20 words, not ending in ``.``,
``:``, ``;``, ``,`` or ``…``, not starting in lower case, and followed by a blank line.
``True`` always takes the first line, ``False`` never does.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from framing.errors import ArgumentError
from framing.read.files import DEFAULT_ENCODING, NoTextError, read_text_detected
from framing.schema import Document

SUFFIXES: tuple[str, ...] = (".txt",)
"""File suffixes read as plain text."""

TitleMode = bool | Literal["auto"]
"""``True`` (first line is the title), ``False`` (no title) or ``"auto"`` (when it looks like
one)."""

TITLE_MODES: tuple[str, ...] = ("auto", "yes", "no")
"""Spellings of the title modes in configs and on the command line."""

DEFAULT_TITLE_MODE: TitleMode = "auto"
"""The default of ``title_from_first_line``."""

TITLE_MAX_WORDS = 20
"""A headline has at most this many (whitespace-separated) words."""

TITLE_MAX_CHARS = 200
"""... and at most this many characters."""

_SENTENCE_END = ".…:;,"
"""A line ending in one of these (before closing quotes and brackets) is a sentence, not a
headline. "?" and "!" are not among them: 22 of 351 SemEval-2023 English headlines end so
("Will Putin stop?"), while a first paragraph of at most 20 words ending in "?" is rare."""

_CLOSERS = "\"'”’»)]"
_WORD = re.compile(r"[^\W\d_]{2,}")


def title_mode(value: bool | str | None) -> TitleMode:
    """Read a ``title_from_first_line`` value: a bool, ``None`` (auto) or auto/yes/no.

    Raises:
        ArgumentError: Any other value.
    """
    if value is None or isinstance(value, bool):
        return DEFAULT_TITLE_MODE if value is None else value
    key = str(value).strip().lower()
    modes: dict[str, TitleMode] = {"auto": "auto", "yes": True, "true": True, "no": False,
                                   "false": False}
    if key not in modes:
        raise ArgumentError(f"title_from_first_line must be one of {', '.join(TITLE_MODES)} "
                            f"(or true/false), not {value!r}")
    return modes[key]


def looks_like_title(line: str, *, followed_by_blank: bool) -> bool:
    """Whether a first line is a headline for ``title_from_first_line="auto"``.

    Args:
        line: The first non-blank line.
        followed_by_blank: Whether a blank line follows it.

    Returns:
        ``True`` for a short line (:data:`TITLE_MAX_WORDS`, :data:`TITLE_MAX_CHARS`) of at
        least two words, not starting in lower case and not ending like a sentence
        (:data:`_SENTENCE_END`), followed by a blank line.

    Examples:
        >>> looks_like_title("Mayor says Ukraine may cede land", followed_by_blank=True)
        True
        >>> looks_like_title("The mayor said Ukraine may cede land.", followed_by_blank=True)
        False
    """
    text = line.strip()
    if not followed_by_blank or not text or len(text) > TITLE_MAX_CHARS:
        return False
    if len(text.split()) > TITLE_MAX_WORDS or len(_WORD.findall(text)) < 2:
        return False
    first = next((c for c in text if c.isalnum()), "")
    if first.islower():
        return False
    return text.rstrip(_CLOSERS).rstrip()[-1:] not in _SENTENCE_END


def split_title(text: str, mode: TitleMode) -> tuple[str | None, str]:
    r"""Split the title off a text's first non-blank line as ``mode`` says.

    Args:
        text: The file's text, line endings already ``"\n"``.
        mode: ``True``, ``False`` or ``"auto"``.

    Returns:
        ``(title or None, rest of the text)``; the text is unchanged when there is no title.
    """
    if mode is False:
        return None, text
    head, _, rest = text.lstrip().partition("\n")
    title = head.strip() or None
    if mode == "auto":
        following = rest.split("\n", 1)[0]
        if (title is None or not rest.strip()
                or not looks_like_title(title, followed_by_blank=not following.strip())):
            return None, text
    return title, rest


def read_txt(
    path: Path,
    *,
    doc_id: str,
    source: str,
    encoding: str = DEFAULT_ENCODING,
    title_from_first_line: TitleMode = DEFAULT_TITLE_MODE,
    meta: dict[str, str] | None = None,
) -> Document:
    """Read one text file as a document; CRLF and CR line endings become LF.

    Args:
        path: The ``.txt`` file.
        doc_id: Id to give the document.
        source: Source label to give the document.
        encoding: Codec of the file (UTF-8 by default; a byte-order mark is removed);
            ``"auto"`` detects it.
        title_from_first_line: ``True``: the first non-blank line is the title and the rest
            the text; ``False``: no title; ``"auto"``: when it looks like a headline
            (:func:`looks_like_title`).
        meta: When given, ``"encoding"`` is set to the codec the file was decoded with.

    Returns:
        The document (``title`` is ``None`` unless a first line was taken as title).

    Raises:
        NoTextError: The file is empty or holds only whitespace (or only a title line).
        InputError: The file is missing, binary or not in ``encoding``.
    """
    raw, codec = read_text_detected(path, encoding)
    if meta is not None:
        meta["encoding"] = codec
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    title, text = split_title(text, title_from_first_line)
    if not text.strip():
        what = "only a title line" if title else "only whitespace"
        raise NoTextError(path, f"file has no text ({what})")
    return Document(doc_id=doc_id, source=source, text=text, title=title)
