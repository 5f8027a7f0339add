"""Noun-phrase helpers of the target rules (:mod:`framing.attribute.resolver`).

Which name a term's noun is, titles or is appositive to; whom a possessive ``its``/``their``
is bound to; the agent an event's own phrase names; small tests on modifiers and subjects.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from framing.attribute.entities import is_name_token
from framing.attribute.gazetteer import DEMONYMS, METONYMS
from framing.attribute.syntax import RELATIVES, children, is_noun, is_verb, possessor

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

__all__ = ["DEMONYMS_LOWER", "bound_possessive", "event_agent_in_phrase", "is_adjective",
           "is_country_text", "is_subject_name", "name_holder"]


def name_holder(tok: Token) -> Token | None:
    """Rule 1: the token whose name ``tok`` is, is appositive to or titles, else ``None``.

    ``Putin``; ``Putin, the warmonger``; ``the warmonger Putin``; ``Kremlin puppet Viktor
    Orban``.
    """
    if is_name_token(tok):
        return tok
    for child in tok.children:
        if child.dep_ == "appos" and is_name_token(child):
            return child
        if child.dep_ == "appos" and is_noun(child):
            # "his attorney, former mayor and U.S. attorney Rudolph Giuliani"
            for conj in children(child, "conj"):
                if conj.tag_ in ("NNP", "NNPS") and is_name_token(conj):
                    return conj
        if child.dep_ == "prep" and child.lower_ == "like":
            # "Deep State officials like ex-CIA chief John Brennan" (one name, not a list)
            objs = children(child, "pobj")
            if len(objs) == 1 and is_name_token(objs[0]) and not children(objs[0], "conj"):
                return objs[0]
    if tok.dep_ == "appos" and is_name_token(tok.head):
        return tok.head
    if tok.dep_ in ("compound", "nmod", "amod") and is_name_token(tok.head):
        return tok.head
    nxt = tok.i + 1
    if nxt < len(tok.doc) and tok.tag_ in ("NN", "NNS") and \
            tok.doc[nxt].tag_ in ("NNP", "NNPS") and is_name_token(tok.doc[nxt]):
        return tok.doc[nxt]
    return None


DEMONYMS_LOWER = frozenset(d.lower() for d in DEMONYMS)
"""Demonyms in lower case (a nationality is not an owner)."""


def is_adjective(tok: Token) -> bool:
    """An adjective modifying a noun (``chippy``, ``whiny``; the parse may call it compound)."""
    return tok.dep_ in ("amod", "compound") and tok.tag_ in ("JJ", "JJR", "JJS")


def is_country_text(doc: Doc, text: str) -> bool:
    """Whether a modifier text stands for a country (a GPE/NORP name, demonym or metonym)."""
    if text in DEMONYMS or text.lower() in METONYMS:
        return True
    return any(e.text == text and e.label_ in ("GPE", "NORP") for e in doc.ents)


def is_subject_name(tok: Token) -> bool:
    """Whether a name is a subject, or in apposition to (or titled by) one."""
    for _ in range(3):
        if tok.dep_ in ("nsubj", "nsubjpass"):
            return True
        if tok.dep_ not in ("appos", "compound") or tok.head is tok:
            return False
        tok = tok.head
    return False


def bound_possessive(tok: Token) -> Token | None:
    """The clause-mate a possessive ``its``/``their`` refers to, by number.

    The nearest subject or object before the pronoun, of the verbs above it: a singular
    name that is not a person for ``its`` (``NeverTrump has made no secret of its
    disdain``), a plural noun phrase for ``their`` (``he berated Senate Democrats in their
    assault``).
    """
    low = tok.lower_
    if low not in ("its", "their") or tok.dep_ != "poss":
        return None
    plural = low == "their"
    best: Token | None = None
    node = tok.head
    for _ in range(8):
        if is_verb(node):
            for c in node.children:
                if c.dep_ not in ("nsubj", "nsubjpass", "dobj") or c.i >= tok.i or \
                        c.tag_ in ("PRP", "PRP$", "WP", "WDT", "EX"):
                    continue
                many = c.tag_ in ("NNS", "NNPS") or bool(children(c, "conj"))
                if many != plural or (not plural and (
                        not is_name_token(c) or c.ent_type_ == "PERSON")):
                    continue
                if best is None or c.i > best.i:
                    best = c
        if node.head is node:
            break
        node = node.head
    return best


def event_agent_in_phrase(ev: Token) -> Token | None:
    """The agent an event's own phrase names: a possessor, a ``by`` phrase, a clause."""
    poss = possessor(ev)
    if poss is not None:
        return poss
    for prep in children(ev, "prep", "agent"):
        if prep.lower_ == "by":
            pobj = children(prep, "pobj")
            if pobj:
                return pobj[0]
    for cl in children(ev, "acl", "relcl"):
        if cl.dep_ == "acl":
            for agent in children(cl, "agent"):
                pobj = children(agent, "pobj")
                if pobj:
                    return pobj[0]
        else:
            subj = children(cl, "nsubj")
            if subj and subj[0].lower_ not in RELATIVES:
                return subj[0]
    return None
