"""The Propaganda Techniques Corpus (SemEval-2020 Task 11), train split, read from a path.

The data is never stored in the repository: it is read from ``../shared/data/ptc`` (or a
user-given folder). Articles have the title on line 1, a blank line, then one sentence per
line; labels are tab-separated ``article_id technique start end`` character spans (end
exclusive) into the article text as read (UTF-8).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from framing.errors import InputError
from framing.read import find_shared_dir

TECHNIQUE_TO_TYPE = {"Loaded_Language": "loaded_language", "Name_Calling,Labeling": "name_calling"}
"""PTC techniques that the emotive tagger learns, and the package's term type for each."""


@dataclass(frozen=True)
class PTCSentence:
    """One line of a PTC article with the spans that overlap it.

    Attributes:
        article_id: PTC article id.
        line_no: 0-based line number in the article.
        start: Offset of the line in the article text.
        text: The line.
        spans: ``(start, end, type)`` relative to the line, clipped to it.
    """

    article_id: str
    line_no: int
    start: int
    text: str
    spans: tuple[tuple[int, int, str], ...]


def default_ptc_dir() -> Path | None:
    """``ptc`` inside the shared data folder, when present."""
    shared = find_shared_dir()
    if shared is None:
        return None
    path = shared / "data" / "ptc"
    return path if path.is_dir() else None


def load_ptc(folder: str | Path | None = None) -> tuple[list[PTCSentence], dict[str, str]]:
    """Read PTC train articles as sentences with Loaded_Language / Name_Calling spans.

    Args:
        folder: The ``ptc`` folder (default: ``../shared/data/ptc``).

    Returns:
        The sentences (non-blank lines) and SHA-256 hashes of the label file and article set.

    Raises:
        InputError: When the folder or its files are missing or malformed.
    """
    path = Path(folder) if folder is not None else default_ptc_dir()
    if path is None or not path.is_dir():
        raise InputError(path, "PTC folder not found; pass the path to shared/data/ptc")
    labels_file = path / "train-task2-TC.labels"
    articles_dir = path / "train-articles"
    if not labels_file.is_file() or not articles_dir.is_dir():
        raise InputError(path, "expected train-task2-TC.labels and train-articles/ inside")
    spans: dict[str, list[tuple[int, int, str]]] = {}
    raw_labels = labels_file.read_bytes()
    for lineno, line in enumerate(raw_labels.decode("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) != 4:
            raise InputError(labels_file, "expected 4 tab-separated fields", lineno, "line")
        art, technique, s, e = parts
        if technique in TECHNIQUE_TO_TYPE:
            spans.setdefault(art, []).append((int(s), int(e), TECHNIQUE_TO_TYPE[technique]))
    h_articles = hashlib.sha256()
    sentences: list[PTCSentence] = []
    for file in sorted(articles_dir.glob("article*.txt")):
        art = file.stem.removeprefix("article")
        raw = file.read_bytes()
        h_articles.update(raw)
        text = raw.decode("utf-8")
        pos = 0
        for line_no, line in enumerate(text.split("\n")):
            start, end = pos, pos + len(line)
            pos = end + 1
            if not line.strip():
                continue
            inside = tuple(
                (max(s, start) - start, min(e, end) - start, kind)
                for s, e, kind in spans.get(art, [])
                if s < end and e > start and min(e, end) - max(s, start) > 0
            )
            sentences.append(PTCSentence(art, line_no, start, line, inside))
    hashes = {"labels_sha256": hashlib.sha256(raw_labels).hexdigest(),
              "articles_sha256": h_articles.hexdigest()}
    return sentences, hashes
