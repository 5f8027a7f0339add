"""The recipes' card renderers reproduce the shipped model cards from their card.json."""

from __future__ import annotations

import json
from pathlib import Path

from framing.models.artifacts import SENTIMENT_LORA_DIR, SENTIMENT_PROBE_DIR, TAGGER_DIR
from framing.training import probe, sentiment_card, tagger

REPO = Path(__file__).resolve().parents[2]


def _card(folder: Path) -> dict:
    return json.loads((folder / "card.json").read_text(encoding="utf-8"))


def test_tagger_card_renderer_reproduces_shipped_model_card():
    assert tagger.render_card(_card(TAGGER_DIR)) == (TAGGER_DIR / "MODEL_CARD.md").read_text(
        encoding="utf-8")


def test_probe_card_renderer_reproduces_shipped_model_card():
    card = _card(SENTIMENT_PROBE_DIR)
    # the card was rendered before card.json sorted its keys: metric rows in training order
    order = ["pearson_r", "accuracy_3class", "macro_f1_3class", "binary_accuracy_abs_ge_0.5",
             "ece_3class"]
    for part in ("mean", "sd"):
        cv = card["cross_validation"][part]
        card["cross_validation"][part] = {k: cv[k] for k in order}
    assert probe.render_card(card) == (SENTIMENT_PROBE_DIR / "MODEL_CARD.md").read_text(
        encoding="utf-8")


def test_sentiment_card_reads_its_trials_and_selection_from_results():
    trials = sentiment_card.load_dev_trials(REPO / sentiment_card.DEV_TRIALS_FILE)
    assert [t["nyt_dev_r"] for t in trials] == [0.671, 0.677, 0.691, 0.690]
    card = _card(SENTIMENT_LORA_DIR)
    selection = json.loads((REPO / sentiment_card.SELECTION_FILE).read_text(encoding="utf-8"))
    assert card["selection"] == selection
    assert sentiment_card.render_card(card, trials) == (
        SENTIMENT_LORA_DIR / "MODEL_CARD.md").read_text(encoding="utf-8")


def test_sentiment_card_without_trials_omits_their_table():
    text = sentiment_card.render_card(_card(SENTIMENT_LORA_DIR))
    assert "Other settings tried" not in text and "Data-mix selection" in text


def test_emotive_words_card_renderer_reproduces_shipped_model_card():
    from framing.models.artifacts import EMOTIVE_WORDS_DIR
    from framing.training import emotive_words

    assert emotive_words.render_card(_card(EMOTIVE_WORDS_DIR)) == (
        EMOTIVE_WORDS_DIR / "MODEL_CARD.md").read_text(encoding="utf-8")
