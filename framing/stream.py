"""Streaming: score corpora larger than memory, chunk by chunk, into parquet row groups.

JSON Lines and parquet inputs are read a chunk of documents at a time; each chunk is cleaned,
segmented, scored and attributed (documents are never split across chunks), and appended to
the output as one parquet row group. Memory is bounded by the chunk size, not the corpus. The
output is written to a temporary file and renamed at the end, so an interrupted run leaves no
partial file; finished chunks are in the score cache, so a rerun resumes quickly.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from tqdm.auto import tqdm

from framing.analysis.documents import document_scores
from framing.api import analyze_documents
from framing.errors import InputError
from framing.outputs import arrow_schema, atomic_path, write_table
from framing.read.common import (
    DEFAULT_FIELDS,
    FieldMap,
    Located,
    Origin,
    UniqueIds,
    candidates_from_rows,
    no_rows_error,
    report_skipped,
)
from framing.read.files import DEFAULT_ENCODING
from framing.read.jsonl import SUFFIXES as JSONL_SUFFIXES
from framing.read.jsonl import iter_jsonl
from framing.read.tables import PARQUET_SUFFIXES, parquet_rows
from framing.schema import Document

STREAMABLE = (*JSONL_SUFFIXES, *PARQUET_SUFFIXES)
"""Input suffixes that can be streamed (JSON Lines and parquet)."""


def can_stream(paths: Sequence[str | Path]) -> bool:
    """Whether every input is a JSON Lines or parquet file."""
    return bool(paths) and all(Path(p).is_file() and Path(p).suffix.lower() in STREAMABLE
                               for p in paths)


def _batches(rows: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def iter_document_chunks(paths: Sequence[str | Path], chunk_docs: int, *,
                         fields: FieldMap = DEFAULT_FIELDS, source: str | None = None,
                         encoding: str = DEFAULT_ENCODING) -> Iterator[list[Document]]:
    """Yield lists of at most ``chunk_docs`` documents, a file's rows in order.

    Rows come from the same parsers as :func:`framing.read.read_corpus` (JSON Lines:
    :func:`framing.read.jsonl.iter_jsonl`; parquet: :func:`framing.read.tables.parquet_rows`)
    and become documents by the same rules, so every bad row gives the same error and every
    skipped row the same warning; ids must be unique across all inputs.

    Args:
        paths: JSON Lines or parquet files.
        chunk_docs: Documents per chunk (rows with blank text are skipped); a chunk holds
            documents of one file.
        fields: Which columns hold which document fields.
        source: Source for every document, overriding the source column.
        encoding: Codec of JSON Lines files.

    Raises:
        InputError: Anything wrong with the input, as :func:`framing.read.read_corpus` says it.
    """
    ids = UniqueIds()
    for raw in paths:
        path = Path(raw)
        label = str(path)
        if path.suffix.lower() in PARQUET_SUFFIXES:
            unit = "row"
            columns, rows = parquet_rows(path, batch_size=chunk_docs)
        else:
            unit, columns, rows = "line", None, iter_jsonl(path, encoding)
        skipped: list[Origin] = []
        pending: list[Document] = []
        total = 0
        column = fields.text
        for batch in _batches(rows, chunk_docs):
            keys = columns or list(dict.fromkeys(k for _, m in batch for k in m))
            candidates, column = candidates_from_rows(
                batch, keys, label=label, fields=fields, source=source,
                default_source=path.stem, id_stem=path.stem, unit=unit)
            total += len(candidates)
            for origin, doc in candidates:
                if doc is None:
                    skipped.append(origin)
                else:
                    ids.check(Located(doc, origin))
                    pending.append(doc)
            while len(pending) >= chunk_docs:
                yield pending[:chunk_docs]
                pending = pending[chunk_docs:]
        if pending:
            yield pending
        if not total:
            raise no_rows_error(label, unit)
        report_skipped(label, skipped, total, unit=unit, column=column)


def stream_score(paths: Sequence[str | Path], output: str | Path, scorers: list, *,
                 chunk_docs: int = 2000, cache: Any = True, progress: bool = False,
                 metadata: dict[str, str] | None = None, fields: FieldMap = DEFAULT_FIELDS,
                 source: str | None = None, encoding: str = DEFAULT_ENCODING,
                 documents_output: str | Path | None = None, speakers: str = "rules"
                 ) -> tuple[int, int]:
    """Score JSONL/parquet inputs chunk by chunk into one parquet file of row groups.

    Args:
        paths: JSON Lines or parquet files.
        output: The parquet file to write.
        scorers: Scorer objects.
        chunk_docs: Rows read (and documents scored) per chunk.
        cache: Score cache (``True``: the default one, ``False``: none).
        progress: Show a progress bar.
        metadata: Key-value pairs stored in the parquet schema metadata.
        fields: Which columns hold which document fields.
        source: Source for every document, overriding the source column.
        encoding: Codec of JSON Lines files.
        documents_output: Also write the per-document table
            (:func:`framing.analysis.documents.document_scores`, one small row per document,
            gathered chunk by chunk) to this file.
        speakers: ``"rules"`` or ``"ranker"`` (:func:`framing.api.analyze_documents`).

    Returns:
        ``(documents, sentences)`` written.
    """
    n_docs = n_sents = 0
    per_document: list[pd.DataFrame] = []
    with atomic_path(output) as tmp:
        writer = None
        schema = None
        bar = tqdm(desc="documents", unit="doc", disable=not progress)
        try:
            for docs in iter_document_chunks(paths, chunk_docs, fields=fields, source=source,
                                              encoding=encoding):
                table, _ = analyze_documents(docs, scorers, cache=cache, speakers=speakers)
                if writer is None:
                    schema = arrow_schema(table)
                    meta = {f"framing.{k}".encode(): v.encode()
                            for k, v in (metadata or {}).items()}
                    schema = schema.with_metadata({**(schema.metadata or {}), **meta})
                    writer = pq.ParquetWriter(tmp, schema)
                writer.write_table(pa.Table.from_pandas(table, schema=schema,
                                                        preserve_index=False))
                if documents_output is not None:
                    per_document.append(document_scores(
                        table, pd.DataFrame([d.to_dict() for d in docs]).drop(columns="text")))
                n_docs += len(docs)
                n_sents += len(table)
                bar.update(len(docs))
        finally:
            bar.close()
            if writer is not None:
                writer.close()
        if writer is None:
            raise InputError(paths[0] if paths else None, "no documents to score")
        if documents_output is not None:
            write_table(pd.concat(per_document, ignore_index=True), documents_output)
    return n_docs, n_sents
