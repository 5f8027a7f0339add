"""Token-level tagging helpers shared by training and scoring: labels in, spans out."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

Span = tuple[int, int, str, float]
"""``(start, end, type, score)``; offsets relative to the tagged text, end exclusive."""


def token_labels(offsets: Sequence[tuple[int, int]], spans: Sequence[tuple[int, int, str]],
                 types: Sequence[str]) -> np.ndarray:
    """Multi-label targets: ``labels[i, k] = 1`` when token ``i`` overlaps a span of type ``k``.

    Special tokens (offset ``(0, 0)``) get ``-1`` (ignored in the loss).
    """
    out = np.zeros((len(offsets), len(types)), dtype=np.float32)
    for i, (s, e) in enumerate(offsets):
        if s == e:
            out[i] = -1
            continue
        for a, b, kind in spans:
            if kind in types and s < b and e > a:
                out[i, types.index(kind)] = 1.0
    return out


def words_of(word_ids: Sequence[int | None], offsets: Sequence[tuple[int, int]]
             ) -> list[tuple[int, int, list[int]]]:
    """Group tokens into words: ``(start, end, token indices)`` per word, in order."""
    words: dict[int, list[int]] = {}
    for i, w in enumerate(word_ids):
        if w is not None and offsets[i][1] > offsets[i][0]:
            words.setdefault(w, []).append(i)
    return [(offsets[idx[0]][0], offsets[idx[-1]][1], idx) for _, idx in sorted(words.items())]


def decode_spans(probs: np.ndarray, word_ids: Sequence[int | None],
                 offsets: Sequence[tuple[int, int]], types: Sequence[str],
                 thresholds: Sequence[float]) -> list[Span]:
    """Turn token probabilities into typed word spans.

    A word's probability for a type is the maximum over its tokens. A word is tagged with the
    type whose probability exceeds its threshold by the largest ratio; consecutive words with
    the same type form one span, scored by the mean of their probabilities.

    Args:
        probs: ``(n_tokens, n_types)`` sigmoid outputs.
        word_ids: Word index of each token (``None`` for special tokens).
        offsets: Character offsets of each token in the text.
        types: Type names, in column order.
        thresholds: Decision threshold per type.

    Returns:
        Spans sorted by start.
    """
    thr = np.asarray(thresholds, dtype=float)
    spans: list[Span] = []
    current: list | None = None
    for start, end, idx in words_of(word_ids, offsets):
        p = probs[idx].max(axis=0)
        ratio = p / thr
        k = int(ratio.argmax())
        kind = types[k] if ratio[k] >= 1.0 else None
        if kind is not None and current is not None and current[2] == kind:
            current[1] = end
            current[3].append(float(p[k]))
            continue
        if current is not None:
            spans.append((current[0], current[1], current[2], float(np.mean(current[3]))))
            current = None
        if kind is not None:
            current = [start, end, kind, [float(p[k])]]
    if current is not None:
        spans.append((current[0], current[1], current[2], float(np.mean(current[3]))))
    return spans
