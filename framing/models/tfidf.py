"""A TF-IDF + logistic-regression text head (word 1-2 grams), stored as safetensors.

:class:`TfidfHead` holds a fixed vocabulary with its inverse document frequencies and one
logistic regression per label. :meth:`TfidfHead.transform` rebuilds exactly what
scikit-learn's ``TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2))`` gives for that
vocabulary (counts, ``1 + log(tf)``, times idf, rows scaled to unit length), so nothing is
pickled: the vocabulary sits in the safetensors header, the numbers in its tensors.

:func:`fit_tfidf` trains one (``min_df`` 2, at most :data:`MAX_FEATURES` n-grams, balanced
class weights, ``C`` :data:`TFIDF_C`); the techniques scorer ``techniques.minilm-tfidf.v2``
averages its probabilities with the encoder head's (:func:`ensemble`).
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from framing.errors import ModelUnavailableError
from framing.models.artifacts import verified_digest

__all__ = ["ENSEMBLE_WEIGHT", "MAX_FEATURES", "NGRAMS", "TFIDF_C", "TfidfHead", "ensemble",
           "fit_tfidf"]

NGRAMS = (1, 2)
"""Word n-gram lengths."""
MAX_FEATURES = 20000
"""Most frequent n-grams kept (the head stays under 2 MB)."""
TFIDF_C = 10.0
"""Inverse L2 strength of each label's logistic regression (liblinear)."""
ENSEMBLE_WEIGHT = 0.5
"""Weight of the encoder head's probability in :func:`ensemble` (the TF-IDF head gets the rest)."""


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))


@dataclass(frozen=True)
class TfidfHead:
    """TF-IDF features and one logistic output per label.

    Attributes:
        vocabulary: N-grams, in column order.
        idf: ``(n_terms,)`` inverse document frequencies.
        weight: ``(n_labels, n_terms)`` coefficients.
        bias: ``(n_labels,)`` intercepts.
        labels: Label names, in row order.
        sha256: Hex SHA-256 of the file it was loaded from (empty when built in memory).
    """

    vocabulary: tuple[str, ...]
    idf: np.ndarray
    weight: np.ndarray
    bias: np.ndarray
    labels: tuple[str, ...]
    sha256: str = ""

    @functools.cached_property
    def _counter(self):
        """The n-gram counter over the vocabulary, built once per head (not per batch)."""
        from sklearn.feature_extraction.text import CountVectorizer

        return CountVectorizer(vocabulary={t: i for i, t in enumerate(self.vocabulary)},
                               ngram_range=NGRAMS)  # checks the vocabulary on first use only

    def transform(self, texts: Sequence[str]):
        """Sparse ``(n, n_terms)`` TF-IDF rows of the texts (unit length)."""
        from sklearn.preprocessing import normalize

        x = self._counter.transform(list(texts)).astype(np.float64).tocsr()
        x.data = 1.0 + np.log(x.data)
        x = x.multiply(self.idf[None, :]).tocsr()
        return normalize(x)

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Per-label probabilities, ``(n, n_labels)``."""
        if len(texts) == 0:
            return np.zeros((0, len(self.labels)))
        z = np.asarray(self.transform(texts) @ self.weight.T) + self.bias
        return _sigmoid(z)

    def save(self, path: str | Path) -> str:
        """Write the head to a safetensors file atomically; return its SHA-256."""
        from safetensors.numpy import save_file

        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        save_file({"idf": np.ascontiguousarray(self.idf, dtype=np.float32),
                   "weight": np.ascontiguousarray(self.weight, dtype=np.float32),
                   "bias": np.ascontiguousarray(self.bias, dtype=np.float32)}, str(tmp),
                  metadata={"labels": json.dumps(list(self.labels)),
                            "vocabulary": json.dumps(list(self.vocabulary))})
        tmp.replace(path)
        return hashlib.sha256(path.read_bytes()).hexdigest()

    @classmethod
    def load(cls, path: str | Path, expected_sha256: str | None = None) -> TfidfHead:
        """Read a head written by :meth:`save`.

        Raises:
            ModelUnavailableError: When the file is missing, unreadable or has another hash.
        """
        from safetensors import safe_open

        path = Path(path)
        digest = verified_digest(path, expected_sha256, "TF-IDF head")
        try:
            with safe_open(str(path), framework="numpy") as fh:
                meta = dict(fh.metadata() or {})
                t = {k: fh.get_tensor(k) for k in ("idf", "weight", "bias")}
            labels = tuple(json.loads(meta["labels"]))
            vocab = tuple(json.loads(meta["vocabulary"]))
        except Exception as exc:  # safetensors and json raise their own error types
            raise ModelUnavailableError(f"{path}: not a readable TF-IDF head ({exc})") from exc
        if t["weight"].shape != (len(labels), len(vocab)) or t["idf"].shape != (len(vocab),):
            raise ModelUnavailableError(f"{path}: head shape does not match its vocabulary")
        return cls(vocab, t["idf"].astype(np.float64), t["weight"].astype(np.float64),
                   t["bias"].astype(np.float64), labels, digest)


def fit_tfidf(texts: Sequence[str], y: np.ndarray, labels: Sequence[str], c: float = TFIDF_C,
              max_features: int = MAX_FEATURES) -> TfidfHead:
    """Fit the vocabulary and one balanced logistic regression per label.

    The vocabulary is the ``max_features`` most frequent n-grams (total count) seen in at
    least two texts, ties broken by the n-gram itself, so a refit gives the same bytes on
    every machine (scikit-learn's own ``max_features`` cut breaks ties by an unstable sort,
    whose order depends on the CPU). A label without positive (or negative) examples gets a
    constant output equal to its smoothed training rate.

    Args:
        texts: Training texts.
        y: ``(n, n_labels)`` 0/1 targets.
        labels: Label names.
        c: Inverse regularisation strength.
        max_features: Most frequent n-grams kept.

    Returns:
        The fitted head.
    """
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    texts = list(texts)
    counts = CountVectorizer(min_df=2, ngram_range=NGRAMS)
    totals = np.asarray(counts.fit_transform(texts).sum(axis=0)).ravel()
    names = counts.get_feature_names_out()
    keep = np.lexsort((names, -totals))[:max_features]  # by count, then by n-gram
    vec = TfidfVectorizer(sublinear_tf=True, ngram_range=NGRAMS,
                          vocabulary=sorted(names[keep].tolist()))
    x = vec.fit_transform(texts)
    y = np.asarray(y, dtype=float).reshape(x.shape[0], -1)
    n_terms = x.shape[1]
    weight = np.zeros((y.shape[1], n_terms))
    bias = np.zeros(y.shape[1])
    for j in range(y.shape[1]):
        pos = y[:, j].sum()
        if pos == 0 or pos == len(y):
            rate = (pos + 0.5) / (len(y) + 1.0)
            bias[j] = np.log(rate / (1 - rate))
            continue
        clf = LogisticRegression(C=c, class_weight="balanced", solver="liblinear", random_state=0)
        clf.fit(x, y[:, j])
        weight[j] = clf.coef_[0]
        bias[j] = clf.intercept_[0]
    return TfidfHead(tuple(vec.get_feature_names_out().tolist()), vec.idf_.astype(np.float64),
                     weight, bias, tuple(labels))


def ensemble(p_encoder: np.ndarray, p_tfidf: np.ndarray,
             weight: float = ENSEMBLE_WEIGHT) -> np.ndarray:
    """Weighted mean of the encoder head's and the TF-IDF head's probabilities."""
    return weight * np.asarray(p_encoder) + (1.0 - weight) * np.asarray(p_tfidf)
