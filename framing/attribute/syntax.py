"""Dependency-parse helpers for targets: what a token is, and who does what to whom.

Predicates on spaCy tokens (a noun, a verb, an event, a role, a group, a person noun) and
small walks of the parse (a verb's agent, a noun's possessor, a relative pronoun's
antecedent). Used by :mod:`framing.attribute.resolver`; the lemmatizer is not loaded, so
word forms are matched against the lists in :mod:`framing.attribute.gazetteer`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from framing.attribute.entities import POSS_SUFFIX
from framing.attribute.gazetteer import (
    EVENT_NOUNS,
    GROUP_NOUNS,
    NON_AGENT_VERBS,
    NOT_PERSON_NOUNS,
    PEOPLE_PLURALS,
    PERSON_SUFFIXES,
    ROLE_NOUNS,
    TARGET_EXTRA_EVENTS,
    TARGET_EXTRA_ROLES,
)

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

__all__ = ["RELATIVES", "agent_of_verb", "antecedent", "children", "is_event", "is_group",
           "is_non_agent_verb", "is_noun", "is_passive", "is_people_plural", "is_person_noun",
           "is_role", "is_verb", "possessor"]

RELATIVES = frozenset({"who", "whom", "whose", "which", "that"})
"""Relative pronouns (their antecedent stands in for them)."""


def is_noun(tok: Token) -> bool:
    """Whether a token is a noun, proper noun or pronoun."""
    return tok.pos_ in ("NOUN", "PROPN", "PRON") or tok.tag_.startswith("NN")


def is_verb(tok: Token) -> bool:
    """Whether a token is a verb or auxiliary."""
    return tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB")


def is_event(tok: Token) -> bool:
    """An event/action noun, or a noun phrase whose compounds contain one."""
    if tok.lower_ in EVENT_NOUNS or tok.lower_ in TARGET_EXTRA_EVENTS:
        return True
    if is_people_plural(tok):
        return False  # "policy wonks" are people, not a policy
    return any(c.dep_ == "compound" and is_event(c) for c in tok.children)


def is_group(tok: Token) -> bool:
    """Whether a token is a noun for a group acting for a country or organisation."""
    return tok.lower_ in GROUP_NOUNS


def is_role(tok: Token) -> bool:
    """Whether a token is a singular noun for a person (a role or a label)."""
    low = tok.lower_
    return low in ROLE_NOUNS or low in TARGET_EXTRA_ROLES or low.endswith(("monger", "crat"))


def is_people_plural(tok: Token) -> bool:
    """A plural noun for people written out as a target (not a :data:`GROUP_NOUNS` noun).

    ``lawmakers``, ``protesters``, ``politicians``: :data:`PEOPLE_PLURALS`, or a plural
    ending in ``-ists``, ``-crats`` or ``-mongers`` that is not a victim or bystander noun.
    """
    low = tok.lower_
    if tok.tag_ != "NNS" or is_group(tok) or low in NOT_PERSON_NOUNS:
        return False
    return low in PEOPLE_PLURALS or low.endswith(("ists", "crats", "mongers"))


def is_person_noun(tok: Token) -> bool:
    """Role or group noun, or a noun with a person-like suffix (``hardliners``)."""
    low = tok.lower_
    if is_role(tok) or is_group(tok):
        return True
    return tok.tag_.startswith("NN") and low not in NOT_PERSON_NOUNS and low.endswith(
        PERSON_SUFFIXES)


def possessor(tok: Token) -> Token | None:
    """The possessor of a noun (``Putin's`` in ``Putin's invasion``), or ``None``."""
    for child in tok.children:
        if child.dep_ == "poss":
            return child
        if child.dep_ == "nmod" and child.i < tok.i and (
                (POSS_SUFFIX.search(child.text) and len(child.text) > 2) or
                any(c.tag_ == "POS" for c in child.children)):
            return child  # "a conflicted Mueller’s dirty work": the parse's nmod + case
    return None


def antecedent(tok: Token) -> Token | None:
    """Antecedent of a relative pronoun (``who``, ``whose``, ``which``)."""
    t = tok
    for _ in range(4):
        if t.dep_ in ("relcl", "acl"):
            return t.head
        if t.head is t:
            return None
        t = t.head
    return None


def children(tok: Token, *deps: str) -> list[Token]:
    """The children of ``tok`` with one of the dependency labels ``deps``."""
    return [c for c in tok.children if c.dep_ in deps]


def _by_agent(verb: Token) -> Token | None:
    """The object of the first ``by`` agent phrase of a verb, or ``None``."""
    for agent in children(verb, "agent"):
        pobj = children(agent, "pobj")
        return pobj[0] if pobj else None
    return None


def agent_of_verb(verb: Token) -> Token | None:
    """The agent (doer) of a verb: its subject, or the ``by`` phrase of a passive.

    ``xcomp``, ``conj``, ``advcl`` and ``acomp`` chains are followed to the governing
    subject (``are likely to waste`` -> the subject of ``are``), as is a gerund after a
    preposition (``insisted on ramming``, ``respond by concocting``: the subject of the verb
    the preposition attaches to); an ``xcomp`` of a passive verb takes its passive subject
    (``He is alleged to have beaten ...`` -> ``He``). At most eight steps.
    """
    for _ in range(8):
        if is_passive(verb):
            return _by_agent(verb)
        subj = children(verb, "nsubj")
        if subj:
            return subj[0]
        if verb.dep_ == "acl" and verb.tag_ == "VBG":
            return verb.head  # "the president ordering invasions"
        if verb.dep_ == "acl":
            return _by_agent(verb)
        head = verb.head
        if head is verb:
            return None
        if verb.dep_ == "xcomp" and is_passive(head):
            # raising and object control: "He is alleged to have beaten ..." -> He
            subj = children(head, "nsubjpass")
            return subj[0] if subj else None
        if verb.dep_ in ("xcomp", "conj", "advcl", "acomp"):
            verb = head  # "are likely to waste" -> the subject of "are"
            continue
        if verb.dep_ == "pcomp" and head.dep_ == "prep" and is_verb(head.head):
            verb = head.head  # "insisted on ramming", "respond by concocting"
            continue
        return None
    return None


def is_passive(verb: Token) -> bool:
    """Whether a verb is passive (has a passive subject or auxiliary)."""
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def is_non_agent_verb(verb: Token) -> bool:
    """Whether a verb is in :data:`NON_AGENT_VERBS` (crude stemming: the lemmatizer is off)."""
    low = verb.lower_
    forms = {low}
    for suffix in ("ing", "ed", "es", "s", "d"):
        if low.endswith(suffix) and len(low) > len(suffix) + 2:
            forms.add(low[: -len(suffix)])
    if low.endswith("ied"):
        forms.add(low[:-3] + "y")
    if low.endswith("ing"):
        forms.add(low[:-3] + "e")
    return bool(forms & NON_AGENT_VERBS)
