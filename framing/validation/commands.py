"""``framing validate ...``: the validation suites as CLI commands."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from framing.errors import handle_errors

validate_app = typer.Typer(help="Validation runs against human labels; write results/validation/.",
                           no_args_is_help=True)

OutDir = Annotated[Path, typer.Option(help="Results folder.")]


@validate_app.command("sentiment")
@handle_errors
def validate_sentiment_cmd(
    out_dir: OutDir = Path("results/validation/sentiment"),
    sdist: Annotated[Path | None, typer.Option(
        help="vaderSentiment-3.3.2.tar.gz (default: fetched with pip download).")] = None,
) -> None:
    """Sentiment vs human ratings (held-out NYT and other sets), calibration, country bias."""
    from framing.validation.sentiment import validate_sentiment

    typer.echo(f"results written to {validate_sentiment(out_dir, sdist)}", err=True)


@validate_app.command("emotive")
@handle_errors
def validate_emotive_cmd(
    out_dir: OutDir = Path("results/validation/emotive"),
    ptc: Annotated[Path | None, typer.Option(
        help="PTC folder (default ../shared/data/ptc or $FRAMING_SHARED_DIR/data/ptc).")] = None,
    babe: Annotated[Path | None, typer.Option(
        help="BABE CSV or folder (default ../shared/data/babe).")] = None,
    seed: Annotated[Path | None, typer.Option(help="Seed article file.")] = None,
) -> None:
    """Loaded-term spans on held-out PTC, BABE agreement and errors by outlet, seed checks.

    Also: character-level and per-voice scores, calibration, and the cost ratio.
    """
    from framing.validation.emotive import validate_emotive

    typer.echo(f"results written to {validate_emotive(out_dir, ptc, babe, seed)}", err=True)


@validate_app.command("inference")
@handle_errors
def validate_inference_cmd(
    out_dir: OutDir = Path("results/validation/inference"),
    table: Annotated[Path, typer.Option(help="Scored BABE sentences (written by framing run "
                                             "experiments/configs/babe_outlets.yaml).")] = Path(
        "results/babe_outlets/sentences.parquet"),
    n_coded: Annotated[int, typer.Option(help="Coded sentences per draw.")] = 300,
    draws: Annotated[int, typer.Option(help="Simulated coding samples.")] = 200,
    seed: Annotated[int, typer.Option(help="Seed of the draws.")] = 13,
) -> None:
    """Corrected estimates on BABE: coverage and width against the coded sample alone."""
    from framing.validation.inference import validate_inference

    typer.echo(f"results written to {validate_inference(out_dir, table, n_coded, draws, seed)}",
               err=True)


@validate_app.command("war-news")
@handle_errors
def validate_war_news_cmd(
    out_dir: OutDir = Path("results/validation/sentiment/war_news"),
) -> None:
    """Sentence sentiment on factual war reporting: the error table (default model, VADER)."""
    from framing.validation.war_news import validate_war_news

    typer.echo(f"results written to {validate_war_news(out_dir)}", err=True)


@validate_app.command("attribution")
@handle_errors
def validate_attribution_cmd(
    out_dir: OutDir = Path("results/validation/attribution"),
    shared: Annotated[Path | None, typer.Option(
        help="Shared folder holding data/ (default ../shared or $FRAMING_SHARED_DIR).")] = None,
) -> None:
    """Voice and speaker attribution on real news (dev and held-out test), with intervals."""
    from framing.validation.attribution import validate_attribution

    typer.echo(f"results written to {validate_attribution(out_dir, shared=shared)}", err=True)


@validate_app.command("targets")
@handle_errors
def validate_targets_cmd(
    out_dir: OutDir = Path("results/validation/targets_real"),
    shared: Annotated[Path | None, typer.Option(
        help="Shared folder holding data/ (default ../shared or $FRAMING_SHARED_DIR).")] = None,
) -> None:
    """Targets of loaded terms on real news (dev and held-out test), with intervals."""
    from framing.validation.targets_real import validate_targets

    typer.echo(f"results written to {validate_targets(out_dir, shared=shared)}", err=True)


@validate_app.command("frames")
@handle_errors
def validate_frames_cmd(
    out_dir: OutDir = Path("results/validation/frames"),
    data: Annotated[Path | None, typer.Option(
        help="semeval2023_task3/en folder (default: in ../shared/data).")] = None,
    embedding_cache: Annotated[Path | None, typer.Option(
        help="Paragraph-embedding .npz reused on reruns.")] = None,
) -> None:
    """Frames, genre, techniques: CV by article and by topic, TF-IDF baseline, calibration."""
    from framing.validation.frames import validate_frames

    out = validate_frames(out_dir, data, embedding_cache=embedding_cache)
    typer.echo(f"results written to {out}", err=True)


@validate_app.command("target-sentiment")
@handle_errors
def validate_target_sentiment_cmd(
    out_dir: OutDir = Path("results/validation/sentiment"),
    data: Annotated[Path | None, typer.Option(
        help="NewsMTSC train.jsonl (default: in the shared folder).")] = None,
    device: Annotated[str, typer.Option(help="'auto', 'cpu' or 'cuda'.")] = "auto",
) -> None:
    """Sentiment toward target mentions on held-out NewsMTSC train articles, vs baselines."""
    from framing.validation.target_sentiment import validate_target_sentiment

    out = validate_target_sentiment(out_dir, data, device=device)
    typer.echo(f"results written to {out}", err=True)
