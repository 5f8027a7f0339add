"""The real-news attribution gold set (``tests/data/attribution_real.jsonl``).

The gold set stores offsets into ``../shared/data`` articles, never their text; the tests
that score it skip when the shared folder is absent.
"""

from __future__ import annotations

from collections import Counter

import pytest

from framing.read import find_shared_dir
from framing.validation.attribution import GOLD, evaluate, load_gold, metrics, pattern_of

DEV_FLOOR = {"voice_accuracy": 0.9974, "speaker_accuracy": 0.7877, "wrong_name_rate": 0.0359}
"""Dev numbers reported in results/validation/attribution (issue 12: batches 1-3 dev)."""
MARGIN = 0.02
LAST_RULE_BATCH = 6
"""The last batch whose dev part shaped the rules."""

needs_shared = pytest.mark.skipif(
    find_shared_dir() is None or not (find_shared_dir() / "data").is_dir(),
    reason="../shared/data is not available")


def test_gold_is_split_by_article_with_enough_items() -> None:
    gold = load_gold(GOLD)
    split_of: dict[str, set[str]] = {}
    for g in gold:
        split_of.setdefault(g["article"], set()).add(g["split"])
    assert all(len(s) == 1 for s in split_of.values())
    quotes = Counter(g["split"] for g in gold if g["kind"] == "quote")
    assert quotes["test"] >= 60 and quotes["test"] + quotes["dev"] >= 120
    assert len(split_of) >= 20
    assert all("test" not in g["file"] and "dev-" not in g["file"] for g in gold)


@pytest.mark.parametrize(("note", "pattern"), [
    ("unnamed spokeswoman (pronoun)", "no speaker in text"),
    ("organisation officials said", "organisation"),
    ("multi-paragraph quote", "multi-paragraph / continued"),
    ("pronoun, told X", "pronoun / description"),
    ("apposition X, the CEO of Y, said", "apposition / role"),
    ("surname", "surname only"),
    ("said:", "other"),
])
def test_pattern_of(note: str, pattern: str) -> None:
    assert pattern_of(note) == pattern


@needs_shared
def test_dev_numbers_hold() -> None:
    gold = [g for g in load_gold(GOLD) if g.get("batch", 1) <= LAST_RULE_BATCH]
    items = [i for i in evaluate(gold) if i.split == "dev"]
    got = {r["metric"]: r["value"] for r in metrics(items)}
    assert got["voice_accuracy"] >= DEV_FLOOR["voice_accuracy"] - MARGIN
    assert got["speaker_accuracy"] >= DEV_FLOOR["speaker_accuracy"] - MARGIN
    assert got["wrong_name_rate"] <= DEV_FLOOR["wrong_name_rate"] + MARGIN


@needs_shared
def test_every_gold_span_still_matches_its_article() -> None:
    items = evaluate(load_gold(GOLD))  # raises InputError on a changed article
    assert len(items) == len(load_gold(GOLD))
