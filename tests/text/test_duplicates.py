"""Tests for framing.text.duplicates: exact and near duplicates, dedupe, repeated sentences."""

from __future__ import annotations

import pytest

from framing.errors import ArgumentError
from framing.schema import Document
from framing.text.duplicates import (
    dedupe,
    dedupe_mode,
    find_duplicates,
    repeated_sentences,
    shingles,
    text_fingerprint,
)
from framing.text.pipeline import prepare_documents, sentence_rows

ARTICLE = (
    "Kyiv mayor Vitali Klitschko has admitted Ukraine may have to cede land to Russia to "
    "bring an end to the brutal invasion.\nLast night drones struck the city of Kharkiv, "
    "destroying an apartment block lived in by families with young children.\nKlitschko said "
    "such a settlement would be unfair on his people, but it might be the only way to stop "
    "the killing.\nThe White House said talks would continue in Moscow later this week with "
    "the special envoy.\nKharkiv's mayor said five strikes had been recorded and several fires "
    "were burning at enterprises across the city."
)
OTHER = (
    "The energy regulator raised the price cap by ten per cent for the winter months.\n"
    "Charities warned that millions of households would struggle to heat their homes.\n"
    "The government said support payments for pensioners would be reviewed in the autumn."
)


def _edited(text: str) -> str:
    """A lightly edited copy: one word changed near the end."""
    return text.replace("across the city", "across the region")


# (second text, expected kind of the pair with ARTICLE or None)
PAIR_CASES = [
    pytest.param(ARTICLE, "exact", id="identical"),
    pytest.param(ARTICLE.upper().replace("\n", "\n\n"), "exact", id="case-and-spacing"),
    pytest.param(ARTICLE.replace(",", "").replace(".", " ."), "exact", id="punctuation"),
    pytest.param(_edited(ARTICLE), "near", id="one-word-edited"),
    pytest.param(ARTICLE + "\nUpdated at 10am with the mayor's comments.", "near",
                 id="update-line-added"),
    pytest.param(OTHER, None, id="different-story"),
    pytest.param(ARTICLE.split("\n", 1)[0] + "\n" + OTHER, None, id="same-first-line-only"),
]


@pytest.mark.parametrize(("second", "kind"), PAIR_CASES)
def test_pair_kinds(second: str, kind: str | None) -> None:
    docs = [Document("a", "sun", ARTICLE), Document("b", "mirror", second)]
    report = find_duplicates(docs)
    assert [p.kind for p in report.pairs] == ([kind] if kind else [])
    if kind:
        (pair,) = report.pairs
        assert (pair.first, pair.second, pair.cross_source) == ("a", "b", True)
        assert (pair.similarity == 1.0) is (kind == "exact")
        assert report.groups[0].doc_ids == ("a", "b")


def test_identical_copy_under_another_source_is_reported() -> None:
    """The issue's bar: a byte-identical article under two sources is reported."""
    docs = [Document("sun/a", "sun", ARTICLE), Document("mirror/z", "mirror", OTHER),
            Document("mirror/a", "mirror", ARTICLE)]
    report = find_duplicates(docs)
    assert report.count("exact") == 1 and report.count("near") == 0
    lines = report.console_lines()
    assert lines[0].startswith("duplicates: 1 exact copies and 0 near")
    assert "1 pairs across sources" in lines[0]
    assert "sun/a (sun): mirror/a (mirror) exact copy, another source" in lines[1]
    assert "--dedupe" in lines[2]
    manifest = report.to_manifest()
    assert manifest["exact_duplicates"] == 1 and manifest["cross_source_pairs"] == 1
    assert manifest["groups"] == [{"doc_ids": ["sun/a", "mirror/a"],
                                   "sources": ["sun", "mirror"], "kind": "exact"}]


def test_three_copies_make_one_group_and_two_pairs() -> None:
    docs = [Document(i, s, ARTICLE) for i, s in (("a", "x"), ("b", "y"), ("c", "x"))]
    report = find_duplicates(docs)
    assert [(p.first, p.second) for p in report.pairs] == [("a", "b"), ("a", "c")]
    assert [g.doc_ids for g in report.groups] == [("a", "b", "c")]


def test_empty_and_short_documents() -> None:
    docs = [Document("a", "s", ""), Document("b", "s", ""), Document("c", "s", "Yes."),
            Document("d", "s", "Yes!")]
    report = find_duplicates(docs)
    assert [(p.first, p.second, p.kind) for p in report.pairs] == [("c", "d", "exact")]


@pytest.mark.parametrize(("mode", "kept", "dropped"), [
    ("none", ["a", "b", "c", "d"], []),
    ("exact", ["a", "c", "d"], [("b", "a", "exact")]),
    ("near", ["a", "d"], [("b", "a", "exact"), ("c", "a", "near")]),
])
def test_dedupe_modes(mode: str, kept: list[str], dropped: list[tuple[str, str, str]]) -> None:
    docs = [Document("a", "sun", ARTICLE), Document("b", "mirror", ARTICLE),
            Document("c", "bbc", _edited(ARTICLE)), Document("d", "bbc", OTHER)]
    out, report = dedupe(docs, mode)
    assert [d.doc_id for d in out] == kept
    assert [(p.second, p.first, p.kind) for p in report.dropped] == dropped
    assert report.mode == mode
    assert report.to_manifest()["dropped"] == [
        {"doc_id": s, "source": next(d.source for d in docs if d.doc_id == s),
         "duplicate_of": f, "kind": k} for s, f, k in dropped]


def test_dedupe_keeps_the_first_in_input_order() -> None:
    docs = [Document("z", "late", ARTICLE), Document("a", "early", ARTICLE)]
    out, report = dedupe(docs, "exact")
    assert [d.doc_id for d in out] == ["z"]
    assert report.dropped[0].first == "z"
    reverse, _ = dedupe(docs[::-1], "exact")
    assert [d.doc_id for d in reverse] == ["a"]


def test_exact_copy_of_a_dropped_near_copy_is_dropped_too() -> None:
    edited = _edited(ARTICLE)
    docs = [Document("a", "s", ARTICLE), Document("b", "s", edited), Document("c", "t", edited)]
    out, report = dedupe(docs, "near")
    assert [d.doc_id for d in out] == ["a"]
    assert [(p.second, p.first, p.kind) for p in report.dropped] == [("b", "a", "near"),
                                                                     ("c", "a", "near")]


def test_dedupe_is_deterministic() -> None:
    docs = [Document(str(i), "s", text) for i, text in
            enumerate([ARTICLE, OTHER, _edited(ARTICLE), ARTICLE, OTHER + "\nMore."])]
    first = [d.doc_id for d in dedupe(docs, "near")[0]]
    assert all([d.doc_id for d in dedupe(docs, "near")[0]] == first for _ in range(3))


@pytest.mark.parametrize(("value", "expected"), [
    (None, "none"), ("none", "none"), ("EXACT", "exact"), (" near ", "near"),
])
def test_dedupe_mode(value: str | None, expected: str) -> None:
    assert dedupe_mode(value) == expected


def test_dedupe_mode_refuses_other_values() -> None:
    with pytest.raises(ArgumentError, match="none, exact, near"):
        dedupe_mode("fuzzy")


@pytest.mark.parametrize(("words", "size", "expected"), [
    ([], 5, set()),
    (["a", "b"], 5, {"a b"}),
    (["a", "b", "c"], 2, {"a b", "b c"}),
])
def test_shingles(words: list[str], size: int, expected: set[str]) -> None:
    assert shingles(words, size) == expected


def test_fingerprint_ignores_case_and_punctuation_only() -> None:
    assert text_fingerprint("Hello, World!") == text_fingerprint("hello world")
    assert text_fingerprint("Hello world") != text_fingerprint("Hello there world")


def test_repeated_sentences_counted_and_explained() -> None:
    shared = "The mayor said the city would rebuild every home that was destroyed."
    docs = [Document("a", "sun", ARTICLE), Document("b", "mirror", ARTICLE),
            Document("c", "bbc", f"{OTHER}\n{shared}"), Document("d", "sky", f"{shared}\nNo.")]
    prepared = prepare_documents(docs)
    rows = sentence_rows(prepared.documents)
    prepared.add_sentences(rows)
    sentences = prepared.duplicates.sentences
    outside = [s for s in sentences if not s.within_duplicates]
    assert [(s.text, s.doc_ids, s.sources) for s in outside] == [
        (shared, ("c", "d"), ("bbc", "sky"))]
    assert len(sentences) == 1 + len([r for r in rows if r["doc_id"] == "a"])
    manifest = prepared.to_manifest()["duplicates"]
    assert manifest["repeated_sentences_outside_duplicates"] == 1
    assert any("repeated sentences" in line for line in prepared.console_lines())


@pytest.mark.parametrize(("text", "counted"), [
    ("He said no again.", False),
    ("He said no once again.", True),
])
def test_short_sentences_are_not_counted(text: str, counted: bool) -> None:
    rows = [{"doc_id": d, "source": "s", "text": text} for d in ("a", "b")]
    assert bool(repeated_sentences(rows)) is counted


def test_same_sentence_twice_in_one_document_is_not_repeated() -> None:
    rows = [{"doc_id": "a", "source": "s", "text": "One and the same sentence here."}] * 2
    assert repeated_sentences(rows) == []


def test_prepare_documents_drops_and_reports() -> None:
    docs = [Document("a", "sun", ARTICLE), Document("b", "mirror", ARTICLE)]
    prepared = prepare_documents(docs, dedupe_documents="exact")
    assert [d.doc_id for d in prepared.documents] == ["a"]
    assert "dropped 1 later copies (dedupe: exact): b" in "\n".join(prepared.console_lines())


@pytest.mark.parametrize(("config", "hint"), [
    (False, "all kept; --dedupe exact|near drops later copies"),
    (True, "all kept; dedupe: exact|near drops later copies"),
])
def test_console_hint_names_the_setting(config: bool, hint: str) -> None:
    report = find_duplicates([Document("a", "s", ARTICLE), Document("b", "t", ARTICLE)])
    report.mode = "none"
    assert f"  {hint}" in report.console_lines(config=config)
