"""Tests for framing.text.furniture: repeated lines per source, known patterns, the report."""

from __future__ import annotations

import pytest

from framing.errors import ArgumentError
from framing.schema import Document
from framing.text.furniture import (
    MAX_WORDS,
    REPEATED,
    clean_corpus,
    find_repeated_lines,
    furniture_mode,
    repeated_threshold,
)
from framing.text.pipeline import prepare_documents, sentence_rows

STORIES = [
    "Kharkiv was hit by five drone strikes overnight, the mayor said on Tuesday.",
    "The energy regulator raised the price cap by ten per cent for the winter months.",
    "Police in Leeds arrested three men after a robbery at a jeweller on Monday night.",
    "The council voted to close two libraries to save money in next year's budget.",
    "Rail workers will strike again next month after talks over pay broke down.",
    "A heatwave warning was issued for southern England as temperatures passed 30C.",
]


def corpus(source: str, n: int, extra: str = "", start: int = 0) -> list[Document]:
    """``n`` different articles of ``source``, each with the line ``extra`` appended."""
    docs = []
    for i in range(n):
        body = f"{STORIES[(start + i) % len(STORIES)]}\nStory {start + i} goes on here at length."
        docs.append(Document(f"{source}/{i}", source, body + (f"\n{extra}" if extra else "")))
    return docs


@pytest.mark.parametrize(("n", "expected"), [
    (0, None), (1, None), (2, None), (3, 3), (30, 3), (150, 3), (151, 4), (1000, 20),
])
def test_repeated_threshold(n: int, expected: int | None) -> None:
    assert repeated_threshold(n) == expected


@pytest.mark.parametrize(("value", "expected"), [
    (None, "remove"), (True, "remove"), (False, "keep"), ("remove", "remove"),
    (" KEEP ", "keep"),
])
def test_furniture_mode(value: object, expected: str) -> None:
    assert furniture_mode(value) == expected  # type: ignore[arg-type]


def test_furniture_mode_refuses_other_values() -> None:
    with pytest.raises(ArgumentError, match="remove, keep"):
        furniture_mode("drop")


# (documents per source, the repeated line, in how many of them, removed?)
REPEAT_CASES = [
    pytest.param(5, "Sun Online exclusive line", 5, True, id="in-all-of-five"),
    pytest.param(5, "Sun Online exclusive line", 3, True, id="in-three-of-five"),
    pytest.param(5, "Sun Online exclusive line", 2, False, id="in-two-of-five"),
    pytest.param(2, "Sun Online exclusive line", 2, False, id="both-of-two-is-not-enough"),
    pytest.param(1, "Sun Online exclusive line", 1, False, id="one-document-source"),
    pytest.param(
        5, " ".join(["word"] * (MAX_WORDS + 1)) + ".", 5, False, id="long-line-is-text"
    ),
    pytest.param(
        2, "The prime minister said the plan would go ahead next spring.", 2, False,
        id="two-of-two-sentence-over-10-words",
    ),
]


@pytest.mark.parametrize(("n", "line", "n_with", "removed"), REPEAT_CASES)
def test_repeated_lines_are_removed(n: int, line: str, n_with: int, removed: bool) -> None:
    docs = corpus("sun", n - n_with) + corpus("sun", n_with, extra=line, start=n)
    docs = [Document(f"d{i}", d.source, d.text) for i, d in enumerate(docs)]
    cleaned, report = clean_corpus(docs)
    texts = [d.text for d in cleaned]
    assert any(line in t for t in texts) is not removed
    assert report.lines.get("sun", {}).get(REPEATED, 0) == (n_with if removed else 0)
    if removed:
        assert [r.text for r in report.repeated] == [line]
        assert report.repeated[0].n_documents == n_with


def test_known_patterns_and_repeats_reported_per_source() -> None:
    furniture = "Most read in The Sun\nWe appreciate your feedback.\nThank you for sharing " \
                "your thoughts.\nThe Sun says: more at the back"
    docs = corpus("sun", 4, extra=furniture) + corpus("bbc", 3, start=2)
    cleaned, report = clean_corpus(docs)
    assert report.lines == {"sun": {"read_more": 4, "feedback_prompt": 8, REPEATED: 4}}
    assert report.by_source() == {"sun": 16}
    assert report.total() == 16
    for doc in cleaned:
        assert "Sun" not in doc.text and "feedback" not in doc.text
    assert [d.text for d in cleaned[4:]] == [d.text for d in docs[4:]]
    manifest = report.to_manifest()
    assert manifest["removed"] == 16
    assert manifest["repeated_lines"] == [
        {"source": "sun", "text": "The Sun says: more at the back", "n_documents": 4}
    ]
    (head, example) = report.console_lines()
    assert "removed 16 lines (sun 16)" in head and "--keep-furniture" in head
    assert "in 4 documents" in example


def test_lines_shared_by_other_sources_do_not_count() -> None:
    line = "Short shared line here"
    docs = corpus("sun", 1, extra=line) + corpus("mirror", 1, extra=line, start=1) \
        + corpus("bbc", 1, extra=line, start=2)
    cleaned, report = clean_corpus(docs)
    assert all(line in d.text for d in cleaned)
    assert report.total() == 0


def test_copies_of_one_article_are_not_furniture() -> None:
    """Three copies of one article in one source count as one document: nothing repeats."""
    article = "Kharkiv was hit overnight.\nThe mayor spoke.\nFive people were hurt."
    docs = [Document(f"d{i}", "sun", article) for i in range(3)]
    cleaned, report = clean_corpus(docs)
    assert [d.text for d in cleaned] == [article] * 3
    assert report.total() == 0


def test_case_and_spacing_differences_still_repeat() -> None:
    lines = ["Sun Online exclusive line", "SUN ONLINE  exclusive line", "sun online exclusive LINE"]
    docs = [Document(f"d{i}", "sun", f"{STORIES[i]}\n{line}") for i, line in enumerate(lines)]
    cleaned, report = clean_corpus(docs)
    assert [d.text for d in cleaned] == STORIES[:3]
    assert report.lines["sun"][REPEATED] == 3


def test_keep_mode_keeps_and_counts() -> None:
    extra = "READ MORE\nSun Online exclusive line"
    docs = corpus("sun", 3, extra=extra)
    cleaned, report = clean_corpus(docs, "keep")
    assert all(d.text.endswith(extra) for d in cleaned)
    assert report.mode == "keep"
    assert report.lines == {"sun": {"read_more": 3, REPEATED: 3}}
    assert "kept 6 lines" in report.console_lines()[0]
    assert report.to_manifest()["kept"] == 6


def test_nothing_to_report() -> None:
    _, report = clean_corpus(corpus("sun", 3))
    assert report.total() == 0 and report.console_lines() == []


def test_find_repeated_lines_ignores_blank_lines() -> None:
    docs = [Document(f"d{i}", "s", f"{STORIES[i]}\n\nSame tail line") for i in range(3)]
    found = find_repeated_lines(docs)
    assert list(found["s"]) == ["same tail line"]


def test_offsets_refer_to_text_after_removal() -> None:
    extra = "Most read in The Sun\nSun Online exclusive line"
    docs = [Document(d.doc_id, d.source, f"Sun Online exclusive line\n{d.text}\n{extra}")
            for d in corpus("sun", 3)]
    prepared = prepare_documents(docs)
    rows = sentence_rows(prepared.documents)
    by_id = {d.doc_id: d.text for d in prepared.documents}
    assert rows
    for row in rows:
        assert by_id[row["doc_id"]][row["start"]:row["end"]] == row["text"]
        assert "Sun" not in str(row["text"])
    assert rows[0]["sent_idx"] == 0 and rows[0]["start"] == 0


def test_keep_mode_keeps_boilerplate_too() -> None:
    docs = [Document("a", "s", "News here today.\nShare this article")]
    (kept,), report = clean_corpus(docs, "keep")
    assert kept.text == "News here today.\nShare this article"
    assert report.lines == {"s": {"share_widget": 1}}
    (removed,), _ = clean_corpus(docs)
    assert removed.text == "News here today."


@pytest.mark.parametrize(("mode", "config", "hint"), [
    ("remove", False, "--keep-furniture keeps them"),
    ("remove", True, "furniture: keep keeps them"),
    ("keep", False, "--furniture removes them"),
    ("keep", True, "furniture: remove removes them"),
])
def test_console_hint_names_the_setting(mode: str, config: bool, hint: str) -> None:
    _, report = clean_corpus(corpus("sun", 3, extra="READ MORE"), mode)
    assert report.console_lines(config=config)[0].endswith(hint)
