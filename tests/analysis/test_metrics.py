"""Character-level span scores (types merged)."""

from __future__ import annotations

import pytest

from framing.analysis.metrics import char_scores


@pytest.mark.parametrize(("gold", "pred", "p", "r"), [
    ([[(0, 10, "a")]], [[(0, 10, "b")]], 1.0, 1.0),            # types merged
    ([[(0, 10, "a")]], [[(5, 15, "a")]], 0.5, 0.5),            # half overlap
    ([[(0, 10, "a")]], [[]], 0.0, 0.0),                        # nothing predicted
    ([[(0, 4, "a"), (2, 6, "b")]], [[(0, 6, "a")]], 1.0, 1.0),  # overlapping gold: union
    ([[(0, 4, "a")], [(0, 4, "a")]], [[(0, 4, "a")], [(4, 8, "a")]], 0.5, 0.5),  # per unit
])
def test_char_scores(gold, pred, p, r):
    out = char_scores(gold, pred)
    assert out["char_precision"] == pytest.approx(p)
    assert out["char_recall"] == pytest.approx(r)
    assert out["char_f1"] == pytest.approx(0.0 if p + r == 0 else 2 * p * r / (p + r))


def test_char_scores_need_aligned_units():
    with pytest.raises(ValueError):
        char_scores([[]], [])
