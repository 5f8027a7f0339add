"""The real-news gold set of loaded terms with targets (tests/data/targets_real.jsonl)."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

import pytest

from framing.read import find_shared_dir
from framing.validation.attribution import ArticleTexts

GOLD = Path(__file__).resolve().parents[1] / "data" / "targets_real.jsonl"
needs_shared = pytest.mark.skipif(find_shared_dir() is None, reason="../shared data missing")


def _gold() -> list[dict]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line]


def test_gold_is_split_by_article_and_large_enough() -> None:
    gold = _gold()
    split_of: dict[str, set[str]] = {}
    for g in gold:
        split_of.setdefault(g["article"], set()).add(g["split"])
    assert all(len(s) == 1 for s in split_of.values())
    assert len(gold) >= 150 and len(split_of) >= 40
    assert Counter(g["split"] for g in gold)["test"] >= 100
    assert {g["target_type"] for g in gold} <= {"person", "organisation", "country", "group",
                                                None}


@needs_shared
def test_every_term_and_sentence_still_matches_its_article() -> None:
    texts = ArticleTexts(Path(find_shared_dir()))
    for g in _gold():
        text = texts.text({**g, "dataset": g["dataset"]})
        term = text[g["term_start"]:g["term_end"]]
        sent = text[g["sent_start"]:g["sent_end"]]
        assert term == g["term"], g["id"]
        assert hashlib.sha1(term.encode()).hexdigest()[:10] == g["sha1"], g["id"]
        assert hashlib.sha1(sent.encode()).hexdigest()[:10] == g["sent_sha1"], g["id"]
        assert g["sent_start"] <= g["term_start"] < g["term_end"] <= g["sent_end"], g["id"]
