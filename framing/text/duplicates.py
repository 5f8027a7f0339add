"""Duplicate documents and repeated sentences: found, reported, and (when asked) dropped.

* **Exact** duplicates: the same words in the same order (case, punctuation and whitespace
  aside; :func:`normalised_words`), within a source or across sources.
* **Near** duplicates: MinHash signatures of word :data:`SHINGLE_SIZE`-shingles, candidates
  from locality-sensitive hashing (datasketch), each candidate pair then checked on the exact
  Jaccard similarity of the shingle sets (at least :data:`NEAR_THRESHOLD`). A lightly edited
  or re-headlined copy is a near duplicate; the same story told in other words is not.
* **Repeated sentences**: sentences of at least :data:`MIN_SENTENCE_WORDS` words that occur in
  more than one document (:func:`repeated_sentences`, from the sentence rows).

:func:`find_duplicates` reports; :func:`dedupe` drops later copies (``mode="exact"`` or
``"near"``), deterministically: documents are taken in input order and one is dropped when it
duplicates a document already kept. The default everywhere is to report only (``"none"``).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from framing.errors import ArgumentError
from framing.schema import Document

if TYPE_CHECKING:
    from datasketch import MinHash

DedupeMode = Literal["none", "exact", "near"]
"""``none``: report only (default); ``exact``: drop exact copies; ``near``: drop near ones too."""

DEDUPE_MODES: tuple[str, ...] = ("none", "exact", "near")
"""The values of ``dedupe`` (configs) and ``--dedupe`` (CLI)."""

SHINGLE_SIZE = 5
"""Words per shingle for near-duplicate detection."""

NEAR_THRESHOLD = 0.8
"""Jaccard similarity of the shingle sets from which two documents are near duplicates."""

NUM_PERM = 128
"""MinHash permutations (the LSH candidates are verified exactly, so this sets recall only)."""

MINHASH_SEED = 1
"""Seed of the MinHash permutations: the same corpus gives the same candidates every run."""

MIN_SENTENCE_WORDS = 5
"""Shorter sentences ("He said no.") are not counted as repeated: they recur by chance."""

EXAMPLES = 20
"""How many groups and sentences the manifest lists."""

_WORD = re.compile(r"\w+")
_SHINGLE_BASE = np.uint64(1_000_003)


def dedupe_mode(value: str | None) -> DedupeMode:
    """Read a ``dedupe`` setting (``None`` = ``"none"``).

    Raises:
        ArgumentError: Not one of :data:`DEDUPE_MODES`.
    """
    key = "none" if value is None else str(value).strip().lower()
    if key not in DEDUPE_MODES:
        raise ArgumentError(f"dedupe must be one of {', '.join(DEDUPE_MODES)}, not {value!r}")
    return "exact" if key == "exact" else "near" if key == "near" else "none"


def normalised_words(text: str) -> list[str]:
    """The words of ``text`` as compared here: NFKC, case-folded, punctuation dropped."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def text_fingerprint(text: str) -> str:
    """SHA-1 of the normalised words: equal for exact duplicates."""
    return hashlib.sha1(" ".join(normalised_words(text)).encode("utf-8")).hexdigest()


def shingles(words: Sequence[str], size: int = SHINGLE_SIZE) -> set[str]:
    """The word ``size``-shingles of a text (one shingle of all words when it is shorter)."""
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


@dataclass(frozen=True)
class DuplicatePair:
    """Two documents with (nearly) the same text; ``second`` comes later in input order.

    Attributes:
        first: Id of the earlier document.
        first_source: Its source.
        second: Id of the later document.
        second_source: Its source.
        kind: ``"exact"`` or ``"near"``.
        similarity: Jaccard similarity of the shingle sets (1.0 for exact).
    """

    first: str
    first_source: str
    second: str
    second_source: str
    kind: Literal["exact", "near"]
    similarity: float

    @property
    def cross_source(self) -> bool:
        """Whether the two documents are under different sources."""
        return self.first_source != self.second_source


@dataclass(frozen=True)
class DuplicateGroup:
    """Documents linked by duplicate pairs, in input order.

    Attributes:
        doc_ids: The documents (the first is the one :func:`dedupe` keeps).
        sources: Their sources, aligned with ``doc_ids``.
        kind: ``"exact"`` when every link is exact, else ``"near"``.
    """

    doc_ids: tuple[str, ...]
    sources: tuple[str, ...]
    kind: Literal["exact", "near"]


@dataclass(frozen=True)
class RepeatedSentence:
    """A sentence found in more than one document.

    Attributes:
        text: The sentence (as first seen).
        doc_ids: The documents, in input order.
        sources: Their sources.
        within_duplicates: Whether all those documents are copies of one another (one
            :class:`DuplicateGroup`), i.e. the repeat is explained by a duplicate article.
    """

    text: str
    doc_ids: tuple[str, ...]
    sources: tuple[str, ...]
    within_duplicates: bool


@dataclass
class DuplicateReport:
    """Duplicate documents and repeated sentences of a corpus."""

    n_documents: int = 0
    pairs: list[DuplicatePair] = field(default_factory=list)
    groups: list[DuplicateGroup] = field(default_factory=list)
    sentences: list[RepeatedSentence] = field(default_factory=list)
    dropped: list[DuplicatePair] = field(default_factory=list)
    mode: DedupeMode = "none"

    def group_of(self) -> dict[str, int]:
        """``doc_id -> index of its group`` for every document in a group."""
        return {d: i for i, g in enumerate(self.groups) for d in g.doc_ids}

    def count(self, kind: str) -> int:
        """Documents that duplicate an earlier one, of ``kind`` ``"exact"`` or ``"near"``.

        Exact: exact copies; near: the other non-first group members. The two add up to the
        documents a ``near`` dedupe would drop.
        """
        exact = len({p.second for p in self.pairs if p.kind == "exact"})
        if kind == "exact":
            return exact
        return sum(len(g.doc_ids) - 1 for g in self.groups) - exact

    def describe_group(self, group: DuplicateGroup) -> str:
        """One line: the group's first document and how each other one relates to it."""
        members = set(group.doc_ids)
        links = [p for p in self.pairs if p.first in members]
        source = dict(zip(group.doc_ids, group.sources, strict=True))
        parts = [
            f"{p.second} ({p.second_source}) " + (
                "exact copy" if p.kind == "exact" else f"near, {p.similarity:.2f}")
            + (f" of {p.first}" if p.first != group.doc_ids[0] else "")
            + (", another source" if p.cross_source else "")
            for p in links
        ]
        return f"{group.doc_ids[0]} ({source[group.doc_ids[0]]}): {'; '.join(parts)}"

    def to_manifest(self, examples: int = EXAMPLES) -> dict[str, Any]:
        """The report as JSON-ready data for ``manifest.json``."""
        return {
            "mode": self.mode,
            "method": {"exact": "sha1 of case-folded words", "near": (
                f"MinHash ({NUM_PERM} permutations, seed {MINHASH_SEED}, CRC-32 shingle "
                f"hashes) + LSH on word {SHINGLE_SIZE}-shingles, verified Jaccard >= "
                f"{NEAR_THRESHOLD}")},
            "n_documents": self.n_documents,
            "exact_duplicates": self.count("exact"),
            "near_duplicates": self.count("near"),
            "cross_source_pairs": sum(p.cross_source for p in self.pairs),
            "groups": [{"doc_ids": list(g.doc_ids), "sources": list(g.sources), "kind": g.kind}
                       for g in self.groups],
            "pairs": [vars(p) | {"similarity": round(p.similarity, 4)} for p in self.pairs],
            "dropped": [{"doc_id": p.second, "source": p.second_source,
                         "duplicate_of": p.first, "kind": p.kind} for p in self.dropped],
            "repeated_sentences": len(self.sentences),
            "repeated_sentences_outside_duplicates": sum(
                not s.within_duplicates for s in self.sentences),
            "repeated_sentence_examples": [
                {"text": s.text, "doc_ids": list(s.doc_ids), "sources": sorted(set(s.sources))}
                for s in self.sentences[:examples]],
        }

    def console_lines(self, examples: int = 5, *, config: bool = False) -> list[str]:
        """Lines for the console: duplicate groups (up to ``examples``), dropped, sentences.

        Args:
            examples: Groups (and dropped ids) shown.
            config: Name the setting as in a config (``dedupe: exact``), not the CLI option.
        """
        out: list[str] = []
        if self.groups:
            cross = sum(p.cross_source for p in self.pairs)
            out.append(f"duplicates: {self.count('exact')} exact copies and {self.count('near')} "
                       f"near duplicates of other documents ({len(self.groups)} groups, "
                       f"{cross} pairs across sources)")
            out.extend(f"  {self.describe_group(g)}" for g in self.groups[:examples])
            if len(self.groups) > examples:
                out.append(f"  ... {len(self.groups) - examples} more groups in manifest.json")
            if self.dropped:
                out.append(f"  dropped {len(self.dropped)} later copies (dedupe: {self.mode}): "
                           + ", ".join(p.second for p in self.dropped[:examples])
                           + (" ..." if len(self.dropped) > examples else ""))
            elif self.mode == "none":
                option = "dedupe: exact|near" if config else "--dedupe exact|near"
                out.append(f"  all kept; {option} drops later copies")
        if self.sentences:
            outside = sum(not s.within_duplicates for s in self.sentences)
            out.append(f"repeated sentences: {len(self.sentences)} sentences occur in more than "
                       f"one document ({outside} outside duplicate documents)")
        return out


class _Groups:
    """Union-find over document indices."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def shingle_hashes(words: Sequence[str], size: int = SHINGLE_SIZE) -> set[int]:
    """32-bit hashes of the word ``size``-shingles: what MinHash and the Jaccard check use.

    Each word gets its CRC-32 (deterministic across runs, unlike :func:`hash`), and each
    shingle a polynomial of its words' CRCs, computed for all shingles at once with numpy
    (wrapping 64-bit arithmetic folded to 32 bits). A collision merges two shingles, about
    one in 4e9 pairs; far faster than hashing each shingle's string.
    """
    if not words:
        return set()
    codes = np.fromiter((zlib.crc32(w.encode("utf-8")) for w in words), dtype=np.uint64,
                        count=len(words))
    width = min(size, len(codes))
    n = len(codes) - width + 1
    h = np.zeros(n, dtype=np.uint64)
    for k in range(width):
        h = h * _SHINGLE_BASE + codes[k : k + n]
    folded = (h >> np.uint64(32)) ^ (h & np.uint64(0xFFFFFFFF))
    return set(np.unique(folded).tolist())


def _identity(value: int) -> int:
    return value


def _minhash(items: set[int], num_perm: int) -> MinHash:
    from datasketch import MinHash  # imports scipy: only when near duplicates are looked for

    m = MinHash(num_perm=num_perm, seed=MINHASH_SEED, hashfunc=_identity)
    m.update_batch(sorted(items))
    return m


def _near_pairs(sets: Mapping[int, set[int]], threshold: float,
                num_perm: int) -> list[tuple[int, int, float]]:
    """Verified near pairs ``(i, j, jaccard)``, ``i < j``, among the given documents."""
    if len(sets) < 2:
        return []
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    signatures = {i: _minhash(s, num_perm) for i, s in sets.items()}
    found: list[tuple[int, int, float]] = []
    for i in sorted(sets):
        for j in lsh.query(signatures[i]):
            a, b = sets[j], sets[i]
            jaccard = len(a & b) / len(a | b)
            if jaccard >= threshold:
                found.append((j, i, jaccard))
        lsh.insert(i, signatures[i])
    return sorted(found)


def find_duplicates(
    documents: Sequence[Document],
    *,
    threshold: float = NEAR_THRESHOLD,
    shingle_size: int = SHINGLE_SIZE,
    num_perm: int = NUM_PERM,
    near: bool = True,
) -> DuplicateReport:
    """Find exact and near-duplicate documents, within and across sources.

    Args:
        documents: Cleaned documents (duplicates are judged on their ``text``).
        threshold: Jaccard similarity of the shingle sets for a near duplicate.
        shingle_size: Words per shingle.
        num_perm: MinHash permutations.
        near: Look for near duplicates (exact ones are always looked for).

    Returns:
        The pairs (exact: each later copy with the first; near: every verified pair between
        documents not already exact copies) and the groups, in input order. Documents with
        no words are never duplicates.
    """
    docs = list(documents)
    groups = _Groups(len(docs))
    pairs: list[DuplicatePair] = []
    first_of: dict[str, int] = {}
    words = [normalised_words(d.text) for d in docs]
    for i, w in enumerate(words):
        if not w:
            continue
        key = hashlib.sha1(" ".join(w).encode("utf-8")).hexdigest()
        j = first_of.setdefault(key, i)
        if j != i:
            groups.union(j, i)
            pairs.append(_pair(docs[j], docs[i], "exact", 1.0))
    if near:
        sets = {i: shingle_hashes(words[i], shingle_size) for i in first_of.values()
                if len(words[i]) >= shingle_size}
        for i, j, jaccard in _near_pairs(sets, threshold, num_perm):
            groups.union(i, j)
            pairs.append(_pair(docs[i], docs[j], "near", jaccard))
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(len(docs)):
        members[groups.find(i)].append(i)
    in_near = {d for p in pairs if p.kind == "near" for d in (p.first, p.second)}
    near_roots = {groups.find(i) for i, d in enumerate(docs) if d.doc_id in in_near}
    found = [
        DuplicateGroup(tuple(docs[i].doc_id for i in idx), tuple(docs[i].source for i in idx),
                       "near" if root in near_roots else "exact")
        for root, idx in sorted(members.items()) if len(idx) > 1
    ]
    order = {d.doc_id: i for i, d in enumerate(docs)}
    pairs.sort(key=lambda p: (order[p.first], order[p.second]))
    return DuplicateReport(n_documents=len(docs), pairs=pairs, groups=found)


def _pair(a: Document, b: Document, kind: Literal["exact", "near"],
          similarity: float) -> DuplicatePair:
    return DuplicatePair(a.doc_id, a.source, b.doc_id, b.source, kind, similarity)


def _pair_of(earlier: DuplicatePair, doc: Document, kind: Literal["exact", "near"],
             similarity: float) -> DuplicatePair:
    """The pair linking ``doc`` to the kept document of ``earlier``."""
    return DuplicatePair(earlier.first, earlier.first_source, doc.doc_id, doc.source, kind,
                         similarity)


def dedupe(
    documents: Sequence[Document],
    mode: str | None = "none",
    *,
    report: DuplicateReport | None = None,
) -> tuple[list[Document], DuplicateReport]:
    """Drop later copies of duplicate documents (or, with ``"none"``, only report them).

    In input order, a document is dropped when it is an exact (``"exact"``), or an exact or
    near (``"near"``), duplicate of a document already kept; so the first of each group stays
    and a chain A~B~C where A and C differ keeps C (an exact copy of a dropped document is
    dropped with it).

    Args:
        documents: Cleaned documents.
        mode: ``"none"`` (default), ``"exact"`` or ``"near"``.
        report: A :func:`find_duplicates` report of these documents (computed when ``None``).

    Returns:
        The kept documents, in input order, and the report, with ``mode`` set and ``dropped``
        listing each dropped document with the kept one it duplicates.

    Raises:
        ArgumentError: ``mode`` is not none/exact/near.
    """
    chosen = dedupe_mode(mode)
    if report is None:
        report = find_duplicates(documents)
    report.mode = chosen
    report.dropped = []
    if chosen == "none":
        return list(documents), report
    links: dict[str, list[DuplicatePair]] = defaultdict(list)
    for p in report.pairs:
        if chosen == "near" or p.kind == "exact":
            links[p.second].append(p)
    dropped: dict[str, DuplicatePair] = {}
    kept: list[Document] = []
    for doc in documents:
        original = None
        for p in links.get(doc.doc_id, []):
            if p.first not in dropped:
                original = p
            elif p.kind == "exact":  # a copy of a dropped document duplicates what it did
                via = dropped[p.first]
                original = _pair_of(via, doc, via.kind, via.similarity)
            if original is not None:
                break
        if original is None:
            kept.append(doc)
        else:
            dropped[doc.doc_id] = original
    report.dropped = list(dropped.values())
    return kept, report


def repeated_sentences(
    rows: Iterable[Mapping[str, Any]],
    report: DuplicateReport | None = None,
    *,
    min_words: int = MIN_SENTENCE_WORDS,
) -> list[RepeatedSentence]:
    """Sentences that occur in more than one document.

    Args:
        rows: Sentence rows with ``doc_id``, ``source`` and ``text`` (e.g.
            :func:`framing.text.pipeline.sentence_rows`).
        report: The duplicate report, to mark repeats explained by duplicate documents.
        min_words: Shorter sentences are not counted.

    Returns:
        The repeated sentences, most widespread first (then in order of first occurrence).
    """
    seen: dict[str, tuple[str, dict[str, str]]] = {}
    for row in rows:
        words = normalised_words(str(row["text"]))
        if len(words) < min_words:
            continue
        _, where = seen.setdefault(" ".join(words), (str(row["text"]), {}))
        where.setdefault(str(row["doc_id"]), str(row["source"]))
    group_of = report.group_of() if report is not None else {}
    out = []
    for text, where in seen.values():
        if len(where) < 2:
            continue
        groups = {group_of.get(d, d) for d in where}
        out.append(RepeatedSentence(text, tuple(where), tuple(where.values()), len(groups) == 1))
    out.sort(key=lambda s: -len(s.doc_ids))
    return out
