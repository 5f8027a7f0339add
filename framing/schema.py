"""Record types and the shared vocabulary: the bottom of the house, imported by every step.

The records that flow through the pipeline, the stable column names, sentiment labels, term
types and emotion columns.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import pandas as pd

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


# -- sentiment vocabulary ----------------------------------------------------------------------

SENTIMENT_LABELS: tuple[str, ...] = ("negative", "neutral", "positive")
"""Sentiment classes, in the column order of every sentiment scorer's probabilities."""


# -- emotive framing vocabulary (shared by every emotive scorer) -------------------------------

TERM_TYPES: tuple[str, ...] = ("loaded_language", "name_calling")
"""Types of loaded terms (after the PTC propaganda techniques Loaded_Language and
Name_Calling,Labeling)."""

EMOTION_COLUMNS: tuple[str, ...] = ("anger", "anticipation", "disgust", "fear", "joy",
                                    "sadness", "surprise", "trust")
"""Per-sentence emotion columns (NRC EmoLex's eight emotions): the share of the sentence's
word tokens associated with each emotion, in [0, 1]."""

LOADED_TERM_FIELDS: tuple[str, ...] = ("text", "start", "end", "type", "score", "categories",
                                       "voice", "speaker", "target")
"""Keys of each dict in a sentence's ``loaded_terms`` list. ``start``/``end`` are character
offsets relative to the sentence; ``type`` is one of :data:`TERM_TYPES`; ``score`` is in
[0, 1]; ``categories`` is a list of strings such as ``"nrc:anger"``, ``"vader:negative"``,
``"empath:violence"``, ``"persuasion:loaded_language"``; ``voice`` is ``"author"`` or
``"quoted"``; ``speaker`` and ``target`` are strings or ``None``."""


def is_missing(value: object) -> bool:
    """Whether a table cell holds no value: ``None``, ``NaN``, ``pd.NA`` or ``pd.NaT``.

    Containers (a list of loaded terms, an array read from parquet) are never missing, even
    when empty.
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)
