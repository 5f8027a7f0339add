"""The real-news attribution gold set: spans of real articles with voice, speaker and target.

``tests/data/attribution_real.jsonl`` holds no article text, only character spans into the
articles of the shared data folder (MBIC article texts, SemEval-2023 Task 3 and PTC *train*
articles, the seed) with their labels; :class:`ArticleTexts` reads the articles at run time.
Used by ``framing validate attribution`` (every split) and ``framing train speakers``
(``dev`` and ``train`` only).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

__all__ = ["GOLD", "REPO", "ArticleTexts", "load_gold"]

REPO = Path(__file__).resolve().parents[2]
GOLD = REPO / "tests" / "data" / "attribution_real.jsonl"


def load_gold(path: str | Path = GOLD) -> list[dict]:
    """The gold items, one JSON object per non-empty line."""
    with Path(path).open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


class ArticleTexts:
    """Article texts of a gold set, read once from the shared folder.

    Items name an MBIC article by its link (``dataset`` ``"mbic"``, ``key``) or any other
    article by its ``file`` under ``data/`` (SemEval-2023, PTC, ``../seeds/...``).
    """

    def __init__(self, shared: Path) -> None:
        self.data = shared / "data"
        self._mbic: dict[str, str] | None = None
        self._files: dict[str, str] = {}

    def _mbic_articles(self) -> dict[str, str]:
        if self._mbic is None:
            csv.field_size_limit(1 << 30)
            self._mbic = {}
            path = self.data / "babe" / "final_labels_MBIC.csv"
            with path.open(encoding="utf-8", newline="") as f:
                for row in csv.DictReader(f, delimiter=";"):
                    if row["article"] and row["news_link"] not in self._mbic:
                        self._mbic[row["news_link"]] = row["article"]
        return self._mbic

    def text(self, item: dict) -> str:
        """The article text of a gold item."""
        if item["dataset"] == "mbic":
            return self._mbic_articles()[item["key"]]
        name = item["file"]
        if name not in self._files:
            self._files[name] = (self.data / name).read_text(encoding="utf-8")
        return self._files[name]

    def paths(self, gold: list[dict]) -> list[Path]:
        """The files the gold items are read from (for the manifest)."""
        return sorted({self.data / g["file"] for g in gold})
