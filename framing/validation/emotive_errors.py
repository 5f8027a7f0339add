"""Where the loaded-term detectors err: by voice, by outlet, and how calibrated they are.

Part of ``framing validate emotive`` (:mod:`framing.validation.emotive`):

* :func:`per_voice`: overlap precision and recall on the PTC test articles separately for
  terms in the author's voice and terms inside quotations (voice from
  :func:`framing.attribute.find_quotes` on each sentence, as the pipeline does);
* :func:`per_outlet`: on BABE's held-out articles, per outlet (and its leaning), word
  precision/recall against the experts' biased words and the rate of detected vs marked words
  per 1,000 words: does the error depend on the outlet's leaning?
* :func:`reliability`: binned predicted probability against the observed share (a
  reliability curve) for ``emotive.minilm-words.v1``'s word probabilities.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from framing.analysis.metrics import span_scores
from framing.attribute import find_quotes, voice_of_span

WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
Span = tuple[int, int, str]


def _voiced(texts: Sequence[str], spans: Sequence[Sequence[Span]], voice: str
            ) -> list[list[tuple[int, int, str]]]:
    out = []
    for text, unit in zip(texts, spans, strict=True):
        quotes = find_quotes(text, syntax=False) if unit else []
        out.append([(a, b, "x") for a, b, _ in unit
                    if voice_of_span(quotes, a, b, text=text)[0] == voice])
    return out


def per_voice(texts: Sequence[str], gold: Sequence[Sequence[Span]],
              predictions: dict[str, Sequence[Sequence[Span]]]) -> pd.DataFrame:
    """Overlap precision (of the detected terms) and recall (of the gold terms) per voice.

    Types are merged. Precision for a voice scores the detected terms in that voice against
    all gold terms; recall scores the gold terms in that voice against all detected terms.

    Returns:
        One row per scorer and voice: ``n_gold``, ``n_pred``, ``overlap_precision``,
        ``overlap_recall``, ``overlap_f1``.
    """
    untyped_gold = [[(a, b, "x") for a, b, _ in g] for g in gold]
    rows = []
    for name, pred in predictions.items():
        untyped_pred = [[(a, b, "x") for a, b, _ in p] for p in pred]
        for voice in ("author", "quoted"):
            g_v, p_v = _voiced(texts, gold, voice), _voiced(texts, pred, voice)
            prec = span_scores(untyped_gold, p_v)
            rec = span_scores(g_v, untyped_pred)
            p, r = prec["overlap_precision"], rec["overlap_recall"]
            rows.append({"scorer": name, "voice": voice, "n_gold": int(rec["n_gold"]),
                         "n_pred": int(prec["n_pred"]), "overlap_precision": p,
                         "overlap_recall": r, "overlap_f1": 2 * p * r / (p + r) if p + r else 0.0})
    return pd.DataFrame(rows)


def word_set(texts: Sequence[str]) -> set[str]:
    """The lower-case words of some texts (terms or marked words), as BABE is compared."""
    return {w.lower() for t in texts for w in WORD.findall(t)}


def per_outlet(data: pd.DataFrame, term_columns: dict[str, pd.Series]) -> pd.DataFrame:
    """Word agreement with the experts per outlet, and the detected-to-marked rate ratio.

    Args:
        data: BABE rows (``source``, ``leaning``, ``text``, ``biased_words``).
        term_columns: Scorer name -> its ``loaded_terms`` per row of ``data``.

    Returns:
        One row per scorer and outlet: ``leaning``, ``n_sentences``, ``n_words``,
        ``marked_per_1000_words``, ``detected_per_1000_words``, ``rate_ratio`` (detected /
        marked), ``precision``, ``recall``, ``f1``.
    """
    rows = []
    n_words = data["text"].map(lambda t: len(WORD.findall(t))).to_numpy()
    gold = [word_set(words) for words in data["biased_words"]]
    for name, terms in term_columns.items():
        pred = [word_set([t["text"] for t in ts]) for ts in terms]
        frame = pd.DataFrame({"source": data["source"].to_numpy(),
                              "leaning": data["leaning"].fillna("unknown").to_numpy(),
                              "words": n_words, "gold": [len(g) for g in gold],
                              "pred": [len(p) for p in pred],
                              "tp": [len(p & g) for p, g in zip(pred, gold, strict=True)]})
        for (source, leaning), grp in frame.groupby(["source", "leaning"], sort=True):
            w, g, p, tp = (grp[c].sum() for c in ("words", "gold", "pred", "tp"))
            prec = tp / p if p else float("nan")
            rec = tp / g if g else float("nan")
            rows.append({"scorer": name, "source": source, "leaning": leaning,
                         "n_sentences": len(grp), "n_words": int(w),
                         "marked_per_1000_words": 1000 * g / w if w else float("nan"),
                         "detected_per_1000_words": 1000 * p / w if w else float("nan"),
                         "rate_ratio": p / g if g else float("nan"), "precision": prec,
                         "recall": rec,
                         "f1": 2 * prec * rec / (prec + rec) if prec + rec else float("nan")})
    return pd.DataFrame(rows)


def leaning_summary(outlets: pd.DataFrame) -> pd.DataFrame:
    """The per-outlet table pooled by leaning (sentence-weighted means of the outlets)."""
    cols = ["rate_ratio", "precision", "recall", "f1"]
    out = []
    for (name, leaning), grp in outlets.groupby(["scorer", "leaning"], sort=True):
        w = grp["n_sentences"].to_numpy(dtype=float)
        out.append({"scorer": name, "leaning": leaning, "n_outlets": len(grp),
                    "n_sentences": int(w.sum()),
                    **{c: float(np.nansum(grp[c].to_numpy() * w) / w.sum()) for c in cols}})
    return pd.DataFrame(out)


def reliability(p: np.ndarray, y: np.ndarray, bins: int = 10) -> pd.DataFrame:
    """A reliability curve: per probability bin, the mean prediction and the observed share.

    Bins are equal-width on [0, 1]; empty bins are left out.

    Returns:
        ``bin_low``, ``bin_high``, ``n``, ``mean_predicted``, ``observed``.
    """
    p = np.asarray(p, dtype=float)
    y = np.asarray(y, dtype=float)
    edges = np.linspace(0.0, 1.0, bins + 1)
    idx = np.clip(np.digitize(p, edges[1:-1]), 0, bins - 1)
    rows = []
    for b in range(bins):
        m = idx == b
        if m.any():
            rows.append({"bin_low": edges[b], "bin_high": edges[b + 1], "n": int(m.sum()),
                         "mean_predicted": float(p[m].mean()), "observed": float(y[m].mean())})
    return pd.DataFrame(rows)
