"""Lexicon-only emotive framing: a transparent, citable baseline for the transformer scorers.

Loaded terms come from a rule over four published lexicons (NRC EmoLex, VADER, Empath,
Persuasion Index) and word frequency; see :mod:`framing.lexicons.detect` and
``docs/lexicons.md`` for the rule, its measured precision and the licences.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path

import pandas as pd

from framing.lexicons import detect, empath, lexicon_versions, nrc, persuasion, vader
from framing.lexicons.categories import EMOTIONS
from framing.lexicons.frequency import zipf
from framing.schema import EMOTION_COLUMNS, LOADED_TERM_FIELDS
from framing.scoring.domain import DomainTerms
from framing.scoring.registry import register

EMOTION_OUTPUT: tuple[str, ...] = tuple(f"lex_{e}" for e in EMOTION_COLUMNS)


@register
class EmotiveLexiconScorer:
    """Loaded terms, an emotive score and NRC emotion shares from lexicons alone.

    Columns (all prefixed ``lex_`` so they sit beside the transformer scorers' columns):

    * ``lex_emotive``: ``1 - prod(1 - score)`` over the sentence's loaded terms, in [0, 1]
      (0 when there are none);
    * ``lex_loaded_terms``: list of dicts with the keys of
      :data:`~framing.scoring.base.LOADED_TERM_FIELDS`; offsets are relative to the sentence,
      ``voice`` is ``"author"``, ``speaker`` and ``target`` are ``None`` (later pipeline steps
      fill them);
    * ``lex_anger`` ... ``lex_trust``: share of the sentence's word tokens that EmoLex
      associates with each emotion (names excluded from the numerator).

    The registry's shared parameters (``device``, ``batch_size``, ``precision``,
    ``encoder``) have no effect on it (it runs no model).

    Args:
        dictionary: A domain dictionary file (YAML/CSV, ``docs/dictionaries.md``), read on
            first use: its terms are added (they replace lexicon terms they overlap) and
            enter ``lex_emotive`` like every term.
        stoplist: A stoplist file (one pattern a line), read on first use: lexicon terms
            whose text matches it are removed (and leave ``lex_emotive``).
    """

    name = "emotive.lexicon.v1"
    version = "1"
    columns: tuple[str, ...] = ("lex_emotive", "lex_loaded_terms", *EMOTION_OUTPUT)

    def __init__(self, dictionary: str | Path | None = None,
                 stoplist: str | Path | None = None) -> None:
        """Store the researcher's files (the lexicons and the rule are fixed)."""
        self.dictionary = dictionary
        self.stoplist = stoplist

    def _load(self) -> DomainTerms:
        """Read the lexicons once (the first :meth:`score`, :meth:`fingerprint`...).

        Returns:
            The dictionary and stoplist, read on the first call.
        """
        if not self.__dict__.get("_ready", False):
            self._domain = DomainTerms.load(self.dictionary, self.stoplist)
            if tuple(EMOTIONS) != tuple(EMOTION_COLUMNS):  # pragma: no cover - a guard
                raise RuntimeError("framing.lexicons.EMOTIONS differs from EMOTION_COLUMNS")
            nrc.load()
            vader.load()
            empath.load()
            persuasion.load()
            zipf("the")
            self._ready = True
        return self._domain

    def _settings(self) -> dict:
        return {
            "vader_max": detect.VADER_MAX,
            "nrc_min_negative": detect.NRC_MIN_NEGATIVE,
            "zipf_max_vader": detect.ZIPF_MAX_VADER,
            "zipf_max_nrc": detect.ZIPF_MAX_NRC,
            "adjective_bonus": detect.ADJECTIVE_BONUS,
            "adjective_suffixes": list(detect.ADJECTIVE_SUFFIXES),
            "empath_categories": list(empath.CATEGORIES),
            "score_coefficients": dict(detect.SCORE_COEFFICIENTS),
        }

    def fingerprint(self) -> str:
        """Hash of the lexicon files, the wordfreq version and the rule's settings.

        A dictionary or stoplist appends its file's SHA-256 (nothing without them).
        """
        domain = self._load()
        blob = json.dumps([lexicon_versions(), metadata.version("wordfreq"), self._settings()],
                          sort_keys=True)
        return ("lexicons-" + hashlib.sha256(blob.encode()).hexdigest()[:16]
                + domain.fingerprint())

    def provenance(self) -> dict:
        """Lexicon packages, versions and file hashes, and the rule's settings."""
        domain = self._load()
        return {
            "scorer": self.name,
            "version": self.version,
            "fingerprint": self.fingerprint(),
            "lexicons": lexicon_versions(),
            "wordfreq": metadata.version("wordfreq"),
            "settings": self._settings(),
            **domain.provenance(),
        }

    def score(self, sentences: Sequence[str]) -> pd.DataFrame:
        """Detect loaded terms and emotion shares in each sentence.

        Args:
            sentences: Sentence texts (empty strings and non-strings such as ``None`` or NaN
                give no terms and zeros).

        Returns:
            One row per sentence with exactly :attr:`columns`.
        """
        domain = self._load()
        emotive: list[float] = []
        terms_col: list[list[dict]] = []
        shares: list[list[float]] = [[] for _ in EMOTION_COLUMNS]
        for text in sentences:
            text = text if isinstance(text, str) else ""
            a = detect.analyze(text)
            terms = [dict(zip(LOADED_TERM_FIELDS,
                              (t.text, t.start, t.end, t.type, round(t.score, 4),
                               list(t.categories), "author", None, None), strict=True))
                     for t in a.terms]
            if domain.active:
                terms = domain.apply(text, terms)[0]
            terms_col.append(terms)
            emotive.append(1.0 - math.prod(1.0 - t["score"] for t in terms))
            for col, c in zip(shares, a.emotion_counts, strict=True):
                col.append(c / a.n_tokens if a.n_tokens else 0.0)
        data: dict[str, pd.Series] = {
            "lex_emotive": pd.Series(emotive, dtype="float64"),
            "lex_loaded_terms": pd.Series(terms_col, dtype="object"),
        }
        for name, col in zip(EMOTION_OUTPUT, shares, strict=True):
            data[name] = pd.Series(col, dtype="float64")
        return pd.DataFrame(data, columns=list(self.columns))
