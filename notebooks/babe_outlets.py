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
# # BABE: framing across US outlets and leanings
#
# Reads `results/babe_outlets/` (written by `framing run experiments/configs/babe_outlets.yaml`)
# and regenerates its figures from the tables; runs no model. BABE (Spinde et al. 2021) holds
# expert-labelled sentences from 11 outlets; sentences of one article share a `doc_id`, and
# every interval resamples articles, not sentences.

# %%
import json
from pathlib import Path

import pandas as pd

from framing.plots import plot_contrasts, plot_distinctive_terms, plot_forest

RESULTS = Path("..") / "results" / "babe_outlets"
if not RESULTS.is_dir():
    RESULTS = Path("results") / "babe_outlets"
manifest = json.loads((RESULTS / "manifest.json").read_text())
print("sentences:", manifest["data"]["n_sentences"], "articles:", manifest["data"]["n_documents"])

# %% [markdown]
# ## Emotive framing per outlet (95% article-bootstrap intervals)

# %%
agg = pd.read_csv(RESULTS / "aggregates.csv")
fig = plot_forest(agg, metric="mean_emotive", by="source", title="BABE: mean emotive score")

# %%
fig = plot_forest(agg, metric="mean_sentiment", by="source", title="BABE: mean sentiment")

# %% [markdown]
# ## Left, centre, right

# %%
lean = pd.read_csv(RESULTS / "aggregates_by_leaning.csv")
lean[lean["metric"].isin(["mean_sentiment", "mean_emotive", "share_negative"])][
    ["leaning", "metric", "estimate", "ci_low", "ci_high", "n_articles"]].round(3)

# %% [markdown]
# ## Outlet contrasts: mixed model with a random intercept per article, BH-adjusted

# %%
con = pd.read_csv(RESULTS / "contrasts_emotive.csv")
print(f"{int(con['significant'].fillna(False).sum())} of {len(con)} contrasts significant "
      "after Benjamini-Hochberg")
fig = plot_contrasts(con.sort_values("p_adjusted").head(12),
                     title="BABE: emotive, 12 smallest adjusted p")

# %% [markdown]
# ## Distinctive loaded terms per outlet (Fightin' Words, z-scores)

# %%
fw = pd.read_csv(RESULTS / "distinctive_loaded.csv")
big = agg[agg["metric"] == "mean_emotive"].nlargest(4, "n_sentences")["source"]
fig = plot_distinctive_terms(fw[fw["source"].isin(big)], top=8)

# %% [markdown]
# ## Does the emotive score track the experts' bias labels?

# %%
bias = pd.read_csv(RESULTS / "aggregates_by_leaning_label_bias.csv")
bias[bias["metric"] == "mean_emotive"][["leaning", "label_bias", "estimate", "ci_low",
                                        "ci_high"]].round(3)

# %% [markdown]
# ROC AUC of the scores against the experts' `Biased` / `Non-biased` labels (95% intervals
# resample articles). The transformer's emotive score is the strongest single signal.

# %%
pd.read_csv(RESULTS / "label_auc.csv").round(3)
