"""A tiny end-to-end tagger training run: the artifact and its cards go to --out only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from framing.cli import app
from framing.models.artifacts import ARTIFACTS

LOADED = ("disgraceful", "cowardly", "shameful")


def _tiny_ptc(folder: Path, n_articles: int = 10) -> Path:
    (folder / "train-articles").mkdir(parents=True)
    labels = []
    for a in range(n_articles):
        word = LOADED[a % len(LOADED)]
        lines = [f"Title {a}", f"The {word} decision was announced on Monday.",
                 "Officials met in the capital.", f"Critics called it {word}."]
        text = "\n".join(lines) + "\n"
        (folder / "train-articles" / f"article{1000 + a}.txt").write_text(text, encoding="utf-8")
        pos = 0
        for line in lines:
            i = line.find(word)
            if i >= 0:
                labels.append(f"{1000 + a}\tLoaded_Language\t{pos + i}\t{pos + i + len(word)}")
            pos += len(line) + 1
    (folder / "train-task2-TC.labels").write_text("\n".join(labels) + "\n", encoding="utf-8")
    return folder


@pytest.mark.filterwarnings("ignore")
def test_tiny_tagger_training_writes_artifact_and_cards_to_out(tmp_path: Path):
    ptc = _tiny_ptc(tmp_path / "ptc")
    out = tmp_path / "tagger"
    before = {p: p.stat().st_mtime_ns for p in ARTIFACTS.rglob("*") if p.is_file()}
    result = CliRunner().invoke(app, ["train", "tagger", "--ptc", str(ptc), "--out", str(out),
                                      "--epochs", "1", "--device", "cpu"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["MODEL_CARD.md", "branch.safetensors",
                                                      "card.json"]
    card = json.loads((out / "card.json").read_text(encoding="utf-8"))
    assert card["epochs"] == 1 and card["seed"] == 13
    assert card["data"]["n_articles"] == {"train": 8, "dev": 1, "test": 1}
    import hashlib

    assert hashlib.sha256((out / "branch.safetensors").read_bytes()).hexdigest() == card[
        "artifact_sha256"]
    assert "emotive.minilm-ptc-tagger.v1" in (out / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert {p: p.stat().st_mtime_ns for p in ARTIFACTS.rglob("*") if p.is_file()} == before


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore")
def test_the_tagger_recipe_trains_on_any_encoder_and_the_scorer_uses_it(tmp_path: Path):
    from tiny_models import make_tiny_classifier

    from framing.scoring import get_scorer

    encoder = make_tiny_classifier(tmp_path / "tiny_bert", 2, 0, head=False)
    ptc = _tiny_ptc(tmp_path / "ptc")
    out = tmp_path / "tagger"
    result = CliRunner().invoke(app, ["train", "tagger", "--ptc", str(ptc), "--out", str(out),
                                      "--epochs", "1", "--device", "cpu", "--split", "1",
                                      "--encoder", str(encoder)])
    assert result.exit_code == 0, result.output
    scorer = get_scorer("emotive.minilm-ptc-tagger.v1", encoder=str(encoder),
                        artifact_dir=str(out), device="cpu")
    table = scorer.score(["The brutal strike destroyed an apartment block."])
    assert 0.0 <= table.loc[0, "emotive"] <= 1.0
    assert str(encoder) in json.dumps(scorer.provenance())
