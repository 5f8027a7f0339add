"""The shipped matplotlib style and deterministic figure saving."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from framing.outputs import write_atomic

STYLE_PATH = Path(__file__).with_name("framing.mplstyle")
OKABE_ITO = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442",
             "#000000")
SENTIMENT_COLOURS = {"negative": "#D55E00", "neutral": "#999999", "positive": "#0072B2"}


@contextmanager
def house_style() -> Iterator[None]:
    """Apply the shipped ``framing.mplstyle`` within a ``with`` block."""
    import matplotlib.pyplot as plt

    with plt.style.context(str(STYLE_PATH)):
        yield


def save_figure(fig, stem: str | Path, formats: tuple[str, ...] = ("png", "pdf")) -> list[Path]:
    """Save a figure as PNG (300 dpi) and PDF (editable text), atomically and reproducibly.

    Creation dates and software strings are left out of the files, so reruns give the same
    bytes for the same figure.
    """
    paths = []
    with house_style():  # savefig.dpi, bbox and embedded TrueType fonts come from the style
        paths += _save_all(fig, stem, formats)
    return paths


def _save_all(fig, stem: str | Path, formats: tuple[str, ...]) -> list[Path]:
    paths = []
    for fmt in formats:
        target = Path(f"{stem}.{fmt}")
        meta = {"Software": None} if fmt == "png" else {"CreationDate": None, "Producer": None,
                                                         "Creator": None}
        write_atomic(target, lambda p, fmt=fmt, meta=meta: fig.savefig(p, format=fmt,
                                                                        metadata=meta))
        paths.append(target)
    return paths
