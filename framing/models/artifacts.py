"""Where the shipped model artifacts live inside the installed package (read-only for users).

Training recipes never write here unless asked to with ``--out``; each folder holds the weights,
``card.json`` (the training record) and ``MODEL_CARD.md``.
"""

from __future__ import annotations

from pathlib import Path

ARTIFACTS = Path(__file__).resolve().parent
SENTIMENT_LORA_DIR = ARTIFACTS / "sentiment_lora"
"""``sentiment.minilm-lora.v1``: the LoRA branch over the shared trunk and its 3-class head."""
SENTIMENT_LORA_NEWS_DIR = ARTIFACTS / "sentiment_lora_news"
"""``sentiment.minilm-lora.v2``: the same recipe with NewsMTSC train added."""
SENTIMENT_PROBE_DIR = ARTIFACTS / "sentiment_nyt_probe"
"""``sentiment.minilm-nyt-probe.v1``: a linear head on frozen mean-pooled features."""
TAGGER_DIR = ARTIFACTS / "emotive_ptc_tagger"
"""``emotive.minilm-ptc-tagger.v1``: the loaded-term tagger branch."""
EMOTIVE_WORDS_DIR = ARTIFACTS / "emotive_words"
"""``emotive.minilm-words.v1``: the word-level head over the tagger's states and the lexicons."""
