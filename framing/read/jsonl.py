"""JSON Lines corpora: one JSON object (one document) per line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from framing.errors import InputError
from framing.read.common import (
    DEFAULT_ENCODING,
    DEFAULT_FIELDS,
    FieldMap,
    Located,
    documents_from_rows,
    read_text,
    require_content,
)

SUFFIXES: tuple[str, ...] = (".jsonl", ".ndjson")
"""File suffixes read as JSON Lines."""


def parse_jsonl(path: Path, text: str) -> tuple[list[tuple[int, dict[str, Any]]], list[str]]:
    """Parse JSON Lines text into numbered objects.

    Blank lines are ignored; line numbers count every line of the file from 1.

    Args:
        path: File name for messages.
        text: The decoded file content.

    Returns:
        ``(line number, object)`` pairs, and every key seen, in first-seen order.

    Raises:
        InputError: A line is not valid JSON, or is not a JSON object.
    """
    rows: list[tuple[int, dict[str, Any]]] = []
    keys: dict[str, None] = {}
    # split on "\n" only: str.splitlines() would also split on U+2028 inside JSON strings
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
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
        keys.update(dict.fromkeys(value))
        rows.append((number, value))
    return rows, list(keys)


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
    text = read_text(path, encoding)
    require_content(path, text)
    rows, keys = parse_jsonl(path, text)
    return documents_from_rows(
        rows,
        keys,
        label=str(path),
        fields=fields,
        source=source,
        default_source=default_source or path.stem,
        id_stem=id_stem or path.stem,
        unit="line",
    )
