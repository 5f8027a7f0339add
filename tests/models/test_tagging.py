"""Token labels and span decoding shared by tagger training and scoring."""

from __future__ import annotations

import numpy as np
import pytest

from framing.models.tagging import decode_spans, tidy_span, token_labels

TYPES = ("loaded_language", "name_calling")


@pytest.mark.parametrize(("text", "span", "expected"), [
    ("the trigger-happy thugs ran", (11, 23), "trigger-happy thugs"),
    ("into “an atrocity”, he said", (5, 17), "atrocity"),
    ("the table", (0, 9), "table"),
    ("children into the house", (0, 17), "children"),
    ("a “brutal” strike", (3, 9), "brutal"),
    ("x - y", (2, 3), None),
    ("of the", (0, 6), None),
])
def test_tidy_span(text, span, expected):
    out = tidy_span(text, *span)
    assert (None if out is None else text[out[0]:out[1]]) == expected


def test_token_labels_mark_overlap_and_ignore_specials():
    offsets = [(0, 0), (0, 3), (4, 10), (11, 16), (0, 0)]
    labels = token_labels(offsets, [(4, 10, "loaded_language"), (11, 16, "name_calling")], TYPES)
    assert labels[:, 0].tolist() == [-1, 0, 1, 0, -1]
    assert labels[:, 1].tolist() == [-1, 0, 0, 1, -1]


def test_decode_merges_words_and_picks_type_by_threshold_ratio():
    text = "the brutal thug left"
    offsets = [(0, 3), (4, 10), (11, 15), (16, 20)]
    word_ids = [0, 1, 2, 3]
    probs = np.array([[0.1, 0.0], [0.9, 0.2], [0.6, 0.95], [0.2, 0.1]])
    spans = decode_spans(probs, word_ids, offsets, TYPES, [0.5, 0.5], text=text)
    assert [(text[s:e], k) for s, e, k, _ in spans] == [("brutal", "loaded_language"),
                                                        ("thug", "name_calling")]
    merged = decode_spans(probs, word_ids, offsets, TYPES, [0.5, 0.99], text=text)
    assert [(text[s:e], k) for s, e, k, _ in merged] == [("brutal thug", "loaded_language")]
    assert 0.0 < merged[0][3] <= 1.0
