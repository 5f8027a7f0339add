"""Streaming benchmark: score a generated corpus far larger than one chunk; time and peak RSS.

Usage: ``python benchmarks/streaming.py [--sentences 1000000] [--scorer sentiment.vader.v1]``.
Generates a JSON Lines corpus of about N sentences (synthetic news-like articles of 20
sentences), runs ``framing score corpus.jsonl -o out.parquet`` in a subprocess (streaming,
``--chunk-docs 2000``, no cache) and records wall time, sentences/s and the child's peak RSS in
``results/benchmarks/streaming.csv`` (one row per scorer set, appended/replaced by name).
"""

from __future__ import annotations

import argparse
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


def main() -> None:
    """Generate, score in a subprocess, record time and peak memory."""
    import pandas as pd
    import pyarrow.parquet as pq

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=1_000_000)
    parser.add_argument("--scorer", action="append", default=None)
    parser.add_argument("--out", type=Path, default=REPO / "results" / "benchmarks")
    args = parser.parse_args()
    scorers = args.scorer or ["sentiment.vader.v1"]
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        n_docs = make_corpus(corpus, args.sentences)
        out = Path(tmp) / "out.parquet"
        cmd = [sys.executable, "-m", "framing", "score", str(corpus), "-o", str(out), "-q",
               "--no-cache", "--chunk-docs", "2000"]
        for s in scorers:
            cmd += ["-s", s]
        t = time.perf_counter()
        subprocess.run(cmd, check=True, env={**os.environ, "HF_HUB_OFFLINE": "1"})
        seconds = time.perf_counter() - t
        rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        meta = pq.ParquetFile(out).metadata
        row = {"scorers": "+".join(scorers), "documents": n_docs, "sentences": meta.num_rows,
               "row_groups": meta.num_row_groups, "seconds": round(seconds, 1),
               "sentences_per_second": round(meta.num_rows / seconds, 1),
               "peak_rss_mb": round(rss_mb, 1), "corpus_mb": round(corpus.stat().st_size / 1e6, 1)}
    path = args.out / "streaming.csv"
    table = pd.read_csv(path) if path.is_file() else pd.DataFrame()
    if len(table):
        table = table[table["scorers"] != row["scorers"]]
    table = pd.concat([table, pd.DataFrame([row])], ignore_index=True)
    table.to_csv(path, index=False)
    print(row)


if __name__ == "__main__":
    main()
