"""Explanations of one sentence's scores: loaded terms in context and word attributions.

Word attributions for sentiment are computed by occlusion: each word is removed in turn and
the sentence is scored again; a word's attribution is how much the sentiment drops without
it (positive = the word pushed the score up). This is model-agnostic and needs no gradients.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from framing.api import score
from framing.attribute.terms import attribute, term_columns
from framing.errors import ArgumentError
from framing.scoring import as_scorers

WORD = re.compile(r"\w[\w'’-]*", re.UNICODE)
"""What occlusion leaves out at a time: a run of word characters with inner apostrophes and
hyphens. Unlike :func:`framing.text.words.tokenize` (the word count of the analyses) it keeps
numbers (``42``) and possessives (``Kyiv's``, ``It’s``) whole, so leaving a word out never
strands an ``'s``; the attributions ``framing explain`` prints depend on it."""


@dataclass
class Explanation:
    """Everything ``framing explain`` prints about one sentence.

    Attributes:
        text: The sentence.
        row: Its score row (all scorers' columns, voice and speaker).
        terms: Loaded terms (dicts with text/start/end/type/score/categories/voice/speaker/target).
        attributions: ``(word, start, end, attribution)`` for sentiment, in sentence order.
    """

    text: str
    row: dict
    terms: list[dict] = field(default_factory=list)
    attributions: list[tuple[str, int, int, float]] = field(default_factory=list)


def sentiment_column(columns: Sequence[str]) -> str | None:
    """A scorer's sentiment column: ``sentiment``, else ``<prefix>sentiment`` (VADER, HF)."""
    return next((c for c in columns if c == "sentiment"),
                next((c for c in columns if c.endswith("_sentiment")), None))


def score_lines(row: dict) -> list[str]:
    """One line per score in a scored row: each sentiment (label, probabilities), emotive."""
    lines = []
    for col in [c for c in row if c == "sentiment" or c.endswith("_sentiment")]:
        prefix = col.removesuffix("sentiment")
        label = row.get(f"{prefix}label", row.get(f"{col}_label"))
        probs = [(k, row.get(f"{prefix}p_{k}")) for k in ("negative", "neutral", "positive")]
        parts = [] if label is None else [str(label)]
        if all(v is not None for _, v in probs):
            parts.append(", ".join(f"p_{k[:3]} {v:.2f}" for k, v in probs))
        detail = "; ".join(parts)
        lines.append(f"{col} {row[col]:+.3f}" + (f" ({detail})" if detail else ""))
    for col in [c for c in row if c == "emotive" or c.endswith("_emotive")]:
        lines.append(f"{col} {row[col]:.3f}")
    return lines


def occlusion_attributions(text: str, scorer, column: str = "sentiment"
                           ) -> list[tuple[str, int, int, float]]:
    """Change in ``column`` when each word is left out (one batched scoring call)."""
    words = [(m.group(), m.start(), m.end()) for m in WORD.finditer(text)]
    variants = [text] + [" ".join((text[:s] + text[e:]).split()) for _, s, e in words]
    scores = scorer.score(variants)[column].to_numpy()
    return [(w, s, e, float(scores[0] - scores[i + 1])) for i, (w, s, e) in enumerate(words)]


def explain(text: str, scorers=None, device: str = "auto") -> Explanation:
    """Score one sentence with attribution and word-level sentiment attributions.

    Args:
        text: The sentence.
        scorers: Scorer names or objects (default: the package defaults); pass objects to
            explain several sentences without loading the models again.
        device: Torch device option.

    Returns:
        An :class:`Explanation`.

    Raises:
        ArgumentError: The sentence is empty or only whitespace.
    """
    if not isinstance(text, str) or not text.strip():
        raise ArgumentError("explain: the sentence is empty; give a sentence (quoted), "
                            "--file FILE or - for standard input")
    objs = as_scorers(scorers, device=device)
    table = score([text], objs, cache=False)
    table.insert(0, "doc_id", "sentence")
    table.insert(1, "start", 0)
    table.insert(2, "end", len(text))
    table = attribute(table, {"sentence": text})
    row = table.iloc[0].to_dict()
    terms = [t for c in term_columns(table) for t in (row.get(c) or [])]
    sentiment = next((s for s in objs if sentiment_column(s.columns)), None)
    attributions = (occlusion_attributions(text, sentiment, sentiment_column(sentiment.columns))
                    if sentiment is not None else [])
    return Explanation(text=text, row=row, terms=terms, attributions=attributions)


def explain_inputs(text: str) -> list[str]:
    """The sentences of an ``explain`` input: one per non-blank line, trimmed."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def render(ex: Explanation, color: bool = True, top: int = 5) -> str:
    """Plain-text rendering: the sentence with terms marked, then terms, then attributions.

    Loaded terms are bold and underlined with ``color``, else in ``[brackets]`` (for pipes,
    files and ``NO_COLOR``).
    """
    def mark(s: str) -> str:
        return f"\033[1;4m{s}\033[0m" if color else f"[{s}]"

    marked, last = [], 0
    for t in sorted({(t["start"], t["end"]) for t in ex.terms}):
        if t[0] < last:
            continue
        marked += [ex.text[last : t[0]], mark(ex.text[t[0] : t[1]])]
        last = t[1]
    marked.append(ex.text[last:])
    lines = ["".join(marked), ""]
    r = ex.row
    lines += score_lines(r)
    lines.append(f"voice {r.get('voice')}" + (f", speaker {r['speaker']}" if r.get("speaker")
                                              else ""))
    lines.append("")
    if ex.terms:
        lines.append("loaded terms:")
        for t in ex.terms:
            who = t["voice"] + (f" ({t['speaker']})" if t.get("speaker") else "")
            lines.append(f"  {t['text']!r:28} {t['type']:16} score {t['score']:.2f}  voice {who}"
                         f"  target {t.get('target') or '-'}")
            if t.get("categories"):
                lines.append(f"      categories: {', '.join(t['categories'])}")
    else:
        lines.append("loaded terms: none")
    if ex.attributions:
        ranked = sorted(ex.attributions, key=lambda a: -abs(a[3]))[:top]
        lines.append("")
        lines.append("words that drove the sentiment (change when the word is removed):")
        for w, _, _, a in ranked:
            lines.append(f"  {w:20} {a:+.3f}")
    return "\n".join(lines)


def explanation_table(ex: Explanation) -> pd.DataFrame:
    """The attributions as a table (word, start, end, attribution)."""
    return pd.DataFrame(ex.attributions, columns=["word", "start", "end", "attribution"])
