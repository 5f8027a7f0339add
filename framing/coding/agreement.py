"""Reliability of human codes, and agreement of the model's scores with them.

Inter-coder reliability is Krippendorff's alpha (the ``krippendorff`` package) with a
bootstrap interval over units; model-vs-human agreement is Pearson r, ROC AUC and F1 at the
model's threshold (binary codes), overall and per source.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from framing.coding.codebook import Codebook
from framing.errors import ArgumentError, InputError

AGREEMENT_COLUMNS: tuple[str, ...] = (
    "measure", "group", "value", "ci_low", "ci_high", "n_units", "n_coders", "detail")
"""Columns of :func:`agreement_table` (one row per measure and group)."""

KEYS: tuple[str, ...] = ("doc_id", "sent_idx")


def read_sheets(paths: Sequence[str | Path], codebook: Codebook) -> pd.DataFrame:
    """Read filled coding sheets and merge them into one row per unit with every coder's code.

    Sheets of different coders (each with its own ``<outcome>_<coder>`` column) and sheets
    with several coders are merged on the unit keys (``doc_id`` and, when present,
    ``sent_idx``). A cell must be empty or one of the codebook's codes.

    Raises:
        InputError: A sheet is unreadable, lacks the keys or any label column, or holds a
            code the codebook does not define (file and row named).
    """
    merged: pd.DataFrame | None = None
    prefix = f"{codebook.outcome}_"
    allowed = set(codebook.labels)
    for path in map(Path, paths):
        try:
            sheet = pd.read_csv(path, dtype={"doc_id": str}, keep_default_na=True)
        except (OSError, ValueError) as exc:
            raise InputError(path, f"cannot read the coding sheet ({exc})") from None
        keys = [k for k in KEYS if k in sheet.columns]
        if "doc_id" not in keys:
            raise InputError(path, "no 'doc_id' column; is this a framing coding sheet?")
        labels = [c for c in sheet.columns if c.startswith(prefix)]
        if not labels:
            raise InputError(path, f"no label column '{prefix}<coder>' for the codebook's "
                                   f"outcome {codebook.outcome!r}")
        for col in labels:
            values = pd.to_numeric(sheet[col], errors="coerce")
            bad = (sheet[col].notna() & (values.isna() | ~values.isin(allowed))).to_numpy()
            if bad.any():
                row = int(np.flatnonzero(bad)[0])
                raise InputError(path, f"{col} = {sheet[col].iloc[row]!r} is not a code of "
                                 f"the codebook ({', '.join(f'{k:g}' for k in sorted(allowed))})",
                                 row=row + 2)
            sheet[col] = values
        design = [c for c in ("inclusion_prob", "stratum") if c in sheet.columns]
        part = sheet[keys + design + labels]
        if merged is None:
            merged = part
        else:
            clash = [c for c in labels if c in merged.columns]
            if clash:
                raise InputError(path, f"coder column {clash[0]} appears in two sheets")
            merged = merged.merge(part.drop(columns=design), on=keys, how="outer")
    if merged is None:
        raise ArgumentError("name at least one filled coding sheet")
    return merged


def label_columns(sheets: pd.DataFrame, codebook: Codebook) -> list[str]:
    """The coders' label columns of merged sheets."""
    return [c for c in sheets.columns if c.startswith(f"{codebook.outcome}_")]


def consensus(sheets: pd.DataFrame, codebook: Codebook) -> pd.Series:
    """One human value per unit: the coders' mean (binary: majority, ties → NaN)."""
    values = sheets[label_columns(sheets, codebook)]
    mean = values.mean(axis=1, skipna=True)
    if codebook.binary:
        return mean.where(mean != 0.5).round()
    return mean


def krippendorff_alpha(codes: np.ndarray, level: str = "nominal", n_boot: int = 1000,
                       seed: int = 13, alpha: float = 0.05) -> tuple[float, float, float]:
    """Krippendorff's alpha of a ``(coders, units)`` matrix (NaN = not coded).

    The interval is a percentile bootstrap over units (``n_boot`` resamples).

    Returns:
        ``(alpha, ci_low, ci_high)``; NaN when fewer than two units have two codes.
    """
    import krippendorff

    pairable = (np.isfinite(codes).sum(axis=0) >= 2)
    codes = codes[:, pairable]
    if codes.shape[1] < 2 or len(np.unique(codes[np.isfinite(codes)])) < 2:
        return float("nan"), float("nan"), float("nan")
    value = float(krippendorff.alpha(reliability_data=codes, level_of_measurement=level))
    rng = np.random.default_rng(seed)
    boots = []
    for _ in range(n_boot):
        pick = codes[:, rng.integers(0, codes.shape[1], codes.shape[1])]
        if len(np.unique(pick[np.isfinite(pick)])) < 2:
            continue
        boots.append(krippendorff.alpha(reliability_data=pick, level_of_measurement=level))
    if not boots:
        return value, float("nan"), float("nan")
    lo, hi = np.quantile(boots, [alpha / 2, 1 - alpha / 2])
    return value, float(lo), float(hi)


def model_agreement(human: pd.Series, score: pd.Series, binary: bool,
                    threshold: float) -> dict[str, float]:
    """Pearson r, and for binary codes ROC AUC and F1 of ``score >= threshold``."""
    from sklearn.metrics import f1_score, roc_auc_score

    ok = human.notna() & score.notna()
    h, s = human[ok].to_numpy(float), score[ok].to_numpy(float)
    out = {"n": int(ok.sum()), "pearson_r": float("nan"), "auc": float("nan"),
           "f1": float("nan")}
    if len(h) >= 3 and np.std(h) > 0 and np.std(s) > 0:
        out["pearson_r"] = float(np.corrcoef(h, s)[0, 1])
    if binary and len(np.unique(h)) == 2:
        out["auc"] = float(roc_auc_score(h, s))
        out["f1"] = float(f1_score(h.astype(int), (s >= threshold).astype(int)))
    return out


def agreement_table(sheets: pd.DataFrame, codebook: Codebook,
                    table: pd.DataFrame | None = None, score: str | None = None,
                    threshold: float = 0.5, by: str | None = "source", n_boot: int = 1000,
                    seed: int = 13) -> pd.DataFrame:
    """Inter-coder reliability and, given the scored table, model-vs-human agreement.

    Args:
        sheets: Merged filled sheets (:func:`read_sheets`).
        codebook: The codebook (outcome, level, codes).
        table: The scored table the sample was drawn from (joined on the unit keys), for
            model agreement and per-``by`` rows.
        score: The model's score column in ``table`` (e.g. ``emotive``).
        threshold: The model's decision threshold for F1.
        by: Column of ``table`` to report per group (e.g. ``source``); ``None`` for overall
            only.
        n_boot: Bootstrap resamples of alpha.
        seed: Bootstrap seed.

    Returns:
        One row per measure and group (:data:`AGREEMENT_COLUMNS`); ``group`` is ``"all"`` for
        the whole sample.
    """
    labels = label_columns(sheets, codebook)
    data = sheets.copy()
    keys = [k for k in KEYS if k in data.columns]
    if table is not None:
        want = [c for c in (score, by) if c is not None]
        missing = [c for c in want if c not in table.columns]
        if missing:
            raise ArgumentError(f"the scored table has no column {missing[0]!r}")
        tab = table[keys + want].copy()
        tab["doc_id"] = tab["doc_id"].astype(str)
        data = data.merge(tab, on=keys, how="left")
    groups = [("all", data)]
    if table is not None and by is not None:
        groups += [(str(g), part) for g, part in data.groupby(by, sort=True)]
    rows = []
    for name, part in groups:
        codes = part[labels].to_numpy(dtype=float).T
        if len(labels) >= 2:
            a, lo, hi = krippendorff_alpha(codes, codebook.level, n_boot, seed)
            rows.append({"measure": "krippendorff_alpha", "group": name, "value": a,
                         "ci_low": lo, "ci_high": hi,
                         "n_units": int((np.isfinite(codes).sum(0) >= 2).sum()),
                         "n_coders": len(labels), "detail": codebook.level})
        if table is not None and score is not None:
            human = consensus(part, codebook)
            res = model_agreement(human, pd.to_numeric(part[score], errors="coerce"),
                                  codebook.binary, threshold)
            for measure in ("pearson_r", "auc", "f1"):
                if measure != "pearson_r" and not codebook.binary:
                    continue
                rows.append({"measure": measure, "group": name, "value": res[measure],
                             "ci_low": np.nan, "ci_high": np.nan, "n_units": res["n"],
                             "n_coders": len(labels),
                             "detail": f"{score} vs human"
                                       + (f" at {threshold:g}" if measure == "f1" else "")})
    return pd.DataFrame(rows, columns=list(AGREEMENT_COLUMNS))
