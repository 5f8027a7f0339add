# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Case study: one tabloid article, sentence by sentence
#
# Reads `results/seed_case_study/` (written by
# `framing run experiments/configs/seed_case_study.yaml`); runs no model. The article is the
# project's seed: a 2025 UK tabloid piece on the war in Ukraine. Its text is not stored in
# the results (only offsets, scores and the loaded terms), so the strip figure is reproduced
# from the committed PNG and the tables below.

# %%
import json
from pathlib import Path

import pandas as pd
from IPython.display import Image

RESULTS = Path("..") / "results" / "seed_case_study"
if not RESULTS.is_dir():
    RESULTS = Path("results") / "seed_case_study"
manifest = json.loads((RESULTS / "manifest.json").read_text())
print("scorers:", ", ".join(manifest["scorers"]))
print("sentences:", manifest["data"]["n_sentences"])

# %% [markdown]
# ## Loaded terms, with voice, speaker and target
# `detector` is the transformer tagger (trained on PTC) or the lexicon baseline. Terms in the
# outlet's own voice (`author`) are the outlet's framing; quoted terms belong to the speaker.

# %%
terms = pd.read_csv(RESULTS / "loaded_terms.csv")
terms[["detector", "sent_idx", "term", "type", "score", "voice", "speaker", "target"]]

# %% [markdown]
# The expectations: "warmonger", "atrocity" and "brutal" in the outlet's voice, and
# "unfair" (inside Klitschko's quote) attributed to Klitschko.

# %%
for word in ["warmonger", "atrocity", "brutal", "unfair"]:
    hits = terms[terms["term"].str.lower().str.contains(word)]
    summary = sorted({f"{r.detector}: {r.voice}"
                      + (f" ({r.speaker})" if isinstance(r.speaker, str) else "")
                      for r in hits.itertuples()})
    print(f"{word:10}", summary or "not detected as a loaded term")

# %% [markdown]
# ## Sentence scores by voice

# %%
sentences = pd.read_parquet(RESULTS / "sentences.parquet")
sentences.groupby("voice")[["sentiment", "emotive"]].agg(["mean", "count"]).round(3)

# %% [markdown]
# ## The framing strip
# Each sentence coloured by sentiment, loaded terms marked, quoted sentences hatched with
# their speaker.

# %%
Image(filename=str(RESULTS / "figures" / "strip_mirror_2025_klitschko_kharkiv.png"), width=900)
