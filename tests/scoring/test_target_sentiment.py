"""Target sentiment: pair validation, features and the scorer on a tiny random encoder."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest

from framing.errors import InputError
from framing.models.heads import LinearHead
from framing.scoring.target_sentiment import (
    COLUMNS,
    TARGET_SENTIMENT_DIR,
    FeatureRecipe,
    TargetSentimentScorer,
    check_pairs,
    mark,
    pair_features,
)
from tests.tiny_models import make_tiny_classifier

SENT = "Kyiv's mayor said the brutal strike destroyed an apartment block."


@pytest.fixture(scope="module")
def tiny_encoder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_tiny_classifier(tmp_path_factory.mktemp("tiny_enc"), 2, head=False)


def _head_dir(folder: Path, recipe: FeatureRecipe, dim: int = 32, seed: int = 0) -> Path:
    rng = np.random.default_rng(seed)
    width = dim * len(recipe.parts)
    head = LinearHead(weight=rng.normal(size=(3, width)).astype(np.float32),
                      bias=np.zeros(3, np.float32), labels=("positive", "negative", "neutral"))
    folder.mkdir(parents=True, exist_ok=True)
    sha = head.save(folder / "head.safetensors")
    card = {"name": TargetSentimentScorer.name, "artifact": "head.safetensors",
            "artifact_sha256": sha, "trunk_split": 1, "features": recipe.as_dict(),
            "data": {"name": "tiny"}}
    (folder / "card.json").write_text(json.dumps(card))
    return folder


@pytest.fixture(scope="module", params=[False, True], ids=["plain", "markers"])
def scorer(request, tiny_encoder: Path, tmp_path_factory: pytest.TempPathFactory):
    recipe = FeatureRecipe(("span", "sentence", "context"), 2, markers=request.param)
    folder = _head_dir(tmp_path_factory.mktemp("head"), recipe)
    return TargetSentimentScorer(encoder=str(tiny_encoder), head_dir=folder, device="cpu")


@pytest.mark.parametrize(("sentences", "spans", "message"), [
    ([SENT], [(0, 4), (5, 9)], "2 spans for 1 sentences"),
    ([SENT], [(4, 4)], "not inside the sentence"),
    ([SENT], [(-1, 3)], "not inside the sentence"),
    ([SENT], [(0, 999)], "not inside the sentence"),
    ([SENT], [(0,)], "pair of integers"),
    ([SENT], [("a", "b")], "pair of integers"),
    ([None], [(0, 1)], "not a string"),
    (SENT, [(0, 1)], "got one string"),
])
def test_bad_pairs_raise_one_clear_error(sentences, spans, message):
    with pytest.raises(InputError, match=message):
        check_pairs(sentences, spans)


def test_error_names_the_item():
    with pytest.raises(InputError, match="item 2"):
        check_pairs([SENT, SENT], [(0, 4), (0, 500)])


@pytest.mark.parametrize(("start", "end"), [(0, 4), (22, 28), (60, 66)])
def test_markers_surround_the_mention(start, end):
    marked, s, e = mark(SENT, start, end)
    assert marked[s:e] == f"[ {SENT[start:end]} ]"
    assert marked.replace("[ ", "", 1).replace(" ]", "", 1) == SENT


def test_pair_features_are_unit_parts():
    states = np.random.default_rng(1).normal(size=(5, 4)).astype(np.float32)
    offsets = [(0, 3), (4, 7), (8, 11), (12, 15), (16, 19)]
    recipe = FeatureRecipe(("span", "sentence", "context"), 1)
    f = pair_features(states, offsets, 8, 11, recipe)
    assert f.shape == (12,)
    for part in f.reshape(3, 4):
        assert np.linalg.norm(part) == pytest.approx(1.0, abs=1e-5)
    expected_span = states[2] / np.linalg.norm(states[2])
    assert np.allclose(f[:4], expected_span, atol=1e-6)
    ctx = states[[1, 3]].mean(0)
    assert np.allclose(f[8:], ctx / np.linalg.norm(ctx), atol=1e-6)


def test_constructor_only_stores_parameters(tiny_encoder: Path):
    sc = TargetSentimentScorer(encoder=str(tiny_encoder), device="cpu")
    assert vars(sc) == {"head_dir": TARGET_SENTIMENT_DIR, "encoder": str(tiny_encoder),
                        "device": "cpu", "batch_size": 64, "precision": "fp32"}


def test_score_pairs_columns_and_probabilities(scorer):
    sentences = [SENT, SENT, "The committee will meet again on Thursday."]
    spans = [(0, 4), (22, 28), (4, 13)]
    out = scorer.score_pairs(sentences, spans)
    assert tuple(out.columns) == COLUMNS
    assert out["target"].tolist() == ["Kyiv", "brutal", "committee"]
    p = out[["p_negative", "p_neutral", "p_positive"]].to_numpy()
    assert np.allclose(p.sum(1), 1.0)
    assert np.allclose(out["sentiment"], p[:, 2] - p[:, 0])
    assert set(out["sentiment_label"]) <= {"negative", "neutral", "positive"}


def test_a_pair_scores_the_same_alone_and_in_a_batch(scorer):
    sentences = [SENT, "“It’s not fair,” he said.", SENT]
    spans = [(0, 4), (17, 19), (29, 35)]
    together = scorer.score_pairs(sentences, spans)
    for i in range(3):
        alone = scorer.score_pairs([sentences[i]], [spans[i]])
        assert alone["sentiment"].iat[0] == pytest.approx(together["sentiment"].iat[i], abs=1e-5)


def test_long_sentence_and_empty_input(scorer):
    long = " ".join(["the committee will meet again on thursday"] * 30)
    out = scorer.score_pairs([long], [(len(long) - 8, len(long))])
    assert len(out) == 1 and np.isfinite(out["sentiment"]).all()
    empty = scorer.score_pairs([], [])
    assert list(empty.columns) == list(COLUMNS) and len(empty) == 0


def test_sentence_score_is_refused(scorer):
    with pytest.raises(TypeError, match="score_pairs"):
        scorer.score([SENT])


def test_provenance_and_fingerprint(scorer):
    prov = scorer.provenance()
    assert prov["scorer"] == TargetSentimentScorer.name
    assert prov["features"]["parts"] == ["span", "sentence", "context"]
    assert "+" in scorer.fingerprint()


def test_shipped_artifact_matches_its_card():
    card_path = TARGET_SENTIMENT_DIR / "card.json"
    if not card_path.is_file():
        pytest.skip("the target-sentiment artifact has not been trained yet")
    card = json.loads(card_path.read_text())
    path = TARGET_SENTIMENT_DIR / card["artifact"]
    assert hashlib.sha256(path.read_bytes()).hexdigest() == card["artifact_sha256"]
    assert path.stat().st_size < 100_000
    assert card["name"] == TargetSentimentScorer.name and card["seed"] == 13
    assert card["final_fit"] == "train + dev"
    held = card["held_out_test"]
    assert held[TargetSentimentScorer.name]["n"] == card["data"]["n_targets"]["test"]
