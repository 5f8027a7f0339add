"""Frames, genre and techniques scorers: contract, shipped heads, paragraph splitting."""

from __future__ import annotations

import hashlib
import json

import numpy as np
import pytest

from framing.models.frames import FRAMES_DIR, MultiLabelHead
from framing.scoring import get_scorer
from framing.scoring.frames import FRAMES, GENRES, TECHNIQUES, lexicon_features, paragraphs

NAMES = ("frames.minilm.v1", "genre.minilm.v1", "techniques.minilm.v1",
         "techniques.minilm-tfidf.v2")
DOC = ("Migrants stopped at the border as Congress debates the wall\n\n"
       "The Senate voted on Tuesday to fund border security and immigration courts.\n\n"
       "Critics called the plan a shameful, cruel attack on desperate families!\n")


@pytest.mark.parametrize(("text", "expected"), [
    ("", []),
    ("one", [(0, 0, 3, "one")]),
    ("a\n\n  b c \n", [(0, 0, 1, "a"), (1, 5, 8, "b c")]),
    ("x\r\ny", [(0, 0, 1, "x"), (1, 3, 4, "y")]),
    ("\n \n\t\n", []),
])
def test_paragraphs_are_nonempty_lines_with_offsets(text, expected):
    got = [tuple(p) for p in paragraphs(text)]
    assert got == expected
    for _, start, end, par in got:
        assert text[start:end] == par


@pytest.mark.parametrize("name", NAMES)
def test_constructor_stores_params_only(name):
    sc = get_scorer(name, device="cpu")
    assert set(vars(sc)) == {"encoder", "head_dir", "device", "batch_size", "precision"}


def test_card_hashes_match_shipped_heads():
    card = json.loads((FRAMES_DIR / "card.json").read_text())
    for task, labels in (("frames", FRAMES), ("techniques", TECHNIQUES), ("genre", GENRES)):
        entry = card["heads"][task]
        path = FRAMES_DIR / entry["artifact"]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == entry["artifact_sha256"]
        assert tuple(entry["labels"]) == labels
        assert path.stat().st_size < 400_000
    entry = card["heads"]["techniques_ensemble"]
    path = FRAMES_DIR / entry["artifact"]
    assert hashlib.sha256(path.read_bytes()).hexdigest() == entry["artifact_sha256"]
    assert tuple(entry["labels"]) == TECHNIQUES
    assert path.stat().st_size < 3_000_000


def test_multilabel_head_roundtrip(tmp_path):
    rng = np.random.default_rng(0)
    head = MultiLabelHead(rng.normal(size=(3, 4)), rng.normal(size=3), np.array([.2, .5, .7]),
                          ("a", "b", "c"))
    sha = head.save(tmp_path / "h.safetensors")
    back = MultiLabelHead.load(tmp_path / "h.safetensors", expected_sha256=sha)
    x = rng.normal(size=(5, 4))
    assert np.allclose(back.predict_proba(x), head.predict_proba(x), atol=1e-5)
    assert back.labels == head.labels


def test_lexicon_features_count_surface_cues():
    calm = lexicon_features("The committee will meet on Thursday.")
    loud = lexicon_features("WHAT a DISGRACE! Are you serious?")
    assert loud[5] > calm[5] and loud[6] > calm[6] and loud[8] > calm[8]


@pytest.fixture(scope="module")
def scored():
    docs = [DOC, "A short note"]
    out = {n: get_scorer(n, device="cpu").score(docs) for n in NAMES[:2]}
    pars = [p.text for p in paragraphs(DOC)]
    for name in NAMES[2:]:
        out[name] = get_scorer(name, device="cpu").score(pars)
    return out


@pytest.mark.parametrize("name", NAMES)
def test_columns_and_rows(scored, name):
    sc = get_scorer(name, device="cpu")
    table = scored[name]
    assert list(table.columns) == list(sc.columns)
    assert len(table) == (3 if name.startswith("techniques") else 2)
    probs = table[[c for c in table.columns if c.startswith("p_")]].to_numpy()
    assert ((probs >= 0) & (probs <= 1)).all()


def test_lists_follow_thresholds(scored):
    card = json.loads((FRAMES_DIR / "card.json").read_text())
    th = card["heads"]["frames"]["thresholds"]
    for _, row in scored["frames.minilm.v1"].iterrows():
        assert row["frames"] == [f for f in FRAMES if row[f"p_frame_{f}"] >= th[f] - 1e-6]
    genre = scored["genre.minilm.v1"]
    assert set(genre["genre"]) <= set(GENRES)
    assert np.allclose(genre[[f"p_genre_{g}" for g in GENRES]].sum(1), 1.0)


def test_ensemble_is_the_mean_of_its_two_heads(scored):
    from framing.models.tfidf import TfidfHead

    card = json.loads((FRAMES_DIR / "card.json").read_text())
    entry = card["heads"]["techniques_ensemble"]
    text_head = TfidfHead.load(FRAMES_DIR / entry["artifact"])
    pars = [p.text for p in paragraphs(DOC)]
    cols = [f"p_technique_{t}" for t in TECHNIQUES]
    w = entry["weight_encoder"]
    expected = (w * scored["techniques.minilm.v1"][cols].to_numpy()
                + (1 - w) * text_head.predict_proba(pars))
    got = scored["techniques.minilm-tfidf.v2"]
    assert np.allclose(got[cols].to_numpy(), expected, atol=1e-6)
    for _, row in got.iterrows():
        assert row["techniques"] == [t for t in TECHNIQUES
                                     if row[f"p_technique_{t}"] >= entry["thresholds"][t] - 1e-6]


def test_empty_input():
    for name in NAMES:
        table = get_scorer(name, device="cpu").score([])
        assert len(table) == 0 and list(table.columns) == list(get_scorer(name).columns)
