"""Speaker attribution on real news: voice and speaker against a hand-labelled gold set.

The gold set ``tests/data/attribution_real.jsonl`` holds no article text: each line is a
character span (a quotation with its marks, or an author-voice paragraph) in a real article
of ``../shared/data`` (MBIC article texts, SemEval-2023 Task 3 / PTC *train* articles) or the
seed, with the gold voice, speaker (canonical full name as introduced in the article, or
``None`` when the text does not say who speaks), speaker type and a note on the pattern.
Articles are split into ``test`` (labelled before any rule change, never used to choose a
rule) and ``dev`` (rules were tuned on it). Texts are read at run time; a span whose text no
longer hashes to the stored ``sha1`` is an error, not a silent miss.

Written to ``results/validation/attribution/`` by ``framing validate attribution``:
``metrics.csv`` (per split, with article-bootstrap intervals), ``per_pattern.csv`` (per
labelled pattern and split), ``items.csv`` (every item with gold and output), ``README.md``
and ``manifest.json``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from framing.analysis.bootstrap import cluster_bootstrap_ratio_ci
from framing.attribute.finder import RESOLVERS, resolve, rule_pass
from framing.attribute.ranker import name_key, ranker_info
from framing.attribute.voice import AUTHOR, QUOTED, quote_of_span
from framing.datasets.attribution_gold import GOLD, ArticleTexts, load_gold
from framing.errors import InputError
from framing.outputs import write_json, write_table, write_text
from framing.read import find_shared_dir
from framing.report.manifest import build_manifest, hash_files
from framing.report.markdown import markdown_table

__all__ = ["FIRST_RUN", "PATTERNS", "RANKER_FIRST_RUN", "ArticleTexts", "Item", "evaluate",
           "load_gold", "md_rows", "metrics", "pattern_of", "rate_rows", "same_speaker",
           "validate_attribution"]

SEED = 7
N_BOOT = 2000

BEFORE: dict[str, dict[str, float]] = {
    "dev": {"voice_accuracy": 1.0, "speaker_accuracy": 0.6839, "named_speaker_accuracy": 0.6488,
            "wrong_name_rate": 0.1349, "name_given_rate": 0.7381, "article_all_right": 0.2105},
    "dev (batch 2)": {"voice_accuracy": 1.0, "speaker_accuracy": 0.6452,
                      "named_speaker_accuracy": 0.5882, "wrong_name_rate": 0.1781,
                      "name_given_rate": 0.6961, "article_all_right": 0.0},
    "test": {"voice_accuracy": 1.0, "speaker_accuracy": 0.6034, "named_speaker_accuracy": 0.581,
             "wrong_name_rate": 0.2948, "name_given_rate": 0.7952, "article_all_right": 0.12},
    "test (batch 2)": {"voice_accuracy": 1.0, "speaker_accuracy": 0.5724,
                       "named_speaker_accuracy": 0.5447, "wrong_name_rate": 0.3163,
                       "name_given_rate": 0.748, "article_all_right": 0.0833},
}
"""The same metrics with the rules of commit c88e99f: rule-based speakers only, before the
syntactic layer (:mod:`framing.attribute.speech`) and before batch 2 was labelled."""

FIRST_RUN: dict[str, dict[str, float]] = {
    split: dict(zip(("voice_accuracy", "speaker_accuracy", "named_speaker_accuracy",
                     "wrong_name_rate", "name_given_rate", "article_all_right"), row, strict=True))
    for split, row in (
        ("dev (batch 3)", (0.9936, 0.6136, 0.5664, 0.2727, 0.7611, 0.0)),
        ("test (batch 3)", (0.9876, 0.6204, 0.5586, 0.2051, 0.6757, 0.0)),
        ("dev (batch 4)", (0.9906, 0.7222, 0.7778, 0.1765, 0.8333, 0.25)),
        ("test (batch 4)", (0.9905, 0.7753, 0.678, 0.1489, 0.7797, 0.25)),
        ("dev (batch 5)", (0.9712, 0.5301, 0.4688, 0.3478, 0.6406, 0.0)),
        ("test (batch 5)", (0.9652, 0.6087, 0.5714, 0.2, 0.6571, 0.25)),
        ("dev (batch 6)", (0.9818, 0.5393, 0.4675, 0.1818, 0.5714, 0.25)),
        ("test (batch 6)", (1.0, 0.7158, 0.7105, 0.1429, 0.7632, 0.125)),
        ("dev (batch 7)", (1.0, 0.7059, 0.6667, 0.24, 0.7719, 0.125)),
        ("test (batch 7)", (0.9923, 0.6408, 0.6383, 0.2308, 0.8085, 0.0)),
        ("dev (batch 8)", (0.9915, 0.7283, 0.6774, 0.25, 0.8226, 0.25)),
        ("test (batch 8)", (0.9923, 0.5962, 0.5823, 0.2459, 0.6709, 0.125)),
        ("train (batch 9)", (0.9979, 0.6528, 0.5894, 0.2619, 0.7338, 0.0312)),
    )
}
"""Batch 3 scored by the rules of commit b9010cd, batch 4 by those of commit b43919a,
batch 5 by those of commit 354d0d3, batch 6 by those of commit d301658, batch 7 by those of
commit 827e792, batch 8 by those of commit 515be51 and batch 9 (the train split) by those of
commit 83f61ed, each before any rule was changed for it."""

PATTERNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("no speaker in text", ("unnamed", "passive", "page furniture", "document", "scare quote",
                            "no speaker",
                            "official statement", "it = the statement")),
    ("organisation", ("organisation",)),
    ("multi-paragraph / continued", ("multi-paragraph", "continued", "continuation")),
    ("pronoun / description", ("pronoun", "description")),
    ("partial quote", ("partial",)),
    ("apposition / role", ("apposition", "role", "job word")),
    ("verb outside list", ("verb outside list",)),
    ("surname only", ("surname",)),
)
"""Pattern groups of the gold notes, first match wins (``other`` when none matches)."""


def pattern_of(note: str) -> str:
    """The pattern group of a gold note (see :data:`PATTERNS`)."""
    low = note.lower()
    for name, keys in PATTERNS:
        if any(k in low for k in keys):
            return name
    return "other"


def same_speaker(a: str | None, b: str | None) -> bool:
    """Whether two names match: whitespace, case, apostrophes and a leading *the* ignored."""
    return name_key(a) == name_key(b)


@dataclass(frozen=True)
class Item:
    """One gold item with the package's answer."""

    id: str
    split: str
    article: str
    outlet: str
    kind: str
    pattern: str
    gold_voice: str
    gold_speaker: str | None
    voice: str
    speaker: str | None
    gold_type: str | None = None
    speaker_type: str | None = None
    rule: str | None = None
    confidence: float | None = None

    @property
    def voice_ok(self) -> bool:
        """Whether the voice is right."""
        return self.voice == self.gold_voice

    @property
    def speaker_ok(self) -> bool:
        """Whether voice and speaker are both right (``None`` must match ``None``)."""
        return self.voice_ok and same_speaker(self.speaker, self.gold_speaker)


def evaluate(gold: list[dict], shared: Path | None = None,
             resolvers: Sequence[str] = ("rules",)) -> dict[str, list[Item]]:
    """Find the quote of every gold item (one rule pass per article, then ``quote_of_span``).

    Each article is read once (:func:`~framing.attribute.finder.rule_pass`) and its speakers
    taken from that pass by every resolver (:func:`~framing.attribute.finder.resolve`): the
    same quotes as :func:`~framing.attribute.finder.find_quotes` with that resolver.

    Returns:
        The items by resolver, each list in the gold set's order.

    Raises:
        InputError: If the shared folder is missing or a span's text does not match its hash.
    """
    shared = shared or find_shared_dir()
    if shared is None:
        raise InputError(GOLD, "the shared data folder (../shared) is needed for this "
                               "validation")
    texts = ArticleTexts(Path(shared))
    quotes_of: dict[str, dict[str, list]] = {}
    items: dict[str, list[Item]] = {r: [] for r in resolvers}
    for g in gold:
        text = texts.text(g)
        span = text[g["start"]:g["end"]]
        if hashlib.sha1(span.encode()).hexdigest()[:10] != g["sha1"]:
            raise InputError(GOLD, f"gold item {g['id']}: the article text has changed")
        if g["article"] not in quotes_of:
            found = rule_pass(text)
            quotes_of[g["article"]] = {r: [] if found is None else resolve(found, r)
                                       for r in resolvers}
        for r in resolvers:
            q = quote_of_span(quotes_of[g["article"]][r], g["start"], g["end"], text=text)
            items[r].append(Item(
                g["id"], g["split"], g["article"], g["outlet"], g["kind"],
                pattern_of(g["note"]) if g["kind"] == "quote" else "author voice",
                g["voice"], g["speaker"], QUOTED if q is not None else AUTHOR,
                q.speaker if q is not None else None, g.get("speaker_type"),
                q.speaker_type if q is not None else None, q.rule if q is not None else None,
                q.confidence if q is not None else None))
    return items


def rate_rows(specs: Sequence[tuple[str, list[bool], list[bool], list[str]]]) -> list[dict]:
    """Shares with article-bootstrap 95% intervals, one row per spec.

    Each spec is ``(name, ok, counted, clusters)``: the share of counted items that are ok,
    its interval resampling the clusters (articles).

    Returns:
        ``{"metric", "value", "ci_low", "ci_high", "n"}`` rows (NaN where nothing counts).
    """
    rows = []
    for name, ok, den, clusters in specs:
        num = np.asarray([o and d for o, d in zip(ok, den, strict=True)], dtype=float)
        d = np.asarray(den, dtype=float)
        n = int(d.sum())
        value = low = high = float("nan")
        if n:
            low, high = cluster_bootstrap_ratio_ci(num, d, np.asarray(clusters),
                                                   n_boot=N_BOOT, seed=SEED)
            value = float(num.sum() / n)
        rows.append({"metric": name, "value": round(value, 4), "ci_low": round(low, 4),
                     "ci_high": round(high, 4), "n": n})
    return rows


def md_rows(rows: list[dict]) -> str:
    """A list of same-keyed dicts as a compact markdown table."""
    keys = list(rows[0])
    return markdown_table(keys, [[r[k] for k in keys] for r in rows], compact_rule=True)


def metrics(items: list[Item]) -> list[dict]:
    """Voice, speaker and wrong-name rates with article-bootstrap 95% intervals.

    ``voice_accuracy`` is over all items; ``speaker_accuracy`` over quotations (``None``
    must match ``None``); ``named_speaker_accuracy`` over quotations with a named gold
    speaker; ``wrong_name_rate`` over quotations where a name was given (a name where the
    gold is ``None`` is wrong); ``article_all_right`` is the share of articles with every
    item right.
    """
    quotes = [i for i in items if i.kind == "quote"]
    clusters = [i.article for i in items]
    qc = [i.article for i in quotes]
    rows = rate_rows((
        ("voice_accuracy", [i.voice_ok for i in items], [True] * len(items), clusters),
        ("speaker_accuracy", [i.speaker_ok for i in quotes], [True] * len(quotes), qc),
        ("named_speaker_accuracy", [i.speaker_ok for i in quotes],
         [i.gold_speaker is not None for i in quotes], qc),
        ("wrong_name_rate", [not same_speaker(i.speaker, i.gold_speaker) for i in quotes],
         [i.speaker is not None for i in quotes], qc),
        ("name_given_rate", [i.speaker is not None for i in quotes],
         [i.gold_speaker is not None for i in quotes], qc),
        ("speaker_type_accuracy", [i.speaker_type == i.gold_type for i in quotes],
         [i.speaker_ok and i.gold_speaker is not None for i in quotes], qc),
    ))
    arts = sorted({i.article for i in items})
    all_right = sum(all(i.speaker_ok for i in items if i.article == a) for a in arts)
    rows.append({"metric": "article_all_right", "value": round(all_right / len(arts), 4),
                 "ci_low": float("nan"), "ci_high": float("nan"), "n": len(arts)})
    return rows


def _per_pattern(items: list[Item], split: str) -> list[dict]:
    rows = []
    for pattern in sorted({i.pattern for i in items}):
        group = [i for i in items if i.pattern == pattern]
        wrong = sum(i.speaker is not None and not same_speaker(i.speaker, i.gold_speaker)
                    for i in group)
        missed = sum(i.speaker is None and i.gold_speaker is not None for i in group)
        rows.append({"split": split, "pattern": pattern, "items": len(group),
                     "right": sum(i.speaker_ok for i in group), "wrong_name": wrong,
                     "no_name_given": missed,
                     "wrong_voice": sum(not i.voice_ok for i in group)})
    return rows


SPLITS = ("dev", "test", "train")
"""The gold splits, in the order of the tables."""

STRICT_RULES = ("name", "apposition", "role")
"""The ``speaker_rule`` values a precision-first researcher keeps: chosen from the first runs
of batches 3-6 on dev (wrong names among the names given by rules of the time: name 25/134,
apposition 0/3, role 1/5; pronoun 17/49, continued 11/45, organisation 4/8, description
2/2), never from test."""


def _per_rule(items: list[Item], split: str) -> list[dict]:
    """Names given and wrong names by ``speaker_rule``, and with :data:`STRICT_RULES` only."""
    quotes = [i for i in items if i.kind == "quote"]
    qc = [i.article for i in quotes]
    wrong = [not same_speaker(i.speaker, i.gold_speaker) for i in quotes]
    given = [i.speaker is not None for i in quotes]
    strict = [g and i.rule in STRICT_RULES for g, i in zip(given, quotes, strict=True)]
    rules = sorted({str(i.rule) for i in quotes if i.speaker is not None})
    specs = [(r, wrong, [g and str(i.rule) == r for g, i in zip(given, quotes, strict=True)],
              qc) for r in rules]
    specs += [("all rules", wrong, given, qc), (" + ".join(STRICT_RULES), wrong, strict, qc)]
    rows = [{"split": split, "rule": r["metric"], "names_given": r["n"],
             "wrong_name_rate": r["value"], "ci_low": r["ci_low"], "ci_high": r["ci_high"]}
            for r in rate_rows(specs)]
    named = sum(i.gold_speaker is not None for i in quotes)
    for row, keep in zip(rows[-2:], (given, strict), strict=True):
        right = sum(k and i.speaker_ok and i.gold_speaker is not None
                    for k, i in zip(keep, quotes, strict=True))
        row["named_speakers_right"] = round(right / named, 4) if named else float("nan")
    return rows


RANKER_FIRST_RUN = {"speaker_accuracy": "0.718 [0.673, 0.761]",
                    "wrong_name_rate": "0.170 [0.127, 0.212]"}
"""The ranker's first score on test (before the fix for surname-only speakers)."""

CONFIDENCES = (0.0, 0.5, 0.7, 0.8, 0.9)
"""Least ``speaker_confidence`` kept in :func:`_per_confidence` (fixed before test was read)."""


def _per_confidence(items: list[Item], split: str) -> list[dict]:
    """Names given, wrong names and named speakers right when low-confidence names are dropped."""
    quotes = [i for i in items if i.kind == "quote"]
    qc = [i.article for i in quotes]
    wrong = [not same_speaker(i.speaker, i.gold_speaker) for i in quotes]
    named = sum(i.gold_speaker is not None for i in quotes)
    rows = []
    for t in CONFIDENCES:
        keep = [i.speaker is not None and (i.confidence is None or i.confidence >= t)
                for i in quotes]
        r = rate_rows([(f">= {t}", wrong, keep, qc)])[0]
        right = sum(k and i.speaker_ok and i.gold_speaker is not None
                    for k, i in zip(keep, quotes, strict=True))
        rows.append({"split": split, "min_confidence": t, "names_given": r["n"],
                     "wrong_name_rate": r["value"], "ci_low": r["ci_low"],
                     "ci_high": r["ci_high"],
                     "named_speakers_right": round(right / named, 4) if named else float("nan")})
    return rows


CALIBRATION_BINS = (0.0, 0.5, 0.7, 0.8, 0.9, 1.0001)
"""Edges of the confidence bins of :func:`_calibration`."""


def _calibration(items: list[Item], split: str) -> list[dict]:
    """How often the answer (a name or no name) is right, per confidence bin."""
    quotes = [i for i in items if i.kind == "quote" and i.confidence is not None]
    rows = []
    for lo, hi in zip(CALIBRATION_BINS, CALIBRATION_BINS[1:], strict=False):
        part = [i for i in quotes if lo <= i.confidence < hi]
        if not part:
            continue
        rows.append({"split": split, "confidence": f"[{lo:.1f}, {min(hi, 1.0):.1f}"
                     + ("]" if hi > 1 else ")"), "answers": len(part),
                     "mean_confidence": round(float(np.mean([i.confidence for i in part])), 4),
                     "share_right": round(float(np.mean([i.speaker_ok for i in part])), 4)})
    return rows


def _resolvers(by_resolver: dict[str, list[Item]], splits: list[str]) -> list[dict]:
    """Speaker accuracy and wrong names per split with each resolver."""
    rows = []
    for split in splits:
        for resolver, items in by_resolver.items():
            got = {r["metric"]: r for r in metrics([i for i in items if i.split == split])}
            for m in ("speaker_accuracy", "wrong_name_rate"):
                rows.append({"split": split, "resolver": resolver, "metric": m,
                             **{k: got[m][k] for k in ("value", "ci_low", "ci_high", "n")}})
    return rows


def validate_attribution(out_dir: str | Path = "results/validation/attribution",
                         gold_path: str | Path = GOLD, shared: Path | None = None) -> Path:
    """Score the real-news gold set and write the results folder.

    Returns:
        The results folder.
    """
    out = Path(out_dir)
    gold = load_gold(gold_path)
    by_resolver = evaluate(gold, shared, RESOLVERS)
    items, ranked = by_resolver["rules"], by_resolver["ranker"]
    resolver_rows = _resolvers(by_resolver,
                               [s for s in SPLITS if any(i.split == s for i in items)])
    confidence_rows: list[dict] = []
    calibration_rows: list[dict] = []
    metric_rows: list[dict] = []
    pattern_rows: list[dict] = []
    rule_rows: list[dict] = []
    batch = {g["id"]: g.get("batch", 1) for g in gold}
    splits = [s for s in SPLITS if any(i.split == s for i in items)]
    for split in splits:
        part = [i for i in items if i.split == split]
        metric_rows += [{"split": split, **r} for r in metrics(part)]
        pattern_rows += _per_pattern(part, split)
        rule_rows += _per_rule(part, split)
        for resolver, got in (("rules", part), ("ranker", [i for i in ranked
                                                             if i.split == split])):
            confidence_rows += [{"resolver": resolver, **r}
                                for r in _per_confidence(got, split)]
            calibration_rows += [{"resolver": resolver, **r} for r in _calibration(got, split)]
        for b in sorted(set(batch.values()) - {1}):
            group = [i for i in part if batch[i.id] == b]
            if group and len(group) < len(part):
                metric_rows += [{"split": f"{split} (batch {b})", **r} for r in metrics(group)]
    item_table = pd.DataFrame([{**i.__dict__, "voice_ok": i.voice_ok, "speaker_ok": i.speaker_ok}
                               for i in items])
    item_table["confidence"] = item_table["confidence"].round(6)  # last digits vary by BLAS
    write_table(pd.DataFrame(metric_rows), out / "metrics.csv")
    write_table(pd.DataFrame(pattern_rows), out / "per_pattern.csv")
    write_table(pd.DataFrame(rule_rows), out / "per_rule.csv")
    write_table(pd.DataFrame(confidence_rows), out / "per_confidence.csv")
    write_table(pd.DataFrame(calibration_rows), out / "calibration.csv")
    write_table(pd.DataFrame(resolver_rows), out / "resolvers.csv")
    write_table(item_table, out / "items.csv")
    counts = {s: (sum(i.split == s and i.kind == "quote" for i in items),
                  sum(i.split == s and i.kind == "author" for i in items),
                  len({i.article for i in items if i.split == s})) for s in splits}
    split_rows = "\n".join(f"| {s} | {c[0]} | {c[1]} | {c[2]} |" for s, c in counts.items())
    outlets = sorted({i.outlet for i in items})
    write_text(out / "README.md", f"""# Speaker attribution on real news

Written by `framing validate attribution` (do not edit by hand; rerun to reproduce).

Gold set `tests/data/attribution_real.jsonl`: offsets into real articles read from
`../shared/data` (MBIC article texts, SemEval-2023 Task 3 / PTC *train* articles) and the
seed; no article text is stored in the repository. Quotations were labelled by reading each
article: the speaker is the person (full name as introduced) or organisation the text says
is speaking, `None` when it does not say. Author items are paragraphs with no quotation
marks that report speech (gold voice `author`, speaker `None`).

| split | quotations | author items | articles |
|---|---|---|---|
{split_rows}

Split by article. **test** was labelled before any rule change and never used to choose a
rule; **dev** shaped the rules; **train** (batch 9, articles train-00..) is kept for training
a learned attribution model; its first run (the rules of commit 83f61ed on 32 more articles)
is the `train (batch 9)` row below; two name rules were later drawn from its wrong names (a
sentence-opening participle such as `Outgoing Flake` dropped, a headline's speech verb such
as `Nigel Farage Warns` dropped), so its current numbers are no longer held out.
Batch 1 (articles dev-00..09, test-00..12) was labelled first; batch 2 (dev-10..,
test-13..; field `batch`) was labelled from other articles by an annotator who did not run
the package, before the syntactic layer was tuned on its dev part;
its test part was never looked at item by item. Batch 3 (dev-19.., test-25..) was labelled
the same way by two more annotators from 24 other articles (MBIC; SemEval-2023 / PTC train),
split by article (alternately) into dev and test, and scored once before any rule changed
(table below); rules were then changed on its dev part only, and its test part was never
looked at item by item. Batch 4 (dev-31.., test-37..) came the same way from 16 more
articles, after the batch-3 changes, and was scored once by the rules of commit b43919a
before any change for it. Batch 5 (dev-39.., test-45..) came the same way from 16 more
articles (4 annotators, one guide; nested quotes, scare quotes and document quotes each
labelled), after stop 16, scored once by the rules of commit 354d0d3 before any change for
it. Batch 6 (dev-47.., test-53..) came the same way from 16 more articles after the batch-5
fixes and was scored once by the rules of commit d301658; rules were then changed on its
dev part only (stop 18), and its test part was never looked at item by item. Batch 7
(dev-55.., test-61..) came the same way from 16 more articles (4 annotators, one guide)
after the batch-6 fixes and was scored once by the rules of commit 827e792; rules were then
changed on its dev part only. Batch 8 (dev-63.., test-69..) came the same way from 16 more
articles after the batch-7 fixes and was scored once by the rules of commit 515be51.
Outlets: {", ".join(outlets)}.

## Metrics (`metrics.csv`; 95% intervals resample articles, {N_BOOT} draws)

{md_rows(metric_rows)}

`speaker_accuracy`: quotations with voice and speaker right (`None` must match `None`);
`named_speaker_accuracy`: the same over quotations with a named gold speaker;
`wrong_name_rate`: wrong names among the names given (precision first: lower is better);
`name_given_rate`: names given among quotations with a named gold speaker;
`speaker_type_accuracy`: `speaker_type` (person / organisation) right among right names.
Names match when equal with case, spacing, apostrophes and a leading *the* ignored.

The same metrics with the rules of commit c88e99f (rule-based speakers only, before the
syntactic layer; `BEFORE` in the module):

{md_rows([{"split": sp, **v} for sp, v in BEFORE.items()])}

Batches 3 to 9 on their first run (the rules of commits b9010cd, b43919a, 354d0d3,
d301658, 827e792, 515be51 and 83f61ed, before any change for them; `FIRST_RUN` in the
module):

{md_rows([{"split": sp, **v} for sp, v in FIRST_RUN.items()])}

## Rules or the speaker ranker (`resolvers.csv`)

Speakers come from the rules corrected by the parse (the default). With
`find_quotes(..., resolver="ranker")` (`analyze(..., speakers="ranker")`) the learned ranker
`speakers.ranker.v1` chooses among each quotation's candidates instead (a conditional logit
fitted by `framing train speakers` on the **dev and train** articles, so its numbers on
those two splits are in-sample; its cross-validated numbers are in its model card) and
gives each answer a `confidence`. On **test** it is as accurate as the rules, not more, so
it is not the default. Test was scored twice: the ranker as first fitted gave speaker
accuracy {RANKER_FIRST_RUN["speaker_accuracy"]} and wrong names
{RANKER_FIRST_RUN["wrong_name_rate"]} (`RANKER_FIRST_RUN` in the module); it then lost
surname-only speakers of the invented regression set (`“…,” Klitschko said`), and the fix
(a surname written outside quotes counts as a mention, a `written` feature, quotes the parse
finds unnamed stay unnamed) was made on that set and dev/train, then test scored again;
test was scored once more after the parse was cut to one context paragraph before each
quote paragraph (a speed change that left all dev and train speakers of the rules as they
were; test speaker accuracy 0.708 before and after). The table is the last run.

{md_rows(resolver_rows)}

## Filtering on the ranker's confidence (`per_confidence.csv`)

`speaker_confidence` (per sentence; `Quote.confidence`) is the ranker's probability of the
answer given: of the rules' answer with the default resolver (since stop 30; the speakers
stay the rules'), of its own with `resolver="ranker"`. Dropping names below a confidence
trades names for precision at these rates (the cut-offs were fixed before test was scored;
dev and train are in-sample for the ranker); filtering on `speaker_rule` (below) buys far
less:

{md_rows(confidence_rows)}

Calibration (`calibration.csv`): how often the answer (a name, or no name) is right per
confidence bin (dev and train are in-sample for the ranker):

{md_rows(calibration_rows)}

## Per rule (`per_rule.csv`)

How reliable each `speaker_rule` is: wrong names among the names it gives (95% intervals
resample articles), and `named_speakers_right` (the share of quotations with a named gold
speaker whose name is given and right) with all rules or with only
`{" + ".join(STRICT_RULES)}` kept, the set chosen from the first runs of batches 3-6 on dev
(`STRICT_RULES` in the module), never from test. A researcher who filters the sentence
table on `speaker_rule` trades names for precision at these rates.

{md_rows(rule_rows)}

## Per pattern (`per_pattern.csv`)

{md_rows(pattern_rows)}

Patterns come from the note on each gold item (first match in
`framing.validation.attribution.PATTERNS`). Batch 1 sampled every quotation of 25
characters or more, the first eight of each article, so short scare quotes are rare there;
batch 2 took every quotation of each article up to about twelve (often to the end);
batch 5 took every pair of marks of each article, nested ones too.
""")
    write_json(out / "manifest.json", build_manifest(
        validation="attribution", seed=SEED,
        data={"files": hash_files([Path(gold_path), *ArticleTexts(Path(shared or find_shared_dir())
                                                             ).paths(gold)])},
        n_boot=N_BOOT, outputs=["metrics.csv", "per_pattern.csv", "per_rule.csv",
                                "per_confidence.csv", "calibration.csv", "resolvers.csv",
                                "items.csv",
                                "README.md"],
        models={"speaker_ranker": ranker_info()}))
    return out
