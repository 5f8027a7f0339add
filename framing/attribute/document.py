"""One document as speaker attribution sees it: quotes masked, sentences, people named.

A :class:`QuoteDoc` holds the text, its quotation spans and paragraphs, the *masked* text
(every character inside a quote replaced by ``~`` so that words in quotes are never taken
for an attribution), the sentence starts, and the persons named outside quotes, with
:meth:`QuoteDoc.canonical` (a surname to the full name used in the document) and
:meth:`QuoteDoc.resolve` (a pronoun or description to the most recent person).
"""

from __future__ import annotations

import bisect
import copy
import re
from collections import OrderedDict

from framing.attribute.gazetteer import (
    AUXILIARIES,
    NON_PERSON_WORDS,
    ORGANISATION_WORDS,
    ROLE_WORDS,
    SPEECH_VERBS,
)
from framing.attribute.marks import paragraphs, scan_quotes
from framing.attribute.names import (
    Name,
    capitalised_runs,
    ends_in_headline_verb,
    name_of_run,
    tokens,
    word_before,
)
from framing.lexicons.first_names import is_first_name
from framing.text.segment import segment

__all__ = ["QuoteDoc", "clear_documents", "document_names"]


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with every character inside a quote (line breaks kept) replaced by ``~``."""
    chars = list(text)
    for s, e in spans:
        for k in range(s, e):
            if chars[k] not in "\n\r":
                chars[k] = "~"
    return "".join(chars)


def _sentence_starts(text: str, paras: list[tuple[int, int]]) -> list[int]:
    """Sentence start offsets (from the project segmenter; paragraphs as a fallback)."""
    starts = [s for s, _ in paras]
    try:
        starts += [s.start for s in segment(text)]
    except Exception:  # noqa: BLE001 - the segmenter is optional here; never raise
        pass
    return sorted(set(starts))


def _names_in_paragraphs(text: str, masked: str, paras: list[tuple[int, int]]) -> list[Name]:
    """Every name outside quotes, paragraph by paragraph, in text order."""
    found: list[Name] = []
    for ps, pe in paras:
        toks = tokens(masked, ps, pe)
        index = {id(t): k for k, t in enumerate(toks)}
        for run in capitalised_runs(masked, toks):
            name = name_of_run(text, run, word_before(masked, toks, index[id(run[0])]))
            if name is not None:
                found.append(name)
    return found


_ACRONYM_RE = re.compile(r"[A-Z]{2,6}")
_LONG_FORM_RE = re.compile(
    r"\b[A-Z][\w.’'&-]*(?:\s+(?:(?:of|for|and|on|the)\s+)*[A-Z][\w’'&-]*)+")
"""A run of capitalised words, joined by ``of``/``for``/``and``/``on``/``the``."""
_THE_RE = re.compile(r"^The\s+")
_TITLE_LEAD_RE = re.compile(r"(?:['’]s?|\b(?:on|in|of|at|to|from))\s*$")
_OF_NEXT_RE = re.compile(r"\s+(?:of|on|for)\s+(?:the\s+)?[A-Z]")
_PREFIX_RE = re.compile(r"^(?:[Aa]l|[Ee]l|[Aa]d|[Aa]sh|[Aa]t|[Aa]z|[Ii]bn|[Bb]in|[Bb]en)[-‐]")
"""A surname prefix written with a hyphen (``al-Qunun``, ``bin-Salman``)."""
_WORK_BEFORE_RE = re.compile(
    r"\b(?:book|books|exposé|expose|film|movie|documentary|novel|memoir|album|song|poem|"
    r"play|titled|entitled|headlined)[,:]?\s*$", re.I)
"""A word for a work right before its quoted title."""
_ROLE_BEFORE_RE = re.compile(r"\b([A-Za-z]+)\.?\s+$")
"""The word just before a name (a role such as ``President``)."""


def _full_names(found: list[Name]) -> dict[str, list[tuple[int, str]]]:
    """Full person names (two words or more) by their last word, with their offsets."""
    surnames: dict[str, list[tuple[int, str]]] = {}
    for n in found:
        if n.person and len(n.name.split()) >= 2:
            last = n.name.split()[-1]
            surnames.setdefault(last, []).append((n.start, n.name))
            bare = _PREFIX_RE.sub("", last)
            if bare != last and bare[:1].isupper():  # "al-Qunun" is also called "Qunun"
                surnames.setdefault(bare, []).append((n.start, n.name))
    return surnames


def _is_weak_antecedent(n: Name, masked: str, surnames: dict[str, list[tuple[int, str]]]
                        ) -> bool:
    """A one-word non-person name that is the subject of a verb (``Klitschko has also made``).

    Such names are a fallback antecedent for pronouns and descriptions.
    """
    words = n.name.split()
    one = len(words) == 1 and words[0] not in surnames and not n.name.isupper()
    if n.person or not one:
        return False
    follow = re.match(r"\s+([a-z]+)", masked[n.end : n.end + 30])
    return bool(follow and (follow.group(1) in AUXILIARIES or follow.group(1) in SPEECH_VERBS)
                and n.name.lower() not in NON_PERSON_WORDS)


class QuoteDoc:
    """Per-document state: text, masked text, sentences and person mentions.

    Attributes:
        text: The document text.
        spans: The quotation spans, from :func:`framing.attribute.marks.scan_quotes`.
        paras: The paragraph spans.
        masked: ``text`` with quoted characters replaced by ``~``.
        sent_starts: Sorted sentence start offsets.
        mentions: Persons named outside quotes (full names expanded), in text order.
        weak: One-word subjects of a verb, the fallback antecedents.
        full_names: Full person names by last word (see :meth:`canonical`).
        first_names: Full person names by first word (see :meth:`canonical`).
    """

    def __init__(self, text: str, spans: list[tuple[int, int]], paras: list[tuple[int, int]]):
        self.text = text
        self.spans = spans
        self.paras = paras
        self.masked = _mask(text, spans)
        self.sent_starts = _sentence_starts(text, paras)
        self.para_starts = [s for s, _ in paras]
        self.weak_ends: list[int] = []
        self.mentions: list[Name] = []
        self.mention_ends: list[int] = []
        self.weak: list[Name] = []
        self.full_names: dict[str, list[tuple[int, str]]] = {}
        self.first_names: dict[str, set[str]] = {}
        self._long_forms: dict[str, set[str]] | None = None
        self._before_first: dict[str, str] = {}
        self.non_person: frozenset[str] = frozenset()
        """Names a parser tags only as places, dates or numbers (set by the caller)."""
        self._collect_mentions()

    # ----------------------------------------------------------------- structure

    def sentence_start(self, pos: int) -> int:
        """Start of the sentence holding ``pos``."""
        k = bisect.bisect_right(self.sent_starts, pos) - 1
        return self.sent_starts[k] if k >= 0 else 0

    def para_bounds(self, pos: int) -> tuple[int, int]:
        """``(start, end)`` of the paragraph holding ``pos``."""
        k = bisect.bisect_right(self.para_starts, pos) - 1
        if k < 0:
            return 0, len(self.text)
        return self.paras[k]

    # ----------------------------------------------------------------- mentions

    def _collect_mentions(self) -> None:
        found = _names_in_paragraphs(self.text, self.masked, self.paras)
        surnames = _full_names(found)
        self.full_names = surnames
        for fulls in surnames.values():
            for _, full in fulls:
                self.first_names.setdefault(full.split()[0], set()).add(full)
        genders: dict[str, str] = {}
        for n in found:
            if n.person and n.gender:
                genders.setdefault(n.name, n.gender)
        for n in found:
            if _is_weak_antecedent(n, self.masked, surnames):
                self.weak.append(n)
            words = n.name.split()
            if n.person or (len(words) == 1 and words[0] in surnames):
                full = self.canonical(n.name, n.start)
                g = n.gender or genders.get(full)
                self.mentions.append(Name(full, n.start, n.end, True, g, n.honorific))
        for n in self.mentions:
            if n.gender:
                genders.setdefault(n.name, n.gender)
        self.mentions = [
            Name(n.name, n.start, n.end, True, n.gender or genders.get(n.name), n.honorific)
            for n in self.mentions
        ]
        self.mention_ends = [n.end for n in self.mentions]
        self.weak_ends = [n.end for n in self.weak]

    def canonical(self, name: str, pos: int) -> str:
        """Expand a one-word name to the full name of that person in the document.

        The closest full name before ``pos`` whose last word is ``name`` wins, else the first
        one after it; failing that, the one full name whose first word is ``name`` (none when
        two people share it). A full name becomes the first full name of the document with
        the same first and last words (``Donald J. Trump`` after ``Donald Trump``), a
        headline's speech verb is dropped (``Nigel Farage Warns``), and a
        name that does not begin with a first name and ends exactly one longer full name
        becomes it (``Sasse Stern`` after ``Meg Sasse Stern``). A surname written after a
        role word goes to the one full name introduced with that role, when two people share
        the surname (``President Obama``). Other names are returned unchanged.
        """
        if " " in name:  # "Donald J. Trump" after "Donald Trump": the first one introduced
            words = name.split()
            if ends_in_headline_verb(words):  # "Nigel Farage Warns" (parsed as one name)
                words = words[:-1]
                name = " ".join(words)
            fulls = [f for _, f in self.full_names.get(words[-1], ())]
            same = [f for f in fulls if f.split()[0] == words[0]]
            if is_first_name(words[0]) and any(f != name for f in same):
                return same[0]
            # a two-word surname ("Sasse Stern", "Van Cleave": "Van" is a first name too)
            longer = {f for f in fulls if len(f.split()) > len(words)
                      and f.split()[-len(words):] == words}
            if len(longer) == 1:
                return longer.pop()
            return same[0] if same else name
        fulls = self.full_names.get(name)
        if not fulls:
            # a first name alone ("Surachate said", "Loughlin's daughter Olivia"): the one
            # full name it begins, when exactly one person of the document has it
            given = self.first_names.get(name)
            return next(iter(given)) if given and len(given) == 1 else name
        role = self._role_before(pos)
        if role is not None and len({f for _, f in fulls}) > 1:
            # "President Obama" after "President Barack Obama" and "first lady Michelle Obama"
            same_role = {f for p, f in fulls if self._role_before(p) == role}
            if len(same_role) == 1:
                return same_role.pop()
        k = bisect.bisect_right(fulls, (pos, "\uffff"))
        return fulls[k - 1][1] if k > 0 else fulls[0][1]

    def first_name_before(self, name: str) -> str:
        """A surname written after a first name the name runs missed, else ``name``.

        ``Middle School Principal Ron Branch`` is read as one organisation-like run, so
        ``Branch told`` finds no full name; the text outside quotes has ``Ron Branch``. Only
        one such full name may exist, and ``name`` must be a capitalised word; the caller
        checks that ``name`` is no place.
        """
        if name not in self._before_first:
            found = set()
            if re.fullmatch(r"[A-Z][\w’'-]+", name):
                for m in re.finditer(r"\b([A-Z][a-z]+)\s+" + re.escape(name) + r"\b",
                                     self.masked):
                    if is_first_name(m.group(1)) and m.group(1) != name:
                        found.add(f"{m.group(1)} {name}")
            self._before_first[name] = found.pop() if len(found) == 1 else name
        return self._before_first[name]

    def _role_before(self, pos: int) -> str | None:
        """The role word written just before ``pos`` (``President`` Obama), or ``None``."""
        m = _ROLE_BEFORE_RE.search(self.text, max(0, pos - 30), pos)
        word = m.group(1).lower() if m else None
        return word if word in ROLE_WORDS else None

    def expand_acronym(self, name: str) -> str:
        """An acronym (or ``Times``) spelled out where the document writes its long form.

        ``USC`` becomes ``University of Southern California`` when the text outside quotes
        has that name (the initials of its capitalised words, a leading ``U.S.`` optional,
        those of each part of a hyphened word allowed: ``ADL``, ``Anti-Defamation League``);
        with no long form, or two different ones, ``name`` is returned unchanged.
        """
        if not _ACRONYM_RE.fullmatch(name):
            return self._full_organisation(name)
        if self._long_forms is None:
            self._long_forms = {}
            for m in _LONG_FORM_RE.finditer(self.masked):
                form = _THE_RE.sub("", m.group())
                words = [w for w in form.split() if w[:1].isupper()]
                for skip in (0, 1) if words[0] in ("U.S.", "US", "UK") else (0,):
                    # "Anti-Defamation League": ADL (each part of a hyphened word) or AL
                    parts = [p for w in words[skip:] for p in w.split("-") if p[:1].isupper()]
                    for initials in {"".join(w[0] for w in words[skip:]),
                                     "".join(p[0] for p in parts)}:
                        if len(initials) >= 2:
                            self._long_forms.setdefault(initials, set()).add(form)
        forms = self._long_forms.get(name)
        return next(iter(forms)) if forms and len(forms) == 1 else name

    def _full_organisation(self, name: str) -> str:
        """``Times`` → ``Los Angeles Times``: the one longer name outside quotes it ends.

        Only for a word such as ``Times``, ``Post`` or ``Ministry``
        (:data:`~framing.attribute.gazetteer.ORGANISATION_WORDS`); a longer form that holds
        another (``Yesterday Los Angeles Times``) counts as that one.
        """
        if " " in name or name.lower() not in ORGANISATION_WORDS:
            return name
        chain = r"\b(?:[A-Z][\w.’'&-]*\s+(?:(?:of|for|on)\s+)?)+" + re.escape(name) + r"\b"
        forms = {_THE_RE.sub("", m.group()) for m in re.finditer(chain, self.masked)}
        forms.discard(name)
        forms = {f for f in forms if not any(g != f and f.endswith(" " + g) for g in forms)}
        return forms.pop() if len(forms) == 1 else name

    def long_form(self, name: str, start: int | None, end: int | None) -> str:
        """An organisation's name with the ``of``/``on``/``for`` part the name runs cut off.

        ``The Tarnow Council on Civic Relations said`` gives ``Tarnow Council`` from the runs;
        this returns ``Tarnow Council on Civic Relations``. Other names come back unchanged.
        """
        if start is None or end is None or not _OF_NEXT_RE.match(self.masked, end):
            return name
        m = _LONG_FORM_RE.match(self.masked, start)
        if m is None or m.end() <= end or self.text[start:end] != name:
            return name
        return _THE_RE.sub("", m.group())

    def crosshead(self, qs: int, qe: int) -> bool:
        """Whether a quote is a crosshead: a paragraph of a few quoted words and nothing else.

        (``‘Right decision’`` between the paragraphs of a story.) It is quoted, but no one
        is said to speak it, and the quotes around it do not continue through it.
        """
        ps, pe = self.para_bounds(qs)
        if self.text[ps:qs].strip() or self.text[qe:pe].strip():
            return False
        inner = self.text[qs + 1:qe - 1].strip()
        return 0 < len(inner.split()) <= 5 and inner[-1:] not in ".!?,…"

    def work_title(self, qs: int, qe: int) -> bool:
        """Whether a quote is the title of a work: ``author of the exposé “The War Within”``.

        The quote follows a word for a book, film, song or the like (or ``titled``) and is
        at most twelve words beginning with a capital letter; no one speaks it.
        """
        inner = self.text[qs + 1:qe - 1].strip()
        return bool(inner[:1].isupper() and len(inner.split()) <= 12
                    and _WORK_BEFORE_RE.search(self.text, max(0, qs - 40), qs))

    def title_in_attribution(self, a_start: int | None, a_end: int | None, qs: int,
                             qe: int) -> bool:
        """Whether a short quote is a title inside (or ending) another quote's attribution.

        ``“…,” Barr said Sunday on CBS News' “Face the Nation.”``: the programme's name is no
        one's words. The quote must have at most five words and follow ``on``, ``in``,
        ``of``, ``at``, ``to``, ``from`` or a possessive, within the attribution clause
        ``a_start:a_end`` or right after it.
        """
        if a_start is None or a_end is None or not a_start <= qs <= a_end + 1 or \
                len(self.text[qs:qe].split()) > 5:
            return False
        return bool(_TITLE_LEAD_RE.search(self.text, a_start, qs))

    def resolve(self, pos: int, gender: str | None) -> str | None:
        """Return the most recent person named before ``pos`` (not of the other gender).

        Persons are multi-word names that are not places or organisations, names with a title
        or a role, and surnames of those. When there is none, a one-word name that is the
        subject of a verb (``Klitschko has also made …``) is used.
        """
        k = bisect.bisect_right(self.mention_ends, pos)
        for j in range(k - 1, -1, -1):
            n = self.mentions[j]
            if gender and n.gender and n.gender != gender or n.name in self.non_person:
                continue
            return n.name
        k = bisect.bisect_right(self.weak_ends, pos)
        while k > 0 and self.weak[k - 1].name in self.non_person:
            k -= 1
        return self.weak[k - 1].name if k > 0 else None


DOC_CACHE_SIZE = 512
"""Documents whose :class:`QuoteDoc` :func:`document_names` keeps (the speaker pass and the
targets' canonical names read the same documents one after the other)."""
_DOCS: OrderedDict[str, QuoteDoc] = OrderedDict()


def document_names(text: str, paras: list[tuple[int, int]] | None = None,
                   spans: list[tuple[int, int]] | None = None) -> QuoteDoc:
    """The persons named in a document, quotes masked as for speakers.

    Its :meth:`QuoteDoc.canonical` turns a surname into the full name used in that document.
    The state is built once per text (the last :data:`DOC_CACHE_SIZE` are kept); each call
    returns its own shallow copy, so a caller may set :attr:`QuoteDoc.non_person` (nothing
    else changes after it is built; the acronym memo is built again per copy).

    Args:
        text: The cleaned document text.
        paras: Its paragraphs (:func:`~framing.attribute.marks.paragraphs`), when the caller
            has them.
        spans: Its quotation spans (:func:`~framing.attribute.marks.scan_quotes`), likewise.
    """
    doc = _DOCS.get(text)
    if doc is None:
        paras = paragraphs(text) if paras is None else paras
        spans = scan_quotes(text, paras) if spans is None else spans
        doc = _DOCS[text] = QuoteDoc(text, spans, paras)
        while len(_DOCS) > DOC_CACHE_SIZE:
            _DOCS.popitem(last=False)
    else:
        _DOCS.move_to_end(text)
    return copy.copy(doc)


def clear_documents() -> None:
    """Forget the kept document states (benchmarks time fresh ones)."""
    _DOCS.clear()
