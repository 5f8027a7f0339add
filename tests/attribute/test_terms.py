"""Voice, speaker and targets added after scoring (attribute.terms) and `framing explain`."""

from __future__ import annotations

import pandas as pd
import pytest

from framing.attribute.terms import attribute, term_columns
from framing.text import segment

DOC = ("Last night Vladimir Putin launched a brutal strike on Kharkiv.\n"
       "Klitschko said there may be a way – but it would be “unfair” on his people.\n"
       "“We urgently need much stronger weaponry,” Klitschko said.")


def _table(doc: str, terms: dict[str, list[str]]) -> pd.DataFrame:
    rows = []
    for i, s in enumerate(segment(doc)):
        found = []
        for word in terms.get(str(i), []):
            start = s.text.index(word)
            found.append({"text": word, "start": start, "end": start + len(word),
                          "type": "loaded_language", "score": 0.9, "categories": [],
                          "voice": "author", "speaker": None, "target": None})
        rows.append({"doc_id": "d", "sent_idx": i, "start": s.start, "end": s.end,
                     "text": s.text, "loaded_terms": found})
    return pd.DataFrame(rows)


def test_sentence_and_term_voice():
    table = _table(DOC, {"0": ["brutal"], "1": ["unfair"], "2": ["stronger"]})
    out = attribute(table, {"d": DOC}, targets=False)
    assert list(out.columns[:7]) == ["doc_id", "sent_idx", "start", "end", "text", "voice",
                                     "speaker"]
    assert out["voice"].tolist() == ["author", "author", "quoted"]
    assert out.loc[2, "speaker"] == "Klitschko"
    brutal, = out.loc[0, "loaded_terms"]
    unfair, = out.loc[1, "loaded_terms"]
    assert (brutal["voice"], brutal["speaker"]) == ("author", None)
    assert (unfair["voice"], unfair["speaker"]) == ("quoted", "Klitschko")


def test_input_table_is_not_modified():
    table = _table(DOC, {"1": ["unfair"]})
    attribute(table, {"d": DOC}, targets=False)
    assert "voice" not in table.columns
    assert table.loc[1, "loaded_terms"][0]["voice"] == "author"


@pytest.mark.parametrize(("columns", "expected"), [
    (["text", "loaded_terms", "lex_loaded_terms", "x"], ["loaded_terms", "lex_loaded_terms"]),
    (["text", "sentiment"], []),
])
def test_term_columns(columns, expected):
    assert term_columns(pd.DataFrame(columns=columns)) == expected


def test_analyze_adds_voice_for_every_sentence():
    import framing

    out = framing.analyze([{"doc_id": "d", "source": "S", "text": DOC}],
                          ["sentiment.minilm-nyt-probe.v1", "emotive.lexicon.v1"])
    assert out["voice"].tolist() == ["author", "author", "quoted"]
    brutal = [t for t in out.loc[0, "lex_loaded_terms"] if t["text"] == "brutal"]
    assert brutal and brutal[0]["voice"] == "author"


def test_explain_lists_drivers_and_terms():
    from framing.explain import explain, render

    ex = explain("The brutal attack was a shameful atrocity, but the rescue was wonderful.",
                 ["sentiment.minilm-nyt-probe.v1", "emotive.lexicon.v1"])
    words = {w: a for w, _, _, a in ex.attributions}
    assert words["wonderful"] > 0 > words["brutal"]
    assert {"brutal", "atrocity"} <= {t["text"] for t in ex.terms}
    text = render(ex, color=False)
    assert "[brutal]" in text and "loaded terms:" in text and "wonderful" in text


@pytest.mark.parametrize("speakers", ["rules", "ranker"])
def test_speaker_confidence_of_every_quoted_sentence(speakers):
    pytest.importorskip("spacy")
    from framing.models.nlp import load_spacy

    if load_spacy() is None:
        pytest.skip("spaCy English model missing")
    out = attribute(_table(DOC, {}), {"d": DOC}, targets=False, speakers=speakers)
    assert out.columns[out.columns.get_loc("speaker_rule") + 1] == "speaker_confidence"
    quoted = out[out["voice"] == "quoted"]
    assert len(quoted) and out.loc[out["voice"] == "author", "speaker_confidence"].isna().all()
    assert quoted["speaker_confidence"].notna().all()
    assert quoted["speaker_confidence"].dropna().between(0, 1).all()
