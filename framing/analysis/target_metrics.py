"""Target-level evaluation: macro-F1 with article-bootstrap intervals, sentence baselines.

Shared by the target-sentiment training recipe and its validation (which may not import each
other). The intervals resample articles with the package's one cluster bootstrap
(:mod:`framing.analysis.bootstrap`); the same resamples serve every model, so differences
are paired.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from framing.analysis.bootstrap import cluster_bootstrap_replicates
from framing.analysis.metrics import expected_calibration_error
from framing.schema import SENTIMENT_LABELS
from framing.scoring import get_scorer

LABELS: tuple[str, ...] = tuple(SENTIMENT_LABELS)
N_BOOT = 1000
"""Article-bootstrap resamples for the intervals."""


def metrics(y: np.ndarray, pred: np.ndarray, proba: np.ndarray | None = None
            ) -> dict[str, Any]:
    """Macro-F1, accuracy, per-class F1 and (with probabilities) ECE."""
    from sklearn.metrics import accuracy_score, f1_score

    per = f1_score(y, pred, average=None, labels=[0, 1, 2], zero_division=0)
    out: dict[str, Any] = {"n": int(len(y)),
                           "macro_f1": float(f1_score(y, pred, average="macro",
                                                      labels=[0, 1, 2], zero_division=0)),
                           "accuracy": float(accuracy_score(y, pred)),
                           "f1_per_class": {lab: float(v) for lab, v in
                                            zip(LABELS, per, strict=True)}}
    if proba is not None:
        out["ece"] = expected_calibration_error(proba, y)
    return out


def macro_f1(y: np.ndarray, pred: np.ndarray) -> float:
    """Macro-F1 over the three classes (a class absent from both counts as F1 0)."""
    conf = np.bincount(3 * y + pred, minlength=9).reshape(3, 3).astype(float)
    tp = np.diag(conf)
    denom = conf.sum(0) + conf.sum(1)
    return float(np.mean(np.divide(2 * tp, denom, out=np.zeros(3), where=denom > 0)))


def bootstrap_f1(y: np.ndarray, preds: dict[str, np.ndarray], clusters: np.ndarray,
                 seed: int, reference: str, n_boot: int = N_BOOT
                 ) -> dict[str, dict[str, float]]:
    """95% article-bootstrap intervals of each macro-F1 and of ``reference`` minus it.

    The same resamples serve every prediction, so the differences are paired.
    """
    y = np.asarray(y, dtype=int)
    out: dict[str, dict[str, float]] = {}
    ref = np.asarray(preds[reference], dtype=int)
    for name, p in preds.items():
        p = np.asarray(p, dtype=int)
        reps = cluster_bootstrap_replicates(lambda i, p=p: macro_f1(y[i], p[i]), clusters,
                                            n_boot, seed)
        low, high = np.quantile(reps, [0.025, 0.975])
        out[name] = {"low": float(low), "high": float(high)}
        if name != reference:
            diff = cluster_bootstrap_replicates(
                lambda i, p=p: macro_f1(y[i], ref[i]) - macro_f1(y[i], p[i]), clusters,
                n_boot, seed)
            lo, hi = np.quantile(diff, [0.025, 0.975])
            out[name].update(head_minus_this_low=float(lo), head_minus_this_high=float(hi))
    return out


SENTENCE_BASELINE = "sentiment.minilm-lora.v1"
"""The sentence scorer whose label is given to every target as a baseline: v1, because the
default (v2) trained on NewsMTSC sentences split over other articles than the target head's,
so some target test articles are in its training data."""


def sentence_baselines(sentences: list[str], device: str) -> dict[str, np.ndarray]:
    """Class index per sentence from :data:`SENTENCE_BASELINE` and from VADER."""
    idx = {lab: i for i, lab in enumerate(SENTIMENT_LABELS)}
    sentence = get_scorer(SENTENCE_BASELINE, device=device).score(sentences)
    vader = get_scorer("sentiment.vader.v1").score(sentences)
    return {f"{SENTENCE_BASELINE} (sentence label)":
            sentence["sentiment_label"].map(idx).to_numpy(),
            "sentiment.vader.v1 (sentence label)": vader["vader_label"].map(idx).to_numpy()}
