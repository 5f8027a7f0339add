"""Tabular corpora: CSV/TSV and parquet files, one row per document."""

from __future__ import annotations

import csv
import io
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from framing.errors import InputError
from framing.read.common import (
    DEFAULT_FIELDS,
    FieldMap,
    Located,
    documents_from_file_rows,
    rows_of_frame,
)
from framing.read.files import DEFAULT_ENCODING, check_file, read_text, require_content

CSV_SUFFIXES: tuple[str, ...] = (".csv",)
"""File suffixes read as comma-separated values."""

TSV_SUFFIXES: tuple[str, ...] = (".tsv", ".tab")
"""File suffixes read as tab-separated values."""

PARQUET_SUFFIXES: tuple[str, ...] = (".parquet", ".pq")
"""File suffixes read as parquet."""

_SNIFFED = (",", ";", "\t", "|")
_PANDAS_PREFIX = re.compile(r"^Error tokenizing data\. C error: ")


def sniff_delimiter(text: str) -> str:
    """Guess a CSV delimiter from the header line: the most frequent of ``, ; TAB |``.

    Returns ``","`` when none of them occurs.
    """
    header = text.lstrip("\n").split("\n", 1)[0]
    counts = {d: header.count(d) for d in _SNIFFED}
    best = max(_SNIFFED, key=lambda d: counts[d])
    return best if counts[best] else ","


def locate_csv_error(path: Path, text: str, delimiter: str, error: Exception) -> InputError:
    """Turn a pandas parse failure into an :class:`InputError` naming the data row.

    pandas' own line numbers miscount quoted newlines, so the text is scanned again with the
    :mod:`csv` module to find the first row that is malformed or has more fields than the
    header. Data rows count from 1 after the header, skipping blank lines, as everywhere else.
    """
    hint = f"quote values that contain {delimiter!r}, or set --delimiter"
    limit = csv.field_size_limit()
    csv.field_size_limit(sys.maxsize)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        header: list[str] | None = None
        number, line = 0, 1
        try:
            for record in reader:
                if not record:
                    line = reader.line_num + 1
                    continue
                if header is None:
                    header = record
                elif len(record) > len(header):
                    return InputError(
                        path,
                        f"{len(record)} fields but the header has {len(header)} "
                        f"(line {line} of the file); {hint}",
                        row=number + 1,
                    )
                else:
                    number += 1
                line = reader.line_num + 1
        except csv.Error as e:
            return InputError(
                path,
                f"not valid CSV ({e}) in the row starting at line {line} of the file; "
                "check the quotes",
                row=number + 1 if header is not None else None,
            )
    finally:
        csv.field_size_limit(limit)
    message = _PANDAS_PREFIX.sub("", str(error).strip())
    return InputError(path, f"not valid CSV with delimiter {delimiter!r} ({message})")


def read_csv(
    path: Path,
    *,
    fields: FieldMap = DEFAULT_FIELDS,
    source: str | None = None,
    default_source: str | None = None,
    id_stem: str | None = None,
    encoding: str = DEFAULT_ENCODING,
    delimiter: str | None = None,
) -> list[Located]:
    """Read a CSV or TSV file with a header row; quoted fields may contain newlines.

    Every cell is read as a string (ids like ``007`` keep their zeros; ``NA`` stays text);
    empty cells are missing values. Row numbers in messages and generated ids count data rows
    from 1, not counting the header.

    Args:
        path: The file.
        fields: Which columns hold which document fields.
        source: Source for every document, overriding the source column.
        default_source: Source for rows without one (default: the file stem).
        id_stem: Generated ids are ``<id_stem>-<row>`` (default: the file stem).
        encoding: Codec of the file (UTF-8 by default; a byte-order mark is removed).
        delimiter: Field separator; by default a tab for ``.tsv``, otherwise guessed from the
            header line (``,`` ``;`` TAB or ``|``).

    Returns:
        The documents with their origins.

    Raises:
        InputError: The file is missing, empty, binary, undecodable, malformed, or lacks the
            text column.
    """
    import pandas as pd

    text = read_text(path, encoding)
    require_content(path, text)
    if delimiter is None:
        delimiter = "\t" if path.suffix.lower() in TSV_SUFFIXES else sniff_delimiter(text)
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=True,
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as e:
        raise locate_csv_error(path, text, delimiter, e) from None
    rows, columns = rows_of_frame(frame)
    return documents_from_file_rows(path, rows, columns, fields=fields, source=source,
                                    default_source=default_source, id_stem=id_stem)


def parquet_rows(
    path: Path, batch_size: int = 65_536
) -> tuple[list[str], Iterator[tuple[int, dict[str, Any]]]]:
    """The columns of a parquet file and its numbered rows, read a batch at a time.

    The one parquet row reader: :func:`read_parquet` and the streaming reader
    (:mod:`framing.stream`) both use it, so the same file gives the same documents and errors.
    Values are converted as pandas converts them (the pandas index is not a column).

    Args:
        path: The file.
        batch_size: Rows decoded at a time (memory is bounded by one batch).

    Returns:
        The column names, and an iterator of ``(row number, {column: value})`` with row numbers
        from 1.

    Raises:
        InputError: The file is missing, empty or not parquet (also while iterating, for a
            file damaged after its footer).
    """
    import pyarrow.parquet as pq

    check_file(path)
    try:
        reader = pq.ParquetFile(path)
        columns = [str(c) for c in reader.schema_arrow.empty_table().to_pandas().columns]
    except Exception as e:  # noqa: BLE001 - pyarrow raises many types for a bad file
        raise _unreadable_parquet(path, e) from None

    def rows() -> Iterator[tuple[int, dict[str, Any]]]:
        number = 0
        batches = reader.iter_batches(batch_size=batch_size)
        while True:
            try:
                batch = next(batches)
                frame = batch.to_pandas()
            except StopIteration:
                return
            except Exception as e:  # noqa: BLE001 - as above
                raise _unreadable_parquet(path, e) from None
            for _, row in rows_of_frame(frame)[0]:
                number += 1
                yield number, row

    return columns, rows()


def _unreadable_parquet(path: Path, error: Exception) -> InputError:
    return InputError(path, f"not a readable parquet file ({type(error).__name__}: {error})")


def read_parquet(
    path: Path,
    *,
    fields: FieldMap = DEFAULT_FIELDS,
    source: str | None = None,
    default_source: str | None = None,
    id_stem: str | None = None,
) -> list[Located]:
    """Read a parquet file; row numbers count from 1.

    Args:
        path: The file.
        fields: Which columns hold which document fields.
        source: Source for every document, overriding the source column.
        default_source: Source for rows without one (default: the file stem).
        id_stem: Generated ids are ``<id_stem>-<row>`` (default: the file stem).

    Returns:
        The documents with their origins.

    Raises:
        InputError: The file is missing, empty, not parquet, or lacks the text column.
    """
    columns, rows = parquet_rows(path)
    return documents_from_file_rows(path, list(rows), columns, fields=fields, source=source,
                                    default_source=default_source, id_stem=id_stem)
