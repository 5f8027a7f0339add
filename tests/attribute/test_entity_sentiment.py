"""Per-entity sentiment: canonical names per document, the entity_sentiment lists."""

from __future__ import annotations

import pandas as pd
import pytest

import framing.attribute.entity_sentiment as es
from framing.attribute.entity_sentiment import (
    ENTITY_SENTIMENT_FIELDS,
    add_entity_sentiment,
    canonical_names,
    find_entities,
    score_entities,
)
from framing.models.nlp import load_spacy


class StubScorer:
    """Sentiment -0.5 toward mentions starting with a capital P, +0.5 otherwise."""

    def __init__(self) -> None:
        self.calls: list[int] = []

    def score_pairs(self, sentences, spans) -> pd.DataFrame:
        self.calls.append(len(sentences))
        targets = [s[a:b] for s, (a, b) in zip(sentences, spans, strict=True)]
        values = [-0.5 if t.startswith("P") else 0.5 for t in targets]
        labels = ["negative" if v < 0 else "positive" for v in values]
        return pd.DataFrame({"target": targets, "sentiment": values, "sentiment_label": labels})


@pytest.mark.parametrize(("mentions", "expected"), [
    ([(0, "PERSON", "Vladimir Putin"), (40, "PERSON", "Putin")],
     ["Vladimir Putin", "Vladimir Putin"]),
    ([(0, "PERSON", "Putin"), (40, "PERSON", "Vladimir Putin")],
     ["Vladimir Putin", "Vladimir Putin"]),
    ([(0, "PERSON", "Joe Biden"), (20, "PERSON", "Hunter Biden"), (40, "PERSON", "Biden")],
     ["Joe Biden", "Hunter Biden", "Hunter Biden"]),
    ([(0, "NORP", "Russian"), (10, "GPE", "the United States")], ["Russia", "United States"]),
    ([(0, "PERSON", "President Joe Biden's")], ["Joe Biden"]),
    ([(0, "PERSON", "Donald Trump"), (30, "ORG", "Trump")], ["Donald Trump", "Trump"]),
    ([(0, "ORG", "the")], [None]),
])
def test_canonical_names(mentions, expected):
    assert canonical_names(mentions) == expected


def _fake_entities(monkeypatch: pytest.MonkeyPatch, found):
    monkeypatch.setattr(es, "find_entities", lambda sentences: found)


def test_lists_are_canonicalised_per_document(monkeypatch: pytest.MonkeyPatch):
    sentences = ["Vladimir Putin spoke.", "Putin left.", "Putin arrived."]
    _fake_entities(monkeypatch, [[(0, 14, "PERSON", "Vladimir Putin")],
                                 [(0, 5, "PERSON", "Putin")], [(0, 5, "PERSON", "Putin")]])
    stub = StubScorer()
    out = score_entities(sentences, doc_ids=["a", "a", "b"], positions=[0, 22, 0], scorer=stub)
    assert stub.calls == [3]  # one call for all pairs
    assert [d["entity"] for lst in out for d in lst] == ["Vladimir Putin", "Vladimir Putin",
                                                         "Putin"]
    first = out[1][0]
    assert tuple(first) == ENTITY_SENTIMENT_FIELDS
    assert first == {"entity": "Vladimir Putin", "type": "PERSON", "start": 0, "end": 5,
                     "sentiment": -0.5, "label": "negative"}


def test_no_entities_gives_empty_lists_and_no_scoring(monkeypatch: pytest.MonkeyPatch):
    _fake_entities(monkeypatch, [[], []])
    stub = StubScorer()
    assert score_entities(["a.", "b."], scorer=stub) == [[], []]
    assert stub.calls == []


def test_without_spacy_every_row_is_none(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(es, "load_spacy", lambda: None)
    assert find_entities(["Putin spoke."]) is None
    table = pd.DataFrame({"doc_id": ["d"], "start": [0], "text": ["Putin spoke."]})
    out = add_entity_sentiment(table, scorer=StubScorer())
    assert out["entity_sentiment"].tolist() == [None]
    assert list(table.columns) == ["doc_id", "start", "text"]  # input unchanged


def test_lengths_must_match():
    with pytest.raises(ValueError, match="same length"):
        score_entities(["a.", "b."], doc_ids=["x"], scorer=StubScorer())


@pytest.mark.filterwarnings("ignore")
def test_spacy_entities_of_the_kept_types():
    if load_spacy() is None:
        pytest.skip("no spaCy English model installed")
    found = find_entities(["Vladimir Putin met NATO officials in Berlin on Monday.", ""])
    kinds = {text: kind for _, _, kind, text in found[0]}
    assert kinds.get("Vladimir Putin") == "PERSON"
    assert "Berlin" in kinds and "Monday" not in kinds  # DATE is not kept
    assert found[1] == []
    for start, end, _, text in found[0]:
        assert "Vladimir Putin met NATO officials in Berlin on Monday."[start:end] == text


@pytest.mark.filterwarnings("ignore")
def test_table_gets_the_column(monkeypatch: pytest.MonkeyPatch):
    _fake_entities(monkeypatch, [[(0, 5, "GPE", "Paris")], []])
    table = pd.DataFrame({"doc_id": ["d", "d"], "start": [0, 10],
                          "text": ["Paris won.", "It rained."]})
    out = add_entity_sentiment(table, scorer=StubScorer())
    assert out["entity_sentiment"].tolist() == [
        [{"entity": "Paris", "type": "GPE", "start": 0, "end": 5, "sentiment": -0.5,
          "label": "negative"}], []]


@pytest.mark.filterwarnings("ignore")
def test_document_entities_read_the_kept_paragraph_parses():
    nlp = load_spacy()
    if nlp is None:
        pytest.skip("no spaCy English model installed")
    from framing.models import nlp as nlp_module

    text = ("Vladimir Putin met NATO officials in Berlin. Olaf Scholz said nothing.\n"
            "It rained all day.")
    table = pd.DataFrame({"doc_id": ["d", "d", "d", "e"], "start": [0, 45, 72, 0],
                          "end": [44, 71, 90, 13],
                          "text": [text[0:44], text[45:71], text[72:90], "Paris is big."]})
    nlp_module.clear_parses()
    found = es.document_entities(table, {"d": text})  # "e" has no text: sentence NER
    first = nlp_module.parse([text[:71]], nlp)[0]
    assert nlp_module.parse([text[:71]], nlp)[0] is first  # kept, not parsed again
    for (_, row), ments in zip(table.iterrows(), found, strict=True):
        for start, end, _, name in ments:
            assert row["text"][start:end] == name
    assert {m[3] for m in found[0]} >= {"Vladimir Putin", "Berlin"}
    assert "Olaf Scholz" in {m[3] for m in found[1]}
    assert found[2] == [] and [m[3] for m in found[3]] == ["Paris"]
    out = add_entity_sentiment(table, scorer=StubScorer(), doc_texts={"d": text})
    assert out["entity_sentiment"].iat[1][0]["entity"] == "Olaf Scholz"
    assert out["entity_sentiment"].iat[1][0]["start"] == 0
