"""A tiny end-to-end run of the target-sentiment recipe: split by article, dev choice, card."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import framing.training.target_sentiment as recipe
from framing.datasets.newsmtsc_targets import article_of, load_targets
from framing.errors import InputError
from framing.models.heads import LinearHead
from framing.scoring.target_sentiment import TargetSentimentScorer
from tests.tiny_models import make_tiny_classifier

WORDS = {2.0: "brutal", 4.0: "committee", 6.0: "overjoyed"}


def _tiny_newsmtsc(path: Path, n_articles: int = 24) -> Path:
    lines = []
    for a in range(n_articles):
        for s, pol in enumerate((2.0, 4.0, 6.0)):
            text = f"the mayor said the {WORDS[pol]} strike destroyed an apartment block"
            gid = f"allsides_{a}_{100 + a}_{s}_mayor_4_9"
            lines.append(json.dumps({"primary_gid": gid, "sentence_normalized": text,
                                     "targets": [{"Input.gid": gid, "from": 4, "to": 9,
                                                  "mention": "mayor", "polarity": pol}]}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(("gid", "article"), [
    ("allsides_1000_401_25_Reality Leigh Winner_0_6", "allsides_1000_401"),
    ("basil_12_3_x", "basil_12_3"),
])
def test_article_id_is_the_prefix_before_the_third_underscore(gid, article):
    assert article_of(gid) == article


def test_missing_or_bad_data_is_one_clear_error(tmp_path: Path):
    with pytest.raises(InputError, match="NewsMTSC train not found"):
        load_targets(tmp_path / "nope.jsonl")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"primary_gid": "a_b_c", "sentence_normalized": "abc", "targets": '
                   '[{"from": 1, "to": 9, "polarity": 2.0}]}\n', encoding="utf-8")
    with pytest.raises(InputError, match="line 1"):
        load_targets(bad)


@pytest.mark.filterwarnings("ignore")
def test_tiny_run_writes_artifact_and_card(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    data = _tiny_newsmtsc(tmp_path / "train.jsonl")
    encoder = make_tiny_classifier(tmp_path / "enc", 2, head=False)

    def fake_baselines(sentences, device):
        return {"constant neutral": np.ones(len(sentences), dtype=int)}

    monkeypatch.setattr(recipe, "sentence_baselines", fake_baselines)
    monkeypatch.setattr(recipe, "C_GRID", (0.01, 0.1))  # a short search keeps it fast
    out = tmp_path / "out"
    card = recipe.train(out, data, device="cpu", encoder_name=str(encoder),
                        cache_dir=tmp_path / "cache", n_boot=50)
    assert sorted(p.name for p in out.iterdir()) == ["MODEL_CARD.md", "card.json",
                                                      "head.safetensors"]
    assert card["seed"] == 13 and card["final_fit"] == "train + dev"
    n = card["data"]["n_targets"]
    assert sum(n.values()) == 72 and min(n.values()) > 0
    assert sum(card["data"]["n_articles"].values()) == 24
    assert len(card["dev_grid"]) == len(recipe.CANDIDATES) * len(recipe.C_GRID)
    assert card["feature_candidate"] in recipe.CANDIDATES
    held = card["held_out_test"]
    assert set(held) == {recipe.NAME, "constant neutral"}
    assert held[recipe.NAME]["n"] == n["test"]
    ci = held["constant neutral"]["macro_f1_ci95"]
    assert ci["low"] <= held["constant neutral"]["macro_f1"] <= ci["high"] + 1e-9
    assert "head_minus_this_low" in ci
    assert "held-out test" in (out / "MODEL_CARD.md").read_text().lower()
    # the written artifact loads in the scorer and reproduces the recipe's features
    sc = TargetSentimentScorer(encoder=str(encoder), head_dir=out, device="cpu")
    res = sc.score_pairs(["the mayor said the brutal strike"], [(4, 9)])
    assert res["target"].tolist() == ["mayor"]
    # a second run reads the cached features and gives the same weights (the safetensors
    # header's key order may differ, so the file hash can)
    again = recipe.train(tmp_path / "out2", data, device="cpu", encoder_name=str(encoder),
                         cache_dir=tmp_path / "cache", n_boot=20)
    assert again["feature_candidate"] == card["feature_candidate"]
    first, second = (LinearHead.load(d / "head.safetensors") for d in (out, tmp_path / "out2"))
    assert np.array_equal(first.weight, second.weight)
    assert np.array_equal(first.bias, second.bias)
