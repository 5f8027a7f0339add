"""Source contrasts from a linear mixed-effects model with a random intercept per article.

Sentences of one article share its topic, author and house style, so they are not independent.
:func:`compare_sources` fits

    ``outcome ~ C(source, Treatment(reference=ref)) + (1 | doc_id)``

(``statsmodels``' ``MixedLM``, REML; the same model as
``smf.mixedlm("sentiment ~ C(source, Treatment(reference=ref))", table, groups="doc_id")``),
then reports Wald contrasts between sources (all pairs, or each source against a reference),
Benjamini-Hochberg adjusted p-values over that family of comparisons, and standardised mean
differences that divide by the model's total SD ``sqrt(between-article variance + residual
variance)``.

Failures are reported, not hidden: a corpus with one source raises
:class:`framing.errors.ArgumentError`; a source with fewer than two articles is not estimable and
its contrasts are ``NaN`` with a ``note``; convergence warnings are recorded in ``converged``
and ``note`` instead of interrupting the run.
"""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats as sps

from framing.errors import ArgumentError

CONTRAST_COLUMNS: tuple[str, ...] = (
    "contrast", "source", "versus", "estimate", "std_error", "ci_low", "ci_high", "z",
    "p_value", "p_adjusted", "significant", "effect_size", "mean_source", "mean_versus",
    "n_articles_source", "n_articles_versus", "n_sentences_source", "n_sentences_versus",
    "model", "converged", "note",
)
"""Columns of :func:`compare_sources`' output."""


def adjust_p_values(
    p_values: Sequence[float] | np.ndarray, method: str = "fdr_bh", alpha: float = 0.05,
) -> tuple[np.ndarray, np.ndarray]:
    """Multiple-comparison adjustment over the finite p-values of a family.

    Missing p-values (comparisons that could not be estimated) are not part of the family:
    they stay ``NaN`` and are never significant.

    Args:
        p_values: Raw p-values; ``NaN`` for comparisons that were not estimated.
        method: Any ``statsmodels.stats.multitest.multipletests`` method; default
            Benjamini-Hochberg (``"fdr_bh"``).
        alpha: Family-wise error rate or false discovery rate.

    Returns:
        ``(p_adjusted, significant)`` arrays aligned with ``p_values``.
    """
    from statsmodels.stats.multitest import multipletests

    p = np.asarray(p_values, dtype=float)
    adjusted = np.full(p.shape, np.nan)
    significant = np.zeros(p.shape, dtype=bool)
    finite = np.isfinite(p)
    if finite.any():
        reject, p_adj, _, _ = multipletests(p[finite], alpha=alpha, method=method)
        adjusted[finite] = p_adj
        significant[finite] = reject
    return adjusted, significant


def _fit(
    y: np.ndarray, codes: np.ndarray, n_levels: int, groups: np.ndarray, model: str,
) -> tuple[np.ndarray, np.ndarray, float, bool, list[str]]:
    """Fit the model; return (params of the level means, their covariance, total SD, ...).

    The design is treatment-coded with level 0 as reference, so ``params[0]`` is the
    reference mean and ``params[j]`` the difference of level ``j`` from it.
    """
    import statsmodels.api as sm

    exog = np.zeros((len(y), n_levels))
    exog[:, 0] = 1.0
    for j in range(1, n_levels):
        exog[codes == j, j] = 1.0
    messages: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if model == "mixed":
            result = sm.MixedLM(y, exog, groups=groups).fit(reml=True)
            converged = bool(getattr(result, "converged", True))
            params = np.asarray(result.fe_params, dtype=float)
            cov = np.asarray(result.cov_params(), dtype=float)[:n_levels, :n_levels]
            var_between = float(np.asarray(result.cov_re)[0, 0])
            total_sd = float(np.sqrt(var_between + float(result.scale)))
        else:
            result = sm.OLS(y, exog).fit()
            converged = True
            params = np.asarray(result.params, dtype=float)
            cov = np.asarray(result.cov_params(), dtype=float)
            total_sd = float(np.sqrt(result.scale))
    for w in caught:
        if issubclass(w.category, (DeprecationWarning, PendingDeprecationWarning, FutureWarning)):
            continue
        text = " ".join(str(w.message).split())
        if text not in messages:
            messages.append(f"{w.category.__name__}: {text}")
    if not np.all(np.isfinite(params)) or not np.all(np.isfinite(np.diag(cov))):
        converged = False
        messages.append("non-finite estimates")
    return params, cov, total_sd, converged, messages


def compare_sources(
    table: pd.DataFrame, outcome: str = "sentiment",
    contrasts: Literal["pairwise", "reference"] = "pairwise", reference: str | None = None,
    model: Literal["mixed", "ols"] = "mixed", level: float = 0.95, alpha: float = 0.05,
    p_adjust: str = "fdr_bh", min_articles: int = 2, source: str = "source",
    cluster: str = "doc_id",
) -> pd.DataFrame:
    """Contrasts of a sentence-level outcome between sources, from a mixed-effects model.

    Args:
        table: Sentence table with the ``source``, ``cluster`` and ``outcome`` columns.
        outcome: Numeric sentence column to compare, e.g. ``"sentiment"`` or ``"emotive"``.
            Sentences where it is missing are excluded (and counted in ``note``).
        contrasts: ``"pairwise"``: every pair of sources; ``"reference"``: each source
            against ``reference``.
        reference: Reference source; default the first source (sorted by name) with at least
            ``min_articles`` articles. In ``"pairwise"`` mode it only sets the direction of
            the contrasts that involve it.
        model: ``"mixed"`` (random intercept per article; the default and the one to report)
            or ``"ols"``, a naive sentence-level regression that treats sentences as
            independent; its intervals are too narrow when articles differ, and it is offered
            only to show that.
        level: Coverage of the Wald confidence intervals.
        alpha: False discovery rate (or error rate) for ``significant``.
        p_adjust: Adjustment over the family of estimable contrasts, any
            ``statsmodels.stats.multitest.multipletests`` method (default Benjamini-Hochberg).
        min_articles: Sources with fewer articles are not estimable (their contrasts are
            ``NaN`` with a note) and are left out of the fit.
        source: Column of the source labels.
        cluster: Column of the article ids (the random-effect groups).

    Returns:
        Tidy table with :data:`CONTRAST_COLUMNS`, one row per contrast. ``estimate`` is
        ``mean(source) - mean(versus)`` in outcome units as estimated by the model (the raw
        difference); ``effect_size`` is that difference divided by the model's total SD
        (``sqrt(between-article variance + residual variance)``; residual SD for ``"ols"``);
        ``mean_source``/``mean_versus`` are the observed sentence means. ``p_adjusted`` and
        ``significant`` come from the adjustment over all estimable rows. ``converged`` (nullable
        boolean) is ``False`` when the optimiser did not converge or the fit failed and
        missing for contrasts that were not estimable; warnings and failures are written to
        ``note``.

    Raises:
        ArgumentError: A column is missing, ``outcome`` is not numeric, the table has fewer than
            two sources, ``reference`` is not a source, or an option is unknown.
    """
    needed = [c for c in (source, cluster, outcome) if c not in table.columns]
    if needed:
        raise ArgumentError(f"source comparison needs the column(s) {', '.join(needed)}")
    if contrasts not in ("pairwise", "reference"):
        raise ArgumentError(f"contrasts must be 'pairwise' or 'reference', not {contrasts!r}")
    if model not in ("mixed", "ols"):
        raise ArgumentError(f"model must be 'mixed' or 'ols', not {model!r}")
    try:
        y_all = pd.to_numeric(table[outcome], errors="raise").to_numpy(dtype=float)
    except (TypeError, ValueError) as exc:
        raise ArgumentError(f"outcome column {outcome!r} is not numeric") from exc

    sources_all = sorted(pd.unique(table[source].dropna()), key=str)
    if len(sources_all) < 2:
        found = f" (found {sources_all[0]!r})" if sources_all else ""
        raise ArgumentError(f"comparing sources needs at least 2 sources{found}")
    if reference is not None and reference not in sources_all:
        raise ArgumentError(f"reference source {reference!r} is not in the table; sources: "
                               f"{', '.join(map(str, sources_all))}")

    labelled = table[source].notna().to_numpy() & table[cluster].notna().to_numpy()
    keep = np.isfinite(y_all) & labelled
    n_dropped = int((~np.isfinite(y_all) & labelled).sum())
    n_unlabelled = int((~labelled).sum())
    data = pd.DataFrame({"source": table[source].to_numpy()[keep],
                         "doc": table[cluster].to_numpy()[keep], "y": y_all[keep]})
    n_art = data.groupby("source")["doc"].nunique().to_dict()
    n_sent = data.groupby("source").size().to_dict()
    means = data.groupby("source")["y"].mean().to_dict()
    estimable = [s for s in sources_all if n_art.get(s, 0) >= min_articles]
    if reference is None:
        reference = estimable[0] if estimable else sources_all[0]

    # contrast pairs (source, versus): estimate = mean(source) - mean(versus)
    if contrasts == "reference":
        pairs = [(s, reference) for s in sources_all if s != reference]
    else:
        pairs = []
        for a, b in itertools.combinations(sources_all, 2):
            pairs.append((a, b) if b == reference else (b, a))

    fit_ok = len(estimable) >= 2
    fit_notes: list[str] = []
    converged = False
    params = cov = None
    total_sd = float("nan")
    level_of: dict[object, int] = {}
    if fit_ok:
        order = [reference, *[s for s in estimable if s != reference]] if (
            reference in estimable) else estimable
        level_of = {s: i for i, s in enumerate(order)}
        fit_data = data[data["source"].isin(level_of)]
        codes = fit_data["source"].map(level_of).to_numpy(dtype=int)
        try:
            params, cov, total_sd, converged, fit_notes = _fit(
                fit_data["y"].to_numpy(), codes, len(order), fit_data["doc"].to_numpy(), model)
        except Exception as exc:  # noqa: BLE001 - any fitting failure is reported per row
            fit_notes = [f"model fit failed: {type(exc).__name__}: {' '.join(str(exc).split())}"]
            params = None
    else:
        fit_notes = [f"fewer than 2 sources with at least {min_articles} articles: no model"]

    common_notes = []
    if n_dropped:
        common_notes.append(f"{n_dropped} sentence(s) with missing {outcome} excluded")
    if n_unlabelled:
        common_notes.append(f"{n_unlabelled} sentence(s) without {source} or {cluster} excluded")
    z_crit = float(sps.norm.ppf(0.5 + level / 2.0))
    rows = []
    for a, b in pairs:
        notes: list[str] = []
        est = se = lo = hi = z = p = es = float("nan")
        thin = [s for s in (a, b) if n_art.get(s, 0) < min_articles]
        if thin:
            notes += [f"{s!r} has {n_art.get(s, 0)} article(s) (< {min_articles}): "
                      "not estimable" for s in thin]
        elif params is None:
            notes += fit_notes
        else:
            c = np.zeros(len(params))
            for s, sign in ((a, 1.0), (b, -1.0)):
                j = level_of[s]
                if j > 0:
                    c[j] += sign
            est = float(c @ params)
            se = float(np.sqrt(c @ cov @ c))
            if se > 0 and np.isfinite(se):
                z = est / se
                p = float(2.0 * sps.norm.sf(abs(z)))
                lo, hi = est - z_crit * se, est + z_crit * se
            else:
                notes.append("standard error not positive: no test")
            if total_sd > 0 and np.isfinite(total_sd):
                es = est / total_sd
            else:
                notes.append("total SD is zero: no effect size")
            notes += fit_notes
        rows.append({
            "contrast": f"{a} - {b}", "source": a, "versus": b, "estimate": est,
            "std_error": se, "ci_low": lo, "ci_high": hi, "z": z, "p_value": p,
            "effect_size": es, "mean_source": means.get(a, float("nan")),
            "mean_versus": means.get(b, float("nan")),
            "n_articles_source": int(n_art.get(a, 0)), "n_articles_versus": int(n_art.get(b, 0)),
            "n_sentences_source": int(n_sent.get(a, 0)),
            "n_sentences_versus": int(n_sent.get(b, 0)), "model": model,
            "converged": pd.NA if thin else bool(converged and params is not None),
            "note": "; ".join([*notes, *common_notes]),
        })
    out = pd.DataFrame(rows)
    out["converged"] = out["converged"].astype("boolean")
    out["p_adjusted"], out["significant"] = adjust_p_values(out["p_value"].to_numpy(),
                                                            method=p_adjust, alpha=alpha)
    return out[list(CONTRAST_COLUMNS)]
