"""The one source order of figures and tables (framing.plots.order)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from framing.plots.order import order_rows, source_order


@pytest.mark.parametrize(("values", "order", "expected"), [
    (["b", "a", "c", "a"], None, ["a", "b", "c"]),  # sorted by name, each once
    (["b", "a", "c"], ["c"], ["c", "a", "b"]),  # named first, the rest by name
    (["b", "a", "c"], ["c", "b", "a"], ["c", "b", "a"]),
    (["b", "a"], ["z", "b"], ["b", "a"]),  # names absent from the values are skipped
    (["b", None, "a", np.nan], None, ["a", "b", None]),  # missing last, once
    ([2, 10, 1], None, [1, 10, 2]),  # by text
    ([], ["a"], []),
])
def test_source_order(values, order, expected):
    assert source_order(values, order) == expected


def test_order_rows_sorts_stably_by_each_column_in_turn():
    table = pd.DataFrame({"source": ["B", "A", "B", "A", "C"],
                          "versus": ["A", "C", "C", "B", "A"],
                          "metric": ["m1", "m2", "m3", "m4", "m5"]})
    assert order_rows(table, "source")["metric"].tolist() == ["m2", "m4", "m1", "m3", "m5"]
    both = order_rows(table, ["source", "versus"], order=["C", "B"])
    assert list(zip(both["source"], both["versus"], strict=True)) == [
        ("C", "A"), ("B", "C"), ("B", "A"), ("A", "C"), ("A", "B")]
    assert order_rows(table, ["nope"]).equals(table)  # columns the table lacks are skipped
    assert order_rows(table.iloc[:0], "source").empty
