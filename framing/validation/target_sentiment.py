"""Target-level sentiment on held-out NewsMTSC train articles: the shipped head vs baselines.

``framing validate target-sentiment`` re-derives the article split recorded in the head's
card (seed and fractions), checks that it gives the recorded test size (so the test part is
the one never trained on), scores the test targets with the shipped head
(``target-sentiment.minilm-newsmtsc.v1``) and, in the same run, gives every target its
sentence's label from the default sentence scorer and from VADER. It writes, under
``results/validation/sentiment/``:

- ``targets.csv``: per model, macro-F1 with a 95% article-bootstrap interval, the paired
  interval of (head minus model), accuracy, F1 per class and ECE;
- ``targets_confusion.csv``: per model, counts of (gold, predicted) classes;
- ``targets_manifest.json``: data hash, split, scorer provenance, seconds.

Only NewsMTSC's train split is read; no sentence text is written.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing.analysis.target_metrics import bootstrap_f1, metrics, sentence_baselines
from framing.datasets.newsmtsc_targets import load_targets
from framing.datasets.splits import split_articles
from framing.errors import ConfigError
from framing.outputs import write_json, write_table
from framing.schema import SENTIMENT_LABELS
from framing.scoring.base import read_card
from framing.scoring.target_sentiment import TARGET_SENTIMENT_DIR, TargetSentimentScorer

NAME = TargetSentimentScorer.name


def held_out_targets(data: pd.DataFrame, card: dict[str, Any]) -> pd.DataFrame:
    """The test part of the card's split, checked against the recorded size.

    Raises:
        ConfigError: When the data gives another test size than the card records (another
            file, or another split).
    """
    rec = card["data"]["split"]
    split = split_articles(data["article"].tolist(), int(rec["seed"]),
                           tuple(rec["fractions"]))  # type: ignore[arg-type]
    test = data[data["article"].map(split) == "test"].reset_index(drop=True)
    want = int(card["data"]["n_targets"]["test"])
    if len(test) != want:
        raise ConfigError(f"the NewsMTSC file gives {len(test)} held-out targets, the head's "
                          f"card records {want}: not the data the head was trained on")
    return test


def validate_target_sentiment(out_dir: str | Path = Path("results/validation/sentiment"),
                              data_path: str | Path | None = None,
                              head_dir: str | Path = TARGET_SENTIMENT_DIR,
                              device: str = "auto", seed: int = 13) -> Path:
    """Measure the target head on the held-out articles and write the tables.

    Args:
        out_dir: Results folder (the sentiment validation folder).
        data_path: NewsMTSC ``train.jsonl`` (default: in the shared folder).
        head_dir: The head's artifact folder.
        device: Device of the encoder passes.
        seed: Seed of the article bootstrap.

    Returns:
        ``out_dir``.
    """
    t0 = time.perf_counter()
    out_dir = Path(out_dir)
    card = read_card(head_dir)
    data = load_targets(data_path)
    test = held_out_targets(data, card)
    y = test["y"].to_numpy()
    scorer = TargetSentimentScorer(head_dir=head_dir, device=device)
    proba = scorer.proba(test["sentence"].tolist(),
                         list(zip(test["start"], test["end"], strict=True)))
    pred = proba.argmax(axis=1)
    sentences = list(dict.fromkeys(test["sentence"]))
    at = test["sentence"].map({s: i for i, s in enumerate(sentences)}).to_numpy()
    base = {k: v[at] for k, v in sentence_baselines(sentences, device).items()}
    preds = {NAME: pred, **base}
    res = {NAME: metrics(y, pred, proba), **{k: metrics(y, v) for k, v in base.items()}}
    ci = bootstrap_f1(y, preds, test["article"].to_numpy(), seed, NAME)
    rows = []
    for model, m in res.items():
        rows.append({"model": model, "n_targets": m["n"],
                     "n_articles": int(test["article"].nunique()),
                     "macro_f1": m["macro_f1"], "ci_low": ci[model]["low"],
                     "ci_high": ci[model]["high"],
                     "head_minus_model_low": ci[model].get("head_minus_this_low"),
                     "head_minus_model_high": ci[model].get("head_minus_this_high"),
                     "accuracy": m["accuracy"],
                     **{f"f1_{lab}": m["f1_per_class"][lab] for lab in SENTIMENT_LABELS},
                     "ece": m.get("ece")})
    conf = []
    for model, p in preds.items():
        counts = np.bincount(3 * y + np.asarray(p, dtype=int), minlength=9).reshape(3, 3)
        for g, gold in enumerate(SENTIMENT_LABELS):
            conf.append({"model": model, "gold": gold,
                         **{f"pred_{lab}": int(counts[g, k])
                            for k, lab in enumerate(SENTIMENT_LABELS)}})
    write_table(pd.DataFrame(rows).round(4), out_dir / "targets.csv")
    write_table(pd.DataFrame(conf), out_dir / "targets_confusion.csv")
    write_json(out_dir / "targets_manifest.json", {
        "data": {"name": "NewsMTSC train, held-out test articles", "file_sha256":
                 data.attrs["sha256"], "split": card["data"]["split"],
                 "n_targets": len(test)},
        "scorer": scorer.provenance(),
        "baselines": list(base),
        "bootstrap": {"unit": "article", "seed": seed},
        "card_held_out_macro_f1": card.get("held_out_test", {}).get(NAME, {}).get("macro_f1"),
        "seconds": round(time.perf_counter() - t0, 1),
    })
    return out_dir
