"""Loaded-language and name-calling lists of the Persuasion Index (Gong et al. 2026).

persuasion-index ships a seeded lexicon (``helper_features/lexicons.json``) and an LLM-expanded,
human-audited overlay (``helper_features/lexicons_expanded_LLM_audited.json``); by default it
uses their union, and so does this module. Two lists are used: ``PROP_LOADED`` (loaded
language) and ``PROP_NAMECALL`` (name calling). Entries are single words or short phrases.
"""

from __future__ import annotations

import json
from functools import cache, lru_cache

from framing.lexicons._resources import data_files
from framing.text.words import singular_candidates, tokenize

LISTS: dict[str, str] = {"PROP_LOADED": "loaded_language", "PROP_NAMECALL": "name_calling"}
"""persuasion-index list -> category name (reported as ``persuasion:<name>``)."""

EXCLUDED: frozenset[str] = frozenset({"criminal", "criminals", "fraud", "lied", "lying",
                                      "terrorist", "terrorists"})
"""Single-word entries dropped: mostly literal in news ("criminal investigation", "terrorist
attack", "lying on the floor"). Each occurs at least 20 times in the PTC training articles and
is inside a Loaded_Language/Name_Calling span less than 6% of the time (docs/lexicons.md)."""

_EDGE_LEAD = frozenset({"a", "an", "the", "you", "your", "this", "that", "such"})
_EDGE_TRAIL = frozenset({"of", "to", "for", "in", "within"})


def _entry_tokens(entry: str) -> tuple[str, ...]:
    toks = [t.norm for t in tokenize(entry)]
    while len(toks) > 1 and toks[0] in _EDGE_LEAD:
        toks.pop(0)
    while len(toks) > 1 and toks[-1] in _EDGE_TRAIL:
        toks.pop()
    return tuple(toks)


@cache
def load() -> dict[tuple[str, ...], frozenset[str]]:
    """Entry (tuple of normalised words) -> categories, read once from the package data.

    Phrase entries lose leading determiners/pronouns and trailing prepositions
    (``"a shameful betrayal of"`` -> ``("shameful", "betrayal")``), so that a match covers the
    loaded words only.
    """
    seeded_path, expanded_path = data_files("persuasion")
    seeded = json.loads(seeded_path.read_text(encoding="utf-8"))
    expanded = json.loads(expanded_path.read_text(encoding="utf-8"))
    out: dict[tuple[str, ...], set[str]] = {}
    for key, cat in LISTS.items():
        for entry in [*seeded.get(key, []), *expanded.get(key, [])]:
            toks = _entry_tokens(entry)
            if toks and not (len(toks) == 1 and toks[0] in EXCLUDED):
                out.setdefault(toks, set()).add(cat)
    return {k: frozenset(v) for k, v in out.items()}


@cache
def phrases_by_first_word() -> dict[str, tuple[tuple[str, ...], ...]]:
    """First word -> multiword entries starting with it, longest first (for phrase matching)."""
    idx: dict[str, list[tuple[str, ...]]] = {}
    for toks in load():
        if len(toks) > 1:
            idx.setdefault(toks[0], []).append(toks)
    return {w: tuple(sorted(v, key=len, reverse=True)) for w, v in idx.items()}


@lru_cache(maxsize=1 << 17)
def word_categories(word: str) -> frozenset[str]:
    """Categories of a single normalised word, or else of its singular.

    The lists are curated, so only plurals fall back (``"warmongers"`` -> ``"warmonger"``);
    ``"purely"`` is not ``"pure"``.
    """
    lex = load()
    for cand in singular_candidates(word):
        hit = lex.get((cand,))
        if hit is not None:
            return hit
    return frozenset()


def phrase_categories(words: tuple[str, ...]) -> frozenset[str]:
    """Categories of an exact multiword entry (normalised words), empty if not listed."""
    return load().get(words, frozenset())
