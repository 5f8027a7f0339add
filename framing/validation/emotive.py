"""Validation of emotive framing: `framing validate emotive` -> results/validation/emotive/.

1. Span detection on the PTC test articles the tagger never trained on (ids in the tagger's
   card): overlap and exact precision/recall/F1 per type, for the transformer tagger and the
   lexicon baseline.
2. BABE: how the emotive scores relate to the experts' bias labels (ROC AUC) and how the
   detected terms agree with the experts' biased words (word precision/recall/F1).
3. The seed article: the three emotive terms named in the issue and the attribution of
   "unfair" to Klitschko.
4. Cost: scoring sentiment and emotive framing together vs sentiment alone (shared trunk).
Quote/speaker and target accuracy come from their own gold sets (``benchmarks/quotes.py``,
``benchmarks/targets.py``) and are copied into the summary when present.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import numpy as np
import pandas as pd

from framing.analysis.metrics import char_scores, span_scores
from framing.api import analyze, score
from framing.attribute.quotes import find_quotes, voice_of_span
from framing.datasets.babe import biased_letters, biased_word_split, load_babe
from framing.datasets.ptc import load_ptc
from framing.models import branch
from framing.models.artifacts import TAGGER_DIR
from framing.outputs import write_json, write_table, write_text
from framing.read import read_seed_article
from framing.report.manifest import build_manifest
from framing.scoring import get_scorer
from framing.text import clean_text, segment
from framing.validation.emotive_errors import (
    leaning_summary,
    per_outlet,
    per_voice,
    reliability,
    word_set,
)

TAGGER = "emotive.minilm-ptc-tagger.v1"
LEXICON = "emotive.lexicon.v1"
ENSEMBLE = "emotive.ensemble.v1"
WORDS = "emotive.minilm-words.v1"
DETECTORS = (TAGGER, LEXICON, ENSEMBLE, WORDS)
"""The loaded-term detectors compared (each scored on its own: they share column names)."""
SENTIMENT = "sentiment.minilm-lora.v1"
SEED_TERMS = ("warmonger", "atrocity", "brutal")
SEED_NOT_LOADED = ("country", "Stop", "Vladimir")
"""Seed words the issue says are not loaded ("smash the biggest country", "Stop, Vladimir")."""


def detect(texts: list[str], cache: bool = False) -> dict[str, pd.DataFrame]:
    """``emotive`` and ``loaded_terms`` of every detector, one table per detector."""
    out = {}
    for name in DETECTORS:
        table = score(texts, [name], cache=cache, attribute_terms=False)
        prefix = "lex_" if name == LEXICON else ""
        out[name] = pd.DataFrame({"emotive": table[prefix + "emotive"],
                                  "loaded_terms": table[prefix + "loaded_terms"]})
    return out


def _spans(terms: pd.Series) -> list[list[tuple[int, int, str]]]:
    return [[(int(t["start"]), int(t["end"]), t["type"]) for t in ts] for ts in terms]


def ptc_test(ptc: str | Path | None, card: dict) -> tuple[list, dict[str, list]]:
    """The tagger's PTC test sentences and every detector's spans on them."""
    sentences, _ = load_ptc(ptc)
    test_ids = set(card["data"]["test_articles"])
    test = [s for s in sentences if s.article_id in test_ids]
    found = detect([s.text for s in test])
    return test, {name: _spans(table["loaded_terms"]) for name, table in found.items()}


def _of_types(unit: list, types: list[str] | None) -> list:
    return [x for x in unit if types is None or x[2] in types]


def ptc_spans(test: list, predictions: dict[str, list]) -> pd.DataFrame:
    """Overlap, exact and character-level scores per detector and type on PTC test."""
    gold = [[(a, b, k) for a, b, k in s.spans] for s in test]
    rows = []
    for name, pred in predictions.items():
        for types, label in ((None, "all (typed)"), (["loaded_language"], "loaded_language"),
                             (["name_calling"], "name_calling")):
            chars = char_scores([_of_types(g, types) for g in gold],
                                [_of_types(p, types) for p in pred])
            rows.append({"scorer": name, "types": label, **span_scores(gold, pred, types),
                         **chars})
        untyped = span_scores([[(a, b, "x") for a, b, _ in g] for g in gold],
                              [[(a, b, "x") for a, b, _ in p] for p in pred])
        rows.append({"scorer": name, "types": "any (untyped)", **untyped,
                     **char_scores(gold, pred)})
    out = pd.DataFrame(rows)
    out.attrs["n_sentences"] = len(test)
    out.attrs["n_articles"] = len({s.article_id for s in test})
    return out


def babe_test(babe: str | Path | None) -> pd.DataFrame:
    """BABE's held-out articles (never a choice of the word head), Biased/Non-biased rows."""
    data = load_babe(babe)
    data = data[data["label_bias"].isin(["Biased", "Non-biased"])].reset_index(drop=True)
    assign = biased_word_split(data["doc_id"].tolist())
    out = data[data["doc_id"].map(assign) == "test"].reset_index(drop=True)
    out.attrs.update(data.attrs)
    return out


def babe_agreement(data: pd.DataFrame, found: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """AUC against expert bias labels and agreement with expert-marked biased words."""
    from sklearn.metrics import roc_auc_score

    y = (data["label_bias"] == "Biased").to_numpy()
    rows = []
    for name, table in found.items():
        tp = n_pred = n_gold = 0
        for terms, gold_words in zip(table["loaded_terms"], data["biased_words"], strict=True):
            pred = word_set([t["text"] for t in terms])
            gold = word_set(gold_words)
            tp += len(pred & gold)
            n_pred += len(pred)
            n_gold += len(gold)
        p = tp / n_pred if n_pred else float("nan")
        r = tp / n_gold if n_gold else float("nan")
        rows.append({
            "scorer": name,
            "auc_emotive_vs_biased": float(roc_auc_score(y, table["emotive"])),
            "auc_has_term_vs_biased": float(roc_auc_score(y, table["loaded_terms"].map(len) > 0)),
            "biased_word_precision": p, "biased_word_recall": r,
            "biased_word_f1": 2 * p * r / (p + r) if p + r else float("nan"),
            "n_sentences": int(len(data)), "n_biased": int(y.sum()),
        })
    return pd.DataFrame(rows)


def word_reliability(texts: list[str], gold: list, bins: int = 10) -> pd.DataFrame:
    """Reliability of ``emotive.minilm-words.v1``'s word probabilities on labelled texts.

    Args:
        texts: Sentences.
        gold: Per sentence, gold ``(start, end, type)`` spans or a set of marked letter runs.
        bins: Equal-width probability bins.
    """
    sc = get_scorer(WORDS)
    tok, probs = sc.token_probabilities(texts)
    ps, ys = [], []
    for i, text in enumerate(texts):
        words, p, _ = sc.word_probabilities(text, probs[i], tok.word_ids[i], tok.offsets[i])
        for (s, e, _), pw in zip(words, p, strict=True):
            if pw <= 0:  # cannot be a term
                continue
            g = gold[i]
            ys.append(bool(biased_letters([text[s:e]]) & g) if isinstance(g, set)
                      else any(s < b and a < e for a, b, _ in g))
            ps.append(pw)
    return reliability(np.asarray(ps), np.asarray(ys), bins)


def seed_checks(seed_path: str | Path | None) -> pd.DataFrame:
    """The issue's seed-article expectations, one row per check and detector.

    The three emotive terms must be found in the author's voice; "unfair" is checked for its
    speaker; the words of :data:`SEED_NOT_LOADED` must not be flagged (``should_flag``).
    """
    doc = read_seed_article(seed_path)
    tables = {name: analyze([doc], [name]) for name in DETECTORS}
    rows = []
    for name, frame in tables.items():
        column = "lex_loaded_terms" if name == LEXICON else "loaded_terms"
        terms = [t for ts in frame[column] for t in ts]
        for word, voice, speaker in [*((w, "author", None) for w in SEED_TERMS),
                                     ("unfair", "quoted", "Klitschko")]:
            hits = [t for t in terms if word in t["text"].lower()]
            ok_voice = bool(hits) and all(t["voice"] == voice for t in hits)
            ok_speaker = bool(hits) and all(
                (speaker is None and t["speaker"] is None)
                or (speaker is not None and speaker in str(t["speaker"])) for t in hits)
            rows.append({"scorer": name, "term": word, "should_flag": True,
                         "found": bool(hits), "expected_voice": voice,
                         "voice_correct": ok_voice, "expected_speaker": speaker or "",
                         "speaker_correct": ok_speaker,
                         "detected_as": "; ".join(f"{t['text']} ({t['type']})" for t in hits)})
        for word in SEED_NOT_LOADED:
            hits = [t for t in terms if re.search(rf"\b{word}\b", t["text"])]
            rows.append({"scorer": name, "term": word, "should_flag": False,
                         "found": bool(hits), "expected_voice": "", "voice_correct": not hits,
                         "expected_speaker": "", "speaker_correct": not hits,
                         "detected_as": "; ".join(f"{t['text']} ({t['type']})" for t in hits)})
    # attribution of the word itself, whether or not a scorer flags it as loaded
    doc = read_seed_article(seed_path)
    text = clean_text(doc.text)
    pos = text.index("“unfair”") + 1
    voice, speaker = voice_of_span(find_quotes(text), pos, pos + len("unfair"), text=text)
    rows.append({"scorer": "attribution (framing.text.quotes)", "term": "unfair",
                 "should_flag": True, "found": True,
                 "expected_voice": "quoted", "voice_correct": voice == "quoted",
                 "expected_speaker": "Klitschko",
                 "speaker_correct": "Klitschko" in str(speaker), "detected_as": str(speaker)})
    return pd.DataFrame(rows)


def cost_ratio(sentences: list[str], repeats: int = 3) -> pd.DataFrame:
    """Seconds to score sentences with sentiment alone vs sentiment + emotive tagger.

    Two rows: the scoring itself (encoder trunk shared, no attribution), and scoring plus the
    attribution of each loaded term (quotes, speakers and spaCy targets), which only the
    emotive scorer needs.
    """

    def run(names: list[str], attribute: bool) -> float:
        best = float("inf")
        for _ in range(repeats):
            branch.clear_trunk_memos()
            t = time.perf_counter()
            score(sentences, names, cache=False, attribute_terms=attribute)
            best = min(best, time.perf_counter() - t)
        return best

    rows = []
    for detector in (TAGGER, WORDS):
        run([SENTIMENT, detector], True)  # warm-up: load both models and spaCy
        for attribute, label in ((False, "scoring (shared encoder trunk)"),
                                 (True, "scoring + term attribution (quotes, spaCy targets)")):
            alone = run([SENTIMENT], attribute)
            both = run([SENTIMENT, detector], attribute)
            rows.append({"detector": detector, "what": label, "n_sentences": len(sentences),
                         "sentiment_seconds": alone, "sentiment_plus_emotive_seconds": both,
                         "ratio": both / alone})
    return pd.DataFrame(rows)


def validate_emotive(out_dir: str | Path = "results/validation/emotive",
                     ptc: str | Path | None = None, babe: str | Path | None = None,
                     seed: str | Path | None = None) -> Path:
    """Run every emotive validation and write tables, README and manifest.

    Args:
        out_dir: Results folder.
        ptc: PTC folder (default ``../shared/data/ptc``).
        babe: BABE CSV or folder (default ``../shared/data/babe``).
        seed: Seed article file (default in ``../shared/seeds``).

    Returns:
        The results folder.
    """
    out = Path(out_dir)
    card = json.loads((TAGGER_DIR / "card.json").read_text(encoding="utf-8"))
    test, predictions = ptc_test(ptc, card)
    spans = ptc_spans(test, predictions)
    texts = [s.text for s in test]
    gold = [[(a, b, k) for a, b, k in s.spans] for s in test]
    voices = per_voice(texts, gold, predictions)
    babe_rows = babe_test(babe)
    found = detect(babe_rows["text"].tolist(), cache=True)
    babe_table = babe_agreement(babe_rows, found)
    outlets = per_outlet(babe_rows, {n: t["loaded_terms"] for n, t in found.items()})
    leanings = leaning_summary(outlets)
    calibration = pd.concat([
        word_reliability(texts, gold).assign(set="PTC test words"),
        word_reliability(babe_rows["text"].tolist(),
                         [biased_letters(w) for w in babe_rows["biased_words"]]).assign(
            set="BABE test words")], ignore_index=True)
    seeds = seed_checks(seed)
    demo = pd.read_json(Path(__file__).resolve().parents[2] / "data" / "demo" /
                        "articles.jsonl", lines=True)
    demo_sentences = [s.text for t in demo["text"] for s in segment(clean_text(t))]
    cost = cost_ratio(demo_sentences * 4)
    tables = {"ptc_spans": spans, "per_voice": voices, "babe_agreement": babe_table,
              "babe_outlets": outlets, "babe_leanings": leanings, "calibration": calibration,
              "seed_checks": seeds, "cost": cost}
    for name, table in tables.items():
        write_table(table.round(4), out / f"{name}.csv")
    collected = {}
    root = Path(__file__).resolve().parents[2] / "results" / "validation"
    for name in ("quotes", "targets"):
        f = root / name / "accuracy.csv"
        if f.is_file():
            collected[name] = pd.read_csv(f).to_dict(orient="records")
    write_json(out / "manifest.json", build_manifest(
        run="framing.validation.emotive.validate_emotive",
        ptc_test={"n_articles": spans.attrs["n_articles"],
                  "n_sentences": spans.attrs["n_sentences"]},
        babe_test={"n_articles": int(babe_rows["doc_id"].nunique()),
                   "n_sentences": int(len(babe_rows)), "sha256": babe_rows.attrs["sha256"]},
        quote_and_target_accuracy=collected,
        scorers={n: get_scorer(n).provenance() for n in DETECTORS}))
    write_text(out / "README.md", _readme(tables, spans.attrs, babe_rows, collected))
    return out


def _md(df: pd.DataFrame) -> str:
    head = "| " + " | ".join(df.columns) + " |\n| " + " | ".join("---" for _ in df.columns)
    body = "\n".join("| " + " | ".join(f"{v:.3f}" if isinstance(v, float) else str(v)
                                       for v in row) + " |" for row in df.itertuples(index=False))
    return head + " |\n" + body


def _readme(tables: dict[str, pd.DataFrame], ptc: dict, babe_rows: pd.DataFrame,
            collected: dict) -> str:
    cols = ["scorer", "types", "overlap_precision", "overlap_recall", "overlap_f1", "exact_f1",
            "char_precision", "char_recall", "char_f1", "n_gold", "n_pred"]
    spans = tables["ptc_spans"]
    extra = "\n".join(f"- {k}: see `results/validation/{k}/`" for k in collected)
    return f"""# Validation: emotive framing

Written by `framing validate emotive` (do not edit by hand).

## Loaded-term spans on held-out PTC articles

{ptc['n_articles']} test articles ({ptc['n_sentences']} sentences) that neither the tagger nor
the word head of `{WORDS}` trained on or was chosen on. Overlap scores give partial credit
(SemEval-2020 Task 11 style); character scores count the characters of the union of spans
(types merged in the `any` rows).

{_md(spans[cols])}

### By voice (types merged)

{_md(tables['per_voice'])}

## BABE: expert bias labels and biased words

{babe_rows['doc_id'].nunique()} held-out BABE articles ({len(babe_rows)} sentences; the 20%
of articles `{WORDS}` never trained on, `framing.datasets.babe.biased_word_split`).

{_md(tables['babe_agreement'])}

### By leaning of the outlet (sentence-weighted means over outlets; `babe_outlets.csv` per
outlet). `rate_ratio` is detected words / marked words.

{_md(tables['babe_leanings'])}

## Calibration of `{WORDS}`'s word probabilities

{_md(tables['calibration'])}

## Seed article

{_md(tables['seed_checks'])}

## Cost of emotive framing on top of sentiment (shared encoder trunk)

{_md(tables['cost'])}

## Quotes, speakers and targets
{extra or '- not yet measured'}
"""
