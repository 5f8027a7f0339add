"""Who a speech verb's subject is: a name, a pronoun, a description, or no one.

Given a :class:`~framing.attribute.document.QuoteDoc`, :func:`subject_before` reads the words
before a speech verb (``Defence Minister Ilsa Varrow told the BBC``), :func:`subject_after`
those after it (``said Mira Dolan, a teacher``), and :func:`finish` resolves the
:class:`Subject` found to a speaker string (a surname expanded to the full name, a pronoun or
description to the most recent person). All offsets are into the document text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from framing.attribute.document import QuoteDoc
from framing.attribute.gazetteer import (
    AUXILIARIES,
    CONJUNCTIONS,
    DETERMINERS,
    GENDER_NOUNS,
    INSTITUTION_HEADS,
    NON_PERSON_PRONOUNS,
    PASSIVE_AUXILIARIES,
    PERSON_NOUNS,
    ROLE_WORDS,
    SPECIAL_ROLES_RE,
    SUBJECT_PRONOUNS,
)
from framing.attribute.names import (
    Name,
    Tok,
    capitalised,
    capitalised_runs,
    name_of_run,
    possessive,
    tokens,
    word_before,
)

__all__ = ["CONTEXT", "NO_SUBJECT", "Speaker", "Subject", "finish", "name_in", "subject_after",
           "subject_before"]

CONTEXT = 400
"""Characters before a quote (and before a verb) searched for its attribution."""

_TIME_TAIL_RE = re.compile(
    r"(?:\s+(?:last|this|next|on|earlier|late|early|in|at)\s+(?:week|month|year|night|weekend"
    r"|morning|afternoon|evening|[A-Z][a-z]+day|January|February|March|April|May|June|July"
    r"|August|September|October|November|December|\d{4}))+\s*"
)
"""A time phrase between a subject and its verb (``Putin last week said``)."""

_DESCRIPTOR_RE = re.compile(
    r"(?:^|(?<=\s))(?P<det>[Tt]he|[Aa]n?|[Tt]his|[Tt]hat|[Hh]is|[Hh]er|[Tt]heir|[Oo]ne)\s+"
    r"(?P<mods>(?:[\w'’-]+\s+){0,3}?)(?P<head>[\w'’-]+)\s*$"
)
_DESCRIPTOR_START_RE = re.compile(
    r"\s*(?P<det>[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Tt]heir|[Oo]ne)\s+"
    r"(?P<mods>(?:[\w'’-]+\s+){0,3}?)(?P<head>[\w'’-]+)(?=\s*(?:[,.;!?—–]|$))"
)
_YEAR_OLD_RE = re.compile(r"^\d+-year-old$")

Speaker = tuple[str | None, int | None, int | None]
"""``(speaker, start, end)``: the speaker string and the offsets of the words naming them."""


@dataclass(frozen=True)
class Subject:
    """Who a speech verb's subject is, before pronouns are resolved.

    Attributes:
        kind: ``"name"``, ``"pronoun"``, ``"descriptor"`` (definite: ``the mayor``),
            ``"descriptor_indef"`` (``a spokesman``) or ``"none"``.
        name: The name, for ``kind == "name"``.
        start: Offset of the subject's words, or ``None``.
        end: One past their end, or ``None``.
        gender: ``"m"``, ``"f"`` or ``None``.
    """

    kind: str
    name: str | None
    start: int | None
    end: int | None
    gender: str | None = None


NO_SUBJECT = Subject("none", None, None, None)
"""No subject (or one that names no speaker)."""


def _strip_time_tail(masked: str, lo: int, hi: int) -> int:
    """``hi`` moved before a time phrase that ends ``masked[lo:hi]`` (``last week``)."""
    when = _TIME_TAIL_RE.search(masked, max(lo, hi - 60), hi)
    if when is not None and when.end() == hi:
        return when.start()
    return hi


def subject_before(doc: QuoteDoc, lo: int, hi: int) -> tuple[Subject, bool, bool]:
    """Analyse ``masked[lo:hi]``, the words before a speech verb.

    Returns:
        The subject, whether the verb is passive (``was asked``), and whether the
        verb is coordinated (``… and said``) so that the subject is an earlier verb's.
    """
    masked = doc.masked
    lo = max(lo, hi - CONTEXT)
    hi = _strip_time_tail(masked, lo, hi)
    words = list(re.finditer(r"[\w'’.-]+|[,—–(~:;]", masked[lo:hi]))
    passive = False
    while words and (
        words[-1].group() in AUXILIARIES or (words[-1].group().endswith("ly")
                                             and words[-1].group().islower())
    ):
        passive = passive or words[-1].group() in PASSIVE_AUXILIARIES
        words.pop()
    if not words:
        return NO_SUBJECT, passive, False
    last = words[-1].group()
    end = lo + words[-1].end()
    if last in CONJUNCTIONS:
        return NO_SUBJECT, passive, True
    if last.lower() in SUBJECT_PRONOUNS:
        s = lo + words[-1].start()
        return Subject("pronoun", None, s, end, SUBJECT_PRONOUNS[last.lower()]), passive, False
    if last.lower() in NON_PERSON_PRONOUNS:
        return NO_SUBJECT, passive, False
    if last in ",—–(":
        return _name_in_segments(doc, lo, end - 1, after_comma=True), passive, False
    desc = _descriptor(doc, lo, end)
    if desc is not None:
        return desc, passive, False
    return _name_in_segments(doc, lo, end, after_comma=False), passive, False


def _descriptor(doc: QuoteDoc, lo: int, hi: int, at_start: bool = False) -> Subject | None:
    """A person description ending at ``hi`` (or starting at ``lo``), if any."""
    seg = doc.masked[lo:hi]
    m = _DESCRIPTOR_START_RE.match(seg) if at_start else _DESCRIPTOR_RE.search(seg)
    if m is None:
        return None
    head = m.group("head")
    if not (head.lower() in PERSON_NOUNS or _YEAR_OLD_RE.match(head)):
        return None
    if any(capitalised(w) for w in m.group("mods").split()) and head.lower() in ROLE_WORDS and \
            not head.islower():
        return None
    s, e = lo + m.start("det"), lo + m.end("head")
    if m.group("det").lower() != "the":
        return Subject("descriptor_indef", None, s, e)
    return Subject("descriptor", None, s, e, GENDER_NOUNS.get(head.lower()))


def _segments(masked: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """``masked[lo:hi]`` split at commas, dashes and brackets, as ``(start, end)`` pieces."""
    bounds = [lo]
    for m in re.finditer(r"[,—–(]|\s-\s", masked[lo:hi]):
        bounds.append(lo + m.start())
        bounds.append(lo + m.end())
    bounds.append(hi)
    return [(bounds[k], bounds[k + 1]) for k in range(0, len(bounds), 2)]


def _name_next_to_verb(doc: QuoteDoc, s: int, e: int, stripped: str) -> Subject | None:
    """The subject in the segment right before the verb.

    Returns:
        A name, :data:`NO_SUBJECT`, or ``None`` (the segment is a predicate such as ``had
        the nerve to``: look further back).
    """
    got = name_in(doc, s, e, adjacent=True)
    if got is not None:
        return got
    w0 = stripped.split()[0]
    if w0.lower() in DETERMINERS or capitalised(w0) or w0.lower() in CONJUNCTIONS:
        return NO_SUBJECT
    if w0[0].isdigit():
        return NO_SUBJECT
    return None


def _name_in_segments(doc: QuoteDoc, lo: int, hi: int, after_comma: bool) -> Subject:
    """Find the subject name in ``masked[lo:hi]`` (text before a verb).

    The text is split at commas and dashes; the segment next to the verb is the subject
    unless the verb follows a comma or dash (``after_comma``) or the segment is a
    predicate (``had the nerve to``); then appositives (segments that open in lower case
    or with a digit: ``, chair of the board,``) are skipped back to the name.
    """
    masked = doc.masked
    first = True
    for s, e in reversed(_segments(masked, lo, hi)):
        stripped = masked[s:e].strip()
        if first and not after_comma:
            first = False
            if stripped:
                got = _name_next_to_verb(doc, s, e, stripped)
                if got is not None:
                    return got
            continue
        first = False
        if not stripped or stripped.startswith("~"):
            continue
        if not capitalised(stripped) or stripped[0].isdigit():
            continue  # an appositive: ", chair of the board," / ", 54,"
        got = name_in(doc, s, e)
        if got is not None:
            return got
        return NO_SUBJECT
    return NO_SUBJECT


def _names_of_part(doc: QuoteDoc, a: int, b: int) -> list[tuple[Name, list[Tok]]]:
    """The names in ``masked[a:b]`` with their runs, in text order."""
    masked = doc.masked
    toks = tokens(masked, a, b)
    index = {id(t): k for k, t in enumerate(toks)}
    names: list[tuple[Name, list[Tok]]] = []
    for run in capitalised_runs(masked, toks):
        n = name_of_run(doc.text, run, word_before(masked, toks, index[id(run[0])]))
        if n is not None:
            names.append((n, run))
    return names


def _name_parts(masked: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """The parts of ``masked[lo:hi]`` to look for a name in, in order.

    The text after a multi-word role (``Prime Minister``), split once at ``of``, ``from``,
    ... (``X of the Y``: the head is tried first).
    """
    m = SPECIAL_ROLES_RE.search(masked[lo:hi])
    cut_lo = lo + m.end() if m else lo
    cut = re.search(r"\s(?:of|from|at|for|in|with|on)\s", masked[cut_lo:hi])
    if cut:
        return [(cut_lo, cut_lo + cut.start()), (cut_lo + cut.end(), hi)]
    return [(cut_lo, hi)]


def name_in(doc: QuoteDoc, lo: int, hi: int, pick: str = "auto",
            adjacent: bool = False) -> Subject | None:
    """The name in ``masked[lo:hi]``.

    ``pick`` is ``"first"`` or ``"last"`` (the first or last name run), or ``"auto"``:
    the first run with a title (``Dr.``) if any, else the last run. With ``adjacent``
    the name must end the text (it is the subject right before the verb): ``what
    Islamic texts say`` has no speaker.
    """
    masked, text = doc.masked, doc.text
    for a, b in _name_parts(masked, lo, hi):
        names = _names_of_part(doc, a, b)
        if not names:
            continue
        with_hon = [x for x in names if x[0].honorific] if pick == "auto" else []
        chosen, run = (with_hon or names)[0 if (pick == "first" or with_hon) else -1]
        name = chosen.name
        # "Mr. Quist's office": a possessive name and an institutional noun
        last = run[-1]
        tail = masked[last.end : b].split()
        if adjacent and tail and not (possessive(last.text) and len(tail) <= 2):
            continue
        if possessive(last.text):
            rest = masked[last.end : b].split()
            if rest and rest[-1] in INSTITUTION_HEADS and len(rest) <= 2:
                apos = text[chosen.end : last.end]
                return Subject("name", f"{name}{apos} {' '.join(rest)}", chosen.start,
                               last.end + len(masked[last.end : b].rstrip()))
            return None
        return Subject("name", name, chosen.start, chosen.end, chosen.gender)
    return None


def subject_after(doc: QuoteDoc, lo: int, hi: int) -> Subject:
    """Analyse ``masked[lo:hi]``, the words after a speech verb (``said X, a teacher``)."""
    masked = doc.masked
    seg = masked[lo:hi]
    m = re.match(r"\s*(\w+)", seg)
    if m is None:
        return NO_SUBJECT
    w = m.group(1)
    if w.lower() in SUBJECT_PRONOUNS:
        return Subject("pronoun", None, lo + m.start(1), lo + m.end(1),
                       SUBJECT_PRONOUNS[w.lower()])
    if w.lower() in NON_PERSON_PRONOUNS:
        return NO_SUBJECT
    cut = re.search(r"[,—–(;:]", seg)
    e = lo + cut.start() if cut else hi
    desc = _descriptor(doc, lo, e, at_start=True)
    got = None if desc is not None else name_in(doc, lo, e, pick="first")
    if got is not None and got.end is not None:
        # "tweeted NIAC organizing director Donna Farvard": the person after the role
        role = re.match(r"\s+(?:[a-z]+\s+){0,2}([a-z]+)\s+(?=[A-Z])", masked[got.end:e])
        if role and role.group(1) in ROLE_WORDS:
            person = name_in(doc, got.end + role.end(), e, pick="first")
            if person is not None and _is_person_name(doc, person):
                got = person
    if got is None and cut is not None and masked[e] == ",":
        # "said Kyiv's deputy mayor, Mykola Povoroznyk": a name in apposition
        nxt = re.match(r"\s*([^,;:.—–(]*)", masked[e + 1 : hi])
        if nxt and capitalised(nxt.group(1)):
            got = name_in(doc, e + 1, e + 1 + nxt.end(1), pick="first")
            if got is not None and not _is_person_name(doc, got):
                got = None
    if got is not None:
        return got
    return desc if desc is not None else NO_SUBJECT


def _is_person_name(doc: QuoteDoc, subj: Subject) -> bool:
    return any(n.name == subj.name or n.name.endswith(" " + (subj.name or ""))
               for n in doc.mentions) or len((subj.name or "").split()) >= 2


def finish(doc: QuoteDoc, subj: Subject) -> Speaker:
    """Resolve a subject to ``(speaker, start, end)``."""
    if subj.kind == "name" and subj.name:
        if " " not in subj.name and subj.name.lower() in INSTITUTION_HEADS:
            return None, None, None  # "India's Ministry of ... spokesman": a fragment
        return doc.canonical(subj.name, subj.start or 0), subj.start, subj.end
    if subj.kind in ("pronoun", "descriptor") and subj.start is not None:
        name = doc.resolve(subj.start, subj.gender)
        if name is not None:
            return name, subj.start, subj.end
    return None, None, None
