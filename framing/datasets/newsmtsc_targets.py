"""NewsMTSC train (Hamborg & Donnay 2021, MIT): sentiment toward each target mention.

Read at run time from the shared folder (``data/newsmtsc/train.jsonl``; never copied into the
repository). One row per (sentence, target mention): the sentence, the mention's character
offsets, its class (2.0 negative, 4.0 neutral, 6.0 positive) and the article it comes from
(``primary_gid`` up to its third ``_``), so splits can be made by article.
Only NewsMTSC's TRAIN split is used; its devtest and test splits are not read here.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd

from framing.datasets.splits import NYT_FRACTIONS, split_articles
from framing.errors import InputError
from framing.read.seed import find_shared_dir
from framing.schema import SENTIMENT_LABELS

RELATIVE_PATH = Path("data") / "newsmtsc" / "train.jsonl"
"""Location of the train split inside the shared folder."""
POLARITY = {2.0: "negative", 4.0: "neutral", 6.0: "positive"}
"""NewsMTSC polarity codes and the project's labels."""
COLUMNS = ("article", "sentence_id", "sentence", "start", "end", "mention", "label", "y")
"""Columns of :func:`load_targets`."""


def article_of(gid: str) -> str:
    """The article id of a ``primary_gid``: its prefix before the third ``_``."""
    return "_".join(gid.split("_")[:3])


def default_path() -> Path | None:
    """``data/newsmtsc/train.jsonl`` in the shared folder, or ``None`` when there is none."""
    shared = find_shared_dir()
    return None if shared is None else shared / RELATIVE_PATH


def load_targets(path: str | Path | None = None) -> pd.DataFrame:
    """One row per target mention of NewsMTSC train.

    Args:
        path: The ``train.jsonl`` file (default: :func:`default_path`).

    Returns:
        A frame with :data:`COLUMNS`; ``y`` indexes :data:`~framing.schema.SENTIMENT_LABELS`.
        ``attrs`` holds ``source`` (the file name) and ``sha256`` of the file.

    Raises:
        InputError: The file is missing, a line is not JSON, or a target's offsets do not
            fall inside its sentence.
    """
    path = Path(path) if path is not None else default_path()
    if path is None or not path.is_file():
        raise InputError(path or RELATIVE_PATH, "NewsMTSC train not found (expected "
                         "data/newsmtsc/train.jsonl in the shared folder; set FRAMING_SHARED_DIR)")
    raw = path.read_bytes()
    rows = []
    for line_no, line in enumerate(raw.decode("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(path, f"not JSON ({exc.msg})", line_no, "line") from exc
        text = rec["sentence_normalized"]
        for t in rec["targets"]:
            start, end = int(t["from"]), int(t["to"])
            if not 0 <= start < end <= len(text):
                raise InputError(path, f"target offsets {start}-{end} outside the sentence",
                                 line_no, "line")
            label = POLARITY[float(t["polarity"])]
            rows.append((article_of(rec["primary_gid"]), line_no - 1, text, start, end,
                         t.get("mention", text[start:end]), label,
                         SENTIMENT_LABELS.index(label)))
    out = pd.DataFrame(rows, columns=list(COLUMNS))
    out.attrs.update(source=path.name, sha256=hashlib.sha256(raw).hexdigest())
    return out


def agreeing_sentences(path: str | Path | None = None) -> pd.DataFrame:
    """NewsMTSC train sentences whose target mentions all carry one polarity.

    Returns:
        ``article``, ``sentence_id``, ``text``, ``label`` (one row per sentence);
        ``attrs`` as :func:`load_targets`.
    """
    targets = load_targets(path)
    grouped = targets.groupby(["article", "sentence_id"], sort=True).agg(
        text=("sentence", "first"), labels=("label", lambda s: sorted(set(s))))
    agree = grouped[grouped["labels"].map(len) == 1].reset_index()
    agree["label"] = agree["labels"].map(lambda x: x[0])
    out = agree[["article", "sentence_id", "text", "label"]].copy()
    out.attrs.update(targets.attrs)
    return out


def sentence_split(sentences: pd.DataFrame, seed: int = 13) -> dict[str, str]:
    """Article -> ``train``/``dev``/``test`` (70/15/15) over the articles of ``sentences``.

    The split of ``sentiment.minilm-lora.v2``'s NewsMTSC sentences (:func:`agreeing_sentences`);
    it differs from the target-sentiment head's split, which is over all articles.
    """
    return split_articles(sentences["article"].tolist(), seed, NYT_FRACTIONS)
