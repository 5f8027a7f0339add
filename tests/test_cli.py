"""The command line: success paths, --help, and one-line errors for bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from framing.cli import app

runner = CliRunner()

GOOD = [
    {"doc_id": "w1", "source": "Wire", "text": "Officials met on Monday. Talks will resume."},
    {"doc_id": "t1", "source": "Tabloid", "text": "A brutal, shameful attack! Chaos reigned."},
]


def _jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_help_explains_every_option():
    result = runner.invoke(app, ["score", "--help"])
    assert result.exit_code == 0
    for option in ["--output", "--format", "--text-field", "--source", "--scorer", "--device",
                   "--no-cache", "--encoding", "--encoder", "--batch-size"]:
        assert option in result.output
    assert "--no-cache" in runner.invoke(app, ["run", "--help"]).output


@pytest.mark.parametrize(("suffix", "fmt"), [(".parquet", None), (".csv", None),
                                             (".out", "csv")])
def test_score_writes_one_row_per_sentence(tmp_path, suffix, fmt):
    src = _jsonl(tmp_path / "in.jsonl", GOOD)
    out = tmp_path / f"scores{suffix}"
    args = ["score", str(src), "-o", str(out), "-q"] + (["--format", fmt] if fmt else [])
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out) if (fmt == "csv" or suffix == ".csv") else pd.read_parquet(out)
    assert len(table) == 4
    assert table["doc_id"].tolist() == ["w1", "w1", "t1", "t1"]
    assert {"sentiment", "sentiment_label", "p_negative", "start", "end"} <= set(table.columns)


def test_score_source_option_and_extra_scorer(tmp_path):
    src = _jsonl(tmp_path / "in.jsonl", GOOD)
    out = tmp_path / "o.parquet"
    result = runner.invoke(app, ["score", str(src), "-o", str(out), "-q", "--source", "X",
                                 "-s", "sentiment.minilm-nyt-probe.v1",
                                 "-s", "sentiment.vader.v1"])
    assert result.exit_code == 0, result.output
    table = pd.read_parquet(out)
    assert set(table["source"]) == {"X"} and "vader_sentiment" in table.columns


def _bad_cases(tmp: Path) -> list[tuple[str, list[str], list[str]]]:
    """(case id, CLI args, substrings the one-line error must contain)."""
    (tmp / "empty.jsonl").write_text("")
    (tmp / "binary.txt").write_bytes(b"\x00\x01\x02binary\x00" * 50)
    (tmp / "latin.txt").write_bytes("Caf\xe9 owners were furious.".encode("cp1252"))
    (tmp / "notext.csv").write_text("doc_id,body\n1,hello\n")
    (tmp / "broken.jsonl").write_text(json.dumps(GOOD[0]) + "\n{not json\n")
    _jsonl(tmp / "dupes.jsonl", [GOOD[0], GOOD[0]])
    good = _jsonl(tmp / "good.jsonl", GOOD)
    (tmp / "blocker").write_text("a file, not a folder")
    return [
        ("missing", [str(tmp / "nope.jsonl")], ["nope.jsonl"]),
        ("empty", [str(tmp / "empty.jsonl")], ["empty.jsonl", "empty"]),
        ("binary", [str(tmp / "binary.txt")], ["binary.txt"]),
        ("non-utf8", [str(tmp / "latin.txt")], ["latin.txt", "--encoding"]),
        ("no text column", [str(tmp / "notext.csv")], ["notext.csv", "text", "--text-field"]),
        ("broken jsonl", [str(tmp / "broken.jsonl")], ["broken.jsonl", "line 2"]),
        ("duplicate id", [str(tmp / "dupes.jsonl")], ["dupes.jsonl", "w1"]),
        ("unknown scorer", [str(good), "-s", "sentiment.nope.v1"], ["sentiment.nope.v1"]),
        ("model offline", [str(good), "--encoder", "no-such-org/no-such-model"],
         ["no-such-org/no-such-model", "offline"]),
        ("unwritable output", [str(good), "-o", str(tmp / "blocker" / "x.parquet")],
         ["x.parquet"]),
    ]


CASE_IDS = ["missing", "empty", "binary", "non-utf8", "no text column", "broken jsonl",
                   "duplicate id", "unknown scorer", "model offline", "unwritable output"]


@pytest.mark.parametrize("case", CASE_IDS)
def test_bad_input_gives_one_line_error(tmp_path, case, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    cases = {c[0]: c for c in _bad_cases(tmp_path)}
    _, args, needles = cases[case]
    out = tmp_path / "out.parquet"
    if "-o" not in args:
        args = [*args, "-o", str(out)]
    result = runner.invoke(app, ["score", *args, "-q"])
    assert result.exit_code not in (0, None)
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1, result.stderr
    for needle in needles:
        assert needle in errors[0]
    assert "Traceback" not in result.output
    assert not out.exists()
    assert not list(tmp_path.glob("**/*.part"))


def test_empty_rows_are_skipped_with_a_warning(tmp_path):
    src = _jsonl(tmp_path / "in.jsonl", [*GOOD, {"doc_id": "e", "source": "S", "text": "  "}])
    out = tmp_path / "o.parquet"
    result = runner.invoke(app, ["score", str(src), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert "warning:" in result.stderr and "1" in result.stderr
    assert set(pd.read_parquet(out)["doc_id"]) == {"w1", "t1"}


def test_real_console_script_prints_no_traceback(tmp_path):
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    proc = subprocess.run([sys.executable, "-m", "framing", "score", str(tmp_path / "x.jsonl"),
                           "-o", str(tmp_path / "o.parquet")], capture_output=True, text=True,
                          env=env, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr.strip().startswith("error:") and "x.jsonl" in proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(("error", "code"), [
    ("InputError", 2), ("ModelUnavailableError", 3), ("OutputError", 4), ("ConfigError", 5),
    ("UnknownScorerError", 5), ("ArgumentError", 5),
])
def test_each_kind_of_error_has_its_exit_code(error, code):
    """Bad input rows, unavailable models, unwritable outputs and bad configs/arguments."""
    import typer

    from framing import errors
    from framing.errors import handle_errors

    cls = getattr(errors, error)
    exc = cls(None, "bad") if cls is errors.InputError else cls("bad")

    @handle_errors
    def fail() -> None:
        raise exc

    with pytest.raises(typer.Exit) as info:
        fail()
    assert info.value.exit_code == code == cls.exit_code


def test_bad_arguments_are_not_bad_input():
    from framing.errors import ArgumentError, ConfigError, InputError

    assert issubclass(ArgumentError, ConfigError) and not issubclass(ArgumentError, InputError)
