"""SemEval-2023 Task 3 (English TRAIN split only): genre, frames and persuasion techniques.

The data is never stored in the repository: it is read from
``../shared/data/semeval2023_task3/en`` (or a user-given folder). An article file has the title
on line 1, then paragraphs one per line (blank lines between them). Subtask 1 labels the genre
of each article (``opinion`` / ``reporting`` / ``satire``), subtask 2 its frames (multi-label
over 14), subtask 3 the persuasion techniques of each paragraph (multi-label over 23;
paragraph line numbers are 1-based line numbers of the article file; the title is line 1).

Only the training split is read here; the evaluation splits are never used by this package.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from framing.errors import InputError
from framing.read import find_shared_dir

SUBFOLDER = Path("data") / "semeval2023_task3" / "en"
"""Where the English training data lies inside the shared folder."""


@dataclass(frozen=True)
class SemEvalArticle:
    """One training article.

    Attributes:
        article_id: SemEval article id.
        text: The article file as read (UTF-8), title on line 1.
        genre: Subtask-1 label, ``None`` when the article has no subtask-1 label.
        frames: Subtask-2 frames (``None`` when unlabelled; may be empty).
    """

    article_id: str
    text: str
    genre: str | None
    frames: tuple[str, ...] | None

    @property
    def title(self) -> str:
        """Line 1 of the file."""
        return self.text.split("\n", 1)[0].strip()


@dataclass(frozen=True)
class SemEvalParagraph:
    """One labelled paragraph (a non-empty line of an article).

    Attributes:
        article_id: SemEval article id.
        line_no: 1-based line number in the article file (1 = title).
        text: The line.
        techniques: Subtask-3 techniques of the paragraph (may be empty).
    """

    article_id: str
    line_no: int
    text: str
    techniques: tuple[str, ...]


@dataclass(frozen=True)
class SemEvalData:
    """The English training split.

    Attributes:
        articles: Every article of the subtask-3 folder (a superset of subtasks 1-2), by id.
        paragraphs: The subtask-3 paragraphs with their techniques, in file order.
        frames: Frame inventory (14, official order).
        techniques: Technique inventory (23, official order).
        genres: The genres, sorted.
        sha256: Hashes of the label files and of the article set.
    """

    articles: dict[str, SemEvalArticle]
    paragraphs: list[SemEvalParagraph]
    frames: tuple[str, ...]
    techniques: tuple[str, ...]
    genres: tuple[str, ...]
    sha256: dict[str, str]

    def labelled_articles(self) -> list[SemEvalArticle]:
        """Articles with genre and frame labels (subtasks 1-2), sorted by id."""
        return [a for _, a in sorted(self.articles.items())
                if a.genre is not None and a.frames is not None]


def default_semeval_dir() -> Path | None:
    """``data/semeval2023_task3/en`` inside the shared folder, when present."""
    shared = find_shared_dir()
    if shared is None:
        return None
    path = shared / SUBFOLDER
    return path if path.is_dir() else None


def _lines(path: Path) -> list[str]:
    if not path.is_file():
        raise InputError(path, "file not found in the SemEval-2023 Task 3 folder")
    return path.read_text(encoding="utf-8").splitlines()


def _inventory(path: Path) -> tuple[str, ...]:
    return tuple(line.strip() for line in _lines(path) if line.strip())


def _split_labels(cell: str, known: tuple[str, ...], path: Path, lineno: int) -> tuple[str, ...]:
    labels = tuple(x.strip() for x in cell.split(",") if x.strip())
    bad = [x for x in labels if x not in known]
    if bad:
        raise InputError(path, f"unknown label {bad[0]!r}", lineno, "line")
    return labels


def _article_labels(path: Path, known: tuple[str, ...] | None) -> dict[str, str | tuple[str, ...]]:
    out: dict[str, str | tuple[str, ...]] = {}
    for lineno, line in enumerate(_lines(path), 1):
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) not in (1, 2):
            raise InputError(path, "expected id<TAB>label(s)", lineno, "line")
        cell = parts[1] if len(parts) == 2 else ""
        out[parts[0].strip()] = (cell.strip() if known is None
                                 else _split_labels(cell, known, path, lineno))
    return out


def load_semeval2023(folder: str | Path | None = None) -> SemEvalData:
    """Read the English training split of SemEval-2023 Task 3.

    Args:
        folder: The ``semeval2023_task3/en`` folder (default: in ``../shared/data``).

    Returns:
        Articles with genre and frames, paragraphs with techniques, inventories and hashes.

    Raises:
        InputError: When the folder or its files are missing or malformed.
    """
    path = Path(folder) if folder is not None else default_semeval_dir()
    if path is None or not path.is_dir():
        raise InputError(path, "SemEval-2023 Task 3 folder not found; pass the path to "
                               "shared/data/semeval2023_task3/en")
    frames = _inventory(path / "frames_subtask2.txt")
    techniques = _inventory(path / "techniques_subtask3.txt")
    genre_of = _article_labels(path / "train-labels-subtask-1.txt", None)
    frames_of = _article_labels(path / "train-labels-subtask-2.txt", frames)
    art_dir = path / "train-articles-subtask-3"
    if not art_dir.is_dir():
        raise InputError(art_dir, "article folder not found")
    h_art = hashlib.sha256()
    articles: dict[str, SemEvalArticle] = {}
    for file in sorted(art_dir.glob("article*.txt")):
        raw = file.read_bytes()
        h_art.update(file.name.encode() + b"\0" + raw)
        aid = file.stem.removeprefix("article")
        genre = genre_of.get(aid)
        fr = frames_of.get(aid)
        articles[aid] = SemEvalArticle(aid, raw.decode("utf-8"),
                                       str(genre) if genre is not None else None,
                                       tuple(fr) if fr is not None else None)
    missing = sorted(set(genre_of) - set(articles))
    if missing:
        raise InputError(art_dir, f"article {missing[0]} of the subtask-1 labels is missing")
    label_file = path / "train-labels-subtask-3.txt"
    paragraphs: list[SemEvalParagraph] = []
    for lineno, line in enumerate(_lines(label_file), 1):
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) not in (2, 3) or not parts[1].strip().isdigit():
            raise InputError(label_file, "expected id<TAB>line<TAB>techniques", lineno, "line")
        aid, line_no = parts[0].strip(), int(parts[1])
        if aid not in articles:
            raise InputError(label_file, f"article {aid} not found", lineno, "line")
        text_lines = articles[aid].text.splitlines()
        if not 1 <= line_no <= len(text_lines):
            raise InputError(label_file, f"line {line_no} is not in article {aid}", lineno,
                             "line")
        techs = _split_labels(parts[2] if len(parts) == 3 else "", techniques, label_file, lineno)
        paragraphs.append(SemEvalParagraph(aid, line_no, text_lines[line_no - 1], techs))
    hashes = {name: hashlib.sha256((path / name).read_bytes()).hexdigest()
              for name in ("train-labels-subtask-1.txt", "train-labels-subtask-2.txt",
                           "train-labels-subtask-3.txt")}
    hashes["articles"] = h_art.hexdigest()
    genres = tuple(sorted({str(g) for g in genre_of.values()}))
    return SemEvalData(articles, paragraphs, frames, techniques, genres, hashes)
