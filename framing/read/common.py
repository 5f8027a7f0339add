"""Helpers shared by every corpus reader: reading bytes, decoding, coercing values, building rows.

Every problem with the input is raised as :class:`~framing.errors.InputError`, whose one-line
message names the file and, where known, the row or line.
"""

from __future__ import annotations

import codecs
import datetime as _dt
import math
import numbers
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing.errors import InputError
from framing.schema import Document

DEFAULT_ENCODING = "utf-8"
"""Encoding assumed for text input unless the caller names another."""

BINARY_SNIFF_BYTES = 8192
"""How many leading bytes are checked for NUL bytes to tell a binary file."""

_LISTED = 5
"""How many skipped rows or files a warning lists by name."""


class EmptyTextWarning(UserWarning):
    """Some rows or files of a corpus had no text and were skipped."""


class NoTextError(InputError):
    """A one-document file (text or HTML) has no text; skipped with a warning inside a folder."""


@dataclass(frozen=True)
class FieldMap:
    """Which input columns (or JSON keys) hold each :class:`~framing.schema.Document` field.

    Attributes:
        text: Column with the article body (required).
        doc_id: Column with the document id; ids are generated when it is absent.
        source: Column with the source label.
        title: Column with the headline.
        date: Column with the publication date.
        url: Column with the article address.
    """

    text: str = "text"
    doc_id: str = "doc_id"
    source: str = "source"
    title: str = "title"
    date: str = "date"
    url: str = "url"

    @classmethod
    def from_options(
        cls,
        text_field: str = "text",
        id_field: str = "doc_id",
        source_field: str = "source",
        title_field: str = "title",
        date_field: str = "date",
        url_field: str = "url",
    ) -> FieldMap:
        """Build a map from the ``*_field`` keyword options of the public readers."""
        return cls(text_field, id_field, source_field, title_field, date_field, url_field)


DEFAULT_FIELDS = FieldMap()

_OPTION_NAMES = {
    "text": "text",
    "doc_id": "id",
    "source": "source",
    "title": "title",
    "date": "date",
    "url": "url",
}
"""Field name -> word used in messages and in the CLI option ``--<word>-field``."""


@dataclass(frozen=True)
class Origin:
    """Where a document came from, for error messages.

    Attributes:
        path: File (or ``"<records>"``) the document was read from.
        row: 1-based row or line number, or ``None`` for one-document files.
        unit: Word for ``row`` in messages ("row" or "line").
    """

    path: str
    row: int | None = None
    unit: str = "row"

    def error(self, message: str, cls: type[InputError] = InputError) -> InputError:
        """Return an error of class ``cls`` located at this origin."""
        return cls(self.path, message, row=self.row, unit=self.unit)

    def __str__(self) -> str:
        return self.path if self.row is None else f"{self.path}, {self.unit} {self.row}"


@dataclass(frozen=True)
class Located:
    """A document together with the place it was read from."""

    doc: Document
    origin: Origin


# --------------------------------------------------------------------------- bytes and text


def check_file(path: Path) -> None:
    """Raise unless ``path`` is an existing, non-empty file.

    Raises:
        InputError: The path is missing, a folder, or an empty file.
    """
    if not path.exists():
        raise InputError(path, "no such file or folder")
    if not path.is_file():
        raise InputError(path, "is not a regular file")
    if path.stat().st_size == 0:
        raise NoTextError(path, "file is empty")


def read_bytes(path: Path, *, allow_empty: bool = False) -> bytes:
    """Read a whole file, turning OS errors and empty files into :class:`InputError`.

    Args:
        path: File to read.
        allow_empty: Return ``b""`` for an empty file instead of raising.

    Returns:
        The file's content.

    Raises:
        InputError: The file is missing, unreadable, a folder, or empty.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(path, "no such file or folder") from None
    except IsADirectoryError:
        raise InputError(path, "is a folder, expected a file") from None
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except OSError as e:
        raise InputError(path, f"cannot read file ({e.strerror or e})") from None
    if not data and not allow_empty:
        raise NoTextError(path, "file is empty")
    return data


def codec_name(path: Path | str, encoding: str) -> str:
    """Return the normalised codec name of ``encoding`` (``"utf-8"``, ``"cp1252"``, ...).

    Raises:
        InputError: The encoding is unknown.
    """
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise InputError(path, f"unknown encoding {encoding!r} (see --encoding)") from None


def check_not_binary(path: Path | str, data: bytes, encoding: str = DEFAULT_ENCODING) -> None:
    """Raise when the first :data:`BINARY_SNIFF_BYTES` bytes contain a NUL byte.

    UTF-16 and UTF-32 text legitimately contains NUL bytes, so the check is skipped when
    ``encoding`` names one of those.

    Raises:
        InputError: The data looks binary.
    """
    name = codec_name(path, encoding)
    if name.startswith(("utf-16", "utf-32")):
        return
    head = data[:BINARY_SNIFF_BYTES]
    if b"\x00" not in head:
        return
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError(
            path, "file is UTF-16 text (byte-order mark); pass encoding='utf-16' (--encoding)"
        )
    raise InputError(
        path,
        f"looks like a binary file (NUL bytes in the first {BINARY_SNIFF_BYTES // 1024} KB), "
        "not text; check the path or the --input-format",
    )


def decode(path: Path | str, data: bytes, encoding: str = DEFAULT_ENCODING) -> str:
    """Decode file content strictly; a UTF-8 byte-order mark is removed.

    Args:
        path: File name for messages.
        data: The raw bytes.
        encoding: Codec name, e.g. ``"utf-8"`` (default) or ``"cp1252"``.

    Returns:
        The decoded text.

    Raises:
        InputError: A byte cannot be decoded; the message names the line and the byte and
            suggests the ``encoding`` option.
    """
    name = codec_name(path, encoding)
    if name in ("utf-8", "utf-8-sig"):
        name = "utf-8"
        bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    else:
        bom = 0
    try:
        return data[bom:].decode(name)
    except UnicodeDecodeError as e:
        offset = bom + e.start
        line = data.count(b"\n", 0, offset) + 1
        column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
        hint = (
            "if the file is not UTF-8, pass its encoding, "
            "e.g. encoding='cp1252' (--encoding cp1252)"
            if name == "utf-8"
            else "check the encoding option (--encoding)"
        )
        raise InputError(
            path,
            f"byte 0x{data[offset]:02x} (byte {column} of the line) is not valid {encoding} "
            f"({e.reason}); {hint}",
            row=line,
            unit="line",
        ) from None


def read_text(path: Path, encoding: str = DEFAULT_ENCODING, *, allow_empty: bool = False) -> str:
    """Read, check (not binary) and decode a text file.

    Args:
        path: File to read.
        encoding: Codec name; UTF-8 by default (a byte-order mark is removed).
        allow_empty: Return ``""`` for an empty file instead of raising.

    Returns:
        The decoded text.

    Raises:
        InputError: The file is missing, empty, binary or not in ``encoding``.
    """
    data = read_bytes(path, allow_empty=allow_empty)
    check_not_binary(path, data, encoding)
    return decode(path, data, encoding)


def require_content(path: Path | str, text: str) -> None:
    """Raise when a decoded table or JSONL file holds only whitespace."""
    if not text.strip():
        raise NoTextError(path, "file is empty (only whitespace)")


# --------------------------------------------------------------------------- values


def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def to_str(value: Any, origin: Origin, column: str) -> str | None:
    """Coerce one cell to a string, or ``None`` when it is missing.

    Integers (also integral floats such as ``12.0`` from a column with gaps) become ``"12"``,
    NaN/None/NA become ``None``, dates and timestamps become ISO 8601 strings (date only when a
    naive timestamp is at midnight), and strings are returned unchanged.

    Raises:
        InputError: The cell holds a list, mapping or other container.
    """
    if _is_missing(value):
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        f = float(value)
        if math.isnan(f):
            return None
        return str(int(f)) if f.is_integer() else str(f)
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    if isinstance(value, np.datetime64):
        value = pd.Timestamp(value)
        if value is pd.NaT:
            return None
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None and value.time() == _dt.time(0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, (_dt.date, _dt.time)):
        return value.isoformat()
    if isinstance(value, (Mapping, list, tuple, set, np.ndarray)):
        raise origin.error(
            f"column '{column}' holds a {type(value).__name__}, expected a single value"
        )
    return str(value)


def check_unicode(value: str, origin: Origin, column: str) -> str:
    r"""Return ``value`` unless it holds a lone UTF-16 surrogate, which UTF-8 cannot encode.

    JSON escapes such as ``"\ud800"`` and in-memory records can carry lone surrogates; such a
    value could not be written to any output table. Article text is not checked here: cleaning
    removes lone surrogates from it.

    Raises:
        InputError: The value holds a lone surrogate.
    """
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as e:
        raise origin.error(
            f"column '{column}' holds an invalid character U+{ord(value[e.start]):04X} "
            "(a lone surrogate, e.g. from a broken \\u escape); fix or remove it"
        ) from None
    return value


def _clean_optional(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None


# --------------------------------------------------------------------------- columns and rows


def rows_of_frame(frame: Any) -> tuple[list[tuple[int, dict[str, Any]]], list[str]]:
    """Number the rows of a pandas DataFrame from 1 and stringify its column names.

    Args:
        frame: A :class:`pandas.DataFrame` (its index is ignored).

    Returns:
        ``(row number, {column: value})`` pairs and the column names.
    """
    columns = [str(c) for c in frame.columns]
    frame = frame.set_axis(columns, axis=1)
    records = frame.to_dict(orient="records")
    return list(enumerate(records, start=1)), columns


def resolve_columns(
    label: str, columns: Sequence[str], fields: FieldMap, *, source_given: bool
) -> dict[str, str | None]:
    """Map each document field to the input column that holds it.

    A column matches exactly, or else by a unique case-insensitive match (``Text`` for
    ``text``). Missing optional columns map to ``None``; so does a missing id column (ids are
    then generated). A field name the caller changed from its default must exist, so that a
    typo in ``--id-field`` is an error rather than silently generated ids.

    Args:
        label: File name for messages.
        columns: Column names (or JSON keys) present in the input.
        fields: The requested field mapping.
        source_given: Whether a ``source`` argument overrides the source column.

    Returns:
        Field name (``"text"``, ``"doc_id"``, ...) -> column name or ``None``.

    Raises:
        InputError: The text column, or an explicitly requested column, is missing.
    """
    by_lower: dict[str, list[str]] = {}
    for col in columns:
        by_lower.setdefault(col.strip().lower(), []).append(col)
    listing = ", ".join(columns) if columns else "(none)"
    resolved: dict[str, str | None] = {}
    for field, wanted in vars(fields).items():
        if wanted in columns:
            resolved[field] = wanted
            continue
        candidates = by_lower.get(wanted.strip().lower(), [])
        if len(candidates) == 1:
            resolved[field] = candidates[0]
            continue
        word = _OPTION_NAMES[field]
        customised = wanted != getattr(DEFAULT_FIELDS, field)
        if field == "text" or (customised and not (field == "source" and source_given)):
            raise InputError(
                label, f"no {word} column '{wanted}'; columns are: {listing} (use --{word}-field)"
            )
        resolved[field] = None
    return resolved


def documents_from_rows(
    rows: Iterable[tuple[int, Mapping[str, Any]]],
    columns: Sequence[str],
    *,
    label: str,
    fields: FieldMap,
    source: str | None,
    default_source: str,
    id_stem: str,
    unit: str = "row",
) -> list[Located]:
    """Turn numbered rows (mappings) into documents; the common core of every table reader.

    Args:
        rows: ``(row number, mapping)`` pairs, row numbers 1-based as shown in messages.
        columns: All column names (or JSON keys) seen in the input.
        label: File name (or ``"<records>"``) for messages.
        fields: Which columns hold which document fields.
        source: Source for every document, overriding the source column.
        default_source: Source for rows with no source value.
        id_stem: Generated ids are ``f"{id_stem}-{row}"``.
        unit: Word for row numbers in messages ("row" or "line").

    Returns:
        The documents with their origins; rows with blank text are skipped with an
        :class:`EmptyTextWarning`.

    Raises:
        InputError: The text column is missing, a cell is not a single value, there are no rows,
            or no row has text.
    """
    cols = resolve_columns(label, columns, fields, source_given=source is not None)
    candidates: list[tuple[Origin, Document | None]] = []
    for number, row in rows:
        origin = Origin(label, number, unit)

        def cell(field: str, row: Mapping[str, Any] = row, origin: Origin = origin) -> str | None:
            col = cols[field]
            value = None if col is None else to_str(row.get(col), origin, col)
            if value is not None and field != "text":
                check_unicode(value, origin, col)  # ids and labels are written verbatim
            return value

        text = cell("text")
        if text is None or not text.strip():
            candidates.append((origin, None))
            continue
        doc_id = _clean_optional(cell("doc_id")) or f"{id_stem}-{number}"
        doc_source = source or _clean_optional(cell("source")) or default_source
        doc = Document(
            doc_id=doc_id,
            source=doc_source,
            text=text,
            title=_clean_optional(cell("title")),
            date=_clean_optional(cell("date")),
            url=_clean_optional(cell("url")),
        )
        candidates.append((origin, doc))
    if not candidates:
        raise InputError(label, f"no {unit}s to read (only a header or blank lines)")
    return keep_documents(label, candidates, unit=unit, column=cols["text"] or fields.text)


def keep_documents(
    label: str,
    candidates: Sequence[tuple[Origin, Document | None]],
    *,
    unit: str,
    column: str | None = None,
    reasons: Mapping[Origin, str] | None = None,
    required: bool = True,
) -> list[Located]:
    """Drop candidates without a document, warning how many; raise when none is left.

    Args:
        label: File or folder name for messages.
        candidates: ``(origin, document or None)`` pairs; ``None`` marks a row with no text.
        unit: "row", "line" or "file", for messages.
        column: Text column name, for messages about tables.
        reasons: Optional reason per skipped origin (for files).
        required: Raise when no candidate has a document (otherwise only warn).

    Returns:
        The kept documents with their origins.

    Raises:
        InputError: No candidate has a document.
    """
    skipped = [origin for origin, doc in candidates if doc is None]
    where = f" in column '{column}'" if column else ""

    def name(origin: Origin) -> str:
        if unit != "file":
            return str(origin.row)
        reason = (reasons or {}).get(origin)
        return f"{origin.path} ({reason})" if reason else origin.path

    if len(skipped) == len(candidates) and required:
        if unit == "file":
            raise InputError(
                label,
                f"no text: none of the {len(candidates)} files has any; e.g. {name(skipped[0])}",
            )
        raise InputError(label, f"no text{where}: all {len(candidates)} {unit}s are empty")
    if skipped:
        separator = "; " if unit == "file" else ", "
        listed = separator.join(name(o) for o in skipped[:_LISTED])
        more = f" and {len(skipped) - _LISTED} more" if len(skipped) > _LISTED else ""
        plural = "s" if len(skipped) > 1 else ""
        warnings.warn(
            f"{label}: skipped {len(skipped)} of {len(candidates)} {unit}s with no text{where}: "
            f"{unit}{plural} {listed}{more}",
            EmptyTextWarning,
            stacklevel=2,
        )
    return [Located(doc, origin) for origin, doc in candidates if doc is not None]


def check_unique_ids(located: Iterable[Located]) -> None:
    """Raise on the second occurrence of any ``doc_id``.

    Raises:
        InputError: Located at the second occurrence, naming the first.
    """
    first: dict[str, Origin] = {}
    for item in located:
        seen = first.setdefault(item.doc.doc_id, item.origin)
        if seen is not item.origin:
            raise item.origin.error(
                f"duplicate doc_id '{item.doc.doc_id}' (first at {seen}); "
                "a doc_id must be unique across all input files"
            )
