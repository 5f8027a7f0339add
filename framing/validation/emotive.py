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

import pandas as pd

from framing.analysis.metrics import span_scores
from framing.api import analyze, score
from framing.attribute.quotes import find_quotes, voice_of_span
from framing.datasets.babe import load_babe
from framing.datasets.ptc import load_ptc
from framing.models import branch
from framing.models.artifacts import TAGGER_DIR
from framing.outputs import write_json, write_table, write_text
from framing.read import read_seed_article
from framing.report.manifest import build_manifest
from framing.scoring import get_scorer
from framing.text import clean_text, segment

TAGGER = "emotive.minilm-ptc-tagger.v1"
LEXICON = "emotive.lexicon.v1"
ENSEMBLE = "emotive.ensemble.v1"
SENTIMENT = "sentiment.minilm-lora.v1"
SEED_TERMS = ("warmonger", "atrocity", "brutal")
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def _terms_of(table: pd.DataFrame, column: str) -> list[list[tuple[int, int, str]]]:
    return [[(int(t["start"]), int(t["end"]), t["type"]) for t in terms]
            for terms in table[column]]


def ptc_spans(ptc: str | Path | None, card: dict) -> pd.DataFrame:
    """Span scores of tagger and lexicon baseline on the tagger's PTC test articles."""
    sentences, _ = load_ptc(ptc)
    test_ids = set(card["data"]["test_articles"])
    test = [s for s in sentences if s.article_id in test_ids]
    texts = [s.text for s in test]
    scored = score(texts, [TAGGER, LEXICON], cache=False, attribute_terms=False)
    both = score(texts, [ENSEMBLE], cache=False, attribute_terms=False)
    gold = [[(a, b, k) for a, b, k in s.spans] for s in test]
    rows = []
    for name, table, column in ((TAGGER, scored, "loaded_terms"),
                                (LEXICON, scored, "lex_loaded_terms"),
                                (ENSEMBLE, both, "loaded_terms")):
        pred = _terms_of(table, column)
        for types, label in ((None, "all (typed)"), (["loaded_language"], "loaded_language"),
                             (["name_calling"], "name_calling")):
            rows.append({"scorer": name, "types": label, **span_scores(gold, pred, types)})
        untyped = span_scores([[(a, b, "x") for a, b, _ in g] for g in gold],
                              [[(a, b, "x") for a, b, _ in p] for p in pred])
        rows.append({"scorer": name, "types": "any (untyped)", **untyped})
    out = pd.DataFrame(rows)
    out.attrs["n_sentences"] = len(test)
    out.attrs["n_articles"] = len(test_ids)
    return out


def babe_agreement(babe: str | Path | None) -> pd.DataFrame:
    """AUC against expert bias labels and agreement with expert-marked biased words."""
    from sklearn.metrics import roc_auc_score

    data = load_babe(babe)
    data = data[data["label_bias"].isin(["Biased", "Non-biased"])].reset_index(drop=True)
    texts = data["text"].tolist()
    scored = score(texts, [TAGGER, LEXICON], cache=True, attribute_terms=False)
    both = score(texts, [ENSEMBLE], cache=True, attribute_terms=False)
    y = (data["label_bias"] == "Biased").to_numpy()
    rows = []
    for name, score_col, term_col in ((TAGGER, "emotive", "loaded_terms"),
                                      (LEXICON, "lex_emotive", "lex_loaded_terms"),
                                      (ENSEMBLE, "ensemble_emotive", "ensemble_terms")):
        if name == ENSEMBLE:
            scored["ensemble_emotive"] = both["emotive"]
            scored["ensemble_terms"] = both["loaded_terms"]
        tp = n_pred = n_gold = 0
        for terms, gold_words in zip(scored[term_col], data["biased_words"], strict=True):
            pred = {w.lower() for t in terms for w in WORD.findall(t["text"])}
            gold = {w.lower() for g in gold_words for w in WORD.findall(g)}
            tp += len(pred & gold)
            n_pred += len(pred)
            n_gold += len(gold)
        p = tp / n_pred if n_pred else float("nan")
        r = tp / n_gold if n_gold else float("nan")
        rows.append({
            "scorer": name,
            "auc_emotive_vs_biased": float(roc_auc_score(y, scored[score_col])),
            "auc_has_term_vs_biased": float(roc_auc_score(y, scored[term_col].map(len) > 0)),
            "biased_word_precision": p, "biased_word_recall": r,
            "biased_word_f1": 2 * p * r / (p + r) if p + r else float("nan"),
            "n_sentences": int(len(data)), "n_biased": int(y.sum()),
        })
    return pd.DataFrame(rows)


def seed_checks(seed_path: str | Path | None) -> pd.DataFrame:
    """The issue's seed-article expectations, one row per check (found / voice / speaker)."""
    table = analyze([read_seed_article(seed_path)], [SENTIMENT, TAGGER, LEXICON])
    both = analyze([read_seed_article(seed_path)], [ENSEMBLE])
    rows = []
    for name, frame, column in ((TAGGER, table, "loaded_terms"),
                                (LEXICON, table, "lex_loaded_terms"),
                                (ENSEMBLE, both, "loaded_terms")):
        terms = [t for ts in frame[column] for t in ts]
        for word, voice, speaker in [*((w, "author", None) for w in SEED_TERMS),
                                     ("unfair", "quoted", "Klitschko")]:
            hits = [t for t in terms if word in t["text"].lower()]
            ok_voice = bool(hits) and all(t["voice"] == voice for t in hits)
            ok_speaker = bool(hits) and all(
                (speaker is None and t["speaker"] is None)
                or (speaker is not None and speaker in str(t["speaker"])) for t in hits)
            rows.append({"scorer": name, "term": word, "found": bool(hits),
                         "expected_voice": voice, "voice_correct": ok_voice,
                         "expected_speaker": speaker or "", "speaker_correct": ok_speaker,
                         "detected_as": "; ".join(f"{t['text']} ({t['type']})" for t in hits)})
    # attribution of the word itself, whether or not a scorer flags it as loaded
    doc = read_seed_article(seed_path)
    text = clean_text(doc.text)
    pos = text.index("“unfair”") + 1
    voice, speaker = voice_of_span(find_quotes(text), pos, pos + len("unfair"), text=text)
    rows.append({"scorer": "attribution (framing.text.quotes)", "term": "unfair", "found": True,
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

    run([SENTIMENT, TAGGER], True)  # warm-up: load both models and spaCy
    rows = []
    for attribute, label in ((False, "scoring (shared encoder trunk)"),
                             (True, "scoring + term attribution (quotes, spaCy targets)")):
        alone = run([SENTIMENT], attribute)
        both = run([SENTIMENT, TAGGER], attribute)
        rows.append({"what": label, "n_sentences": len(sentences), "sentiment_seconds": alone,
                     "sentiment_plus_emotive_seconds": both, "ratio": both / alone})
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
    spans = ptc_spans(ptc, card)
    babe_table = babe_agreement(babe)
    seeds = seed_checks(seed)
    demo = pd.read_json(Path(__file__).resolve().parents[2] / "data" / "demo" /
                        "articles.jsonl", lines=True)
    demo_sentences = [s.text for t in demo["text"] for s in segment(clean_text(t))]
    cost = cost_ratio(demo_sentences * 4)
    write_table(spans.round(4), out / "ptc_spans.csv")
    write_table(babe_table.round(4), out / "babe_agreement.csv")
    write_table(seeds, out / "seed_checks.csv")
    write_table(cost.round(4), out / "cost.csv")
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
        quote_and_target_accuracy=collected,
        scorers={n: get_scorer(n).provenance() for n in (TAGGER, LEXICON, ENSEMBLE)}))
    write_text(out / "README.md", _readme(spans, babe_table, seeds, cost, collected))
    return out


def _md(df: pd.DataFrame) -> str:
    head = "| " + " | ".join(df.columns) + " |\n| " + " | ".join("---" for _ in df.columns)
    body = "\n".join("| " + " | ".join(f"{v:.3f}" if isinstance(v, float) else str(v)
                                       for v in row) + " |" for row in df.itertuples(index=False))
    return head + " |\n" + body


def _readme(spans, babe_table, seeds, cost, collected) -> str:
    cols = ["scorer", "types", "overlap_precision", "overlap_recall", "overlap_f1", "exact_f1",
            "n_gold", "n_pred"]
    extra = "\n".join(f"- {k}: see `results/validation/{k}/`" for k in collected)
    return f"""# Validation: emotive framing

Written by `framing validate emotive` (do not edit by hand).

## Loaded-term spans on held-out PTC articles

{spans.attrs['n_articles']} test articles ({spans.attrs['n_sentences']} sentences) the tagger
never trained on. Overlap scores give partial credit (SemEval-2020 Task 11 style).

{_md(spans[cols])}

## BABE: expert bias labels and biased words

{_md(babe_table)}

## Seed article

{_md(seeds)}

## Cost of emotive framing on top of sentiment (shared encoder trunk)

{_md(cost)}

## Quotes, speakers and targets
{extra or '- not yet measured'}
"""
