"""framing: sentence-level sentiment and emotive framing of news, compared across sources.

Public API (a fixed contract): :func:`score`, :func:`analyze`; records in
:mod:`framing.records`; errors in :mod:`framing.errors`.
"""

from framing.api import analyze, score
from framing.records import Document

__version__ = "0.1.0"

__all__ = ["Document", "__version__", "analyze", "score"]
