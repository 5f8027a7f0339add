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
# # Validation against human judgement
#
# Reads `results/validation/` (written by `framing run experiments/configs/validation.yaml`);
# runs no model. Every number the package emits has a table here.

# %%
from pathlib import Path

import pandas as pd

RESULTS = Path("..") / "results" / "validation"
if not RESULTS.is_dir():
    RESULTS = Path("results") / "validation"

# %% [markdown]
# ## Sentiment: held-out human ratings, against lexicons

# %%
metrics = RESULTS / "sentiment" / "metrics.csv"
pd.read_csv(metrics).round(3) if metrics.is_file() else "sentiment validation not run"

# %% [markdown]
# ## Country-name counterfactuals (spread of scores over countries)

# %%
bias = RESULTS / "sentiment" / "bias_countries.csv"
pd.read_csv(bias).round(3) if bias.is_file() else "bias check not run"

# %% [markdown]
# ## Emotive framing: loaded-term spans on held-out PTC articles

# %%
pd.read_csv(RESULTS / "emotive" / "ptc_spans.csv").round(3)

# %% [markdown]
# ## BABE: expert bias labels and biased words

# %%
pd.read_csv(RESULTS / "emotive" / "babe_agreement.csv").round(3)

# %% [markdown]
# ## Seed article checks and the cost of adding emotive framing to sentiment

# %%
pd.read_csv(RESULTS / "emotive" / "seed_checks.csv")

# %%
pd.read_csv(RESULTS / "emotive" / "cost.csv").round(3)
