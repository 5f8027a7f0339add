"""int8 accuracy benchmark: the default scorers at int8 vs fp32 on the held-out validation sets.

Usage: ``python benchmarks/int8_accuracy.py [--max-per-set 1500] [--out results/benchmarks]``.

Scores the same sentences with ``sentiment.minilm-lora.v1`` and
``emotive.minilm-ptc-tagger.v1`` at ``precision="fp32"`` and ``precision="int8"`` (CPU, no
cache) and computes every metric both ways:

* sentiment, on the evaluation sets of ``framing validate sentiment`` (held out from
  training; :func:`framing.validation.sentiment_sets.load_eval_sets`), each capped at
  ``--max-per-set`` sentences (a seeded sample; documents are sampled whole): Pearson r,
  binary macro-F1 and 3-class macro-F1 (definitions in :mod:`framing.validation.sentiment`),
  plus how often the label changes and the mean absolute change of the score;
* the tagger, on the PTC test articles (span F1 as in ``framing validate emotive``) when
  ``../shared/data/ptc`` is present, and on BABE (AUC of ``emotive`` against the experts'
  bias label, biased-word F1) when ``../shared/data/babe`` is present; and the agreement of
  the int8 spans with the fp32 spans (fp32 taken as gold).

Writes ``int8_accuracy.csv`` (one row per task × set × metric: fp32, int8, delta, |delta|)
into the output folder and prints the decision rule of issue 17: int8 may become the default
only if every |Δr| ≤ 0.005 and every |ΔF1| ≤ 0.01.
"""

from __future__ import annotations

import argparse
import os
import re
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
SENTIMENT = "sentiment.minilm-lora.v1"
TAGGER = "emotive.minilm-ptc-tagger.v1"
PRECISIONS = ("fp32", "int8")
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
R_TOLERANCE, F1_TOLERANCE = 0.005, 0.01


def subsample(s, cap: int, seed: int = 13):
    """The evaluation set ``s`` with at most about ``cap`` texts (whole documents kept)."""
    from dataclasses import replace

    if cap <= 0 or len(s.texts) <= cap:
        return s
    rng = np.random.default_rng(seed)
    if s.groups is None:
        keep = np.sort(rng.choice(len(s.texts), cap, replace=False))
        return replace(s, texts=[s.texts[i] for i in keep],
                       ratings=None if s.ratings is None else s.ratings[keep],
                       labels=None if s.labels is None else s.labels[keep])
    docs = sorted(set(s.groups))
    sizes = {d: s.groups.count(d) for d in docs}
    chosen, total = set(), 0
    for k in rng.permutation(len(docs)):
        if total >= cap:
            break
        chosen.add(docs[k])
        total += sizes[docs[k]]
    keep = [i for i, g in enumerate(s.groups) if g in chosen]
    labels = np.array([lab for d, lab in zip(docs, s.labels, strict=True) if d in chosen])
    return replace(s, texts=[s.texts[i] for i in keep], groups=[s.groups[i] for i in keep],
                   labels=labels)


def sentiment_rows(cap: int, scorers: dict) -> list[dict]:
    """Metrics of the sentiment branch at each precision on every evaluation set."""
    from framing.validation.sentiment_sets import compute_metrics, load_eval_sets

    rows = []
    for s in load_eval_sets():
        s = subsample(s, cap)
        out, seconds = {}, {}
        for p in PRECISIONS:
            t = time.perf_counter()
            out[p] = scorers[p][SENTIMENT].score(s.texts).reset_index(drop=True)
            seconds[p] = time.perf_counter() - t
        metrics = {}
        for p in PRECISIONS:
            table = out[p]
            if s.groups is not None:
                table = table.assign(_g=s.groups).groupby("_g", sort=True).agg(
                    sentiment=("sentiment", "mean"))
                table["sentiment_label"] = np.where(table["sentiment"] > 0.05, "positive",
                                                    np.where(table["sentiment"] < -0.05,
                                                             "negative", "neutral"))
            metrics[p] = compute_metrics(table, s.ratings, s.labels)
        for name in ("pearson_r", "binary_macro_f1", "macro_f1_3class", "accuracy_3class"):
            rows.append(row("sentiment", s.name, name, metrics["fp32"][name],
                            metrics["int8"][name], len(s.texts)))
        same = (out["fp32"]["sentiment_label"] == out["int8"]["sentiment_label"]).mean()
        diff = (out["fp32"]["sentiment"] - out["int8"]["sentiment"]).abs().mean()
        rows.append(row("sentiment", s.name, "label_agreement_int8_vs_fp32", 1.0, same,
                        len(s.texts)))
        rows.append(row("sentiment", s.name, "mean_abs_score_change", 0.0, diff,
                        len(s.texts)))
        print(f"{s.name}: n={len(s.texts)} r {metrics['fp32']['pearson_r']:.4f} -> "
              f"{metrics['int8']['pearson_r']:.4f}; seconds fp32 {seconds['fp32']:.1f}, "
              f"int8 {seconds['int8']:.1f}", flush=True)
    return rows


def spans_of(table, column: str = "loaded_terms") -> list[list[tuple[int, int, str]]]:
    """``(start, end, type)`` of every loaded term, per sentence."""
    return [[(int(t["start"]), int(t["end"]), t["type"]) for t in terms]
            for terms in table[column]]


def tagger_rows(cap: int, scorers: dict) -> list[dict]:
    """Tagger metrics at each precision on PTC test (if present) and BABE (if present)."""
    from sklearn.metrics import roc_auc_score

    from framing.analysis.metrics import span_scores
    from framing.datasets.babe import load_babe
    from framing.datasets.ptc import default_ptc_dir, load_ptc
    from framing.errors import InputError
    from framing.models.artifacts import TAGGER_DIR
    from framing.scoring.base import read_card

    rows = []
    if default_ptc_dir() is not None:
        sentences, _ = load_ptc()
        test_ids = set(read_card(TAGGER_DIR)["data"]["test_articles"])
        test = [s for s in sentences if s.article_id in test_ids]
        gold = [list(s.spans) for s in test]
        pred = {p: spans_of(scorers[p][TAGGER].score([s.text for s in test]))
                for p in PRECISIONS}
        for metric in ("overlap_f1", "exact_f1"):
            rows.append(row("tagger", "ptc_test", metric,
                            span_scores(gold, pred["fp32"])[metric],
                            span_scores(gold, pred["int8"])[metric], len(test)))
    else:
        print("PTC not present (../shared/data/ptc): no tagger F1 against PTC gold spans")
        for metric in ("overlap_f1", "exact_f1"):
            rows.append(row("tagger", "ptc_test (not present)", metric, None, None, 0))
    try:
        babe = load_babe()
    except InputError as exc:
        print(f"BABE not present: {exc}")
        return rows
    babe = babe[babe["label_bias"].isin(["Biased", "Non-biased"])].reset_index(drop=True)
    if cap > 0 and len(babe) > cap:
        babe = babe.sample(cap, random_state=13).reset_index(drop=True)
    y = (babe["label_bias"] == "Biased").to_numpy()
    out = {p: scorers[p][TAGGER].score(babe["text"].tolist()) for p in PRECISIONS}
    auc, f1 = {}, {}
    for p in PRECISIONS:
        auc[p] = float(roc_auc_score(y, out[p]["emotive"]))
        tp = n_pred = n_gold = 0
        for terms, words in zip(out[p]["loaded_terms"], babe["biased_words"], strict=True):
            pred_w = {w.lower() for t in terms for w in WORD.findall(t["text"])}
            gold_w = {w.lower() for g in words for w in WORD.findall(g)}
            tp, n_pred, n_gold = tp + len(pred_w & gold_w), n_pred + len(pred_w), \
                n_gold + len(gold_w)
        f1[p] = 2 * tp / (n_pred + n_gold) if n_pred + n_gold else float("nan")
    n = len(babe)
    rows.append(row("tagger", "babe", "auc_emotive_vs_biased", auc["fp32"], auc["int8"], n))
    rows.append(row("tagger", "babe", "biased_word_f1", f1["fp32"], f1["int8"], n))
    agree = span_scores(spans_of(out["fp32"]), spans_of(out["int8"]))
    for metric in ("overlap_f1", "exact_f1"):
        rows.append(row("tagger", "babe", f"{metric}_int8_vs_fp32_spans", 1.0, agree[metric], n))
    diff = (out["fp32"]["emotive"] - out["int8"]["emotive"]).abs().mean()
    rows.append(row("tagger", "babe", "mean_abs_emotive_change", 0.0, diff, n))
    print(f"babe: n={n} AUC {auc['fp32']:.4f} -> {auc['int8']:.4f}, "
          f"word F1 {f1['fp32']:.4f} -> {f1['int8']:.4f}", flush=True)
    return rows


def row(task: str, set_name: str, metric: str, fp32: float | None, int8: float | None,
        n: int) -> dict:
    """One table row; delta is int8 minus fp32 (None where a value is missing)."""
    ok = fp32 is not None and int8 is not None and np.isfinite(fp32) and np.isfinite(int8)
    delta = float(int8) - float(fp32) if ok else None
    return {"task": task, "set": set_name, "metric": metric, "n": n,
            "fp32": None if fp32 is None else float(fp32),
            "int8": None if int8 is None else float(int8),
            "delta": delta, "abs_delta": None if delta is None else abs(delta)}


def decide(table) -> tuple[bool, list[str]]:
    """Issue 17's rule over the gold-based metrics: every |Δr| ≤ 0.005, every |ΔF1| ≤ 0.01."""
    gold = table[~table["metric"].str.contains("int8_vs_fp32|change|agreement", regex=True)
                 & table["abs_delta"].notna()]
    r = gold[gold["metric"] == "pearson_r"]
    f1 = gold[gold["metric"].str.contains("f1")]
    fails = [f"{x.set} {x.metric} |Δ|={x.abs_delta:.4f}" for x in r.itertuples()
             if x.abs_delta > R_TOLERANCE]
    fails += [f"{x.set} {x.metric} |Δ|={x.abs_delta:.4f}" for x in f1.itertuples()
              if x.abs_delta > F1_TOLERANCE]
    return not fails, fails


def main() -> None:
    """Score at fp32 and int8, write the table, print the decision."""
    import pandas as pd

    from framing.scoring import get_scorer

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-per-set", type=int, default=1500,
                        help="Sentences per evaluation set at most (0 = all).")
    parser.add_argument("--out", type=Path, default=REPO / "results" / "benchmarks")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    scorers = {p: {n: get_scorer(n, device="cpu", precision=p) for n in (SENTIMENT, TAGGER)}
               for p in PRECISIONS}
    table = pd.DataFrame(sentiment_rows(args.max_per_set, scorers) +
                         tagger_rows(args.max_per_set, scorers))
    args.out.mkdir(parents=True, exist_ok=True)
    table.round(4).to_csv(args.out / "int8_accuracy.csv", index=False)
    ok, fails = decide(table)
    print(table.round(4).to_string(index=False))
    print("int8 within noise (may become the default)" if ok else
          "int8 stays opt-in; outside tolerance: " + "; ".join(fails))


if __name__ == "__main__":
    main()
