"""Documents -> cleaned documents -> sentence rows (the text half of the pipeline)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from framing.schema import SENTENCE_COLUMNS, Document
from framing.text.clean import clean_text
from framing.text.segment import segment


def clean_documents(documents: Iterable[Document]) -> Iterator[Document]:
    """Yield each document with its text cleaned (unicode, whitespace, boilerplate)."""
    for doc in documents:
        yield Document(doc_id=doc.doc_id, source=doc.source, text=clean_text(doc.text),
                       title=doc.title, date=doc.date, url=doc.url)


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
