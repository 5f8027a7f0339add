"""Helpers shared by every corpus reader: field maps, coercing values, building rows.

Reading bytes and decoding is :mod:`framing.read.files`.

Every problem with the input is raised as :class:`~framing.errors.InputError`, whose one-line
message names the file and, where known, the row or line.
"""

from __future__ import annotations

import dataclasses
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

from framing.errors import ArgumentError, InputError
from framing.schema import Document, is_missing

_LISTED = 5
"""How many skipped rows or files a warning lists by name."""


class EmptyTextWarning(UserWarning):
    """Some rows or files of a corpus had no text and were skipped."""


FIELD_OPTIONS: dict[str, str] = {
    "text_field": "text",
    "id_field": "doc_id",
    "source_field": "source",
    "title_field": "title",
    "date_field": "date",
    "url_field": "url",
}
"""Each field option (``read_corpus(text_field=...)``, ``--text-field``, a config's
``corpus.text_field``) and the :class:`FieldMap` attribute it sets."""


@dataclass(frozen=True)
class FieldMap:
    """Which input columns (or JSON keys) hold each :class:`~framing.schema.Document` field.

    The one owner of the field options: their names (:data:`FIELD_OPTIONS`), their defaults
    (this class's, also :data:`DEFAULT_FIELDS`) and their words in messages.

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
    def from_options(cls, **options: str) -> FieldMap:
        """Build a map from ``*_field`` keyword options (:data:`FIELD_OPTIONS`); others default.

        Raises:
            ArgumentError: An option is not one of :data:`FIELD_OPTIONS`.
        """
        unknown = [k for k in options if k not in FIELD_OPTIONS]
        if unknown:
            raise ArgumentError(f"unknown field option(s) {', '.join(unknown)}; valid: "
                                f"{', '.join(FIELD_OPTIONS)}")
        return cls(**{FIELD_OPTIONS[k]: v for k, v in options.items()})

    def options(self) -> dict[str, str]:
        """The map as ``*_field`` keyword options (the inverse of :meth:`from_options`)."""
        return {option: getattr(self, field) for option, field in FIELD_OPTIONS.items()}

    @staticmethod
    def option_word(field: str) -> str:
        """Word for ``field`` in messages and in the CLI option ``--<word>-field``."""
        return next(o for o, f in FIELD_OPTIONS.items() if f == field).removesuffix("_field")


DEFAULT_FIELDS = FieldMap()
"""The default field map: columns ``text``, ``doc_id``, ``source``, ``title``, ``date``,
``url``."""


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
    """A document together with the place it was read from.

    Attributes:
        doc: The document.
        origin: Where it was read from.
        meta: What the reader learnt beyond the document's fields: ``"encoding"`` (the codec
            the file was decoded with, e.g. the one ``encoding="auto"`` detected) and, for
            HTML, ``"author"`` (the byline from the page's metadata).
    """

    doc: Document
    origin: Origin
    meta: Mapping[str, str] = dataclasses.field(default_factory=dict, compare=False,
                                                 hash=False)


# --------------------------------------------------------------------------- values


def to_str(value: Any, origin: Origin, column: str) -> str | None:
    """Coerce one cell to a string, or ``None`` when it is missing.

    Integers (also integral floats such as ``12.0`` from a column with gaps) become ``"12"``,
    NaN/None/NA become ``None``, dates and timestamps become ISO 8601 strings (date only when a
    naive timestamp is at midnight), and strings are returned unchanged.

    Raises:
        InputError: The cell holds a list, mapping or other container.
    """
    if is_missing(value):
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
        word = FieldMap.option_word(field)
        customised = wanted != getattr(DEFAULT_FIELDS, field)
        if field == "text" or (customised and not (field == "source" and source_given)):
            raise InputError(
                label, f"no {word} column '{wanted}'; columns are: {listing} (name it with "
                f"--{word}-field, or corpus.{word}_field in a config)"
            )
        resolved[field] = None
    return resolved


def candidates_from_rows(
    rows: Iterable[tuple[int, Mapping[str, Any]]],
    columns: Sequence[str],
    *,
    label: str,
    fields: FieldMap,
    source: str | None,
    default_source: str,
    id_stem: str,
    unit: str = "row",
) -> tuple[list[tuple[Origin, Document | None]], str]:
    """Turn numbered rows (mappings) into documents, ``None`` for a row with blank text.

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
        ``(origin, document or None)`` per row, and the name of the text column.

    Raises:
        InputError: The text column is missing, or a cell is not a single value.
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
    return candidates, cols["text"] or fields.text


def no_rows_error(label: str, unit: str = "row") -> InputError:
    """The error for a table or JSON Lines file without a single row."""
    return InputError(label, f"no {unit}s to read (only a header or blank lines)")


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

    The arguments are those of :func:`candidates_from_rows`.

    Returns:
        The documents with their origins; rows with blank text are skipped with an
        :class:`EmptyTextWarning`.

    Raises:
        InputError: The text column is missing, a cell is not a single value, there are no rows,
            or no row has text.
    """
    candidates, column = candidates_from_rows(
        rows, columns, label=label, fields=fields, source=source,
        default_source=default_source, id_stem=id_stem, unit=unit,
    )
    if not candidates:
        raise no_rows_error(label, unit)
    return keep_documents(label, candidates, unit=unit, column=column)


def documents_from_file_rows(
    path: Path,
    rows: Iterable[tuple[int, Mapping[str, Any]]],
    columns: Sequence[str],
    *,
    fields: FieldMap,
    source: str | None,
    default_source: str | None,
    id_stem: str | None,
    unit: str = "row",
) -> list[Located]:
    """:func:`documents_from_rows` for a file's rows, labelled by its path.

    The default source and the id stem are the file stem unless given; the other arguments are
    those of :func:`candidates_from_rows`.
    """
    return documents_from_rows(
        rows,
        columns,
        label=str(path),
        fields=fields,
        source=source,
        default_source=default_source or path.stem,
        id_stem=id_stem or path.stem,
        unit=unit,
    )


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
    report_skipped(label, skipped, len(candidates), unit=unit, column=column, reasons=reasons,
                   required=required)
    return [Located(doc, origin) for origin, doc in candidates if doc is not None]


def report_skipped(
    label: str,
    skipped: Sequence[Origin],
    total: int,
    *,
    unit: str,
    column: str | None = None,
    reasons: Mapping[Origin, str] | None = None,
    required: bool = True,
) -> None:
    """Warn once about the rows (or files) of an input that had no text; raise if all had none.

    Args:
        label: File or folder name for messages.
        skipped: Origins of the rows or files without text, in input order.
        total: Number of rows or files read.
        unit: "row", "line" or "file", for messages.
        column: Text column name, for messages about tables.
        reasons: Optional reason per skipped origin (for files).
        required: Raise when every row or file was skipped (otherwise only warn).

    Raises:
        InputError: Every row or file was skipped (and ``required``).
    """
    where = f" in column '{column}'" if column else ""

    def name(origin: Origin) -> str:
        if unit != "file":
            return str(origin.row)
        reason = (reasons or {}).get(origin)
        return f"{origin.path} ({reason})" if reason else origin.path

    if skipped and len(skipped) == total and required:
        if unit == "file":
            raise InputError(
                label,
                f"no text: none of the {total} files has any; e.g. {name(skipped[0])}",
            )
        raise InputError(label, f"no text{where}: all {total} {unit}s are empty")
    if skipped:
        separator = "; " if unit == "file" else ", "
        listed = separator.join(name(o) for o in skipped[:_LISTED])
        more = f" and {len(skipped) - _LISTED} more" if len(skipped) > _LISTED else ""
        plural = "s" if len(skipped) > 1 else ""
        warnings.warn(
            f"{label}: skipped {len(skipped)} of {total} {unit}s with no text{where}: "
            f"{unit}{plural} {listed}{more}",
            EmptyTextWarning,
            stacklevel=3,
        )


class UniqueIds:
    """Checks that every ``doc_id`` is new, across all the files of one read."""

    def __init__(self) -> None:
        self._first: dict[str, Origin] = {}

    def check(self, item: Located) -> None:
        """Remember ``item``'s id; raise if an earlier document had it.

        Raises:
            InputError: Located at ``item``, naming where the id was first seen.
        """
        seen = self._first.setdefault(item.doc.doc_id, item.origin)
        if seen is not item.origin:
            raise item.origin.error(
                f"duplicate doc_id '{item.doc.doc_id}' (first at {seen}); "
                "a doc_id must be unique across all input files"
            )


def check_unique_ids(located: Iterable[Located]) -> None:
    """Raise on the second occurrence of any ``doc_id``.

    Raises:
        InputError: Located at the second occurrence, naming the first.
    """
    ids = UniqueIds()
    for item in located:
        ids.check(item)
