"""Loading a Hugging Face token-classification model and computing per-token probabilities.

The one loader of this model family (:func:`load_token_classifier`), built on the sequence
classifier's (:class:`~framing.models.classifier.Classifier`: same tokenizer handling, device,
precision and fingerprint). :meth:`TokenClassifier.tokenize_tokens` is the preprocessing (token
ids with character offsets and word ids), :meth:`TokenClassifier.forward_tokens` the only step
that touches the model (length-sorted batches under ``torch.inference_mode()``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from framing.errors import ModelUnavailableError
from framing.models.batching import length_sorted_batches, pad
from framing.models.classifier import Classifier, ModelFamily, load_hf_classifier
from framing.models.encoder import autocast


@dataclass
class TokenizedText:
    """One text's model inputs and where each token sits.

    Attributes:
        inputs: Model inputs (``input_ids``, ``attention_mask``, ...), special tokens included.
        offsets: Character ``(start, end)`` of each token (``(0, 0)`` for special tokens).
        word_ids: Word index of each token (``None`` for special tokens).
        truncated: Whether the text was longer than the model's limit.
    """

    inputs: dict[str, list[int]]
    offsets: list[tuple[int, int]]
    word_ids: list[int | None]
    truncated: bool


@dataclass
class TokenClassifier(Classifier):
    """A tokenizer and token-classification model (``AutoModelForTokenClassification``)."""

    def tokenize_tokens(self, texts: Sequence[str], max_length: int) -> list[TokenizedText]:
        """Tokenise texts with offsets (a fast tokenizer is needed for them)."""
        if not texts:
            return []
        if not getattr(self.tokenizer, "is_fast", False):
            raise ModelUnavailableError(f"'{self.model_id}': token classification needs a fast "
                                        "tokenizer (character offsets); this one is not")
        enc = self.tokenizer(list(texts), truncation=True, max_length=max_length,
                             return_offsets_mapping=True, verbose=False)
        keys = [k for k in self.tokenizer.model_input_names if k in enc]
        out = []
        for i in range(len(texts)):
            ids = enc["input_ids"][i]
            out.append(TokenizedText(
                inputs={k: list(enc[k][i]) for k in keys},
                offsets=[(int(a), int(b)) for a, b in enc["offset_mapping"][i]],
                word_ids=list(enc.word_ids(i)),
                truncated=len(ids) >= max_length))
        return out

    def forward_tokens(self, feats: Sequence[TokenizedText], batch_size: int
                       ) -> list[np.ndarray]:
        """Per-token class probabilities (softmax over the model's labels), in input order.

        Returns:
            One ``(n_tokens, n_labels)`` float64 array per text.
        """
        import torch

        pad_id = self.tokenizer.pad_token_id
        pad_id = 0 if pad_id is None else pad_id
        out: list[np.ndarray] = [np.zeros((0, len(self.labels)))] * len(feats)
        lengths = [len(f.inputs["input_ids"]) for f in feats]
        with self.lock, torch.inference_mode(), autocast(self.device, self.precision):
            for idx in length_sorted_batches(lengths, batch_size):
                batch = {key: pad([feats[i].inputs[key] for i in idx],
                                  pad_id if key == "input_ids" else 0, self.device)
                         for key in feats[idx[0]].inputs}
                probs = torch.softmax(self.model(**batch).logits.float(), dim=-1)
                probs = probs.double().cpu().numpy()
                for row, i in enumerate(idx):
                    out[i] = probs[row, : lengths[i]]
        return out


TOKEN_FAMILY = ModelFamily("AutoModelForTokenClassification", "token-classification model",
                           "token-classification head", "name a fine-tuned tagger",
                           TokenClassifier)
"""Token classifiers (:func:`load_token_classifier`)."""


def load_token_classifier(model_id: str, device: str | None = "auto",
                          precision: str = "fp32") -> TokenClassifier:
    """Load (once per process, device and precision) a token-classification model.

    Args:
        model_id: Hugging Face hub id or local folder.
        device: ``"auto"``, ``"cpu"`` or a CUDA device.
        precision: As for :func:`framing.models.classifier.load_classifier`.

    Raises:
        ModelUnavailableError: The model cannot be loaded or has no trained token head.
    """
    return load_hf_classifier(model_id, device, precision, TOKEN_FAMILY)  # type: ignore[return-value]
