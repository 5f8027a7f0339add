"""The target rules: from a loaded term's token to the entity it is aimed at.

A :class:`TargetResolver` holds one parsed sentence and its context sentences (parsed only
when a description or pronoun needs them) and applies the rules of
:mod:`framing.attribute.targets` in order: entity or appositive, copular or predicative,
descriptions with a nationality and pronouns, events and actions attached to their agent,
otherwise ``None``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from framing.attribute.entities import (
    MOD_LABELS,
    country,
    is_name_token,
    known_country,
    modifier_names,
    name_span,
    normalise_target,
    person_mentions,
)
from framing.attribute.gazetteer import COPULAS, NAMING_VERBS, PERSON_PRONOUNS
from framing.attribute.syntax import (
    RELATIVES,
    agent_of_verb,
    antecedent,
    children,
    is_event,
    is_non_agent_verb,
    is_noun,
    is_person_noun,
    is_role,
    is_verb,
    possessor,
)

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

__all__ = ["MAX_CONTEXT", "TargetResolver"]

MAX_CONTEXT = 3
"""How many preceding context sentences (the most recent ones) are used."""

_FALL_THROUGH = object()
"""Returned by a rule step that does not apply (the next rule is tried)."""


def _name_holder(tok: Token) -> Token | None:
    """Rule 1: the token whose name ``tok`` is, is appositive to or titles, else ``None``.

    ``Putin``; ``Putin, the warmonger``; ``the warmonger Putin``; ``Kremlin puppet Viktor
    Orban``.
    """
    if is_name_token(tok):
        return tok
    for child in tok.children:
        if child.dep_ == "appos" and is_name_token(child):
            return child
    if tok.dep_ == "appos" and is_name_token(tok.head):
        return tok.head
    if tok.dep_ in ("compound", "nmod", "amod") and is_name_token(tok.head):
        return tok.head
    nxt = tok.i + 1
    if nxt < len(tok.doc) and tok.tag_ in ("NN", "NNS") and \
            tok.doc[nxt].tag_ in ("NNP", "NNPS") and is_name_token(tok.doc[nxt]):
        return tok.doc[nxt]
    return None


def _event_agent_in_phrase(ev: Token) -> Token | None:
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


class TargetResolver:
    """Resolves the targets of one parsed sentence, parsing its context lazily.

    Args:
        doc: The parsed sentence.
        context: Preceding sentences, oldest first; the last :data:`MAX_CONTEXT` are used.
        parse: A batch parser (texts to parses) for the context sentences.
    """

    def __init__(self, doc: Doc, context: Sequence[str],
                 parse: Callable[[list[str]], list[Doc]]) -> None:
        self.doc = doc
        self.context = [c for c in list(context)[-MAX_CONTEXT:] if c and c.strip()]
        self._parse = parse
        self._ctx_docs: list[Doc] | None = None

    @property
    def ctx_docs(self) -> list[Doc]:
        """The context sentences, parsed on first use."""
        if self._ctx_docs is None:
            self._ctx_docs = self._parse(self.context) if self.context else []
        return self._ctx_docs

    # -- persons in context -------------------------------------------------------------------

    def _persons(self, before: int) -> Iterable[Span]:
        """Persons mentioned before token ``before``, then in context, most recent first."""
        yield from reversed([m for m in person_mentions(self.doc) if m.end <= before])
        for doc in reversed(self.ctx_docs):
            yield from reversed(person_mentions(doc))

    def _nationality(self, ent: Span) -> str | None:
        found = known_country(ent.text)
        if found:
            return found
        root = ent.root
        mods: list[str] = []
        for child in root.children:
            if ent.start <= child.i < ent.end and child.dep_ == "compound":
                continue
            if child.dep_ in ("compound", "amod", "nmod", "appos"):
                mods.extend(modifier_names(child) + [
                    t.text for t in child.subtree if t.ent_type_ in MOD_LABELS and
                    not (ent.start <= t.i < ent.end)])
            if child.dep_ == "prep" and child.lower_ == "of":
                mods.extend(t.text for t in child.subtree if t.ent_type_ in ("GPE", "NORP"))
        for m in mods:
            c = country(m)
            if c:
                return c
        return None

    def _longest_form(self, ent: Span) -> str | None:
        best = normalise_target(ent.text)
        if not best:
            return None
        last = best.split()[-1].lower()
        for doc in [self.doc, *self.ctx_docs]:
            for other in person_mentions(doc):
                name = normalise_target(other.text)
                if name and name.split()[-1].lower() == last and len(name) > len(best):
                    best = name
        return best

    def person_in_context(self, before: int, nation: str | None) -> str | None:
        """The most recent person before token ``before`` (of country ``nation`` if given)."""
        for ent in self._persons(before):
            if nation is None or self._nationality(ent) == nation:
                return self._longest_form(ent)
        return None

    # -- rules --------------------------------------------------------------------------------

    def target(self, start: int, end: int) -> str | None:
        """The target of the term at characters ``start:end`` of the sentence."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return None
        return self.of_term(span.root, span)

    def of_term(self, tok: Token, span: Span) -> str | None:
        """Target of a term by its syntactic role (the term's head token ``tok``)."""
        # coordinated nouns/adjectives take the position of the first conjunct
        while tok.dep_ == "conj" and tok.head is not tok and tok.head.pos_ == tok.pos_ and \
                not is_verb(tok):
            tok = tok.head
        dep = tok.dep_
        head = tok.head
        # a title directly before a name: "the warmonger Putin"
        # (only where the parse has not attached the term to a noun further right)
        nxt = span.end
        if tok.tag_ in ("NN", "JJ") and nxt < len(self.doc) and \
                self.doc[nxt].tag_ in ("NNP", "NNPS") and is_name_token(self.doc[nxt]) and \
                not is_name_token(tok) and not (is_noun(head) and head.i > nxt):
            return name_span(self.doc[nxt])
        if dep == "advmod" and head is not tok:
            if is_verb(head):
                return self.of_agent_token(agent_of_verb(head))
            return self.of_term(head, head.doc[head.i:head.i + 1])
        if dep in ("amod", "compound", "nmod", "nummod", "npadvmod") and head is not tok and \
                is_noun(head):
            return self.of_described(head)
        if dep in ("acomp", "oprd") and not is_noun(tok):
            return self.of_predicate(tok)
        if is_verb(tok) and dep not in ("amod",):
            return self.of_agent_token(agent_of_verb(tok))
        if is_noun(tok):
            return self.of_described(tok)
        if tok.pos_ == "ADJ" and dep in ("conj", "ROOT", "ccomp", "xcomp", "advcl"):
            return self.of_predicate(tok)
        return None

    def of_predicate(self, pred: Token) -> str | None:
        """Target of a predicate (adjective or noun) by its verb: object or subject."""
        verb = pred.head
        if pred.dep_ == "pobj" and verb.lower_ == "as":
            verb = verb.head
        own_subj = children(pred, "nsubj")
        if own_subj:  # small clause: "consider Y corrupt"
            return self.of_described(own_subj[0], predicate=False)
        if pred is verb:
            return None
        objs = [c for c in verb.children if c.dep_ == "dobj" and c is not pred and c.i < pred.i]
        if objs:
            return self.of_described(objs[0], predicate=False)
        subj = children(verb, "nsubj", "nsubjpass")
        if subj:
            return self.of_described(subj[0], predicate=False)
        return None

    def of_described(self, noun: Token, predicate: bool = True) -> str | None:
        """Target for a noun phrase the term is, or describes."""
        if predicate:
            dep = noun.dep_
            head = noun.head
            while dep == "conj" and head is not noun and is_noun(head):
                noun, head, dep = head, head.head, head.dep_
            if dep == "attr" and head.lower_ in COPULAS:
                return self.of_predicate(noun)
            if dep == "oprd" or (dep == "dobj" and head.lower_ in NAMING_VERBS and any(
                    c.dep_ in ("dobj", "nsubjpass") and c.i < noun.i for c in head.children)):
                return self.of_predicate(noun)
            if dep == "pobj" and head.lower_ == "as" and head.head.lower_ in NAMING_VERBS:
                return self.of_predicate(noun)
            if dep in ("ccomp", "xcomp"):
                subj = children(noun, "nsubj")
                if subj:
                    return self.of_described(subj[0], predicate=False)
        return self.of_np(noun, agent=False)

    def of_agent_token(self, tok: Token | None) -> str | None:
        """Target for an agent token (``None`` when there is no agent)."""
        if tok is None:
            return None
        return self.of_np(tok, agent=True)

    def _of_pronoun(self, tok: Token, agent: bool) -> str | None | object:
        """Personal and relative pronouns; :data:`_FALL_THROUGH` for other tokens."""
        low = tok.lower_
        if tok.tag_ in ("PRP", "PRP$") or low in PERSON_PRONOUNS:
            if low in PERSON_PRONOUNS:
                return self.person_in_context(tok.i, None)
            return None
        if low in RELATIVES and tok.tag_ in ("WP", "WP$", "WDT"):
            ante = antecedent(tok)
            return self.of_np(ante, agent) if ante is not None and ante is not tok else None
        return _FALL_THROUGH

    def _of_description(self, tok: Token, agent: bool) -> str | None | object:
        """Rule 3: nationality modifiers and possessors; :data:`_FALL_THROUGH` if none."""
        if not (agent or is_person_noun(tok)):
            return _FALL_THROUGH
        mods = modifier_names(tok)
        poss = possessor(tok)
        if not mods and poss is not None and poss.ent_type_ in ("GPE", "NORP", "ORG"):
            mods = [poss.text]
        if mods:
            if tok.tag_ == "NN" and is_role(tok):
                person = self.person_in_context(self._np_start(tok), country(mods[0]))
                if person:
                    return person
            return normalise_target(mods[0])
        if poss is not None:
            return self.of_np(poss, agent=True)
        return _FALL_THROUGH

    def of_np(self, tok: Token, agent: bool) -> str | None:
        """Resolve a noun phrase head to an entity string (rules 1, 3 and 4)."""
        got = self._of_pronoun(tok, agent)
        if got is not _FALL_THROUGH:
            return got  # type: ignore[return-value]
        holder = _name_holder(tok)  # rule 1: names, appositives, titles
        if holder is not None:
            return name_span(holder)
        if is_event(tok):  # rule 4: events attach to their agent
            return self.of_event(tok)
        got = self._of_description(tok, agent)  # rule 3
        if got is not _FALL_THROUGH:
            return got  # type: ignore[return-value]
        if tok.tag_ == "NN" and is_role(tok) and any(
                c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
            return self.person_in_context(self._np_start(tok), None)
        return None

    @staticmethod
    def _np_start(tok: Token) -> int:
        return min(t.i for t in tok.subtree) if tok.dep_ != "ROOT" else tok.i

    def of_event(self, ev: Token) -> str | None:
        """Agent of an event noun (rule 4)."""
        agent = _event_agent_in_phrase(ev)
        if agent is not None:
            return self.of_np(agent, agent=True)
        mods = modifier_names(ev)
        if mods:
            return normalise_target(mods[0])
        node = ev
        while node.dep_ == "conj" and node.head is not node:
            node = node.head
        verb = node.head
        if node.dep_ == "dobj" and verb is not node and not is_non_agent_verb(verb) and \
                verb.lower_ not in NAMING_VERBS:
            return self.of_agent_token(agent_of_verb(verb))
        if node.dep_ == "nsubjpass" and verb is not node:
            return self.of_agent_token(agent_of_verb(verb))
        return None
