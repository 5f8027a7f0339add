"""A researcher's own loaded terms (domain dictionaries) and stoplists, read from files.

A *domain dictionary* lists the terms and phrase patterns of one field of reporting (e.g. the
euphemisms and labels of one conflict) that an emotive scorer detects beside its model; a
*stoplist* names terms the scorer must not report. Both belong to the researcher: the package
ships none, and every shipped scorer behaves exactly as before without them.

Dictionary files are YAML (``.yaml``/``.yml``: a mapping with an optional ``name`` and a list
``terms``, or a bare list) or CSV (``.csv``, or tab-separated ``.tsv``, with a header row).
Each entry has a ``pattern``, a ``type`` (one of :data:`~framing.schema.TERM_TYPES`), and
optionally a ``category``, a ``note`` and a ``score`` in (0, 1] (default
:data:`DEFAULT_SCORE`).

Patterns (:func:`compile_pattern`) are matched case-insensitively on whole words:

* a word or phrase, e.g. ``puppet regime``; any run of spaces matches any whitespace, and an
  apostrophe matches both ``'`` and ``’``;
* ``*`` inside or at the end of a word matches any further letters or digits (``separatist*``
  matches ``separatists``; ``*-backed`` matches ``regime-backed``);
* ``re:`` followed by a Python regular expression, for anything else
  (``re:liberat(ed|ion) (zone|territor(y|ies))``).

A match never starts or ends inside a word: the characters around it are not letters, digits
or underscores, nor a hyphen joined to one (``regime`` does not match in ``anti-regime``).

Stoplist files are plain text: one pattern a line in the same syntax, blank lines and lines
starting with ``#`` ignored. A term is suppressed when its whole text matches a stoplist
pattern. See ``docs/dictionaries.md``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from framing.errors import ConfigError, InputError
from framing.schema import TERM_TYPES

DEFAULT_SCORE: float = 1.0
"""Score of a dictionary term whose entry gives none: the researcher has declared it loaded."""

ENTRY_FIELDS: tuple[str, ...] = ("pattern", "type", "category", "note", "score")
"""The fields an entry may have (``pattern`` and ``type`` are required)."""

YAML_SUFFIXES: tuple[str, ...] = (".yaml", ".yml")
CSV_SUFFIXES: tuple[str, ...] = (".csv", ".tsv")

_NAME = re.compile(r"^[A-Za-z0-9_.-]+$")
_BEFORE = r"(?<!\w)(?<!\w-)"
_AFTER = r"(?!\w)(?!-\w)"
_APOSTROPHES = "'’"


@dataclass(frozen=True)
class Entry:
    """One dictionary entry.

    Attributes:
        pattern: The pattern as written in the file.
        type: ``loaded_language`` or ``name_calling``.
        category: The researcher's category (e.g. ``"euphemism"``), or ``None``.
        note: A free-text note (kept in the file, not in the outputs), or ``None``.
        score: The score a match gets, in (0, 1].
        regex: The compiled pattern (:func:`compile_pattern`).
        line: Line of the file the entry starts on.
    """

    pattern: str
    type: str
    category: str | None
    note: str | None
    score: float
    regex: re.Pattern[str]
    line: int


@dataclass(frozen=True)
class Match:
    """A dictionary match in a text (offsets relative to that text)."""

    text: str
    start: int
    end: int
    entry: Entry


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _literal(word: str) -> str:
    """A regular expression for one word of a plain pattern (``*`` = more word characters)."""
    pieces = []
    for piece in word.split("*"):
        escaped = "".join(f"[{_APOSTROPHES}]" if ch in _APOSTROPHES else re.escape(ch)
                          for ch in piece)
        pieces.append(escaped)
    return r"\w*".join(pieces)


def compile_pattern(pattern: str) -> re.Pattern[str]:
    """Compile a dictionary or stoplist pattern (see the module docstring).

    Args:
        pattern: A word or phrase (``*`` wildcards allowed), or ``re:`` and a regular
            expression.

    Returns:
        A case-insensitive pattern that matches whole words only.

    Raises:
        ValueError: When the pattern is empty, is an invalid regular expression, or can match
            the empty string.
    """
    if pattern.startswith("re:"):
        body = pattern[3:].strip()
    else:
        words = pattern.split()
        if not any(w.strip("*") for w in words):
            raise ValueError("empty pattern")
        body = r"\s+".join(_literal(w) for w in words)
    if not body:
        raise ValueError("empty pattern")
    try:
        inner = re.compile(body, re.IGNORECASE)
    except re.error as exc:
        raise ValueError(f"invalid regular expression ({exc})") from None
    if inner.fullmatch(""):
        raise ValueError("the pattern matches the empty string")
    return re.compile(f"{_BEFORE}(?:{body}){_AFTER}", re.IGNORECASE)


@dataclass(frozen=True)
class Dictionary:
    """A domain dictionary read from a file (:func:`load_dictionary`).

    Attributes:
        name: Its name (the file's ``name`` key, else the file name without suffix); terms it
            finds carry the category ``"dictionary:<name>"``.
        path: The file.
        sha256: SHA-256 of the file's bytes (part of a scorer's cache key).
        entries: The entries, in file order.
    """

    name: str
    path: Path
    sha256: str
    entries: tuple[Entry, ...]

    def find(self, text: str) -> list[Match]:
        """Matches of the dictionary in a text, without overlaps, in text order.

        Where matches overlap, the longest wins, then the earliest, then the entry that comes
        first in the file.

        Args:
            text: The text (typically one sentence).
        """
        found = [(m.start(), m.end(), k, e) for k, e in enumerate(self.entries)
                 for m in e.regex.finditer(text) if m.end() > m.start()]
        found.sort(key=lambda f: (f[0] - f[1], f[0], f[2]))
        kept: list[tuple[int, int, int, Entry]] = []
        for f in found:
            if all(f[1] <= g[0] or f[0] >= g[1] for g in kept):
                kept.append(f)
        kept.sort(key=lambda f: f[0])
        return [Match(text[s:e], s, e, entry) for s, e, _, entry in kept]

    def provenance(self) -> dict[str, Any]:
        """What a manifest records: name, file, SHA-256 and number of entries."""
        return {"name": self.name, "path": str(self.path), "sha256": self.sha256,
                "entries": len(self.entries)}


@dataclass(frozen=True)
class Stoplist:
    """Terms a scorer must not report (:func:`load_stoplist`).

    Attributes:
        path: The file.
        sha256: SHA-256 of the file's bytes (part of a scorer's cache key).
        patterns: The compiled patterns, in file order.
    """

    path: Path
    sha256: str
    patterns: tuple[re.Pattern[str], ...]

    def suppresses(self, term: str) -> bool:
        """Whether a term's whole text (edge spaces aside) matches a stoplist pattern."""
        t = term.strip()
        return any(p.fullmatch(t) for p in self.patterns)

    def provenance(self) -> dict[str, Any]:
        """What a manifest records: file, SHA-256 and number of patterns."""
        return {"path": str(self.path), "sha256": self.sha256, "patterns": len(self.patterns)}


def _existing(path: str | Path, what: str) -> Path:
    p = Path(path)
    if not p.is_file():
        raise ConfigError(f"{p}: {what} file not found")
    return p


def _read_text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(path, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None


def _entry(path: Path, raw: Any, line: int, seen: dict[str, int]) -> Entry:
    """Validate one raw entry (a mapping) into an :class:`Entry`."""
    def bad(message: str) -> InputError:
        return InputError(path, message, row=line, unit="line")

    if not isinstance(raw, dict):
        raise bad("an entry must be a mapping with 'pattern' and 'type'")
    unknown = sorted(str(k) for k in raw if k not in ENTRY_FIELDS)
    if unknown:
        raise bad(f"unknown field {', '.join(repr(k) for k in unknown)}; "
                  f"fields: {', '.join(ENTRY_FIELDS)}")
    values = {k: (None if raw.get(k) is None or str(raw.get(k)).strip() == "" else raw[k])
              for k in ENTRY_FIELDS}
    pattern, kind = values["pattern"], values["type"]
    if not isinstance(pattern, str):
        raise bad("'pattern' is missing" if pattern is None else "'pattern' must be text")
    pattern = pattern.strip()
    if kind not in TERM_TYPES:
        raise bad(f"'type' is {kind!r}; it must be one of {', '.join(TERM_TYPES)}")
    try:
        regex = compile_pattern(pattern)
    except ValueError as exc:
        raise bad(f"pattern {pattern!r}: {exc}") from None
    key = pattern.casefold()
    if key in seen:
        raise bad(f"pattern {pattern!r} is already listed (line {seen[key]})")
    seen[key] = line
    score = DEFAULT_SCORE
    if values["score"] is not None:
        try:
            score = float(values["score"])
        except (TypeError, ValueError):
            raise bad(f"'score' is {values['score']!r}; it must be a number") from None
        if not 0.0 < score <= 1.0:
            raise bad(f"'score' is {score}; it must be in (0, 1]")
    category, note = values["category"], values["note"]
    return Entry(pattern, kind, None if category is None else str(category).strip(),
                 None if note is None else str(note).strip(), score, regex, line)


def _yaml_entries(path: Path, text: str) -> tuple[str | None, list[tuple[Any, int]]]:
    """The dictionary's name and its raw entries with their line numbers, from YAML."""
    try:
        data = yaml.safe_load(text)
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = None if mark is None else mark.line + 1
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise InputError(path, f"invalid YAML: {problem}", row=line, unit="line") from None
    name = None
    if isinstance(data, dict):
        unknown = sorted(str(k) for k in data if k not in ("name", "terms"))
        if unknown or "terms" not in data:
            raise InputError(path, "a YAML dictionary is a list of entries or a mapping with "
                                   "'terms' (and optionally 'name')")
        name = data.get("name")
        if name is not None and not isinstance(name, str):
            raise InputError(path, "'name' must be text")
        terms = data["terms"]
        node = next(v for k, v in node.value if k.value == "terms")
    else:
        terms = data
    if not isinstance(terms, list) or not terms:
        raise InputError(path, "no entries: 'terms' must be a non-empty list")
    lines = [item.start_mark.line + 1 for item in node.value]
    return name, list(zip(terms, lines, strict=True))


def _csv_entries(path: Path, text: str) -> list[tuple[Any, int]]:
    """Raw entries with their line numbers, from CSV/TSV with a header row."""
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip() for h in reader.fieldnames or []]
    if "pattern" not in header or "type" not in header:
        raise InputError(path, "the header row must name at least 'pattern' and 'type'",
                         row=1, unit="line")
    reader.fieldnames = header
    out = []
    try:
        for row in reader:
            line = reader.line_num
            if None in row:
                raise InputError(path, "more values than header columns", row=line,
                                 unit="line")
            if all(v is None or not v.strip() for v in row.values()):
                continue
            out.append((row, line))
    except csv.Error as exc:
        raise InputError(path, f"invalid CSV ({exc})", row=reader.line_num,
                         unit="line") from None
    if not out:
        raise InputError(path, "no entries below the header row")
    return out


def load_dictionary(path: str | Path) -> Dictionary:
    """Read and check a domain dictionary file (format: see the module docstring).

    Args:
        path: A ``.yaml``/``.yml``, ``.csv`` or ``.tsv`` file.

    Raises:
        ConfigError: When the file does not exist.
        InputError: When the file cannot be parsed or an entry is invalid; the message names
            the file and the entry's line.
    """
    p = _existing(path, "dictionary")
    suffix = p.suffix.lower()
    if suffix not in YAML_SUFFIXES + CSV_SUFFIXES:
        raise InputError(p, "unknown dictionary format; use .yaml, .yml, .csv or .tsv")
    text = _read_text(p)
    if suffix in YAML_SUFFIXES:
        name, raw = _yaml_entries(p, text)
    else:
        name, raw = None, _csv_entries(p, text)
    if name is None:
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", p.stem) or "dictionary"
    elif not _NAME.match(name):
        raise InputError(p, f"'name' is {name!r}; use letters, digits, '_', '.' or '-'")
    seen: dict[str, int] = {}
    entries = tuple(_entry(p, item, line, seen) for item, line in raw)
    return Dictionary(name=name, path=p, sha256=file_sha256(p), entries=entries)


def load_stoplist(path: str | Path) -> Stoplist:
    """Read and check a stoplist file: one pattern a line, ``#`` comments.

    Args:
        path: A text file.

    Raises:
        ConfigError: When the file does not exist.
        InputError: When a pattern is invalid (the message names the file and line), or the
            file lists none.
    """
    p = _existing(path, "stoplist")
    patterns = []
    for n, raw in enumerate(_read_text(p).splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        try:
            patterns.append(compile_pattern(line))
        except ValueError as exc:
            raise InputError(p, f"pattern {line!r}: {exc}", row=n, unit="line") from None
    if not patterns:
        raise InputError(p, "no patterns (one a line; '#' starts a comment)")
    return Stoplist(path=p, sha256=file_sha256(p), patterns=tuple(patterns))
