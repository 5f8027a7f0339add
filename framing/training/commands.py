"""``framing train ...``: the training recipes as CLI commands."""

from __future__ import annotations

import typer

train_app = typer.Typer(help="Retrain the shipped model artifacts (seeded, reproducible).",
                        no_args_is_help=True)


@train_app.command("sentiment", context_settings={"allow_extra_args": True,
                                                  "ignore_unknown_options": True})
def train_sentiment_cmd(ctx: typer.Context) -> None:
    """Fine-tune the sentiment branch (options: see --help of the training script)."""
    from framing.training.sentiment import main

    main(ctx.args)


@train_app.command("tagger", context_settings={"allow_extra_args": True,
                                               "ignore_unknown_options": True})
def train_tagger_cmd(ctx: typer.Context) -> None:
    """Train the loaded-term tagger on PTC (options: --ptc PATH, --seed, --epochs ...)."""
    from framing.training.tagger import main

    main(ctx.args)


@train_app.command("sentiment-probe", context_settings={"allow_extra_args": True,
                                                        "ignore_unknown_options": True})
def train_probe_cmd(ctx: typer.Context) -> None:
    """Retrain the frozen-encoder NYT sentiment probe (options: --sdist, --seed)."""
    from framing.training.probe import main

    main(ctx.args)
