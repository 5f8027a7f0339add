"""Tests of framing.read: every corpus format, field mapping, sources, ids and bad input."""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from framing.errors import InputError
from framing.read import (
    SUPPORTED_FORMATS,
    EmptyTextWarning,
    documents_from_records,
    find_shared_dir,
    read_corpus,
    read_seed_article,
)
from framing.schema import Document

DATA = Path(__file__).resolve().parents[1] / "data" / "io"


def write(path: Path, content: str | bytes, encoding: str = "utf-8") -> Path:
    """Write a fixture file (creating folders) and return its path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_bytes(content.encode(encoding))
    return path


def write_jsonl(path: Path, rows: list[Any]) -> Path:
    return write(path, "".join(json.dumps(r) + "\n" for r in rows))


# --------------------------------------------------------------------------- formats


def test_supported_formats():
    assert set(SUPPORTED_FORMATS) == {"txt", "jsonl", "csv", "tsv", "parquet", "html"}


def test_txt_folder_sources_from_subfolders(tmp_path):
    corpus = tmp_path / "corpus"
    write(corpus / "guardian" / "2025" / "a.txt", "Guardian text.\r\nSecond line.\n")
    write(corpus / "mirror" / "b.txt", "Mirror text.")
    write(corpus / "README.md", "not a corpus file")
    write(corpus / ".hidden" / "c.txt", "ignored")
    write(corpus / "mirror" / ".DS_Store", b"\x00\x01")
    docs = read_corpus(corpus)
    assert docs == [
        Document("guardian/2025/a", "guardian", "Guardian text.\nSecond line.\n"),
        Document("mirror/b", "mirror", "Mirror text."),
    ]


def test_txt_folder_without_subfolders_uses_folder_name(tmp_path):
    corpus = tmp_path / "bbc"
    write(corpus / "one.txt", "First.")
    write(corpus / "two.txt", "Second.")
    docs = read_corpus(corpus)
    assert [(d.doc_id, d.source) for d in docs] == [("one", "bbc"), ("two", "bbc")]


def test_txt_source_argument_overrides_subfolder(tmp_path):
    write(tmp_path / "c" / "guardian" / "a.txt", "Text.")
    (doc,) = read_corpus(tmp_path / "c", source="Guardian UK")
    assert doc.source == "Guardian UK"
    assert doc.doc_id == "guardian/a"


def test_single_txt_file(tmp_path):
    path = write(tmp_path / "story.txt", "Headline here\nBody text.\n")
    (doc,) = read_corpus(path)
    assert doc == Document("story", "story", "Headline here\nBody text.\n")
    (titled,) = read_corpus(str(path), title_from_first_line=True)
    assert titled.title == "Headline here"
    assert titled.text == "Body text.\n"


def test_jsonl_fields_and_coercion(tmp_path):
    path = write_jsonl(
        tmp_path / "news.jsonl",
        [
            {"doc_id": 12, "source": "Guardian", "text": "A.", "title": "T", "date": "2025-01-02"},
            {"doc_id": "x", "text": "B.", "url": "https://e.org/b", "title": None},
        ],
    )
    assert read_corpus(path) == [
        Document("12", "Guardian", "A.", title="T", date="2025-01-02"),
        Document("x", "news", "B.", url="https://e.org/b"),
    ]


def test_jsonl_ndjson_suffix_and_generated_ids_use_line_numbers(tmp_path):
    path = write(tmp_path / "feed.ndjson", '{"text": "A."}\n\n{"text": "B."}\n')
    assert [d.doc_id for d in read_corpus(path)] == ["feed-1", "feed-3"]


def test_csv_quoted_newlines_and_generated_ids(tmp_path):
    path = write(
        tmp_path / "articles.csv",
        'text,source,date\n"First line\nsecond line, with comma",Mirror,2025-04-25\nPlain.,,\n',
    )
    docs = read_corpus(path)
    assert docs == [
        Document("articles-1", "Mirror", "First line\nsecond line, with comma", date="2025-04-25"),
        Document("articles-2", "articles", "Plain."),
    ]


def test_csv_keeps_ids_as_strings(tmp_path):
    path = write(tmp_path / "a.csv", "doc_id,text\n007,A.\n12,B.\nNA,C.\n")
    assert [d.doc_id for d in read_corpus(path)] == ["007", "12", "NA"]


def test_tsv_and_delimiter_option(tmp_path):
    tsv = write(tmp_path / "a.tsv", "doc_id\ttext\n1\tHello, world.\n")
    assert read_corpus(tsv)[0].text == "Hello, world."
    semi = write(tmp_path / "b.txt.csv", "doc_id;text\n1;Hello, world.\n")
    assert read_corpus(semi)[0].text == "Hello, world."  # guessed from the header
    pipe = write(tmp_path / "c.csv", "doc_id|text|x\n1|A, b; c|\n")
    assert read_corpus(pipe, delimiter="|")[0].text == "A, b; c"


def test_parquet_types_are_coerced(tmp_path):
    frame = pd.DataFrame(
        {
            "doc_id": [1, 2, 3],
            "text": ["A.", "B.", "C."],
            "date": pd.to_datetime(["2025-01-02", "2025-01-03T10:30:00", None], format="ISO8601"),
            "title": ["T", None, float("nan")],
            "score": [1.0, 2.0, 3.0],
        }
    )
    path = tmp_path / "p.parquet"
    frame.to_parquet(path)
    docs = read_corpus(path)
    assert docs == [
        Document("1", "p", "A.", title="T", date="2025-01-02"),
        Document("2", "p", "B.", date="2025-01-03T10:30:00"),
        Document("3", "p", "C."),
    ]


def test_parquet_float_ids_with_gaps_become_integers(tmp_path):
    path = tmp_path / "gaps.parquet"
    pd.DataFrame({"doc_id": [12.0, None], "text": ["A.", "B."]}).to_parquet(path)
    assert [d.doc_id for d in read_corpus(path)] == ["12", "gaps-2"]


def test_html_article_extracted_without_boilerplate():
    (doc,) = read_corpus(DATA / "article.html")
    assert doc.doc_id == "article"
    assert doc.source == "article"
    assert doc.title == "Mayor says Ukraine may have to cede land"
    assert doc.date == "2025-04-25"
    assert doc.url == "https://news.example.org/world/mayor-cede-land"
    assert doc.text.startswith("Kyiv mayor Vitali Klitschko has admitted")
    assert "stop the killing." in doc.text
    for marker in ("SCRIPT-MARKER", "NAV-MARKER", "FOOTER-MARKER", "font-family"):
        assert marker not in doc.text


def test_html_folder_with_subfolders(tmp_path):
    page = (DATA / "article.html").read_text(encoding="utf-8")
    write(tmp_path / "web" / "mirror" / "p1.htm", page)
    write(tmp_path / "web" / "mirror" / "menu.html", (DATA / "no_article.html").read_text())
    with pytest.warns(EmptyTextWarning, match=r"skipped 1 of 2 files .*menu\.html"):
        docs = read_corpus(tmp_path / "web")
    assert [(d.doc_id, d.source) for d in docs] == [("mirror/p1", "mirror")]


def test_format_override(tmp_path):
    path = write(tmp_path / "export.dat", "text\nHello.\n")
    assert read_corpus(path, format="csv")[0].text == "Hello."
    notes = write(tmp_path / "notes.md", "Some notes.")
    assert read_corpus(notes, format="text")[0].text == "Some notes."


def test_several_paths_are_concatenated(tmp_path):
    a = write(tmp_path / "a.csv", "text\nA.\n")
    b = write_jsonl(tmp_path / "b.jsonl", [{"text": "B."}])
    docs = read_corpus([a, str(b)])
    assert [(d.doc_id, d.source) for d in docs] == [("a-1", "a"), ("b-1", "b")]


# --------------------------------------------------------------------------- field mapping


def test_field_mapping(tmp_path):
    path = write(
        tmp_path / "custom.csv",
        "id,outlet,headline,published,link,body\na1,BBC,Head,2025-05-01,https://b.co/1,Body one.\n",
    )
    (doc,) = read_corpus(
        path,
        text_field="body",
        id_field="id",
        source_field="outlet",
        title_field="headline",
        date_field="published",
        url_field="link",
    )
    assert doc == Document("a1", "BBC", "Body one.", "Head", "2025-05-01", "https://b.co/1")


def test_column_names_match_case_insensitively(tmp_path):
    path = write(tmp_path / "x.csv", "Doc_ID,Text,Title\n9,Hello.,Hi\n")
    assert read_corpus(path) == [Document("9", "x", "Hello.", title="Hi")]


def test_source_precedence(tmp_path):
    path = write(tmp_path / "mixed.csv", "text,source\nA.,Guardian\nB.,\n")
    assert [d.source for d in read_corpus(path)] == ["Guardian", "mixed"]
    assert [d.source for d in read_corpus(path, source="Given")] == ["Given", "Given"]


def test_table_in_subfolder_defaults_to_subfolder_source(tmp_path):
    write(tmp_path / "corpus" / "guardian" / "items.csv", "text\nA.\n")
    (doc,) = read_corpus(tmp_path / "corpus")
    assert (doc.doc_id, doc.source) == ("guardian/items-1", "guardian")


def test_same_table_name_in_two_subfolders_gives_distinct_ids(tmp_path):
    write(tmp_path / "c" / "guardian" / "items.jsonl", '{"text": "A."}\n')
    write(tmp_path / "c" / "mirror" / "items.jsonl", '{"text": "B."}\n')
    docs = read_corpus(tmp_path / "c")
    assert [(d.doc_id, d.source) for d in docs] == [
        ("guardian/items-1", "guardian"),
        ("mirror/items-1", "mirror"),
    ]


def test_misspelt_custom_field_is_an_error(tmp_path):
    path = write(tmp_path / "x.csv", "id,text\n1,A.\n")
    with pytest.raises(InputError, match=r"no id column 'article_id'; columns are: id, text"):
        read_corpus(path, id_field="article_id")


# --------------------------------------------------------------------------- records


def test_documents_from_records_list_and_frame():
    records = [{"text": "A.", "doc_id": 3, "source": "S"}, {"text": "B."}]
    assert documents_from_records(records) == [
        Document("3", "S", "A."),
        Document("records-2", "records", "B."),
    ]
    frame = pd.DataFrame({"body": ["A.", "B."], "outlet": ["X", "Y"]})
    docs = documents_from_records(frame, text_field="body", source_field="outlet")
    assert [(d.doc_id, d.source, d.text) for d in docs] == [
        ("records-1", "X", "A."),
        ("records-2", "Y", "B."),
    ]
    assert documents_from_records([Document("d", "s", "t")]) == [Document("d", "s", "t")]


@pytest.mark.parametrize(
    ("records", "message"),
    [
        ([{"body": "A."}], "<records>: no text column 'text'; columns are: body"),
        ([{"text": "A."}, "oops"], "<records>, row 2: expected a mapping"),
        ([{"text": ["a", "b"]}], "<records>, row 1: column 'text' holds a list"),
        (
            [{"text": "A.", "doc_id": 1}, {"text": "B.", "doc_id": "1"}],
            "<records>, row 2: duplicate doc_id '1' (first at <records>, row 1)",
        ),
        ([{"text": " "}, {"text": None}], "<records>: no text in column 'text': all 2 rows"),
        ("not records", "<records>: expected a list of mappings"),
    ],
)
def test_documents_from_records_errors(records, message):
    with pytest.raises(InputError) as info:
        documents_from_records(records)
    assert str(info.value).startswith(message)


# --------------------------------------------------------------------------- bad input

Setup = Callable[[Path], tuple[Any, dict[str, Any]]]


def _missing(tmp: Path):
    return tmp / "nope.csv", {}


def _empty(tmp: Path):
    return write(tmp / "empty.jsonl", b""), {}


def _empty_txt(tmp: Path):
    return write(tmp / "empty.txt", b""), {}


def _whitespace_csv(tmp: Path):
    return write(tmp / "blank.csv", "\n  \n"), {}


def _binary(tmp: Path):
    return write(tmp / "image.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)), {}


def _utf16(tmp: Path):
    return write(tmp / "wide.txt", "text\nhello\n", encoding="utf-16"), {}


def _cp1252(tmp: Path):
    return write(tmp / "win.csv", "text\nplain\n\u201csmart quotes\u201d\n", encoding="cp1252"), {}


def _unknown_encoding(tmp: Path):
    return write(tmp / "a.csv", "text\nA.\n"), {"encoding": "klingon"}


def _no_text_column(tmp: Path):
    return write(tmp / "cols.csv", "a,b,c\n1,2,3\n"), {}


def _malformed_csv(tmp: Path):
    content = 'doc_id,text\n1,"A\nmultiline"\n\n2,B.\n3,B.,extra,more\n'
    return write(tmp / "ragged.csv", content), {}


def _unclosed_quote(tmp: Path):
    return write(tmp / "quote.csv", 'doc_id,text\n1,A.\n2,"never closed\n3,C.\n'), {}


def _broken_jsonl(tmp: Path):
    return write(tmp / "broken.jsonl", '{"text": "A."}\n{"text": "B."}\n\n{"text" "C."}\n'), {}


def _non_object_jsonl(tmp: Path):
    return write(tmp / "list.jsonl", '{"text": "A."}\n["not", "an", "object"]\n'), {}


def _nested_jsonl(tmp: Path):
    return write(tmp / "nested.jsonl", '{"text": {"body": "A."}}\n'), {}


def _duplicate_in_file(tmp: Path):
    return write(tmp / "dup.csv", "doc_id,text\n1,A.\n2,B.\n1,C.\n"), {}


def _duplicate_across_files(tmp: Path):
    a = write(tmp / "a.csv", "doc_id,text\nx,A.\n")
    b = write_jsonl(tmp / "b.jsonl", [{"doc_id": "y", "text": "B."}, {"doc_id": "x", "text": "C."}])
    return [a, b], {}


def _all_empty(tmp: Path):
    return write(tmp / "hollow.csv", 'doc_id,text\n1,""\n2,"   "\n3,\n'), {}


def _header_only(tmp: Path):
    return write(tmp / "header.csv", "doc_id,text\n"), {}


def _no_article_html(tmp: Path):
    return DATA / "no_article.html", {}


def _empty_folder(tmp: Path):
    write(tmp / "corpus" / "notes.md", "no corpus here")
    return tmp / "corpus", {}


def _all_empty_folder(tmp: Path):
    write(tmp / "corpus" / "a.txt", b"")
    write(tmp / "corpus" / "b.txt", "  \n")
    return tmp / "corpus", {}


def _unknown_suffix(tmp: Path):
    return write(tmp / "sheet.xlsx", b"PK\x03\x04"), {}


def _unknown_format(tmp: Path):
    return write(tmp / "a.csv", "text\nA.\n"), {"format": "xml"}


def _not_parquet(tmp: Path):
    return write(tmp / "fake.parquet", "text\nA.\n"), {}


BAD_INPUT: list[tuple[str, Setup, list[str]]] = [
    ("missing path", _missing, ["nope.csv: no such file or folder"]),
    ("empty file", _empty, ["empty.jsonl: file is empty"]),
    ("empty txt file", _empty_txt, ["empty.txt: file is empty"]),
    ("whitespace-only csv", _whitespace_csv, ["blank.csv: file is empty"]),
    ("binary file", _binary, ["image.csv: looks like a binary file"]),
    ("utf-16 without encoding", _utf16, ["wide.txt: file is UTF-16", "encoding='utf-16'"]),
    (
        "cp1252 without encoding",
        _cp1252,
        ["win.csv, line 3: byte 0x93 (byte 1 of the line) is not valid utf-8", "'cp1252'"],
    ),
    ("unknown encoding", _unknown_encoding, ["a.csv: unknown encoding 'klingon'"]),
    (
        "no text column",
        _no_text_column,
        ["cols.csv: no text column 'text'; columns are: a, b, c (name it with --text-field, "
         "or corpus.text_field in a config)"],
    ),
    (
        "too many csv fields",
        _malformed_csv,
        ["ragged.csv, row 3: 4 fields but the header has 2 (line 6 of the file)"],
    ),
    (
        "unclosed csv quote",
        _unclosed_quote,
        ["quote.csv, row 2: not valid CSV", "starting at line 3 of the file"],
    ),
    ("broken jsonl line", _broken_jsonl, ["broken.jsonl, line 4: not valid JSON (Expecting ':'"]),
    ("non-object jsonl line", _non_object_jsonl, ["list.jsonl, line 2: expected a JSON object"]),
    ("nested jsonl text", _nested_jsonl, ["nested.jsonl, line 1: column 'text' holds a dict"]),
    (
        "duplicate id in a file",
        _duplicate_in_file,
        ["dup.csv, row 3: duplicate doc_id '1' (first at ", "dup.csv, row 1)"],
    ),
    (
        "duplicate id across files",
        _duplicate_across_files,
        ["b.jsonl, line 2: duplicate doc_id 'x' (first at ", "a.csv, row 1)"],
    ),
    ("all rows empty", _all_empty, ["hollow.csv: no text in column 'text': all 3 rows are empty"]),
    ("header only", _header_only, ["header.csv: no rows to read"]),
    ("html without article", _no_article_html, ["no_article.html: no article text found"]),
    ("folder without corpus files", _empty_folder, ["corpus: no corpus files found"]),
    (
        "folder of empty files",
        _all_empty_folder,
        ["corpus: no text: none of the 2 files has any; e.g. ", "a.txt (file is empty)"],
    ),
    ("unknown suffix", _unknown_suffix, ["sheet.xlsx: cannot tell the format", "--input-format"]),
    ("unknown format", _unknown_format, ["unknown format 'xml'; supported: txt, jsonl"]),
    ("not parquet", _not_parquet, ["fake.parquet: not a readable parquet file"]),
]


@pytest.mark.parametrize(
    ("setup", "fragments"), [(s, f) for _, s, f in BAD_INPUT], ids=[n for n, _, _ in BAD_INPUT]
)
def test_bad_input_raises_input_error_naming_file_and_row(tmp_path, setup, fragments):
    paths, kwargs = setup(tmp_path)
    with pytest.raises(InputError) as info:
        read_corpus(paths, **kwargs)
    message = str(info.value)
    assert "\n" not in message
    for fragment in fragments:
        assert fragment in message


def test_cp1252_with_encoding_succeeds(tmp_path):
    path, _ = _cp1252(tmp_path)
    docs = read_corpus(path, encoding="cp1252")
    assert [d.text for d in docs] == ["plain", "\u201csmart quotes\u201d"]


def test_utf8_bom_is_removed(tmp_path):
    path = write(tmp_path / "bom.csv", b"\xef\xbb\xbfdoc_id,text\n1,Caf\xc3\xa9.\n")
    assert read_corpus(path) == [Document("1", "bom", "Caf\u00e9.")]
    txt = write(tmp_path / "bom.txt", b"\xef\xbb\xbfHello.")
    assert read_corpus(txt)[0].text == "Hello."


def test_some_empty_rows_are_skipped_with_a_warning(tmp_path):
    path = write(tmp_path / "gappy.csv", 'doc_id,text\n1,A.\n2,\n3,"  "\n4,D.\n')
    with pytest.warns(EmptyTextWarning) as record:
        docs = read_corpus(path)
    assert [d.doc_id for d in docs] == ["1", "4"]
    (warning,) = record
    message = str(warning.message)
    assert "gappy.csv: skipped 2 of 4 rows with no text in column 'text'" in message
    assert "rows 2, 3" in message


def test_no_warning_when_every_row_has_text(tmp_path):
    path = write(tmp_path / "full.csv", "text\nA.\nB.\n")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert len(read_corpus(path)) == 2


def test_empty_input_path_list():
    with pytest.raises(InputError, match="no input path"):
        read_corpus([])


# --------------------------------------------------------------------------- shared folder


def test_find_shared_dir_beside_start_and_env(tmp_path, monkeypatch):
    monkeypatch.delenv("FRAMING_SHARED_DIR", raising=False)
    (tmp_path / "repo").mkdir()
    (tmp_path / "shared").mkdir()
    assert find_shared_dir(tmp_path / "repo") == (tmp_path / "shared").resolve()
    other = tmp_path / "elsewhere"
    other.mkdir()
    monkeypatch.setenv("FRAMING_SHARED_DIR", str(other))
    assert find_shared_dir(tmp_path / "repo") == other
    monkeypatch.setenv("FRAMING_SHARED_DIR", str(tmp_path / "absent"))
    assert find_shared_dir() is None


def test_read_seed_article_missing_is_input_error(tmp_path, monkeypatch):
    monkeypatch.setenv("FRAMING_SHARED_DIR", str(tmp_path / "absent"))
    with pytest.raises(InputError, match="seed article not found"):
        read_seed_article()
    (tmp_path / "empty_shared").mkdir()
    monkeypatch.setenv("FRAMING_SHARED_DIR", str(tmp_path / "empty_shared"))
    with pytest.raises(InputError, match="mirror_2025_klitschko_kharkiv.txt: seed article"):
        read_seed_article()


def test_read_seed_article_from_shared_folder():
    shared = find_shared_dir()
    if shared is None or not (shared / "seeds" / "mirror_2025_klitschko_kharkiv.txt").is_file():
        pytest.skip("shared folder with the seed article is not available")
    doc = read_seed_article()
    assert doc.doc_id == "mirror_2025_klitschko_kharkiv"
    assert doc.source == "Daily Mirror (seed article)"
    assert doc.title is None
    assert doc.text.startswith("Kyiv mayor and former heavyweight boxer Vitali Klitschko")
    assert "Kharkiv" in doc.text
