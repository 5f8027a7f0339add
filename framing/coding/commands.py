"""``framing sample``, ``framing agreement`` and ``framing correct``: the human-coding loop.

1. ``framing sample scored.parquet --codebook cb.yaml -n 300 --stratify source -o sheet.csv``
   draws a probability sample and writes the coders' sheet (CSV + HTML form).
2. Coders fill ``<outcome>_<coder>`` columns (in the CSV, or in the form, which saves a CSV).
3. ``framing agreement sheet_*.csv --codebook cb.yaml --table scored.parquet --score emotive``
   reports Krippendorff's alpha and the model's agreement with the coders, per source.
4. ``framing correct scored.parquet --gold sheet_*.csv --codebook cb.yaml --surrogate emotive
   --by source -o corrected.csv`` gives prediction-powered estimates with honest intervals.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pandas as pd
import typer

from framing.analysis.inference import contrasts_from_estimates, corrected_estimates
from framing.coding.agreement import agreement_table, consensus, read_sheets
from framing.coding.codebook import load_codebook
from framing.coding.sample import (
    check_population,
    check_shown,
    coding_sheet,
    draw_sample,
    restrict,
    with_context,
    write_coding_sheet,
)
from framing.errors import ArgumentError, InputError, handle_errors
from framing.outputs import write_json, write_table


def load_table(path: Path) -> pd.DataFrame:
    """A scored table (parquet or CSV) as written by ``framing score`` or ``framing run``.

    Raises:
        InputError: The file is missing or not a readable parquet/CSV table.
    """
    try:
        if path.suffix.lower() in (".csv", ".tsv"):
            return pd.read_csv(path, sep="\t" if path.suffix.lower() == ".tsv" else ",")
        return pd.read_parquet(path)
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except (OSError, ValueError) as exc:
        raise InputError(path, f"not a readable table ({type(exc).__name__})") from None


def sample_cmd(
    table: Annotated[Path, typer.Argument(help="Scored table (sentences.parquet of a results "
                                              "folder, or the output of framing score).")],
    codebook: Annotated[Path, typer.Option(help="Codebook YAML: outcome, question, labels.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Coding sheet (.csv); the "
                                         "HTML form is written beside it.")],
    n: Annotated[int, typer.Option("-n", "--n", help="Number of units to code.")] = 300,
    stratify: Annotated[str | None, typer.Option(
        help="Column to stratify by (proportional allocation), e.g. source.")] = None,
    coders: Annotated[str, typer.Option(help="Comma-separated coder names; one label "
                                             "column each.")] = "coder1,coder2",
    documents: Annotated[Path | None, typer.Option(
        help="documents.parquet, when the table has no text column.")] = None,
    show_source: Annotated[bool, typer.Option(
        "--show-source", help="Show the source (hidden by default: coders stay blind).")
    ] = False,
    where: Annotated[list[str] | None, typer.Option(
        help="Sample only rows where COLUMN=VALUE (repeatable), e.g. voice=quoted to check "
             "speakers; give framing correct the same.")] = None,
    show: Annotated[list[str] | None, typer.Option(
        help="Show this column of the table to coders (repeatable), e.g. speaker.")] = None,
    form: Annotated[bool, typer.Option(help="Also write the HTML form.")] = True,
    seed: Annotated[int, typer.Option(help="Seed of the draw.")] = 13,
) -> None:
    """Draw a coding sample (inclusion probabilities recorded) and write the coders' sheet."""
    book = load_codebook(codebook)
    where = list(where or [])
    names = [c.strip() for c in coders.split(",") if c.strip()]
    if not names:
        raise ArgumentError("--coders names no coder")
    full = load_table(table)
    shown = check_shown(list(full.columns), list(show or []), book, names)
    scored = restrict(full, where, table)
    docs = load_table(documents) if documents is not None else None
    drawn = draw_sample(scored, n, stratify=stratify, seed=seed)
    # context from the whole table: the author sentence round a quote is what coders read
    sheet = coding_sheet(with_context(full, drawn, docs), book, names, show_source, shown)
    written = write_coding_sheet(sheet, book, output, form=form, show=shown)
    write_json(output.with_suffix(".design.json"), {
        "table": table.name, "n": int(len(sheet)), "population": int(len(scored)),
        "design": "stratified" if stratify else "simple random", "stratify": stratify,
        "seed": seed, "coders": names, "codebook": book.model_dump(mode="json"),
        "source_shown": show_source, "where": where, "shown": shown})
    typer.echo(f"{len(sheet)} units written to {', '.join(map(str, written))}", err=True)


def agreement_cmd(
    sheets: Annotated[list[Path], typer.Argument(help="Filled coding sheets (CSV).")],
    codebook: Annotated[Path, typer.Option(help="The codebook the sheets were coded with.")],
    table: Annotated[Path | None, typer.Option(
        help="The scored table the sample came from (for model agreement and per source).")
    ] = None,
    score: Annotated[str | None, typer.Option(
        help="The model's score column to hold against the coders, e.g. emotive.")] = None,
    threshold: Annotated[float, typer.Option(help="The model's threshold for F1.")] = 0.5,
    by: Annotated[str, typer.Option(help="Column to report per group.")] = "source",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the table "
                                                "(.csv or .parquet).")] = None,
    seed: Annotated[int, typer.Option(help="Bootstrap seed.")] = 13,
) -> None:
    """Inter-coder reliability (Krippendorff's alpha) and model-vs-human agreement."""
    book = load_codebook(codebook)
    merged = read_sheets(sheets, book)
    scored = load_table(table) if table is not None else None
    by_col = by if scored is not None and by in scored.columns else None
    out = agreement_table(merged, book, scored, score, threshold, by_col, seed=seed)
    if output is not None:
        write_table(out, output)
    typer.echo(out.to_string(index=False, float_format=lambda v: f"{v:.3f}"))


def correct_cmd(
    table: Annotated[Path, typer.Argument(help="Scored table of every unit.")],
    gold: Annotated[list[Path], typer.Option(help="Filled coding sheet(s).")],
    codebook: Annotated[Path, typer.Option(help="The codebook the sheets were coded with.")],
    surrogate: Annotated[str, typer.Option(
        help="Score column(s), comma-separated, e.g. emotive,lex_emotive,sentiment.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Corrected estimates "
                                         "(.csv or .parquet); contrasts beside it.")],
    by: Annotated[str | None, typer.Option(help="Grouping column, e.g. source.")] = None,
    where: Annotated[list[str] | None, typer.Option(
        help="The sample's population: rows where COLUMN=VALUE (repeatable), as given to "
             "framing sample.")] = None,
    alpha: Annotated[float, typer.Option(help="1 - confidence level.")] = 0.05,
    seed: Annotated[int, typer.Option(help="Seed of the cross-fitting folds.")] = 13,
) -> None:
    """Prediction-powered estimates of the coded outcome: unbiased, with honest intervals."""
    book = load_codebook(codebook)
    check_population(gold, list(where or []), "framing correct --where")
    merged = read_sheets(gold, book)
    keys = [k for k in ("doc_id", "sent_idx") if k in merged.columns]
    coded = merged[keys + [c for c in ("inclusion_prob",) if c in merged.columns]].copy()
    coded[book.outcome] = consensus(merged, book)
    coded = coded[coded[book.outcome].notna()]
    scored = restrict(load_table(table), list(where or []), table)
    if "doc_id" in scored.columns:
        scored = scored.assign(doc_id=scored["doc_id"].astype(str))
    surrogates = [s.strip() for s in surrogate.split(",") if s.strip()]
    est = corrected_estimates(scored, coded, book.outcome, surrogates, by=by, keys=keys,
                              alpha=alpha, seed=seed)
    written = [write_table(est, output)]
    if by is not None:
        con = contrasts_from_estimates(est, by, alpha)
        written.append(write_table(con, output.with_name(f"{output.stem}_contrasts"
                                                         f"{output.suffix}")))
    typer.echo(est.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    typer.echo(f"written: {', '.join(map(str, written))}", err=True)


COMMANDS = {"sample": sample_cmd, "agreement": agreement_cmd, "correct": correct_cmd}
"""CLI name → command function (``framing.cli`` registers them, wrapped in handle_errors)."""


def register(app: typer.Typer) -> None:
    """Add the coding commands to the ``framing`` app."""
    for name, fn in COMMANDS.items():
        app.command(name)(handle_errors(fn))
