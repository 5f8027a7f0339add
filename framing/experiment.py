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
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from framing.analysis import summarize_by_source
from framing.analysis.documents import DOCUMENT_ID_COLUMNS, with_document_scores
from framing.analysis.summary import summary_outcomes
from framing.api import (
    analyze_documents,
    document_frames,
    paragraph_table,
    prepare_corpus,
    score,
)
from framing.attribute.ranker import ranker_info
from framing.attribute.terms import attribute
from framing.config import (
    PATH_PARAMETERS,
    CorpusConfig,
    ExperimentConfig,
    RayConfig,
    config_reference,
    load_config,
    resolve_paths,
)
from framing.datasets.babe import load_babe
from framing.errors import ConfigError
from framing.models.nlp import spacy_info
from framing.outputs import write_json, write_table, write_text
from framing.plots import order_rows, plot_sentiment_by_source, save_figure
from framing.read import read_corpus
from framing.read.corpus import encoding_counts, encoding_line
from framing.read.encodings import is_auto
from framing.report.analysis import check_analysis_config, write_analysis
from framing.report.corrected import prepare_gold, write_corrected
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
from framing.scale import ray_analyze
from framing.schema import Document
from framing.scoring import get_scorer
from framing.scoring.cache import ScoreCache
from framing.scoring.target_sentiment import TargetSentimentScorer

__all__ = ["PATH_PARAMETERS", "CorpusConfig", "ExperimentConfig", "RayConfig", "config_reference",
           "load_config", "resolve_paths", "results_up_to_date", "run_experiment"]

log = logging.getLogger(__name__)

TARGET_SCORER = TargetSentimentScorer.name
"""The target-sentiment model behind ``entity_sentiment`` (recorded in the manifest)."""




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

    scorers = [get_scorer(n, **{**shared_params(config), **p})
               for n, p in config.scorer_specs(config_path.resolve().parent)]
    store: bool | ScoreCache = ScoreCache(cache_dir) if cache else False

    t = time.perf_counter()
    if config.corpus.dataset is None:
        metadata: dict[str, dict[str, str]] = {}
        docs = read_corpus(corpus_paths, **config.corpus.read_options(), metadata=metadata)
        timings["read"] = time.perf_counter() - t
        info: dict[str, Any] = {}
        if config.engine == "ray":
            table, cleaned = ray_table(docs, config, config_path, cache=cache, progress=progress,
                                       timings=timings, corpus=info)
        else:
            table, cleaned = analyze_documents(docs, scorers, cache=store, progress=progress,
                                               timings=timings, furniture=config.corpus.furniture,
                                               dedupe=config.corpus.dedupe, corpus=info,
                                               entities=config.entities,
                                               speakers=config.speakers)
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
        table = score_sentence_table(table, scorers, store, progress, timings,
                                     speakers=config.speakers)
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
                              order=config.analysis.source_order,
                              covariate=config.analysis.frames_covariate)
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
        attribution={"speakers": config.speakers, "speaker_ranker": ranker_info(),
                     "spacy": spacy_info()},
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


def shared_params(config: ExperimentConfig) -> dict[str, Any]:
    """The scorer parameters a config sets for every scorer (device, batch size, ...)."""
    params: dict[str, Any] = {"device": config.device, "batch_size": config.batch_size,
                              "precision": config.precision}
    if config.encoder:
        params["encoder"] = config.encoder
    return params


def ray_table(docs: list[Document], config: ExperimentConfig, config_path: Path, *,
              cache: bool, progress: bool, timings: dict[str, float],
              corpus: dict[str, Any]) -> tuple[pd.DataFrame, list[Document]]:
    """``engine: ray``: clean on the driver, score the cleaned documents on Ray.

    Furniture and duplicates are found over the whole corpus here, as the local engine does;
    the actors then give the local engine's rows (:func:`framing.scale.ray_analyze`).
    """
    t = time.perf_counter()
    prepared, _ = prepare_corpus(docs, furniture=config.corpus.furniture,  # type: ignore[union-attr]
                                 dedupe=config.corpus.dedupe)  # type: ignore[union-attr]
    cleaned = prepared.documents
    corpus["prepared"] = prepared
    timings["clean_and_segment"] = time.perf_counter() - t
    t = time.perf_counter()
    base = config_path.resolve().parent
    options = config.ray
    table = ray_analyze(cleaned, config.scorer_specs(base), address=options.address,
                        actors=options.actors, batch_docs=options.batch_docs,
                        cache=(str(base / options.cache_dir) if cache and options.cache_dir
                               else None),
                        progress=progress, num_cpus=options.num_cpus,
                        analyze_options={"entities": config.entities, "device": config.device,
                                         "batch_size": config.batch_size,
                                         "speakers": config.speakers},
                        **shared_params(config))
    timings["score_and_attribute"] = time.perf_counter() - t
    return table, cleaned


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
                         timings: dict[str, float], speakers: str = "rules") -> pd.DataFrame:
    """Score a pre-segmented table; each sentence is its own context for attribution."""
    t = time.perf_counter()
    scores = score(table["text"].tolist(), scorers, cache=cache, progress=progress,
                   attribute_terms=False)
    out = pd.concat([table.reset_index(drop=True), scores.drop(columns="text")], axis=1)
    timings["score"] = time.perf_counter() - t
    t = time.perf_counter()
    article = out["doc_id"]
    out["doc_id"] = [f"row-{i}" for i in range(len(out))]
    out = attribute(out, dict(zip(out["doc_id"], out["text"], strict=True)),
                    speakers=speakers)
    out["doc_id"] = article.to_numpy()
    timings["attribute"] = time.perf_counter() - t
    return out
