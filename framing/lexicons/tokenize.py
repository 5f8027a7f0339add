"""Word tokens with character offsets, normalisation and a rule-based lemma fallback."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

_WORD = re.compile(r"[^\W\d_]+(?:['’\-‐][^\W\d_]+)*")
_POSSESSIVE = ("'s", "’s")
_VOWELS = frozenset("aeiou")


class Token(NamedTuple):
    """A word token.

    Attributes:
        text: The token as it appears in the text.
        start: Character offset of its first character.
        end: Character offset just after its last character (``text == s[start:end]``).
        norm: Lower-cased form used for lexicon lookups (curly apostrophes straightened).
    """

    text: str
    start: int
    end: int
    norm: str


def normalize(word: str) -> str:
    """Lower-case a word, straighten apostrophes and hyphens, drop a possessive ``'s``."""
    w = word.lower().replace("’", "'").replace("‐", "-")
    if w.endswith("'s") and len(w) > 2:
        w = w[:-2]
    return w


def tokenize(text: str) -> list[Token]:
    """Split text into word tokens (letters, inner apostrophes and hyphens) with offsets.

    Numbers and punctuation are not tokens. A possessive ``'s`` is left out of the token's span
    (``"Putin's"`` gives ``"Putin"``); hyphenated words stay one token (``"full-scale"``).

    Args:
        text: Any string.

    Returns:
        Tokens in text order.
    """
    out: list[Token] = []
    for m in _WORD.finditer(text):
        word, start, end = m.group(), m.start(), m.end()
        if word.endswith(_POSSESSIVE) and len(word) > 2:
            word, end = word[:-2], end - 2
        out.append(Token(word, start, end, normalize(word)))
    return out


@lru_cache(maxsize=1 << 16)
def lemma_candidates(word: str) -> tuple[str, ...]:
    """The word itself, then suffix-stripped forms to try when a lexicon lacks the word.

    A deliberately simple fallback (no dictionary): plural ``-ies/-es/-s``, past ``-ied/-ed``,
    gerund ``-ing`` (with undoubling and a restored ``e``) and adverb ``-ly``. Stems shorter
    than three letters are not produced. Lexicons take the first candidate they contain, so a
    form they list themselves always wins.

    Args:
        word: A normalised word (see :func:`normalize`).

    Returns:
        Candidates, most specific first, without duplicates.
    """
    cands = [word]

    def add(stem: str, *endings: str) -> None:
        if len(stem) >= 3:
            cands.extend(stem + e for e in endings)

    if word.endswith("ies"):
        add(word[:-3], "y")
    elif word.endswith("es") and word[-3:-2] in {"s", "x", "z", "h"}:
        add(word[:-2], "")
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        add(word[:-1], "")
    if word.endswith("ied"):
        add(word[:-3], "y")
    elif word.endswith("ed"):
        stem = word[:-2]
        add(stem, "", "e")
        if len(stem) >= 4 and stem[-1] == stem[-2] and stem[-1] not in _VOWELS:
            add(stem[:-1], "")
    if word.endswith("ing"):
        stem = word[:-3]
        add(stem, "", "e")
        if len(stem) >= 4 and stem[-1] == stem[-2] and stem[-1] not in _VOWELS:
            add(stem[:-1], "")
    if word.endswith("ily"):
        add(word[:-3], "y")
    elif word.endswith("ly"):
        add(word[:-2], "", "e")
    return tuple(dict.fromkeys(cands))
