"""A researcher's dictionary and stoplist applied to an emotive scorer's loaded terms.

The emotive scorers take ``dictionary=`` and ``stoplist=`` (file paths, read on first use;
:mod:`framing.lexicons.dictionary` has the formats). :class:`DomainTerms` holds both and
applies them to one sentence's terms:

1. terms (of the model or the lexicon rule) whose text matches the stoplist are removed;
2. dictionary matches are added; where one overlaps a remaining term, the dictionary term
   replaces it (the researcher's entry decides the span and the type);
3. a dictionary term's dict has the usual :data:`~framing.schema.LOADED_TERM_FIELDS` (no
   extra key); its origin is in ``categories``: ``"detector:dictionary"``,
   ``"dictionary:<name>"`` and, when the entry has one, ``"category:<category>"``.

Without a dictionary and a stoplist nothing changes: the same terms, scores and cache keys.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from framing.lexicons.dictionary import (
    Dictionary,
    Match,
    Stoplist,
    load_dictionary,
    load_stoplist,
)
from framing.schema import LOADED_TERM_FIELDS

ORIGIN_CATEGORY: str = "detector:dictionary"
"""Category every dictionary term carries (the ensemble marks ``detector:tagger``/``…lexicon``)."""

Span = tuple[int, int]


def dictionary_term(match: Match, dictionary_name: str) -> dict[str, Any]:
    """The loaded-term dict of a dictionary match (offsets relative to the sentence)."""
    cats = [ORIGIN_CATEGORY, f"dictionary:{dictionary_name}"]
    if match.entry.category:
        cats.append(f"category:{match.entry.category}")
    return dict(zip(LOADED_TERM_FIELDS, (
        match.text, match.start, match.end, match.entry.type, match.entry.score, cats,
        "author", None, None), strict=True))


def _overlaps(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return a["start"] < b["end"] and b["start"] < a["end"]


@dataclass(frozen=True)
class DomainTerms:
    """A scorer's dictionary and stoplist, loaded (either may be ``None``).

    Attributes:
        dictionary: The domain dictionary, or ``None``.
        stoplist: The stoplist, or ``None``.
    """

    dictionary: Dictionary | None = None
    stoplist: Stoplist | None = None

    @classmethod
    def load(cls, dictionary: str | Path | None, stoplist: str | Path | None) -> DomainTerms:
        """Read the files a scorer was given (``None`` for none).

        Raises:
            ConfigError: A file does not exist.
            InputError: A file or one of its entries is invalid (file and line named).
        """
        return cls(None if dictionary is None else load_dictionary(dictionary),
                   None if stoplist is None else load_stoplist(stoplist))

    @property
    def active(self) -> bool:
        """Whether there is a dictionary or a stoplist."""
        return self.dictionary is not None or self.stoplist is not None

    def fingerprint(self) -> str:
        """What a scorer appends to its fingerprint: ``""`` when inactive, else file hashes."""
        out = ""
        if self.dictionary is not None:
            out += f"+dictionary:{self.dictionary.sha256[:16]}"
        if self.stoplist is not None:
            out += f"+stoplist:{self.stoplist.sha256[:16]}"
        return out

    def provenance(self) -> dict[str, Any]:
        """What a scorer adds to its provenance: nothing when inactive."""
        out: dict[str, Any] = {}
        if self.dictionary is not None:
            out["dictionary"] = self.dictionary.provenance()
        if self.stoplist is not None:
            out["stoplist"] = self.stoplist.provenance()
        return out

    def suppress(self, terms: Sequence[dict[str, Any]]) -> tuple[list[dict[str, Any]],
                                                                  list[Span]]:
        """Remove the terms the stoplist names.

        Returns:
            ``(kept terms, spans of the removed ones)``.
        """
        if self.stoplist is None:
            return list(terms), []
        kept, removed = [], []
        for t in terms:
            if self.stoplist.suppresses(t["text"]):
                removed.append((t["start"], t["end"]))
            else:
                kept.append(t)
        return kept, removed

    def add(self, text: str, terms: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
        """Add the dictionary's terms in ``text``; they replace the terms they overlap.

        Returns:
            The terms sorted by start.
        """
        if self.dictionary is None:
            return list(terms)
        found = [dictionary_term(m, self.dictionary.name) for m in self.dictionary.find(text)]
        out = [t for t in terms if not any(_overlaps(t, d) for d in found)] + found
        out.sort(key=lambda t: t["start"])
        return out

    def apply(self, text: str, terms: Sequence[dict[str, Any]]) -> tuple[list[dict[str, Any]],
                                                                          list[Span]]:
        """:meth:`suppress`, then :meth:`add` (so dictionary terms are never stoplisted).

        Returns:
            ``(terms sorted by start, spans of the stoplisted terms)``.
        """
        kept, removed = self.suppress(terms)
        return self.add(text, kept), removed


def dictionary_score(terms: Sequence[dict[str, Any]]) -> float:
    """The highest score of the dictionary terms among ``terms`` (0 when none)."""
    return max((float(t["score"]) for t in terms if ORIGIN_CATEGORY in t["categories"]),
               default=0.0)
