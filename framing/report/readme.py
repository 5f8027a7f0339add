"""The README of a results folder: what was run, on what, with which models, and what to cite."""

from __future__ import annotations

from typing import Any

import pandas as pd

from framing.report.markdown import markdown_table


def corrected_text(manifest: dict) -> str:
    """What the README says about correction: which numbers are corrected, or none."""
    corrected = manifest.get("corrected")
    if not corrected:
        return ("Every estimate here is model-based and uncorrected: the scores' errors are not "
                "propagated into the intervals. Hand-code a random sample (`framing sample`) "
                "and add it as `gold:` to the config to get corrected estimates.")
    files = [p for p in manifest["outputs"] if p.startswith("corrected_")]
    return (f"The `corrected_*` tables ({', '.join(f'`{p}`' for p in files)}) are "
            f"prediction-powered estimates of the human-coded `{corrected['outcome']}` "
            "(model scores of every sentence + the coded sample, intervals clustered by "
            "article); every other table is model-based and uncorrected.")


def summary_section(summary: pd.DataFrame) -> tuple[str, str]:
    """The README's per-source heading and table, for the columns the summary has."""
    means = [c for c in summary.columns if c.startswith("mean_")
             and not c.endswith(("_ci_low", "_ci_high"))]
    shares = [c for c in summary.columns if c.endswith("share_negative")]
    head = ["source", "articles", "sentences"]
    head += [c.replace("_", " ") for c in means] + [c.replace("_", " ") for c in shares]
    rows = []
    for r in summary.to_dict("records"):
        row = [r["source"], r["n_articles"], r["n_sentences"]]
        row += [f"{r[c]:+.3f} [{r[f'{c}_ci_low']:+.3f}, {r[f'{c}_ci_high']:+.3f}]"
                for c in means]
        row += [f"{r[c]:.2f} [{r[f'{c}_ci_low']:.2f}, {r[f'{c}_ci_high']:.2f}]" for c in shares]
        rows.append(row)
    kind = "Sentiment" if any(c.endswith("sentiment") for c in means) else (
        "Scores" if means else "Sentences")
    return f"{kind} by source", markdown_table(head, rows)


def git_text(git: dict) -> str:
    """The README's words for the code version: the commit, or why there is none."""
    if git.get("commit"):
        return f"git commit `{git['commit']}`"
    return "no git commit recorded (the code was not run from a git repository)"


def results_readme(config: Any, manifest: dict, summary: pd.DataFrame) -> str:
    """The README written into a results folder: what was run, with what, how to cite."""
    models = "\n".join(
        f"- `{name}`: " + ", ".join(f"{k} `{v}`" for k, v in meta.items()
                                    if k not in ("scorer",) and v is not None
                                    and not isinstance(v, dict))
        for name, meta in manifest["scorers"].items()
    )
    heading, table = summary_section(summary)
    return f"""# Results: `{config.name}`

Written by `framing run {manifest['config_file']}` (do not edit by hand; rerun to reproduce).
{config.description}

- Documents: {manifest['data']['n_documents']}, sentences: {manifest['data']['n_sentences']};
  corpus sha256 `{manifest['data']['sha256'][:16]}…` (per-file hashes in `manifest.json`).
- Seed: {manifest['seed']}; {git_text(manifest['git'])}.

## Models
{models}

## {heading} (95% CI, articles resampled)

{table}

Files: {", ".join(f"`{p}`" for p in manifest["outputs"] if not p.startswith("figures/"))};
figures (PNG 300 dpi + PDF) in `figures/`; `manifest.json` holds the config, model ids and
hashes (lexicon files included), package versions, git commit, data hashes, seed and timings.
`sentences.parquet` has one row per sentence (offsets into the cleaned texts of
`documents.parquet` when the corpus licence allows its text to be written);
`documents.parquet` has one row per document: metadata, `n_sentences`, `n_words`, the mean of
each sentence score (`mean_sentiment`, `mean_emotive`, ...), `loaded_per_1000_words` and
`quoted_share`.

## Corrected or model-based?
{corrected_text(manifest)}

## How to cite
Cite the package (see `CITATION.cff`) with its version ({manifest['packages']['framing']}) and
the scorer names and hashes above; each model's validation against human labels is in the
package's `results/validation/` and in its model card (`framing/models/<model>/MODEL_CARD.md`).
"""
