"""Coding samples: probability draws with inclusion probabilities, sheets with context, forms."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from framing.coding.codebook import Codebook, load_codebook
from framing.coding.sample import (
    allocate,
    check_shown,
    coding_form,
    coding_sheet,
    draw_sample,
    restrict,
    with_context,
    write_coding_sheet,
)
from framing.errors import ArgumentError, ConfigError

CODEBOOK = Codebook(outcome="loaded", question="Does the sentence use loaded language?")


def sentences(n_docs: int = 20, per_doc: int = 4) -> pd.DataFrame:
    rows = [{"doc_id": f"d{d}", "source": "A" if d < 15 else "B", "sent_idx": s,
             "text": f"Sentence {s} of article {d}.", "emotive": (d * per_doc + s) / 100}
            for d in range(n_docs) for s in range(per_doc)]
    return pd.DataFrame(rows)


@pytest.mark.parametrize(("sizes", "n", "expected"), [
    ({"A": 60, "B": 20}, 8, {"A": 6, "B": 2}),
    ({"A": 99, "B": 1}, 10, {"A": 9, "B": 1}),
    ({"A": 3, "B": 2}, 10, {"A": 3, "B": 2}),
    ({"A": 50, "B": 30, "C": 20}, 7, {"A": 4, "B": 2, "C": 1}),
])
def test_allocation_is_proportional_and_capped(sizes, n, expected):
    alloc = allocate(pd.Series(sizes), n)
    assert alloc.to_dict() == expected


def test_simple_random_sample_records_its_inclusion_probability():
    table = sentences()
    sample = draw_sample(table, 16, seed=1)
    assert len(sample) == 16 and not sample.index.duplicated().any()
    assert (sample["inclusion_prob"] == 16 / len(table)).all()
    again = draw_sample(table, 16, seed=1)
    assert sample.index.tolist() == again.index.tolist()
    assert draw_sample(table, 16, seed=2).index.tolist() != sample.index.tolist()


def test_stratified_sample_probabilities_follow_the_strata():
    table = sentences()
    sample = draw_sample(table, 20, stratify="source", seed=3)
    counts = sample["stratum"].value_counts().to_dict()
    assert counts == {"A": 15, "B": 5}
    sizes = table["source"].value_counts()
    for stratum, prob in sample.groupby("stratum")["inclusion_prob"].first().items():
        assert prob == pytest.approx(counts[stratum] / sizes[stratum])


def test_sheet_has_context_hides_the_source_and_has_one_column_per_coder():
    table = sentences()
    sample = with_context(table, draw_sample(table, 10, seed=4))
    sheet = coding_sheet(sample, CODEBOOK, ["ana", "ben"])
    assert "source" not in sheet.columns
    assert list(sheet.columns[-2:]) == ["loaded_ana", "loaded_ben"]
    first = sheet.iloc[0]
    idx = int(first["sent_idx"])
    assert first["text"] == f"Sentence {idx} of article {first['doc_id'][1:]}."
    assert (first["previous"] is None) == (idx == 0)
    shown = coding_sheet(sample, CODEBOOK, ["ana"], show_source=True)
    assert "source" in shown.columns


def test_context_from_documents_when_the_table_has_no_text():
    docs = pd.DataFrame({"doc_id": ["d1"], "text": ["One here. Two there. Three."]})
    table = pd.DataFrame({"doc_id": ["d1"] * 3, "sent_idx": [0, 1, 2], "start": [0, 10, 21],
                          "end": [9, 20, 27]})
    out = with_context(table, table.iloc[[1]], docs)
    assert out.iloc[0][["previous", "text", "next"]].tolist() == ["One here.", "Two there.",
                                                                  "Three."]
    with pytest.raises(ArgumentError, match="--documents"):
        with_context(table, table.iloc[[1]])


def test_written_sheet_and_form(tmp_path):
    table = sentences()
    sheet = coding_sheet(with_context(table, draw_sample(table, 5, seed=5)), CODEBOOK, ["c1"])
    paths = write_coding_sheet(sheet, CODEBOOK, tmp_path / "sheet.csv")
    back = pd.read_csv(paths[0])
    assert len(back) == 5 and "loaded_c1" in back.columns and "inclusion_prob" in back.columns
    page = paths[1].read_text(encoding="utf-8")
    assert CODEBOOK.question in page
    assert "http://" not in page and "https://" not in page
    assert page.count('class="unit"') == 5
    assert "<script src" not in page and "<link" not in page


def test_form_escapes_text():
    sheet = pd.DataFrame({"unit": [1], "doc_id": ["d"], "previous": [None],
                          "text": ["<b>x</b> & </script>"], "next": [None]})
    page = coding_form(sheet, CODEBOOK)
    assert "<b>x</b>" not in page and "&lt;b&gt;x&lt;/b&gt;" in page
    assert page.count("</script>") == 2


@pytest.mark.parametrize(("text", "message"), [
    ("question: q\n", "outcome"),
    ("outcome: x\nquestion: q\ncolour: red\n", "colour"),
    ("outcome: x\nquestion: [unclosed\n", "line 3, column 1: not valid YAML"),
    ("- a list\n", "a mapping"),
])
def test_bad_codebooks(tmp_path, text, message):
    path = tmp_path / "codebook.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_codebook(path)


def test_codebook_reads_labels(tmp_path):
    path = tmp_path / "codebook.yaml"
    path.write_text("outcome: tone\nquestion: How negative?\nlabels: {1: mild, 2: strong, 3: "
                    "harsh}\nlevel: ordinal\n", encoding="utf-8")
    book = load_codebook(path)
    assert not book.binary and book.code_label(2) == "strong" and book.level == "ordinal"
    assert np.isclose(sorted(book.labels)[0], 1.0)


_TYPED = pd.DataFrame({"sent_idx": [0.0, 1.0, 2.0, np.nan], "quoted": [True, False, True, False],
                       "voice": ["quoted", "author", "quoted", None], "n": [1, 2, 3, 4]})


@pytest.mark.parametrize(("where", "rows"), [
    (["sent_idx=1"], [1]),           # an int as written matches a float column
    (["sent_idx=1.0"], [1]),
    (["sent_idx=one"], []),
    (["n=3"], [2]),
    (["quoted=true"], [0, 2]),
    (["quoted=False"], [1, 3]),
    (["voice=quoted"], [0, 2]),
    (["voice="], [3]),               # an empty value matches the missing cells
    (["voice=quoted", "n=3"], [2]),
])
def test_restrict_compares_values_by_the_columns_type(where, rows):
    if not rows:
        with pytest.raises(ArgumentError, match="no row"):
            restrict(_TYPED, where)
    else:
        assert restrict(_TYPED, where).index.tolist() == rows


def test_restrict_errors_name_the_table_file():
    with pytest.raises(ArgumentError, match=r"^sentences\.parquet: where 'tone=x'"):
        restrict(_TYPED, ["tone=x"], "sentences.parquet")


@pytest.mark.parametrize(("show", "ok"), [
    (["voice", "n", "voice"], ["voice", "n"]),  # once each, in order
    (["text"], None),                           # the sheet's own column
    (["loaded_ana"], None),                     # a coder's label column
    (["tone"], None),
])
def test_check_shown(show, ok):
    columns = ["doc_id", "sent_idx", "text", "voice", "n", "loaded_ana"]
    if ok is None:
        with pytest.raises(ArgumentError, match=f"--show '{show[0]}'"):
            check_shown(columns, show, CODEBOOK, ["ana"])
    else:
        assert check_shown(columns, show, CODEBOOK, ["ana"]) == ok


def test_form_shows_a_repeated_column_once():
    sheet = coding_sheet(sentences(2, 2).assign(speaker="Ann Lee").assign(
        inclusion_prob=1.0, stratum="all", previous=None, next=None), CODEBOOK, ["ana"],
        show=["speaker", "speaker"])
    assert coding_form(sheet, CODEBOOK, ["speaker", "speaker"]).count("speaker: <b>") == len(sheet)
