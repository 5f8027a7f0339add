"""Person names in prose: tokens, capitalised runs, and a run turned into a name.

:func:`tokens` splits a text into words with offsets, :func:`capitalised_runs` groups them
into runs of capitalised words (a name, a place, an organisation), and :func:`name_of_run`
turns a run into a :class:`Name` without titles, roles and possessive owners, saying
whether it is a person and, where a title or role says so, their gender. Rules only, no
model; used by speaker attribution (:mod:`framing.attribute.speakers`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from framing.attribute.gazetteer import (
    DEMONYMS,
    GENDER_NOUNS,
    HONORIFICS,
    NAME_PARTICLES,
    NON_PERSON_WORDS,
    ORGANISATION_WORDS,
    PERSON_NOUNS,
    ROLE_WORDS,
    SPEECH_VERBS,
    STOP_CAPS,
)
from framing.lexicons.first_names import first_name_gender, is_first_name
from framing.lexicons.frequency import zipf

__all__ = ["HYPHENED_ADJECTIVE_RE", "Name", "Tok", "capitalised", "capitalised_runs",
           "common_noun", "ends_in_headline_verb", "honorific", "is_abbrev", "name_of_run",
           "possessive", "role_object", "strip_possessive", "tokens", "word_before"]

_TOKEN_RE = re.compile(r"[^\s,;:()\[\]{}\"“”„«»!?—–~/…|]+")
_WORD_RE = re.compile(r"[A-Za-z][\w'’-]*")
_CONTRACTION_RE = re.compile(
    r"(?i)(?:i|you|he|she|it|we|they|that|there|what|who|here|let)['’](?:m|ve|ll|d|s|re)$"
)
HYPHENED_ADJECTIVE_RE = re.compile(r"[A-Z][a-z]*-[a-z]")
"""A capitalised word with a lower-case part after a hyphen (``Low-income``): no name."""
_NAME_WORD_RE = re.compile(r"(?:[a-z]{1,3}[-‐]|(?:d[aei]|l[ae]|van|von|mac)(?=[A-Z]))?"
                            r"(?!" + HYPHENED_ADJECTIVE_RE.pattern + r")[A-Z][\w'’-]*\.?")
"""A word of a person's name: ``al-Assad``, ``diGenova``, ``Ocasio-Cortez``; not ``Low-income``."""
_INITIAL_RE = re.compile(r"[A-Z]\.")
_PLACE_HEADS = frozenset("""airport avenue bay bridge coast gulf hills island islands lake
mountains ocean river road sea station valley
chronicle gazette herald journal news post telegraph times tribune""".split())
"""Last words that make a name a place or a newspaper even after a first name (``Jordan
River``, ``Christian Post``)."""
_SURNAME_LIKE = frozenset("bank church court house street".split())
"""Organisation words that are also common surnames (``Frank Church``)."""
_ROLE_OF_RE = re.compile(r"\b(?:[Ss]ecretary|[Mm]inister|[Mm]inistry|[Dd]epartment|[Hh]ead|"
                         r"[Dd]irector|[Cc]hair(?:man|woman)?) of\s+$")


@dataclass(frozen=True)
class Tok:
    """A word of the text with its offsets.

    Attributes:
        text: The word, edge apostrophes, dots and hyphens stripped.
        start: Offset of its first character.
        end: One past its last character.
        final: Whether a full stop that ends a sentence followed it.
    """

    text: str
    start: int
    end: int
    final: bool


@dataclass(frozen=True)
class Name:
    """A name found in a capitalised run.

    Attributes:
        name: The name as written, minus titles, roles and a possessive ending.
        start: Offset of its first character.
        end: One past its last character (before a possessive ending).
        person: Whether it is a person (not a place or an organisation).
        gender: ``"m"``, ``"f"`` or ``None``, from a title or role.
        honorific: Whether a title such as ``Dr.`` stood before it.
    """

    name: str
    start: int
    end: int
    person: bool
    gender: str | None
    honorific: bool


def is_abbrev(word: str) -> bool:
    """Return whether ``word`` (ending in a full stop) is an abbreviation, not a sentence end."""
    core = word[:-1]
    return (
        core.lower() in HONORIFICS
        or core.lower() in ("st", "jr", "sr", "no", "mt", "ft", "co", "inc", "corp", "ltd")
        or (len(core) == 1 and core.isupper())
        or bool(re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", core))
    )


def tokens(text: str, lo: int, hi: int) -> list[Tok]:
    """Tokenise ``text[lo:hi]`` into words with offsets (edge apostrophes stripped)."""
    out: list[Tok] = []
    for m in _TOKEN_RE.finditer(text, lo, hi):
        s, e = m.start(), m.end()
        while s < e and text[s] in "'‘’.-":
            s += 1
        final = False
        while e > s and text[e - 1] in "'‘’.-":
            if text[e - 1] == ".":
                if is_abbrev(text[s:e]):
                    break
                final = True
            e -= 1
        if s < e:
            out.append(Tok(text[s:e], s, e, final))
    return out


def capitalised(word: str) -> bool:
    """Whether a word is capitalised like a name (``Klitschko``, also ``diGenova``)."""
    return word[:1].isupper() or bool(
        re.match(r"(?:d[aei]|l[ae]|al|el|van|von|mac)[-‐]?[A-Z]", word))


def possessive(word: str) -> bool:
    """Whether a word ends in a possessive (``Putin's``, ``workers’``)."""
    return bool(re.search(r"['’‘]s$", word)) or (len(word) > 2 and word[-1] in "'’")


def strip_possessive(word: str) -> str:
    """``word`` without a possessive ending."""
    return re.sub(r"['’‘]s?$", "", word)


def honorific(word: str) -> str | None:
    """The honorific ``word`` is (``"dr"`` for ``Dr.``), or ``None``."""
    w = word.lower().rstrip(".")
    return w if w in HONORIFICS else None


def common_noun(word: str) -> bool:
    """Whether a lowercased word is a person noun or its plural (``critics``, ``MPs``)."""
    return any(
        w in PERSON_NOUNS
        for w in (word, word[:-1] if word.endswith("s") else "", word[:-2] if
                  word.endswith("es") else "", word[:-3] + "y" if word.endswith("ies") else "")
    )


def _particle_run(toks: list[Tok], k: int) -> bool:
    """Whether the particle at ``k`` (``von``) is followed by particles and a capital."""
    while k < len(toks) and toks[k].text in NAME_PARTICLES:
        k += 1
    return k < len(toks) and capitalised(toks[k].text)


def capitalised_runs(text: str, toks: list[Tok]) -> list[list[Tok]]:
    """Group tokens into runs of capitalised words (a name, a place, an organisation)."""
    runs: list[list[Tok]] = []
    cur: list[Tok] = []
    for k, t in enumerate(toks):
        joined = bool(cur) and text[cur[-1].end : t.start] == " " and not cur[-1].final
        joined = joined and not possessive(cur[-1].text) if cur else False
        if capitalised(t.text) or (cur and t.text in NAME_PARTICLES and _particle_run(toks, k)):
            if cur and not joined:
                runs.append(cur)
                cur = []
            cur.append(t)
        elif cur:
            runs.append(cur)
            cur = []
    if cur:
        runs.append(cur)
    return runs


def word_before(text: str, toks: list[Tok], k: int) -> str:
    """The lowercase word right before token ``k`` (separated by one space only), or ``""``."""
    if k == 0 or text[toks[k - 1].end : toks[k].start] != " " or toks[k - 1].final:
        return ""
    return toks[k - 1].text.lower()


# -- a run to a name, step by step ------------------------------------------------------------


def _drop_leading_stop_words(toks: list[Tok]) -> list[Tok]:
    """Drop sentence words and days that open a run: ``The``, ``On Monday``."""
    while toks and toks[0].text.lower().rstrip(".") in STOP_CAPS and not honorific(
        toks[0].text
    ):
        toks.pop(0)
    return toks


_OPENS_SENTENCE_RE = re.compile(r"(?:^|[.!?:;\n][\"“”'’)\]]?)\s*$")
_MID_SENTENCE = r"(?<=[a-z,;] ){word}\b"
_OPENER_ENDINGS = ("ing", "ed", "ly")
"""Participles and adverbs (``Outgoing``, ``Responding``, ``Separately``), never demonyms."""


def _drop_sentence_opener(text: str, toks: list[Tok]) -> list[Tok]:
    """Drop a participle or adverb capitalised only because it opens the sentence.

    ``Outgoing Flake, … said`` → ``Flake``; ``Responding to …, she said`` → no name. The
    word ends in ``-ing``, ``-ed`` or ``-ly`` (``Saudi Arabia`` stays), is frequent in
    English (Zipf ≥ 3.5), no first name or honorific, and never
    written capitalised inside a sentence of the document (``Manning said`` keeps
    ``Manning`` where the text also writes ``Chelsea Manning``).
    """
    if not toks:
        return toks
    word = toks[0].text
    if (not word[1:].islower() or not word.endswith(_OPENER_ENDINGS) or is_first_name(word)
            or honorific(word) or zipf(word.lower()) < 3.5
            or not _OPENS_SENTENCE_RE.search(text[max(0, toks[0].start - 3):toks[0].start])
            or re.search(_MID_SENTENCE.format(word=re.escape(word)), text)):
        return toks
    return toks[1:]


def ends_in_headline_verb(words: list[str]) -> bool:
    """Whether a name run ends in a headline's speech verb (``Nigel Farage Warns``).

    The last word is a speech verb in ``-s`` after a full name (three words, or two
    beginning with a first name).
    """
    if len(words) >= 3 or (len(words) == 2 and is_first_name(words[0])):
        low = words[-1].lower()
        return low.endswith("s") and low in SPEECH_VERBS and (low[:-1] in SPEECH_VERBS
                                                              or low[:-2] in SPEECH_VERBS)
    return False


def _drop_headline_verb(toks: list[Tok]) -> list[Tok]:
    """``Nigel Farage Warns`` (a headline) → ``Nigel Farage``."""
    return toks[:-1] if ends_in_headline_verb([t.text for t in toks]) else toks


def _drop_possessive_owner(toks: list[Tok]) -> list[Tok]:
    """``Tolvany's Foreign Minister X`` → ``Foreign Minister X``."""
    for k in range(len(toks) - 1, -1, -1):
        if k < len(toks) - 1 and possessive(toks[k].text):
            return toks[k + 1 :]
    return toks


def _drop_honorific(toks: list[Tok], gender: str | None
                    ) -> tuple[list[Tok], str | None, bool]:
    """``Chief Executive Ms. Rhoswen Talbridge`` → ``Rhoswen Talbridge`` (gender ``f``).

    Returns:
        The tokens after the last honorific, the gender it implies (else ``gender``), and
        whether there was one.
    """
    for k in range(len(toks) - 1, -1, -1):
        h = honorific(toks[k].text)
        if h is not None and k < len(toks) - 1:
            return toks[k + 1 :], HONORIFICS[h] or gender, True
    return toks, gender, False


def _drop_roles(toks: list[Tok], gender: str | None) -> tuple[list[Tok], str | None, bool]:
    """``Defence Minister Ilsa Varrow`` → ``Ilsa Varrow``.

    Returns:
        The tokens after the last role word (the run's last token is never one), the gender
        the role implies (else ``gender``), and whether there was a role.
    """
    role_cut = -1
    for k, t in enumerate(toks[:-1]):
        if t.text.lower() in ROLE_WORDS:
            role_cut = k
    if role_cut < 0:
        return toks, gender, False
    if len(toks) == 2 and role_cut == 0 and toks[1].text.lower() in ORGANISATION_WORDS:
        return toks, gender, False  # "Premier League", "Minister Office": an organisation
    gender = GENDER_NOUNS.get(toks[role_cut].text.lower(), gender)
    rest = toks[role_cut + 1 :]
    # "Secretary of State Mike Pompeo": the role's "of X" goes with it
    while len(rest) >= 3 and rest[0].text.lower() in ("of", "for"):
        rest = rest[2:]
    return rest, gender, True


def role_object(word: str) -> bool:
    """Whether a capitalised word before a first name is a common word, not a name.

    ``Elections`` in ``Supervisor of Elections Susan Gill``: not a first name, not an
    honorific, and frequent in English (Zipf ≥ 4); ``Abelino`` (rare) stays.
    """
    return not is_first_name(word) and not honorific(word) and zipf(word.lower()) >= 4.0


def _acronym(word: str) -> bool:
    """An acronym (``NATO``), which is no person; an initial (``W.``) is not one."""
    return word.isupper() and len(word) > 1 and not _INITIAL_RE.fullmatch(word)


def _is_person(words: list[str], has_hon: bool, had_role: bool) -> bool:
    """Whether the words of a name are a person rather than a place or organisation."""
    lowered = [w.lower().strip(".") for w in words]
    flagged = [w in NON_PERSON_WORDS or _acronym(word) for w, word in zip(lowered, words,
                                                                          strict=True)]
    non_person = any(flagged) or any(w in DEMONYMS for w in words)
    org_head = lowered[-1] in ORGANISATION_WORDS and lowered[-1] not in _SURNAME_LIKE
    if non_person and 2 <= len(words) <= 3 and is_first_name(words[0]) and not org_head and \
            lowered[-1] not in _PLACE_HEADS and not any(flagged[:-1]):
        non_person = False  # "Anita Hill", "Michael Bloomberg": a first name and a surname
    person = (has_hon or had_role or 2 <= len(words) <= 4) and not non_person
    if not has_hon and any(not _NAME_WORD_RE.fullmatch(w) for w in words
                           if w not in NAME_PARTICLES):
        person = False
    return person


def name_of_run(text: str, run: list[Tok], before: str = "") -> Name | None:
    """Turn a capitalised run into a name without titles, roles and possessive owners.

    Args:
        text: The document text.
        run: The run's tokens.
        before: The lowercase word just before the run (a role such as ``mayor``), if any.

    Returns:
        The name, or ``None`` when the run is no name (``I’ve``, ``Minister``, ``Police``).
    """
    toks = [t for t in run if not _CONTRACTION_RE.match(t.text)]
    if len(toks) != len(run):
        return None  # "I’ve", "It’s": not a name
    toks = _drop_possessive_owner(_drop_leading_stop_words(toks))
    toks = _drop_headline_verb(_drop_sentence_opener(text, toks))
    if not toks:
        return None
    if len(toks) >= 3 and _ROLE_OF_RE.search(text[max(0, toks[0].start - 30) : toks[0].start]):
        toks = toks[1:]  # "Secretary of | State Mike Pompeo": the role's object goes
    toks, gender, has_hon = _drop_honorific(toks, GENDER_NOUNS.get(before))
    if not toks:
        return None
    toks, gender, had_role = _drop_roles(toks, gender)
    had_role = had_role or before in PERSON_NOUNS
    if not toks:
        return None
    if (len(toks) >= 3 and role_object(toks[0].text) and is_first_name(toks[1].text)
            and toks[-1].text.lower() not in ORGANISATION_WORDS):  # "New York Times" stays
        toks, had_role = toks[1:], True  # "Supervisor of Elections Susan Gill": a role's object
    last = toks[-1]
    start, end = toks[0].start, last.end
    if possessive(last.text):
        end -= len(last.text) - len(strip_possessive(last.text))
    name = " ".join([t.text for t in toks[:-1]] + [strip_possessive(last.text)])
    if not name or not _WORD_RE.match(name):
        return None
    words = name.split()
    lowered = [w.lower().strip(".") for w in words]
    if all(w in ROLE_WORDS for w in lowered) or (len(words) == 1 and common_noun(lowered[0])):
        return None  # "Minister", "Critics", "Police": not names
    person = _is_person(words, has_hon, had_role)
    if person and gender is None and len(words) >= 2:
        gender = first_name_gender(words[0])
    return Name(name, start, end, person, gender, has_hon)
