"""Tests for framing.attribute.finder: the corpus-level quote finder."""

from __future__ import annotations

import pytest

from framing.attribute.finder import find_quotes, find_quotes_many
from framing.models import nlp as nlp_module

DOCS = {
    "a": "Mira Dolan spoke.\n“We will not leave,” she said.\nIvan Petrov agreed: “Never.”",
    "b": "No quotes here.",
    "c": "",
    "d": "“It is over,” Klitschko said. The so-called “peace plan” failed.",
}


@pytest.mark.parametrize("resolver", ["rules", "ranker"])
@pytest.mark.parametrize("batch", [1, 2048])
def test_many_documents_give_the_quotes_of_one_call_each(monkeypatch, resolver, batch):
    monkeypatch.setattr(nlp_module, "PRIME_TEXTS", batch)
    want = {k: find_quotes(t, resolver=resolver) for k, t in DOCS.items()}
    nlp_module.clear_parses()
    got = find_quotes_many(DOCS, resolver=resolver)
    assert list(got) == list(DOCS) and got == want
    assert got["b"] == [] and got["c"] == []


def test_without_syntax_the_rules_alone():
    got = find_quotes_many(DOCS, syntax=False)
    assert got == {k: find_quotes(t, syntax=False) for k, t in DOCS.items()}
