"""Small trained heads on top of the encoder, stored as safetensors (no pickle)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from framing.errors import ModelUnavailableError


def softmax(logits: np.ndarray) -> np.ndarray:
    """Row-wise softmax of ``(n, k)`` logits (shifted by each row's maximum for stability).

    Args:
        logits: Class logits, one row per input; ``(0, k)`` gives ``(0, k)``.

    Returns:
        Probabilities of the same shape (float64 for float64 input), rows summing to 1.
    """
    z = logits - logits.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def sort_safetensors_metadata(path: str | Path) -> None:
    """Rewrite a safetensors file's header with its metadata keys sorted, in place.

    The safetensors writer stores the metadata in hash-map order, which changes from one
    process to the next, so the same weights would give files with different SHA-256s. The
    header keeps its length (the same keys and values, reordered), so only it is rewritten.
    """
    path = Path(path)
    raw = bytearray(path.read_bytes())
    n = int.from_bytes(raw[:8], "little")
    header = json.loads(raw[8 : 8 + n].decode("utf-8"))
    if "__metadata__" in header:
        header["__metadata__"] = dict(sorted(header["__metadata__"].items()))
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    if len(text) > n:  # another encoding than the writer's: leave the file as it is
        return
    raw[8 : 8 + n] = text + b" " * (n - len(text))
    path.write_bytes(bytes(raw))


@dataclass(frozen=True)
class LinearHead:
    """A softmax classifier ``p = softmax(x @ weight.T + bias)`` over pooled embeddings.

    Attributes:
        weight: ``(n_labels, dim)`` float32 matrix.
        bias: ``(n_labels,)`` float32 vector.
        labels: Class names, in row order.
        metadata: Free-form string metadata stored in the safetensors header.
        sha256: Hex SHA-256 of the file it was loaded from (empty when built in memory).
    """

    weight: np.ndarray
    bias: np.ndarray
    labels: tuple[str, ...]
    metadata: Mapping[str, str] = field(default_factory=dict)
    sha256: str = ""

    def logits(self, x: np.ndarray) -> np.ndarray:
        """Class logits ``x @ weight.T + bias`` for a ``(n, dim)`` array, in float64."""
        return x.astype(np.float64) @ self.weight.T.astype(np.float64) + self.bias

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        """Class probabilities for a ``(n, dim)`` array, as float64 rows summing to 1."""
        return softmax(self.logits(x))

    def save(self, path: str | Path) -> str:
        """Write the head to a safetensors file and return its SHA-256."""
        from safetensors.numpy import save_file

        meta = {str(k): str(v) for k, v in self.metadata.items()}
        meta["labels"] = json.dumps(list(self.labels))
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        save_file(
            {"weight": np.ascontiguousarray(self.weight, dtype=np.float32),
             "bias": np.ascontiguousarray(self.bias, dtype=np.float32)},
            str(tmp),
            metadata=meta,
        )
        sort_safetensors_metadata(tmp)
        tmp.replace(path)
        return hashlib.sha256(path.read_bytes()).hexdigest()

    @classmethod
    def load(cls, path: str | Path, expected_sha256: str | None = None) -> LinearHead:
        """Read a head written by :meth:`save`.

        Args:
            path: The ``.safetensors`` file.
            expected_sha256: When given, the file's hash must match.

        Raises:
            ModelUnavailableError: When the file is missing, unreadable or has another hash.
        """
        from safetensors import safe_open

        path = Path(path)
        if not path.is_file():
            raise ModelUnavailableError(f"{path}: head weights not found")
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if expected_sha256 and digest != expected_sha256:
            raise ModelUnavailableError(
                f"{path}: sha256 {digest[:12]}… does not match the recorded "
                f"{expected_sha256[:12]}…; reinstall the package or retrain the head"
            )
        try:
            with safe_open(str(path), framework="numpy") as fh:
                meta = dict(fh.metadata() or {})
                weight = fh.get_tensor("weight")
                bias = fh.get_tensor("bias")
        except Exception as exc:  # safetensors raises its own error types
            raise ModelUnavailableError(f"{path}: not a readable safetensors head ({exc})") from exc
        labels = tuple(json.loads(meta.pop("labels", "[]")))
        if weight.shape[0] != len(labels) or bias.shape != (len(labels),):
            raise ModelUnavailableError(f"{path}: head shape does not match its labels")
        return cls(weight=weight, bias=bias, labels=labels, metadata=meta, sha256=digest)
