"""Interrupted runs resume from the score cache and end with the same table as a clean run.

The slow test kills a real ``framing score`` process with SIGKILL once the SQLite cache holds
its first chunk of scores (``framing.api.CHUNK_SIZE`` sentences), restarts it, and checks that
the restart scores only the rest and writes exactly the table of an uninterrupted
``--no-cache`` run. The fast tests do the same in-process with a counting scorer.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import framing
import framing.api
from framing.cli import app
from framing.scoring.cache import ScoreCache

REPO = Path(__file__).resolve().parents[1]

SUBJECTS = ("The council", "A spokeswoman", "The ministry", "Residents", "The mayor", "Officials")
VERBS = ("approved", "rejected", "discussed", "praised", "criticised", "delayed")


def synthetic_corpus(path: Path, n_sentences: int, per_doc: int = 10) -> Path:
    """Write a JSONL corpus of ``n_sentences`` short, distinct sentences (``per_doc`` a doc)."""
    with path.open("w", encoding="utf-8") as fh:
        for d in range(-(-n_sentences // per_doc)):
            count = min(per_doc, n_sentences - d * per_doc)
            text = " ".join(f"{SUBJECTS[(d + s) % 6]} {VERBS[(7 * d + s) % 6]} plan {d} item "
                            f"{s} on Monday." for s in range(count))
            fh.write(json.dumps({"doc_id": f"d{d:04d}", "source": f"Outlet {d % 3}",
                                 "text": text}) + "\n")
    return path


def cache_rows(db: Path) -> dict[tuple[str, str], int]:
    """``(scorer key, text hash) -> rowid`` of every cached row (empty before the cache exists)."""
    if not db.exists():
        return {}
    try:
        with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)) as conn:
            return {(k, h): r for k, h, r in conn.execute(
                "SELECT scorer, text_hash, rowid FROM scores")}
    except sqlite3.OperationalError:  # table not created yet, or the writer holds a lock
        return {}


def framing_score(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "framing", "score", *map(str, args)]


def run_env() -> dict[str, str]:
    return {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONUNBUFFERED": "1"}


# --------------------------------------------------------------------------- a real kill


@pytest.mark.slow
def test_killed_score_run_resumes_from_the_cache(tmp_path):
    chunk = framing.api.CHUNK_SIZE
    n = chunk + 100  # two cache chunks: the run is killed between them
    corpus = synthetic_corpus(tmp_path / "corpus.jsonl", n)
    cache_dir = tmp_path / "cache"
    db = cache_dir / ScoreCache.FILENAME
    resumed, clean = tmp_path / "resumed.parquet", tmp_path / "clean.parquet"
    scorer = ("-s", "sentiment.minilm-nyt-probe.v1")
    command = framing_score(corpus, "-o", resumed, *scorer, "--cache-dir", cache_dir, "-q")

    # 1. start, and SIGKILL as soon as the first chunk of scores is committed
    with (tmp_path / "killed.log").open("w") as log:
        proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=run_env(),
                                cwd=tmp_path)
        deadline = time.monotonic() + 150
        try:
            while len(cache_rows(db)) < chunk:
                assert proc.poll() is None, (tmp_path / "killed.log").read_text()[-2000:]
                assert time.monotonic() < deadline, "no chunk was cached in time"
                time.sleep(0.02)
            proc.send_signal(signal.SIGKILL)
        finally:
            proc.kill()
            proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    before = cache_rows(db)
    assert len(before) == chunk, "the kill should land between the two cache chunks"
    assert not resumed.exists()

    # 2. restart: only the rest is scored; rows cached before are kept, not rescored
    # (INSERT OR REPLACE would give a rescored sentence a new rowid)
    done = subprocess.run(command, capture_output=True, text=True, env=run_env(), cwd=tmp_path,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    after = cache_rows(db)
    assert len(after) == n
    assert {h: after[h] for h in before} == before
    assert min(r for h, r in after.items() if h not in before) > max(before.values())

    # 3. the resumed table equals an uninterrupted run without the cache, byte for byte
    fresh = subprocess.run(framing_score(corpus, "-o", clean, *scorer, "--no-cache", "-q"),
                           capture_output=True, text=True, env=run_env(), cwd=tmp_path,
                           timeout=300)
    assert fresh.returncode == 0, fresh.stderr[-2000:]
    got, want = pd.read_parquet(resumed), pd.read_parquet(clean)
    assert len(want) == n and want["text"].is_unique
    pd.testing.assert_frame_equal(got, want, check_exact=True)
    assert resumed.read_bytes() == clean.read_bytes()


# --------------------------------------------------------------------------- in-process


class CountingScorer:
    """Scores sentences by length and records every sentence it was asked to score."""

    name = "test.resume-counting.v1"
    version = "1"
    columns = ("length", "label")

    def __init__(self, fail_after_calls: int | None = None) -> None:
        self.fail_after_calls = fail_after_calls
        self.seen: list[str] = []
        self.calls = 0

    def score(self, sentences: Sequence[str]) -> pd.DataFrame:
        if self.fail_after_calls is not None and self.calls >= self.fail_after_calls:
            raise KeyboardInterrupt  # what Ctrl-C does in the middle of a run
        self.calls += 1
        self.seen.extend(sentences)
        return pd.DataFrame({"length": [len(s) / 7 for s in sentences],
                             "label": ["long" if len(s) > 50 else "short" for s in sentences]})

    def fingerprint(self) -> str:
        return "fixed"

    def provenance(self) -> dict:
        return {"scorer": self.name, "version": self.version}


def _records(n_docs: int) -> list[dict]:
    return [{"doc_id": f"d{d}", "source": "S", "text": " ".join(
        f"Item {d}-{s} of the budget was {VERBS[s % 6]} by the council." for s in range(5))}
            for d in range(n_docs)]


def test_interrupted_analyze_resumes_without_rescoring(tmp_path, monkeypatch):
    monkeypatch.setattr(framing.api, "CHUNK_SIZE", 8)
    records = _records(10)  # 50 sentences: 7 chunks of at most 8
    cache = ScoreCache(tmp_path / "cache")

    interrupted = CountingScorer(fail_after_calls=3)
    with pytest.raises(KeyboardInterrupt):
        framing.analyze(records, [interrupted], cache=cache)
    assert cache.count() == 3 * 8 == len(interrupted.seen)

    resumed = CountingScorer()
    table = framing.analyze(records, [resumed], cache=cache)
    assert not set(resumed.seen) & set(interrupted.seen)
    assert len(resumed.seen) == 50 - 24 and cache.count() == 50

    clean = framing.analyze(records, [CountingScorer()], cache=False)
    pd.testing.assert_frame_equal(table, clean, check_exact=True)


def test_cli_interrupt_keeps_finished_chunks_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(framing.api, "CHUNK_SIZE", 4)
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in _records(4)), encoding="utf-8")
    scorer = CountingScorer(fail_after_calls=2)
    monkeypatch.setattr("framing.cli.get_scorer", lambda name, **kw: scorer)
    out = tmp_path / "out.parquet"
    result = CliRunner().invoke(app, ["score", str(corpus), "-o", str(out), "-q", "--no-stream",
                                      "-s", "counting",
                                      "--cache-dir", str(tmp_path / "cache")])
    assert result.exit_code == 130, result.output
    assert result.stderr.strip().splitlines() == [
        "error: interrupted; finished work is in the score cache"]
    assert not out.exists() and not list(tmp_path.glob("*.part")) and not list(
        tmp_path.glob(".*.part"))
    assert ScoreCache(tmp_path / "cache").count() == 8


def test_corrupt_cache_file_is_a_one_line_error(tmp_path):
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir()
    (cache_dir / ScoreCache.FILENAME).write_bytes(b"this is not an SQLite database\n" * 64)
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in _records(2)), encoding="utf-8")
    out = tmp_path / "out.parquet"
    result = CliRunner().invoke(app, ["score", str(corpus), "-o", str(out), "-q",
                                      "-s", "sentiment.vader.v1", "--cache-dir", str(cache_dir)])
    assert result.exit_code == 4
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert ScoreCache.FILENAME in lines[0] and "--no-cache" in lines[0]
    assert not out.exists()
