"""What attribution and per-entity sentiment cost on real news: their shares of the full path.

Run from the repository root::

    python benchmarks/attribution_cost.py [--repeats 3]

Corpus: the articles of the real-news speaker gold set (``tests/data/attribution_real.jsonl``,
texts read from ``../shared/data``), or the shipped demo corpus when the shared folder is
absent. Each repeat runs the full path (:func:`framing.api.analyze_documents` with the default
scorers and ``entities=True``, score cache off) and records its step timings. Then it times
per-entity sentiment again on a fresh trunk (no reuse of the sentence pass's lower layers,
:meth:`framing.models.branch.Trunk.features`; the paragraph parses are still reused), and
quote and speaker finding alone with and without the syntactic layer
(:func:`framing.attribute.finder.find_quotes_many` ``syntax=True/False``, as the
pipeline does). Models are loaded
before timing; kept parses, document states and trunk passes are cleared before each timed
step.

Shares are of the full path without per-entity sentiment: ``attribute_share = attribute /
(full - entities)`` (speaker issue: ≤ 15%) and ``entities_share = entities / (full -
entities)`` (sentiment issue: per-entity sentiment adds ≤ 30%). Writes
``results/benchmarks/attribution_cost.csv`` (one row per repeat) and
``attribution_cost_machine.json`` (CPU count and load average: timings on a loaded machine
are indicative only).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from framing.api import analyze_documents  # noqa: E402
from framing.attribute.document import clear_documents  # noqa: E402
from framing.attribute.entity_sentiment import add_entity_sentiment  # noqa: E402
from framing.attribute.finder import find_quotes_many  # noqa: E402
from framing.datasets.attribution_gold import ArticleTexts, load_gold  # noqa: E402
from framing.models.branch import clear_trunk_memos  # noqa: E402
from framing.models.nlp import clear_parses, load_spacy  # noqa: E402
from framing.read import find_shared_dir, read_corpus  # noqa: E402
from framing.schema import Document  # noqa: E402
from framing.scoring import DEFAULT_SCORERS, get_scorer  # noqa: E402
from framing.text import clean_text  # noqa: E402


def corpus() -> tuple[str, list[Document]]:
    """The gold set's real articles when the shared folder is there, else the demo corpus."""
    shared = find_shared_dir()
    if shared is None:
        return "demo", read_corpus([ROOT / "data" / "demo" / "articles.jsonl"])
    texts = ArticleTexts(Path(shared))
    seen: dict[str, Document] = {}
    for g in load_gold():
        if g["article"] not in seen:
            seen[g["article"]] = Document(g["article"], g["outlet"], texts.text(g))
    return "real-news gold articles", list(seen.values())


def write_rows(rows: list[dict], out: Path, stem: str) -> None:
    """``<stem>.csv`` (the rows) and ``<stem>_machine.json`` (CPUs, load average) in ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(rows).to_csv(out / f"{stem}.csv", index=False)
    (out / f"{stem}_machine.json").write_text(json.dumps(
        {"cpus": os.cpu_count(), "load_average": [round(x, 2) for x in os.getloadavg()]},
        indent=2) + "\n")


def main() -> None:
    """Time the full path, attribution and entities; write the CSV and the machine facts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "results" / "benchmarks")
    args = parser.parse_args()
    name, docs = corpus()
    scorers = [get_scorer(n, device="cpu") for n in DEFAULT_SCORERS]
    analyze_documents(docs[:1], scorers, cache=False, entities=True)  # load models
    load_spacy()
    cleaned = [clean_text(d.text) for d in docs]
    rows = []
    for r in range(args.repeats):
        timings: dict[str, float] = {}
        clear_parses()
        clear_documents()
        clear_trunk_memos()
        t0 = time.perf_counter()
        table, cleaned_docs = analyze_documents(docs, scorers, cache=False, timings=timings,
                                                entities=True)
        total = time.perf_counter() - t0
        clear_trunk_memos()
        t = time.perf_counter()
        add_entity_sentiment(table.drop(columns="entity_sentiment"),
                             doc_texts={d.doc_id: d.text for d in cleaned_docs})
        fresh = time.perf_counter() - t
        quotes = {}
        for syntax in (False, True):
            clear_parses()
            clear_documents()
            t = time.perf_counter()
            find_quotes_many(dict(enumerate(cleaned)), syntax=syntax)
            quotes[syntax] = time.perf_counter() - t
        base = total - timings["entities"]
        rows.append({"repeat": r, "corpus": name, "documents": len(docs),
                     "sentences": len(table), "scorers": "+".join(DEFAULT_SCORERS),
                     "full_path_s": round(total, 3),
                     **{f"{k}_s": round(v, 3) for k, v in timings.items()},
                     "attribute_share": round(timings["attribute"] / base, 4),
                     "entities_share": round(timings["entities"] / base, 4),
                     "entities_fresh_trunk_s": round(fresh, 3),
                     "quotes_rules_only_s": round(quotes[False], 3),
                     "quotes_with_syntax_s": round(quotes[True], 3)})
        print(json.dumps(rows[-1]))
    write_rows(rows, args.out, "attribution_cost")


if __name__ == "__main__":
    main()
