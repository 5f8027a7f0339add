"""Empath lexical categories (Fast, Chen & Bernstein 2016), as shipped by the empath package.

``empath/data/categories.tsv`` lists 194 categories (one per line: name, then its terms). It is
read directly; the :class:`empath.Empath` client is not used (it imports ``requests`` and only
needs the network to create new categories).
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache, lru_cache

from framing.lexicons._resources import data_files
from framing.text.words import lemma_candidates

CATEGORIES: tuple[str, ...] = ("violence", "war", "aggression", "hate", "fear", "anger",
                               "negative_emotion", "crime", "death", "terrorism", "suffering",
                               "kill", "rage")
"""The Empath categories reported as ``empath:<name>`` (violence, conflict and negative affect;
the other 181, e.g. ``cooking`` or ``beach``, say nothing about emotive framing)."""


@cache
def load_all() -> dict[str, frozenset[str]]:
    """Every Empath category -> its terms, read once from the package data."""
    (path,) = data_files("empath")
    cats: dict[str, frozenset[str]] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            cols = line.rstrip("\n").split("\t")
            if cols[0]:
                cats[cols[0]] = frozenset(t.lower() for t in cols[1:] if t)
    return cats


@cache
def load() -> dict[str, tuple[str, ...]]:
    """Term -> the :data:`CATEGORIES` that list it (in :data:`CATEGORIES` order)."""
    all_cats = load_all()
    inv: dict[str, list[str]] = defaultdict(list)
    for cat in CATEGORIES:
        for term in all_cats[cat]:
            inv[term].append(cat)
    return {t: tuple(c) for t, c in inv.items()}


@lru_cache(maxsize=1 << 17)
def categories(word: str) -> tuple[str, ...]:
    """The selected Empath categories of a normalised word.

    Args:
        word: A normalised word; :func:`lemma_candidates` are tried in order.

    Returns:
        Categories of the first candidate listed in any of :data:`CATEGORIES`; empty if none.
    """
    lex = load()
    for cand in lemma_candidates(word):
        hit = lex.get(cand)
        if hit is not None:
            return hit
    return ()
