"""The frames recipe: multi-label fitting, thresholds, folds, pooling (tiny data, fast)."""

from __future__ import annotations

import numpy as np
import pytest

from framing.models.frames import (
    choose_thresholds,
    fit_softmax,
    fit_with_thresholds,
    group_folds,
    pool_documents,
)
from framing.training import frames as recipe
from framing.validation import frames as validation


def _toy(n: int = 120, seed: int = 0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 5))
    y = np.stack([x[:, 0] > 0.3, x[:, 1] + x[:, 2] > 0, np.zeros(n, bool)], 1).astype(float)
    return x, y


def test_fit_learns_separable_labels_and_constant_for_absent():
    x, y = _toy()
    head, oof = fit_with_thresholds(x, y, np.arange(len(x)) // 4, ("a", "b", "never"), 1.0,
                                    3, 13)
    pred = head.predict(head.predict_proba(x))
    assert (pred[:, 0] == y[:, 0].astype(bool)).mean() > 0.9
    assert not pred[:, 2].any()
    assert oof.shape == y.shape


@pytest.mark.parametrize(("groups", "n_splits"), [(list("aabbccddee"), 5), (list("abc"), 2),
                                                  (list(range(20)), 4)])
def test_group_folds_keep_groups_together_and_cover_rows(groups, n_splits):
    folds = group_folds(groups, n_splits, 13)
    rows = np.concatenate(folds)
    assert sorted(rows.tolist()) == list(range(len(groups)))
    for f in folds:
        others = set(np.setdiff1d(np.arange(len(groups)), f).tolist())
        assert not {groups[i] for i in f} & {groups[i] for i in others}


def test_thresholds_maximise_f1():
    p = np.array([[0.9], [0.8], [0.3], [0.2]])
    y = np.array([[1], [1], [0], [0]])
    t = choose_thresholds(p, y)[0]
    assert 0.3 < t <= 0.8


def test_pool_documents_mean_max_title():
    v = np.array([[1.0, 0.0], [0.0, 2.0], [4.0, 4.0]])
    out = pool_documents(v, [0, 0, 0], 2, [True, False, False])
    assert np.allclose(out[0], [2, 3, 4, 4, 1, 0])
    assert not out[1].any()


def test_softmax_head_orders_labels():
    x, _ = _toy()
    y = np.where(x[:, 0] > 0, "opinion", "reporting")
    head = fit_softmax(x, y, ("opinion", "reporting", "satire"), c=1.0)
    p = head.predict_proba(x)
    assert p[:, 2].max() < 1e-6
    assert (np.array(head.labels)[p.argmax(1)] == y).mean() > 0.9


def test_validation_uses_the_recipe_settings():
    assert (validation.C_FRAMES, validation.C_TECHNIQUES, validation.C_GENRE) == (
        recipe.C_FRAMES, recipe.C_TECHNIQUES, recipe.C_GENRE)
    assert validation.INNER_FOLDS == recipe.THRESHOLD_FOLDS


def test_f1_scores_macro_counts_present_labels_only():
    y = np.array([[1, 0], [0, 0]])
    micro, macro, per = validation.f1_scores(np.array([[1, 1], [0, 0]]), y)
    assert macro == 1.0 and np.isnan(per[1]) and micro == pytest.approx(2 / 3)


@pytest.mark.shared_data
def test_loader_reads_train_split(shared_dir):
    from framing.datasets.semeval2023 import load_semeval2023

    folder = shared_dir / "data" / "semeval2023_task3" / "en"
    if not folder.is_dir():
        pytest.skip("SemEval-2023 data not present")
    data = load_semeval2023(folder)
    assert len(data.labelled_articles()) == 351 and len(data.paragraphs) == 7895
    assert len(data.frames) == 14 and len(data.techniques) == 23


def test_only_names_its_choices(tmp_path):
    from framing.errors import ConfigError

    with pytest.raises(ConfigError, match="all, techniques-ensemble"):
        recipe.train(tmp_path, only="frames")


def test_only_the_ensemble_needs_the_kept_card(tmp_path):
    from framing.errors import InputError

    with pytest.raises(InputError, match="no card.json"):
        recipe.train(tmp_path, only="techniques-ensemble")
    (tmp_path / "card.json").write_text('{"heads": {"frames": {}}}', encoding="utf-8")
    with pytest.raises(InputError, match="genre, techniques"):
        recipe.train(tmp_path, only="techniques-ensemble")


def test_only_keeps_the_shipped_v1_entries():
    import json
    from pathlib import Path

    shipped = Path(recipe.__file__).parents[1] / "models" / "frames_minilm"
    card = recipe._kept_card(shipped, "techniques-ensemble")
    assert card == json.loads((shipped / "card.json").read_text(encoding="utf-8"))
    assert recipe._kept_card(shipped, "all") is None
