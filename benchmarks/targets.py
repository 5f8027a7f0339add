"""Measure loaded-term target finding on the hand-written gold set.

Run from the repository root::

    python benchmarks/targets.py            # writes results/validation/targets/
    python benchmarks/targets.py --timing   # also prints load and parse times (not written)

Reads ``tests/data/targets_gold.jsonl`` (one case per line: context sentences, a sentence, a
loaded term given as a substring and its occurrence, and the gold target or ``null``) and
scores :func:`framing.attribute.targets.find_targets`. Writes, under
``results/validation/targets/``:

* ``accuracy.csv``: overall, on the cases the rules were developed on (``dev``) and on the
  cases written afterwards (``heldout``, ids ``ho-*`` and ``ho2-*``): accuracy (exact
  match, ``None`` included), accuracy on the cases with a non-null gold target, null
  precision (share of ``None`` predictions whose gold is ``None``) and null recall.
* ``per_category.csv``: the same per gold category.
* ``failures.csv``: every wrong case, with the gold and predicted target.
* ``README.md``: the tables and how to rerun.

Everything written is deterministic (timings are only printed), so reruns with the same code
and model are byte-identical.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.gold_tables import (  # noqa: E402
    collapse,
    load_jsonl,
    locate,
    markdown,
    ratio,
    write_tables,
)
from framing.attribute import targets as tg  # noqa: E402
from framing.models import nlp as spacy_loader  # noqa: E402

GOLD = ROOT / "tests" / "data" / "targets_gold.jsonl"
OUT = ROOT / "results" / "validation" / "targets"
HELDOUT_PREFIXES = ("ho-", "ho2-")

# first-pass scores of the held-out batches, before any rule was changed because of them
# (recorded by hand when each batch was written; see the README's caveats)
FIRST_PASS = {"ho-": (42, 45), "ho2-": (26, 30)}


@dataclass(frozen=True)
class Result:
    case_id: str
    category: str
    term: str
    gold: str | None
    pred: str | None

    @property
    def ok(self) -> bool:
        return collapse(self.pred) == collapse(self.gold)


def load_gold(path: Path = GOLD) -> list[dict]:
    return load_jsonl(path)


def evaluate(cases: list[dict]) -> list[Result]:
    results = []
    for case in cases:
        span = locate(case["sentence"], case["term"], case.get("occurrence", 1))
        (pred,) = tg.find_targets(case["sentence"], [span], case.get("context", []))
        results.append(Result(case["id"], case["category"], case["term"], case["target"], pred))
    return results


def summarise(results: list[Result]) -> dict[str, str | int]:
    nonnull = [r for r in results if r.gold is not None]
    pred_null = [r for r in results if r.pred is None]
    gold_null = [r for r in results if r.gold is None]
    return {
        "cases": len(results),
        "correct": sum(r.ok for r in results),
        "accuracy": ratio(sum(r.ok for r in results), len(results)),
        "nonnull_gold": len(nonnull),
        "nonnull_accuracy": ratio(sum(r.ok for r in nonnull), len(nonnull)),
        "null_predicted": len(pred_null),
        "null_precision": ratio(sum(r.gold is None for r in pred_null), len(pred_null)),
        "null_gold": len(gold_null),
        "null_recall": ratio(sum(r.pred is None for r in gold_null), len(gold_null)),
    }


def _timing(cases: list[dict]) -> None:
    t0 = time.perf_counter()
    spacy_loader._CACHE.clear()  # time a fresh load
    if spacy_loader.load_spacy() is None:
        return
    t1 = time.perf_counter()
    # distinct sentences (a prefix per copy), so that no parse comes from the cache
    sentences, terms, contexts = [], [], []
    for k in range(20):
        prefix = f"On day {k + 1}, "
        for c in cases:
            start, end = locate(c["sentence"], c["term"], c.get("occurrence", 1))
            sentences.append(prefix + c["sentence"])
            terms.append([{"start": start + len(prefix), "end": end + len(prefix)}])
            contexts.append(c.get("context", []))
    t2 = time.perf_counter()
    tg.annotate_many(sentences, terms, contexts)
    t3 = time.perf_counter()
    print(f"model load {t1 - t0:.2f} s; annotate_many {len(sentences)} sentences: "
          f"{(t3 - t2) / len(sentences) * 1000:.2f} ms/sentence", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--timing", action="store_true", help="print load and parse times")
    args = parser.parse_args(argv)
    if not tg.model_available():
        print("spaCy or its English model is not installed; nothing measured.", file=sys.stderr)
        return 1
    info = tg.model_info() or {}
    cases = load_gold()
    results = evaluate(cases)
    heldout = [r for r in results if r.case_id.startswith(HELDOUT_PREFIXES)]
    dev = [r for r in results if not r.case_id.startswith(HELDOUT_PREFIXES)]
    accuracy = [{"subset": name, **summarise(group)}
                for name, group in (("all", results), ("dev", dev), ("heldout", heldout))]
    per_category = [{"category": cat, **summarise([r for r in results if r.category == cat])}
                    for cat in sorted({r.category for r in results})]
    failures = [{"id": r.case_id, "category": r.category, "term": r.term,
                 "gold": "" if r.gold is None else r.gold,
                 "predicted": "" if r.pred is None else r.pred}
                for r in results if not r.ok]
    fail_cols = ["id", "category", "term", "gold", "predicted"]
    write_tables(OUT, accuracy, per_category, failures, fail_cols)
    fail_lines = "\n".join(
        f"* `{f['id']}` ({f['category']}, term `{f['term']}`): gold "
        f"{f['gold'] or 'None'!s}, predicted {f['predicted'] or 'None'!s}" for f in failures
    ) or "none"
    first = ", ".join(f"`{p}*` {ok}/{n}" for p, (ok, n) in FIRST_PASS.items())
    n_null = sum(c["target"] is None for c in cases)
    readme = f"""# Loaded-term targets: validation

Scores `framing.attribute.targets.find_targets` (which entity a loaded term is aimed at; rules in
the module docstring) on the hand-written gold set `tests/data/targets_gold.jsonl`:
{len(cases)} cases, {len(cases) - n_null} with a gold target and {n_null} whose gold target
is `None` (no clear target). Model: spaCy `{info.get("package", "")}` {info.get("version", "")}
(licence {info.get("license", "")}) under spaCy {info.get("spacy", "")}.

Rerun from the repository root (deterministic, a few seconds):

```
python benchmarks/targets.py
```

(`--timing` also prints the model load time and the parse speed of `annotate_many`; timings
are not written here so that reruns are byte-identical.)

Metrics: `accuracy` is exact match of the target string (whitespace collapsed), `None`
included; `nonnull_accuracy` is accuracy on the cases whose gold target is a string;
`null_precision` is the share of `None` predictions whose gold is `None`; `null_recall` the
share of gold-`None` cases predicted `None`.

## Accuracy (`accuracy.csv`)

{markdown(accuracy)}

## Per category (`per_category.csv`)

{markdown(per_category)}

## Failures (`failures.csv`)

{fail_lines}

## Caveats

* The rules were developed on the `dev` cases, so their figures are optimistic. The
  `heldout` cases were written in two batches *after* the rules, and each batch was scored
  before anything was changed: first-pass scores {first}, i.e. about 0.91 on unseen cases.
  Their failures then led to general fixes (a small clause's own subject, a capitalised
  well-known name the tagger missed, naming verbs are not agents, unlabelled proper-noun
  chains as people in context, more titles and event nouns) and one gold correction
  (`ho2-18`: `None` was an annotation slip contradicting `evt-05`; it is `Taliban`), so
  the `heldout` row above is no longer unseen either.
* Cases are short single sentences, mostly hand-made; long news sentences with several
  clauses parse worse with the small model. Names the model does not know are often not
  labelled PERSON (see the proper-noun fallback in the module).
* Event agents are found only inside the sentence: `hard-03` (agent named in the previous
  sentence) is a known miss by design.
"""
    (OUT / "README.md").write_text(readme, encoding="utf-8")
    print(markdown(accuracy))
    if args.timing:
        _timing(cases)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
