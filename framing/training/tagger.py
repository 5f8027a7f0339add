"""Train the loaded-term tagger: shared MiniLM trunk + a LoRA branch + a 2-type token head.

Data: the PTC train split (SemEval-2020 Task 11), spans of ``Loaded_Language`` and
``Name_Calling,Labeling``; all other techniques are treated as negatives. Articles (not
sentences) are split 80/10/10 into train/dev/test with the seed: dev picks the epoch and the
decision thresholds, test is reported and never used for any choice.

Run ``framing train tagger --out DIR`` (PTC read from ``../shared/data/ptc`` unless ``--ptc``
is given); ``--out framing/models/emotive_ptc_tagger`` reproduces the shipped artifact (branch
weights, ``card.json``, ``MODEL_CARD.md``). The trunk's outputs are computed once and cached
in memory, so each epoch only runs the branch: training takes minutes on a 2-core CPU.
"""

from __future__ import annotations

import json
import platform
import random
import time
from pathlib import Path

import numpy as np
import torch

from framing.analysis.metrics import span_scores
from framing.datasets.ptc import load_ptc
from framing.datasets.splits import split_articles
from framing.models.branch import TRUNK_SPLIT, Branch, attention_mask_for, get_trunk, save_branch
from framing.models.encoder import DEFAULT_ENCODER, load_encoder
from framing.models.tagging import decode_spans, token_labels
from framing.schema import TERM_TYPES
from framing.training.common import SEED, batches, set_seed, trunk_cache, write_card

SPLIT = TRUNK_SPLIT
MAX_TOKENS = 256
THRESHOLD_GRID = tuple(float(t) for t in np.round(np.arange(0.2, 0.91, 0.05), 2))
COARSE_GRID = (0.3, 0.5, 0.7)


def encode(tokenizer, texts: list[str]) -> dict:
    """Tokenise with offsets and word ids (truncated to MAX_TOKENS)."""
    enc = tokenizer(texts, add_special_tokens=True, truncation=True, max_length=MAX_TOKENS,
                    return_offsets_mapping=True)
    return {"input_ids": enc["input_ids"], "offsets": enc["offset_mapping"],
            "word_ids": [enc.word_ids(i) for i in range(len(texts))]}


def collate(ids: list[int], cache: list[torch.Tensor], labels: list[np.ndarray] | None):
    """Pad cached trunk states (and labels) of a batch."""
    width = max(cache[i].shape[0] for i in ids)
    dim = cache[ids[0]].shape[1]
    hidden = torch.zeros(len(ids), width, dim)
    mask = torch.zeros(len(ids), width, dtype=torch.long)
    y = torch.full((len(ids), width, len(TERM_TYPES)), -1.0)
    for r, i in enumerate(ids):
        n = cache[i].shape[0]
        hidden[r, :n] = cache[i]
        mask[r, :n] = 1
        if labels is not None:
            y[r, :n] = torch.from_numpy(labels[i])
    return hidden, mask, y


def predict(branch: Branch, trunk, ids: list[int], cache: list[torch.Tensor]) -> list[np.ndarray]:
    """Token probabilities per sentence."""
    out: list[np.ndarray | None] = [None] * len(cache)
    branch.eval()
    order = sorted(ids, key=lambda i: cache[i].shape[0])
    with torch.inference_mode():
        for b in range(0, len(order), 128):
            chunk = order[b : b + 128]
            hidden, mask, _ = collate(chunk, cache, None)
            dev = trunk.encoder.device
            hidden, mask = hidden.to(dev), mask.to(dev)
            attn = attention_mask_for(trunk.encoder.model, mask, hidden)
            probs = torch.sigmoid(branch.head(branch.hidden(hidden, attn))).float().cpu().numpy()
            for r, i in enumerate(chunk):
                out[i] = probs[r, : cache[i].shape[0]]
    return out  # type: ignore[return-value]


def evaluate(probs, ids, enc, gold, thresholds) -> dict[str, dict[str, float]]:
    """Span scores (all types and per type) for sentences ``ids``."""
    pred = [[(s, e, k) for s, e, k, _ in decode_spans(probs[i], enc["word_ids"][i],
                                                       enc["offsets"][i], TERM_TYPES,
                                                       thresholds)] for i in ids]
    g = [list(gold[i]) for i in ids]
    res = {"all": span_scores(g, pred)}
    for kind in TERM_TYPES:
        res[kind] = span_scores(g, pred, types=[kind])
    return res


def tune_thresholds(probs, ids, enc, gold, grid=THRESHOLD_GRID) -> tuple[list[float], dict]:
    """Per-type thresholds maximising overlap F1 on the given (dev) sentences."""
    best = [0.5] * len(TERM_TYPES)
    for k, kind in enumerate(TERM_TYPES):
        scores = []
        for t in grid:
            trial = list(best)
            trial[k] = float(t)
            scores.append((evaluate(probs, ids, enc, gold, trial)[kind]["overlap_f1"], -t, t))
        best[k] = float(max(scores)[2])
    return best, evaluate(probs, ids, enc, gold, best)


def train(ptc: str | Path | None, out_dir: str | Path, seed: int = SEED,
          split: int = SPLIT, rank: int = 16, epochs: int = 10, lr: float = 1e-3,
          batch_size: int = 32, device: str = "auto", encoder_name: str = DEFAULT_ENCODER
          ) -> dict:
    """Train, tune on dev, report on test, and write the artifact; returns the card.

    Args:
        ptc: PTC folder (default: ``data/ptc`` in the shared folder).
        out_dir: Where ``branch.safetensors``, ``card.json`` and ``MODEL_CARD.md`` go.
        seed: Seed for the article split, initialisation, dropout and batch order.
        split: Trunk layers kept frozen (the rest get LoRA).
        rank: LoRA rank (alpha = 2 * rank).
        epochs: Passes over the train articles' sentences.
        lr: Peak learning rate (one-cycle).
        batch_size: Sentences per step.
        device: ``"auto"``, ``"cpu"`` or ``"cuda"``.
        encoder_name: Encoder name or folder (default: the embedded MiniLM).
    """
    out_dir = Path(out_dir)
    t0 = time.perf_counter()
    set_seed(seed)
    sentences, data_hashes = load_ptc(ptc)
    assignment = split_articles([s.article_id for s in sentences], seed)
    part = {name: [i for i, s in enumerate(sentences) if assignment[s.article_id] == name]
            for name in ("train", "dev", "test")}

    encoder = load_encoder(encoder_name, device=device)
    trunk = get_trunk(encoder, split)
    enc = encode(encoder.tokenizer, [s.text for s in sentences])
    gold = [tuple((a, b, k) for a, b, k in s.spans) for s in sentences]
    labels = [token_labels(enc["offsets"][i], gold[i], TERM_TYPES) for i in range(len(gold))]
    cache = trunk_cache(trunk, enc["input_ids"])
    cache = [c.cpu() for c in cache]
    t_cache = time.perf_counter() - t0

    branch = Branch(trunk.top_layers(), len(TERM_TYPES), r=rank, alpha=2.0 * rank, dropout=0.1)
    branch.train()
    train_labels = np.concatenate([labels[i] for i in part["train"]])
    valid = train_labels >= 0
    pos = (train_labels == 1).sum(0)
    neg = (valid.sum(0) - pos)
    on = encoder.device
    branch.to(on)
    pos_weight = torch.tensor(np.minimum(neg / np.maximum(pos, 1), 20.0), dtype=torch.float32,
                              device=on)
    params = [p for p in branch.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=lr, weight_decay=0.01)
    rng = random.Random(seed)
    lengths = [c.shape[0] for c in cache]
    total_steps = epochs * ((len(part["train"]) + batch_size - 1) // batch_size)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=total_steps,
                                                pct_start=0.1)
    loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=pos_weight, reduction="none")

    history, best_state, best_f1 = [], None, -1.0
    for epoch in range(epochs):
        branch.train()
        total = 0.0
        for ids in batches(part["train"], lengths, batch_size, rng):
            hidden, mask, y = collate(ids, cache, labels)
            hidden, mask, y = hidden.to(on), mask.to(on), y.to(on)
            attn = attention_mask_for(encoder.model, mask, hidden)
            logits = branch.head(branch.dropout(branch.hidden(hidden, attn)))
            weight = (y >= 0).float()
            loss = (loss_fn(logits, y.clamp(min=0)) * weight).sum() / weight.sum().clamp(min=1)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            total += loss.item() * len(ids)
        probs = predict(branch, trunk, part["dev"], cache)
        thr, dev_res = tune_thresholds(probs, part["dev"], enc, gold, COARSE_GRID)
        history.append({"epoch": epoch + 1, "train_loss": total / len(part["train"]),
                        "dev_overlap_f1": dev_res["all"]["overlap_f1"], "thresholds": thr})
        print(json.dumps(history[-1]), flush=True)
        if dev_res["all"]["overlap_f1"] > best_f1:
            best_f1 = dev_res["all"]["overlap_f1"]
            best_state = {k: v.clone() for k, v in branch.state_dict().items()}
            best_epoch = epoch + 1
    branch.load_state_dict(best_state)
    best_thr, best_dev = tune_thresholds(predict(branch, trunk, part["dev"], cache),
                                         part["dev"], enc, gold)
    probs = predict(branch, trunk, part["test"], cache)
    test = evaluate(probs, part["test"], enc, gold, best_thr)

    out_dir.mkdir(parents=True, exist_ok=True)
    meta = {"split": split, "types": list(TERM_TYPES), "thresholds": best_thr,
            "encoder": DEFAULT_ENCODER, "encoder_fingerprint": encoder.fingerprint}
    sha = save_branch(branch, out_dir / "branch.safetensors", meta)
    card = {
        "name": "emotive.minilm-ptc-tagger.v1",
        "artifact": "branch.safetensors",
        "artifact_sha256": sha,
        "encoder": DEFAULT_ENCODER,
        "encoder_loaded_from": encoder_name,
        "encoder_fingerprint": encoder.fingerprint,
        "trunk_split": split,
        "lora_rank": rank,
        "types": list(TERM_TYPES),
        "thresholds": best_thr,
        "seed": seed,
        "epochs": epochs,
        "best_epoch": best_epoch,
        "learning_rate": lr,
        "batch_size": batch_size,
        "history": history,
        "data": {
            "name": "PTC train split (SemEval-2020 Task 11), Loaded_Language + "
                    "Name_Calling,Labeling spans",
            **data_hashes,
            "n_sentences": {k: len(v) for k, v in part.items()},
            "n_articles": {k: len({sentences[i].article_id for i in v}) for k, v in part.items()},
            "test_articles": sorted({sentences[i].article_id for i in part["test"]}),
        },
        "dev": best_dev,
        "test": test,
        "environment": {"python": platform.python_version(), "torch": torch.__version__,
                        "device": encoder.device},
        "trunk_cache_seconds": round(t_cache, 1),
        "train_seconds": round(time.perf_counter() - t0, 1),
    }
    write_card(out_dir, card, render_card)
    return card


def render_card(card: dict) -> str:
    """Markdown model card from the card dict."""
    def row(name: str, res: dict) -> str:
        return (f"| {name} | {res['overlap_precision']:.3f} | {res['overlap_recall']:.3f} | "
                f"{res['overlap_f1']:.3f} | {res['exact_f1']:.3f} | {int(res['n_gold'])} |")

    rows = "\n".join(row(k, v) for k, v in card["test"].items())
    n = card["data"]["n_articles"]
    return f"""# Model card: `{card['name']}`

Written by `framing/training/tagger.py` (seed {card['seed']}); do not edit by hand.

**What it is.** A token tagger for emotive framing: the embedded all-MiniLM-L6-v2's lower
{card['trunk_split']} layers (shared trunk, frozen), its top layers with LoRA rank
{card['lora_rank']}, and a linear head with one sigmoid per type ({', '.join(card['types'])}).
Words whose probability passes the per-type threshold ({card['thresholds']}, tuned on dev)
form spans. Artifact `{card['artifact']}` (LoRA + head only), sha256
`{card['artifact_sha256']}`.

**Data.** {card['data']['name']}; labels sha256 `{card['data']['labels_sha256'][:16]}…`,
articles sha256 `{card['data']['articles_sha256'][:16]}…`. Split by article with the seed:
train {n['train']}, dev {n['dev']}, test {n['test']} articles. The corpus is research-only
and is not shipped; the test article ids are in `card.json`.

**Training.** {card['epochs']} epochs (best dev epoch {card['best_epoch']}), AdamW, one-cycle
learning rate {card['learning_rate']}, batch {card['batch_size']}, positive-class weights.

## Held-out test articles (never used for any choice)

| types | overlap precision | overlap recall | overlap F1 | exact F1 | gold spans |
| --- | --- | --- | --- | --- | --- |
{rows}

Overlap scores give partial credit for partially matched spans (SemEval-2020 Task 11
style); exact F1 requires identical boundaries and type.
"""
