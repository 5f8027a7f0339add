"""Token-level tagging helpers shared by training and scoring: labels in, spans out."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

EDGE_WORDS = frozenset(
    "a an the of to in into on at for from and or but nor with by as that this these those "
    "his her their its our your my is was were are be been being has have had".split())
"""Function words trimmed from the edges of a detected span."""
EDGE_PUNCT = "\"'“”‘’«»()[]{},.;:!?-–—/…"
_WS = re.compile(r"\s")

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


def tidy_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Snap a span to whole words and trim edge punctuation and function words.

    The span is first extended to whitespace boundaries, so "trigger-happy" is not cut at
    the hyphen.

    Returns:
        The new ``(start, end)``, or ``None`` when nothing with a letter is left.
    """
    while start > 0 and not _WS.match(text[start - 1]):
        start -= 1
    while end < len(text) and not _WS.match(text[end]):
        end += 1
    while True:
        before = (start, end)
        while start < end and (text[start] in EDGE_PUNCT or text[start].isspace()):
            start += 1
        while end > start and (text[end - 1] in EDGE_PUNCT or text[end - 1].isspace()):
            end -= 1
        words = text[start:end].split()
        if len(words) > 1 and words[0].lower() in EDGE_WORDS:
            start = text.index(words[1], start + len(words[0]))
            words = words[1:]
        if len(words) > 1 and words[-1].lower() in EDGE_WORDS:
            end = text.rindex(words[-2], start, end - len(words[-1])) + len(words[-2])
        if (start, end) == before:
            break
    piece = text[start:end]
    if not any(c.isalpha() for c in piece) or piece.lower() in EDGE_WORDS:
        return None
    return start, end


def decode_spans(probs: np.ndarray, word_ids: Sequence[int | None],
                 offsets: Sequence[tuple[int, int]], types: Sequence[str],
                 thresholds: Sequence[float], text: str | None = None) -> list[Span]:
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
        text: The tagged text; when given, spans are snapped to whole words and trimmed of
            edge punctuation and function words (:func:`tidy_span`), and duplicates merged.

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
    if text is None:
        return spans
    tidy: dict[tuple[int, int], Span] = {}
    for start, end, kind, score in spans:
        snapped = tidy_span(text, start, end)
        if snapped is not None and (snapped not in tidy or tidy[snapped][3] < score):
            tidy[snapped] = (*snapped, kind, score)
    out: list[Span] = []
    for span in sorted(tidy.values()):
        if out and span[0] < out[-1][1]:  # overlapping after snapping: keep the stronger
            if span[3] > out[-1][3]:
                out[-1] = span
            continue
        out.append(span)
    return out
