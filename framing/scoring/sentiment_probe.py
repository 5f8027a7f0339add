"""Transformer sentiment: all-MiniLM-L6-v2 embeddings + the shipped NYT-trained head."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing.models.artifacts import SENTIMENT_PROBE_DIR
from framing.models.branch import TRUNK_SPLIT, Trunk, get_trunk
from framing.models.encoder import DEFAULT_ENCODER, Encoder, Tokenized, load_encoder
from framing.models.heads import LinearHead
from framing.schema import SENTIMENT_LABELS
from framing.scoring.base import TrunkScorer, read_card, sentiment_frame
from framing.scoring.registry import register


@dataclass(frozen=True)
class _Probe:
    encoder: Encoder
    trunk: Trunk
    head: LinearHead
    card: dict[str, Any]


@register
class SentimentProbeScorer(TrunkScorer):
    """Sentence sentiment from a frozen encoder and a 3-class logistic head.

    ``sentiment = p_positive - p_negative`` lies in [-1, 1]; ``sentiment_label`` is the most
    probable class. The head was trained on human-rated NYT editorial sentences
    (see ``framing/models/sentiment_nyt_probe/MODEL_CARD.md``). The forward pass runs the
    shared trunk (reused by other scorers on the same sentences) and then the base model's top
    layers, which equals a full encoder pass.

    Args:
        encoder: Encoder name or path (the head was trained on the embedded default).
        head_dir: Folder with ``head.safetensors`` and ``card.json``.
        device: ``"auto"``, ``"cpu"`` or ``"cuda"``.
        batch_size: Sentences (windows) per forward pass.
        precision: ``fp32`` (default), ``bf16`` or ``fp16`` (CUDA) autocast.
    """

    name = "sentiment.minilm-nyt-probe.v1"
    columns: tuple[str, ...] = ("sentiment", "sentiment_label", "p_negative", "p_neutral",
                                "p_positive")

    def __init__(
        self,
        encoder: str = DEFAULT_ENCODER,
        head_dir: str | Path = SENTIMENT_PROBE_DIR,
        device: str = "auto",
        batch_size: int = 64,
        precision: str = "fp32",
    ) -> None:
        self.head_dir = head_dir
        super().__init__(encoder, device, batch_size, precision)

    def load(self) -> _Probe:
        """Read the card, load and verify the head, load the encoder."""
        card = read_card(self.head_dir)
        head = LinearHead.load(Path(self.head_dir) / card["artifact"],
                               expected_sha256=card["artifact_sha256"])
        enc = load_encoder(self.encoder, self.device, self.precision)
        return _Probe(encoder=enc, trunk=get_trunk(enc, TRUNK_SPLIT), head=head, card=card)

    def model_fingerprint(self, loaded: _Probe) -> str:
        """Encoder weights fingerprint plus the head's sha256."""
        return f"{loaded.encoder.fingerprint}+{loaded.head.sha256[:16]}"

    def model_provenance(self, loaded: _Probe) -> dict:
        """Model ids and hashes for the manifest."""
        return {**loaded.encoder.provenance(), "head_sha256": loaded.head.sha256,
                "head_trained_on": loaded.card["data"]["name"], "batch_size": self.batch_size}

    # preprocess / forward / postprocess -----------------------------------------------------
    def preprocess(self, sentences: list[str]) -> Tokenized | None:
        """Token windows of the sentences (``None`` for no sentences)."""
        return self.tokenize(sentences)

    def forward(self, tok: Tokenized | None) -> np.ndarray:
        """Class probabilities (rows: sentences; columns: the head's label order)."""
        m = self.loaded()
        if tok is None:
            return np.zeros((0, len(m.head.labels)))
        pooled = m.trunk.apply(tok.flat_windows(), m.trunk.pool_top, self.batch_size)
        return m.head.predict_proba(m.encoder.combine_windows(tok, pooled))

    def postprocess(self, proba: np.ndarray) -> pd.DataFrame:
        """Turn class probabilities (rows in head label order) into the output columns."""
        order = [self.loaded().head.labels.index(lab) for lab in SENTIMENT_LABELS]
        return sentiment_frame(proba[:, order] if len(proba) else np.zeros((0, 3)), self.columns)
