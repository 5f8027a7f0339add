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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from framing.errors import ModelUnavailableError
from framing.models.classifier import Classifier, load_classifier
from framing.schema import SENTIMENT_LABELS
from framing.scoring.base import TransformerScorer, sentiment_frame
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


@dataclass(frozen=True)
class _Mapped:
    """A loaded classifier and how its classes merge onto negative/neutral/positive."""

    classifier: Classifier
    mapping: dict[str, str]
    merge: np.ndarray
    max_length: int


@register
class HFSentimentScorer(TransformerScorer):
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
        precision: ``fp32`` (default), ``bf16`` or ``fp16`` (CUDA) autocast; other than fp32 it
            is part of the fingerprint, so its scores are cached apart.
    """

    name = NAME
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
        precision: str = "fp32",
    ) -> None:
        self.model = model
        self.label_map = label_map
        self.max_length = max_length
        super().__init__(device, batch_size, precision)

    def load(self) -> _Mapped:
        """Load the classifier and map its labels onto negative/neutral/positive."""
        if self.model is None or str(self.model).strip() == "":
            raise ModelUnavailableError(
                f"{NAME} needs model=<hub id or folder>, e.g. "
                "cardiffnlp/twitter-roberta-base-sentiment-latest"
            )
        clf = load_classifier(str(self.model), self.device, self.precision)
        mapping = infer_label_map(clf.model.config.id2label, self.label_map)
        merge = np.zeros((len(clf.labels), len(SENTIMENT_LABELS)))
        for i, lab in enumerate(clf.labels):
            merge[i, SENTIMENT_LABELS.index(mapping[lab])] = 1.0
        return _Mapped(classifier=clf, mapping=mapping, merge=merge,
                       max_length=clf.max_length(self.max_length))

    @property
    def label_mapping(self) -> dict[str, str]:
        """The model label -> sentiment mapping in use (loads the model)."""
        return dict(self.loaded().mapping)

    def model_fingerprint(self, loaded: _Mapped) -> str:
        """Weights digest (model id, vocabulary, state dict) plus a digest of the settings.

        The settings part covers the label mapping and ``max_length``, which change the scores
        without changing the weights; a precision other than fp32 is marked on the digest.
        """
        settings = json.dumps({"labels": loaded.mapping, "max_length": loaded.max_length},
                              sort_keys=True)
        digest = hashlib.sha256(settings.encode()).hexdigest()[:8]
        return f"{loaded.classifier.fingerprint}+{digest}"

    def model_provenance(self, loaded: _Mapped) -> dict:
        """Model id, revision, fingerprint and label mapping for the manifest."""
        clf = loaded.classifier
        return {
            "model": str(self.model),
            "model_revision": clf.revision,
            "model_class": type(clf.model).__name__,
            "fingerprint": self.model_fingerprint(loaded),
            "label_map": dict(loaded.mapping),
            "binary": "neutral" not in loaded.mapping.values(),
            "max_length": loaded.max_length,
            "device": clf.device,
            "precision": clf.precision,
            "batch_size": self.batch_size,
        }

    # preprocess / forward / postprocess -----------------------------------------------------
    def preprocess(self, sentences: list[str]) -> list[dict[str, list[int]]]:
        """Tokenise each sentence (special tokens added, truncated to ``max_length``)."""
        m = self.loaded()
        feats, n_cut = m.classifier.tokenize(sentences, m.max_length)
        if n_cut:
            log.warning("%s: %d sentence(s) longer than %d tokens were truncated",
                        self.name, n_cut, m.max_length)
        return feats

    def forward(self, feats: list[dict[str, list[int]]]) -> np.ndarray:
        """Class probabilities (softmax, model class order) in length-sorted batches."""
        return self.loaded().classifier.forward(feats, self.batch_size)

    def postprocess(self, proba: np.ndarray) -> pd.DataFrame:
        """Merge class probabilities onto negative/neutral/positive and build the columns."""
        merge = self.loaded().merge
        p = proba @ merge if len(proba) else np.zeros((0, len(SENTIMENT_LABELS)))
        return sentiment_frame(p, self.columns)
