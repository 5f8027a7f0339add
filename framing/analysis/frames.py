"""Frame shares and technique rates per source, with article-bootstrap intervals.

A frame's share in a source is the share of its articles whose ``frames`` list holds it; a
technique's rate is the share of its paragraphs whose ``techniques`` list holds it (paragraphs
of one article resampled together). Intervals come from the one cluster bootstrap
(:func:`framing.analysis.bootstrap.cluster_bootstrap_ci`); :func:`label_contrasts` compares
sources pairwise with Benjamini-Hochberg-adjusted p-values.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from framing.analysis.bootstrap import cluster_bootstrap_ci, cluster_draws
from framing.analysis.stats import adjust_p_values
from framing.schema import is_missing

LABEL_SHARE_COLUMNS: tuple[str, ...] = ("source", "label", "estimate", "ci_low", "ci_high",
                                        "n_articles", "n_units")
"""Columns of :func:`label_shares` (``estimate`` is the share in [0, 1])."""


def _has(column: pd.Series, label: str) -> np.ndarray:
    return np.array([0.0 if is_missing(v) else float(label in list(v)) for v in column])


def label_shares(table: pd.DataFrame, column: str, labels: Sequence[str], *,
                 n_boot: int = 2000, seed: int = 0) -> pd.DataFrame:
    """Share of units (articles or paragraphs) per source carrying each label.

    Args:
        table: One row per unit with ``doc_id``, ``source`` and a list column.
        column: The list column (``frames`` or ``techniques``).
        labels: The labels to report, in order.
        n_boot: Bootstrap resamples.
        seed: Seed of the resampling.

    Returns:
        One row per (source, label), :data:`LABEL_SHARE_COLUMNS`; sources in order of first
        appearance (callers order them for figures).
    """
    rows = []
    for source, grp in table.groupby("source", sort=False):
        docs = grp["doc_id"].astype(str).to_numpy()
        for label in labels:
            v = _has(grp[column], label)
            low, high = cluster_bootstrap_ci(v, docs, n_boot=n_boot, seed=seed)
            rows.append({"source": source, "label": label,
                         "estimate": float(v.mean()) if len(v) else np.nan,
                         "ci_low": low, "ci_high": high, "n_articles": int(len(set(docs))),
                         "n_units": int(len(v))})
    return pd.DataFrame(rows, columns=list(LABEL_SHARE_COLUMNS))


LABEL_CONTRAST_COLUMNS: tuple[str, ...] = (
    "label", "source", "versus", "difference", "ci_low", "ci_high", "p_value", "p_adjusted",
    "significant", "n_articles", "n_articles_versus")
"""Columns of :func:`label_contrasts`."""


def _replicate_shares(values: np.ndarray, docs: np.ndarray, n_boot: int, seed: int | list[int]
                      ) -> np.ndarray:
    """``(n_boot, n_labels)`` bootstrap shares of one source, articles resampled."""
    inverse, draws = cluster_draws(docs, n_boot, seed)
    k = draws.shape[1]
    sums = np.zeros((k, values.shape[1]))
    np.add.at(sums, inverse, values)
    counts = np.bincount(inverse, minlength=k).astype(float)
    return sums[draws].sum(axis=1) / counts[draws].sum(axis=1)[:, None]


def label_contrasts(table: pd.DataFrame, column: str, labels: Sequence[str], *,
                    n_boot: int = 2000, seed: int = 0, alpha: float = 0.05) -> pd.DataFrame:
    """Pairwise source differences in each label's share, with BH-adjusted p-values.

    Each source's articles are resampled on their own (independent samples); the difference's
    95% interval is the percentile interval of the replicate differences and its two-sided
    p-value ``2 * min(P(d <= 0), P(d >= 0))`` over them. The family for the Benjamini-Hochberg
    adjustment is every (label, pair) of the table. Sources with fewer than two articles get no
    contrast.

    Args:
        table: One row per unit with ``doc_id``, ``source`` and the list column.
        column: ``frames`` or ``techniques``.
        labels: The labels compared.
        n_boot: Bootstrap resamples.
        seed: Seed of the resampling.
        alpha: False discovery rate.

    Returns:
        One row per (label, source, versus), :data:`LABEL_CONTRAST_COLUMNS`.
    """
    reps: dict[object, tuple[np.ndarray, np.ndarray, int]] = {}
    for i, (source, grp) in enumerate(table.groupby("source", sort=False)):
        docs = grp["doc_id"].astype(str).to_numpy()
        values = np.column_stack([_has(grp[column], lab) for lab in labels])
        if len(set(docs)) >= 2:  # each source its own draws: independent samples
            reps[source] = (values.mean(axis=0),
                            _replicate_shares(values, docs, n_boot, [seed, i]), len(set(docs)))
    rows = []
    sources = list(reps)
    for i, a in enumerate(sources):
        for b in sources[i + 1:]:
            (est_a, rep_a, n_a), (est_b, rep_b, n_b) = reps[a], reps[b]
            rows += _difference_rows(labels, a, b, est_a - est_b, rep_a - rep_b, alpha,
                                     {"n_articles": n_a, "n_articles_versus": n_b})
    return _adjusted(rows, list(LABEL_CONTRAST_COLUMNS), alpha)


def _difference_rows(labels: Sequence[str], a: object, b: object, estimate: np.ndarray,
                     replicates: np.ndarray, alpha: float, extra: dict) -> list[dict]:
    """One row per label: the difference, its percentile interval and two-sided p-value."""
    rows = []
    for j, label in enumerate(labels):
        d = replicates[:, j]
        p = min(1.0, 2.0 * min(float(np.mean(d <= 0)), float(np.mean(d >= 0))))
        low, high = np.quantile(d, [alpha / 2, 1 - alpha / 2])
        rows.append({"label": label, "source": a, "versus": b,
                     "difference": float(estimate[j]), "ci_low": float(low),
                     "ci_high": float(high), "p_value": p, **extra})
    return rows


def _adjusted(rows: list[dict], columns: list[str], alpha: float) -> pd.DataFrame:
    """The rows with Benjamini-Hochberg ``p_adjusted`` and ``significant`` over all of them."""
    out = pd.DataFrame(rows, columns=[c for c in columns
                                      if c not in ("p_adjusted", "significant")])
    adjusted, significant = adjust_p_values(out["p_value"].to_numpy(dtype=float), alpha=alpha)
    out["p_adjusted"] = adjusted
    out["significant"] = significant
    return out[columns]


ADJUSTED_CONTRAST_COLUMNS: tuple[str, ...] = (*LABEL_CONTRAST_COLUMNS, "strata")
"""Columns of :func:`adjusted_contrasts`: those of :func:`label_contrasts` and ``strata``."""


def adjusted_contrasts(table: pd.DataFrame, column: str, labels: Sequence[str], *,
                       covariate: str = "genre", n_boot: int = 2000, seed: int = 0,
                       alpha: float = 0.05) -> pd.DataFrame:
    """Pairwise source differences in each label's share, standardised for a covariate.

    Direct standardisation: within each pair of sources, a label's share is computed per
    stratum of ``covariate`` (e.g. genre: opinion, reporting, satire) and the strata are
    weighted by the pooled mix of both sources' articles over the strata both have, so an
    outlet that runs more opinion pieces is compared with another at the same genre mix.
    Articles are resampled within each (source, stratum) cell, each cell with its own draws;
    intervals, p-values and the Benjamini-Hochberg family are as in :func:`label_contrasts`.
    Units with no stratum (a missing covariate) are left out; a pair with no common stratum
    holding two articles on each side gets no row.

    Args:
        table: One row per unit with ``doc_id``, ``source``, the list column and ``covariate``
            (paragraphs carry their article's value).
        column: ``frames`` or ``techniques``.
        labels: The labels compared.
        covariate: The article-level column to standardise for.
        n_boot: Bootstrap resamples.
        seed: Seed of the resampling.
        alpha: False discovery rate.

    Returns:
        One row per (label, source, versus), :data:`ADJUSTED_CONTRAST_COLUMNS`; ``strata``
        names the strata used (``"opinion+reporting"``).
    """
    kept = table[table[covariate].map(lambda v: not is_missing(v))]
    cells: dict[tuple[object, object], tuple[np.ndarray, np.ndarray, int]] = {}
    for i, ((source, stratum), grp) in enumerate(kept.groupby(["source", covariate],
                                                             sort=False)):
        docs = grp["doc_id"].astype(str).to_numpy()
        if len(set(docs)) >= 2:
            values = np.column_stack([_has(grp[column], lab) for lab in labels])
            cells[(source, stratum)] = (values.mean(axis=0),
                                        _replicate_shares(values, docs, n_boot, [seed, i]),
                                        len(set(docs)))
    sources = list(dict.fromkeys(kept["source"]))
    rows = []
    for i, a in enumerate(sources):
        for b in sources[i + 1:]:
            strata = [g for (s, g) in cells if s == a and (b, g) in cells]
            if not strata:
                continue
            weights = np.array([cells[(a, g)][2] + cells[(b, g)][2] for g in strata], float)
            weights /= weights.sum()
            est = sum(w * (cells[(a, g)][0] - cells[(b, g)][0])
                      for w, g in zip(weights, strata, strict=True))
            rep = sum(w * (cells[(a, g)][1] - cells[(b, g)][1])
                      for w, g in zip(weights, strata, strict=True))
            rows += _difference_rows(labels, a, b, np.asarray(est), np.asarray(rep), alpha, {
                "n_articles": sum(cells[(a, g)][2] for g in strata),
                "n_articles_versus": sum(cells[(b, g)][2] for g in strata),
                "strata": "+".join(str(g) for g in strata)})
    return _adjusted(rows, list(ADJUSTED_CONTRAST_COLUMNS), alpha)
