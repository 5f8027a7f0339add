"""The house: the import contracts in pyproject.toml hold, and modules stay small."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from importlinter.cli import lint_imports

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "framing"
MAX_LINES = 600


def test_import_contracts_hold():
    assert lint_imports(config_filename=str(REPO / "pyproject.toml")) == 0


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(
    p.relative_to(REPO)))
def test_module_fits_in_one_head(path: Path):
    n = len(path.read_text(encoding="utf-8").splitlines())
    assert n <= MAX_LINES, f"{path.relative_to(REPO)} has {n} lines (at most {MAX_LINES})"


def _private_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("framing"):
            found += [f"{node.module}.{a.name}" for a in node.names
                      if a.name.startswith("_") and not a.name.startswith("__")]
    return found


def test_no_private_helper_is_imported_across_modules():
    bad = {str(p.relative_to(REPO)): _private_imports(p) for p in PACKAGE.rglob("*.py")}
    assert {k: v for k, v in bad.items() if v} == {}


LAZY_ALLOWED = {
    "framing/training/commands.py": "framing.training.",
    "framing/validation/commands.py": "framing.validation.",
}
"""The CLI's training and validation commands import their recipe when they run: the recipes
load torch and the labelled data at import, which ``framing --help`` must not pay for."""


def _indented_framing_imports(path: Path) -> list[int]:
    allowed = LAZY_ALLOWED.get(str(path.relative_to(REPO)), "\0")
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = {id(n) for n in tree.body}
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom | ast.Import) and id(node) not in top:
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [
                a.name for a in node.names]
            if any((n == "framing" or n.startswith("framing.")) and not n.startswith(allowed)
                   for n in names):
                lines.append(node.lineno)
    return lines


def test_framing_modules_are_imported_at_module_top():
    lazy = {str(p.relative_to(REPO)): _indented_framing_imports(p)
            for p in PACKAGE.rglob("*.py")}
    assert {k: v for k, v in lazy.items() if v} == {}


def test_no_training_code_under_models():
    names = [p.name for p in (PACKAGE / "models").rglob("*.py")]
    assert not [n for n in names if n.startswith("train")]
    for path in (PACKAGE / "models").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert ".backward(" not in text and "optim." not in text, path
