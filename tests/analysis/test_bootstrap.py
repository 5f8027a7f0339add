"""The one cluster bootstrap (framing.analysis.bootstrap): same draws for every statistic."""

from __future__ import annotations

import math

import numpy as np
import pytest
from sklearn.metrics import roc_auc_score

from framing.analysis.bootstrap import (
    cluster_bootstrap_ci,
    cluster_bootstrap_ratio_ci,
    cluster_bootstrap_replicates,
    cluster_draws,
)


def _data(seed: int, n_clusters: int = 12, per: int = 5) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    clusters = np.repeat([f"doc{k}" for k in range(n_clusters)], per)
    return rng.normal(size=n_clusters * per), clusters


def _mean_ci_before_unification(values, clusters, n_boot=2000, level=0.95, seed=0):
    """The mean interval as analysis/summary.py computed it before the one bootstrap."""
    ids, inverse = np.unique(clusters, return_inverse=True)
    k = len(ids)
    sums = np.bincount(inverse, weights=values, minlength=k)
    counts = np.bincount(inverse, minlength=k).astype(float)
    draws = np.random.default_rng(seed).integers(0, k, size=(n_boot, k))
    means = sums[draws].sum(axis=1) / counts[draws].sum(axis=1)
    alpha = (1.0 - level) / 2.0
    low, high = np.quantile(means, [alpha, 1.0 - alpha])
    return float(low), float(high)


def _auc_boots_before_unification(y, x, clusters, n_boot, seed):
    """The label-AUC replicates as report/analysis.py drew them before (one draw per loop)."""
    ids, inverse = np.unique(clusters, return_inverse=True)
    members = [np.flatnonzero(inverse == k) for k in range(len(ids))]
    rng = np.random.default_rng(seed)
    boots = []
    for _ in range(n_boot):
        idx = np.concatenate([members[k] for k in rng.integers(0, len(ids), len(ids))])
        if len(set(y[idx])) == 2:
            boots.append(roc_auc_score(y[idx], x[idx]))
    return np.asarray(boots)


@pytest.mark.parametrize(("data_seed", "boot_seed", "n_boot"), [(1, 0, 2000), (2, 13, 500),
                                                                 (3, 7, 100)])
def test_mean_interval_is_bit_identical_to_the_old_summary_bootstrap(data_seed, boot_seed,
                                                                      n_boot):
    values, clusters = _data(data_seed)
    assert cluster_bootstrap_ci(values, clusters, n_boot=n_boot, seed=boot_seed) == (
        _mean_ci_before_unification(values, clusters, n_boot=n_boot, seed=boot_seed))


def test_ratio_interval_with_unit_denominators_is_the_mean_interval():
    values, clusters = _data(5)
    assert cluster_bootstrap_ratio_ci(values, np.ones(len(values)), clusters, seed=4) == (
        cluster_bootstrap_ci(values, clusters, seed=4))


@pytest.mark.parametrize("function", [
    lambda v, c: cluster_bootstrap_ci(v, c, seed=4),
    lambda v, c: cluster_bootstrap_ratio_ci(v, np.ones(len(v)), c, seed=4),
])
def test_one_cluster_has_no_interval(function):
    lo, hi = function(np.array([0.1, 0.5, 0.9]), np.array(["a", "a", "a"]))
    assert math.isnan(lo) and math.isnan(hi)


def test_ratio_interval_is_nan_when_resamples_have_no_words():
    numerator = np.zeros(4)
    denominator = np.zeros(4)  # no article has words
    clusters = np.array(["a", "b", "c", "d"])
    lo, hi = cluster_bootstrap_ratio_ci(numerator, denominator, clusters, n_boot=400, seed=1)
    assert math.isnan(lo) and math.isnan(hi)


def test_auc_replicates_are_bit_identical_to_the_old_loop():
    rng = np.random.default_rng(3)
    clusters = np.repeat(np.arange(15), 4)
    y = rng.integers(0, 2, size=60).astype(bool)
    x = rng.normal(size=60) + y

    def auc(idx: np.ndarray) -> float | None:
        return roc_auc_score(y[idx], x[idx]) if len(set(y[idx])) == 2 else None

    new = cluster_bootstrap_replicates(auc, clusters, n_boot=200, seed=13)
    np.testing.assert_array_equal(new, _auc_boots_before_unification(y, x, clusters, 200, 13))


def test_undefined_replicates_are_dropped():
    clusters = np.array(["a", "b"])
    out = cluster_bootstrap_replicates(lambda idx: None if len(set(idx)) < 2 else 1.0, clusters,
                                       n_boot=100, seed=0)
    assert 0 < len(out) < 100 and set(out) == {1.0}


def test_draws_index_sorted_clusters():
    inverse, draws = cluster_draws(np.array(["b", "a", "b", "c"]), n_boot=50, seed=2)
    assert inverse.tolist() == [1, 0, 1, 2]
    assert draws.shape == (50, 3) and draws.min() >= 0 and draws.max() <= 2
