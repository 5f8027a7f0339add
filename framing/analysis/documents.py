"""Per-document scores: one row per document, aggregated from the sentence table.

The one owner of the per-document table that the API (:func:`framing.document_table`), the CLI
(``framing score --documents``) and every experiment's ``documents.parquet`` write. Columns
adapt to the scorers that ran: each numeric score column of the sentence table gets a
``mean_<column>`` (``mean_sentiment``, ``mean_emotive``, ``mean_vader_sentiment``, ...), the
loaded-term columns a ``<prefix>loaded_per_1000_words``, and the voice column a
``quoted_share``. A document without sentences keeps its row with ``n_sentences`` 0 and missing
scores (never zeros).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from framing.analysis.aggregate import count_loaded_terms, count_words
from framing.attribute.terms import term_columns
from framing.schema import EMOTION_COLUMNS

DOCUMENT_ID_COLUMNS: tuple[str, ...] = ("doc_id", "source", "title", "date")
"""Metadata columns kept from the sentence table (first value per document)."""

SCORE_COLUMNS: tuple[str, ...] = ("sentiment", "emotive")
"""Sentence score columns averaged first (then any other ``*_sentiment``/``*_emotive``)."""

_SKIP = {"sent_idx", "start", "end", "p_negative", "p_neutral", "p_positive",
         *EMOTION_COLUMNS}


def _mean_columns(table: pd.DataFrame) -> list[str]:
    """The sentence columns averaged per document, in a stable order."""
    numeric = [str(c) for c in table.columns
               if pd.api.types.is_numeric_dtype(table[c])
               and not pd.api.types.is_bool_dtype(table[c]) and str(c) not in _SKIP]
    first = [c for c in SCORE_COLUMNS if c in numeric]
    rest = sorted(c for c in numeric if c not in first
                  and (c.endswith("_sentiment") or c.endswith("emotive")))
    return first + rest


def document_scores(sentences: pd.DataFrame,
                    documents: pd.DataFrame | Sequence[str] | None = None) -> pd.DataFrame:
    """Aggregate a scored sentence table to one row per document.

    Args:
        sentences: A scored sentence table (``doc_id`` and ``text`` at least; ``source``,
            ``title``, ``date``, score columns, ``loaded_terms`` and ``voice`` when present).
        documents: The corpus's documents (a table with ``doc_id`` and metadata, or the ids in
            order), so that documents without sentences keep a row; their metadata fills
            what the sentence table lacks. Default: the documents of ``sentences``.

    Returns:
        One row per document, in the documents' order: ``doc_id``, ``source``, ``title``,
        ``date`` (those present), ``n_sentences``, ``n_words``, ``mean_<score>`` per score
        column, ``<prefix>loaded_per_1000_words`` per loaded-terms column, ``quoted_share``
        (share of sentences in quoted voice) when the voice is known.
    """
    table = sentences.reset_index(drop=True)
    words = count_words(table["text"]) if "text" in table else np.full(len(table), np.nan)
    work = pd.DataFrame({"doc_id": table["doc_id"].astype(str), "_words": words})
    means = _mean_columns(table)
    for col in means:
        work[f"mean_{col}"] = table[col].to_numpy(dtype=float)
    loaded = [(c, c.removesuffix("loaded_terms")) for c in term_columns(table)]
    for col, prefix in loaded:
        work[f"_{prefix}terms"] = count_loaded_terms(table[col])
    if "voice" in table:
        voice = table["voice"]
        work["quoted_share"] = np.where(voice.isna(), np.nan,
                                        (voice == "quoted").to_numpy(dtype=float))
    groups = work.groupby("doc_id", sort=False)
    out = pd.DataFrame({"n_sentences": groups.size()})
    out["n_words"] = groups["_words"].sum(min_count=1)
    for col in means:
        out[f"mean_{col}"] = groups[f"mean_{col}"].mean()
    for _col, prefix in loaded:
        terms = groups[f"_{prefix}terms"].sum(min_count=1)
        out[f"{prefix}loaded_per_1000_words"] = np.where(
            out["n_words"] > 0, 1000.0 * terms / out["n_words"].where(out["n_words"] > 0),
            np.nan)
    if "quoted_share" in work:
        out["quoted_share"] = groups["quoted_share"].mean()
    meta = [c for c in DOCUMENT_ID_COLUMNS[1:] if c in table]
    if meta:
        out = table.groupby(work["doc_id"], sort=False)[meta].first().join(out)
    out = out.reset_index(names="doc_id")
    return _with_all_documents(out, documents)


def _with_all_documents(out: pd.DataFrame,
                        documents: pd.DataFrame | Sequence[str] | None) -> pd.DataFrame:
    """Reorder to the documents' order, adding rows for documents without sentences."""
    if documents is None:
        return out
    if isinstance(documents, pd.DataFrame):
        docs = documents[[c for c in DOCUMENT_ID_COLUMNS if c in documents]].copy()
    else:
        docs = pd.DataFrame({"doc_id": list(documents)})
    docs["doc_id"] = docs["doc_id"].astype(str)
    docs = docs.drop_duplicates("doc_id")
    merged = docs.merge(out, on="doc_id", how="left", suffixes=("_doc", ""))
    for col in DOCUMENT_ID_COLUMNS[1:]:
        if f"{col}_doc" in merged:
            merged[col] = merged[col].where(merged[col].notna(), merged[f"{col}_doc"])
            merged = merged.drop(columns=f"{col}_doc")
    merged["n_sentences"] = merged["n_sentences"].fillna(0).astype("int64")
    first = [c for c in DOCUMENT_ID_COLUMNS if c in merged]
    return merged[first + [c for c in out.columns if c not in first]]


def with_document_scores(documents: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """A documents table (metadata, maybe text) with its per-document scores joined on.

    Args:
        documents: One row per document (``doc_id`` and any metadata or text).
        sentences: The scored sentence table.

    Returns:
        ``documents`` in its order with the :func:`document_scores` columns added (score
        columns replace same-named columns of ``documents``).
    """
    scores = document_scores(sentences, documents)
    added = [c for c in scores.columns if c not in DOCUMENT_ID_COLUMNS]
    base = documents.drop(columns=[c for c in added if c in documents.columns]).copy()
    base["doc_id"] = base["doc_id"].astype(str)
    return base.merge(scores[["doc_id", *added]], on="doc_id", how="left")
