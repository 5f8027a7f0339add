"""Bad input through the CLI and the API: one line naming the file and row, no traceback.

Fatal cases exit non-zero with exactly one ``error: ...`` line on stderr and leave neither the
output file nor a ``*.part`` temp file behind; recoverable cases (empty rows, pages without an
article) are skipped with one ``warning: ...`` line that counts them. tests/test_cli.py and
tests/test_io.py hold the basic cases (missing, empty, binary, cp1252 file, no text column,
broken JSON line, duplicate id in one file, unknown scorer, offline model, output under a
file); this file covers the rest, and runs the JSONL cases through both the streaming reader
(the default for JSONL/parquet -> parquet) and the in-memory reader (``--no-stream``).
"""

from __future__ import annotations

import codecs
import errno
import gzip
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
import unicodedata
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
import yaml
from typer.testing import CliRunner, Result

import framing
from framing.cli import app
from framing.errors import InputError, ModelUnavailableError, OutputError, UnknownScorerError
from framing.outputs import write_table
from framing.read import EmptyTextWarning, read_corpus
from framing.text.clean import clean_text

runner = CliRunner()

VADER = ("-s", "sentiment.vader.v1")  # a model-free scorer where the model is not the point
SENTIMENT = "sentiment.minilm-nyt-probe.v1"

GOOD = [
    {"doc_id": "w1", "source": "Wire", "text": "Officials met on Monday. Talks will resume."},
    {"doc_id": "t1", "source": "Tabloid", "text": "A brutal, shameful attack! Chaos reigned."},
]

ARTICLE_HTML = """<!DOCTYPE html><html><head><title>Bridge reopens</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Bridge reopens</h1>
<p>The old river bridge reopened to traffic on Tuesday after two years of repairs, the city
engineering office said in a statement.</p>
<p>Shop owners on both banks said the closure had cost them customers and welcomed the news.</p>
</article><footer>Copyright 2025 Example News.</footer></body></html>"""

SCRIPT_ONLY_HTML = """<!DOCTYPE html><html><head><title>App</title>
<script>document.write("The minister resigned on Friday after weeks of pressure from her own
party, aides said, and a successor will be named next week.");</script>
<script src="/static/bundle.js"></script></head>
<body><nav>Home | World | Sport</nav><div id="root"></div>
<script>window.boot({"route": "/politics/minister-resigns"});</script></body></html>"""


def jsonl(rows: list[dict]) -> str:
    return "".join(json.dumps(r) + "\n" for r in rows)


def put(path: Path, content: str | bytes, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
    return path


def invoke(*args: object) -> Result:
    return runner.invoke(app, [str(a) for a in args])


def stderr_lines(result: Result) -> list[str]:
    return [ln for ln in result.stderr.splitlines() if ln.strip()]


def leftovers(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.endswith(".part")]


def assert_fatal(result: Result, folder: Path, needles: tuple[str, ...], code: int | None,
                 out: Path | None = None) -> str:
    """One ``error:`` line holding every needle, the exit code, no traceback, no output."""
    assert not isinstance(result.exception, Exception), result.exception  # SystemExit only
    assert result.exit_code not in (0, None)
    if code is not None:
        assert result.exit_code == code, result.stderr
    lines = stderr_lines(result)
    errors = [ln for ln in lines if ln.startswith("error: ")]
    assert len(errors) == 1, lines
    assert all(ln.startswith(("error: ", "warning: ")) for ln in lines), lines
    assert "Traceback" not in result.output
    for needle in needles:
        assert needle in errors[0], (needle, errors[0])
    if out is not None:
        assert not out.exists()
    assert not leftovers(folder)
    return errors[0]


def assert_ok(result: Result, out: Path) -> list[str]:
    """Exit 0, the output exists, no temp file; returns the warning lines."""
    assert result.exit_code == 0, (result.stderr, result.exception)
    assert out.is_file() and not leftovers(out.parent)
    lines = stderr_lines(result)
    assert all(ln.startswith(("warning: ", "wrote ", "note: ")) for ln in lines), lines
    return [ln for ln in lines if ln.startswith("warning: ")]


# --------------------------------------------------------------------------- fatal CLI cases


@dataclass
class Case:
    """A fatal ``framing score`` case: files to write, CLI arguments, what the error says."""

    id: str
    setup: Callable[[Path], list[str]]
    needles: tuple[str, ...]
    code: int = 2
    stream_xfail: str | None = field(default=None)


def _mixed_folder(tmp: Path) -> list[str]:
    put(tmp / "corpus" / "a.txt", "Caf\u00e9 owners were pleased.\nThe square reopened.")
    put(tmp / "corpus" / "b.txt", "The square reopened.\nCaf\u00e9 owners were furious.",
        encoding="cp1252")
    return [str(tmp / "corpus"), "--encoding", "utf-8"]


def _mixed_jsonl(tmp: Path) -> list[str]:
    data = jsonl(GOOD).encode() + b'{"doc_id": "x", "text": "Caf\xe9 owners were furious."}\n'
    return [str(put(tmp / "mixed.jsonl", data)), "--encoding", "utf-8"]


def _gzip_jsonl(tmp: Path) -> list[str]:
    return [str(put(tmp / "articles.jsonl", gzip.compress(jsonl(GOOD).encode(), mtime=0)))]


def _truncated_jsonl(tmp: Path) -> list[str]:
    # the last line of a file whose writer was killed mid-line
    return [str(put(tmp / "cut.jsonl", jsonl(GOOD) + '{"doc_id": "z", "text": "Half a li'))]


def _duplicates_across_files(tmp: Path) -> list[str]:
    a = put(tmp / "a.jsonl", jsonl([{"doc_id": "x", "text": "One."}]))
    b = put(tmp / "b.jsonl", jsonl([{"doc_id": "y", "text": "Two."}, {"doc_id": "x",
                                                                      "text": "Three."}]))
    return [str(a), str(b)]


def _surrogate_title(tmp: Path) -> list[str]:
    line = '{"doc_id": "s", "title": "Broken \\ud800 title", "text": "Fine text here."}\n'
    return [str(put(tmp / "surr.jsonl", jsonl(GOOD) + line))]


def _script_only_page(tmp: Path) -> list[str]:
    return [str(put(tmp / "app.html", SCRIPT_ONLY_HTML))]


def _tsv_missing_custom_field(tmp: Path) -> list[str]:
    return [str(put(tmp / "notes.tsv", "doc_id\tbody\n1\tText here.\n")), "--text-field",
            "content"]


def _truncated_parquet(tmp: Path) -> list[str]:
    path = tmp / "half.parquet"
    pd.DataFrame(GOOD).to_parquet(path)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    return [str(path)]


def _missing_second_input(tmp: Path) -> list[str]:
    return [str(put(tmp / "good.jsonl", jsonl(GOOD))), str(tmp / "missing_folder")]


def _empty_csv(tmp: Path) -> list[str]:
    return [str(put(tmp / "header.csv", "\ufeffdoc_id,text\r\n"))]


def _output_is_input(tmp: Path) -> list[str]:
    src = tmp / "corpus.parquet"
    pd.DataFrame(GOOD).to_parquet(src)
    return [str(src), "-o", str(src)]


def _output_in_input_folder(tmp: Path) -> list[str]:
    put(tmp / "corpus" / "a.txt", "The square reopened on Monday.")
    return [str(tmp / "corpus"), "-o", str(tmp / "corpus" / "scores.parquet")]


def _output_is_a_folder(tmp: Path) -> list[str]:
    (tmp / "out_dir").mkdir()
    return [str(put(tmp / "good.jsonl", jsonl(GOOD))), "-o", str(tmp / "out_dir")]


FATAL = [
    Case("mixed encodings in a folder", _mixed_folder, ("b.txt, line 2", "0xe9", "--encoding")),
    Case("mixed encodings in one jsonl", _mixed_jsonl,
         ("mixed.jsonl, line 3", "0xe9", "--encoding")),
    Case("gzip file named .jsonl", _gzip_jsonl, ("articles.jsonl", "binary")),
    Case("jsonl cut mid-line", _truncated_jsonl, ("cut.jsonl, line 3", "not valid JSON")),
    Case("duplicate ids across files", _duplicates_across_files,
         ("b.jsonl, line 2", "duplicate doc_id 'x'", "a.jsonl")),
    Case("lone surrogate in a title", _surrogate_title,
         ("surr.jsonl, line 3", "'title'", "U+D800")),
    Case("html with scripts and no article", _script_only_page,
         ("app.html", "no article text found")),
    Case("tsv without the named text column", _tsv_missing_custom_field,
         ("notes.tsv", "'content'", "body", "--text-field")),
    Case("truncated parquet", _truncated_parquet, ("half.parquet", "not a readable parquet")),
    Case("missing second input", _missing_second_input, ("missing_folder", "no such file")),
    Case("csv with a header only", _empty_csv, ("header.csv", "no rows")),
    Case("output is the input file", _output_is_input, ("corpus.parquet", "input file"), 4),
    Case("output inside the input folder", _output_in_input_folder,
         ("scores.parquet", "inside the input folder"), 4),
    Case("output is a folder", _output_is_a_folder, ("out_dir", "nothing was written"), 4),
]


def _params() -> list:
    out = []
    for case in FATAL:
        for mode in ("stream", "no-stream"):
            marks = ([pytest.mark.xfail(reason=case.stream_xfail, strict=True)]
                     if mode == "stream" and case.stream_xfail else [])
            out.append(pytest.param(case, mode, id=f"{case.id} [{mode}]", marks=marks))
    return out


@pytest.mark.parametrize(("case", "mode"), _params())
def test_fatal_input_gives_one_line_error_and_no_output(tmp_path, case: Case, mode: str):
    args = case.setup(tmp_path)
    out = tmp_path / "out.parquet"
    if "-o" not in args:
        args = [*args, "-o", str(out)]
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    result = invoke("score", *args, "-q", *VADER, "--no-cache", f"--{mode}")
    assert_fatal(result, tmp_path, case.needles, case.code, out)
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before


# --------------------------------------------------------------------------- recoverable CLI


@pytest.mark.parametrize("mode", ["stream", "no-stream"])
def test_bom_and_crlf_in_jsonl_and_csv_are_read_cleanly(tmp_path, mode):
    src = put(tmp_path / "bom.jsonl", codecs.BOM_UTF8 + jsonl(GOOD).replace("\n", "\r\n").encode())
    csv = put(tmp_path / "bom.csv", codecs.BOM_UTF8 + b"doc_id,source,text\r\nc1,Wire,Calm.\r\n")
    out = tmp_path / "o.parquet"
    assert_ok(invoke("score", src, "-o", out, "-q", *VADER, f"--{mode}"), out)
    table = pd.read_parquet(out)
    assert_ok(invoke("score", csv, "-o", out, "-q", *VADER), out)
    table = pd.concat([table, pd.read_parquet(out)])
    assert table["doc_id"].unique().tolist() == ["w1", "t1", "c1"]
    assert table["source"].unique().tolist() == ["Wire", "Tabloid"]
    assert not table["text"].str.contains("\ufeff|\r").any()


def test_utf16_and_cp1252_with_encoding_option(tmp_path):
    put(tmp_path / "wide" / "a.txt", "\ufeffThe \u2018mayor\u2019 resigned. Crowds cheered.",
        encoding="utf-16-le")
    put(tmp_path / "win" / "b.txt", "Caf\u00e9 owners were furious. Prices rose \u20ac2.",
        encoding="cp1252")
    out = tmp_path / "o.csv"
    assert_ok(invoke("score", tmp_path / "wide", "-o", out, "-q", *VADER, "--encoding",
                     "utf-16"), out)
    assert pd.read_csv(out)["text"].tolist() == ["The \u2018mayor\u2019 resigned.",
                                                 "Crowds cheered."]
    assert_ok(invoke("score", tmp_path / "win", "-o", out, "-q", *VADER, "--encoding",
                     "cp1252"), out)
    assert pd.read_csv(out)["text"].tolist() == ["Caf\u00e9 owners were furious.",
                                                 "Prices rose \u20ac2."]


def test_csv_quoted_newlines_commas_and_quotes(tmp_path):
    content = ('doc_id,source,text\n'
               'a,"Wire, Inc.","He said ""no"".\nThen he left, slowly."\n'
               'b,Post,"First line\n\nSecond paragraph, after a blank line."\n')
    src = put(tmp_path / "quoted.csv", content)
    out = tmp_path / "o.parquet"
    assert_ok(invoke("score", src, "-o", out, "-q", *VADER), out)
    table = pd.read_parquet(out)
    assert table["text"].tolist() == ['He said "no".', "Then he left, slowly.", "First line",
                                      "Second paragraph, after a blank line."]
    assert table["source"].tolist() == ["Wire, Inc.", "Wire, Inc.", "Post", "Post"]


def test_nan_and_empty_text_rows_are_skipped_with_one_counted_warning(tmp_path):
    src = tmp_path / "rows.parquet"
    pd.DataFrame({"doc_id": ["a", "b", "c", "d", "e", "f"],
                  "text": ["Calm day.", None, float("nan"), "Busy day.", "", " \n\t "]}
                 ).to_parquet(src)
    out = tmp_path / "o.parquet"
    warned = assert_ok(invoke("score", src, "-o", out, "-q", *VADER, "--no-stream"), out)
    assert len(warned) == 1
    assert "rows.parquet: skipped 4 of 6 rows" in warned[0] and "rows 2, 3, 5, 6" in warned[0]
    assert pd.read_parquet(out)["doc_id"].tolist() == ["a", "d"]


def test_streamed_empty_rows_are_counted_once_across_chunks(tmp_path):
    rows = [{"doc_id": f"e{i}", "text": " "} for i in range(3)] + GOOD
    src = put(tmp_path / "rows.jsonl", jsonl(rows))
    out = tmp_path / "o.parquet"
    warned = assert_ok(invoke("score", src, "-o", out, "-q", *VADER, "--chunk-docs", "2"), out)
    assert len(warned) == 1 and "skipped 3 of 5 lines" in warned[0]


def test_folder_with_empty_file_and_script_page_warns_and_counts(tmp_path):
    put(tmp_path / "corpus" / "Wire" / "story.html", ARTICLE_HTML)
    put(tmp_path / "corpus" / "Wire" / "app.html", SCRIPT_ONLY_HTML)
    put(tmp_path / "corpus" / "Post" / "empty.txt", b"")
    put(tmp_path / "corpus" / "Post" / "note.txt", "The ferry was cancelled.")
    out = tmp_path / "o.parquet"
    warned = assert_ok(invoke("score", tmp_path / "corpus", "-o", out, "-q", *VADER), out)
    assert len(warned) == 1
    assert "skipped 2 of 4 files" in warned[0]
    assert "empty.txt (file is empty)" in warned[0] and "app.html (no article text" in warned[0]
    table = pd.read_parquet(out)
    assert set(table["doc_id"]) == {"Wire/story", "Post/note"}
    assert not table["text"].str.contains("minister|window.boot|bundle").any()


def test_control_characters_are_removed_and_offsets_still_map(tmp_path):
    dirty = ("Markets fell\u0007 sharply\u001b[31m today.\u000cTraders\u0000 were calm.\u007f "
             "A\u0085B.\u200e Next\u2028line.")
    src = put(tmp_path / "ctl.jsonl", jsonl([{"doc_id": "c", "text": dirty}]))
    raw = put(tmp_path / "ctl.txt", b"Bells \x07rang.\x1b[0m The \x0cend\x7f came.")
    out = tmp_path / "o.parquet"
    assert_ok(invoke("score", src, "-o", out, "-q", *VADER), out)
    texts = pd.read_parquet(out)["text"].tolist()
    assert_ok(invoke("score", raw, "-o", out, "-q", *VADER), out)
    texts += pd.read_parquet(out)["text"].tolist()
    assert texts and not any(unicodedata.category(ch) == "Cc" for t in texts for ch in t)
    table = framing.analyze([{"doc_id": "c", "text": dirty}], "sentiment.vader.v1", cache=False)
    cleaned = clean_text(dirty)
    assert all(cleaned[r.start:r.end] == r.text for r in table.itertuples())


RTL_AND_EMOJI = [
    {"doc_id": "\u0645\u0642\u0627\u0644-1", "source": "\u05d7\u05d3\u05e9\u05d5\u05ea",
     "text": "\u0642\u0627\u0644 \u0627\u0644\u0645\u062a\u062d\u062f\u062b \u0625\u0646 "
             "\u0627\u0644\u0645\u062d\u0627\u062f\u062b\u0627\u062a \u0633\u062a\u0633\u062a"
             "\u0623\u0646\u0641. \u0648\u0623\u0636\u0627\u0641 \u0623\u0646 \u0627\u0644"
             "\u0648\u0636\u0639 \u0647\u0627\u062f\u0626."},
    {"doc_id": "he-1", "source": "\u05d7\u05d3\u05e9\u05d5\u05ea",
     "text": "\u200f\u05d4\u05de\u05de\u05e9\u05dc\u05d4 \u05d0\u05d9\u05e9\u05e8\u05d4 "
             "\u05d0\u05ea \u05d4\u05ea\u05e7\u05e6\u05d9\u05d1. \u202bNATO\u202c "
             "\u05d4\u05d2\u05d9\u05d1\u05d4 \u05d1\u05d6\u05e2\u05dd!"},
    {"doc_id": "emoji-\U0001f389", "source": "Feed",
     "text": "Great news \U0001f389\U0001f389! The \U0001f469\U0001f3fd\u200d\u2695\ufe0f team "
             "won \U0001f3c6. Flags \U0001f1fa\U0001f1e6 waved."},
]


def test_right_to_left_and_emoji_text_round_trips_through_parquet_and_csv(tmp_path):
    src = put(tmp_path / "rtl.jsonl", jsonl(RTL_AND_EMOJI))
    as_parquet, as_csv = tmp_path / "o.parquet", tmp_path / "o.csv"
    assert_ok(invoke("score", src, "-o", as_parquet, "-q", *VADER), as_parquet)
    assert_ok(invoke("score", src, "-o", as_csv, "-q", *VADER), as_csv)
    a = pd.read_parquet(as_parquet)
    b = pd.read_csv(as_csv, keep_default_na=False, dtype={"text": str, "doc_id": str})
    assert a["text"].tolist() == b["text"].tolist()
    assert a["doc_id"].unique().tolist() == [r["doc_id"] for r in RTL_AND_EMOJI]
    for row in RTL_AND_EMOJI:  # every non-space character kept, in order
        got = "".join(a.loc[a["doc_id"] == row["doc_id"], "text"]).replace(" ", "")
        assert got == clean_text(row["text"]).replace(" ", "").replace("\n", "")
    assert "\U0001f3c6" in "".join(a["text"]) and "\U0001f1fa\U0001f1e6" in "".join(a["text"])


def test_carriage_return_in_a_title_keeps_the_csv_output_readable(tmp_path):
    rows = [{"doc_id": "a", "title": "Old\rMac line end", "source": "Wire\r", "text":
             "Calm day. Bad news."}]
    src = put(tmp_path / "cr.jsonl", jsonl(rows))
    out = tmp_path / "o.csv"
    assert_ok(invoke("score", src, "-o", out, "-q", *VADER), out)
    table = pd.read_csv(out, keep_default_na=False)
    assert table["title"].tolist() == ["Old\rMac line end"] * 2
    assert table["text"].tolist() == ["Calm day.", "Bad news."]
    assert read_corpus(out, id_field="sent_idx")[1].title == "Old\rMac line end"


def test_lone_surrogate_in_article_text_is_cleaned_not_fatal(tmp_path):
    line = '{"doc_id": "s", "text": "Fine text. Broken \\udc00 escape here."}\n'
    src = put(tmp_path / "surr.jsonl", line)
    out = tmp_path / "o.parquet"
    assert_ok(invoke("score", src, "-o", out, "-q", *VADER), out)
    assert pd.read_parquet(out)["text"].tolist() == ["Fine text.", "Broken escape here."]


def test_documents_without_sentences_after_cleaning_are_counted(tmp_path):
    rows = [*GOOD, {"doc_id": "ad", "text": "Advertisement"}, {"doc_id": "ctl", "text": "\u0007"}]
    src = put(tmp_path / "hollow.jsonl", jsonl(rows))
    out = tmp_path / "o.parquet"
    warned = assert_ok(invoke("score", src, "-o", out, "-q", *VADER, "--no-stream"), out)
    assert len(warned) == 1 and "2 of 4 documents have no sentences" in warned[0]
    assert "ad, ctl" in warned[0]


# --------------------------------------------------------------------------- output failures


def _enospc(where: object) -> OSError:
    return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(where))


@pytest.mark.parametrize("fmt", ["parquet", "csv", "parquet-stream"])
def test_full_disk_while_writing_leaves_no_output(tmp_path, monkeypatch, fmt):
    src = put(tmp_path / "in.jsonl", jsonl(GOOD))
    out = tmp_path / ("o.csv" if fmt == "csv" else "o.parquet")
    if fmt == "csv":
        real_to_csv = pd.DataFrame.to_csv

        def to_csv(self, path, *args, **kwargs):
            real_to_csv(self.iloc[:1], path, *args, **kwargs)  # some bytes reach the disk
            raise _enospc(path)

        monkeypatch.setattr(pd.DataFrame, "to_csv", to_csv)
    elif fmt == "parquet":
        def write_half(table, where, *args, **kwargs):
            Path(where).write_bytes(b"PAR1" + b"\x00" * 100)
            raise _enospc(where)

        monkeypatch.setattr(pq, "write_table", write_half)
    else:
        real = pq.ParquetWriter.write_table
        calls = []

        def second_chunk_fails(self, table, *args, **kwargs):
            calls.append(1)
            if len(calls) > 1:
                raise _enospc("row group")
            return real(self, table, *args, **kwargs)

        monkeypatch.setattr(pq.ParquetWriter, "write_table", second_chunk_fails)
    mode = ["--chunk-docs", "1"] if fmt == "parquet-stream" else ["--no-stream"]
    result = invoke("score", src, "-o", out, "-q", *VADER, *mode)
    assert_fatal(result, tmp_path, ("o.", "No space left on device", "nothing was written"), 4,
                 out)


def test_read_only_output_folder_is_one_line(tmp_path, monkeypatch):
    """chmod 500 does not stop root (tests may run as root): refuse the temp file instead."""
    import framing.outputs

    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(framing.outputs.tempfile, "mkstemp", denied)
    src = put(tmp_path / "in.jsonl", jsonl(GOOD))
    out = tmp_path / "locked" / "o.parquet"
    result = invoke("score", src, "-o", out, "-q", *VADER)
    assert_fatal(result, tmp_path, ("locked/o.parquet", "cannot write here",
                                    "Permission denied"), 4, out)


class _FullDiskConnection:
    """An SQLite connection whose writes fail as on a full disk."""

    def __init__(self, conn):
        self._conn = conn

    def executemany(self, *args, **kwargs):
        import sqlite3

        raise sqlite3.OperationalError("database or disk is full")

    def __getattr__(self, name):
        return getattr(self._conn, name)

    def __enter__(self):
        return self._conn.__enter__()

    def __exit__(self, *exc):
        return self._conn.__exit__(*exc)


def test_full_disk_in_the_score_cache_is_one_line(tmp_path, monkeypatch):
    import framing.scoring.cache

    real_connect = framing.scoring.cache.sqlite3.connect
    monkeypatch.setattr(framing.scoring.cache.sqlite3, "connect",
                        lambda *a, **k: _FullDiskConnection(real_connect(*a, **k)))
    src = put(tmp_path / "in.jsonl", jsonl(GOOD))
    out = tmp_path / "o.parquet"
    result = invoke("score", src, "-o", out, "-q", *VADER, "--cache-dir", tmp_path / "cache")
    assert_fatal(result, tmp_path, ("scores.sqlite3", "database or disk is full"), 4, out)


# --------------------------------------------------------------------------- no partial outputs


@pytest.mark.parametrize("failure", [OSError, KeyboardInterrupt, RuntimeError])
def test_writer_dying_mid_write_leaves_the_old_file_intact(tmp_path, monkeypatch, failure):
    target = tmp_path / "sentences.parquet"
    write_table(pd.DataFrame({"text": ["old"], "sentiment": [0.5]}), target)
    old = target.read_bytes()
    real = pq.write_table

    def half_then_die(table, where, *args, **kwargs):
        real(table, where, *args, **kwargs)
        data = Path(where).read_bytes()
        Path(where).write_bytes(data[: len(data) // 2])
        raise _enospc(where) if failure is OSError else failure("killed mid-write")

    monkeypatch.setattr(pq, "write_table", half_then_die)
    new = pd.DataFrame({"text": ["new", "rows"], "sentiment": [0.1, 0.2]})
    with pytest.raises(OutputError if failure is OSError else failure):
        write_table(new, target)
    assert target.read_bytes() == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sentences.parquet"]


KILLED_WRITER = textwrap.dedent("""
    import os, sys, time
    from pathlib import Path
    import pandas as pd
    import pyarrow.parquet as pq
    from framing.outputs import write_table

    real = pq.write_table
    def half_then_hang(table, where, *args, **kwargs):
        real(table, where, *args, **kwargs)
        data = Path(where).read_bytes()
        Path(where).write_bytes(data[: len(data) // 2])
        print("HALF", flush=True)
        time.sleep(600)
    pq.write_table = half_then_hang
    write_table(pd.DataFrame({"text": ["new"] * 1000, "x": range(1000)}), sys.argv[1])
""")


def test_sigkill_mid_write_leaves_the_old_file_intact(tmp_path):
    target = tmp_path / "sentences.parquet"
    write_table(pd.DataFrame({"text": ["old"], "x": [1]}), target)
    old = target.read_bytes()
    proc = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(target)],
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "HALF"
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait(timeout=30)
    assert target.read_bytes() == old
    pd.testing.assert_frame_equal(pd.read_parquet(target), pd.DataFrame({"text": ["old"],
                                                                         "x": [1]}))
    # SIGKILL cannot be cleaned up after: at most a hidden temp file is left, never the target
    assert all(p.name.startswith(".sentences.parquet.") and p.name.endswith(".part")
               for p in tmp_path.iterdir() if p != target)


# --------------------------------------------------------------------------- experiment configs


def _config(tmp: Path, **changes) -> Path:
    corpus = put(tmp / "data" / "articles.jsonl", jsonl(GOOD))
    raw = {"name": "bad-input", "corpus": {"paths": [os.path.relpath(corpus, tmp / "cfg")]},
           "scorers": [SENTIMENT], "bootstrap_resamples": 100,
           "output_dir": "../results"}
    raw.update(changes)
    return put(tmp / "cfg" / "exp.yaml", yaml.safe_dump(raw))


@pytest.mark.parametrize(("changes", "needles", "code"), [
    ({"colour": "red"}, ("exp.yaml", "colour: unknown key"), 5),
    ({"corpus": {"paths": ["../data/nope.jsonl"], "txt_field": "t"}},
     ("exp.yaml", "corpus.txt_field: unknown key"), 5),
    ({"corpus": {"paths": ["../data/nope.jsonl"]}}, ("exp.yaml", "nope.jsonl", "does not exist"),
     5),
    ({"scorers": ["sentiment.nope.v1"]}, ("unknown scorer 'sentiment.nope.v1'",), 5),
    ({"scorers": ["sentiment.vadr.v1"]},
     ("unknown scorer 'sentiment.vadr.v1'", "did you mean sentiment.vader.v1"), 5),
    ({"scorers": ["cardiffnlp/twitter-roberta-base-sentiment-latest"]},
     ("sentiment.hf.v1", "model: cardiffnlp/twitter-roberta-base-sentiment-latest"), 5),
    ({"analysis": {"contrasts": ["sentimnet"]}},
     ("exp.yaml", "analysis.contrasts", "'sentimnet'", "sentiment"), 5),
    ({"analysis": {"by": ["outlet"]}}, ("exp.yaml", "analysis.by", "'outlet'", "source"), 5),
    ({"scorers": ["sentiment.minilm-nyt-probe.v1"], "encoder": "no-such/model"},
     ("no-such/model", "offline"), 3),
    ({"speakers": "oracle"}, ("exp.yaml", "speakers", "'rules'", "'ranker'"), 5),
], ids=["unknown key", "unknown nested key", "missing data path", "unknown scorer",
        "misspelt scorer", "hub id as scorer name",
        "typo in analysis.contrasts", "unknown analysis.by column", "model unavailable offline",
        "unknown speaker resolver"])
def test_run_config_errors_are_one_line(tmp_path, monkeypatch, changes, needles, code):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    config = _config(tmp_path, **changes)
    result = invoke("run", config, "-q", "--no-cache")
    assert_fatal(result, tmp_path, needles, code)
    assert not (tmp_path / "results").exists()


@pytest.mark.parametrize(("text", "where"), [
    ("name: x\ncorpus:\n  paths: [a.jsonl\n  format: jsonl\n", "line 4, column 9"),
    ("name: x\n\tcorpus: {}\n", "line 2, column 1"),
    ("name: x\ndescription: \"open\n", "line 3, column 1"),
], ids=["unclosed list", "tab indent", "unclosed quote"])
def test_run_yaml_error_names_line_and_column(tmp_path, text, where):
    config = put(tmp_path / "cfg" / "exp.yaml", text)
    result = invoke("run", config, "-q", "--no-cache")
    assert_fatal(result, tmp_path, ("exp.yaml", "not valid YAML", where), 5)


@pytest.mark.parametrize(("scorers", "columns", "heading"), [
    (["sentiment.vader.v1"], ["mean_vader_sentiment", "vader_share_negative"],
     "## Sentiment by source"),
    (["emotive.lexicon.v1"], ["mean_lex_emotive", "mean_lex_emotive_ci_low"],
     "## Scores by source"),
], ids=["vader only", "emotive only"])
def test_run_with_any_scorer_set_summarises_the_columns_present(tmp_path, scorers, columns,
                                                               heading):
    config = _config(tmp_path, scorers=scorers)
    result = invoke("run", config, "-q", "--no-cache")
    assert result.exit_code == 0, result.stderr
    out = tmp_path / "results"
    summary = pd.read_csv(out / "summary_by_source.csv")
    assert set(summary["source"]) == {"Wire", "Tabloid"} and set(columns) <= set(summary.columns)
    assert "mean_sentiment" not in summary.columns
    assert (out / "figures" / "sentiment_by_source.png").is_file()
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert heading in readme and "| Tabloid |" in readme


def test_up_to_date_rerun_says_one_thing(tmp_path, monkeypatch):
    import framing.experiment as ex

    monkeypatch.setattr(ex, "inputs_key", lambda raw, data: "fixed-key")
    config = _config(tmp_path, scorers=["sentiment.vader.v1"])
    first = invoke("run", config, "-q", "--no-cache")
    assert first.exit_code == 0 and "results written" in first.stderr, first.stderr
    again = invoke("run", config, "-q", "--no-cache")
    assert again.exit_code == 0, again.stderr
    lines = again.stderr.strip().splitlines()
    assert len(lines) == 1 and "up to date" in lines[0] and "--force" in lines[0], lines
    forced = invoke("run", config, "-q", "--no-cache", "--force")
    assert "results written" in forced.stderr and "up to date" not in forced.stderr


def test_unknown_strip_doc_warns_on_the_console_with_known_ids(tmp_path):
    config = _config(tmp_path, scorers=["sentiment.vader.v1"],
                     analysis={"strip_docs": ["w2"], "distinctive": False})
    result = invoke("run", config, "-q", "--no-cache")
    assert result.exit_code == 0, result.stderr
    warned = [ln for ln in stderr_lines(result) if ln.startswith("warning:") and "w2" in ln]
    assert len(warned) == 1 and "did you mean w1" in warned[0], result.stderr


def test_run_into_an_unwritable_folder_is_one_line(tmp_path):
    config = _config(tmp_path)
    blocker = put(tmp_path / "blocker", "a file, not a folder")
    result = invoke("run", config, "-q", "--no-cache", "--output-dir", blocker / "results")
    assert_fatal(result, tmp_path, ("blocker", "results"), 4)
    assert blocker.read_text() == "a file, not a folder"


# --------------------------------------------------------------------------- the Python API


def test_api_frame_without_text_column_names_the_columns():
    frame = pd.DataFrame({"doc_id": ["a"], "body": ["Text."]})
    with pytest.raises(InputError, match=r"<records>: no text column 'text'; columns are: "
                                         r"doc_id, body"):
        framing.analyze(frame, "sentiment.vader.v1", cache=False)


def test_api_nan_and_empty_records_warn_with_a_count():
    records = [GOOD[0], {"doc_id": "n", "text": float("nan")}, {"doc_id": "e", "text": ""},
               {"doc_id": "x", "text": None}, GOOD[1]]
    with pytest.warns(EmptyTextWarning, match=r"skipped 3 of 5 rows .*rows 2, 3, 4"):
        table = framing.analyze(records, "sentiment.vader.v1", cache=False)
    assert table["doc_id"].unique().tolist() == ["w1", "t1"]


def test_api_lone_surrogate_in_a_record_source_names_the_row():
    records = [GOOD[0], {"doc_id": "b", "source": "Bad \udc80 source", "text": "Text."}]
    with pytest.raises(InputError, match=r"<records>, row 2: column 'source' .*U\+DC80"):
        framing.analyze(records, "sentiment.vader.v1", cache=False)


def test_api_score_rejects_lone_surrogates_cleanly():
    with pytest.raises(InputError, match="item 2"):
        framing.score(["Fine.", "Broken \ud800 sentence."], "sentiment.vader.v1", cache=False)


def test_api_unknown_scorer_and_offline_model(monkeypatch):
    from framing.scoring import get_scorer

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(UnknownScorerError, match="sentiment.nope.v1"):
        framing.score(["A sentence."], "sentiment.nope.v1")
    offline = get_scorer("sentiment.minilm-nyt-probe.v1", encoder="no-such/model")
    with pytest.raises(ModelUnavailableError, match="no-such/model.*offline"):
        framing.score(["A sentence."], [offline], cache=False)


def test_api_mixed_encodings_name_the_file_and_line(tmp_path):
    good = put(tmp_path / "a.csv", "doc_id,text\n1,Caf\u00e9 reopened.\n")
    bad = put(tmp_path / "b.csv", "doc_id,text\n1,Fine.\n2,Caf\u00e9 closed.\n",
              encoding="latin-1")
    with pytest.raises(InputError, match=r"b\.csv, line 3: byte 0xe9"):
        read_corpus([good, bad])
    docs = read_corpus([bad], encoding="latin-1", source="X")
    assert docs[1].text == "Caf\u00e9 closed."


# --------------------------------------------------------------------------- very long input


FIVE_MB = 5 * 1024 * 1024


def _five_mb_line() -> str:
    sentences = [f"Officials in district {i} said the new bridge would open in spring, and "
                 "residents welcomed it." for i in range(40)]
    body = " ".join(sentences[i % 40] for i in range(FIVE_MB // 90 + 40))
    return body[: body.rfind(".", 0, FIVE_MB) + 1]


def test_five_megabyte_single_line_document_is_read_cleaned_and_segmented(tmp_path):
    from framing.text.segment import segment

    body = _five_mb_line()
    assert "\n" not in body and len(body) > FIVE_MB - 100
    src = put(tmp_path / "big.jsonl", json.dumps({"doc_id": "big", "text": body}) + "\n")
    csv = tmp_path / "big.csv"
    pd.DataFrame({"doc_id": ["big"], "text": [body]}).to_csv(csv, index=False)
    start = time.perf_counter()
    docs = read_corpus([src]) + read_corpus([csv], id_field="doc_id", source="csv")
    assert [d.text for d in docs] == [body, body]
    cleaned = clean_text(body)
    sentences = segment(cleaned)
    assert time.perf_counter() - start < 120
    assert len(sentences) == body.count(".")
    assert all(cleaned[s.start:s.end] == s.text for s in sentences[:: 997])


@pytest.mark.slow
def test_five_megabyte_single_line_document_scores_end_to_end(tmp_path):
    src = put(tmp_path / "big.jsonl", json.dumps({"doc_id": "big", "text": _five_mb_line()}))
    out = tmp_path / "o.parquet"
    try:
        proc = subprocess.run([sys.executable, "-m", "framing", "score", str(src), "-o", str(out),
                               "-q", "--no-cache", "-s", "sentiment.vader.v1"],
                              capture_output=True, text=True, timeout=180,
                              env={**os.environ, "HF_HUB_OFFLINE": "1"})
    except subprocess.TimeoutExpired:
        pytest.fail("a 5 MB single-line document took more than 180 s (quadratic step?)")
    assert proc.returncode == 0, proc.stderr[-2000:]
    table = pd.read_parquet(out)
    assert len(table) > 50_000 and table["vader_sentiment"].notna().all()


def test_ten_thousand_token_sentence_is_scored_by_windows_not_truncated():
    from framing.models.encoder import load_encoder

    head = " ".join(["wonderful", "joyful", "splendid", "delightful"] * 50)  # 200 words
    tail = " ".join(["horrible", "brutal", "murderous", "disastrous"] * 2450)
    sentence = f"{head} {tail}"
    tok = load_encoder().tokenize([sentence, head])
    assert len(tok.ids[0]) >= 10_000
    windows = tok.windows[0]
    assert len(windows) > 10 and len(tok.windows[1]) == 1
    step = tok.window_starts[0][1] - tok.window_starts[0][0]
    assert tok.window_starts[0][-1] + len(windows[-1]) - 2 == len(tok.ids[0])  # covers the end
    assert all(b - a == step for a, b in zip(tok.window_starts[0], tok.window_starts[0][1:],
                                             strict=False))
    table = framing.analyze([{"doc_id": "long", "text": sentence}], SENTIMENT, cache=False)
    assert table["text"].tolist() == [sentence]  # one sentence, kept whole
    first = framing.score([head], SENTIMENT, cache=False)
    assert first["sentiment"][0] > 0.2 and table["sentiment"][0] < -0.2
    assert table["sentiment_label"][0] == "negative"


def test_warnings_are_not_silenced_for_api_users():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        framing.analyze([GOOD[0], {"doc_id": "e", "text": "  "}], "sentiment.vader.v1",
                        cache=False)
    assert [w.category for w in caught if issubclass(w.category, EmptyTextWarning)] == [
        EmptyTextWarning]


def test_auto_encoding_reads_a_folder_mixing_utf8_and_cp1252(tmp_path):
    args = _mixed_folder(tmp_path)[:1]
    out = tmp_path / "out.parquet"
    result = invoke("score", *args, "-o", out, "-q", *VADER, "--no-cache", "--no-stream",
                    "--documents", tmp_path / "docs.parquet")
    assert result.exit_code == 0, result.output
    assert "note: encodings: 1 utf-8" in result.output and "not UTF-8: b" in result.output
    texts = " ".join(pd.read_parquet(out)["text"])
    assert "Caf\u00e9 owners were furious." in texts and "\ufffd" not in texts
