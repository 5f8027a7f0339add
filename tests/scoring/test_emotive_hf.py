"""emotive.hf.v1: any Hugging Face token classifier as an emotive scorer (tiny local models)."""

from __future__ import annotations

import pandas as pd
import pytest
from tiny_models import VOCAB_SENTENCES, make_tiny_classifier

from framing.errors import ModelUnavailableError
from framing.scoring import get_scorer
from framing.scoring.emotive_hf import token_label_map

PTC = ["O", "B-Loaded_Language", "I-Loaded_Language", "B-Name_Calling,Labeling",
       "I-Name_Calling,Labeling"]


@pytest.fixture(scope="module")
def models(tmp_path_factory):
    root = tmp_path_factory.mktemp("tiny_taggers")
    return {"ptc": make_tiny_classifier(root / "ptc", PTC, 0, task="token"),
            "generic": make_tiny_classifier(root / "generic", 2, 1, task="token")}


@pytest.mark.parametrize(("labels", "label_map", "expected"), [
    (PTC, None, ["O", "loaded_language", "loaded_language", "name_calling", "name_calling"]),
    (["outside", "Loaded language"], None, ["O", "loaded_language"]),
    (["LABEL_0", "LABEL_1"], {"label_0": "O", "LABEL_1": "name_calling"},
     ["O", "name_calling"]),
])
def test_labels_map_onto_term_types(labels, label_map, expected):
    assert list(token_label_map(labels, label_map).values()) == expected


@pytest.mark.parametrize(("labels", "label_map", "message"), [
    (["LABEL_0", "LABEL_1"], None, "cannot map the model's labels"),
    (["O", "PER"], None, "'PER'"),
    (["O", "X"], {"O": "O", "X": "joy"}, "unmapped or invalid"),
    (["O", "outside"], None, "no label of the model maps to a term type"),
])
def test_unmappable_labels_are_one_line_errors(labels, label_map, message):
    with pytest.raises(ModelUnavailableError, match=message):
        token_label_map(labels, label_map)


def test_scores_sentences_with_one_story(models):
    sc = get_scorer("emotive.hf.v1", model=str(models["ptc"]), device="cpu", threshold=0.2)
    out = sc.score(VOCAB_SENTENCES)
    assert list(out.columns) == ["hf_emotive", "hf_loaded_terms"]
    assert len(out) == len(VOCAB_SENTENCES)
    for text, emotive, terms in zip(VOCAB_SENTENCES, out["hf_emotive"],
                                    out["hf_loaded_terms"], strict=True):
        assert 0.0 <= emotive <= 1.0
        for t in terms:
            assert text[t["start"]:t["end"]] == t["text"]
            assert t["type"] in {"loaded_language", "name_calling"}
            assert "detector:hf" in t["categories"]
            assert t["score"] <= emotive + 1e-9
    assert out.loc[3, "hf_emotive"] == 0.0 and out.loc[3, "hf_loaded_terms"] == []


def test_threshold_one_gives_no_terms_and_changes_the_fingerprint(models):
    low = get_scorer("emotive.hf.v1", model=str(models["ptc"]), device="cpu", threshold=0.01)
    high = get_scorer("emotive.hf.v1", model=str(models["ptc"]), device="cpu", threshold=1.0)
    assert sum(map(len, low.score(VOCAB_SENTENCES)["hf_loaded_terms"])) > 0
    assert sum(map(len, high.score(VOCAB_SENTENCES)["hf_loaded_terms"])) == 0
    assert low.fingerprint() != high.fingerprint()


def test_generic_labels_need_a_label_map(models):
    sc = get_scorer("emotive.hf.v1", model=str(models["generic"]), device="cpu")
    with pytest.raises(ModelUnavailableError, match="pass label_map"):
        sc.score(["x"])
    mapped = get_scorer("emotive.hf.v1", model=str(models["generic"]), device="cpu",
                        label_map={"LABEL_0": "O", "LABEL_1": "loaded_language"})
    assert isinstance(mapped.score(["The brutal strike."]), pd.DataFrame)
    assert mapped.provenance()["label_map"] == {"LABEL_0": "O", "LABEL_1": "loaded_language"}


def test_a_sequence_classifier_is_refused_in_one_line(tmp_path):
    path = make_tiny_classifier(tmp_path / "seq", 2, 0, head=False)
    with pytest.raises(ModelUnavailableError, match="no trained token-classification head"):
        get_scorer("emotive.hf.v1", model=str(path), device="cpu").score(["x"])


def test_needs_a_model():
    with pytest.raises(ModelUnavailableError, match="needs model="):
        get_scorer("emotive.hf.v1").score(["x"])
