"""Tests for framing.attribute.entities: target strings, countries and names (no model needed)."""

from __future__ import annotations

import pytest

from framing.attribute.entities import country, known_country, normalise_target


@pytest.mark.parametrize(("raw", "expected"), [
    ("the Wagner Group", "Wagner Group"),
    ("Russia\u2018s", "Russia"),
    ("Lisa Brandt's", "Lisa Brandt"),
    ("Putin\u2019s", "Putin"),
    ("Russian", "Russia"),
    ("Russians", "Russia"),
    ("North Korean", "North Korea"),
    ("Prime Minister  Elena Varga", "Elena Varga"),
    ("Governor Lisa Brandt", "Lisa Brandt"),
    ("Kremlin", "Kremlin"),
    ("U.S.", "U.S."),  # an abbreviation keeps its full stop ...
    ("Coca-Cola Co.", "Coca-Cola Co."),
    ("Brandt.", "Brandt"),  # ... a sentence's full stop goes
    ("the “Squad”", "Squad"),
    ("Mirovian", "Mirovian"),
    ("the", None),
    ("", None),
])
def test_normalise_target(raw, expected):
    assert normalise_target(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("Kremlin", "Russia"), ("Moscow", "Russia"), ("Russian", "Russia"),
    ("the White House", "United States"), ("Beijing", "China"), ("Russia", "Russia"),
    ("Mirovian", "Mirovian"),  # unknown: itself
    ("the", None),
])
def test_country(raw: str, expected: str | None) -> None:
    assert country(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("Putin", "Russia"), ("Vladimir Putin", "Russia"), ("President Biden", "United States"),
    ("Kim Jong-un", "North Korea"), ("Xi Jinping", "China"), ("Lisa Brandt", None),
    ("the", None),
])
def test_known_country(raw: str, expected: str | None) -> None:
    assert known_country(raw) == expected
