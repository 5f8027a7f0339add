"""Voice, speaker and target: who says a sentence or a loaded term, and at whom it is aimed.

Scorers see sentences only; attribution needs the document. After scoring, each sentence gets
``voice`` (``"author"`` for the outlet's own voice, ``"quoted"`` for quoted speech) and
``speaker``, and every loaded term (in any ``*loaded_terms`` column) gets its own ``voice``,
``speaker`` and ``target`` (a surname expanded to the full name the document uses), using
the document's quotations
(:mod:`framing.attribute.quotes`) and, for targets, the sentence's entities and syntax
(:mod:`framing.attribute.targets`, when spaCy's English model is installed).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

import pandas as pd

from framing.attribute.document import QuoteDoc, document_names
from framing.attribute.finder import find_quotes_many
from framing.attribute.gazetteer import KNOWN_FULL_NAMES
from framing.attribute.quotes import voice_of_span
from framing.attribute.targets import annotate_many
from framing.attribute.voice import AUTHOR, QUOTED, quote_of_span

log = logging.getLogger(__name__)

TARGET_CONTEXT = 3
"""Preceding sentences given to target resolution (for "the Russian leader" → a name)."""


def term_columns(table: pd.DataFrame) -> list[str]:
    """Columns holding lists of loaded-term dicts."""
    return [c for c in table.columns if c == "loaded_terms" or c.endswith("_loaded_terms")]


def attribute(table: pd.DataFrame, doc_texts: Mapping[str, str], targets: bool = True,
              speakers: str = "rules") -> pd.DataFrame:
    """Add voice, speaker and speaker rule per sentence and attribute each loaded term.

    Args:
        table: Sentence table with ``doc_id``, ``start``, ``end``, ``text`` (offsets into the
            cleaned document text) and optional loaded-term columns.
        doc_texts: Cleaned text of each document, by ``doc_id``.
        targets: Resolve term targets (needs spaCy's English model; skipped without it).
        speakers: ``"rules"`` or ``"ranker"`` (:func:`~framing.attribute.finder.find_quotes`).

    Returns:
        A new table with ``voice``, ``speaker``, ``speaker_type`` (person, organisation or
        unknown), ``speaker_rule`` (how the speaker was
        found: :attr:`framing.attribute.speakers.Quote.rule`) and ``speaker_confidence``
        (the speaker ranker's probability of the answer, :attr:`Quote.confidence`; NaN for
        the author's voice or without a parse), for filtering,
        after ``text``, and updated term dicts.
    """
    out = table.copy()
    voices: list[str] = []
    names: list[str | None] = []
    rules: list[str | None] = []
    kinds: list[str | None] = []
    confidences: list[float | None] = []
    cols = term_columns(out)
    new_terms: dict[str, list[list[dict]]] = {c: [] for c in cols}
    quotes_by_doc = find_quotes_many(doc_texts, resolver=speakers)
    for row in out.itertuples(index=False):
        text = doc_texts[row.doc_id]
        quotes = quotes_by_doc[row.doc_id]
        quote = quote_of_span(quotes, row.start, row.end, text=text)
        voices.append(QUOTED if quote is not None else AUTHOR)
        names.append(quote.speaker if quote is not None else None)
        rules.append(quote.rule if quote is not None else None)
        kinds.append(quote.speaker_type if quote is not None else None)
        confidences.append(quote.confidence if quote is not None else None)
        for c in cols:
            terms = getattr(row, c)
            updated = []
            for term in terms if isinstance(terms, list) else []:
                t = dict(term)
                t["voice"], t["speaker"] = voice_of_span(
                    quotes, row.start + int(t["start"]), row.start + int(t["end"]), text=text)
                updated.append(t)
            new_terms[c].append(updated)
    pos = list(out.columns).index("text") + 1
    out.insert(pos, "voice", voices)
    out.insert(pos + 1, "speaker", pd.Series(names, dtype="object", index=out.index))
    out.insert(pos + 2, "speaker_type", pd.Series(kinds, dtype="object", index=out.index))
    out.insert(pos + 3, "speaker_rule", pd.Series(rules, dtype="object", index=out.index))
    out.insert(pos + 4, "speaker_confidence", pd.Series(confidences, dtype="float64",
                                                        index=out.index))
    for c in cols:
        out[c] = pd.Series(new_terms[c], dtype="object", index=out.index)
    if targets and cols:
        out = _add_targets(out, cols, doc_texts)
    return out


def canonical_target(names: QuoteDoc | None, target: str | None, pos: int) -> str | None:
    """A target written as a surname, expanded to the full name the document uses.

    A surname the document never gives in full becomes a well-known leader's full name
    (:data:`~framing.attribute.gazetteer.KNOWN_FULL_NAMES`: ``Putin`` -> ``Vladimir Putin``).
    """
    if target is None or names is None:
        return target
    name = names.canonical(target, pos)
    return KNOWN_FULL_NAMES.get(name.lower(), name) if " " not in name else name


def _canonical(table: pd.DataFrame, col: str, doc_texts: Mapping[str, str]) -> pd.Series:
    names: dict[str, QuoteDoc] = {}  # built only for documents with a target
    out = []
    for doc_id, start, terms in zip(table["doc_id"], table["start"], table[col], strict=True):
        row = []
        for t in terms:
            if t.get("target") is not None and doc_id not in names:
                names[doc_id] = document_names(doc_texts[doc_id])
            row.append({**t, "target": canonical_target(names.get(doc_id), t.get("target"),
                                                        int(start) + int(t["start"]))})
        out.append(row)
    return pd.Series(out, dtype="object", index=table.index)


def _add_targets(table: pd.DataFrame, cols: list[str], doc_texts: Mapping[str, str]
                 ) -> pd.DataFrame:
    sentences = table["text"].tolist()
    contexts = []
    for _doc, grp in table.groupby("doc_id", sort=False):
        texts = grp["text"].tolist()
        for i in range(len(texts)):
            contexts.append((grp.index[i], texts[max(0, i - TARGET_CONTEXT) : i]))
    context_of = dict(contexts)
    ctx = [context_of[i] for i in table.index]
    for c in cols:
        terms = [list(t) if isinstance(t, list) else [] for t in table[c]]
        if not any(terms):
            continue
        table[c] = pd.Series(annotate_many(sentences, terms, ctx), dtype="object",
                             index=table.index)
        table[c] = _canonical(table, c, doc_texts)
    return table
