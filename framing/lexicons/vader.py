"""VADER sentiment lexicon (Hutto & Gilbert 2014), as shipped by vaderSentiment.

``vaderSentiment/vader_lexicon.txt`` holds about 7,500 tokens (words, emoticons, slang) with
the mean of ten raters' valence on a -4..+4 scale. Only the token -> mean valence column is used
here; VADER's sentence-level rules (negation, boosters, "but") are not applied to single terms.
"""

from __future__ import annotations

from functools import cache, lru_cache

from framing.lexicons._resources import data_files
from framing.text.words import lemma_candidates

SCALE: float = 4.0
"""VADER's valence ratings run from -4 to +4; :func:`valence` divides by this."""

THRESHOLD: float = 0.5
"""Normalised valence at or beyond which a term gets ``vader:negative``/``vader:positive``
(0.5 = a mean rating of ±2 on VADER's scale, "moderately" valenced or stronger)."""


@cache
def load() -> dict[str, float]:
    """Token -> mean valence on VADER's -4..+4 scale, read once from the package data."""
    (path,) = data_files("vader")
    out: dict[str, float] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            cols = line.rstrip("\n").split("\t")
            if len(cols) >= 2 and cols[0]:
                out[cols[0].lower()] = float(cols[1])
    return out


@lru_cache(maxsize=1 << 17)
def valence(word: str) -> float | None:
    """VADER valence of a normalised word, scaled to [-1, 1].

    Args:
        word: A normalised word; :func:`lemma_candidates` are tried in order.

    Returns:
        The lexicon's mean rating divided by :data:`SCALE`, or ``None`` when VADER does not
        list the word or any of its candidate lemmas.
    """
    lex = load()
    for cand in lemma_candidates(word):
        v = lex.get(cand)
        if v is not None:
            return v / SCALE
    return None


def polarity(value: float | None) -> str | None:
    """``"negative"``/``"positive"`` when ``|value| >= THRESHOLD``, else ``None``."""
    if value is None:
        return None
    if value <= -THRESHOLD:
        return "negative"
    if value >= THRESHOLD:
        return "positive"
    return None
