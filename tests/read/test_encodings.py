"""Tests for encoding="auto": per-file detection, mixed folders, what is recorded."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from framing.errors import InputError
from framing.read import read_corpus
from framing.read.corpus import encoding_counts, encoding_line
from framing.read.encodings import detect_encoding, is_auto
from framing.read.files import detect_file_encoding

ENGLISH = "The minister’s “plan” – costs £300 and a café… that’s €5."
FRENCH = "L’été à Paris était très chaud, déjà « café » à l’Élysée."
GERMAN = "Die Straße führt über den Fluss – „so“ sagt er."
NO_C1 = "Café naïve résumé in Zürich."  # no byte in 0x80-0x9F under cp1252 or latin-1

# (text, codec it is written in, the codec auto must report)
DETECT_CASES = [
    pytest.param("plain ascii", "ascii", "utf-8", id="ascii-is-utf8"),
    pytest.param(ENGLISH, "utf-8", "utf-8", id="utf8"),
    pytest.param(ENGLISH, "utf-8-sig", "utf-8-sig", id="utf8-bom"),
    pytest.param(ENGLISH, "utf-16", "utf-16", id="utf16-bom"),
    pytest.param(ENGLISH, "cp1252", "cp1252", id="cp1252-english"),
    pytest.param(FRENCH, "cp1252", "cp1252", id="cp1252-french"),
    pytest.param(GERMAN, "cp1252", "cp1252", id="cp1252-german"),
    pytest.param(NO_C1, "latin-1", "iso8859-1", id="latin1-without-c1-bytes"),
    pytest.param("Привет, как дела? Это тест кодировки.", "cp1251", "cp1251", id="cp1251"),
    pytest.param("Zażółć gęślą jaźń. Władysław Łódź.", "cp1250", "cp1250", id="cp1250"),
    pytest.param("¿Qué pasó? ¡Así es la vida, señor!", "cp1252", "iso8859-1", id="spanish"),
    pytest.param("Καλημέρα κόσμε, τι κάνεις;", "cp1253", "cp1253", id="cp1253-greek"),
]


@pytest.mark.parametrize(("text", "written", "detected"), DETECT_CASES)
def test_detect_encoding(text: str, written: str, detected: str) -> None:
    data = text.encode(written)
    name = detect_encoding("a.txt", data)
    assert name == detected
    assert codecs.decode(data, name).lstrip("\ufeff") == text


def test_damaged_utf8_is_an_error_not_a_guess() -> None:
    data = ("“Stop,” he said – " * 20).encode("utf-8") + b"\x92 broken\n"
    with pytest.raises(InputError, match=r"a\.txt, line 1: byte 0x92 is not valid UTF-8 in a "
                                         r"file that is otherwise UTF-8"):
        detect_encoding("a.txt", data)


@pytest.mark.parametrize(("value", "expected"), [
    ("auto", True), (" AUTO ", True), ("utf-8", False), (None, False),
])
def test_is_auto(value: str | None, expected: bool) -> None:
    assert is_auto(value) is expected


def _write(path: Path, text: str, codec: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(codec))
    return path


def test_folder_mixing_utf8_and_cp1252_reads_with_auto(tmp_path: Path) -> None:
    """The issue's case: one folder, some files UTF-8 and some cp1252."""
    corpus = tmp_path / "corpus"
    _write(corpus / "sun" / "a.txt", ENGLISH, "utf-8")
    _write(corpus / "sun" / "b.txt", ENGLISH, "cp1252")
    _write(corpus / "mirror" / "c.txt", FRENCH, "cp1252")
    _write(corpus / "mirror" / "d.txt", GERMAN, "utf-8-sig")
    with pytest.raises(InputError, match="encoding='auto'"):
        read_corpus(corpus)  # the default (UTF-8) fails on b.txt, and says what to do
    metadata: dict[str, dict[str, str]] = {}
    docs = read_corpus(corpus, encoding="auto", metadata=metadata)
    assert {d.doc_id: d.text for d in docs} == {
        "mirror/c": FRENCH, "mirror/d": GERMAN, "sun/a": ENGLISH, "sun/b": ENGLISH}
    assert {k: v["encoding"] for k, v in metadata.items()} == {
        "mirror/c": "cp1252", "mirror/d": "utf-8-sig", "sun/a": "utf-8", "sun/b": "cp1252"}
    assert encoding_counts(metadata) == {"cp1252": 2, "utf-8-sig": 1, "utf-8": 1}
    assert encoding_line(metadata) == (
        "encodings: 2 cp1252, 1 utf-8-sig, 1 utf-8 (not UTF-8: mirror/c, sun/b)")


@pytest.mark.parametrize(("metadata", "expected"), [
    ({}, None),
    ({"a": {"encoding": "utf-8"}, "b": {"encoding": "utf-8-sig"}}, None),
    ({"a": {"author": "X"}}, None),
    ({f"d{i}": {"encoding": "cp1252"} for i in range(7)},
     "encodings: 7 cp1252 (not UTF-8: d0, d1, d2, d3, d4 and 2 more)"),
])
def test_encoding_line(metadata: dict, expected: str | None) -> None:
    assert encoding_line(metadata) == expected


def test_auto_gives_the_same_documents_as_utf8_for_utf8_files(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    _write(corpus / "a.txt", ENGLISH + "\r\nSecond line.", "utf-8")
    _write(corpus / "b.txt", "ascii only", "ascii")
    assert read_corpus(corpus, encoding="auto") == read_corpus(corpus)


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_tables_with_auto(tmp_path: Path, suffix: str) -> None:
    if suffix == ".csv":
        content = f"text,source\n\"{ENGLISH}\",sun\n"
    else:
        content = json.dumps({"text": ENGLISH, "source": "sun"}, ensure_ascii=False) + "\n"
    path = _write(tmp_path / f"win{suffix}", content, "cp1252")
    metadata: dict[str, dict[str, str]] = {}
    (doc,) = read_corpus(path, encoding="auto", metadata=metadata)
    assert doc.text == ENGLISH
    assert metadata == {doc.doc_id: {"encoding": "cp1252"}}


def test_detect_file_encoding_checks_the_whole_file(tmp_path: Path) -> None:
    """A cp1252 byte far past the first chunk still makes the file cp1252."""
    path = tmp_path / "big.jsonl"
    line = json.dumps({"text": "plain"}) + "\n"
    path.write_bytes(line.encode() * 80_000 + json.dumps(
        {"text": ENGLISH}, ensure_ascii=False).encode("cp1252") + b"\n")
    assert path.stat().st_size > (1 << 20)
    assert detect_file_encoding(path) == "cp1252"
    docs = read_corpus(path, encoding="auto")
    assert docs[-1].text == ENGLISH


def test_binary_file_with_auto_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(b"\x00\x01\x02binary\x00")
    with pytest.raises(InputError, match="binary"):
        read_corpus(path, encoding="auto")


def test_html_with_auto_honours_declared_charset(tmp_path: Path) -> None:
    body = "".join(f"<p>{FRENCH} Paragraphe numéro {i} de l’article.</p>" for i in range(3))
    page = (f'<html><head><meta charset="windows-1252"><title>Titre</title></head>'
            f"<body><article>{body}</article></body></html>")
    path = _write(tmp_path / "page.html", page, "cp1252")
    metadata: dict[str, dict[str, str]] = {}
    (doc,) = read_corpus(path, encoding="auto", metadata=metadata)
    assert FRENCH in doc.text
    assert metadata["page"]["encoding"] == "cp1252"


def test_real_article_in_cp1252(tmp_path: Path, seed_article_path: Path) -> None:
    """The seed article (curly quotes, dashes, ellipses) saved as cp1252 reads back exactly."""
    text = seed_article_path.read_text(encoding="utf-8")
    path = _write(tmp_path / "seed.txt", text, "cp1252")
    metadata: dict[str, dict[str, str]] = {}
    (doc,) = read_corpus(path, encoding="auto", metadata=metadata, title_from_first_line=False)
    assert doc.text == text.replace("\r\n", "\n")
    assert metadata["seed"]["encoding"] == "cp1252"
