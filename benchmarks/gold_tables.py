"""Shared helpers of the gold-set benchmarks (``benchmarks/quotes.py``, ``benchmarks/targets.py``).

Reading a gold set, finding a gold substring in its text, and writing the accuracy tables
(``accuracy.csv``, ``per_category.csv``, ``failures.csv``) that both benchmarks write under
``results/validation/``; the Markdown tables of their READMEs come from
:func:`framing.report.markdown.markdown_table`.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from framing.report.markdown import markdown_table

Row = dict[str, str | int]


def load_jsonl(path: Path) -> list[dict]:
    """The cases of a gold set, one JSON object per non-empty line."""
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def locate(text: str, sub: str, occurrence: int = 1) -> tuple[int, int]:
    """Offsets of the ``occurrence``-th (1-based) occurrence of ``sub`` in ``text``.

    Raises:
        ValueError: If ``sub`` occurs fewer than ``occurrence`` times.
    """
    pos = -1
    for _ in range(occurrence):
        pos = text.find(sub, pos + 1)
        if pos < 0:
            raise ValueError(f"{sub!r} occurs fewer than {occurrence} times")
    return pos, pos + len(sub)


def collapse(s: str | None) -> str | None:
    """``s`` with whitespace runs collapsed (``None`` stays ``None``): how answers are compared."""
    return None if s is None else " ".join(s.split())


def ratio(num: int, den: int) -> str:
    """``num / den`` to four decimals, or ``""`` when ``den`` is 0."""
    return f"{num / den:.4f}" if den else ""


def csv_text(rows: list[Row]) -> str:
    """Rows (dicts with the same keys) as CSV text with a header, ``\\n`` line ends."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def markdown(rows: list[Row]) -> str:
    """Rows (dicts with the same keys) as a Markdown table."""
    keys = list(rows[0])
    return markdown_table(keys, [[r[k] for k in keys] for r in rows], compact_rule=True)


def write_tables(out: Path, accuracy: list[Row], per_category: list[Row], failures: list[Row],
                 failure_columns: list[str]) -> None:
    """Write ``accuracy.csv``, ``per_category.csv`` and ``failures.csv`` into ``out``.

    Args:
        out: The results folder (created if missing).
        accuracy: One row per subset or level.
        per_category: One row per gold category.
        failures: One row per wrong item (may be empty).
        failure_columns: The columns of ``failures.csv`` (its header when there are none).
    """
    out.mkdir(parents=True, exist_ok=True)
    (out / "accuracy.csv").write_text(csv_text(accuracy), encoding="utf-8")
    (out / "per_category.csv").write_text(csv_text(per_category), encoding="utf-8")
    (out / "failures.csv").write_text(
        csv_text(failures) if failures else ",".join(failure_columns) + "\n", encoding="utf-8")
