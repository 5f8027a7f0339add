"""``framing train speakers``: fit the speaker ranker on the real-news gold set.

For every gold quotation of the ``dev`` and ``train`` articles of
``tests/data/attribution_real.jsonl`` (never ``test``), the document is read with the rules
and the parse (:func:`framing.attribute.finder.rule_pass`), the quote's candidates are listed
(:func:`framing.attribute.ranker.candidates`) and the gold speaker marks the right one
(``None`` when the text names no one). A conditional logit with an L2 penalty is fitted by
L-BFGS; the abstention threshold is the one that maximises speaker accuracy in a
cross-validation **by article** (the quotes of one article never fall on both sides), the
highest such threshold when several tie within half a point (precision first). The recorded
seed fixes the folds. Written to ``--out``: ``weights.json``, ``card.json`` (data hashes,
seed, cross-validated accuracy and wrong-name rate) and ``MODEL_CARD.md``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

from framing.attribute.finder import rule_pass
from framing.attribute.ranker import (
    SpeakerRanker,
    answer_row,
    design,
    feature_names,
    row_of,
    softmax,
)
from framing.attribute.voice import quote_of_span
from framing.datasets.attribution_gold import GOLD, ArticleTexts, load_gold
from framing.errors import InputError
from framing.outputs import write_json, write_text
from framing.read import find_shared_dir

__all__ = ["Group", "cross_validate", "extract", "fit", "rules_score", "score",
           "train_speakers"]

NAME = "speakers.ranker.v1"
SPLITS = ("dev", "train")
THRESHOLDS = tuple(round(t, 2) for t in np.arange(0.0, 0.96, 0.05))
TIE = 0.005


@dataclass(frozen=True)
class Group:
    """One gold quotation: its candidates' features and which one is right.

    Attributes:
        article: The gold article id (the cross-validation cluster).
        x: The candidates' features, one row per candidate (row 0 is ``None``).
        label: The row of the gold speaker, or -1 when no candidate is the gold speaker.
        named: Whether the gold speaker is a name (not ``None``).
        names: The candidates' names, in the rows' order.
        item: The gold item id.
        fixed: Whether the package keeps the quote unnamed whatever the ranker says
            (:meth:`~framing.attribute.finder.RulePass.settled`): scored, not fitted.
        rules_row: The row of the rules' speaker (0 when the rules name no one).
    """

    article: str
    x: np.ndarray
    label: int
    named: bool
    names: tuple[str | None, ...] = ()
    item: str = ""
    fixed: bool = False
    rules_row: int = 0


def extract(gold: list[dict], shared: Path, splits: tuple[str, ...] = SPLITS) -> list[Group]:
    """The candidates of every gold quotation of the given splits the package finds."""
    texts = ArticleTexts(shared)
    columns = feature_names()
    by_article: dict[str, list[dict]] = {}
    for g in gold:
        if g["split"] in splits and g["kind"] == "quote":
            by_article.setdefault(g["article"], []).append(g)
    groups: list[Group] = []
    for article, items in sorted(by_article.items()):
        text = texts.text(items[0])
        found = rule_pass(text)
        if found is None:
            continue
        listed = {(q.start, q.end): (k, cands) for k, q, cands in found.candidates()}
        for g in items:
            q = quote_of_span(found.quotes, g["start"], g["end"], text=text)
            if q is None:
                continue  # the quote itself is missed: no speaker to choose
            k, cands = listed[(q.start, q.end)]
            label = row_of(cands, g["speaker"])
            groups.append(Group(article, design(cands, columns), -1 if label is None else label,
                                g["speaker"] is not None, tuple(c.name for c in cands), g["id"],
                                found.settled(k), row_of(cands, q.speaker) or 0))
    return groups


def _loss(w: np.ndarray, groups: list[Group], l2: float) -> tuple[float, np.ndarray]:
    """The conditional logit's negative log likelihood (with L2) and its gradient."""
    loss = 0.5 * l2 * float(w @ w)
    grad = l2 * w
    for g in groups:
        z = g.x @ w
        z = z - z.max()
        p = np.exp(z)
        p /= p.sum()
        loss -= float(np.log(p[g.label] + 1e-12))
        grad = grad + g.x.T @ p - g.x[g.label]
    return loss, grad


def fit(groups: list[Group], l2: float = 3.0) -> np.ndarray:
    """The weights of the conditional logit fitted on the groups with a right candidate."""
    usable = [g for g in groups if g.label >= 0 and not g.fixed]
    w0 = np.zeros(usable[0].x.shape[1])
    res = minimize(_loss, w0, args=(usable, l2), jac=True, method="L-BFGS-B",
                   options={"maxiter": 500})
    return res.x


def _answers(w: np.ndarray, g: Group, threshold: float) -> int:
    """The row the ranker answers (0, the ``None`` row, when it abstains)."""
    return 0 if g.fixed else answer_row(softmax(g.x @ w), threshold)


def _rates(picks: list[int], groups: list[Group]) -> dict:
    """Speaker accuracy, names given and the wrong-name rate among them, of answered rows."""
    right = [p == g.label for p, g in zip(picks, groups, strict=True)]
    named = sum(p != 0 for p in picks)
    wrong = sum(1 for p, r in zip(picks, right, strict=True) if p and not r)
    return {"accuracy": round(float(np.mean(right)), 4), "named": int(named),
            "wrong_names": round(wrong / max(1, named), 4)}


def score(w: np.ndarray, groups: list[Group], threshold: float) -> dict:
    """Speaker accuracy and the wrong-name rate among names given, over the groups."""
    rates = _rates([_answers(w, g, threshold) for g in groups], groups)
    return {"accuracy": rates["accuracy"], "n": len(groups), "named": rates["named"],
            "wrong_names": rates["wrong_names"]}


def rules_score(groups: list[Group]) -> dict:
    """Speaker accuracy and wrong names of the rule-based speakers on the same quotations."""
    return _rates([0 if g.fixed else g.rules_row for g in groups], groups)


def cross_validate(groups: list[Group], l2: float, seed: int, folds: int = 5) -> dict:
    """Held-out accuracy per threshold, folds by article; the chosen threshold."""
    articles = sorted({g.article for g in groups})
    order = np.random.default_rng(seed).permutation(len(articles))
    fold_of = {articles[i]: n % folds for n, i in enumerate(order)}
    picks: dict[float, list[int]] = {t: [] for t in THRESHOLDS}
    held_out: list[Group] = []
    for f in range(folds):
        train = [g for g in groups if fold_of[g.article] != f]
        held = [g for g in groups if fold_of[g.article] == f]
        w = fit(train, l2)
        held_out += held
        for t in THRESHOLDS:
            picks[t] += [_answers(w, g, t) for g in held]
    table = []
    for t in THRESHOLDS:
        rates = _rates(picks[t], held_out)
        table.append({"threshold": float(t), "accuracy": rates["accuracy"],
                      "wrong_names": rates["wrong_names"]})
    best = max(r["accuracy"] for r in table)
    chosen = max(r["threshold"] for r in table if r["accuracy"] >= best - TIE)
    return {"folds": folds, "table": table, "threshold": chosen,
            "at_threshold": next(r for r in table if r["threshold"] == chosen)}


def train_speakers(out: str | Path, seed: int = 13, l2: float = 3.0,
                   shared: Path | None = None, gold_path: Path = GOLD) -> dict:
    """Fit the ranker on the gold set's dev and train articles and write it to ``out``.

    Returns:
        The card (also written as ``card.json``).

    Raises:
        InputError: When the shared data folder is missing.
    """
    shared = shared or find_shared_dir()
    if shared is None:
        raise InputError(gold_path, "the shared data folder (../shared) is needed to train "
                                    "the speaker ranker")
    gold = load_gold(gold_path)
    groups = extract(gold, Path(shared))
    cv = cross_validate(groups, l2, seed)
    w = fit(groups, l2)
    ranker = SpeakerRanker(feature_names(), w, cv["threshold"])
    out = Path(out)
    weights = json.dumps(ranker.to_json(), indent=1) + "\n"
    write_text(out / "weights.json", weights)
    card = {
        "name": NAME, "seed": seed, "l2": l2, "splits": list(SPLITS),
        "gold": gold_path.name,
        "gold_sha256": hashlib.sha256(Path(gold_path).read_bytes()).hexdigest(),
        "quotes": len(groups), "articles": len({g.article for g in groups}),
        "gold_in_candidates": round(float(np.mean([g.label >= 0 for g in groups])), 4),
        "threshold": cv["threshold"], "cross_validation": cv,
        "fit_on_all": score(w, groups, cv["threshold"]),
        "rules_on_same_quotes": rules_score(groups),
        "weights_sha256": hashlib.sha256(weights.encode()).hexdigest(),
    }
    write_json(out / "card.json", card)
    write_text(out / "MODEL_CARD.md", _model_card(card))
    return card


def _model_card(card: dict) -> str:
    at = card["cross_validation"]["at_threshold"]
    return f"""# {card['name']}: the speaker ranker

A conditional logit over each quotation's candidate speakers (the rules' and the parse's
answers, the neighbouring quotes' speakers, every person and organisation the document
names), with an abstention threshold ({card['threshold']}). See `framing.attribute.ranker`.

- Trained by `framing train speakers --seed {card['seed']}` on the `dev` and `train`
  articles of `tests/data/{card['gold']}` ({card['quotes']} quotations the package finds,
  {card['articles']} articles; the `test` articles are never read). L2 {card['l2']}.
- Gold speaker among the candidates: {card['gold_in_candidates']:.3f} of the quotations.
- Cross-validated by article ({card['cross_validation']['folds']} folds), at the chosen
  threshold: speaker accuracy {at['accuracy']:.3f}, wrong names {at['wrong_names']:.3f} of
  the names given (quotations the package finds; the threshold was chosen on these folds);
  the rules on the same quotations: {card['rules_on_same_quotes']['accuracy']:.3f} and
  {card['rules_on_same_quotes']['wrong_names']:.3f} (the rules were tuned on dev).
- These numbers come from the articles the ranker was fitted on (cross-validated); the
  held-out number is the `test` split of `framing validate attribution`.
"""
