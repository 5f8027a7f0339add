"""Helpers every training recipe shares (framing.training.common)."""

from __future__ import annotations

import json
import random

import numpy as np
import pytest
import torch

from framing.errors import InputError
from framing.training.common import (
    batches,
    rating_to_class,
    read_json,
    read_records,
    sentiment_metrics,
    set_seed,
    write_card,
)


def test_set_seed_makes_every_generator_repeat():
    def draw():
        return random.random(), float(np.random.rand()), float(torch.rand(1))

    set_seed(13)
    first = draw()
    set_seed(13)
    assert draw() == first
    set_seed(14)
    assert draw() != first


def test_batches_cover_each_index_once_in_length_buckets():
    lengths = [5, 1, 9, 3, 3, 7, 2, 8, 6, 4]
    out = batches(list(range(10)), lengths, 3, random.Random(0))
    assert sorted(i for b in out for i in b) == list(range(10))
    assert sorted(len(b) for b in out) == [1, 3, 3, 3]
    # a batch holds neighbours in length order (less padding)
    ranks = {i: r for r, i in enumerate(sorted(range(10), key=lambda i: lengths[i]))}
    for b in out:
        r = sorted(ranks[i] for i in b)
        assert r == list(range(r[0], r[0] + len(b)))


def test_batches_are_seeded():
    lengths = [3] * 20
    a = batches(list(range(20)), lengths, 4, random.Random(7))
    assert a == batches(list(range(20)), lengths, 4, random.Random(7))
    assert a != batches(list(range(20)), lengths, 4, random.Random(8))


@pytest.mark.parametrize(("rating", "expected"), [
    (-4.0, 0), (-0.51, 0), (-0.5, 1), (0.0, 1), (0.5, 1), (0.51, 2), (3.2, 2)])
def test_rating_to_class_has_a_closed_neutral_band(rating: float, expected: int):
    assert int(rating_to_class(np.array([rating]))[0]) == expected


def test_sentiment_metrics_perfect_prediction():
    ratings = np.array([-2.0, -1.0, 0.0, 0.2, 1.0, 3.0])
    proba = np.eye(3)[rating_to_class(ratings)] * 0.98 + 0.01 / 1.5
    m = sentiment_metrics(proba, ratings)
    assert m["accuracy_3class"] == 1.0 and m["binary_accuracy_abs_ge_0.5"] == 1.0
    assert m["pearson_r"] > 0.9


def test_write_card_and_read_json(tmp_path):
    write_card(tmp_path, {"b": 1, "a": [1.5]}, lambda c: f"# {sorted(c)}\n")
    assert (tmp_path / "card.json").read_text() == '{\n  "a": [\n    1.5\n  ],\n  "b": 1\n}\n'
    assert (tmp_path / "MODEL_CARD.md").read_text() == "# ['a', 'b']\n"
    assert read_json(tmp_path / "card.json", "card") == {"a": [1.5], "b": 1}
    (tmp_path / "bad.json").write_text("{")
    with pytest.raises(InputError, match="not valid JSON"):
        read_json(tmp_path / "bad.json", "card")
    with pytest.raises(InputError, match="card not found"):
        read_json(tmp_path / "missing.json", "card")


def test_read_records_types_cells(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text('setting,r,acc,note\n"a, b",0.671,,kept\n')
    assert read_records(path, "trials") == [
        {"setting": "a, b", "r": 0.671, "acc": None, "note": "kept"}]
    with pytest.raises(InputError, match="trials not found"):
        read_records(tmp_path / "none.csv", "trials")
    json.dumps(read_records(path, "trials"))  # plain values
