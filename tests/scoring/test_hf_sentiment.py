"""The Hugging Face sentiment scorer, on tiny randomly initialised local models (no downloads)."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from tiny_models import VOCAB_SENTENCES, make_tiny_classifier

import framing
from framing.errors import ModelUnavailableError
from framing.models import classifier
from framing.schema import SENTIMENT_LABELS
from framing.scoring import Scorer, available_scorers, cache_key, get_scorer
from framing.scoring.hf_sentiment import HFSentimentScorer, infer_label_map

SENTENCES = VOCAB_SENTENCES
THREE = ["negative", "neutral", "positive"]
BINARY = ["NEGATIVE", "POSITIVE"]
STARS = ["1 star", "2 stars", "3 stars", "4 stars", "5 stars"]
PROBS = ["hf_p_negative", "hf_p_neutral", "hf_p_positive"]


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Tiny models by kind, built once for the module."""
    root = tmp_path_factory.mktemp("hf_models")
    specs: dict[str, tuple[Sequence[str] | int, int]] = {
        "three": (THREE, 0), "three_other_seed": (THREE, 1), "binary": (BINARY, 2),
        "stars": (STARS, 3), "generic3": (3, 4), "generic2": (2, 5),
        "unmappable": (["foo", "bar"], 6),
    }
    return {k: make_tiny_classifier(root / k, labels, seed) for k, (labels, seed) in specs.items()}


def scorer_for(path: Path, **params) -> HFSentimentScorer:
    return get_scorer("sentiment.hf.v1", model=str(path), device="cpu", **params)


# -- registry and construction -----------------------------------------------------------------

def test_registered_and_constructor_only_stores_parameters(models):
    assert "sentiment.hf.v1" in available_scorers()
    sc = get_scorer("sentiment.hf.v1", model=str(models["three"]), label_map={"a": "negative"},
                    device="cpu", batch_size=3, max_length=16)
    assert isinstance(sc, HFSentimentScorer) and isinstance(sc, Scorer)
    assert (sc.model, sc.batch_size, sc.max_length) == (str(models["three"]), 3, 16)
    assert sc.label_map == {"a": "negative"}
    assert getattr(sc, "_loaded", None) is None  # nothing loaded yet


def test_without_model_it_constructs_but_scoring_explains():
    sc = get_scorer("sentiment.hf.v1", device="cpu", batch_size=8)
    assert sc.model is None
    assert sc.requires_params == ("model",)
    with pytest.raises(ModelUnavailableError, match=r"sentiment.hf.v1 needs model=<hub id or"):
        sc.score(["x"])
    with pytest.raises(ModelUnavailableError):
        sc.fingerprint()


# -- the Scorer contract -------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["three", "binary", "stars", "generic3"])
def test_columns_index_and_order(models, kind):
    sc = scorer_for(models[kind])
    out = sc.score(SENTENCES)
    assert list(out.columns) == list(sc.columns) == ["hf_sentiment", "hf_label", *PROBS]
    assert list(out.index) == list(range(len(SENTENCES)))
    rev = sc.score(SENTENCES[::-1]).iloc[::-1].reset_index(drop=True)
    pd.testing.assert_frame_equal(rev, out, check_exact=False, atol=1e-6)
    one_by_one = pd.concat([sc.score([s]) for s in SENTENCES], ignore_index=True)
    pd.testing.assert_frame_equal(one_by_one, out, check_exact=False, atol=1e-6)


def test_empty_input(models):
    out = scorer_for(models["three"]).score([])
    assert len(out) == 0 and list(out.columns) == list(HFSentimentScorer.columns)


@pytest.mark.parametrize("kind", ["three", "binary", "stars"])
def test_probabilities_sentiment_and_label(models, kind):
    out = scorer_for(models[kind]).score(SENTENCES)
    probs = out[PROBS].to_numpy()
    assert (probs >= 0).all()
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, atol=1e-9)
    np.testing.assert_allclose(out["hf_sentiment"], out["hf_p_positive"] - out["hf_p_negative"])
    assert out["hf_sentiment"].between(-1, 1).all()
    argmax = np.array(SENTIMENT_LABELS)[probs.argmax(axis=1)]
    assert (out["hf_label"].to_numpy() == argmax).all()


def test_star_classes_are_merged(models):
    sc = scorer_for(models["stars"])
    raw = sc.forward(sc.preprocess(SENTENCES))  # the five star classes, softmaxed
    assert raw.shape == (len(SENTENCES), 5)
    out = sc.score(SENTENCES)
    np.testing.assert_allclose(out["hf_p_negative"], raw[:, 0] + raw[:, 1], atol=1e-12)
    np.testing.assert_allclose(out["hf_p_neutral"], raw[:, 2], atol=1e-12)
    np.testing.assert_allclose(out["hf_p_positive"], raw[:, 3] + raw[:, 4], atol=1e-12)


def test_binary_model_has_no_neutral(models):
    sc = scorer_for(models["binary"])
    out = sc.score(SENTENCES)
    assert (out["hf_p_neutral"] == 0.0).all()
    assert "neutral" not in set(out["hf_label"])
    assert sc.label_mapping == {"NEGATIVE": "negative", "POSITIVE": "positive"}
    assert sc.provenance()["binary"] is True


def test_generic_three_labels_follow_cardiffnlp_convention(models):
    sc = scorer_for(models["generic3"])
    assert sc.label_mapping == {"LABEL_0": "negative", "LABEL_1": "neutral",
                                "LABEL_2": "positive"}


def test_label_map_override(models):
    default = scorer_for(models["three"]).score(SENTENCES)
    swapped = scorer_for(models["three"], label_map={
        "negative": "positive", "neutral": "neutral", "positive": "negative"}).score(SENTENCES)
    np.testing.assert_allclose(swapped["hf_p_negative"], default["hf_p_positive"])
    np.testing.assert_allclose(swapped["hf_p_positive"], default["hf_p_negative"])
    np.testing.assert_allclose(swapped["hf_sentiment"], -default["hf_sentiment"])


def test_generic_binary_labels_need_label_map(models):
    with pytest.raises(ModelUnavailableError, match="'LABEL_0', 'LABEL_1'.*label_map"):
        scorer_for(models["generic2"]).score(SENTENCES)
    sc = scorer_for(models["generic2"], label_map={"label_0": "negative", "LABEL_1": "positive"})
    out = sc.score(SENTENCES)
    assert (out["hf_p_neutral"] == 0.0).all()
    assert sc.provenance()["label_map"] == {"LABEL_0": "negative", "LABEL_1": "positive"}


def test_unmappable_labels_are_refused(models):
    with pytest.raises(ModelUnavailableError, match="'foo', 'bar'.*pass label_map") as info:
        scorer_for(models["unmappable"]).score(SENTENCES)
    assert "\n" not in str(info.value)
    out = scorer_for(models["unmappable"], label_map={"foo": "Negative", "bar": "positive"}
                     ).score(SENTENCES)
    assert list(out.columns) == list(HFSentimentScorer.columns)


@pytest.mark.parametrize(
    ("id2label", "label_map", "expected"),
    [
        ({0: "NEG", 1: "NEU", 2: "POS"}, None, ["negative", "neutral", "positive"]),
        ({0: "Positive", 1: "Negative"}, None, ["positive", "negative"]),
        ({0: "5 stars", 1: "1 star", 2: "3 stars", 3: "2 stars", 4: "4 stars"}, None,
         ["positive", "negative", "neutral", "negative", "positive"]),
        ({0: "LABEL_2", 1: "LABEL_0", 2: "LABEL_1"}, None, ["positive", "negative", "neutral"]),
        ({0: "a", 1: "b", 2: "c"}, {"a": "negative", "b": "negative", "c": "positive"},
         ["negative", "negative", "positive"]),
    ],
)
def test_infer_label_map_rules(id2label, label_map, expected):
    assert list(infer_label_map(id2label, label_map).values()) == expected


@pytest.mark.parametrize(
    ("id2label", "label_map", "message"),
    [
        ({0: "joy", 1: "anger"}, None, "'joy', 'anger'"),
        ({0: "1 star", 1: "2 stars", 2: "3 stars"}, None, "pass label_map"),
        ({0: "negative", 1: "sports"}, None, "'negative', 'sports'"),
        ({0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2", 3: "LABEL_3"}, None, "pass label_map"),
        ({0: "neutral", 1: "positive"}, None, "at least one negative and one positive"),
        ({0: "a", 1: "b"}, {"a": "negative"}, "does not map the model label.*'b'"),
        ({0: "a", 1: "b"}, {"a": "negative", "b": "happy"}, "must be negative, neutral or"),
    ],
)
def test_infer_label_map_errors(id2label, label_map, message):
    with pytest.raises(ModelUnavailableError, match=message):
        infer_label_map(id2label, label_map)


# -- identity, determinism, settings -------------------------------------------------------------

def test_deterministic_and_fingerprinted(models, monkeypatch):
    a = scorer_for(models["three"])
    first, fp = a.score(SENTENCES), a.fingerprint()
    pd.testing.assert_frame_equal(a.score(SENTENCES), first, check_exact=True)
    monkeypatch.setattr(classifier, "_CACHE", {})  # force a fresh load from disk
    b = scorer_for(models["three"])
    pd.testing.assert_frame_equal(b.score(SENTENCES), first, check_exact=True)
    assert b.fingerprint() == fp
    assert cache_key(b) == f"sentiment.hf.v1|1|{fp}"
    assert scorer_for(models["three_other_seed"]).fingerprint().split("+")[0] != fp.split("+")[0]
    swapped = scorer_for(models["three"], label_map={
        "negative": "positive", "neutral": "neutral", "positive": "negative"})
    assert swapped.fingerprint().split("+")[0] == fp.split("+")[0]  # same weights...
    assert swapped.fingerprint() != fp  # ...other scores


def test_bf16_is_honoured_close_and_keyed_separately(models):
    fp32, bf16 = scorer_for(models["three"]), scorer_for(models["three"], precision="bf16")
    a, b = fp32.score(SENTENCES), bf16.score(SENTENCES)
    assert not a[PROBS].equals(b[PROBS])  # autocast ran
    np.testing.assert_allclose(a[PROBS], b[PROBS], atol=0.05)
    weights, settings = fp32.fingerprint().split("+")
    assert bf16.fingerprint() == f"{weights}-bf16+{settings}"
    assert cache_key(bf16) != cache_key(fp32)
    assert bf16.provenance()["precision"] == "bf16"


def test_fp16_on_cpu_and_unknown_precision_are_refused(models):
    with pytest.raises(ModelUnavailableError, match="fp16 autocast needs CUDA"):
        scorer_for(models["three"], precision="fp16").score(["x"])
    with pytest.raises(ModelUnavailableError, match="unknown precision 'fp8'"):
        scorer_for(models["three"], precision="fp8").score(["x"])


def test_batch_size_does_not_change_scores(models):
    a = scorer_for(models["three"], batch_size=1).score(SENTENCES)
    b = scorer_for(models["three"], batch_size=64).score(SENTENCES)
    pd.testing.assert_frame_equal(a, b, check_exact=False, atol=1e-6)


def test_long_sentences_are_truncated_with_a_warning(models, caplog):
    long = " ".join(["the mayor said"] * 40)
    sc = scorer_for(models["three"], max_length=16)
    with caplog.at_level(logging.WARNING, logger="framing.scoring.hf_sentiment"):
        out = sc.score([long, "The committee will meet."])
    assert len(out) == 2
    assert "1 sentence(s) longer than 16 tokens were truncated" in caplog.text
    assert sc.provenance()["max_length"] == 16
    assert scorer_for(models["three"]).provenance()["max_length"] == 64  # the model's limit


def test_provenance(models):
    sc = scorer_for(models["stars"])
    prov = sc.provenance()
    assert prov["scorer"] == "sentiment.hf.v1" and prov["version"] == "1"
    assert prov["model"] == str(models["stars"])
    assert prov["model_revision"] is None  # a local folder has no hub commit
    assert prov["fingerprint"] == sc.fingerprint()
    assert prov["label_map"] == {"1 star": "negative", "2 stars": "negative",
                                 "3 stars": "neutral", "4 stars": "positive",
                                 "5 stars": "positive"}
    assert prov["binary"] is False and prov["device"] == "cpu"


# -- loading failures ------------------------------------------------------------------------------

def test_offline_unknown_hub_id_is_one_line_error(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    sc = get_scorer("sentiment.hf.v1", model="framing-tests/no-such-sentiment-model",
                    device="cpu")
    with pytest.raises(ModelUnavailableError) as info:
        sc.score(["x"])
    msg = str(info.value)
    assert "'framing-tests/no-such-sentiment-model'" in msg
    assert "HF_HUB_OFFLINE=1" in msg
    assert "\n" not in msg


def test_model_without_classification_head_is_refused(tmp_path):
    folder = make_tiny_classifier(tmp_path / "base", THREE, head=False)
    with pytest.raises(ModelUnavailableError, match="no trained classification head"):
        scorer_for(folder).score(["x"])


def test_folder_without_weights_is_refused(models, tmp_path):
    folder = tmp_path / "broken"
    shutil.copytree(models["three"], folder)
    (folder / "model.safetensors").unlink()
    with pytest.raises(ModelUnavailableError, match="cannot load sentiment model") as info:
        scorer_for(folder).score(["x"])
    assert "\n" not in str(info.value)


# -- through the public API ----------------------------------------------------------------------

def test_through_framing_score(models):
    sc = scorer_for(models["binary"])
    direct = sc.score(SENTENCES)
    table = framing.score(SENTENCES, [sc], device="cpu")
    assert list(table.columns) == ["text", *HFSentimentScorer.columns]
    assert table["text"].tolist() == SENTENCES
    pd.testing.assert_frame_equal(table[list(sc.columns)], direct, check_exact=False, atol=1e-9,
                                  check_dtype=False)  # the API may return a string dtype
    cached = framing.score(SENTENCES, [sc], device="cpu")  # second run is served by the cache
    pd.testing.assert_frame_equal(cached, table)
