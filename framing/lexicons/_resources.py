"""Locate the lexicon data files shipped inside the installed lexicon packages.

Files are found through the packages' installed metadata (:mod:`importlib.metadata`), so the
packages themselves are never imported: NRCLex would pull in TextBlob, Empath imports
``requests`` and persuasion-index imports pandas and its scoring module.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import metadata
from pathlib import Path

from framing.errors import ModelUnavailableError

LEXICON_FILES: dict[str, tuple[str, tuple[str, ...]]] = {
    "nrc": ("nrclex", ("nrclex/data/nrc_en.json",)),
    "vader": ("vadersentiment", ("vaderSentiment/vader_lexicon.txt",)),
    "empath": ("empath", ("empath/data/categories.tsv",)),
    "persuasion": (
        "persuasion-index",
        ("helper_features/lexicons.json", "helper_features/lexicons_expanded_LLM_audited.json"),
    ),
}
"""Lexicon name -> (PyPI distribution, data files relative to its install location)."""

NAME_FILES: dict[str, tuple[str, tuple[str, ...]]] = {
    "first_names": ("nomquamgender", ("nomquamgender/name_data.json",)),
}
"""Name data (not word lexicons, so outside :func:`lexicon_versions` and scorer fingerprints)."""


def data_files(lexicon: str) -> tuple[Path, ...]:
    """Paths of a lexicon's data files inside its installed distribution.

    Args:
        lexicon: One of :data:`LEXICON_FILES` (``"nrc"``, ``"vader"``, ``"empath"``,
            ``"persuasion"``).

    Returns:
        The absolute paths, in the order of :data:`LEXICON_FILES`.

    Raises:
        ModelUnavailableError: When the distribution is not installed or a file is missing.
    """
    dist_name, files = {**LEXICON_FILES, **NAME_FILES}[lexicon]
    try:
        dist = metadata.distribution(dist_name)
    except metadata.PackageNotFoundError as exc:
        raise ModelUnavailableError(
            f"the {lexicon} lexicon needs the '{dist_name}' package: pip install {dist_name}"
        ) from exc
    paths = tuple(Path(str(dist.locate_file(f))).resolve() for f in files)
    for path in paths:
        if not path.is_file():
            raise ModelUnavailableError(
                f"lexicon file {path} of '{dist_name}' {dist.version} is missing; "
                f"reinstall it: pip install --force-reinstall {dist_name}"
            )
    return paths


@cache
def lexicon_versions() -> dict[str, dict[str, str]]:
    """Package version and sha256 of every lexicon data file, for provenance and caching.

    Returns:
        ``{lexicon: {"package": name, "version": v, "<file name>": sha256, ...}}``.
    """
    out: dict[str, dict[str, str]] = {}
    for lexicon, (dist_name, _) in LEXICON_FILES.items():
        entry = {"package": dist_name, "version": metadata.version(dist_name)}
        for path in data_files(lexicon):
            entry[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()
        out[lexicon] = entry
    return out
