"""Finding a document's quotations and choosing their speakers.

:func:`find_quotes` scans the quotation marks (:mod:`framing.attribute.marks`), reads the
speaker of each quote with the rules (:mod:`framing.attribute.speakers`) corrected by the
parse (:mod:`framing.attribute.speech`); the learned ranker (:mod:`framing.attribute.ranker`)
rates each answer (``confidence``) and, with ``resolver="ranker"``, chooses among the
candidates instead, or abstains.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Literal, get_args

from framing.attribute.document import QuoteDoc, document_names
from framing.attribute.marks import paragraphs, scan_quotes
from framing.attribute.parsed import parsed_paragraphs
from framing.attribute.ranker import (
    Candidate,
    Positions,
    SpeakerRanker,
    candidates,
    load_ranker,
    name_key,
    row_of,
    unnamed,
)
from framing.attribute.speakers import Quote, attribute_quotes, type_of
from framing.attribute.speech import SyntaxResult, syntax_speakers
from framing.attribute.subjects import Speaker
from framing.errors import ArgumentError, ModelUnavailableError
from framing.models.nlp import load_spacy, parse_groups

__all__ = ["RESOLVERS", "Resolver", "RulePass", "check_resolver", "find_quotes",
           "find_quotes_many", "rate_rules", "rerank", "resolve", "rule_pass"]


Scan = tuple[list[tuple[int, int]], list[tuple[int, int]]]
"""A text's paragraphs and quote spans, as ``(start, end)`` offsets."""


@dataclass
class RulePass:
    """The rule-based reading of a document, kept for the speaker ranker.

    Attributes:
        doc: The document with quotes masked and persons named.
        result: The syntactic speakers (``None`` without a parse).
        raws: Per quote, the rule speaker ``(name, start, end)`` before the parse corrected it.
        quotes: The quotes with the rule-based speakers.
        fixed: Per quote, whether no one may speak it (a crosshead, a work's title, a title
            inside an attribution).
    """

    doc: QuoteDoc
    result: SyntaxResult | None
    raws: list[Speaker]
    quotes: list[Quote]
    fixed: list[bool]

    def settled(self, k: int) -> bool:
        """Whether quote ``k`` keeps no speaker whatever the ranker says.

        So when no one may speak it, or the rules and the parse both find it unnamed
        (:func:`~framing.attribute.ranker.unnamed`).
        """
        syn = self.result.speakers[k] if self.result is not None else None
        return self.fixed[k] or unnamed(self.quotes[k], syn)

    def candidates(self) -> Iterator[tuple[int, Quote, list[Candidate]]]:
        """Each quote's index, the rule-based quote and the ranker's candidates for it."""
        positions = Positions(self.doc, self.result)
        for k, q in enumerate(self.quotes):
            yield k, q, candidates(self.doc, self.result, self.raws, self.quotes, k, positions)


def rule_pass(text: str, syntax: bool = True,
              scanned: Scan | None = None) -> RulePass | None:
    """The quotations of a cleaned document with the rule-based speakers.

    Args:
        text: Cleaned document text.
        syntax: Correct the rules with the spaCy parse when a pipeline is installed.
        scanned: The text's paragraphs and quote spans when the caller has them
            (:func:`_scan`); found here otherwise.

    Returns:
        The pass, or ``None`` when the text has no quotation.
    """
    paras, spans = scanned if scanned is not None else _scan(text)
    if not spans:
        return None
    doc = document_names(text, paras, spans)
    result = syntax_speakers(text, spans, doc.canonical, persons=doc.mentions) if syntax else None
    if result is not None:
        doc.non_person = result.non_person
    quotes, raws, fixed = attribute_quotes(doc, result)
    return RulePass(doc, result, raws, quotes, fixed)


def _scan(text: str) -> Scan:
    """The paragraphs and quote spans of a text (none for an empty or non-string one)."""
    if not isinstance(text, str) or not text:
        return [], []
    paras = paragraphs(text)
    return paras, scan_quotes(text, paras)


Resolver = Literal["rules", "ranker"]
"""The type of a resolver name (configs check against it)."""

RESOLVERS: tuple[str, ...] = get_args(Resolver)
"""How :func:`find_quotes` chooses speakers: the rules corrected by the parse (the default),
or the learned ranker over their candidates (:mod:`framing.attribute.ranker`); either way
the ranker gives each answer a ``confidence``."""


def check_resolver(value: str, label: str = "resolver=") -> str:
    """``value`` when it is one of :data:`RESOLVERS`.

    Raises:
        ArgumentError: Naming the valid ones (``label`` is how the caller spells the option:
            ``"--speakers "``, ``"speakers="``).
    """
    if value not in RESOLVERS:
        raise ArgumentError(f"{label}{value!r}: use one of {', '.join(RESOLVERS)}")
    return value


def find_quotes(text: str, syntax: bool = True, resolver: str = "rules") -> list[Quote]:
    """Find the quotations of a cleaned document and their speakers.

    Args:
        text: Cleaned document text (:func:`framing.text.clean.clean_text`: one paragraph
            per line, curly quotes kept). Any string is accepted.
        syntax: Correct the rule-based speakers with the spaCy parse
            (:mod:`framing.attribute.speech`) when a pipeline is installed.
        resolver: ``"rules"`` (the default) keeps the rule-based speakers, each with the
            ranker's probability of it as ``confidence``; ``"ranker"`` lets the learned
            ranker choose among the candidates and abstain when unsure (on real news it is
            as accurate as the rules, see ``results/validation/attribution/``). Without a
            parse the rules are used and ``confidence`` is ``None``.

    Returns:
        The quotes, sorted by position and never overlapping. Spans include the quotation
        marks; see :mod:`framing.attribute.quotes` for the conventions.

    Raises:
        ArgumentError: For an unknown ``resolver``.

    Example:
        >>> q = find_quotes("“It is over,” Klitschko said.")
        >>> (q[0].start, q[0].end, q[0].speaker)
        (0, 13, 'Klitschko')
    """
    check_resolver(resolver)
    found = rule_pass(text, syntax)
    return [] if found is None else resolve(found, resolver)


def resolve(found: RulePass, resolver: str = "rules") -> list[Quote]:
    """The quotes of a rule pass with the speakers ``resolver`` gives (see :func:`find_quotes`).

    One rule pass serves both resolvers: neither changes ``found``.

    Raises:
        ArgumentError: For an unknown ``resolver``.
        ModelUnavailableError: With ``resolver="ranker"`` when the ranker's weights are
            missing (with ``"rules"`` the confidence is then ``None``, with a warning).
    """
    check_resolver(resolver)
    if found.result is None:
        return found.quotes
    return rerank(found) if resolver == "ranker" else rate_rules(found)


def find_quotes_many(texts: Mapping[str, str], syntax: bool = True, resolver: str = "rules"
                     ) -> dict[str, list[Quote]]:
    """:func:`find_quotes` for every document of a corpus, the parses done in batches.

    The paragraphs the parse needs are parsed for many documents at a time
    (:func:`framing.models.nlp.parse_groups`, in several processes when there are many),
    then each document is read from the kept parses: the same quotes as one call per
    document, faster on a corpus.

    Args:
        texts: Cleaned document texts by document id.
        syntax: As in :func:`find_quotes`.
        resolver: As in :func:`find_quotes`.

    Returns:
        The quotes of each document, by document id.
    """
    nlp = load_spacy() if syntax else None
    if nlp is None:
        return {key: find_quotes(text, syntax, resolver) for key, text in texts.items()}

    check_resolver(resolver)
    scans = {key: _scan(text) for key, text in texts.items()}

    def groups():
        for key, (_, spans) in scans.items():
            text = texts[key]
            yield key, [text[a:b] for a, b in parsed_paragraphs(text, spans)] if spans else []

    out: dict[str, list[Quote]] = {}
    for key, _ in parse_groups(groups(), nlp):  # each group's parses are kept for its pass
        found = rule_pass(texts[key], syntax, scans[key])
        out[key] = [] if found is None else resolve(found, resolver)
    return out


def rate_rules(found: RulePass, ranker: SpeakerRanker | None = None) -> list[Quote]:
    """The rule-based quotes, each with the ranker's probability of the rules' answer.

    The speakers are the rules'; ``confidence`` is what the ranker thinks of them (its
    probability of the rule's speaker, or of no speaker), for filtering.
    """
    ranker = ranker or _shipped_ranker()
    if ranker is None:
        return [replace(q, confidence=None) for q in found.quotes]
    out: list[Quote] = []
    for _, q, cands in found.candidates():
        row = row_of(cands, q.speaker)
        out.append(replace(q, confidence=float(ranker.probabilities(cands)[row])
                           if row is not None else None))
    return out


@lru_cache(maxsize=1)
def _shipped_ranker() -> SpeakerRanker | None:
    """The shipped ranker, or ``None`` (warned once) when its weights are missing or changed.

    Only the confidence of the rules' answers needs it; the speakers do not.
    """
    try:
        return load_ranker()
    except ModelUnavailableError as exc:
        warnings.warn(f"framing: {exc}; speaker_confidence is left empty", stacklevel=4)
        return None


def rerank(found: RulePass, ranker: SpeakerRanker | None = None) -> list[Quote]:
    """The quotes of a rule pass with the speakers the ranker chooses.

    A speaker the ranker keeps keeps its rule; another candidate gets the rule that proposed
    it (the parse's rule, ``"continued"`` for a neighbouring quote's speaker, ``"subject"``
    for the sentence's subject) or ``"ranked"`` (a name written elsewhere in the document);
    an abstention gives ``None``. Quotes no one may speak and quotes the rules and the parse
    both find unnamed keep no speaker. ``confidence`` is the ranker's probability of the
    answer given (for those kept unnamed, its probability of no speaker).
    """
    ranker = ranker or load_ranker()
    doc = found.doc
    out: list[Quote] = []
    for k, q, cands in found.candidates():
        if found.settled(k):
            out.append(replace(q, confidence=float(ranker.probabilities(cands)[0])))
            continue
        cand, p = ranker.choose(cands)
        if cand is None:
            out.append(replace(q, speaker=None, speaker_start=None, speaker_end=None, rule=None,
                               speaker_type=None, confidence=p))
        elif name_key(cand.name) == name_key(q.speaker):
            out.append(replace(q, confidence=p))
        else:
            start, end = (cand.start, cand.end) if cand.start is not None else \
                (q.speaker_start, q.speaker_end)
            kind = cand.speaker_type or type_of(doc, cand.name, None, found.result)
            name = doc.expand_acronym(cand.name) if kind == "organisation" else cand.name
            out.append(replace(q, speaker=name, speaker_start=start, speaker_end=end,
                               rule=cand.rule or "ranked", speaker_type=kind, confidence=p))
    return out
