"""Scale-out on Ray Data: the streaming engine's documents -> sentence rows, over a cluster.

:func:`ray_score` scores JSON Lines and parquet corpora (files or folders, local paths or any
pyarrow filesystem URI such as ``s3://bucket/news/`` or ``gs://...``) on a Ray cluster and
writes a folder of parquet part files with the local engine's schema.

How it runs:

1. **Reading, on the driver.** The inputs are read with
   :func:`framing.stream.iter_document_chunks`, the local engine's reader, into chunks of
   ``batch_docs`` documents (a chunk never spans two files; remote files are copied to a
   temporary folder one at a time). Every bad row, duplicate ``doc_id`` (across all files)
   and skipped empty row gives exactly the local engine's error or warning, before any model
   is loaded. Each chunk goes to Ray's object store as one block of JSON (spilled to disk
   when the corpus is larger); reading is single-process: scoring starts when it is done.
2. **Ray Data** makes a dataset of the chunks (``from_arrow_refs``, one block per chunk, so
   that chunks spread over all actors even for a single input file).
3. **An actor pool** (``ActorPoolStrategy(size=actors)``, one CPU each): every actor builds
   the scorers once (one model load per actor), runs one torch thread (``OMP_NUM_THREADS=1``
   before torch is imported) and maps each chunk through
   :func:`framing.api.analyze_documents`, as the local engine does: the same rows.
4. **Ray Data's parquet writer** writes ``part-000000-0.parquet``, ``part-000001-0.parquet``...
   with the order of the input kept (``preserve_order``): reading the folder back (pyarrow and
   pandas read files in name order) gives the rows in the local engine's order: files in the
   order given (a folder's files in path order), rows in file order, sentences in document
   order. The same rows and order whatever the number of actors.

Failures: an actor that dies (node lost, out of memory) is restarted and its chunk retried
(Ray Data's actor pools default to ``max_restarts=-1``, ``max_task_retries=-1``), a write
task whose worker dies is resubmitted (Ray Data's tasks default to ``max_retries=-1``), and
transient object-store I/O errors are retried as ``DataContext.retried_io_errors`` says.
Chunks live on the driver's node, so a lost worker node loses none. An error the package
raises on purpose (a bad row, a model that cannot load) is not retried: the same one line.

The score cache under Ray: off by default (``cache=None``). Given a folder, each node opens
the SQLite cache there, shared by its actors; use a local disk (SQLite's WAL fails on NFS).
Each actor holds one CPU, the write tasks none (``actors`` may equal the CPUs).
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import shutil
import socket
import tempfile
import uuid
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from framing.api import analyze_documents
from framing.errors import ConfigError, FramingError, InputError, OutputError
from framing.outputs import arrow_schema
from framing.read.common import DEFAULT_FIELDS, FieldMap
from framing.read.files import DEFAULT_ENCODING
from framing.schema import Document
from framing.scoring import as_scorers, get_scorer
from framing.scoring.cache import ScoreCache
from framing.stream import STREAMABLE, iter_document_chunks

RAY_MISSING = ("the Ray engine needs Ray, which is not installed here: "
               "pip install 'framing[ray]' (or use --engine local)")
"""The message when ``import ray`` fails."""

ACTOR_ENV = {"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "TOKENIZERS_PARALLELISM": "false"}
"""Environment of every scoring actor: one torch (and tokenizer) thread per actor."""

PART_NAME = "part-{index:06d}.parquet"
"""Name of the written parquet files, numbered in input order."""


@dataclass(frozen=True)
class ScorerSpec:
    """A scorer to build inside each actor: a registered name and its parameters.

    Attributes:
        name: Registered scorer name, e.g. ``"sentiment.minilm-nyt-probe.v1"``.
        params: Constructor parameters (``device``, ``batch_size``, ``precision``,
            ``encoder`` and the scorer's own), as :func:`framing.scoring.get_scorer` takes them.
    """

    name: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def build(self) -> Any:
        """The scorer object."""
        return get_scorer(self.name, **dict(self.params))


def scorer_specs(scorers: Iterable[str | tuple[str, Mapping[str, Any]] | ScorerSpec],
                 **shared: Any) -> list[ScorerSpec]:
    """Scorer specs from names, ``(name, params)`` pairs or specs; ``shared`` goes to each.

    The scorers are built once here (on the driver, no model is loaded before its first use),
    so an unknown name, a bad parameter or clashing columns fail before Ray starts.

    Raises:
        UnknownScorerError: An unregistered name.
        ConfigError: A parameter no scorer of that name takes.
        InputError: Two scorers produce the same column.
    """
    pairs = [(i.name, i.params) if isinstance(i, ScorerSpec) else (i, {}) if isinstance(i, str)
             else i for i in scorers]
    specs = [ScorerSpec(name, {**shared, **params}) for name, params in pairs]
    as_scorers([s.build() for s in specs])
    return specs


# --------------------------------------------------------------------------- errors across Ray


class RemoteFramingError(Exception):
    """Carries a :class:`~framing.errors.FramingError` out of a Ray worker.

    The package's errors are not picklable as they are (their constructors take more than
    the message), and Ray Data keeps only the text of an exception raised in user code. So
    the carrier's text holds the error's module, class, attributes and message as one line of
    JSON between markers, and :func:`framing_error_of` rebuilds the same error on the driver
    from the exception or from any text that contains it.
    """

    START, END = "<<framing-error>>", "<<end-framing-error>>"

    @classmethod
    def wrap(cls, error: FramingError) -> RemoteFramingError:
        """The carrier for ``error``."""
        kind = type(error)
        state = {k: v for k, v in vars(error).items()
                 if isinstance(v, (str, int, float, bool, type(None)))}
        payload = {"module": kind.__module__, "qualname": kind.__qualname__, "state": state,
                   "message": str(error)}
        return cls(f"{cls.START}{json.dumps(payload)}{cls.END}")

    @classmethod
    def rebuild(cls, text: str) -> FramingError | None:
        """The error carried in ``text``, of its own class with the same message, or None."""
        start = text.find(cls.START)
        end = text.find(cls.END, start + 1)
        if start < 0 or end < 0:
            return None
        try:
            payload = json.loads(text[start + len(cls.START):end])
            kind = getattr(importlib.import_module(payload["module"]), payload["qualname"])
        except (ValueError, KeyError, ImportError, AttributeError):
            return None
        if not (isinstance(kind, type) and issubclass(kind, FramingError)):
            return None
        error = kind.__new__(kind)
        error.args = (payload["message"],)
        error.__dict__.update(payload["state"])
        return error


def framing_error_of(exc: BaseException) -> FramingError | None:
    """The package error at the root of a Ray exception (``RayTaskError``, user code errors)."""
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        item = todo.pop()
        if item is None or id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, FramingError) and type(item).__module__.startswith("framing"):
            return item
        found = RemoteFramingError.rebuild(str(item))
        if found is not None:
            return found
        todo += [item.__cause__, item.__context__, getattr(item, "cause", None)]
    return None


@contextlib.contextmanager
def _carried() -> Iterator[None]:
    try:
        yield
    except FramingError as exc:
        raise RemoteFramingError.wrap(exc) from None


# --------------------------------------------------------------------------- inputs


def _split_uri(item: str | Path) -> tuple[Any, str] | None:
    """``(pyarrow filesystem, path)`` for a URI such as ``s3://b/k``; ``None`` for a local path."""
    text = str(item)
    if "://" not in text:
        return None
    import pyarrow.fs as pafs

    try:
        return pafs.FileSystem.from_uri(text)
    except (pa.ArrowInvalid, OSError, ValueError) as exc:
        raise InputError(text, f"cannot open this location ({exc})") from None


def _hidden(relative: str) -> bool:
    return any(part.startswith((".", "_")) for part in relative.split("/"))


def _wanted(name: str) -> bool:
    return name.lower().endswith(STREAMABLE)


def expand_inputs(paths: Sequence[str | Path]) -> list[str]:
    """Corpus files of the inputs: files as given, folders' JSONL/parquet files in path order.

    Hidden files and folders (``.name``, ``_name``) are skipped. URIs stay URIs.

    Raises:
        InputError: No input, a missing path, a file of another format, or a folder with no
            JSON Lines or parquet file.
    """
    if not paths:
        raise InputError(None, "no input path given")
    files: list[str] = []
    for item in paths:
        remote = _split_uri(item)
        if remote is None:
            path = Path(item)
            if not path.exists():
                raise InputError(str(item), "no such file or folder")
            if path.is_dir():
                found = sorted(p.relative_to(path).as_posix() for p in path.rglob("*")
                               if p.is_file() and _wanted(p.name))
                found = [str(path / r) for r in found if not _hidden(r)]
            else:
                found = [str(path)]
        else:
            fs, base = remote
            import pyarrow.fs as pafs

            info = fs.get_file_info(base)
            scheme = str(item).split("://", 1)[0]
            if info.type == pafs.FileType.NotFound:
                raise InputError(str(item), "no such file or folder")
            if info.type == pafs.FileType.Directory:
                listed = fs.get_file_info(pafs.FileSelector(base, recursive=True))
                rel = sorted(i.path[len(base):].lstrip("/") for i in listed
                             if i.type == pafs.FileType.File and _wanted(i.base_name))
                found = [f"{scheme}://{base.rstrip('/')}/{r}" for r in rel if not _hidden(r)]
            else:
                found = [str(item)]
        if not found:
            raise InputError(str(item), "no JSON Lines or parquet files found (the Ray engine "
                                        f"reads {', '.join(STREAMABLE)})")
        for f in found:
            if not _wanted(f):
                raise InputError(f, "the Ray engine reads JSON Lines or parquet files "
                                    f"({', '.join(STREAMABLE)}); use --engine local")
        files += found
    return files


@contextlib.contextmanager
def local_copy(item: str) -> Iterator[Path]:
    """A local path for ``item``: the path itself, or a temporary copy of a remote file.

    A remote file is copied whole to a temporary folder under its own name (so generated ids
    and default sources, which come from the file stem, are the same), and errors and
    warnings about the copy name the URI instead.
    """
    remote = _split_uri(item)
    if remote is None:
        yield Path(item)
        return
    fs, path = remote
    with tempfile.TemporaryDirectory(prefix="framing-ray-") as tmp:
        target = Path(tmp) / Path(path).name
        try:
            with fs.open_input_stream(path) as src, open(target, "wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
        except OSError as exc:
            raise InputError(item, f"cannot read ({exc})") from None
        try:
            yield target
        except InputError as exc:
            raise relabel(exc, {str(target): item}) from None


def relabel(error: InputError, names: Mapping[str, str]) -> InputError:
    """``error`` with the temporary copies in ``names`` named by their URIs instead."""
    message = str(error.args[0]) if error.args else ""
    for tmp, item in names.items():
        message = message.replace(tmp, item)
        if error.path == tmp:
            error.path = item
    error.args = (message,)
    return error


def iter_chunks(files: Sequence[str], chunk_docs: int, *, fields: FieldMap,
                source: str | None, encoding: str) -> Iterator[list[Document]]:
    """The local engine's document chunks of ``files`` (remote files copied one at a time).

    :func:`framing.stream.iter_document_chunks` over all files at once: the same documents,
    the same errors (duplicate ids checked across all files) and the same warnings about
    skipped rows, in the same order; remote files are named by their URIs in both.
    """
    names: dict[str, str] = {}

    def localised() -> Iterator[Path]:
        for item in files:
            with local_copy(item) as path:
                names[str(path)] = item
                yield path

    caught: list[warnings.WarningMessage] = []
    try:
        with warnings.catch_warnings(record=True) as caught, \
                contextlib.closing(localised()) as local:
            warnings.simplefilter("always")
            yield from iter_document_chunks(local, chunk_docs,  # type: ignore[arg-type]
                                            fields=fields, source=source, encoding=encoding)
    except InputError as exc:
        raise relabel(exc, names) from None
    finally:
        for w in caught:
            message = str(w.message)
            for tmp, item in names.items():
                message = message.replace(tmp, item)
            warnings.warn(message, w.category, stacklevel=3)


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
    """

    def __init__(self, specs: Sequence[ScorerSpec], cache: str | None,
                 options: Mapping[str, Any] | None = None) -> None:
        self.options = dict(options or {})
        for key, value in ACTOR_ENV.items():  # before torch is imported in this process
            os.environ[key] = value
        with _carried():
            self.scorers = as_scorers([s.build() for s in specs])
        self.cache: ScoreCache | bool = ScoreCache(cache) if cache else False

    def __call__(self, batch: Mapping[str, Any]) -> pa.Table:
        """Score the chunks of ``batch["docs"]``; their sentence rows, in order."""
        with _carried():
            tables = [score_documents(decode_documents(blob), self.scorers, self.cache,
                                      self.options) for blob in batch["docs"]]
        return pa.concat_tables(tables) if len(tables) > 1 else tables[0]


def part_names() -> Any:
    """A Ray ``FilenameProvider`` naming the files ``part-<task index>.parquet`` (input order)."""
    from ray.data.datasource import FilenameProvider

    class PartNames(FilenameProvider):
        def get_filename_for_task(self, write_uuid: str, task_index: int) -> str:
            return PART_NAME.format(index=task_index)

    return PartNames(file_format="parquet")


# --------------------------------------------------------------------------- connecting


def import_ray() -> Any:
    """The ``ray`` module.

    Raises:
        ConfigError: Ray is not installed (``pip install 'framing[ray]'``).
    """
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError:
        raise ConfigError(RAY_MISSING) from None
    return ray


def _reachable(address: str, timeout: float) -> str | None:
    """Why ``host:port`` (or ``ray://host:port``) cannot be reached, or ``None``."""
    hostport = address.removeprefix("ray://").rsplit("/", 1)[0]
    host, _, port = hostport.rpartition(":")
    if not host or not port.isdigit():
        return "not an address of the form host:port, ray://host:port or auto"
    try:
        with socket.create_connection((host, int(port)), timeout=timeout):
            return None
    except OSError as exc:
        return exc.strerror or str(exc) or type(exc).__name__


def connect(address: str | None = None, *, num_cpus: int | None = None,
            runtime_env: Mapping[str, Any] | None = None, timeout: float = 5.0) -> bool:
    """Connect to a Ray cluster, or start a local Ray instance.

    Args:
        address: ``None``: a new local instance (or the cluster in ``$RAY_ADDRESS``);
            ``"auto"``: the running cluster of this machine; ``host:port`` (the head's GCS
            port, 6379 by default) or ``ray://host:10001`` (Ray Client).
        num_cpus: CPUs of a new local instance.
        runtime_env: Ray runtime environment of the job (e.g. ``{"pip": ["framing[ray]"]}``
            or ``{"py_modules": [...]}``), so that workers can import the package.
        timeout: Seconds to wait for a TCP connection to ``address`` before giving up.

    Returns:
        Whether this call started Ray (and the caller should shut it down).

    Raises:
        ConfigError: Ray is not installed, or nothing answers at the address.
    """
    ray = import_ray()
    if address not in (None, "auto", "local"):
        why = _reachable(address, timeout)
        if why:
            raise ConfigError(f"--ray-address {address}: cannot reach a Ray cluster there "
                              f"({why}); start one with `ray start --head` or check the address")
    if ray.is_initialized():
        return False
    try:
        ray.init(address=address, num_cpus=num_cpus, runtime_env=dict(runtime_env or {}) or None,
                 logging_level="WARNING", log_to_driver=False, include_dashboard=False)
    except ConnectionError as exc:
        raise ConfigError(f"--ray-address {address}: no Ray cluster found ({exc})") from None
    return True


# --------------------------------------------------------------------------- the engine


def count_rows(folder: str, filesystem: Any | None = None) -> int:
    """Rows of the parquet part files in ``folder``."""
    import pyarrow.parquet as pq
    dataset = pq.ParquetDataset(folder, filesystem=filesystem)
    return sum(f.metadata.num_rows for f in dataset.fragments)


def ray_score(paths: Sequence[str | Path], output: str | Path,
              scorers: Iterable[str | tuple[str, Mapping[str, Any]] | ScorerSpec], *,
              address: str | None = None, actors: int = 1, batch_docs: int = 200,
              cache: str | Path | None = None, fields: FieldMap = DEFAULT_FIELDS,
              source: str | None = None, encoding: str = DEFAULT_ENCODING,
              progress: bool = False, min_rows_per_file: int | None = None,
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
        min_rows_per_file: Rows per written file at least (Ray Data's ``min_rows_per_file``);
            ``None``: one file per chunk.
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
    fs, target = _split_uri(output) or (None, str(output))
    started = connect(address, num_cpus=num_cpus, runtime_env=runtime_env)
    try:
        folder = target if fs is not None else str(
            Path(target).parent / f".{Path(target).name}.{uuid.uuid4().hex[:8]}.part")
        if fs is None:
            try:
                Path(folder).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise OutputError(f"{output}: cannot write here ({exc.strerror or exc})") from None
        try:
            chunks = iter_chunks(files, batch_docs, fields=fields, source=source,
                                 encoding=encoding)
            n_docs = _run(chunks, folder, fs, specs, actors=actors,
                          cache=None if cache is None else str(cache), progress=progress,
                          min_rows_per_file=min_rows_per_file, options=analyze_options)
            if not n_docs:
                raise InputError(files[0], "no documents to score")
            n_sents = count_rows(folder, fs)
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


def _run(chunks: Iterable[list[Document]], folder: str, fs: Any | None,
         specs: list[ScorerSpec], *, actors: int, cache: str | None, progress: bool,
         min_rows_per_file: int | None, options: Mapping[str, Any] | None) -> int:
    """Put the chunks in the object store, run the pipeline; return the number of documents.

    Package errors raised inside Ray come back as themselves.
    """
    ray = import_ray()
    from ray.data import ActorPoolStrategy, DataContext, SaveMode

    refs, n_docs = [], 0
    for docs in chunks:  # one block per chunk, so that chunks spread over the actors
        blob = encode_documents(docs)
        refs.append(ray.put(pa.table({"docs": pa.array([blob], pa.binary())})))
        n_docs += len(docs)
    if not refs:
        return 0
    context = DataContext.get_current()
    saved = (context.execution_options.preserve_order, context.enable_progress_bars)
    context.execution_options.preserve_order = True
    context.enable_progress_bars = progress
    try:
        ds = ray.data.from_arrow_refs(refs)
        ds = ds.map_batches(ScoreActor, batch_size=1, num_cpus=1,
                            compute=ActorPoolStrategy(size=actors),
                            fn_constructor_kwargs={"specs": specs, "cache": cache,
                                                   "options": options},
                            runtime_env={"env_vars": dict(ACTOR_ENV)})
        ds.write_parquet(folder, filesystem=fs, filename_provider=part_names(),
                         min_rows_per_file=min_rows_per_file, mode=SaveMode.OVERWRITE,
                         ray_remote_args={"num_cpus": 0})
    except Exception as exc:  # noqa: BLE001 - Ray wraps the workers' errors in its own types
        error = framing_error_of(exc)
        if error is not None:
            raise error from None
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise FramingError(f"the Ray run failed: {type(exc).__name__}: {first}") from exc
    finally:
        context.execution_options.preserve_order, context.enable_progress_bars = saved
    return n_docs
