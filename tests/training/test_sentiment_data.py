"""The sentiment branch's data helpers: soft targets, crowd-label targets, the NYT split."""

from __future__ import annotations

import numpy as np
import pytest

from framing.training.sentiment import fit_temperature, softmax
from framing.training.sentiment_data import MIXES, PER_EPOCH, label_target, nyt_split, soft_target


@pytest.mark.parametrize("rating", [-4.0, -1.2, -0.5, 0.0, 0.3, 2.5])
def test_soft_target_is_a_distribution(rating: float):
    t = soft_target(rating)
    assert t.shape == (3,) and abs(t.sum() - 1) < 1e-6 and (t >= 0).all()


@pytest.mark.parametrize(("rating", "argmax"), [(-2.0, 0), (0.0, 1), (2.0, 2)])
def test_soft_target_follows_the_rating(rating: float, argmax: int):
    assert soft_target(rating).argmax() == argmax


def test_soft_target_is_symmetric_and_half_at_the_band_edge():
    np.testing.assert_allclose(soft_target(1.3), soft_target(-1.3)[::-1], atol=1e-6)
    t = soft_target(0.5)
    assert t[2] == pytest.approx(0.5, abs=1e-6) and abs(t[1] - t[2]) < 0.03


@pytest.mark.parametrize(("label", "conf", "expected"), [
    ("positive", 0.8, [0.1, 0.1, 0.8]), ("negative", 1.0, [1.0, 0.0, 0.0]),
    ("neutral", float("nan"), [0.15, 0.7, 0.15]), ("positive", 0.1, [1 / 3, 1 / 3, 1 / 3])])
def test_label_target_uses_the_crowd_confidence(label: str, conf: float, expected: list):
    np.testing.assert_allclose(label_target(label, conf), expected, atol=1e-6)


def test_nyt_split_is_by_article_and_seeded():
    ids = [f"{a}_{s}" for a in range(1, 101) for s in range(1, 6)]
    parts = nyt_split(ids, seed=13)
    assert set(parts) == {str(a) for a in range(1, 101)}
    assert nyt_split(ids, seed=13) == parts
    assert sum(v == "test" for v in parts.values()) == 15


def test_every_mix_samples_only_known_sources():
    assert all(set(sources) <= set(PER_EPOCH) for sources in MIXES.values())


def test_fit_temperature_recovers_overconfidence():
    rng = np.random.default_rng(0)
    true_logits = rng.normal(size=(4000, 3)) * 2
    y = np.array([rng.choice(3, p=p) for p in softmax(true_logits)])
    assert abs(fit_temperature(true_logits * 2.0, y) - 2.0) < 0.25
    assert abs(fit_temperature(true_logits, y) - 1.0) < 0.15
