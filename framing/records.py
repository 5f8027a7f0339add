"""The record types that flow through the pipeline and the stable column names."""

from __future__ import annotations

from dataclasses import asdict, dataclass

DOCUMENT_FIELDS: tuple[str, ...] = ("doc_id", "source", "title", "date", "url", "text")
"""Fields of a :class:`Document`, in table order."""

SENTENCE_COLUMNS: tuple[str, ...] = (
    "doc_id",
    "source",
    "title",
    "date",
    "sent_idx",
    "start",
    "end",
    "text",
)
"""Leading columns of the sentence table written by :func:`framing.analyze`."""


@dataclass(frozen=True)
class Document:
    """One article of a corpus.

    Attributes:
        doc_id: Unique identifier within the corpus.
        source: Outlet or source label the article is compared by.
        title: Headline, or ``None``.
        date: Publication date as given (ISO 8601 preferred), or ``None``.
        url: Address of the article, or ``None``.
        text: Body text (not yet cleaned).
    """

    doc_id: str
    source: str
    text: str
    title: str | None = None
    date: str | None = None
    url: str | None = None

    def to_dict(self) -> dict[str, str | None]:
        """Return the record as a plain dict in :data:`DOCUMENT_FIELDS` order."""
        d = asdict(self)
        return {k: d[k] for k in DOCUMENT_FIELDS}


@dataclass(frozen=True)
class Sentence:
    """A sentence of a cleaned document, with character offsets into the cleaned text.

    Attributes:
        start: Offset of the first character in the cleaned document text.
        end: Offset one past the last character (``clean_text[start:end] == text``).
        text: The sentence text.
    """

    start: int
    end: int
    text: str
