"""Ray engine scaling: sentences/s with 1 and 2 actors (one CPU, one torch thread each).

Usage: ``python benchmarks/ray_scaling.py [--sentences 21000] [--actors 1,2] [--repeats 1]
[--scorer sentiment.minilm-nyt-probe.v1] [--batch-docs 50] [--out results/benchmarks]``.

Generates a JSON Lines corpus of about N distinct sentences (the demo articles repeated, every
sentence made unique, as ``benchmarks/throughput.py`` does), starts one local Ray instance
with as many CPUs as the largest actor count, and scores the corpus with
:func:`framing.scale.ray_score` (no cache) once per actor count per repeat, the order of the
actor counts rotated each repeat so machine load hits every arm alike. Each run is timed end
to end (driver validation, actor start and model load, scoring, writing) and, separately,
from the first to the last chunk scored (the steady state: ``scoring_seconds``), which is
what a long run on a cluster approaches. The load average (``os.getloadavg``) before and
after each run is recorded: on a shared machine the numbers are noisy.

Writes ``ray_scaling_runs.csv`` (every run) and ``ray_scaling.csv`` (per actor count: median
sentences/s end to end and steady state, speed-up over 1 actor, the load) into the output
folder, and the machine into ``ray_scaling_machine.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from throughput import make_corpus  # noqa: E402 - the shared corpus generator


def _steady_seconds(out: Path) -> float | None:
    """Seconds between the first and last part file written (mtime), or None for one file."""
    times = sorted(p.stat().st_mtime for p in out.glob("*.parquet"))
    return times[-1] - times[0] if len(times) > 1 else None


def main() -> None:
    """Generate the corpus, time each actor count, write the tables."""
    import pandas as pd
    import ray

    from framing.scale import ray_score

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=21_000)  # >= 20k after rounding
    parser.add_argument("--actors", default="1,2")
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--scorer", action="append", default=None)
    parser.add_argument("--batch-docs", type=int, default=50)
    parser.add_argument("--out", type=Path, default=REPO / "results" / "benchmarks")
    args = parser.parse_args()
    scorers = args.scorer or ["sentiment.minilm-nyt-probe.v1"]
    counts = [int(a) for a in args.actors.split(",")]
    args.out.mkdir(parents=True, exist_ok=True)
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        corpus = make_corpus(args.sentences, Path(tmp))
        ray.init(num_cpus=max(counts), include_dashboard=False, log_to_driver=False,
                 logging_level="ERROR")
        try:
            for rep in range(args.repeats):
                shift = rep % len(counts)
                for actors in counts[shift:] + counts[:shift]:
                    out = Path(tmp) / f"out-{actors}-{rep}"
                    load = os.getloadavg()[0]
                    t = time.perf_counter()
                    n_docs, n_sents = ray_score([corpus], out, scorers, actors=actors,
                                                batch_docs=args.batch_docs, device="cpu")
                    seconds = time.perf_counter() - t
                    steady = _steady_seconds(out)
                    chunks = len(list(out.glob("*.parquet")))
                    runs.append({
                        "repeat": rep, "actors": actors, "scorers": "+".join(scorers),
                        "documents": n_docs, "sentences": n_sents, "chunks": chunks,
                        "seconds": round(seconds, 1),
                        "sentences_per_second": round(n_sents / seconds, 1),
                        # the first chunk's file is written after its scoring: the span from
                        # the first to the last file covers chunks - 1 chunks
                        "steady_sentences_per_second": (
                            round(n_sents * (chunks - 1) / chunks / steady, 1)
                            if steady else None),
                        "load_before": round(load, 2),
                        "load_after": round(os.getloadavg()[0], 2)})
                    print(runs[-1], flush=True)
        finally:
            ray.shutdown()
    table = pd.DataFrame(runs)
    table.to_csv(args.out / "ray_scaling_runs.csv", index=False)
    summary = []
    for actors, group in table.groupby("actors"):
        steady = group["steady_sentences_per_second"].dropna()
        summary.append({
            "actors": actors, "scorers": group["scorers"].iloc[0],
            "sentences": int(group["sentences"].iloc[0]), "runs": len(group),
            "sentences_per_second": statistics.median(group["sentences_per_second"]),
            "steady_sentences_per_second": (statistics.median(steady) if len(steady)
                                            else None),
            "load_median": statistics.median(group["load_before"])})
    summary_table = pd.DataFrame(summary)
    base = summary_table.loc[summary_table["actors"] == min(counts)].iloc[0]
    for col in ("sentences_per_second", "steady_sentences_per_second"):
        summary_table[f"speedup_{col}"] = (summary_table[col] / base[col]).round(2) \
            if base[col] else None
    summary_table.to_csv(args.out / "ray_scaling.csv", index=False)
    machine = {"python": platform.python_version(), "platform": platform.platform(terse=True),
               "cpu_count": os.cpu_count(), "ray": ray.__version__,
               "loadavg_end": os.getloadavg()}
    (args.out / "ray_scaling_machine.json").write_text(json.dumps(machine, indent=2) + "\n")
    print(summary_table.to_string(index=False))


if __name__ == "__main__":
    main()
