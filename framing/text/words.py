"""Word tokens with character offsets, normalisation and a rule-based lemma fallback.

The one word tokenizer of the package: lexicon lookups, emotion shares, loaded terms per 1,000
words and distinctive terms all count words with :func:`tokenize`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

_WORD = re.compile(r"[^\W\d_]+(?:['’\-‐][^\W\d_]+)*")
_POSSESSIVE = frozenset({"'s", "’s"})
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


@lru_cache(maxsize=1 << 17)
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
    append, norm = out.append, normalize
    for m in _WORD.finditer(text):
        word = m.group()
        start, end = m.span()
        if word[-2:] in _POSSESSIVE and len(word) > 2:
            word, end = word[:-2], end - 2
        append(Token(word, start, end, norm(word)))
    return out


_CLAUSE_PUNCT = frozenset(".!?:;([{—–")
_OPENING_QUOTES = frozenset("“‘\"'")


def proper_noun_flags(text: str, tokens: list[Token]) -> list[bool]:
    """Which tokens look like names: capitalised, not all capitals, not clause-initial.

    A token is clause-initial when it is the first token, when the characters between it and
    the previous token contain clause punctuation (``. ! ? : ; ( —`` ...), or when it directly
    follows an opening quote (``“Stop``).
    Lexicon hits on such capitalised words (``"Trump"``, ``"Hope"``, ``"Justice"``) are mostly
    names, not emotive vocabulary.

    Args:
        text: The text the tokens came from.
        tokens: Its tokens (:func:`tokenize`).

    Returns:
        One flag per token.
    """
    flags: list[bool] = []
    prev_end = -1
    for tok in tokens:
        w = tok.text
        if w[0].isupper() and not (len(w) > 1 and w.isupper()) and prev_end >= 0:
            gap = text[prev_end:tok.start]
            initial = any(c in _CLAUSE_PUNCT for c in gap) or (
                gap[-1:] in _OPENING_QUOTES and gap[-1:] != "")
            flags.append(not initial)
        else:
            flags.append(False)
        prev_end = tok.end
    return flags


@lru_cache(maxsize=1 << 16)
def singular_candidates(word: str) -> tuple[str, ...]:
    """The word, then its singular by plural-suffix stripping (``-ies``, ``-es``, ``-s``)."""
    cands = [word]
    if word.endswith("ies") and len(word) >= 6:
        cands.append(word[:-3] + "y")
        return tuple(cands)
    if word.endswith("es") and word[-3:-2] in {"s", "x", "z", "h"} and len(word) >= 5:
        cands.append(word[:-2])
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) >= 4:
        cands.append(word[:-1])
    return tuple(dict.fromkeys(cands))


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
    else:
        if word.endswith("es") and word[-3:-2] in {"s", "x", "z", "h"}:
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
