"""Corrected tables for a results folder: a config's ``gold:`` (filled coding sheets).

With a coded sample, ``framing run`` writes prediction-powered estimates next to the naive,
model-based ones: ``corrected_<outcome>_by_<group>.csv``, the pairwise contrasts
``corrected_contrasts_<outcome>_by_<group>.csv`` and a forest plot
``figures/corrected_<outcome>_by_<group>.png|pdf`` showing the corrected estimate, the coded
sample alone and the model-only mean for each group.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, field_validator

from framing.analysis.inference import (
    contrasts_from_estimates,
    corrected_estimates,
    term_count_columns,
)
from framing.coding.agreement import consensus, read_sheets
from framing.coding.codebook import load_codebook
from framing.coding.sample import check_population, restrict
from framing.errors import ConfigError
from framing.outputs import write_table
from framing.plots import house_style, save_figure
from framing.plots.style import OKABE_ITO

NOT_SURROGATES = frozenset({"sent_idx", "start", "end"})
"""Numeric columns of a sentence table that are positions, not scores."""


class GoldConfig(BaseModel):
    """A coded sample for corrected estimates (paths relative to the config)."""

    model_config = ConfigDict(extra="forbid")

    sheets: list[str] = Field(min_length=1, description="Filled coding sheets (CSV).")
    codebook: str = Field(description="The codebook YAML the sheets were coded with.")
    surrogates: list[str] = Field(
        default_factory=list, description="Score columns combined into the surrogate; default: "
                                          "every numeric score column and term counts.")
    by: list[str] = Field(default_factory=lambda: ["source"],
                          description="Groupings to estimate per (one table each).")
    where: list[str] = Field(
        default_factory=list, description="The sample's population, as given to framing "
                                          "sample --where: COLUMN=VALUE conditions, e.g. "
                                          "voice=quoted to estimate how often speakers are "
                                          "right.")
    alpha: float = Field(0.05, gt=0, lt=1)

    @field_validator("where")
    @classmethod
    def _conditions(cls, where: list[str]) -> list[str]:
        """Each condition is ``COLUMN=VALUE``: checked on reading, not after scoring."""
        for cond in where:
            col, sep, _ = cond.partition("=")
            if not sep or not col.strip():
                raise ValueError(f"{cond!r}: write COLUMN=VALUE, e.g. voice=quoted")
        return where


def default_surrogates(table: pd.DataFrame) -> list[str]:
    """Every numeric score column of a (term-count-augmented) sentence table."""
    return [c for c in table.columns if c not in NOT_SURROGATES
            and pd.api.types.is_numeric_dtype(table[c]) and not pd.api.types.is_bool_dtype(
                table[c])]


def coded_units(gold: GoldConfig, base: Path) -> tuple[pd.DataFrame, str]:
    """The coded sample as ``keys + inclusion_prob + outcome`` (coders' consensus)."""
    book = load_codebook(base / gold.codebook)
    sheets = read_sheets([base / p for p in gold.sheets], book)
    keys = [k for k in ("doc_id", "sent_idx") if k in sheets.columns]
    units = sheets[keys + [c for c in ("inclusion_prob",) if c in sheets.columns]].copy()
    units[book.outcome] = consensus(sheets, book)
    return units[units[book.outcome].notna()].reset_index(drop=True), book.outcome


def plot_corrected(est: pd.DataFrame, by: str, outcome: str):
    """Corrected estimate, coded sample alone and model-only mean per group."""
    import matplotlib.pyplot as plt

    data = est.sort_values("estimate", na_position="first").reset_index(drop=True)
    y = np.arange(len(data))
    with house_style():
        fig, ax = plt.subplots(figsize=(6, 0.5 * len(data) + 1.5))
        ax.errorbar(data["estimate"], y + 0.15,
                    xerr=[data["estimate"] - data["ci_low"], data["ci_high"] - data["estimate"]],
                    fmt="o", color=OKABE_ITO[0], label="corrected (model + coded sample)")
        ax.errorbar(data["gold_only"], y - 0.15,
                    xerr=[data["gold_only"] - data["gold_only_ci_low"],
                          data["gold_only_ci_high"] - data["gold_only"]],
                    fmt="s", color=OKABE_ITO[1], label="coded sample alone")
        ax.plot(data["naive"], y, "x", color="grey", label="model only (uncorrected)")
        ax.set_yticks(y, [f"{g} (coded {n})" for g, n in zip(data[by], data["n_gold"],
                                                             strict=True)])
        ax.set_xlabel(f"{outcome} (95% intervals, articles clustered)")
        ax.legend(fontsize=7, loc="best")
        fig.tight_layout()
    return fig


def prepare_gold(table: pd.DataFrame, gold: GoldConfig, base: Path) -> dict:
    """Read and check the coded sample before anything is written.

    Args:
        table: The scored sentence table of the run.
        gold: The config's ``gold`` section.
        base: The config's folder (paths in ``gold`` are relative to it).

    Returns:
        What :func:`write_corrected` needs: the augmented table, the coded units, the
        outcome, the surrogates and the groupings.

    Raises:
        ConfigError: A grouping or surrogate names no column of the table.
        InputError: A coding sheet is invalid (file and row named).
    """
    check_population([base / p for p in gold.sheets], list(gold.where), "gold.where")
    data = term_count_columns(restrict(table, gold.where))
    data["doc_id"] = data["doc_id"].astype(str)
    units, outcome = coded_units(gold, base)
    surrogates = gold.surrogates or default_surrogates(data)
    for col in [*surrogates, *gold.by]:
        if col not in data.columns:
            raise ConfigError(f"gold: no column {col!r} in the scored table; columns are: "
                              f"{', '.join(map(str, data.columns))}")
    return {"data": data, "units": units, "outcome": outcome, "surrogates": surrogates,
            "by": list(gold.by), "alpha": gold.alpha}


def write_corrected(prepared: dict, out_dir: Path, seed: int) -> dict[str, list[str]]:
    """Write the corrected tables and figures of a results folder.

    Args:
        prepared: The output of :func:`prepare_gold`.
        out_dir: The results folder.
        seed: The run's seed (cross-fitting folds).

    Returns:
        ``tables`` and ``figures`` (relative to ``out_dir``), ``outcome`` and ``surrogates``.
    """
    import matplotlib.pyplot as plt

    data, units, outcome = prepared["data"], prepared["units"], prepared["outcome"]
    surrogates = prepared["surrogates"]
    keys = [k for k in ("doc_id", "sent_idx") if k in units.columns]
    tables, figures = [], []
    for by in prepared["by"]:
        est = corrected_estimates(data, units, outcome, surrogates, by=by, keys=keys,
                                  alpha=prepared["alpha"], seed=seed)
        con = contrasts_from_estimates(est, by, prepared["alpha"])
        stem = f"{outcome}_by_{by}"
        write_table(est, out_dir / f"corrected_{stem}.csv")
        write_table(con, out_dir / f"corrected_contrasts_{stem}.csv")
        tables += [f"corrected_{stem}.csv", f"corrected_contrasts_{stem}.csv"]
        fig = plot_corrected(est, by, outcome)
        figures += [p.relative_to(out_dir).as_posix()
                    for p in save_figure(fig, out_dir / "figures" / f"corrected_{stem}")]
        plt.close(fig)
    return {"tables": tables, "figures": figures, "outcome": [outcome],
            "surrogates": list(surrogates)}
