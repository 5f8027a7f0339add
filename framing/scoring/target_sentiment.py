"""Sentiment toward a target mention: frozen MiniLM token states + a NewsMTSC-trained head.

For each ``(sentence, (start, end))`` pair the encoder's token states (the shared trunk, then
the base model's top layers: a full, frozen encoder pass) give target-aware features: the
mean of the mention's tokens, the sentence mean and the mean of a window of tokens around the
mention, each L2-normalised, optionally on the sentence re-encoded with entity markers around
the mention. A 3-class linear head, trained on NewsMTSC train (political news, sentiment toward
each person mentioned), maps them to ``p_negative``, ``p_neutral``, ``p_positive``. The
feature recipe is read from the artifact's card, so the scorer computes exactly what the head
was trained on. Training and held-out quality: ``MODEL_CARD.md`` in the artifact folder.

This is not a sentence :class:`~framing.scoring.base.Scorer` (it scores pairs, not
sentences), so it is not in the sentence registry; :meth:`TargetSentimentScorer.score_pairs`
is its entry point.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing.errors import InputError
from framing.models.artifacts import ARTIFACTS
from framing.models.batching import to_numpy
from framing.models.branch import TRUNK_SPLIT, Trunk, get_trunk, run_layers
from framing.models.encoder import DEFAULT_ENCODER, Encoder, load_encoder
from framing.models.heads import LinearHead
from framing.schema import SENTIMENT_LABELS
from framing.scoring.base import TrunkScorer, read_card, sentiment_frame

TARGET_SENTIMENT_DIR = ARTIFACTS / "target_sentiment_newsmtsc"
"""``target-sentiment.minilm-newsmtsc.v1``: the head, ``card.json`` and ``MODEL_CARD.md``."""
COLUMNS: tuple[str, ...] = ("target", "sentiment", "sentiment_label", "p_negative",
                            "p_neutral", "p_positive")
"""Columns of :meth:`TargetSentimentScorer.score_pairs`."""
PARTS: tuple[str, ...] = ("span", "sentence", "context")
"""Feature parts a recipe may combine, each a ``dim``-wide L2-normalised mean of tokens."""
MARKERS = ("[", "]")
"""Entity markers put around the mention when a recipe asks for ``markers``."""


@dataclass(frozen=True)
class FeatureRecipe:
    """How pair features are built (stored in the card; training and scoring share it).

    Attributes:
        parts: Which of :data:`PARTS` are concatenated, in order.
        context_tokens: Tokens on each side of the mention in the ``context`` part.
        markers: Re-encode the sentence with :data:`MARKERS` around the mention.
    """

    parts: tuple[str, ...] = ("span", "sentence", "context")
    context_tokens: int = 8
    markers: bool = False

    @classmethod
    def from_card(cls, card: dict[str, Any]) -> FeatureRecipe:
        """The recipe recorded in a card's ``features`` entry."""
        f = card.get("features", {})
        return cls(parts=tuple(f.get("parts", cls.parts)),
                   context_tokens=int(f.get("context_tokens", cls.context_tokens)),
                   markers=bool(f.get("markers", False)))

    def as_dict(self) -> dict[str, Any]:
        """The recipe as the card stores it."""
        return {"parts": list(self.parts), "context_tokens": self.context_tokens,
                "markers": self.markers}


def check_pairs(sentences: Sequence[str], spans: Sequence[tuple[int, int]]
                ) -> list[tuple[str, int, int]]:
    """Validate ``(sentence, (start, end))`` pairs.

    Args:
        sentences: Sentence texts.
        spans: One ``(start, end)`` character span per sentence (end exclusive).

    Returns:
        ``(sentence, start, end)`` triples.

    Raises:
        InputError: Not a list, lengths differ, or a span is not inside its sentence; the
            message names the (1-based) item.
    """
    if isinstance(sentences, str):
        raise InputError("<sentences>", "expected a list of sentences, got one string")
    sentences, spans = list(sentences), list(spans)
    if len(sentences) != len(spans):
        raise InputError("<spans>", f"{len(spans)} spans for {len(sentences)} sentences; "
                         "give one (start, end) per sentence")
    out = []
    for i, (text, span) in enumerate(zip(sentences, spans, strict=True), 1):
        if not isinstance(text, str):
            raise InputError("<sentences>", f"item is {type(text).__name__}, not a string", i,
                             "item")
        try:
            start, end = (int(v) for v in span)
        except (TypeError, ValueError):
            raise InputError("<spans>", f"span {span!r} is not a (start, end) pair of "
                             "integers", i, "item") from None
        if not 0 <= start < end <= len(text):
            raise InputError("<spans>", f"span ({start}, {end}) is not inside the sentence "
                             f"of {len(text)} characters (need 0 <= start < end <= length)",
                             i, "item")
        out.append((text, start, end))
    return out


def mark(text: str, start: int, end: int) -> tuple[str, int, int]:
    """``text`` with :data:`MARKERS` around ``[start, end)`` and the marked span's offsets."""
    left, right = MARKERS
    marked = f"{text[:start]}{left} {text[start:end]} {right}{text[end:]}"
    return marked, start, end + len(left) + len(right) + 2


def token_states(trunk: Trunk, texts: list[str], batch_size: int
                 ) -> tuple[list[np.ndarray], list[list[tuple[int, int]]]]:
    """Last-layer token states (no special tokens) and token offsets of each text.

    The trunk pass is the shared one (:meth:`Trunk.apply`; rows the sentence scorers' pass
    kept are reused), followed by the base model's top layers, so the states equal a full
    encoder pass. Windows of a long text are stitched
    back (a later window's states replace the overlap).
    """
    enc = trunk.encoder
    tok = enc.tokenize(texts)
    top = enc.runtime.encoder.layer[trunk.split:]

    def states(hidden: Any, attn: Any, mask: Any) -> list[np.ndarray]:
        out = to_numpy(run_layers(top, hidden, attn))
        lengths = mask.sum(1).tolist()
        return [out[r, 1: int(lengths[r]) - 1] for r in range(len(lengths))]

    flat = trunk.apply(tok.flat_windows(), states, batch_size, reuse_rows=True) if texts else []
    result, pos = [], 0
    for ids, starts in zip(tok.ids, tok.window_starts, strict=True):
        full = np.zeros((len(ids), enc.dim), dtype=np.float32)
        for s in starts:
            piece = flat[pos]
            full[s: s + len(piece)] = piece
            pos += 1
        result.append(full)
    return result, tok.offsets


def _unit_mean(rows: np.ndarray, dim: int) -> np.ndarray:
    if len(rows) == 0:
        return np.zeros(dim, dtype=np.float32)
    v = rows.mean(axis=0)
    return v / max(float(np.linalg.norm(v)), 1e-12)


def pair_features(states: np.ndarray, offsets: Sequence[tuple[int, int]], start: int, end: int,
                  recipe: FeatureRecipe) -> np.ndarray:
    """Concatenated feature parts of one mention (see :class:`FeatureRecipe`).

    Args:
        states: ``(tokens, dim)`` token states of the (possibly marked) sentence.
        offsets: Character offsets of the tokens.
        start: Mention start in the same text.
        end: Mention end.
        recipe: Which parts to build.
    """
    dim = states.shape[1]
    inside = [i for i, (s, e) in enumerate(offsets) if s < end and e > start and e > s]
    if not inside:  # a span of whitespace only: the nearest token after it, else the last
        after = [i for i, (s, _) in enumerate(offsets) if s >= start]
        inside = [after[0]] if after else ([len(offsets) - 1] if len(offsets) else [])
    parts = []
    for part in recipe.parts:
        if part == "span":
            parts.append(_unit_mean(states[inside], dim))
        elif part == "sentence":
            parts.append(_unit_mean(states, dim))
        elif part == "context":
            lo, hi = (inside[0], inside[-1]) if inside else (0, -1)
            k = recipe.context_tokens
            idx = [i for i in range(max(0, lo - k), min(len(states), hi + k + 1))
                   if i < lo or i > hi]
            parts.append(_unit_mean(states[idx], dim))
        else:
            raise ValueError(f"unknown feature part {part!r}; use {', '.join(PARTS)}")
    return np.concatenate(parts).astype(np.float32)


@dataclass(frozen=True)
class EncodedPairs:
    """Token states of the texts behind some pairs, and where each pair's mention is.

    Attributes:
        states: ``(tokens, dim)`` last-layer states per unique text.
        offsets: Token character offsets per unique text.
        pairs: Per pair ``(text index, start, end)``, offsets into that (maybe marked) text.
        markers: Whether the texts carry :data:`MARKERS` around the mentions.
    """

    states: list[np.ndarray]
    offsets: list[list[tuple[int, int]]]
    pairs: list[tuple[int, int, int]]
    markers: bool


def encode_pairs(trunk: Trunk, pairs: Sequence[tuple[str, int, int]], markers: bool,
                 batch_size: int = 64) -> EncodedPairs:
    """One encoder pass per unique text (with markers: per unique marked text)."""
    if markers:
        pairs = [mark(*p) for p in pairs]
    texts = list(dict.fromkeys(p[0] for p in pairs))
    where = {t: i for i, t in enumerate(texts)}
    states, offsets = token_states(trunk, texts, batch_size)
    return EncodedPairs(states, offsets, [(where[t], s, e) for t, s, e in pairs], markers)


def features_of(encoded: EncodedPairs, recipe: FeatureRecipe) -> np.ndarray:
    """Feature rows of encoded pairs under a recipe (its ``markers`` must match)."""
    if encoded.markers != recipe.markers:
        raise ValueError(f"the pairs were encoded with markers={encoded.markers}, the recipe "
                         f"wants {recipe.markers}")
    width = (encoded.states[0].shape[1] if encoded.states else 0) * len(recipe.parts)
    out = np.zeros((len(encoded.pairs), width), dtype=np.float32)
    for r, (k, start, end) in enumerate(encoded.pairs):
        out[r] = pair_features(encoded.states[k], encoded.offsets[k], start, end, recipe)
    return out


def features(trunk: Trunk, pairs: Sequence[tuple[str, int, int]], recipe: FeatureRecipe,
             batch_size: int = 64) -> np.ndarray:
    """Feature rows for ``(sentence, start, end)`` pairs (one encoder pass per unique text)."""
    return features_of(encode_pairs(trunk, pairs, recipe.markers, batch_size), recipe)


@dataclass(frozen=True)
class _Loaded:
    encoder: Encoder
    trunk: Trunk
    head: LinearHead
    card: dict[str, Any]
    recipe: FeatureRecipe
    order: list[int]


class TargetSentimentScorer(TrunkScorer):
    """Sentiment toward a mention in a sentence: ``score_pairs(sentences, spans)``.

    ``sentiment = p_positive - p_negative`` lies in [-1, 1]; ``sentiment_label`` is the most
    probable class. Constructing it only stores the parameters; the encoder and head load on
    the first call.

    Args:
        encoder: Encoder name or path (the head was trained on the embedded default).
        head_dir: Folder with the head and its ``card.json``.
        device: ``"auto"``, ``"cpu"`` or ``"cuda"``.
        batch_size: Texts (windows) per forward pass.
        precision: ``fp32`` (default), ``bf16``/``fp16`` autocast or ``int8``.
    """

    name = "target-sentiment.minilm-newsmtsc.v1"
    columns: tuple[str, ...] = COLUMNS

    def __init__(self, encoder: str = DEFAULT_ENCODER,
                 head_dir: str | Path = TARGET_SENTIMENT_DIR, device: str = "auto",
                 batch_size: int = 64, precision: str = "fp32") -> None:
        self.head_dir = head_dir
        super().__init__(encoder, device, batch_size, precision)

    def load(self) -> _Loaded:
        """Read the card, load and verify the head, load the encoder."""
        card = read_card(self.head_dir)
        head = LinearHead.load(Path(self.head_dir) / card["artifact"],
                               expected_sha256=card["artifact_sha256"])
        enc = load_encoder(self.encoder, self.device, self.precision)
        split = min(int(card.get("trunk_split", TRUNK_SPLIT)), len(enc.model.encoder.layer))
        return _Loaded(encoder=enc, trunk=get_trunk(enc, split), head=head, card=card,
                       recipe=FeatureRecipe.from_card(card),
                       order=[head.labels.index(lab) for lab in SENTIMENT_LABELS])

    def model_fingerprint(self, loaded: _Loaded) -> str:
        """Encoder weights fingerprint plus the head's sha256."""
        return f"{loaded.encoder.fingerprint}+{loaded.head.sha256[:16]}"

    def model_provenance(self, loaded: _Loaded) -> dict:
        """Model ids, hashes and the feature recipe for the manifest."""
        return {**loaded.encoder.provenance(), "head_sha256": loaded.head.sha256,
                "features": loaded.recipe.as_dict(), "batch_size": self.batch_size,
                "head_trained_on": loaded.card.get("data", {}).get("name")}

    def score(self, sentences: Sequence[str]) -> pd.DataFrame:
        """Not available: this scorer needs a target span per sentence (see score_pairs)."""
        raise TypeError(f"{self.name} scores (sentence, span) pairs: use score_pairs")

    def proba(self, sentences: Sequence[str], spans: Sequence[tuple[int, int]]) -> np.ndarray:
        """``(n, 3)`` probabilities (negative, neutral, positive) of validated pairs."""
        pairs = check_pairs(sentences, spans)
        m = self.loaded()
        if not pairs:
            return np.zeros((0, 3))
        x = features(m.trunk, pairs, m.recipe, self.batch_size)
        return m.head.predict_proba(x)[:, m.order]

    def score_pairs(self, sentences: Sequence[str], spans: Sequence[tuple[int, int]]
                    ) -> pd.DataFrame:
        """Sentiment toward each mention.

        Args:
            sentences: Sentence texts.
            spans: Same-length list of ``(start, end)`` character offsets of the mention.

        Returns:
            One row per pair, in input order, with :data:`COLUMNS` (``target`` is the
            mention's text).

        Raises:
            InputError: Lengths differ or a span is not inside its sentence.
            ModelUnavailableError: The encoder or head cannot be loaded.
        """
        pairs = check_pairs(sentences, spans)
        p = self.proba(sentences, spans)
        frame = sentiment_frame(p, COLUMNS[1:])
        frame.insert(0, "target", pd.Series([t[s:e] for t, s, e in pairs], dtype="object"))
        return frame
