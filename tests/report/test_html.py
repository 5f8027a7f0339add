"""The self-contained HTML report (framing.report.html), parsed and in headless Chromium."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import tempfile
import time
import urllib.request
from collections import Counter
from contextlib import contextmanager, suppress
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from framing.errors import ArgumentError
from framing.report.browser import dump_dom, find_browser, screenshot
from framing.report.html import build_report, write_report

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "results" / "demo"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
HOSTILE = '<script>alert("x")</script> & \'q\' </span></mark>'

needs_browser = pytest.mark.skipif(find_browser() is None, reason="no chromium on the PATH "
                                   "(apt-get install chromium, or set FRAMING_CHROMIUM)")
needs_demo = pytest.mark.skipif(not (DEMO / "sentences.parquet").is_file(),
                                reason="results/demo not built (framing run demo.yaml)")


class Page(HTMLParser):
    """Counts of the report's elements per document, and a strict tag-balance check."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.terms: Counter = Counter()
        self.sentences: Counter = Counter()
        self.voices: list[tuple[str, bool]] = []
        self.marks: list[dict] = []
        self.sentence_text: list[str] = []
        self.srcs: list[str] = []
        self.tags: Counter = Counter()
        self.scripts: list[str] = []
        self.root: dict = {}
        self.doc_elements = 0
        self._text: list[str] | None = None

    def doc(self) -> str | None:
        return next((a["data-doc-id"] for _t, a in reversed(self.stack)
                     if "data-doc-id" in a and _t == "section"), None)

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        self.tags[tag] += 1
        if tag == "html":
            self.root = a
        if "src" in a:
            self.srcs.append(a["src"])
        if "data-term-type" in a:
            self.terms[self.doc()] += 1
            self.marks.append({**a, "_hidden": self.hidden()})
        if "data-doc-id" in a:
            self.doc_elements += 1
        if "data-voice" in a:  # only sentences carry it (a term's voice: data-term-voice)
            self.sentences[self.doc()] += 1
            self.voices.append((a["data-voice"], "hidden" in a))
            self._text = []
        if tag not in VOID:
            self.stack.append((tag, a))

    def hidden(self) -> bool:
        return any("hidden" in a for _t, a in self.stack)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        assert self.stack and self.stack[-1][0] == tag, f"</{tag}> closes {self.stack[-1:]}"
        _t, a = self.stack.pop()
        if "data-voice" in a and self._text is not None:
            self.sentence_text.append("".join(self._text))
            self._text = None

    def handle_data(self, data):
        if self._text is not None:
            self._text.append(data)
        if self.stack and self.stack[-1][0] == "script":
            self.scripts.append(data)


def parse(page: str) -> Page:
    parser = Page()
    parser.feed(page)
    parser.close()
    assert [t for t, _a in parser.stack] == [], "unclosed elements"
    return parser


def term(start, end, ttype="loaded_language", score=0.9, **extra):
    return {"text": None, "start": start, "end": end, "type": ttype, "score": score,
            "categories": ["nrc:anger"], "voice": "author", "speaker": None, "target": None,
            **extra}


def table(rows: list[tuple]) -> pd.DataFrame:
    """Sentence table from (doc_id, source, text, voice, speaker, sentiment, terms) rows."""
    out = []
    for i, (doc, source, text, voice, speaker, sentiment, terms) in enumerate(rows):
        out.append({"doc_id": doc, "source": source, "title": f"Title of {doc}",
                    "date": "2025-01-01", "sent_idx": i, "start": 0, "end": len(text),
                    "text": text, "voice": voice, "speaker": speaker, "sentiment": sentiment,
                    "emotive": 0.5, "loaded_terms": terms})
    return pd.DataFrame(out)


@pytest.fixture
def small() -> pd.DataFrame:
    return table([
        ("a1", "Wire", "Troops clashed at the pass.", "author", None, -0.4, [term(0, 6)]),
        ("a1", "Wire", '"They are thugs," she said.', "quoted", "Mira Dolan", -0.8,
         [term(10, 15, "name_calling", 0.7, voice="quoted", speaker="Mira Dolan")]),
        ("b1", "Thunder", "A brutal and shameful attack.", "author", None, -0.9,
         [term(2, 8), term(2, 21, "name_calling", 0.4), term(13, 28, score=0.2)]),
        ("b2", "Thunder", "Calm day.", "author", None, 0.3, []),
    ])


def expected_counts(sentences: pd.DataFrame, column: str = "loaded_terms"):
    ids = sentences["doc_id"].astype(str)
    return (Counter(dict(sentences.groupby(ids)[column].apply(lambda c: sum(map(len, c))))),
            Counter(dict(ids.value_counts())))


def test_counts_of_terms_and_sentences_per_document_match_the_table(small):
    page = parse(build_report(small))
    terms, sentences = expected_counts(small)
    assert +page.terms == +terms and page.sentences == sentences
    assert page.sentence_text == small["text"].tolist()  # marks add no text
    assert not any(hidden for _v, hidden in page.voices)  # without JS everything shows


@needs_demo
def test_demo_results_report_matches_its_sentence_table():
    sentences = pd.read_parquet(DEMO / "sentences.parquet")
    page_text = build_report(sentences, pd.read_parquet(DEMO / "documents.parquet"),
                             results_dir=DEMO, title="demo")
    page = parse(page_text)
    terms, counts = expected_counts(sentences)
    assert +page.terms == +terms and page.sentences == counts
    assert sum(page.terms.values()) == sum(map(len, sentences["loaded_terms"]))
    assert page.doc_elements == sentences["doc_id"].nunique()  # only the articles carry it
    assert page.sentence_text == sentences["text"].tolist()
    assert page.tags["figure"] == len([p for p in (DEMO / "figures").glob("*.png")
                                       if not p.stem.startswith("strip_")])
    assert len(page_text.encode("utf-8")) < 5_000_000
    assert "contrasts_emotive" in page_text and "distinctive_loaded" in page_text


@pytest.mark.parametrize(("spans", "marks"), [
    ([(0, 5), (2, 8)], 1),              # crossing: the second is split, one continuation
    ([(0, 10), (2, 4)], 0),             # nested
    ([(0, 5), (0, 5)], 0),              # identical
    ([(3, 3)], 0),                      # empty
    ([(-4, 2), (5, 400)], 0),           # out of range (clamped)
    ([(0, 4), (2, 6), (3, 9)], 2),      # a chain of crossings
    ([(0, 9), (1, 3), (2, 7)], 1),      # nested, and crossing the inner one
])
def test_overlapping_terms_nest_or_split_and_keep_the_html_valid(spans, marks):
    text = "overlapping spans here"
    data = table([("d", "S", text, "author", None, 0.0, [term(s, e) for s, e in spans])])
    page_text = build_report(data)
    page = parse(page_text)
    assert page.terms["d"] == len(spans)
    assert page.sentence_text == [text]
    assert page_text.count('<mark class="cont"') == marks


def test_all_text_is_escaped(small):
    hostile = small.copy()
    hostile.loc[0, ["text", "speaker", "title", "source"]] = HOSTILE
    hostile.loc[0, "doc_id"] = 'x"><b>'
    hostile.at[0, "loaded_terms"] = [term(0, 8, categories=[HOSTILE], target=HOSTILE)]
    page_text = build_report(hostile, title=HOSTILE)
    assert "<script>alert" not in page_text and "<b>" not in page_text
    page = parse(page_text)
    assert page.sentence_text[0] == HOSTILE
    assert HOSTILE in page.marks[0]["title"]
    assert page.sentences['x"><b>'] == 1


def test_documents_beyond_the_cap_are_listed_not_rendered(small):
    page_text = build_report(small, max_documents=2)
    page = parse(page_text)
    assert set(page.sentences) == {"a1", "b1"} and page_text.count("<section class=\"doc\"") == 2
    assert "1 more documents are not shown in full" in page_text
    assert 'data-doc-row="b2"' in page_text  # still a row of the documents table


@pytest.mark.parametrize("drop_text", [False, True])
def test_without_text_only_offsets_and_scores(small, drop_text):
    data = small.drop(columns="text") if drop_text else small
    page_text = build_report(data, include_text=drop_text)
    page = parse(page_text)
    assert "clashed" not in page_text and "shameful" not in page_text
    assert "No sentence text in this report" in page_text
    assert +page.terms == +expected_counts(small)[0]
    assert page.sentences == expected_counts(small)[1]


def test_nothing_is_fetched_from_anywhere(small):
    page_text = build_report(small)
    page = parse(page_text)
    assert all(src.startswith("data:") for src in page.srcs)
    assert page.tags["link"] == 0 and "@import" not in page_text and "url(" not in page_text
    assert "Content-Security-Policy" in page_text and "default-src 'none'" in page_text


def test_results_folder_tables_and_figures_are_embedded(small, tmp_path):
    from PIL import Image

    (tmp_path / "figures").mkdir()
    Image.new("RGB", (20, 10), "white").save(tmp_path / "figures" / "forest_x.png")
    row = {"contrast": "Thunder - Wire", "estimate": 0.5, "ci_low": 0.1, "ci_high": 0.9,
           "p_adjusted": 0.01, "significant": True, "note": HOSTILE}
    pd.DataFrame([row]).to_csv(tmp_path / "contrasts_emotive.csv", index=False)
    pd.DataFrame([{"group_a": "Thunder", "group_b": "Wire", "difference": 0.4, "ci_low": 0.0,
                   "ci_high": 0.8}]).to_csv(tmp_path / "corrected_contrasts_x_by_source.csv",
                                            index=False)
    pd.DataFrame([{"source": "Wire", "term": "thugs", "count_source": 2, "count_rest": 0,
                   "z": 2.1}]).to_csv(tmp_path / "distinctive_loaded.csv", index=False)
    pd.DataFrame([{"source": "Wire", "metric": "mean_emotive", "estimate": 0.2, "ci_low": 0.1,
                   "ci_high": 0.3}]).to_csv(tmp_path / "aggregates.csv", index=False)
    page_text = build_report(small, results_dir=tmp_path)
    page = parse(page_text)
    assert page.tags["figure"] == 1 and page.srcs[0].startswith("data:image/png;base64,")
    for heading in ("contrasts_emotive", "corrected_contrasts_x_by_source", "naive",
                    "corrected (prediction-powered)", "thugs", "mean_emotive"):
        assert heading in page_text
    assert "<script>alert" not in page_text


def test_frames_are_shown_when_the_documents_carry_them(small):
    docs = pd.DataFrame({"doc_id": ["a1", "b1", "b2"], "source": ["Wire", "Thunder", "Thunder"],
                         "frames": [["conflict"], ["conflict", "morality"], []]})
    page_text = build_report(small, docs)
    assert "Frames by source" in page_text and "conflict, morality" in page_text
    assert "Frames" not in build_report(small).split('id="articles"')[0]


def test_documents_table_has_a_row_per_document_in_order(small):
    docs = pd.DataFrame({"doc_id": ["b2", "a1", "b1", "empty"], "title": ["t"] * 4})
    page_text = build_report(small, docs)
    rows = [line.split('"')[0] for line in page_text.split('<tr data-doc-row="')[1:]]
    assert rows == ["b2", "a1", "b1", "empty"]
    assert page_text.index('<section class="doc" id="doc-0" data-doc-id="b2"') < page_text.index(
        '<section class="doc" id="doc-1" data-doc-id="a1"')


@pytest.mark.parametrize(("change", "options", "message"), [
    (lambda t: t.drop(columns="doc_id"), {}, "no 'doc_id' column"),
    (lambda t: t, {"term_columns": ["nope"]}, "no term column 'nope'"),
    (lambda t: t, {"max_documents": -1}, "max_documents"),
])
def test_bad_arguments_are_refused(small, change, options, message):
    with pytest.raises(ArgumentError, match=message):
        build_report(change(small), **options)


def test_write_report_writes_the_page(small, tmp_path):
    path = write_report(tmp_path / "r" / "report.html", small, title="t")
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def rendered(page_file: Path, fragment: str = "") -> Page:
    return parse(dump_dom(page_file, fragment))


@pytest.fixture
def report_file(tmp_path, small) -> Path:
    sentences = pd.read_parquet(DEMO / "sentences.parquet") if (
        DEMO / "sentences.parquet").is_file() else small
    write_report(tmp_path / "report.html", sentences,
                 results_dir=DEMO if DEMO.is_dir() else None)
    return tmp_path / "report.html"


@needs_browser
@pytest.mark.slow
def test_browser_loads_without_errors_and_counts_hold(report_file):
    page = rendered(report_file)
    assert page.root.get("data-js-ready") == "1", "the script did not run to its end"
    assert page.root.get("data-js-errors") == "0", page.root.get("data-js-errors-last")
    assert page.root.get("data-csp-violations") == "0", page.root.get(
        "data-csp-violations-last")
    sentences = (pd.read_parquet(DEMO / "sentences.parquet")
                 if (DEMO / "sentences.parquet").is_file() else None)
    if sentences is not None:
        terms, counts = expected_counts(sentences)
        assert +page.terms == +terms and page.sentences == counts
    assert int(page.root["data-shown-sentences"]) == sum(page.sentences.values())
    assert not any(hidden for _v, hidden in page.voices)


@needs_browser
@pytest.mark.slow
@pytest.mark.parametrize(("fragment", "hidden_voices"), [
    ("voice=quoted", {"author"}), ("voice=author", {"quoted"}), ("voice=", set())])
def test_browser_voice_filter_hides_the_other_voice(report_file, fragment, hidden_voices):
    page = rendered(report_file, fragment)
    assert page.root.get("data-js-errors") == "0"
    for voice, hidden in page.voices:
        assert hidden == (voice in hidden_voices), voice
    assert int(page.root["data-shown-sentences"]) == sum(not h for _v, h in page.voices)


@needs_browser
@pytest.mark.slow
def test_browser_term_filters_switch_marks_off(report_file):
    page = rendered(report_file, "type=name_calling&min=0.5")
    assert page.marks
    for mark in page.marks:
        on = mark["data-term-type"] == "name_calling" and float(mark["data-score"]) >= 0.5
        assert ("off" not in mark["class"].split()) == on
    assert int(page.root["data-shown-terms"]) == sum(
        "off" not in m["class"].split() for m in page.marks)


@needs_browser
@pytest.mark.slow
def test_screenshot_writes_a_png(report_file, tmp_path):
    png = screenshot(report_file, tmp_path / "shot.png", width=800, height=600)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@contextmanager
def devtools(page_file: Path):
    """A headless Chromium on the page, driven over the DevTools protocol: yields evaluate()."""
    websocket = pytest.importorskip("websocket", reason="websocket-client not installed")
    # Chromium's helper processes may still write to the profile when the folder goes
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as profile:
        proc = subprocess.Popen(
            [find_browser(), "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run",
             f"--user-data-dir={profile}", "--remote-debugging-port=0",
             "--remote-allow-origins=*", page_file.resolve().as_uri()],
            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
            start_new_session=True)
        try:
            port = None
            for line in proc.stderr:
                if "DevTools listening on ws://" in line:
                    port = line.split("ws://")[1].split("/")[0].split(":")[1]
                    break
            assert port, "no DevTools port"
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as r:
                target = next(t for t in json.load(r) if t["type"] == "page")
            ws = websocket.create_connection(target["webSocketDebuggerUrl"], timeout=20)
            calls = iter(range(1, 10_000))

            def evaluate(expression: str):
                ident = next(calls)
                ws.send(json.dumps({"id": ident, "method": "Runtime.evaluate", "params": {
                    "expression": expression, "returnByValue": True}}))
                while True:
                    reply = json.loads(ws.recv())
                    if reply.get("id") == ident:
                        return reply["result"]["result"].get("value")

            for _ in range(100):
                if evaluate("document.documentElement.getAttribute('data-js-ready')") == "1":
                    break
                time.sleep(0.1)
            yield evaluate
            ws.close()
        finally:
            with suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)  # the browser and its helpers
            proc.wait()


@needs_browser
@pytest.mark.slow
def test_browser_clicks_filter_the_articles_and_sort_the_table(report_file):
    with devtools(report_file) as evaluate:
        count = ("document.querySelectorAll('.sent[data-voice=\"{}\"]:not([hidden])').length")
        authors = evaluate(count.format("author"))
        quoted = evaluate(count.format("quoted"))
        assert authors > 0 and quoted > 0
        evaluate("var s = document.getElementById('f-voice'); s.value = 'quoted';"
                 "s.dispatchEvent(new Event('change'))")
        assert evaluate(count.format("author")) == 0
        assert evaluate(count.format("quoted")) == quoted
        assert "voice=quoted" in evaluate("location.hash")
        column = ("Array.from(document.querySelectorAll('#documents-table tbody tr'))"
                  ".map(r => r.cells[3].getAttribute('data-sort'))")
        evaluate("document.querySelectorAll('#documents-table th button')[3].click()")
        values = [float(v) for v in evaluate(column)]
        assert values == sorted(values)
        evaluate("document.querySelectorAll('#documents-table th button')[3].click()")
        assert [float(v) for v in evaluate(column)] == sorted(values, reverse=True)
        evaluate("var f = document.getElementById('doc-filter'); f.value = 'no such title';"
                 "f.dispatchEvent(new Event('input'))")
        assert evaluate("document.querySelectorAll('#documents-table tbody tr:not([hidden])')"
                        ".length") == 0
        assert evaluate("document.documentElement.getAttribute('data-js-errors')") == "0"
