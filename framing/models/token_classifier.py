"""Loading a Hugging Face token-classification model and computing per-token probabilities.

The one loader of this model family (:func:`load_token_classifier`), built on the sequence
classifier's (:class:`~framing.models.classifier.Classifier`: same tokenizer handling, device,
precision and fingerprint). :meth:`TokenClassifier.tokenize_tokens` is the preprocessing (token
ids with character offsets and word ids), :meth:`TokenClassifier.forward_tokens` the only step
that touches the model (length-sorted batches under ``torch.inference_mode()``).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from framing.errors import ModelUnavailableError
from framing.models.batching import length_sorted_batches, pad
from framing.models.classifier import Classifier
from framing.models.encoder import (
    autocast,
    check_precision,
    load_pretrained,
    quantize_int8,
    resolve_device_for,
)


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


_CACHE: dict[tuple[str, str, str], TokenClassifier] = {}
_CACHE_LOCK = threading.Lock()


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
    dev = resolve_device_for(device, precision)
    check_precision(precision, dev)
    key = (model_id, dev, precision)
    with _CACHE_LOCK:
        if key in _CACHE:
            return _CACHE[key]
        tokenizer, (model, info), _, _ = load_pretrained(
            model_id, "AutoModelForTokenClassification", f"token-classification model "
            f"'{model_id}'", "Name a local folder, or download it where you have internet",
            output_loading_info=True)
        head = [k for k in info.get("missing_keys", ()) if not k.endswith("position_ids")]
        if head:
            raise ModelUnavailableError(
                f"'{model_id}' has no trained token-classification head (missing weights: "
                f"{', '.join(sorted(head)[:4])}); name a fine-tuned tagger")
        model.float().eval()
        model.to(dev)
        loaded = TokenClassifier(model_id=model_id, tokenizer=tokenizer, model=model,
                                 device=dev, precision=precision)
        if precision == "int8":
            _ = loaded.fingerprint
            loaded.model = quantize_int8(model)
        _CACHE[key] = loaded
        return loaded
