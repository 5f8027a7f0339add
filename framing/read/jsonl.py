"""JSON Lines corpora: one JSON object (one document) per line.

The one JSON Lines parser of the package: :func:`read_jsonl` (whole file) and the streaming
reader (:mod:`framing.stream`, chunk by chunk) both take their rows from :func:`iter_jsonl`, so
the same bad line gives the same error on every path.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from framing.errors import InputError
from framing.read.common import DEFAULT_FIELDS, FieldMap, Located, documents_from_file_rows
from framing.read.files import (
    BINARY_SNIFF_BYTES,
    DEFAULT_ENCODING,
    NoTextError,
    check_not_binary,
    codec_name,
    decode,
    detect_file_encoding,
    is_auto,
    open_binary,
    read_text,
)

SUFFIXES: tuple[str, ...] = (".jsonl", ".ndjson")
"""File suffixes read as JSON Lines."""

_WHOLE_FILE_CODECS = ("utf-16", "utf-32")
"""Codecs whose newline is not the byte ``0x0a``: such files are decoded whole, then split."""


def parse_line(path: Path | str, number: int, line: str) -> dict[str, Any] | None:
    """Parse one line of a JSON Lines file.

    Args:
        path: File name for messages.
        number: 1-based line number in the file.
        line: The decoded line.

    Returns:
        The object on the line, or ``None`` for a blank line.

    Raises:
        InputError: The line is not valid JSON, or not a JSON object.
    """
    if not line.strip():
        return None
    try:
        value = json.loads(line)
    except json.JSONDecodeError as e:
        raise InputError(
            path, f"not valid JSON ({e.msg} at column {e.colno})", row=number, unit="line"
        ) from None
    if not isinstance(value, dict):
        kind = "null" if value is None else type(value).__name__
        raise InputError(
            path,
            f"expected a JSON object per line, got a {kind} (one document per line, "
            'like {"text": "..."})',
            row=number,
            unit="line",
        )
    return value


def parse_jsonl(path: Path, text: str) -> tuple[list[tuple[int, dict[str, Any]]], list[str]]:
    """Parse decoded JSON Lines text into numbered objects.

    Blank lines are ignored; line numbers count every line of the file from 1.

    Args:
        path: File name for messages.
        text: The decoded file content.

    Returns:
        ``(line number, object)`` pairs, and every key seen, in first-seen order.

    Raises:
        InputError: A line is not valid JSON, or is not a JSON object.
    """
    rows = list(_numbered_objects(path, text))
    keys: dict[str, None] = {}
    for _, value in rows:
        keys.update(dict.fromkeys(value))
    return rows, list(keys)


def _numbered_objects(path: Path, text: str) -> Iterator[tuple[int, dict[str, Any]]]:
    # split on "\n" only: str.splitlines() would also split on U+2028 inside JSON strings
    for number, line in enumerate(text.split("\n"), start=1):
        value = parse_line(path, number, line)
        if value is not None:
            yield number, value


def iter_jsonl(
    path: Path, encoding: str = DEFAULT_ENCODING
) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield ``(line number, object)`` for each non-blank line, reading line by line.

    Memory is bounded by the longest line (UTF-16 and UTF-32 files are decoded whole). Line
    numbers count every line of the file from 1.

    Args:
        path: The file.
        encoding: Codec of the file (UTF-8 by default; a byte-order mark is removed);
            ``"auto"`` detects it (:func:`framing.read.files.detect_file_encoding`).

    Raises:
        InputError: The file is missing, empty (or only whitespace), binary, a byte cannot be
            decoded, or a line is not a JSON object.
    """
    if is_auto(encoding):
        encoding = detect_file_encoding(path)
    if codec_name(path, encoding).startswith(_WHOLE_FILE_CODECS):
        text = read_text(path, encoding)
        seen = False
        for item in _numbered_objects(path, text):
            seen = True
            yield item
        if not seen:
            raise NoTextError(path, "file is empty (only whitespace)")
        return
    with open_binary(path) as fh:
        head = fh.read(BINARY_SNIFF_BYTES)
        if not head:
            raise NoTextError(path, "file is empty")
        check_not_binary(path, head, encoding)
        fh.seek(0)
        seen = False
        for number, raw in enumerate(fh, start=1):
            value = parse_line(path, number, decode(path, raw, encoding, first_line=number))
            if value is not None:
                seen = True
                yield number, value
    if not seen:
        raise NoTextError(path, "file is empty (only whitespace)")


def read_jsonl(
    path: Path,
    *,
    fields: FieldMap = DEFAULT_FIELDS,
    source: str | None = None,
    default_source: str | None = None,
    id_stem: str | None = None,
    encoding: str = DEFAULT_ENCODING,
) -> list[Located]:
    """Read a ``.jsonl``/``.ndjson`` file; errors and generated ids use file line numbers.

    Args:
        path: The file.
        fields: Which keys hold which document fields.
        source: Source for every document, overriding the source key.
        default_source: Source for lines without one (default: the file stem).
        id_stem: Generated ids are ``<id_stem>-<line>`` (default: the file stem).
        encoding: Codec of the file (UTF-8 by default; a byte-order mark is removed).

    Returns:
        The documents with their origins.

    Raises:
        InputError: The file is missing, empty, binary, undecodable, or a line is invalid.
    """
    rows = list(iter_jsonl(path, encoding))
    keys: dict[str, None] = {}
    for _, value in rows:
        keys.update(dict.fromkeys(value))
    return documents_from_file_rows(path, rows, list(keys), fields=fields, source=source,
                                    default_source=default_source, id_stem=id_stem, unit="line")
