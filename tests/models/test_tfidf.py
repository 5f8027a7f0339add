"""Tests for framing.models.tfidf: the TF-IDF head matches scikit-learn and round-trips."""

from __future__ import annotations

import numpy as np
import pytest

from framing.errors import ModelUnavailableError
from framing.models.tfidf import NGRAMS, TfidfHead, ensemble, fit_tfidf

TEXTS = ["the shameful attack on families", "a cruel and shameful plan", "the senate voted",
         "senate voted on the plan", "families fear the cruel attack", "the plan passed"]
Y = np.array([[1, 0], [1, 0], [0, 1], [0, 1], [1, 0], [0, 0]], dtype=float)


def test_transform_matches_sklearn_vectorizer():
    from sklearn.feature_extraction.text import TfidfVectorizer

    head = fit_tfidf(TEXTS, Y, ("loaded", "politics"))
    vec = TfidfVectorizer(sublinear_tf=True, min_df=2, ngram_range=NGRAMS).fit(TEXTS)
    new = ["the cruel plan of the senate", "nothing known here"]
    assert head.vocabulary == tuple(vec.get_feature_names_out())
    assert np.allclose(head.transform(new).toarray(), vec.transform(new).toarray())


def test_probabilities_rank_the_training_labels():
    head = fit_tfidf(TEXTS, Y, ("loaded", "politics"))
    p = head.predict_proba(["a shameful cruel attack", "the senate voted"])
    assert p.shape == (2, 2)
    assert p[0, 0] > p[1, 0] and p[1, 1] > p[0, 1]
    assert head.predict_proba([]).shape == (0, 2)


def test_label_without_positives_is_constant():
    y = np.c_[Y[:, :1], np.zeros(len(Y))]
    head = fit_tfidf(TEXTS, y, ("loaded", "never"))
    p = head.predict_proba(TEXTS)
    assert np.allclose(p[:, 1], p[0, 1]) and p[0, 1] < 0.2


def test_roundtrip_and_hash_check(tmp_path):
    head = fit_tfidf(TEXTS, Y, ("loaded", "politics"))
    sha = head.save(tmp_path / "t.safetensors")
    back = TfidfHead.load(tmp_path / "t.safetensors", expected_sha256=sha)
    assert back.labels == head.labels and back.vocabulary == head.vocabulary
    assert np.allclose(back.predict_proba(TEXTS), head.predict_proba(TEXTS), atol=1e-6)
    with pytest.raises(ModelUnavailableError, match="does not match"):
        TfidfHead.load(tmp_path / "t.safetensors", expected_sha256="0" * 64)
    with pytest.raises(ModelUnavailableError, match="not found"):
        TfidfHead.load(tmp_path / "missing.safetensors")


@pytest.mark.parametrize(("a", "b", "w", "expected"), [
    (0.2, 0.6, 0.5, 0.4), (0.2, 0.6, 1.0, 0.2), (0.2, 0.6, 0.0, 0.6), (0.9, 0.1, 0.25, 0.3)])
def test_ensemble_weights(a, b, w, expected):
    assert ensemble(np.array([a]), np.array([b]), w)[0] == pytest.approx(expected)


def test_fit_is_deterministic():
    a = fit_tfidf(TEXTS, Y, ("loaded", "politics"))
    b = fit_tfidf(TEXTS, Y, ("loaded", "politics"))
    assert np.array_equal(a.weight, b.weight) and np.array_equal(a.bias, b.bias)


def test_vocabulary_cut_breaks_ties_by_ngram() -> None:
    # every unigram and bigram occurs twice: the cut keeps the alphabetically first ones
    texts = ["delta alpha", "delta alpha", "charlie bravo", "charlie bravo"]
    head = fit_tfidf(texts, np.array([[1], [0], [1], [0]]), ("x",), max_features=3)
    assert head.vocabulary == ("alpha", "bravo", "charlie")


def test_vocabulary_cut_keeps_the_most_frequent() -> None:
    texts = ["war war war peace", "war peace talks", "talks war", "peace war"]
    head = fit_tfidf(texts, np.array([[1], [0], [1], [0]]), ("x",), max_features=2)
    assert head.vocabulary == ("peace", "war")  # counts: war 6, peace 3, talks 2
