"""Tests for framing.attribute.resolver: one case per target rule (needs the spaCy model)."""

from __future__ import annotations

import pytest

from framing.attribute.resolver import MAX_CONTEXT, TargetResolver

RULES = [
    # rule 1: entity or appositive
    ("Putin, the warmonger, spoke.", "warmonger", [], "Putin"),
    # rule 2: copular and naming-verb predicates
    ("Putin is a warmonger.", "warmonger", [], "Putin"),
    ("They called Orban a thug.", "thug", [], "Orban"),
    # rule 3: a nationality description, to a person in context or else the country
    ("The Russian warmonger spoke again.", "warmonger",
     ["Russian President Alexei Voronin arrived."], "Alexei Voronin"),
    ("The Russian warmonger spoke again.", "warmonger", [], "Russia"),
    ("He is a liar.", "liar", ["Lars Brandt spoke."], "Lars Brandt"),  # a pronoun
    ("She is a liar.", "liar", ["Lisa Brandt spoke.", "Then Tom Marek arrived."],
     "Lisa Brandt"),  # ... skipping a person whose first name says the other gender
    ("He is a liar.", "liar", ["Lisa Brandt spoke."], None),  # no one of his gender
    # rule 4: events and actions attach to their agent
    ("Putin's brutal invasion continued.", "brutal", [], "Putin"),
    ("The savage attack by Hamas shocked Israel.", "savage", [], "Hamas"),
    ("The attack, which Koll ordered, was barbaric.", "barbaric", [], "Koll"),
    ("Hamas carried out a savage attack.", "savage", [], "Hamas"),
    ("Russian troops brutally slaughtered civilians.", "brutally", [], "Russia"),
    # rule 3b: a group as written, each conjunct with its own description (batch-2 dev)
    ("All you get is a bunch of chippy socialists and whiny Remoaners accusing you of greed.",
     "chippy", [], "socialists"),
    ("All you get is a bunch of chippy socialists and whiny Remoaners accusing you of greed.",
     "whiny", [], "Remoaners"),
    ("They face policy wonks and politicians.", "wonks", [], "policy wonks and politicians"),
    # a title alone is a role: "the President" to the person in context
    ("Everything that the President is doing belies their argument.", "doing",
     ["President Ivo Marek spoke."], "Ivo Marek"),
    # rule 4c: a deed or product attaches to its doer; places are settings, not deeds
    ("Since then, Ivo Marek has shown a penchant for slapdash policies.", "slapdash", [],
     "Ivo Marek"),
    ("Senator Ana Kovac made explosive allegations about the camp.", "explosive", [],
     "Ana Kovac"),
    ("I was struck by Kovac's style of needlessly toxic politics.", "toxic", [], "Kovac"),
    ("Marek toured the devastated region on Tuesday.", "devastated", [], None),
    # copular subjects in the plural, as written; "known as"; "officials like NAME"
    ("Now the women are hothouse flowers.", "hothouse flowers", [], "women"),
    ("Maybe it is the authorities who are insane.", "insane", [], "authorities"),
    ("Lars Brandt is also known as a plagiarizer.", "plagiarizer", [], "Lars Brandt"),
    ("Deep State officials like ex-CIA chief Ian Brook are in panic mode.",
     "Deep State officials", [], "Ian Brook"),
    ("He rejected Kovac's claims as another beauty.", "another beauty", [], "Kovac"),
    # a demonstrative group to its earlier, fuller mention; hyphened names are the object
    ("These former officials attack Marek ferociously.", "ferociously",
     ["Obama-era security officials spoke out."], "Obama-era security officials"),
    ("The Marek-hating media kept at it.", "Marek-hating media", [], None),
    # rule 5: otherwise None
    ("The weather was brutal.", "brutal", [], None),
    ("Zelensky condemned the barbaric strike.", "barbaric", [], None),  # a reaction verb
]


@pytest.mark.parametrize(("sentence", "term", "context", "expected"), RULES)
def test_rules(nlp, sentence: str, term: str, context: list[str], expected: str | None) -> None:
    def parse(texts: list[str]) -> list:
        return list(nlp.pipe(texts))

    resolver = TargetResolver(nlp(sentence), context, parse)
    start = sentence.index(term)
    assert resolver.target(start, start + len(term)) == expected


def test_context_is_parsed_only_when_needed(nlp) -> None:
    parsed: list[list[str]] = []

    def parse(texts: list[str]) -> list:
        parsed.append(texts)
        return list(nlp.pipe(texts))

    context = ["Old news."] + ["Vladimir Putin spoke."] * MAX_CONTEXT
    resolver = TargetResolver(nlp("Putin is a warmonger."), context, parse)
    assert resolver.target(11, 20) == "Putin"
    assert parsed == []  # the name is in the sentence: no context needed
    resolver = TargetResolver(nlp("The tyrant spoke."), context, parse)
    assert resolver.target(4, 10) == "Vladimir Putin"
    assert parsed == [["Vladimir Putin spoke."] * MAX_CONTEXT]  # the last MAX_CONTEXT only
