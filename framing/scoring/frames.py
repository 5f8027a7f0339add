"""Frames and genre per document, persuasion techniques per paragraph (SemEval-2023 Task 3).

Four registered scorers share one paragraph pass of the embedded encoder:

- ``frames.minilm.v1``: one text per document (title on line 1), multi-label over the 14
  frames of the Media Frames Corpus (official SemEval-2023 spelling), ``frames`` (list) and
  ``p_frame_<Frame>``;
- ``genre.minilm.v1``: one text per document, ``genre`` (opinion / reporting / satire) and
  ``p_genre_<g>``;
- ``techniques.minilm.v1``: one text per paragraph, multi-label over the 23 persuasion
  techniques, ``techniques`` (list) and ``p_technique_<Technique>``;
- ``techniques.minilm-tfidf.v2`` (the default of :func:`framing.score_paragraphs`): the same
  columns, its probabilities the mean of ``techniques.minilm.v1``'s and a TF-IDF head's.

They follow the :class:`~framing.scoring.base.Scorer` contract (texts in, one row per text,
cacheable by text): a "sentence" is a whole document for the first two and a paragraph for the
third. A paragraph is a non-empty line of the text (:func:`paragraphs`); each is one encoder
window of at most 256 word pieces (longer ones are windowed), and a document's features are the
mean and maximum of its body paragraphs' embeddings plus its title's
(:func:`~framing.models.frames.pool_documents`), so a long article is read in chunks and
scoring a corpus at both levels embeds each paragraph once (:class:`ParagraphEmbedder` keeps
recent embeddings). Heads: ``framing/models/frames_minilm/`` (trained by
``framing/training/frames.py``; see its ``MODEL_CARD.md``).
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from framing.lexicons import detect, persuasion
from framing.models.encoder import DEFAULT_ENCODER, Encoder, load_encoder
from framing.models.frames import FRAMES_DIR, MultiLabelHead, pool_documents
from framing.models.heads import LinearHead
from framing.models.tfidf import TfidfHead, ensemble
from framing.scoring.base import TransformerScorer, read_card
from framing.scoring.registry import register
from framing.text.words import tokenize


class Paragraph(NamedTuple):
    """A non-empty line of a text, with its character offsets (end exclusive)."""

    par_idx: int
    start: int
    end: int
    text: str


def paragraphs(text: str) -> list[Paragraph]:
    r"""The paragraphs of a text: its non-empty lines, stripped, with offsets into ``text``.

    Lines are split at ``\n`` (a ``\r`` before it is dropped); a line of only white space
    is no paragraph.
    """
    out: list[Paragraph] = []
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            start = pos + lead
            out.append(Paragraph(len(out), start, start + len(stripped), stripped))
        pos += len(line) + 1
    return out


_ALLCAPS = re.compile(r"\b[A-Z]{3,}\b")
_QUOTES = re.compile(r"[\"“”«»]")

LEXICON_FEATURES: tuple[str, ...] = (
    "log_words", "loaded_per_word", "namecall_per_word", "terms_per_word", "term_score_sum",
    "exclamations", "questions", "quote_marks", "allcaps", "second_person",
)
"""Lexicon and surface counts appended to a paragraph's embedding (they carry over topics)."""

_YOU = frozenset({"you", "your", "yours", "yourself", "we", "our", "us"})


def lexicon_features(text: str) -> np.ndarray:
    """:data:`LEXICON_FEATURES` of one paragraph (persuasion-index lists, loaded-term detector).

    Args:
        text: The paragraph.

    Returns:
        ``(len(LEXICON_FEATURES),)`` float array.
    """
    toks = tokenize(text)
    n = max(1, len(toks))
    loaded = namecall = 0
    for t in toks:
        cats = persuasion.word_categories(t.norm)
        loaded += "loaded_language" in cats
        namecall += "name_calling" in cats
    terms = detect.analyze(text).terms
    return np.array([
        np.log1p(len(toks)), loaded / n, namecall / n, len(terms) / n,
        float(sum(t.score for t in terms)), text.count("!"), text.count("?"),
        len(_QUOTES.findall(text)), len(_ALLCAPS.findall(text)),
        sum(t.norm in _YOU for t in toks) / n,
    ], dtype=np.float64)


class ParagraphEmbedder:
    """Paragraph embeddings from the encoder, remembering recent ones (shared by the scorers).

    Args:
        encoder: The loaded encoder.
        capacity: Paragraph embeddings kept (least recently used dropped first).
    """

    def __init__(self, encoder: Encoder, capacity: int = 50_000) -> None:
        self.encoder = encoder
        self.capacity = capacity
        self.memo: OrderedDict[str, np.ndarray] = OrderedDict()
        self.lock = threading.Lock()

    def save(self, path: str | Path) -> None:
        """Write the remembered embeddings to an ``.npz`` file (a recipe's embedding cache)."""
        with self.lock:
            keys = list(self.memo)
            vecs = np.stack([self.memo[k] for k in keys]) if keys else np.zeros((0, 0))
        np.savez(Path(path), keys=np.array(keys), vectors=vecs,
                 fingerprint=np.array(self.encoder.fingerprint))

    def preload(self, path: str | Path) -> int:
        """Remember the embeddings of a file written by :meth:`save` by the same encoder.

        Returns:
            How many were read (0 when the file is absent or from another encoder).
        """
        path = Path(path)
        if not path.is_file():
            return 0
        with np.load(path) as data:
            if str(data["fingerprint"]) != self.encoder.fingerprint:
                return 0
            keys, vecs = data["keys"].tolist(), data["vectors"]
        with self.lock:
            for k, v in zip(keys, vecs, strict=True):
                self.memo[str(k)] = v.astype(np.float32)
        return len(keys)

    def embed(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        """``(len(texts), dim)`` L2-normalised mean-pooled embeddings, each text embedded once.

        Args:
            texts: Paragraphs.
            batch_size: Windows per forward pass.
        """
        keys = [hashlib.sha1(t.encode("utf-8")).hexdigest() for t in texts]
        with self.lock:
            todo = list(dict.fromkeys(k for k in keys if k not in self.memo))
        if todo:
            first = dict(zip(keys, texts, strict=True))
            vecs = self.encoder.embed([first[k] for k in todo], batch_size=batch_size)
            with self.lock:
                for k, v in zip(todo, vecs, strict=True):
                    self.memo[k] = v
                    self.memo.move_to_end(k)
                while len(self.memo) > self.capacity:
                    self.memo.popitem(last=False)
        with self.lock:
            out = np.zeros((len(texts), self.encoder.dim), dtype=np.float32)
            for i, k in enumerate(keys):
                vec = self.memo.get(k)
                out[i] = vec if vec is not None else self.encoder.embed([texts[i]])[0]
            return out


_EMBEDDERS: dict[int, ParagraphEmbedder] = {}
_EMBEDDERS_LOCK = threading.Lock()


def shared_embedder(encoder: Encoder) -> ParagraphEmbedder:
    """The one :class:`ParagraphEmbedder` of a loaded encoder (per process)."""
    with _EMBEDDERS_LOCK:
        emb = _EMBEDDERS.get(id(encoder))
        if emb is None or emb.encoder is not encoder:
            emb = _EMBEDDERS[id(encoder)] = ParagraphEmbedder(encoder)
        return emb


def clear_embedding_memos() -> None:
    """Forget every remembered paragraph embedding (benchmarks time a fresh pass)."""
    with _EMBEDDERS_LOCK:
        for emb in _EMBEDDERS.values():
            with emb.lock:
                emb.memo.clear()


def document_features(texts: Sequence[str], embedder: ParagraphEmbedder,
                      batch_size: int = 64) -> np.ndarray:
    """Features of whole documents (title on line 1): pooled paragraph embeddings.

    Args:
        texts: Documents; the first paragraph is taken for the title.
        embedder: Paragraph embedder.
        batch_size: Windows per forward pass.

    Returns:
        ``(len(texts), 3 * dim)`` array (body mean, body max, title).
    """
    pars = [paragraphs(t) for t in texts]
    flat = [p.text for ps in pars for p in ps]
    doc_index = [d for d, ps in enumerate(pars) for _ in ps]
    is_title = [p.par_idx == 0 for ps in pars for p in ps]
    dim = embedder.encoder.dim
    vecs = embedder.embed(flat, batch_size) if flat else np.zeros((0, dim), dtype=np.float32)
    return pool_documents(vecs, doc_index, len(texts), is_title)


def paragraph_features(texts: Sequence[str], embedder: ParagraphEmbedder,
                       batch_size: int = 64) -> np.ndarray:
    """Features of paragraphs: embedding, then :data:`LEXICON_FEATURES`."""
    dim = embedder.encoder.dim
    if not texts:
        return np.zeros((0, dim + len(LEXICON_FEATURES)))
    lex = np.stack([lexicon_features(t) for t in texts])
    return np.hstack([embedder.embed(list(texts), batch_size).astype(np.float64), lex])


@dataclass(frozen=True)
class _Loaded:
    encoder: Encoder
    embedder: ParagraphEmbedder
    head: Any
    card: dict[str, Any]
    text_head: TfidfHead | None = None


class _SemEvalScorer(TransformerScorer):
    """Shared loading of the three SemEval-2023 heads (``card.json`` names each artifact)."""

    task: str = ""
    unit: str = ""

    def __init__(self, encoder: str = DEFAULT_ENCODER, head_dir: str | Path = FRAMES_DIR,
                 device: str = "auto", batch_size: int = 64, precision: str = "fp32") -> None:
        """Store the parameters (models load on first use).

        Args:
            encoder: Encoder name or folder (the heads were trained on the embedded default).
            head_dir: Folder with the heads and ``card.json``.
            device: ``"auto"``, ``"cpu"`` or ``"cuda"``.
            batch_size: Windows per forward pass.
            precision: ``fp32`` (default), ``bf16`` or ``fp16`` (CUDA) autocast.
        """
        self.encoder = encoder
        self.head_dir = head_dir
        super().__init__(device, batch_size, precision)

    def load(self) -> _Loaded:
        """Read the card, load and verify the head, load the encoder."""
        card = read_card(self.head_dir)
        entry = card["heads"][self.task]
        path = Path(self.head_dir) / entry["artifact"]
        kind = MultiLabelHead if entry["kind"] == "multilabel" else LinearHead
        head = kind.load(path, expected_sha256=entry["artifact_sha256"])
        enc = load_encoder(self.encoder, self.device, self.precision)
        return _Loaded(enc, shared_embedder(enc), head, card)

    def model_fingerprint(self, loaded: _Loaded) -> str:
        """Encoder weights fingerprint plus the head's sha256."""
        return f"{loaded.encoder.fingerprint}+{loaded.head.sha256[:16]}"

    def model_provenance(self, loaded: _Loaded) -> dict:
        """Model ids and hashes for the manifest."""
        return {**loaded.encoder.provenance(), "head_sha256": loaded.head.sha256,
                "head_trained_on": loaded.card["data"]["name"], "unit": self.unit,
                "batch_size": self.batch_size}

    def preprocess(self, texts: list[str]) -> list[str]:
        """The texts as they are (paragraph splitting and tokenising happen in forward)."""
        return texts

    def features(self, texts: list[str]) -> np.ndarray:
        """Head inputs for the texts."""
        raise NotImplementedError

    def forward(self, texts: list[str]) -> np.ndarray:
        """Head probabilities (rows: texts)."""
        m = self.loaded()
        if not texts:
            return np.zeros((0, len(m.head.labels)))
        return m.head.predict_proba(self.features(texts))


class _MultiLabelScorer(_SemEvalScorer):
    list_column: str = ""
    prefix: str = ""

    def postprocess(self, proba: np.ndarray) -> pd.DataFrame:
        """The list of labels at or above their thresholds, then one probability per label."""
        head: MultiLabelHead = self.loaded().head
        chosen = head.predict(proba) if len(proba) else np.zeros((0, len(head.labels)), bool)
        lists = [[lab for lab, on in zip(head.labels, row, strict=True) if on] for row in chosen]
        data: dict[str, Any] = {self.list_column: pd.Series(lists, dtype="object")}
        for j, lab in enumerate(head.labels):
            data[f"{self.prefix}{lab}"] = proba[:, j] if len(proba) else np.zeros(0)
        return pd.DataFrame(data, columns=list(self.columns))


FRAMES: tuple[str, ...] = (
    "Economic", "Capacity_and_resources", "Morality", "Fairness_and_equality",
    "Legality_Constitutionality_and_jurisprudence", "Policy_prescription_and_evaluation",
    "Crime_and_punishment", "Security_and_defense", "Health_and_safety", "Quality_of_life",
    "Cultural_identity", "Public_opinion", "Political", "External_regulation_and_reputation")
"""The 14 frames of SemEval-2023 Task 3 subtask 2, in the official order and spelling."""

GENRES: tuple[str, ...] = ("opinion", "reporting", "satire")
"""The genres of subtask 1."""

TECHNIQUES: tuple[str, ...] = (
    "Appeal_to_Authority", "Appeal_to_Popularity", "Appeal_to_Values", "Appeal_to_Fear-Prejudice",
    "Flag_Waving", "Causal_Oversimplification", "False_Dilemma-No_Choice",
    "Consequential_Oversimplification", "Straw_Man", "Red_Herring", "Whataboutism", "Slogans",
    "Appeal_to_Time", "Conversation_Killer", "Loaded_Language", "Repetition",
    "Exaggeration-Minimisation", "Obfuscation-Vagueness-Confusion", "Name_Calling-Labeling",
    "Doubt", "Guilt_by_Association", "Appeal_to_Hypocrisy", "Questioning_the_Reputation")
"""The 23 techniques of subtask 3, in the official order and spelling."""


@register
class FramesScorer(_MultiLabelScorer):
    """Frames of whole documents (one text per document, title on line 1).

    ``frames`` lists the frames whose probability reaches the threshold chosen for it by
    cross-validation by article; ``p_frame_<Frame>`` are the head's probabilities (trained with
    balanced class weights, so they are scores for ranking and thresholds rather than
    calibrated shares; the calibration is in ``results/validation/frames/``).
    """

    name = "frames.minilm.v1"
    task, unit = "frames", "document"
    list_column, prefix = "frames", "p_frame_"
    columns: tuple[str, ...] = ("frames", *(f"p_frame_{f}" for f in FRAMES))

    def features(self, texts: list[str]) -> np.ndarray:
        """Pooled paragraph embeddings of each document."""
        return document_features(texts, self.loaded().embedder, self.batch_size)


@register
class TechniquesScorer(_MultiLabelScorer):
    """Persuasion techniques of paragraphs (one text per paragraph).

    ``techniques`` lists the techniques whose probability reaches its cross-validated threshold;
    techniques with no training example (4 of the 23 in the English train split) get a
    constant low probability and are never listed.
    """

    name = "techniques.minilm.v1"
    task, unit = "techniques", "paragraph"
    list_column, prefix = "techniques", "p_technique_"
    columns: tuple[str, ...] = ("techniques", *(f"p_technique_{t}" for t in TECHNIQUES))

    def features(self, texts: list[str]) -> np.ndarray:
        """Paragraph embedding and lexicon counts."""
        return paragraph_features(texts, self.loaded().embedder, self.batch_size)


@register
class TechniquesEnsembleScorer(TechniquesScorer):
    """Persuasion techniques of paragraphs: the encoder head averaged with a TF-IDF head.

    ``p_technique_<T>`` is the mean of ``techniques.minilm.v1``'s probability and that of a
    TF-IDF (word 1-2 gram) logistic regression trained on the same paragraphs
    (:mod:`framing.models.tfidf`); ``techniques`` lists the techniques whose probability
    reaches 0.5 (the thresholds in the card). Cross-validated by article and by topic it beats
    either head alone, and the fixed threshold beats per-label ones
    (``results/validation/frames/``).
    """

    name = "techniques.minilm-tfidf.v2"

    def load(self) -> _Loaded:
        """The encoder head with the ensemble's thresholds, and the TF-IDF head."""
        base = super().load()
        entry = base.card["heads"]["techniques_ensemble"]
        text_head = TfidfHead.load(Path(self.head_dir) / entry["artifact"],
                                   expected_sha256=entry["artifact_sha256"])
        thresholds = np.array([entry["thresholds"][lab] for lab in base.head.labels])
        return _Loaded(base.encoder, base.embedder, base.head.with_thresholds(thresholds),
                       base.card, text_head)

    def model_fingerprint(self, loaded: _Loaded) -> str:
        """Encoder fingerprint plus both heads' sha256."""
        assert loaded.text_head is not None
        return f"{super().model_fingerprint(loaded)}+{loaded.text_head.sha256[:16]}"

    def model_provenance(self, loaded: _Loaded) -> dict:
        """Model ids and hashes for the manifest, with the TF-IDF head's."""
        assert loaded.text_head is not None
        return {**super().model_provenance(loaded),
                "text_head_sha256": loaded.text_head.sha256,
                "ensemble_weight_encoder": loaded.card["heads"]["techniques_ensemble"][
                    "weight_encoder"]}

    def forward(self, texts: list[str]) -> np.ndarray:
        """Ensemble probabilities (rows: texts)."""
        m = self.loaded()
        assert m.text_head is not None
        if not texts:
            return np.zeros((0, len(m.head.labels)))
        weight = m.card["heads"]["techniques_ensemble"]["weight_encoder"]
        return ensemble(m.head.predict_proba(self.features(texts)),
                        m.text_head.predict_proba(texts), weight)


@register
class GenreScorer(_SemEvalScorer):
    """Genre of whole documents: opinion, reporting or satire (most probable class).

    Trained on 351 articles of which 319 are opinion and 2 satire: satire is seldom
    predicted and its probability is not reliable (see the model card).
    """

    name = "genre.minilm.v1"
    task, unit = "genre", "document"
    columns: tuple[str, ...] = ("genre", *(f"p_genre_{g}" for g in GENRES))

    def features(self, texts: list[str]) -> np.ndarray:
        """Pooled paragraph embeddings of each document."""
        return document_features(texts, self.loaded().embedder, self.batch_size)

    def postprocess(self, proba: np.ndarray) -> pd.DataFrame:
        """Most probable genre, then one probability per genre."""
        labels = self.loaded().head.labels
        order = [labels.index(g) for g in GENRES]
        p = proba[:, order] if len(proba) else np.zeros((0, len(GENRES)))
        best = [GENRES[int(i)] for i in p.argmax(1)] if len(p) else []
        data: dict[str, Any] = {"genre": pd.Series(best, dtype="object")}
        for j, g in enumerate(GENRES):
            data[f"p_genre_{g}"] = p[:, j]
        return pd.DataFrame(data, columns=list(self.columns))


@dataclass(frozen=True)
class TrainingMatrices:
    """Features and targets of the SemEval-2023 English training split.

    Attributes:
        doc_ids: Articles with genre and frame labels (rows of ``x_doc``).
        x_doc: Document features.
        y_frames: ``(n_docs, 14)`` 0/1 frame targets.
        genres: Genre of each document.
        par_articles: Article of each paragraph (rows of ``x_par``).
        x_par: Paragraph features.
        y_techniques: ``(n_paragraphs, 23)`` 0/1 technique targets.
        doc_texts: Text of each document; ``par_texts``: text of each paragraph.
    """

    doc_ids: list[str]
    x_doc: np.ndarray
    y_frames: np.ndarray
    genres: list[str]
    par_articles: list[str]
    x_par: np.ndarray
    y_techniques: np.ndarray
    doc_texts: list[str]
    par_texts: list[str]


def training_matrices(data: Any, embedder: ParagraphEmbedder, batch_size: int = 64
                      ) -> TrainingMatrices:
    """Features and targets of :func:`framing.datasets.semeval2023.load_semeval2023` data.

    Documents and paragraphs go through the same feature functions as the scorers, so the
    heads see at training time exactly what they see when scoring.
    """
    arts = data.labelled_articles()
    docs = [a.text for a in arts]
    pars = data.paragraphs
    x_par = paragraph_features([p.text.strip() for p in pars], embedder, batch_size)
    x_doc = document_features(docs, embedder, batch_size)
    return TrainingMatrices(
        doc_ids=[a.article_id for a in arts], x_doc=x_doc,
        y_frames=np.array([[f in a.frames for f in FRAMES] for a in arts], dtype=float),
        genres=[a.genre for a in arts], par_articles=[p.article_id for p in pars], x_par=x_par,
        y_techniques=np.array([[t in p.techniques for t in TECHNIQUES] for p in pars],
                              dtype=float),
        doc_texts=docs, par_texts=[p.text for p in pars])
