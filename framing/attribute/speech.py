"""Speakers from syntax: the subject of the speech verb that governs each quotation.

:func:`syntax_speakers` parses the paragraphs of a document that hold quotations (plus the
paragraphs before them, for antecedents) with the project's spaCy pipeline
(:func:`framing.models.nlp.load_spacy`; :class:`framing.attribute.parsed.ParsedDoc`) and,
for each quotation found by
:func:`framing.attribute.speakers.find_quotes`, looks for its attribution in the parse:

1. **The governing speech verb.** Walking up the dependency tree from the quotation's
   tokens to the first speech verb outside the quotation (``X said it would be “unfair”``,
   ``“…,” X said`` parsed with the quote as ``ccomp``), or a speech verb outside the quotation
   attached to a word inside it (``“…,” he said`` parsed as ``parataxis``), or ``according
   to X``, or a speech noun with a possessor (``X's claim that “…”``).
2. **Its subject.** ``nsubj`` of the verb; for a verb without one (``arguing that``,
   ``and saying``, ``who … replied``) the subject of the verb it depends on, or the noun a
   relative clause hangs on; a passive verb gives its ``by`` agent or nothing.
3. **Who the subject is.** A name (an entity, or a proper-noun chain) gives the person with
   titles and job words stripped, a surname expanded to the full name introduced earlier
   (:meth:`framing.attribute.document.QuoteDoc.canonical`); a name with an apposition
   (``Raveesh Kumar, India's spokesman``) the name; ``he``/``she`` the most recent person
   named before (gender respected where known); ``the <role>`` the person introduced earlier
   with that role (``Defence Minister X``, ``X, the defence minister``), else ``None``;
   an organisation noun (``the embassy``, ``the ministry``) the organisation named earlier
   with that head, else the phrase itself; indefinite descriptions (``a spokesman``),
   ``I``, ``we``, ``they`` and places give ``None``.

Every answer carries a rule id (:data:`RULES`) so that a researcher can filter on it.
Places, dates and numbers are never speakers. When spaCy is unavailable the function returns
``None`` and the rule-based speakers stand.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from framing.attribute.gazetteer import (
    GENDER_NOUNS,
    HONORIFICS,
    INSTITUTION_HEADS,
    ORGANISATION_WORDS,
    PERSON_NOUNS,
    PRONOUN_GENDER,
    ROLE_WORDS,
    SPEECH_NOUNS,
    SPEECH_VERBS,
)
from framing.attribute.parsed import (
    NEVER_NAMES,
    NOT_SPEAKER_ENTS,
    ParsedDoc,
    clean_person,
    entity_of,
    is_name,
    strip_det,
)
from framing.models.nlp import load_spacy

__all__ = ["RULES", "SyntaxResult", "SyntaxSpeaker", "syntax_speakers"]

RULES: dict[str, str] = {
    "name": "a name is the subject of the speech verb",
    "apposition": "a role noun with a name in apposition, or a name with a role apposition",
    "pronoun": "he/she resolved to the most recent person named before",
    "description": "'the 53-year-old' resolved like a pronoun",
    "role": "'the <role>' resolved to the person introduced with that role",
    "organisation": "an organisation is the subject",
    "according_to": "'according to X'",
    "speech_noun": "the possessor of a speech noun ('X's claim that')",
    "agent": "the 'by' agent of a passive speech verb",
    "unnamed": "the text does not name the speaker (a spokesman, they, I, passive)",
    "number": "the subject is a number, share or date (a poll's respondents): no speaker",
    "plural": "the subject is a plural common noun (critics say): no one named",
    "continued": "the speaker of the quote this one continues (set by find_quotes)",
    "subject": "the subject of the sentence of a quote no speech word governs (ranker)",
    "ranked": "a name written elsewhere in the document, chosen by the speaker ranker",
}
"""Rule ids of :class:`SyntaxSpeaker`."""

_EXTRA_VERBS = frozenset("""
    elaborate elaborated elaborates elaborating arguing saying adding telling explaining
    insisting claiming warning noting asking replying responding stressing writing
    tweeting posting recalling continuing answering pointing point pointed points
    fire fired fires firing reply replying testify testifying contend contends contended
    maintain maintains maintained assert asserts asserted add declare declaring conclude
    concluded concludes counter counters retorted retort chimed chime exclaimed exclaim
    reveal revealed reveals disclosed acknowledging admitting announcing
    refer refers referred referring dub dubbed dubbing term termed terming
    advocate advocates advocated advocating report reports reported
""".split())
_REPORTED = frozenset({"report", "reports", "reported"})
"""Verbs whose unnamed subject (``an employee reported``) gives way to the speaker of the
speech verb above them."""
SPEECH_WORDS = SPEECH_VERBS | _EXTRA_VERBS
"""Speech and reporting verbs in every form (the pipeline runs without a lemmatizer)."""

_ORG_HEADS = INSTITUTION_HEADS | frozenset("""
    ministry embassy department agency government police army military office company
    court committee council commission party campaign administration kremlin pentagon
    service spokesperson group organisation organization union federation statement
    network channel station
""".split()) - {"spokesman", "spokeswoman", "spokesperson", "lawyer", "lawyers", "family"}
_UNNAMED_DETS = frozenset({"a", "an", "one", "another", "some", "several", "many", "two",
                           "three", "other", "each", "any"})
_DESCRIPTIONS = (PERSON_NOUNS - ROLE_WORDS - frozenset("""
    source insider official aide ally people police authority authorities family troop
    witness expert analyst critic observer investigator diplomat opponent supporter voter
    rival commentator local lawyer
""".split())) | {"year-old"}
"""Definite person descriptions that refer back to a person already in the story
(``the 53-year-old``, ``the plucky youngster``); anonymous-source nouns are left out."""
_NO_SPEAKER_PRONOUNS = frozenset({"i", "we", "they", "you", "it", "this", "that", "me", "us",
                                  "them", "one", "which", "what", "who"})


@dataclass(frozen=True)
class SyntaxSpeaker:
    """The syntactic answer for one quotation.

    Attributes:
        found: Whether an attribution (a speech verb or noun governing the quote) was found.
        speaker: The canonical speaker, or ``None``.
        speaker_type: ``"person"``, ``"organisation"`` or ``None``.
        rule: A key of :data:`RULES`, or ``""`` when nothing was found.
        clause: ``(start, end)`` of the attribution clause when it follows the quotation
            (``“…,” Tillerson explained.``), else ``None``.
        subject: When no speech word governs the quote, the person who is the subject of
            its sentence's main verb (``Orbán … lambaste the EU for its “…”``), for the
            speaker ranker; otherwise ``None``.
    """

    found: bool
    speaker: str | None
    speaker_type: str | None
    rule: str
    clause: tuple[int, int] | None = None
    subject: str | None = None


_NOTHING = SyntaxSpeaker(False, None, None, "")


@dataclass(frozen=True)
class SyntaxResult:
    """The syntactic speakers of a document's quotations.

    Attributes:
        speakers: One :class:`SyntaxSpeaker` per quotation span.
        non_person: Names spaCy tags only as places, dates, numbers, nationalities or works
            in the parsed paragraphs (never a speaker).
        known: Person and organisation names spaCy found outside quotes, and their last
            words.
        parts: Words of multi-word names spaCy tags as something other than a person
            (``Days`` of ``Days of Tears``).
        modifiers: Offsets of proper nouns that only modify a common noun (``Washington``
            in ``The Washington state chapter … said``).
        organisations: Organisation names spaCy found outside quotes (not persons).
    """

    speakers: list[SyntaxSpeaker]
    non_person: frozenset[str]
    known: frozenset[str] = frozenset()
    parts: frozenset[str] = frozenset()
    modifiers: frozenset[int] = frozenset()
    organisations: frozenset[str] = frozenset()


def _governing(doc: ParsedDoc, base: int, pdoc, qs: int, qe: int):
    """The speech verb or noun (a token outside the quote) that governs the quote."""
    inside = [t for t in pdoc if qs <= base + t.idx < qe and not t.is_punct]
    if not inside:
        return None
    inner = {t.i for t in inside}
    roots = [t for t in inside if t.head.i not in inner or t.head.i == t.i]
    # 1. an ancestor of the quote outside it
    for r in roots:
        for anc in r.ancestors:
            if doc.in_quote(base + anc.idx):
                continue
            w = anc.text.lower()
            if w in SPEECH_WORDS and anc.pos_ in ("VERB", "AUX", "NOUN"):
                return anc
            if w in SPEECH_NOUNS and anc.pos_ == "NOUN":
                return anc
            if w == "to" and anc.i > 0 and anc.doc[anc.i - 1].text.lower() == "according":
                return anc
    # 2. a speech verb outside the quote attached to a word inside it, in the same sentence
    sent = inside[0].sent
    cands = [t for t in sent if t.i not in inner and not doc.in_quote(base + t.idx)
             and t.text.lower() in SPEECH_WORDS and t.pos_ in ("VERB", "AUX")
             and (t.head.i in inner or any(c.i in inner for c in t.children))]
    if cands:
        after = [t for t in cands if base + t.idx >= qe]
        return (after or cands)[0]
    return None


def _subject(v):
    """The subject token of a speech verb (climbing xcomp/advcl/conj), or a marker string."""
    seen = 0
    while v is not None and seen < 4:
        seen += 1
        children = list(v.children)
        if sum(c.dep_ == "nsubj" for c in children) > 1:  # "“… that’s …,” X told Salon"
            children = [c for c in children
                        if c.dep_ != "nsubj" or c.text.lower() not in ("which", "that")]
        for c in children:
            if c.dep_ == "nsubj":
                if c.text.lower() == "who":
                    return _before_relative(c)
                if c.text.lower() in ("which", "that"):
                    return "unnamed"  # "an email which describes …": a thing speaks
                return c
            if c.dep_ == "nsubjpass":
                for a in v.children:
                    if a.dep_ == "agent":
                        for p in a.children:
                            if p.dep_ == "pobj":
                                return ("agent", p)
                return "passive"
        if v.dep_ == "relcl":
            return _before_relative(v)
        if v.dep_ == "acl" and v.head.pos_ == "PROPN" and v.head.i < v.i and (
                v.head.i == v.i - 1 or v.tag_ != "VBN" and all(
                    t.is_punct or t.head is v.head or t.head.head is v.head
                    for t in v.doc[v.head.i + 1:v.i])):
            return v.head  # "Trump alleged …", "Hoyer, D-Md., called …" parsed as a noun phrase
        if v.dep_ in ("xcomp", "advcl", "conj", "pcomp") and v.head is not v:
            v = v.head
            continue
        return None
    return None


UNNAMED = "\x00unnamed"
"""What :func:`_main_subject` returns when the antecedent is an unnamed person (``a
spokesman``): the pronoun then names no one."""


def _main_subject(doc: ParsedDoc, pron, gender: str | None, steps: int = 4) -> str | None:
    """The person who is the main-clause subject of the sentences before a pronoun.

    ``The Florida Republican contended that Trump was elected … “…,” he added``: the pronoun
    goes back to the one who contends, not to a person inside what is contended. Sentences
    are walked back (across paragraphs, at most three) while their main subject is a
    description or a pronoun; a main subject that is neither a person nor a description
    stops the walk (``None``: the caller falls back to the most recent person).
    """
    sents = doc.sentences
    k = next((i for i, (_, s) in enumerate(sents) if s.start == pron.sent.start
              and s.doc is pron.doc), None)
    if k is None:
        return None
    for i in range(k, max(-1, k - steps), -1):
        _, s = sents[i]
        subjects = [t for t in s if t.dep_ == "nsubj" and t.head.dep_ == "ROOT"
                    and (i < k or t.i < pron.i) and t is not pron
                    and not doc.in_quote(doc.offset(t))]
        if not subjects:
            continue
        t = subjects[0]
        ent = entity_of(t)
        if ent is not None and ent.label_ == "PERSON":
            name, g, _ = clean_person(ent)
            if name:
                name = doc.canonical(name, doc.offset(t))
                g = g or doc.gender_of(name)
            if name and not (gender and g and g != gender):
                return name
            return None
        known = doc.person_at(doc.offset(t))
        if known is not None:
            g = doc.gender_of(known)
            return None if gender and g and g != gender else known
        low = t.text.lower()
        if low in PRONOUN_GENDER and not (gender and PRONOUN_GENDER[low] != gender):
            continue
        if (low in _DESCRIPTIONS or low in ROLE_WORDS) and any(
                c.dep_ == "det" and c.text.lower() in _UNNAMED_DETS for c in t.children):
            return UNNAMED  # "A government spokesman said … He added:": no one named
        if low in _DESCRIPTIONS or low in ROLE_WORDS:
            continue
        return None
    return None


_ISSUING_VERBS = frozenset("""
    release released releases issue issued issues send sent sends post posted posts publish
    published publishes put puts tweet tweeted tweets write wrote writes
""".split())


def _issuing_verb(noun):
    """The verb that issues a speech noun, whose subject then speaks.

    The noun is its object (``released a statement``), or the verb has an ``in`` phrase
    holding it (``refuted the reports in a statement``).
    """
    if noun.dep_ == "dobj" and noun.head.text.lower() in _ISSUING_VERBS:
        return noun.head
    if noun.dep_ == "pobj" and noun.head.text.lower() == "in" and \
            noun.head.head.pos_ in ("VERB", "AUX"):
        return noun.head.head
    return None


def _before_relative(tok):
    """The name nearest before a relative pronoun.

    In ``…Imran Khan at the White House on Monday, who was asked`` the parser often hangs
    the clause on the wrong noun.
    """
    sent = tok.sent
    for t in reversed(sent[: tok.i - sent.start]):
        ent = entity_of(t)
        if ent is not None and ent.label_ == "PERSON":
            return ent.root
    return tok.head if tok.dep_ == "relcl" or tok.head.dep_ == "relcl" else None


def _chain(tok):
    """The proper-noun chain around ``tok`` (compounds and flat names)."""
    toks = [tok]
    frontier = [tok]
    while frontier:
        t = frontier.pop()
        for c in t.children:
            if c.dep_ in ("compound", "flat") and c.pos_ == "PROPN":
                toks.append(c)
                frontier.append(c)
    lo, hi = min(t.i for t in toks), max(t.i for t in toks)
    doc = tok.doc
    if doc[hi].text.lower() in ORGANISATION_WORDS:  # "National Iranian-American Council"
        while lo > 0:
            prev = doc[lo - 1]
            if prev.text in ("-", "‐") and lo >= 2 and not prev.whitespace_ and \
                    not doc[lo - 2].whitespace_ and doc[lo - 2].text[:1].isupper():
                lo -= 2
            elif prev.text[:1].isupper() and prev.dep_ in ("amod", "compound", "nmod") and \
                    lo <= prev.head.i <= hi:
                lo -= 1
            else:
                break
    return doc[lo:hi + 1]


def _org_name(doc: ParsedDoc, tok, pos: int) -> str | None:
    """The fullest earlier phrase with the same head noun as ``tok`` (``the embassy``)."""
    head = tok.text.lower()
    best = None
    for base, pdoc in doc.docs:
        if base > pos:
            break
        for nc in pdoc.noun_chunks:
            if nc.root.text.lower() != head or base + nc.start_char >= pos:
                continue
            if doc.in_quote(base + nc.start_char):
                continue
            words = [t for t in nc if t.dep_ not in ("det", "poss") or t.pos_ == "PROPN"]
            if len(words) < 2:
                continue
            span = pdoc[words[0].i:nc.end]
            tail = [c for c in nc.root.children if c.dep_ == "prep" and c.i >= nc.end
                    and c.text.lower() in ("in", "of", "for")]
            if tail:
                obj = [c for c in tail[0].children if c.dep_ == "pobj" and c.pos_ == "PROPN"]
                if obj:
                    span = pdoc[words[0].i:obj[0].i + 1]
            best = span.text
    if best:
        return best
    words = [t for t in tok.subtree if t.dep_ not in ("det", "punct", "relcl", "acl")
             and t.i <= tok.i]
    if tok.text[:1].isupper():
        return " ".join(t.text for t in words)
    return None


def _resolve(doc: ParsedDoc, base: int, subj) -> SyntaxSpeaker:
    if subj in ("passive", "unnamed") or subj is None:
        return SyntaxSpeaker(True, None, None, "unnamed")
    rule = "name"
    if isinstance(subj, tuple):
        rule, subj = subj
    pos = base + subj.idx
    low = subj.text.lower()
    if low in PRONOUN_GENDER:
        name = _main_subject(doc, subj, PRONOUN_GENDER[low])
        if name is UNNAMED:
            return SyntaxSpeaker(True, None, None, "unnamed")
        name = name or doc.recent_person(pos, PRONOUN_GENDER[low])
        return SyntaxSpeaker(True, name, "person" if name else None, "pronoun")
    if low in _NO_SPEAKER_PRONOUNS:
        return SyntaxSpeaker(True, None, None, "unnamed")
    dets = {c.text.lower() for c in subj.children if c.dep_ in ("det", "nummod")}
    age = low == "old" and any(c.text.lower() in ("year", "years") for c in subj.subtree)
    if "the" in dets and (low in _DESCRIPTIONS or age or low.endswith("-year-old")):
        gender = GENDER_NOUNS.get(low)
        name = _main_subject(doc, subj, gender)
        if name is UNNAMED:
            return SyntaxSpeaker(True, None, None, "unnamed")
        name = name or doc.recent_person(pos, gender)
        return SyntaxSpeaker(True, name, "person" if name else None, "description")
    ent = entity_of(subj)
    # a role noun with a name in apposition, or a name whose apposition is a role
    if subj.pos_ != "PROPN" and ent is None:
        for c in subj.children:
            if c.dep_ in ("appos", "compound") and entity_of(c) is not None \
                    and entity_of(c).label_ == "PERSON":
                return _person(doc, base, entity_of(c), "apposition")
        for c in subj.children:
            if c.dep_ == "compound" and c.pos_ == "PROPN":
                chain = _chain(c)
                if chain is not None and low in ROLE_WORDS and not dets & _UNNAMED_DETS \
                        and "the" not in dets:  # "the Tolvany leader": a place, no name
                    return _name_span(doc, base, chain, "apposition")
    if ent is not None and ent.label_ == "PERSON":
        return _person(doc, base, ent, rule)
    if ent is not None and ent.label_ == "ORG":
        owned = [t for t in ent if t.text in ("'s", "’s")]
        if owned and owned[-1].i + 1 < ent.end:  # "Fox’s Sean Hannity": the person after it
            return _name_span(doc, base, ent.doc[owned[-1].i + 1:ent.end], rule)
        org = strip_det(ent)
        full = doc.canonical(org, pos)
        if full != org:  # a surname the small model takes for an organisation
            return SyntaxSpeaker(True, full, "person", rule)
        return SyntaxSpeaker(True, org, "organisation", "organisation")
    if ent is not None and ent.label_ in NEVER_NAMES:
        return SyntaxSpeaker(True, None, None, "number")  # "27% saying he would “probably”"
    if ent is not None and ent.label_ in NOT_SPEAKER_ENTS:
        return SyntaxSpeaker(True, None, None, "unnamed")
    if subj.pos_ == "PROPN":
        chain = _chain(subj)
        if chain is not None:
            named = _name_span(doc, base, chain, rule)
            if named.speaker is not None or low not in ROLE_WORDS:
                return named
            dets |= {"the"} if any(c.text.lower() == "the" for c in subj.children) else set()
    if subj.tag_ == "NNS" and low not in _ORG_HEADS and not dets & _UNNAMED_DETS:
        return SyntaxSpeaker(True, None, None, "plural")  # "Leftists insist", "critics say"
    if dets & _UNNAMED_DETS or subj.tag_ in ("NNS",) and low not in _ORG_HEADS:
        return SyntaxSpeaker(True, None, None, "unnamed")
    if low in ROLE_WORDS or low in ("spokesman", "spokeswoman", "spokesperson"):
        words = {low} | {c.text.lower() for c in subj.children
                         if c.dep_ in ("compound", "amod") and c.text.lower() in ROLE_WORDS}
        name = doc.person_with_role(frozenset(words), pos) or (
            _main_subject(doc, subj, GENDER_NOUNS.get(low), steps=2) if "the" in dets else None)
        if name is UNNAMED or name is None and low in ROLE_WORDS and "the" in dets:
            return SyntaxSpeaker(True, None, None, "unnamed")
        return SyntaxSpeaker(True, name, "person" if name else None, "role")
    if low in _ORG_HEADS:
        org = _org_name(doc, subj, pos)
        if org is None:
            return SyntaxSpeaker(True, None, None, "unnamed")
        return SyntaxSpeaker(True, org, "organisation", "organisation")
    return SyntaxSpeaker(True, None, None, "unnamed")


def _person(doc: ParsedDoc, base: int, ent, rule: str) -> SyntaxSpeaker:
    name, _, _ = clean_person(ent)
    if not name:
        return SyntaxSpeaker(True, None, None, "unnamed")
    return SyntaxSpeaker(True, doc.canonical(name, base + ent.start_char), "person", rule)


def _name_span(doc: ParsedDoc, base: int, span, rule: str) -> SyntaxSpeaker:
    toks = list(span)
    while toks and (toks[0].text.lower().rstrip(".") in HONORIFICS
                    or toks[0].text.lower() in ROLE_WORDS):
        toks = toks[1:]
    if not is_name([t.text for t in toks if not t.is_punct]):
        return SyntaxSpeaker(True, None, None, "unnamed")
    name = "".join(t.text_with_ws for t in toks).strip()  # "Iranian-American", unspaced
    return SyntaxSpeaker(True, doc.canonical(name, base + toks[0].idx), "person", rule)


def _sentence_subject(doc: ParsedDoc, base: int, pdoc, qs: int, qe: int) -> SyntaxSpeaker:
    """No attribution, with the person subject of the quote's sentence (if any) noted."""
    inside = [t for t in pdoc if qs <= base + t.idx < qe and not t.is_punct]
    if not inside:
        return _NOTHING
    root = inside[0].sent.root
    if doc.in_quote(base + root.idx):
        return _NOTHING
    subj = _subject(root)
    if subj is None or isinstance(subj, str):
        return _NOTHING
    found = _resolve(doc, base, subj)
    name = found.speaker if found.speaker_type == "person" else None
    return replace(_NOTHING, subject=name) if name else _NOTHING


def _drop_borrowed(text: str, spans: Sequence[tuple[int, int]], govs: Sequence[int | None],
                   out: list[SyntaxSpeaker]) -> None:
    """A scare quote does not borrow the speech verb of the quote it introduces.

    ``Officials are “finding” ballots, and Gillum says, “Every vote counts.”``: the verb
    governs both quotes, but it stands between them and introduces the second; the first,
    a few words inside a clause (no ending punctuation), gets no speaker.
    """
    for k in range(len(spans) - 1):
        at = govs[k]
        if at is None or govs[k + 1] != at:
            continue
        (qs, qe), (ns, _) = spans[k], spans[k + 1]
        inner = text[qs + 1:qe - 1].rstrip()
        if qe <= at < ns and len(inner.split()) <= 3 and inner[-1:] not in ",.!?…" and \
                text[qe:qe + 1] not in (",", ".") and out[k].speaker is not None:
            out[k] = _NOTHING


def syntax_speakers(text: str, spans: Sequence[tuple[int, int]], canonical,
                    nlp=None, persons: Sequence = ()) -> SyntaxResult | None:
    """The syntactic speaker of each quotation span of ``text``.

    Args:
        text: The cleaned document text.
        spans: The quotation spans (with marks), sorted.
        canonical: ``canonical(name, pos)`` expanding a surname to the document's full name.
        nlp: A spaCy pipeline; by default :func:`framing.models.nlp.load_spacy`.
        persons: Person mentions found by other means (objects with ``name``, ``start``,
            ``end`` and ``gender``, e.g. :attr:`QuoteDoc.mentions`), added to spaCy's as
            antecedents of pronouns.

    Returns:
        A :class:`SyntaxResult`, or ``None`` when no pipeline is available.
    """
    if nlp is None:
        nlp = load_spacy()
        if nlp is None:
            return None
    if not spans:
        return SyntaxResult([], frozenset())
    doc = ParsedDoc(text, spans, nlp, canonical, persons)
    out: list[SyntaxSpeaker] = []
    govs: list[int | None] = []  # where each quote's governing word is
    for qs, qe in spans:
        at = doc.doc_at(qs)
        if at is None:
            out.append(_NOTHING)
            govs.append(None)
            continue
        base, pdoc = at
        gov = _governing(doc, base, pdoc, qs, qe)
        govs.append(base + gov.idx if gov is not None else None)
        if gov is None:
            out.append(_sentence_subject(doc, base, pdoc, qs, qe))
            continue
        w = gov.text.lower()
        if w == "to":
            objs = [c for c in gov.children if c.dep_ == "pobj"]
            out.append(_resolve(doc, base, ("according_to", objs[0])) if objs else _NOTHING)
        elif gov.pos_ == "NOUN":
            poss = [c for c in gov.children if c.dep_ == "poss"]
            verb = None if poss else _issuing_verb(gov)
            if poss and poss[0].text.lower() in ("his", "her"):
                # "criticism of Rep. Tlaib over her “…” remark": the nearest person of that
                # gender owns the remark, not the main clause's subject
                name = doc.recent_person(base + poss[0].idx, PRONOUN_GENDER[poss[0].text.lower()])
                out.append(SyntaxSpeaker(True, name, "person" if name else None, "speech_noun"))
            elif poss:
                out.append(_resolve(doc, base, ("speech_noun", poss[0])))
            elif verb is not None:  # "CAIR released a statement that …", "… in a statement:"
                subj = _subject(verb)
                out.append(_resolve(doc, base, subj) if subj is not None else _NOTHING)
            else:
                out.append(_NOTHING)
        else:
            found = _resolve(doc, base, _subject(gov))
            if found.rule == "unnamed" and w in _REPORTED and gov.dep_ == "ccomp" and \
                    gov.head.text.lower() in SPEECH_WORDS:
                # "The embassy said an employee reported “…”": the embassy speaks
                found = _resolve(doc, base, _subject(gov.head))
            if base + gov.idx >= qe:
                toks = [t for t in gov.subtree if base + t.idx >= qe and t.sent == gov.sent]
                if toks:
                    last = max(toks, key=lambda t: t.idx)
                    found = replace(found, clause=(base + min(t.idx for t in toks),
                                                   base + last.idx + len(last.text)))
            out.append(found)
    _drop_borrowed(text, spans, govs, out)
    return SyntaxResult(out, doc.non_person, doc.known(), doc.parts(), doc.modifiers(),
                        doc.organisations())
