"""The on-disk score cache."""

from __future__ import annotations

import math

import pytest

from framing.scoring.cache import ScoreCache, text_hash


def test_roundtrip_exact_floats_and_nan(tmp_path):
    cache = ScoreCache(tmp_path)
    rows = {text_hash("a"): {"x": 0.1 + 0.2, "label": "neutral", "n": float("nan")}}
    cache.put_many("s|1|fp", rows.items())
    got = cache.get_many("s|1|fp", [text_hash("a"), text_hash("b")])
    assert list(got) == [text_hash("a")]
    assert got[text_hash("a")]["x"] == 0.1 + 0.2  # bit-exact
    assert got[text_hash("a")]["label"] == "neutral"
    assert math.isnan(got[text_hash("a")]["n"])


def test_keys_are_isolated(tmp_path):
    cache = ScoreCache(tmp_path)
    cache.put_many("s|1|fp", [(text_hash("a"), {"x": 1.0})])
    assert cache.get_many("s|2|fp", [text_hash("a")]) == {}
    assert cache.count("s|1|fp") == 1 and cache.count() == 1


def test_persists_across_instances(tmp_path):
    ScoreCache(tmp_path).put_many("k", [(text_hash("a"), {"x": 2.0})])
    assert ScoreCache(tmp_path).get_many("k", [text_hash("a")])[text_hash("a")]["x"] == 2.0


def test_unwritable_cache_folder_is_a_clear_error(tmp_path):
    from framing.errors import OutputError

    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(OutputError, match="score cache"):
        ScoreCache(blocker / "sub").get_many("k", ["h"])


@pytest.mark.parametrize(("a", "b", "same"), [("x", "x", True), ("x", "x ", False),
                                              ("\u00e9", "e\u0301", False)])
def test_text_hash(a, b, same):
    assert (text_hash(a) == text_hash(b)) is same
