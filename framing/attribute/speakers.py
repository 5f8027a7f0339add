"""Speaker attribution by rule: who says each quotation of a document.

:func:`attribute_quotes` looks, for each quote, for its attribution in the order of the
conventions in :mod:`framing.attribute.quotes`: a clause after the quote
(:func:`attribution_after`), else the last speech verb or speech noun before it in its
sentence (:func:`attribution_before`), else the speaker of the quote it continues; the
parse's answer (:mod:`framing.attribute.speech`) corrects it where that is more reliable.
:func:`framing.attribute.finder.find_quotes` runs the steps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from framing.attribute.document import QuoteDoc
from framing.attribute.gazetteer import (
    DEMONYMS,
    DETERMINERS,
    HEADLINE_LABELS,
    INSTITUTION_HEADS,
    NAMING_PARTICIPLES,
    ORG_WORDS,
    PRONOUN_GENDER,
    ROLE_WORDS,
    SPEECH_NOUNS,
    SPEECH_VERBS,
    WEAK_SPEECH_VERBS,
)
from framing.attribute.names import capitalised, is_abbrev, possessive, strip_possessive
from framing.attribute.speech import SyntaxResult, SyntaxSpeaker
from framing.attribute.subjects import (
    CONTEXT,
    Speaker,
    finish,
    name_in,
    subject_after,
    subject_before,
)

__all__ = ["Quote", "attribute_quotes", "attribution_after", "attribution_before", "clause_stop",
           "quote_ending", "speech_verbs"]

_VERB_RE = re.compile(r"(?<![\w'’-])(?:put it|[Aa]ccording to|[a-z]+)(?![\w'’-])")
_MAX_VERBS = 8
"""Speech verbs before a quote tried, nearest first."""

_NO_SPEAKER: Speaker = (None, None, None)

After = tuple[Speaker, int, int]
"""An attribution after a quote: the speaker and the clause's ``(start, end)``."""
Before = tuple[Speaker, int | None, int | None, bool]
"""An attribution before a quote: the speaker, the clause (``None, None`` unless it
introduces the whole quote) and whether a clause was found at all."""

_SKIP = "skip"
_COORDINATED = "coordinated"


@dataclass(frozen=True)
class Quote:
    """One quotation in a document.

    Attributes:
        start: Offset of the opening quotation mark in the document text.
        end: Offset one past the closing mark (or the end of the last paragraph of an
            unclosed quote). ``text[start:end]`` includes the marks.
        speaker: Who is quoted, or ``None`` when the text does not name them (see
            :mod:`framing.attribute.quotes` for how names are written and pronouns resolved).
        speaker_start: Offset of the words that identify the speaker in the attribution
            (a name, or the pronoun or description that was resolved), or ``None``.
        speaker_end: One past the end of those words, or ``None``.
        attribution_start: Start of the attribution clause of a whole quote (``said Mira
            Dolan, a teacher.`` after the quote, ``Klitschko told the BBC:`` before it),
            or ``None`` (partial quotes, continued quotes, no attribution). Characters of
            this clause count for neither voice in
            :func:`~framing.attribute.voice.voice_of_span`.
        attribution_end: One past the end of the attribution clause, or ``None``.
        rule: How the speaker was found, for filtering: a key of
            :data:`framing.attribute.speech.RULES` (``"name"``, ``"pronoun"``,
            ``"description"``, ``"role"``, ``"organisation"``, ``"continued"``, ...);
            ``None`` when there is no speaker.
        speaker_type: ``"person"``, ``"organisation"`` or ``"unknown"`` (``None`` when
            there is no speaker).
        confidence: The speaker ranker's probability of the answer given (the speaker, or
            no speaker; with ``resolver="rules"`` the rules' answer), for filtering; ``None``
            without a parse.
    """

    start: int
    end: int
    speaker: str | None
    speaker_start: int | None
    speaker_end: int | None
    attribution_start: int | None = None
    attribution_end: int | None = None
    rule: str | None = None
    speaker_type: str | None = None
    confidence: float | None = None


# -- clause helpers ---------------------------------------------------------------------------


def speech_verbs(masked: str, lo: int, hi: int) -> list[re.Match[str]]:
    """The speech verbs (and ``put it``, ``according to``) in ``masked[lo:hi]``."""
    return [
        m for m in _VERB_RE.finditer(masked, lo, hi)
        if m.group() in SPEECH_VERBS or m.group() in ("put it", "according to", "According to")
    ]


def clause_stop(masked: str, lo: int, hi: int) -> int | None:
    """Offset of the first ``.``/``!``/``?``/``;``/``:`` ending a clause in ``masked[lo:hi]``.

    A full stop after an abbreviation or title (``Ms.``, ``P.E.B.``) does not end it.
    """
    for m in re.finditer(r"[.!?;:]", masked[lo:hi]):
        pos = lo + m.start()
        nxt = masked[pos + 1 : pos + 2]
        if m.group() == ".":
            if nxt and not (nxt.isspace() or nxt == "~"):
                continue
            w = re.search(r"[\w.]+$", masked[lo : pos + 1])
            if w and is_abbrev(w.group()):
                continue
        return pos
    return None


def quote_ending(text: str, q_start: int, q_end: int) -> str | None:
    """How a quote ends: ``","``, ``"?"`` (also ``!``, ``…``, dashes), ``"."`` or ``None``."""
    inner = text[q_start + 1 : q_end - 1].rstrip() if q_end - q_start >= 2 else ""
    inner = inner.rstrip("’'\"”›»").rstrip()  # a nested quote closing with it: ``…,’”``
    after = text[q_end : q_end + 1]
    if after == ",":
        return ","
    if not inner:
        return None
    c = inner[-1]
    if c == ",":
        return ","
    if c in "?!…—–-":
        return "?"
    if c == ".":
        return "."
    if after in ("—", "–"):
        return ","
    return None


def _participle(before: str, after: str) -> bool:
    """Whether a naming verb (``dubbed``) is a passive participle rather than a main verb.

    Args:
        before: The sentence up to the verb, right-stripped.
        after: The text after the quote.

    It is after a dash or bracket (``X — dubbed “Dr. Denial” by MPs —``), opens the
    sentence, or follows a comma and its phrase closes after the quote (``X, dubbed “Y” by
    fans, said …``); ``X, a union official, described it as “shameful” and …`` is active.
    """
    before = re.sub(r"(?:\s+(?:already|widely|once|often|long|also|later|since))+$", "", before)
    if not before or before[-1] in "—–(":
        return True
    if before[-1] == ",":
        return bool(re.match(r"\s*(?:by\b|[,—–)])", after))
    return False


# -- after the quote --------------------------------------------------------------------------


def _after_clause(doc: QuoteDoc, k: int) -> tuple[int, int, int | None] | None:
    """The clause after quote ``k`` that may attribute it: ``(start, end, stop)``.

    ``stop`` is the punctuation ending it (``None`` when the paragraph or the next quote
    does); ``None`` is returned when the clause introduces the next quote instead
    (``“…?” Trump replied: “…”``) or is empty.
    """
    masked = doc.masked
    qs, qe = doc.spans[k]
    _, pe = doc.para_bounds(qs)
    nxt = doc.spans[k + 1][0] if k + 1 < len(doc.spans) else pe
    limit = min(pe, nxt)
    m = re.match(r"[\s,]*(?:[—–-]\s*)?", masked[qe:limit])
    lo = qe + (m.end() if m else 0)
    stop = clause_stop(masked, lo, limit)
    clause_end = stop if stop is not None else limit
    if masked[clause_end : clause_end + 1] == ":" or (
        stop is None and nxt < pe and masked[lo:nxt].rstrip().endswith(":")
    ):
        return None  # "“…?” Trump replied: “…”" introduces the next quote
    if clause_end <= lo:
        return None
    return lo, clause_end, stop


def attribution_after(doc: QuoteDoc, k: int) -> After | None:
    """An attribution after quote ``k`` (``“…,” X said.``, ``“…,” said X.``), or ``None``."""
    text, masked = doc.text, doc.masked
    qs, qe = doc.spans[k]
    ending = quote_ending(text, qs, qe)
    if ending is None:
        return None
    clause = _after_clause(doc, k)
    if clause is None:
        return None
    lo, clause_end, stop = clause
    words = masked[lo:clause_end]
    if ending == "." and (len(words.split()) > 6 or not capitalised(words.strip())):
        return None
    verbs = speech_verbs(masked, lo, clause_end)
    if not verbs:
        return None
    v = verbs[0]
    if len(masked[lo : v.start()].split()) > (8 if ending == "," else 5):
        return None
    if ending != "," and "," in masked[lo : v.start()]:
        return None  # "“…?” The Department of Justice's settlement, confirmed …"
    if ending == "." and not (v.group() in ("said", "told", "wrote", "says", "added")
                              or v.group().endswith("ed")):
        return None  # "“…it.” Well, why repeat it then?"
    stop_end = clause_end + (1 if stop is not None and masked[clause_end] in ".!?" else 0)
    stop_end = max(stop_end, lo)
    if not masked[lo : v.start()].strip():
        subj = subject_after(doc, v.end(), clause_end)
    else:
        subj, passive, coord = subject_before(doc, lo, v.start())
        if passive or coord:
            return None
    if subj.kind == "none":
        return None
    return finish(doc, subj), lo, stop_end


# -- before the quote -------------------------------------------------------------------------


def _headline_speaker(doc: QuoteDoc, lo: int, qs: int) -> Before | None:
    """``Klitschko: ‘We may have to give up land’``: a capitalised name and a colon."""
    headline = re.fullmatch(r"\s*([^:~]{1,60}?)\s*:\s*", doc.masked[lo:qs])
    if headline and not re.search(r"\b[a-z]", headline.group(1)) and (
        headline.group(1).split()[0].lower() not in HEADLINE_LABELS
    ):
        got = name_in(doc, lo, lo + headline.end(1), pick="last")
        if got is not None:
            return finish(doc, got), lo + headline.start(1), qs, True
    return None


def _candidates(masked: str, lo: int, qs: int) -> list[tuple[str, re.Match[str]]]:
    """Speech verbs and speech nouns (``X's claim``) before the quote, the nearest last."""
    found: list[tuple[int, str, re.Match[str]]] = []
    for v in speech_verbs(masked, lo, qs):
        found.append((v.end(), "verb", v))
    for m in re.finditer(r"([\w.'’-]+)['’]s((?:\s+[a-z-]+){1,3})", masked[lo:qs]):
        if any(w in SPEECH_NOUNS for w in m.group(2).split()):
            found.append((lo + m.end(), "noun", m))
    found.sort(key=lambda c: c[0])
    return [(kind, m) for _end, kind, m in found[-_MAX_VERBS:]]


def _from_speech_noun(doc: QuoteDoc, lo: int, m: re.Match[str]) -> Before | None:
    """``X's claim that “…”``: the name owning the speech noun, or ``None`` (look on)."""
    name_end = lo + m.end(1)
    seg = re.search(r"(?:[,—–(;]|^)[^,—–(;]*$", doc.masked[lo:name_end])
    seg_lo = lo + seg.start() if seg else lo
    got = name_in(doc, seg_lo, name_end, pick="last")
    if got is None:
        return None
    return finish(doc, got), None, None, True


def _passive_speaker(doc: QuoteDoc, qs: int, qe: int) -> Before:
    """A passive speech verb names no speaker, unless ``by X`` follows the quote."""
    masked = doc.masked
    by = re.match(r"\s*by\s+", masked[qe:])
    if by and capitalised(masked[qe + by.end() : qe + by.end() + 1]):
        sub = subject_after(doc, qe + by.end(), doc.para_bounds(qs)[1])
        if sub.kind == "name":
            return finish(doc, sub), None, None, True
    return _NO_SPEAKER, None, None, True


def _from_verb(doc: QuoteDoc, v: re.Match[str], lo: int, k: int, intro: bool,
               coordinated: bool) -> Before | str:
    """The attribution a speech verb before quote ``k`` gives.

    Returns:
        The attribution; or :data:`_SKIP` (try the next verb further back); or
        :data:`_COORDINATED` (the verb is coordinated, ``… and said``: its subject is an
        earlier verb's).
    """
    masked = doc.masked
    qs, qe = doc.spans[k]
    word = v.group()
    if word.lower() == "according to":
        cut = re.search(r"[,;:]", masked[v.end() : qs])
        e = v.end() + cut.start() if cut else qs
        return finish(doc, subject_after(doc, v.end(), e)), None, None, True
    if word in WEAK_SPEECH_VERBS and not re.fullmatch(r"\s*[:,]\s*", masked[v.end() : qs]):
        return _SKIP
    subj, passive, coord = subject_before(doc, lo, v.start())
    prev = masked[lo : v.start()].rstrip()
    if subj.kind == "none" and not re.search(r"\w", prev):
        # "“…,” said X, the governor, “…”": the verb comes before its subject
        cut = re.search(r"[,;:—–]", masked[v.end() : qs])
        subj = subject_after(doc, v.end(), v.end() + cut.start() if cut else qs)
    if word in NAMING_PARTICIPLES and _participle(prev, masked[qe:]):
        passive = True
    if passive and not word.endswith("ing"):
        return _passive_speaker(doc, qs, qe)
    if coord:
        return _COORDINATED
    if subj.kind == "none":
        if coordinated:
            return _SKIP
        # a possessive noun or an invalid subject: keep looking further back
        words = prev.split()
        if words and (words[-1].lower() in DETERMINERS or possessive(words[-1])):
            return _SKIP
        return _NO_SPEAKER, None, None, True
    spk = finish(doc, subj)
    if intro and subj.start is not None:
        return spk, subj.start, qs, True
    return spk, None, None, True


def attribution_before(doc: QuoteDoc, k: int) -> Before | None:
    """The last speech verb (or speech noun) before quote ``k`` in its sentence.

    Returns:
        ``None`` when there is none; else the speaker triple, the attribution clause
        (only for a clause that introduces the whole quote, else ``None, None``), and
        whether a clause was found at all.
    """
    masked = doc.masked
    qs, _qe = doc.spans[k]
    ps, _ = doc.para_bounds(qs)
    lo = max(doc.sentence_start(qs), ps, qs - CONTEXT)
    if not masked[lo:qs].strip(" ~"):
        return None
    intro = bool(re.search(r"[:,]\s*$", masked[lo:qs]))
    got = _headline_speaker(doc, lo, qs)
    if got is not None:
        return got
    coordinated = False
    for kind, m in reversed(_candidates(masked, lo, qs)):
        if kind == "noun":
            found = _from_speech_noun(doc, lo, m)
            if found is None:
                continue
            return found
        step = _from_verb(doc, m, lo, k, intro, coordinated)
        if step == _COORDINATED:
            coordinated = True
        elif step != _SKIP:
            return step  # type: ignore[return-value]
    if coordinated:
        # "Smith arrived in Kyiv and said …": the first name of the clause
        first = name_in(doc, lo, qs, pick="first")
        if first is not None:
            return finish(doc, first), None, None, True
    return None


# -- all quotes of a document -----------------------------------------------------------------


def _attribute(doc: QuoteDoc, k: int) -> Before:
    """The attribution of quote ``k`` after it, else before it; ``found`` False if none."""
    after = attribution_after(doc, k)
    if after is not None:
        speaker, a_start, a_end = after
        return speaker, a_start, a_end, True
    before = attribution_before(doc, k)
    if before is not None:
        return before
    return _NO_SPEAKER, None, None, False


_DESCRIPTION_RE = re.compile(r"^(?:[Tt]he|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts)\s+[^A-Z]|^[a-z]")
"""Words for the speaker that are a description (``the inspector general``), not a name."""

_PARTY_STATE = re.compile(r"^[RDI]-[A-Z][A-Za-z]*\.?$")
_MODIFIER_OF_ROLE_RE = re.compile(r"\s+(?:(?:deputy|senior|chief|top|former|acting)\s+)?"
                                  r"([a-z]+)\b")
_ROLE_OF_BEFORE_RE = re.compile(r"\b([A-Za-z]+)\s+of\s+(?:the\s+)?$")
"""A role word and ``of`` right before a name (``President of | Belarus``)."""
_TITLE_CASE_WORDS = frozenset({"To", "In", "Of", "On", "For", "At", "With", "From", "By",
                               "After", "Over", "Into", "Says", "Said"})
_PARTY_MEMBERS = frozenset({"democrat", "democrats", "republican", "republicans"})
"""``R-Ala``, ``D-Calif.``: a party and state label, never a speaker."""


def _implausible(doc: QuoteDoc, speaker: Speaker, result: SyntaxResult) -> bool:
    """Whether a rule-based name is a fragment, a place or an unconfirmed one-word name.

    A one-word name reached through a pronoun or a description (not written as the subject
    itself) is rejected when it is part of a longer non-person name (``Days`` of ``Days of
    Tears``) and not itself a person or organisation name.
    """
    name, s, e = speaker
    if name is None:
        return False
    words = name.split()
    fragment = words[-1].islower() and not any(w.endswith(("'s", "’s")) for w in words)
    if name in result.non_person or _PARTY_STATE.match(name) or fragment:
        return True
    if any(w in _TITLE_CASE_WORDS for w in words[1:]):
        return True  # a headline in title case: "Trump To Sessions In Series Of Tweets"
    if words[-1].lower() in ROLE_WORDS or words[-1].lower() in _PARTY_MEMBERS or (
            len(words) == 1 and any(p in DEMONYMS for p in name.split("-"))):
        return True  # "The California Democrat", "the Palestinian-American": descriptions
    if s is not None and s in result.modifiers and len(words) == 1:
        return True  # "The Washington state chapter … said"
    if len(words) == 1 and name in result.parts and name not in result.known:
        return True  # "Days" of "Days of Tears"
    follow = _MODIFIER_OF_ROLE_RE.match(doc.text, e) if e is not None else None
    if follow is not None and follow.group(1).lower() in ROLE_WORDS:
        return True  # "a former State Department deputy director": the name only modifies
    before = _ROLE_OF_BEFORE_RE.search(doc.text, max(0, s - 40), s) if s is not None else None
    if before is not None and before.group(1).lower() in ROLE_WORDS:
        return True  # "President of Belarus scoffs": the role holder speaks, not the place
    if len(words) > 1 or s is None or e is None:
        return False
    written = doc.text[s:e]
    direct = written[:1].isupper() and written.split()[-1].rstrip("’'s") in name
    return not direct and name in result.parts and name not in result.known


def _merge(doc: QuoteDoc, rules: Before, k: int, result: SyntaxResult | None) -> Before:
    """The rule-based attribution, corrected by the syntactic one where that is more reliable.

    The syntactic speaker fills a gap (no speaker from the rules) when it names someone,
    and replaces a rule-based name that is implausible (:func:`_implausible`).
    """
    speaker, a_start, a_end, found = rules
    if result is None:
        return rules
    syn = result.speakers[k]
    wrong = _implausible(doc, speaker, result)
    written = doc.text[speaker[1]:speaker[2]] if speaker[1] is not None else ""
    if not syn.found:
        unsure = bool(_DESCRIPTION_RE.match(written)) and written.lower() not in ("he", "she")
        return (_NO_SPEAKER, a_start, a_end, found) if wrong or unsure else rules
    name = speaker[0]
    if syn.rule == "role" and syn.speaker and name != syn.speaker and \
            _DESCRIPTION_RE.match(written):
        # "the president tweeted": the person introduced with that role, not the last name
        return (syn.speaker, speaker[1], speaker[2]), a_start, a_end, True
    if syn.rule == "speech_noun" and syn.speaker and name != syn.speaker:
        return (syn.speaker, speaker[1], speaker[2]), a_start, a_end, True  # "her “…” remark"
    if syn.rule == "number":
        return _NO_SPEAKER, a_start, a_end, True  # "27% saying he would “probably” win"
    if syn.rule == "plural" and name and " " not in name:
        return _NO_SPEAKER, a_start, a_end, True  # "“…,” Leftists insist": a group, no name
    if syn.rule == "unnamed" and written.lower() in ("he", "she"):
        return _NO_SPEAKER, a_start, a_end, True  # "A spokesman said … He added:": unnamed
    if name and syn.speaker and syn.speaker != name and syn.rule == "name" and \
            not name.endswith(" " + syn.speaker):  # "Abelino Reyes Chavez", not "Reyes Chavez"
        return (syn.speaker, speaker[1], speaker[2]), a_start, a_end, True
    if name and syn.speaker is None and syn.rule != "pronoun" and _DESCRIPTION_RE.match(written):
        return _NO_SPEAKER, a_start, a_end, True  # precision first: the parse is unsure
    if syn.rule == "pronoun" and syn.speaker in result.known and name and syn.speaker != name \
            and written.lower() in ("he", "she") and (
                " " in syn.speaker or any(m.name == syn.speaker for m in doc.mentions)):
        # (a one-word name only the parser calls a person, "Mbandaka", does not override)
        return (syn.speaker, speaker[1], speaker[2]), a_start, a_end, True
    if syn.speaker is not None and (name is None or wrong):
        if a_start is None and syn.clause is not None:
            a_start, a_end = syn.clause
        return (syn.speaker, speaker[1], speaker[2]), a_start, a_end, True
    if wrong:
        return _NO_SPEAKER, a_start, a_end, True
    return rules


def _rule_of(doc: QuoteDoc, speaker: Speaker, syn: SyntaxSpeaker | None) -> str | None:
    """How a speaker was found (see :attr:`Quote.rule`)."""
    if speaker[0] is None:
        return None
    if syn is not None and syn.found and syn.speaker == speaker[0]:
        return syn.rule
    words = doc.text[speaker[1]:speaker[2]] if speaker[1] is not None else ""
    if words.lower() in PRONOUN_GENDER:
        return "pronoun"
    return "description" if _DESCRIPTION_RE.match(words) else "name"


def type_of(doc: QuoteDoc, name: str | None, syn: SyntaxSpeaker | None,
             result: SyntaxResult | None) -> str | None:
    """Whether a speaker is a person, an organisation or unknown (:attr:`Quote.speaker_type`)."""
    if name is None:
        return None
    if syn is not None and syn.speaker == name and syn.speaker_type:
        return syn.speaker_type
    last = name.split()[-1].lower()
    if (result is not None and name in result.organisations) or last in ORG_WORDS \
            or last in INSTITUTION_HEADS:
        return "organisation"
    if any(n.name == name for n in doc.mentions) or len(name.split()) >= 2:
        return "person"
    return "unknown"


def _same_voice_between(doc: QuoteDoc, prev: Quote, lo: int, hi: int) -> bool:
    """Whether the text between a quote and the next names no one else in their paragraph.

    ``“…,” Orban told an audience in Budapest. With mass immigration, “our worst nightmares
    can come true.”``: in one paragraph, with no speech verb, no other quote, no person,
    known surname, first name or acronym, and no pronoun of the other gender between them,
    the second quote goes on in the first one's voice (places may come between).
    """
    if prev.speaker is None or prev.speaker_type != "person" or \
            doc.para_bounds(prev.start) != doc.para_bounds(hi):
        return False
    between = doc.masked[lo:hi]
    if speech_verbs(doc.masked, lo, hi) or "~" in between:
        return False
    if any(lo <= n.start < hi for n in doc.mentions):
        return False  # another person is in play
    for m in re.finditer(r"\b[A-Z][\w’'-]*", between):
        word = strip_possessive(m.group())
        if word in doc.full_names or word in doc.first_names or word.upper() == word:
            return False  # a surname, a first name or an organisation's acronym
    gender = next((n.gender for n in doc.mentions if n.name == prev.speaker and n.gender), None)
    other = {"m": r"\b(?:she|her)\b", "f": r"\b(?:he|him|his)\b"}.get(gender or "")
    return not (other and re.search(other, between, re.IGNORECASE))


def attribute_quotes(doc: QuoteDoc, result: SyntaxResult | None
                     ) -> tuple[list[Quote], list[Speaker], list[bool]]:
    """The rule-based speaker of every quote of a document, in text order.

    Args:
        doc: The document, its quote spans found.
        result: The syntactic speakers (``None`` without a parse).

    Returns:
        The quotes; per quote the rule speaker ``(name, start, end)`` before the parse
        corrected it; and per quote whether no one may speak it (a crosshead, a work's title,
        a title inside an attribution).
    """
    quotes: list[Quote] = []
    raws: list[Speaker] = []
    fixed: list[bool] = []
    prev_tail: int | None = None  # where the previous quote's attribution (or it) ends
    for k, (qs, qe) in enumerate(doc.spans):
        raw = _attribute(doc, k)
        raws.append(raw[0])
        speaker, a_start, a_end, found = _merge(doc, raw, k, result)
        syn = result.speakers[k] if result is not None else None
        rule = _rule_of(doc, speaker, syn)
        kind = type_of(doc, speaker[0], syn, result)
        fixed.append(False)
        if quotes and doc.title_in_attribution(quotes[-1].attribution_start,
                                               quotes[-1].attribution_end, qs, qe):
            # a title inside the last quote's attribution: "Barr said on CBS' “Face the Nation.”"
            speaker, rule, kind, found = _NO_SPEAKER, None, None, True
            fixed[-1] = True
        if doc.crosshead(qs, qe) or doc.work_title(qs, qe):
            speaker, rule, kind, found = _NO_SPEAKER, None, None, True
            fixed[-1] = True
        if not found and quotes and prev_tail is not None:
            if not re.search(r"\w", doc.masked[prev_tail:qs]) or _same_voice_between(
                    doc, quotes[-1], prev_tail, qs):
                # "“…,” X said. “…”": a quote right after another continues its speaker
                p = quotes[-1]
                speaker = (p.speaker, p.speaker_start, p.speaker_end)
                rule = "continued" if p.speaker is not None else None
                kind = p.speaker_type
        if speaker[0] is not None and " " not in speaker[0] and kind != "organisation" and \
                speaker[0] not in doc.non_person:
            speaker = (doc.first_name_before(speaker[0]), speaker[1], speaker[2])
        if kind == "organisation" and speaker[0] is not None:
            name = doc.long_form(speaker[0], speaker[1], speaker[2])
            speaker = (doc.expand_acronym(name), speaker[1], speaker[2])
        quotes.append(Quote(qs, qe, *speaker, a_start, a_end, rule, kind))
        prev_tail = a_end if (a_end is not None and a_end > qe) else qe
    return quotes, raws, fixed
