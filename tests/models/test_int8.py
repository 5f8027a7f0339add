"""The int8 path: dynamic quantisation on the CPU, its own cache key, refused off the CPU."""

from __future__ import annotations

import numpy as np
import pytest
from tiny_models import make_tiny_classifier

from framing.errors import ModelUnavailableError
from framing.models.classifier import load_classifier
from framing.models.encoder import (
    DEFAULT_ENCODER,
    check_precision,
    load_encoder,
    quantize_int8,
    resolve_device,
    resolve_device_for,
)

SENTENCES = ["The brutal attack killed dozens of civilians.", "The talks went well.",
             "The committee will meet again on Thursday.",
             "Rescuers were overjoyed as all seventeen miners walked out alive."]


def quantized_linears(module) -> int:
    """How many dynamically quantised linear layers a module holds."""
    from torch.ao.nn.quantized.dynamic import Linear as DynamicLinear

    return sum(isinstance(m, DynamicLinear) for m in module.modules())


def float_linears(module) -> int:
    """How many plain (float) ``nn.Linear`` layers a module holds."""
    import torch

    return sum(type(m) is torch.nn.Linear for m in module.modules())


@pytest.mark.parametrize(("precision", "device", "error"), [
    ("int8", "cpu", None),
    ("int8", "cuda", "int8 .* runs on the CPU only, not on 'cuda'"),
    ("int8", "cuda:1", "CPU only, not on 'cuda:1'"),
    ("fp32", "cpu", None),
    ("fp16", "cpu", "fp16 autocast needs CUDA"),
    ("fp8", "cpu", "unknown precision 'fp8'; use fp32, bf16, fp16 or int8"),
])
def test_check_precision(precision, device, error):
    if error is None:
        check_precision(precision, device)
        return
    with pytest.raises(ModelUnavailableError, match=error) as info:
        check_precision(precision, device)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(("device", "precision", "expected"), [
    ("auto", "int8", "cpu"), (None, "int8", "cpu"), ("", "int8", "cpu"), ("cpu", "int8", "cpu"),
    ("cpu", "fp32", "cpu"), ("auto", "fp32", None), ("auto", "bf16", None),
])
def test_auto_device_means_cpu_for_int8(device, precision, expected):
    assert resolve_device_for(device, precision) == (expected or resolve_device(device))


def test_quantize_int8_copies_and_quantises_every_linear():
    import torch

    model = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.ReLU(), torch.nn.Linear(16, 2))
    q = quantize_int8(model)
    assert quantized_linears(q) == 2 and float_linears(q) == 0
    assert float_linears(model) == 2  # the original is unchanged
    x = torch.randn(5, 8)
    np.testing.assert_allclose(q(x).numpy(), model(x).detach().numpy(), atol=0.05)


@pytest.fixture(scope="module")
def tiny_folder(tmp_path_factory):
    return make_tiny_classifier(tmp_path_factory.mktemp("clf8"), ["neg", "neu", "pos"])


def test_classifier_int8_is_keyed_separately_and_close(tiny_folder):
    fp32 = load_classifier(str(tiny_folder), "cpu")
    int8 = load_classifier(str(tiny_folder), "auto", "int8")
    assert int8 is not fp32 and load_classifier(str(tiny_folder), "cpu", "int8") is int8
    assert int8.device == "cpu"
    assert int8.fingerprint == f"{fp32.fingerprint}-int8"
    assert quantized_linears(int8.model) > 0 and quantized_linears(fp32.model) == 0
    feats, _ = fp32.tokenize(SENTENCES, fp32.max_length())
    a, b = fp32.forward(feats, 2), int8.forward(feats, 2)
    np.testing.assert_allclose(b.sum(axis=1), 1.0)
    assert np.abs(a - b).max() < 0.05


@pytest.fixture(scope="module")
def encoders():
    return (load_encoder(DEFAULT_ENCODER, "cpu"),
            load_encoder(DEFAULT_ENCODER, "cpu", precision="int8"))


def test_encoder_int8_runs_a_quantised_copy(encoders):
    fp32, int8 = encoders
    assert int8 is not fp32 and int8.precision == "int8"
    assert fp32.runtime is fp32.model
    assert quantized_linears(int8.runtime) > 0
    assert quantized_linears(int8.model) == 0  # fp32 weights kept: hashed, branches built on
    assert int8.fingerprint == f"{fp32.fingerprint}-int8"
    assert int8.provenance()["precision"] == "int8"
    a, b = fp32.embed(SENTENCES), int8.embed(SENTENCES)
    assert (a * b).sum(axis=1).min() > 0.8  # cosine: close, not equal
    assert not np.allclose(a, b)


@pytest.mark.parametrize("name", ["sentiment.minilm-lora.v1", "emotive.minilm-ptc-tagger.v1",
                                  "sentiment.minilm-nyt-probe.v1"])
def test_scorers_at_int8_are_close_and_keyed_separately(name):
    from framing.scoring import get_scorer
    from framing.scoring.base import cache_key

    fp32 = get_scorer(name, device="cpu")
    int8 = get_scorer(name, device="cpu", precision="int8")
    a, b = fp32.score(SENTENCES), int8.score(SENTENCES)
    column = "emotive" if name.startswith("emotive") else "sentiment"
    assert np.abs(a[column] - b[column]).max() < 0.3  # measured: up to 0.25 (tagger)
    assert a[column].idxmax() == b[column].idxmax() and a[column].idxmin() == b[column].idxmin()
    assert not np.allclose(a[column], b[column])
    assert cache_key(fp32) != cache_key(int8) and "-int8" in cache_key(int8)
    assert int8.provenance()["precision"] == "int8"
    branch = getattr(int8.loaded(), "branch", None)
    if branch is not None:  # merged branch layers quantised, head kept fp32 (read as weights)
        assert quantized_linears(branch.layers) > 0 and float_linears(branch.layers) == 0
        assert float_linears(branch.head) == 1


@pytest.mark.slow
def test_int8_scores_are_not_read_from_the_fp32_cache(tmp_path):
    import framing
    from framing.scoring import get_scorer
    from framing.scoring.cache import ScoreCache

    cache = ScoreCache(tmp_path)
    name = "sentiment.minilm-lora.v1"
    fp32 = framing.score(SENTENCES, [get_scorer(name, device="cpu")], cache=cache)
    cached = framing.score(SENTENCES, [get_scorer(name, device="cpu", precision="int8")],
                           cache=cache)
    fresh = framing.score(SENTENCES, [get_scorer(name, device="cpu", precision="int8")],
                          cache=False)
    np.testing.assert_allclose(cached["sentiment"], fresh["sentiment"])
    assert not np.allclose(cached["sentiment"], fp32["sentiment"])
