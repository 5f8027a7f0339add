"""The shared trunk and task branches: cheap to import, classes built on first use."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from framing.models import branch as br
from framing.models.encoder import DEFAULT_ENCODER, load_encoder

MODULES = ["framing", "framing.models.artifacts", "framing.models.batching",
           "framing.models.branch", "framing.models.classifier", "framing.models.encoder",
           "framing.models.heads", "framing.models.nlp", "framing.models.tagging",
           "framing.scoring.emotive_ensemble", "framing.scoring.emotive_tagger",
           "framing.scoring.hf_sentiment", "framing.scoring.sentiment_lora",
           "framing.scoring.sentiment_probe"]


@pytest.mark.parametrize("module", MODULES)
def test_importing_loads_no_torch(module: str):
    code = (f"import sys, {module}; "
            "print([m for m in ('torch', 'transformers', 'safetensors') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


def test_module_classes_are_built_once_on_access():
    import torch

    assert br.Branch is br.Branch and issubclass(br.Branch, torch.nn.Module)
    assert issubclass(br.LoRALinear, torch.nn.Module)
    assert (br.Branch.__module__, br.Branch.__qualname__) == ("framing.models.branch", "Branch")
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        br.Nope  # noqa: B018


def test_lora_starts_at_the_base_layer_and_merges_exactly():
    import torch

    torch.manual_seed(0)
    base = torch.nn.Linear(4, 3)
    lora = br.LoRALinear(base, r=2, alpha=4.0)
    x = torch.randn(5, 4)
    torch.testing.assert_close(lora(x), base(x))  # B starts at zero
    with torch.no_grad():
        lora.lora_b.normal_()
    torch.testing.assert_close(lora.merged()(x), lora(x))


@pytest.fixture(scope="module")
def trunk():
    return br.get_trunk(load_encoder(DEFAULT_ENCODER, device="cpu"), br.TRUNK_SPLIT)


def test_trunk_then_top_layers_equals_the_encoder(trunk):
    texts = ["The committee will meet again on Thursday.", "word " * 300]
    enc = trunk.encoder
    tok = enc.tokenize(texts)
    pooled = trunk.apply(tok.flat_windows(), trunk.pool_top, batch_size=2)
    full = enc.forward(tok.flat_windows(), batch_size=2)
    np.testing.assert_allclose(np.stack(pooled), full, atol=1e-5)


def test_trunk_pass_is_memoised_and_can_be_cleared(trunk):
    windows = trunk.encoder.tokenize(["A short one.", "Another sentence here."]).flat_windows()
    first = trunk.features(windows, 8)
    assert trunk.features(windows, 8) is first
    br.clear_trunk_memos()
    assert trunk.features(windows, 8) is not first
    assert br.get_trunk(trunk.encoder, br.TRUNK_SPLIT) is trunk


def test_a_later_subset_may_reuse_the_kept_rows_and_compute_only_what_it_lacks(trunk):
    texts = ["A short one.", "Another, rather longer sentence is here.", "Third."]
    windows = trunk.encoder.tokenize(texts).flat_windows()
    new = trunk.encoder.tokenize(["Not scored before at all."]).flat_windows()
    br.clear_trunk_memos()
    kept = trunk.features(windows, 8)
    asked = [windows[2], new[0], windows[0]]
    plain = trunk.features(asked, 8)  # without reuse_rows: a pass of its own, kept too
    assert plain is not kept and [b["idx"] for b in plain] == [[0, 2, 1]]
    assert trunk.features(asked, 8) is plain and trunk.features(windows, 8) is kept
    br.clear_trunk_memos()
    kept = trunk.features(windows, 8)
    reused = trunk.apply(asked, trunk.pool_top, 8, reuse_rows=True)
    assert trunk.features(windows, 8) is kept  # the kept pass is not replaced by the subset
    br.clear_trunk_memos()
    fresh = trunk.apply(asked, trunk.pool_top, 8)
    np.testing.assert_allclose(np.stack(reused), np.stack(fresh), atol=1e-5)
    calls = []
    original = trunk.forward
    trunk.forward = lambda ids, mask: calls.append(ids.shape[0]) or original(ids, mask)
    try:
        br.clear_trunk_memos()
        trunk.features(windows, 8)
        calls.clear()
        trunk.apply(asked, trunk.pool_top, 8, reuse_rows=True)
    finally:
        del trunk.forward
    assert calls == [1]  # only the window the kept pass lacks went through the trunk


def test_branch_outputs_have_one_row_per_window(trunk):
    branch = br.Branch(trunk.top_layers(), n_outputs=2, r=2, dropout=0.0).eval()
    windows = trunk.encoder.tokenize(["One two three.", "Four."]).flat_windows()
    probs = trunk.apply(windows, branch.token_probabilities, 4)
    assert [p.shape for p in probs] == [(len(w), 2) for w in windows]
    assert all(((p > 0) & (p < 1)).all() for p in probs)
    pooled = np.stack(trunk.apply(windows, branch.pool, 4))
    assert pooled.shape == (2, trunk.encoder.dim)
    weight = branch.head.weight.detach().double().numpy()
    np.testing.assert_allclose(branch.head_logits(pooled.astype(float)),
                               pooled @ weight.T + branch.head.bias.detach().double().numpy())


def test_saved_branch_loads_back_and_checks_its_hash(trunk, tmp_path):
    from framing.errors import ModelUnavailableError

    branch = br.Branch(trunk.top_layers(), n_outputs=3, r=2)
    sha = br.save_branch(branch, tmp_path / "b.safetensors", {"labels": ["a", "b", "c"]})
    loaded, meta = br.load_branch(tmp_path / "b.safetensors", trunk, expected_sha256=sha)
    assert meta == {"labels": ["a", "b", "c"], "sha256": sha} and not loaded.training
    with pytest.raises(ModelUnavailableError, match="does not match"):
        br.load_branch(tmp_path / "b.safetensors", trunk, expected_sha256="0" * 64)
