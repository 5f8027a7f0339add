"""The Scorer contract, run over every registered scorer, plus the sentiment model's behaviour."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from tiny_models import VOCAB_SENTENCES, make_tiny_classifier

from framing.errors import ModelUnavailableError, UnknownScorerError
from framing.models.artifacts import (
    EMOTIVE_WORDS_DIR,
    SENTIMENT_LORA_DIR,
    SENTIMENT_LORA_NEWS_DIR,
    TAGGER_DIR,
)
from framing.models.artifacts import SENTIMENT_PROBE_DIR as ARTIFACT_DIR
from framing.schema import SENTIMENT_LABELS
from framing.scoring import Scorer, available_scorers, cache_key, get_scorer

SENTENCES = VOCAB_SENTENCES


def _tiny_hf_model(tmp: Path) -> dict:
    return {"model": str(make_tiny_classifier(tmp / "hf", ["negative", "neutral", "positive"]))}


def _tiny_hf_tagger(tmp: Path) -> dict:
    labels = ["O", "B-Loaded_Language", "I-Loaded_Language", "B-Name_Calling,Labeling",
              "I-Name_Calling,Labeling"]
    return {"model": str(make_tiny_classifier(tmp / "tagger", labels, task="token"))}


CONTRACT_PARAMS = {"sentiment.hf.v1": _tiny_hf_model, "emotive.hf.v1": _tiny_hf_tagger}
"""Parameters for scorers that declare ``requires_params`` (no usable default offline)."""


@pytest.fixture(scope="module", params=available_scorers())
def scorer(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Scorer:
    sc = get_scorer(request.param, device="cpu")
    needs = getattr(sc, "requires_params", ())
    if needs:
        if request.param not in CONTRACT_PARAMS:
            pytest.fail(f"{request.param} requires {needs}: add it to CONTRACT_PARAMS")
        sc = get_scorer(request.param, device="cpu",
                        **CONTRACT_PARAMS[request.param](tmp_path_factory.mktemp("contract")))
    return sc


def test_registry_names_are_versioned():
    names = available_scorers()
    assert "sentiment.minilm-nyt-probe.v1" in names
    for name in names:
        assert name.rsplit(".", 1)[-1].startswith("v"), name


def _constructor_values(name: str) -> dict:
    """Non-default values for every constructor parameter of a scorer (by type of default)."""
    import inspect

    values = {}
    for p in inspect.signature(type(get_scorer(name)).__init__).parameters.values():
        if p.name == "self":
            continue
        default = p.default
        if isinstance(default, bool):
            values[p.name] = not default
        elif isinstance(default, int | float):
            values[p.name] = default + 3
        elif p.name == "precision":
            values[p.name] = "bf16"
        elif p.name == "device":
            values[p.name] = "cpu"
        else:  # paths, names, mappings, None: any marker value is stored as given
            values[p.name] = f"given-{p.name}"
    return values


@pytest.mark.parametrize("name", available_scorers())
def test_constructor_only_stores_parameters(name: str):
    """scikit-learn's rule: vars() is exactly the constructor's parameters, nothing loaded."""
    import subprocess
    import sys

    values = _constructor_values(name)
    sc = get_scorer(name, **values)
    assert vars(sc) == values
    code = ("import sys; from framing.scoring import get_scorer; import json;"
            f"get_scorer({name!r}, **json.loads({json.dumps(json.dumps(values))}));"
            "print('torch' in sys.modules, 'transformers' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.split() == ["False", "False"]  # construction imports no model library


def test_contract_shape_order_and_columns(scorer: Scorer):
    assert isinstance(scorer, Scorer)
    out = scorer.score(SENTENCES)
    assert isinstance(out, pd.DataFrame)
    assert list(out.columns) == list(scorer.columns)
    assert list(out.index) == list(range(len(SENTENCES)))
    reversed_out = scorer.score(SENTENCES[::-1])
    pd.testing.assert_frame_equal(
        reversed_out.iloc[::-1].reset_index(drop=True), out, check_exact=False, atol=1e-6
    )


def test_contract_empty_input(scorer: Scorer):
    out = scorer.score([])
    assert len(out) == 0
    assert list(out.columns) == list(scorer.columns)


def test_contract_values_in_range(scorer: Scorer):
    out = scorer.score(SENTENCES)
    for col in scorer.columns:
        if col.endswith("sentiment"):
            assert out[col].between(-1, 1).all(), col
        if col.endswith("label"):
            assert set(out[col]) <= set(SENTIMENT_LABELS), col


def test_contract_identity(scorer: Scorer):
    assert scorer.fingerprint() == scorer.fingerprint()
    assert cache_key(scorer).startswith(f"{scorer.name}|{scorer.version}|")
    prov = scorer.provenance()
    assert prov["scorer"] == scorer.name and prov["version"] == scorer.version


def test_unknown_scorer_lists_available():
    with pytest.raises(UnknownScorerError, match="available: .*sentiment.minilm-nyt-probe.v1"):
        get_scorer("sentiment.nope.v9")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("This is a wonderful, heartwarming achievement for the whole town.", "positive"),
        ("The volunteers did a superb job and everyone was delighted.", "positive"),
        ("The brutal attack killed dozens of children.", "negative"),
        ("Critics called the decision a shameful betrayal of voters.", "negative"),
        ("The meeting is scheduled for Tuesday at the town hall.", "neutral"),
        ("The report has 42 pages and three appendices.", "neutral"),
    ],
)
def test_sentiment_model_on_clear_cases(sentence: str, expected: str):
    out = get_scorer("sentiment.minilm-nyt-probe.v1", device="cpu").score([sentence])
    assert out.loc[0, "sentiment_label"] == expected


def test_sentiment_is_difference_of_probabilities():
    out = get_scorer("sentiment.minilm-nyt-probe.v1", device="cpu").score(SENTENCES)
    probs = out[["p_negative", "p_neutral", "p_positive"]].to_numpy()
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, atol=1e-9)
    np.testing.assert_allclose(out["sentiment"], out["p_positive"] - out["p_negative"])
    argmax = np.array(SENTIMENT_LABELS)[probs.argmax(axis=1)]
    assert (out["sentiment_label"].to_numpy() == argmax).all()


def test_batch_size_does_not_change_scores():
    a = get_scorer("sentiment.minilm-nyt-probe.v1", device="cpu", batch_size=1).score(SENTENCES)
    b = get_scorer("sentiment.minilm-nyt-probe.v1", device="cpu", batch_size=64).score(SENTENCES)
    np.testing.assert_allclose(a["sentiment"], b["sentiment"], atol=1e-5)


def test_shipped_head_matches_its_card():
    card = json.loads((ARTIFACT_DIR / "card.json").read_text())
    import hashlib

    digest = hashlib.sha256((ARTIFACT_DIR / card["artifact"]).read_bytes()).hexdigest()
    assert digest == card["artifact_sha256"]
    assert (ARTIFACT_DIR / card["artifact"]).stat().st_size < 100_000
    cv = card["cross_validation"]["mean"]
    # the shipped head must beat the lexicon baseline it is compared with in the README
    assert cv["pearson_r"] > card["vader_on_same_sentences"]["pearson_r"]


@pytest.mark.parametrize(("name", "param", "shipped", "weights"), [
    ("sentiment.minilm-nyt-probe.v1", "head_dir", ARTIFACT_DIR, "head.safetensors"),
    ("sentiment.minilm-lora.v1", "model_dir", SENTIMENT_LORA_DIR, "branch.safetensors"),
    ("sentiment.minilm-lora.v2", "model_dir", SENTIMENT_LORA_NEWS_DIR, "branch.safetensors"),
    ("emotive.minilm-ptc-tagger.v1", "artifact_dir", TAGGER_DIR, "branch.safetensors"),
    ("emotive.minilm-words.v1", "head_dir", EMOTIVE_WORDS_DIR, "head.safetensors"),
])
def test_tampered_artifact_is_refused(tmp_path, name, param, shipped, weights):
    folder = tmp_path / "artifact"
    shutil.copytree(shipped, folder)
    raw = bytearray((folder / weights).read_bytes())
    raw[-1] ^= 0xFF
    (folder / weights).write_bytes(bytes(raw))
    sc = get_scorer(name, **{param: folder}, device="cpu")
    with pytest.raises(ModelUnavailableError, match="does not match"):
        sc.score(["x"])


def test_ensemble_adds_lexicon_terms_the_tagger_misses():
    sentence = ("The devastating explosions destroyed an apartment block lived in by families "
                "including young children in the latest atrocity ordered by the Russian "
                "warmonger on Ukrainian soil.")
    tagger = get_scorer("emotive.minilm-ptc-tagger.v1", device="cpu").score([sentence])
    both = get_scorer("emotive.ensemble.v1", device="cpu").score([sentence])
    tagged = {t["text"] for t in tagger.loc[0, "loaded_terms"]}
    merged = both.loc[0, "loaded_terms"]
    assert tagged <= {t["text"] for t in merged}
    assert any("atrocity" in t["text"] for t in merged)
    spans = sorted((t["start"], t["end"]) for t in merged)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))  # no overlaps
    assert both.loc[0, "emotive"] >= tagger.loc[0, "emotive"]
