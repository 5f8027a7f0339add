"""The spaCy loader's parse cache: one parse per text, bounded, per pipeline."""

from __future__ import annotations

import contextlib
import os

import pytest

from framing.models import nlp as nlp_module


class CountingPipeline:
    """A stand-in pipeline: ``pipe`` returns each text's length and counts the texts."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        self.calls: list[tuple[int, int]] = []  # (texts, processes) per pipe call

        self.enabled: list[str] | None = None  # the pipes select_pipes enabled, if any

    @contextlib.contextmanager
    def select_pipes(self, enable):
        self.enabled = list(enable)
        yield
        self.enabled = None

    def pipe(self, texts, batch_size=None, n_process=1):
        texts = list(texts)
        self.calls.append((len(texts), n_process))
        self.pipes_used = self.enabled
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


@pytest.mark.parametrize(("env", "n_texts", "expected"), [
    ("1", 10_000, 1),  # told to stay in one process
    ("4", 10_000, 4),
    ("4", 2 * nlp_module.MIN_TEXTS_PER_PROCESS + 10, 2),  # MIN_TEXTS_PER_PROCESS each
    ("4", nlp_module.MIN_TEXTS_PER_PROCESS - 1, 1),
    ("junk", 10_000, min(2, os.cpu_count() or 1)),  # unreadable: the default
])
def test_parse_processes(monkeypatch: pytest.MonkeyPatch, env, n_texts, expected):
    monkeypatch.setenv(nlp_module.PARSE_PROCESSES_ENV, env)
    assert nlp_module.parse_processes(n_texts) == expected


def test_parse_groups_parses_groups_together_and_yields_them_in_order(
        monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(nlp_module.PARSE_PROCESSES_ENV, "1")
    nlp = CountingPipeline()
    groups = [("d1", ["a", "bb"]), ("d2", []), ("d3", ["ccc", "a"]), ("d4", ["dddd"])]
    got = list(nlp_module.parse_groups(iter(groups), nlp, batch=3))
    assert [k for k, _ in got] == ["d1", "d2", "d3", "d4"]
    assert [d for _, d in got] == [[[1], [2]], [], [[3], [1]], [[4]]]
    # d1-d3 (four texts, "a" twice) parsed in one call, d4 in the next: each text once
    assert nlp.calls == [(3, 1), (1, 1)] and sorted(nlp.seen) == ["a", "bb", "ccc", "dddd"]


def test_entities_only_reuses_full_parses_and_runs_only_the_recogniser():
    nlp = CountingPipeline()
    full = nlp_module.parse(["kept"], nlp)
    assert nlp.pipes_used is None  # the whole pipeline
    got = nlp_module.parse(["kept", "new", "new"], nlp, entities_only=True)
    assert got[0] is full[0] and got[1] is got[2]
    assert nlp.calls[-1] == (1, 1) and nlp.pipes_used == list(nlp_module.ENTITY_PIPES)
    # an entities-only parse never stands in for a full one
    nlp_module.parse(["new"], nlp)
    assert nlp.seen == ["kept", "new", "new"] and nlp.pipes_used is None


def test_parsing_in_several_processes_gives_the_same_parses():
    nlp = nlp_module.load_spacy()
    if nlp is None:
        pytest.skip("no spaCy English model installed")
    texts = [f"“We will not give up {i} towns,” Mayor Anna Kovalenko told Reuters on Monday."
             if i % 2 else f"Troops left {i} villages near Kharkiv, the ministry said."
             for i in range(60)]

    def annotations(docs):
        return [[(t.text, t.pos_, t.tag_, t.dep_, t.head.i, t.ent_type_, t.is_sent_start)
                 for t in d] for d in docs]

    one = nlp_module._pipe(nlp, texts, 1)
    assert annotations(nlp_module._pipe(nlp, texts, 3)) == annotations(one)

    def ents(n_process):
        with nlp.select_pipes(enable=list(nlp_module.ENTITY_PIPES)):
            return [[(e.text, e.label_) for e in d.ents]
                    for d in nlp_module._pipe(nlp, texts, n_process)]

    assert ents(2) == ents(1) and any(ents(1))


class RulerPipeline(CountingPipeline):
    """A stand-in pipeline with an attribute ruler whose patterns are given."""

    def __init__(self, patterns) -> None:
        super().__init__()
        self.pipe_names = ["tagger", nlp_module.RULER]
        self._patterns = patterns

    def get_pipe(self, name):
        assert name == nlp_module.RULER
        return type("Ruler", (), {"patterns": self._patterns})()


@pytest.mark.parametrize(("patterns", "looked_up"), [
    ([{"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN"}, "index": 0}], True),
    ([{"patterns": [[{"ORTH": "x"}]], "attrs": {"POS": "X"}, "index": 0}], False),  # unread
    ([{"patterns": [[{"TAG": {"FUZZY": "NN"}}]], "attrs": {"POS": "X"}, "index": 0}], False),
])
def test_a_ruler_the_lookup_cannot_read_is_left_to_spacy(patterns, looked_up):
    nlp = RulerPipeline(patterns)
    assert (nlp_module.pos_rules(nlp) is not None) is looked_up
    if not looked_up:  # the whole pipeline, its own ruler included, parses the text
        assert nlp_module.parse(["a text"], nlp) == [[6]] and nlp.pipes_used is None
