"""First names and the gender they usually go with, from nomquamgender (Van Buskirk et al.).

``nomquamgender`` (PyPI, MIT licence) ships ``name_data.json``: for about 720,000 names, the
number of sources that list it, the number of people counted and the share of them who are
women (p(gf)). Only common first names are kept here: listed by at least
:data:`MIN_SOURCES` sources with at least :data:`MIN_COUNT` people (about 12,600 names, read
once, lazily, in about 0.4 s, without importing the package). A name's gender is ``"f"`` when
p(gf) ≥ 1 - :data:`MARGIN`, ``"m"`` when p(gf) ≤ :data:`MARGIN` (the package's own default
threshold) and ``None`` in between. Used by speaker attribution to tell persons from places
(``Anita Hill``, ``Michael Bloomberg``) and to skip a person of the other gender when it
resolves ``he`` or ``she``. When the package is missing every lookup answers ``None``.
"""

from __future__ import annotations

import re
from functools import cache

from framing.errors import ModelUnavailableError
from framing.lexicons._resources import data_files

__all__ = ["MARGIN", "MIN_COUNT", "MIN_SOURCES", "first_name_gender", "is_first_name"]

MIN_SOURCES = 10
"""A first name must be listed by this many of the package's sources."""
MIN_COUNT = 1000
"""A first name must be borne by this many people in the package's counts."""
MARGIN = 0.1
"""p(gf) at or below this is ``"m"``, at or above 1 - this is ``"f"``."""

_ENTRY_RE = re.compile(r'"([a-z][a-z\-]*)": \[(\d+), (\d+), ([\d.]+)')


@cache
def _table() -> dict[str, float]:
    """Common first names (lowercase) and their p(gf); empty when the package is missing."""
    try:
        (path,) = data_files("first_names")
    except ModelUnavailableError:
        return {}
    text = path.read_text(encoding="utf-8")
    return {m.group(1): float(m.group(4)) for m in _ENTRY_RE.finditer(text)
            if int(m.group(2)) >= MIN_SOURCES and int(m.group(3)) >= MIN_COUNT}


def is_first_name(word: str) -> bool:
    """Whether a capitalised word is a common first name (``Anita``, not ``Capitol``)."""
    return word[:1].isupper() and word.lower() in _table()


def first_name_gender(word: str) -> str | None:
    """``"m"``, ``"f"`` or ``None`` for a first name (``None`` for an unknown or mixed one)."""
    if not word[:1].isupper():
        return None
    p = _table().get(word.lower())
    if p is None:
        return None
    if p <= MARGIN:
        return "m"
    return "f" if p >= 1 - MARGIN else None
