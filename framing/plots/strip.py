"""The framing strip: one article, sentence by sentence, with sentiment, loaded terms and voice.

Each sentence is one row: its index, a swatch coloured by sentence sentiment on a diverging
colour-blind-safe map (Okabe-Ito vermillion for negative, light grey for neutral, blue for
positive) with the value written in it, a hatched bar when the sentence is quoted, the
sentence text wrapped to ``wrap`` characters with the detected loaded terms in bold,
highlighted and underlined (colour by term type), the emotive score as a small bar, and the
voice with the speaker's name. The text is set in a monospaced font so that the position of
every term follows from its character offsets, identically in PNG and PDF.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass

import numpy as np
import pandas as pd

from framing.errors import ArgumentError
from framing.plots.forest import NA_TEXT, is_finite, require_columns
from framing.plots.style import SENTIMENT_COLOURS, house_style
from framing.schema import is_missing

FONT_SIZE = 8.5
"""Font size of the sentence text (points)."""
MONO = "DejaVu Sans Mono"
CHAR_W = 0.602 * FONT_SIZE / 72.0
"""Advance width of one monospaced character, in inches (DejaVu Sans Mono: 1233/2048 em)."""
LINE_H = 1.5 * FONT_SIZE / 72.0
"""Line height in inches."""
ROW_PAD = 0.09
"""Vertical padding of a row, in inches."""

TERM_COLOURS: dict[str, str] = {"loaded_language": "#CC79A7", "name_calling": "#009E73"}
"""Highlight and underline colour by loaded-term type (Okabe-Ito reddish purple, green)."""
OTHER_TERM_COLOUR = "#E69F00"
EMOTIVE_COLOUR = "#555555"
QUOTE_COLOUR = "#333333"


def sentiment_cmap():
    """The diverging sentiment colour map: vermillion (−1) → light grey (0) → blue (+1).

    Returns:
        A ``LinearSegmentedColormap``.
    """
    from matplotlib.colors import LinearSegmentedColormap

    return LinearSegmentedColormap.from_list(
        "framing_sentiment",
        [SENTIMENT_COLOURS["negative"], "#E4E4E4", SENTIMENT_COLOURS["positive"]])


@dataclass
class _Span:
    start: int
    end: int
    type: str


def _term_spans(text: str, terms: object) -> tuple[list[_Span], list[str]]:
    """Character spans of the loaded terms in a sentence, merged; and terms not located."""
    if is_missing(terms) or terms is None:
        return [], []
    spans: list[_Span] = []
    unlocated: list[str] = []
    lowered = text.lower()
    for term in terms:
        if not isinstance(term, dict):
            continue
        word = term.get("text")
        start, end = term.get("start"), term.get("end")
        kind = str(term.get("type") or "")
        ok = (is_finite(start) and is_finite(end) and 0 <= int(start) < int(end) <= len(text)
              and (not isinstance(word, str)
                   or lowered[int(start):int(end)] == word.lower()))
        if ok:
            spans.append(_Span(int(start), int(end), kind))
            continue
        found = lowered.find(word.lower()) if isinstance(word, str) and word else -1
        if found >= 0:
            spans.append(_Span(found, found + len(word), kind))
        elif isinstance(word, str) and word:
            unlocated.append(word)
    spans.sort(key=lambda s: (s.start, -s.end))
    merged: list[_Span] = []
    for span in spans:
        if merged and span.start < merged[-1].end:
            merged[-1].end = max(merged[-1].end, span.end)
        else:
            merged.append(span)
    return merged, unlocated


def _wrap(text: str, spans: list[_Span], width: int) -> list[list[tuple[int, int]]]:
    """Greedy wrap keeping each loaded term on one line.

    Returns:
        Lines, each a list of ``(start, end)`` character ranges of ``text`` (words, or runs
        of words joined by a term), separated by one space when drawn.
    """
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    units: list[tuple[int, int]] = []
    for w in words:
        if units and any(s.start < units[-1][1] and s.end > w[0] for s in spans):
            units[-1] = (units[-1][0], w[1])  # a term spans the gap: keep together
        else:
            units.append(w)
    pieces: list[tuple[int, int]] = []
    for start, end in units:  # hard-split over-long words that are not terms
        inside = any(s.start < end and s.end > start for s in spans)
        if end - start > width and not inside:
            pieces += [(p, min(p + width, end)) for p in range(start, end, width)]
        else:
            pieces.append((start, end))
    lines: list[list[tuple[int, int]]] = []
    length = 0
    for start, end in pieces:
        n = end - start
        if lines and length + 1 + n <= width:
            lines[-1].append((start, end))
            length += 1 + n
        else:
            lines.append([(start, end)])
            length = n
    return lines or [[(0, 0)]]


def _pieces(
    start: int, end: int, spans: list[_Span],
) -> list[tuple[int, int, _Span | None]]:
    """Split ``[start, end)`` into runs that are inside one term span or outside all."""
    out: list[tuple[int, int, _Span | None]] = []
    pos = start
    for span in spans:
        if span.end <= pos or span.start >= end:
            continue
        if span.start > pos:
            out.append((pos, span.start, None))
        out.append((max(span.start, pos), min(span.end, end), span))
        pos = min(span.end, end)
    if pos < end:
        out.append((pos, end, None))
    return out


def _speaker_text(voice: object, speaker: object) -> tuple[str, str]:
    if is_missing(voice) or voice is None:
        return "", ""
    if str(voice) == "quoted":
        name = "" if is_missing(speaker) or speaker is None else str(speaker).strip()
        return "quoted", name or "(speaker unknown)"
    return str(voice), ""


def plot_framing_strip(
    sentences: pd.DataFrame, doc_id: object, title: str | None = None, wrap: int = 70,
):
    """Sentence-by-sentence framing strip of one article.

    Rows follow ``sent_idx``. The figure grows with the number of wrapped lines (about
    0.18 in per line), so a 20-sentence article stays readable.

    Args:
        sentences: Sentence table (``doc_id``, ``sent_idx``, ``text``; used when present:
            ``source``, ``sentiment``, ``emotive``, ``loaded_terms``, ``voice``,
            ``speaker``).
        doc_id: The article to draw.
        title: Figure title; default the source and article id.
        wrap: Characters per line of sentence text.

    Returns:
        The matplotlib figure. Its main axes holds one sentiment swatch (a ``Rectangle``
        with gid ``"sentence:<sent_idx>"``) per sentence, and one ``Text`` per loaded term
        (gid ``"term:<sent_idx>:<type>"``) whose text is the term as written.

    Raises:
        ArgumentError: A needed column is missing, ``wrap`` is below 20, or the article is not
            in the table.
    """
    import matplotlib.pyplot as plt
    from matplotlib.colorbar import ColorbarBase
    from matplotlib.colors import Normalize
    from matplotlib.patches import Patch, Rectangle

    require_columns(sentences, ["doc_id", "sent_idx", "text"], "plot_framing_strip")
    if wrap < 20:
        raise ArgumentError(f"wrap must be at least 20 characters, not {wrap!r}")
    doc = sentences[sentences["doc_id"] == doc_id].sort_values("sent_idx", kind="stable")
    if doc.empty:
        ids = ", ".join(map(repr, pd.unique(sentences["doc_id"])[:5]))
        raise ArgumentError(f"article {doc_id!r} is not in the sentence table (articles "
                               f"include {ids or 'none'})")
    cmap = sentiment_cmap()
    norm = Normalize(-1.0, 1.0)

    rows = []
    for _, r in doc.iterrows():
        # whitespace made plain spaces one for one, so term offsets stay valid
        text = re.sub(r"\s", " ", r["text"]) if isinstance(r["text"], str) else ""
        spans, unlocated = _term_spans(text, r.get("loaded_terms"))
        lines = _wrap(text, spans, wrap)
        voice, name = _speaker_text(r.get("voice"), r.get("speaker"))
        name_lines = textwrap.wrap(name, 22) if name else []
        note = ""
        if "loaded_terms" in doc.columns and is_missing(r["loaded_terms"]):
            note = "loaded terms not scored"
        elif unlocated:
            note = "terms not located in the text: " + ", ".join(unlocated)
        extra = 1 if note else 0
        n_lines = max(len(lines) + extra, 1 + len(name_lines), 2)
        rows.append({"r": r, "text": text, "spans": spans, "lines": lines, "voice": voice,
                     "name_lines": name_lines, "note": note, "n_lines": n_lines})

    x_idx, x_sw0, sw_w = 0.42, 0.5, 0.62
    x_qbar, q_w = x_sw0 + sw_w + 0.08, 0.07
    x_text = x_qbar + q_w + 0.12
    text_w = wrap * CHAR_W
    x_emo = x_text + text_w + 0.25
    emo_w = 0.7
    x_voice = x_emo + emo_w + 0.45
    width = x_voice + 1.75
    header, footer = 0.95, 0.75
    body = sum(row["n_lines"] * LINE_H + 2 * ROW_PAD for row in rows)
    height = header + body + footer

    with house_style():
        fig = plt.figure(figsize=(width, height))
        ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
        ax.set_xlim(0.0, width)
        ax.set_ylim(height, 0.0)  # inches, downwards
        ax.set_axis_off()

        source = doc["source"].iloc[0] if "source" in doc.columns else None
        heading = title or (f"{source} — article {doc_id}" if source is not None
                            else f"Article {doc_id}")
        ax.text(0.08, 0.28, heading, fontsize=11, fontweight="bold", va="center")
        n_terms = sum(len(row["spans"]) for row in rows)
        n_quoted = sum(row["voice"] == "quoted" for row in rows)
        sub = f"{len(rows)} sentences · {n_terms} loaded terms · {n_quoted} quoted"
        if "sentiment" in doc.columns and np.isfinite(doc["sentiment"].to_numpy(float)).any():
            mean = np.nanmean(doc["sentiment"].to_numpy(float))
            sub += f" · mean sentiment {mean:+.2f}".replace("-", "−")
        ax.text(0.08, 0.5, sub, fontsize=8.5, color="#444444", va="center")
        hy = header - 0.12
        for x, label, ha in ((x_idx, "#", "right"), (x_sw0 + sw_w / 2, "sentiment", "center"),
                             (x_text, "sentence (loaded terms bold and underlined)", "left"),
                             (x_emo, "emotive", "left"), (x_voice, "voice", "left")):
            ax.text(x, hy, label, fontsize=7.5, color="#555555", ha=ha, va="bottom")
        ax.plot([0.08, width - 0.08], [header, header], color="#BBBBBB", linewidth=0.8)

        y = header
        for row in rows:
            r = row["r"]
            h = row["n_lines"] * LINE_H + 2 * ROW_PAD
            top, inner = y + ROW_PAD, h - 2 * ROW_PAD
            idx = r["sent_idx"]
            quoted = row["voice"] == "quoted"
            if quoted:  # light background over the text column
                ax.add_patch(Rectangle((x_qbar, y + ROW_PAD / 2), width - 0.08 - x_qbar,
                                       h - ROW_PAD, facecolor="#F4F4F4", edgecolor="none",
                                       zorder=0))
                ax.add_patch(Rectangle((x_qbar, top), q_w, inner, facecolor="white",
                                       edgecolor=QUOTE_COLOUR, hatch="////", linewidth=0.6,
                                       gid=f"quoted:{idx}"))
            ax.text(x_idx, top + LINE_H / 2, str(idx), ha="right", va="center", fontsize=8,
                    color="#555555")
            # sentiment swatch
            s = r.get("sentiment", np.nan)
            if is_finite(s):
                s = float(s)
                ax.add_patch(Rectangle((x_sw0, top), sw_w, inner, facecolor=cmap(norm(s)),
                                       edgecolor="none", gid=f"sentence:{idx}"))
                ax.text(x_sw0 + sw_w / 2, top + inner / 2, f"{s:+.2f}".replace("-", "−"),
                        ha="center", va="center", fontsize=8,
                        color="white" if abs(s) > 0.45 else "black")
            else:
                ax.add_patch(Rectangle((x_sw0, top), sw_w, inner, facecolor="white",
                                       edgecolor="#999999", hatch="xx", linewidth=0.6,
                                       gid=f"sentence:{idx}"))
                ax.text(x_sw0 + sw_w / 2, top + inner / 2, NA_TEXT, ha="center",
                        va="center", fontsize=8, style="italic",
                        bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
            # sentence text: each word (or term) is its own Text at its monospaced column, so
            # raster back-ends that round glyph advances to whole pixels cannot drift
            text = row["text"]
            for li, units in enumerate(row["lines"]):
                ly = top + (li + 0.5) * LINE_H
                col = 0
                for ustart, uend in units:
                    for pstart, pend, span in _pieces(ustart, uend, row["spans"]):
                        x0 = x_text + (col + pstart - ustart) * CHAR_W
                        piece = text[pstart:pend]
                        if span is None:
                            ax.text(x0, ly, piece, family=MONO, fontsize=FONT_SIZE,
                                    va="center", ha="left", color="#111111")
                            continue
                        colour = TERM_COLOURS.get(span.type, OTHER_TERM_COLOUR)
                        w = (pend - pstart) * CHAR_W
                        ax.add_patch(Rectangle((x0 - 0.01, ly - 0.44 * LINE_H), w + 0.02,
                                               0.88 * LINE_H, facecolor=colour, alpha=0.22,
                                               edgecolor="none", zorder=1))
                        ax.plot([x0, x0 + w], [ly + 0.40 * LINE_H] * 2, color=colour,
                                linewidth=1.4, solid_capstyle="butt", zorder=2)
                        ax.text(x0, ly, piece, family=MONO, fontsize=FONT_SIZE,
                                fontweight="bold", va="center", ha="left", color="black",
                                zorder=3, gid=f"term:{idx}:{span.type}")
                    col += uend - ustart + 1
            if row["note"]:
                ax.text(x_text, top + (len(row["lines"]) + 0.5) * LINE_H, row["note"],
                        fontsize=7, style="italic", color="#555555", va="center")
            # emotive score
            e = r.get("emotive", np.nan)
            ey = top + LINE_H / 2
            ax.add_patch(Rectangle((x_emo, ey - 0.3 * LINE_H), emo_w, 0.6 * LINE_H,
                                   facecolor="white", edgecolor="#AAAAAA", linewidth=0.6))
            if is_finite(e):
                e = float(e)
                ax.add_patch(Rectangle((x_emo, ey - 0.3 * LINE_H), emo_w * min(max(e, 0), 1),
                                       0.6 * LINE_H, facecolor=EMOTIVE_COLOUR,
                                       edgecolor="none", gid=f"emotive:{idx}"))
                label = f"{e:.2f}"
            else:
                label = NA_TEXT
            ax.text(x_emo + emo_w + 0.05, ey, label, fontsize=7.5, va="center", ha="left",
                    color="#333333", style="italic" if label == NA_TEXT else "normal")
            # voice and speaker
            if row["voice"]:
                ax.text(x_voice, top + LINE_H / 2, row["voice"], fontsize=7.5, va="center",
                        color=QUOTE_COLOUR if quoted else "#888888")
            for ni, name_line in enumerate(row["name_lines"]):
                ax.text(x_voice, top + (ni + 1.5) * LINE_H, name_line, fontsize=8,
                        fontweight="bold", va="center", color=QUOTE_COLOUR,
                        gid=f"speaker:{idx}")
            y += h
            ax.plot([0.08, width - 0.08], [y, y], color="#E2E2E2", linewidth=0.6, zorder=0)

        # footer: colour bar and key
        fy = y + 0.2
        cax = fig.add_axes(((x_sw0) / width, 1 - (fy + 0.12) / height, 2.0 / width,
                            0.12 / height))
        bar = ColorbarBase(cax, cmap=cmap, norm=norm, orientation="horizontal",
                           ticks=[-1, -0.5, 0, 0.5, 1])
        bar.ax.tick_params(labelsize=7, length=2, pad=1)
        bar.ax.set_xticklabels(["−1", "−0.5", "0", "+0.5", "+1"])
        bar.outline.set_linewidth(0.5)
        cax.set_title("sentence sentiment", fontsize=7, pad=2, loc="left")
        key = [Patch(facecolor=TERM_COLOURS[t], alpha=0.5, label=t.replace("_", " "))
               for t in TERM_COLOURS]
        key.append(Patch(facecolor="white", edgecolor=QUOTE_COLOUR, hatch="////",
                         label="quoted sentence"))
        key.append(Patch(facecolor=EMOTIVE_COLOUR, label="emotive score (0–1)"))
        ax.legend(handles=key, loc="upper left", ncol=4, fontsize=7.5,
                  bbox_to_anchor=((x_sw0 + 2.4) / width, 1 - (fy - 0.05) / height),
                  bbox_transform=fig.transFigure, handlelength=1.5, columnspacing=1.2)
    return fig
