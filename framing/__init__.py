"""framing: sentence-level sentiment and emotive framing of news, compared across sources.

Public API (a fixed contract): :func:`score`, :func:`analyze`, :func:`document_scores`,
:func:`score_documents`, :func:`score_paragraphs`; records in
:mod:`framing.schema`; errors in :mod:`framing.errors`.
"""

from framing.analysis.documents import document_scores
from framing.api import analyze, score, score_documents, score_paragraphs, score_targets
from framing.schema import Document

__version__ = "0.1.0"

__all__ = ["Document", "__version__", "analyze", "document_scores", "score", "score_documents",
           "score_paragraphs", "score_targets"]
