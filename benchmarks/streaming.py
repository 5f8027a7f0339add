"""Streaming benchmark: score a generated corpus far larger than one chunk; time and peak RSS.

Usage: ``python benchmarks/streaming.py [--sentences 1000000] [--scorer NAME ...]
[--chunk-docs 2000]`` (no ``--scorer``: the package's default scorers, the transformer path).
Generates a JSON Lines corpus of about N sentences (synthetic news-like articles of 20
sentences), runs ``framing score corpus.jsonl -o out.parquet`` in a subprocess (streaming, no
cache) and records wall time, sentences/s and the child's peak RSS in
``results/benchmarks/streaming.csv`` (one row per scorer set and size, replaced on a rerun).

The child times every chunk (``framing.stream`` scores chunk by chunk; the child wraps the
per-chunk call to stamp it) and writes ``streaming_chunks.csv``: sentences, seconds and the
peak RSS so far per chunk (so a run stopped early still shows its memory). From it the row
gets the median seconds per 10,000 sentences, the ratio of the last chunks' rate to the first
chunks' (1.0 = linear time) and the projected hours for 10^6 and 10^8 sentences at the median
rate on this machine. ``--from-chunks`` writes that row from an existing
``streaming_chunks.csv`` (a run stopped early; seconds are the chunks' own, without start-up).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WORDS = ("officials said the talks would resume on monday after a brutal week of fighting in "
         "the region while aid groups warned of shortages and the council approved a new "
         "budget for schools hospitals and roads").split()


def make_corpus(path: Path, n_sentences: int, seed: int = 13) -> int:
    """Write ~n sentences as articles of 20 sentences; return the number of documents."""
    rng = random.Random(seed)
    n_docs = max(1, n_sentences // 20)
    with open(path, "w", encoding="utf-8") as fh:
        for d in range(n_docs):
            sentences = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 22))).capitalize()
                         + "." for _ in range(20)]
            fh.write(json.dumps({"doc_id": f"d{d}", "source": f"S{d % 5}",
                                 "text": " ".join(sentences)}) + "\n")
    return n_docs


def child(argv: list[str], chunks_csv: Path) -> None:
    """Run ``framing score`` in this process, stamping each chunk into ``chunks_csv``."""
    from framing import stream
    from framing.cli import app

    scored = stream.analyze_documents
    with open(chunks_csv, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["chunk", "documents", "sentences", "seconds", "peak_rss_mb"])

        def timed(docs, *args, **kwargs):
            t = time.perf_counter()
            table, cleaned = scored(docs, *args, **kwargs)
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            out.writerow([timed.n, len(docs), len(table), round(time.perf_counter() - t, 3),
                          round(rss, 1)])
            fh.flush()
            timed.n += 1
            return table, cleaned

        timed.n = 0
        stream.analyze_documents = timed
        app(argv, standalone_mode=False)


def linearity(chunks) -> dict:
    """Median seconds per 10k sentences and last/first rate over the chunk timings."""
    rate = chunks["sentences"] / chunks["seconds"]
    k = max(1, len(chunks) // 5)
    per_10k = float((chunks["seconds"] / chunks["sentences"] * 10_000).median())
    return {"chunks": len(chunks), "median_seconds_per_10k": round(per_10k, 1),
            "last_over_first_rate": round(float(rate.iloc[-k:].median()
                                                / rate.iloc[:k].median()), 3),
            "projected_hours_1e6": round(per_10k * 100 / 3600, 2),
            "projected_hours_1e8": round(per_10k * 10_000 / 3600, 1)}


def main() -> None:
    """Generate, score in a subprocess, record time, per-chunk rate and peak memory."""
    import pandas as pd
    import pyarrow.parquet as pq

    from framing.scoring import DEFAULT_SCORERS

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=1_000_000)
    parser.add_argument("--scorer", action="append", default=None)
    parser.add_argument("--chunk-docs", type=int, default=2000)
    parser.add_argument("--out", type=Path, default=REPO / "results" / "benchmarks")
    parser.add_argument("--from-chunks", action="store_true",
                        help="summarise an existing streaming_chunks.csv (a run stopped early)")
    parser.add_argument("--child", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        child(args.child[1:], Path(args.child[0]))
        return
    if args.from_chunks:
        chunks = pd.read_csv(args.out / "streaming_chunks.csv")
        n = int(chunks["sentences"].sum())
        row = {"scorers": "+".join(args.scorer or DEFAULT_SCORERS) + " (stopped early)",
               "documents": int(chunks["documents"].sum()), "sentences": n,
               "row_groups": len(chunks), "seconds": round(float(chunks["seconds"].sum()), 1),
               "sentences_per_second": round(n / float(chunks["seconds"].sum()), 1),
               "peak_rss_mb": float(chunks["peak_rss_mb"].max()), **linearity(chunks)}
        return record(row, args.out / "streaming.csv")
    scorers = args.scorer or list(DEFAULT_SCORERS)
    args.out.mkdir(parents=True, exist_ok=True)
    chunks_csv = args.out / "streaming_chunks.csv"
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        n_docs = make_corpus(corpus, args.sentences)
        out = Path(tmp) / "out.parquet"
        argv = ["score", str(corpus), "-o", str(out), "-q", "--no-cache",
                "--chunk-docs", str(args.chunk_docs)]
        for s in scorers:
            argv += ["-s", s]
        cmd = [sys.executable, str(Path(__file__).resolve()), "--child", str(chunks_csv), *argv]
        load = os.getloadavg()[0]
        t = time.perf_counter()
        subprocess.run(cmd, check=True, env={**os.environ, "HF_HUB_OFFLINE": "1"})
        seconds = time.perf_counter() - t
        rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        meta = pq.ParquetFile(out).metadata
        row = {"scorers": "+".join(scorers), "documents": n_docs, "sentences": meta.num_rows,
               "row_groups": meta.num_row_groups, "seconds": round(seconds, 1),
               "sentences_per_second": round(meta.num_rows / seconds, 1),
               "peak_rss_mb": round(rss_mb, 1), "corpus_mb": round(corpus.stat().st_size / 1e6, 1),
               "load_before": round(load, 2), "load_after": round(os.getloadavg()[0], 2),
               **linearity(pd.read_csv(chunks_csv))}
    record(row, args.out / "streaming.csv")


def record(row: dict, path: Path) -> None:
    """Add ``row`` to the table at ``path``, replacing a row of the same scorers and size."""
    import pandas as pd

    table = pd.read_csv(path) if path.is_file() else pd.DataFrame()
    if len(table):
        table = table[~((table["scorers"] == row["scorers"])
                        & (table["sentences"] == row["sentences"]))]
    table = pd.concat([table, pd.DataFrame([row])], ignore_index=True)
    table.to_csv(path, index=False)
    print(row)


if __name__ == "__main__":
    main()
