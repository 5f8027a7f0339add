"""The per-document table: one row per document, scores adapting to the columns present."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from framing.analysis.documents import document_scores, with_document_scores


def _table(**extra) -> pd.DataFrame:
    base = {
        "doc_id": ["a", "a", "b"],
        "source": ["S", "S", "T"],
        "title": ["A", "A", "B"],
        "date": ["2025-01-01", "2025-01-01", None],
        "text": ["one two three four", "five six", "seven eight nine ten"],
    }
    return pd.DataFrame({**base, **extra})


TERM = {"term": "x", "type": "loaded_language", "start": 0, "end": 1, "score": 0.9}


@pytest.mark.parametrize(("extra", "expected"), [
    ({"sentiment": [0.5, -0.5, 1.0]}, {"mean_sentiment": [0.0, 1.0]}),
    ({"vader_sentiment": [0.2, 0.4, -1.0]}, {"mean_vader_sentiment": [0.3, -1.0]}),
    ({"emotive": [0.1, 0.3, 0.0]}, {"mean_emotive": [0.2, 0.0]}),
    ({"loaded_terms": [[TERM], [], [TERM, TERM]]},
     {"loaded_per_1000_words": [1000 / 6, 500.0]}),
    ({"voice": ["quoted", "author", "author"]}, {"quoted_share": [0.5, 0.0]}),
])
def test_scores_follow_the_columns_present(extra, expected):
    out = document_scores(_table(**extra))
    assert out["doc_id"].tolist() == ["a", "b"]
    assert out["n_sentences"].tolist() == [2, 1]
    assert out["n_words"].tolist() == [6, 4]
    for col, values in expected.items():
        np.testing.assert_allclose(out[col].to_numpy(dtype=float), values)
    absent = {"mean_sentiment", "mean_emotive", "quoted_share",
              "loaded_per_1000_words"} - set(expected)
    assert not absent & set(out.columns)


def test_documents_without_sentences_keep_a_row_with_missing_scores():
    docs = pd.DataFrame({"doc_id": ["z", "a", "b"], "source": ["U", "S", "T"],
                         "title": ["Z", "A", "B"]})
    out = document_scores(_table(sentiment=[0.5, -0.5, 1.0]), docs)
    assert out["doc_id"].tolist() == ["z", "a", "b"]
    z = out.iloc[0]
    assert z["n_sentences"] == 0 and z["source"] == "U" and np.isnan(z["mean_sentiment"])


def test_with_document_scores_keeps_the_documents_columns_and_order():
    docs = pd.DataFrame({"doc_id": ["b", "a"], "source": ["T", "S"], "text": ["t", "u"],
                         "url": ["x", "y"]})
    out = with_document_scores(docs, _table(emotive=[0.1, 0.3, 0.0]))
    assert out["doc_id"].tolist() == ["b", "a"]
    assert {"text", "url", "n_sentences", "mean_emotive"} <= set(out.columns)
    assert out.set_index("doc_id").loc["a", "mean_emotive"] == pytest.approx(0.2)
