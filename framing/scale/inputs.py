"""The Ray engine's inputs: files and folders, local or behind a pyarrow filesystem URI."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import warnings
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa

from framing.errors import InputError
from framing.read.common import FieldMap
from framing.schema import Document
from framing.stream import STREAMABLE, iter_document_chunks

# --------------------------------------------------------------------------- inputs


def split_uri(item: str | Path) -> tuple[Any, str] | None:
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
        remote = split_uri(item)
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
    remote = split_uri(item)
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
