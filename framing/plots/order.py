"""The one order of sources in every figure and table of a results folder.

A reader compares figures side by side, so a source keeps its place (and its colour) in all
of them: the sources a config lists under ``analysis.source_order`` come first, in that order,
and the others follow sorted by name; without a configured order all are sorted by name.
Figures draw the first source at the top (rows) or top left (panels); tables list it first.
Estimates do not reorder anything: a forest plot sorted by its own estimate puts the sources
in a different order in every figure.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd


def _missing(value: object) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # list-like values are not missing
        return False


def source_order(values: Iterable[object], order: Sequence[object] | None = None) -> list[object]:
    """The distinct ``values`` (source labels) in the order of figures and tables.

    Args:
        values: Labels, repeats allowed (e.g. a table's ``source`` column).
        order: Labels to put first, in this order (e.g. ``analysis.source_order``); those not
            among ``values`` are skipped. Default none: all sorted by name.

    Returns:
        Each distinct label once: those named in ``order`` first, in that order, then the
        others sorted by their text, a missing label (``None``, ``NaN``) last.
    """
    seen: dict[object, None] = {}
    has_missing = False
    for value in values:
        if _missing(value):
            has_missing = True
        else:
            seen.setdefault(value)
    first = [v for v in dict.fromkeys(order or []) if v in seen]
    rest = sorted((v for v in seen if v not in first), key=str)
    return first + rest + ([None] if has_missing else [])


def order_rank(values: Iterable[object], order: Sequence[object] | None = None
               ) -> dict[object, int]:
    """Position of each label in :func:`source_order` (a missing label gets the last one).

    Args:
        values: Labels.
        order: As in :func:`source_order`.

    Returns:
        ``{label: position}``; look missing labels up with :func:`rank_of`.
    """
    return {v: i for i, v in enumerate(source_order(values, order))}


def rank_of(rank: dict[object, int], value: object) -> int:
    """Position of ``value`` in a :func:`order_rank` mapping (missing labels last).

    Args:
        rank: Output of :func:`order_rank`.
        value: A label.

    Returns:
        Its position.
    """
    if _missing(value):
        return rank.get(None, len(rank))
    return rank.get(value, len(rank))


def order_rows(table: pd.DataFrame, columns: str | Sequence[str],
               order: Sequence[object] | None = None) -> pd.DataFrame:
    """A table's rows sorted by :func:`source_order` of one or more label columns.

    Rows are sorted by the first column's labels, then the second's, and so on (e.g.
    ``["source", "versus"]`` of a contrasts table); ties keep their order (the sort is
    stable), so metrics stay in the order they were computed. Columns the table lacks are
    skipped.

    Args:
        table: Any table.
        columns: Label column(s) to sort by.
        order: As in :func:`source_order`; applied to every column (labels it does not name
            are sorted by name).

    Returns:
        A reordered copy with a fresh index.
    """
    cols = [columns] if isinstance(columns, str) else list(columns)
    cols = [c for c in cols if c in table.columns]
    if not cols or table.empty:
        return table.reset_index(drop=True)
    keys = []
    for col in cols:
        rank = order_rank(table[col], order)
        keys.append(table[col].map(lambda v, rank=rank: rank_of(rank, v)).to_numpy())
    idx = np.lexsort(keys[::-1])  # the last key is the primary one for lexsort
    return table.iloc[idx].reset_index(drop=True)
