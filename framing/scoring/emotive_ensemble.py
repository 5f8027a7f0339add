"""Emotive framing from the tagger and the lexicon rule together (union of their terms).

The transformer tagger finds loaded wording in context but misses some established loaded
words; the lexicon rule (Persuasion Index lists, VADER, NRC, word rarity) finds those. This
scorer keeps every tagger term and adds the lexicon terms that do not overlap one; the
sentence's ``emotive`` is the larger of the two scorers' values. Measured against both parts
in ``results/validation/emotive/``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from framing.models.artifacts import TAGGER_DIR
from framing.models.encoder import DEFAULT_ENCODER
from framing.schema import EMOTION_COLUMNS
from framing.scoring.base import TransformerScorer
from framing.scoring.domain import DomainTerms, dictionary_score
from framing.scoring.emotive_lexicon import EmotiveLexiconScorer
from framing.scoring.emotive_tagger import EmotiveTaggerScorer
from framing.scoring.registry import register


@dataclass(frozen=True)
class _Parts:
    tagger: EmotiveTaggerScorer
    lexicon: EmotiveLexiconScorer
    domain: DomainTerms


@register
class EmotiveEnsembleScorer(TransformerScorer):
    """Union of ``emotive.minilm-ptc-tagger.v1`` and ``emotive.lexicon.v1`` terms.

    Same columns as the tagger (``emotive``, ``loaded_terms``, emotion shares), so it can take
    its place; each term's ``categories`` gains ``detector:tagger`` or ``detector:lexicon``
    (or ``detector:dictionary`` for a domain dictionary's terms).
    Its "model" is the two scorers, built on first use.

    Args:
        encoder: Encoder name or folder for the tagger.
        artifact_dir: The tagger's artifact folder.
        device: ``"auto"``, ``"cpu"`` or ``"cuda"``.
        batch_size: Windows per forward pass.
        precision: ``fp32`` (default), ``bf16`` or ``fp16`` (CUDA) autocast.
        dictionary: A domain dictionary file (``docs/dictionaries.md``), read on first use:
            its terms are added to the merged terms (replacing those they overlap), and
            ``emotive`` is at least the highest dictionary term score.
        stoplist: A stoplist file, given to both parts: their terms that match it are
            removed before the merge.
    """

    name = "emotive.ensemble.v1"
    columns: tuple[str, ...] = EmotiveTaggerScorer.columns

    def __init__(self, encoder: str = DEFAULT_ENCODER,
                 artifact_dir: str | Path = TAGGER_DIR, device: str = "auto",
                 batch_size: int = 64, precision: str = "fp32",
                 dictionary: str | Path | None = None,
                 stoplist: str | Path | None = None) -> None:
        self.encoder = encoder
        self.artifact_dir = artifact_dir
        self.dictionary = dictionary
        self.stoplist = stoplist
        super().__init__(device, batch_size, precision)

    def load(self) -> _Parts:
        """The two parts (each loads its own models lazily) and the dictionary."""
        return _Parts(
            tagger=EmotiveTaggerScorer(self.encoder, self.artifact_dir, self.device,
                                       self.batch_size, self.precision,
                                       stoplist=self.stoplist),
            lexicon=EmotiveLexiconScorer(stoplist=self.stoplist),
            domain=DomainTerms.load(self.dictionary, None))

    def model_fingerprint(self, loaded: _Parts) -> str:
        """Both parts' fingerprints and versions (and the dictionary's hash)."""
        tagger, lexicon = loaded.tagger, loaded.lexicon
        return (f"{tagger.version}:{tagger.fingerprint()}+"
                f"{lexicon.version}:{lexicon.fingerprint()}{loaded.domain.fingerprint()}")

    def model_provenance(self, loaded: _Parts) -> dict:
        """Both parts' provenance (and the dictionary's)."""
        return {"tagger": loaded.tagger.provenance(), "lexicon": loaded.lexicon.provenance(),
                **loaded.domain.provenance()}

    def preprocess(self, sentences: list[str]) -> list[str]:
        """The sentences (each part tokenises them itself)."""
        return sentences

    def forward(self, sentences: list[str]) -> tuple[list[str], pd.DataFrame, pd.DataFrame]:
        """The sentences and both parts' scores."""
        parts = self.loaded()
        return sentences, parts.tagger.score(sentences), parts.lexicon.score(sentences)

    def postprocess(self, outputs: tuple[list[str], pd.DataFrame, pd.DataFrame]
                    ) -> pd.DataFrame:
        """Merge the parts' terms: every tagger term, and the lexicon terms not overlapping one."""
        texts, a, b = outputs
        domain = self.loaded().domain
        rows = []
        for i in range(len(a)):
            terms = [{**t, "categories": [*t["categories"], "detector:tagger"]}
                     for t in a.at[i, "loaded_terms"]]
            for t in b.at[i, "lex_loaded_terms"]:
                if all(t["end"] <= u["start"] or t["start"] >= u["end"] for u in terms):
                    terms.append({**t, "categories": [*t["categories"], "detector:lexicon"]})
            terms.sort(key=lambda t: t["start"])
            emotive = max(float(a.at[i, "emotive"]), float(b.at[i, "lex_emotive"]))
            if domain.active:
                text = texts[i] if isinstance(texts[i], str) else ""
                terms = domain.add(text, terms)
                emotive = max(emotive, dictionary_score(terms))
            rows.append({"emotive": emotive, "loaded_terms": terms,
                         **{e: float(a.at[i, e]) for e in EMOTION_COLUMNS}})
        return pd.DataFrame(rows, columns=list(self.columns))
