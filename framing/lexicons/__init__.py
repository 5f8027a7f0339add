"""Lexicon layer: transparent, citable word categories and emotion shares.

Four established lexicons, read straight from the data files their PyPI packages ship (loaded
once, lazily, and cached):

* NRC Word-Emotion Association Lexicon (``nrclex``): ``nrc:<emotion|negative|positive>``;
* VADER (``vadersentiment``): ``vader:negative``/``vader:positive`` for valence at or beyond
  ±0.5 on a [-1, 1] scale (:func:`vader_valence` gives the value);
* Empath (``empath``): ``empath:<category>`` for :data:`EMPATH_CATEGORIES`;
* Persuasion Index (``persuasion-index``): ``persuasion:loaded_language`` and
  ``persuasion:name_calling``.

Licences, citations and the measured detection rule: ``docs/lexicons.md``.

Example:
    >>> from framing.lexicons import categorize
    >>> categorize("atrocities")  # doctest: +SKIP
    ['empath:crime', 'empath:terrorism', 'nrc:anger', 'nrc:disgust', 'nrc:fear', ...]
"""

from framing.lexicons._resources import data_files, lexicon_versions
from framing.lexicons.categories import (
    EMOTIONS,
    WordInfo,
    categorize,
    emotion_profile,
    vader_valence,
    word_info,
)
from framing.lexicons.detect import Analysis, Term, analyze
from framing.lexicons.empath import CATEGORIES as EMPATH_CATEGORIES
from framing.text.words import Token, lemma_candidates, normalize, tokenize

__all__ = [
    "EMOTIONS",
    "EMPATH_CATEGORIES",
    "Analysis",
    "Term",
    "Token",
    "WordInfo",
    "analyze",
    "categorize",
    "data_files",
    "emotion_profile",
    "lemma_candidates",
    "lexicon_versions",
    "normalize",
    "tokenize",
    "vader_valence",
    "word_info",
]
