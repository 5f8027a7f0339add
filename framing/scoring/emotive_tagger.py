"""Emotive framing from the transformer tagger: loaded terms, an emotive score, emotions.

Loaded terms (``loaded_language``, ``name_calling``) come from the PTC-trained token tagger
(``framing/models/emotive_ptc_tagger/MODEL_CARD.md``), which runs as a branch on the encoder
trunk shared with the sentiment scorer. Each term is categorised with the lexicon layer
(NRC EmoLex, VADER, Empath, Persuasion Index); the sentence's emotion columns are NRC EmoLex
shares (:func:`framing.lexicons.emotion_profile`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing.lexicons import categorize, emotion_profile, lexicon_versions, tokenize
from framing.models.artifacts import TAGGER_DIR
from framing.models.branch import Trunk
from framing.models.encoder import DEFAULT_ENCODER, Tokenized
from framing.models.tagging import Span as TermSpan
from framing.models.tagging import decode_spans
from framing.schema import EMOTION_COLUMNS, LOADED_TERM_FIELDS
from framing.scoring.base import TrunkScorer
from framing.scoring.domain import DomainTerms, Span, dictionary_score
from framing.scoring.registry import register


def stitch_windows(n_tokens: int, starts: list[int], window_probs: list[np.ndarray]
                   ) -> np.ndarray:
    """Token probabilities of a text from its (overlapping) windows, averaged where they overlap.

    Args:
        n_tokens: Tokens of the text (without special tokens).
        starts: Token index at which each window starts.
        window_probs: Per window, ``(len(window), n_types)`` with the special tokens included.

    Returns:
        ``(n_tokens, n_types)`` probabilities.
    """
    n_types = window_probs[0].shape[1]
    total = np.zeros((n_tokens, n_types))
    count = np.zeros((n_tokens, 1))
    for s, probs in zip(starts, window_probs, strict=True):
        inner = probs[1:-1]
        total[s : s + len(inner)] += inner
        count[s : s + len(inner)] += 1
    return total / np.clip(count, 1, None)


@dataclass(frozen=True)
class TaggerState:
    """The tagger's loaded state: trunk, branch, card and the domain terms."""

    trunk: Trunk
    branch: Any
    card: dict[str, Any]
    domain: DomainTerms


@dataclass(frozen=True)
class _Tagged:
    """What :meth:`EmotiveTaggerScorer.forward` hands to postprocessing."""

    texts: list[str]
    tokens: Tokenized | None
    probs: list[np.ndarray]


@register
class EmotiveTaggerScorer(TrunkScorer):
    """Loaded terms located in context, an emotive score, and emotion shares per sentence.

    Columns:

    * ``emotive``: the tagger's highest loaded-term probability over the sentence's tokens,
      in [0, 1] (how strongly the sentence contains emotively framed wording);
    * ``loaded_terms``: list of dicts with :data:`~framing.schema.LOADED_TERM_FIELDS`;
      offsets relative to the sentence; ``voice``/``speaker``/``target`` are filled by
      :func:`framing.analyze` from the document context (``"author"``/``None`` here);
    * ``anger`` … ``trust``: NRC EmoLex emotion shares of the sentence's words.

    Args:
        encoder: Encoder name or folder (the branch was trained on the embedded default).
        artifact_dir: Folder with ``branch.safetensors`` and ``card.json``.
        device: ``"auto"``, ``"cpu"`` or ``"cuda"``.
        batch_size: Windows per forward pass.
        precision: ``fp32`` (default), ``bf16`` or ``fp16`` (CUDA) autocast.
        dictionary: A domain dictionary file (YAML/CSV, ``docs/dictionaries.md``), read on
            first use: its terms are added (they replace model terms they overlap), and the
            sentence's ``emotive`` is at least the highest dictionary term score.
        stoplist: A stoplist file (one pattern a line), read on first use: model terms whose
            text matches it are removed, and ``emotive`` ignores their tokens.
    """

    name = "emotive.minilm-ptc-tagger.v1"
    version = "2"
    """Output revision 2: spans snapped to whole words and trimmed
    (:func:`framing.models.tagging.tidy_span`); revision 1's cached scores are not reused."""
    columns: tuple[str, ...] = ("emotive", "loaded_terms", *EMOTION_COLUMNS)

    def __init__(self, encoder: str = DEFAULT_ENCODER,
                 artifact_dir: str | Path = TAGGER_DIR, device: str = "auto",
                 batch_size: int = 64, precision: str = "fp32",
                 dictionary: str | Path | None = None,
                 stoplist: str | Path | None = None) -> None:
        self.artifact_dir = artifact_dir
        self.dictionary = dictionary
        self.stoplist = stoplist
        super().__init__(encoder, device, batch_size, precision)

    def load(self) -> TaggerState:
        """Read the dictionary and stoplist, the card, the encoder and the verified branch."""
        domain = DomainTerms.load(self.dictionary, self.stoplist)
        card, trunk, branch, _ = self.load_card_branch(self.artifact_dir)
        return TaggerState(trunk=trunk, branch=branch, card=card, domain=domain)

    def model_fingerprint(self, loaded: TaggerState) -> str:
        """Encoder fingerprint plus the branch's sha256 (and the dictionary's/stoplist's)."""
        return (f"{loaded.trunk.encoder.fingerprint}+{loaded.card['artifact_sha256'][:16]}"
                f"{loaded.domain.fingerprint()}")

    def model_provenance(self, loaded: TaggerState) -> dict:
        """Model ids, hashes and thresholds for the manifest."""
        card = loaded.card
        return {**loaded.trunk.encoder.provenance(), "branch_sha256": card["artifact_sha256"],
                "trunk_split": card["trunk_split"], "thresholds": card["thresholds"],
                "trained_on": card["data"]["name"], "lexicons": lexicon_versions(),
                **loaded.domain.provenance()}

    # preprocess / forward / postprocess -----------------------------------------------------
    def preprocess(self, sentences: list[str]) -> tuple[list[str], Tokenized | None]:
        """The sentences and their token windows (``None`` for no sentences)."""
        return sentences, self.tokenize(sentences)

    def forward(self, inputs: tuple[list[str], Tokenized | None]) -> _Tagged:
        """Run trunk + branch; token probabilities per sentence, windows stitched."""
        texts, tok = inputs
        m = self.loaded()
        if tok is None:
            return _Tagged(texts=texts, tokens=None, probs=[])
        flat = m.trunk.apply(tok.flat_windows(), m.branch.token_probabilities, self.batch_size)
        per_text, pos = [], 0
        for i, ws in enumerate(tok.windows):
            per_text.append(stitch_windows(len(tok.ids[i]), tok.window_starts[i],
                                           flat[pos : pos + len(ws)]))
            pos += len(ws)
        return _Tagged(texts=texts, tokens=tok, probs=per_text)

    def token_probabilities(self, sentences: list[str]) -> tuple[Tokenized | None,
                                                                  list[np.ndarray]]:
        """Tokenise, run trunk + branch, and return ``(tokenized, per-text token probs)``."""
        self.loaded()
        out = self.forward(self.preprocess(list(sentences)))
        return out.tokens, out.probs

    def decode(self, text: str, probs: np.ndarray, word_ids: list[int | None],
               offsets: list[tuple[int, int]]) -> tuple[list[TermSpan], list[tuple[int, int]],
                                                        np.ndarray]:
        """Loaded terms of one sentence and the scores the emotive score is the maximum of.

        Args:
            text: The sentence.
            probs: ``(n_tokens, n_types)`` tagger probabilities.
            word_ids: Word index of each token.
            offsets: Character offsets of each token.

        Returns:
            ``(spans, unit offsets, unit scores)``: here the units are tokens, scored by their
            highest type probability.
        """
        card = self.loaded().card
        spans = decode_spans(probs, word_ids, offsets, card["types"], card["thresholds"],
                             text=text)
        return spans, list(offsets), probs.max(axis=1)

    def postprocess(self, outputs: _Tagged) -> pd.DataFrame:
        """Decode spans into loaded terms; add the emotive score and emotion shares."""
        domain = self.loaded().domain
        tok, rows = outputs.tokens, []
        for i, text in enumerate(outputs.texts):
            p = outputs.probs[i]
            spans, units, unit_scores = ([], [], np.zeros(0)) if tok is None or not len(p) \
                else self.decode(text, p, tok.word_ids[i], tok.offsets[i])
            terms = [dict(zip(LOADED_TERM_FIELDS, (
                text[s:e], int(s), int(e), kind, round(float(score), 6),
                categorize(text[s:e]), "author", None, None), strict=True))
                for s, e, kind, score in spans]
            emotive = float(unit_scores.max()) if len(unit_scores) else 0.0
            if domain.active:
                terms, removed = domain.apply(text, terms)
                if removed and len(unit_scores):
                    emotive = _unmasked_max(unit_scores, units, removed)
                emotive = max(emotive, dictionary_score(terms))
            emotions = emotion_profile(tokenize(text))
            rows.append({"emotive": emotive, "loaded_terms": terms,
                         **{e: float(emotions.get(e, 0.0)) for e in EMOTION_COLUMNS}})
        return pd.DataFrame(rows, columns=list(self.columns))


def _unmasked_max(scores: np.ndarray, offsets: list[tuple[int, int]], removed: list[Span]
                  ) -> float:
    """Highest unit (token or word) score outside the character spans of stoplisted terms."""
    keep = [k for k, (s, e) in enumerate(offsets)
            if not any(s < b and a < e for a, b in removed)]
    return float(scores[keep].max()) if keep else 0.0
