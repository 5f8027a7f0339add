"""``framing report``: a report from any scored table, one-line errors for bad arguments."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from framing.cli import app

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "results" / "demo"
runner = CliRunner()


@pytest.fixture()
def scored(tmp_path: Path) -> Path:
    table = pd.read_parquet(DEMO / "sentences.parquet")
    path = tmp_path / "scores.parquet"
    table[table["doc_id"].isin(table["doc_id"].unique()[:3])].to_parquet(path)
    return path


def test_report_from_a_scored_table_writes_html_beside_it(scored: Path):
    result = runner.invoke(app, ["report", str(scored), "--title", "Three articles"])
    assert result.exit_code == 0, result.output
    html = (scored.parent / "report.html").read_text(encoding="utf-8")
    assert "Three articles" in html and html.count("data-doc-id=") >= 3
    assert "http://" not in html.replace("http://www.w3.org", "")


@pytest.mark.parametrize(("args", "code", "message"), [
    (["missing.parquet"], 2, "no such file"),
    (["{scored}", "-o", "{tmp}/report.pdf"], 4, "a report is an .html file"),
])
def test_bad_report_arguments_are_one_line_errors(scored: Path, args, code, message):
    args = [a.format(scored=scored, tmp=scored.parent) for a in args]
    result = runner.invoke(app, ["report", *args])
    assert result.exit_code == code and message in result.output
    assert "Traceback" not in result.output
    assert not (scored.parent / "report.pdf").exists()


def test_report_without_text_has_no_sentence_text(scored: Path, tmp_path: Path):
    out = tmp_path / "r.html"
    result = runner.invoke(app, ["report", str(scored), "--no-text", "-o", str(out)])
    assert result.exit_code == 0, result.output
    first = pd.read_parquet(scored)["text"].iloc[0]
    assert first not in out.read_text(encoding="utf-8")


@pytest.mark.skipif(shutil.which("chromium") is None, reason="no chromium browser here")
def test_report_screenshot(scored: Path, tmp_path: Path):
    png = tmp_path / "r.png"
    result = runner.invoke(app, ["report", str(scored), "--screenshot", str(png)])
    assert result.exit_code == 0, result.output
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
