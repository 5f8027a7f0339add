"""The validation suites behind ``kind: validation`` experiment configs."""

from __future__ import annotations

import time
from pathlib import Path

from framing.config import ExperimentConfig
from framing.outputs import write_json, write_text
from framing.report.manifest import build_manifest
from framing.validation.emotive import validate_emotive
from framing.validation.inference import validate_inference
from framing.validation.sentiment import validate_sentiment

SUITES = {"sentiment": validate_sentiment, "emotive": validate_emotive,
          "inference": validate_inference}


def run_validations(config: ExperimentConfig, raw: dict, config_path: Path, out_dir: Path
                    ) -> Path:
    """Run the validation suites and collect their tables under one results folder."""
    runners = {name: fn for name, fn in SUITES.items() if name in config.validations}
    timings = {}
    for name, fn in runners.items():
        t = time.perf_counter()
        fn(out_dir / name)
        timings[name] = round(time.perf_counter() - t, 3)
    write_json(out_dir / "manifest.json", build_manifest(
        experiment=config.name, config=raw, config_file=config_path.name,
        validations=list(runners), git_folder=config_path.resolve().parent, timings=timings))
    parts = [f"- `{n}/`: see `{n}/README.md`" for n in runners]
    write_text(out_dir / "README.md", f"# Validation\n\nWritten by `framing run "
               f"{config_path.name}` (do not edit by hand).\n{config.description}\n\n"
               + "\n".join(parts) + "\n")
    return out_dir
