"""Model maths of the small heads: the softmax and the linear head."""

from __future__ import annotations

import numpy as np
import pytest

from framing.models.heads import LinearHead, softmax


@pytest.mark.parametrize(
    ("logits", "expected"),
    [
        ([[0.0, 0.0]], [[0.5, 0.5]]),
        ([[np.log(3.0), 0.0]], [[0.75, 0.25]]),
        ([[1000.0, 1000.0, 1000.0]], [[1 / 3, 1 / 3, 1 / 3]]),  # no overflow
        ([[-1000.0, 0.0]], [[0.0, 1.0]]),
    ],
)
def test_softmax(logits, expected):
    np.testing.assert_allclose(softmax(np.array(logits)), expected, atol=1e-12)


def test_softmax_of_no_rows_keeps_the_width():
    assert softmax(np.zeros((0, 3))).shape == (0, 3)


def test_linear_head_probabilities_are_the_softmax_of_its_logits():
    rng = np.random.default_rng(0)
    head = LinearHead(weight=rng.normal(size=(3, 4)).astype(np.float32),
                      bias=rng.normal(size=3).astype(np.float32), labels=("a", "b", "c"))
    x = rng.normal(size=(5, 4)).astype(np.float32)
    logits = head.logits(x)
    assert logits.dtype == np.float64
    np.testing.assert_allclose(logits, x.astype(float) @ head.weight.T.astype(float) + head.bias)
    np.testing.assert_array_equal(head.predict_proba(x), softmax(logits))
