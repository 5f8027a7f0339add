"""Tests for framing.attribute.subjects: the subject of a speech verb."""

from __future__ import annotations

import pytest

from framing.attribute.document import QuoteDoc
from framing.attribute.marks import paragraphs, scan_quotes
from framing.attribute.subjects import NO_SUBJECT, finish, subject_after, subject_before


def make_doc(text: str) -> QuoteDoc:
    paras = paragraphs(text)
    return QuoteDoc(text, scan_quotes(text, paras), paras)


@pytest.mark.parametrize(("text", "kind", "name", "passive", "coordinated", "speaker"), [
    ("Defence Minister Ilsa Varrow said", "name", "Ilsa Varrow", False, False, "Ilsa Varrow"),
    ("Ilsa Varrow, chair of the board, said", "name", "Ilsa Varrow", False, False,
     "Ilsa Varrow"),  # an appositive skipped
    ("Putin last week said", "name", "Putin", False, False, "Putin"),  # a time phrase skipped
    ("Mr. Quist's office said", "name", "Quist's office", False, False, "Quist's office"),
    ("He said", "pronoun", None, False, False, None),  # nobody to resolve to
    ("She was asked", "pronoun", None, True, False, None),  # passive
    ("The 53-year-old told", "descriptor", None, False, False, None),
    ("A spokesman said", "descriptor_indef", None, False, False, None),
    ("They said", "none", None, False, False, None),
    ("Smith arrived and said", "none", None, False, True, None),  # coordinated
    ("what Islamic texts say", "none", None, False, False, None),
])
def test_subject_before(text: str, kind: str, name: str | None, passive: bool,
                        coordinated: bool, speaker: str | None) -> None:
    doc = make_doc(text)
    subj, is_passive, is_coord = subject_before(doc, 0, text.rindex(" ") + 1)
    assert (subj.kind, subj.name, is_passive, is_coord) == (kind, name, passive, coordinated)
    assert finish(doc, subj)[0] == speaker


@pytest.mark.parametrize(("text", "kind", "speaker"), [
    ("said Mira Dolan, a 38-year-old teacher", "name", "Mira Dolan"),
    ("said Kyiv's deputy mayor, Mykola Povoroznyk", "name", "Mykola Povoroznyk"),
    ("said he", "pronoun", None),
    ("said the mayor", "descriptor", None),
    ("said it", "none", None),
])
def test_subject_after(text: str, kind: str, speaker: str | None) -> None:
    doc = make_doc(text)
    subj = subject_after(doc, len("said"), len(text))
    assert subj.kind == kind
    assert finish(doc, subj)[0] == speaker


def test_pronoun_resolves_to_the_person_named_before() -> None:
    text = "Mira Dolan arrived. She said"
    doc = make_doc(text)
    subj, _, _ = subject_before(doc, 20, text.rindex(" ") + 1)
    assert finish(doc, subj) == ("Mira Dolan", 20, 23)
    assert finish(doc, NO_SUBJECT) == (None, None, None)
