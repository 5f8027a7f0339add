"""NRC Word-Emotion Association Lexicon (EmoLex; Mohammad & Turney 2013), as shipped by NRCLex.

The file ``nrclex/data/nrc_en.json`` maps 6,468 English words to the emotions and sentiments
annotators associated with them (words with no association are not listed). It is read
directly; NRCLex's own ``load_raw_text`` path (TextBlob, NLTK corpora) is not used.
"""

from __future__ import annotations

import json
from functools import cache, lru_cache

from framing.lexicons._resources import data_files
from framing.text.words import lemma_candidates

AFFECTS: tuple[str, ...] = ("anger", "anticipation", "disgust", "fear", "joy", "negative",
                            "positive", "sadness", "surprise", "trust")
"""The ten EmoLex affects: eight emotions plus negative/positive sentiment."""

NEGATIVE_EMOTIONS: frozenset[str] = frozenset({"anger", "disgust", "fear", "sadness"})
"""The EmoLex emotions counted as negative by the emotive detector."""


@cache
def load() -> dict[str, frozenset[str]]:
    """Word -> affects, read once from the NRCLex package data."""
    (path,) = data_files("nrc")
    raw = json.loads(path.read_text(encoding="utf-8"))
    return {w.lower(): frozenset(a for a in affects if a in AFFECTS) for w, affects in raw.items()}


@lru_cache(maxsize=1 << 17)
def affects(word: str) -> frozenset[str]:
    """EmoLex affects of a normalised word, trying :func:`lemma_candidates` in order.

    Args:
        word: A normalised word.

    Returns:
        The affects of the first candidate EmoLex lists; empty when none is listed.
    """
    lex = load()
    for cand in lemma_candidates(word):
        hit = lex.get(cand)
        if hit is not None:
            return hit
    return frozenset()
