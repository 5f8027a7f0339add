"""Streaming JSONL/parquet corpora into parquet row groups: same rows as the in-memory path."""

from __future__ import annotations

import json

import pandas as pd
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from framing.cli import app
from framing.errors import InputError
from framing.stream import can_stream, iter_document_chunks

runner = CliRunner()
SCORERS = ["-s", "sentiment.minilm-nyt-probe.v1", "-s", "emotive.lexicon.v1"]


def _corpus(tmp_path, n=7):
    rows = [{"doc_id": f"d{i}", "source": "AB"[i % 2],
             "text": f"Story {i}. Officials said the “brutal” attack was shameful.\nCalm {i}."}
            for i in range(n)]
    rows[3]["text"] = " "  # an empty row, skipped with a warning in both paths
    path = tmp_path / "c.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def test_stream_equals_in_memory_and_writes_row_groups(tmp_path):
    src = _corpus(tmp_path)
    a, b = tmp_path / "stream.parquet", tmp_path / "memory.parquet"
    r1 = runner.invoke(app, ["score", str(src), "-o", str(a), "-q", "--chunk-docs", "2",
                             *SCORERS])
    r2 = runner.invoke(app, ["score", str(src), "-o", str(b), "-q", "--no-stream", *SCORERS])
    assert r1.exit_code == 0 and r2.exit_code == 0, r1.output + r2.output
    assert pq.ParquetFile(a).num_row_groups == 3  # 6 documents with text, 2 per chunk
    pd.testing.assert_frame_equal(pd.read_parquet(a), pd.read_parquet(b))


def test_stream_parquet_input(tmp_path):
    src = tmp_path / "c.parquet"
    pd.read_json(_corpus(tmp_path), lines=True, dtype=False).to_parquet(src)
    out = tmp_path / "o.parquet"
    result = runner.invoke(app, ["score", str(src), "-o", str(out), "-q", "--chunk-docs", "4",
                                 *SCORERS])
    assert result.exit_code == 0, result.output
    assert pd.read_parquet(out)["doc_id"].nunique() == 6


def test_duplicate_ids_across_chunks(tmp_path):
    path = tmp_path / "d.jsonl"
    path.write_text("".join(json.dumps({"doc_id": i, "text": "x y."}) + "\n"
                            for i in [1, 2, 3, 1]))
    with pytest.raises(InputError, match=r"d.jsonl, line 4: duplicate doc_id '1'"):
        for _ in iter_document_chunks([path], 2):
            pass


def test_broken_line_in_a_late_chunk_leaves_no_output(tmp_path):
    path = tmp_path / "b.jsonl"
    path.write_text("".join(json.dumps({"doc_id": i, "text": "A line."}) + "\n"
                            for i in range(5)) + "{broken\n")
    out = tmp_path / "o.parquet"
    result = runner.invoke(app, ["score", str(path), "-o", str(out), "-q", "--chunk-docs", "2",
                                 *SCORERS])
    assert result.exit_code == 2 and "b.jsonl, line 6" in result.stderr
    assert not out.exists() and not list(tmp_path.glob("*.part"))


def test_can_stream(tmp_path):
    (tmp_path / "a.jsonl").write_text("{}\n")
    (tmp_path / "b.csv").write_text("text\n")
    assert can_stream([tmp_path / "a.jsonl"])
    assert not can_stream([tmp_path / "a.jsonl", tmp_path / "b.csv"])
    assert not can_stream([tmp_path])
