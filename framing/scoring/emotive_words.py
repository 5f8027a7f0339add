"""Loaded terms decided word by word: the tagger's evidence, the lexicons, one story per sentence.

``emotive.minilm-words.v1`` runs the same trunk and tagger branch as
``emotive.minilm-ptc-tagger.v1`` and then scores every word with a small logistic head over
:data:`WORD_FEATURES`: the tagger's two type logits, the lexicon evidence of
:func:`framing.lexicons.detect.word_features` (persuasion-index lists, VADER negativity, NRC,
Empath, word frequency, adjective suffix), the neighbouring words' tagger probabilities and the
word's shape (capitalised, all capitals, first word, function word). The head was trained by
``framing train emotive-words`` on PTC articles the tagger never trained on and on BABE's
expert-marked biased words (``framing/models/emotive_words/MODEL_CARD.md``).

One story per sentence: a word is part of a loaded term exactly when its probability reaches
the card's threshold, a term's score is the highest word probability inside it, and the
sentence's ``emotive`` is the highest word probability of the sentence. So ``emotive`` at or
above the threshold always has a term to show, and below it never has one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from framing.errors import ConfigError, ModelUnavailableError
from framing.lexicons.detect import feature_vector
from framing.lexicons.detect import word_features as lexicon_features
from framing.models.artifacts import EMOTIVE_WORDS_DIR, TAGGER_DIR
from framing.models.encoder import DEFAULT_ENCODER
from framing.models.heads import LinearHead
from framing.models.tagging import EDGE_WORDS, Span, tidy_span, words_of
from framing.scoring.base import read_card
from framing.scoring.emotive_tagger import EmotiveTaggerScorer, TaggerState
from framing.scoring.registry import register

LEXICON_FEATURES: tuple[str, ...] = tuple(feature_vector(lexicon_features("word")))
"""The lexicon evidence per word, in column order."""
WORD_FEATURES: tuple[str, ...] = (
    "logit_loaded_language", "logit_name_calling", *LEXICON_FEATURES,
    "previous_word_p", "next_word_p", "capitalised", "all_capitals", "first_word",
    "function_word", "no_letter", "length",
)
"""Columns of the word-feature matrix the head reads (:func:`word_matrix`)."""
_EPS = 1e-6
_FUNCTION_WORD = WORD_FEATURES.index("function_word")
_NO_LETTER = WORD_FEATURES.index("no_letter")

Word = tuple[int, int, list[int]]
"""``(start, end, token indices)`` of one word (:func:`framing.models.tagging.words_of`)."""


@lru_cache(maxsize=1 << 18)
def _word_row(word: str) -> tuple[float, ...]:
    """The lexicon evidence and shape features of one word (cached: words repeat)."""
    norm = word.lower()
    lex = feature_vector(lexicon_features(norm))
    return (*(lex[k] for k in LEXICON_FEATURES), float(word[:1].isupper()),
            float(word.isupper() and len(word) > 1), float(norm in EDGE_WORDS),
            float(not any(c.isalpha() for c in word)), len(word) / 10)


def word_matrix(text: str, probs: np.ndarray, words: list[Word]) -> tuple[np.ndarray,
                                                                           np.ndarray]:
    """The features of every word of a sentence, and its tagger type probabilities.

    Args:
        text: The sentence.
        probs: ``(n_tokens, n_types)`` tagger probabilities.
        words: The sentence's words.

    Returns:
        ``(features (n_words, len(WORD_FEATURES)), type probabilities (n_words, n_types))``;
        a word's type probability is the highest over its tokens.
    """
    n = len(words)
    if not n:
        return np.zeros((0, len(WORD_FEATURES))), np.zeros((0, probs.shape[1]))
    flat = [i for _, _, idx in words for i in idx]
    starts = np.cumsum([0] + [len(idx) for _, _, idx in words[:-1]])
    wp = np.maximum.reduceat(probs[flat], starts, axis=0).astype(np.float64)
    clipped = np.clip(wp, _EPS, 1 - _EPS)
    logits = np.log(clipped / (1 - clipped))
    top = wp.max(axis=1)
    rows = np.asarray([_word_row(text[s:e]) for s, e, _ in words], dtype=np.float64)
    k = len(LEXICON_FEATURES)
    previous = np.concatenate(([0.0], top[:-1]))
    following = np.concatenate((top[1:], [0.0]))
    first = np.zeros(n)
    first[0] = 1.0
    return np.column_stack([logits, rows[:, :k], previous, following, rows[:, k:k + 2],
                            first, rows[:, k + 2:]]), wp


def candidates(features: np.ndarray) -> np.ndarray:
    """Which rows of a word-feature matrix may be (part of) a term: no function word, a letter."""
    return (features[:, _FUNCTION_WORD] == 0) & (features[:, _NO_LETTER] == 0)


def can_be_term(text: str, words: list[Word]) -> np.ndarray:
    """Which words may be (part of) a term (:func:`candidates`, from the words alone)."""
    k = len(LEXICON_FEATURES)
    rows = [_word_row(text[s:e]) for s, e, _ in words]
    return np.array([r[k + 2] == 0 and r[k + 3] == 0 for r in rows], dtype=bool)


def decode_words(text: str, words: list[Word], p: np.ndarray, type_probs: np.ndarray,
                 types: list[str], type_thresholds: list[float], threshold: float
                 ) -> list[Span]:
    """Terms from word probabilities: runs of consecutive words at or above ``threshold``.

    A word's type is the one whose tagger probability is highest relative to the tagger's
    threshold for it; consecutive words of one type form one term, scored by the highest word
    probability inside it. Terms are snapped to whole words (:func:`tidy_span`).

    Returns:
        ``(start, end, type, score)`` per term, sorted by start.
    """
    thr = np.asarray(type_thresholds, dtype=float)
    spans: list[Span] = []
    current: list | None = None
    for (s, e, _), pw, tp in zip(words, p, type_probs, strict=True):
        kind = types[int((tp / thr).argmax())] if pw >= threshold else None
        if kind is not None and current is not None and current[2] == kind:
            current[1], current[3] = e, max(current[3], float(pw))
            continue
        if current is not None:
            spans.append(tuple(current))
            current = None
        if kind is not None:
            current = [s, e, kind, float(pw)]
    if current is not None:
        spans.append(tuple(current))
    out: list[Span] = []
    for s, e, kind, score in spans:
        snapped = tidy_span(text, s, e)
        if snapped is None:
            continue
        if out and snapped[0] < out[-1][1]:  # touching after snapping: one term
            prev = out.pop()
            snapped = (prev[0], max(prev[1], snapped[1]))
            kind, score = (prev[2], prev[3]) if prev[3] >= score else (kind, score)
        out.append((snapped[0], snapped[1], kind, score))
    return out


@dataclass(frozen=True)
class _Words(TaggerState):
    head: LinearHead | None = None
    head_card: dict[str, Any] | None = None


def read_words_card(folder: str | Path) -> dict[str, Any]:
    """The word head's card, checked against :data:`WORD_FEATURES`."""
    card = read_card(folder)
    if tuple(card.get("features", ())) != WORD_FEATURES:
        raise ModelUnavailableError(
            f"{folder}: the word head was trained on other features than this version reads; "
            "retrain it with `framing train emotive-words`")
    return card


@register
class EmotiveWordsScorer(EmotiveTaggerScorer):
    """Loaded terms word by word, with ``emotive`` the highest word probability (one story).

    Columns as :class:`~framing.scoring.emotive_tagger.EmotiveTaggerScorer`; a term's
    ``score`` is the highest word probability inside it, and ``emotive`` is at or above the
    head's threshold (``card.json``) exactly when the sentence has a model term.

    Args:
        encoder: Encoder name or folder (the branch and head were trained on the default).
        artifact_dir: The tagger branch folder (as for ``emotive.minilm-ptc-tagger.v1``).
        head_dir: Folder with the word head (``head.safetensors``, ``card.json``).
        device: ``"auto"``, ``"cpu"`` or ``"cuda"``.
        batch_size: Windows per forward pass.
        precision: ``fp32`` (default), ``bf16`` or ``fp16`` (CUDA) autocast.
        dictionary: A domain dictionary file (``docs/dictionaries.md``), as for the tagger.
        stoplist: A stoplist file, as for the tagger.
        threshold: Word probability at which a word becomes (part of) a term; ``None`` takes
            the card's (chosen for F1 by cross-validation). Raise it for precision; the
            calibration table in ``results/validation/emotive/`` says what each value means.
    """

    name = "emotive.minilm-words.v1"
    version = "1"

    def __init__(self, encoder: str = DEFAULT_ENCODER,
                 artifact_dir: str | Path = TAGGER_DIR,
                 head_dir: str | Path = EMOTIVE_WORDS_DIR, device: str = "auto",
                 batch_size: int = 64, precision: str = "fp32",
                 dictionary: str | Path | None = None,
                 stoplist: str | Path | None = None, threshold: float | None = None) -> None:
        self.head_dir = head_dir
        self.threshold = threshold
        super().__init__(encoder, artifact_dir, device, batch_size, precision, dictionary,
                         stoplist)

    def load(self) -> _Words:
        """The tagger (see the parent class) and the verified word head.

        Raises:
            ConfigError: A ``threshold`` outside (0, 1].
        """
        if self.threshold is not None and not 0.0 < float(self.threshold) <= 1.0:
            raise ConfigError(f"{self.name}: threshold must be in (0, 1], got {self.threshold}")
        tagger = super().load()
        head_card = read_words_card(self.head_dir)
        if head_card["tagger_sha256"] != tagger.card["artifact_sha256"]:
            raise ModelUnavailableError(
                f"{self.head_dir}: the word head was trained on another tagger branch "
                f"({head_card['tagger_sha256'][:12]}, loaded "
                f"{tagger.card['artifact_sha256'][:12]})")
        head = LinearHead.load(Path(self.head_dir) / head_card["artifact"],
                               expected_sha256=head_card["artifact_sha256"])
        return _Words(trunk=tagger.trunk, branch=tagger.branch, card=tagger.card,
                      domain=tagger.domain, head=head, head_card=head_card)

    def model_fingerprint(self, loaded: _Words) -> str:
        """Encoder, tagger branch and word head hashes (then the dictionary's/stoplist's)."""
        chosen = "" if self.threshold is None else f"+t{float(self.threshold):g}"
        return (f"{loaded.trunk.encoder.fingerprint}+{loaded.card['artifact_sha256'][:16]}"
                f"+{loaded.head_card['artifact_sha256'][:16]}{chosen}"
                f"{loaded.domain.fingerprint()}")

    def model_provenance(self, loaded: _Words) -> dict:
        """The tagger's provenance plus the word head's hash, threshold and training data."""
        card = loaded.head_card
        return {**super().model_provenance(loaded), "word_head_sha256": card["artifact_sha256"],
                "word_threshold": self.word_threshold(),
                "word_head_trained_on": card["data"]["name"]}

    def word_threshold(self) -> float:
        """The threshold in use: the parameter, else the card's."""
        if self.threshold is None:
            return float(self.loaded().head_card["threshold"])
        return float(self.threshold)

    def word_probabilities(self, text: str, probs: np.ndarray, word_ids: list[int | None],
                           offsets: list[tuple[int, int]]
                           ) -> tuple[list[Word], np.ndarray, np.ndarray]:
        """Words of a sentence, their loaded-term probability and their type probabilities.

        Words that cannot be a term (:func:`can_be_term`) get probability 0.
        """
        words = words_of(word_ids, offsets)
        features, type_probs = word_matrix(text, probs, words)
        if not words:
            return words, np.zeros(0), type_probs
        p = self.loaded().head.predict_proba(features)[:, 1]
        return words, np.where(candidates(features), p, 0.0), type_probs

    def decode(self, text: str, probs: np.ndarray, word_ids: list[int | None],
               offsets: list[tuple[int, int]]) -> tuple[list[Span], list[tuple[int, int]],
                                                        np.ndarray]:
        """Terms from the word probabilities; the units of the emotive score are words."""
        m = self.loaded()
        words, p, type_probs = self.word_probabilities(text, probs, word_ids, offsets)
        spans = decode_words(text, words, p, type_probs, m.card["types"],
                             m.card["thresholds"], self.word_threshold())
        return spans, [(s, e) for s, e, _ in words], p
