"""What article frames, genre and paragraph techniques cost beside the sentence pass.

Run from the repository root::

    python benchmarks/frames_cost.py [--repeats 3]

Corpus: the real articles of the speaker gold set (texts from ``../shared/data``), or the
shipped demo corpus when the shared folder is absent (see ``attribution_cost.py``). Each repeat
times, with the score cache off, models loaded first and the in-process memos of trunk passes,
paragraph embeddings and spaCy parses cleared before each pass, in alternating order:

* the sentence pass: :func:`framing.api.analyze_documents` with the default scorers (clean,
  segment, sentiment + emotive, attribution);
* the article and paragraph pass on the same cleaned documents:
  :func:`framing.api.document_frames` (frames + genre, long articles chunked and pooled) and
  :func:`framing.api.paragraph_table` (persuasion techniques per paragraph).

Writes ``results/benchmarks/frames_cost.csv`` (one row per repeat: seconds of each pass and
``total_over_sentence_pass`` = (sentence + article/paragraph) / sentence) and
``frames_cost_machine.json`` (CPU count, load average). The frames issue's target is a total
of at most 1.5x the sentence pass.
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
sys.path.insert(0, str(ROOT / "benchmarks"))

from attribution_cost import corpus, write_rows  # noqa: E402

from framing.api import analyze_documents, document_frames, paragraph_table  # noqa: E402
from framing.models.branch import clear_trunk_memos  # noqa: E402
from framing.models.nlp import clear_parses  # noqa: E402
from framing.scoring import DEFAULT_SCORERS, get_scorer  # noqa: E402
from framing.scoring.frames import clear_embedding_memos  # noqa: E402


def main() -> None:
    """Time both passes, write the CSV and the machine facts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "results" / "benchmarks")
    args = parser.parse_args()
    name, docs = corpus()
    scorers = [get_scorer(n, device="cpu") for n in DEFAULT_SCORERS]
    _, cleaned = analyze_documents(docs[:2], scorers, cache=False)  # load models
    document_frames(cleaned, cache=False, device="cpu")
    paragraph_table(cleaned, cache=False, device="cpu")
    rows = []
    for r in range(args.repeats):
        seconds: dict[str, float] = {}
        for step in (("sentence", "frames") if r % 2 == 0 else ("frames", "sentence")):
            clear_trunk_memos()  # no pass may reuse the one before it
            clear_embedding_memos()
            clear_parses()
            t = time.perf_counter()
            if step == "sentence":
                table, cleaned = analyze_documents(docs, scorers, cache=False)
            else:
                document_frames(cleaned, cache=False, device="cpu")
                paragraphs = paragraph_table(cleaned, cache=False, device="cpu")
            seconds[step] = time.perf_counter() - t
        rows.append({"repeat": r, "corpus": name, "documents": len(docs),
                     "sentences": len(table), "paragraphs": len(paragraphs),
                     "sentence_pass_s": round(seconds["sentence"], 3),
                     "document_and_paragraph_s": round(seconds["frames"], 3),
                     "total_over_sentence_pass": round(
                         (seconds["sentence"] + seconds["frames"]) / seconds["sentence"], 3),
                     "load1": round(os.getloadavg()[0], 2)})
        print(json.dumps(rows[-1]))
    write_rows(rows, args.out, "frames_cost")


if __name__ == "__main__":
    main()
