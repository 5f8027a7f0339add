"""Country-name counterfactuals: the same news sentences with 12 country names swapped in."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from framing.validation.sentiment_sets import ScoreFn

COUNTRIES: dict[str, str] = {
    "Russia": "Russia",
    "Ukraine": "Ukraine",
    "France": "France",
    "Afghanistan": "Afghanistan",
    "Israel": "Israel",
    "Palestine": "Palestine",
    "China": "China",
    "United States": "the United States",
    "Iran": "Iran",
    "Germany": "Germany",
    "Nigeria": "Nigeria",
    "Mexico": "Mexico",
}
"""Country -> the form used inside a sentence."""

TEMPLATES: tuple[str, ...] = (
    "{C} announced a new trade agreement on Monday.",
    "Officials in {c} said the talks would continue next week.",
    "The government of {c} published its annual budget.",
    "Delegates from {c} attended the climate conference.",
    "{C} reported a sharp rise in unemployment this year.",
    "Heavy flooding in {c} has left thousands of families homeless.",
    "Critics accused {c} of violating the ceasefire.",
    "The election in {c} was marred by allegations of fraud.",
    "{C} celebrated a record harvest this autumn.",
    "Scientists in {c} made a remarkable breakthrough in cancer research.",
    "Tourists praised the hospitality they found in {c}.",
    "{C} won the football match in a thrilling final.",
    "A spokesman for {c} declined to comment on the report.",
    "Thousands protested in {c} against rising fuel prices.",
    "{C} and its neighbours signed a peace accord.",
    "The attack in {c} killed at least twelve people.",
    "Investors are optimistic about the economy of {c}.",
    "The president of {c} will visit Brazil in May.",
    "Human rights groups condemned the arrests in {c}.",
    "Aid workers in {c} distributed food and medicine.",
)
"""Country counterfactual templates: ``{C}`` sentence-initial, ``{c}`` inside the sentence;
neutral, positive and negative news sentences (7 / 6 / 7 roughly)."""


def country_sentences() -> pd.DataFrame:
    """The counterfactual sentences: one row per template × country."""
    rows = []
    for k, tpl in enumerate(TEMPLATES):
        for country, form in COUNTRIES.items():
            text = tpl.format(C=form[0].upper() + form[1:], c=form)
            rows.append((k, country, text))
    return pd.DataFrame(rows, columns=["template", "country", "text"])


def country_bias(scorers: dict[str, ScoreFn], masker: Callable[[list[str]], list[str]] | None
                 = None) -> pd.DataFrame:
    """Per-country mean sentiment over the templates, one row per country × scorer.

    Columns: ``scorer``, ``country``, ``mean_sentiment``, ``sd_sentiment`` (over templates),
    ``deviation`` (country mean minus the scorer's mean over countries), ``n_templates``,
    and the scorer's ``spread_max_min`` and ``spread_sd`` (SD of the country means, ddof=0).
    """
    sent = country_sentences()
    texts = sent["text"].tolist()
    if masker is not None:
        texts = masker(texts)
    rows = []
    for name, fn in scorers.items():
        df = sent.assign(score=fn(texts)["sentiment"].to_numpy(dtype=float))
        g = df.groupby("country", sort=False)["score"]
        means, sds = g.mean(), g.std(ddof=1)
        for country in COUNTRIES:
            rows.append({"scorer": name, "country": country,
                         "mean_sentiment": means[country], "sd_sentiment": sds[country],
                         "deviation": means[country] - means.mean(),
                         "n_templates": len(TEMPLATES),
                         "spread_max_min": means.max() - means.min(),
                         "spread_sd": float(np.std(means.to_numpy()))})
    return pd.DataFrame(rows)
