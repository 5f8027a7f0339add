"""Measure quote and speaker attribution on the hand-written gold set.

Run from the repository root::

    python benchmarks/quotes.py

Reads ``tests/data/quotes_gold.jsonl`` (one case per line: a text, gold voice and speaker
for some of its spans, e.g. loaded terms, and optionally for some of its sentences) and
scores :func:`framing.attribute.quotes.find_quotes` +
:func:`~framing.attribute.quotes.voice_of_span`.
Writes, under ``results/validation/quotes/``:

* ``accuracy.csv``: per level (all items, term spans, sentences): voice accuracy, speaker
  accuracy on items whose gold speaker is named, and overall accuracy (voice and speaker
  both exactly right, ``None`` included), plus the share of cases with every item right.
* ``per_category.csv``: the same per gold category.
* ``failures.csv``: every item that is wrong, with what was expected and what came out.
* ``README.md``: the tables and how to rerun.

Everything is deterministic (no timings), so reruns with the same code are byte-identical.
Speakers are compared after collapsing whitespace.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.gold_tables import (  # noqa: E402
    collapse,
    csv_text,
    load_jsonl,
    locate,
    markdown,
    ratio,
    write_tables,
)
from framing.attribute.quotes import find_quotes, voice_of_span  # noqa: E402

GOLD = ROOT / "tests" / "data" / "quotes_gold.jsonl"
OUT = ROOT / "results" / "validation" / "quotes"


@dataclass(frozen=True)
class Item:
    case_id: str
    category: str
    level: str  # "span" or "sentence"
    text: str
    gold_voice: str
    gold_speaker: str | None
    voice: str
    speaker: str | None

    @property
    def voice_ok(self) -> bool:
        return self.voice == self.gold_voice

    @property
    def speaker_ok(self) -> bool:
        return collapse(self.speaker) == collapse(self.gold_speaker)

    @property
    def ok(self) -> bool:
        return self.voice_ok and self.speaker_ok


def load_gold(path: Path = GOLD) -> list[dict]:
    return load_jsonl(path)


def evaluate(cases: list[dict]) -> list[Item]:
    items: list[Item] = []
    for case in cases:
        text = case["text"]
        quotes = find_quotes(text)
        for level, key in (("span", "spans"), ("sentence", "sentences")):
            for g in case.get(key, []):
                start, end = locate(text, g["text"], g.get("occurrence", 1))
                voice, speaker = voice_of_span(quotes, start, end, text=text)
                items.append(Item(case["id"], case["category"], level, g["text"], g["voice"],
                                  g["speaker"], voice, speaker))
    return items


def summarise(items: list[Item]) -> dict[str, str | int]:
    named = [i for i in items if i.gold_speaker is not None]
    by_case: dict[str, list[Item]] = defaultdict(list)
    for i in items:
        by_case[i.case_id].append(i)
    cases_ok = sum(all(i.ok for i in group) for group in by_case.values())
    return {
        "cases": len(by_case),
        "items": len(items),
        "voice_accuracy": ratio(sum(i.voice_ok for i in items), len(items)),
        "named_speaker_items": len(named),
        "named_speaker_accuracy": ratio(sum(i.ok for i in named), len(named)),
        "overall_accuracy": ratio(sum(i.ok for i in items), len(items)),
        "case_accuracy": ratio(cases_ok, len(by_case)),
    }


def main() -> int:
    cases = load_gold()
    items = evaluate(cases)
    levels = [("all", items), ("span", [i for i in items if i.level == "span"]),
              ("sentence", [i for i in items if i.level == "sentence"])]
    accuracy = [{"level": name, **summarise(group)} for name, group in levels]
    categories = sorted({c["category"] for c in cases})
    per_category = [
        {"category": cat, **summarise([i for i in items if i.category == cat])}
        for cat in categories
    ]
    failures = [
        {"id": i.case_id, "category": i.category, "level": i.level, "text": i.text,
         "gold_voice": i.gold_voice, "gold_speaker": i.gold_speaker or "",
         "voice": i.voice, "speaker": i.speaker or ""}
        for i in items if not i.ok
    ]
    fail_cols = ["id", "category", "level", "text", "gold_voice", "gold_speaker", "voice",
                 "speaker"]
    write_tables(OUT, accuracy, per_category, failures, fail_cols)
    failing_ids = sorted({f["id"] for f in failures})
    n_heldout = sum(c["id"].startswith("h-") for c in cases)
    readme = f"""# Quote and speaker attribution: validation

Scores `framing.attribute.quotes` (rule-based quote finding, speaker attribution and the
author / quoted voice of spans) on the hand-written gold set
`tests/data/quotes_gold.jsonl`: {len(cases)} cases, {len(items)} gold items (term spans
and sentences, each with a gold voice and speaker).

Rerun from the repository root (deterministic, a second or so):

```
python benchmarks/quotes.py
```

Metrics: `voice_accuracy` is the share of items whose voice (author / quoted) is right;
`named_speaker_accuracy` is the share of items with a named gold speaker whose voice and
speaker are both right; `overall_accuracy` is the share of all items with voice and speaker
both exactly right (an author item must have speaker `None`, a scare quote must have
speaker `None`); `case_accuracy` is the share of cases with every item right. Speakers are
compared with whitespace collapsed; the naming conventions (titles and roles dropped,
surnames expanded to the full name used in the document, pronouns resolved) are in the
module docstring of `framing/attribute/quotes.py`.

## Accuracy (`accuracy.csv`)

{markdown(accuracy)}

## Per category (`per_category.csv`)

{markdown(per_category)}

## Failures (`failures.csv`)

{len(failures)} wrong items in {len(failing_ids)} cases: {", ".join(failing_ids) or "none"}.
(An empty speaker in `failures.csv` means `None`.)

## Caveats

The rules were developed against the first {len(cases) - n_heldout} cases (`seed-*`,
`demo-*` and the synthetic pattern cases), so the figures above are optimistic. The
{n_heldout} `h-*` cases were written before the code was run on them: on the first run
their voice accuracy was 54/54, overall accuracy 52/54 (0.963) and named-speaker accuracy
21/23 (0.913); the two misses (a capitalised "According to X," and "said Kyiv's deputy
mayor, X") were fixed afterwards. Expect lower speaker accuracy on real articles with
unusual attributions: known limits are pronouns resolved to the wrong person when
another person was named in between (no gender for first names), attributions without a
speech verb ("X is right that “…”", see the failure above), and appositive tangles.
"""
    (OUT / "README.md").write_text(readme, encoding="utf-8")
    print(csv_text(accuracy), end="")
    print(f"failing cases: {', '.join(failing_ids) or 'none'}")
    for f in failures:
        print(f"  {f['id']}: {f['text']!r} gold=({f['gold_voice']}, {f['gold_speaker'] or None!r})"
              f" got=({f['voice']}, {f['speaker'] or None!r})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
