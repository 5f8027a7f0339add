"""The spaCy loader's parse cache: one parse per text, bounded, per pipeline."""

from __future__ import annotations

import pytest

from framing.models import nlp as nlp_module


class CountingPipeline:
    """A stand-in pipeline: ``pipe`` returns each text's length and counts the texts."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def pipe(self, texts, batch_size=None):
        for t in texts:
            self.seen.append(t)
            yield [len(t)]


@pytest.fixture(autouse=True)
def _fresh():
    nlp_module.clear_parses()
    yield
    nlp_module.clear_parses()


def test_each_text_is_parsed_once_and_kept_per_pipeline():
    first, second = CountingPipeline(), CountingPipeline()
    a = nlp_module.parse(["one", "two", "one"], first)
    assert a == [[3], [3], [3]] and first.seen == ["one", "two"] and a[0] is a[2]
    assert nlp_module.parse(["two", "three"], first)[0] is a[1]
    assert first.seen == ["one", "two", "three"]
    nlp_module.parse(["one"], second)
    assert second.seen == ["one"]


def test_the_least_recently_used_parses_are_forgotten(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(nlp_module, "PARSE_CACHE_SIZE", 2)
    nlp = CountingPipeline()
    nlp_module.parse(["a", "b"], nlp)
    nlp_module.parse(["a"], nlp)  # "a" is now the most recent
    nlp_module.parse(["c"], nlp)  # forgets "b"
    nlp_module.parse(["a", "b"], nlp)
    assert nlp.seen == ["a", "b", "c", "b"]
    big = [str(i) for i in range(5)]
    assert len(nlp_module.parse(big, nlp)) == 5  # one call larger than the cache still works
