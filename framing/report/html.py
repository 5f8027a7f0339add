"""One self-contained HTML report of a scored table: the corpus at a glance and every article.

:func:`build_report` turns a scored sentence table (and, optionally, the documents table and a
results folder) into one HTML file with its CSS, JavaScript and figures inline and no request
to anywhere (a Content-Security-Policy forbids them). Opened from disk it shows:

* **Corpus**: sources with counts, the results folder's figures, the naive contrasts (and the
  corrected ones when present), distinctive terms, aggregates, frames by source when the
  documents carry frames, and a per-document table that sorts and filters.
* **Articles** (displaCy-like): ``<section class="doc" data-doc-id>`` per document (up to
  ``max_documents``), each sentence a ``<span class="sent">`` with ``data-voice``
  (``author``/``quoted``), ``data-speaker`` and ``data-sentiment`` (colour scale), each loaded
  term a ``<mark data-term-type>`` whose ``title`` gives score, categories, voice, speaker,
  target and origin (model, lexicon rule or dictionary). Overlapping terms nest; a term crossing
  another's end is split, its first part carries ``data-term-type`` and the rest is a
  ``<mark class="cont">``, so each term is exactly one ``data-term-type`` element.

Everything renders without JavaScript; with it the filters work and follow the URL fragment
(``#voice=quoted&type=name_calling&min=0.5``). :func:`dump_dom` and :func:`screenshot` drive a
headless Chromium (:mod:`framing.report.browser`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing.analysis.documents import document_scores, with_document_scores
from framing.attribute.terms import term_columns as find_term_columns
from framing.errors import ArgumentError
from framing.outputs import write_text
from framing.plots.emotions import source_styles
from framing.plots.style import OKABE_ITO, SENTIMENT_COLOURS
from framing.report.html_assets import CSP, ERROR_RECORDER, SCRIPT, STYLE
from framing.report.html_tables import (
    aggregates_section,
    as_list,
    as_terms,
    contrasts_section,
    distinctive_section,
    documents_section,
    esc,
    figure_uri,
    figures_section,
    fmt,
    frames_section,
    rgba,
    sources_section,
)
from framing.schema import TERM_TYPES, is_missing

TERM_COLOURS: dict[str, str] = {"loaded_language": OKABE_ITO[4], "name_calling": OKABE_ITO[3]}
"""Colour of each loaded-term type (other types get :data:`OTHER_TERM_COLOUR`)."""
OTHER_TERM_COLOUR = OKABE_ITO[7]
QUOTED_COLOUR = OKABE_ITO[2]
"""Colour marking quoted speech (the outlet's own voice is unmarked)."""
TERM_TAGS = {"loaded_language": "LL", "name_calling": "NC"}
"""Short label after each term (its type stays readable without colour)."""


def palette_css() -> str:
    """The CSS custom properties of the page, from the plots' palette."""
    types = "".join(
        f'mark[data-term-type="{t}"],mark.cont[data-term-type-of="{t}"],.t-{t}'
        f'{{--t:{c};--t-bg:{rgba(c, 0.28)}}}' for t, c in TERM_COLOURS.items())
    return (f":root{{--neg:{SENTIMENT_COLOURS['negative']};--pos:{SENTIMENT_COLOURS['positive']};"
            f"--quoted:{QUOTED_COLOUR};--link:{OKABE_ITO[0]};--warn:{OKABE_ITO[4]};"
            f"--t:{OTHER_TERM_COLOUR};--t-bg:{rgba(OTHER_TERM_COLOUR, 0.15)}}}" + types)


def sentiment_style(value: object) -> str:
    """Inline background of a sentence: the sentiment's colour, stronger the further from 0."""
    if is_missing(value) or not isinstance(value, (int, float, np.number)):
        return ""
    v = max(-1.0, min(1.0, float(value)))
    colour = SENTIMENT_COLOURS["negative" if v < 0 else "positive"]
    return f"background-color:{rgba(colour, 0.32 * abs(v))}"


def term_origin(term: dict, column: str) -> str:
    """Where a term comes from: ``model``, ``lexicon rule`` or ``dictionary``."""
    cats = [str(c) for c in as_list(term.get("categories"))]
    if "detector:dictionary" in cats:
        return "dictionary"
    if "detector:lexicon" in cats or column.startswith("lex_"):
        return "lexicon rule"
    return "model"


def term_title(term: dict, origin: str, include_text: bool) -> str:
    """The tooltip of a loaded term."""
    score = term.get("score")
    lines = [f"{term.get('type', 'term')}" + (f": {term['text']}" if include_text
                                              and term.get("text") else ""),
             f"score {fmt(score)}" if not is_missing(score) else "score –",
             "categories: " + (", ".join(str(c) for c in as_list(term.get("categories")))
                               or "none")]
    for key in ("voice", "speaker", "target"):
        value = term.get(key)
        lines.append(f"{key}: {'–' if is_missing(value) or value == '' else value}")
    lines.append(f"origin: {origin}")
    return esc("\n".join(lines))


def render_terms(text: str, spans: list[dict]) -> str:
    """Escaped sentence text with each span as a ``<mark>``; overlapping spans nest or split.

    A span inside another nests in it; a span crossing another's end is split there: its
    first part (inside) is the ``<mark class="term">``, the rest a ``<mark class="cont">``.

    Args:
        text: The sentence text.
        spans: ``{"start", "end", "id", "attrs", "type"}`` per term, offsets clamped to
            ``text``; ``attrs`` is the mark's escaped attribute string.

    Returns:
        HTML in which every span opens exactly one ``<mark class="term">``.
    """
    pieces = sorted(({**s, "first": True} for s in spans),
                    key=lambda p: (p["start"], -p["end"], p["id"]))
    return _render(text, pieces, 0, len(text))


def _render(text: str, pieces: list[dict], lo: int, hi: int) -> str:
    out, pos = [], lo
    while pieces:
        p, rest, inner = pieces[0], [], []
        for q in pieces[1:]:
            if q["start"] < p["end"]:
                if q["end"] <= p["end"]:
                    inner.append(q)
                else:  # crosses p's end: the part inside nests, the rest continues after p
                    inner.append({**q, "end": p["end"]})
                    rest.append({**q, "start": p["end"], "first": False})
            else:
                rest.append(q)
        out.append(esc(text[pos:p["start"]]))
        body = _render(text, inner, p["start"], p["end"])
        if p["first"]:
            out.append(f'<mark class="term" id="{p["id"]}" {p["attrs"]}>{body}</mark>')
        else:
            out.append(f'<mark class="cont" data-term-of="{p["id"]}" '
                       f'data-term-type-of="{esc(p["type"])}">{body}</mark>')
        pos = max(pos, p["end"])
        pieces = sorted(rest, key=lambda p: (p["start"], -p["end"], p["id"]))
    out.append(esc(text[pos:hi]))
    return "".join(out)



class _Ids:
    """Page-unique element ids for terms."""

    def __init__(self) -> None:
        self.n = 0

    def next(self) -> str:
        self.n += 1
        return f"t{self.n}"


def sentence_html(row: dict, columns: Sequence[str], sentiment: str | None,
                  include_text: bool, ids: _Ids) -> str:
    """One sentence as a ``<span class="sent">`` with its terms marked."""
    text = row.get("text") if include_text else None
    text = text if isinstance(text, str) else ""
    spans = []
    for col in columns:
        for term in as_terms(row.get(col)):
            start = _int(term.get("start"), 0)
            end = _int(term.get("end"), start)
            start, end = (min(max(start, 0), len(text)), min(max(end, start), len(text))
                          ) if include_text else (start, max(end, start))
            ttype = str(term.get("type") or "term")
            score = term.get("score")
            attrs = (f'data-term-type="{esc(ttype)}" data-tag="{TERM_TAGS.get(ttype, "T")}" '
                     f'data-score="{fmt(score, 4)}" '
                     f'data-term-voice="{esc(term.get("voice"))}" '
                     f'title="{term_title(term, term_origin(term, col), include_text)}"')
            spans.append({"start": start, "end": end, "id": ids.next(), "attrs": attrs,
                          "type": ttype,
                          "label": f"[{start}–{end}]"})
    voice = row.get("voice")
    voice = "unknown" if is_missing(voice) or voice == "" else str(voice)
    value = row.get(sentiment) if sentiment else None
    idx = row.get("sent_idx")
    tip = [f"sentence {fmt(idx)}", f"{sentiment or 'sentiment'} {fmt(value)}"]
    if not is_missing(row.get("sentiment_label")):
        tip[-1] += f" ({row['sentiment_label']})"
    if "emotive" in row:
        tip.append(f"emotive {fmt(row.get('emotive'))}")
    tip.append(f"voice: {voice}" + (f", speaker: {row['speaker']}"
                                    if not is_missing(row.get("speaker")) else ""))
    attrs = (f'class="sent{"" if include_text else " notext"}" data-sent-idx="{fmt(idx)}" '
             f'data-voice="{esc(voice)}" data-speaker="{esc(row.get("speaker"))}" '
             f'data-sentiment="{fmt(value, 4) if not is_missing(value) else ""}" '
             f'style="{sentiment_style(value)}" title="{esc(chr(10).join(tip))}"')
    if include_text:
        return f"<span {attrs}>{render_terms(text, spans)}</span>"
    where = f"s{fmt(idx)} · {fmt(row.get('start'))}–{fmt(row.get('end'))}"
    marks = " ".join(f'<mark class="term" id="{s["id"]}" {s["attrs"]}>{s["label"]}</mark>'
                     for s in sorted(spans, key=lambda s: (s["start"], -s["end"])))
    return f"<span {attrs}>{where} {marks}</span>"


def _int(value: object, default: int) -> int:
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return default


def paragraphs(rows: list[dict], doc_text: object) -> list[list[dict]]:
    """Sentences grouped into the document's paragraphs (a newline between two sentences)."""
    if not isinstance(doc_text, str) or not rows:
        return [rows]
    groups: list[list[dict]] = [[]]
    for prev, row in zip([None, *rows[:-1]], rows, strict=True):
        if prev is not None:
            gap = doc_text[_int(prev.get("end"), 0):_int(row.get("start"), 0)]
            if "\n" in gap:
                groups.append([])
        groups[-1].append(row)
    return groups


def article_html(doc: dict, rows: list[dict], index: int, columns: Sequence[str],
                 sentiment: str | None, include_text: bool, colour: str, ids: _Ids,
                 strip: str | None) -> str:
    """One document's ``<section class="doc" data-doc-id>``."""
    url = doc.get("url")
    link = (f' · <a href="{esc(url)}" rel="noreferrer noopener">original</a>'
            if isinstance(url, str) and url.startswith(("http://", "https://")) else "")
    meta = (f'<span class="chip" style="background:{colour}"></span>{esc(doc.get("source"))}'
            f' · {esc(doc.get("date")) or "no date"} · {len(rows)} sentences · '
            f'<code>{esc(doc["doc_id"])}</code>{link}')
    title = esc(doc.get("title")) or esc(doc["doc_id"])
    body = "".join(
        "<p>" + " ".join(sentence_html(r, columns, sentiment, include_text, ids) for r in para)
        + "</p>" for para in paragraphs(rows, doc.get("text") if include_text else None))
    fig = (f'<details><summary>framing strip</summary><img alt="framing strip" src="{strip}">'
           "</details>" if strip else "")
    return (f'<section class="doc" id="doc-{index}" data-doc-id="{esc(doc["doc_id"])}" '
            f'data-source="{esc(doc.get("source"))}"><h3>{title}</h3>'
            f'<div class="meta">{meta}</div>{body or "<p class=note>no sentences</p>"}{fig}'
            "</section>")


def build_report(sentences: pd.DataFrame, documents: pd.DataFrame | None = None, *,
                 results_dir: str | Path | None = None, title: str = "framing report",
                 max_documents: int = 500, include_text: bool = True,
                 term_columns: Sequence[str] | None = None) -> str:
    """The self-contained HTML report of a scored sentence table.

    Args:
        sentences: A scored sentence table (``doc_id`` at least; ``text``, ``voice``,
            ``speaker``, ``sentiment``, ``loaded_terms`` ... when present).
        documents: The documents table (``documents.parquet``: metadata, maybe ``text``,
            ``url``, ``frames``); its order and documents without sentences are kept.
        results_dir: A results folder whose figures, contrasts, distinctive terms and
            aggregates are embedded.
        title: Page title.
        max_documents: Articles shown in full; the rest are listed in the documents table.
        include_text: Show sentence text; False (or a table without ``text``) shows offsets
            and scores only.
        term_columns: Loaded-term columns highlighted; default ``loaded_terms`` (the emotive
            model's or ensemble's terms), else every ``*loaded_terms`` column.

    Returns:
        The HTML page.

    Raises:
        ArgumentError: No ``doc_id`` column, an unknown term column or a negative cap.
    """
    if "doc_id" not in sentences.columns:
        raise ArgumentError("build_report: the sentence table has no 'doc_id' column")
    if max_documents < 0:
        raise ArgumentError("build_report: max_documents must be 0 or more")
    table = sentences.reset_index(drop=True).copy()
    table["doc_id"] = table["doc_id"].astype(str)
    found = find_term_columns(table)
    columns = list(term_columns) if term_columns is not None else (
        ["loaded_terms"] if "loaded_terms" in found else found)
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ArgumentError(f"build_report: no term column {missing[0]!r}; the table has "
                            f"{', '.join(found) or 'none'}")
    has_text = include_text and "text" in table.columns
    sentiment = "sentiment" if "sentiment" in table else next(
        (c for c in table.columns if str(c).endswith("_sentiment")), None)
    if "sent_idx" in table:
        order = pd.factorize(table["doc_id"])[0]  # documents keep their order of appearance
        table = (table.assign(_order=order).sort_values(["_order", "sent_idx"], kind="stable")
                 .drop(columns="_order").reset_index(drop=True))
    docs = (with_document_scores(documents.drop(columns=["text"], errors="ignore")
                                 if not has_text else documents, table)
            if documents is not None else document_scores(table))
    docs["doc_id"] = docs["doc_id"].astype(str)
    docs = docs.drop_duplicates("doc_id").reset_index(drop=True)
    known = set(docs["doc_id"])
    extra = [d for d in pd.unique(table["doc_id"]) if d not in known]
    if extra:  # sentences of documents the documents table lacks keep their rows
        docs = pd.concat([docs, document_scores(table[table["doc_id"].isin(extra)])],
                         ignore_index=True)
    sources = sorted(pd.unique(docs["source"].dropna()), key=str) if "source" in docs else []
    colours = {s: c for s, (c, _m) in source_styles(sources).items()}
    shown_docs = docs.head(max_documents)
    shown = {d: i for i, d in enumerate(shown_docs["doc_id"])}
    by_doc: dict[str, list[dict]] = {}
    for rec in table[table["doc_id"].isin(shown)].to_dict("records"):
        by_doc.setdefault(rec["doc_id"], []).append(rec)
    folder = Path(results_dir) if results_dir is not None else None
    ids = _Ids()
    articles = []
    for i, doc in enumerate(shown_docs.to_dict("records")):
        strip = (folder / "figures" / f"strip_{doc['doc_id']}.png") if folder else None
        articles.append(article_html(
            doc, by_doc.get(doc["doc_id"], []), i, columns, sentiment, has_text,
            colours.get(doc.get("source"), OTHER_TERM_COLOUR), ids,
            figure_uri(strip) if strip is not None and strip.is_file() else None))
    n_terms = ids.n
    notes = []
    if len(docs) > len(shown_docs):
        rest = docs["doc_id"].iloc[len(shown_docs):]
        listed = ", ".join(f"<code>{esc(d)}</code>" for d in rest.head(200))
        notes.append(f'<p class="warn">{len(rest)} more documents are not shown in full '
                     f"(max_documents={max_documents}); their rows are in the documents table: "
                     f"{listed}{' …' if len(rest) > 200 else ''}</p>")
    if not has_text:
        notes.append('<p class="warn">No sentence text in this report (include_text: false, or '
                     "the table has no text column): each sentence shows its index and "
                     "character offsets, each term its offsets within the sentence.</p>")
    return _page(title, table, docs, columns, colours, folder, articles, notes, n_terms,
                 len(shown_docs))


def _controls(colours: dict, types: Sequence[str]) -> str:
    voice = ('<label>Voice <select id="f-voice"><option value="">all</option>'
             '<option value="author">author (outlet)</option><option value="quoted">quoted'
             "</option></select></label>")
    checks = "".join(f'<label class="t-{esc(t)}"><input type="checkbox" class="f-type" '
                     f'value="{esc(t)}" checked> {esc(t)}</label>' for t in types)
    minimum = ('<label>Minimum score <input id="f-min" type="number" min="0" max="1" '
               'step="0.05" value="0"></label>')
    src = "".join(f'<option value="{esc(s)}">{esc(s)}</option>' for s in colours)
    source = (f'<label>Source <select id="f-source"><option value="">all</option>{src}'
              "</select></label>")
    return (f'<div class="controls js-only" hidden>{voice}{checks}{minimum}{source}'
            '<span id="art-shown"></span></div><noscript><p class="note">The filters need '
            "JavaScript; everything is shown.</p></noscript>")


def _legend(types: Sequence[str]) -> str:
    marks = "".join(f'<span><mark class="term" style="--t:'
                    f'{TERM_COLOURS.get(t, OTHER_TERM_COLOUR)};--t-bg:'
                    f'{rgba(TERM_COLOURS.get(t, OTHER_TERM_COLOUR), 0.28)}">{esc(t)}</mark>'
                    "</span>" for t in types)
    return ('<p class="legend"><span>sentence sentiment: negative <span class="scale"></span> '
            'positive</span><span><span class="sent-legend" style="font-style:'
            'italic;border-bottom:2px dashed var(--quoted)">quoted speech</span></span>'
            f"{marks}<span>hover a sentence or a term for its scores</span></p>")


def _page(title: str, table: pd.DataFrame, docs: pd.DataFrame, columns: Sequence[str],
          colours: dict, folder: Path | None, articles: list[str], notes: list[str],
          n_terms: int, n_shown: int) -> str:
    types = list(TERM_TYPES) + sorted(
        {str(t.get("type")) for c in columns for cell in table[c] for t in as_terms(cell)}
        - set(TERM_TYPES) - {"None"})
    corpus = [sources_section(docs, table, columns, colours)]
    if folder is not None:
        corpus += [figures_section(folder), contrasts_section(folder),
                   distinctive_section(folder), aggregates_section(folder)]
    corpus += [frames_section(docs), documents_section(docs, {
        d: i for i, d in enumerate(docs["doc_id"].head(n_shown))}, colours)]
    links = [("sources", "Sources"), ("figures", "Figures"), ("contrasts", "Contrasts"),
             ("distinctive", "Distinctive terms"), ("aggregates", "Aggregates"),
             ("frames", "Frames"), ("documents", "Documents"), ("articles", "Articles")]
    body = "".join(corpus)
    nav = " ".join(f'<a href="#{k}">{v}</a>' for k, v in links
                   if f'id="{k}"' in body or k == "articles")
    summary = (f"{len(docs)} documents, {len(table)} sentences, {n_terms} highlighted terms "
               f"({', '.join(columns) or 'no term column'})" + (
                   f", from <code>{esc(folder.name)}</code>" if folder is not None else ""))
    return (
        f'<!DOCTYPE html>\n<html lang="en" data-js-errors="0" data-csp-violations="0">'
        f'<head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" '
        f'content="{CSP}"><meta name="viewport" content="width=device-width, '
        f'initial-scale=1"><title>{esc(title)}</title><script>{ERROR_RECORDER}</script>'
        f"<style>{palette_css()}{STYLE}</style></head><body>"
        f'<header><h1>{esc(title)}</h1><p class="note">{summary}</p></header>'
        f'<nav>{nav}</nav><main><section id="corpus">{body}</section><section id="article-view">'
        f'<h2 id="articles">Articles ({n_shown} of {len(docs)})</h2>{"".join(notes)}'
        f"{_legend(types)}{_controls(colours, types)}{''.join(articles)}</section></main>"
        "<footer>Written by the framing package; self-contained (no network requests). "
        f"Scores are model outputs, not ground truth.</footer><script>{SCRIPT}</script>"
        "</body></html>\n")


def write_report(path: str | Path, sentences: pd.DataFrame,
                 documents: pd.DataFrame | None = None, **options: Any) -> Path:
    """Build the report (:func:`build_report` options) and write it atomically.

    Raises:
        OutputError: The file cannot be written.
    """
    return write_text(path, build_report(sentences, documents, **options))
