"""On-disk cache of sentence scores, keyed by (scorer name + version + model hash, text hash).

A single SQLite file (standard library, safe for concurrent readers, atomic commits) holds one
row per (scorer key, sentence hash) with the scorer's output row as JSON. Re-running unchanged
work reads scores back instead of running the model; a new model or scorer version has a new
key, so stale scores are never returned.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from framing.errors import OutputError


def default_cache_dir() -> Path:
    """``$FRAMING_CACHE_DIR``, else ``$XDG_CACHE_HOME/framing``, else ``~/.cache/framing``."""
    env = os.environ.get("FRAMING_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "framing"


def text_hash(text: str) -> str:
    """SHA-256 of a sentence's UTF-8 text (hex, 32 digits)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _encode(value: object) -> object:
    if isinstance(value, float) and math.isnan(value):
        return {"__nan__": True}
    if hasattr(value, "item"):  # numpy scalar
        return _encode(value.item())  # type: ignore[union-attr]
    return value


def _decode(value: object) -> object:
    if isinstance(value, dict) and value.get("__nan__"):
        return math.nan
    return value


class ScoreCache:
    """SQLite-backed score cache.

    Args:
        folder: Cache folder (created on first write); defaults to :func:`default_cache_dir`.
    """

    FILENAME = "scores.sqlite3"

    def __init__(self, folder: str | Path | None = None) -> None:
        self.folder = Path(folder) if folder is not None else default_cache_dir()
        self._conn: sqlite3.Connection | None = None

    @property
    def path(self) -> Path:
        """The SQLite file."""
        return self.folder / self.FILENAME

    def _connect(self) -> sqlite3.Connection:
        if self._conn is None:
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                conn = sqlite3.connect(self.path, timeout=60)
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute(
                    "CREATE TABLE IF NOT EXISTS scores (scorer TEXT NOT NULL, "
                    "text_hash TEXT NOT NULL, row TEXT NOT NULL, PRIMARY KEY (scorer, text_hash))"
                )
                conn.commit()
            except (OSError, sqlite3.Error) as exc:
                raise OutputError(f"{self.path}: cannot open the score cache ({exc}); "
                                  "use --no-cache or --cache-dir") from exc
            self._conn = conn
        return self._conn

    def get_many(self, scorer_key: str, hashes: Sequence[str]) -> dict[str, dict]:
        """Cached rows for the given text hashes (missing ones are absent from the result)."""
        conn = self._connect()
        found: dict[str, dict] = {}
        unique = list(dict.fromkeys(hashes))
        for i in range(0, len(unique), 500):
            chunk = unique[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for h, row in conn.execute(
                f"SELECT text_hash, row FROM scores WHERE scorer = ? AND text_hash IN ({marks})",
                [scorer_key, *chunk],
            ):
                found[h] = {k: _decode(v) for k, v in json.loads(row).items()}
        return found

    def put_many(self, scorer_key: str, rows: Iterable[tuple[str, Mapping[str, object]]]) -> None:
        """Store rows (text hash, column -> value) in one transaction."""
        conn = self._connect()
        try:
            with conn:
                conn.executemany(
                    "INSERT OR REPLACE INTO scores VALUES (?, ?, ?)",
                    [(scorer_key, h, json.dumps({k: _encode(v) for k, v in r.items()}))
                     for h, r in rows],
                )
        except sqlite3.Error as exc:
            raise OutputError(f"{self.path}: cannot write the score cache ({exc})") from exc

    def count(self, scorer_key: str | None = None) -> int:
        """Number of cached rows, for one scorer key or in all."""
        conn = self._connect()
        if scorer_key is None:
            return int(conn.execute("SELECT COUNT(*) FROM scores").fetchone()[0])
        q = "SELECT COUNT(*) FROM scores WHERE scorer = ?"
        return int(conn.execute(q, [scorer_key]).fetchone()[0])

    def close(self) -> None:
        """Close the connection."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None
