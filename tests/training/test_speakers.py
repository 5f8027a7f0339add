"""Tests for framing.training.speakers: the speaker ranker's fit, folds and artifact."""

from __future__ import annotations

import json

import numpy as np
import pytest

from framing.attribute.ranker import RANKER_DIR, feature_names, load_ranker
from framing.training import speakers as T


def _groups(n: int = 60, seed: int = 0) -> list[T.Group]:
    """Quotes whose right candidate is the one with feature 1 set; feature 2 is noise."""
    rng = np.random.default_rng(seed)
    groups = []
    for i in range(n):
        x = np.zeros((3, 3))
        x[0, 0] = 1.0  # the None row
        right = 1 + i % 2
        x[right, 1] = 1.0
        x[1:, 2] = rng.normal(size=2)
        groups.append(T.Group(f"a{i // 3}", x, right, True))
    return groups


def test_fit_learns_the_informative_feature() -> None:
    w = T.fit(_groups(), l2=0.1)
    assert w[1] > 1.0 and abs(w[2]) < abs(w[1])
    got = T.score(w, _groups(seed=1), threshold=0.5)
    assert got["accuracy"] == 1.0 and got["wrong_names"] == 0.0


def test_fixed_groups_are_answered_none_and_not_fitted() -> None:
    groups = _groups()
    fixed = [T.Group(g.article, g.x, g.label, g.named, fixed=True) for g in groups]
    w = T.fit(groups + fixed, l2=0.1)
    got = T.score(w, fixed, threshold=0.0)
    assert got["named"] == 0 and got["accuracy"] == 0.0


def test_cross_validation_keeps_articles_apart_and_picks_a_listed_threshold() -> None:
    cv = T.cross_validate(_groups(), l2=0.1, seed=3, folds=4)
    assert cv["threshold"] in T.THRESHOLDS
    assert len(cv["table"]) == len(T.THRESHOLDS)
    assert cv["at_threshold"]["accuracy"] == 1.0


def test_shipped_card_records_the_recipe() -> None:
    card = json.loads((RANKER_DIR / "card.json").read_text(encoding="utf-8"))
    assert card["splits"] == ["dev", "train"] and "test" not in card["splits"]
    assert card["threshold"] == load_ranker().threshold
    assert card["seed"] == 13 and len(card["gold_sha256"]) == 64
    assert (RANKER_DIR / "MODEL_CARD.md").read_text(encoding="utf-8") == T._model_card(card)


@pytest.mark.slow
@pytest.mark.shared_data
def test_train_speakers_reproduces_the_shipped_weights(shared_dir, tmp_path) -> None:
    card = T.train_speakers(tmp_path / "ranker", shared=shared_dir)
    shipped = json.loads((RANKER_DIR / "card.json").read_text(encoding="utf-8"))
    assert card["weights_sha256"] == shipped["weights_sha256"]
    ranker = load_ranker(str(tmp_path / "ranker"))
    assert ranker.columns == feature_names()
