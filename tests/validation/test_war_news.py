"""Tests for framing.validation.war_news: the war-reporting error table."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from framing.errors import InputError
from framing.validation.war_news import (
    GOLD,
    LABELS,
    load_war_news,
    validate_war_news,
    war_news_metrics,
    war_news_table,
)

ROWS = [
    {"id": "w0", "text": "Forces said they had taken the village.", "label": "neutral",
     "category": "military_claim"},
    {"id": "w1", "text": "The strike killed nine people.", "label": "negative",
     "category": "casualties"},
    {"id": "w2", "text": "Aid reached the city at last.", "label": "positive",
     "category": "humanitarian"},
    {"id": "w3", "text": "Troops will be prepared for deployment.", "label": "neutral",
     "category": "deployment"},
]


def _fixed(labels: list[str]):
    """A scorer that answers ``labels`` in order."""
    def score(texts):
        return pd.DataFrame({"sentiment": [0.5 if lab == "positive" else -0.5 if lab ==
                                           "negative" else 0.0 for lab in labels],
                             "sentiment_label": labels[:len(texts)]})
    return score


def _write(tmp_path: Path, rows: list[dict]) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.mark.parametrize(("labels", "accuracy", "pos_rate"), [
    (["neutral", "negative", "positive", "neutral"], 1.0, 0.0),  # all right
    (["positive", "negative", "positive", "positive"], 0.5, 2 / 3),  # claims read as good news
    (["negative", "negative", "negative", "negative"], 0.25, 0.0),
])
def test_metrics(labels: list[str], accuracy: float, pos_rate: float) -> None:
    table = war_news_table(pd.DataFrame(ROWS), {"m": _fixed(labels)})
    got = war_news_metrics(table, ["m"]).set_index("metric")["value"]
    assert got["accuracy"] == pytest.approx(accuracy, abs=1e-4)
    assert got["positive_on_non_positive"] == pytest.approx(pos_rate, abs=1e-4)
    gold = [r["label"] for r in ROWS]
    assert table["m:ok"].tolist() == [a == b for a, b in zip(labels, gold, strict=True)]


def test_validate_writes_every_file(tmp_path: Path) -> None:
    out = validate_war_news(tmp_path / "out", _write(tmp_path, ROWS),
                            scorers={"m": _fixed(["positive", "negative", "positive",
                                                  "neutral"])})
    for name in ("errors.csv", "metrics.csv", "per_category.csv", "README.md", "manifest.json"):
        assert (out / name).is_file()
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "Forces said they had taken the village." in readme  # the one error is listed
    assert "The strike killed nine people." not in readme


def test_bad_label_names_the_line(tmp_path: Path) -> None:
    path = _write(tmp_path, [*ROWS[:1], {**ROWS[1], "label": "bad"}])
    with pytest.raises(InputError, match="line 2"):
        load_war_news(path)


@pytest.mark.skipif(not GOLD.is_file(), reason="gold set not written yet")
def test_shipped_gold_set() -> None:
    gold = load_war_news()
    assert len(gold) >= 60 and gold["id"].is_unique and gold["text"].is_unique
    assert set(gold["label"]) == set(LABELS)
