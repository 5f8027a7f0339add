"""The one length-sorted batcher, the one padding and the one mean-pooling of every model.

Batches are formed from inputs sorted by length, so each batch is padded only to its own
longest member (as Hugging Face pipelines do); results are put back in input order by the
caller through the indices each batch carries. Torch is imported only when a function runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # pragma: no cover - typing only
    import torch


def length_sorted_batches(lengths: Sequence[int], batch_size: int) -> list[list[int]]:
    """Indices of the inputs grouped into batches of similar length.

    Args:
        lengths: Length of each input (e.g. tokens of each window).
        batch_size: Inputs per batch (values below 1 count as 1).

    Returns:
        Batches of input indices, shortest inputs first; ties keep input order.
    """
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    size = max(1, int(batch_size))
    return [order[b : b + size] for b in range(0, len(order), size)]


def pad(sequences: Sequence[Sequence[int]], fill: int, device: str | None = None
        ) -> torch.Tensor:
    """Right-pad integer sequences into one ``(n, longest)`` long tensor.

    Args:
        sequences: Token ids (or any integer features) per row; at least one.
        fill: Value of the padding positions.
        device: Torch device the tensor is moved to (``None`` leaves it on the CPU).
    """
    import torch

    width = max(len(s) for s in sequences)
    out = torch.full((len(sequences), width), fill, dtype=torch.long)
    for row, seq in enumerate(sequences):
        out[row, : len(seq)] = torch.tensor(seq, dtype=torch.long)
    return out if device is None else out.to(device)


def pad_windows(windows: Sequence[Sequence[int]], pad_id: int, device: str | None = None
                ) -> tuple[torch.Tensor, torch.Tensor]:
    """``input_ids`` and ``attention_mask`` tensors for token windows.

    Args:
        windows: Token ids per row (special tokens included); at least one.
        pad_id: The tokenizer's padding id.
        device: Torch device the tensors are moved to.
    """
    return pad(windows, pad_id, device), pad([[1] * len(w) for w in windows], 0, device)


def mean_pool(hidden: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Mean of token states ``(n, length, dim)`` over the attention mask ``(n, length)``."""
    m = mask.unsqueeze(-1).to(hidden.dtype)
    return (hidden * m).sum(1) / m.sum(1).clamp(min=1.0)


def to_numpy(t: torch.Tensor) -> np.ndarray:
    """Detach to a float32 NumPy array on the CPU."""
    return t.detach().float().cpu().numpy()
