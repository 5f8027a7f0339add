"""Plain-text articles: one ``.txt`` file is one document."""

from __future__ import annotations

from pathlib import Path

from framing.read.files import DEFAULT_ENCODING, NoTextError, read_text
from framing.schema import Document

SUFFIXES: tuple[str, ...] = (".txt",)
"""File suffixes read as plain text."""


def read_txt(
    path: Path,
    *,
    doc_id: str,
    source: str,
    encoding: str = DEFAULT_ENCODING,
    title_from_first_line: bool = False,
) -> Document:
    """Read one text file as a document; CRLF and CR line endings become LF.

    Args:
        path: The ``.txt`` file.
        doc_id: Id to give the document.
        source: Source label to give the document.
        encoding: Codec of the file (UTF-8 by default; a byte-order mark is removed).
        title_from_first_line: Use the first non-blank line as the title and the rest as text.

    Returns:
        The document (``title`` is ``None`` unless ``title_from_first_line``).

    Raises:
        NoTextError: The file is empty or holds only whitespace (or only a title line).
        InputError: The file is missing, binary or not in ``encoding``.
    """
    text = read_text(path, encoding).replace("\r\n", "\n").replace("\r", "\n")
    title = None
    if title_from_first_line:
        head, _, rest = text.lstrip().partition("\n")
        title, text = head.strip() or None, rest
    if not text.strip():
        what = "only a title line" if title else "only whitespace"
        raise NoTextError(path, f"file has no text ({what})")
    return Document(doc_id=doc_id, source=source, text=text, title=title)
