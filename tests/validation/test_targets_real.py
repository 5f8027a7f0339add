"""Real-news target validation (framing.validation.targets_real)."""

from __future__ import annotations

import pytest

from framing.read import find_shared_dir
from framing.validation.targets_real import TargetItem, target_metrics, validate_targets

needs_shared = pytest.mark.skipif(find_shared_dir() is None, reason="../shared data missing")


def _item(article: str, gold: str | None, got: str | None) -> TargetItem:
    return TargetItem("i", "dev", article, "o", "s", "in sentence", "t", gold, got)


def test_metrics_count_none_and_wrong_names() -> None:
    items = [_item("a", "Donald Trump", "Donald Trump"), _item("a", "Russia", None),
             _item("b", None, None), _item("b", None, "Hamas")]
    got = {r["metric"]: r["value"] for r in target_metrics(items)}
    assert got["target_accuracy"] == 0.5
    assert got["named_target_accuracy"] == 0.5
    assert got["wrong_target_rate"] == 0.5
    assert got["target_given_rate"] == 0.5


@needs_shared
def test_validate_targets_writes_every_file(tmp_path) -> None:
    out = validate_targets(tmp_path / "t")
    assert {p.name for p in out.iterdir()} == {"metrics.csv", "per_pattern.csv", "items.csv",
                                               "README.md", "manifest.json"}
    assert "test" in (out / "metrics.csv").read_text()
