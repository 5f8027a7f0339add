r"""Page furniture: boilerplate lines and lines repeated across a source's documents.

Pages saved as text keep their furniture ("Most read in The Sun", "Read More on Energy Bills",
"We appreciate your feedback."). Two kinds are removed before segmentation:

* **Known patterns**, one line at a time: :mod:`framing.text.boilerplate` (cookie notices,
  sign-ups, "Read more" links, feedback widgets, ...), reported by rule name.
* **Repeated lines**, at the corpus level: a short line (at most :data:`MAX_WORDS` words) that
  occurs in several *different* documents of one source (:func:`repeated_threshold`) is that
  outlet's furniture, reported as ``"repeated"``. Documents with the same text count once, so
  two copies of one article do not make its lines "repeated"; long lines are never taken, so a
  background paragraph an outlet reuses stays text.

Lines are the paragraphs of cleaned text (:mod:`framing.text.clean`: one per ``"\n"``);
removing some keeps that convention, and sentence offsets refer to the text after removal.
With ``furniture="keep"`` nothing is removed and the report counts what would have been.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from framing.errors import ArgumentError
from framing.schema import Document
from framing.text.clean import clean_document_text

FurnitureMode = Literal["remove", "keep"]
"""``remove`` (default) drops furniture lines; ``keep`` keeps them (and still counts them)."""

FURNITURE_MODES: tuple[str, ...] = ("remove", "keep")
"""The values of ``furniture`` (configs) and ``--furniture/--keep-furniture`` (CLI)."""

REPEATED = "repeated"
"""The reason reported for a line repeated across a source's documents."""

MIN_DOCUMENTS = 3
"""A line in this many different documents of a source is repeated furniture ..."""

MIN_SHARE = 0.02
"""... or, in a large source, in this share of its documents (whichever is more)."""

MAX_WORDS = 20
"""Only lines of at most this many words count as repeated furniture."""


EXAMPLES = 50
"""How many repeated lines the manifest lists (the most frequent first)."""


@dataclass(frozen=True)
class RepeatedLine:
    """A line found in several documents of one source.

    Attributes:
        source: The source.
        text: The line (as in the first document that has it).
        n_documents: In how many different documents of the source it occurs.
    """

    source: str
    text: str
    n_documents: int


@dataclass
class FurnitureReport:
    """What the furniture step found, per source.

    Attributes:
        mode: ``"remove"`` or ``"keep"``.
        lines: ``source -> reason -> number of lines`` (reason: a boilerplate rule name or
            :data:`REPEATED`); removed lines with ``remove``, found-and-kept with ``keep``.
        repeated: The repeated lines, most frequent first.
        n_documents: Documents per source.
    """

    mode: FurnitureMode = "remove"
    lines: dict[str, dict[str, int]] = field(default_factory=dict)
    repeated: list[RepeatedLine] = field(default_factory=list)
    n_documents: dict[str, int] = field(default_factory=dict)

    def by_source(self) -> dict[str, int]:
        """Furniture lines per source (all reasons together)."""
        return {source: sum(reasons.values()) for source, reasons in self.lines.items()}

    def total(self) -> int:
        """Furniture lines in the whole corpus."""
        return sum(self.by_source().values())

    def to_manifest(self, examples: int = EXAMPLES) -> dict[str, Any]:
        """The report as JSON-ready data for ``manifest.json``."""
        return {
            "mode": self.mode,
            "removed" if self.mode == "remove" else "kept": self.total(),
            "lines_by_source": {s: dict(r) for s, r in sorted(self.lines.items())},
            "repeated_lines": [
                {"source": r.source, "text": r.text, "n_documents": r.n_documents}
                for r in self.repeated[:examples]
            ],
            "rule": {"min_documents": MIN_DOCUMENTS, "min_share": MIN_SHARE,
                     "max_words": MAX_WORDS},
        }

    def console_lines(self, examples: int = 3, *, config: bool = False) -> list[str]:
        """One summary line (and up to ``examples`` repeated lines) for the console.

        Args:
            examples: Repeated lines shown.
            config: Name the setting as in a config (``furniture: keep``), not the CLI option.
        """
        total = self.total()
        if not total:
            return []
        parts = ", ".join(
            f"{source} {n}" for source, n in sorted(self.by_source().items()) if n
        )
        if self.mode == "remove":
            keep = "furniture: keep" if config else "--keep-furniture"
            head = f"furniture: removed {total} lines ({parts}); {keep} keeps them"
        else:
            remove = "furniture: remove" if config else "--furniture"
            head = (f"furniture: kept {total} lines that look like page furniture ({parts}); "
                    f"{remove} removes them")
        out = [head]
        for r in self.repeated[:examples]:
            out.append(f"  {r.source}: {r.text!r} in {r.n_documents} documents")
        return out


def furniture_mode(value: str | bool | None) -> FurnitureMode:
    """Read a ``furniture`` setting: remove/keep (``True``/``None`` = remove, ``False`` = keep).

    Raises:
        ArgumentError: Any other value.
    """
    if value is None or value is True:
        return "remove"
    if value is False:
        return "keep"
    key = str(value).strip().lower()
    if key not in FURNITURE_MODES:
        raise ArgumentError(f"furniture must be one of {', '.join(FURNITURE_MODES)}, "
                            f"not {value!r}")
    return "remove" if key == "remove" else "keep"


def repeated_threshold(n_documents: int) -> int | None:
    """In how many different documents a line must occur to be furniture.

    ``None`` for a source of fewer than :data:`MIN_DOCUMENTS` documents (two articles of one
    outlet on one story may share a short line that is text, and nothing tells it from
    furniture; known patterns are still removed), and for more
    ``max(MIN_DOCUMENTS, ceil(MIN_SHARE * n))``: 3 up to 150 documents, 20 for 1,000.

    Examples:
        >>> [repeated_threshold(n) for n in (1, 2, 3, 30, 1000)]
        [None, None, 3, 3, 20]
    """
    if n_documents < MIN_DOCUMENTS:
        return None
    return max(MIN_DOCUMENTS, math.ceil(MIN_SHARE * n_documents))


def line_key(line: str) -> str:
    """The form lines are compared in: case-folded, whitespace collapsed."""
    return " ".join(line.casefold().split())


def find_repeated_lines(documents: Iterable[Document]) -> dict[str, dict[str, RepeatedLine]]:
    r"""Find the short lines repeated across each source's documents.

    Args:
        documents: Cleaned documents (one paragraph per ``"\n"``-separated line).

    Returns:
        ``source -> line key (`line_key`) -> RepeatedLine``; sources without any are absent.
    """
    texts: dict[str, dict[str, str]] = defaultdict(dict)  # source -> text key -> text
    for doc in documents:
        texts[doc.source].setdefault(line_key(doc.text), doc.text)
    found: dict[str, dict[str, RepeatedLine]] = {}
    for source, distinct in texts.items():
        threshold = repeated_threshold(len(distinct))
        if threshold is None:
            continue
        max_words = MAX_WORDS
        counts: Counter[str] = Counter()
        first: dict[str, str] = {}
        for text in distinct.values():
            keys = set()
            for line in text.split("\n"):
                key = line_key(line)
                if key and len(key.split()) <= max_words:
                    keys.add(key)
                    first.setdefault(key, line.strip())
            counts.update(keys)
        lines = {k: RepeatedLine(source, first[k], n) for k, n in counts.items()
                 if n >= threshold}
        if lines:
            found[source] = lines
    return found


def clean_corpus(
    documents: Sequence[Document], furniture: str | bool | None = "remove"
) -> tuple[list[Document], FurnitureReport]:
    r"""Clean every document and remove the corpus's page furniture.

    Each text is cleaned (:func:`framing.text.clean.clean_document_text`: unicode, whitespace,
    boilerplate lines), then lines repeated across a source's documents
    (:func:`find_repeated_lines`) are removed. With ``furniture="keep"`` the text is cleaned
    (unicode, whitespace) but no line is removed.

    Args:
        documents: Raw documents.
        furniture: ``"remove"`` (default) or ``"keep"`` (:func:`furniture_mode`).

    Returns:
        The cleaned documents, in input order (sentence offsets refer to their ``text``), and
        the report of furniture lines per source and reason.

    Raises:
        ArgumentError: ``furniture`` is not remove/keep.
    """
    mode = furniture_mode(furniture)
    remove = mode == "remove"
    report = FurnitureReport(mode=mode)
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    cleaned: list[Document] = []  # the texts to segment
    stripped: list[Document] = []  # without boilerplate lines: where repeats are looked for
    for doc in documents:
        text, found = clean_document_text(doc.text, boilerplate=remove)
        counts[doc.source].update(rule for rule, _ in found)
        report.n_documents[doc.source] = report.n_documents.get(doc.source, 0) + 1
        cleaned.append(replace(doc, text=text))
        if not remove and found:  # a paragraph's boilerplate decision depends on it alone
            boiler = {paragraph for _, paragraph in found}
            text = "\n".join(line for line in text.split("\n") if line not in boiler)
        stripped.append(replace(doc, text=text))
    repeated = find_repeated_lines(stripped)
    out: list[Document] = []
    for doc, bare in zip(cleaned, stripped, strict=True):
        lines = repeated.get(doc.source)
        if not lines:
            out.append(doc)
            continue
        n_found = sum(line_key(line) in lines for line in bare.text.split("\n"))
        counts[doc.source][REPEATED] += n_found
        if remove and n_found:
            kept = [line for line in doc.text.split("\n") if line_key(line) not in lines]
            doc = replace(doc, text="\n".join(kept))
        out.append(doc)
    report.lines = {s: dict(c) for s, c in counts.items() if c}
    report.repeated = sorted(
        (line for lines in repeated.values() for line in lines.values()),
        key=lambda r: (-r.n_documents, r.source, r.text),
    )
    return out, report
