"""A document as the syntactic speaker layer sees it: quote paragraphs parsed, people named.

:class:`ParsedDoc` parses, with the project's spaCy pipeline, the paragraphs of a document
that hold quotations and the two paragraphs before each (antecedents), and keeps the
person mentions (spaCy's PERSON entities, merged with mentions found by the rules), their
gender and the role words they were introduced with (``Inspector General Michael
Horowitz``), plus the entity sets :mod:`framing.attribute.speech` uses to tell names from
places, dates and fragments. Paragraphs over :data:`MAX_PARAGRAPH` characters are not parsed.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from framing.attribute.gazetteer import DEMONYMS, HONORIFICS, NON_PERSON_WORDS, ROLE_WORDS
from framing.attribute.marks import paragraphs
from framing.attribute.names import HYPHENED_ADJECTIVE_RE, role_object
from framing.lexicons.first_names import first_name_gender, is_first_name
from framing.models.nlp import parse

__all__ = ["HANDLE", "LOCATIVE", "MAX_PARAGRAPH", "NEVER_NAMES", "NOT_SPEAKER_ENTS",
           "ROLE_MODIFIERS", "ParsedDoc", "Person", "clean_person", "entity_of", "is_name",
           "parsed_paragraphs", "strip_det"]

MAX_PARAGRAPH = 4000
"""Paragraphs longer than this (characters) are not parsed: no news paragraph is, and a
pathological one would cost seconds."""

NOT_SPEAKER_ENTS = frozenset({"GPE", "LOC", "FAC", "DATE", "TIME", "CARDINAL", "ORDINAL",
                               "MONEY", "PERCENT", "QUANTITY", "NORP", "LANGUAGE",
                               "WORK_OF_ART", "EVENT", "LAW", "PRODUCT"})
NEVER_NAMES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT",
                          "QUANTITY"})
"""Labels the small model gives reliably; a one-word place it often gives to surnames."""
ROLE_MODIFIERS = frozenset("""
    prime foreign defence defense interior finance justice health state general deputy vice
    chief senior former acting first home attorney press white house national security
""".split())
"""Words of a role title that are not part of a name (``Foreign Minister``)."""
HANDLE = re.compile(r"@([A-Z][a-z]+)([A-Z][a-z]+)\b")
"""A social-media handle written as a first and last name (``@PeteButtigieg``)."""
LOCATIVE = frozenset({"in", "to", "from", "at", "near", "into", "across", "outside"})
"""Prepositions after which a place entity is taken to be a place, not a mistagged name."""


@dataclass(frozen=True)
class Person:
    """A person mention: canonical name, offsets, gender and introducing role words."""

    name: str
    start: int
    end: int
    gender: str | None
    roles: frozenset[str]


CONTEXT_PARAGRAPHS = 1
"""Paragraphs before each quote paragraph that are parsed too (antecedents, entity labels).
Two gave the same speakers on the gold set's dev and train articles as one, at 30% more
parse time; none lost 2 points of speaker accuracy on dev."""


def parsed_paragraphs(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The paragraphs :class:`ParsedDoc` parses: those with a quote and the ones before each.

    Paragraphs longer than :data:`MAX_PARAGRAPH` characters are never parsed.
    """
    spans = sorted(spans)
    starts = [s for s, _ in spans]
    paras = paragraphs(text)
    keep = [i for i, (ps, pe) in enumerate(paras)
            if _has_quote(spans, starts, ps, pe) and pe - ps <= MAX_PARAGRAPH]
    wanted = sorted({j for i in keep for j in range(i - CONTEXT_PARAGRAPHS, i + 1)
                     if j >= 0 and paras[j][1] - paras[j][0] <= MAX_PARAGRAPH})
    return [paras[i] for i in wanted]


def _has_quote(spans: Sequence[tuple[int, int]], starts: Sequence[int], lo: int, hi: int
               ) -> bool:
    k = bisect.bisect_left(starts, hi)
    return any(spans[j][1] > lo for j in range(max(0, k - 3), k))


class ParsedDoc:
    """The parsed paragraphs of one document, with its quotation spans and person mentions."""

    def __init__(self, text: str, spans: Sequence[tuple[int, int]], nlp, canonical,
                 persons: Sequence = ()) -> None:
        self.text = text
        self.spans = sorted(spans)
        self._span_starts = [s for s, _ in self.spans]
        self.canonical = canonical
        wanted = parsed_paragraphs(text, self.spans)
        self.docs = []
        for (ps, _), doc in zip(wanted, parse([text[a:b] for a, b in wanted], nlp),
                                strict=True):
            self.docs.append((ps, doc))
        self._doc_starts = [s for s, _ in self.docs]
        self._base = {id(d): s for s, d in self.docs}
        self.sentences = [(b, s) for b, d in self.docs for s in d.sents]
        self._labels: dict[str, set[str]] = {}
        """Entity text -> every label spaCy gave it in the parsed paragraphs."""
        self._placed: set[str] = set()
        """Entity texts seen after a locative preposition (``to El Paso``)."""
        for _, doc in self.docs:
            for ent in doc.ents:
                text = strip_det(ent)
                self._labels.setdefault(text, set()).add(ent.label_)
                if ent.root.dep_ == "pobj" and ent.root.head.text.lower() in LOCATIVE:
                    self._placed.add(text)
        self.non_person = frozenset(
            t for t, ls in self._labels.items()
            if ls <= NOT_SPEAKER_ENTS and (ls <= NEVER_NAMES or t in self._placed
                                           or t in DEMONYMS.values()))
        """Entity texts tagged only with non-person labels (never speakers)."""
        self.persons = self._persons(persons)
        self._person_ends = [p.end for p in self.persons]

    # ---------------------------------------------------------------- positions

    def in_quote(self, pos: int) -> bool:
        """Whether the character at ``pos`` lies inside a quotation span."""
        k = bisect.bisect_right(self._span_starts, pos) - 1
        return k >= 0 and self.spans[k][0] <= pos < self.spans[k][1]

    def offset(self, tok) -> int:
        """Document offset of a token."""
        return self._base[id(tok.doc)] + tok.idx

    def doc_at(self, pos: int):
        """``(base, doc)`` of the parsed paragraph holding ``pos``, or ``None``."""
        k = bisect.bisect_right(self._doc_starts, pos) - 1
        if k < 0:
            return None
        base, doc = self.docs[k]
        return (base, doc) if pos < base + len(doc.text) + 1 else None

    # ---------------------------------------------------------------- persons

    def known(self) -> frozenset[str]:
        """Person and organisation entity texts outside quotes, and their last words."""
        out: set[str] = {p.name for p in self.persons}
        for base, doc in self.docs:
            for ent in doc.ents:
                if ent.label_ in ("PERSON", "ORG") and not self.in_quote(base + ent.start_char):
                    text = strip_det(ent)
                    out.add(text)
        out |= {n.split()[-1] for n in out if n.split()}
        return frozenset(out)

    def organisations(self) -> frozenset[str]:
        """ORG entity texts outside quotes that are never a person's name."""
        people = {p.name for p in self.persons} | {p.name.split()[-1] for p in self.persons}
        return frozenset(strip_det(ent) for base, doc in self.docs for ent in doc.ents
                         if ent.label_ == "ORG" and not self.in_quote(base + ent.start_char)
                         and strip_det(ent) not in people)

    def modifiers(self) -> frozenset[int]:
        """Offsets of proper nouns that are compounds of a common noun."""
        return frozenset(b + t.idx for b, d in self.docs for t in d
                         if t.pos_ == "PROPN" and t.dep_ == "compound" and t.head.pos_ == "NOUN"
                         and t.head.text.islower())

    def places(self) -> frozenset[str]:
        """One-word entity texts tagged GPE, LOC or FAC and never PERSON (not antecedents).

        Multi-word ones are left to :attr:`non_person`: the small model tags many unfamiliar
        full names (``Vitali Klitschko``) as places.
        """
        return frozenset(t for t, ls in self._labels.items() if ls & {"GPE", "LOC", "FAC"}
                         and "PERSON" not in ls and " " not in t)

    def parts(self) -> frozenset[str]:
        """Words of multi-word entities with a label other than PERSON."""
        return frozenset(t.text for _, doc in self.docs for ent in doc.ents
                         if ent.label_ != "PERSON" and len(ent) > 1 for t in ent)

    def _persons(self, extra: Sequence) -> list[Person]:
        found: list[Person] = [Person(p.name, p.start, p.end, p.gender, frozenset())
                                for p in extra]
        index = {(p.start, p.end): i for i, p in enumerate(found)}
        for base, doc in self.docs:
            for ent in doc.ents:
                if ent.label_ != "PERSON" or self.in_quote(base + ent.start_char):
                    continue
                name, gender, roles = clean_person(ent)
                if not name:
                    continue
                span = (base + ent.start_char, base + ent.end_char)
                same = next((i for (s, e), i in index.items() if s < span[1] and span[0] < e),
                            None)
                if same is not None:  # the same mention: keep it once, with its roles
                    p = found[same]
                    found[same] = Person(p.name, p.start, p.end, p.gender or gender,
                                          p.roles | roles)
                    continue
                full = self.canonical(name, span[0])
                found.append(Person(full, span[0], span[1], gender, roles))
        for base, doc in self.docs:
            for m in HANDLE.finditer(doc.text):
                name = self.canonical(m.group(2), base + m.start())
                if name != m.group(2) and name.split()[0] == m.group(1):
                    found.append(Person(name, base + m.start(), base + m.end(), None,
                                         frozenset()))
        found.sort(key=lambda p: p.end)
        bad = self.non_person | self.places()
        found = [p for p in found if p.name not in bad and not self._description(p.name)
                 and p.name.lower() not in NON_PERSON_WORDS]  # "Twitter" is no one
        genders: dict[str, str] = {}
        for p in found:
            if p.gender:
                genders.setdefault(p.name, p.gender)
        for p in found:
            if " " in p.name and p.name not in genders:
                given = first_name_gender(p.name.split()[0])
                if given:
                    genders[p.name] = given
        self._genders = genders
        return [Person(p.name, p.start, p.end, p.gender or genders.get(p.name), p.roles)
                for p in found]

    def recent_person(self, pos: int, gender: str | None, window: int = 2500) -> str | None:
        """The most recent person named before ``pos`` (not of the other gender)."""
        k = bisect.bisect_right(self._person_ends, pos)
        for j in range(k - 1, -1, -1):
            p = self.persons[j]
            if pos - p.end > window:
                return None
            if gender and p.gender and p.gender != gender:
                continue
            return p.name
        return None

    def gender_of(self, name: str) -> str | None:
        """The gender a title, role or first name gives a person of the document, if any."""
        return self._genders.get(name)

    def person_at(self, pos: int) -> str | None:
        """The person whose mention covers offset ``pos``, if any."""
        k = bisect.bisect_right(self._person_ends, pos)
        if k < len(self.persons) and self.persons[k].start <= pos:
            return self.persons[k].name
        return None

    @staticmethod
    def _description(name: str) -> bool:
        """``Florida Republican``: a description the rules took for a name."""
        return name.split()[-1].lower() in ROLE_WORDS

    def person_with_role(self, roles: frozenset[str], pos: int) -> str | None:
        """The most recent person introduced with all of ``roles`` before ``pos``."""
        k = bisect.bisect_right(self._person_ends, pos)
        for j in range(k - 1, -1, -1):
            if roles <= self.persons[j].roles:
                return self.persons[j].name
        return None


def clean_person(ent) -> tuple[str | None, str | None, frozenset[str]]:
    """Name, gender and role words of a PERSON entity (titles and job words stripped)."""
    toks = [t for t in ent if not t.is_punct or t.text in "-."]
    gender = None
    roles: set[str] = set()
    while toks:
        w = toks[0].text.lower().rstrip(".")
        if w in HONORIFICS:
            gender = gender or HONORIFICS[w]
        elif w in ROLE_WORDS or toks[0].is_lower:
            roles.add(w)
        else:
            break
        toks = toks[1:]
    if toks and toks[-1].text in ("'s", "’s", "'", "’"):
        toks = toks[:-1]
    words = [t.text for t in toks if not t.is_punct]
    if len(words) >= 3 and role_object(words[0]) and is_first_name(words[1]):
        roles.add(toks[0].text.lower())  # "Supervisor of Elections Susan Gill": "Elections"
        toks = toks[1:]
    k = ent.start - 1
    while k >= 0 and ent.start - k <= 4 and ent.doc[k].text.lower().rstrip(".") in ROLE_WORDS:
        roles.add(ent.doc[k].text.lower().rstrip("."))  # "Inspector General Michael Horowitz"
        k -= 1
    for child in ent.root.children:
        if child.dep_ == "appos":
            roles |= {t.text.lower() for t in child.subtree if t.text.lower() in ROLE_WORDS}
    if ent.root.dep_ == "appos":
        head = ent.root.head
        roles |= {t.text.lower() for t in [head, *head.children]
                  if t.text.lower() in ROLE_WORDS and t.i < ent.start}
    words = [t.text for t in toks if not t.is_punct]
    if not is_name(words):
        return None, gender, frozenset(roles)
    name = ent.doc[toks[0].i:toks[-1].i + 1].text
    return name, gender, frozenset(roles)


def entity_of(tok):
    """The entity span holding token ``tok``, or ``None``."""
    for ent in tok.doc.ents:
        if ent.start <= tok.i < ent.end:
            return ent
    return None


def strip_det(span) -> str:
    """The text of a span without a leading article and a final possessive ``'s``."""
    toks = list(span)
    if toks and toks[0].text.lower() in ("the", "a", "an"):
        toks = toks[1:]
    if toks and toks[-1].text in ("'s", "’s"):
        toks = toks[:-1]
    return " ".join(t.text for t in toks) if toks else span.text


def is_name(words: list[str]) -> bool:
    """Capitalised words, at least one of them not a role or a role modifier.

    A word with a lower-case part after a hyphen is an adjective, not a name
    (``Low-income Kentucky women``); ``Ocasio-Cortez`` and ``al-Assad`` are names.
    """
    return bool(words) and all(w[:1].isupper() and not HYPHENED_ADJECTIVE_RE.match(w)
                               for w in words) and any(
        w.lower().rstrip(".") not in ROLE_WORDS | ROLE_MODIFIERS for w in words)
