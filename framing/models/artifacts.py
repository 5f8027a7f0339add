"""Where the shipped model artifacts live inside the installed package (read-only for users).

Training recipes never write here unless asked to with ``--out``; each folder holds the weights,
``card.json`` (the training record) and ``MODEL_CARD.md``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from framing.errors import ModelUnavailableError

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


def verified_digest(path: Path, expected_sha256: str | None, what: str,
                    retrain: str = "framing train frames") -> str:
    """The SHA-256 of a shipped artifact, checked against the recorded one.

    Args:
        path: The artifact file.
        expected_sha256: The hash the card records (``None`` or empty: not checked).
        what: What the file is, for the message (``"head weights"``).
        retrain: The command that writes the artifact again, for the message.

    Raises:
        ModelUnavailableError: When the file is missing or has another hash.
    """
    if not path.is_file():
        raise ModelUnavailableError(f"{path}: {what} not found; reinstall the package or "
                                    f"retrain ({retrain})")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if expected_sha256 and digest != expected_sha256:
        raise ModelUnavailableError(
            f"{path}: sha256 {digest[:12]}… does not match the recorded "
            f"{expected_sha256[:12]}…; reinstall the package or retrain ({retrain})")
    return digest
