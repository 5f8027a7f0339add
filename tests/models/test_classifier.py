"""The Hugging Face sequence-classifier loader, on tiny local models (no downloads)."""

from __future__ import annotations

import numpy as np
import pytest
from tiny_models import make_tiny_classifier

from framing.errors import ModelUnavailableError
from framing.models.classifier import load_classifier

TEXTS = ["The committee will meet again on Thursday.", "", "It’s not fair, he said.",
         "Rescuers were overjoyed as all seventeen miners walked out alive."]


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return make_tiny_classifier(tmp_path_factory.mktemp("clf"), ["neg", "neu", "pos"])


def test_loaded_once_per_device_and_precision(folder):
    a = load_classifier(str(folder), "cpu")
    assert load_classifier(str(folder), "cpu") is a
    b = load_classifier(str(folder), "cpu", "bf16")
    assert b is not a and b.fingerprint == f"{a.fingerprint}-bf16"
    assert a.labels == ["neg", "neu", "pos"] and a.revision is None


@pytest.mark.parametrize(("requested", "expected"), [(None, 64), (16, 16), (600, 600)])
def test_max_length(folder, requested, expected):
    assert load_classifier(str(folder), "cpu").max_length(requested) == expected


def test_tokenize_counts_truncated_sentences(folder):
    clf = load_classifier(str(folder), "cpu")
    feats, n_cut = clf.tokenize(TEXTS + ["the mayor said " * 20], max_length=12)
    assert [len(f["input_ids"]) for f in feats] == [10, 2, 11, 12, 12]
    assert n_cut == 2
    assert clf.tokenize([], 8) == ([], 0)


@pytest.mark.parametrize("batch_size", [1, 3, 64])
def test_forward_gives_probabilities_in_input_order(folder, batch_size):
    clf = load_classifier(str(folder), "cpu")
    feats, _ = clf.tokenize(TEXTS, clf.max_length())
    p = clf.forward(feats, batch_size)
    assert p.shape == (4, 3) and p.dtype == np.float64
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    one = np.vstack([clf.forward([f], 1) for f in feats])
    np.testing.assert_allclose(p, one, atol=1e-6)
    assert clf.forward([], batch_size).shape == (0, 3)


def test_fp16_needs_cuda(folder):
    import torch

    if torch.cuda.is_available():
        pytest.skip("CUDA present")
    with pytest.raises(ModelUnavailableError, match="fp16 autocast needs CUDA"):
        load_classifier(str(folder), "cpu", "fp16")
