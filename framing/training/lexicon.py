"""Measure the lexicon detector on the PTC training articles and refit its score.

Run ``framing train lexicon --out DIR`` (PTC from ``data/ptc`` in the shared folder unless
``--ptc`` is given) to print and write the tables quoted in ``docs/lexicons.md``: precision and
recall of the detection rule and of the alternatives it was chosen over, and the
cross-validated fit of :data:`framing.lexicons.detect.SCORE_COEFFICIENTS`. Needs pandas and
scikit-learn; the corpus is read where it lies and never copied.

Every body line of an article (line 1 is the title) is one sentence. A token is positive when
it overlaps a ``Loaded_Language`` or ``Name_Calling,Labeling`` span. Tokens taken for names
(:func:`framing.text.words.proper_noun_flags`) are left out of the tables, as the
detector skips them (one row of the rule table shows what they would add).
"""

from __future__ import annotations

import math
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing.datasets.ptc import default_ptc_dir
from framing.errors import InputError
from framing.lexicons import detect
from framing.outputs import write_json, write_table, write_text
from framing.text.words import proper_noun_flags, tokenize

TECHNIQUES: tuple[str, ...] = ("Loaded_Language", "Name_Calling,Labeling")
"""The PTC techniques that count as loaded terms."""


def loaded_spans(ptc_dir: str | Path) -> dict[str, list[tuple[int, int]]]:
    """The gold loaded-term spans of the PTC training articles, by article id.

    Args:
        ptc_dir: The ``ptc`` folder (with ``train-task2-TC.labels``).

    Returns:
        ``(start, end)`` character offsets per article, for the :data:`TECHNIQUES` only.
    """
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    with (Path(ptc_dir) / "train-task2-TC.labels").open(encoding="utf-8") as fh:
        for row in fh:
            art, tech, s, e = row.rstrip("\n").split("\t")
            if tech in TECHNIQUES:
                spans[art].append((int(s), int(e)))
    return spans


def ptc_tokens(ptc_dir: str | Path) -> tuple[pd.DataFrame, int]:
    """One row per body token of the PTC training articles, with its lexicon features.

    Args:
        ptc_dir: The ``ptc`` folder (``train-articles/`` and ``train-task2-TC.labels``).

    Returns:
        The token table (columns ``article, line, norm, start, end``, ``name`` (taken for a
        name, so skipped by the detector), ``y``, ``features`` (the
        :class:`~framing.lexicons.detect.Features`) and one column per feature) and the number
        of gold spans.
    """
    ptc_dir = Path(ptc_dir)
    spans = loaded_spans(ptc_dir)
    rows = []
    for path in sorted((ptc_dir / "train-articles").glob("article*.txt")):
        art = path.stem.removeprefix("article")
        text = path.read_text(encoding="utf-8")
        gold = spans.get(art, [])
        offset = 0
        for line_no, line in enumerate(text.split("\n")):
            if line_no > 0:
                toks = tokenize(line)
                for tok, name in zip(toks, proper_noun_flags(line, toks), strict=True):
                    s, e = offset + tok.start, offset + tok.end
                    f = detect.word_features(tok.norm)
                    rows.append((art, line_no, tok.norm, s, e, name,
                                 any(gs < e and s < ge for gs, ge in gold), f, *f))
            offset += len(line) + 1
    cols = ["article", "line", "norm", "start", "end", "name", "y", "features",
            *detect.Features._fields]
    return pd.DataFrame(rows, columns=cols), sum(len(v) for v in spans.values())


def _evaluate(df: pd.DataFrame, flagged: pd.Series, n_spans: int,
              spans: dict[str, list[tuple[int, int]]]) -> dict[str, float]:
    f = df[flagged]
    hit = 0
    for art, g in f.groupby("article"):
        s, e = g["start"].to_numpy(), g["end"].to_numpy()
        hit += sum(bool(((s < ge) & (gs < e)).any()) for gs, ge in spans.get(art, []))
    sent_gold = df.groupby(["article", "line"])["y"].any()
    sent_flag = f.groupby(["article", "line"]).size().reindex(sent_gold.index, fill_value=0) > 0
    both = int((sent_gold & sent_flag).sum())
    return {"tokens": len(f), "token_precision": float(f["y"].mean()) if len(f) else math.nan,
            "span_recall": hit / n_spans,
            "sentence_precision": both / max(int(sent_flag.sum()), 1),
            "sentence_recall": both / max(int(sent_gold.sum()), 1)}


def rule_table(df: pd.DataFrame, n_spans: int, ptc_dir: str | Path) -> pd.DataFrame:
    """Precision/recall of the rule, its branches and the alternatives considered."""
    spans = loaded_spans(ptc_dir)
    names = df[df["name"]]
    name_hits = names["features"].map(detect.rule).notna()
    df = df[~df["name"]]
    feats = list(df["features"])
    branch = pd.Series([detect.rule(f) for f in feats], index=df.index)
    loose = pd.Series([detect.rule(f, math.inf, math.inf) for f in feats], index=df.index)
    pi = branch.eq("persuasion")
    v = df["valence"]
    has_v = v.notna()
    strong = has_v & (v <= detect.VADER_MAX)
    category = (df["nrc_negative"] > 0) | df["empath_affect"] | df["empath_topic"]
    variants = {
        "persuasion-index lists": pi,
        "lists + VADER<=-0.5 & (Empath|EmoLex neg.)": pi | (strong & category),
        "lists + VADER<=-0.5": pi | strong,
        "lists + VADER<=-0.5 + EmoLex>=2 (no rarity)": loose.notna(),
        "rule branch 2 (VADER, rare)": branch.eq("vader"),
        "rule branch 3 (EmoLex, rare)": branch.eq("nrc"),
        "rule, branch 2 also needing Empath|EmoLex neg.": branch.isin(["persuasion", "nrc"])
        | (branch.eq("vader") & category),
        "rule (all branches)": branch.notna(),
        "not used: VADER>=+0.5 & Zipf<4": has_v & (v >= 0.5) & (df["zipf"] < 4.0),
    }
    table = pd.DataFrame({k: _evaluate(df, m, n_spans, spans) for k, m in variants.items()}).T
    table.loc["not used: rule hits on names"] = {
        "tokens": int(name_hits.sum()), "token_precision": float(names["y"][name_hits].mean())}
    return table


def band_table(df: pd.DataFrame) -> pd.DataFrame:
    """Precision of each rule branch (cut-offs off) by Zipf band and adjective-like suffix.

    This is the evidence for the cut-offs: the share of tokens inside a gold span falls
    steeply with frequency, and adjective/adverb-like words stay precise about half a Zipf
    unit further.
    """
    df = df[~df["name"]]
    loose = df["features"].map(lambda f: detect.rule(f, math.inf, math.inf))
    bands = pd.cut(df["zipf"], [-0.01, 3.0, 3.5, 4.0, 4.5, 5.0, 9.0], right=False)
    sub = df.assign(branch=loose, band=bands).dropna(subset=["branch"])
    return (sub.groupby(["branch", "adjective", "band"], observed=True)["y"]
            .agg(tokens="size", precision="mean").unstack("band"))


def fit_score(df: pd.DataFrame, folds: int = 5) -> tuple[dict[str, float], dict[str, float]]:
    """Fit the score's logistic regression on all rule candidates (rarity cut-offs off).

    Returns:
        The fitted coefficients (rounded to two decimals) and article-grouped
        cross-validated ROC AUC / Brier score (with the constant predictor's Brier score).
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import brier_score_loss, roc_auc_score
    from sklearn.model_selection import GroupKFold

    df = df[~df["name"]]
    feats = list(df["features"])
    keep = np.array([detect.rule(f, math.inf, math.inf) is not None for f in feats])
    X = pd.DataFrame([detect.feature_vector(f) for f, k in zip(feats, keep, strict=True) if k])
    y = df["y"].to_numpy()[keep]
    groups = df["article"].to_numpy()[keep]
    pred = np.zeros(len(y))
    for tr, te in GroupKFold(folds).split(X, y, groups):
        model = LogisticRegression(max_iter=2000).fit(X.iloc[tr], y[tr])
        pred[te] = model.predict_proba(X.iloc[te])[:, 1]
    model = LogisticRegression(max_iter=2000).fit(X, y)
    coef = {"intercept": round(float(model.intercept_[0]), 2)}
    coef.update({k: round(float(c), 2) for k, c in zip(X.columns, model.coef_[0], strict=True)})
    quality = {"candidates": float(len(y)), "positive_rate": float(y.mean()),
               "cv_roc_auc": float(roc_auc_score(y, pred)),
               "cv_brier": float(brier_score_loss(y, pred)),
               "constant_brier": float(brier_score_loss(y, np.full(len(y), y.mean())))}
    return coef, quality


def sentence_table(ptc_dir: str | Path) -> pd.DataFrame:
    """Sentence-level ranking quality: does a sentence contain a loaded-term span?

    Compares ``lex_emotive`` (``1 - prod(1 - score)`` over detected terms) with VADER's
    compound score (more negative = more emotive) and with the number of detected terms.

    Returns:
        ROC AUC of each predictor over all non-empty body lines.
    """
    from sklearn.metrics import roc_auc_score
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    ptc_dir = Path(ptc_dir)
    spans = loaded_spans(ptc_dir)
    sia = SentimentIntensityAnalyzer()
    y, emotive, n_terms, vader_neg = [], [], [], []
    for path in sorted((ptc_dir / "train-articles").glob("article*.txt")):
        art = path.stem.removeprefix("article")
        offset = 0
        for line_no, line in enumerate(path.read_text(encoding="utf-8").split("\n")):
            if line_no > 0 and line.strip():
                end = offset + len(line)
                y.append(any(gs < end and offset < ge for gs, ge in spans.get(art, [])))
                terms = detect.analyze(line).terms
                emotive.append(1.0 - math.prod(1.0 - t.score for t in terms))
                n_terms.append(len(terms))
                vader_neg.append(-sia.polarity_scores(line)["compound"])
            offset += len(line) + 1
    return pd.DataFrame({
        "sentences": [len(y)] * 3,
        "positive_rate": [float(np.mean(y))] * 3,
        "roc_auc": [roc_auc_score(y, emotive), roc_auc_score(y, n_terms),
                    roc_auc_score(y, vader_neg)],
    }, index=["lex_emotive", "number of terms", "-VADER compound"])


def calibrate(ptc_dir: str | Path | None, out_dir: str | Path, echo: Any = print
              ) -> dict[str, Any]:
    """Measure the rule and refit the score; print the tables and write them to ``out_dir``.

    Args:
        ptc_dir: The ``ptc`` folder (default: ``data/ptc`` in the shared folder,
            :func:`framing.datasets.ptc.default_ptc_dir`).
        out_dir: Folder for ``rule_table.csv``, ``band_table.csv``, ``sentence_table.csv``,
            ``score_fit.json`` and ``summary.txt`` (the printed report).
        echo: Callable for the printed lines.

    Returns:
        The tables and the fit (``rule``, ``bands``, ``sentences``, ``coefficients``,
        ``quality``).
    """
    ptc_dir = default_ptc_dir() if ptc_dir is None else Path(ptc_dir)
    if ptc_dir is None:
        raise InputError(None, "no PTC folder found in the shared folder (pass --ptc or set "
                               "FRAMING_SHARED_DIR)")
    if not (ptc_dir / "train-task2-TC.labels").is_file():
        raise InputError(ptc_dir, "not a PTC folder (train-task2-TC.labels missing)")
    out_dir = Path(out_dir)
    df, n_spans = ptc_tokens(ptc_dir)
    body = df[~df["name"]]
    lines = [f"{len(body)} body tokens (and {int(df['name'].sum())} names), "
             f"{int(body['y'].sum())} inside {n_spans} gold spans "
             f"(base rate {body['y'].mean():.3f})"]
    with pd.option_context("display.width", 160, "display.precision", 3):
        rules = rule_table(df, n_spans, ptc_dir)
        lines.append(rules.to_string())
        bands = band_table(df)
        lines.append(bands.to_string())
        coef, quality = fit_score(df)
        lines.append(f"score coefficients: {coef}")
        lines.append(f"shipped coefficients: {detect.SCORE_COEFFICIENTS}")
        lines.append(f"score quality: { {k: round(v, 4) for k, v in quality.items()} }")
        sentences = sentence_table(ptc_dir)
        lines.append(sentences.to_string())
    for line in lines:
        echo(line)
    out_dir.mkdir(parents=True, exist_ok=True)
    write_table(rules.rename_axis("variant").reset_index(), out_dir / "rule_table.csv")
    flat = bands.copy()
    flat.columns = [f"{stat} {band}" for stat, band in flat.columns]
    write_table(flat.reset_index(), out_dir / "band_table.csv")
    write_table(sentences.rename_axis("predictor").reset_index(),
                out_dir / "sentence_table.csv")
    write_json(out_dir / "score_fit.json",
               {"coefficients": coef, "shipped_coefficients": dict(detect.SCORE_COEFFICIENTS),
                "quality": quality})
    write_text(out_dir / "summary.txt", "\n".join(lines) + "\n")
    return {"rule": rules, "bands": bands, "sentences": sentences, "coefficients": coef,
            "quality": quality}
