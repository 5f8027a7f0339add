"""Train the word head of ``emotive.minilm-words.v1``: tagger evidence + lexicons, word by word.

Data (read where it lies, never copied):

* PTC (SemEval-2020 Task 11 train): the tagger's **dev** articles (the tagger never trained on
  them; they chose its epoch and type thresholds) are the training pool; its **test** articles
  are reported and never used for a choice. A word is positive when it overlaps a
  ``Loaded_Language`` or ``Name_Calling,Labeling`` span.
* BABE SG2: the experts' biased words, split by article with the seed (80% pool, 20% test;
  the test part is reported and never used for a choice). A word is positive when its letters
  are among the marked words'. MBIC's crowd marks are on the same sentences and are not used.

Choices: the weight of BABE against PTC, the regularisation ``C`` and the decision threshold,
by 5-fold cross-validation over the pool by article; the criterion is the mean of the word F1
on the PTC part and on the BABE part at one common threshold (one story for both kinds of
annotation). Only words that can be terms (a letter, not a function word) are used.

Run ``framing train emotive-words --out framing/models/emotive_words`` to reproduce the
shipped head (about three minutes on a 2-core CPU: one tagger pass over 7,200 sentences).
"""

from __future__ import annotations

import platform
import time
from pathlib import Path
from typing import Any

import numpy as np

from framing.analysis.metrics import expected_calibration_error
from framing.datasets.babe import biased_letters, biased_word_split, load_babe
from framing.datasets.ptc import load_ptc
from framing.datasets.splits import split_articles
from framing.models.heads import LinearHead
from framing.models.tagging import words_of
from framing.scoring import get_scorer
from framing.scoring.emotive_words import WORD_FEATURES, candidates, word_matrix
from framing.training.common import SEED, set_seed, write_card

BABE_WEIGHTS = (0.0, 0.1, 0.3)
C_GRID = (0.1, 1.0)
THRESHOLDS = tuple(float(t) for t in np.round(np.arange(0.10, 0.71, 0.05), 2))
TAGGER = "emotive.minilm-ptc-tagger.v1"
PARTS = ("ptc_pool", "ptc_test", "babe_pool", "babe_test")
TEST_PARTS = ("ptc_test", "babe_test")


def word_examples(tagger: Any, texts: list[str], gold: list[Any]) -> dict[str, np.ndarray]:
    """Features, labels and sentence index of every candidate word of the texts.

    Args:
        tagger: The loaded ``emotive.minilm-ptc-tagger.v1`` scorer.
        texts: Sentences.
        gold: Per sentence, either ``(start, end)`` gold spans or a set of marked words.

    Returns:
        ``X`` (n_words, features), ``y`` (0/1), ``sentence`` (index into ``texts``) and
        ``v1`` (whether the tagger's own thresholds mark the word).
    """
    tok, probs = tagger.token_probabilities(texts)
    thresholds = np.asarray(tagger.loaded().card["thresholds"])
    xs, ys, sent, v1 = [], [], [], []
    for i, text in enumerate(texts):
        words = words_of(tok.word_ids[i], tok.offsets[i])
        if not words:
            continue
        feats, type_probs = word_matrix(text, probs[i], words)
        keep = candidates(feats)
        for j, (s, e, _) in enumerate(words):
            if not keep[j]:
                continue
            g = gold[i]
            if isinstance(g, set):
                y = bool(biased_letters([text[s:e]]) & g)
            else:
                y = any(s < b and a < e for a, b in g)
            xs.append(feats[j])
            ys.append(int(y))
            sent.append(i)
            v1.append(bool((type_probs[j] >= thresholds).any()))
    return {"X": np.asarray(xs), "y": np.asarray(ys), "sentence": np.asarray(sent),
            "v1": np.asarray(v1)}


def _fit(x: np.ndarray, y: np.ndarray, w: np.ndarray, c: float, seed: int) -> LinearHead:
    """Logistic regression on standardised features, folded into a 2-class linear head."""
    from sklearn.linear_model import LogisticRegression

    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-6
    lr = LogisticRegression(C=c, max_iter=5000, random_state=seed)
    lr.fit((x - mean) / scale, y, sample_weight=w)
    coef = lr.coef_[0] / scale
    bias = float(lr.intercept_[0] - coef @ mean)
    return LinearHead(weight=np.stack([np.zeros_like(coef), coef]).astype(np.float32),
                      bias=np.array([0.0, bias], dtype=np.float32), labels=("other", "loaded"))


def _prf(y: np.ndarray, pred: np.ndarray) -> dict[str, float]:
    tp = int((y & pred).sum())
    p = tp / pred.sum() if pred.sum() else 0.0
    r = tp / y.sum() if y.sum() else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def train(out_dir: str | Path, ptc: str | Path | None = None, babe: str | Path | None = None,
          seed: int = SEED, device: str = "auto") -> dict[str, Any]:
    """Train, choose by cross-validation, test, and write the head, card and model card.

    Args:
        out_dir: Output folder (``head.safetensors``, ``card.json``, ``MODEL_CARD.md``).
        ptc: PTC folder (default ``../shared/data/ptc``).
        babe: BABE SG2 file or folder (default ``../shared/data/babe``).
        seed: Seed of the BABE article split and the solver.
        device: ``"auto"``, ``"cpu"`` or ``"cuda"`` for the tagger pass.

    Returns:
        The card.
    """
    from sklearn.model_selection import GroupKFold

    t0 = time.perf_counter()
    set_seed(seed)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    tagger = get_scorer(TAGGER, device=device)
    card_v1 = tagger.loaded().card
    sentences, ptc_hashes = load_ptc(ptc)
    test_ids = set(card_v1["data"]["test_articles"])
    dev_assign = split_articles([s.article_id for s in sentences], int(card_v1["seed"]))
    parts: dict[str, dict[str, Any]] = {}
    for name, keep in (("ptc_pool", lambda s: dev_assign[s.article_id] == "dev"),
                       ("ptc_test", lambda s: s.article_id in test_ids)):
        chosen = [s for s in sentences if keep(s)]
        ex = word_examples(tagger, [s.text for s in chosen],
                           [[(a, b) for a, b, _ in s.spans] for s in chosen])
        ex["doc"] = np.asarray([chosen[i].article_id for i in ex["sentence"]])
        parts[name] = ex
    data = load_babe(babe)
    data = data[data["label_bias"].isin(["Biased", "Non-biased"])].reset_index(drop=True)
    babe_assign = biased_word_split(data["doc_id"].tolist(), seed)
    for name, which in (("babe_pool", "train"), ("babe_test", "test")):
        chosen = data[data["doc_id"].map(babe_assign) == which].reset_index(drop=True)
        gold = [biased_letters(words) for words in chosen["biased_words"]]
        ex = word_examples(tagger, chosen["text"].tolist(), gold)
        ex["doc"] = chosen["doc_id"].to_numpy()[ex["sentence"]]
        parts[name] = ex
    t_features = time.perf_counter() - t0

    pool = {k: np.concatenate([parts["ptc_pool"][k], parts["babe_pool"][k]])
            for k in ("X", "y", "doc")}
    is_babe = np.r_[np.zeros(len(parts["ptc_pool"]["y"]), bool),
                    np.ones(len(parts["babe_pool"]["y"]), bool)]
    folds = list(GroupKFold(5).split(pool["X"], groups=pool["doc"]))
    trials = []
    for wb in BABE_WEIGHTS:
        weights = np.where(is_babe, wb, 1.0)
        for c in C_GRID:
            oof = np.zeros(len(pool["y"]))
            for tr, te in folds:
                oof[te] = _fit(pool["X"][tr], pool["y"][tr], weights[tr], c,
                               seed).predict_proba(pool["X"][te])[:, 1]
            for t in THRESHOLDS:
                f_ptc = _prf(pool["y"][~is_babe].astype(bool), oof[~is_babe] >= t)["f1"]
                f_babe = _prf(pool["y"][is_babe].astype(bool), oof[is_babe] >= t)["f1"]
                trials.append({"babe_weight": wb, "C": c, "threshold": t,
                               "cv_f1_ptc": round(f_ptc, 4), "cv_f1_babe": round(f_babe, 4),
                               "criterion": round((f_ptc + f_babe) / 2, 4)})
    best = max(trials, key=lambda r: (r["criterion"], -r["babe_weight"], r["threshold"]))
    head = _fit(pool["X"], pool["y"], np.where(is_babe, best["babe_weight"], 1.0),
                best["C"], seed)
    head = LinearHead(weight=head.weight, bias=head.bias, labels=head.labels,
                      metadata={"scorer": "emotive.minilm-words.v1", "seed": str(seed)})
    sha = head.save(out / "head.safetensors")

    test = {}
    for name in ("ptc_test", "babe_test"):
        ex = parts[name]
        p = head.predict_proba(ex["X"])[:, 1]
        y = ex["y"].astype(bool)
        test[name] = {
            "words": int(len(y)), "positives": int(y.sum()), "articles": int(len(set(ex["doc"]))),
            "words_head": _prf(y, p >= best["threshold"]),
            "words_tagger_v1": _prf(y, ex["v1"]),
            "ece": expected_calibration_error(np.c_[1 - p, p], y.astype(int)),
        }
    card = {
        "scorer": "emotive.minilm-words.v1",
        "artifact": "head.safetensors", "artifact_sha256": sha,
        "features": list(WORD_FEATURES), "threshold": best["threshold"],
        "choice": best, "trials": trials, "test": test, "seed": seed,
        "tagger_sha256": card_v1["artifact_sha256"],
        "data": {
            "name": "PTC dev articles of the tagger (Loaded_Language + Name_Calling) + BABE SG2 "
                    "expert biased words (80% of articles)",
            "ptc": ptc_hashes, "babe_sha256": data.attrs["sha256"],
            "words": {k: int(len(v["y"])) for k, v in parts.items()},
            "articles": {k: int(len(set(v["doc"]))) for k, v in parts.items()},
            "babe_split": "framing.datasets.babe.biased_word_split(doc_ids, seed)",
        },
        "seconds": {"features": round(t_features, 1),
                    "total": round(time.perf_counter() - t0, 1)},
        "python": platform.python_version(),
    }
    write_card(out, card, render_card)
    return card


def render_card(card: dict[str, Any]) -> str:
    """MODEL_CARD.md of the word head."""
    c = card["choice"]
    rows = []
    for name in TEST_PARTS:
        t = card["test"][name]
        for model in ("words_head", "words_tagger_v1"):
            m = t[model]
            rows.append(f"| {name} | {model} | {m['precision']:.3f} | {m['recall']:.3f} | "
                        f"{m['f1']:.3f} |")
    parts = ", ".join(f"{k} {card['data']['words'][k]:,} ({card['data']['articles'][k]:,})"
                      for k in PARTS)
    return f"""# emotive.minilm-words.v1 — word head

A logistic head over {len(card['features'])} features per word (the tagger's type logits,
lexicon evidence, neighbouring words' tagger probabilities, word shape) on top of
`emotive.minilm-ptc-tagger.v1` (branch `{card['tagger_sha256'][:12]}`). Trained by
`framing train emotive-words` (`framing/training/emotive_words.py`, seed {card['seed']}).

- Training data: {card['data']['name']}.
- Candidate words (articles): {parts}.
- Choices by 5-fold cross-validation by article over the pool (mean word F1 of the PTC and
  BABE parts at one threshold): BABE weight {c['babe_weight']}, C {c['C']}, threshold
  **{c['threshold']}** (CV word F1: PTC {c['cv_f1_ptc']:.3f}, BABE {c['cv_f1_babe']:.3f}).
- A word at or above the threshold is (part of) a loaded term; the sentence's `emotive` is
  the highest word probability, so `emotive` >= threshold exactly when a term is shown.

## Held-out tests (never used for a choice), word level

| test part | model | precision | recall | F1 |
| --- | --- | --- | --- | --- |
{chr(10).join(rows)}

Calibration (ECE of the word probabilities): PTC test {card['test']['ptc_test']['ece']:.3f},
BABE test {card['test']['babe_test']['ece']:.3f}.

The PTC test articles are the tagger's test split; the BABE test part is 20% of BABE's
articles. Span-level and character-level scores are in `results/validation/emotive/`.
"""
