"""Lexicon-only loaded-term detection: a transparent rule and a measured score.

The rule (a word is a *loaded term* when it is not a name and any of these holds):

1. it, or a phrase it starts, is on persuasion-index's loaded-language or name-calling list;
2. VADER rates it strongly negative (valence <= -0.5) and it is rare: Zipf frequency below
   4.0 (below 4.5 for adjective/adverb-like suffixes such as ``-al``, ``-ous``, ``-ly``);
3. VADER does not list it, EmoLex associates it with at least two of anger, disgust, fear and
   sadness, and it is rarer still: Zipf below 3.5 (4.0 for adjective-like suffixes).

Rarity carries the rule: on the PTC training articles, strongly negative words rarer than the
cut-offs lie inside an annotated Loaded_Language/Name_Calling span about a quarter of the time
(seven times the base rate; commoner ones half as often or less), while requiring an Empath or
EmoLex category as well does not raise that rate (``docs/lexicons.md``;
``framing train lexicon --out DIR``).

A term's ``score`` is a logistic function of seven lexicon features fitted on the same data
(:data:`SCORE_COEFFICIENTS`): the estimated probability that an annotator marked it.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import NamedTuple

from framing.lexicons import empath, nrc, persuasion, vader
from framing.lexicons.categories import EMOTIONS, word_info
from framing.lexicons.frequency import zipf
from framing.text.words import proper_noun_flags, singular_candidates, tokenize

VADER_MAX: float = -0.5
"""Rule 2: VADER valence (scaled to [-1, 1]) at or below which a word is strongly negative."""

NRC_MIN_NEGATIVE: int = 2
"""Rule 3: how many of EmoLex's negative emotions a word VADER lacks must have."""

ZIPF_MAX_VADER: float = 4.0
"""Rule 2: words at or above this Zipf frequency are too common to count as loaded."""

ZIPF_MAX_NRC: float = 3.5
"""Rule 3: the frequency cut-off for EmoLex-only words (EmoLex is noisier, so stricter)."""

ADJECTIVE_SUFFIXES: tuple[str, ...] = ("ous", "ful", "ic", "ive", "less", "ish", "able",
                                       "ible", "ly", "ant", "ent", "al")
"""Endings of (mostly) adjectives and adverbs, the evaluative word classes."""

ADJECTIVE_BONUS: float = 0.5
"""Adjective/adverb-like words may be this much more frequent (in Zipf units)."""

EMPATH_AFFECT: frozenset[str] = frozenset({"hate", "anger", "rage", "fear", "suffering",
                                           "negative_emotion", "violence", "aggression"})
"""Empath categories of feeling and hostility (raise the score)."""

EMPATH_TOPIC: frozenset[str] = frozenset({"war", "crime", "terrorism", "death", "kill"})
"""Empath categories of subject matter (lower the score: "war" or "crime" describe events)."""

SCORE_COEFFICIENTS: dict[str, float] = {
    "intercept": 1.6,
    "persuasion_loaded_language": 1.08,
    "persuasion_name_calling": 1.14,
    "vader_negativity": 0.86,
    "zipf": -0.98,
    "adjective_suffix": 0.58,
    "empath_affect": 0.59,
    "empath_topic": -0.37,
}
"""Logistic-regression weights of the term score (fitted on PTC; see the module docstring)."""

_PERSON_SUFFIXES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ist", ("", "ism", "e", "y")),
    ("er", ("", "e")),
    ("or", ("", "e", "ion")),
    ("ard", ("",)),
)


class Features(NamedTuple):
    """The lexicon evidence about one word (or phrase) that the rule and the score use.

    Attributes:
        persuasion: persuasion-index lists containing it.
        valence: VADER valence in [-1, 1], or ``None``.
        nrc_negative: Number of EmoLex negative emotions (anger, disgust, fear, sadness).
        zipf: Zipf frequency; for a plural, that of the plural or the singular, whichever is
            rarer (``"thugs"`` is commoner than ``"thug"``); for a phrase, its rarest word's.
        adjective: Whether it ends like an adjective or adverb.
        empath_affect: Whether it is in an :data:`EMPATH_AFFECT` category.
        empath_topic: Whether it is in an :data:`EMPATH_TOPIC` category.
    """

    persuasion: frozenset[str]
    valence: float | None
    nrc_negative: int
    zipf: float
    adjective: bool
    empath_affect: bool
    empath_topic: bool


class Term(NamedTuple):
    """A detected loaded term (offsets relative to the analysed text)."""

    text: str
    start: int
    end: int
    type: str
    score: float
    categories: tuple[str, ...]


def _rarity(norm: str) -> float:
    z = zipf(norm)
    for w in singular_candidates(norm)[1:]:
        if _in_any_lexicon(w):  # a real singular, not "chao" from "chaos"
            z = min(z, zipf(w))
    return z


_NO_FEATURES = Features(frozenset(), None, 0, 0.0, False, False, False)


@lru_cache(maxsize=1 << 18)
def word_features(norm: str) -> Features:
    """Lexicon features of a normalised word (cached); none for unlisted compounds."""
    info = word_info(norm)
    if info.compound:
        return _NO_FEATURES._replace(zipf=zipf(norm))
    emp = set(info.empath)
    return Features(
        persuasion=info.persuasion,
        valence=info.valence,
        nrc_negative=len(info.nrc & nrc.NEGATIVE_EMOTIONS),
        zipf=_rarity(norm),
        adjective=norm.endswith(ADJECTIVE_SUFFIXES),
        empath_affect=bool(emp & EMPATH_AFFECT),
        empath_topic=bool(emp & EMPATH_TOPIC),
    )


def rule(f: Features, zipf_max_vader: float = ZIPF_MAX_VADER,
         zipf_max_nrc: float = ZIPF_MAX_NRC) -> str | None:
    """Which branch of the detection rule a word's features satisfy.

    Args:
        f: The word's features.
        zipf_max_vader: Frequency cut-off of rule 2 (``math.inf`` disables it).
        zipf_max_nrc: Frequency cut-off of rule 3.

    Returns:
        ``"persuasion"``, ``"vader"`` or ``"nrc"`` (the first that holds), or ``None``.
    """
    if f.persuasion:
        return "persuasion"
    z = f.zipf - (ADJECTIVE_BONUS if f.adjective else 0.0)
    if f.valence is not None:
        return "vader" if f.valence <= VADER_MAX and z < zipf_max_vader else None
    if f.nrc_negative >= NRC_MIN_NEGATIVE and z < zipf_max_nrc:
        return "nrc"
    return None


def feature_vector(f: Features) -> dict[str, float]:
    """The score's inputs (keys of :data:`SCORE_COEFFICIENTS` except the intercept)."""
    return {
        "persuasion_loaded_language": float("loaded_language" in f.persuasion),
        "persuasion_name_calling": float("name_calling" in f.persuasion),
        "vader_negativity": max(0.0, -(f.valence or 0.0)),
        "zipf": f.zipf,
        "adjective_suffix": float(f.adjective),
        "empath_affect": float(f.empath_affect),
        "empath_topic": float(f.empath_topic),
    }


def term_score(f: Features) -> float:
    """Estimated probability (in [0, 1]) that a detected term is loaded language."""
    z = SCORE_COEFFICIENTS["intercept"] + sum(
        SCORE_COEFFICIENTS[k] * x for k, x in feature_vector(f).items())
    return 1.0 / (1.0 + math.exp(-z))


def _in_any_lexicon(word: str) -> bool:
    return (word in vader.load() or word in nrc.load() or word in empath.load()
            or (word,) in persuasion.load())


@lru_cache(maxsize=1 << 16)
def is_person_noun(norm: str) -> bool:
    """Heuristic: does the word name a person by what they do (``warmonger``, ``murderer``)?

    True for words ending in ``-monger`` and for ``-ist``/``-er``/``-or``/``-ard`` nouns whose
    stem is itself in a lexicon (``terrorist`` <- ``terror``, ``killer`` <- ``kill``,
    ``aggressor`` <- ``aggression``); ``danger`` or ``slaughter`` have no such stem.

    Args:
        norm: A normalised word (plurals are reduced to the singular first).
    """
    for w in singular_candidates(norm):
        if w.endswith("monger"):
            return True
        for suffix, endings in _PERSON_SUFFIXES:
            stem = w[: -len(suffix)]
            if w.endswith(suffix) and len(stem) >= 3 and any(
                    _in_any_lexicon(stem + e) for e in endings):
                return True
    return False


def _term_type(f: Features, head: str) -> str:
    if "name_calling" in f.persuasion:
        return "name_calling"
    pejorative = (f.valence is not None and f.valence < 0) or f.nrc_negative > 0 \
        or "negative" in word_info(head).nrc
    return "name_calling" if pejorative and is_person_noun(head) else "loaded_language"


class _WordEntry(NamedTuple):
    emotions: tuple[int, ...]
    term: tuple[str, float, tuple[str, ...]] | None  # (type, score, categories)


@lru_cache(maxsize=1 << 18)
def _word_entry(norm: str) -> _WordEntry:
    info = word_info(norm)
    emotions = () if info.compound else tuple(
        i for i, e in enumerate(EMOTIONS) if e in info.nrc)
    f = word_features(norm)
    term = None
    if rule(f) is not None:
        term = (_term_type(f, norm), term_score(f), info.categories)
    return _WordEntry(emotions, term)


def _phrase_term(words: tuple[str, ...]) -> tuple[str, float, tuple[str, ...]]:
    fs = [word_features(w) for w in words]
    vals = [f.valence for f in fs if f.valence is not None]
    f = Features(
        persuasion=persuasion.phrase_categories(words),
        valence=min(vals) if vals else None,
        nrc_negative=max(x.nrc_negative for x in fs),
        zipf=min(x.zipf for x in fs),
        adjective=any(x.adjective for x in fs),
        empath_affect=any(x.empath_affect for x in fs),
        empath_topic=any(x.empath_topic for x in fs),
    )
    cats = {c for w in words for c in word_info(w).categories}
    cats.update(f"persuasion:{c}" for c in f.persuasion)
    return _term_type(f, words[-1]), term_score(f), tuple(sorted(cats))


class Analysis(NamedTuple):
    """What the detector finds in one text.

    Attributes:
        terms: Loaded terms in text order.
        emotion_counts: Tokens associated with each of :data:`EMOTIONS` (names excluded).
        n_tokens: Number of word tokens (the denominator of the emotion shares).
    """

    terms: list[Term]
    emotion_counts: list[int]
    n_tokens: int


def analyze(text: str) -> Analysis:
    """Find loaded terms and count emotion words in a text (typically one sentence).

    Capitalised words that are not clause-initial are taken for names and skipped (neither
    terms nor emotion words). persuasion-index phrases are matched first, longest first.

    Args:
        text: The text.

    Returns:
        The :class:`Analysis`; offsets are relative to ``text``.
    """
    toks = tokenize(text)
    names = proper_noun_flags(text, toks)
    norms = [t.norm for t in toks]
    phrases = persuasion.phrases_by_first_word()
    counts = [0] * len(EMOTIONS)
    terms: list[Term] = []
    i, n = 0, len(toks)
    while i < n:
        if names[i]:
            i += 1
            continue
        norm = norms[i]
        entry = _word_entry(norm)
        for e in entry.emotions:
            counts[e] += 1
        matched = 0
        for ph in phrases.get(norm, ()):
            k = len(ph)
            if tuple(norms[i:i + k]) == ph and not any(names[i:i + k]):
                matched = k
                break
        if matched:
            kind, score, cats = _phrase_term(tuple(norms[i:i + matched]))
            start, end = toks[i].start, toks[i + matched - 1].end
            terms.append(Term(text[start:end], start, end, kind, score, cats))
            for j in range(i + 1, i + matched):
                for e in _word_entry(norms[j]).emotions:
                    counts[e] += 1
            i += matched
            continue
        if entry.term is not None:
            kind, score, cats = entry.term
            t = toks[i]
            terms.append(Term(t.text, t.start, t.end, kind, score, cats))
        i += 1
    return Analysis(terms, counts, n)
