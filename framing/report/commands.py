"""``framing report``: one self-contained HTML report from any scored sentence table."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from framing.coding.commands import load_table
from framing.errors import OutputError, handle_errors
from framing.report.browser import screenshot
from framing.report.html import write_report


def report(
    table: Annotated[Path, typer.Argument(
        help="Scored sentence table: sentences.parquet of a results folder, or the output of "
             "framing score (.parquet or .csv).", show_default=False)],
    documents: Annotated[Path | None, typer.Option(
        help="Documents table (documents.parquet): titles, URLs, text for paragraphs, frames. "
             "Default: documents.parquet beside TABLE when there is one.")] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="HTML file to write; default report.html beside TABLE.")] = None,
    results_dir: Annotated[Path | None, typer.Option(
        help="Results folder whose figures, contrasts, distinctive terms and aggregates are "
             "embedded; default TABLE's folder when it holds a manifest.json.")] = None,
    title: Annotated[str | None, typer.Option(help="Page title.")] = None,
    max_documents: Annotated[int, typer.Option(
        min=0, help="Articles shown in full; the rest are listed in the documents table.")] = 500,
    no_text: Annotated[bool, typer.Option(
        "--no-text", help="No sentence text, offsets and scores only (licence-restricted "
                          "corpora).")] = False,
    screenshot_png: Annotated[Path | None, typer.Option(
        "--screenshot", help="Also write a PNG of the article view (needs chromium).")] = None,
) -> None:
    """Write one self-contained HTML report: the corpus at a glance and every article."""
    folder = results_dir if results_dir is not None else (
        table.parent if (table.parent / "manifest.json").is_file() else None)
    if documents is None and (table.parent / "documents.parquet").is_file():
        documents = table.parent / "documents.parquet"
    out = output if output is not None else table.with_name("report.html")
    if out.suffix.lower() not in (".html", ".htm"):
        raise OutputError(f"{out}: a report is an .html file (choose another --output)")
    path = write_report(out, load_table(table),
                        load_table(documents) if documents is not None else None,
                        results_dir=folder, max_documents=max_documents, include_text=not no_text,
                        title=title or f"{(folder or table.parent).name}: framing report")
    typer.echo(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB)", err=True)
    if screenshot_png is not None:
        shot = screenshot(path, screenshot_png, fragment="view=articles")
        typer.echo(f"wrote {shot}", err=True)



def register(app: typer.Typer) -> None:
    """Add ``framing report`` to the ``framing`` app."""
    app.command("report")(handle_errors(report))
