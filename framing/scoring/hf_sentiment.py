"""Any Hugging Face sequence-classification sentiment model, mapped onto negative/neutral/positive.

The model is named by hub id (e.g. ``cardiffnlp/twitter-roberta-base-sentiment-latest``,
``siebert/sentiment-roberta-large-english``, ``nlptown/bert-base-multilingual-uncased-sentiment``)
or by a local folder holding ``config.json``, the weights and the tokenizer. With
``HF_HUB_OFFLINE=1`` (or for a local folder) only local files are read; a model that cannot be
loaded raises :class:`~framing.errors.ModelUnavailableError` with a one-line message.

Label mapping
-------------
Each of the model's classes (``model.config.id2label``) is mapped onto one of
negative/neutral/positive and the probabilities of classes mapped onto the same sentiment are
summed. Unless ``label_map`` is given, the mapping is inferred from the label names
(case-insensitive, surrounding whitespace ignored):

* ``negative``/``neg`` -> negative, ``neutral``/``neu`` -> neutral, ``positive``/``pos`` ->
  positive;
* star ratings ``"1 star"`` ... ``"5 stars"`` (all five present): 1-2 stars -> negative,
  3 stars -> neutral, 4-5 stars -> positive;
* generic names ``LABEL_0``/``LABEL_1``/``LABEL_2`` in a 3-class model follow the
  cardiffnlp convention 0 = negative, 1 = neutral, 2 = positive. Generic names in models with
  another number of classes are not guessed: pass ``label_map``.

Any other label (an emotion model's ``joy``, a topic model's ``sports``...) makes the mapping
fail with an error that lists the labels and asks for ``label_map``.

Binary models (no neutral class, e.g. siebert/sentiment-roberta-large-english with
NEGATIVE/POSITIVE) get ``hf_p_neutral = 0`` on every row, so their ``hf_label`` is never
"neutral"; ``hf_sentiment = hf_p_positive - hf_p_negative`` as for every model.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing.errors import ModelUnavailableError
from framing.models.encoder import (
    LoadError,
    hub_offline,
    model_load_error,
    resolve_device,
    resolve_model_location,
    weights_digest,
)
from framing.schema import SENTIMENT_LABELS
from framing.scoring.base import sentiment_frame
from framing.scoring.registry import register

log = logging.getLogger(__name__)

NAME = "sentiment.hf.v1"

_SYNONYMS: dict[str, str] = {
    "negative": "negative", "neg": "negative",
    "neutral": "neutral", "neu": "neutral",
    "positive": "positive", "pos": "positive",
}
_STAR = re.compile(r"^([1-5])\s*stars?$")
_STAR_SENTIMENT = {1: "negative", 2: "negative", 3: "neutral", 4: "positive", 5: "positive"}
_GENERIC = re.compile(r"^label_(\d+)$")
_CARDIFF = {0: "negative", 1: "neutral", 2: "positive"}


def _labels_text(labels: Sequence[str]) -> str:
    return ", ".join(repr(lab) for lab in labels)


def infer_label_map(
    id2label: Mapping[int, str], label_map: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Map each model label onto negative/neutral/positive.

    Args:
        id2label: The model's class names by class index (``model.config.id2label``).
        label_map: Explicit mapping from model label to ``"negative"``, ``"neutral"`` or
            ``"positive"``; it must cover every model label (keys match exactly, else
            case-insensitively). ``None`` infers the mapping from
            the label names (see the module docstring for the rules).

    Returns:
        ``{model label: sentiment}`` for every label, in class-index order.

    Raises:
        ModelUnavailableError: When a label cannot be mapped, ``label_map`` has a bad value or
            misses a label, or the mapping has no negative or no positive class.
    """
    labels = [str(id2label[i]) for i in sorted(id2label, key=int)]
    if label_map is not None:
        bad = {k: v for k, v in label_map.items() if str(v).strip().lower() not in SENTIMENT_LABELS}
        if bad:
            raise ModelUnavailableError(
                f"{NAME}: label_map values must be negative, neutral or positive; got {bad}"
            )
        norm = {str(k): str(v).strip().lower() for k, v in label_map.items()}
        folded = {k.strip().lower(): v for k, v in norm.items()}
        for lab in labels:  # keys match exactly, else case-insensitively
            if lab not in norm and lab.strip().lower() in folded:
                norm[lab] = folded[lab.strip().lower()]
        missing = [lab for lab in labels if lab not in norm]
        if missing:
            raise ModelUnavailableError(
                f"{NAME}: label_map does not map the model label(s) {_labels_text(missing)}; "
                f"the model's labels are {_labels_text(labels)}"
            )
        mapping = {lab: norm[lab] for lab in labels}
    else:
        mapping = _infer_from_names(labels)
    present = set(mapping.values())
    if not {"negative", "positive"} <= present:
        raise ModelUnavailableError(
            f"{NAME}: the label mapping {mapping} needs at least one negative and one positive "
            "class; pass label_map"
        )
    return mapping


def _infer_from_names(labels: list[str]) -> dict[str, str]:
    keys = [lab.strip().lower() for lab in labels]
    if all(k in _SYNONYMS for k in keys):
        return {lab: _SYNONYMS[k] for lab, k in zip(labels, keys, strict=True)}
    stars = [_STAR.match(k) for k in keys]
    if all(stars) and sorted(int(m.group(1)) for m in stars if m) == [1, 2, 3, 4, 5]:
        return {lab: _STAR_SENTIMENT[int(m.group(1))]
                for lab, m in zip(labels, stars, strict=True) if m}
    generic = [_GENERIC.match(k) for k in keys]
    if (len(labels) == 3 and all(generic)
            and sorted(int(m.group(1)) for m in generic if m) == [0, 1, 2]):
        return {lab: _CARDIFF[int(m.group(1))] for lab, m in zip(labels, generic, strict=True)
                if m}
    raise ModelUnavailableError(
        f"{NAME}: cannot map the model's labels {_labels_text(labels)} onto "
        "negative/neutral/positive; pass label_map={model label: negative|neutral|positive}"
    )


@dataclass
class _Loaded:
    """A tokenizer and sequence-classification model in eval mode, fp32, on ``device``."""

    model_id: str
    tokenizer: Any
    model: Any
    device: str
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @cached_property
    def weights_digest(self) -> str:
        """SHA-256 over the model id, tokenizer vocabulary and state dict (first 16 hex)."""
        return weights_digest(self.model_id, self.tokenizer, self.model)

    @property
    def revision(self) -> str | None:
        """The hub commit the weights came from, when known."""
        return getattr(self.model.config, "_commit_hash", None)


_CACHE: dict[tuple[str, str], _Loaded] = {}
_CACHE_LOCK = threading.Lock()


def _load_classifier(model_id: str, device: str) -> _Loaded:
    """Load (once per process and device) a tokenizer and sequence-classification model."""
    with _CACHE_LOCK:
        if (model_id, device) in _CACHE:
            return _CACHE[(model_id, device)]
        location, is_local = resolve_model_location(model_id)
        offline = hub_offline() or is_local
        try:
            from transformers import AutoModelForSequenceClassification, AutoTokenizer
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()
            tokenizer = AutoTokenizer.from_pretrained(location, local_files_only=offline)
            model, info = AutoModelForSequenceClassification.from_pretrained(
                location, local_files_only=offline, output_loading_info=True
            )
        except (OSError, ValueError, KeyError, LoadError) as exc:
            raise model_load_error(
                f"sentiment model '{model_id}'", exc, offline, is_local,
                "Name a local folder, or download it where you have internet") from exc
        head = [k for k in info.get("missing_keys", ()) if not k.endswith("position_ids")]
        if head:
            raise ModelUnavailableError(
                f"'{model_id}' has no trained classification head (missing weights: "
                f"{', '.join(sorted(head)[:4])}); name a fine-tuned sentiment model"
            )
        if not getattr(tokenizer, "is_fast", False):
            log.warning("tokenizer of %s is not fast; tokenisation will be slow", model_id)
        model.float().eval()  # fp32 inference whatever dtype the weights were stored in
        model.to(device)
        loaded = _Loaded(model_id=model_id, tokenizer=tokenizer, model=model, device=device)
        _CACHE[(model_id, device)] = loaded
        return loaded


@register(NAME)
class HFSentimentScorer:
    """Sentence sentiment from any Hugging Face sequence-classification model.

    The model's class probabilities (softmax of the logits) are merged onto
    negative/neutral/positive by the label mapping (see the module docstring);
    ``hf_sentiment = hf_p_positive - hf_p_negative`` lies in [-1, 1] and ``hf_label`` is the
    most probable of the three. Binary models have ``hf_p_neutral = 0``. Columns are prefixed
    ``hf_`` so that they sit beside the default scorer's columns. Sentences longer than
    ``max_length`` tokens are truncated (a warning says how many).

    Args:
        model: Hugging Face hub id or local folder of a sequence-classification model. It has no
            usable default: ``None`` constructs, but scoring raises
            :class:`~framing.errors.ModelUnavailableError`.
        label_map: Model label -> ``"negative"``/``"neutral"``/``"positive"``, covering every
            label; ``None`` infers it from the label names.
        device: ``"auto"``, ``"cpu"`` or ``"cuda"``.
        batch_size: Sentences per forward pass (batches are sorted by length).
        max_length: Tokens per sentence, special tokens included; ``None`` uses the model's
            limit (at most 512).
    """

    name = NAME
    version = "1"
    columns: tuple[str, ...] = ("hf_sentiment", "hf_label", "hf_p_negative", "hf_p_neutral",
                                "hf_p_positive")
    requires_params: tuple[str, ...] = ("model",)
    """Constructor parameters without a usable default (for callers that build every scorer)."""

    def __init__(
        self,
        model: str | Path | None = None,
        label_map: Mapping[str, str] | None = None,
        device: str = "auto",
        batch_size: int = 32,
        max_length: int | None = None,
    ) -> None:
        self.model = model
        self.label_map = label_map
        self.device = device
        self.batch_size = batch_size
        self.max_length = max_length

    # lazy loading ---------------------------------------------------------------------------
    def _load(self) -> _Loaded:
        if getattr(self, "_loaded", None) is None:
            if self.model is None or str(self.model).strip() == "":
                raise ModelUnavailableError(
                    f"{NAME} needs model=<hub id or folder>, e.g. "
                    "cardiffnlp/twitter-roberta-base-sentiment-latest"
                )
            loaded = _load_classifier(str(self.model), resolve_device(self.device))
            mapping = infer_label_map(loaded.model.config.id2label, self.label_map)
            n = int(loaded.model.config.num_labels)
            merge = np.zeros((n, len(SENTIMENT_LABELS)))
            for i in range(n):
                lab = str(loaded.model.config.id2label[i])
                merge[i, SENTIMENT_LABELS.index(mapping[lab])] = 1.0
            self._mapping = mapping
            self._merge = merge
            self._loaded = loaded
        return self._loaded

    @property
    def label_mapping(self) -> dict[str, str]:
        """The model label -> sentiment mapping in use (loads the model)."""
        self._load()
        return dict(self._mapping)

    def _max_length(self, loaded: _Loaded) -> int:
        if self.max_length is not None:
            return int(self.max_length)
        limits = [512]
        pos = getattr(loaded.model.config, "max_position_embeddings", None)
        if isinstance(pos, int) and pos > 0:
            limits.append(pos)
        tok_max = getattr(loaded.tokenizer, "model_max_length", None)
        if isinstance(tok_max, int) and tok_max > 0:
            limits.append(tok_max)
        return min(limits)

    def fingerprint(self) -> str:
        """Weights digest (model id, vocabulary, state dict) plus a digest of the settings.

        The settings part covers the label mapping and ``max_length``, which change the scores
        without changing the weights.
        """
        loaded = self._load()
        settings = json.dumps({"labels": self._mapping, "max_length": self._max_length(loaded)},
                              sort_keys=True)
        return f"{loaded.weights_digest}+{hashlib.sha256(settings.encode()).hexdigest()[:8]}"

    def provenance(self) -> dict:
        """Model id, revision, fingerprint and label mapping for the manifest."""
        loaded = self._load()
        return {
            "scorer": self.name,
            "version": self.version,
            "model": str(self.model),
            "model_revision": loaded.revision,
            "model_class": type(loaded.model).__name__,
            "fingerprint": self.fingerprint(),
            "label_map": dict(self._mapping),
            "binary": "neutral" not in self._mapping.values(),
            "max_length": self._max_length(loaded),
            "device": loaded.device,
            "batch_size": self.batch_size,
        }

    # preprocess / forward / postprocess -----------------------------------------------------
    def preprocess(self, sentences: Sequence[str]) -> list[dict[str, list[int]]]:
        """Tokenise each sentence (special tokens added, truncated to ``max_length``)."""
        loaded = self._load()
        tok, limit = loaded.tokenizer, self._max_length(loaded)
        texts = list(sentences)
        enc = tok(texts, truncation=True, max_length=limit, verbose=False)
        keys = [k for k in tok.model_input_names if k in enc]
        feats = [{k: list(enc[k][i]) for k in keys} for i in range(len(texts))]
        full = [i for i, f in enumerate(feats) if len(f["input_ids"]) >= limit]
        if full:
            long = tok([texts[i] for i in full], truncation=False, verbose=False)["input_ids"]
            n_cut = sum(len(ids) > limit for ids in long)
            if n_cut:
                log.warning("%s: %d sentence(s) longer than %d tokens were truncated",
                            self.name, n_cut, limit)
        return feats

    def forward(self, feats: Sequence[dict[str, list[int]]]) -> np.ndarray:
        """Class probabilities (softmax, model class order) in length-sorted batches."""
        import torch

        loaded = self._load()
        pad_id = loaded.tokenizer.pad_token_id
        pad_id = 0 if pad_id is None else pad_id
        n_labels = int(loaded.model.config.num_labels)
        out = np.zeros((len(feats), n_labels), dtype=np.float64)
        order = sorted(range(len(feats)), key=lambda i: len(feats[i]["input_ids"]))
        bs = max(1, int(self.batch_size))
        with loaded.lock, torch.inference_mode():
            for b in range(0, len(order), bs):
                idx = order[b : b + bs]
                width = max(len(feats[i]["input_ids"]) for i in idx)
                batch: dict[str, Any] = {}
                for key in feats[idx[0]]:
                    fill = pad_id if key == "input_ids" else 0
                    t = torch.full((len(idx), width), fill, dtype=torch.long)
                    for row, i in enumerate(idx):
                        seq = feats[i][key]
                        t[row, : len(seq)] = torch.tensor(seq, dtype=torch.long)
                    batch[key] = t.to(loaded.device)
                logits = loaded.model(**batch).logits.float()
                out[idx] = torch.softmax(logits, dim=-1).double().cpu().numpy()
        return out

    def postprocess(self, proba: np.ndarray) -> pd.DataFrame:
        """Merge class probabilities onto negative/neutral/positive and build the columns."""
        self._load()
        p = proba @ self._merge if len(proba) else np.zeros((0, len(SENTIMENT_LABELS)))
        return sentiment_frame(p, self.columns)

    def score(self, sentences: Sequence[str]) -> pd.DataFrame:
        """Score sentences; see the class docstring for the columns.

        Args:
            sentences: Sentence texts.

        Returns:
            One row per sentence, in input order, with exactly :attr:`columns`.

        Raises:
            ModelUnavailableError: When no model is named, it cannot be loaded, or its labels
                cannot be mapped.
        """
        self._load()
        if len(sentences) == 0:
            return self.postprocess(np.zeros((0, len(self._merge))))
        return self.postprocess(self.forward(self.preprocess(sentences)))
