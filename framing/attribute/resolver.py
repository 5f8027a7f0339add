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
    name_extent,
    name_span,
    normalise_target,
    person_mentions,
)
from framing.attribute.gazetteer import (
    BYSTANDER_PLURALS,
    COPULA_CONTRACTIONS,
    COPULAS,
    DETERMINERS,
    NAMING_VERBS,
    PERSON_NOUNS,
    PERSON_PRONOUNS,
    PLACE_NOUNS,
    PRONOUN_GENDER,
    TARGET_TITLES,
)
from framing.attribute.phrases import (
    DEMONYMS_LOWER,
    bound_possessive,
    event_agent_in_phrase,
    is_adjective,
    is_country_text,
    is_subject_name,
    name_holder,
)
from framing.attribute.syntax import (
    RELATIVES,
    agent_of_verb,
    antecedent,
    children,
    is_event,
    is_group,
    is_non_agent_verb,
    is_noun,
    is_people_plural,
    is_person_noun,
    is_role,
    is_verb,
    possessor,
)
from framing.lexicons.first_names import first_name_gender

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

__all__ = ["MAX_CONTEXT", "TargetResolver"]

MAX_CONTEXT = 3
"""How many preceding context sentences (the most recent ones) are used."""

_FALL_THROUGH = object()
"""Returned by a rule step that does not apply (the next rule is tried)."""


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
        self._span: Span | None = None

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

    def person_in_context(self, before: int, nation: str | None,
                          subject: bool = False, gender: str | None = None) -> str | None:
        """The most recent person before token ``before`` (of country ``nation`` if given).

        With ``subject``, the most recent person who is a clause's subject (or in apposition
        to one) is preferred, as the antecedent of a subject pronoun (``The suspect, Traore
        Kobili, ... the murder of Sarah Halimi. He is alleged ...`` -> Traore Kobili). With
        ``gender``, a person whose first name says the other gender is skipped.
        """
        found = [ent for ent in self._persons(before)
                 if (nation is None or self._nationality(ent) == nation)
                 and not (gender and first_name_gender(ent[0].text) not in (None, gender))]
        if subject:
            found = [e for e in found if is_subject_name(e.root)] + found
        return self._longest_form(found[0]) if found else None

    # -- rules --------------------------------------------------------------------------------

    def target(self, start: int, end: int) -> str | None:
        """The target of the term at characters ``start:end`` of the sentence."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return None
        root = span.root
        if is_name_token(root) and root.dep_ not in ("compound", "amod", "nmod", "poss") and \
                span.start <= name_extent(root)[0] and \
                name_extent(root)[1] <= span.end:
            return None  # a term that is itself a name ("17 angry Democrats") is a label
        self._span = span
        try:
            return self.of_term(root, span)
        finally:
            self._span = None

    def of_term(self, tok: Token, span: Span) -> str | None:
        """Target of a term by its syntactic role (the term's head token ``tok``)."""
        # a title directly before a name: "the warmonger Putin", "... and twice-demoted
        # official Bruce Ohr" (a title noun keeps its own name, even as a later conjunct)
        if tok.tag_ == "NN" and self._title_of_next_name(tok, span):
            return name_span(self.doc[span.end])
        # coordinated nouns/adjectives take the position of the first conjunct; so does a
        # common noun the parse hangs as an appositive of another in a list
        while tok.head is not tok and not is_verb(tok) and (
                (tok.dep_ == "conj" and tok.head.pos_ == tok.pos_) or
                (tok.dep_ == "appos" and tok.tag_ in ("NN", "NNS") and
                 tok.head.tag_ in ("NN", "NNS"))):
            tok = tok.head
        dep = tok.dep_
        head = tok.head
        if tok.tag_ in ("NN", "JJ") and self._title_of_next_name(tok, span):
            return name_span(self.doc[span.end])
        if dep == "advmod" and head is not tok:
            if is_verb(head):
                return self.of_agent_token(agent_of_verb(head))
            if tok.tag_ == "RB" and head.dep_ == "dobj" and is_verb(head.head):
                # a manner adverb the parse hung on the object: "attack Trump ferociously"
                return self.of_agent_token(agent_of_verb(head.head))
            return self.of_term(head, head.doc[head.i:head.i + 1])
        if dep in ("amod", "compound", "nmod", "nummod", "npadvmod") and head is not tok and \
                is_noun(head):
            return self.of_described(head)
        if dep in ("acomp", "oprd") and not is_noun(tok):
            return self.of_predicate(tok)
        if is_verb(tok) and dep not in ("amod",):
            subj = children(tok, "nsubjpass")
            if subj and any(span.start <= a.i < span.end for a in children(tok, "agent")):
                # the term holds its own cause: "NeverTrump was driven by narcissism"
                return self.of_described(subj[0], predicate=False)
            return self.of_agent_token(agent_of_verb(tok))
        if is_noun(tok):
            return self.of_described(tok)
        if tok.pos_ == "ADJ" and dep in ("conj", "ROOT", "ccomp", "xcomp", "advcl"):
            return self.of_predicate(tok)
        return None

    def _title_of_next_name(self, tok: Token, span: Span) -> bool:
        """Whether the term is a title right before a name the parse did not put further."""
        nxt = span.end
        head = tok.head
        if not (nxt < len(self.doc) and self.doc[nxt].tag_ in ("NNP", "NNPS") and
                is_name_token(self.doc[nxt]) and not is_name_token(tok)):
            return False
        # the term's head is that name, or a noun to its left, not a noun further right
        return not (is_noun(head) and head.i > nxt) or (
            is_name_token(head) and name_extent(head)[0] <= nxt)

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
        while not subj and verb.dep_ == "xcomp" and verb.head is not verb:
            verb = verb.head  # "Harding is known to be a notorious fraud" -> Harding
            subj = children(verb, "nsubj", "nsubjpass")
        if subj:
            return self._of_subject(subj[0])
        return None

    def _of_subject(self, tok: Token) -> str | None:
        """The subject a predicate describes; people in the plural as written if unnamed.

        ``now women are Victorian hothouse flowers`` -> ``women``; ``it's the authorities
        who are insane`` -> ``authorities``: what a copula says of a plural noun for people
        is aimed at them, even where the noun is a bystander or a group elsewhere.
        """
        got = self.of_described(tok, predicate=False)
        if got is not None:
            return got
        if tok.lower_ in RELATIVES and tok.tag_ in ("WP", "WDT"):
            tok = antecedent(tok) or tok
        if tok.tag_ == "NNS" and (is_people_plural(tok) or is_group(tok) or
                                  tok.lower_ in BYSTANDER_PLURALS):
            return self._as_written(tok)
        return None

    def of_described(self, noun: Token, predicate: bool = True) -> str | None:
        """Target for a noun phrase the term is, or describes."""
        if predicate:
            dep = noun.dep_
            head = noun.head
            while dep == "conj" and head is not noun and is_noun(head):
                noun, head, dep = head, head.head, head.dep_
            if dep == "attr" and (head.lower_ in COPULAS or head.lower_ in COPULA_CONTRACTIONS):
                got = self.of_predicate(noun)
                owner = self._owner(noun) if got is None else None
                # "the problem is the pitiful performance of Congress" -> Congress
                return self.of_np(owner, agent=True) if owner is not None else got
            if dep == "oprd" or (dep == "dobj" and head.lower_ in NAMING_VERBS and any(
                    c.dep_ in ("dobj", "nsubjpass") and c.i < noun.i for c in head.children)):
                return self.of_predicate(noun)
            if dep == "pobj" and head.lower_ == "as" and (
                    head.head.lower_ in NAMING_VERBS or head.head.lower_ == "known" or any(
                        c.dep_ == "dobj" and c.i < noun.i for c in head.head.children)):
                # "described Y as a con artist", "rejected Y's allegations as 'another beauty'"
                return self.of_predicate(noun)
            if dep == "pobj" and head.lower_ == "as" and head.head.dep_ == "dobj":
                return self.of_described(head.head, predicate=False)  # "as" on the object
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
                return self.person_in_context(tok.i, None, subject=tok.dep_ in (
                    "nsubj", "nsubjpass"), gender=PRONOUN_GENDER.get(low))
            bound = bound_possessive(tok)
            return self.of_np(bound, agent) if bound is not None else None
        if low in RELATIVES and tok.tag_ in ("WP", "WP$", "WDT"):
            ante = antecedent(tok)
            return self.of_np(ante, agent) if ante is not None and ante is not tok else None
        return _FALL_THROUGH

    def _of_description(self, tok: Token, agent: bool) -> str | None | object:
        """Rule 3: nationality modifiers and possessors; :data:`_FALL_THROUGH` if none."""
        if not (agent or is_person_noun(tok)):
            return _FALL_THROUGH
        hyphened = self._hyphened() if tok.doc is self.doc else set()
        mods = [m for m in modifier_names(tok) if m not in hyphened]
        poss = possessor(tok)
        if not mods and poss is not None and poss.ent_type_ in ("GPE", "NORP", "ORG"):
            if poss.ent_type_ != "ORG" and not (is_person_noun(tok) or is_group(tok)):
                return None  # "America's white nationalist movement" does not act for America
            mods = [poss.text]
        if mods and is_people_plural(tok) and not is_country_text(tok.doc, mods[0]):
            return self._as_written(tok)  # "rich GOP lawmakers": some of the GOP, as written
        if mods:
            if tok.tag_ == "NN" and is_role(tok):
                person = self.person_in_context(self._np_start(tok), country(mods[0]))
                if person:
                    return person
                if not is_country_text(tok.doc, mods[0]):
                    return None  # "the former FBI director": a person, not the FBI
            return normalise_target(mods[0])
        if poss is not None:
            if tok.tag_ == "NN" and (is_role(tok) or tok.lower_ in PERSON_NOUNS):
                return None  # "his attorney" is not him
            return self.of_np(poss, agent=True)
        return _FALL_THROUGH

    def _hyphened(self) -> set[str]:
        """Words joined by a hyphen inside the term (``Trump-hating media``).

        They name the object of the term's attitude, not its target.
        """
        term = self._span
        if term is None:
            return set()
        doc = term.doc
        return {doc[k].text for t in term if t.text == "-"
                for k in (t.i - 1, t.i + 1) if term.start <= k < term.end}

    def of_np(self, tok: Token, agent: bool) -> str | None:
        """Resolve a noun phrase head to an entity string (rules 1, 3 and 4)."""
        got = self._of_pronoun(tok, agent)
        if got is not _FALL_THROUGH:
            return got  # type: ignore[return-value]
        holder = name_holder(tok)  # rule 1: names, appositives, titles
        if holder is not None:
            name = name_span(holder)
            if name is not None and name.lower() in TARGET_TITLES:
                # "the President is DOING ...": a title alone is a role, not a name
                return self.person_in_context(self._np_start(tok), None)
            return name
        if is_event(tok):  # rule 4: events attach to their agent
            got = self.of_event(tok)
            doer = self._doer(tok) if got is None else None
            return self.of_np(doer, agent=True) if doer is not None else got
        got = self._of_description(tok, agent)  # rule 3
        if got is not _FALL_THROUGH:
            return got  # type: ignore[return-value]
        owner = self._owner(tok)  # rule 4b: "Trump's megalomania", "the foment of protesters"
        if owner is not None:
            return self.of_np(owner, agent=True)
        if tok.tag_ == "NNS" and (is_group(tok) or is_people_plural(tok)) and any(
                c.lower_ in ("these", "those") for c in tok.children):
            earlier = self._earlier_mention(tok)  # "These former officials" -> as introduced
            if earlier is not None:
                return self._as_written(earlier)
        if is_people_plural(tok):  # rule 3b: "anti-lockdown protesters", "students"
            return self._as_written(tok)
        if tok.tag_ == "NN" and is_role(tok) and any(
                c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
            return self.person_in_context(self._np_start(tok), None)
        doer = self._doer(tok)  # rule 4c: "Trump has shown a penchant for quick fixes"
        return self.of_np(doer, agent=True) if doer is not None else None

    def _doer(self, tok: Token) -> Token | None:
        """Rule 4c: whose deed or product a thing noun is, from the clause around it.

        The noun (or the noun whose ``of``/``for``/``with``... phrase holds it, up to three
        steps: ``a penchant for quick fixes``, ``Blackburn's style of toxic politics``) is
        owned by a name or pronoun, or is the direct object of a verb that is not one of
        naming, suffering or reaction: the verb's agent (``Al Gore turned up the rhetorical
        heat``, ``Ocasio-Cortez ... made explosive allegations``). Not for person nouns,
        groups and places, which are targets in their own right.
        """
        if is_person_noun(tok) or tok.lower_ in PERSON_NOUNS or is_people_plural(tok) or \
                is_group(tok) or tok.ent_type_ in ("GPE", "LOC", "FAC") or \
                tok.lower_ in PLACE_NOUNS:
            return None
        node = tok
        for step in range(4):
            while node.dep_ == "conj" and node.head is not node and is_noun(node.head):
                node = node.head
            if step and not is_person_noun(node):
                owner = self._owner(node)
                if owner is not None:
                    return owner
            head = node.head
            if node.dep_ == "pobj" and head.dep_ == "prep" and head.head is not head and \
                    is_noun(head.head) and head.lower_ != "by":
                node = head.head
                continue
            break
        verb = node.head
        if node.dep_ == "dobj" and verb is not node and is_verb(verb) and \
                not is_non_agent_verb(verb) and verb.lower_ not in NAMING_VERBS:
            agent = agent_of_verb(verb)
            if agent is not None and agent is not tok and not is_event(agent):
                return agent
        return None

    @staticmethod
    def _owner(tok: Token) -> Token | None:
        """Whose quality, deed or product a noun is: its possessor or ``of`` object.

        Not for events (their ``of`` object is the patient), nor for person nouns (``his
        attorney`` is not him); the owner must be a name that is not a place, a personal or
        bound possessive pronoun, or a plural noun for people.
        """
        if is_event(tok) or is_person_noun(tok) or tok.lower_ in PERSON_NOUNS:
            return None
        poss = possessor(tok)
        cands = [poss] if poss is not None else [
            obj for prep in children(tok, "prep") if prep.lower_ == "of"
            for obj in children(prep, "pobj")]
        for c in cands:
            if c.ent_type_ in ("GPE", "LOC", "FAC") or c.lower_ in DEMONYMS_LOWER:
                continue
            if c.lower_ in PERSON_PRONOUNS or (c is poss and c.lower_ in ("its", "their")) or \
                    is_name_token(c) or is_people_plural(c):
                return c
        return None

    def _earlier_mention(self, tok: Token) -> Token | None:
        """The most recent earlier plural noun like ``tok`` that has its own modifiers."""
        pools = [self.doc[:tok.i], *(doc[:] for doc in reversed(self.ctx_docs))]
        for pool in pools:
            for t in reversed(pool):
                if t.lower_ == tok.lower_ and t.tag_ == "NNS" and any(
                        c.dep_ in ("amod", "compound", "nmod") for c in t.lefts):
                    return t
        return None

    def _as_written(self, tok: Token) -> str | None:
        """A plural noun phrase for people as the text writes it.

        With its modifiers and any plural noun coordinated with it (``policy wonks and
        politicians``); no determiner, number, clause or prepositional phrase, and not a lone
        adjective that is the term (``the angry protesters`` -> ``protesters``).
        """
        doc = tok.doc
        term = self._span if self._span is not None and self._span.doc is doc else None
        if term is not None:  # the term in another conjunct: "… and whiny Remoaners"
            tok = next((c for c in tok.conjuncts if c.tag_ in ("NNS", "NNPS") and (
                term.start <= c.i < term.end or any(term.start <= t.i < term.end
                                                    for t in c.lefts))), tok)
        left = {t.i for c in tok.lefts if c.dep_ in ("amod", "compound", "nmod")
                for t in c.subtree if t.lower_ not in DETERMINERS and t.tag_ != "CD"}
        start, end = tok.i, tok.i + 1
        while start - 1 in left and (not doc[start - 1].is_punct or doc[start - 1].text in "-‐–"):
            start -= 1
        own_adj = any(is_adjective(doc[k]) and not (term is not None and term.start <= k <
                                                  term.end) for k in range(start, tok.i))
        if end + 1 < len(doc) and doc[end].lower_ in ("and", "or") and not own_adj:
            j = end + 1
            while j < len(doc) - 1 and doc[j].dep_ in ("compound", "amod") and \
                    doc[j].head.i > j:
                j += 1
            # "chippy socialists and whiny Remoaners": each conjunct has its own description
            if doc[j].tag_ in ("NNS", "NNPS") and not any(
                    is_adjective(doc[k]) for k in range(end + 1, j)):
                end = j + 1
        if start >= 2 and doc[start - 1].lower_ in ("and", "or") and not own_adj and \
                not any(is_adjective(c) for c in doc[start - 2].lefts) and \
                doc[start - 2].tag_ in ("NNS", "NNPS"):
            start -= 2
            while start > 0 and doc[start - 1].dep_ in ("compound", "amod") and \
                    doc[start - 1].head.i > start - 1:
                start -= 1
        if term is not None and len(term) == 1 and term[0].tag_ == "JJ" and term.start == start:
            start += 1  # "the angry protesters" -> "protesters"
        while term is not None and term.start <= tok.i < term.end and start < term.start \
                and is_adjective(doc[start]):
            start += 1  # the label is the term: "chippy socialists" -> "socialists"
        return normalise_target(doc[start:end].text) if start < end else None

    @staticmethod
    def _np_start(tok: Token) -> int:
        return min(t.i for t in tok.subtree) if tok.dep_ != "ROOT" else tok.i

    def of_event(self, ev: Token) -> str | None:
        """Agent of an event noun (rule 4)."""
        agent = event_agent_in_phrase(ev)
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
