"""Validation of frames, genre and techniques: `framing validate frames`.

Writes results/validation/frames/.

Everything is measured on the SemEval-2023 Task 3 English TRAIN split only (the dev and test
splits are never read), by cross-validation that keeps each article's paragraphs together:

1. ``by_article``: 5 folds of articles (seeded). Each training part fits the heads exactly as
   ``framing train frames`` does, thresholds included (chosen by an inner cross-validation on
   that training part only), so the scores are out of sample.
2. ``by_topic``: a topic shift. Articles are clustered into topics (k-means on TF-IDF of the
   article texts); each fold holds out one whole topic and trains on the others.

Each scheme compares the heads with (a) a TF-IDF + logistic-regression baseline (balanced class
weights, threshold 0.5, the same folds), (b) for frames, always predicting the 6 most frequent
training frames of the fold, (c) the heads with a fixed 0.5 threshold (no tuning to the
training label mix), and (d) for techniques, ``techniques.minilm-tfidf.v2`` (the encoder head
averaged with a TF-IDF head), with its threshold 0.5 and with per-label thresholds from the
same inner cross-validation; (e) for frames, the same average of the frame head and the
TF-IDF baseline at 0.5 (measured, not shipped). Outputs:
``scores.csv`` (scheme x task x model: micro/macro-F1, genre accuracy, Loaded_Language F1),
``per_label.csv``, ``calibration.csv`` (reliability bins of the
out-of-fold probabilities), ``topics.csv``, ``summary.json``, ``README.md``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing.datasets.semeval2023 import load_semeval2023
from framing.models.encoder import DEFAULT_ENCODER, load_encoder
from framing.models.frames import (
    choose_thresholds,
    fit_softmax,
    fit_with_thresholds,
    group_folds,
    out_of_fold,
)
from framing.models.tfidf import NGRAMS, TFIDF_C, ensemble, fit_tfidf
from framing.outputs import write_json, write_table, write_text
from framing.report.manifest import build_manifest
from framing.scoring.frames import FRAMES, GENRES, TECHNIQUES, shared_embedder, training_matrices

SEED = 13
C_FRAMES = C_TECHNIQUES = 0.05
C_GENRE = 0.1
N_TOPICS = 6
INNER_FOLDS = {"frames": 5, "techniques": 3}
"""Same settings as :mod:`framing.training.frames` (kept equal by tests/training)."""


def f1_scores(pred: np.ndarray, y: np.ndarray) -> tuple[float, float, np.ndarray]:
    """Micro-F1, macro-F1 over labels present in ``y``, and per-label F1 (NaN when absent)."""
    pred, y = np.asarray(pred, dtype=bool), np.asarray(y, dtype=bool)
    tp = (pred & y).sum(0).astype(float)
    denom = pred.sum(0) + y.sum(0)
    per = np.where(denom > 0, 2 * tp / np.maximum(denom, 1), 0.0)
    per = np.where(y.sum(0) > 0, per, np.nan)
    micro_den = pred.sum() + y.sum()
    micro = float(2 * tp.sum() / micro_den) if micro_den else 0.0
    present = y.sum(0) > 0
    return micro, float(np.nanmean(per[present])) if present.any() else float("nan"), per


def topic_clusters(texts: Sequence[str], k: int = N_TOPICS, seed: int = SEED
                   ) -> tuple[np.ndarray, list[list[str]]]:
    """Topic of each article (k-means on TF-IDF) and the top terms of each topic."""
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(sublinear_tf=True, min_df=3, max_df=0.5, stop_words="english")
    x = vec.fit_transform(texts)
    km = KMeans(k, n_init=10, random_state=seed).fit(x)
    vocab = np.array(vec.get_feature_names_out())
    terms = [vocab[np.argsort(-c)[:8]].tolist() for c in km.cluster_centers_]
    return km.labels_, terms


BASELINE_FEATURES = 50000
"""N-grams the TF-IDF baseline keeps (the shipped ensemble head keeps 20,000)."""


def tfidf_baseline(train_texts: Sequence[str], y_train: np.ndarray, test_texts: Sequence[str]
                   ) -> np.ndarray:
    """TF-IDF (1-2 grams) + one balanced logistic regression per label; probabilities.

    Multi-label targets use :func:`framing.models.tfidf.fit_tfidf` (the shipped head's fit,
    with :data:`BASELINE_FEATURES` n-grams); single-label targets (genre) get one multinomial
    regression on the same features and return predicted labels.
    """
    y_train = np.asarray(y_train)
    if y_train.ndim == 1:  # single-label (genre): multinomial
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        vec = TfidfVectorizer(sublinear_tf=True, min_df=2, ngram_range=NGRAMS,
                              max_features=BASELINE_FEATURES)
        clf = LogisticRegression(C=TFIDF_C, class_weight="balanced", max_iter=2000)
        clf.fit(vec.fit_transform(train_texts), y_train)
        return clf.predict(vec.transform(test_texts))
    labels = [str(j) for j in range(y_train.shape[1])]
    head = fit_tfidf(list(train_texts), y_train, labels, max_features=BASELINE_FEATURES)
    return head.predict_proba(list(test_texts))


def calibration_bins(proba: np.ndarray, y: np.ndarray, bins: int = 10) -> pd.DataFrame:
    """Reliability table of pooled per-label probabilities (mean predicted vs observed rate)."""
    p, t = np.asarray(proba).ravel(), np.asarray(y, dtype=float).ravel()
    edges = np.linspace(0, 1, bins + 1)
    rows = []
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        sel = (p >= lo) & ((p < hi) | (hi == 1.0))
        if sel.any():
            rows.append({"bin_low": lo, "bin_high": hi, "n": int(sel.sum()),
                         "mean_predicted": float(p[sel].mean()),
                         "observed_rate": float(t[sel].mean())})
    return pd.DataFrame(rows)


def _ece(table: pd.DataFrame) -> float:
    n = table["n"].sum()
    return float((table["n"] * (table["mean_predicted"] - table["observed_rate"]).abs()).sum()
                 / n) if n else float("nan")


def _run_scheme(m: Any, doc_folds: list[np.ndarray], par_fold_of_doc: dict[str, int],
                seed: int) -> dict[str, Any]:
    """Out-of-fold predictions of heads and baselines for one fold scheme."""
    n_doc, n_par = len(m.doc_ids), len(m.par_articles)
    res: dict[str, Any] = {k: np.zeros((n_doc, len(FRAMES))) for k in
                           ("frames_p", "frames_pred", "frames_tfidf", "frames_top6")}
    res.update({k: np.zeros((n_par, len(TECHNIQUES))) for k in
                ("tech_p", "tech_pred", "tech_tfidf", "tech_ens_p", "tech_ens_pred")})
    res["genre_p"] = np.zeros((n_doc, len(GENRES)))
    res["genre_tfidf"] = np.empty(n_doc, dtype=object)
    genres = np.array(m.genres)
    par_art = np.array(m.par_articles)
    par_fold = np.array([par_fold_of_doc.get(a, -1) for a in par_art])
    res["par_scored"] = par_fold >= 0
    docs, pars = np.array(m.doc_texts, dtype=object), np.array(m.par_texts, dtype=object)
    for f, test in enumerate(doc_folds):
        train = np.setdiff1d(np.arange(n_doc), test)
        head, _ = fit_with_thresholds(m.x_doc[train], m.y_frames[train],
                                      np.array(m.doc_ids)[train], FRAMES, C_FRAMES,
                                      INNER_FOLDS["frames"], seed)
        res["frames_p"][test] = head.predict_proba(m.x_doc[test])
        res["frames_pred"][test] = head.predict(res["frames_p"][test])
        res["frames_tfidf"][test] = tfidf_baseline(docs[train], m.y_frames[train], docs[test])
        top6 = np.argsort(-m.y_frames[train].sum(0), kind="stable")[:6]
        res["frames_top6"][np.ix_(test, top6)] = 1.0
        genre = fit_softmax(m.x_doc[train], genres[train], GENRES, c=C_GENRE)
        res["genre_p"][test] = genre.predict_proba(m.x_doc[test])
        res["genre_tfidf"][test] = tfidf_baseline(docs[train], genres[train], docs[test])
        ptest = np.flatnonzero(par_fold == f)
        ptrain = np.flatnonzero((par_fold != f) & (par_fold >= 0))
        if len(ptest) == 0:
            continue
        th, oof_in = fit_with_thresholds(m.x_par[ptrain], m.y_techniques[ptrain],
                                         par_art[ptrain], TECHNIQUES, C_TECHNIQUES,
                                         INNER_FOLDS["techniques"], seed)
        res["tech_p"][ptest] = th.predict_proba(m.x_par[ptest])
        res["tech_pred"][ptest] = th.predict(res["tech_p"][ptest])
        res["tech_tfidf"][ptest] = tfidf_baseline(pars[ptrain], m.y_techniques[ptrain],
                                                  pars[ptest])
        # techniques.minilm-tfidf.v2 as `framing train frames` fits it, inside this part
        inner = group_folds(par_art[ptrain], INNER_FOLDS["techniques"], seed)
        oof_tf = out_of_fold(pars[ptrain], m.y_techniques[ptrain], inner,
                             lambda a, b: fit_tfidf(list(a), b, TECHNIQUES).predict_proba)
        thr = choose_thresholds(ensemble(oof_in, oof_tf), m.y_techniques[ptrain])
        text_head = fit_tfidf(list(pars[ptrain]), m.y_techniques[ptrain], TECHNIQUES)
        res["tech_ens_p"][ptest] = ensemble(res["tech_p"][ptest],
                                            text_head.predict_proba(list(pars[ptest])))
        res["tech_ens_pred"][ptest] = res["tech_ens_p"][ptest] >= thr[None, :]
    return res


def _score_rows(scheme: str, res: dict[str, Any], m: Any) -> tuple[list[dict], list[dict]]:
    """Rows of scores.csv and per_label.csv for one scheme."""
    from sklearn.metrics import accuracy_score, f1_score

    rows, per_rows = [], []
    ll = TECHNIQUES.index("Loaded_Language")
    sel = res["par_scored"]
    y_t = m.y_techniques[sel]
    cases = [("frames", "minilm heads (CV thresholds)", res["frames_pred"], m.y_frames),
             ("frames", "minilm heads (threshold 0.5)", res["frames_p"] >= 0.5, m.y_frames),
             ("frames", "tfidf+logreg", res["frames_tfidf"] >= 0.5, m.y_frames),
             ("frames", "6 most frequent frames", res["frames_top6"], m.y_frames),
             ("frames", "minilm+tfidf ensemble (threshold 0.5; not shipped)",
              ensemble(res["frames_p"], res["frames_tfidf"]) >= 0.5, m.y_frames),
             ("techniques", "minilm heads (CV thresholds)", res["tech_pred"][sel], y_t),
             ("techniques", "minilm heads (threshold 0.5)", res["tech_p"][sel] >= 0.5, y_t),
             ("techniques", "tfidf+logreg", res["tech_tfidf"][sel] >= 0.5, y_t),
             ("techniques", "minilm+tfidf ensemble (CV thresholds)", res["tech_ens_pred"][sel],
              y_t),
             ("techniques", "minilm+tfidf ensemble (threshold 0.5; shipped v2)",
              res["tech_ens_p"][sel] >= 0.5, y_t)]
    for task, model, pred, y in cases:
        micro, macro, per = f1_scores(pred, y)
        row = {"scheme": scheme, "task": task, "model": model, "n": int(len(y)),
               "micro_f1": micro, "macro_f1_present": macro}
        if task == "techniques":
            row["loaded_language_f1"] = float(per[ll])
        rows.append(row)
        labels = FRAMES if task == "frames" else TECHNIQUES
        per_rows += [{"scheme": scheme, "task": task, "model": model, "label": lab,
                      "support": int(np.asarray(y)[:, j].sum()), "f1": per[j]}
                     for j, lab in enumerate(labels)]
    genres = np.array(m.genres)
    for model, pred in (("minilm heads", np.array(GENRES)[res["genre_p"].argmax(1)]),
                        ("tfidf+logreg", res["genre_tfidf"].astype(str))):
        rows.append({"scheme": scheme, "task": "genre", "model": model, "n": len(genres),
                     "accuracy": float(accuracy_score(genres, pred)),
                     "macro_f1_present": float(f1_score(genres, pred, average="macro",
                                                        zero_division=0))})
    return rows, per_rows


def validate_frames(out_dir: str | Path = "results/validation/frames",
                    data_dir: str | Path | None = None, seed: int = SEED,
                    embedding_cache: str | Path | None = None) -> Path:
    """Run both fold schemes and write the tables (see the module docstring).

    Args:
        out_dir: Results folder.
        data_dir: The ``semeval2023_task3/en`` folder (default: in the shared folder).
        seed: Seed of folds and clustering.
        embedding_cache: ``.npz`` of paragraph embeddings to reuse and update.

    Returns:
        The results folder.
    """
    import time

    t0 = time.perf_counter()
    out = Path(out_dir)
    data = load_semeval2023(data_dir)
    enc = load_encoder(DEFAULT_ENCODER, device="cpu")
    embedder = shared_embedder(enc)
    if embedding_cache is not None:
        embedder.preload(embedding_cache)
    m = training_matrices(data, embedder)
    if embedding_cache is not None:
        embedder.save(embedding_cache)
    all_ids = sorted(data.articles)
    topic_of, terms = topic_clusters([data.articles[a].text for a in all_ids], seed=seed)
    topic = dict(zip(all_ids, topic_of.tolist(), strict=True))
    schemes: dict[str, dict[str, int]] = {}
    folds = group_folds(all_ids, 5, seed)
    schemes["by_article"] = {all_ids[i]: f for f, idx in enumerate(folds) for i in idx}
    schemes["by_topic"] = topic
    rows, per_rows, calib = [], [], []
    doc_index = np.array(m.doc_ids)
    for scheme, fold_of in schemes.items():
        doc_fold = np.array([fold_of[a] for a in doc_index])
        doc_folds = [np.flatnonzero(doc_fold == f) for f in sorted(set(fold_of.values()))]
        res = _run_scheme(m, doc_folds, fold_of, seed)
        r, p = _score_rows(scheme, res, m)
        rows += r
        per_rows += p
        scored = res["par_scored"]
        for task, model, proba, y in (
                ("frames", "minilm heads (CV thresholds)", res["frames_p"], m.y_frames),
                ("techniques", "minilm heads (CV thresholds)", res["tech_p"][scored],
                 m.y_techniques[scored]),
                ("techniques", "minilm+tfidf ensemble (threshold 0.5; shipped v2)",
                 res["tech_ens_p"][scored], m.y_techniques[scored])):
            tab = calibration_bins(proba, y).assign(scheme=scheme, task=task, model=model)
            calib.append(tab)
            rows.append({"scheme": scheme, "task": task, "model": model,
                         "metric": "pooled_label_ece", "ece": _ece(tab)})
    scores = pd.DataFrame(rows)
    topics = pd.DataFrame({"topic": range(len(terms)), "top_terms": [" ".join(t) for t in terms],
                           "n_articles": [int((topic_of == k).sum()) for k in range(len(terms))],
                           "n_labelled": [int(sum(topic[a] == k for a in m.doc_ids))
                                          for k in range(len(terms))]})
    write_table(scores, out / "scores.csv")
    write_table(pd.DataFrame(per_rows), out / "per_label.csv")
    write_table(pd.concat(calib, ignore_index=True), out / "calibration.csv")
    write_table(topics, out / "topics.csv")
    summary = build_manifest(seed=seed, data={"name": "SemEval-2023 Task 3 en train",
                                              "sha256": data.sha256},
                             suite="frames", seconds=round(time.perf_counter() - t0, 1),
                             encoder_fingerprint=enc.fingerprint)
    write_json(out / "summary.json", summary)
    write_text(out / "README.md", render_readme(scores, topics))
    return out


def render_readme(scores: pd.DataFrame, topics: pd.DataFrame) -> str:
    """Markdown summary of the validation tables."""
    def fmt(v: object, col: str) -> str:
        if v is None or (isinstance(v, float) and np.isnan(v)):
            return ""
        if col == "n":
            return str(int(v))  # type: ignore[call-overload]
        return f"{v:.3f}" if isinstance(v, float) else str(v)

    cols = ["scheme", "task", "model", "n", "micro_f1", "macro_f1_present",
            "loaded_language_f1", "accuracy"]
    main = scores[scores.get("metric").isna()] if "metric" in scores else scores
    lines = ["| " + " | ".join(cols) + " |", "|" + " --- |" * len(cols)]
    lines += ["| " + " | ".join(fmt(r.get(c), c) for c in cols) + " |"
              for r in main.to_dict(orient="records")]
    tlines = [f"| {r['topic']} | {r['n_articles']} | {r['n_labelled']} | {r['top_terms']} |"
              for r in topics.to_dict(orient="records")]
    return ("# Validation: frames, genre, persuasion techniques (SemEval-2023 Task 3, en train)\n\n"
            "Written by `framing validate frames`; cross-validation by article (`by_article`, "
            "5 folds) and leave-one-topic-out (`by_topic`). Thresholds are chosen inside each "
            "training part. Macro-F1 averages the labels present in the evaluated rows. Only "
            "the train split is used; the organisers' dev/test articles (other period and "
            "topics) are not.\n\n" + "\n".join(lines) + "\n\n## Topics (k-means on TF-IDF)\n\n"
            "| topic | articles | labelled (frames) | top terms |\n| --- | --- | --- | --- |\n"
            + "\n".join(tlines) + "\n\nPer-label F1: `per_label.csv`; reliability of the "
            "probabilities: `calibration.csv` (pooled over labels).\n")
