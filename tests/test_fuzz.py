"""Property tests: readers round-trip any text or fail cleanly; cleaning + segmentation agree.

tests/test_clean.py and tests/test_segment.py test cleaning and segmentation alone; here the
readers (JSONL, streamed JSONL, CSV, parquet, in-memory records) get arbitrary text with
quotes, delimiters, newlines and any unicode, and must give the same text back or raise
:class:`~framing.errors.InputError`, never another exception; and the whole text pipeline
(read -> clean -> segment -> attribute) must keep offsets that map back into the cleaned text
without losing or duplicating a character.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
import unicodedata
import warnings
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import framing
from framing.errors import InputError
from framing.read import EmptyTextWarning, documents_from_records, read_corpus
from framing.schema import Document
from framing.stream import iter_document_chunks
from framing.text.clean import clean_text
from framing.text.pipeline import clean_documents, sentence_rows

FUZZ = settings(max_examples=120, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

FRAGMENTS = ['"', "'", ",", ";", "\t", "\n", "\r\n", "\r", " ", "  ", "\\", "\\n", '""', "\u2028",
             "\u0085", "\ufeff", "\u00a0", "\u200b", "\u200f", "\x07", "\x1b", "\x00", "NA", "nan",
             "null", "{", "}", "[", "]", "“", "”", "«", "»", "…", "Mr.", "U.S.", "3.5", "é",
             "e\u0301", "\u0642\u0627\u0644", "\u05e9\u05dc\u05d5\u05dd", "\U0001f389",
             "\U0001f469\u200d\U0001f4bb", "He said.", "\"It's over,\" she said.",
             "Advertisement", "Share this article", "We use cookies", "Kyiv"]

surrogate = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
any_char = st.characters(codec="utf-8")  # every code point but surrogates


def texts(*, surrogates: bool = False, max_size: int = 30) -> st.SearchStrategy[str]:
    """Text built from news-like fragments, arbitrary unicode and, optionally, surrogates."""
    pieces = [st.sampled_from(FRAGMENTS), st.text(any_char, max_size=6)]
    if surrogates:
        pieces.append(surrogate)
    return st.lists(st.one_of(*pieces), max_size=max_size).map("".join)


def has_surrogate(text: str | None) -> bool:
    return text is not None and any(0xD800 <= ord(c) <= 0xDFFF for c in text)


rows_strategy = st.lists(st.tuples(texts(surrogates=True), texts(surrogates=True, max_size=4)),
                         min_size=1, max_size=6)


def expected_documents(rows: Sequence[tuple[str, str]]) -> list[tuple[str, str | None]] | int:
    """What a reader must return for ``(text, title)`` rows: ``(text, title)`` of each kept row,
    or the 1-based number of the row that must be refused (lone surrogate in a title), or 0
    when no row has text."""
    kept = []
    for number, (text, title) in enumerate(rows, start=1):
        if not text.strip():
            continue
        if has_surrogate(title):
            return number
        kept.append((text, title.strip() or None))
    return kept or 0


def as_json_reads(rows: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """The rows as JSON gives them back: an escaped surrogate pair becomes one character."""
    return [tuple(json.loads(json.dumps(v)) for v in row) for row in rows]


def check(read, rows: Sequence[tuple[str, str]], unit: str) -> None:
    """Run a reader and compare with :func:`expected_documents`; any exception but
    ``InputError`` fails."""
    expected = expected_documents(rows)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", EmptyTextWarning)
        try:
            docs = read()
        except InputError as e:
            assert "\n" not in str(e)
            assert not isinstance(expected, list), (str(e), expected)
            if expected:
                assert f", {unit} {expected}: column 'title'" in str(e), str(e)
            else:
                assert "no text" in str(e), str(e)
            return
    assert isinstance(expected, list), (expected, docs)
    assert [(d.text, d.title) for d in docs] == expected


def jsonl_bytes(rows: Sequence[tuple[str, str]], ensure_ascii: bool) -> bytes:
    lines = [json.dumps({"doc_id": f"d{i}", "title": title, "text": text},
                        ensure_ascii=ensure_ascii) for i, (text, title) in enumerate(rows)]
    return ("\n".join(lines) + "\n").encode("utf-8", "surrogatepass")


@FUZZ
@given(rows=rows_strategy, ensure_ascii=st.booleans(), bom=st.booleans())
def test_jsonl_round_trip_or_clean_error(rows, ensure_ascii, bom):
    data = jsonl_bytes(rows, ensure_ascii)
    raw_surrogates = not ensure_ascii and any(has_surrogate(t) or has_surrogate(h)
                                              for t, h in rows)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.jsonl"
        path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
        if raw_surrogates:  # surrogates written raw are not UTF-8: the file must be refused
            try:
                read_corpus(path)
            except InputError as e:
                assert "fuzz.jsonl, line" in str(e) and "not valid utf-8" in str(e)
            else:
                raise AssertionError("a file with surrogate bytes was accepted")
            return
        check(lambda: read_corpus(path), as_json_reads(rows), "line")


@FUZZ
@given(rows=rows_strategy, chunk=st.integers(min_value=7, max_value=50))
def test_streamed_jsonl_reads_the_same_documents(rows, chunk):
    """The streaming reader (chunks larger than the file here) agrees with read_corpus."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.jsonl"
        path.write_bytes(jsonl_bytes(rows, ensure_ascii=True))

        def streamed() -> list[Document]:
            return [d for docs in iter_document_chunks([path], chunk) for d in docs]

        check(streamed, as_json_reads(rows), "line")


csv_rows = st.lists(st.tuples(texts(), texts(max_size=4)), min_size=1, max_size=6)

CSV_DIALECTS = [("\r\n", csv.QUOTE_MINIMAL), ("\r\n", csv.QUOTE_NONNUMERIC), ("\n", csv.QUOTE_ALL)]
"""Unambiguous CSV: Python's writer leaves a bare "\r" unquoted when lines end in "\n" alone
(QUOTE_MINIMAL), and every reader then splits the row there."""


@FUZZ
@given(rows=csv_rows, delimiter=st.sampled_from([",", ";", "\t", "|"]),
       dialect=st.sampled_from(CSV_DIALECTS))
def test_csv_round_trip_or_clean_error(rows, delimiter, dialect):
    terminator, quoting = dialect
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=terminator, quoting=quoting)
    writer.writerow(["doc_id", "title", "text"])
    writer.writerows([f"d{i}", title, text] for i, (text, title) in enumerate(rows))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.csv"
        path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
        if any("\x00" in t or "\x00" in h for t, h in rows):  # NUL bytes: refused as binary
            try:
                read_corpus(path)
            except InputError as e:
                assert "binary" in str(e)
            else:
                raise AssertionError("a file with NUL bytes was accepted")
            return
        check(lambda: read_corpus(path, delimiter=delimiter), rows, "row")


@FUZZ
@given(rows=csv_rows)
def test_parquet_round_trip(rows):
    frame = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(rows))],
                          "title": [h for _, h in rows], "text": [t for t, _ in rows]})
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.parquet"
        frame.to_parquet(path)
        check(lambda: read_corpus(path), rows, "row")


@FUZZ
@given(rows=rows_strategy)
def test_records_round_trip_or_clean_error(rows):
    records = [{"doc_id": f"d{i}", "title": title, "text": text}
               for i, (text, title) in enumerate(rows)]
    check(lambda: documents_from_records(records), rows, "row")


# --------------------------------------------------------------------------- the text pipeline


def nonspace(text: str) -> str:
    return "".join(ch for ch in text if not ch.isspace())


@FUZZ
@given(bodies=st.lists(st.one_of(texts(surrogates=True, max_size=60),
                                 st.text(max_size=300)), min_size=1, max_size=4))
def test_clean_then_segment_keeps_every_character_once(bodies):
    docs = [Document(doc_id=f"d{i}", source="S", text=b) for i, b in enumerate(bodies)]
    cleaned = list(clean_documents(docs))
    rows = sentence_rows(cleaned)
    for doc in cleaned:
        mine = [r for r in rows if r["doc_id"] == doc.doc_id]
        assert [r["sent_idx"] for r in mine] == list(range(len(mine)))
        for r in mine:
            assert doc.text[r["start"]:r["end"]] == r["text"]
            assert r["text"] and r["text"] == r["text"].strip()
            assert not any(unicodedata.category(c) in ("Cc", "Cs") for c in r["text"])
        assert [r["start"] for r in mine] == sorted(r["start"] for r in mine)
        assert all(a["end"] <= b["start"] for a, b in zip(mine, mine[1:], strict=False))
        assert "".join(nonspace(r["text"]) for r in mine) == nonspace(doc.text)
        # idempotent through the whole text pipeline, not only clean_text alone
        again = list(clean_documents([doc]))
        assert again[0].text == doc.text
        assert sentence_rows(again) == mine


class LengthScorer:
    """A model-free scorer, so the fuzzed pipeline runs fast."""

    name = "test.fuzz-length.v1"
    version = "1"
    columns = ("n_chars",)

    def score(self, sentences: Sequence[str]) -> pd.DataFrame:
        return pd.DataFrame({"n_chars": [float(len(s)) for s in sentences]})

    def fingerprint(self) -> str:
        return "fixed"

    def provenance(self) -> dict:
        return {"scorer": self.name}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bodies=st.lists(texts(surrogates=True, max_size=80), min_size=1, max_size=3))
def test_read_clean_segment_attribute_offsets_map_back(bodies):
    """From a JSONL file through analyze: offsets point into the cleaned text, voice is set."""
    rows = [{"doc_id": f"d{i}", "text": b} for i, b in enumerate(bodies)]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", EmptyTextWarning)
            try:
                docs = read_corpus(path)
            except InputError as e:
                assert all(not b.strip() for b in bodies), str(e)
                return
    table = framing.analyze(docs, [LengthScorer()], cache=False)
    by_id = {d.doc_id: clean_text(d.text) for d in docs}
    for r in table.itertuples():
        assert by_id[r.doc_id][r.start:r.end] == r.text
        assert r.n_chars == len(r.text)
        assert r.voice in ("author", "quoted")
    assert len(table) == sum(len(sentence_rows([Document(k, "S", v)])) for k, v in by_id.items())


@FUZZ
@given(rows=st.lists(st.tuples(texts(), texts(max_size=4), st.floats(allow_nan=True, width=32)),
                     min_size=1, max_size=6), fmt=st.sampled_from(["csv", "parquet"]))
def test_own_table_writer_round_trips_through_own_reader(rows, fmt):
    """write_table output read back by read_corpus keeps every text, title and score."""
    from framing.outputs import write_table

    frame = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(rows))],
                          "title": [h for _, h, _ in rows], "text": [t for t, _, _ in rows],
                          "score": [float(x) for _, _, x in rows]})
    if any("\x00" in t or "\x00" in h for t, h, _ in rows):
        return  # a NUL byte makes the file binary; covered above
    with tempfile.TemporaryDirectory() as tmp:
        path = write_table(frame, Path(tmp) / f"out.{fmt}")
        check(lambda: read_corpus(path), [(t, h) for t, h, _ in rows], "row")
        back = pd.read_csv(path, keep_default_na=False, na_values=[""], dtype={"text": str}) \
            if fmt == "csv" else pd.read_parquet(path)
        assert len(back) == len(rows)
        pd.testing.assert_series_equal(back["score"], frame["score"], check_exact=True,
                                       check_dtype=False)
