"""The human-rated ground truth of Hutto & Gilbert (2014), from the vaderSentiment sdist.

The source distribution of ``vadersentiment==3.3.2`` (MIT licence) contains
``additional_resources/hutto_ICWSM_2014.tar.gz`` with four ground-truth sets rated by 20 people
each on a -4..+4 scale: 5,190 New York Times editorial sentences, movie-review snippets,
Amazon-review snippets and tweets. This module finds or fetches that sdist (``pip download``
from the package registry; nothing from a model hub) and reads a set as a table.
"""

from __future__ import annotations

import hashlib
import io
import tarfile
from pathlib import Path

import pandas as pd

from framing.datasets.sdist import (  # noqa: F401 - re-exported
    default_download_dir,
    find_or_fetch_package_sdist,
    sha256_file,
)
from framing.errors import InputError

SDIST_NAME = "vaderSentiment-3.3.2.tar.gz"
SDIST_REQUIREMENT = "vadersentiment==3.3.2"
GROUND_TRUTH_SETS = {
    "nyt": "nytEditorialSnippets_GroundTruth.txt",
    "movies": "movieReviewSnippets_GroundTruth.txt",
    "amazon": "amazonReviewSnippets_GroundTruth.txt",
    "tweets": "tweets_GroundTruth.txt",
}


def find_or_fetch_sdist(sdist: str | Path | None = None, download: bool = True) -> Path:
    """Return the path of the vaderSentiment 3.3.2 sdist, downloading it with pip if needed.

    Args:
        sdist: An explicit path to the ``.tar.gz``; otherwise the download folder is used.
        download: Whether ``pip download`` may be run when the file is absent.

    Raises:
        InputError: When the sdist is missing and cannot be downloaded.
    """
    return find_or_fetch_package_sdist(SDIST_REQUIREMENT, SDIST_NAME, sdist, download)


def load_ground_truth(name: str = "nyt", sdist: str | Path | None = None) -> pd.DataFrame:
    """Read one ground-truth set of the VADER paper.

    Args:
        name: One of ``nyt``, ``movies``, ``amazon``, ``tweets``.
        sdist: Path to the vaderSentiment 3.3.2 sdist (found or downloaded when None).

    Returns:
        DataFrame with columns ``id``, ``rating`` (mean of 20 raters, -4..4), ``text``;
        ``df.attrs["sha256"]`` holds the hash of the set's file.
    """
    if name not in GROUND_TRUTH_SETS:
        raise InputError(None, f"unknown VADER ground-truth set '{name}'; "
                               f"choose from {', '.join(GROUND_TRUTH_SETS)}")
    path = find_or_fetch_sdist(sdist)
    member = GROUND_TRUTH_SETS[name]
    with tarfile.open(path, "r:gz") as outer:
        inner_info = next(
            (m for m in outer.getmembers() if m.name.endswith("hutto_ICWSM_2014.tar.gz")), None
        )
        if inner_info is None:
            raise InputError(path, "hutto_ICWSM_2014.tar.gz not found inside the sdist")
        inner_bytes = outer.extractfile(inner_info).read()  # type: ignore[union-attr]
    with tarfile.open(fileobj=io.BytesIO(inner_bytes), mode="r:gz") as inner:
        info = next((m for m in inner.getmembers() if m.name.endswith(member)), None)
        if info is None:
            raise InputError(path, f"{member} not found in hutto_ICWSM_2014.tar.gz")
        raw = inner.extractfile(info).read()  # type: ignore[union-attr]
    rows = []
    for lineno, line in enumerate(raw.decode("utf-8", errors="replace").splitlines(), 1):
        if not line.strip():
            continue
        parts = line.split("\t", 2)
        if len(parts) != 3:
            raise InputError(f"{path}!{member}", "expected id<TAB>rating<TAB>text", lineno, "line")
        rows.append((parts[0].strip(), float(parts[1]), parts[2].strip()))
    df = pd.DataFrame(rows, columns=["id", "rating", "text"])
    df.attrs["sha256"] = hashlib.sha256(raw).hexdigest()
    df.attrs["source"] = f"{SDIST_REQUIREMENT} sdist: {member}"
    return df
