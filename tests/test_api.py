"""The public contract: framing.score and framing.analyze."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import pytest

import framing
from framing.errors import InputError
from framing.schema import Document

CONTRACT = ["text", "sentiment", "sentiment_label", "p_negative", "p_neutral", "p_positive"]
EMOTIVE = ["emotive", "loaded_terms", "anger", "anticipation", "disgust", "fear", "joy",
           "sadness", "surprise", "trust"]


class CountingScorer:
    """A tiny scorer that counts how many sentences it was asked to score."""

    name = "test.counting.v1"
    columns = ("length",)

    def __init__(self, version: str = "1") -> None:
        self.version = version
        self.calls: list[int] = []

    def score(self, sentences: Sequence[str]) -> pd.DataFrame:
        self.calls.append(len(sentences))
        return pd.DataFrame({"length": [float(len(s)) for s in sentences]})

    def fingerprint(self) -> str:
        return "fixed"

    def provenance(self) -> dict:
        return {"scorer": self.name, "version": self.version}


def test_score_contract_columns_types_and_order():
    sentences = ["The attack was brutal.", "The talks went well.", "The attack was brutal."]
    out = framing.score(sentences)
    assert list(out.columns[: len(CONTRACT)]) == CONTRACT
    assert out["text"].tolist() == sentences
    assert out["sentiment"].dtype == "float64"
    assert out["sentiment"].between(-1, 1).all()
    assert set(out["sentiment_label"]) <= {"negative", "neutral", "positive"}
    assert out.loc[0, "sentiment"] == out.loc[2, "sentiment"]
    assert out.loc[0, "sentiment"] < out.loc[1, "sentiment"]


def test_score_empty_list():
    out = framing.score([])
    assert len(out) == 0 and list(out.columns) == CONTRACT + EMOTIVE


def test_score_emotive_contract():
    out = framing.score(["The Russian warmonger ordered another brutal atrocity.",
                         "The committee met on Tuesday."])
    assert list(out.columns) == CONTRACT + EMOTIVE
    assert out["emotive"].between(0, 1).all()
    assert out.loc[0, "emotive"] > out.loc[1, "emotive"]
    terms = out.loc[0, "loaded_terms"]
    assert terms and all(set(t) == {"text", "start", "end", "type", "score", "categories",
                                    "voice", "speaker", "target"} for t in terms)
    sentence = out.loc[0, "text"]
    assert all(sentence[t["start"]:t["end"]] == t["text"] for t in terms)
    assert {"warmonger", "atrocity"} & {w for t in terms for w in t["text"].split()}
    assert out.loc[1, "loaded_terms"] == []


@pytest.mark.parametrize(("bad", "match"), [
    ("one string", "list of sentences"),
    (["ok", None], "item 2"),
    (["ok", 3.5], "item 2"),
])
def test_score_rejects_bad_input(bad, match):
    with pytest.raises(InputError, match=match):
        framing.score(bad)


def test_cache_skips_known_sentences_and_dedupes(tmp_path):
    sc = CountingScorer()
    framing.score(["a", "b", "a"], [sc], cache=tmp_path)
    assert sc.calls == [2]  # duplicates scored once
    out = framing.score(["a", "b", "c"], [sc], cache=tmp_path)
    assert sc.calls == [2, 1]  # only the new sentence
    assert out["length"].tolist() == [1.0, 1.0, 1.0]
    framing.score(["a"], [sc], cache=False)
    assert sc.calls == [2, 1, 1]  # cache bypassed


def test_new_scorer_version_invalidates_cache(tmp_path):
    framing.score(["a", "b"], [CountingScorer("1")], cache=tmp_path)
    sc2 = CountingScorer("2")
    framing.score(["a", "b"], [sc2], cache=tmp_path)
    assert sc2.calls == [2]


def test_cached_scores_equal_fresh_scores(tmp_path):
    sentences = ["Residents fled the shelling.", "The council approved the budget."]
    first = framing.score(sentences, cache=tmp_path)
    second = framing.score(sentences, cache=tmp_path)
    fresh = framing.score(sentences, cache=False)
    pd.testing.assert_frame_equal(first, second)
    pd.testing.assert_frame_equal(first, fresh)


def test_column_collision_is_refused():
    with pytest.raises(InputError, match="both produce column 'length'"):
        framing.score(["a"], [CountingScorer(), CountingScorer()])


def _docs():
    return [
        {"doc_id": "a1", "source": "Wire", "text": "Mr. Smith arrived at 3 p.m. on Monday. "
                                                   "He said: “We will rebuild.”\nTalks resume."},
        {"doc_id": "b1", "source": "Tabloid", "text": "A brutal, shameful attack! Chaos "
                                                      "everywhere.\n\nShare this article"},
    ]


@pytest.mark.parametrize("as_type", ["records", "dataframe", "documents"])
def test_analyze_accepts_records_frames_and_documents(as_type):
    docs = _docs()
    if as_type == "dataframe":
        docs = pd.DataFrame(docs)
    elif as_type == "documents":
        docs = [Document(**d) for d in docs]
    out = framing.analyze(docs)
    for col in ["doc_id", "source", "sent_idx", "start", "end", *CONTRACT]:
        assert col in out.columns
    assert set(out["doc_id"]) == {"a1", "b1"}
    assert (out.groupby("doc_id")["sent_idx"].apply(lambda s: list(s) == list(range(len(s))))
            ).all()
    assert not out["text"].str.contains("Share this article").any()


def test_analyze_offsets_point_into_cleaned_text():
    from framing.text.clean import clean_text

    docs = _docs()
    out = framing.analyze(docs)
    cleaned = {d["doc_id"]: clean_text(d["text"]) for d in docs}
    for row in out.itertuples():
        assert cleaned[row.doc_id][row.start : row.end] == row.text


def test_analyze_custom_field_names():
    out = framing.analyze([{"id": "x", "outlet": "O", "body": "It rained. It stopped."}],
                          id_field="id", source_field="outlet", text_field="body")
    assert out["doc_id"].tolist() == ["x", "x"] and out["source"].tolist() == ["O", "O"]


def test_analyze_duplicate_ids_are_refused():
    docs = [Document("d", "S", "One."), Document("d", "S", "Two.")]
    with pytest.raises(InputError, match="duplicate doc_id 'd'"):
        framing.analyze(docs)


def test_seed_article_scores_without_cookie_notice(seed_article_path):
    from framing.read import read_seed_article

    out = framing.analyze([read_seed_article(seed_article_path)])
    text = " ".join(out["text"])
    assert "cookies" not in text.lower() and "Privacy Notice" not in text
    assert out["text"].iloc[-1].endswith("Steve Witkoff.")
    strike = out[out["text"].str.contains("brutal strike")]
    assert len(strike) == 1 and strike["sentiment_label"].iloc[0] == "negative"


def test_score_attributes_terms_within_the_sentence():
    out = framing.score(["“This brutal regime must fall,” Senator Ada Holm said of the junta."],
                        ["sentiment.minilm-nyt-probe.v1", "emotive.lexicon.v1"])
    brutal = [t for t in out.loc[0, "lex_loaded_terms"] if t["text"] == "brutal"]
    assert brutal and brutal[0]["voice"] == "quoted" and "Holm" in brutal[0]["speaker"]


@pytest.mark.slow
def test_score_targets_and_entity_sentiment_in_analyze():
    import framing

    sentences = ["Putin ordered the brutal attack.", "Zelensky thanked the rescuers."]
    out = framing.score_targets(sentences, [(0, 5), (0, 8)], device="cpu")
    assert out["target"].tolist() == ["Putin", "Zelensky"]
    assert list(out.columns) == ["target", "sentiment", "sentiment_label", "p_negative",
                                 "p_neutral", "p_positive"]
    assert ((out["p_negative"] + out["p_neutral"] + out["p_positive"]) - 1).abs().max() < 1e-6
    table = framing.analyze([{"doc_id": "a", "text": " ".join(sentences)}],
                            "sentiment.vader.v1", cache=False, entities=True)
    names = [e["entity"] for row in table["entity_sentiment"] for e in (row or [])]
    assert "Putin" in names or "Zelensky" in names


def test_analyze_refuses_an_unknown_speaker_resolver():
    from framing.errors import ArgumentError

    with pytest.raises(ArgumentError, match="speakers='oracle': use one of rules, ranker"):
        framing.analyze([{"text": "“It is over,” Klitschko said."}], speakers="oracle")
