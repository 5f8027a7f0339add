"""The project's ``shared`` folder and the seed article kept in it."""

from __future__ import annotations

import os
from pathlib import Path

from framing.errors import InputError
from framing.read.txt import read_txt
from framing.schema import Document

SHARED_DIR_ENV = "FRAMING_SHARED_DIR"
"""Environment variable naming the shared folder; overrides the search."""

SEED_RELATIVE_PATH = Path("seeds") / "mirror_2025_klitschko_kharkiv.txt"
"""Location of the seed article inside the shared folder."""

SEED_DOC_ID = "mirror_2025_klitschko_kharkiv"
"""``doc_id`` of the seed article."""

SEED_SOURCE = "Daily Mirror (seed article)"
"""``source`` of the seed article."""

_REPO_ROOT = Path(__file__).resolve().parents[2]


def find_shared_dir(start: Path | None = None) -> Path | None:
    """Find the project's ``shared`` folder, which sits beside the repository.

    Looked for, in order: ``$FRAMING_SHARED_DIR`` (used alone when set), ``../shared``
    relative to ``start`` (default: the current directory), and ``../shared`` relative to the
    repository this package was loaded from.

    Args:
        start: Folder to search from instead of the current directory.

    Returns:
        The folder, or ``None`` when there is none.
    """
    override = os.environ.get(SHARED_DIR_ENV)
    if override:
        path = Path(override).expanduser()
        return path if path.is_dir() else None
    base = Path.cwd() if start is None else Path(start)
    for candidate in (base.resolve().parent / "shared", _REPO_ROOT.parent / "shared"):
        if candidate.is_dir():
            return candidate
    return None


def read_seed_article(path: str | Path | None = None) -> Document:
    """Load the seed article (Daily Mirror, 2025, Klitschko on Kharkiv) as a document.

    Args:
        path: The seed text file; by default ``seeds/mirror_2025_klitschko_kharkiv.txt`` in
            the folder found by :func:`find_shared_dir`.

    Returns:
        The document: the whole file as text (one paragraph per line), no title.

    Raises:
        InputError: The shared folder or the file is missing, or the file is unreadable.
    """
    if path is None:
        shared = find_shared_dir()
        if shared is None:
            raise InputError(
                SEED_RELATIVE_PATH,
                f"seed article not found: no shared folder (looked for ../shared beside the "
                f"current directory and beside the repository; set {SHARED_DIR_ENV})",
            )
        path = shared / SEED_RELATIVE_PATH
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "seed article not found (is the shared folder complete?)")
    doc_id = SEED_DOC_ID if path.name == SEED_RELATIVE_PATH.name else path.stem
    return read_txt(path, doc_id=doc_id, source=SEED_SOURCE)
