"""Per-entity sentiment: the sentiment a sentence expresses toward each entity it names.

For every sentence, spaCy's named entities of the types in :data:`ENTITY_TYPES` (PERSON, ORG,
GPE, NORP; the pipeline of :func:`framing.models.nlp.load_spacy`) are canonicalised per
document and scored with the target-sentiment head
(:class:`framing.scoring.target_sentiment.TargetSentimentScorer`). When the document texts
are given (as :func:`framing.analyze` does), entities come from the parse of each paragraph,
the parse the speaker rules made and :func:`framing.models.nlp.parse` kept, so no text is
parsed twice; otherwise each sentence goes through the named-entity recogniser alone. The
result is the ``entity_sentiment`` column: per sentence a list of ``{entity, type, start, end,
sentiment, label}`` (:data:`ENTITY_SENTIMENT_FIELDS`), ``start``/``end`` relative to the
sentence.

Canonical names, per document (as the attribution rules write targets):
:func:`framing.attribute.entities.normalise_target` drops a leading ``the``, a possessive
and titles (``President Joe Biden's`` → ``Joe Biden``) and maps demonyms to their country
(NORP ``Russian`` → ``Russia``); a one-word PERSON name becomes the full name of that person
used in the same document (``Putin`` → ``Vladimir Putin``; the closest full name before the
mention, else the first one after it, as :meth:`framing.attribute.document.QuoteDoc.canonical`
does for speakers).

Without spaCy or its English model the column is ``None`` in every row (not ``[]``: nothing
was looked for) and a warning says so once.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from framing.attribute.entities import normalise_target
from framing.attribute.marks import paragraphs
from framing.attribute.parsed import MAX_PARAGRAPH
from framing.models.nlp import ENTITY_PIPES, load_spacy, parse_groups
from framing.scoring.target_sentiment import TargetSentimentScorer

__all__ = ["ENTITY_SENTIMENT_FIELDS", "ENTITY_TYPES", "add_entity_sentiment",
           "canonical_names", "document_entities", "find_entities", "score_entities"]

ENTITY_TYPES: tuple[str, ...] = ("PERSON", "ORG", "GPE", "NORP")
"""spaCy entity labels kept: people, organisations, countries/cities, nationalities/groups."""
ENTITY_SENTIMENT_FIELDS: tuple[str, ...] = ("entity", "type", "start", "end", "sentiment",
                                            "label")
"""Keys of each dict in a sentence's ``entity_sentiment`` list."""
BATCH_SIZE = 256
"""Sentences per ``nlp.pipe`` batch."""

Mention = tuple[int, int, str, str]
"""``(start, end, type, text)`` of an entity mention, offsets relative to its sentence."""


def find_entities(sentences: Sequence[str]) -> list[list[Mention]] | None:
    """Entity mentions of :data:`ENTITY_TYPES` in each sentence.

    Args:
        sentences: Sentence texts.

    Returns:
        Per sentence its mentions in text order, or ``None`` when no spaCy English model can
        be loaded (warned once by :func:`framing.models.nlp.load_spacy`).
    """
    texts = [s if isinstance(s, str) else "" for s in sentences]
    if not texts:
        return []
    nlp = load_spacy()
    if nlp is None:
        return None
    keep = [p for p in ENTITY_PIPES if p in nlp.pipe_names]
    out: list[list[Mention]] = []
    with nlp.select_pipes(enable=keep):
        for doc in nlp.pipe(texts, batch_size=BATCH_SIZE):
            out.append([(e.start_char, e.end_char, e.label_, e.text) for e in doc.ents
                        if e.label_ in ENTITY_TYPES])
    return out


def document_entities(table: pd.DataFrame, doc_texts: Mapping[Any, str]
                      ) -> list[list[Mention]] | None:
    """Entity mentions of each sentence row, from the parses of its document's paragraphs.

    Args:
        table: Sentence rows with ``doc_id``, ``start``, ``end`` (offsets into the document
            text) and ``text``.
        doc_texts: The (cleaned) text of each document.

    Returns:
        Per row its mentions, offsets relative to the sentence, as :func:`find_entities`
        gives them; rows whose document text is missing or whose paragraph is too long to
        parse (:data:`~framing.attribute.parsed.MAX_PARAGRAPH`) go through
        :func:`find_entities`. ``None`` when no spaCy English model can be loaded.
    """
    nlp = load_spacy()
    if nlp is None:
        return None
    texts = table["text"].tolist()
    out: list[list[Mention] | None] = [None] * len(table)
    rows: dict[Any, list[tuple[int, int, int]]] = {}
    for r, (doc_id, start, end) in enumerate(zip(table["doc_id"], table["start"],
                                                 table["end"], strict=True)):
        rows.setdefault(doc_id, []).append((int(start), int(end), r))
    paras_of = {d: [(a, b) for a, b in paragraphs(doc_texts[d]) if b - a <= MAX_PARAGRAPH]
                for d in rows if isinstance(doc_texts.get(d), str)}
    groups = ((d, [doc_texts[d][a:b] for a, b in paras]) for d, paras in paras_of.items())
    for doc_id, parses in parse_groups(groups, nlp, entities_only=True):
        sents = rows[doc_id]
        sents.sort()
        starts = [s for s, _, _ in sents]
        for (a, b), doc in zip(paras_of[doc_id], parses, strict=True):
            k = bisect.bisect_left(starts, a)
            while k < len(sents) and sents[k][1] <= b:
                out[sents[k][2]] = []
                k += 1
            for e in doc.ents:
                s, t = a + e.start_char, a + e.end_char
                k = bisect.bisect_right(starts, s) - 1
                if e.label_ not in ENTITY_TYPES or k < 0 or t > sents[k][1]:
                    continue
                r = sents[k][2]
                ls, le = s - sents[k][0], t - sents[k][0]
                if out[r] is not None and isinstance(texts[r], str) and \
                        texts[r][ls:le] == e.text:
                    out[r].append((ls, le, e.label_, e.text))
    rest = [r for r, v in enumerate(out) if v is None]
    if rest:
        for r, found in zip(rest, find_entities([texts[r] for r in rest]) or [],
                            strict=True):
            out[r] = found
    return out


def canonical_names(mentions: Sequence[tuple[int, str, str]]) -> list[str | None]:
    """Canonical names of one document's mentions.

    Args:
        mentions: ``(position in the document, type, text)`` per mention, in any order.

    Returns:
        The canonical name of each mention (``None`` when nothing is left after
        normalisation, e.g. a bare ``the``).
    """
    names = [normalise_target(text) for _, _, text in mentions]
    full: dict[str, list[tuple[int, str]]] = {}
    for (pos, kind, _), name in zip(mentions, names, strict=True):
        if kind == "PERSON" and name and len(name.split()) >= 2:
            full.setdefault(name.split()[-1], []).append((pos, name))
    for fulls in full.values():
        fulls.sort()
    out: list[str | None] = []
    for (pos, kind, _), name in zip(mentions, names, strict=True):
        fulls = full.get(name) if kind == "PERSON" and name and " " not in name else None
        if fulls:
            k = bisect.bisect_right(fulls, (pos, "\uffff"))
            name = fulls[k - 1][1] if k > 0 else fulls[0][1]
        out.append(name)
    return out


def score_entities(sentences: Sequence[str], doc_ids: Sequence[Any] | None = None,
                   positions: Sequence[int] | None = None,
                   scorer: TargetSentimentScorer | None = None,
                   mentions: Sequence[list[Mention]] | None = None) -> list[list[dict] | None]:
    """The ``entity_sentiment`` list of each sentence.

    Args:
        sentences: Sentence texts.
        doc_ids: Document of each sentence (names are canonicalised per document); ``None``
            treats every sentence as its own document.
        positions: Offset of each sentence in its document (orders mentions for the
            surname rule); default: the sentence's index.
        scorer: The target-sentiment scorer (default: the shipped head on the CPU/GPU
            ``auto`` device).
        mentions: Each sentence's entity mentions, already found (as
            :func:`document_entities` gives them); default: :func:`find_entities`.

    Returns:
        Per sentence a list of :data:`ENTITY_SENTIMENT_FIELDS` dicts, or ``None`` for every
        sentence when spaCy is unavailable.

    Raises:
        ValueError: When ``doc_ids``, ``positions`` or ``mentions`` differ in length from
            ``sentences``.
    """
    n = len(sentences)
    doc_ids = list(range(n)) if doc_ids is None else list(doc_ids)
    positions = list(range(n)) if positions is None else [int(p) for p in positions]
    if len(doc_ids) != n or len(positions) != n or (mentions is not None
                                                   and len(mentions) != n):
        raise ValueError("sentences, doc_ids, positions and mentions must have the same "
                         "length")
    found = find_entities(sentences) if mentions is None else list(mentions)
    if found is None:
        return [None] * n
    by_doc: dict[Any, list[tuple[int, int]]] = {}
    for i, ments in enumerate(found):
        for j in range(len(ments)):
            by_doc.setdefault(doc_ids[i], []).append((i, j))
    canon: dict[tuple[int, int], str | None] = {}
    for keys in by_doc.values():
        names = canonical_names([(positions[i] + found[i][j][0], found[i][j][2],
                                  found[i][j][3]) for i, j in keys])
        canon.update(zip(keys, names, strict=True))
    keys = [k for k in canon if canon[k] is not None]
    scorer = scorer if scorer is not None else TargetSentimentScorer()
    scored = scorer.score_pairs([sentences[i] for i, _ in keys],
                                [found[i][j][:2] for i, j in keys]) if keys else None
    out: list[list[dict] | None] = [[] for _ in range(n)]
    for r, (i, j) in enumerate(keys):
        start, end, kind, _ = found[i][j]
        out[i].append({"entity": canon[(i, j)], "type": kind, "start": int(start),
                       "end": int(end), "sentiment": float(scored["sentiment"].iat[r]),
                       "label": str(scored["sentiment_label"].iat[r])})
    for lst in out:
        if lst:
            lst.sort(key=lambda d: d["start"])
    return out


def add_entity_sentiment(table: pd.DataFrame, scorer: TargetSentimentScorer | None = None,
                         doc_texts: Mapping[Any, str] | None = None) -> pd.DataFrame:
    """A copy of a sentence table with the ``entity_sentiment`` column added.

    Args:
        table: Sentence table with ``text`` and, when present, ``doc_id`` and ``start``
            (the sentence's offset in its document).
        scorer: As in :func:`score_entities`.
        doc_texts: The document texts the rows' ``start``/``end`` refer to (needs
            ``doc_id``, ``start`` and ``end`` columns): entities are then read from the
            paragraphs' parses (:func:`document_entities`).

    Returns:
        The table with ``entity_sentiment`` as its last column.
    """
    out = table.copy()
    docs = out["doc_id"].tolist() if "doc_id" in out else None
    pos = out["start"].tolist() if "start" in out else None
    use_docs = doc_texts is not None and {"doc_id", "start", "end"} <= set(out.columns)
    found = document_entities(out, doc_texts) if use_docs else None
    values = score_entities(out["text"].tolist(), docs, pos, scorer, found)
    out["entity_sentiment"] = pd.Series(values, dtype="object", index=out.index)
    return out
