"""The one contract every scorer follows, the base of model scorers, and shared helpers."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar, Protocol, runtime_checkable

import numpy as np
import pandas as pd

from framing.errors import ModelUnavailableError
from framing.models.branch import Trunk, get_trunk, load_branch
from framing.models.encoder import Tokenized, load_encoder


@runtime_checkable
class Scorer(Protocol):
    """A sentence scorer.

    Constructors only store parameters (scikit-learn style): after construction
    ``vars(scorer)`` holds exactly the constructor's parameters; models load lazily on the first
    call to :meth:`score`, :meth:`fingerprint` or :meth:`provenance`.

    Attributes:
        name: Registry name, written once (on the class; :func:`~framing.scoring.register` reads
            it), e.g. ``"sentiment.minilm-nyt-probe.v1"``. What a scorer measures is fixed by
            its name: a change of behaviour gets a new name (``….v2``).
        version: Revision of the outputs under this name, ``"1"`` at first. It is raised only
            when a fix changes some scores without changing what the scorer measures (e.g.
            ``emotive.minilm-ptc-tagger.v1`` is at ``"2"`` since its spans were snapped to whole
            words); it is part of every cache key (:func:`cache_key`) and results record
            ``name@version``, so scores of an older revision are never reused.
        columns: The columns :meth:`score` returns, in order.
    """

    name: str
    version: str
    columns: tuple[str, ...]

    def score(self, sentences: Sequence[str]) -> pd.DataFrame:
        """Score sentences.

        Args:
            sentences: Sentence texts.

        Returns:
            One row per sentence, in input order (index ``0..n-1``), with exactly
            :attr:`columns`.
        """
        ...

    def fingerprint(self) -> str:
        """Identity of the exact model behind the scores (hash of weights), for caching."""
        ...

    def provenance(self) -> dict:
        """What a manifest should record: model ids, revisions, hashes, settings."""
        ...


def cache_key(scorer: Scorer) -> str:
    """Key under which a scorer's results are cached: name, version and model fingerprint."""
    return f"{scorer.name}|{scorer.version}|{scorer.fingerprint()}"


def read_card(folder: str | Path) -> dict[str, Any]:
    """The training record ``card.json`` of a shipped (or retrained) artifact folder.

    Raises:
        ModelUnavailableError: When the folder has no ``card.json``.
    """
    path = Path(folder) / "card.json"
    if not path.is_file():
        raise ModelUnavailableError(f"{path}: model card not found; reinstall the package or "
                                    "retrain the model (framing train --help)")
    return json.loads(path.read_text(encoding="utf-8"))


class TransformerScorer:
    """Base of the scorers that run a model: lazy loading, identity, and the pipeline.

    A subclass defines its constructor (storing its own parameters, then calling this one for
    the shared ones, and nothing else), :meth:`load` (build the models once),
    :meth:`model_fingerprint`, :meth:`model_provenance` and the three pipeline steps, as in a
    Hugging Face ``Pipeline``: :meth:`preprocess` tokenises, :meth:`forward` is the only step
    that touches the model (length-sorted batches under ``torch.inference_mode()``, in
    :mod:`framing.models`), :meth:`postprocess` builds the columns. The loaded models are kept
    in ``self._loaded`` after the first use.
    """

    name: ClassVar[str]
    version: ClassVar[str] = "1"
    columns: ClassVar[tuple[str, ...]]

    def __init__(self, device: str = "auto", batch_size: int = 64,
                 precision: str = "fp32") -> None:
        """Store the parameters every model scorer takes.

        Args:
            device: ``"auto"``, ``"cpu"`` or ``"cuda"``.
            batch_size: Sentences (or windows) per forward pass.
            precision: ``fp32`` (default), ``bf16`` or ``fp16`` (CUDA) autocast.
        """
        self.device = device
        self.batch_size = batch_size
        self.precision = precision

    def loaded(self) -> Any:
        """The loaded models (loaded on the first call, then reused)."""
        state = self.__dict__.get("_loaded")
        if state is None:
            state = self.load()
            self._loaded = state
        return state

    def load(self) -> Any:
        """Load the models (called once, by :meth:`loaded`)."""
        raise NotImplementedError

    def model_fingerprint(self, loaded: Any) -> str:
        """Identity of the loaded models and of the settings that change the scores."""
        raise NotImplementedError

    def model_provenance(self, loaded: Any) -> dict:
        """What the manifest records besides the scorer's name and version."""
        raise NotImplementedError

    def fingerprint(self) -> str:
        """Identity of the exact model behind the scores (hash of weights), for caching."""
        return self.model_fingerprint(self.loaded())

    def provenance(self) -> dict:
        """Scorer name and version, then model ids, revisions, hashes and settings."""
        return {"scorer": self.name, "version": self.version,
                **self.model_provenance(self.loaded())}

    def preprocess(self, sentences: list[str]) -> Any:
        """Tokenise sentences into model inputs (no model call)."""
        raise NotImplementedError

    def forward(self, inputs: Any) -> Any:
        """Run the model over the inputs of :meth:`preprocess`."""
        raise NotImplementedError

    def postprocess(self, outputs: Any) -> pd.DataFrame:
        """Turn the outputs of :meth:`forward` into the scorer's columns."""
        raise NotImplementedError

    def score(self, sentences: Sequence[str]) -> pd.DataFrame:
        """Score sentences (see :meth:`Scorer.score`): preprocess, forward, postprocess.

        Raises:
            ModelUnavailableError: When the model cannot be loaded.
        """
        self.loaded()
        return self.postprocess(self.forward(self.preprocess(list(sentences))))


class TrunkScorer(TransformerScorer):
    """Base of the scorers that run on the shared encoder trunk (:mod:`framing.models.branch`).

    Their loaded state has a ``trunk`` (whose ``encoder`` tokenises); one trunk pass serves
    every such scorer on the same sentences.
    """

    def __init__(self, encoder: str, device: str = "auto", batch_size: int = 64,
                 precision: str = "fp32") -> None:
        """Store the encoder and the parameters every model scorer takes.

        Args:
            encoder: Encoder name or folder.
            device: ``"auto"``, ``"cpu"`` or ``"cuda"``.
            batch_size: Sentences (or windows) per forward pass.
            precision: ``fp32`` (default), ``bf16`` or ``fp16`` (CUDA) autocast.
        """
        self.encoder = encoder
        super().__init__(device, batch_size, precision)

    @property
    def trunk(self) -> Trunk:
        """The shared encoder trunk this scorer runs on (loads the model)."""
        return self.loaded().trunk

    def tokenize(self, sentences: list[str]) -> Tokenized | None:
        """Token windows of the sentences (``None`` for no sentences)."""
        return self.trunk.encoder.tokenize(sentences) if sentences else None

    def load_card_branch(self, folder: str | Path) -> tuple[dict[str, Any], Trunk, Any,
                                                             dict[str, Any]]:
        """Read a branch folder's card, load the encoder and the verified branch on its trunk.

        Returns:
            ``(card, trunk, branch, branch metadata)``.
        """
        card = read_card(folder)
        enc = load_encoder(self.encoder, self.device, self.precision)
        trunk = get_trunk(enc, int(card["trunk_split"]))
        branch, meta = load_branch(Path(folder) / card["artifact"], trunk,
                                   expected_sha256=card["artifact_sha256"])
        return card, trunk, branch, meta


def sentiment_frame(p, columns: Sequence[str]) -> pd.DataFrame:
    """The five sentiment columns from probabilities (rows: negative, neutral, positive).

    Args:
        p: ``(n, 3)`` class probabilities in :data:`SENTIMENT_LABELS` order.
        columns: Output names for score, label, p_negative, p_neutral, p_positive.
    """
    p = np.asarray(p, dtype=float).reshape(-1, 3)
    labels = [label_from_proba(*row) for row in p]
    values = (np.clip(p[:, 2] - p[:, 0], -1.0, 1.0), pd.Series(labels, dtype="object"),
              p[:, 0], p[:, 1], p[:, 2])
    return pd.DataFrame(dict(zip(columns, values, strict=True)), columns=list(columns))


def label_from_proba(p_neg: float, p_neu: float, p_pos: float) -> str:
    """Most probable of negative/neutral/positive (ties resolved towards neutral)."""
    best = max(p_neg, p_neu, p_pos)
    if p_neu == best:
        return "neutral"
    return "negative" if p_neg == best else "positive"
