"""Corrected estimates: model scores on every unit plus a small human-coded sample.

Every score the package emits has error, and the error differs between outlets. The estimators
here combine the model's scores on the whole table with a random, hand-coded sample so that the
estimate stays (asymptotically) unbiased and its interval keeps its coverage *whatever* the
model's errors; the interval is narrower than the coded sample alone when the model is good.

The estimator is design-based prediction-powered inference (PPI++, Angelopoulos et al. 2024;
design-based supervised learning, Egami et al. 2023). For the units ``i`` of a group, with
surrogate prediction ``f_i`` (a model of the human label fitted on the coded sample with
cross-fitting, from one or several score columns), coding indicator ``R_i`` and inclusion
probability ``pi_i``::

    estimate = mean_i(lam * f_i) + hajek_mean_{i coded}(Y_i - lam * f_i)

where the Hájek mean weights coded units by ``1 / pi_i``. ``lam`` in [0, 1] is chosen to
minimise the variance (power tuning; ``lam = 0`` is the coded sample alone, ``lam = 1`` plain
PPI). The variance is the article-clustered (cluster-robust) variance of the estimator's
linearisation, so sentences of one article are not treated as independent and the recorded
inclusion probabilities are respected. Regressions (``outcome ~ source + covariates``) use the
DSL pseudo-outcome ``f_i + R_i / pi_i * (Y_i - f_i)`` with cluster-robust OLS.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats as sps

from framing.analysis.stats import adjust_p_values
from framing.errors import ArgumentError

INCLUSION_COLUMN = "inclusion_prob"
"""Column of the coding sample holding each unit's inclusion probability (``framing sample``)."""

CORRECTED_COLUMNS: tuple[str, ...] = (
    "estimate", "ci_low", "ci_high", "se", "lam", "naive", "gold_only", "gold_only_ci_low",
    "gold_only_ci_high", "n_gold", "n", "n_clusters",
)
"""Columns of :func:`corrected_estimates` after the ``by`` columns."""

CONTRAST_COLUMNS: tuple[str, ...] = (
    "group_a", "group_b", "difference", "ci_low", "ci_high", "p_value", "p_adjusted",
    "naive_difference", "gold_only_difference", "n_gold_a", "n_gold_b",
)
"""Columns of :func:`corrected_contrasts`."""


# -- inputs ------------------------------------------------------------------------------------


def term_count_columns(table: pd.DataFrame) -> pd.DataFrame:
    """Add numeric surrogates derived from the loaded-term lists of a scored table.

    ``n_loaded_terms`` and ``max_term_score`` from ``loaded_terms`` (the default emotive
    scorer), ``n_lex_loaded_terms`` from ``lex_loaded_terms`` (the lexicon scorer), each only
    when its list column is present.
    """
    out = table.copy()
    if "loaded_terms" in out.columns:
        terms = out["loaded_terms"].map(lambda v: [] if v is None else list(v))
        out["n_loaded_terms"] = terms.map(len)
        out["max_term_score"] = terms.map(lambda ts: max((float(t["score"]) for t in ts),
                                                         default=0.0))
    if "lex_loaded_terms" in out.columns:
        out["n_lex_loaded_terms"] = out["lex_loaded_terms"].map(
            lambda v: 0 if v is None else len(v))
    return out


def _as_list(value: str | Sequence[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _require(table: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ArgumentError(f"{what} has no column {', '.join(repr(c) for c in missing)}; "
                            f"columns are: {', '.join(map(str, table.columns))}")


def merge_gold(table: pd.DataFrame, gold: pd.DataFrame, outcome: str,
               keys: Sequence[str]) -> pd.DataFrame:
    """The scored table with the human ``outcome`` and inclusion probability joined on ``keys``.

    Args:
        table: Model scores of every unit.
        gold: Coded units: the ``keys`` columns, ``outcome`` and optionally ``inclusion_prob``.
        outcome: The human label column (numeric or boolean).
        keys: Columns identifying a unit in both tables.

    Returns:
        ``table`` plus ``_y`` (the outcome, NaN where uncoded), ``_coded`` and ``_pi``.

    Raises:
        ArgumentError: Missing columns, duplicated keys, coded units absent from the table, or
            a non-numeric outcome.
    """
    keys = list(keys)
    _require(table, keys, "the scored table")
    _require(gold, [*keys, outcome], "the coded sample")
    if gold.duplicated(keys).any():
        dup = gold.loc[gold.duplicated(keys, keep=False), keys].iloc[0].tolist()
        raise ArgumentError(f"the coded sample has the unit {dup} more than once")
    if table.duplicated(keys).any():
        raise ArgumentError(f"the scored table's keys {keys} do not identify its rows")
    y = pd.to_numeric(gold[outcome].map(lambda v: float(v) if isinstance(v, bool) else v),
                      errors="coerce")
    if y.isna().any():
        row = int(np.flatnonzero(y.isna().to_numpy())[0])
        raise ArgumentError(f"the coded sample's {outcome!r} is not numeric at row {row + 1} "
                            f"({gold[outcome].iloc[row]!r}); code labels as 0/1 or numbers")
    extra = gold[keys].assign(_y=y.to_numpy())
    if INCLUSION_COLUMN in gold.columns:
        extra["_pi"] = pd.to_numeric(gold[INCLUSION_COLUMN], errors="coerce").to_numpy()
    merged = table.merge(extra, on=keys, how="left", validate="one_to_one", indicator=True)
    n_found = int((merged["_merge"] == "both").sum())
    if n_found < len(gold):
        raise ArgumentError(f"{len(gold) - n_found} coded units are not in the scored table "
                            f"(matched on {', '.join(keys)})")
    merged["_coded"] = merged["_merge"] == "both"
    merged = merged.drop(columns="_merge")
    if "_pi" not in merged.columns:
        merged["_pi"] = np.nan
    bad_pi = merged["_coded"] & ~merged["_pi"].between(0.0, 1.0, inclusive="right")
    if bad_pi.any() and merged.loc[merged["_coded"], "_pi"].notna().any():
        raise ArgumentError(f"inclusion probabilities must be in (0, 1]; "
                            f"{int(bad_pi.sum())} coded units have other values")
    if merged.loc[merged["_coded"], "_pi"].isna().all():
        # no design recorded: the coded units are taken as a simple random sample of the table
        merged["_pi"] = float(merged["_coded"].mean())
    return merged


# -- the surrogate model (cross-fitted) --------------------------------------------------------


def cross_fitted_predictions(x: np.ndarray, coded: np.ndarray, y: np.ndarray,
                             clusters: np.ndarray, binary: bool, folds: int = 5,
                             seed: int = 13) -> np.ndarray:
    """Predict the human label from score columns, cross-fitted over article clusters.

    A coded unit's prediction comes from a model fitted without its article (so its residual
    is honest); every other unit gets the mean of the fold models' predictions. The model is
    logistic regression for binary outcomes and ridge regression otherwise.

    Args:
        x: ``(n_units, n_features)`` surrogate scores (NaN filled with the column mean).
        coded: Boolean mask of coded units.
        y: Outcomes (used where ``coded``).
        clusters: Article id of each unit.
        binary: Whether the outcome is 0/1.
        folds: Number of folds (fewer when there are fewer coded articles).
        seed: Seed of the fold assignment.

    Returns:
        Predictions for every unit.
    """
    from sklearn.linear_model import LogisticRegression, Ridge

    x = np.asarray(x, dtype=float)
    means = np.nanmean(np.where(np.isfinite(x), x, np.nan), axis=0)
    x = np.where(np.isfinite(x), x, np.where(np.isfinite(means), means, 0.0))
    idx = np.flatnonzero(coded)
    groups = np.unique(clusters[idx])
    k = int(min(folds, len(groups)))
    if k < 2:
        raise ArgumentError("corrected estimates need coded units from at least two articles")
    rng = np.random.default_rng(seed)
    fold_of_group = dict(zip(rng.permutation(groups), np.arange(len(groups)) % k, strict=True))
    fold = np.array([fold_of_group[c] for c in clusters[idx]])
    pred = np.zeros(len(x))
    uncoded_sum = np.zeros(len(x))
    for j in range(k):
        train = idx[fold != j]
        yt = y[train]
        if binary and len(np.unique(yt)) == 2:
            model = LogisticRegression(C=1.0, max_iter=1000).fit(x[train], yt)
            fitted = model.predict_proba(x)[:, 1]
        elif binary:
            fitted = np.full(len(x), float(yt.mean()))
        else:
            fitted = Ridge(alpha=1.0).fit(x[train], yt).predict(x)
        pred[idx[fold == j]] = fitted[idx[fold == j]]
        uncoded_sum += fitted
    rest = ~coded
    pred[rest] = uncoded_sum[rest] / k
    return pred


# -- one group ---------------------------------------------------------------------------------


def _cluster_var(values: np.ndarray, clusters: np.ndarray, n: int) -> float:
    """Cluster-robust variance of ``sum(values) / n`` (values are centred influence terms)."""
    sums = pd.Series(values).groupby(clusters).sum().to_numpy()
    g = len(sums)
    if g < 2:
        return float("nan")
    return float(g / (g - 1) * np.sum(sums ** 2) / n ** 2)


def ppi_mean(y: np.ndarray, f: np.ndarray, coded: np.ndarray, pi: np.ndarray,
             clusters: np.ndarray, lam: float | None = None) -> dict[str, float]:
    """Prediction-powered mean of one group, power-tuned, with a cluster-robust variance.

    Args:
        y: Outcomes (read where ``coded``).
        f: Surrogate predictions of every unit.
        coded: Mask of coded units.
        pi: Inclusion probability of every unit (read where ``coded``).
        clusters: Article of every unit.
        lam: Fixed power-tuning parameter; ``None`` chooses it (clipped to [0, 1]).

    Returns:
        ``estimate``, ``se``, ``lam``, ``gold_only``, ``gold_only_se``.
    """
    n = len(f)
    w = np.where(coded, 1.0 / np.where(coded, pi, 1.0), 0.0)
    total_w = w.sum()
    yc = np.where(coded, y, 0.0)
    y_h = float((w * yc).sum() / total_w)
    f_h = float((w * f).sum() / total_w)
    f_bar = float(f.mean())
    scale = n / total_w  # Hájek normalisation: weights sum to n
    a = scale * w * (yc - y_h)                       # influence of the coded-sample mean
    b = (f - f_bar) - scale * w * (f - f_h)          # what the surrogate adds per unit of lam
    if lam is None:
        sa = pd.Series(a).groupby(clusters).sum().to_numpy()
        sb = pd.Series(b).groupby(clusters).sum().to_numpy()
        denom = float(np.sum(sb ** 2))
        lam = float(np.clip(-np.sum(sa * sb) / denom, 0.0, 1.0)) if denom > 0 else 0.0
    estimate = lam * f_bar + (y_h - lam * f_h)
    return {"estimate": float(estimate), "se": float(np.sqrt(_cluster_var(a + lam * b,
                                                                          clusters, n))),
            "lam": float(lam), "gold_only": y_h,
            "gold_only_se": float(np.sqrt(_cluster_var(a, clusters, n)))}


# -- public estimators -------------------------------------------------------------------------


def _prepare(table: pd.DataFrame, gold: pd.DataFrame, outcome: str,
             surrogate: str | Sequence[str], keys: Sequence[str], cluster: str | None,
             seed: int) -> tuple[pd.DataFrame, list[str], bool]:
    surrogates = _as_list(surrogate)
    if not surrogates:
        raise ArgumentError("name at least one surrogate score column")
    _require(table, surrogates, "the scored table")
    if cluster is not None:
        _require(table, [cluster], "the scored table")
    data = merge_gold(table, gold, outcome, keys)
    coded = data["_coded"].to_numpy()
    y = data["_y"].to_numpy(dtype=float)
    binary = bool(np.isin(y[coded], (0.0, 1.0)).all())
    clusters = (data[cluster].astype(str).to_numpy() if cluster is not None
                else np.arange(len(data)).astype(str))
    x = data[surrogates].apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
    data["_f"] = cross_fitted_predictions(x, coded, y, clusters, binary, seed=seed)
    data["_cluster"] = clusters
    return data, surrogates, binary


def _groups(data: pd.DataFrame, by: list[str]):
    if not by:
        yield (), data
        return
    for key, part in data.groupby(by, sort=True, dropna=False):
        yield (key if isinstance(key, tuple) else (key,)), part


def corrected_estimates(table: pd.DataFrame, gold: pd.DataFrame, outcome: str,
                        surrogate: str | Sequence[str], by: str | Sequence[str] | None = None,
                        keys: Sequence[str] = ("doc_id", "sent_idx"),
                        cluster: str | None = "doc_id", alpha: float = 0.05,
                        seed: int = 13, lam: float | None = None) -> pd.DataFrame:
    """Prediction-powered means of a human-coded outcome, per group.

    Args:
        table: Model scores of every unit (one row per sentence or document).
        gold: The coded units: the ``keys`` columns, the human ``outcome`` (0/1 or numeric)
            and, from ``framing sample``, ``inclusion_prob``; without it the coded units are
            taken as a simple random sample of ``table``.
        outcome: Name of the human label column in ``gold``.
        surrogate: One score column of ``table`` or several; they are combined by a model of
            the human label fitted on the coded sample with cross-fitting over articles.
        by: Grouping columns of ``table`` (e.g. ``"source"``); ``None`` for one overall row.
        keys: Columns identifying a unit in both tables.
        cluster: Column of article ids for clustered intervals (``None``: independent units).
        alpha: 1 - confidence level.
        seed: Seed of the cross-fitting folds.
        lam: Fixed power-tuning parameter (``None`` chooses it per group; 0 = coded only).

    Returns:
        One row per group: the ``by`` columns, then :data:`CORRECTED_COLUMNS`. ``naive`` is
        the model-only mean of the first surrogate; ``gold_only*`` is the coded sample alone
        (Hájek-weighted); a group without coded units has NaN estimates.

    Raises:
        ArgumentError: Missing columns, unknown keys, or too few coded articles.
    """
    if not 0 < alpha < 1:
        raise ArgumentError(f"alpha must be in (0, 1), not {alpha}")
    by_cols = _as_list(by)
    _require(table, by_cols, "the scored table")
    data, surrogates, binary = _prepare(table, gold, outcome, surrogate, keys, cluster, seed)
    z = float(sps.norm.ppf(1 - alpha / 2))
    rows = []
    for key, part in _groups(data, by_cols):
        coded = part["_coded"].to_numpy()
        row: dict[str, Any] = dict(zip(by_cols, key, strict=True))
        naive = pd.to_numeric(part[surrogates[0]], errors="coerce").mean()
        n_gold = int(coded.sum())
        row.update({c: np.nan for c in CORRECTED_COLUMNS})
        row.update({"naive": float(naive), "n_gold": n_gold, "n": int(len(part)),
                    "n_clusters": int(part["_cluster"].nunique())})
        if n_gold >= 2:
            res = ppi_mean(part["_y"].to_numpy(dtype=float), part["_f"].to_numpy(),
                           coded, part["_pi"].to_numpy(dtype=float),
                           part["_cluster"].to_numpy(), lam)
            lo, hi = res["estimate"] - z * res["se"], res["estimate"] + z * res["se"]
            glo = res["gold_only"] - z * res["gold_only_se"]
            ghi = res["gold_only"] + z * res["gold_only_se"]
            if binary:
                lo, hi, glo, ghi = (float(np.clip(v, 0.0, 1.0)) for v in (lo, hi, glo, ghi))
            row.update({"estimate": res["estimate"], "ci_low": lo, "ci_high": hi,
                        "se": res["se"], "lam": res["lam"], "gold_only": res["gold_only"],
                        "gold_only_ci_low": glo, "gold_only_ci_high": ghi})
        rows.append(row)
    return pd.DataFrame(rows, columns=[*by_cols, *CORRECTED_COLUMNS])


def corrected_contrasts(table: pd.DataFrame, gold: pd.DataFrame, outcome: str,
                        surrogate: str | Sequence[str], by: str = "source",
                        keys: Sequence[str] = ("doc_id", "sent_idx"),
                        cluster: str | None = "doc_id", alpha: float = 0.05,
                        seed: int = 13) -> pd.DataFrame:
    """Pairwise differences between groups of corrected means, Benjamini–Hochberg adjusted.

    Groups are disjoint sets of articles, so the two estimates are independent and the
    variance of a difference is the sum of theirs.

    Args:
        table: Model scores of every unit.
        gold: The coded units (see :func:`corrected_estimates`).
        outcome: Human label column of ``gold``.
        surrogate: Score column(s) of ``table``.
        by: The grouping column (e.g. ``"source"``).
        keys: Unit identifier columns.
        cluster: Article column.
        alpha: 1 - confidence level.
        seed: Seed of the cross-fitting folds.

    Returns:
        One row per pair (``group_a`` before ``group_b`` in sorted order) with
        :data:`CONTRAST_COLUMNS`.
    """
    est = corrected_estimates(table, gold, outcome, surrogate, by=by, keys=keys,
                              cluster=cluster, alpha=alpha, seed=seed)
    return contrasts_from_estimates(est, by, alpha)


def contrasts_from_estimates(est: pd.DataFrame, by: str, alpha: float = 0.05) -> pd.DataFrame:
    """Pairwise differences of the rows of :func:`corrected_estimates` (no refitting).

    Args:
        est: Corrected estimates grouped by ``by``.
        by: The grouping column of ``est``.
        alpha: 1 - confidence level.

    Returns:
        One row per pair with :data:`CONTRAST_COLUMNS`, Benjamini–Hochberg adjusted.
    """
    z = float(sps.norm.ppf(1 - alpha / 2))
    rows = []
    recs = est.to_dict("records")
    for i, a in enumerate(recs):
        for b in recs[i + 1:]:
            diff = a["estimate"] - b["estimate"]
            se = float(np.sqrt(a["se"] ** 2 + b["se"] ** 2))
            p = float(2 * sps.norm.sf(abs(diff) / se)) if se > 0 else np.nan
            rows.append({"group_a": a[by], "group_b": b[by], "difference": diff,
                         "ci_low": diff - z * se, "ci_high": diff + z * se, "p_value": p,
                         "naive_difference": a["naive"] - b["naive"],
                         "gold_only_difference": a["gold_only"] - b["gold_only"],
                         "n_gold_a": a["n_gold"], "n_gold_b": b["n_gold"]})
    out = pd.DataFrame(rows, columns=[c for c in CONTRAST_COLUMNS if c != "p_adjusted"])
    out.insert(6, "p_adjusted", adjust_p_values(out["p_value"])[0] if len(out) else [])
    return out[list(CONTRAST_COLUMNS)]


def corrected_regression(table: pd.DataFrame, gold: pd.DataFrame, outcome: str,
                         surrogate: str | Sequence[str], formula: str = "source",
                         keys: Sequence[str] = ("doc_id", "sent_idx"),
                         cluster: str | None = "doc_id", alpha: float = 0.05,
                         seed: int = 13) -> pd.DataFrame:
    """Coefficients of ``outcome ~ formula`` with design-based (DSL) corrected intervals.

    The human outcome is replaced by the pseudo-outcome ``f + R / pi * (Y - f)`` (unbiased for
    ``Y`` whatever the surrogate model), regressed by OLS on every unit with article-clustered
    standard errors (Egami et al. 2023); p-values are Benjamini–Hochberg adjusted.

    Args:
        table: Model scores of every unit, with the formula's covariates.
        gold: The coded units.
        outcome: Human label column of ``gold``.
        surrogate: Score column(s) of ``table``.
        formula: Right-hand side in patsy notation, e.g. ``"source + topic"``.
        keys: Unit identifier columns.
        cluster: Article column.
        alpha: 1 - confidence level.
        seed: Seed of the cross-fitting folds.

    Returns:
        One row per term: ``term``, ``coef``, ``ci_low``, ``ci_high``, ``se``, ``p_value``,
        ``p_adjusted``, ``naive_coef`` (the same regression on the first surrogate).
    """
    import statsmodels.formula.api as smf

    data, surrogates, _ = _prepare(table, gold, outcome, surrogate, keys, cluster, seed)
    coded = data["_coded"].to_numpy()
    w = np.where(coded, 1.0 / data["_pi"].where(coded, 1.0).to_numpy(dtype=float), 0.0)
    y = np.where(coded, data["_y"].to_numpy(dtype=float), 0.0)
    f = data["_f"].to_numpy()
    data["_pseudo"] = f + w * (y - f)
    data["_naive"] = pd.to_numeric(data[surrogates[0]], errors="coerce")
    groups = pd.factorize(data["_cluster"])[0]
    try:
        fit = smf.ols(f"_pseudo ~ {formula}", data=data).fit(
            cov_type="cluster", cov_kwds={"groups": groups})
        naive = smf.ols(f"_naive ~ {formula}", data=data).fit()
    except Exception as exc:  # patsy errors name the bad term
        raise ArgumentError(f"bad regression formula {formula!r}: {exc}") from None
    ci = fit.conf_int(alpha)
    out = pd.DataFrame({"term": fit.params.index, "coef": fit.params.to_numpy(),
                        "ci_low": ci[0].to_numpy(), "ci_high": ci[1].to_numpy(),
                        "se": fit.bse.to_numpy(), "p_value": fit.pvalues.to_numpy()})
    out["p_adjusted"] = adjust_p_values(out["p_value"])[0]
    out["naive_coef"] = naive.params.reindex(out["term"]).to_numpy()
    return out.reset_index(drop=True)
