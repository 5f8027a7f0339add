"""The Ray Data engine: the local engine's rows and errors, on a local Ray instance."""

from __future__ import annotations

import json
import pickle
import sys
import time
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from framing.errors import ConfigError, InputError, UnknownScorerError
from framing.scale import (
    RAY_MISSING,
    RemoteFramingError,
    connect,
    expand_inputs,
    framing_error_of,
    ray_score,
    scorer_specs,
)
from framing.scoring import get_scorer
from framing.stream import stream_score

SCORERS = ["sentiment.minilm-nyt-probe.v1", "emotive.lexicon.v1"]
FAST = ["sentiment.vader.v1"]


@pytest.fixture(scope="module")
def local_ray():
    """A local Ray instance with 2 CPUs for this module; skipped where Ray cannot run."""
    ray = pytest.importorskip("ray", reason="Ray is not installed (pip install 'framing[ray]')")
    if not ray.is_initialized():
        try:
            ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False,
                     logging_level="ERROR")
        except Exception as exc:  # noqa: BLE001 - Ray raises plain Exception on a start timeout
            pytest.skip(f"a local Ray instance could not start here: {exc}")
    yield ray
    ray.shutdown()


def _rows(n: int, prefix: str = "d") -> list[dict]:
    rows = [{"doc_id": f"{prefix}{i}", "source": "AB"[i % 2],
             "text": f"Story {i}. Officials said the “brutal” attack was shameful.\nCalm {i}."}
            for i in range(n)]
    rows[3]["text"] = " "  # skipped with a warning by both engines
    return rows


def _corpus(tmp_path, n: int = 9):
    """A JSONL file and a parquet file (different ids), as the local engine streams them."""
    jsonl = tmp_path / "in" / "a.jsonl"
    jsonl.parent.mkdir()
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in _rows(n)))
    parquet = tmp_path / "in" / "b.parquet"
    pd.DataFrame(_rows(n, "e")).to_parquet(parquet)
    return [jsonl, parquet]


def _local_error(paths, tmp_path) -> str:
    with pytest.raises(InputError) as local:
        stream_score(paths, tmp_path / "local.parquet", [get_scorer(n) for n in FAST],
                     chunk_docs=2, cache=False)
    return str(local.value)


# --------------------------------------------------------------------------- without Ray


def test_missing_ray_is_one_line_naming_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # makes `import ray` raise ImportError
    with pytest.raises(ConfigError, match=r"framing\[ray\]") as err:
        connect()
    assert str(err.value) == RAY_MISSING and "\n" not in str(err.value)


def test_unknown_scorer_fails_before_ray_starts(tmp_path):
    with pytest.raises(UnknownScorerError):
        scorer_specs(["sentiment.nope.v1"])


def test_package_errors_survive_pickling_through_ray():
    error = InputError("a.jsonl", "line is not JSON", 3, "line")
    carried = pickle.loads(pickle.dumps(RemoteFramingError.wrap(error)))
    assert str(framing_error_of(RuntimeError(f"worker said:\n{carried}\n  more"))) == str(error)
    wrapped = RuntimeError("ray task failed")
    wrapped.__cause__ = carried
    back = framing_error_of(wrapped)
    assert type(back) is InputError and str(back) == str(error)
    assert (back.path, back.row, back.unit) == ("a.jsonl", 3, "line")


def test_folders_expand_in_path_order_skipping_hidden_and_other_files(tmp_path):
    for name in ["b/2.jsonl", "a.parquet", "b/1.jsonl", ".hidden/x.jsonl", "_tmp.jsonl",
                 "notes.csv"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("{}\n")
    names = [p.removeprefix(str(tmp_path) + "/") for p in expand_inputs([tmp_path])]
    assert names == ["a.parquet", "b/1.jsonl", "b/2.jsonl"]
    uri = expand_inputs([f"file://{tmp_path}/b"])
    assert uri == [f"file://{tmp_path}/b/1.jsonl", f"file://{tmp_path}/b/2.jsonl"]


@pytest.mark.parametrize(("path", "message"), [
    ("missing.jsonl", "no such file or folder"),
    ("notes.csv", "the Ray engine reads JSON Lines or parquet"),
])
def test_unusable_inputs(tmp_path, path, message):
    (tmp_path / "notes.csv").write_text("text\nx\n")
    with pytest.raises(InputError, match=message):
        expand_inputs([tmp_path / path])


def test_unreachable_address_fails_fast_in_one_line():
    pytest.importorskip("ray", reason="Ray is not installed")
    clock = time.perf_counter()
    with pytest.raises(ConfigError, match=r"--ray-address 127\.0\.0\.1:9: cannot reach") as err:
        connect("127.0.0.1:9", timeout=2)
    assert time.perf_counter() - clock < 10 and "\n" not in str(err.value)


# --------------------------------------------------------------------------- on local Ray


@pytest.mark.slow
@pytest.mark.parametrize("actors", [1, 2])
def test_rows_equal_the_local_engine(tmp_path, local_ray, actors):
    paths = _corpus(tmp_path)
    local = tmp_path / "local.parquet"
    stream_score(paths, local, [get_scorer(n) for n in SCORERS], chunk_docs=3, cache=False)
    out = tmp_path / "ray"
    with pytest.warns(UserWarning, match="skipped 1 of 9 lines"):
        n_docs, n_sents = ray_score(paths, out, SCORERS, actors=actors, batch_docs=2)
    expected = pd.read_parquet(local)
    got = pd.read_parquet(out)  # part files read in name order = input order
    assert (n_docs, n_sents) == (16, len(expected))
    pd.testing.assert_frame_equal(got, expected, check_exact=False, rtol=0, atol=1e-6)
    schema = pq.read_schema(local).remove_metadata()
    assert pq.ParquetDataset(out).schema.remove_metadata().equals(schema)
    assert len(list(out.iterdir())) == 8  # 16 documents, 2 per chunk, a file per chunk
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary left


@pytest.mark.slow
def test_uri_inputs_and_a_rerun_replaces_the_folder(tmp_path, local_ray):
    paths = _corpus(tmp_path)
    out = tmp_path / "ray"
    out.mkdir()
    (out / "part-999999-0.parquet").write_bytes(b"stale")
    ray_score([f"file://{tmp_path}/in"], out, FAST, batch_docs=4)
    local = tmp_path / "local.parquet"
    stream_score(paths, local, [get_scorer(n) for n in FAST], chunk_docs=4, cache=False)
    pd.testing.assert_frame_equal(pd.read_parquet(out), pd.read_parquet(local))
    remote = tmp_path / "remote"  # a URI output is written in place: old part files go first
    remote.mkdir()
    (remote / "part-999999.parquet").write_bytes(b"stale")
    ray_score([f"file://{tmp_path}/in"], f"file://{remote}", FAST, batch_docs=4, actors=2)
    assert sorted(p.name for p in remote.iterdir())[-1] != "part-999999.parquet"
    pd.testing.assert_frame_equal(pd.read_parquet(remote), pd.read_parquet(local))


BAD = {
    "invalid JSON": b'{"doc_id": "x", "text": "A."}\n{"doc_id": "y", "text": "cut\n',
    "bad utf-8 byte": b'{"doc_id": "x", "text": "A."}\n{"doc_id": "y", "text": "Caf\xe9."}\n',
    "duplicate id across files": b'{"doc_id": "e0", "text": "Again."}\n',
}


@pytest.mark.slow
@pytest.mark.parametrize("content", list(BAD.values()), ids=list(BAD))
def test_bad_row_gives_the_local_engines_error(tmp_path, local_ray, content):
    paths = _corpus(tmp_path)
    bad = tmp_path / "in" / "c.jsonl"
    bad.write_bytes(content)
    paths = [paths[1], bad]  # the parquet file holds e0 .. e8
    expected = _local_error(paths, tmp_path)
    out = tmp_path / "ray"
    with pytest.raises(InputError) as err:
        ray_score(paths, out, FAST, batch_docs=2)
    assert str(err.value) == expected and "\n" not in expected
    assert not out.exists()


@pytest.mark.slow
def test_an_error_inside_an_actor_is_the_packages_one_line_error(tmp_path, local_ray):
    """A model that cannot load fails in the actor; the driver raises the same error."""
    from framing.api import score
    from framing.errors import ModelUnavailableError

    spec = ("sentiment.hf.v1", {"model": str(tmp_path / "no-model")})
    with pytest.raises(ModelUnavailableError) as local:
        score(["A."], [scorer_specs([spec])[0].build()], cache=False)
    with pytest.raises(ModelUnavailableError) as remote:
        ray_score(_corpus(tmp_path)[:1], tmp_path / "ray", [spec])
    assert str(remote.value) == str(local.value) and "\n" not in str(remote.value)
    assert not (tmp_path / "ray").exists()


@pytest.mark.slow
def test_the_cli_ray_engine_writes_the_local_engines_rows(tmp_path, local_ray):
    from typer.testing import CliRunner

    from framing.cli import app, uri_text

    paths = _corpus(tmp_path)
    local, out = tmp_path / "local.parquet", tmp_path / "ray_out"
    stream_score(paths, local, [get_scorer(n) for n in FAST], chunk_docs=3, cache=False)
    result = CliRunner().invoke(app, ["score", *map(str, paths), "-o", str(out), "-q",
                                      "-s", FAST[0], "--engine", "ray", "--actors", "2",
                                      "--batch-docs", "4", "--no-cache"])
    assert result.exit_code == 0, result.output
    pd.testing.assert_frame_equal(pd.read_parquet(out), pd.read_parquet(local),
                                  check_exact=False, rtol=0, atol=1e-6)
    assert uri_text(Path("s3://bucket/key")) == "s3://bucket/key"


# --------------------------------------------------------------------------- engine: ray


def _experiment(tmp_path, engine: str, **extra) -> Path:
    """A small corpus experiment (page furniture repeated across source A's documents)."""
    import yaml

    corpus = tmp_path / "corpus.jsonl"
    if not corpus.exists():
        rows = [{"doc_id": f"d{i}", "source": "AB"[i % 2],
                 "text": (f"Story {i}. Officials said the “brutal” attack was shameful.\n"
                          f"“We will rebuild,” the mayor said.\nCalm day {i}."
                          + ("\nSign up to our daily newsletter here" if i % 2 == 0 else ""))}
                for i in range(12)]
        corpus.write_text("".join(json.dumps(r) + "\n" for r in rows))
    config = tmp_path / f"{engine}.yaml"
    config.write_text(yaml.safe_dump({
        "name": f"engine-{engine}", "corpus": {"paths": [corpus.name]}, "scorers": SCORERS,
        "frames": False, "bootstrap_resamples": 100, "engine": engine,
        "output_dir": f"out-{engine}", **extra}))
    return config


def test_engine_ray_refuses_sentence_datasets(tmp_path):
    from framing.experiment import load_config

    config = tmp_path / "c.yaml"
    config.write_text("name: x\nengine: ray\ncorpus: {paths: [a.csv], dataset: babe}\n")
    with pytest.raises(ConfigError, match="engine: ray scores corpora read by the corpus"):
        load_config(config)


@pytest.mark.slow
def test_experiment_engine_ray_writes_the_local_engines_tables(tmp_path, local_ray):
    from framing.experiment import run_experiment

    local = run_experiment(_experiment(tmp_path, "local"), cache=False, progress=False)
    remote = run_experiment(_experiment(tmp_path, "ray", ray={"actors": 2, "batch_docs": 5}),
                            cache=False, progress=False)
    for name in ("sentences.parquet", "documents.parquet"):
        expected, got = pd.read_parquet(local / name), pd.read_parquet(remote / name)
        assert len(got) == len(expected) > 0
        pd.testing.assert_frame_equal(got, expected, check_exact=False, rtol=0, atol=1e-6)
    assert (pd.read_csv(remote / "summary_by_source.csv")
            .equals(pd.read_csv(local / "summary_by_source.csv")))
    manifest = json.loads((remote / "manifest.json").read_text())
    assert manifest["config"]["engine"] == "ray"
    assert manifest["corpus"] == json.loads((local / "manifest.json").read_text())["corpus"]
