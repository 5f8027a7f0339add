"""Documents -> cleaned documents -> sentence rows (the text half of the pipeline).

:func:`prepare_documents` is the corpus-level front: clean each document, remove page
furniture (:mod:`framing.text.furniture`), find duplicates and drop later copies when asked
(:mod:`framing.text.duplicates`); :func:`sentence_rows` then segments; and
:meth:`PreparedCorpus.add_sentences` counts sentences repeated across documents.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from framing.schema import SENTENCE_COLUMNS, Document
from framing.text.clean import clean_text
from framing.text.duplicates import (
    DuplicateReport,
    dedupe,
    dedupe_mode,
    find_duplicates,
    repeated_sentences,
)
from framing.text.furniture import FurnitureReport, clean_corpus, furniture_mode
from framing.text.segment import segment


def clean_documents(documents: Iterable[Document]) -> Iterator[Document]:
    """Yield each document with its text cleaned (unicode, whitespace, boilerplate)."""
    for doc in documents:
        yield Document(doc_id=doc.doc_id, source=doc.source, text=clean_text(doc.text),
                       title=doc.title, date=doc.date, url=doc.url)


@dataclass
class PreparedCorpus:
    """Documents ready to segment, with what was removed and found on the way.

    Attributes:
        documents: Cleaned documents, furniture removed as asked, later copies dropped as
            asked; sentence offsets refer to their ``text``.
        furniture: Furniture lines per source and reason.
        duplicates: Duplicate documents (and, after :meth:`add_sentences`, repeated
            sentences); ``duplicates.dropped`` names the documents left out.
    """

    documents: list[Document]
    furniture: FurnitureReport = field(default_factory=FurnitureReport)
    duplicates: DuplicateReport = field(default_factory=DuplicateReport)

    def add_sentences(self, rows: Iterable[Mapping[str, Any]]) -> None:
        """Count the sentences of ``rows`` (:func:`sentence_rows`) repeated across documents."""
        self.duplicates.sentences = repeated_sentences(rows, self.duplicates)

    def to_manifest(self) -> dict[str, Any]:
        """``{"furniture": ..., "duplicates": ...}`` for ``manifest.json``."""
        return {"furniture": self.furniture.to_manifest(),
                "duplicates": self.duplicates.to_manifest()}

    def console_lines(self, *, config: bool = False) -> list[str]:
        """What to print on the console (nothing when there is nothing to say).

        Args:
            config: Name settings as in a config (``furniture: keep``), not as CLI options.
        """
        return (self.furniture.console_lines(config=config)
                + self.duplicates.console_lines(config=config))


def prepare_documents(
    documents: Sequence[Document],
    *,
    furniture: str | bool | None = "remove",
    dedupe_documents: str | None = "none",
) -> PreparedCorpus:
    """Clean documents, remove furniture, find duplicates and drop them when asked.

    Duplicates are judged after furniture removal, so an outlet's shared furniture does not
    make two of its short articles look alike.

    Args:
        documents: Raw documents (unique ids).
        furniture: ``"remove"`` (default) or ``"keep"``.
        dedupe_documents: ``"none"`` (default: report only), ``"exact"`` or ``"near"``.

    Returns:
        The prepared corpus.

    Raises:
        ArgumentError: An unknown ``furniture`` or ``dedupe_documents`` value.
    """
    mode = dedupe_mode(dedupe_documents)
    cleaned, report = clean_corpus(documents, furniture_mode(furniture))
    kept, duplicates = dedupe(cleaned, mode, report=find_duplicates(cleaned))
    return PreparedCorpus(kept, report, duplicates)


def sentence_rows(documents: Sequence[Document]) -> list[dict[str, object]]:
    """Segment already-cleaned documents into sentence rows.

    Args:
        documents: Cleaned documents (offsets refer to their ``text``).

    Returns:
        One dict per sentence with :data:`framing.schema.SENTENCE_COLUMNS`.
    """
    rows: list[dict[str, object]] = []
    for doc in documents:
        for i, sent in enumerate(segment(doc.text)):
            rows.append(dict(zip(SENTENCE_COLUMNS, (
                doc.doc_id, doc.source, doc.title, doc.date, i, sent.start, sent.end, sent.text
            ), strict=True)))
    return rows
