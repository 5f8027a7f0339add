# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Demo: sentence sentiment across three fictional outlets
#
# This notebook reads `results/demo/` (written by `framing run experiments/configs/demo.yaml`)
# and reproduces its table and figure. It runs no model. The corpus is **synthetic**: invented
# outlets covering the same invented events (see `data/demo/README.md`).

# %%
import json
from pathlib import Path

import pandas as pd

from framing.plots import plot_sentiment_by_source

RESULTS = Path("..") / "results" / "demo"
if not RESULTS.is_dir():  # executed from the repository root
    RESULTS = Path("results") / "demo"
manifest = json.loads((RESULTS / "manifest.json").read_text())
print("scorers:", ", ".join(manifest["scorers"]))
print("documents:", manifest["data"]["n_documents"], "sentences:", manifest["data"]["n_sentences"])

# %% [markdown]
# ## Per-source summary
# Means with 95% intervals from a cluster bootstrap that resamples whole articles, because
# sentences of one article are not independent.

# %%
summary = pd.read_csv(RESULTS / "summary_by_source.csv")
summary[["source", "n_articles", "n_sentences", "mean_sentiment", "mean_sentiment_ci_low",
         "mean_sentiment_ci_high", "share_negative"]].round(3)

# %% [markdown]
# ## The figure, regenerated from the table

# %%
fig = plot_sentiment_by_source(summary, title="demo: sentence sentiment by source")

# %% [markdown]
# ## The most negative sentences of each outlet
# The sentence table keeps offsets into the cleaned article text, so every number can be traced
# back to its sentence.

# %%
sentences = pd.read_parquet(RESULTS / "sentences.parquet")
(sentences.sort_values("sentiment").groupby("source").head(2)
 [["source", "doc_id", "sentiment", "text"]])

# %% [markdown]
# Sentiment and the lexicon baseline (VADER) side by side: how often do they agree on the label?

# %%
if "vader_label" in sentences:
    agreement = (sentences["sentiment_label"] == sentences["vader_label"]).mean()
    print(f"label agreement with VADER: {agreement:.2f}")
