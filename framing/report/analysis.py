"""Cross-source analysis of a scored sentence table: tables and figures for a results folder.

Reads the sentence table only (no model). What is computed depends on the columns present:
aggregates with article-clustered CIs per source (and per source × voice, per topic, per
extra grouping), mixed-model source contrasts with Benjamini–Hochberg correction, Fightin'
Words distinctive terms, and the figures for each.
"""

from __future__ import annotations

import difflib
import logging
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, field_validator

from framing.analysis import aggregate, compare_sources, fightin_words
from framing.analysis.bootstrap import cluster_bootstrap_replicates
from framing.analysis.distinctive import DEFAULT_MIN_COUNT, resolve_stopwords
from framing.attribute.terms import term_columns
from framing.errors import ArgumentError, ConfigError
from framing.outputs import write_table
from framing.plots import (
    order_rows,
    plot_contrasts,
    plot_distinctive_terms,
    plot_emotion_profile,
    plot_forest,
    plot_framing_strip,
    plot_voice_comparison,
    save_figure,
)

log = logging.getLogger(__name__)


class AnalysisConfig(BaseModel):
    """What to analyse (all optional; defaults suit a multi-source corpus)."""

    model_config = ConfigDict(extra="forbid")

    by: list[str] = Field(default_factory=lambda: ["source"],
                          description="Grouping columns for the main aggregates")
    extra_groupings: list[list[str]] = Field(
        default_factory=list, description="Further groupings, e.g. [[leaning], [topic]]")
    voice: bool = Field(True, description="Also aggregate by source x voice")
    contrasts: list[str] = Field(default_factory=lambda: ["sentiment", "emotive"],
                                 description="Outcomes for mixed-model source contrasts")
    reference: str | None = Field(None, description="Reference source (default: pairwise)")
    distinctive: bool = Field(True, description="Fightin' Words distinctive words and loaded "
                                                "terms per source")
    strip_docs: list[str] = Field(default_factory=list,
                                  description="doc_ids to draw as framing strips")
    top_terms: int = Field(10, description="Most distinctive terms drawn per source in the "
                                           "figures")
    top_terms_table: int = Field(100, description="Most distinctive terms kept per source in "
                                                  "the distinctive_*.csv tables")
    stopwords: Literal["default", "none"] | list[str] = Field(
        "default", description="Words left out of the distinctive words (not of the loaded "
                               "terms, which are detector output): default (spaCy's English "
                               "stopword list, with contractions such as don't; reporting verbs "
                               "such as said are kept), none, or a list of words (an item "
                               "default adds the default list, e.g. [default, said])")
    min_count: int = Field(DEFAULT_MIN_COUNT, ge=1,
                           description="Distinctive words and loaded terms used fewer times in "
                                       "the whole corpus are left out of the tables and figures "
                                       "(they still count in the prior)")
    frames_covariate: Literal["genre"] | None = Field(
        None, description="genre: also compare frame shares and technique rates standardised "
                          "for genre (each pair of sources at the same opinion/reporting/"
                          "satire mix; contrasts_*_genre_adjusted.csv); default crude only")
    source_order: list[str] | None = Field(
        None, description="Order of the sources in every figure (first on top) and table of "
                          "the results folder; sources not listed follow, sorted by name. "
                          "Default: all sorted by name")
    label_auc: LabelAUC | None = Field(
        None, description="ROC AUC of scores against a binary human label column")

    @field_validator("source_order")
    @classmethod
    def _unique_sources(cls, value: list[str] | None) -> list[str] | None:
        if value is not None:
            twice = sorted({s for s in value if value.count(s) > 1})
            if twice:
                raise ValueError(f"lists {', '.join(twice)} more than once")
        return value


OFFSET_COLUMNS = ("sent_idx", "start", "end")
"""Numeric sentence-table columns that are positions, not outcomes."""


def outcome_columns(table: pd.DataFrame) -> list[str]:
    """The outcomes ``contrasts`` and ``label_auc.scores`` can name.

    The numeric, non-boolean columns of a sentence table other than the offsets.
    """
    return [str(c) for c in table.columns if c not in OFFSET_COLUMNS
            and pd.api.types.is_numeric_dtype(table[c])
            and not pd.api.types.is_bool_dtype(table[c])]


def _require(where: str, names: Sequence[str], valid: Sequence[str], what: str) -> None:
    for name in names:
        if name not in valid:
            raise ConfigError(f"{where}: no {what} {name!r} in the sentence table; valid "
                              f"{what}s: {', '.join(map(str, valid)) or '(none)'}")


def check_analysis_config(config: AnalysisConfig, table: pd.DataFrame,
                          where: str = "analysis") -> None:
    """Raise when the config names a column, outcome or source the sentence table lacks.

    Settings left at their defaults adapt to the table (a default contrast on ``emotive`` is
    skipped when no emotive scorer ran); a setting the config names explicitly must exist,
    so a typo is an error rather than a silently missing table.

    Args:
        config: The analysis settings.
        table: The scored sentence table.
        where: Prefix of messages, e.g. ``"exp.yaml: analysis"``.

    Raises:
        ConfigError: Naming the setting, the unknown name and the valid choices.
    """
    given = config.model_fields_set
    columns = [str(c) for c in table.columns]
    outcomes = outcome_columns(table)
    if "by" in given:
        _require(f"{where}.by", config.by, columns, "column")
    for grouping in config.extra_groupings:
        _require(f"{where}.extra_groupings", grouping, columns, "column")
    if "voice" in given and config.voice:
        _require(f"{where}.voice", ["voice"], columns, "column")
    if "contrasts" in given:
        _require(f"{where}.contrasts", config.contrasts, outcomes, "outcome")
    sources = sorted(map(str, pd.unique(table["source"].dropna()))) if (
        "source" in table.columns) else []
    if config.reference is not None:
        _require(f"{where}.reference", [config.reference], sources, "source")
    if config.source_order:
        _require(f"{where}.source_order", config.source_order, sources, "source")
    auc = config.label_auc
    if auc is not None:
        _require(f"{where}.label_auc.column", [auc.column], columns, "column")
        if auc.by is not None:
            _require(f"{where}.label_auc.by", [auc.by], columns, "column")
        if "scores" in auc.model_fields_set:
            _require(f"{where}.label_auc.scores", auc.scores, outcomes, "outcome")


def label_auc_table(table: pd.DataFrame, cfg: LabelAUC, seed: int, n_boot: int
                    ) -> pd.DataFrame:
    """ROC AUC of each score column against a binary label, overall and per group.

    Intervals resample articles (``doc_id``), like every interval in the package. Rows
    whose label is neither the positive value nor one of ``negatives`` are left out.
    """
    from sklearn.metrics import roc_auc_score

    data = table[table[cfg.column].isin([cfg.positive, *cfg.negatives])]
    rows = []
    groups = [("all", data)]
    if cfg.by and cfg.by in data.columns:
        groups += [(str(g), d) for g, d in data.groupby(cfg.by, sort=True)]
    for score in [c for c in cfg.scores if c in data.columns]:
        for group, d in groups:
            y = (d[cfg.column] == cfg.positive).to_numpy()
            x = d[score].to_numpy(dtype=float)
            if len(set(y)) < 2:
                rows.append({"score": score, "group": group, "auc": float("nan"),
                             "ci_low": float("nan"), "ci_high": float("nan"), "n": len(d),
                             "note": "only one label class"})
                continue
            auc = float(roc_auc_score(y, x))

            def resampled_auc(idx: np.ndarray, y: np.ndarray = y, x: np.ndarray = x
                              ) -> float | None:
                return roc_auc_score(y[idx], x[idx]) if len(set(y[idx])) == 2 else None

            boots = cluster_bootstrap_replicates(resampled_auc, d["doc_id"].to_numpy(),
                                                 n_boot=n_boot, seed=seed)
            lo, hi = np.quantile(boots, [0.025, 0.975]) if len(boots) else (np.nan, np.nan)
            rows.append({"score": score, "group": group, "auc": auc, "ci_low": float(lo),
                         "ci_high": float(hi), "n": len(d), "note": ""})
    return pd.DataFrame(rows)


class LabelAUC(BaseModel):
    """A binary human label to compare scores with (e.g. BABE's expert bias label)."""

    model_config = ConfigDict(extra="forbid")

    column: str = Field(description="The label column of the sentence table")
    positive: str = Field(description="The label value counted as positive")
    negatives: list[str] = Field(description="Label values counted as negative (others are "
                                             "left out)")
    scores: list[str] = Field(default_factory=lambda: ["emotive", "lex_emotive", "sentiment"],
                              description="Score columns to compare with the label (those "
                                          "present)")
    by: str | None = Field(None, description="Also per group of this column")


def loaded_terms_table(table: pd.DataFrame) -> pd.DataFrame:
    """One row per loaded term of every ``*loaded_terms`` column, with its attribution."""
    rows = []
    for col in term_columns(table):
        scorer = "lexicon" if col.startswith("lex_") else "tagger"
        for r in table[["doc_id", "source", "sent_idx", col]].itertuples(index=False):
            for t in r[3] if isinstance(r[3], list) else []:
                rows.append({"doc_id": r.doc_id, "source": r.source, "sent_idx": r.sent_idx,
                             "detector": scorer, "term": t["text"], "start": t["start"],
                             "end": t["end"], "type": t["type"], "score": t["score"],
                             "voice": t.get("voice"), "speaker": t.get("speaker"),
                             "target": t.get("target"),
                             "categories": ";".join(t.get("categories") or [])})
    return pd.DataFrame(rows)


def unknown_doc_message(doc: str, doc_ids: pd.Series) -> str:
    """The console warning for a ``strip_docs`` id the corpus lacks, with ids to use instead."""
    known = sorted(map(str, pd.unique(doc_ids.dropna())))
    near = difflib.get_close_matches(str(doc), known, n=3, cutoff=0.5)
    if near:
        hint = f"did you mean {' or '.join(near)}?"
    else:
        more = f" and {len(known) - 5} more" if len(known) > 5 else ""
        hint = f"known ids: {', '.join(known[:5])}{more}"
    return f"analysis.strip_docs: no document '{doc}' in the corpus, no strip drawn; {hint}"


def _save(fig, stem: Path, figures: list[Path]) -> None:
    import matplotlib.pyplot as plt

    figures.extend(save_figure(fig, stem))
    plt.close(fig)


def _safe(what: str, notes: list[str], fn, *args, **kwargs):
    """Run one analysis; an undefined statistic becomes a note, not a crash."""
    try:
        return fn(*args, **kwargs)
    except ArgumentError as exc:
        notes.append(f"{what}: {exc}")
        log.warning("%s: %s", what, exc)
        return None


def write_analysis(table: pd.DataFrame, out_dir: Path, config: AnalysisConfig, seed: int,
                   n_boot: int, title: str) -> dict:
    """Compute the analyses that the table's columns allow and write tables and figures.

    Returns:
        ``{"tables": [...], "figures": [...], "notes": [...]}`` (paths relative to out_dir).
    """
    check_analysis_config(config, table)
    tables: list[Path] = []
    figures: list[Path] = []
    notes: list[str] = []
    fig_dir = out_dir / "figures"

    order = config.source_order

    def table_out(df: pd.DataFrame | None, name: str,
                  order_by: Sequence[str] = ("source",)) -> pd.DataFrame | None:
        if df is not None:
            df = order_rows(df, order_by, order)  # one source order for all tables
            tables.append(write_table(df, out_dir / name))
        return df

    terms = loaded_terms_table(table)
    if len(terms):
        table_out(terms, "loaded_terms.csv")
    by = [c for c in config.by if c in table.columns]
    agg = table_out(_safe("aggregate", notes, aggregate, table, by=by, seed=seed, n_boot=n_boot),
                    "aggregates.csv", by)
    if agg is not None and len(agg):
        for metric in ("mean_sentiment", "mean_emotive", "loaded_per_1000_words"):
            if (agg["metric"] == metric).any():
                _save(plot_forest(agg, metric=metric, by=by[0] if by else "source",
                                  title=f"{title}: {metric.replace('_', ' ')}", order=order),
                      fig_dir / f"forest_{metric}", figures)
        if agg["metric"].str.startswith("emotion_").any():
            _save(plot_emotion_profile(agg, by=by[0] if by else "source",
                                       title=f"{title}: emotion profile", order=order),
                  fig_dir / "emotion_profile", figures)
    if config.voice and "voice" in table.columns and "source" in table.columns:
        agg_v = table_out(_safe("aggregate by voice", notes, aggregate, table,
                                by=["source", "voice"], seed=seed, n_boot=n_boot),
                          "aggregates_by_voice.csv", ("source", "voice"))
        if agg_v is not None and len(agg_v):
            _save(plot_voice_comparison(agg_v, title=f"{title}: author vs quoted voice",
                                        order=order),
                  fig_dir / "voice_comparison", figures)
    for grouping in config.extra_groupings:
        if all(c in table.columns for c in grouping):
            name = "_".join(grouping)
            table_out(_safe(f"aggregate by {name}", notes, aggregate, table, by=grouping,
                            seed=seed, n_boot=n_boot), f"aggregates_by_{name}.csv", grouping)
    for outcome in config.contrasts:
        if outcome not in table.columns:
            continue
        kind = "reference" if config.reference else "pairwise"
        con = table_out(_safe(f"contrasts {outcome}", notes, compare_sources, table,
                              outcome=outcome, contrasts=kind, reference=config.reference),
                        f"contrasts_{outcome}.csv", ("source", "versus"))
        if con is not None and len(con):
            _save(plot_contrasts(con, title=f"{title}: {outcome} contrasts", order=order),
                  fig_dir / f"contrasts_{outcome}", figures)
    if config.distinctive and "source" in table.columns:
        for mode in ("loaded", "words"):
            if mode == "loaded" and "loaded_terms" not in table.columns:
                continue
            what = "loaded terms" if mode == "loaded" else "words"
            stop = resolve_stopwords(config.stopwords) if mode == "words" else None
            fw = table_out(_safe(f"distinctive {mode}", notes, fightin_words, table, mode=mode,
                                 stopwords=stop or False, min_count=config.min_count,
                                 top=config.top_terms_table),
                           f"distinctive_{mode}.csv")
            if fw is not None and len(fw):
                _save(plot_distinctive_terms(fw, top=config.top_terms, order=order,
                                             title=f"{title}: distinctive {what}"),
                      fig_dir / f"distinctive_{mode}", figures)
            elif fw is not None:
                notes.append(f"distinctive {mode}: no {what[:-1]} is used {config.min_count} "
                             "times or more in the corpus, no figure drawn; lower "
                             "analysis.min_count")
    if config.label_auc is not None:
        table_out(label_auc_table(table, config.label_auc, seed, min(n_boot, 500)),
                  "label_auc.csv")
    for doc in config.strip_docs:
        if (table["doc_id"] == doc).any():
            _save(plot_framing_strip(table, doc, title=f"{title}: {doc}"),
                  fig_dir / f"strip_{doc}", figures)
        else:
            notes.append(f"strip: doc_id '{doc}' not in the corpus")
            warnings.warn(unknown_doc_message(doc, table["doc_id"]), stacklevel=2)
    rel = lambda ps: sorted(p.relative_to(out_dir).as_posix() for p in ps)  # noqa: E731
    return {"tables": rel(tables), "figures": rel(figures), "notes": notes}


AnalysisConfig.model_rebuild()
