"""Experiment configs (YAML) and the runner behind ``framing run CONFIG.yaml``.

A config names a corpus, scorers and settings; the runner reads, cleans, segments and scores
the corpus and writes ``results/<name>/``: ``sentences.parquet``, ``documents.parquet``,
``summary_by_source.csv``, ``figures/*.png|pdf``, ``manifest.json`` and ``README.md``.
Paths in a config are relative to the config file; without ``output_dir`` the results go to
``results/<name>`` under the working directory.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import time
from collections.abc import Callable
from pathlib import Path
from types import UnionType
from typing import Any, Literal, Union, get_args, get_origin

import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from framing.analysis import summarize_by_source
from framing.analysis.documents import DOCUMENT_ID_COLUMNS, with_document_scores
from framing.analysis.summary import summary_outcomes
from framing.api import analyze_documents, document_frames, paragraph_table, score
from framing.attribute.terms import attribute
from framing.datasets.babe import load_babe
from framing.errors import ConfigError
from framing.outputs import write_json, write_table, write_text
from framing.plots import order_rows, plot_sentiment_by_source, save_figure
from framing.read import read_corpus
from framing.read.common import DEFAULT_FIELDS
from framing.read.corpus import encoding_counts, encoding_line
from framing.read.encodings import is_auto
from framing.read.files import AUTO_ENCODING
from framing.report.analysis import (
    AnalysisConfig,
    LabelAUC,
    check_analysis_config,
    write_analysis,
)
from framing.report.corrected import GoldConfig, prepare_gold, write_corrected
from framing.report.frames import write_entities, write_frames
from framing.report.html import write_report
from framing.report.manifest import (
    build_manifest,
    combined_hash,
    git_state,
    hash_files,
    package_versions,
)
from framing.report.readme import results_readme
from framing.scoring import DEFAULT_SCORERS, get_scorer
from framing.scoring.cache import ScoreCache
from framing.scoring.target_sentiment import TargetSentimentScorer

log = logging.getLogger(__name__)

TARGET_SCORER = TargetSentimentScorer.name
"""The target-sentiment model behind ``entity_sentiment`` (recorded in the manifest)."""

PATH_PARAMETERS: tuple[str, ...] = ("dictionary", "stoplist")
"""Scorer parameters naming files; in a config they are relative to the config file."""


class CorpusConfig(BaseModel):
    """Where the corpus is and how to read it (see :func:`framing.read.read_corpus`)."""

    model_config = ConfigDict(extra="forbid")

    paths: list[str] = Field(min_length=1, description="Files or folders, relative to the config")
    dataset: Literal["babe"] | None = Field(
        None, description="A sentence-level research dataset read by framing.datasets instead "
                          "of the corpus readers (paths then name its file or folder)")
    format: str | None = Field(
        None, description="Input format: txt, jsonl, csv, tsv, parquet or html; default from "
                          "each file's suffix")
    text_field: str = Field(DEFAULT_FIELDS.text,
                            description="Column/field holding the article text")
    id_field: str = Field(DEFAULT_FIELDS.doc_id, description="Column/field holding the "
                                                             "document id (generated when absent)")
    source_field: str = Field(DEFAULT_FIELDS.source,
                              description="Column/field holding the source/outlet")
    title_field: str = Field(DEFAULT_FIELDS.title, description="Column/field holding the title")
    date_field: str = Field(DEFAULT_FIELDS.date, description="Column/field holding the date")
    url_field: str = Field(DEFAULT_FIELDS.url, description="Column/field holding the URL")
    source: str | None = Field(
        None, description="Source label for every document (overrides columns and "
                          "sub-folder names; .txt folders: sub-folder = source)")
    encoding: str = Field(AUTO_ENCODING, description="Text encoding of the input files: auto "
                                                     "(UTF-8 files as UTF-8, others detected per "
                                                     "file and recorded) or a codec for every "
                                                     "file, e.g. cp1252")
    delimiter: str | None = Field(
        None, description="CSV delimiter; default: tab for .tsv, else guessed from the header")
    title_from_first_line: bool | Literal["auto"] = Field(
        "auto", description="For .txt files: auto (the first line is the title when it looks "
                            "like a headline: at most 20 words, no final . : ; , …, followed "
                            "by a blank line), true or false")
    furniture: Literal["remove", "keep"] = Field(
        "remove", description="Page furniture (lines repeated across a source's documents, "
                              "known patterns such as 'Most read in ...'): remove or keep; "
                              "counted in the manifest either way")
    dedupe: Literal["none", "exact", "near"] = Field(
        "none", description="Duplicate documents (exact, or near by MinHash) are always "
                            "reported; exact or near also drops the later copies")

    def read_options(self) -> dict[str, Any]:
        """Keyword arguments for :func:`framing.read.read_corpus` (the reading settings)."""
        return self.model_dump(exclude={"paths", "dataset", "furniture", "dedupe"})


class ExperimentConfig(BaseModel):
    """An experiment: corpus, scorers, settings and where results go."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=r"^[A-Za-z0-9_.-]+$",
                      description="Experiment name (letters, digits, _ . -); names the results "
                                  "folder")
    description: str = Field("", description="One line shown in the results README")
    kind: Literal["corpus", "validation"] = Field(
        "corpus", description="corpus: read, score and compare a corpus; validation: run the "
                              "validation suites named in `validations`")
    validations: list[Literal["sentiment", "emotive", "inference"]] = Field(
        default_factory=list, description="Validation suites of a `kind: validation` config")
    corpus: CorpusConfig | None = Field(None, description="The corpus (needed by `kind: corpus`)")
    scorers: list[str | dict[str, Any]] = Field(
        default_factory=lambda: list(DEFAULT_SCORERS),
        description="Scorer names, or {name: ..., <param>: ...} mappings for scorers that take "
                    "parameters (e.g. {name: sentiment.hf.v1, model: <hub id>}); "
                    "`framing scorers` lists the names")
    encoder: str | None = Field(
        None, description="Encoder name, folder or hub id for scorers that take one"
    )
    seed: int = Field(13, description="Seed of the bootstrap and every other random step")
    device: str = Field("auto", description="auto (CUDA when present), cpu or cuda")
    precision: Literal["fp32", "bf16", "fp16", "int8"] = Field(
        "fp32", description="Precision: fp32, bf16/fp16 autocast (faster on GPUs) or int8 "
                            "dynamic quantisation (CPU only, faster on CPUs, opt-in); scores "
                            "change slightly")
    batch_size: int = Field(64, ge=1, description="Sentences per forward pass (at least 1)")
    bootstrap_resamples: int = Field(2000, ge=100, description="Article-bootstrap resamples "
                                                               "of every interval (at least 100)")
    output_dir: str | None = Field(
        None, description="Results folder, relative to the config file; default "
                          "results/<name> under the working directory"
    )
    entities: bool = Field(
        False, description="Add entity_sentiment (spaCy entities, canonical per document, with "
                           "the sentiment toward each from target-sentiment.minilm-newsmtsc.v1) "
                           "and per-entity tables, contrasts and a figure")
    frames: bool = Field(
        True, description="Score frames and genre per article and persuasion techniques per "
                          "paragraph (frames.minilm.v1, genre.minilm.v1, techniques.minilm.v1):"
                          " columns in documents.parquet, paragraphs.parquet, shares per "
                          "source; corpus readers only (not datasets of sentences)")
    include_text: bool = Field(
        True, description="Keep sentence texts in the written tables (false for data whose "
                          "licence forbids redistribution: offsets and scores are kept)")
    analysis: AnalysisConfig = Field(default_factory=AnalysisConfig,
                                     description="What the cross-source analysis computes")
    gold: GoldConfig | None = Field(
        None, description="Filled coding sheets + codebook: corrected (prediction-powered) "
                          "estimates are written next to the model-based ones")

    @model_validator(mode="after")
    def _corpus_for_corpus_runs(self) -> ExperimentConfig:
        if self.kind == "corpus" and self.corpus is None:
            raise ValueError("a corpus experiment needs a 'corpus' section")
        if self.kind == "validation" and not self.validations:
            raise ValueError("a validation experiment needs 'validations'")
        return self

    def scorer_specs(self, base: Path | None = None) -> list[tuple[str, dict[str, Any]]]:
        """``(name, params)`` for each configured scorer.

        Args:
            base: Folder that relative file parameters (:data:`PATH_PARAMETERS`: a domain
                dictionary or stoplist) are resolved against, normally the config's folder.
        """
        out = []
        for item in self.scorers:
            if isinstance(item, str):
                out.append((item, {}))
            else:
                params = dict(item)
                name = params.pop("name", None)
                if not isinstance(name, str):
                    raise ConfigError("each scorer mapping needs a 'name'")
                if base is not None:
                    for key in PATH_PARAMETERS:
                        if isinstance(params.get(key), str):
                            params[key] = str(base / params[key])
                out.append((name, params))
        return out


CONFIG_SECTIONS: tuple[tuple[str, type[BaseModel]], ...] = (
    ("(top level)", ExperimentConfig),
    ("corpus", CorpusConfig),
    ("analysis", AnalysisConfig),
    ("analysis.label_auc", LabelAUC),
    ("gold", GoldConfig),
)
"""The sections of an experiment config, in the order the reference lists them."""


def _type_name(annotation: Any) -> str:
    """A field's type as a reader writes it: ``list[str]``, ``"fp32" | "bf16"``, a section."""
    for section, model in CONFIG_SECTIONS:
        if annotation is model:
            return f"`{section}` section"
    origin, args = get_origin(annotation), get_args(annotation)
    if annotation is type(None):
        return "null"
    if annotation is Any:
        return "any"
    if origin is Literal:
        return " | ".join(json.dumps(a) for a in args)
    if origin in (Union, UnionType):
        return " | ".join(_type_name(a) for a in args)
    if origin is not None:
        return f"{origin.__name__}[{', '.join(_type_name(a) for a in args)}]"
    return getattr(annotation, "__name__", str(annotation))


def _default_text(field: Any) -> str:
    if field.is_required():
        return "required"
    value = field.get_default(call_default_factory=True)
    if isinstance(value, BaseModel):
        return "(see section)"
    return f"`{json.dumps(value)}`"


def config_reference() -> str:
    """The experiment-config reference (Markdown), generated from the pydantic models.

    ``docs/config.md`` is this text; ``framing config schema`` prints it.
    """
    lines = ["# Experiment config reference", "",
             "Generated from the config models in `framing/experiment.py`, "
             "`framing/report/analysis.py` and `framing/report/corrected.py` by "
             "`framing config schema > docs/config.md`; do not edit by hand.", "",
             "A config is a YAML mapping run with `framing run CONFIG.yaml`. Paths are relative "
             "to the config file. Unknown keys are errors.", ""]
    for section, model in CONFIG_SECTIONS:
        doc = re.sub(r":\w+:`([^`]+)`", r"`\1`", (model.__doc__ or "").strip().splitlines()[0])
        lines += [f"## `{section}`", "", doc, "",
                  "| key | type | default | meaning |", "|---|---|---|---|"]
        for key, field in model.model_fields.items():
            desc = " ".join((field.description or "").split()).replace("|", "\\|")
            kind = _type_name(field.annotation).replace("|", "\\|")
            lines.append(f"| `{key}` | {kind} | {_default_text(field)} | {desc} |")
        lines.append("")
    return "\n".join(lines)


def load_config(path: str | Path) -> tuple[ExperimentConfig, dict[str, Any]]:
    """Read and validate a YAML experiment config.

    Returns:
        The validated config and the raw mapping (recorded in the manifest).

    Raises:
        ConfigError: Unreadable file, invalid YAML, unknown keys or bad values, one line each.
    """
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"{path}: config file not found")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        what = " ".join(str(p) for p in (exc.context, exc.problem) if p) or "syntax error"
        raise ConfigError(f"{path}: not valid YAML{where}: {what}") from exc
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid YAML ({str(exc).splitlines()[0]})") from exc
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: expected a mapping of settings at the top level")
    try:
        return ExperimentConfig.model_validate(raw), raw
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err["loc"]) or "(top level)"
            msg = "unknown key" if err["type"] == "extra_forbidden" else err["msg"]
            problems.append(f"{where}: {msg}")
        raise ConfigError(f"{path}: " + "; ".join(problems)) from exc


def resolve_paths(config: ExperimentConfig, config_path: Path) -> tuple[list[Path], Path]:
    """Corpus paths and output folder.

    Corpus paths and an explicit ``output_dir`` are relative to the config file; without one
    the results go to ``results/<name>`` under the current working directory.
    """
    base = config_path.resolve().parent
    corpus = [(base / p).resolve() for p in (config.corpus.paths if config.corpus else [])]
    for p in corpus:
        if not p.exists():
            raise ConfigError(f"{config_path}: corpus path '{p}' does not exist "
                              "(paths are relative to the config file)")
    if config.output_dir is None:
        return corpus, (Path.cwd() / "results" / config.name).resolve()
    return corpus, (base / config.output_dir).resolve()


def inputs_key(raw: dict, data_hashes: dict[str, str]) -> str | None:
    """Hash of everything a corpus experiment's results depend on, or None if unknowable.

    The config, the input files, the package versions and the git commit (which pins the
    code and the shipped model artifacts). With uncommitted changes or outside git there is
    no key, so the experiment always runs.
    """
    git = git_state()
    if not git.get("commit") or git.get("dirty"):
        return None
    payload = json.dumps({"config": raw, "data": data_hashes, "packages": package_versions(),
                          "commit": git["commit"]}, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def up_to_date(out_dir: Path, key: str | None) -> bool:
    """Whether ``out_dir`` holds complete results made from exactly the same inputs."""
    manifest = out_dir / "manifest.json"
    if key is None or not manifest.is_file():
        return False
    try:
        old = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return old.get("inputs_key") == key and all((out_dir / p).is_file()
                                                for p in old.get("outputs", []))


def _plan(config_path: Path, output_dir: str | Path | None
          ) -> tuple[ExperimentConfig, dict[str, Any], list[Path], Path]:
    """The validated config, its raw mapping, corpus paths and results folder."""
    config, raw = load_config(config_path)
    corpus_paths, out_dir = resolve_paths(config, config_path)
    if output_dir is not None:
        out_dir = Path(output_dir).resolve()
    return config, raw, corpus_paths, out_dir


def results_up_to_date(config_path: str | Path, output_dir: str | Path | None = None
                       ) -> Path | None:
    """The results folder when it is up to date for this config, else None.

    Up to date: its manifest records the same config, data, package versions and git commit
    (see :func:`inputs_key`) and every output it lists exists. Validation configs are never
    up to date (they always run).

    Raises:
        ConfigError: The config is invalid or names missing paths.
    """
    config_path = Path(config_path)
    config, raw, corpus_paths, out_dir = _plan(config_path, output_dir)
    if config.kind == "validation":
        return None
    key = inputs_key(raw, hash_files(corpus_paths + gold_files(config, config_path)))
    return out_dir if up_to_date(out_dir, key) else None


def run_experiment(config_path: str | Path, *, cache: bool = True,
                   cache_dir: str | Path | None = None, progress: bool = True,
                   output_dir: str | Path | None = None, force: bool = False,
                   validate: Callable[..., Path] | None = None) -> Path:
    """Run an experiment config end to end and write its results folder.

    Args:
        config_path: The YAML config.
        cache: Use the on-disk score cache.
        cache_dir: Cache folder (default: see :func:`framing.scoring.cache.default_cache_dir`).
        progress: Show progress bars.
        output_dir: Override the config's output folder.
        force: Run even when the results folder is up to date (same config, data, package
            versions and git commit as its manifest records).
        validate: Runner of ``kind: validation`` configs,
            ``validate(config, raw, config_path, out_dir)`` (the CLI passes
            :func:`framing.validation.run_validations`; the validation suites sit above this
            module and are not imported by it).

    Returns:
        The results folder.
    """
    config_path = Path(config_path)
    config, raw, corpus_paths, out_dir = _plan(config_path, output_dir)
    if config.kind == "validation":
        if validate is None:
            raise ConfigError(f"{config_path}: a validation experiment runs through "
                              "`framing run` (or pass validate=framing.validation."
                              "run_validations)")
        return validate(config, raw, config_path, out_dir)
    gold_paths = gold_files(config, config_path)
    key = inputs_key(raw, hash_files(corpus_paths + gold_paths))
    if not force and up_to_date(out_dir, key):
        log.warning("%s is up to date (same config, data, packages and commit); use --force "
                    "to run again", out_dir)
        return out_dir
    timings: dict[str, float] = {}

    params: dict[str, Any] = {"device": config.device, "batch_size": config.batch_size,
                              "precision": config.precision}
    if config.encoder:
        params["encoder"] = config.encoder
    scorers = [get_scorer(n, **{**params, **p})
               for n, p in config.scorer_specs(config_path.resolve().parent)]
    store: bool | ScoreCache = ScoreCache(cache_dir) if cache else False

    t = time.perf_counter()
    if config.corpus.dataset is None:
        metadata: dict[str, dict[str, str]] = {}
        docs = read_corpus(corpus_paths, **config.corpus.read_options(), metadata=metadata)
        timings["read"] = time.perf_counter() - t
        info: dict[str, Any] = {}
        table, cleaned = analyze_documents(docs, scorers, cache=store, progress=progress,
                                           timings=timings, furniture=config.corpus.furniture,
                                           dedupe=config.corpus.dedupe, corpus=info,
                                           entities=config.entities)
        prepared = info["prepared"]
        notes = [encoding_line(metadata) if is_auto(config.corpus.encoding) else None,
                 *prepared.console_lines(config=True)]
        for line in filter(None, notes):
            log.warning("%s", line)
        corpus_report = {**prepared.to_manifest(), "encodings": encoding_counts(metadata),
                         "n_documents_scored": len(cleaned)}
        n_documents = len(docs)
    else:
        table = sentence_dataset(config.corpus.dataset, corpus_paths)
        timings["read"] = time.perf_counter() - t
        table = score_sentence_table(table, scorers, store, progress, timings)
        cleaned, metadata, corpus_report = [], {}, None
        n_documents = int(table["doc_id"].nunique())

    t = time.perf_counter()
    check_analysis_config(config.analysis, table, where=f"{config_path}: analysis")
    gold = (prepare_gold(table, config.gold, config_path.resolve().parent)
            if config.gold is not None else None)
    summary = summarize_by_source(table, seed=config.seed, n_boot=config.bootstrap_resamples)
    summary = order_rows(summary, "source", config.analysis.source_order)
    scorer_meta = {sc.name: sc.provenance() for sc in scorers}
    scorer_versions = {name: f"{m['version']}" for name, m in scorer_meta.items()}
    written = table if config.include_text else table.drop(columns=["text"])
    write_table(written, out_dir / "sentences.parquet",
                metadata={"scorers": ",".join(f"{k}@{v}" for k, v in scorer_versions.items())})
    outputs = [out_dir / "sentences.parquet"]
    documents = (pd.DataFrame([d.to_dict() for d in cleaned]) if cleaned
                 else table[[c for c in DOCUMENT_ID_COLUMNS if c in table]]
                 .drop_duplicates("doc_id"))
    if not config.include_text:
        documents = documents.drop(columns=["text"], errors="ignore")
    for field in ("encoding", "author"):
        values = documents["doc_id"].map(lambda i, f=field: metadata.get(i, {}).get(f))
        if values.notna().any():
            documents[field] = values
    documents = with_document_scores(documents, table)
    paragraphs, framed = None, None
    if config.frames and cleaned:
        where = {"device": config.device, "batch_size": config.batch_size}
        documents = documents.merge(document_frames(cleaned, cache=store, progress=progress,
                                                    **where), on="doc_id", how="left")
        paragraphs = paragraph_table(cleaned, cache=store, progress=progress, **where)
        framed = write_frames(documents, paragraphs, out_dir, name=config.name,
                              seed=config.seed, n_boot=config.bootstrap_resamples,
                              order=config.analysis.source_order)
        if not config.include_text:
            paragraphs = paragraphs.drop(columns=["text"])
        outputs.append(write_table(paragraphs, out_dir / "paragraphs.parquet"))
    outputs.append(write_table(documents, out_dir / "documents.parquet"))
    outputs.append(write_table(summary, out_dir / "summary_by_source.csv"))
    if any(c.startswith("mean_") for c in summary.columns):
        what = "sentiment" if summary_outcomes(table)[1] is not None else "scores"
        fig = plot_sentiment_by_source(summary,
                                       title=f"{config.name}: sentence {what} by source",
                                       order=config.analysis.source_order)
        outputs += save_figure(fig, out_dir / "figures" / "sentiment_by_source")
        import matplotlib.pyplot as plt

        plt.close(fig)
    if "entity_sentiment" in table:
        outputs += write_entities(table, out_dir, name=config.name, seed=config.seed,
                                  n_boot=config.bootstrap_resamples,
                                  order=config.analysis.source_order)
        scorer_meta[TARGET_SCORER] = TargetSentimentScorer(device=config.device).provenance()
    analysis = write_analysis(table, out_dir, config.analysis, config.seed,
                              config.bootstrap_resamples, config.name)
    corrected = (write_corrected(gold, out_dir, config.seed) if gold is not None else None)
    outputs.append(write_report(out_dir / "report.html", table, documents, results_dir=out_dir,
                                title=f"{config.name}: framing report",
                                include_text=config.include_text))
    timings["write"] = time.perf_counter() - t

    data_hashes = hash_files(corpus_paths)
    manifest = build_manifest(
        experiment=config.name,
        description=config.description,
        config=raw,
        config_file=config_path.name,
        outputs=sorted({p.relative_to(out_dir).as_posix() for p in outputs}
                       | set(analysis["tables"]) | set(analysis["figures"])
                       | set((corrected or {}).get("tables", []))
                       | set((corrected or {}).get("figures", []))
                       | set((framed or {}).get("tables", []))
                       | set((framed or {}).get("figures", []))),
        analysis_notes=analysis["notes"],
        cache={"enabled": bool(cache)},
        corrected=(None if corrected is None else {
            "outcome": corrected["outcome"][0], "surrogates": corrected["surrogates"],
            "gold_files": hash_files(gold_paths)}),
        inputs_key=key,
        corpus=corpus_report,
        seed=config.seed,
        scorers=scorer_meta,
        data={"files": data_hashes, "sha256": combined_hash(data_hashes),
              "n_documents": n_documents, "n_sentences": int(len(table))},
        git_folder=config_path.resolve().parent,
        timings=timings,
    )
    write_json(out_dir / "manifest.json", manifest)
    write_text(out_dir / "README.md", results_readme(config, manifest, summary))
    return out_dir


def gold_files(config: ExperimentConfig, config_path: Path) -> list[Path]:
    """The coding sheets and codebook of a config's ``gold`` section (empty without one)."""
    if config.gold is None:
        return []
    base = config_path.resolve().parent
    paths = [base / p for p in [*config.gold.sheets, config.gold.codebook]]
    missing = [p for p in paths if not p.is_file()]
    if missing:
        raise ConfigError(f"{config_path}: gold: no such file {missing[0]}")
    return paths


def sentence_dataset(name: str, paths: list[Path]) -> pd.DataFrame:
    """A pre-segmented research dataset as a sentence table (one row per sentence)."""
    if name == "babe":
        table = pd.concat([load_babe(p) for p in paths], ignore_index=True)
    else:  # pragma: no cover - pydantic restricts the names
        raise ConfigError(f"unknown dataset '{name}'")
    table["sent_idx"] = table.groupby("doc_id", sort=False).cumcount().astype("int64")
    table["start"] = 0
    table["end"] = table["text"].str.len().astype("int64")
    table["title"] = None
    table["date"] = None
    lead = ["doc_id", "source", "title", "date", "sent_idx", "start", "end", "text"]
    return table[lead + [c for c in table.columns if c not in lead]]


def score_sentence_table(table: pd.DataFrame, scorers: list, cache: Any, progress: bool,
                         timings: dict[str, float]) -> pd.DataFrame:
    """Score a pre-segmented table; each sentence is its own context for attribution."""
    t = time.perf_counter()
    scores = score(table["text"].tolist(), scorers, cache=cache, progress=progress,
                   attribute_terms=False)
    out = pd.concat([table.reset_index(drop=True), scores.drop(columns="text")], axis=1)
    timings["score"] = time.perf_counter() - t
    t = time.perf_counter()
    article = out["doc_id"]
    out["doc_id"] = [f"row-{i}" for i in range(len(out))]
    out = attribute(out, dict(zip(out["doc_id"], out["text"], strict=True)))
    out["doc_id"] = article.to_numpy()
    timings["attribute"] = time.perf_counter() - t
    return out
