"""Experiment configs: the pydantic models of a YAML config, its reference and its loader.

:func:`load_config` validates a config into :class:`ExperimentConfig` (unknown keys are
errors, one line each); :func:`config_reference` renders ``docs/config.md`` from the models;
the runner is :func:`framing.experiment.run_experiment`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import UnionType
from typing import Any, Literal, Union, get_args, get_origin

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from framing.attribute.finder import Resolver
from framing.errors import ConfigError
from framing.read.common import DEFAULT_FIELDS
from framing.read.files import AUTO_ENCODING
from framing.report.analysis import AnalysisConfig, LabelAUC
from framing.report.corrected import GoldConfig
from framing.scoring import DEFAULT_SCORERS

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


class RayConfig(BaseModel):
    """Where and how engine: ray scores the sentences (see :func:`framing.scale.ray_analyze`)."""

    model_config = ConfigDict(extra="forbid")

    address: str | None = Field(
        None, description="Ray cluster: auto (the running cluster of this machine), host:port "
                          "or ray://host:10001; default a new local Ray (or $RAY_ADDRESS)")
    actors: int = Field(1, ge=1, description="Scoring actors (one model load, one CPU and one "
                                             "torch thread each)")
    batch_docs: int = Field(200, ge=1, description="Documents per block (one actor call)")
    num_cpus: int | None = Field(None, ge=1, description="CPUs of a new local Ray instance "
                                                         "(default: all)")
    cache_dir: str | None = Field(
        None, description="Score cache folder on each worker node (local disk), relative to "
                          "the config; default no cache under Ray")


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
    engine: Literal["local", "ray"] = Field(
        "local", description="Scoring engine of the sentence step: local (this process) or ray "
                             "(Ray Data actors; `pip install 'framing[ray]'`; the same rows; "
                             "frames and the analysis stay local); corpus readers only")
    ray: RayConfig = Field(default_factory=RayConfig,
                           description="Settings of engine: ray")
    bootstrap_resamples: int = Field(2000, ge=100, description="Article-bootstrap resamples "
                                                               "of every interval (at least 100)")
    output_dir: str | None = Field(
        None, description="Results folder, relative to the config file; default "
                          "results/<name> under the working directory"
    )
    speakers: Resolver = Field(
        "rules", description="Who speaks each quotation: rules (the rule-based speakers "
                             "corrected by the spaCy parse) or ranker (the learned speaker "
                             "ranker speakers.ranker.v1); either way speaker_confidence is "
                             "the ranker's probability of the answer, for filtering (see "
                             "results/validation/attribution)")
    entities: bool = Field(
        False, description="Add entity_sentiment (spaCy entities, canonical per document, with "
                           "the sentiment toward each from target-sentiment.minilm-newsmtsc.v1) "
                           "and per-entity tables, contrasts and a figure")
    frames: bool = Field(
        True, description="Score frames and genre per article and persuasion techniques per "
                          "paragraph (frames.minilm.v1, genre.minilm.v1, "
                          "techniques.minilm-tfidf.v2):"
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
        if (self.engine == "ray" and self.corpus is not None
                and self.corpus.dataset is not None):
            raise ValueError("engine: ray scores corpora read by the corpus readers, not "
                             "datasets of sentences (use engine: local)")
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
    ("ray", RayConfig),
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
             "Generated from the config models in `framing/config.py`, "
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
