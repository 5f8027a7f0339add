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


# --------------------------------------------------------------------------- one parser, one error

GOOD_LINE = b'{"doc_id": "a", "source": "Wire", "text": "Officials met on Monday."}\n'

BAD_JSONL = {
    "invalid JSON": GOOD_LINE + b'{"doc_id": "b", "text": "cut\n',
    "a list, not an object": GOOD_LINE + b'["text", "here"]\n',
    "null": GOOD_LINE + b"null\n",
    "a number": b"42\n" + GOOD_LINE,
    "bad utf-8 byte": GOOD_LINE + b'{"doc_id": "b", "text": "Caf\xe9 reopened."}\n',
    "lone surrogate in a title": GOOD_LINE
    + b'{"doc_id": "b", "title": "x \\ud800", "text": "Fine."}\n',
    "a container in the text": GOOD_LINE + b'{"doc_id": "b", "text": ["a", "b"]}\n',
    "no text key": b'{"doc_id": "a", "body": "Text."}\n',
    "duplicate id": GOOD_LINE + b'{"doc_id": "a", "text": "Again."}\n',
    "all texts empty": b'{"doc_id": "a", "text": " "}\n{"doc_id": "b", "text": null}\n',
    "empty file": b"",
    "only whitespace": b"\n  \n\n",
    "binary": b"\x1f\x8b\x08\x00\x00" + b"\x00" * 20,
    "BOM after line 1": GOOD_LINE + b'\xef\xbb\xbf{"doc_id": "b", "text": "x"}\n',
}


@pytest.mark.parametrize("content", list(BAD_JSONL.values()), ids=list(BAD_JSONL))
def test_bad_jsonl_line_gives_the_same_error_streamed_or_read_whole(tmp_path, content):
    from framing.read import read_corpus

    path = tmp_path / "bad.jsonl"
    path.write_bytes(content)
    with pytest.raises(InputError) as whole:
        read_corpus(path)
    with pytest.raises(InputError) as streamed:
        for _ in iter_document_chunks([path], 1):
            pass
    assert str(streamed.value) == str(whole.value)


@pytest.mark.parametrize("content", [BAD_JSONL["invalid JSON"], BAD_JSONL["bad utf-8 byte"],
                                     BAD_JSONL["duplicate id"]],
                         ids=["invalid JSON", "bad utf-8 byte", "duplicate id"])
def test_bad_jsonl_line_gives_the_same_cli_error_for_parquet_and_csv_outputs(tmp_path, content):
    path = tmp_path / "bad.jsonl"
    path.write_bytes(content)
    lines = []
    for out in ("x.parquet", "x.csv"):  # the parquet output streams, the csv one reads whole
        result = runner.invoke(app, ["score", str(path), "-o", str(tmp_path / out), "-q",
                                     "-s", "sentiment.vader.v1", "--no-cache",
                                     "--encoding", "utf-8"])
        assert result.exit_code == 2, result.output
        lines.append(result.stderr.strip().replace(out, "OUT"))
    assert lines[0] == lines[1] and lines[0].startswith("error: ") and "\n" not in lines[0]


def test_skipped_rows_warn_the_same_streamed_or_read_whole(tmp_path):
    from framing.read import EmptyTextWarning, read_corpus

    rows = [{"doc_id": f"d{i}", "text": "" if i % 3 == 0 else f"Text {i}."} for i in range(20)]
    path = tmp_path / "c.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    with pytest.warns(EmptyTextWarning) as whole:
        docs = read_corpus(path)
    with pytest.warns(EmptyTextWarning) as streamed:
        chunks = list(iter_document_chunks([path], 4))
    assert [str(w.message) for w in streamed] == [str(w.message) for w in whole]
    assert [d for c in chunks for d in c] == docs and all(len(c) <= 4 for c in chunks)


def _parquet(tmp_path, frame: pd.DataFrame, damage: bool = False):
    path = tmp_path / "p.parquet"
    frame.to_parquet(path)
    if damage:
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    return path


BAD_PARQUET = {
    "truncated": (pd.DataFrame({"text": ["A.", "B."]}), True),
    "no text column": (pd.DataFrame({"body": ["A."]}), False),
    "all texts empty": (pd.DataFrame({"text": ["", None]}), False),
    "no rows": (pd.DataFrame({"text": pd.Series([], dtype=str)}), False),
    "duplicate id": (pd.DataFrame({"doc_id": ["a", "a"], "text": ["A.", "B."]}), False),
}


@pytest.mark.parametrize(("frame", "damage"), list(BAD_PARQUET.values()), ids=list(BAD_PARQUET))
def test_bad_parquet_gives_the_same_error_streamed_or_read_whole(tmp_path, frame, damage):
    from framing.read import read_corpus

    path = _parquet(tmp_path, frame, damage)
    with pytest.raises(InputError) as whole:
        read_corpus(path)
    with pytest.raises(InputError) as streamed:
        for _ in iter_document_chunks([path], 1):
            pass
    assert str(streamed.value) == str(whole.value)


def test_parquet_values_are_the_same_streamed_or_read_whole(tmp_path):
    from framing.read import read_corpus

    frame = pd.DataFrame({"doc_id": [1, 2, None], "text": ["A.", "B.", "C."],
                          "date": pd.to_datetime(["2024-01-02T00:00", "2024-01-03T10:00", None]),
                          "source": pd.Categorical(["x", "y", "x"])}, index=["r", "s", "t"])
    path = _parquet(tmp_path, frame)
    assert [d for c in iter_document_chunks([path], 2) for d in c] == read_corpus(path)
