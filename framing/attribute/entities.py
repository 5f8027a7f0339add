"""Entities in a spaCy parse, as targets: names, persons, countries, and their normal form.

:func:`normalise_target` writes a target the way :mod:`framing.attribute.targets` returns it
(no leading ``the``, possessive or title; demonyms as their country); :func:`name_span` gives
the name a token belongs to, :func:`person_mentions` the names in a parse that may be people,
:func:`modifier_names` the nationality or affiliation words modifying a noun, and
:func:`country` / :func:`known_country` the country a name stands for.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from framing.attribute.gazetteer import DEMONYMS, KNOWN_PEOPLE, METONYMS, ORG_WORDS, TARGET_TITLES
from framing.attribute.names import is_abbrev

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

__all__ = ["MOD_LABELS", "NAME_LABELS", "NOT_NAME_LABELS", "POSS_SUFFIX", "country",
           "is_name_token", "known_country", "modifier_names", "name_extent", "name_span",
           "normalise_target", "person_mentions"]

NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
"""Entity labels of names that can be targets."""
NOT_NAME_LABELS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL",
                             "LOC", "FAC", "LANGUAGE"})
"""Entity labels that are never a name, even on a proper noun."""
MOD_LABELS = frozenset({"NORP", "GPE", "ORG", "FAC"})
"""Entity labels of nationality and affiliation modifiers (``the Russian warmonger``)."""

POSS_SUFFIX = re.compile(r"(?:['’‘`]s|['’‘`])$")
"""A possessive ending (``'s``, ``’s``, ``‘s``, ``'``)."""
_SPACE = re.compile(r"\s+")
_PERSONS_KEY = "framing.targets.persons"


def normalise_target(text: str) -> str | None:
    """Normalise a target string.

    Collapses whitespace, strips a leading ``the``, a trailing possessive and leading titles,
    and maps demonyms to their country (``"Russian"`` → ``"Russia"``).

    Args:
        text: The entity text as found.

    Returns:
        The normalised string, or ``None`` if nothing is left.
    """
    s = _SPACE.sub(" ", text).strip(" \t\n,;:\"“”")
    s = POSS_SUFFIX.sub("", s).strip()
    if s.lower().startswith("the "):
        s = s[4:].strip(" \"“”")
    if s.endswith(".") and not is_abbrev(s.split()[-1]):
        s = s.rstrip(".").strip()  # a sentence's full stop, not that of "U.S."
    changed = True
    while changed:
        changed = False
        low = s.lower()
        for title in TARGET_TITLES:
            if low.startswith(title + " ") and len(s) > len(title) + 1:
                s = s[len(title) + 1:].strip()
                changed = True
                break
    if not s or s.lower() == "the":
        return None
    return DEMONYMS.get(s, s)


def country(text: str) -> str | None:
    """The country a modifier or place name stands for, if known (``Kremlin`` → Russia)."""
    s = normalise_target(text)
    if s is None:
        return None
    if s in DEMONYMS.values():
        return s
    return METONYMS.get(s.lower(), s)


def known_country(text: str) -> str | None:
    """The country of a well-known person (``Putin`` → Russia), or ``None``."""
    name = normalise_target(text)
    if not name:
        return None
    low = name.lower()
    if low in KNOWN_PEOPLE:
        return KNOWN_PEOPLE[low]
    last = re.split(r"[\s\-]+", low)[-1]
    return KNOWN_PEOPLE.get(last)


def is_name_token(tok: Token) -> bool:
    """Whether a token is part of a name (an entity, a proper noun, a well-known person)."""
    if tok.ent_type_ in NAME_LABELS:
        return True
    if tok.tag_ in ("NNP", "NNPS"):
        return tok.ent_type_ not in NOT_NAME_LABELS
    # a well-known name the tagger missed (sentence-initial "Trump" tagged NN)
    return tok.is_title and tok.lower_ in KNOWN_PEOPLE


def name_span(tok: Token) -> str | None:
    """The name ``tok`` belongs to (entity span, or proper-noun chain), normalised."""
    if not is_name_token(tok):
        return None
    start, end = name_extent(tok)
    return normalise_target(tok.doc[start:end].text)


def name_extent(tok: Token) -> tuple[int, int]:
    """Token offsets of the name ``tok`` belongs to: its entity, or its proper-noun chain."""
    doc = tok.doc
    if tok.ent_type_ and tok.ent_type_ not in NOT_NAME_LABELS:
        for ent in doc.ents:
            if ent.start <= tok.i < ent.end:
                return _extend_group_name(ent), ent.end
    # proper-noun chain: climb compound heads, then take the contiguous proper nouns
    head = tok
    while head.dep_ in ("compound", "flat") and head.head.i > head.i and \
            head.head.tag_ in ("NNP", "NNPS"):
        head = head.head
    start = head.i
    while start > 0 and doc[start - 1].tag_ in ("NNP", "NNPS") and \
            doc[start - 1].dep_ in ("compound", "flat") and doc[start - 1].ent_type_ not in \
            NOT_NAME_LABELS:
        start -= 1
    return start, head.i + 1


def _extend_group_name(ent: Span) -> int:
    """Start of an ORG/NORP name with the proper-noun compounds the model left outside it.

    ``Senate`` + ``Democrats`` -> ``Senate Democrats``; ``the Republican`` + ``Congress``
    -> ``the Republican Congress`` (no place or person name is taken in).
    """
    start = ent.start
    if ent.label_ not in ("ORG", "NORP"):
        return start
    doc = ent.doc
    while start > 0:
        prev = doc[start - 1]
        if prev.tag_ in ("NNP", "NNPS") and prev.dep_ == "compound" and \
                start <= prev.head.i < ent.end and prev.ent_type_ in ("", "ORG", "NORP"):
            start -= 1
            continue
        break
    return start


def _is_person_span(span: Span, label: str) -> bool:
    """Whether a name span may be a person (see :func:`person_mentions`)."""
    if label == "PERSON" or known_country(span.text) is not None:
        return True
    if label in ("GPE", "NORP", "LOC", "FAC"):
        return False
    words = [t for t in span if t.is_alpha]
    return len(words) >= 2 and all(t.is_title for t in words) and \
        words[-1].lower_ not in ORG_WORDS and words[0].lower_ != "the"


def person_mentions(doc: Doc) -> list[Span]:
    """Names in ``doc`` that may be people, in text order.

    PERSON entities; well-known people whatever their label; and proper-noun chains of two
    or more capitalised words that the model left unlabelled or labelled ORG/EVENT/... and
    that do not end in an organisation word (``Group``, ``Party``, ``House``, ...). Cached on
    the parse.
    """
    cached = doc.user_data.get(_PERSONS_KEY)
    if cached is not None:
        return cached
    found: list[Span] = []
    seen: set[tuple[int, int]] = set()
    for tok in doc:
        if tok.dep_ in ("compound", "flat") and tok.head.i > tok.i and \
                tok.head.tag_ in ("NNP", "NNPS"):
            continue  # not the head of its chain
        if not is_name_token(tok):
            continue
        start, end = name_extent(tok)
        if (start, end) in seen:
            continue
        span = doc[start:end]
        if _is_person_span(span, tok.ent_type_):
            seen.add((start, end))
            found.append(span)
    doc.user_data[_PERSONS_KEY] = found
    return found


def modifier_names(tok: Token) -> list[str]:
    """NORP/GPE/ORG/FAC entity texts among the amod/compound/nmod modifiers of ``tok``."""
    found: list[str] = []
    seen: set[int] = set()
    for child in tok.children:
        if child.dep_ not in ("amod", "compound", "nmod", "npadvmod") or child.i > tok.i:
            continue
        for t in child.subtree:
            if t.i in seen:
                continue
            if t.ent_type_ in MOD_LABELS:
                for ent in tok.doc.ents:
                    if ent.start <= t.i < ent.end:
                        seen.update(range(ent.start, ent.end))
                        found.append(ent.text)
                        break
            elif t.lower_ == "kremlin" or t.text in DEMONYMS:
                # names the small model sometimes leaves unlabelled
                seen.add(t.i)
                found.append(t.text)
    return found
