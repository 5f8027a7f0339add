"""Tests for framing.attribute.document: masked text, sentences and persons of a document."""

from __future__ import annotations

import pytest

from framing.attribute.document import QuoteDoc
from framing.attribute.marks import paragraphs, scan_quotes


def make_doc(text: str) -> QuoteDoc:
    paras = paragraphs(text)
    return QuoteDoc(text, scan_quotes(text, paras), paras)


TEXT = ("Vitali Klitschko arrived. Later Klitschko said: “x”. She left. Mrs. Ada Lund spoke. "
        "He said “y”.")


def test_masked_text_hides_quotes_only() -> None:
    doc = make_doc("A said “Bob Smith”.\nB")
    assert doc.masked == "A said ~~~~~~~~~~~.\nB"
    assert len(doc.masked) == len(doc.text)


def test_sentence_and_paragraph_bounds() -> None:
    doc = make_doc("One two. Three four.\nFive.")
    assert doc.sentence_start(12) == 9
    assert doc.para_bounds(12) == (0, 20)
    assert doc.para_bounds(22) == (21, 26)


@pytest.mark.parametrize(("name", "pos", "expected"), [
    ("Klitschko", 40, "Vitali Klitschko"),  # a surname to the full name used earlier
    ("Lund", 0, "Ada Lund"),  # ... or the first one after it
    ("Smith", 0, "Smith"),  # no full name: unchanged
    ("Ada Lund", 0, "Ada Lund"),
])
def test_canonical(name: str, pos: int, expected: str) -> None:
    assert make_doc(TEXT).canonical(name, pos) == expected


@pytest.mark.parametrize(("text", "name", "expected"), [
    ("Surat Kovin spoke. Later Surat left.", "Surat", "Surat Kovin"),  # a first name alone
    ("Surat Kovin and Surat Pell spoke.", "Surat", "Surat"),  # two people share it: unchanged
    ("Rania Hamid al-Tarwi fled.", "Tarwi", "Rania Hamid al-Tarwi"),  # a prefixed surname
    ("Ivo Marek spoke. Ivo K. Marek left.", "Ivo K. Marek", "Ivo Marek"),  # one person
    ("Ivo Marek spoke. Ana Marek left.", "Ana Marek", "Ana Marek"),  # two persons
    ("Philip Van Cleave spoke. Van Cleave left.", "Van Cleave", "Philip Van Cleave"),  # "Van"
    ("Philip Van Cleave and Ada Van Cleave spoke.", "Van Cleave", "Van Cleave"),  # two people
    ("Ivo Marek Warns “No”", "Ivo Marek Warns", "Ivo Marek"),  # a headline's speech verb
    ("Ivo Marek Insists “No”", "Ivo Marek Insists", "Ivo Marek"),
    ("Ivo Marek Stevens spoke.", "Ivo Marek Stevens", "Ivo Marek Stevens"),  # not a verb
])
def test_canonical_first_names_and_prefixes(text: str, name: str, expected: str) -> None:
    assert make_doc(text).canonical(name, len(text)) == expected


@pytest.mark.parametrize(("text", "name", "expected"), [
    ("The University of Southern California said no.", "USC", "University of Southern California"),
    ("U.S. Customs and Border Protection said no.", "CBP", "U.S. Customs and Border Protection"),
    ("The Federal Bureau of Investigation and the Free Bank of Iceland met.", "FBI", "FBI"),
    ("Nothing spelled out here.", "FBI", "FBI"),
    ("The Anti-Defamation League said no.", "ADL", "Anti-Defamation League"),  # hyphen parts
    ("The Council on Tarnow-Islamic Relations said no.", "CTIR",
     "Council on Tarnow-Islamic Relations"),
    ("The Council on Tarnow-Islamic Relations said no.", "CTR",
     "Council on Tarnow-Islamic Relations"),
    ("Klitschko said no.", "Klitschko", "Klitschko"),  # not an acronym
    ("The Los Angeles Times said no.", "Times", "Los Angeles Times"),  # a short org name
    ("Later Los Angeles Times staff said so. The Los Angeles Times said no.", "Times",
     "Los Angeles Times"),  # a form that holds another counts as that one
    ("The Los Angeles Times and the New York Times said no.", "Times", "Times"),  # two
    ("Donald Trump said no.", "Trump", "Trump"),  # a person
])
def test_expand_acronym(text: str, name: str, expected: str) -> None:
    assert make_doc(text).expand_acronym(name) == expected


@pytest.mark.parametrize(("pos", "gender", "expected"), [
    (5, None, None),  # nobody named before
    (30, None, "Vitali Klitschko"),
    (len(TEXT), None, "Ada Lund"),  # the most recent person
    (len(TEXT), "m", "Vitali Klitschko"),  # skipping a person of the other gender
])
def test_resolve(pos: int, gender: str | None, expected: str | None) -> None:
    assert make_doc(TEXT).resolve(pos, gender) == expected


def test_one_word_subject_is_a_fallback_antecedent() -> None:
    doc = make_doc("Klitschko has also made a plea. He said “x”.")
    assert doc.mentions == []
    assert doc.resolve(len(doc.text), "m") == "Klitschko"
