"""Emotive framing from any Hugging Face token-classification model (``emotive.hf.v1``).

The model is named by hub id or local folder (``config.json``, weights, a fast tokenizer). Its
token labels are mapped onto the package's term types (``loaded_language``, ``name_calling``)
or "outside". Unless ``label_map`` is given, the mapping is read from the label names
(case-insensitive; a ``B-``/``I-``/``E-``/``S-`` prefix is ignored):

* ``O``, ``outside``, ``none`` -> outside;
* a name containing ``loaded`` (``Loaded_Language``) -> ``loaded_language``;
* a name containing ``name_calling``, ``name calling`` or ``labeling`` -> ``name_calling``.

Any other label (``LABEL_1``, ``Doubt``, ``PER``...) is not guessed: the error lists the
labels and asks for ``label_map={label: loaded_language|name_calling|O}``.

One story per sentence: a token's probability of a type is the sum of its labels' softmax
probabilities; words, spans and scores are decoded as for the package's tagger
(:func:`framing.models.tagging.decode_spans`, threshold 0.5 per type by default), and
``hf_emotive`` is the highest type probability of any token, so a sentence scored at or above
the threshold has a term to show (unless only a function word or punctuation crossed it).
Terms carry ``detector:hf`` in their categories; the researcher's dictionary and stoplist
apply as for the other emotive scorers.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing.errors import ModelUnavailableError
from framing.lexicons import categorize
from framing.models.tagging import decode_spans
from framing.models.token_classifier import TokenClassifier, TokenizedText, load_token_classifier
from framing.schema import LOADED_TERM_FIELDS, TERM_TYPES
from framing.scoring.base import TransformerScorer
from framing.scoring.domain import DomainTerms, dictionary_score
from framing.scoring.registry import register

log = logging.getLogger(__name__)

NAME = "emotive.hf.v1"
OUTSIDE = "O"
_PREFIX = re.compile(r"^[biesl][-_]", re.IGNORECASE)


def _norm(label: str) -> str:
    return _PREFIX.sub("", str(label).strip()).lower().replace("-", "_").replace(" ", "_")


def _infer(label: str) -> str | None:
    key = _norm(label)
    if key in {"o", "outside", "none"}:
        return OUTSIDE
    if "loaded" in key:
        return "loaded_language"
    if "name_calling" in key or "labeling" in key or "labelling" in key:
        return "name_calling"
    return None


def token_label_map(labels: list[str], label_map: Mapping[str, str] | None = None
                    ) -> dict[str, str]:
    """Map each model label onto a term type or :data:`OUTSIDE`.

    Args:
        labels: The model's labels in class-index order.
        label_map: Explicit ``{label: loaded_language|name_calling|O}`` covering every label
            (exact keys, else case-insensitive); ``None`` infers from the names.

    Raises:
        ModelUnavailableError: A label cannot be mapped, a value is not a type or ``O``, or
            no label maps to a term type.
    """
    valid = (*TERM_TYPES, OUTSIDE)
    if label_map is not None:
        folded = {str(k).strip().lower(): str(v) for k, v in label_map.items()}
        mapping = {lab: str(label_map.get(lab, folded.get(lab.strip().lower(), "")))
                   for lab in labels}
        bad = {k: v for k, v in mapping.items() if v not in valid}
        if bad:
            raise ModelUnavailableError(
                f"{NAME}: label_map must map every model label onto "
                f"{', '.join(valid)}; unmapped or invalid: {bad}")
    else:
        mapping = {lab: _infer(lab) for lab in labels}
        unknown = [lab for lab, v in mapping.items() if v is None]
        if unknown:
            raise ModelUnavailableError(
                f"{NAME}: cannot map the model's labels {', '.join(map(repr, unknown))} onto "
                f"loaded_language/name_calling/O; pass label_map={{label: "
                f"loaded_language|name_calling|O}} (the labels are {labels})")
    if not any(v in TERM_TYPES for v in mapping.values()):
        raise ModelUnavailableError(f"{NAME}: no label of the model maps to a term type "
                                    f"({mapping}); pass label_map")
    return mapping  # type: ignore[return-value]


@dataclass(frozen=True)
class _Mapped:
    classifier: TokenClassifier
    mapping: dict[str, str]
    merge: np.ndarray
    """``(n_labels, n_types)`` 0/1 matrix summing label probabilities per term type."""
    max_length: int
    domain: DomainTerms


@register
class HFEmotiveScorer(TransformerScorer):
    """Loaded terms and an emotive score from any HF token-classification model.

    Args:
        model: Hub id or local folder of a token-classification model (required: ``None``
            constructs, but scoring raises :class:`~framing.errors.ModelUnavailableError`).
        label_map: Model label -> ``loaded_language``/``name_calling``/``O``; ``None`` infers
            it from the label names (module docstring).
        threshold: Decision threshold of a word's type probability (one for both types, or
            ``{type: threshold}``).
        device: ``"auto"``, ``"cpu"`` or ``"cuda"``.
        batch_size: Sentences per forward pass.
        max_length: Tokens per sentence (``None``: the model's limit, at most 512); longer
            sentences are truncated with a warning.
        precision: ``fp32``, ``bf16``/``fp16`` (CUDA) or ``int8``.
        dictionary: A researcher's domain dictionary (see :mod:`framing.scoring.domain`).
        stoplist: Terms never reported.
    """

    name = NAME
    columns: tuple[str, ...] = ("hf_emotive", "hf_loaded_terms")
    requires_params: tuple[str, ...] = ("model",)

    def __init__(self, model: str | Path | None = None,
                 label_map: Mapping[str, str] | None = None,
                 threshold: float | Mapping[str, float] = 0.5, device: str = "auto",
                 batch_size: int = 32, max_length: int | None = None,
                 precision: str = "fp32", dictionary: str | Path | None = None,
                 stoplist: str | Path | None = None) -> None:
        self.model = model
        self.label_map = label_map
        self.threshold = threshold
        self.max_length = max_length
        self.dictionary = dictionary
        self.stoplist = stoplist
        super().__init__(device, batch_size, precision)

    def thresholds(self) -> list[float]:
        """The decision threshold of each term type, in :data:`TERM_TYPES` order."""
        t = self.threshold
        values = [float(t.get(k, 0.5)) if isinstance(t, Mapping) else float(t)
                  for k in TERM_TYPES]
        if not all(0.0 < v <= 1.0 for v in values):
            raise ModelUnavailableError(f"{NAME}: thresholds must lie in (0, 1]; got {t}")
        return values

    def load(self) -> _Mapped:
        """Load the model, map its labels and read the dictionary and stoplist."""
        if self.model is None or str(self.model).strip() == "":
            raise ModelUnavailableError(f"{NAME} needs model=<hub id or folder of a "
                                        "token-classification model>")
        self.thresholds()
        clf = load_token_classifier(str(self.model), self.device, self.precision)
        mapping = token_label_map(clf.labels, self.label_map)
        merge = np.zeros((len(clf.labels), len(TERM_TYPES)))
        for i, lab in enumerate(clf.labels):
            if mapping[lab] in TERM_TYPES:
                merge[i, TERM_TYPES.index(mapping[lab])] = 1.0
        return _Mapped(classifier=clf, mapping=mapping, merge=merge,
                       max_length=clf.max_length(self.max_length),
                       domain=DomainTerms.load(self.dictionary, self.stoplist))

    def model_fingerprint(self, loaded: _Mapped) -> str:
        """Weights digest plus a digest of the label mapping, thresholds and max_length."""
        settings = json.dumps({"labels": loaded.mapping, "thresholds": self.thresholds(),
                               "max_length": loaded.max_length}, sort_keys=True)
        digest = hashlib.sha256(settings.encode()).hexdigest()[:8]
        return f"{loaded.classifier.fingerprint}+{digest}{loaded.domain.fingerprint()}"

    def model_provenance(self, loaded: _Mapped) -> dict[str, Any]:
        """Model id, revision, fingerprint, label mapping and thresholds for the manifest."""
        clf = loaded.classifier
        return {"model": str(self.model), "model_revision": clf.revision,
                "model_class": type(clf.model).__name__,
                "fingerprint": self.model_fingerprint(loaded), "label_map": loaded.mapping,
                "thresholds": dict(zip(TERM_TYPES, self.thresholds(), strict=True)),
                "max_length": loaded.max_length, "device": clf.device,
                "precision": clf.precision, **loaded.domain.provenance()}

    # preprocess / forward / postprocess -----------------------------------------------------
    def preprocess(self, sentences: list[str]) -> tuple[list[str], list[TokenizedText]]:
        """Token ids with offsets and word ids per sentence."""
        m = self.loaded()
        feats = m.classifier.tokenize_tokens(sentences, m.max_length)
        n_cut = sum(f.truncated for f in feats)
        if n_cut:
            log.warning("%s: %d sentence(s) reached %d tokens and may be truncated",
                        self.name, n_cut, m.max_length)
        return sentences, feats

    def forward(self, inputs: tuple[list[str], list[TokenizedText]]
                ) -> tuple[list[str], list[TokenizedText], list[np.ndarray]]:
        """Per-token label probabilities (the only step that touches the model)."""
        texts, feats = inputs
        return texts, feats, self.loaded().classifier.forward_tokens(feats, self.batch_size)

    def postprocess(self, outputs: tuple[list[str], list[TokenizedText], list[np.ndarray]]
                    ) -> pd.DataFrame:
        """Decode typed word spans; the emotive score is the highest type probability."""
        texts, feats, probs = outputs
        m = self.loaded()
        thresholds = self.thresholds()
        rows = []
        for text, feat, p in zip(texts, feats, probs, strict=True):
            typed = p @ m.merge if len(p) else np.zeros((0, len(TERM_TYPES)))
            real = [k for k, (s, e) in enumerate(feat.offsets) if e > s]
            spans = decode_spans(typed, feat.word_ids, feat.offsets, TERM_TYPES, thresholds,
                                 text=text) if real else []
            terms = [dict(zip(LOADED_TERM_FIELDS, (
                text[s:e], int(s), int(e), kind, round(float(score), 6),
                ["detector:hf", *categorize(text[s:e])], "author", None, None), strict=True))
                for s, e, kind, score in spans]
            emotive = float(typed[real].max()) if real else 0.0
            if m.domain.active:
                terms, _ = m.domain.apply(text, terms)
                emotive = max(emotive, dictionary_score(terms))
            rows.append({"hf_emotive": emotive, "hf_loaded_terms": terms})
        return pd.DataFrame(rows, columns=list(self.columns))
