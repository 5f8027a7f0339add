"""``framing train ...``: typed commands that write only to --out."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from framing.cli import app
from framing.errors import ConfigError, InputError
from framing.models.artifacts import ARTIFACTS

COMMANDS = ["sentiment", "tagger", "sentiment-probe", "lexicon", "frames", "target-sentiment"]
runner = CliRunner()


def _plain(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


@pytest.mark.parametrize(("command", "reproduce"), [
    ("sentiment", "--out framing/models/sentiment_lora"),
    ("tagger", "--out framing/models/emotive_ptc_tagger"),
    ("sentiment-probe", "--out framing/models/sentiment_nyt_probe"),
    ("lexicon", "--out results/lexicon_calibration"),
    ("frames", "--out framing/models/frames_minilm"),
    ("target-sentiment", "--out framing/models/target_sentiment_newsmtsc")])
def test_help_names_out_as_required_and_how_to_reproduce(command: str, reproduce: str):
    result = runner.invoke(app, ["train", command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    text = _plain(result.output)
    out_block = text.split("--out ", 1)[1].split("│    --", 1)[0]
    assert "[required]" in out_block
    assert reproduce in " ".join(text.split())  # wherever the help wraps


@pytest.mark.parametrize(("command", "options"), [
    ("sentiment", ["--seed", "--epochs", "--device", "--mix", "--select", "--vader-sdist",
                   "--selection", "--trials", "--render-card", "--threads"]),
    ("tagger", ["--ptc", "--seed", "--epochs", "--device", "--encoder", "--split", "--rank",
                "--lr"]),
    ("sentiment-probe", ["--sdist", "--seed"]),
    ("lexicon", ["--ptc"]),
    ("frames", ["--data", "--seed", "--device", "--embedding-cache"])])
def test_each_command_has_its_recipe_options(command: str, options: list[str]):
    text = _plain(runner.invoke(app, ["train", command, "--help"],
                                env={"COLUMNS": "200"}).output)
    assert [o for o in options if o not in text] == []


@pytest.mark.parametrize("command", COMMANDS)
def test_missing_out_is_a_usage_error(command: str):
    result = runner.invoke(app, ["train", command])
    assert result.exit_code == 2
    assert "Missing option '--out'" in _plain(result.output)
    assert "Traceback" not in result.output


@pytest.mark.parametrize(("args", "error", "message"), [
    (["sentiment", "--mix", "nyt+nope"], ConfigError, "--mix 'nyt+nope': choose one of nyt,"),
    (["sentiment", "--trials", "{tmp}/none.csv"], InputError,
     "settings tried on NYT dev not found"),
    (["sentiment", "--render-card"], InputError, "card.json not found"),
    (["lexicon", "--ptc", "{tmp}"], InputError, "not a PTC folder"),
    (["tagger", "--ptc", "{tmp}/nowhere"], InputError, "PTC folder not found")])
def test_bad_arguments_fail_with_one_line(tmp_path: Path, args: list[str], error: type,
                                          message: str):
    args = [a.format(tmp=tmp_path) for a in args]
    before = sorted(p.name for p in ARTIFACTS.rglob("*"))
    result = runner.invoke(app, ["train", *args, "--out", str(tmp_path / "out")])
    assert result.exit_code == error.exit_code, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and message in lines[0]
    assert sorted(p.name for p in ARTIFACTS.rglob("*")) == before
