"""Metrics shared by the training recipes and the validation.

Span detection (exact match and character-overlap F1, SemEval-2020 Task 11 style) and the
expected calibration error.

Overlap precision and recall follow Da San Martino et al. (2019): a predicted span ``s`` gets
partial credit ``|s ∩ t| / |s|`` for each gold span ``t`` of the same type (precision) and a
gold span gets ``|s ∩ t| / |t|`` (recall), so partially found spans count partially.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

Span = tuple[int, int, str]
"""``(start, end, type)`` with ``end`` exclusive."""


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def span_scores(
    gold: Sequence[Sequence[Span]],
    pred: Sequence[Sequence[Span]],
    types: Iterable[str] | None = None,
) -> dict[str, float]:
    """Exact and overlap precision/recall/F1 over aligned units (sentences or documents).

    Args:
        gold: Gold spans per unit.
        pred: Predicted spans per unit (same length as ``gold``).
        types: Restrict to these types (spans of other types are ignored); ``None`` = all.

    Returns:
        ``overlap_precision``, ``overlap_recall``, ``overlap_f1``, ``exact_precision``,
        ``exact_recall``, ``exact_f1``, ``n_gold``, ``n_pred``.
    """
    if len(gold) != len(pred):
        raise ValueError("gold and pred must have the same number of units")
    keep = None if types is None else set(types)
    p_credit = r_credit = 0.0
    n_gold = n_pred = exact = 0
    for g_unit, p_unit in zip(gold, pred, strict=True):
        g = [s for s in g_unit if keep is None or s[2] in keep]
        p = [s for s in p_unit if keep is None or s[2] in keep]
        n_gold += len(g)
        n_pred += len(p)
        gset = {tuple(s) for s in g}
        exact += sum(1 for s in set(map(tuple, p)) if s in gset)
        for s in p:
            if s[1] > s[0]:
                p_credit += min(1.0, sum(_overlap(s, t) for t in g if t[2] == s[2]) / (s[1] - s[0]))
        for t in g:
            if t[1] > t[0]:
                r_credit += min(1.0, sum(_overlap(s, t) for s in p if s[2] == t[2]) / (t[1] - t[0]))

    def f1(p: float, r: float) -> float:
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)

    op = p_credit / n_pred if n_pred else 0.0
    orc = r_credit / n_gold if n_gold else 0.0
    ep = exact / n_pred if n_pred else 0.0
    er = exact / n_gold if n_gold else 0.0
    return {"overlap_precision": op, "overlap_recall": orc, "overlap_f1": f1(op, orc),
            "exact_precision": ep, "exact_recall": er, "exact_f1": f1(ep, er),
            "n_gold": float(n_gold), "n_pred": float(n_pred)}


def char_scores(gold: Sequence[Sequence[Span]], pred: Sequence[Sequence[Span]]
                ) -> dict[str, float]:
    """Character-level precision/recall/F1 with types merged (SemEval-2020 style).

    Each unit's gold and predicted characters are the union of its spans; counts are summed
    over units.

    Returns:
        ``char_precision``, ``char_recall``, ``char_f1``.
    """
    if len(gold) != len(pred):
        raise ValueError("gold and pred must have the same number of units")
    tp = n_gold = n_pred = 0
    for g_unit, p_unit in zip(gold, pred, strict=True):
        g = {c for s in g_unit for c in range(s[0], s[1])}
        p = {c for s in p_unit for c in range(s[0], s[1])}
        tp += len(g & p)
        n_gold += len(g)
        n_pred += len(p)
    prec = tp / n_pred if n_pred else 0.0
    rec = tp / n_gold if n_gold else 0.0
    f1 = 0.0 if prec + rec == 0 else 2 * prec * rec / (prec + rec)
    return {"char_precision": prec, "char_recall": rec, "char_f1": f1}


def expected_calibration_error(proba: np.ndarray, y: np.ndarray, bins: int = 15) -> float:
    """Expected calibration error of the top-class probability (equal-width bins)."""
    conf = proba.max(axis=1)
    correct = (proba.argmax(axis=1) == y).astype(float)
    edges = np.linspace(0.0, 1.0, bins + 1)
    ece = 0.0
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        sel = (conf > lo) & (conf <= hi)
        if sel.any():
            ece += sel.mean() * abs(correct[sel].mean() - conf[sel].mean())
    return float(ece)
