"""Loading a Hugging Face sequence-classification model and computing class probabilities.

The one loader of this model family (:func:`load_classifier`): a hub id or a local folder with
``config.json``, the weights and the tokenizer. With ``HF_HUB_OFFLINE=1`` (or for a local
folder) only local files are read; a model that cannot be loaded, or one without a trained
classification head, raises :class:`~framing.errors.ModelUnavailableError` in one line.

Pipeline discipline as for the encoder: :meth:`Classifier.tokenize` is the preprocessing,
:meth:`Classifier.forward` the only step that touches the model (length-sorted batches under
``torch.inference_mode()`` and the precision's autocast).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from framing.errors import ModelUnavailableError
from framing.models.batching import length_sorted_batches, pad
from framing.models.encoder import (
    autocast,
    check_precision,
    load_pretrained,
    quantize_int8,
    resolve_device_for,
    weights_digest,
)

log = logging.getLogger(__name__)

MAX_LENGTH = 512
"""Tokens per sentence at most, whatever the model allows."""


@dataclass
class Classifier:
    """A tokenizer and sequence-classification model in eval mode (fp32 weights) on a device.

    Construct it with :func:`load_classifier`.

    Attributes:
        model_id: The hub id or folder it was asked for.
        tokenizer: The (fast) tokenizer.
        model: The ``AutoModelForSequenceClassification`` model.
        device: Torch device string.
        precision: ``fp32``, ``bf16``/``fp16`` autocast, or ``int8`` dynamic quantisation
            (part of :attr:`fingerprint`; at int8 :attr:`model` is the quantised model and the
            fingerprint was taken from its fp32 weights before quantisation).
    """

    model_id: str
    tokenizer: Any
    model: Any
    device: str
    precision: str = "fp32"
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @cached_property
    def fingerprint(self) -> str:
        """SHA-256 over the model id, tokenizer vocabulary and state dict (first 16 hex).

        A precision other than fp32 is appended (``…-bf16``): it changes the scores.
        """
        digest = weights_digest(self.model_id, self.tokenizer, self.model)
        return digest if self.precision == "fp32" else f"{digest}-{self.precision}"

    @property
    def revision(self) -> str | None:
        """The hub commit the weights came from, when known."""
        return getattr(self.model.config, "_commit_hash", None)

    @property
    def labels(self) -> list[str]:
        """The model's class names in class-index order."""
        id2label = self.model.config.id2label
        return [str(id2label[i]) for i in range(int(self.model.config.num_labels))]

    def max_length(self, requested: int | None = None) -> int:
        """Tokens per sentence: ``requested``, else the model's and tokenizer's limit (≤ 512)."""
        if requested is not None:
            return int(requested)
        limits = [MAX_LENGTH]
        pos = getattr(self.model.config, "max_position_embeddings", None)
        if isinstance(pos, int) and pos > 0:
            limits.append(pos)
        tok_max = getattr(self.tokenizer, "model_max_length", None)
        if isinstance(tok_max, int) and tok_max > 0:
            limits.append(tok_max)
        return min(limits)

    # -- preprocess -------------------------------------------------------------------------
    def tokenize(self, texts: Sequence[str], max_length: int
                 ) -> tuple[list[dict[str, list[int]]], int]:
        """Tokenise sentences (special tokens added, truncated to ``max_length``).

        Returns:
            The model inputs per sentence, and how many sentences were longer than
            ``max_length`` tokens (and so truncated).
        """
        tok, texts = self.tokenizer, list(texts)
        if not texts:
            return [], 0
        enc = tok(texts, truncation=True, max_length=max_length, verbose=False)
        keys = [k for k in tok.model_input_names if k in enc]
        feats = [{k: list(enc[k][i]) for k in keys} for i in range(len(texts))]
        full = [i for i, f in enumerate(feats) if len(f["input_ids"]) >= max_length]
        n_cut = 0
        if full:
            long = tok([texts[i] for i in full], truncation=False, verbose=False)["input_ids"]
            n_cut = sum(len(ids) > max_length for ids in long)
        return feats, n_cut

    # -- forward ----------------------------------------------------------------------------
    def forward(self, feats: Sequence[dict[str, list[int]]], batch_size: int) -> np.ndarray:
        """Class probabilities (softmax, class-index order) in length-sorted batches.

        Args:
            feats: Model inputs per sentence, from :meth:`tokenize`.
            batch_size: Sentences per forward pass.

        Returns:
            ``(len(feats), n_classes)`` float64 probabilities, in input order.
        """
        import torch

        pad_id = self.tokenizer.pad_token_id
        pad_id = 0 if pad_id is None else pad_id
        out = np.zeros((len(feats), int(self.model.config.num_labels)), dtype=np.float64)
        lengths = [len(f["input_ids"]) for f in feats]
        with self.lock, torch.inference_mode(), autocast(self.device, self.precision):
            for idx in length_sorted_batches(lengths, batch_size):
                batch = {key: pad([feats[i][key] for i in idx],
                                  pad_id if key == "input_ids" else 0, self.device)
                         for key in feats[idx[0]]}
                logits = self.model(**batch).logits.float()
                out[idx] = torch.softmax(logits, dim=-1).double().cpu().numpy()
        return out


_CACHE: dict[tuple[str, str, str, str], Classifier] = {}
_CACHE_LOCK = threading.Lock()


@dataclass(frozen=True)
class ModelFamily:
    """What differs between the classifier families that share :func:`load_hf_classifier`.

    Attributes:
        auto_class: The transformers auto class, e.g. ``"AutoModelForSequenceClassification"``.
        kind: Words for the model in messages ("sentiment model").
        head: Words for its head in messages ("classification head").
        advice: What to name instead, in the missing-head message.
        factory: The :class:`Classifier` subclass built.
    """

    auto_class: str
    kind: str
    head: str
    advice: str
    factory: type[Classifier] = Classifier


SEQUENCE_FAMILY = ModelFamily("AutoModelForSequenceClassification", "sentiment model",
                              "classification head", "name a fine-tuned sentiment model")
"""Sequence classifiers (:func:`load_classifier`)."""


def load_hf_classifier(model_id: str, device: str | None, precision: str,
                       family: ModelFamily) -> Classifier:
    """The one loader of HF classifiers: once per process, family, device and precision.

    Raises:
        ModelUnavailableError: The model cannot be loaded, has no trained head, or the
            precision cannot run on the device.
    """
    dev = resolve_device_for(device, precision)
    check_precision(precision, dev)
    key = (family.auto_class, model_id, dev, precision)
    with _CACHE_LOCK:
        if key in _CACHE:
            return _CACHE[key]
        tokenizer, (model, info), _, _ = load_pretrained(
            model_id, family.auto_class, f"{family.kind} '{model_id}'",
            "Name a local folder, or download it where you have internet",
            output_loading_info=True)
        head = [k for k in info.get("missing_keys", ()) if not k.endswith("position_ids")]
        if head:
            raise ModelUnavailableError(
                f"'{model_id}' has no trained {family.head} (missing weights: "
                f"{', '.join(sorted(head)[:4])}); {family.advice}"
            )
        if not getattr(tokenizer, "is_fast", False):
            log.warning("tokenizer of %s is not fast; tokenisation will be slow", model_id)
        model.float().eval()  # fp32 weights whatever dtype they were stored in
        model.to(dev)
        loaded = family.factory(model_id=model_id, tokenizer=tokenizer, model=model,
                                device=dev, precision=precision)
        if precision == "int8":
            _ = loaded.fingerprint  # hash the fp32 weights, then swap in the int8 model
            loaded.model = quantize_int8(model)
        _CACHE[key] = loaded
        return loaded


def load_classifier(model_id: str, device: str | None = "auto",
                    precision: str = "fp32") -> Classifier:
    """Load (once per process, device and precision) a sequence-classification model.

    Args:
        model_id: Hugging Face hub id or local folder.
        device: ``"auto"``, ``"cpu"`` or a CUDA device.
        precision: ``"fp32"`` (default), ``"bf16"`` or ``"fp16"`` autocast (fp16 on CUDA), or
            ``"int8"`` dynamic quantisation (CPU; ``device="auto"`` then means the CPU).

    Returns:
        The loaded :class:`Classifier`.

    Raises:
        ModelUnavailableError: The model cannot be loaded, has no trained classification head,
            or the precision cannot run on the device.
    """
    return load_hf_classifier(model_id, device, precision, SEQUENCE_FAMILY)
