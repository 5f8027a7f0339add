"""Multi-label linear heads for frames and persuasion techniques, and the genre head's pooling.

A :class:`MultiLabelHead` is one logistic regression per label over pooled encoder features
(plus a few lexicon counts), fitted jointly by L-BFGS in NumPy/SciPy (:func:`fit_multilabel`),
with a decision threshold per label chosen on out-of-fold probabilities
(:func:`choose_thresholds`). Feature standardisation is folded into the weights, so scoring is
one matrix product. Heads are stored as safetensors (no pickle) with their labels, thresholds
and metadata in the header.

Documents are pooled from the embeddings of their paragraphs (:func:`pool_documents`): the
mean and the maximum over the body paragraphs plus the title's embedding. Each paragraph is
one encoder window of at most 256 word pieces (longer ones are windowed and averaged by
:class:`~framing.models.encoder.Encoder`), so a long article is read in chunks, and the
paragraph pass of the techniques scorer serves the document scorers too.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from framing.errors import ModelUnavailableError
from framing.models.artifacts import ARTIFACTS, verified_digest
from framing.models.heads import LinearHead

FRAMES_DIR = ARTIFACTS / "frames_minilm"
"""Heads, card and model card of ``frames.minilm.v1``, ``genre.minilm.v1``,
``techniques.minilm.v1`` and ``techniques.minilm-tfidf.v2``."""


def sigmoid(z: np.ndarray) -> np.ndarray:
    """Numerically stable logistic function."""
    out = np.empty_like(z, dtype=np.float64)
    pos = z >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-z[pos]))
    e = np.exp(z[~pos])
    out[~pos] = e / (1.0 + e)
    return out


@dataclass(frozen=True)
class MultiLabelHead:
    """Independent logistic outputs ``p = sigmoid(x @ weight.T + bias)`` with thresholds.

    Attributes:
        weight: ``(n_labels, dim)`` matrix (standardisation folded in).
        bias: ``(n_labels,)`` vector.
        thresholds: ``(n_labels,)`` decision thresholds on the probabilities.
        labels: Label names, in row order.
        metadata: Free-form string metadata stored in the safetensors header.
        sha256: Hex SHA-256 of the file it was loaded from (empty when built in memory).
    """

    weight: np.ndarray
    bias: np.ndarray
    thresholds: np.ndarray
    labels: tuple[str, ...]
    metadata: Mapping[str, str] = field(default_factory=dict)
    sha256: str = ""

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        """Per-label probabilities for a ``(n, dim)`` array (float64)."""
        z = np.asarray(x, dtype=np.float64) @ self.weight.T.astype(np.float64) + self.bias
        return sigmoid(z)

    def predict(self, proba: np.ndarray) -> np.ndarray:
        """Boolean ``(n, n_labels)`` decisions: probability at or above each threshold."""
        return np.asarray(proba) >= self.thresholds[None, :]

    def with_thresholds(self, thresholds: np.ndarray) -> MultiLabelHead:
        """A copy with other thresholds."""
        return MultiLabelHead(self.weight, self.bias, np.asarray(thresholds, dtype=np.float64),
                              self.labels, dict(self.metadata), self.sha256)

    def save(self, path: str | Path) -> str:
        """Write the head to a safetensors file atomically; return its SHA-256."""
        from safetensors.numpy import save_file

        meta = {str(k): str(v) for k, v in self.metadata.items()}
        meta["labels"] = json.dumps(list(self.labels))
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        save_file({"weight": np.ascontiguousarray(self.weight, dtype=np.float32),
                   "bias": np.ascontiguousarray(self.bias, dtype=np.float32),
                   "thresholds": np.ascontiguousarray(self.thresholds, dtype=np.float32)},
                  str(tmp), metadata=meta)
        tmp.replace(path)
        return hashlib.sha256(path.read_bytes()).hexdigest()

    @classmethod
    def load(cls, path: str | Path, expected_sha256: str | None = None) -> MultiLabelHead:
        """Read a head written by :meth:`save`.

        Raises:
            ModelUnavailableError: When the file is missing, unreadable or has another hash.
        """
        from safetensors import safe_open

        path = Path(path)
        digest = verified_digest(path, expected_sha256, "head weights")
        try:
            with safe_open(str(path), framework="numpy") as fh:
                meta = dict(fh.metadata() or {})
                tensors = {k: fh.get_tensor(k) for k in ("weight", "bias", "thresholds")}
        except Exception as exc:  # safetensors raises its own error types
            raise ModelUnavailableError(f"{path}: not a readable safetensors head ({exc})") from exc
        labels = tuple(json.loads(meta.pop("labels", "[]")))
        w = tensors["weight"]
        if w.shape[0] != len(labels) or tensors["bias"].shape != (len(labels),) or \
                tensors["thresholds"].shape != (len(labels),):
            raise ModelUnavailableError(f"{path}: head shape does not match its labels")
        return cls(weight=w.astype(np.float64), bias=tensors["bias"].astype(np.float64),
                   thresholds=tensors["thresholds"].astype(np.float64), labels=labels,
                   metadata=meta, sha256=digest)


def standardiser(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Column means and standard deviations (1 where a column is constant)."""
    mu = x.mean(axis=0)
    sd = x.std(axis=0)
    return mu, np.where(sd > 1e-8, sd, 1.0)


def fit_multilabel(x: np.ndarray, y: np.ndarray, labels: Sequence[str], c: float = 0.05,
                   balanced: bool = True, max_iter: int = 150) -> MultiLabelHead:
    """Fit one L2-regularised logistic regression per label, jointly (L-BFGS).

    Features are standardised; the scaling is folded into the returned weights. A label
    without positive (or without negative) examples gets a constant output equal to its
    smoothed training rate.

    Args:
        x: ``(n, dim)`` features.
        y: ``(n, n_labels)`` 0/1 targets.
        labels: Label names.
        c: Inverse regularisation strength (per example, as in scikit-learn's ``C``).
        balanced: Weight positives and negatives of each label equally (robust to a shift
            of the label mix; thresholds are then chosen on out-of-fold probabilities).
        max_iter: L-BFGS iterations.

    Returns:
        The head, with thresholds 0.5.
    """
    from scipy.optimize import minimize

    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).reshape(len(x), -1)
    n, d = x.shape
    k = y.shape[1]
    mu, sd = standardiser(x)
    xs = ((x - mu) / sd).astype(np.float32)  # float32 products: half the time
    pos = y.sum(0)
    if balanced:
        w_pos = np.where(pos > 0, n / (2.0 * np.maximum(pos, 1)), 0.0)
        w_neg = np.where(n - pos > 0, n / (2.0 * np.maximum(n - pos, 1)), 0.0)
    else:
        w_pos = w_neg = np.ones(k)
    sw = y * w_pos + (1 - y) * w_neg
    lam = 1.0 / (c * n)

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w = theta[: d * k].reshape(d, k)
        b = theta[d * k:]
        z = (xs @ w.astype(np.float32)).astype(np.float64) + b
        p = sigmoid(z)
        # weighted binary cross-entropy, mean over examples, + L2 on weights
        ll = sw * (np.logaddexp(0.0, z) - y * z)
        g = sw * (p - y) / n
        f = ll.sum() / n + 0.5 * lam * (w * w).sum()
        gw = (xs.T @ g.astype(np.float32)).astype(np.float64) + lam * w
        return f, np.concatenate([gw.ravel(), g.sum(0)])

    res = minimize(loss, np.zeros(d * k + k), jac=True, method="L-BFGS-B",
                   options={"maxiter": max_iter})
    w = res.x[: d * k].reshape(d, k)
    b = res.x[d * k:]
    weight = (w / sd[:, None]).T
    bias = b - (mu / sd) @ w
    degenerate = (pos == 0) | (pos == n)
    if degenerate.any():
        rate = (pos + 0.5) / (n + 1.0)
        weight[degenerate] = 0.0
        bias[degenerate] = np.log(rate[degenerate] / (1 - rate[degenerate]))
    return MultiLabelHead(weight=weight, bias=bias, thresholds=np.full(k, 0.5),
                          labels=tuple(labels), metadata={"C": repr(float(c)),
                                                          "balanced": str(balanced)})


THRESHOLD_GRID = np.round(np.arange(0.05, 0.951, 0.025), 3)
"""Candidate thresholds searched per label."""


def choose_thresholds(proba: np.ndarray, y: np.ndarray, grid: np.ndarray = THRESHOLD_GRID,
                      shrink: float = 0.0) -> np.ndarray:
    """Per-label threshold maximising F1 on out-of-fold probabilities.

    Args:
        proba: ``(n, n_labels)`` out-of-fold probabilities.
        y: ``(n, n_labels)`` 0/1 targets.
        grid: Candidate thresholds.
        shrink: Pull each chosen threshold towards 0.5 by this fraction (0 = none): less
            tuned to the training label mix.

    Returns:
        ``(n_labels,)`` thresholds (0.5 for a label without positives).
    """
    y = np.asarray(y, dtype=bool)
    out = np.full(y.shape[1], 0.5)
    for j in range(y.shape[1]):
        if not y[:, j].any():
            continue
        pred = proba[:, j][:, None] >= grid[None, :]
        tp = (pred & y[:, j][:, None]).sum(0)
        denom = pred.sum(0) + y[:, j].sum()
        f1 = np.where(denom > 0, 2 * tp / np.maximum(denom, 1), 0.0)
        best = grid[int(np.argmax(f1))]
        out[j] = (1 - shrink) * best + shrink * 0.5
    return out


Fit = Callable[[np.ndarray, np.ndarray], Callable[[np.ndarray], np.ndarray]]
"""Train on ``(x, y)`` and return a function giving probabilities for new ``x``."""


def out_of_fold(x: np.ndarray, y: np.ndarray, folds: Sequence[np.ndarray], fit: Fit
                ) -> np.ndarray:
    """Out-of-fold probabilities: for each fold (test indices), fit on the rest, predict it.

    Args:
        x: Features (rows).
        y: Targets (rows).
        folds: Test indices of each fold (together covering the rows once).
        fit: Training function.
    """
    out: np.ndarray | None = None
    everything = np.arange(len(x))
    for test in folds:
        train = np.setdiff1d(everything, test)
        p = np.asarray(fit(x[train], y[train])(x[test]), dtype=np.float64)
        if out is None:
            out = np.zeros((len(x), *p.shape[1:]))
        out[test] = p
    return out if out is not None else np.zeros((0,))


def group_folds(groups: Sequence[object], n_splits: int, seed: int) -> list[np.ndarray]:
    """Test indices of ``n_splits`` folds that keep each group (article, topic) together.

    Groups are shuffled with ``seed`` and dealt to folds so folds hold similar row counts.
    """
    keys, inverse = np.unique(np.asarray(groups, dtype=str), return_inverse=True)
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(keys))
    sizes = np.bincount(inverse, minlength=len(keys))
    load = np.zeros(n_splits)
    fold_of = np.zeros(len(keys), dtype=int)
    for g in sorted(order, key=lambda g: -sizes[g]):
        f = int(np.argmin(load))
        fold_of[g] = f
        load[f] += sizes[g]
    return [np.flatnonzero(fold_of[inverse] == f) for f in range(n_splits)
            if (fold_of[inverse] == f).any()]


def pool_documents(vectors: np.ndarray, doc_index: Sequence[int], n_docs: int,
                   is_title: Sequence[bool] | None = None) -> np.ndarray:
    """Document features from paragraph embeddings: body mean, body max, title.

    Args:
        vectors: ``(n_paragraphs, dim)`` paragraph embeddings.
        doc_index: Document (``0..n_docs-1``) of each paragraph.
        n_docs: Number of documents.
        is_title: Whether each paragraph is its document's title (excluded from the body;
            a document without body uses its title as body, and a document without title
            uses its body mean as title).

    Returns:
        ``(n_docs, 3 * dim)`` float32 array; zeros for a document without paragraphs.
    """
    vectors = np.asarray(vectors, dtype=np.float32)
    dim = vectors.shape[1] if vectors.ndim == 2 else 0
    doc_index = np.asarray(doc_index, dtype=int)
    title = np.zeros(len(doc_index), dtype=bool) if is_title is None else np.asarray(
        is_title, dtype=bool)
    out = np.zeros((n_docs, 3 * dim), dtype=np.float32)
    for d in range(n_docs):
        rows = doc_index == d
        if not rows.any():
            continue
        body = rows & ~title
        body = body if body.any() else rows
        mean = vectors[body].mean(0)
        out[d, :dim] = mean
        out[d, dim: 2 * dim] = vectors[body].max(0)
        t = rows & title
        out[d, 2 * dim:] = vectors[t].mean(0) if t.any() else mean
    return out


def fit_with_thresholds(x: np.ndarray, y: np.ndarray, groups: Sequence[object],
                        labels: Sequence[str], c: float, inner_folds: int, seed: int,
                        max_iter: int = 150) -> tuple[MultiLabelHead, np.ndarray]:
    """Fit a multi-label head and set its thresholds by cross-validation within ``x``.

    Args:
        x: Features.
        y: 0/1 targets.
        groups: Article of each row (folds keep articles together).
        labels: Label names.
        c: Inverse regularisation strength.
        inner_folds: Folds of the threshold search.
        seed: Seed of the fold assignment.
        max_iter: L-BFGS iterations per fit.

    Returns:
        The head fitted on all of ``x`` with the thresholds, and the out-of-fold
        probabilities the thresholds were chosen on.
    """
    def fit(a: np.ndarray, b: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
        return fit_multilabel(a, b, labels, c=c, max_iter=max_iter).predict_proba

    oof = out_of_fold(x, y, group_folds(groups, inner_folds, seed), fit)
    head = fit_multilabel(x, y, labels, c=c, max_iter=max_iter)
    return head.with_thresholds(choose_thresholds(oof, y)), oof


def fit_softmax(x: np.ndarray, y: Sequence[str], labels: Sequence[str], c: float = 0.1,
                balanced: bool = True) -> LinearHead:
    """Multinomial logistic regression (scikit-learn) as a :class:`LinearHead`.

    Features are standardised and the scaling folded into the weights.

    Args:
        x: Features.
        y: Class of each row.
        labels: Class names in head order (classes absent from ``y`` get a very low logit).
        c: Inverse regularisation strength.
        balanced: Balanced class weights.
    """
    from sklearn.linear_model import LogisticRegression

    x = np.asarray(x, dtype=np.float64)
    mu, sd = standardiser(x)
    clf = LogisticRegression(C=c, max_iter=2000, class_weight="balanced" if balanced else None)
    clf.fit((x - mu) / sd, np.asarray(y))
    weight = np.zeros((len(labels), x.shape[1]))
    bias = np.full(len(labels), -30.0)
    classes = list(clf.classes_)
    coef = clf.coef_ if len(classes) > 2 else np.vstack([-clf.coef_[0] / 2, clf.coef_[0] / 2])
    inter = clf.intercept_ if len(classes) > 2 else np.array([-clf.intercept_[0] / 2,
                                                              clf.intercept_[0] / 2])
    for k, lab in enumerate(classes):
        j = list(labels).index(lab)
        weight[j] = coef[k] / sd
        bias[j] = inter[k] - (mu / sd) @ coef[k]
    return LinearHead(weight=weight.astype(np.float32), bias=bias.astype(np.float32),
                      labels=tuple(labels), metadata={"C": repr(float(c))})
