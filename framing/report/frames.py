"""Frames, techniques and entities in a results folder: per-source tables and figures."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from framing.analysis.entities import entity_contrasts, entity_sentiment_by_source
from framing.analysis.frames import adjusted_contrasts, label_contrasts, label_shares
from framing.outputs import write_table
from framing.plots import order_rows, save_figure
from framing.plots.entities import plot_entity_sentiment
from framing.plots.frames import plot_frames_by_source, plot_techniques_by_source
from framing.scoring.frames import FRAMES, TECHNIQUES


def write_frames(documents: pd.DataFrame, paragraphs: pd.DataFrame | None, out_dir: Path, *,
                 name: str, seed: int, n_boot: int,
                 order: Sequence[object] | None = None,
                 covariate: str | None = None) -> dict[str, Any]:
    """Write frame shares and technique rates per source, and their figures.

    Args:
        documents: One row per document with ``doc_id``, ``source`` and ``frames``.
        paragraphs: One row per paragraph with ``doc_id``, ``source`` and ``techniques``
            (``None``: no techniques).
        out_dir: The results folder.
        name: Experiment name, for figure titles.
        seed: Bootstrap seed.
        n_boot: Bootstrap resamples.
        order: Sources to list first (``analysis.source_order``).
        covariate: ``"genre"``: also write contrasts standardised for genre
            (:func:`framing.analysis.frames.adjusted_contrasts`),
            ``contrasts_frames_genre_adjusted.csv`` and, for techniques, with each paragraph
            in its article's genre; ``None``: only the crude contrasts.

    Returns:
        ``{"tables": [...], "figures": [...]}`` relative to ``out_dir``.
    """
    import matplotlib.pyplot as plt  # pyplot only when figures are drawn (CLI start-up)

    tables, figures = [], []
    shares = order_rows(label_shares(documents, "frames", FRAMES, n_boot=n_boot, seed=seed),
                        "source", order)
    write_table(shares, out_dir / "frames_by_source.csv")
    write_table(label_contrasts(documents, "frames", FRAMES, n_boot=n_boot, seed=seed),
                out_dir / "contrasts_frames.csv")
    tables += ["frames_by_source.csv", "contrasts_frames.csv"]
    adjust = covariate is not None and covariate in documents
    if adjust:
        write_table(adjusted_contrasts(documents, "frames", FRAMES, covariate=covariate,
                                       n_boot=n_boot, seed=seed),
                    out_dir / f"contrasts_frames_{covariate}_adjusted.csv")
        tables.append(f"contrasts_frames_{covariate}_adjusted.csv")
    fig = plot_frames_by_source(shares.rename(columns={"estimate": "share"}),
                                title=f"{name}: frames by source", order=order)
    figures += save_figure(fig, out_dir / "figures" / "frames_by_source")
    plt.close(fig)
    if paragraphs is not None and len(paragraphs):
        rates = order_rows(label_shares(paragraphs, "techniques", TECHNIQUES, n_boot=n_boot,
                                        seed=seed), "source", order)
        write_table(rates, out_dir / "techniques_by_source.csv")
        write_table(label_contrasts(paragraphs, "techniques", TECHNIQUES, n_boot=n_boot,
                                    seed=seed), out_dir / "contrasts_techniques.csv")
        tables += ["techniques_by_source.csv", "contrasts_techniques.csv"]
        if adjust:
            strata = documents.set_index("doc_id")[covariate]
            write_table(adjusted_contrasts(paragraphs.assign(**{covariate: paragraphs["doc_id"]
                                                                .map(strata)}),
                                           "techniques", TECHNIQUES, covariate=covariate,
                                           n_boot=n_boot, seed=seed),
                        out_dir / f"contrasts_techniques_{covariate}_adjusted.csv")
            tables.append(f"contrasts_techniques_{covariate}_adjusted.csv")
        fig = plot_techniques_by_source(rates.rename(columns={"estimate": "rate"}),
                                        title=f"{name}: persuasion techniques by source",
                                        order=order)
        figures += save_figure(fig, out_dir / "figures" / "techniques_by_source")
        plt.close(fig)
    return {"tables": tables,
            "figures": [Path(p).relative_to(out_dir).as_posix() for p in figures]}


def write_entities(table: pd.DataFrame, out_dir: Path, *, name: str, seed: int, n_boot: int,
                   order: Sequence[object] | None = None, top: int = 10) -> list[Path]:
    """Write sentiment toward the most mentioned entities per source, contrasts and a figure.

    Args:
        table: The sentence table with its ``entity_sentiment`` column.
        out_dir: The results folder.
        name: Experiment name, for the figure title.
        seed: Bootstrap seed.
        n_boot: Bootstrap resamples.
        order: Sources to list first (``analysis.source_order``).
        top: How many of the most mentioned entities.

    Returns:
        The files written.
    """
    import matplotlib.pyplot as plt

    by_entity = entity_sentiment_by_source(table, top=top, n_boot=n_boot, seed=seed)
    written = [write_table(by_entity, out_dir / "entity_sentiment_by_source.csv"),
               write_table(entity_contrasts(table, top=top), out_dir / "entity_contrasts.csv")]
    if len(by_entity):
        fig = plot_entity_sentiment(
            by_entity, title=f"{name}: sentiment toward the most mentioned entities",
            order=order)
        written += save_figure(fig, out_dir / "figures" / "entity_sentiment")
        plt.close(fig)
    return written
