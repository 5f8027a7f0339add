"""Sentence sentiment on factual war reporting: the error table of the sentiment issue.

A model trained on editorials, reviews and tweets may read factual war reporting as
opinion: a military's claim of a captured town as strongly positive, a conscript "prepared
for deployment" as positive, prices "at record highs" as good news. The gold set
``tests/data/war_news_sentiment.jsonl`` holds sentences of war and conflict reporting written
for this project (paraphrases of the kinds of sentences wire services print, and a few
sentences of the seed article), each labelled negative / neutral / positive by an annotator
who did not run the package, in nine categories (military claims, deployments, markets,
casualties, diplomacy, humanitarian news, quotes, emotive wording, neutral facts). None of it
was used to train or choose anything.

Written to ``results/validation/sentiment/war_news/`` (beside the sentiment validation) by
``framing validate war-news``: ``errors.csv`` (every sentence with the gold label and each
scorer's label and score), ``metrics.csv`` (accuracy and macro-F1 with 95% bootstrap
intervals, and the share of non-positive sentences read as positive), ``per_category.csv``,
``README.md`` and ``manifest.json``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import f1_score

from framing.analysis.bootstrap import cluster_bootstrap_replicates
from framing.errors import InputError
from framing.outputs import write_json, write_table, write_text
from framing.report.manifest import build_manifest, hash_files
from framing.report.markdown import markdown_table
from framing.validation.sentiment_sets import LORA, LORA_NEWS, VADER, ScoreFn, default_scorers

__all__ = ["GOLD", "LABELS", "SCORERS", "load_war_news", "war_news_metrics", "war_news_table",
           "validate_war_news"]

REPO = Path(__file__).resolve().parents[2]
GOLD = REPO / "tests" / "data" / "war_news_sentiment.jsonl"
LABELS = ("negative", "neutral", "positive")
SCORERS = (LORA_NEWS, LORA, VADER)
"""The default sentiment scorer, the one before it, and VADER, in that order."""
SEED = 7
N_BOOT = 2000


def load_war_news(path: str | Path = GOLD) -> pd.DataFrame:
    """The gold sentences: ``id``, ``text``, ``label``, ``category``, ``basis``, ``note``.

    Raises:
        InputError: If a line is not JSON or its label is not one of :data:`LABELS`.
    """
    rows = []
    with Path(path).open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(path, f"line {n} is not JSON ({exc.msg})") from None
            if row.get("label") not in LABELS:
                raise InputError(path, f"line {n}: label must be one of {', '.join(LABELS)}")
            rows.append(row)
    return pd.DataFrame(rows)


def war_news_table(gold: pd.DataFrame, scorers: dict[str, ScoreFn]) -> pd.DataFrame:
    """One row per sentence: the gold label, and each scorer's label, score and correctness."""
    table = gold[["id", "category", "text", "label"]].copy()
    for name, fn in scorers.items():
        out = fn(table["text"].tolist())
        table[f"{name}:label"] = list(out["sentiment_label"])
        table[f"{name}:score"] = np.round(np.asarray(out["sentiment"], dtype=float), 4)
        table[f"{name}:ok"] = table[f"{name}:label"] == table["label"]
    return table


def war_news_metrics(table: pd.DataFrame, names: Sequence[str]) -> pd.DataFrame:
    """Accuracy, macro-F1 and the non-positive-read-as-positive rate per scorer (95% CIs).

    Intervals resample sentences (each its own cluster in
    :func:`~framing.analysis.bootstrap.cluster_bootstrap_replicates`; 2000 draws, seed 7).
    """
    rows = []
    gold = table["label"].to_numpy()
    ids = table["id"].to_numpy()
    for name in names:
        pred = table[f"{name}:label"].to_numpy()
        specs = {
            "accuracy": lambda i, p=pred: float(np.mean(p[i] == gold[i])),
            "macro_f1": lambda i, p=pred: float(f1_score(gold[i], p[i], labels=list(LABELS),
                                                         average="macro", zero_division=0)),
            "positive_on_non_positive": lambda i, p=pred: float(
                np.mean(p[i][gold[i] != "positive"] == "positive"))
            if np.any(gold[i] != "positive") else None,
        }
        for metric, stat in specs.items():
            reps = cluster_bootstrap_replicates(stat, ids, n_boot=N_BOOT, seed=SEED)
            low, high = np.percentile(reps, [2.5, 97.5]) if len(reps) else (np.nan, np.nan)
            n = int(np.sum(gold != "positive")) if metric == "positive_on_non_positive" \
                else len(table)
            value = stat(np.arange(len(table)))
            rows.append({"scorer": name, "metric": metric,
                         "value": round(value, 4) if value is not None else np.nan,
                         "ci_low": round(float(low), 4), "ci_high": round(float(high), 4),
                         "n": n})
    return pd.DataFrame(rows)


def _per_category(table: pd.DataFrame, names: Sequence[str]) -> pd.DataFrame:
    rows = []
    for cat, grp in table.groupby("category", sort=True):
        row = {"category": cat, "sentences": len(grp),
               **{f"gold_{lab}": int((grp["label"] == lab).sum()) for lab in LABELS}}
        for name in names:
            row[f"{name}:accuracy"] = round(float(grp[f"{name}:ok"].mean()), 4)
        rows.append(row)
    return pd.DataFrame(rows)


def _md(df: pd.DataFrame) -> str:
    return markdown_table(list(df.columns), df.astype(object).values.tolist(),
                          cell=lambda v: str(v).replace("|", "\\|"), compact_rule=True)


def validate_war_news(out_dir: str | Path = "results/validation/sentiment/war_news",
                      gold_path: str | Path = GOLD,
                      scorers: dict[str, ScoreFn] | None = None) -> Path:
    """Score the war-reporting gold set and write the results folder.

    Args:
        out_dir: Output folder.
        gold_path: The gold sentences (JSON lines).
        scorers: Name -> scoring function (default: :data:`SCORERS` from
            :func:`~framing.validation.sentiment_sets.default_scorers`); tests inject others.

    Returns:
        The results folder.
    """
    out = Path(out_dir)
    gold = load_war_news(gold_path)
    if scorers is None:
        every = default_scorers()
        scorers = {name: every[name] for name in SCORERS}
    names = list(scorers)
    table = war_news_table(gold, scorers)
    metrics = war_news_metrics(table, names)
    per_cat = _per_category(table, names)
    write_table(table, out / "errors.csv")
    write_table(metrics, out / "metrics.csv")
    write_table(per_cat, out / "per_category.csv")
    first = names[0]
    wrong = table[~table[f"{first}:ok"]]
    shown = wrong[["id", "category", "label", f"{first}:label", f"{first}:score", "text"]]
    write_text(out / "README.md", f"""# Sentence sentiment on war reporting

Written by `framing validate war-news` (do not edit by hand; rerun to reproduce).

Gold set `tests/data/war_news_sentiment.jsonl`: {len(table)} sentences of war and conflict
reporting written for this project (paraphrases of the kinds of sentences wire services
print; `basis` `seed` marks sentences of the seed article), labelled negative / neutral /
positive by an annotator who did not run the package ({", ".join(
        f"{lab} {int((table['label'] == lab).sum())}" for lab in LABELS)}). Nothing was
trained or chosen on it. A small set: read the intervals.

## Metrics (`metrics.csv`; 95% intervals resample sentences, {N_BOOT} draws)

{_md(metrics)}

`positive_on_non_positive`: the share of negative or neutral sentences a scorer reads as
positive (the error the issue describes: a captured town or a deployment read as good news).

## Per category (`per_category.csv`)

{_md(per_cat)}

## Errors of `{first}` (all of them; every scorer's output is in `errors.csv`)

{_md(shown)}
""")
    write_json(out / "manifest.json", build_manifest(
        validation="war_news", seed=SEED, data={"files": hash_files([Path(gold_path)])},
        n_boot=N_BOOT, scorers_compared=names,
        outputs=["errors.csv", "metrics.csv", "per_category.csv", "README.md"]))
    return out
