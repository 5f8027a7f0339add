"""Cache benchmark: an unchanged experiment rerun vs its first run (fresh cache).

Usage: ``python benchmarks/cache_rerun.py [--config experiments/configs/demo.yaml]``. Runs the
experiment twice in subprocesses with a new, empty cache folder, writing to a temporary
results folder, and records both wall times and their ratio in
``results/benchmarks/cache_rerun.csv``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    """Run the experiment twice and record the timings."""
    import pandas as pd

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, default=REPO / "experiments" / "configs" /
                        "demo.yaml")
    parser.add_argument("--out", type=Path, default=REPO / "results" / "benchmarks")
    args = parser.parse_args()
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "HF_HUB_OFFLINE": "1", "FRAMING_CACHE_DIR": str(Path(tmp) / "c")}
        for _ in range(2):
            t = time.perf_counter()
            subprocess.run([sys.executable, "-m", "framing", "run", str(args.config), "-q",
                            "--output-dir", str(Path(tmp) / "r")], check=True, env=env)
            times.append(time.perf_counter() - t)
    args.out.mkdir(parents=True, exist_ok=True)
    row = {"config": args.config.name, "first_run_seconds": round(times[0], 2),
           "rerun_seconds": round(times[1], 2), "ratio": round(times[1] / times[0], 3)}
    pd.DataFrame([row]).to_csv(args.out / "cache_rerun.csv", index=False)
    print(row)


if __name__ == "__main__":
    main()
