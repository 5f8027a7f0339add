"""Writing outputs atomically: a temp file in the target folder, then a rename.

A run killed at any moment leaves either the old file or the new one, never half a file.
"""

from __future__ import annotations

import contextlib
import csv
import json
import math
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing.errors import OutputError

TABLE_FORMATS = ("parquet", "csv", "jsonl")

TABLE_SUFFIXES: dict[str, str] = {".parquet": "parquet", ".csv": "csv", ".jsonl": "jsonl"}
"""Output suffix -> table format. In CSV, list/dict cells (``loaded_terms``) are JSON strings;
in JSON Lines they stay nested."""

TERM_STRUCT_FIELDS = (("text", "string"), ("start", "int64"), ("end", "int64"),
                      ("type", "string"), ("score", "float64"), ("categories", "list<string>"),
                      ("voice", "string"), ("speaker", "string"), ("target", "string"))
"""Arrow types of a loaded term (see ``framing.scoring.base.LOADED_TERM_FIELDS``)."""


def arrow_schema(table: pd.DataFrame):
    """An explicit arrow schema for a sentence table, the same whatever the rows hold.

    Loaded-term columns get a fixed list-of-struct type (an all-empty chunk would otherwise
    be ``list<null>``), and all-missing text columns (``title``, ``speaker``, ...) are strings.
    """
    import pyarrow as pa

    term_type = pa.list_(pa.struct([
        (name, pa.list_(pa.string()) if kind == "list<string>" else pa.type_for_alias(kind))
        for name, kind in TERM_STRUCT_FIELDS]))
    fields = []
    for f in pa.Schema.from_pandas(table, preserve_index=False):
        if f.name == "loaded_terms" or f.name.endswith("_loaded_terms"):
            fields.append(pa.field(f.name, term_type))
        elif pa.types.is_null(f.type):
            fields.append(pa.field(f.name, pa.string()))
        else:
            fields.append(f)
    return pa.schema(fields)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it onto ``target`` on success.

    Raises:
        OutputError: When the folder cannot be created or written (read-only, disk full...).
    """
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part",
                                        dir=target.parent)
        os.close(fd)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write here ({exc.strerror or exc})") from exc
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs get normal permissions
        os.replace(tmp, target)
    except OSError as exc:
        raise OutputError(f"{target}: writing failed ({exc.strerror or exc}); "
                          "nothing was written") from exc
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def write_atomic(target: str | Path, writer: Callable[[Path], Any]) -> Path:
    """Call ``writer(tmp_path)`` and move the result onto ``target``."""
    with atomic_path(target) as tmp:
        writer(tmp)
    return Path(target)


def write_text(target: str | Path, text: str) -> Path:
    """Write UTF-8 text atomically."""
    return write_atomic(target, lambda p: p.write_text(text, encoding="utf-8"))


def write_json(target: str | Path, data: Any) -> Path:
    """Write JSON (sorted keys, indented, trailing newline) atomically."""
    return write_text(target, json.dumps(data, indent=2, sort_keys=True, default=str) + "\n")


def table_format(target: str | Path, fmt: str | None = None) -> str:
    """The format a table is written in: ``fmt`` when given, else from the suffix.

    Args:
        target: Output path.
        fmt: ``"parquet"``, ``"csv"`` or ``"jsonl"``; None infers it from the suffix.

    Raises:
        OutputError: An unknown ``fmt``, or (without ``fmt``) a suffix that names no supported
            format (``out.xlsx``), so nothing is written under a misleading name.
    """
    target = Path(target)
    if fmt is not None:
        if fmt not in TABLE_FORMATS:
            raise OutputError(f"{target}: unknown output format '{fmt}'; use "
                              f"{', '.join(TABLE_FORMATS)}")
        return fmt
    suffix = target.suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        raise OutputError(f"{target}: cannot write a table as '{suffix or '(no suffix)'}'; "
                          f"supported: {', '.join(TABLE_SUFFIXES)} (or name one with --format)")
    return TABLE_SUFFIXES[suffix]


def _jsonable(value: Any) -> Any:
    """A cell as plain JSON: numpy scalars and arrays unwrapped, missing values as null."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | np.ndarray):
        return [_jsonable(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    return value


def write_jsonl(table: pd.DataFrame, target: str | Path) -> Path:
    """Write a table as JSON Lines (one object per row, nested cells kept nested), atomically."""
    columns = [str(c) for c in table.columns]

    def _write(tmp: Path) -> None:
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            for row in table.itertuples(index=False, name=None):
                record = {c: _jsonable(v) for c, v in zip(columns, row, strict=True)}
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")

    return write_atomic(target, _write)


def write_table(table: pd.DataFrame, target: str | Path, fmt: str | None = None,
                metadata: dict[str, str] | None = None) -> Path:
    """Write a table as parquet, CSV or JSON Lines, atomically.

    Args:
        table: The table.
        target: Output path.
        fmt: ``"parquet"``, ``"csv"`` or ``"jsonl"``; inferred from the suffix when None.
        metadata: Key-value pairs stored in the parquet schema metadata (e.g. scorer versions).

    Raises:
        OutputError: An unknown format or suffix (see :func:`table_format`), or the target
            cannot be written.
    """
    target = Path(target)
    fmt = table_format(target, fmt)
    if fmt == "jsonl":
        return write_jsonl(table, target)

    def _write(tmp: Path) -> None:
        if fmt == "csv":
            out = table.copy()
            for col in out.columns:
                if out[col].map(lambda v: isinstance(v, list | dict)).any():
                    out[col] = out[col].map(json.dumps)
            # the csv module quotes a field with "\n" but not one with a bare "\r" when the
            # line terminator is "\n", and every reader splits the row there: quote all text then
            has_cr = any(out[col].map(lambda v: isinstance(v, str) and "\r" in v).any()
                         for col in out.columns if pd.api.types.is_object_dtype(out[col])
                         or pd.api.types.is_string_dtype(out[col]))
            out.to_csv(tmp, index=False, lineterminator="\n",
                       quoting=csv.QUOTE_NONNUMERIC if has_cr else csv.QUOTE_MINIMAL)
        else:
            import pyarrow as pa
            import pyarrow.parquet as pq

            arrow = pa.Table.from_pandas(table, schema=arrow_schema(table), preserve_index=False)
            meta = dict(arrow.schema.metadata or {})
            meta.update({f"framing.{k}".encode(): v.encode() for k, v in (metadata or {}).items()})
            pq.write_table(arrow.replace_schema_metadata(meta), tmp)

    return write_atomic(target, _write)
