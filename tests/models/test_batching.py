"""The one length-sorted batcher, padding and mean-pooling."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from framing.models.batching import (
    length_sorted_batches,
    mean_pool,
    pad,
    pad_windows,
    to_numpy,
)


@pytest.mark.parametrize(
    ("lengths", "batch_size", "expected"),
    [
        ([], 4, []),
        ([3, 1, 2], 2, [[1, 2], [0]]),
        ([5, 5, 1, 5], 3, [[2, 0, 1], [3]]),  # ties keep input order
        ([2, 1], 0, [[1], [0]]),  # a batch size below 1 counts as 1
        ([1, 2, 3], 64, [[0, 1, 2]]),
    ],
)
def test_length_sorted_batches(lengths, batch_size, expected):
    assert length_sorted_batches(lengths, batch_size) == expected


def test_pad_and_pad_windows():
    ids = pad([[7, 8, 9], [4]], fill=0)
    assert ids.dtype == torch.long and ids.tolist() == [[7, 8, 9], [4, 0, 0]]
    ids, mask = pad_windows([[2, 5, 3], [2, 3]], pad_id=1)
    assert ids.tolist() == [[2, 5, 3], [2, 3, 1]]
    assert mask.tolist() == [[1, 1, 1], [1, 1, 0]]


@pytest.mark.parametrize(
    ("mask", "expected"),
    [
        ([[1, 1, 0]], [[2.0, 3.0]]),  # padding left out of the mean
        ([[1, 0, 0]], [[1.0, 2.0]]),
        ([[0, 0, 0]], [[0.0, 0.0]]),  # an empty row gives zeros, not NaN
    ],
)
def test_mean_pool(mask, expected):
    hidden = torch.tensor([[[1.0, 2.0], [3.0, 4.0], [100.0, 100.0]]])
    out = to_numpy(mean_pool(hidden, torch.tensor(mask)))
    assert out.dtype == np.float32
    np.testing.assert_allclose(out, expected)
