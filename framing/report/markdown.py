"""The one Markdown table renderer of the results READMEs (experiments, validation, benchmarks)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence


def markdown_table(
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    cell: Callable[[object], str] = str,
    compact_rule: bool = False,
) -> str:
    """Render a GitHub-flavoured Markdown table, one line per row, without a final newline.

    Args:
        header: Column titles.
        rows: The rows, each a sequence of values in header order.
        cell: Turns a value into its cell text (default :class:`str`).
        compact_rule: Write the rule under the header as ``|---|---|`` instead of
            ``| --- | --- |``.

    Returns:
        The table: a header line, the rule, one line per row.

    Examples:
        >>> print(markdown_table(["source", "n"], [["Wire", 3]]))
        | source | n |
        | --- | --- |
        | Wire | 3 |
    """
    rule = "|" + "---|" * len(header) if compact_rule else (
        "| " + " | ".join("---" for _ in header) + " |")
    lines = ["| " + " | ".join(header) + " |", rule]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)
