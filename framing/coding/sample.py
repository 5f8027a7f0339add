"""Draw a coding sample from a scored table and write the coders' sheet (CSV and HTML form).

The sample is a probability sample — simple random, or stratified by a column such as
``source`` — and every drawn row records its inclusion probability, which
:func:`framing.analysis.inference.corrected_estimates` uses to weight it. Each unit is shown
with the sentence before and after it; the source is hidden by default so that coders are
blind to the outlet.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from framing.coding.codebook import Codebook, coder_columns
from framing.errors import ArgumentError
from framing.outputs import write_table, write_text

SHEET_COLUMNS: tuple[str, ...] = ("unit", "doc_id", "sent_idx", "previous", "text", "next",
                                  "inclusion_prob", "stratum")
"""Leading columns of a coding sheet (``source`` follows ``sent_idx`` when shown); the coders'
label columns ``<outcome>_<coder>`` follow."""


def allocate(sizes: pd.Series, n: int) -> pd.Series:
    """Proportional allocation of ``n`` draws over strata (largest remainders), capped by size.

    Args:
        sizes: Stratum → number of units.
        n: Total draws.

    Returns:
        Stratum → draws (every stratum with units gets at least one when ``n`` allows).
    """
    total = int(sizes.sum())
    if n >= total:
        return sizes.copy()
    quota = sizes / total * n
    alloc = np.floor(quota).astype(int)
    alloc[(alloc == 0) & (sizes > 0)] = 1 if n >= int((sizes > 0).sum()) else 0
    order = (quota - np.floor(quota)).sort_values(ascending=False).index
    i = 0
    while alloc.sum() < n:
        key = order[i % len(order)]
        if alloc[key] < sizes[key]:
            alloc[key] += 1
        i += 1
    while alloc.sum() > n:  # the minimum of one per stratum overshot: trim the largest
        key = (alloc - quota).idxmax()
        alloc[key] -= 1
    return alloc.clip(upper=sizes).astype(int)


def restrict(table: pd.DataFrame, where: Sequence[str],
             source: str | Path | None = None) -> pd.DataFrame:
    """The rows of ``table`` that match every ``COLUMN=VALUE`` condition.

    The population of a sample (``--where voice=quoted``: only quoted sentences, to check
    their speakers); :func:`draw_sample`'s inclusion probabilities are then relative to it,
    and ``framing correct`` must be given the same conditions. A number matches a numeric
    column by value (``sent_idx=1`` matches ``1.0`` in a column read back as float),
    ``true``/``false`` a boolean one; other columns compare as text.

    Args:
        table: The scored table.
        where: The conditions.
        source: The table's file, named in the messages.

    Raises:
        ArgumentError: A condition is not ``COLUMN=VALUE``, names no column of the table, or
            leaves no row.
    """
    at = f"{source}: " if source is not None else ""
    out = table
    for cond in where:
        col, sep, value = cond.partition("=")
        col, value = col.strip(), value.strip()
        if not sep or not col:
            raise ArgumentError(f"{at}where {cond!r}: write COLUMN=VALUE, e.g. voice=quoted")
        if col not in table.columns:
            raise ArgumentError(f"{at}where {cond!r}: the table has no column {col!r}; "
                                f"columns are: {', '.join(map(str, table.columns))}")
        out = out[_matches(out[col], value)]
    if where and len(out) == 0:
        raise ArgumentError(f"{at}where {' '.join(where)}: no row of the table matches")
    return out


def _matches(column: pd.Series, value: str) -> pd.Series:
    """Which cells of ``column`` equal ``value`` as written on the command line."""
    if pd.api.types.is_bool_dtype(column) and value.lower() in ("true", "false"):
        return column.fillna(False).astype(bool) == (value.lower() == "true")
    if pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
        try:
            number = float(value)
        except ValueError:
            return pd.Series(False, index=column.index)
        return column == number
    return column.astype("string").fillna("") == value


def check_shown(columns: Sequence[str], show: Sequence[str], codebook: Codebook,
                coders: Sequence[str]) -> list[str]:
    """The ``show`` columns, once each, when each is a table column the sheet may show.

    Checked before the draw. A design column (``unit``, ``text``, ``inclusion_prob``, …) or
    a coder's label column (``<outcome>_<coder>``) is the sheet's own and cannot be shown.

    Raises:
        ArgumentError: Naming the column and the ones that can be shown.
    """
    own = {*SHEET_COLUMNS, "source"} | set(coder_columns(codebook, list(coders)))
    allowed = [str(c) for c in columns if c not in own]
    for col in show:
        if col not in allowed:
            raise ArgumentError(f"--show {col!r}: not a column the table has beside the "
                                f"sheet's own; columns are: {', '.join(allowed)}")
    return list(dict.fromkeys(show))


def check_population(sheets: Sequence[str | Path], where: Sequence[str], label: str) -> None:
    """Check that ``where`` is the population each sheet's sample was drawn from.

    ``framing sample`` records its ``--where`` in ``<sheet>.design.json``; a sheet without
    that file is not checked.

    Raises:
        ArgumentError: A design file records other conditions (``label`` names the option).
    """
    for sheet in sheets:
        design = Path(sheet).with_suffix(".design.json")
        if not design.is_file():
            continue
        try:
            drawn = json.loads(design.read_text(encoding="utf-8")).get("where") or []
        except (OSError, ValueError, AttributeError):
            continue
        if sorted(map(str, drawn)) != sorted(where):
            raise ArgumentError(
                f"{design}: the sample was drawn from the rows where "
                f"{' '.join(drawn) or '(all rows)'}; give {label} the same, not "
                f"{' '.join(where) or '(nothing)'}")


def draw_sample(table: pd.DataFrame, n: int, stratify: str | None = None,
                seed: int = 13) -> pd.DataFrame:
    """Draw ``n`` rows without replacement, recording each row's inclusion probability.

    Args:
        table: The scored table (one row per sentence or document).
        n: Sample size.
        stratify: Column to stratify by (proportional allocation), or ``None`` for a simple
            random sample.
        seed: Seed of the draw (recorded by the CLI in the sheet's manifest).

    Returns:
        The drawn rows (in table order) plus ``inclusion_prob`` and ``stratum``.

    Raises:
        ArgumentError: ``n`` is not positive or the stratification column is missing.
    """
    if n < 1:
        raise ArgumentError(f"the sample size must be at least 1, not {n}")
    if len(table) == 0:
        raise ArgumentError("the table has no rows to sample from")
    rng = np.random.default_rng(seed)
    if stratify is None:
        take = min(n, len(table))
        idx = np.sort(rng.choice(len(table), take, replace=False))
        out = table.iloc[idx].copy()
        out["inclusion_prob"] = take / len(table)
        out["stratum"] = "all"
        return out
    if stratify not in table.columns:
        raise ArgumentError(f"cannot stratify by {stratify!r}: the table has no such column; "
                            f"columns are: {', '.join(map(str, table.columns))}")
    strata = table[stratify].astype("string").fillna("(missing)")
    sizes = strata.value_counts().sort_index()
    alloc = allocate(sizes, n)
    parts = []
    for key, k in alloc.items():
        pos = np.flatnonzero((strata == key).to_numpy())
        if k == 0:
            continue
        chosen = np.sort(rng.choice(pos, int(k), replace=False))
        part = table.iloc[chosen].copy()
        part["inclusion_prob"] = k / len(pos)
        part["stratum"] = key
        parts.append(part)
    return pd.concat(parts).sort_index(kind="stable")


def sentence_texts(table: pd.DataFrame, documents: pd.DataFrame | None) -> pd.Series:
    """Each row's sentence text: the ``text`` column, or cut from the documents' cleaned text.

    Raises:
        ArgumentError: Neither a ``text`` column nor documents with ``doc_id``/``text`` and
            the table's ``start``/``end`` offsets are available.
    """
    if "text" in table.columns:
        return table["text"].astype("string")
    if documents is None or not {"doc_id", "text"} <= set(documents.columns) or not {
            "start", "end"} <= set(table.columns):
        raise ArgumentError("the table has no 'text' column (written with include_text: "
                            "false?); pass the results folder's documents.parquet with "
                            "--documents so the units can be shown")
    docs = dict(zip(documents["doc_id"].astype(str), documents["text"], strict=True))
    texts = []
    for doc, start, end in zip(table["doc_id"].astype(str), table["start"], table["end"],
                               strict=True):
        body = docs.get(doc)
        texts.append(None if body is None else body[int(start):int(end)])
    return pd.Series(texts, index=table.index, dtype="string")


def with_context(table: pd.DataFrame, sample: pd.DataFrame,
                 documents: pd.DataFrame | None = None) -> pd.DataFrame:
    """Add ``previous``, ``text`` and ``next`` (the neighbouring sentences of the same document).

    Args:
        table: The whole scored table (the neighbours come from it).
        sample: Rows of ``table`` (same index).
        documents: Optional documents table used when ``table`` has no ``text``.
    """
    texts = sentence_texts(table, documents)
    out = sample.copy()
    if "sent_idx" not in table.columns:  # document-level units have no neighbours
        out["previous"], out["next"] = None, None
        out["text"] = texts.loc[sample.index]
        return out
    key = dict(zip(zip(table["doc_id"].astype(str), table["sent_idx"].astype(int),
                       strict=True), texts, strict=True))
    docs = sample["doc_id"].astype(str)
    idx = sample["sent_idx"].astype(int)
    out["text"] = texts.loc[sample.index]
    out["previous"] = [key.get((d, i - 1)) for d, i in zip(docs, idx, strict=True)]
    out["next"] = [key.get((d, i + 1)) for d, i in zip(docs, idx, strict=True)]
    return out


def coding_sheet(sample: pd.DataFrame, codebook: Codebook, coders: Sequence[str],
                 show_source: bool = False, show: Sequence[str] = ()) -> pd.DataFrame:
    """The sheet coders fill: one row per unit, context, design columns, empty label columns.

    ``show`` names further columns of the table shown to coders after ``next`` (the
    package's ``speaker``, say, when coders check it).

    Raises:
        ArgumentError: A ``show`` column is not in the table (or is a design column).
    """
    show = check_shown(list(sample.columns), show, codebook, coders)
    sheet = sample.reset_index(drop=True).copy()
    sheet.insert(0, "unit", np.arange(1, len(sheet) + 1))
    cols = ["unit", "doc_id"]
    if "sent_idx" in sheet.columns:
        cols.append("sent_idx")
    if show_source and "source" in sheet.columns:
        cols.append("source")
    cols += ["previous", "text", "next", *show, "inclusion_prob", "stratum"]
    sheet = sheet[cols]
    for col in coder_columns(codebook, list(coders)):
        sheet[col] = pd.Series([None] * len(sheet), dtype="object")
    return sheet


_FORM_CSS = (
    "body{font:16px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem}"
    ".unit{border-top:1px solid #ccc;padding:.8rem 0}.ctx{color:#666}"
    ".target{font-weight:600;background:#fff6d5;padding:0 .2rem}label{margin-right:1rem}"
    "button{font-size:1rem;padding:.4rem 1rem}")

_FORM_JS = (
    "function saveSheet(){"
    "const rows=JSON.parse(document.getElementById('sheet').textContent);"
    "const coder=document.getElementById('coder').value.trim()||'coder1';"
    "const col=OUTCOME+'_'+coder;"
    "const out=rows.map(r=>{const c=document.querySelector('input[name=u'+r.unit+']:checked');"
    "r[col]=c?c.value:'';return r;});"
    "const cols=Object.keys(out[0]).filter(k=>!k.startsWith(OUTCOME+'_')||k===col);"
    "if(!cols.includes(col))cols.push(col);"
    "const q=v=>v==null?'':'\"'+String(v).replace(/\"/g,'\"\"')+'\"';"
    "const csv=[cols.join(',')].concat(out.map(r=>cols.map(k=>q(r[k])).join(','))).join('\\n');"
    "const a=document.createElement('a');"
    "a.href=URL.createObjectURL(new Blob([csv],{type:'text/csv'}));"
    "a.download='coded_'+coder+'.csv';a.click();}")


def coding_form(sheet: pd.DataFrame, codebook: Codebook, show: Sequence[str] = ()) -> str:
    """A self-contained HTML form of the sheet: no network requests; "Save CSV" writes the codes.

    Without JavaScript the page still shows every unit with its context, the ``show``
    columns (``speaker: …``) and the question.
    """
    esc = html.escape
    units = []
    for row in sheet.to_dict("records"):
        shown = "".join(f'<p class="shown">{esc(col)}: <b>{esc(_shown(row.get(col)))}</b></p>'
                        for col in dict.fromkeys(show))
        choices = "".join(
            f'<label><input type="radio" name="u{row["unit"]}" value="{esc(f"{code:g}")}"> '
            f"{esc(label)}</label>" for code, label in codebook.labels.items())
        units.append(
            f'<div class="unit" data-unit="{row["unit"]}"><p><span class="ctx">'
            f'{esc(str(row.get("previous") or ""))}</span> <span class="target">'
            f'{esc(str(row.get("text") or ""))}</span> <span class="ctx">'
            f'{esc(str(row.get("next") or ""))}</span></p>{shown}<p>{choices}</p></div>')
    data = json.dumps([{k: (None if pd.isna(v) else v) for k, v in r.items()}
                       for r in sheet.to_dict("records")], ensure_ascii=False, default=str)
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Coding: '
            f"{esc(codebook.outcome)}</title><style>{_FORM_CSS}</style></head><body>"
            f"<h1>{esc(codebook.question)}</h1><p>{esc(codebook.instructions)}</p>"
            f'<p>Code the highlighted sentence. Coder: <input id="coder" value="coder1"> '
            f'<button type="button" onclick="saveSheet()">Save CSV</button></p>'
            + "".join(units)
            + '<script type="application/json" id="sheet">'
            + data.replace("</", "<\\/") + "</script>"
            + f"<script>const OUTCOME={json.dumps(codebook.outcome)};{_FORM_JS}</script>"
            + "</body></html>")


def _shown(value: object) -> str:
    """A shown value as coders read it (an empty cell is ``(none)``)."""
    if value is None or (np.ndim(value) == 0 and pd.isna(value)):
        return "(none)"
    return f"{value:.2f}" if isinstance(value, float) else str(value)


def write_coding_sheet(sheet: pd.DataFrame, codebook: Codebook, target: str | Path,
                       form: bool = True, show: Sequence[str] = ()) -> list[Path]:
    """Write the sheet as CSV (atomically) and, with ``form``, the HTML form beside it."""
    target = Path(target)
    written = [write_table(sheet, target, fmt="csv")]
    if form:
        written.append(write_text(target.with_suffix(".html"),
                                  coding_form(sheet, codebook, show)))
    return written
