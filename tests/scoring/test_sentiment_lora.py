"""The fine-tuned sentiment branch: shipped artifact, scorer behaviour, training helpers."""

from __future__ import annotations

import hashlib
import json

import numpy as np
import pytest

from framing.models.artifacts import SENTIMENT_LORA_DIR as ARTIFACT_DIR
from framing.models.branch import TRUNK_SPLIT, get_trunk
from framing.schema import SENTIMENT_LABELS
from framing.scoring import get_scorer

NAME = "sentiment.minilm-lora.v1"
POSITIVE = [
    "This is a wonderful, heartwarming achievement for the whole town.",
    "The volunteers did a superb job and everyone was delighted.",
    "Rescuers were overjoyed as all seventeen miners walked out alive.",
]
NEUTRAL = [
    "The meeting is scheduled for Tuesday at the town hall.",
    "The report has 42 pages and three appendices.",
    "The committee will meet again on Thursday.",
]
NEGATIVE = [
    "The brutal attack killed dozens of children.",
    "Critics called the decision a shameful betrayal of voters.",
    "The disastrous policy left thousands of families hungry and homeless.",
]


@pytest.fixture(scope="module")
def scorer():
    return get_scorer(NAME, device="cpu")


@pytest.fixture(scope="module")
def card() -> dict:
    return json.loads((ARTIFACT_DIR / "card.json").read_text())


def test_shipped_artifact_matches_its_card(card):
    path = ARTIFACT_DIR / card["artifact"]
    assert hashlib.sha256(path.read_bytes()).hexdigest() == card["artifact_sha256"]
    assert path.stat().st_size < 2_000_000  # LoRA + head only, not the encoder
    assert card["name"] == NAME
    assert card["trunk_split"] == 4


def test_card_records_provenance_and_held_out_results(card):
    data = card["data"]
    assert len(data["nyt"]["file_sha256"]) == 64
    assert len(data["vadersentiment_sdist_sha256"]) == 64
    assert set(data["nyt_split"]["test_articles"]).isdisjoint(data["nyt_split"]["dev_articles"])
    assert card["seed"] == 13 and card["temperature"] > 0
    held = card["held_out"]
    assert {"nyt_test", "vader_movies", "pang_lee_sentences"} <= set(held)
    # the test part was never trained on: its size matches the recorded split
    assert held["nyt_test"]["n"] == data["n_sentences"]["nyt"]["test"]
    # the fine-tuned model must beat the lexicon baseline by a clear margin on held-out NYT
    assert held["nyt_test"]["pearson_r"] > 0.6
    assert held["nyt_test"]["binary_accuracy_abs_ge_0.5"] > 0.8


def test_ranks_positive_over_neutral_over_negative(scorer):
    out = scorer.score(POSITIVE + NEUTRAL + NEGATIVE)
    s = out["sentiment"].to_numpy()
    pos, neu, neg = s[:3], s[3:6], s[6:]
    assert pos.min() > neu.max()
    assert neu.min() > neg.max()
    assert list(out["sentiment_label"][:3]) == ["positive"] * 3
    assert list(out["sentiment_label"][6:]) == ["negative"] * 3
    assert (out["sentiment_label"][3:6] == "neutral").sum() >= 2


def test_probabilities_sum_to_one_and_define_the_score(scorer):
    out = scorer.score(POSITIVE + NEUTRAL + NEGATIVE + ["", "x" * 3000])
    probs = out[["p_negative", "p_neutral", "p_positive"]].to_numpy()
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, atol=1e-9)
    assert (probs >= 0).all()
    np.testing.assert_allclose(out["sentiment"], out["p_positive"] - out["p_negative"])
    argmax = np.array(SENTIMENT_LABELS)[probs.argmax(axis=1)]
    assert (out["sentiment_label"].to_numpy() == argmax).all()


def test_batch_size_does_not_change_scores():
    texts = POSITIVE + NEUTRAL + NEGATIVE + ["word " * 400]  # the last one has two windows
    a = get_scorer(NAME, device="cpu", batch_size=1).score(texts)
    b = get_scorer(NAME, device="cpu", batch_size=64).score(texts)
    np.testing.assert_allclose(a["sentiment"], b["sentiment"], atol=1e-5)


def test_empty_input_and_lazy_constructor():
    sc = get_scorer(NAME, device="cpu", batch_size=7)
    assert sc.batch_size == 7 and "_loaded" not in vars(sc)
    out = sc.score([])
    assert len(out) == 0 and list(out.columns) == list(sc.columns)


def test_shares_the_trunk_with_the_probe(scorer):
    scorer.score(["x"])
    probe = get_scorer("sentiment.minilm-nyt-probe.v1", device="cpu")
    assert scorer.trunk is get_trunk(scorer.trunk.encoder, TRUNK_SPLIT) is probe.trunk
    prov = scorer.provenance()
    assert prov["branch_sha256"] == json.loads((ARTIFACT_DIR / "card.json").read_text())[
        "artifact_sha256"]
    assert scorer.fingerprint().endswith(prov["branch_sha256"][:16])
