"""Encoder loading (offline default, clear errors), windowing, heads."""

from __future__ import annotations

import numpy as np
import pytest

from framing.errors import ModelUnavailableError
from framing.models.encoder import DEFAULT_ENCODER, load_encoder, resolve_device
from framing.models.heads import LinearHead


@pytest.fixture(scope="module")
def encoder():
    return load_encoder(DEFAULT_ENCODER, device="cpu")


def test_default_encoder_loads_offline(encoder, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    assert encoder.dim == 384
    assert encoder.model.config.model_type == "bert"
    assert load_encoder(DEFAULT_ENCODER, device="cpu") is encoder  # loaded once per process


def test_embeddings_are_normalised_and_meaningful(encoder):
    emb = encoder.embed(["The cat sat on the mat.", "A cat was sitting on a mat.",
                         "Stock markets fell sharply."])
    np.testing.assert_allclose(np.linalg.norm(emb, axis=1), 1.0, atol=1e-5)
    assert emb[0] @ emb[1] > emb[0] @ emb[2] + 0.2


def test_fingerprint_is_stable(encoder):
    fp = encoder.fingerprint
    assert len(fp) == 16 and fp == encoder.fingerprint


def test_long_sentences_are_windowed_not_truncated(encoder):
    long = " ".join(["The army shelled the city again and residents fled."] * 80)
    windows = encoder.preprocess([long])[0]
    n_tokens = len(encoder.tokenizer(long, add_special_tokens=False)["input_ids"])
    assert len(windows) > 1
    assert all(len(w) <= encoder.max_length for w in windows)
    covered = sum(len(w) - 2 for w in windows) - encoder.stride * (len(windows) - 1)
    assert covered >= n_tokens
    emb = encoder.embed([long])
    assert emb.shape == (1, 384) and np.isfinite(emb).all()


@pytest.mark.parametrize("name", ["no-such-org/no-such-model-xyz", "./no/such/folder/model"])
def test_unavailable_model_gives_clear_error(name, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ModelUnavailableError) as info:
        load_encoder(name, device="cpu")
    message = str(info.value)
    assert name in message and "\n" not in message


def test_cuda_requested_without_cuda():
    import torch

    if torch.cuda.is_available():
        pytest.skip("CUDA present")
    assert resolve_device("auto") == "cpu"
    with pytest.raises(ModelUnavailableError, match="CUDA is not available"):
        resolve_device("cuda")


def test_head_roundtrip(tmp_path, seed):
    rng = np.random.default_rng(seed)
    head = LinearHead(weight=rng.normal(size=(3, 4)).astype(np.float32),
                      bias=np.zeros(3, np.float32), labels=("a", "b", "c"), metadata={"k": "v"})
    sha = head.save(tmp_path / "h.safetensors")
    back = LinearHead.load(tmp_path / "h.safetensors", expected_sha256=sha)
    assert back.labels == ("a", "b", "c") and back.metadata["k"] == "v"
    x = rng.normal(size=(5, 4))
    np.testing.assert_allclose(back.predict_proba(x), head.predict_proba(x))
    np.testing.assert_allclose(back.predict_proba(x).sum(1), 1.0)


def test_missing_head_file(tmp_path):
    with pytest.raises(ModelUnavailableError, match="not found"):
        LinearHead.load(tmp_path / "missing.safetensors")


@pytest.mark.parametrize("name", ["sentiment.minilm-nyt-probe.v1", "sentiment.minilm-lora.v1"])
def test_bf16_autocast_is_close_but_keyed_separately(name):
    from framing.scoring import get_scorer

    sentences = ["The brutal attack killed dozens.", "The talks went well.", "It rained."]
    fp32 = get_scorer(name, device="cpu")
    bf16 = get_scorer(name, device="cpu", precision="bf16")
    a, b = fp32.score(sentences), bf16.score(sentences)
    assert np.abs(a["sentiment"] - b["sentiment"]).max() < 0.1
    assert (a["sentiment_label"] == b["sentiment_label"]).all()
    assert fp32.fingerprint() != bf16.fingerprint()


def test_fp16_needs_cuda():
    import torch

    if torch.cuda.is_available():
        pytest.skip("CUDA present")
    with pytest.raises(ModelUnavailableError, match="fp16 autocast needs CUDA"):
        load_encoder(DEFAULT_ENCODER, device="cpu", precision="fp16")
