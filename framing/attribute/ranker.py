"""A learned speaker ranker: choose each quotation's speaker among the document's candidates.

The rules (:mod:`framing.attribute.speakers`) and the parse (:mod:`framing.attribute.speech`)
each propose a speaker; on real news they disagree, and either may be right. For every
quotation this module lists the **candidates** -- the final rule speaker, the syntactic
speaker, the raw rule speaker before the parse corrected it, the speakers of the quotes
before and after, every person named outside quotes and every organisation the parser found
-- plus **no speaker** (``None``), describes each with a few features (which source proposed
it and by which rule, how often and how near the quote the name is written, whether it is
the most recent person named) and scores them with a conditional logit (one linear score
per candidate, a softmax over the quote's candidates). The best named candidate is the
speaker when its probability reaches the model's abstention threshold; otherwise the speaker
is ``None`` (precision first: a wrong name is worse than none).

The weights are a small JSON file (``framing/models/speaker_ranker/``) written by
``framing train speakers`` (:mod:`framing.training.speakers`) from the gold set's dev and
train articles; inference is plain Python and numpy, no torch.
"""

from __future__ import annotations

import bisect
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from framing.attribute.document import QuoteDoc
from framing.attribute.speech import RULES, SyntaxResult
from framing.errors import ModelUnavailableError
from framing.models.artifacts import ARTIFACTS, verified_digest

__all__ = ["RANKER_DIR", "Candidate", "Positions", "SpeakerRanker", "candidates", "feature_names",
           "answer_row", "load_ranker", "name_key", "ranker_info", "row_of", "softmax", "unnamed"]

RANKER_DIR = ARTIFACTS / "speaker_ranker"
"""``speakers.ranker.v1``: the shipped weights (``weights.json``, ``card.json``)."""

_RULE_IDS = tuple(RULES) + ("other",)
_TYPES = ("person", "organisation", "unknown")
_SHORT_WORDS = 3


class QuoteLike(Protocol):
    """What the ranker reads of a rule-based quote (:class:`~framing.attribute.speakers.Quote`)."""

    start: int
    end: int
    speaker: str | None
    rule: str | None
    speaker_type: str | None


def name_key(name: str | None) -> str | None:
    """A name as compared: whitespace, case, apostrophes and a leading *the* ignored."""
    if name is None:
        return None
    norm = " ".join(name.replace("’", "'").split()).casefold()
    return norm[4:] if norm.startswith("the ") else norm


def row_of(cands: Sequence[Candidate], name: str | None) -> int | None:
    """The row of the candidate named ``name`` (as :func:`name_key`), ``None`` when absent.

    ``name=None`` is the no-speaker candidate, row 0.
    """
    key = name_key(name)
    return next((i for i, c in enumerate(cands) if name_key(c.name) == key), None)


def _one_hot(prefix: str, value: str | None, values: Sequence[str]) -> dict[str, float]:
    if value is None or value == "":
        return {}
    return {f"{prefix}={value if value in values else 'other'}": 1.0}


def feature_names() -> list[str]:
    """Every feature the ranker may use, in a fixed order (the columns of the weights)."""
    names = ["none", "final", "syn", "raw", "prev", "next", "prev_next", "most_recent",
             "log_count", "log_count_before", "org", "person", "known", "non_person",
             "words1", "words3", "no_before", "log_dist_before", "para_before",
             "sent_before", "no_after", "log_dist_after", "para_after", "sent_after",
             "final_and_syn", "final_and_raw", "syn_and_raw", "rank1", "rank2", "rank3",
             "sent_first", "sent_pronoun", "none_rule_and_sent", "sent_subject", "written",
             "none:log_words", "none:short", "none:opens_para", "none:final_none",
             "none:syn_found", "none:raw_found", "none:syn_none", "none:in_headline"]
    names += [f"final_rule={r}" for r in _RULE_IDS] + [f"syn_rule={r}" for r in _RULE_IDS]
    names += [f"final_type={t}" for t in _TYPES] + [f"none:final_rule={r}" for r in _RULE_IDS]
    names += [f"none:syn_rule={r}" for r in _RULE_IDS]
    return names


@dataclass(frozen=True)
class Candidate:
    """One possible speaker of a quotation.

    Attributes:
        name: The speaker as it would be given (``None``: no speaker).
        features: Feature values by name (see :func:`feature_names`); absent means 0.
        start: Offset of the words that name this speaker in the attribution, when a rule
            or the parse found them, else ``None``.
        end: One past those words, or ``None``.
        speaker_type: ``"person"``, ``"organisation"``, ``"unknown"`` or ``None``.
        rule: The rule that proposed it (:data:`framing.attribute.speech.RULES`), else
            ``None``.
    """

    name: str | None
    features: dict[str, float]
    start: int | None = None
    end: int | None = None
    speaker_type: str | None = None
    rule: str | None = None


def _canonical(doc: QuoteDoc, name: str, pos: int) -> str:
    """A proposed name written as the document's full name for that speaker."""
    if " " not in name:
        name = doc.canonical(name, pos)
    if " " not in name and name not in doc.non_person:
        name = doc.first_name_before(name)
    return name


def _written(masked: str, name: str) -> list[tuple[int, int]]:
    """Where ``name`` is written, as a whole word, in the masked text (outside quotes)."""
    return [(m.start(), m.end())
            for m in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", masked)]


class Positions:
    """Where each candidate name is written outside quotes (mentions and organisations)."""

    def __init__(self, doc: QuoteDoc, result: SyntaxResult | None) -> None:
        self.masked = doc.masked
        self.at: dict[str, list[tuple[int, int]]] = {}
        for m in doc.mentions:
            self.at.setdefault(m.name, []).append((m.start, m.end))
        for org in sorted(result.organisations if result is not None else ()):
            if org in self.at or not org.strip():
                continue
            spots = _written(doc.masked, org)
            if spots:
                self.at[org] = spots
        self.named = tuple(self.at)
        """The persons and organisations the document names (the candidates of every quote)."""

    def of(self, name: str) -> list[tuple[int, int]]:
        """The ``(start, end)`` of every mention of ``name``, in text order.

        A name that is neither a person mention nor an organisation (a surname alone, as
        in ``“…,” Klitschko said``) is looked up as written outside quotes.
        """
        if name not in self.at:
            self.at[name] = _written(self.masked, name)
        return self.at[name]


def _distance_features(doc: QuoteDoc, spots: list[tuple[int, int]], qs: int, qe: int
                       ) -> dict[str, float]:
    """How near the quote the name is written, before and after it."""
    f: dict[str, float] = {}
    ends = [e for _, e in spots]
    k = bisect.bisect_right(ends, qs)
    ps, pe = doc.para_bounds(qs)
    sent = doc.sentence_start(qs)
    if k == 0:
        f["no_before"] = 1.0
    else:
        s, e = spots[k - 1]
        f["log_dist_before"] = math.log1p(qs - e)
        f["para_before"] = float(s >= ps)
        f["sent_before"] = float(s >= sent)
    after = [(s, e) for s, e in spots if s >= qe]
    if not after:
        f["no_after"] = 1.0
    else:
        s, _ = after[0]
        f["log_dist_after"] = math.log1p(s - qe)
        f["para_after"] = float(s < pe)
        f["sent_after"] = float(s < pe and not any(qe <= t <= s for t in doc.sent_starts))
    return f


def candidates(doc: QuoteDoc, result: SyntaxResult | None, raws: Sequence[tuple],
               quotes: Sequence[QuoteLike], k: int,
               positions: Positions | None = None) -> list[Candidate]:
    """The candidate speakers of quote ``k``, ``None`` first.

    Args:
        doc: The document (:class:`~framing.attribute.document.QuoteDoc`).
        result: The syntactic speakers, or ``None`` without a parse.
        raws: Per quote, the rule speaker ``(name, start, end)`` before the parse corrected
            it.
        quotes: The rule-based quotes (final speakers, rules and types).
        k: Which quote.
        positions: The candidates' mentions (computed when not given).

    Returns:
        The candidates with their features; names are unique (as :func:`name_key`).
    """
    positions = positions or Positions(doc, result)
    q = quotes[k]
    qs, qe = q.start, q.end
    syn = result.speakers[k] if result is not None else None
    raw = raws[k]
    found: dict[str, Candidate] = {}
    feats: dict[str, dict[str, float]] = {}

    def add(name: str | None, start: int | None = None, end: int | None = None,
            kind: str | None = None, rule: str | None = None) -> dict[str, float] | None:
        if not name or not name.strip():
            return None
        key = name_key(name)
        if key not in found:
            found[key] = Candidate(name, {}, start, end, kind, rule)
            feats[key] = found[key].features
        elif found[key].start is None and start is not None:
            old = found[key]
            found[key] = Candidate(old.name, old.features, start, end, old.speaker_type or kind,
                                   old.rule or rule)
        return feats[key]

    f = add(q.speaker, None, None, q.speaker_type, q.rule)
    if f is not None:
        f["final"] = 1.0
        f.update(_one_hot("final_rule", q.rule, _RULE_IDS))
        f.update(_one_hot("final_type", q.speaker_type, _TYPES))
    if syn is not None and syn.speaker:
        f = add(syn.speaker, None, None, syn.speaker_type, syn.rule or None)
        f["syn"] = 1.0
        f.update(_one_hot("syn_rule", syn.rule, _RULE_IDS))
    if raw[0]:
        f = add(_canonical(doc, raw[0], raw[1] if raw[1] is not None else qs), raw[1], raw[2])
        f["raw"] = 1.0
        written = doc.text[raw[1]:raw[2]] if raw[1] is not None else ""
        f["written"] = float(written[:1].isupper() and raw[0].split()[-1] in written)
    if syn is not None and syn.subject:
        f = add(syn.subject, None, None, "person", "subject")
        f["sent_subject"] = 1.0
    for j, flag in ((k - 1, "prev"), (k + 1, "next")):
        if 0 <= j < len(quotes) and quotes[j].speaker:
            f = add(quotes[j].speaker, None, None, quotes[j].speaker_type, "continued")
            f[flag] = 1.0
    mention_names = {m.name for m in doc.mentions}
    for name in positions.named:
        add(name, None, None, "person" if name in mention_names else "organisation")
    recent = doc.resolve(qs, None)
    last_before = {name: max((e for _, e in spots if e <= qs), default=-1)
                   for name, spots in ((n, positions.of(n)) for n in positions.named)}
    by_recency = sorted((n for n, e in last_before.items() if e >= 0),
                        key=lambda n: -last_before[n])
    rank = {name_key(n): i + 1 for i, n in enumerate(by_recency)}
    sent = doc.sentence_start(qs)
    opening = doc.masked[sent:qs]
    pronoun = re.match(r"\s*(?:But |And |So |Yet )?(He|She)\b", opening)
    pronoun_person = doc.resolve(sent, "m" if pronoun and pronoun.group(1) == "He" else "f") \
        if pronoun else None
    orgs = result.organisations if result is not None else frozenset()
    out = [_none_candidate(doc, q, syn, raw)]
    for key, cand in found.items():
        f = feats[key]
        name = cand.name
        spots = positions.of(name)
        f["log_count"] = math.log1p(len(spots))
        f["log_count_before"] = math.log1p(sum(1 for _, e in spots if e <= qs))
        f["org"] = float(name in orgs and name not in mention_names)
        f["person"] = float(name in mention_names)
        f["known"] = float(result is not None and name in result.known)
        f["non_person"] = float(name in doc.non_person)
        n_words = len(name.split())
        f["words1"] = float(n_words == 1)
        f["words3"] = float(n_words >= 3)
        f["most_recent"] = float(recent is not None and name_key(recent) == key)
        if f.get("prev") and f.get("next"):
            f["prev_next"] = 1.0
        for a, b in (("final", "syn"), ("final", "raw"), ("syn", "raw")):
            if f.get(a) and f.get(b):
                f[f"{a}_and_{b}"] = 1.0
        f.update(_distance_features(doc, spots, qs, qe))
        r = rank.get(key)
        if r is not None:
            f[f"rank{min(r, 3)}"] = 1.0
        f["sent_first"] = float(any(sent <= s < sent + 40 and e <= qs for s, e in spots))
        f["sent_pronoun"] = float(pronoun_person is not None and
                                  name_key(pronoun_person) == key)
        f["none_rule_and_sent"] = float(q.speaker is None and
                                        (f["sent_first"] or f["sent_pronoun"]) > 0)
        out.append(cand)
    return out


def _none_candidate(doc: QuoteDoc, q: QuoteLike, syn: Any, raw: tuple) -> Candidate:
    """The ``None`` candidate, described by the quote itself."""
    words = len(doc.text[q.start:q.end].split())
    ps, pe = doc.para_bounds(q.start)
    f = {"none": 1.0, "none:log_words": math.log1p(words),
         "none:short": float(words <= _SHORT_WORDS),
         "none:opens_para": float(not doc.text[ps:q.start].strip()),
         "none:final_none": float(q.speaker is None),
         "none:syn_found": float(syn is not None and syn.found),
         "none:raw_found": float(bool(raw[0])),
         "none:syn_none": float(syn is not None and syn.found and not syn.speaker),
         "none:in_headline": float(pe - ps < 120 and doc.text[ps:pe].count(".") == 0)}
    f.update({f"none:{k}": v for k, v in _one_hot("final_rule", q.rule, _RULE_IDS).items()})
    if syn is not None:
        f.update({f"none:{k}": v for k, v in _one_hot("syn_rule", syn.rule, _RULE_IDS).items()})
    return Candidate(None, f)


def unnamed(q: QuoteLike, syn: Any) -> bool:
    """Whether the rules and the parse both found an attribution that names no one.

    (``A spokesman said``, ``critics say``, a passive ``was asked:``.) The ranker keeps
    such quotes unnamed: precision first.
    """
    return q.speaker is None and syn is not None and syn.found and not syn.speaker


def design(cands: Sequence[Candidate], columns: Sequence[str]) -> np.ndarray:
    """The candidates' features as a matrix, one row per candidate."""
    index = {c: i for i, c in enumerate(columns)}
    x = np.zeros((len(cands), len(columns)))
    for r, c in enumerate(cands):
        for name, v in c.features.items():
            if name in index:
                x[r, index[name]] = v
    return x


def softmax(z: np.ndarray) -> np.ndarray:
    """The softmax of one quote's candidate scores."""
    e = np.exp(z - z.max())
    return e / e.sum()


def answer_row(p: np.ndarray, threshold: float) -> int:
    """The row answered: the likeliest name if its probability reaches ``threshold``, else 0.

    Row 0 is the ``None`` candidate (no speaker); the names follow it.
    """
    best = 1 + int(np.argmax(p[1:])) if len(p) > 1 else 0
    return best if best and p[best] >= threshold else 0


class SpeakerRanker:
    """A conditional logit over a quote's candidates, with an abstention threshold.

    Args:
        columns: The feature names, in the order of ``weights``.
        weights: One weight per feature.
        threshold: The least probability a named candidate needs to be given.
    """

    def __init__(self, columns: Sequence[str], weights: Sequence[float], threshold: float):
        self.columns = list(columns)
        self.weights = np.asarray(weights, dtype=float)
        self.threshold = float(threshold)
        if len(self.columns) != len(self.weights):
            raise ModelUnavailableError("speaker ranker: the number of weights does not "
                                        "match the number of features")

    def probabilities(self, cands: Sequence[Candidate]) -> np.ndarray:
        """The softmax over the candidates' scores."""
        return softmax(design(cands, self.columns) @ self.weights)

    def choose(self, cands: Sequence[Candidate]) -> tuple[Candidate | None, float]:
        """The chosen named candidate and its probability, or ``(None, p)`` to abstain.

        ``p`` is then the probability of the no-speaker candidate: the same confidence an
        unnamed answer gets from :func:`~framing.attribute.finder.rate_rules` and for quotes
        no one may speak.
        """
        p = self.probabilities(cands)
        if len(cands) < 2:
            return None, 1.0
        row = answer_row(p, self.threshold)
        if row:
            return cands[row], float(p[row])
        return None, float(p[0])

    def to_json(self) -> dict:
        """The weights as written to ``weights.json``."""
        return {"columns": self.columns, "weights": [round(float(w), 6) for w in self.weights],
                "threshold": self.threshold}


def _card(folder: str | None) -> tuple[Path, dict]:
    """The ranker's folder and its ``card.json`` (empty when there is none)."""
    path = Path(folder) if folder else RANKER_DIR
    card_path = path / "card.json"
    return path, (json.loads(card_path.read_text(encoding="utf-8")) if card_path.is_file()
                  else {})


def ranker_info(folder: str | None = None) -> dict:
    """Provenance of the ranker: its name, weights hash, threshold and training seed."""
    _, card = _card(folder)
    return {k: card.get(k) for k in ("name", "weights_sha256", "threshold", "seed", "l2",
                                     "gold_sha256")}


@lru_cache(maxsize=4)
def load_ranker(folder: str | None = None) -> SpeakerRanker:
    """The ranker shipped with the package (or one written by ``framing train speakers``).

    Raises:
        ModelUnavailableError: When the weights are missing or do not match their card.
    """
    path, card = _card(folder)
    weights = path / "weights.json"
    verified_digest(weights, card.get("weights_sha256"), "speaker ranker weights",
                    "framing train speakers")
    data = json.loads(weights.read_text(encoding="utf-8"))
    return SpeakerRanker(data["columns"], data["weights"], data["threshold"])
