r"""Quoted speech and speakers: is a span in the outlet's own voice or someone's words?

:func:`find_quotes` finds the quotations of a cleaned document and, where the text names
one, who is speaking; :func:`voice_of_span` then says whether any character span (a
sentence, a loaded term) is in the ``"author"`` voice or ``"quoted"``, and whose words it
is; :func:`annotate_sentences` does that for every sentence of a document. Everything is
rule based (regular expressions and word lists, no model), deterministic, fast (about 2 ms
for the 2,500-character seed article, sentence segmentation included) and never raises on a
``str``. Accuracy on the hand-written gold set
``tests/data/quotes_gold.jsonl`` is in ``results/validation/quotes/``
(``python benchmarks/quotes.py``).

Definitions and conventions (what the gold set encodes):

* **Quoted** means *inside quotation marks*. Reported speech without marks (``He said
  the attack was brutal.``) is the author's voice: the outlet chose those words.
  Scare quotes and nicknames (``a so-called “peace plan”``, ``“Dr. Denial”``) are
  quoted too; their speaker is ``None`` unless a speech verb names one.
* **Marks.** Double quotes “…”, "…", „…” and «…», and single quotes ‘…’ and '…' (British
  style and nested quotes); a curly quote left open by a straight closing mark (“…") and
  the reverse are accepted. ’ and ' between letters (``It’s``), ‘ after a letter
  (``Russia‘s``), plural possessives (``workers’ rights``) and elisions (``’90s``,
  ``rock ’n’ roll``) are apostrophes, not quotes. A single quote is a quote only when it
  closes in the same paragraph (or opens a paragraph, see below). Quotes nested in a
  quote are part of the outer quote and get its speaker.
* **Spans include the quotation marks**: ``text[q.start:q.end]`` is ``“unfair”``, not
  ``unfair``. Quotes are returned sorted and never overlap.
* **Unclosed quotes** end at the end of their paragraph, unless the next paragraph opens
  with a quotation mark of the same kind: then the quote goes on (the newspaper
  convention for multi-paragraph quotes, where every paragraph of the quote opens with “
  and only the last one closes). A multi-paragraph quote is **one** :class:`Quote` whose
  span covers the line breaks. A stray opening mark inside an open quote (the seed
  article's ``… Ukraine. “That would be …”``) does not end it.
* **Speakers.** Found in this order: an attribution after the quote (``“…,” X said.``,
  ``“…,” said X.``, ``“…?” he asked.``, ``“…,” according to X.``); the last speech verb
  before the quote in its sentence (``X said: “…”``, ``X told the BBC: “…”``,
  ``Trump replied: “…”``, ``X said there may be a way – but it would be “unfair”``,
  ``X's claim that “…”``, ``As X put it, …“…”``, a headline ``X: ‘…’``); otherwise a
  quote that follows another quote with nothing but that quote's attribution in between
  (``“…,” X said. “…”``, or a new paragraph that opens with a quote right after a quote)
  continues its speaker.
  Passive verbs name no speaker: in ``The White House leader was later asked: “…”`` the
  asker is not named, so the speaker is ``None`` (``… by X`` after the quote names X).
* **Speaker names** are given as written minus titles and roles: ``Defence Minister
  Ilsa Varrow`` and ``Dr. Ilsa Varrow`` give ``Ilsa Varrow``; ``Mr. Quist's office``
  gives ``Quist's office``; an organisation keeps its name (``Marvessan Defence
  Ministry``). A surname alone is expanded to the full name used for that person
  elsewhere in the document (``Klitschko said`` → ``Vitali Klitschko`` when the article
  names him so), so one person has one speaker string per document.
* **Pronouns and descriptions.** ``he``/``she`` and definite person descriptions (``the
  53-year-old``, ``the mayor``, ``the plucky youngster``) resolve to the most recent person
  named outside quotation marks before them (skipping a person whose title or role says
  the other gender); failing that, to the most recent one-word name that is the subject of
  a verb (``Klitschko has also made …``). If there is none, the speaker is ``None``; the
  pronoun itself is never returned. ``they``, ``it``, ``we`` and indefinite descriptions
  (``a spokesman``) give ``None``.
* **Voice of a span** (:func:`voice_of_span`): a span is ``"quoted"`` when at least half
  of its non-space characters lie inside quotes, not counting the characters of an
  attribution clause that belongs to a whole quote (``said Mira Dolan, a 38-year-old
  teacher`` after ``“…,”``; ``The 53-year-old told the BBC:`` before ``“…``). So a term
  inside a quote is quoted, a term in the attribution or elsewhere in the outlet's prose
  is the author's, and ``“We did not know,” said Mira Dolan, a 38-year-old teacher.``
  is a quoted sentence while ``Klitschko said it would be “unfair” on his people.`` is
  in the author's voice. The speaker of a quoted span is the speaker of the quote it
  overlaps most; an author span has speaker ``None``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from framing.schema import Sentence

__all__ = ["AUTHOR", "QUOTED", "Quote", "annotate_sentences", "find_quotes", "voice_of_span"]

AUTHOR = "author"
"""Voice of the outlet's own words."""

QUOTED = "quoted"
"""Voice of words inside quotation marks."""


@dataclass(frozen=True)
class Quote:
    """One quotation in a document.

    Attributes:
        start: Offset of the opening quotation mark in the document text.
        end: Offset one past the closing mark (or the end of the last paragraph of an
            unclosed quote). ``text[start:end]`` includes the marks.
        speaker: Who is quoted, or ``None`` when the text does not name them (see the
            module docstring for how names are written and pronouns resolved).
        speaker_start: Offset of the words that identify the speaker in the attribution
            (a name, or the pronoun or description that was resolved), or ``None``.
        speaker_end: One past the end of those words, or ``None``.
        attribution_start: Start of the attribution clause of a whole quote (``said Mira
            Dolan, a teacher.`` after the quote, ``Klitschko told the BBC:`` before it),
            or ``None`` (partial quotes, continued quotes, no attribution). Characters of
            this clause count for neither voice in :func:`voice_of_span`.
        attribution_end: One past the end of the attribution clause, or ``None``.
    """

    start: int
    end: int
    speaker: str | None
    speaker_start: int | None
    speaker_end: int | None
    attribution_start: int | None = None
    attribution_end: int | None = None


# --------------------------------------------------------------------------------------------
# Word lists
# --------------------------------------------------------------------------------------------

_SPEECH_VERBS = frozenset(
    """
    say says said saying tell tells told telling add adds added adding ask asks asked
    reply replies replied answer answers answered explain explains explained insist insists
    insisted claim claims claimed vow vows vowed warn warns warned admit admits admitted
    declare declares declared state stated announce announces announced write writes wrote
    tweet tweets tweeted post posted sob sobs sobbed beam beams beamed shout shouts shouted
    scream screams screamed cry cries cried fume fumes fumed blast blasts blasted slam slams
    slammed rage raged joke jokes joked quip quips quipped recall recalls recalled continue
    continues continued urge urges urged argue argues argued note noted describe describes
    described call calls called brand brands branded dub dubs dubbed label labels labelled
    labeled deny denies denied accuse accuses accused promise promises promised pledge
    pledged suggest suggests suggested confirm confirms confirmed concede concedes conceded
    acknowledge acknowledges acknowledged mutter muttered whisper whispered sigh sighed
    laugh laughed boast boasts boasted thunder thundered snap snapped remark remarked
    comment commented observe observes observed stress stresses stressed emphasise
    emphasised emphasize emphasized plead pleaded begged demand demanded issue issued
    predict predicted predicts agree agreed responded respond countered counter lament
    lamented complain complains complained protest protested wondered repeat repeated
    reiterate reiterated mused hit write blog blogged texted wrote recounted recount
    testified testify conceded raged gushed hailed hails praised praises condemned condemns
    told posted dismiss dismisses dismissed reject rejects rejected criticise criticises
    criticised criticize criticizes criticized mock mocks mocked deride derides derided
    ridicule ridiculed inform informs informed
    """.split()
)
"""Speech and reporting verbs (all forms used); a quote's speaker is their subject."""

_WEAK_VERBS = frozenset("continue continues continued repeat repeats repeated".split())
"""Verbs that attribute only a quote they introduce or follow (``he continued: “…”``), not a
partial quote later in the sentence (``Moscow continues its “special operation”``)."""

_HEADLINE_LABELS = frozenset(
    "exclusive breaking update updated watch live revealed opinion comment analysis pictured "
    "video photos explainer review editorial".split()
)
"""Capitalised labels before a colon that are not speakers (``EXCLUSIVE: ‘…’``)."""

_PARTICIPLE_NAMING = frozenset(
    "dubbed called branded described labelled labeled nicknamed named known quoted".split()
)
"""Naming verbs that, right after a comma or dash, are passive participles
(``Aldesque — dubbed “Dr. Denial” by MPs``): their subject is the one named, not the speaker."""

_PASSIVE_AUX = frozenset("was were is are be been being".split())

_AUX = frozenset(
    """
    has have had was were is are be been being also later then again once simply just
    previously earlier repeatedly reportedly today yesterday tonight would will did does
    do never allegedly apparently initially first finally since himself herself itself
    themselves further immediately publicly privately already widely often long even
    still now soon afterwards
    """.split()
)
"""Auxiliaries and adverbs allowed between a speaker and the speech verb."""

_SPEECH_NOUNS = frozenset(
    """
    claim claims remark remarks words statement statements comment comments dismissal
    description insistence assertion promise pledge admission accusation boast plea quip
    verdict characterisation characterization warning warnings view call description
    response reply answer message post tweet line slogan jibe retort suggestion complaint
    """.split()
)
"""Nouns of speech: ``X's claim that “…”`` attributes the quote to X."""

_PRONOUNS = {"he": "m", "she": "f"}
_OTHER_PRONOUNS = frozenset("they it we i you them us who which".split())
_CONJ = frozenset("and but or nor then".split())
_DETERMINERS = frozenset(
    "the a an this that these those his her their its our my your some many most all few "
    "several both each every no any another other such".split()
)

_HONORIFICS = {
    "mr": "m", "mrs": "f", "ms": "f", "miss": "f", "mx": None, "dr": None, "prof": None,
    "sir": "m", "dame": "f", "lord": "m", "lady": "f", "cmdr": None, "gen": None,
    "col": None, "capt": None, "lt": None, "sgt": None, "maj": None, "adm": None,
    "sen": None, "rep": None, "gov": None, "rev": None, "fr": "m", "hon": None,
    "brig": None, "cpl": None, "pvt": None, "supt": None, "insp": None, "det": None,
}
"""Titles written before a name (with or without a full stop), and the gender they imply."""

_ROLE_WORDS = frozenset(
    """
    minister secretary president chancellor mayor governor senator chief executive officer
    leader chair chairman chairwoman director commander spokesman spokeswoman spokesperson
    king queen prince princess pope judge justice ambassador envoy councillor sheriff
    inspector superintendent constable detective coach manager captain bishop archbishop
    ceo mp mep sergeant colonel general lieutenant admiral premier vice deputy boss head
    founder owner editor presenter host professor doctor nurse teacher foreman chairperson
    commissioner representative congressman congresswoman speaker sister professors
    cardinal pastor rabbi imam sheikh ayatollah father conservative liberal democrat
    democratic republican labour tory progressive socialist former veteran sen rep gov
    """.split()
)
"""Role words stripped from the front of a speaker's name (``Defence Minister X`` → X)."""

_PERSON_NOUNS = _ROLE_WORDS | frozenset(
    """
    man woman boy girl youngster teenager child kid mother father mum mom dad grandmother
    grandfather gran grandma grandpa granny wife husband son daughter brother sister
    boxer star player official victim survivor resident witness pensioner politician
    veteran actor actress singer worker driver lawyer judge prosecutor soldier pilot
    student mum-of-two mum-of-three dad-of-two father-of-two mother-of-two machinist miner
    farmer fan pupil neighbour neighbor shopkeeper owner campaigner activist protester
    analyst expert economist scientist researcher survivor hero heroine youngster lad
    critic opponent supporter voter source insider diplomat observer investigator aide
    ally rival commentator local villager neighbour parent family rescuer troop official
    people police authority authorities mp minister leader unionist
    """.split()
)
"""Head nouns of a person description (``the plucky youngster``, ``the mayor``)."""

_GENDER_NOUNS = {
    **dict.fromkeys(
        "woman girl mother mum mom grandmother gran grandma granny wife daughter sister "
        "actress spokeswoman chairwoman queen princess heroine congresswoman lady".split(),
        "f",
    ),
    **dict.fromkeys(
        "man boy father dad grandfather grandpa husband son brother spokesman chairman "
        "king prince hero lad congressman foreman".split(),
        "m",
    ),
}

_ORG_NOUNS = frozenset(
    """
    office council government ministry company police army board union spokesman
    spokeswoman spokesperson team campaign embassy military authorities officials
    department lawyers lawyer party administration family club firm agency
    """.split()
)
"""Lowercase heads after a possessive name that make an institutional speaker
(``Mr. Quist's office``)."""

_STOP_CAPS = frozenset(
    """
    the a an as in on at but and if when while after before earlier later last this that
    these those it he she they we i you yet so now then ahead according asked speaking
    meanwhile however also both even for from with without by of to under over since until
    during despite although though why what who how where there here his her their its our
    my your one two three four five six seven eight nine ten many some every each another
    monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december today yesterday tonight
    mr mrs ms dr said says told added well yes no oh indeed perhaps still instead moreover
    furthermore thus hence sadly clearly surely again please sorry thanks hello hi dear
    because whereas unless whether once like just only not about into upon via per than
    where whose whom which whatever whoever nor neither either otherwise besides
    """.split()
)
"""Capitalised words that open a sentence or a name run without being part of a name."""

_NON_PERSON = frozenset(
    """
    pass port river street st road avenue square hospital general house office board
    ministry department council union league party service services federation republic
    kingdom states europe eastern western northern southern radio news times post mirror
    works minerals guild review wire daily concord court university college school army
    forces police agency bank company group city province region county sea ocean
    mountains valley bridge airport station park hall church cathedral palace parliament
    senate congress assembly committee commission institute foundation association
    organisation organization network media press television tv channel club united fc
    ltd inc plc corp nations national international federal central royal social security
    health fire rescue electoral nurses metalworkers axle west east north south day
    christmas easter cup games world war act bill code plan deal treaty agreement accord
    summit conference ford lake island islands bay gulf coast hill hills forest airlines
    airways motors holdings partners capital fund trust bbc cnn nato kremlin white prep
    academy magazine journal newspaper tribune herald gazette chronicle telegraph guardian
    express observer economist reuters bloomberg institute center centre prison jail
    """.split()
)
"""Words that make a capitalised run a place or an organisation rather than a person."""

_PARTICLES = frozenset("de van von der den bin al la le da di du del ter ten".split())

_SPECIAL_ROLES = re.compile(
    r"\b(?:Secretary of State|Chancellor of the Exchequer|Secretary[- ]General|Attorney"
    r" General|Prime Minister|Foreign Secretary|Home Secretary)\b"
)

# --------------------------------------------------------------------------------------------
# Quotation marks
# --------------------------------------------------------------------------------------------

_PARA_RE = re.compile(r"[^\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+")
"""A paragraph: a run of characters without a line break."""

_MARK_RE = re.compile("[\"“„«‘']")
"""Characters that may open a quotation."""

_OPEN_PREV = frozenset("([{<—–-/:;“‘\"'«")
"""Characters after which a straight quote may open (besides whitespace and the paragraph start)."""

_ELISION_RE = re.compile(r"['‘’](?:\d\d?s?\b|em\b|tis\b|twas\b|cause\b|til\b|bout\b|n['’]\s)", re.I)
"""Apostrophes at the start of a word (``’90s``, ``'em``, ``rock ’n’ roll``)."""

_CURLY = "curly"
_STRAIGHT = "straight"
_SINGLE = "single"


def _opener_kind(text: str, i: int, para_start: int) -> str | None:
    """Return the kind of quotation the mark at ``text[i]`` opens, or ``None``."""
    c = text[i]
    nxt = text[i + 1] if i + 1 < len(text) else ""
    if not nxt or nxt in "\n\r":
        return None
    prev = text[i - 1] if i > para_start else ""
    if c in "“„«":
        return _CURLY
    if c == '"':
        if (not prev or prev.isspace() or prev in _OPEN_PREV) and not nxt.isspace():
            return _STRAIGHT
        return None
    # single quotes: ‘ or '
    if prev and (prev.isalnum() or (c == "'" and not prev.isspace() and prev not in _OPEN_PREV)):
        return None  # Russia‘s, it's
    if nxt.isspace() or _ELISION_RE.match(text, i):
        return None
    if c == "'" and not (nxt.isalnum() or nxt in "“\"‘…"):
        return None
    return _SINGLE


class _Marks:
    """Sorted positions of closing-mark candidates in a text (built once per document)."""

    def __init__(self, text: str) -> None:
        self.curly: list[int] = []
        self.straight: list[int] = []
        self.single: list[int] = []
        n = len(text)
        for m in re.finditer("[\"”»’'›]", text):
            i = m.start()
            c = text[i]
            prev = text[i - 1] if i > 0 else ""
            nxt = text[i + 1] if i + 1 < n else ""
            if c in "”»":
                self.curly.append(i)
            elif c == '"':
                if prev and not prev.isspace():
                    self.straight.append(i)
            elif prev and not prev.isspace() and not (nxt.isalnum() or (nxt and nxt in "'’")):
                self.single.append(i)

    @staticmethod
    def _first(positions: list[int], lo: int, hi: int) -> int | None:
        k = bisect.bisect_left(positions, lo)
        if k < len(positions) and positions[k] < hi:
            return positions[k]
        return None

    def close(self, text: str, lo: int, hi: int, kind: str) -> int | None:
        """Return the closing mark for a quote of ``kind`` opened before ``lo``, or ``None``."""
        if kind == _CURLY:
            pos = self._first(self.curly, lo, hi)
            return pos if pos is not None else self._first(self.straight, lo, hi)
        if kind == _STRAIGHT:
            a = self._first(self.straight, lo, hi)
            b = self._first(self.curly, lo, hi)
            if a is None or b is None:
                return a if b is None else b
            return min(a, b)
        k = bisect.bisect_left(self.single, lo)
        while k < len(self.single) and self.single[k] < hi:
            pos = self.single[k]
            nxt = text[pos + 1] if pos + 1 < len(text) else ""
            later = k + 1 < len(self.single) and self.single[k + 1] < hi
            # ``workers’ rights``: a plural possessive, when a later candidate exists
            if later and text[pos - 1] in "sS" and nxt == " ":
                k += 1
                continue
            return pos
        return None


def _family(kind: str) -> str:
    return "s" if kind == _SINGLE else "d"


def _scan(text: str, paras: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Return the sorted, non-overlapping ``(start, end)`` spans of all quotations."""
    marks = _Marks(text)
    spans: list[tuple[int, int]] = []
    pi = 0
    pos = paras[0][0] if paras else 0
    while pi < len(paras):
        ps, pe = paras[pi]
        pos = max(pos, ps)
        m = _MARK_RE.search(text, pos, pe)
        if m is None:
            pi += 1
            continue
        pos = m.start()
        kind = _opener_kind(text, pos, ps)
        if kind is None:
            pos += 1
            continue
        close = marks.close(text, pos + 1, pe, kind)
        if close is not None:
            spans.append((pos, close + 1))
            pos = close + 1
            continue
        if kind == _SINGLE and pos != ps:
            pos += 1  # an apostrophe, most likely
            continue
        start, end = pos, pe
        while pi + 1 < len(paras):
            nps, npe = paras[pi + 1]
            nkind = _opener_kind(text, nps, nps)
            if nkind is None or _family(nkind) != _family(kind):
                break
            pi += 1
            close = marks.close(text, nps + 1, npe, nkind)
            if close is not None:
                end = close + 1
                break
            end = npe
        spans.append((start, end))
        pos = end
    return spans


# --------------------------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------------------------

_TOKEN_RE = re.compile(r"[^\s,;:()\[\]{}\"“”„«»!?—–~/…|]+")
_WORD_RE = re.compile(r"[A-Za-z][\w'’-]*")


@dataclass(frozen=True)
class _Tok:
    text: str
    start: int
    end: int
    final: bool  # a full stop that ends a sentence followed this token


def _is_abbrev(word: str) -> bool:
    """Return whether ``word`` (ending in a full stop) is an abbreviation, not a sentence end."""
    core = word[:-1]
    return (
        core.lower() in _HONORIFICS
        or core.lower() in ("st", "jr", "sr", "no", "mt", "ft")
        or (len(core) == 1 and core.isupper())
        or bool(re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", core))
    )


def _tokens(text: str, lo: int, hi: int) -> list[_Tok]:
    """Tokenise ``text[lo:hi]`` into words with offsets (edge apostrophes stripped)."""
    out: list[_Tok] = []
    for m in _TOKEN_RE.finditer(text, lo, hi):
        s, e = m.start(), m.end()
        while s < e and text[s] in "'‘’.-":
            s += 1
        final = False
        while e > s and text[e - 1] in "'‘’.-":
            if text[e - 1] == ".":
                if _is_abbrev(text[s:e]):
                    break
                final = True
            e -= 1
        if s < e:
            out.append(_Tok(text[s:e], s, e, final))
    return out


def _cap(word: str) -> bool:
    """Whether a word is capitalised like a name (``Klitschko``, also ``diGenova``)."""
    return word[:1].isupper() or bool(re.match(r"(?:d[aei]|l[ae]|al|el|van|von|mac)[A-Z]", word))


def _possessive(word: str) -> bool:
    return bool(re.search(r"['’‘]s$", word)) or (len(word) > 2 and word[-1] in "'’")


def _strip_possessive(word: str) -> str:
    return re.sub(r"['’‘]s?$", "", word)


def _honorific(word: str) -> str | None:
    w = word.lower().rstrip(".")
    return w if w in _HONORIFICS else None


def _common_noun(word: str) -> bool:
    """Whether a lowercased word is a person noun or its plural (``critics``, ``MPs``)."""
    return any(
        w in _PERSON_NOUNS
        for w in (word, word[:-1] if word.endswith("s") else "", word[:-2] if
                  word.endswith("es") else "", word[:-3] + "y" if word.endswith("ies") else "")
    )


def _particle_run(toks: list[_Tok], k: int) -> bool:
    """Whether the particle at ``k`` (``von``) is followed by particles and a capital."""
    while k < len(toks) and toks[k].text in _PARTICLES:
        k += 1
    return k < len(toks) and _cap(toks[k].text)


def _runs(text: str, toks: list[_Tok]) -> list[list[_Tok]]:
    """Group tokens into runs of capitalised words (a name, a place, an organisation)."""
    runs: list[list[_Tok]] = []
    cur: list[_Tok] = []
    for k, t in enumerate(toks):
        joined = bool(cur) and text[cur[-1].end : t.start] == " " and not cur[-1].final
        joined = joined and not _possessive(cur[-1].text) if cur else False
        if _cap(t.text) or (cur and t.text in _PARTICLES and _particle_run(toks, k)):
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


_CONTRACTION_RE = re.compile(
    r"(?i)(?:i|you|he|she|it|we|they|that|there|what|who|here|let)['’](?:m|ve|ll|d|s|re)$"
)


def _word_before(text: str, toks: list[_Tok], k: int) -> str:
    """The lowercase word right before token ``k`` (separated by one space only), or ``""``."""
    if k == 0 or text[toks[k - 1].end : toks[k].start] != " " or toks[k - 1].final:
        return ""
    return toks[k - 1].text.lower()


@dataclass(frozen=True)
class _Name:
    name: str
    start: int
    end: int
    person: bool
    gender: str | None
    honorific: bool


def _name_of_run(text: str, run: list[_Tok], before: str = "") -> _Name | None:
    """Turn a capitalised run into a name without titles, roles and possessive owners.

    Args:
        text: The document text.
        run: The run's tokens.
        before: The lowercase word just before the run (a role such as ``mayor``), if any.
    """
    toks = [t for t in run if not _CONTRACTION_RE.match(t.text)]
    if len(toks) != len(run):
        return None  # "I’ve", "It’s": not a name
    gender = _GENDER_NOUNS.get(before)
    has_hon = False
    # leading sentence words and days: "The", "On Monday"
    while toks and toks[0].text.lower().rstrip(".") in _STOP_CAPS and not _honorific(
        toks[0].text
    ):
        toks.pop(0)
    # possessive owners: "Tolvany's Foreign Minister X" -> "Foreign Minister X"
    for k in range(len(toks) - 1, -1, -1):
        if k < len(toks) - 1 and _possessive(toks[k].text):
            toks = toks[k + 1 :]
            break
    # honorifics: "Chief Executive Ms. Rhoswen Talbridge" -> "Rhoswen Talbridge"
    for k in range(len(toks) - 1, -1, -1):
        h = _honorific(toks[k].text)
        if h is not None and k < len(toks) - 1:
            gender = _HONORIFICS[h] or gender
            has_hon = True
            toks = toks[k + 1 :]
            break
    if not toks:
        return None
    # roles: "Defence Minister Ilsa Varrow" -> "Ilsa Varrow"
    role_cut = -1
    for k, t in enumerate(toks[:-1]):
        if t.text.lower() in _ROLE_WORDS:
            role_cut = k
    had_role = role_cut >= 0 or before in _PERSON_NOUNS
    if role_cut >= 0:
        gender = _GENDER_NOUNS.get(toks[role_cut].text.lower(), gender)
        toks = toks[role_cut + 1 :]
    if not toks:
        return None
    last = toks[-1]
    start, end = toks[0].start, last.end
    if _possessive(last.text):
        end -= len(last.text) - len(_strip_possessive(last.text))
    name = " ".join([t.text for t in toks[:-1]] + [_strip_possessive(last.text)])
    if not name or not _WORD_RE.match(name):
        return None
    words = name.split()
    lowered = [w.lower().strip(".") for w in words]
    if all(w in _ROLE_WORDS for w in lowered) or (len(words) == 1 and _common_noun(lowered[0])):
        return None  # "Minister", "Critics", "Police": not names
    non_person = any(w in _NON_PERSON for w in lowered) or any(
        w.isupper() and len(w) > 1 for w in words
    )
    person = (has_hon or had_role or 2 <= len(words) <= 4) and not non_person
    if not has_hon and any(not re.fullmatch(r"[A-Z][\w'’-]*\.?", w) for w in words if
                           w not in _PARTICLES):
        person = False
    return _Name(name, start, end, person, gender, has_hon)


# --------------------------------------------------------------------------------------------
# Attribution
# --------------------------------------------------------------------------------------------

_VERB_RE = re.compile(r"(?<![\w'’-])(?:put it|[Aa]ccording to|[a-z]+)(?![\w'’-])")
_TIME_TAIL_RE = re.compile(
    r"(?:\s+(?:last|this|next|on|earlier|late|early|in|at)\s+(?:week|month|year|night|weekend"
    r"|morning|afternoon|evening|[A-Z][a-z]+day|January|February|March|April|May|June|July"
    r"|August|September|October|November|December|\d{4}))+\s*"
)
"""A time phrase between a subject and its verb (``Putin last week said``)."""

_CONTEXT = 400
"""Characters before a quote (and before a verb) searched for its attribution."""

_MAX_VERBS = 8
"""Speech verbs before a quote tried, nearest first."""

_DESCRIPTOR_RE = re.compile(
    r"(?:^|(?<=\s))(?P<det>[Tt]he|[Aa]n?|[Tt]his|[Tt]hat|[Hh]is|[Hh]er|[Tt]heir|[Oo]ne)\s+"
    r"(?P<mods>(?:[\w'’-]+\s+){0,3}?)(?P<head>[\w'’-]+)\s*$"
)
_YEAR_OLD_RE = re.compile(r"^\d+-year-old$")


@dataclass(frozen=True)
class _Subject:
    """Who a speech verb's subject is, before pronouns are resolved."""

    kind: str  # "name", "pronoun", "descriptor", "none"
    name: str | None
    start: int | None
    end: int | None
    gender: str | None = None


_NONE = _Subject("none", None, None, None)


class _Doc:
    """Per-document state: text, masked text, sentences and person mentions."""

    def __init__(self, text: str, spans: list[tuple[int, int]], paras: list[tuple[int, int]]):
        self.text = text
        self.spans = spans
        self.paras = paras
        chars = list(text)
        for s, e in spans:
            for k in range(s, e):
                if chars[k] not in "\n\r":
                    chars[k] = "~"
        self.masked = "".join(chars)
        self.sent_starts = self._sentence_starts()
        self.para_starts = [s for s, _ in paras]
        self.weak_ends: list[int] = []
        self.mentions: list[_Name] = []
        self.mention_ends: list[int] = []
        self.weak: list[_Name] = []
        self.full_names: dict[str, list[tuple[int, str]]] = {}
        self._collect_mentions()

    # ----------------------------------------------------------------- structure

    def _sentence_starts(self) -> list[int]:
        """Sentence start offsets (from the project segmenter; paragraphs as a fallback)."""
        starts = [s for s, _ in self.paras]
        try:
            from framing.text.segment import segment

            starts += [s.start for s in segment(self.text)]
        except Exception:  # noqa: BLE001 - the segmenter is optional here; never raise
            pass
        return sorted(set(starts))

    def sentence_start(self, pos: int) -> int:
        k = bisect.bisect_right(self.sent_starts, pos) - 1
        return self.sent_starts[k] if k >= 0 else 0

    def para_bounds(self, pos: int) -> tuple[int, int]:
        k = bisect.bisect_right(self.para_starts, pos) - 1
        if k < 0:
            return 0, len(self.text)
        return self.paras[k]

    # ----------------------------------------------------------------- mentions

    def _collect_mentions(self) -> None:
        text, masked = self.text, self.masked
        found: list[_Name] = []
        for ps, pe in self.paras:
            toks = _tokens(masked, ps, pe)
            index = {id(t): k for k, t in enumerate(toks)}
            for run in _runs(masked, toks):
                name = _name_of_run(text, run, _word_before(masked, toks, index[id(run[0])]))
                if name is not None:
                    found.append(name)
        surnames: dict[str, list[tuple[int, str]]] = {}
        for n in found:
            if n.person and len(n.name.split()) >= 2:
                surnames.setdefault(n.name.split()[-1], []).append((n.start, n.name))
        self.full_names = surnames
        genders: dict[str, str] = {}
        for n in found:
            if n.person and n.gender:
                genders.setdefault(n.name, n.gender)
        for n in found:
            words = n.name.split()
            one = len(words) == 1 and words[0] not in surnames and not n.name.isupper()
            if not n.person and one:
                # "Klitschko has also made …": a one-word subject, a fallback antecedent
                follow = re.match(r"\s+([a-z]+)", masked[n.end : n.end + 30])
                if follow and (follow.group(1) in _AUX or follow.group(1) in _SPEECH_VERBS) and (
                    n.name.lower() not in _NON_PERSON
                ):
                    self.weak.append(n)
            if n.person or (len(words) == 1 and words[0] in surnames):
                full = self.canonical(n.name, n.start)
                g = n.gender or genders.get(full)
                self.mentions.append(_Name(full, n.start, n.end, True, g, n.honorific))
        for n in self.mentions:
            if n.gender:
                genders.setdefault(n.name, n.gender)
        self.mentions = [
            _Name(n.name, n.start, n.end, True, n.gender or genders.get(n.name), n.honorific)
            for n in self.mentions
        ]
        self.mention_ends = [n.end for n in self.mentions]
        self.weak_ends = [n.end for n in self.weak]

    def canonical(self, name: str, pos: int) -> str:
        """Expand a one-word name to the full name of that person in the document.

        The closest full name before ``pos`` whose last word is ``name`` wins, else the first
        one after it; other names are returned unchanged.
        """
        fulls = self.full_names.get(name) if " " not in name else None
        if not fulls:
            return name
        k = bisect.bisect_right(fulls, (pos, "\uffff"))
        return fulls[k - 1][1] if k > 0 else fulls[0][1]

    def resolve(self, pos: int, gender: str | None) -> str | None:
        """Return the most recent person named before ``pos`` (not of the other gender).

        Persons are multi-word names that are not places or organisations, names with a title
        or a role, and surnames of those. When there is none, a one-word name that is the
        subject of a verb (``Klitschko has also made …``) is used.
        """
        k = bisect.bisect_right(self.mention_ends, pos)
        for j in range(k - 1, -1, -1):
            n = self.mentions[j]
            if gender and n.gender and n.gender != gender:
                continue
            return n.name
        k = bisect.bisect_right(self.weak_ends, pos)
        return self.weak[k - 1].name if k > 0 else None

    # ----------------------------------------------------------------- subjects

    def subject_before(self, lo: int, hi: int) -> tuple[_Subject, bool, bool]:
        """Analyse ``masked[lo:hi]``, the words before a speech verb.

        Returns:
            The subject, whether the verb is passive (``was asked``), and whether the
            verb is coordinated (``… and said``) so that the subject is an earlier verb's.
        """
        masked = self.masked
        lo = max(lo, hi - _CONTEXT)
        when = _TIME_TAIL_RE.search(masked, max(lo, hi - 60), hi)
        if when is not None and when.end() == hi:
            hi = when.start()
        words = list(re.finditer(r"[\w'’.-]+|[,—–(~:;]", masked[lo:hi]))
        passive = False
        while words and (
            words[-1].group() in _AUX or (words[-1].group().endswith("ly")
                                          and words[-1].group().islower())
        ):
            passive = passive or words[-1].group() in _PASSIVE_AUX
            words.pop()
        if not words:
            return _NONE, passive, False
        last = words[-1].group()
        end = lo + words[-1].end()
        if last in _CONJ:
            return _NONE, passive, True
        if last.lower() in _PRONOUNS:
            s = lo + words[-1].start()
            return _Subject("pronoun", None, s, end, _PRONOUNS[last.lower()]), passive, False
        if last.lower() in _OTHER_PRONOUNS:
            return _NONE, passive, False
        if last in ",—–(":
            return self._name_in_segments(lo, end - 1, after_comma=True), passive, False
        desc = self._descriptor(lo, end)
        if desc is not None:
            return desc, passive, False
        return self._name_in_segments(lo, end, after_comma=False), passive, False

    def _descriptor(self, lo: int, hi: int, at_start: bool = False) -> _Subject | None:
        """A person description ending at ``hi`` (or starting at ``lo``), if any."""
        seg = self.masked[lo:hi]
        if at_start:
            m = re.match(
                r"\s*(?P<det>[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Tt]heir|[Oo]ne)\s+"
                r"(?P<mods>(?:[\w'’-]+\s+){0,3}?)(?P<head>[\w'’-]+)(?=\s*(?:[,.;!?—–]|$))",
                seg,
            )
        else:
            m = _DESCRIPTOR_RE.search(seg)
        if m is None:
            return None
        head = m.group("head")
        if not (head.lower() in _PERSON_NOUNS or _YEAR_OLD_RE.match(head)):
            return None
        if any(_cap(w) for w in m.group("mods").split()) and head.lower() in _ROLE_WORDS and \
                not head.islower():
            return None
        s, e = lo + m.start("det"), lo + m.end("head")
        if m.group("det").lower() != "the":
            return _Subject("descriptor_indef", None, s, e)
        return _Subject("descriptor", None, s, e, _GENDER_NOUNS.get(head.lower()))

    def _name_in_segments(self, lo: int, hi: int, after_comma: bool) -> _Subject:
        """Find the subject name in ``masked[lo:hi]`` (text before a verb).

        The text is split at commas and dashes; the segment next to the verb is the subject
        unless the verb follows a comma or dash (``after_comma``) or the segment is a
        predicate (``had the nerve to``); then appositives (segments that open in lower case
        or with a digit: ``, chair of the board,``) are skipped back to the name.
        """
        masked = self.masked
        bounds = [lo]
        for m in re.finditer(r"[,—–(]|\s-\s", masked[lo:hi]):
            bounds.append(lo + m.start())
            bounds.append(lo + m.end())
        bounds.append(hi)
        segs = [(bounds[k], bounds[k + 1]) for k in range(0, len(bounds), 2)]
        first = True
        for s, e in reversed(segs):
            seg = masked[s:e]
            stripped = seg.strip()
            if first and not after_comma:
                first = False
                if stripped:
                    got = self._name_in(s, e, adjacent=True)
                    if got is not None:
                        return got
                    w0 = stripped.split()[0]
                    if w0.lower() in _DETERMINERS or _cap(w0) or w0.lower() in _CONJ:
                        return _NONE
                    if w0[0].isdigit():
                        return _NONE
                continue
            first = False
            if not stripped or stripped.startswith("~"):
                continue
            if not _cap(stripped) or stripped[0].isdigit():
                continue  # an appositive: ", chair of the board," / ", 54,"
            got = self._name_in(s, e)
            if got is not None:
                return got
            return _NONE
        return _NONE

    def _name_in(self, lo: int, hi: int, pick: str = "auto",
                 adjacent: bool = False) -> _Subject | None:
        """The name in ``masked[lo:hi]``.

        ``pick`` is ``"first"`` or ``"last"`` (the first or last name run), or ``"auto"``:
        the first run with a title (``Dr.``) if any, else the last run. With ``adjacent``
        the name must end the text (it is the subject right before the verb): ``what
        Islamic texts say`` has no speaker.
        """
        masked, text = self.masked, self.text
        seg = masked[lo:hi]
        m = _SPECIAL_ROLES.search(seg)
        cut_lo = lo + m.end() if m else lo
        # "X of the Y": keep the head when it holds a name
        cut = re.search(r"\s(?:of|from|at|for|in|with|on)\s", masked[cut_lo:hi])
        parts = [(cut_lo, cut_lo + cut.start()), (cut_lo + cut.end(), hi)] if cut else [
            (cut_lo, hi)]
        for a, b in parts:
            toks = _tokens(masked, a, b)
            index = {id(t): k for k, t in enumerate(toks)}
            names: list[tuple[_Name, list[_Tok]]] = []
            for run in _runs(masked, toks):
                n = _name_of_run(text, run, _word_before(masked, toks, index[id(run[0])]))
                if n is not None:
                    names.append((n, run))
            if not names:
                continue
            with_hon = [x for x in names if x[0].honorific] if pick == "auto" else []
            chosen, run = (with_hon or names)[0 if (pick == "first" or with_hon) else -1]
            name = chosen.name
            # "Mr. Quist's office": a possessive name and an institutional noun
            last = run[-1]
            tail = masked[last.end : b].split()
            if adjacent and tail and not (_possessive(last.text) and len(tail) <= 2):
                continue
            if _possessive(last.text):
                rest = masked[last.end : b].split()
                if rest and rest[-1] in _ORG_NOUNS and len(rest) <= 2:
                    apos = text[chosen.end : last.end]
                    return _Subject("name", f"{name}{apos} {' '.join(rest)}", chosen.start,
                                    last.end + len(masked[last.end : b].rstrip()))
                return None
            return _Subject("name", name, chosen.start, chosen.end, chosen.gender)
        return None

    def subject_after(self, lo: int, hi: int) -> _Subject:
        """Analyse ``masked[lo:hi]``, the words after a speech verb (``said X, a teacher``)."""
        masked = self.masked
        seg = masked[lo:hi]
        m = re.match(r"\s*(\w+)", seg)
        if m is None:
            return _NONE
        w = m.group(1)
        if w.lower() in _PRONOUNS:
            return _Subject("pronoun", None, lo + m.start(1), lo + m.end(1), _PRONOUNS[w.lower()])
        if w.lower() in _OTHER_PRONOUNS:
            return _NONE
        cut = re.search(r"[,—–(;:]", seg)
        e = lo + cut.start() if cut else hi
        desc = self._descriptor(lo, e, at_start=True)
        got = None if desc is not None else self._name_in(lo, e, pick="first")
        if got is None and cut is not None and masked[e] == ",":
            # "said Kyiv's deputy mayor, Mykola Povoroznyk": a name in apposition
            nxt = re.match(r"\s*([^,;:.—–(]*)", masked[e + 1 : hi])
            if nxt and _cap(nxt.group(1)):
                got = self._name_in(e + 1, e + 1 + nxt.end(1), pick="first")
                if got is not None and not self._is_person_name(got):
                    got = None
        if got is not None:
            return got
        return desc if desc is not None else _NONE

    def _is_person_name(self, subj: _Subject) -> bool:
        return any(n.name == subj.name or n.name.endswith(" " + (subj.name or ""))
                   for n in self.mentions) or len((subj.name or "").split()) >= 2

    def finish(self, subj: _Subject) -> tuple[str | None, int | None, int | None]:
        """Resolve a subject to ``(speaker, start, end)``."""
        if subj.kind == "name" and subj.name:
            return self.canonical(subj.name, subj.start or 0), subj.start, subj.end
        if subj.kind in ("pronoun", "descriptor") and subj.start is not None:
            name = self.resolve(subj.start, subj.gender)
            if name is not None:
                return name, subj.start, subj.end
        return None, None, None


def _verbs(masked: str, lo: int, hi: int) -> list[re.Match[str]]:
    return [
        m for m in _VERB_RE.finditer(masked, lo, hi)
        if m.group() in _SPEECH_VERBS or m.group() in ("put it", "according to", "According to")
    ]


def _clause_stop(masked: str, lo: int, hi: int) -> int | None:
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
            if w and _is_abbrev(w.group()):
                continue
        return pos
    return None


def _ends_for_after(text: str, q_start: int, q_end: int) -> str | None:
    """How a quote ends: ``","``, ``"?"`` (also ``!``, ``…``, dashes), ``"."`` or ``None``."""
    inner = text[q_start + 1 : q_end - 1].rstrip() if q_end - q_start >= 2 else ""
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


class _Attributor:
    """Finds the speaker of each quote of a document."""

    def __init__(self, doc: _Doc) -> None:
        self.doc = doc

    def after(self, k: int) -> tuple[tuple[str | None, int | None, int | None], int, int] | None:
        """An attribution after quote ``k``: ``(speaker, span), clause start, clause end``."""
        doc = self.doc
        text, masked = doc.text, doc.masked
        qs, qe = doc.spans[k]
        ending = _ends_for_after(text, qs, qe)
        if ending is None:
            return None
        _, pe = doc.para_bounds(qs)
        nxt = doc.spans[k + 1][0] if k + 1 < len(doc.spans) else pe
        limit = min(pe, nxt)
        m = re.match(r"[\s,]*(?:[—–-]\s*)?", masked[qe:limit])
        lo = qe + (m.end() if m else 0)
        stop = _clause_stop(masked, lo, limit)
        clause_end = stop if stop is not None else limit
        if masked[clause_end : clause_end + 1] == ":" or (
            stop is None and nxt < pe and masked[lo:nxt].rstrip().endswith(":")
        ):
            return None  # "“…?” Trump replied: “…”" introduces the next quote
        if clause_end <= lo:
            return None
        clause = masked[lo:clause_end]
        if ending == "." and (len(clause.split()) > 6 or not _cap(clause.strip())):
            return None
        verbs = _verbs(masked, lo, clause_end)
        if not verbs:
            return None
        v = verbs[0]
        words_before = masked[lo : v.start()].split()
        if len(words_before) > (8 if ending == "," else 5):
            return None
        if ending != "," and "," in masked[lo : v.start()]:
            return None  # "“…?” The Department of Justice's settlement, confirmed …"
        if ending == "." and not (v.group() in ("said", "told", "wrote", "says", "added")
                                  or v.group().endswith("ed")):
            return None  # "“…it.” Well, why repeat it then?"
        stop_end = clause_end + (1 if stop is not None and masked[clause_end] in ".!?" else 0)
        stop_end = max(stop_end, lo)
        if not masked[lo : v.start()].strip():
            subj = doc.subject_after(v.end(), clause_end)
        else:
            subj, passive, coord = doc.subject_before(lo, v.start())
            if passive or coord:
                return None
        if subj.kind == "none":
            return None
        return doc.finish(subj), lo, stop_end

    def before(self, k: int) -> tuple[tuple[str | None, int | None, int | None], int | None,
                                      int | None, bool] | None:
        """The last speech verb before quote ``k`` in its sentence.

        Returns:
            ``None`` when there is none; else the speaker triple, the attribution clause
            (only for a clause that introduces the whole quote, else ``None, None``), and
            whether a clause was found at all.
        """
        doc = self.doc
        masked = doc.masked
        qs, qe = doc.spans[k]
        lo = doc.sentence_start(qs)
        ps, _ = doc.para_bounds(qs)
        lo = max(lo, ps, qs - _CONTEXT)
        if not masked[lo:qs].strip(" ~"):
            return None
        intro = bool(re.search(r"[:,]\s*$", masked[lo:qs]))
        headline = re.fullmatch(r"\s*([^:~]{1,60}?)\s*:\s*", masked[lo:qs])
        if headline and not re.search(r"\b[a-z]", headline.group(1)) and (
            headline.group(1).split()[0].lower() not in _HEADLINE_LABELS
        ):
            # "Klitschko: ‘We may have to give up land’"
            got = doc._name_in(lo, lo + headline.end(1), pick="last")
            if got is not None:
                return doc.finish(got), lo + headline.start(1), qs, True
        candidates: list[tuple[int, str, re.Match[str] | None]] = []
        for v in _verbs(masked, lo, qs):
            candidates.append((v.end(), "verb", v))
        for m in re.finditer(r"([\w.'’-]+)['’]s((?:\s+[a-z-]+){1,3})", masked[lo:qs]):
            if any(w in _SPEECH_NOUNS for w in m.group(2).split()):
                candidates.append((lo + m.end(), "noun", m))
        candidates.sort(key=lambda c: c[0])
        candidates = candidates[-_MAX_VERBS:]
        coordinated = False
        for _end, kind, v in reversed(candidates):
            if v is None:
                continue
            if kind == "noun":
                name_end = lo + v.end(1)
                seg = re.search(r"(?:[,—–(;]|^)[^,—–(;]*$", masked[lo:name_end])
                seg_lo = lo + seg.start() if seg else lo
                got = doc._name_in(seg_lo, name_end, pick="last")
                if got is None:
                    continue
                return doc.finish(got), None, None, True
            word = v.group()
            if word.lower() == "according to":
                cut = re.search(r"[,;:]", masked[v.end() : qs])
                e = v.end() + cut.start() if cut else qs
                sub = doc.subject_after(v.end(), e)
                return doc.finish(sub), None, None, True
            if word in _WEAK_VERBS and not re.fullmatch(r"\s*[:,]\s*", masked[v.end() : qs]):
                continue
            subj, passive, coord = doc.subject_before(lo, v.start())
            prev = masked[lo : v.start()].rstrip()
            if subj.kind == "none" and not re.search(r"\w", prev):
                # "“…,” said X, the governor, “…”": the verb comes before its subject
                cut = re.search(r"[,;:—–]", masked[v.end() : qs])
                subj = doc.subject_after(v.end(), v.end() + cut.start() if cut else qs)
            if word in _PARTICIPLE_NAMING and _participle(prev, masked[qe:]):
                passive = True
            if passive and not word.endswith("ing"):
                by = re.match(r"\s*by\s+", masked[qe:])
                if by and _cap(masked[qe + by.end() : qe + by.end() + 1]):
                    sub = doc.subject_after(qe + by.end(), doc.para_bounds(qs)[1])
                    if sub.kind == "name":
                        return doc.finish(sub), None, None, True
                return (None, None, None), None, None, True
            if coord:
                coordinated = True
                continue
            if subj.kind == "none":
                if coordinated:
                    continue
                # a possessive noun or an invalid subject: keep looking further back
                words = prev.split()
                if words and (words[-1].lower() in _DETERMINERS or _possessive(words[-1])):
                    continue
                return (None, None, None), None, None, True
            spk = doc.finish(subj)
            if intro and subj.start is not None:
                return spk, subj.start, qs, True
            return spk, None, None, True
        if coordinated:
            # "Smith arrived in Kyiv and said …": the first name of the clause
            got = doc._name_in(lo, qs, pick="first")
            if got is not None:
                return doc.finish(got), None, None, True
        return None


def _build(text: str) -> list[Quote]:
    paras = [(m.start(), m.end()) for m in _PARA_RE.finditer(text)]
    spans = _scan(text, paras)
    if not spans:
        return []
    doc = _Doc(text, spans, paras)
    att = _Attributor(doc)
    quotes: list[Quote] = []
    prev_tail: int | None = None  # where the previous quote's attribution (or it) ends
    for k, (qs, qe) in enumerate(spans):
        speaker: tuple[str | None, int | None, int | None] = (None, None, None)
        a_start: int | None = None
        a_end: int | None = None
        found = False
        after = att.after(k)
        if after is not None:
            speaker, a_start, a_end = after
            found = True
        else:
            before = att.before(k)
            if before is not None:
                speaker, a_start, a_end, found = before
        if not found and quotes and prev_tail is not None:
            gap = doc.masked[prev_tail:qs]
            if not re.search(r"\w", gap):
                p = quotes[-1]
                speaker = (p.speaker, p.speaker_start, p.speaker_end)
        quotes.append(Quote(qs, qe, *speaker, a_start, a_end))
        prev_tail = a_end if (a_end is not None and a_end > qe) else qe
    return quotes


def find_quotes(text: str) -> list[Quote]:
    """Find the quotations of a cleaned document and their speakers.

    Args:
        text: Cleaned document text (:func:`framing.text.clean.clean_text`: one paragraph
            per line, curly quotes kept). Any string is accepted.

    Returns:
        The quotes, sorted by position and never overlapping. Spans include the quotation
        marks; see the module docstring for the conventions.

    Example:
        >>> q = find_quotes("“It is over,” Klitschko said.")
        >>> (q[0].start, q[0].end, q[0].speaker)
        (0, 13, 'Klitschko')
    """
    if not isinstance(text, str) or not text:
        return []
    return _build(text)


_LAST_PREFIX: list = [None, None]
"""The last document and its prefix counts: callers ask for every sentence of a document in
turn, and rebuilding the counts each time made long documents quadratic."""


def _nonspace_prefix(text: str | None) -> list[int] | None:
    if text is None:
        return None
    if _LAST_PREFIX[0] is text:
        return _LAST_PREFIX[1]
    out = [0]
    total = 0
    for c in text:
        total += not c.isspace()
        out.append(total)
    _LAST_PREFIX[0], _LAST_PREFIX[1] = text, out
    return out


def _count(prefix: list[int] | None, a: int, b: int) -> int:
    if b <= a:
        return 0
    if prefix is None:
        return b - a
    return prefix[b] - prefix[a]


def _voice(quotes: Sequence[Quote], starts: list[int], prefix: list[int] | None, start: int,
           end: int) -> tuple[str, str | None]:
    total = _count(prefix, start, end)
    if total <= 0:
        return AUTHOR, None
    inside = 0
    best: Quote | None = None
    best_n = 0
    attributed = 0
    k = max(bisect.bisect_right(starts, start) - 1, 0)
    # attribution clauses may sit before the quote they belong to: look one quote further
    for q in quotes[max(k - 1, 0) :]:
        if q.start >= end and (q.attribution_start is None or q.attribution_start >= end):
            break
        n = _count(prefix, max(start, q.start), min(end, q.end))
        if n > 0:
            inside += n
            if n > best_n:
                best, best_n = q, n
        if q.attribution_start is not None and q.attribution_end is not None:
            attributed += _count(prefix, max(start, q.attribution_start),
                                 min(end, q.attribution_end))
    own = total - inside - attributed
    if inside > 0 and inside >= own and best is not None:
        return QUOTED, best.speaker
    return AUTHOR, None


def voice_of_span(
    quotes: Sequence[Quote], start: int, end: int, *, text: str | None = None
) -> tuple[str, str | None]:
    """Return the voice and speaker of a character span of the document.

    A span is ``"quoted"`` when at least half of its characters lie inside quotes, not
    counting characters of a whole quote's attribution clause (``said Mira Dolan, a
    teacher.``); otherwise it is ``"author"``. So a term inside a quote is quoted and a
    sentence that is mostly a quote is quoted. The speaker of a quoted span is that of the
    quote it overlaps most (the first on a tie); an author span has speaker ``None``.

    Args:
        quotes: The document's quotes, from :func:`find_quotes`.
        start: Offset of the span's first character in the document text.
        end: One past its last character.
        text: The document text. When given, only non-space characters are counted
            (recommended for sentences); otherwise every character counts.

    Returns:
        ``("quoted", speaker)`` or ``("author", None)``.
    """
    starts = [q.start for q in quotes]
    prefix = _nonspace_prefix(text) if text is not None else None
    if prefix is not None:
        start = min(max(start, 0), len(prefix) - 1)
        end = min(max(end, 0), len(prefix) - 1)
    return _voice(quotes, starts, prefix, start, end)


def annotate_sentences(text: str, sentences: Sequence[Sentence]) -> list[tuple[str, str | None]]:
    """Return the voice and speaker of every sentence of a document.

    Args:
        text: The cleaned document text the sentences' offsets refer to.
        sentences: The sentences, e.g. from :func:`framing.text.segment.segment`.

    Returns:
        One ``(voice, speaker)`` per sentence, as :func:`voice_of_span` with the text
        (non-space characters counted); the document's quotes are found once.
    """
    quotes = find_quotes(text)
    starts = [q.start for q in quotes]
    prefix = _nonspace_prefix(text)
    out = []
    n = len(prefix) - 1 if prefix else 0
    for s in sentences:
        a = min(max(s.start, 0), n)
        b = min(max(s.end, 0), n)
        out.append(_voice(quotes, starts, prefix, a, b))
    return out
