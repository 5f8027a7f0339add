"""Helpers every training recipe shares: seeding, batching, the trunk cache, labels, cards.

The recipes (:mod:`~framing.training.probe`, :mod:`~framing.training.tagger`,
:mod:`~framing.training.sentiment`, :mod:`~framing.training.lexicon`) import what they share
from here and never from each other.
"""

from __future__ import annotations

import csv
import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import torch

from framing.analysis.metrics import expected_calibration_error
from framing.errors import InputError
from framing.schema import SENTIMENT_LABELS

LABELS: tuple[str, ...] = tuple(SENTIMENT_LABELS)
"""Sentiment classes in head order: negative, neutral, positive."""
NEUTRAL_BAND = 0.5
"""Half-width of the neutral band on the mean human rating (-4..4)."""
SEED = 13
"""The seed every shipped artifact was trained with."""


def set_seed(seed: int) -> None:
    """Seed Python, NumPy and torch; use deterministic torch kernels."""
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True, warn_only=True)


def batches(indices: list[int], lengths: list[int], size: int, rng: random.Random
            ) -> list[list[int]]:
    """Length-bucketed batches in random order.

    Args:
        indices: Positions to batch (into ``lengths``).
        lengths: Token count per position (similar lengths share a batch: less padding).
        size: Batch size.
        rng: Random source for the tie-breaks and the batch order (its state advances).

    Returns:
        The batches, each a list of positions.
    """
    idx = sorted(indices, key=lambda i: (lengths[i], rng.random()))
    chunks = [idx[i : i + size] for i in range(0, len(idx), size)]
    rng.shuffle(chunks)
    return chunks


def trunk_cache(trunk: Any, input_ids: list[list[int]], batch_size: int = 128
                ) -> list[torch.Tensor]:
    """Trunk hidden states per sentence (unpadded), computed once.

    Args:
        trunk: A :class:`framing.models.branch` trunk (``features`` yields padded batches).
        input_ids: Token ids per sentence.
        batch_size: Sentences per trunk pass.

    Returns:
        One ``(tokens, dim)`` tensor per sentence, in input order.
    """
    out: list[torch.Tensor | None] = [None] * len(input_ids)
    for batch in trunk.features(input_ids, batch_size):
        lengths = batch["mask"].sum(1).tolist()
        for row, i in enumerate(batch["idx"]):
            out[i] = batch["hidden"][row, : lengths[row]].clone()
    trunk.clear_memo()
    return out  # type: ignore[return-value]


def rating_to_class(ratings: np.ndarray, band: float = NEUTRAL_BAND) -> np.ndarray:
    """Map mean human ratings (-4..4) to class indices 0/1/2 (negative/neutral/positive)."""
    return np.where(ratings < -band, 0, np.where(ratings > band, 2, 1))


def sentiment_metrics(proba: np.ndarray, ratings: np.ndarray) -> dict[str, float]:
    """Agreement of predicted probabilities with mean human ratings.

    Returns:
        Pearson r of ``p_positive - p_negative`` with the rating, 3-class accuracy and
        macro-F1, binary accuracy on sentences with ``|rating| >= 0.5`` (sign of the score),
        and expected calibration error.
    """
    from sklearn.metrics import accuracy_score, f1_score

    y = rating_to_class(ratings)
    pred = proba.argmax(axis=1)
    score = proba[:, 2] - proba[:, 0]
    strong = np.abs(ratings) >= NEUTRAL_BAND
    return {
        "pearson_r": float(np.corrcoef(score, ratings)[0, 1]),
        "accuracy_3class": float(accuracy_score(y, pred)),
        "macro_f1_3class": float(f1_score(y, pred, average="macro")),
        "binary_accuracy_abs_ge_0.5": float(
            ((score[strong] > 0) == (ratings[strong] > 0)).mean()
        ),
        "ece_3class": expected_calibration_error(proba, y),
    }


def write_card(out_dir: Path, card: dict[str, Any], render: Callable[[dict], str] | None = None
               ) -> None:
    """Write ``card.json`` (sorted keys, 2-space indent) and, with ``render``, MODEL_CARD.md."""
    out_dir = Path(out_dir)
    (out_dir / "card.json").write_text(json.dumps(card, indent=2, sort_keys=True) + "\n")
    if render is not None:
        (out_dir / "MODEL_CARD.md").write_text(render(card))


def read_json(path: Path, what: str) -> Any:
    """Read a JSON file the recipe needs.

    Raises:
        InputError: When the file is missing or not JSON.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(path, f"{what} not found")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InputError(path, f"{what} is not valid JSON: {exc.msg}") from exc


def read_records(path: Path, what: str) -> list[dict[str, Any]]:
    """Rows of a CSV file of recorded results; numbers become floats, empty cells ``None``.

    Raises:
        InputError: When the file is missing.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(path, f"{what} not found")
    rows = []
    with path.open(encoding="utf-8", newline="") as fh:
        for raw in csv.DictReader(fh):
            row: dict[str, Any] = {}
            for key, value in raw.items():
                if value == "":
                    row[key] = None
                    continue
                try:
                    row[key] = float(value)
                except ValueError:
                    row[key] = value
            rows.append(row)
    return rows
