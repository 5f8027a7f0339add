"""Artifact files are byte-reproducible: safetensors metadata is written in sorted order."""

from __future__ import annotations

import json

import numpy as np
from safetensors.numpy import load_file, save_file

from framing.models.heads import LinearHead, sort_safetensors_metadata


def _header(path) -> dict:
    raw = path.read_bytes()
    n = int.from_bytes(raw[:8], "little")
    return json.loads(raw[8 : 8 + n])


def test_sorting_keeps_the_tensors_and_orders_the_metadata(tmp_path):
    path = tmp_path / "x.safetensors"
    tensors = {"w": np.arange(6, dtype=np.float32).reshape(2, 3)}
    meta = {k: v for k, v in zip("zyxwvu", "123456", strict=True)}
    save_file(tensors, str(path), metadata=meta)
    size = path.stat().st_size
    sort_safetensors_metadata(path)
    assert path.stat().st_size == size
    assert list(_header(path)["__metadata__"]) == sorted(meta)
    np.testing.assert_array_equal(load_file(str(path))["w"], tensors["w"])


def test_same_head_same_bytes_whatever_the_metadata_order(tmp_path):
    w, b = np.ones((2, 4), np.float32), np.zeros(2, np.float32)
    meta = {"scorer": "s", "seed": "13", "note": "é"}
    first = LinearHead(w, b, ("a", "b"), metadata=meta).save(tmp_path / "a.safetensors")
    second = LinearHead(w, b, ("a", "b"), metadata=dict(reversed(list(meta.items())))).save(
        tmp_path / "b.safetensors")
    assert first == second
