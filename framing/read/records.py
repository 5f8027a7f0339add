"""In-memory corpora: a list of mappings or a pandas DataFrame, as given to ``framing.analyze``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from framing.errors import InputError
from framing.read.common import (
    DEFAULT_FIELDS,
    FieldMap,
    Located,
    check_unique_ids,
    documents_from_rows,
    rows_of_frame,
)
from framing.schema import Document

RECORDS_LABEL = "<records>"
"""Name used for in-memory input in error messages."""

RECORDS_STEM = "records"
"""Stem of generated ids (``records-1``, ...) and default source of in-memory input."""


def _rows_of_mappings(
    records: Sequence[Mapping[str, Any] | Document],
) -> tuple[list[tuple[int, Mapping[str, Any]]], list[str]]:
    rows: list[tuple[int, Mapping[str, Any]]] = []
    keys: dict[str, None] = {}
    for number, record in enumerate(records, start=1):
        if isinstance(record, Document):
            record = record.to_dict()
        if not isinstance(record, Mapping):
            raise InputError(
                RECORDS_LABEL,
                f"expected a mapping (dict) per record, got {type(record).__name__}",
                row=number,
            )
        record = {str(k): v for k, v in record.items()}
        keys.update(dict.fromkeys(record))
        rows.append((number, record))
    return rows, list(keys)


def located_from_records(
    records: Sequence[Mapping[str, Any] | Document] | Any,
    *,
    fields: FieldMap,
    source: str | None = None,
) -> list[Located]:
    """Like :func:`documents_from_records`, keeping each document's origin."""
    if isinstance(records, pd.DataFrame):
        rows, columns = rows_of_frame(records)
    elif isinstance(records, (str, bytes)) or not isinstance(records, Sequence):
        raise InputError(
            RECORDS_LABEL,
            f"expected a list of mappings or a pandas DataFrame, got {type(records).__name__}",
        )
    else:
        rows, columns = _rows_of_mappings(records)
    located = documents_from_rows(
        rows,
        columns,
        label=RECORDS_LABEL,
        fields=fields,
        source=source,
        default_source=RECORDS_STEM,
        id_stem=RECORDS_STEM,
    )
    check_unique_ids(located)
    return located


def documents_from_records(
    records: Sequence[Mapping[str, Any] | Document] | Any,
    *,
    text_field: str = DEFAULT_FIELDS.text,
    id_field: str = DEFAULT_FIELDS.doc_id,
    source_field: str = DEFAULT_FIELDS.source,
    title_field: str = DEFAULT_FIELDS.title,
    date_field: str = DEFAULT_FIELDS.date,
    url_field: str = DEFAULT_FIELDS.url,
    source: str | None = None,
) -> list[Document]:
    """Turn in-memory records into documents, with the same rules as the file readers.

    Args:
        records: A sequence of mappings (or :class:`~framing.schema.Document` objects), or a
            :class:`pandas.DataFrame` (its index is ignored).
        text_field: Key of the article text (required).
        id_field: Key of the document id; when absent ids are ``records-<row>``.
        source_field: Key of the source label.
        title_field: Key of the headline.
        date_field: Key of the publication date.
        url_field: Key of the article address.
        source: Source for every document, overriding the source key; without either the
            source is ``"records"``.

    Returns:
        One document per record with text; records with blank text are skipped with an
        :class:`~framing.read.common.EmptyTextWarning`.

    Raises:
        InputError: Path ``"<records>"`` and the 1-based row: no text key, a non-mapping
            record, a container value, a duplicate id, or no record with text.
    """
    fields = FieldMap.from_options(
        text_field=text_field, id_field=id_field, source_field=source_field,
        title_field=title_field, date_field=date_field, url_field=url_field,
    )
    return [item.doc for item in located_from_records(records, fields=fields, source=source)]
