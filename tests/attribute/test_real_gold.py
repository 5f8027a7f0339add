"""The real-news attribution gold set (``tests/data/attribution_real.jsonl``).

The gold set stores offsets into ``../shared/data`` articles, never their text; the tests
that score it skip when the shared folder is absent.
"""

from __future__ import annotations

from collections import Counter

import pytest

from framing.attribute.finder import RESOLVERS
from framing.attribute.quotes import find_quotes
from framing.attribute.voice import quote_of_span
from framing.datasets.attribution_gold import ArticleTexts
from framing.read import find_shared_dir
from framing.validation.attribution import (
    GOLD,
    STRICT_RULES,
    Item,
    _calibration,
    _per_confidence,
    _per_rule,
    evaluate,
    load_gold,
    metrics,
    pattern_of,
)

DEV_FLOOR = {"voice_accuracy": 0.9974, "speaker_accuracy": 0.7877, "wrong_name_rate": 0.0359}
"""Dev numbers reported in results/validation/attribution (issue 12: batches 1-3 dev)."""
MARGIN = 0.02
LAST_RULE_BATCH = 7
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
    items = [i for i in evaluate(gold)["rules"] if i.split == "dev"]
    got = {r["metric"]: r["value"] for r in metrics(items)}
    assert got["voice_accuracy"] >= DEV_FLOOR["voice_accuracy"] - MARGIN
    assert got["speaker_accuracy"] >= DEV_FLOOR["speaker_accuracy"] - MARGIN
    assert got["wrong_name_rate"] <= DEV_FLOOR["wrong_name_rate"] + MARGIN


@needs_shared
def test_every_gold_span_still_matches_its_article() -> None:
    items = evaluate(load_gold(GOLD))["rules"]  # raises InputError on a changed article
    assert len(items) == len(load_gold(GOLD))


@needs_shared
def test_one_rule_pass_gives_each_resolver_the_quotes_find_quotes_gives() -> None:
    gold = load_gold(GOLD)
    articles = sorted({g["article"] for g in gold if g["split"] == "dev"})[:4]
    part = [g for g in gold if g["article"] in articles]
    got = evaluate(part, resolvers=RESOLVERS)
    texts = ArticleTexts(find_shared_dir())
    for resolver in RESOLVERS:
        quotes = {a: find_quotes(texts.text(next(g for g in part if g["article"] == a)),
                                 resolver=resolver) for a in articles}
        for g, item in zip(part, got[resolver], strict=True):
            q = quote_of_span(quotes[g["article"]], g["start"], g["end"],
                              text=texts.text(g))
            assert (item.speaker, item.confidence) == ((q.speaker, q.confidence) if q
                                                       else (None, None)), g["id"]


def _item(k: int, rule: str | None, speaker: str | None, gold: str | None) -> Item:
    return Item(f"x-{k}", "test", f"a{k % 3}", "o", "quote", "other", "quoted", gold, "quoted",
                speaker, rule=rule)


def test_per_rule_counts_wrong_names_by_rule_and_with_strict_rules() -> None:
    items = [_item(0, "name", "Ann Lee", "Ann Lee"), _item(1, "name", "Bo Ray", "Ann Lee"),
             _item(2, "pronoun", "Ann Lee", "Bo Ray"), _item(3, "pronoun", "Bo Ray", "Bo Ray"),
             _item(4, None, None, "Cy Orr"), _item(5, "role", "Cy Orr", "Cy Orr")]
    rows = {r["rule"]: r for r in _per_rule(items, "test")}
    assert rows["name"]["names_given"] == 2 and rows["name"]["wrong_name_rate"] == 0.5
    assert rows["pronoun"]["wrong_name_rate"] == 0.5 and rows["role"]["wrong_name_rate"] == 0
    assert rows["all rules"]["names_given"] == 5
    assert rows["all rules"]["wrong_name_rate"] == 0.4
    assert rows["all rules"]["named_speakers_right"] == 0.5  # 3 of 6 named gold speakers
    strict = rows[" + ".join(STRICT_RULES)]
    assert strict["names_given"] == 3 and strict["named_speakers_right"] == round(2 / 6, 4)


def _ranked(k: int, speaker: str | None, gold: str | None, confidence: float) -> Item:
    return Item(f"r-{k}", "test", f"a{k % 3}", "o", "quote", "other", "quoted", gold, "quoted",
                speaker, confidence=confidence)


RANKED = [_ranked(0, "Ann Lee", "Ann Lee", 0.95), _ranked(1, "Bo Ray", "Ann Lee", 0.55),
          _ranked(2, None, None, 0.75), _ranked(3, "Cy Orr", "Cy Orr", 0.85),
          _ranked(4, None, "Bo Ray", 0.6)]


def test_per_confidence_drops_low_confidence_names() -> None:
    rows = {r["min_confidence"]: r for r in _per_confidence(RANKED, "test")}
    assert rows[0.0]["names_given"] == 3 and rows[0.0]["wrong_name_rate"] == round(1 / 3, 4)
    assert rows[0.7]["names_given"] == 2 and rows[0.7]["wrong_name_rate"] == 0.0
    assert rows[0.7]["named_speakers_right"] == 0.5  # 2 of the 4 named gold speakers
    assert rows[0.9]["names_given"] == 1


def test_calibration_bins_answers_by_confidence() -> None:
    rows = {r["confidence"]: r for r in _calibration(RANKED, "test")}
    assert rows["[0.5, 0.7)"]["answers"] == 2 and rows["[0.5, 0.7)"]["share_right"] == 0.0
    assert rows["[0.7, 0.8)"]["share_right"] == 1.0  # no name, rightly
    assert rows["[0.9, 1.0]"]["answers"] == 1 and "[0.0, 0.5)" not in rows
