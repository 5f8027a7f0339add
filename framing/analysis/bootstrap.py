"""The one cluster bootstrap of the package: intervals that resample whole articles.

Sentences of one article are not independent, so every interval in the package resamples
clusters (articles) with replacement, never single sentences. All resampling draws come from
:func:`cluster_draws`, so two statistics computed with the same seed on the same clusters see
exactly the same resamples.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def cluster_draws(clusters: np.ndarray, n_boot: int, seed: int | list[int]
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Resamples of the clusters: which clusters each bootstrap replicate draws.

    Args:
        clusters: Cluster (article) id of each row.
        n_boot: Bootstrap replicates.
        seed: Seed of the resampling (an int, or a list such as ``[seed, i]`` for the i-th
            of several independent samples).

    Returns:
        ``(inverse, draws)``: the cluster index (``0..k-1``, clusters in sorted order) of each
        row, and an ``(n_boot, k)`` array of cluster indices drawn with replacement.
    """
    _, inverse = np.unique(clusters, return_inverse=True)
    k = int(inverse.max()) + 1 if len(inverse) else 0
    rng = np.random.default_rng(seed)
    return inverse, rng.integers(0, k, size=(n_boot, k))


def _interval(values: np.ndarray, level: float) -> tuple[float, float]:
    alpha = (1.0 - level) / 2.0
    low, high = np.quantile(values, [alpha, 1.0 - alpha])
    return (float(low), float(high))


def cluster_bootstrap_ratio_ci(
    numerator: np.ndarray, denominator: np.ndarray, clusters: np.ndarray, n_boot: int = 2000,
    level: float = 0.95, seed: int = 0,
) -> tuple[float, float]:
    """Percentile interval of ``sum(numerator) / sum(denominator)``, resampling clusters.

    With ``denominator == 1`` this is the interval of a sentence-level mean
    (:func:`cluster_bootstrap_ci`); otherwise a rate such as loaded terms per word.

    Args:
        numerator: Per-sentence numerators.
        denominator: Per-sentence denominators (non-negative).
        clusters: Cluster (article) id of each sentence.
        n_boot: Bootstrap resamples.
        level: Coverage of the interval.
        seed: Seed of the resampling.

    Returns:
        ``(low, high)``; ``(nan, nan)`` with fewer than two clusters. Resamples whose
        denominator is zero are dropped; if more than half are, the interval is ``NaN``.
    """
    if len(np.unique(clusters)) < 2:
        return (float("nan"), float("nan"))
    inverse, draws = cluster_draws(clusters, n_boot, seed)
    k = draws.shape[1]
    num = np.bincount(inverse, weights=numerator, minlength=k)
    den = np.bincount(inverse, weights=denominator, minlength=k)
    d = den[draws].sum(axis=1)
    ok = d > 0
    if ok.sum() < n_boot / 2:
        return (float("nan"), float("nan"))
    return _interval(num[draws].sum(axis=1)[ok] / d[ok], level)


def cluster_bootstrap_ci(
    values: np.ndarray, clusters: np.ndarray, n_boot: int = 2000, level: float = 0.95,
    seed: int = 0,
) -> tuple[float, float]:
    """Percentile interval of a sentence-level mean, resampling clusters (articles).

    Args:
        values: Sentence values.
        clusters: Cluster (article) id of each value.
        n_boot: Bootstrap resamples.
        level: Coverage of the interval.
        seed: Seed of the resampling.

    Returns:
        ``(low, high)``; ``(nan, nan)`` with fewer than two clusters.
    """
    values = np.asarray(values, dtype=float)
    return cluster_bootstrap_ratio_ci(values, np.ones(len(values)), clusters, n_boot=n_boot,
                                      level=level, seed=seed)


def cluster_bootstrap_replicates(
    statistic: Callable[[np.ndarray], float | None], clusters: np.ndarray, n_boot: int = 2000,
    seed: int = 0,
) -> np.ndarray:
    """Bootstrap replicates of any statistic of the rows, resampling clusters.

    For statistics that are not ratios of sums (e.g. a ROC AUC); slower, since the statistic
    is computed once per resample. The caller takes the percentiles it reports.

    Args:
        statistic: Called with the row indices of one resample (the rows of each drawn cluster,
            repeated as often as it is drawn, in draw order); returns the statistic, or
            ``None`` when it is undefined for that resample (the resample is dropped).
        clusters: Cluster (article) id of each row.
        n_boot: Bootstrap resamples.
        seed: Seed of the resampling.

    Returns:
        The defined replicates, in draw order (possibly none).
    """
    inverse, draws = cluster_draws(clusters, n_boot, seed)
    members = [np.flatnonzero(inverse == c) for c in range(draws.shape[1])]
    stats = [s for row in draws
             if (s := statistic(np.concatenate([members[c] for c in row]))) is not None]
    return np.asarray(stats, dtype=float)
