"""Tests for titles and authors: the .txt first-line rule and HTML bylines."""

from __future__ import annotations

from pathlib import Path

import pytest

from framing.errors import ArgumentError
from framing.read import read_corpus
from framing.read.html import split_byline
from framing.read.txt import looks_like_title, split_title, title_mode

# (first line, followed by a blank line, is a title)
TITLE_CASES = [
    pytest.param("Mayor says Ukraine may have to cede land", True, True, id="headline"),
    pytest.param("Klitschko: 'It would be unfair'", True, True, id="headline-with-quote"),
    pytest.param("Energy bills to rise 10% in January", True, True, id="headline-digits"),
    pytest.param("Mayor says Ukraine may have to cede land", False, False, id="no-blank-after"),
    pytest.param("The mayor said Ukraine may have to cede land.", True, False, id="sentence"),
    pytest.param("He said: “It would be unfair.”", True, False, id="quoted-sentence"),
    pytest.param("Will Putin stop the war?", True, True, id="question-headline"),
    pytest.param("Stop, Vladimir!", True, True, id="exclamation-headline"),
    pytest.param("Democrats want us to believe…", True, False, id="ends-with-ellipsis"),
    pytest.param("Watch:", True, False, id="ends-with-colon"),
    pytest.param("by Jane Doe, political editor", True, False, id="lower-case-start"),
    pytest.param("12 March 2025", True, False, id="date-line"),
    pytest.param("Breaking", True, False, id="one-word"),
    pytest.param(" ".join(["Word"] * 21), True, False, id="too-many-words"),
]


@pytest.mark.parametrize(("line", "blank_after", "expected"), TITLE_CASES)
def test_looks_like_title(line: str, blank_after: bool, expected: bool) -> None:
    assert looks_like_title(line, followed_by_blank=blank_after) is expected


# (file text, mode, expected title, expected text)
SPLIT_CASES = [
    pytest.param("Headline here\n\nBody text.\n", "auto", "Headline here", "\nBody text.\n",
                 id="auto-title"),
    pytest.param("\n\nHeadline here\n  \nBody.", "auto", "Headline here", "  \nBody.",
                 id="auto-leading-blank-lines"),
    pytest.param("Headline here\nBody text.\n", "auto", None, "Headline here\nBody text.\n",
                 id="auto-no-blank-line"),
    pytest.param("Headline here\n\n", "auto", None, "Headline here\n\n", id="auto-title-only"),
    pytest.param("First sentence.\n\nSecond.", "auto", None, "First sentence.\n\nSecond.",
                 id="auto-sentence"),
    pytest.param("Headline here\nBody text.\n", True, "Headline here", "Body text.\n",
                 id="always"),
    pytest.param("Headline here\n\nBody.", False, None, "Headline here\n\nBody.", id="never"),
]


@pytest.mark.parametrize(("text", "mode", "title", "rest"), SPLIT_CASES)
def test_split_title(text: str, mode: object, title: str | None, rest: str) -> None:
    assert split_title(text, mode) == (title, rest)  # type: ignore[arg-type]


@pytest.mark.parametrize(("value", "expected"), [
    (None, "auto"), ("auto", "auto"), (True, True), (False, False), ("yes", True),
    ("No", False), ("true", True),
])
def test_title_mode(value: object, expected: object) -> None:
    assert title_mode(value) == expected  # type: ignore[arg-type]


def test_title_mode_refuses_other_values() -> None:
    with pytest.raises(ArgumentError, match="auto, yes, no"):
        title_mode("maybe")


def test_read_corpus_default_takes_a_headline(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text("Mayor says Ukraine may cede land\n\nKyiv's mayor said so.\n", "utf-8")
    (doc,) = read_corpus(path)
    assert doc.title == "Mayor says Ukraine may cede land"
    assert doc.text.strip() == "Kyiv's mayor said so."
    (plain,) = read_corpus(path, title_from_first_line=False)
    assert plain.title is None and plain.text.startswith("Mayor says")


def test_headline_is_not_sentence_zero(tmp_path: Path) -> None:
    from framing.text.pipeline import prepare_documents, sentence_rows

    path = tmp_path / "story.txt"
    path.write_text("Mayor says Ukraine may cede land\n\nKyiv's mayor said so.\n", "utf-8")
    rows = sentence_rows(prepare_documents(read_corpus(path)).documents)
    assert [r["text"] for r in rows] == ["Kyiv's mayor said so."]
    assert rows[0]["title"] == "Mayor says Ukraine may cede land"


# (first text line, author, text kept)
BYLINE_CASES = [
    pytest.param("By Jane Doe", "Jane Doe", False, id="by-author"),
    pytest.param("Jane Doe", "Jane Doe", False, id="author-alone"),
    pytest.param("Written by JANE DOE", "Jane Doe", False, id="written-by-case"),
    pytest.param("By John Smith", "Jane Doe", True, id="other-name"),
    pytest.param("Jane Doe said the plan was sound.", "Jane Doe", True, id="sentence"),
    pytest.param("By Jane Doe", None, True, id="no-author"),
]


@pytest.mark.parametrize(("first", "author", "kept"), BYLINE_CASES)
def test_split_byline(first: str, author: str | None, kept: bool) -> None:
    text = f"{first}\nThe article starts here."
    assert split_byline(text, author) == (text if kept else "The article starts here.")


def test_html_author_from_meta(tmp_path: Path) -> None:
    body = "".join(f"<p>Paragraph {i}: Kyiv mayor Vitali Klitschko said Ukraine may have to "
                   "cede land to Russia.</p>" for i in range(3))
    page = ('<html><head><meta charset="utf-8"><title>Mayor may cede land</title>'
            '<meta name="author" content="Jane Doe"></head>'
            f"<body><article><p>By Jane Doe</p>{body}</article></body></html>")
    path = tmp_path / "page.html"
    path.write_text(page, "utf-8")
    metadata: dict[str, dict[str, str]] = {}
    (doc,) = read_corpus(path, metadata=metadata)
    assert metadata["page"] == {"encoding": "utf-8", "author": "Jane Doe"}
    assert "Jane Doe" not in doc.text
    assert doc.text.startswith("Paragraph 0")
