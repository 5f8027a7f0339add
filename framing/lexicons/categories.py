"""Per-word lexicon lookups merged into one record, and the public ``categorize`` helper."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

from framing.lexicons import empath, nrc, persuasion, vader
from framing.text.words import Token, normalize, tokenize

EMOTIONS: tuple[str, ...] = ("anger", "anticipation", "disgust", "fear", "joy", "sadness",
                             "surprise", "trust")
"""NRC EmoLex's eight emotions (the order of ``framing.scoring.base.EMOTION_COLUMNS``)."""


class WordInfo(NamedTuple):
    """Everything the lexicons say about one normalised word.

    Attributes:
        nrc: EmoLex affects (emotions plus ``negative``/``positive``).
        valence: VADER valence scaled to [-1, 1], or ``None`` when not listed.
        empath: Selected Empath categories (:data:`framing.lexicons.empath.CATEGORIES`).
        persuasion: persuasion-index lists (``loaded_language``, ``name_calling``).
        categories: All of the above as sorted ``"source:name"`` strings.
        compound: True when the entries are those of the parts of a hyphenated word that no
            lexicon lists whole; such words are described but not used for emotion shares or
            detection, because compounds are not compositional (``trigger-happy``).
    """

    nrc: frozenset[str]
    valence: float | None
    empath: tuple[str, ...]
    persuasion: frozenset[str]
    categories: tuple[str, ...]
    compound: bool = False


def _format(nrc_a: Iterable[str], val: float | None, emp: Iterable[str],
            pi: Iterable[str]) -> tuple[str, ...]:
    cats = {f"nrc:{a}" for a in nrc_a} | {f"empath:{c}" for c in emp}
    cats |= {f"persuasion:{c}" for c in pi}
    pol = vader.polarity(val)
    if pol is not None:
        cats.add(f"vader:{pol}")
    return tuple(sorted(cats))


def _lookup(norm: str) -> tuple[frozenset[str], float | None, tuple[str, ...], frozenset[str]]:
    return nrc.affects(norm), vader.valence(norm), empath.categories(norm), \
        persuasion.word_categories(norm)


@lru_cache(maxsize=1 << 18)
def word_info(norm: str) -> WordInfo:
    """Look a normalised word up in every lexicon (cached).

    Each lexicon takes the word itself or else its first listed lemma candidate. A hyphenated
    word no lexicon lists whole (``"war-torn"``) gets the merged EmoLex, Empath and
    persuasion-index entries of its parts, no valence (the parts' valence can mislead:
    ``"cold-hearted"``), and ``compound=True``.

    Args:
        norm: A normalised word (:func:`framing.text.words.normalize`).
    """
    a, v, e, p = _lookup(norm)
    if "-" in norm and not (a or e or p) and v is None:
        parts = [_lookup(x) for x in norm.split("-") if x]
        a = frozenset().union(*(x[0] for x in parts))
        e = tuple(dict.fromkeys(c for x in parts for c in x[2]))
        p = frozenset().union(*(x[3] for x in parts))
        return WordInfo(a, None, e, p, _format(a, None, e, p), compound=True)
    return WordInfo(a, v, e, p, _format(a, v, e, p))


def categorize(term: str) -> list[str]:
    """Lexicon categories of a word or phrase.

    Words are matched lower-cased, with a suffix-stripping lemma fallback
    (``"atrocities"`` -> ``"atrocity"``). For a phrase, each word's categories are merged, plus
    ``persuasion:*`` when the whole phrase is a persuasion-index entry (``"con artist"``).

    Args:
        term: A word or phrase.

    Returns:
        Sorted, unique categories such as ``"nrc:anger"``, ``"vader:negative"``,
        ``"empath:violence"``, ``"persuasion:name_calling"``; empty for neutral words.
    """
    toks = tokenize(term)
    cats: set[str] = set()
    for t in toks:
        cats.update(word_info(t.norm).categories)
    if len(toks) > 1:
        cats.update(f"persuasion:{c}"
                    for c in persuasion.phrase_categories(tuple(t.norm for t in toks)))
    return sorted(cats)


def vader_valence(term: str) -> float | None:
    """VADER valence in [-1, 1] of a word (mean of its words' valences for a phrase).

    Args:
        term: A word or phrase.

    Returns:
        The mean over the words VADER lists, or ``None`` when it lists none of them.
    """
    vals = [v for t in tokenize(term) if (v := word_info(t.norm).valence) is not None]
    return sum(vals) / len(vals) if vals else None


def emotion_profile(tokens: Iterable[str | Token]) -> dict[str, float]:
    """Share of word tokens associated with each of EmoLex's eight emotions.

    Hyphenated words that EmoLex does not list whole count as tokens without emotions.

    Args:
        tokens: Words (strings, normalised here) or :class:`Token` objects.

    Returns:
        ``{emotion: share}`` for :data:`EMOTIONS`, each in [0, 1]; all zeros for no tokens.
    """
    counts = dict.fromkeys(EMOTIONS, 0)
    n = 0
    for tok in tokens:
        norm = tok.norm if isinstance(tok, Token) else normalize(tok)
        n += 1
        info = word_info(norm)
        if info.compound:
            continue
        for a in info.nrc:
            if a in counts:
                counts[a] += 1
    return {e: (c / n if n else 0.0) for e, c in counts.items()}
