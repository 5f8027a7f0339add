"""Streaming: score corpora larger than memory, chunk by chunk, into parquet row groups.

JSON Lines and parquet inputs are read a chunk of documents at a time; each chunk is cleaned,
segmented, scored and attributed (documents are never split across chunks), and appended to
the output as one parquet row group. Memory is bounded by the chunk size, not the corpus. The
output is written to a temporary file and renamed at the end, so an interrupted run leaves no
partial file; finished chunks are in the score cache, so a rerun resumes quickly.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from framing.errors import InputError
from framing.schema import Document

STREAMABLE = (".jsonl", ".ndjson", ".parquet")

def can_stream(paths: Sequence[str | Path]) -> bool:
    """Whether every input is a JSON Lines or parquet file."""
    return bool(paths) and all(Path(p).is_file() and Path(p).suffix.lower() in STREAMABLE
                               for p in paths)


def _jsonl_rows(path: Path, encoding: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """Rows of a JSON Lines file, read and decoded line by line (bounded memory)."""
    from framing.read.common import BINARY_SNIFF_BYTES, check_not_binary

    codec = "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
    with open(path, "rb") as fh:
        check_not_binary(path, fh.read(BINARY_SNIFF_BYTES), encoding)
        fh.seek(0)
        for lineno, raw in enumerate(fh, 1):
            try:
                line = raw.decode(codec if lineno == 1 else codec.replace("-sig", ""))
            except UnicodeDecodeError as exc:
                bad = raw[exc.start : exc.start + 1].hex()
                raise InputError(path, f"not valid {encoding} text (byte 0x{bad} at column "
                                       f"{exc.start + 1}); if the file is not UTF-8, pass its "
                                       "encoding, e.g. --encoding cp1252", lineno,
                                 "line") from exc
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(path, f"not valid JSON ({exc.msg} at column {exc.colno})",
                                 lineno, "line") from exc
            if not isinstance(value, dict):
                raise InputError(path, "expected a JSON object", lineno, "line")
            yield lineno, value


def _parquet_rows(path: Path, batch: int) -> Iterator[tuple[int, dict[str, Any]]]:
    import pyarrow.parquet as pq

    try:
        reader = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises several error types
        raise InputError(path, f"not a readable parquet file ({exc})") from exc
    row = 0
    for record_batch in reader.iter_batches(batch_size=batch):
        for mapping in record_batch.to_pylist():
            row += 1
            yield row, mapping


def iter_document_chunks(paths: Sequence[str | Path], chunk_docs: int, *, text_field: str = "text",
                         id_field: str = "doc_id", source_field: str = "source",
                         title_field: str = "title", date_field: str = "date",
                         url_field: str = "url", source: str | None = None,
                         encoding: str = "utf-8") -> Iterator[list[Document]]:
    """Yield lists of at most ``chunk_docs`` documents; ids must be unique across all inputs."""
    from framing.read.common import FieldMap, documents_from_rows

    fields = FieldMap(text=text_field, doc_id=id_field, source=source_field, title=title_field,
                      date=date_field, url=url_field)
    seen: dict[str, str] = {}
    for raw in paths:
        path = Path(raw)
        if not path.is_file():
            raise InputError(path, "file not found")
        jsonl = path.suffix.lower() != ".parquet"
        rows = _jsonl_rows(path, encoding) if jsonl else _parquet_rows(path, chunk_docs)
        unit = "line" if jsonl else "row"
        buffer: list[tuple[int, dict[str, Any]]] = []
        blank: list[int] = []
        total = kept = 0

        def flush(buf: list[tuple[int, dict[str, Any]]], path: Path = path,
                  unit: str = unit) -> list[Document]:
            columns = sorted({k for _, m in buf for k in m})
            located = documents_from_rows(buf, columns, label=str(path), fields=fields,
                                          source=source, default_source=path.stem,
                                          id_stem=path.stem, unit=unit)
            docs = []
            for item in located:
                doc = item.doc
                where = f"{path.name}, {unit} {item.origin.row}"
                if doc.doc_id in seen:
                    raise InputError(path, f"duplicate doc_id '{doc.doc_id}' (first at "
                                           f"{seen[doc.doc_id]})", item.origin.row, unit)
                seen[doc.doc_id] = where
                docs.append(doc)
            return docs

        for number, mapping in rows:
            total += 1
            key = _text_key(mapping, text_field)
            if key is not None and _blank(mapping[key]):
                blank.append(number)  # counted once per file, below
                continue
            buffer.append((number, mapping))
            if len(buffer) >= chunk_docs:
                kept += len(buffer)
                yield flush(buffer)
                buffer = []
        if buffer:
            kept += len(buffer)
            yield flush(buffer)
        if total and not kept:
            raise InputError(path, f"no text in column '{text_field}': all {total} {unit}s are "
                                   "empty")
        if blank:
            import warnings

            from framing.read.common import EmptyTextWarning

            shown = ", ".join(map(str, blank[:10])) + (", ..." if len(blank) > 10 else "")
            warnings.warn(f"{path}: skipped {len(blank)} of {total} {unit}s with no text in "
                          f"column '{text_field}': {unit}s {shown}", EmptyTextWarning,
                          stacklevel=2)


def _text_key(mapping: dict[str, Any], text_field: str) -> str | None:
    if text_field in mapping:
        return text_field
    lowered = {k.lower(): k for k in mapping if isinstance(k, str)}
    return lowered.get(text_field.lower())


def _blank(value: Any) -> bool:
    import math

    if value is None or (isinstance(value, float) and math.isnan(value)):
        return True
    return isinstance(value, str) and not value.strip()


def stream_score(paths: Sequence[str | Path], output: str | Path, scorers: list, *,
                 chunk_docs: int = 2000, cache: Any = True, progress: bool = False,
                 metadata: dict[str, str] | None = None, **read_options: Any) -> tuple[int, int]:
    """Score JSONL/parquet inputs chunk by chunk into one parquet file of row groups.

    Returns:
        ``(documents, sentences)`` written.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq
    from tqdm.auto import tqdm

    from framing.api import analyze_documents
    from framing.outputs import arrow_schema, atomic_path

    n_docs = n_sents = 0
    with atomic_path(output) as tmp:
        writer = None
        schema = None
        bar = tqdm(desc="documents", unit="doc", disable=not progress)
        try:
            for docs in iter_document_chunks(paths, chunk_docs, **read_options):
                table, _ = analyze_documents(docs, scorers, cache=cache)
                if writer is None:
                    schema = arrow_schema(table)
                    meta = {f"framing.{k}".encode(): v.encode()
                            for k, v in (metadata or {}).items()}
                    schema = schema.with_metadata({**(schema.metadata or {}), **meta})
                    writer = pq.ParquetWriter(tmp, schema)
                writer.write_table(pa.Table.from_pandas(table, schema=schema,
                                                        preserve_index=False))
                n_docs += len(docs)
                n_sents += len(table)
                bar.update(len(docs))
        finally:
            bar.close()
            if writer is not None:
                writer.close()
        if writer is None:
            raise InputError(paths[0] if paths else None, "no documents to score")
    return n_docs, n_sents
