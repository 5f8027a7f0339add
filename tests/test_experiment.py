"""The experiment runner: the demo config end to end, reruns, and config errors."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import yaml

from framing.errors import ConfigError
from framing.experiment import load_config, run_experiment

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "experiments" / "configs" / "demo.yaml"


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    return run_experiment(DEMO, output_dir=out, progress=False,
                          cache_dir=tmp_path_factory.mktemp("c"))


@pytest.mark.slow
def test_demo_writes_every_output(demo_run: Path):
    for name in ["sentences.parquet", "documents.parquet", "summary_by_source.csv",
                 "figures/sentiment_by_source.png", "figures/sentiment_by_source.pdf",
                 "manifest.json", "README.md", "report.html"]:
        assert (demo_run / name).stat().st_size > 0, name
    assert "report.html" in json.loads((demo_run / "manifest.json").read_text())["outputs"]
    sentences = pd.read_parquet(demo_run / "sentences.parquet")
    docs = pd.read_parquet(demo_run / "documents.parquet").set_index("doc_id")
    assert sentences["source"].nunique() >= 3
    for row in sentences.itertuples():  # offsets map into the cleaned document text
        assert docs.loc[row.doc_id, "text"][row.start : row.end] == row.text
    assert not sentences["text"].str.contains("newsletter|cookie", case=False).any()
    summary = pd.read_csv(demo_run / "summary_by_source.csv")
    assert summary["n_sentences"].sum() == len(sentences)


@pytest.mark.slow
def test_demo_manifest_has_provenance(demo_run: Path):
    m = json.loads((demo_run / "manifest.json").read_text())
    assert m["seed"] == 13 and m["config"]["name"] == "demo"
    sentiment = m["scorers"]["sentiment.minilm-lora.v2"]
    assert len(sentiment["encoder_fingerprint"]) == 16 and len(sentiment["branch_sha256"]) == 64
    words = m["scorers"]["emotive.minilm-words.v1"]
    assert words["version"] == "1" and len(words["word_head_sha256"]) == 64
    assert m["packages"]["torch"] and m["packages"]["transformers"]
    assert len(m["data"]["sha256"]) == 64 and m["data"]["n_sentences"] > 100
    assert "commit" in m["git"] and set(m["timings_seconds"]) >= {"read", "score"}
    attribution = m["attribution"]  # what gave speakers and speaker_confidence
    assert attribution["speakers"] == "rules"
    assert attribution["speaker_ranker"]["name"] == "speakers.ranker.v1"
    assert len(attribution["speaker_ranker"]["weights_sha256"]) == 64


@pytest.mark.slow
def test_rerun_gives_identical_tables_and_figures(demo_run: Path, tmp_path: Path):
    again = run_experiment(DEMO, output_dir=tmp_path, progress=False, cache=False)
    for name in ["sentences.parquet", "summary_by_source.csv", "documents.parquet",
                 "figures/sentiment_by_source.pdf", "figures/sentiment_by_source.png"]:
        assert (again / name).read_bytes() == (demo_run / name).read_bytes(), name


def _write_config(tmp_path: Path, **changes) -> Path:
    raw = yaml.safe_load(DEMO.read_text())
    raw["corpus"]["paths"] = [str(REPO / "data" / "demo" / "articles.jsonl")]
    raw.update(changes)
    path = tmp_path / "c.yaml"
    path.write_text(yaml.safe_dump(raw))
    return path


@pytest.mark.parametrize(("changes", "message"), [
    ({"colour": "red"}, "colour: unknown key"),
    ({"corpus": {"paths": ["missing.jsonl"]}}, "does not exist"),
    ({"corpus": {"paths": ["x"], "txt_field": "t"}}, "corpus.txt_field: unknown key"),
    ({"batch_size": 0}, "batch_size"),
    ({"name": "bad name/with slash"}, "name"),
])
def test_config_errors_are_one_line(tmp_path, changes, message):
    path = _write_config(tmp_path, **changes)
    with pytest.raises(ConfigError) as info:
        run_experiment(path, output_dir=tmp_path / "out", progress=False)
    assert message in str(info.value) and "c.yaml" in str(info.value)
    assert not (tmp_path / "out").exists()


def test_config_paths_are_relative_to_the_config():
    config, _ = load_config(DEMO)
    assert config.corpus.paths == ["../../data/demo/articles.jsonl"]
    assert (DEMO.parent / config.corpus.paths[0]).resolve().is_file()


@pytest.mark.slow
def test_unchanged_experiment_is_not_rerun(tmp_path, monkeypatch):
    import framing.experiment as ex

    monkeypatch.setattr(ex, "inputs_key", lambda raw, data: "fixed-key")
    out = run_experiment(DEMO, output_dir=tmp_path / "r", progress=False, cache=False)
    stamp = (out / "sentences.parquet").stat().st_mtime_ns
    assert json.loads((out / "manifest.json").read_text())["inputs_key"] == "fixed-key"
    run_experiment(DEMO, output_dir=tmp_path / "r", progress=False, cache=False)
    assert (out / "sentences.parquet").stat().st_mtime_ns == stamp  # skipped: up to date
    run_experiment(DEMO, output_dir=tmp_path / "r", progress=False, cache=False, force=True)
    assert (out / "sentences.parquet").stat().st_mtime_ns != stamp
    monkeypatch.setattr(ex, "inputs_key", lambda raw, data: "another-key")
    (out / "sentences.parquet").unlink()
    run_experiment(DEMO, output_dir=tmp_path / "r", progress=False, cache=False)
    assert (out / "sentences.parquet").is_file()


def test_demo_readme_says_estimates_are_uncorrected(demo_run: Path):
    text = (demo_run / "README.md").read_text(encoding="utf-8")
    assert "model-based and uncorrected" in text and "framing sample" in text


@pytest.mark.slow
def test_gold_section_writes_corrected_tables(demo_run: Path, tmp_path: Path):
    """A coded sample in `gold:` gives corrected tables, figures, manifest and README lines."""
    sentences = pd.read_parquet(demo_run / "sentences.parquet")
    sample = sentences.sample(60, random_state=1)
    sheet = sample[["doc_id", "sent_idx"]].assign(
        inclusion_prob=60 / len(sentences),
        loaded_ana=(sample["emotive"] > 0.5).astype(int),
        loaded_ben=(sample["emotive"] > 0.6).astype(int))
    sheet.to_csv(tmp_path / "sheet.csv", index=False)
    (tmp_path / "codebook.yaml").write_text("outcome: loaded\nquestion: Loaded language?\n",
                                            encoding="utf-8")
    config = yaml.safe_load(DEMO.read_text(encoding="utf-8"))
    config["corpus"]["paths"] = [str((DEMO.parent / p).resolve())
                                 for p in config["corpus"]["paths"]]
    config["gold"] = {"sheets": ["sheet.csv"], "codebook": "codebook.yaml",
                      "surrogates": ["emotive", "sentiment"]}
    path = tmp_path / "demo_gold.yaml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    out = run_experiment(path, output_dir=tmp_path / "out", progress=False,
                         cache_dir=tmp_path / "cache")
    est = pd.read_csv(out / "corrected_loaded_by_source.csv")
    assert set(est["source"]) == set(sentences["source"])
    agree = int((sheet["loaded_ana"] == sheet["loaded_ben"]).sum())  # ties (1 vs 1) are dropped
    assert agree >= 50 and est["n_gold"].sum() == agree
    assert (out / "corrected_contrasts_loaded_by_source.csv").is_file()
    assert (out / "figures" / "corrected_loaded_by_source.png").is_file()
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["corrected"]["outcome"] == "loaded"
    assert "corrected_loaded_by_source.csv" in manifest["outputs"]
    assert "prediction-powered" in (out / "README.md").read_text(encoding="utf-8")
    config["gold"]["surrogates"] = ["no_such_score"]
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    with pytest.raises(ConfigError, match="no column 'no_such_score'"):
        run_experiment(path, output_dir=tmp_path / "out2", progress=False, force=True,
                       cache_dir=tmp_path / "cache")
    assert not (tmp_path / "out2").exists()  # checked before anything is written
    config["gold"]["surrogates"] = ["emotive"]
    config["gold"]["where"] = ["voice=sung"]  # the population the sample was drawn from
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    with pytest.raises(ConfigError, match="where voice=sung: no row of the table matches"):
        run_experiment(path, output_dir=tmp_path / "out3", progress=False, force=True,
                       cache_dir=tmp_path / "cache")
    assert not (tmp_path / "out3").exists()


def test_config_reference_in_docs_is_current():
    """docs/config.md is `framing config schema`; regenerate it when a config model changes."""
    from typer.testing import CliRunner

    from framing.cli import app
    from framing.experiment import config_reference

    printed = CliRunner().invoke(app, ["config", "schema"])
    assert printed.exit_code == 0 and printed.stdout == config_reference()
    assert (REPO / "docs" / "config.md").read_text(encoding="utf-8") == config_reference(), (
        "docs/config.md is stale: run `framing config schema > docs/config.md`")


@pytest.mark.parametrize(("section", "key"), [
    ("(top level)", "output_dir"), ("corpus", "title_from_first_line"),
    ("analysis", "strip_docs"), ("analysis.label_auc", "positive"), ("gold", "codebook"),
])
def test_config_reference_lists_every_section_and_key(section, key):
    from framing.experiment import config_reference

    text = config_reference()
    body = text.split(f"## `{section}`\n", 1)[1].split("\n## ", 1)[0]
    assert f"| `{key}` |" in body


@pytest.mark.parametrize(("git", "expected"), [
    ({"commit": "abc123", "dirty": False}, "git commit `abc123`"),
    ({"commit": None, "dirty": None}, "no git commit recorded (the code was not run from a git "
                                      "repository)"),
])
def test_readme_names_the_commit_or_says_there_is_none(git, expected):
    from framing.report.readme import git_text

    assert git_text(git) == expected and "None" not in git_text(git)


def test_vader_only_config_in_a_scratch_folder_writes_under_the_working_directory(
        tmp_path, monkeypatch):
    scratch, work = tmp_path / "scratch" / "configs", tmp_path / "work"
    scratch.mkdir(parents=True)
    work.mkdir()
    config = scratch / "mine.yaml"
    config.write_text(yaml.safe_dump({
        "name": "mine", "corpus": {"paths": [str(REPO / "data" / "demo" / "articles.jsonl")]},
        "scorers": ["sentiment.vader.v1"], "bootstrap_resamples": 200,
        "analysis": {"contrasts": [], "distinctive": False}}))
    monkeypatch.chdir(work)
    out = run_experiment(config, progress=False, cache=False)
    assert out == (work / "results" / "mine").resolve()
    docs = pd.read_parquet(out / "documents.parquet")
    sentences = pd.read_parquet(out / "sentences.parquet")
    assert docs["n_sentences"].sum() == len(sentences)
    assert {"text", "mean_vader_sentiment", "quoted_share"} <= set(docs.columns)
    means = sentences.groupby("doc_id")["vader_sentiment"].mean()
    assert docs.set_index("doc_id")["mean_vader_sentiment"].to_dict() == pytest.approx(
        means.to_dict())
    assert not (tmp_path / "results").exists()


def test_dictionary_paths_in_a_config_are_relative_to_it(tmp_path):
    config = tmp_path / "c.yaml"
    config.write_text(yaml.safe_dump({
        "name": "d", "corpus": {"paths": [str(REPO / "data" / "demo" / "articles.jsonl")]},
        "scorers": [{"name": "emotive.lexicon.v1", "dictionary": "terms.yaml"}]}))
    loaded, _ = load_config(config)
    (_, params), = loaded.scorer_specs(config.parent)
    assert Path(params["dictionary"]) == tmp_path / "terms.yaml"


@pytest.mark.parametrize(("where", "ok"), [(["voice=quoted"], True), (["voice"], False),
                                           (["=quoted"], False)])
def test_gold_where_conditions_are_checked_when_the_config_is_read(tmp_path, where, ok):
    config = tmp_path / "c.yaml"
    config.write_text(yaml.safe_dump({
        "name": "g", "corpus": {"paths": [str(REPO / "data" / "demo" / "articles.jsonl")]},
        "gold": {"sheets": ["s.csv"], "codebook": "b.yaml", "where": where}}))
    if ok:
        assert load_config(config)[0].gold.where == where
    else:
        with pytest.raises(ConfigError, match=r"c\.yaml.*COLUMN=VALUE"):
            load_config(config)
