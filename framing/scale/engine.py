"""The Ray engine: chunks of documents through an actor pool, into parquet or a table."""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from framing.api import analyze_documents
from framing.errors import ConfigError, FramingError, InputError, OutputError
from framing.outputs import arrow_schema
from framing.read.common import DEFAULT_FIELDS, FieldMap
from framing.read.files import DEFAULT_ENCODING
from framing.scale.inputs import expand_inputs, iter_chunks, split_uri
from framing.scale.remote import (
    ACTOR_ENV,
    ScorerSpec,
    carried,
    connect,
    framing_error_of,
    import_ray,
    scorer_specs,
)
from framing.schema import Document
from framing.scoring import as_scorers
from framing.scoring.cache import ScoreCache

PART_NAME = "part-{index:06d}.parquet"
"""Name of the written parquet files, numbered in input order."""


# --------------------------------------------------------------------------- the Ray stages


def score_documents(docs: Sequence[Document], scorers: list, cache: Any,
                    options: Mapping[str, Any] | None = None) -> pa.Table:
    """One chunk of documents -> its sentence rows as an arrow table (the local engine's schema).

    The same :func:`framing.api.analyze_documents` call the local engine makes per chunk;
    ``options`` are further keyword arguments of it (e.g. ``furniture``).
    """
    table, _ = analyze_documents(docs, scorers, cache=cache, **dict(options or {}))
    return pa.Table.from_pandas(table, schema=arrow_schema(table), preserve_index=False)


def encode_documents(docs: Sequence[Document]) -> bytes:
    """A chunk of documents as UTF-8 JSON (plain data through the object store, no pickle)."""
    return json.dumps([d.to_dict() for d in docs], ensure_ascii=False).encode("utf-8")


def decode_documents(blob: bytes) -> list[Document]:
    """The documents of :func:`encode_documents`."""
    return [Document(**d) for d in json.loads(bytes(blob).decode("utf-8"))]


class ScoreActor:
    """Ray Data actor: builds the scorers once, then scores chunk after chunk.

    Args:
        specs: The scorers to build.
        cache: ``None`` (no cache) or a cache folder on each worker node.
        options: Further keyword arguments of :func:`framing.api.analyze_documents`.
        sink: ``(folder, filesystem)``: write each chunk's rows to its own part file there
            (named by the chunk's index) and return only the row counts; ``None``: return
            the rows.
    """

    def __init__(self, specs: Sequence[ScorerSpec], cache: str | None,
                 options: Mapping[str, Any] | None = None,
                 sink: tuple[str, Any] | None = None) -> None:
        self.options = dict(options or {})
        self.sink = sink
        for key, value in ACTOR_ENV.items():  # before torch is imported in this process
            os.environ[key] = value
        with carried():
            self.scorers = as_scorers([s.build() for s in specs])
        self.cache: ScoreCache | bool = ScoreCache(cache) if cache else False

    def __call__(self, batch: Mapping[str, Any]) -> pa.Table:
        """Score the chunks of ``batch["docs"]``: their sentence rows, or their row counts."""
        with carried():
            tables = [score_documents(decode_documents(blob), self.scorers, self.cache,
                                      self.options) for blob in batch["docs"]]
            if self.sink is None:
                return pa.concat_tables(tables) if len(tables) > 1 else tables[0]
            for index, table in zip(batch["index"], tables, strict=True):
                write_part(table, *self.sink, index=int(index))
        return pa.table({"rows": pa.array([t.num_rows for t in tables], pa.int64())})


def write_part(table: pa.Table, folder: str, filesystem: Any | None, *, index: int) -> None:
    """Write one chunk's rows as ``part-<index>.parquet`` in ``folder`` (nothing when empty).

    Raises:
        OutputError: The file cannot be written.
    """
    import pyarrow.parquet as pq

    if not table.num_rows:
        return
    path = f"{folder.rstrip('/')}/{PART_NAME.format(index=index)}"
    try:
        pq.write_table(table, path, filesystem=filesystem)
    except OSError as exc:
        raise OutputError(f"{path}: writing failed ({exc})") from None


# --------------------------------------------------------------------------- the engine


def ray_score(paths: Sequence[str | Path], output: str | Path,
              scorers: Iterable[str | tuple[str, Mapping[str, Any]] | ScorerSpec], *,
              address: str | None = None, actors: int = 1, batch_docs: int = 200,
              cache: str | Path | None = None, fields: FieldMap = DEFAULT_FIELDS,
              source: str | None = None, encoding: str = DEFAULT_ENCODING,
              progress: bool = False,
              runtime_env: Mapping[str, Any] | None = None, num_cpus: int | None = None,
              analyze_options: Mapping[str, Any] | None = None,
              **scorer_params: Any) -> tuple[int, int]:
    """Score JSONL/parquet inputs on Ray into a folder of parquet files.

    Args:
        paths: JSON Lines or parquet files or folders; local paths or pyarrow filesystem URIs
            (``s3://``, ``gs://``, ``hdfs://``, ``file://``).
        output: The folder to write (local path or URI). Locally it is written beside the
            target and renamed at the end (an existing folder is replaced only then), so an
            interrupted run leaves the old folder or none. On object stores it is written in
            place (a failed run may leave part files; rerun to replace them).
        scorers: Registered names, ``(name, params)`` pairs or :class:`ScorerSpec` objects.
        address: Ray cluster (see :func:`connect`); ``None`` starts a local instance.
        actors: Size of the actor pool (one model load, one CPU and one torch thread each).
        batch_docs: Documents per chunk (one chunk = one actor call = one Ray Data row).
        cache: ``None`` (default): no score cache. A folder: each actor uses the cache in
            that folder on its own node (see the module docs).
        fields: Which columns hold which document fields.
        source: Source for every document, overriding the source column.
        encoding: Codec of JSON Lines files.
        progress: Show Ray Data's progress bars.
        runtime_env: Ray runtime environment (see :func:`connect`).
        num_cpus: CPUs of a new local Ray instance.
        analyze_options: Further keyword arguments of :func:`framing.api.analyze_documents`
            (e.g. ``{"furniture": "keep"}``), applied per chunk, as the local engine does.
        **scorer_params: Shared scorer parameters (``device``, ``batch_size``,
            ``precision``, ``encoder``).

    Returns:
        ``(documents, sentences)`` written.

    Raises:
        InputError: A bad input, as the local engine says it.
        ConfigError: Ray is missing, the address unreachable, or a scorer option invalid.
        OutputError: The output folder cannot be written.
    """
    if actors < 1 or batch_docs < 1:
        raise ConfigError("--actors and --batch-docs must be at least 1")
    specs = scorer_specs(scorers, **scorer_params)
    files = expand_inputs(paths)
    fs, target = split_uri(output) or (None, str(output))
    started = connect(address, num_cpus=num_cpus, runtime_env=runtime_env)
    try:
        folder = target if fs is not None else str(
            Path(target).parent / f".{Path(target).name}.{uuid.uuid4().hex[:8]}.part")
        try:
            if fs is None:
                Path(folder).mkdir(parents=True)
            else:  # written in place: the old part files go first
                fs.create_dir(folder, recursive=True)
                fs.delete_dir_contents(folder, missing_dir_ok=True)
        except OSError as exc:
            raise OutputError(f"{output}: cannot write here ({exc.strerror or exc})") from None
        try:
            chunks = iter_chunks(files, batch_docs, fields=fields, source=source,
                                 encoding=encoding)
            n_docs, n_sents = _run(chunks, folder, fs, specs, actors=actors,
                                   cache=None if cache is None else str(cache),
                                   progress=progress, options=analyze_options)
            if not n_docs:
                raise InputError(files[0], "no documents to score")
            if not n_sents:
                raise InputError(files[0], "no sentences to score (every document is empty "
                                           "after cleaning)")
            if fs is None:
                _replace_folder(Path(folder), Path(target))
        finally:
            if fs is None:
                shutil.rmtree(folder, ignore_errors=True)
    finally:
        if started:
            import_ray().shutdown()
    return n_docs, n_sents


def _replace_folder(new: Path, target: Path) -> None:
    try:
        if target.exists() and not target.is_dir():
            raise OutputError(f"{target}: is a file; the Ray engine writes a folder of parquet "
                              "files (name a folder, or remove the file)")
        old = target.parent / f".{target.name}.{uuid.uuid4().hex[:8]}.old"
        if target.exists():
            os.replace(target, old)
        os.replace(new, target)
        shutil.rmtree(old, ignore_errors=True)
    except OSError as exc:
        raise OutputError(f"{target}: writing failed ({exc.strerror or exc}); "
                          "nothing was written") from None


def _run(chunks: Iterable[list[Document]], folder: str | None, fs: Any | None,
         specs: list[ScorerSpec], *, actors: int, cache: str | None, progress: bool,
         options: Mapping[str, Any] | None = None,
         tables: list[pa.Table] | None = None) -> tuple[int, int]:
    """Put the chunks in the object store, run the actor pool; ``(documents, sentences)``.

    With a ``folder``, each actor writes the chunks it scores as part files there
    (:func:`write_part`, named by chunk index: input order) and returns only row counts, so
    no write stage runs beside the actors. With ``folder=None`` the rows go into ``tables``
    (one arrow table per chunk, in input order). Package errors raised inside Ray come back
    as themselves.
    """
    ray = import_ray()
    from ray.data import ActorPoolStrategy, DataContext

    refs, n_docs = [], 0
    for index, docs in enumerate(chunks):  # one block per chunk: chunks spread over actors
        blob = encode_documents(docs)
        refs.append(ray.put(pa.table({"docs": pa.array([blob], pa.binary()),
                                      "index": pa.array([index], pa.int64())})))
        n_docs += len(docs)
    if not refs:
        return 0, 0
    context = DataContext.get_current()
    saved = (context.execution_options.preserve_order, context.enable_progress_bars)
    context.execution_options.preserve_order = folder is None
    context.enable_progress_bars = progress
    n_rows = 0
    try:
        ds = ray.data.from_arrow_refs(refs)
        ds = ds.map_batches(ScoreActor, batch_size=1, num_cpus=1,
                            compute=ActorPoolStrategy(size=actors),
                            fn_constructor_kwargs={
                                "specs": specs, "cache": cache, "options": options,
                                "sink": None if folder is None else (folder, fs)},
                            runtime_env={"env_vars": dict(ACTOR_ENV)})
        if folder is None:
            tables += [ray.get(ref) for ref in ds.to_arrow_refs()]  # type: ignore[operator]
        else:
            for batch in ds.iter_batches(batch_size=None, batch_format="pyarrow"):
                n_rows += sum(batch["rows"].to_pylist())
    except Exception as exc:  # noqa: BLE001 - Ray wraps the workers' errors in its own types
        error = framing_error_of(exc)
        if error is not None:
            raise error from None
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise FramingError(f"the Ray run failed: {type(exc).__name__}: {first}") from exc
    finally:
        context.execution_options.preserve_order, context.enable_progress_bars = saved
    return n_docs, n_rows


def ray_analyze(documents: Sequence[Document],
                scorers: Iterable[str | tuple[str, Mapping[str, Any]] | ScorerSpec], *,
                address: str | None = None, actors: int = 1, batch_docs: int = 200,
                cache: str | Path | None = None, progress: bool = False,
                runtime_env: Mapping[str, Any] | None = None, num_cpus: int | None = None,
                analyze_options: Mapping[str, Any] | None = None,
                **scorer_params: Any) -> pd.DataFrame:
    """Documents already read (and cleaned) -> the sentence table, scored on Ray.

    What ``engine: ray`` in an experiment config runs: the experiment reads and cleans the
    corpus on the driver (furniture and duplicates are corpus-wide), and the actors map each
    chunk of ``batch_docs`` cleaned documents through :func:`framing.api.analyze_documents`
    with ``furniture="keep"`` (cleaning is idempotent: the same texts, the same offsets).

    Args:
        documents: The documents, in order (unique ids).
        scorers: As in :func:`ray_score`.
        address: Ray cluster (see :func:`~framing.scale.remote.connect`).
        actors: Size of the actor pool.
        batch_docs: Documents per chunk.
        cache: ``None`` (default): no cache; a folder: each node's cache there.
        progress: Show Ray Data's progress bars.
        runtime_env: Ray runtime environment.
        num_cpus: CPUs of a new local Ray instance.
        analyze_options: Further keyword arguments of :func:`framing.api.analyze_documents`
            (e.g. ``{"entities": True}``).
        **scorer_params: Shared scorer parameters (``device``, ``batch_size``, ...).

    Returns:
        The sentence table the local engine gives for the same documents (same rows, order
        and columns; list columns as Python lists).

    Raises:
        ConfigError: Ray is missing, the address unreachable, or a scorer option invalid.
        InputError: No documents.
    """
    if actors < 1 or batch_docs < 1:
        raise ConfigError("actors and batch_docs must be at least 1")
    if not documents:
        raise InputError(None, "no documents to score")
    specs = scorer_specs(scorers, **scorer_params)
    chunks = [list(documents[i:i + batch_docs]) for i in range(0, len(documents), batch_docs)]
    tables: list[pa.Table] = []
    started = connect(address, num_cpus=num_cpus, runtime_env=runtime_env)
    try:
        _run(chunks, None, None, specs, actors=actors,
             cache=None if cache is None else str(cache), progress=progress,
             options={**dict(analyze_options or {}), "furniture": "keep"}, tables=tables)
    finally:
        if started:
            import_ray().shutdown()
    return python_lists(pa.concat_tables(tables))


def python_lists(table: pa.Table) -> pd.DataFrame:
    """An arrow table as pandas, nested columns (lists, structs) as Python objects."""
    frame = table.to_pandas()
    for name, kind in zip(table.column_names, table.schema.types, strict=True):
        if pa.types.is_nested(kind):
            frame[name] = table.column(name).to_pylist()
    return frame
