"""BABE (Bias Annotations By Experts; Spinde et al., 2021): news sentences with bias labels.

Read from ``../shared/data/babe`` or a user-given path (the Hugging Face id
``mediabiasgroup/BABE`` serves the same data to users with hub access); never stored in the
repository (AGPL-3.0 data). Each row is one sentence with its outlet, topic, political leaning
of the outlet, expert bias label and the words the experts marked as biased. Sentences of the
same article (same ``news_link``) share a ``doc_id`` so that statistics can resample articles.
"""

from __future__ import annotations

import ast
import hashlib
import re
from pathlib import Path

import pandas as pd

from framing.datasets.splits import split_articles
from framing.errors import InputError
from framing.read import find_shared_dir

TOPIC_ALIASES = {"blm": "black lives matter", "vaccines": "vaccine", "gun-control": "gun control"}
"""Near-duplicate topic strings of SG2 merged into one."""

OUTLET_NAMES = {"fox-news": "Fox News", "usa-today": "USA Today", "daily-beast": "Daily Beast",
                "msnbc": "MSNBC", "breitbart": "Breitbart", "alternet": "Alternet",
                "federalist": "Federalist", "reuters": "Reuters", "huffpost": "HuffPost"}


def default_babe_file() -> Path | None:
    """``babe/final_labels_SG2.csv`` in the shared data folder, when present."""
    shared = find_shared_dir()
    if shared is None:
        return None
    path = shared / "data" / "babe" / "final_labels_SG2.csv"
    return path if path.is_file() else None


def load_babe(path: str | Path | None = None) -> pd.DataFrame:
    """Read BABE (SG2 by default) into a sentence table.

    Args:
        path: A BABE CSV (``;``-separated, with ``text``, ``news_link``, ``outlet``, ``topic``,
            ``type``, ``label_bias``, ``label_opinion``, ``biased_words``), or its folder.

    Returns:
        Columns ``doc_id`` (article: hash of the link, or the row for rows without one),
        ``source`` (outlet), ``topic``, ``leaning`` (left/center/right or ``None``),
        ``label_bias`` (``Biased``/``Non-biased``/``No agreement``), ``label_opinion``,
        ``biased_words`` (list of str), ``text``; ``df.attrs["sha256"]`` is the file's hash.

    Raises:
        InputError: Missing file or columns, or an unreadable ``biased_words`` cell.
    """
    p = Path(path) if path is not None else default_babe_file()
    if p is not None and p.is_dir():
        p = p / "final_labels_SG2.csv"
    if p is None or not p.is_file():
        raise InputError(p, "BABE file not found; pass the path to final_labels_SG2.csv")
    raw = p.read_bytes()
    df = pd.read_csv(p, sep=";", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    need = {"text", "news_link", "outlet", "topic", "type", "label_bias", "biased_words"}
    missing = need - set(df.columns)
    if missing:
        raise InputError(p, f"missing BABE columns: {', '.join(sorted(missing))}")
    words = []
    for row, cell in enumerate(df["biased_words"], 1):
        try:
            value = ast.literal_eval(cell) if cell.strip() else []
        except (ValueError, SyntaxError) as exc:
            raise InputError(p, f"biased_words is not a list literal ({exc})", row) from exc
        words.append([str(w) for w in value])
    doc_ids = [
        "babe-" + hashlib.sha256(link.encode()).hexdigest()[:12] if link.strip()
        else f"babe-row-{i + 1}" for i, link in enumerate(df["news_link"])
    ]
    out = pd.DataFrame({
        "doc_id": doc_ids,
        "source": [OUTLET_NAMES.get(o.strip().lower(), o.strip()) for o in df["outlet"]],
        "topic": [TOPIC_ALIASES.get(t.strip().lower(), t.strip().lower()) for t in df["topic"]],
        "leaning": [t.strip() or None for t in df["type"]],
        "label_bias": df["label_bias"].str.strip(),
        "label_opinion": df.get("label_opinion", pd.Series([""] * len(df))).str.strip(),
        "biased_words": words,
        "text": df["text"].str.strip(),
    })
    # SG2 leaves the leaning empty for 1,000 rows; every outlet has one leaning in the others
    known = out.dropna(subset=["leaning"]).groupby("source")["leaning"].agg(
        lambda s: s.value_counts().index[0])
    out["leaning"] = out["leaning"].fillna(out["source"].map(known))
    out.attrs["sha256"] = hashlib.sha256(raw).hexdigest()
    out.attrs["source_file"] = p.name
    return out


BIASED_WORD_TEST_SHARE = 0.2
"""Share of BABE's articles held out as the test part of the biased-word labels."""
_LETTERS = re.compile(r"[a-z]+")


def biased_word_split(doc_ids: list[str], seed: int = 13) -> dict[str, str]:
    """``train`` or ``test`` per BABE article: the split the word-level detector was fitted on.

    ``emotive.minilm-words.v1`` trained on the ``train`` articles' biased words; validation
    reports the ``test`` articles, which no choice was made on.
    """
    return split_articles(doc_ids, seed, (1 - BIASED_WORD_TEST_SHARE, 0.0))


def biased_letters(words: list[str]) -> set[str]:
    """The lower-case letter runs of a sentence's marked words (``"trigger-happy"`` -> two)."""
    return {w for g in words for w in _LETTERS.findall(g.lower())}
