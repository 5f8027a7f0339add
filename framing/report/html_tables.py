"""The corpus tables of the HTML report: sources, figures, contrasts, terms, documents.

Helpers of :mod:`framing.report.html`: each function returns an escaped HTML fragment (empty
when its input is absent) built from a results folder's files or the per-document table.
"""

from __future__ import annotations

import base64
import html
import io
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from framing.plots.style import OKABE_ITO
from framing.schema import is_missing

NEUTRAL_COLOUR = OKABE_ITO[7]
"""Colour of a source without one (no source label)."""

FIGURE_WIDTH = 1100
FIGURE_BYTES = 300_000
"""Embedded PNGs over this size are downscaled to :data:`FIGURE_WIDTH` pixels and stored with
a 256-colour palette (flat-colour plots lose nothing visible; the report stays small)."""
DOC_COLUMNS: tuple[tuple[str, str], ...] = (
    ("source", "Source"), ("date", "Date"), ("title", "Title"), ("n_sentences", "Sentences"),
    ("mean_sentiment", "Mean sentiment"), ("mean_emotive", "Mean emotive"),
    ("loaded_per_1000_words", "Loaded / 1,000 words"), ("quoted_share", "Quoted share"),
    ("frames", "Frames"))
"""Columns of the documents table (those present), with their headings."""


def esc(value: object) -> str:
    """HTML-escaped text of a cell (quotes too; empty for a missing value)."""
    if value is None or (not isinstance(value, (list, tuple, np.ndarray)) and is_missing(value)):
        return ""
    return html.escape(str(value), quote=True)


def fmt(value: object, digits: int = 3) -> str:
    """A number for display: ``digits`` significant digits, ``–`` when missing."""
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        return "–" if not np.isfinite(value) else f"{float(value):.{digits}g}"
    return "–" if is_missing(value) else esc(value)


def rgba(colour: str, alpha: float) -> str:
    """``rgba(...)`` of a ``#rrggbb`` palette colour at ``alpha``."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{max(0.0, min(1.0, alpha)):.2f})"


def as_terms(cell: object) -> list[dict]:
    """A loaded-terms cell as a list of dicts (parquet arrays, lists or CSV JSON strings)."""
    if isinstance(cell, str):
        try:
            cell = json.loads(cell)
        except ValueError:
            return []
    if cell is None or not isinstance(cell, (list, tuple, np.ndarray)):
        return []
    return [dict(t) for t in cell if isinstance(t, dict)]


def as_list(value: object) -> list:
    """A list-like cell as a list (empty when missing)."""
    if isinstance(value, (list, tuple, np.ndarray)):
        return list(value)
    return [] if is_missing(value) else [value]


def frames_cell(doc: dict) -> str | None:
    """A document's frames (the ``frames`` list, else ``p_frame_*`` of at least 0.5)."""
    if "frames" in doc:
        return ", ".join(str(f) for f in as_list(doc["frames"]))
    probs = {k.removeprefix("p_frame_"): v for k, v in doc.items() if k.startswith("p_frame_")}
    if probs:
        return ", ".join(k for k, v in probs.items() if not is_missing(v) and float(v) >= 0.5)
    return None


class Raw:
    """Already-escaped HTML for a table cell (an object, so pandas keeps it as it is)."""

    __slots__ = ("html",)

    def __init__(self, html_text: str) -> None:
        self.html = html_text

    def __str__(self) -> str:
        return self.html


def table_html(data: pd.DataFrame, *, cls: str = "", numeric_digits: int = 3,
               row_attrs: Sequence[str] | None = None, sortable: bool = False,
               table_id: str = "") -> str:
    """A DataFrame as an escaped HTML table (numbers right-aligned, sortable headers)."""
    heads = []
    for col in data.columns:
        num = pd.api.types.is_numeric_dtype(data[col]) and not pd.api.types.is_bool_dtype(
            data[col])
        label = esc(col)
        heads.append(f'<th class="{"num" if num else ""}" scope="col">'
                     + (f"<button type=button>{label}</button>" if sortable else label) + "</th>")
    rows = []
    for i, rec in enumerate(data.itertuples(index=False)):
        cells = []
        for value in rec:
            if isinstance(value, (float, int, np.number)) and not isinstance(value, bool):
                sort = "" if is_missing(value) else f"{float(value):.6g}"
                cells.append(f'<td class="num" data-sort="{sort}">{fmt(value, numeric_digits)}'
                             "</td>")
            else:
                cells.append(f"<td>{value.html if isinstance(value, Raw) else fmt(value)}</td>")
        attrs = f" {row_attrs[i]}" if row_attrs else ""
        rows.append(f"<tr{attrs}>{''.join(cells)}</tr>")
    classes = " ".join(c for c in (cls, "sortable" if sortable else "") if c)
    ident = f' id="{table_id}"' if table_id else ""
    return (f'<table class="{classes}"{ident}><thead><tr>{"".join(heads)}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")


def documents_section(docs: pd.DataFrame, shown: dict[str, int], colours: dict) -> str:
    """The per-document table (sortable, filterable), each row linking to its article."""
    cols = [(c, h) for c, h in DOC_COLUMNS if c in docs.columns or (
        c == "frames" and any(str(k).startswith("p_frame_") for k in docs.columns))]
    records = docs.to_dict("records")
    data: dict[str, list] = {h: [] for _c, h in cols}
    attrs = []
    for rec in records:
        for col, head in cols:
            if col == "title":
                idx = shown.get(str(rec["doc_id"]))
                text = esc(rec.get("title")) or esc(rec["doc_id"])
                data[head].append(Raw(f'<a href="#doc-{idx}">{text}</a>' if idx is not None
                                       else text))
            elif col == "frames":
                data[head].append(frames_cell(rec))
            elif col == "source":
                data[head].append(Raw(f'<span class="chip" style="background:'
                                       f'{colours.get(rec.get("source"), NEUTRAL_COLOUR)}">'
                                       f"</span>{esc(rec.get('source'))}"))
            else:
                data[head].append(rec.get(col))
        attrs.append(f'data-doc-row="{esc(rec["doc_id"])}" data-source="{esc(rec.get("source"))}"')
    frame = pd.DataFrame(data)
    for _col, head in cols:
        if _col not in ("title", "frames", "source", "date"):
            frame[head] = pd.to_numeric(frame[head], errors="coerce")
    options = "".join(f'<option value="{esc(s)}">{esc(s)}</option>' for s in colours)
    controls = ('<div class="controls js-only" hidden><label>Filter <input id="doc-filter" '
                'type="search" placeholder="title, source, id…"></label><label>Source '
                f'<select id="doc-source"><option value="">all</option>{options}</select>'
                f'</label><span><span id="doc-shown">{len(records)}</span> of {len(records)} '
                "documents</span></div>")
    table = table_html(frame, sortable=True, row_attrs=attrs, table_id="documents-table")
    return (f'<h2 id="documents">Documents ({len(records)})</h2>{controls}'
            '<p class="note">Click a heading to sort; a title opens the article.</p>'
            f'<div class="scroll">{table}</div>')


def sources_section(docs: pd.DataFrame, sentences: pd.DataFrame, columns: Sequence[str],
                    colours: dict) -> str:
    """Sources with counts of documents, sentences, quoted sentences and loaded terms."""
    if "source" not in docs.columns:
        return ""
    terms = np.array([sum(len(as_terms(r[c])) for c in columns)
                      for r in sentences[list(columns)].to_dict("records")]) if columns \
        else np.zeros(len(sentences))
    source = (sentences["source"] if "source" in sentences else sentences["doc_id"].astype(str)
              .map(dict(zip(docs["doc_id"].astype(str), docs["source"], strict=True))))
    quoted = (sentences["voice"] == "quoted").to_numpy(float) if "voice" in sentences else np.nan
    work = pd.DataFrame({"source": source.to_numpy(), "terms": terms, "quoted": quoted})
    by = work.groupby("source", sort=False).agg(Sentences=("terms", "size"),
                                                **{"Loaded terms": ("terms", "sum"),
                                                   "Quoted sentences": ("quoted", "sum")})
    counts = docs.groupby("source", sort=False).size().rename("Documents")
    table = pd.DataFrame({"Documents": counts}).join(by).reindex(list(colours)).reset_index(
        names="Source")
    table["Source"] = [Raw(f'<span class="chip" style="background:{colours[s]}"></span>{esc(s)}')
                       for s in table["Source"]]
    return f'<h2 id="sources">Sources</h2>{table_html(table)}'


def figure_uri(path: Path) -> str:
    """A figure file as a data URI (large PNGs downscaled to :data:`FIGURE_WIDTH` pixels)."""
    data = path.read_bytes()
    if path.suffix.lower() == ".svg" or len(data) <= FIGURE_BYTES:
        kind = "svg+xml" if path.suffix.lower() == ".svg" else "png"
        return f"data:image/{kind};base64," + base64.b64encode(data).decode("ascii")
    try:
        from PIL import Image

        with Image.open(io.BytesIO(data)) as img:
            small = img.convert("RGB")
            if img.width > FIGURE_WIDTH:
                small = small.resize((FIGURE_WIDTH, round(img.height * FIGURE_WIDTH / img.width)),
                                     Image.Resampling.LANCZOS, reducing_gap=2.0)
            buf = io.BytesIO()
            small.quantize(colors=256).save(buf, format="PNG", optimize=True)
            data = buf.getvalue() if buf.tell() < len(data) else data
    except (ImportError, OSError, ValueError):
        pass
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii")


def figures_section(results_dir: Path) -> str:
    """The results folder's figures (SVG or PNG, one per name; strips go to their article)."""
    folder = results_dir / "figures"
    stems: dict[str, Path] = {}
    for path in sorted(folder.glob("*")) if folder.is_dir() else []:
        if path.suffix.lower() in (".svg", ".png") and not path.stem.startswith("strip_"):
            if path.stem not in stems or path.suffix.lower() == ".svg":
                stems[path.stem] = path
    if not stems:
        return ""
    items = "".join(f'<figure id="fig-{esc(s)}"><img alt="{esc(s)}" src="{figure_uri(p)}">'
                    f"<figcaption>{esc(p.relative_to(results_dir).as_posix())}</figcaption>"
                    "</figure>" for s, p in stems.items())
    return f'<h2 id="figures">Figures</h2><div class="figs">{items}</div>'


def read_csv(path: Path) -> pd.DataFrame | None:
    """A results CSV, or None when it is absent or unreadable."""
    try:
        return pd.read_csv(path)
    except (OSError, ValueError):
        return None


CONTRAST_COLUMNS = ("contrast", "group_a", "group_b", "estimate", "difference", "ci_low",
                    "ci_high", "p_value", "p_adjusted", "significant", "effect_size",
                    "naive_difference", "n_articles_source", "n_articles_versus", "n_gold_a",
                    "n_gold_b", "model", "converged")


def contrasts_section(results_dir: Path) -> str:
    """Naive (model-based) contrasts and, when present, the corrected ones."""
    parts = []
    for kind, pattern in (("naive, model-based", "contrasts_*.csv"),
                          ("corrected (prediction-powered)", "corrected_*.csv")):
        for path in sorted(results_dir.glob(pattern)):
            data = read_csv(path)
            if data is None or data.empty:
                continue
            cols = [c for c in CONTRAST_COLUMNS if c in data.columns] or list(data.columns)
            shown = data[cols].copy()
            if "note" in data.columns:
                shown["note"] = [Raw(f'<span class="badge" title="{esc(n)}">note</span>')
                                 if isinstance(n, str) and n else "" for n in data["note"]]
            parts.append(f"<h3>{esc(path.stem)} <span class=badge>{kind}</span></h3>"
                         + table_html(shown))
    if not parts:
        return ""
    return ('<h2 id="contrasts">Contrasts</h2><p class="note">Naive tables are model-based and '
            "uncorrected; <code>corrected_*</code> tables (when a coded sample was given) "
            "propagate the scores' errors.</p>" + "".join(parts))


def distinctive_section(results_dir: Path, top: int = 10) -> str:
    """Top distinctive terms per source of each ``distinctive_*.csv``."""
    parts = []
    for path in sorted(results_dir.glob("distinctive_*.csv")):
        data = read_csv(path)
        if data is None or data.empty or not {"source", "term", "z"} <= set(data.columns):
            continue
        cells = []
        for source, grp in data.groupby("source", sort=False):
            best = grp.sort_values("z", ascending=False).head(top)
            keep = [c for c in ("term", "count_source", "count_rest", "z") if c in best]
            cells.append(f"<div><h3>{esc(source)}</h3>{table_html(best[keep])}</div>")
        parts.append(f"<h3>{esc(path.stem)}</h3><div class=grid>{''.join(cells)}</div>")
    return ('<h2 id="distinctive">Distinctive terms</h2><p class="note">Fightin\' Words '
            f"log-odds z, top {top} per source.</p>" + "".join(parts)) if parts else ""


def aggregates_section(results_dir: Path) -> str:
    """``aggregates.csv`` as metric × source: estimate [95% interval]."""
    data = read_csv(results_dir / "aggregates.csv")
    if data is None or data.empty or not {"source", "metric", "estimate"} <= set(data.columns):
        return ""
    cell = [Raw(f"{fmt(r.estimate)} <span class=note>[{fmt(getattr(r, 'ci_low', np.nan))}, "
                 f"{fmt(getattr(r, 'ci_high', np.nan))}]</span>") for r in data.itertuples()]
    wide = data.assign(cell=cell).pivot_table(index="metric", columns="source", values="cell",
                                              aggfunc="first", sort=False)
    wide = wide.reset_index().map(lambda v: v if isinstance(v, Raw) else Raw(esc(v) or "–"))
    return ('<h2 id="aggregates">Aggregates</h2><p class="note">Estimate [95% article-bootstrap '
            f"interval] per source (aggregates.csv).</p>{table_html(wide)}")


def frames_section(docs: pd.DataFrame) -> str:
    """Share of documents with each frame, per source (when the documents carry frames)."""
    if "source" not in docs.columns or not any(
            c == "frames" or str(c).startswith("p_frame_") for c in docs.columns):
        return ""
    rows = [{"source": r.get("source"), "frame": f.strip()}
            for r in docs.to_dict("records") for f in (frames_cell(r) or "").split(",")
            if f.strip()]
    if not rows:
        return ""
    counts = pd.DataFrame(rows).groupby(["frame", "source"]).size().unstack(fill_value=0)
    share = (counts / docs.groupby("source").size()).reset_index()
    return ('<h2 id="frames">Frames by source</h2><p class="note">Share of each source\'s '
            f"documents with the frame.</p>{table_html(share)}")
