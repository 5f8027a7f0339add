"""Emotive framing from the tagger and the lexicon rule together (union of their terms).

The transformer tagger finds loaded wording in context but misses some established loaded
words; the lexicon rule (Persuasion Index lists, VADER, NRC, word rarity) finds those. This
scorer keeps every tagger term and adds the lexicon terms that do not overlap one; the
sentence's ``emotive`` is the larger of the two scorers' values. Measured against both parts
in ``results/validation/emotive/``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from framing.models.artifacts import TAGGER_DIR
from framing.models.encoder import DEFAULT_ENCODER
from framing.schema import EMOTION_COLUMNS
from framing.scoring.base import TransformerScorer
from framing.scoring.emotive_lexicon import EmotiveLexiconScorer
from framing.scoring.emotive_tagger import EmotiveTaggerScorer
from framing.scoring.registry import register


@register
class EmotiveEnsembleScorer(TransformerScorer):
    """Union of ``emotive.minilm-ptc-tagger.v1`` and ``emotive.lexicon.v1`` terms.

    Same columns as the tagger (``emotive``, ``loaded_terms``, emotion shares), so it can take
    its place; each term's ``categories`` gains ``detector:tagger`` or ``detector:lexicon``.
    Its "model" is the two scorers, built on first use.

    Args:
        encoder: Encoder name or folder for the tagger.
        artifact_dir: The tagger's artifact folder.
        device: ``"auto"``, ``"cpu"`` or ``"cuda"``.
        batch_size: Windows per forward pass.
        precision: ``fp32`` (default), ``bf16`` or ``fp16`` (CUDA) autocast.
    """

    name = "emotive.ensemble.v1"
    columns: tuple[str, ...] = EmotiveTaggerScorer.columns

    def __init__(self, encoder: str = DEFAULT_ENCODER,
                 artifact_dir: str | Path = TAGGER_DIR, device: str = "auto",
                 batch_size: int = 64, precision: str = "fp32") -> None:
        self.encoder = encoder
        self.artifact_dir = artifact_dir
        super().__init__(device, batch_size, precision)

    def load(self) -> tuple[EmotiveTaggerScorer, EmotiveLexiconScorer]:
        """The two parts (each loads its own models lazily)."""
        return (EmotiveTaggerScorer(self.encoder, self.artifact_dir, self.device,
                                    self.batch_size, self.precision),
                EmotiveLexiconScorer())

    def model_fingerprint(self, loaded: tuple[EmotiveTaggerScorer, EmotiveLexiconScorer]
                          ) -> str:
        """Both parts' fingerprints and versions."""
        tagger, lexicon = loaded
        return (f"{tagger.version}:{tagger.fingerprint()}+"
                f"{lexicon.version}:{lexicon.fingerprint()}")

    def model_provenance(self, loaded: tuple[EmotiveTaggerScorer, EmotiveLexiconScorer]
                         ) -> dict:
        """Both parts' provenance."""
        tagger, lexicon = loaded
        return {"tagger": tagger.provenance(), "lexicon": lexicon.provenance()}

    def preprocess(self, sentences: list[str]) -> list[str]:
        """The sentences (each part tokenises them itself)."""
        return sentences

    def forward(self, sentences: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Both parts' scores."""
        tagger, lexicon = self.loaded()
        return tagger.score(sentences), lexicon.score(sentences)

    def postprocess(self, outputs: tuple[pd.DataFrame, pd.DataFrame]) -> pd.DataFrame:
        """Merge the parts' terms: every tagger term, and the lexicon terms not overlapping one."""
        a, b = outputs
        rows = []
        for i in range(len(a)):
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
