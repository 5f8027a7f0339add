"""Tests for framing.lexicons.first_names: common first names and their usual gender."""

from __future__ import annotations

import pytest

from framing.lexicons.first_names import first_name_gender, is_first_name

pytest.importorskip("nomquamgender")


@pytest.mark.parametrize(("word", "first", "gender"), [
    ("Anita", True, "f"), ("Michael", True, "m"), ("Rahaf", True, "f"),
    ("Jordan", True, None),  # a common name for both: no gender
    ("Capitol", False, None), ("Memorial", False, None),  # capitalised words, no names
    ("anita", False, None),  # only a capitalised word is a name
    ("", False, None),
])
def test_first_names(word: str, first: bool, gender: str | None) -> None:
    assert is_first_name(word) is first
    assert first_name_gender(word) == gender
