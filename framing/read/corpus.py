"""Reading a corpus from files and folders: format detection and dispatch to the readers."""

from __future__ import annotations

import codecs
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from framing.errors import InputError
from framing.read import html, jsonl, tables, txt
from framing.read.common import (
    DEFAULT_FIELDS,
    FieldMap,
    Located,
    Origin,
    check_unique_ids,
    keep_documents,
)
from framing.read.files import DEFAULT_ENCODING, NoTextError, detect_file_encoding, is_auto
from framing.read.txt import DEFAULT_TITLE_MODE, TitleMode, title_mode
from framing.schema import Document

FORMAT_SUFFIXES: dict[str, tuple[str, ...]] = {
    "txt": txt.SUFFIXES,
    "jsonl": jsonl.SUFFIXES,
    "csv": tables.CSV_SUFFIXES,
    "tsv": tables.TSV_SUFFIXES,
    "parquet": tables.PARQUET_SUFFIXES,
    "html": html.SUFFIXES,
}
"""Each supported format and the file suffixes detected as it."""

SUPPORTED_FORMATS: tuple[str, ...] = tuple(FORMAT_SUFFIXES)
"""Format names accepted by ``read_corpus(format=...)`` (and ``--input-format``)."""

FORMAT_ALIASES: dict[str, str] = {"text": "txt", "ndjson": "jsonl", "htm": "html", "pq": "parquet"}
"""Other spellings accepted for a format name."""

_UTF8 = ("utf-8", "utf-8-sig", "ascii")

ONE_DOCUMENT_FORMATS: frozenset[str] = frozenset({"txt", "html"})
"""Formats where one file is one document (ids and sources come from paths)."""


@dataclass(frozen=True)
class ReadOptions:
    """Options shared by all readers of one :func:`read_corpus` call."""

    fields: FieldMap = DEFAULT_FIELDS
    source: str | None = None
    encoding: str = DEFAULT_ENCODING
    delimiter: str | None = None
    title_from_first_line: TitleMode = DEFAULT_TITLE_MODE


def normalise_format(name: str | None) -> str | None:
    """Return the canonical format name for ``name`` (``None`` stays ``None``).

    Raises:
        InputError: The name is not a supported format.
    """
    if name is None:
        return None
    key = name.strip().lower().lstrip(".")
    key = FORMAT_ALIASES.get(key, key)
    if key not in FORMAT_SUFFIXES:
        raise InputError(
            None, f"unknown format {name!r}; supported: {', '.join(SUPPORTED_FORMATS)}"
        )
    return key


def detect_format(path: Path) -> str:
    """Tell a file's format from its suffix.

    Raises:
        InputError: The suffix is not one of a supported format.
    """
    suffix = path.suffix.lower()
    for name, suffixes in FORMAT_SUFFIXES.items():
        if suffix in suffixes:
            return name
    known = ", ".join(s for suffixes in FORMAT_SUFFIXES.values() for s in suffixes)
    raise InputError(
        path,
        f"cannot tell the format from the suffix {suffix or '(none)'!r}; known suffixes are "
        f"{known} (use --input-format {'|'.join(SUPPORTED_FORMATS)}, or corpus.format in a "
        "config)",
    )


def read_one_document(
    path: Path, fmt: str, *, doc_id: str, source: str, options: ReadOptions
) -> Located:
    """Read a file of a one-document format (txt, html).

    The result carries what the reader learnt in :attr:`Located.meta` (the codec, an HTML
    page's author).
    """
    meta: dict[str, str] = {}
    if fmt == "html":
        doc = html.read_html(path, doc_id=doc_id, source=source, encoding=options.encoding,
                             meta=meta)
    else:
        doc = txt.read_txt(
            path,
            doc_id=doc_id,
            source=source,
            encoding=options.encoding,
            title_from_first_line=options.title_from_first_line,
            meta=meta,
        )
    return Located(doc, Origin(str(path)), meta)


def read_table(
    path: Path,
    fmt: str,
    options: ReadOptions,
    *,
    default_source: str | None = None,
    id_stem: str | None = None,
) -> list[Located]:
    """Read a file of a one-row-per-document format (jsonl, csv, tsv, parquet)."""
    encoding = options.encoding
    if fmt != "parquet" and is_auto(encoding):
        encoding = detect_file_encoding(path)
    common = {
        "fields": options.fields,
        "source": options.source,
        "default_source": default_source,
        "id_stem": id_stem,
    }
    if fmt == "jsonl":
        located = jsonl.read_jsonl(path, encoding=encoding, **common)
    elif fmt == "parquet":
        return tables.read_parquet(path, **common)
    else:
        delimiter = options.delimiter
        if delimiter is None and fmt == "tsv":
            delimiter = "\t"
        located = tables.read_csv(path, encoding=encoding, delimiter=delimiter, **common)
    meta = {"encoding": codecs.lookup(encoding).name}
    return [replace(item, meta={**item.meta, **meta}) for item in located]


def _is_hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def read_folder(folder: Path, fmt: str | None, options: ReadOptions) -> list[Located]:
    """Read every corpus file under ``folder``, recursively, in path order.

    Files of one-document formats get ``doc_id`` = their path relative to ``folder`` without
    suffix (``"/"``-separated) and ``source`` = the first-level sub-folder they sit in, else the
    folder's name. Table files in a sub-folder default to that sub-folder as source, and their
    generated ids are ``<relative path without suffix>-<row>``. Hidden
    files and files of other suffixes are ignored; one-document files without text are skipped
    with a warning.

    Raises:
        InputError: No corpus file is found, or no file has text, or a file is invalid.
    """
    wanted = FORMAT_SUFFIXES[fmt] if fmt else tuple(s for v in FORMAT_SUFFIXES.values() for s in v)
    files = sorted(
        (p for p in folder.rglob("*") if p.suffix.lower() in wanted and p.is_file()),
        key=lambda p: p.relative_to(folder).as_posix(),
    )
    files = [p for p in files if not _is_hidden(p.relative_to(folder))]
    if not files:
        raise InputError(
            folder, f"no corpus files found (looked for {', '.join(wanted)}; use --input-format)"
        )
    folder_name = folder.resolve().name or str(folder)
    singles: list[tuple[Origin, Document | None]] = []
    reasons: dict[Origin, str] = {}
    order: dict[str, int] = {}
    from_tables: list[Located] = []
    metas: dict[str, Mapping[str, str]] = {}
    for index, path in enumerate(files):
        relative = path.relative_to(folder)
        sub = relative.parts[0] if len(relative.parts) > 1 else None
        order[str(path)] = index
        file_fmt = fmt or detect_format(path)
        if file_fmt not in ONE_DOCUMENT_FORMATS:
            stem = relative.with_suffix("").as_posix()
            from_tables.extend(
                read_table(path, file_fmt, options, default_source=sub, id_stem=stem)
            )
            continue
        origin = Origin(str(path))
        try:
            item = read_one_document(
                path,
                file_fmt,
                doc_id=relative.with_suffix("").as_posix(),
                source=options.source or sub or folder_name,
                options=options,
            )
        except NoTextError as e:
            singles.append((origin, None))
            reasons[origin] = str(e).removeprefix(f"{e.path}: ")
        else:
            singles.append((origin, item.doc))
            metas[str(path)] = item.meta
    kept = (
        keep_documents(str(folder), singles, unit="file", reasons=reasons, required=not from_tables)
        if singles
        else []
    )
    kept = [replace(item, meta=metas.get(item.origin.path, {})) for item in kept]
    return sorted(kept + from_tables, key=lambda item: order[item.origin.path])


def read_path(path: Path, fmt: str | None, options: ReadOptions) -> list[Located]:
    """Read one file or folder of a corpus.

    Raises:
        InputError: Anything wrong with the input.
    """
    if not path.exists():
        raise InputError(path, "no such file or folder")
    if path.is_dir():
        return read_folder(path, fmt, options)
    fmt = fmt or detect_format(path)
    if fmt in ONE_DOCUMENT_FORMATS:
        return [read_one_document(
            path, fmt, doc_id=path.stem, source=options.source or path.stem, options=options
        )]
    return read_table(path, fmt, options)


def _as_paths(paths: str | Path | Sequence[str | Path]) -> list[Path]:
    if isinstance(paths, (str, Path)):
        return [Path(paths)]
    return [Path(p) for p in paths]


def read_corpus_located(
    paths: str | Path | Sequence[str | Path],
    *,
    format: str | None = None,
    options: ReadOptions | None = None,
) -> list[Located]:
    """Like :func:`read_corpus`, keeping where each document was read from."""
    options = options or ReadOptions()
    path_list = _as_paths(paths)
    if not path_list:
        raise InputError(None, "no input path given")
    fmt = normalise_format(format)
    located: list[Located] = []
    for path in path_list:
        located.extend(read_path(path, fmt, options))
    check_unique_ids(located)
    return located


def read_corpus(
    paths: str | Path | Sequence[str | Path],
    *,
    format: str | None = None,
    text_field: str = DEFAULT_FIELDS.text,
    id_field: str = DEFAULT_FIELDS.doc_id,
    source_field: str = DEFAULT_FIELDS.source,
    title_field: str = DEFAULT_FIELDS.title,
    date_field: str = DEFAULT_FIELDS.date,
    url_field: str = DEFAULT_FIELDS.url,
    source: str | None = None,
    encoding: str = DEFAULT_ENCODING,
    delimiter: str | None = None,
    title_from_first_line: bool | str | None = DEFAULT_TITLE_MODE,
    metadata: dict[str, dict[str, str]] | None = None,
) -> list[Document]:
    """Read one or more corpus files or folders into documents.

    Formats (by suffix unless ``format`` is given): a folder of ``.txt`` or ``.html`` files
    (recursive), a single ``.txt`` or ``.html``/``.htm`` file, JSON Lines (``.jsonl``,
    ``.ndjson``), CSV (``.csv``), TSV (``.tsv``) and parquet (``.parquet``).

    Sources: the ``source`` argument wins; else the source column; else, for files in a folder,
    the first-level sub-folder; else the folder name (txt/html) or the file stem (tables).
    Ids: the id column; else ``<file stem>-<row>`` for tables (``<line>`` for JSONL) and the
    relative path without suffix for files in a folder.

    Args:
        paths: A path or a sequence of paths; their documents are concatenated in order.
        format: One of :data:`SUPPORTED_FORMATS`, overriding detection by suffix.
        text_field: Column (or JSON key) holding the article text.
        id_field: Column holding the document id.
        source_field: Column holding the source label.
        title_field: Column holding the headline.
        date_field: Column holding the publication date.
        url_field: Column holding the article address.
        source: Source label for every document.
        encoding: Codec of text input (UTF-8 by default, a byte-order mark is removed); e.g.
            ``"cp1252"``; ``"auto"`` detects each file's (UTF-8 first; see
            :mod:`framing.read.encodings`). For HTML the default honours the page's declared
            charset.
        delimiter: CSV field separator (default: tab for ``.tsv``, else guessed from the header).
        title_from_first_line: For ``.txt`` files: ``"auto"`` (default, also ``None``) takes
            the first line as the title when it looks like a headline (at most 20 words, no
            final ``.`` ``:`` ``;`` ``,`` ``…``, followed by a blank line;
            :func:`framing.read.txt.looks_like_title`); ``True``/``"yes"`` always, ``False``/
            ``"no"`` never.
        metadata: When given, filled with ``doc_id -> {"encoding": codec, "author": ...}``:
            the codec each document's file was decoded with (none for parquet) and, for HTML,
            the author from the page's metadata.

    Returns:
        The documents, in input order. Rows or files with blank text are skipped with an
        :class:`~framing.read.common.EmptyTextWarning`.

    Raises:
        InputError: Any problem with the input, naming the file and the row or line: a missing
            path, empty or binary file, undecodable byte, invalid JSON line, missing text
            column, duplicate ``doc_id`` (anywhere across ``paths``), or no text at all.
    """
    options = ReadOptions(
        fields=FieldMap.from_options(
            text_field=text_field, id_field=id_field, source_field=source_field,
            title_field=title_field, date_field=date_field, url_field=url_field,
        ),
        source=source,
        encoding=encoding,
        delimiter=delimiter,
        title_from_first_line=title_mode(title_from_first_line),
    )
    located = read_corpus_located(paths, format=format, options=options)
    if metadata is not None:
        metadata.update({item.doc.doc_id: dict(item.meta) for item in located if item.meta})
    return [item.doc for item in located]


def encoding_counts(metadata: Mapping[str, Mapping[str, str]]) -> dict[str, int]:
    """How many documents were decoded with each codec, most frequent first.

    Args:
        metadata: :func:`read_corpus`'s ``metadata`` (for the console and the manifest).
    """
    counts = Counter(m["encoding"] for m in metadata.values() if "encoding" in m)
    return dict(counts.most_common())


def encoding_line(metadata: Mapping[str, Mapping[str, str]], examples: int = 5) -> str | None:
    """A console line on the codecs used, or ``None`` when every file was UTF-8.

    Examples:
        >>> encoding_line({"a": {"encoding": "utf-8"}, "b": {"encoding": "cp1252"}})
        'encodings: 1 utf-8, 1 cp1252 (not UTF-8: b)'
    """
    counts = encoding_counts(metadata)
    other = [d for d, m in metadata.items() if m.get("encoding") not in (None, *_UTF8)]
    if not other:
        return None
    listed = ", ".join(other[:examples]) + (f" and {len(other) - examples} more"
                                            if len(other) > examples else "")
    return ("encodings: " + ", ".join(f"{n} {c}" for c, n in counts.items())
            + f" (not UTF-8: {listed})")
