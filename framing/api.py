"""The public Python API: score, analyze, score_documents, score_paragraphs (fixed contract)."""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from framing.analysis.documents import document_scores
from framing.attribute.entity_sentiment import add_entity_sentiment
from framing.attribute.finder import check_resolver
from framing.attribute.terms import attribute, term_columns
from framing.errors import InputError
from framing.read import documents_from_records
from framing.schema import SENTENCE_COLUMNS, Document
from framing.scoring import Scorer, ScorerSpec, as_scorers, cache_key
from framing.scoring.cache import ScoreCache, text_hash
from framing.scoring.frames import paragraphs as split_paragraphs
from framing.scoring.target_sentiment import TargetSentimentScorer
from framing.text.pipeline import PreparedCorpus, prepare_documents, sentence_rows

log = logging.getLogger(__name__)

CHUNK_SIZE = 1024
"""Sentences scored between cache writes (a killed run resumes from the last chunk)."""


def _resolve_cache(cache: bool | str | Path | ScoreCache) -> ScoreCache | None:
    if cache is False or cache is None:
        return None
    if isinstance(cache, ScoreCache):
        return cache
    if cache is True:
        return ScoreCache()
    return ScoreCache(cache)


def _check_sentences(sentences: Sequence[str]) -> list[str]:
    if isinstance(sentences, str):
        raise InputError("<sentences>", "expected a list of sentences, got one string")
    texts = list(sentences)
    for i, t in enumerate(texts):
        if not isinstance(t, str):
            raise InputError("<sentences>", f"item is {type(t).__name__}, not a string", i + 1,
                             "item")
        try:
            t.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise InputError("<sentences>", f"not valid Unicode text (lone surrogate at "
                                            f"character {exc.start})", i + 1, "item") from exc
    return texts


def _score_all(scorers: Sequence[Scorer], texts: list[str], cache: ScoreCache | None,
               progress: bool) -> list[pd.DataFrame]:
    """Score with every scorer, chunk by chunk, reading from and writing to the cache.

    Chunks are the outer loop and scorers the inner one, so the scorers on the shared trunk
    score the same chunk one after another and its trunk pass runs once
    (:meth:`framing.models.branch.Trunk.features`).
    """
    from tqdm.auto import tqdm

    hashes = [text_hash(t) for t in texts]
    plans = []
    for sc in scorers:
        key = cache_key(sc) if cache is not None else ""
        known: dict[str, dict] = cache.get_many(key, hashes) if cache is not None else {}
        todo = {h: t for h, t in zip(hashes, texts, strict=True) if h not in known}
        plans.append((sc, key, known, todo))
    order = [h for h in dict.fromkeys(hashes) if any(h in p[3] for p in plans)]
    bars = [tqdm(total=len(todo), desc=sc.name, unit="sent", disable=not progress or not todo)
            for sc, _, _, todo in plans]
    for i in range(0, len(order), CHUNK_SIZE):
        chunk = order[i : i + CHUNK_SIZE]
        for (sc, key, known, todo), bar in zip(plans, bars, strict=True):
            mine = [h for h in chunk if h in todo]
            if not mine:
                continue
            rows = sc.score([todo[h] for h in mine]).to_dict(orient="records")
            new = dict(zip(mine, rows, strict=True))
            known.update(new)
            if cache is not None:
                cache.put_many(key, new.items())
            bar.update(len(mine))
    frames = []
    for (sc, _, known, todo), bar in zip(plans, bars, strict=True):
        bar.close()
        log.info("%s: %d sentences, %d scored, %d from cache", sc.name, len(texts), len(todo),
                 len(texts) - len(todo))
        frame = pd.DataFrame([known[h] for h in hashes], columns=list(sc.columns))
        frames.append(frame.astype({c: "float64" for c in sc.columns if c in frame
                                    and pd.api.types.is_numeric_dtype(frame[c])}))
    return frames


def score(
    sentences: Sequence[str],
    scorers: ScorerSpec = None,
    *,
    device: str = "auto",
    batch_size: int = 64,
    cache: bool | str | Path | ScoreCache = True,
    progress: bool = False,
    attribute_terms: bool = True,
) -> pd.DataFrame:
    """Score sentences.

    Args:
        sentences: Sentence texts.
        scorers: Registered scorer names or scorer objects; default
            ``("sentiment.minilm-nyt-probe.v1",)``.
        device: ``"auto"`` (CUDA when present), ``"cpu"`` or ``"cuda"``.
        batch_size: Sentences per forward pass.
        cache: ``True`` for the default on-disk cache, a folder, a :class:`ScoreCache`, or
            ``False`` to bypass it.
        progress: Show a progress bar.
        attribute_terms: Fill each loaded term's ``voice``, ``speaker`` and ``target`` from
            the sentence alone (:func:`analyze` does this with the whole document instead).

    Returns:
        One row per input sentence in the same order, with ``text``, ``sentiment`` (float in
        [-1, 1]), ``sentiment_label`` (negative/neutral/positive), ``p_negative``,
        ``p_neutral``, ``p_positive`` and any further scorers' columns.
    """
    texts = _check_sentences(sentences)
    objs = as_scorers(scorers, device=device, batch_size=batch_size)
    store = _resolve_cache(cache)
    parts = [pd.DataFrame({"text": pd.Series(texts, dtype="object")})]
    parts += _score_all(objs, texts, store, progress)
    table = pd.concat(parts, axis=1)
    if attribute_terms and len(table):
        cols = term_columns(table)
        if cols:
            ids = [f"s{i}" for i in range(len(table))]
            frame = table[["text", *cols]].assign(doc_id=ids, start=0,
                                                  end=table["text"].str.len())
            done = attribute(frame, dict(zip(ids, table["text"], strict=True)))
            for c in cols:
                table[c] = done[c].to_numpy()
    return table


def to_documents(documents: Sequence[Document] | Sequence[Mapping] | pd.DataFrame,
                 **fields: Any) -> list[Document]:
    """Accept Documents, dict records or a DataFrame and return Documents."""
    if isinstance(documents, pd.DataFrame) or not all(isinstance(d, Document) for d in documents):
        return documents_from_records(documents, **fields)
    docs = list(documents)  # type: ignore[arg-type]
    seen: dict[str, int] = {}
    for i, d in enumerate(docs, 1):
        if d.doc_id in seen:
            raise InputError("<documents>", f"duplicate doc_id '{d.doc_id}' (first at item "
                             f"{seen[d.doc_id]})", i, "item")
        seen[d.doc_id] = i
    return docs


def analyze(
    documents: Sequence[Document] | Sequence[Mapping] | pd.DataFrame,
    scorers: ScorerSpec = None,
    *,
    device: str = "auto",
    batch_size: int = 64,
    cache: bool | str | Path | ScoreCache = True,
    progress: bool = False,
    furniture: str = "remove",
    dedupe: str = "none",
    entities: bool = False,
    speakers: str = "rules",
    **fields: Any,
) -> pd.DataFrame:
    """Clean, segment, score and attribute documents.

    Args:
        documents: :class:`~framing.schema.Document` objects, dict records or a DataFrame with
            at least a text field (field names configurable via ``text_field=...``,
            ``id_field=...``, ``source_field=...`` etc.).
        scorers: As in :func:`score`.
        device: As in :func:`score`.
        batch_size: As in :func:`score`.
        cache: As in :func:`score`.
        progress: Show progress bars.
        furniture: As in :func:`analyze_documents`.
        dedupe: As in :func:`analyze_documents`.
        entities: As in :func:`analyze_documents`.
        speakers: As in :func:`analyze_documents`.
        **fields: Field-name options passed to :func:`framing.read.documents_from_records`.

    Returns:
        One row per sentence with ``doc_id``, ``source``, ``title``, ``date``, ``sent_idx``,
        ``start``, ``end`` (character offsets into the cleaned document text), ``text``,
        ``voice`` (``author``/``quoted``), ``speaker``, and the score columns; loaded terms
        carry their own voice, speaker and target.
    """
    table, _ = analyze_documents(to_documents(documents, **fields), scorers, device=device,
                                 batch_size=batch_size, cache=cache, progress=progress,
                                 furniture=furniture, dedupe=dedupe, entities=entities,
                                 speakers=speakers)
    return table


def prepare_corpus(documents: Sequence[Document], *, furniture: str = "remove",
                   dedupe: str = "none") -> tuple[PreparedCorpus, list[dict[str, Any]]]:
    """Clean, remove furniture, find duplicates, segment: the prepared corpus and its rows.

    The corpus-wide first step of :func:`analyze_documents` (furniture and duplicates are
    found over all documents); ``prepared.documents`` are the cleaned documents.
    """
    prepared = prepare_documents(documents, furniture=furniture, dedupe_documents=dedupe)
    rows = sentence_rows(prepared.documents)
    prepared.add_sentences(rows)
    return prepared, rows


def analyze_documents(
    documents: Sequence[Document],
    scorers: ScorerSpec = None,
    *,
    device: str = "auto",
    batch_size: int = 64,
    cache: bool | str | Path | ScoreCache = True,
    progress: bool = False,
    timings: dict[str, float] | None = None,
    furniture: str = "remove",
    dedupe: str = "none",
    corpus: dict[str, Any] | None = None,
    entities: bool = False,
    speakers: str = "rules",
) -> tuple[pd.DataFrame, list[Document]]:
    """The whole per-corpus pipeline: clean -> segment -> score -> attribute.

    Args:
        documents: Documents (unique ids).
        scorers: As in :func:`score`.
        device: As in :func:`score`.
        batch_size: As in :func:`score`.
        cache: As in :func:`score`.
        progress: Show progress bars.
        timings: When given, seconds spent per step are stored in it.
        furniture: ``"remove"`` (default) the page furniture (lines repeated across a
            source's documents, known furniture patterns) or ``"keep"`` it (still counted).
        dedupe: ``"none"`` (default: duplicates are reported only), ``"exact"`` or
            ``"near"``: drop later copies of a document.
        entities: Add ``entity_sentiment``: the people, organisations and countries each
            sentence names (spaCy entities, canonical per document) with the sentiment toward
            each (:func:`score_targets`).
        speakers: ``"rules"`` (default) or ``"ranker"``: who speaks each quotation
            (:func:`~framing.attribute.finder.find_quotes`); either way
            ``speaker_confidence`` is the ranker's probability of the answer.
        corpus: When given, ``corpus["prepared"]`` receives the
            :class:`~framing.text.pipeline.PreparedCorpus` (furniture and duplicate reports).

    Returns:
        The sentence table and the cleaned documents (whose texts the offsets refer to).
    """
    check_resolver(speakers, "speakers=")
    clock = time.perf_counter()
    prepared, rows = prepare_corpus(documents, furniture=furniture, dedupe=dedupe)
    docs = prepared.documents
    if corpus is not None:
        corpus["prepared"] = prepared
    table = pd.DataFrame(rows, columns=list(SENTENCE_COLUMNS))
    table = table.astype({"sent_idx": "int64", "start": "int64", "end": "int64"})
    mark = time.perf_counter()
    scores = score(table["text"].tolist(), scorers, device=device, batch_size=batch_size,
                   cache=cache, progress=progress, attribute_terms=False)
    table = pd.concat([table, scores.drop(columns="text")], axis=1)
    scored = time.perf_counter()
    texts = {d.doc_id: d.text for d in docs}
    table = attribute(table, texts, speakers=speakers)
    attributed = time.perf_counter()
    if entities:
        table = add_entity_sentiment(table, TargetSentimentScorer(device=device,
                                                                  batch_size=batch_size), texts)
    if timings is not None:
        timings["clean_and_segment"] = mark - clock
        timings["score"] = scored - mark
        timings["attribute"] = attributed - scored
        if entities:
            timings["entities"] = time.perf_counter() - attributed
    return table, docs


DOCUMENT_SCORERS: tuple[str, ...] = ("frames.minilm.v1", "genre.minilm.v1")
"""The article-level scorers of :func:`score_documents`: frames (14) and genre."""

PARAGRAPH_SCORERS: tuple[str, ...] = ("techniques.minilm-tfidf.v2",)
"""The paragraph-level scorers of :func:`score_paragraphs`: persuasion techniques (23), the
encoder head averaged with a TF-IDF head (``techniques.minilm.v1``: the encoder head alone)."""


def document_text(doc: Document) -> str:
    """What a document-level scorer reads: the title on the first line, then the body."""
    return f"{doc.title}\n\n{doc.text}" if doc.title else doc.text


def document_frames(docs: Sequence[Document], scorers: ScorerSpec = DOCUMENT_SCORERS, *,
                    device: str = "auto", batch_size: int = 64,
                    cache: bool | str | Path | ScoreCache = True,
                    progress: bool = False) -> pd.DataFrame:
    """Article-level scores of documents already cleaned (one row per document, in order).

    Returns:
        ``doc_id`` and the scorers' columns (``frames``, ``p_frame_<Frame>``, ``genre``,
        ``p_genre_<g>``).
    """
    objs = as_scorers(scorers, device=device, batch_size=batch_size)
    store = _resolve_cache(cache)
    texts = [document_text(d) for d in docs]
    base = pd.DataFrame({"doc_id": [d.doc_id for d in docs]})
    return pd.concat([base, *_score_all(objs, texts, store, progress)], axis=1)


def paragraph_table(docs: Sequence[Document], scorers: ScorerSpec = PARAGRAPH_SCORERS, *,
                    device: str = "auto", batch_size: int = 64,
                    cache: bool | str | Path | ScoreCache = True,
                    progress: bool = False) -> pd.DataFrame:
    """Paragraph-level scores of documents already cleaned: one row per paragraph.

    A paragraph is a non-empty line of the cleaned text; ``start``/``end`` are offsets into it.
    """
    rows = [{"doc_id": d.doc_id, "source": d.source, "par_idx": p.par_idx, "start": p.start,
             "end": p.end, "text": p.text} for d in docs for p in split_paragraphs(d.text)]
    base = pd.DataFrame(rows, columns=["doc_id", "source", "par_idx", "start", "end", "text"])
    objs = as_scorers(scorers, device=device, batch_size=batch_size)
    store = _resolve_cache(cache)
    texts = base["text"].tolist()
    return pd.concat([base, *_score_all(objs, texts, store, progress)], axis=1)


def score_documents(
    documents: Sequence[Document] | Sequence[Mapping] | pd.DataFrame,
    scorers: ScorerSpec = DOCUMENT_SCORERS,
    *,
    sentence_scorers: ScorerSpec = None,
    device: str = "auto",
    batch_size: int = 64,
    cache: bool | str | Path | ScoreCache = True,
    progress: bool = False,
    **fields: Any,
) -> pd.DataFrame:
    """One row per document: metadata, sentence aggregates, frames and genre.

    Args:
        documents: As in :func:`analyze`.
        scorers: Article-level scorers (default :data:`DOCUMENT_SCORERS`).
        sentence_scorers: Sentence scorers whose per-document aggregates are added
            (default: the package defaults, as in :func:`analyze`).
        device: As in :func:`score`.
        batch_size: As in :func:`score`.
        cache: As in :func:`score`.
        progress: Show progress bars.
        **fields: Field-name options, as in :func:`analyze`.

    Returns:
        ``doc_id``, ``source``, ``title``, ``date``, ``n_sentences``, the per-document
        aggregates (:func:`framing.document_scores`), ``genre``, ``p_genre_<g>``, ``frames``
        (list) and ``p_frame_<Frame>``.
    """
    table, docs = analyze_documents(to_documents(documents, **fields), sentence_scorers,
                                    device=device, batch_size=batch_size, cache=cache,
                                    progress=progress)
    meta = pd.DataFrame([{k: getattr(d, k) for k in ("doc_id", "source", "title", "date")}
                         for d in docs])
    per_doc = document_scores(table, meta)
    frames = document_frames(docs, scorers, device=device, batch_size=batch_size, cache=cache,
                             progress=progress)
    return per_doc.merge(frames, on="doc_id", how="left")


def score_paragraphs(
    documents: Sequence[Document] | Sequence[Mapping] | pd.DataFrame,
    scorers: ScorerSpec = PARAGRAPH_SCORERS,
    *,
    device: str = "auto",
    batch_size: int = 64,
    cache: bool | str | Path | ScoreCache = True,
    progress: bool = False,
    **fields: Any,
) -> pd.DataFrame:
    """Persuasion techniques per paragraph (a paragraph = a non-empty line).

    One row per paragraph: ``doc_id``, ``source``, ``par_idx``, ``start``, ``end``, ``text``,
    ``techniques`` (list) and ``p_technique_<Technique>``. Documents are cleaned
    (boilerplate and page furniture removed) as in :func:`analyze`; offsets refer to the
    cleaned text.
    """
    docs = prepare_documents(to_documents(documents, **fields)).documents
    return paragraph_table(docs, scorers, device=device, batch_size=batch_size, cache=cache,
                           progress=progress)


def score_targets(sentences: Sequence[str], spans: Sequence[tuple[int, int]], *,
                  device: str = "auto", batch_size: int = 64) -> pd.DataFrame:
    """Sentiment toward a target mention in each sentence.

    Args:
        sentences: The sentences.
        spans: A same-length list of ``(start, end)`` character offsets of the target mention
            in each sentence.
        device: As in :func:`score`.
        batch_size: As in :func:`score`.

    Returns:
        One row per pair, in input order: ``target``, ``sentiment``, ``sentiment_label``,
        ``p_negative``, ``p_neutral``, ``p_positive``.

    Raises:
        InputError: Lengths differ, or a span is not inside its sentence.
    """
    return TargetSentimentScorer(device=device, batch_size=batch_size).score_pairs(sentences,
                                                                                  spans)
