"""Shared fixtures: offline hub, isolated cache, seed, Agg matplotlib, shared data folder."""

from __future__ import annotations

import os
import random
from pathlib import Path

import numpy as np
import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("MPLBACKEND", "Agg")

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Every test gets its own score cache, never the user's."""
    monkeypatch.setenv("FRAMING_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def seed() -> int:
    """A fixed seed, applied to Python's and NumPy's generators."""
    random.seed(13)
    np.random.seed(13)
    return 13


@pytest.fixture
def agg_matplotlib():
    """Matplotlib on the non-interactive Agg backend; figures closed afterwards."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    yield plt
    plt.close("all")


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The ../shared folder beside the repo; tests needing it skip when it is absent."""
    path = Path(os.environ.get("FRAMING_SHARED_DIR", REPO.parent / "shared"))
    if not path.is_dir():
        pytest.skip("../shared is not present")
    return path


@pytest.fixture(scope="session")
def seed_article_path(shared_dir: Path) -> Path:
    """The seed article text file."""
    path = shared_dir / "seeds" / "mirror_2025_klitschko_kharkiv.txt"
    if not path.is_file():
        pytest.skip("seed article not present")
    return path
