"""The scorer registry: names written once, shared parameters, unknown parameters refused."""

from __future__ import annotations

import pandas as pd
import pytest

from framing.errors import ConfigError, InputError, UnknownScorerError
from framing.scoring import (
    DEFAULT_SCORERS,
    SHARED_PARAMETERS,
    as_scorers,
    available_scorers,
    get_scorer,
    register,
    scorer_parameters,
)
from framing.scoring import registry as reg


def test_shared_parameters_are_declared():
    assert set(SHARED_PARAMETERS) == {"device", "batch_size", "precision", "encoder"}


@pytest.mark.parametrize("name", available_scorers())
def test_every_scorer_accepts_the_shared_parameters(name: str):
    sc = get_scorer(name, device="cpu", batch_size=5, precision="bf16", encoder="enc-x")
    for key, value in (("device", "cpu"), ("batch_size", 5), ("precision", "bf16"),
                       ("encoder", "enc-x")):
        if key in vars(sc):  # honoured: stored as given
            assert vars(sc)[key] == value
    assert set(scorer_parameters(name)) >= set(SHARED_PARAMETERS)


@pytest.mark.parametrize(
    ("name", "params", "message"),
    [
        ("sentiment.hf.v1", {"lable_map": {}},
         "sentiment.hf.v1 has no parameter 'lable_map'; valid: batch_size, device, encoder, "
         "label_map, max_length, model, precision"),
        ("sentiment.minilm-lora.v1", {"head_dir": "x"},
         "sentiment.minilm-lora.v1 has no parameter 'head_dir'; valid: batch_size, device, "
         "encoder, model_dir, precision"),
        ("sentiment.vader.v1", {"treshold": 0.1, "devise": "cpu"},
         "sentiment.vader.v1 has no parameters 'devise', 'treshold'; valid: batch_size, "
         "device, encoder, precision, threshold"),
        ("emotive.lexicon.v1", {"model": "x"},
         "emotive.lexicon.v1 has no parameter 'model'; valid: batch_size, device, dictionary, "
         "encoder, precision, stoplist"),
    ],
)
def test_unknown_parameter_names_the_valid_ones(name: str, params: dict, message: str):
    with pytest.raises(ConfigError) as info:
        get_scorer(name, **params)
    assert str(info.value) == message


@pytest.mark.parametrize(
    ("name", "params", "stored"),
    [
        ("sentiment.vader.v1", {"device": "cpu", "threshold": 0.2}, {"threshold": 0.2}),
        ("emotive.lexicon.v1", {"precision": "bf16", "batch_size": 3},
         {"dictionary": None, "stoplist": None}),
        ("sentiment.hf.v1", {"precision": "bf16", "encoder": "e"},
         {"model": None, "label_map": None, "device": "auto", "batch_size": 32,
          "max_length": None, "precision": "bf16"}),
    ],
)
def test_shared_parameters_a_scorer_does_not_take_are_dropped(name, params, stored):
    assert vars(get_scorer(name, **params)) == stored


def test_unknown_scorer_lists_available():
    with pytest.raises(UnknownScorerError, match="available: .*sentiment.vader.v1"):
        get_scorer("sentiment.nope.v9")
    with pytest.raises(UnknownScorerError):
        scorer_parameters("sentiment.nope.v9")


def test_names_are_written_once_on_the_class():
    for name in available_scorers():
        assert type(get_scorer(name)).name == name


class _Fake:
    columns = ("fake",)
    version = "1"

    def score(self, sentences):
        return pd.DataFrame({"fake": [0.0] * len(sentences)})

    def fingerprint(self) -> str:
        return "f"

    def provenance(self) -> dict:
        return {}


def test_register_reads_or_sets_the_name(monkeypatch):
    monkeypatch.setattr(reg, "_REGISTRY", dict(reg._REGISTRY))
    bare = register(type("Bare", (_Fake,), {"name": "test.bare.v1"}))
    assert reg._REGISTRY["test.bare.v1"] is bare
    named = register("test.named.v1")(type("Named", (_Fake,), {}))
    assert named.name == "test.named.v1" and reg._REGISTRY["test.named.v1"] is named


@pytest.mark.parametrize(
    ("decorate", "message"),
    [
        (lambda: register(type("NoName", (_Fake,), {})), "has no 'name'"),
        (lambda: register("test.a.v1")(type("Other", (_Fake,), {"name": "test.b.v1"})),
         "on a scorer named 'test.b.v1'"),
        (lambda: register(type("Dup", (_Fake,), {"name": "sentiment.vader.v1"})),
         "already registered"),
    ],
)
def test_register_refuses(monkeypatch, decorate, message):
    available_scorers()
    monkeypatch.setattr(reg, "_REGISTRY", dict(reg._REGISTRY))
    with pytest.raises(ValueError, match=message):
        decorate()


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (None, list(DEFAULT_SCORERS)),
        ("sentiment.vader.v1", ["sentiment.vader.v1"]),
        (["sentiment.vader.v1", "emotive.lexicon.v1"], ["sentiment.vader.v1",
                                                        "emotive.lexicon.v1"]),
    ],
)
def test_as_scorers_accepts_names_objects_and_none(spec, expected):
    assert [s.name for s in as_scorers(spec, device="cpu")] == expected


def test_as_scorers_passes_objects_through_and_refuses_clashing_columns():
    vader = get_scorer("sentiment.vader.v1")
    assert as_scorers(vader)[0] is vader
    with pytest.raises(InputError, match="both produce column 'vader_sentiment'"):
        as_scorers([vader, "sentiment.vader.v1"])
    with pytest.raises(ConfigError, match="no parameter 'bogus'"):
        as_scorers("sentiment.vader.v1", bogus=1)


# -- scorer parameters from the command line -----------------------------------------------------

@pytest.mark.parametrize(("names", "options", "expected"), [
    (["sentiment.hf.v1"], ["model=org/name"], [{"model": "org/name"}]),
    (["sentiment.hf.v1", "sentiment.vader.v1"], ["sentiment.hf.v1:model=m"],
     [{"model": "m"}, {}]),
    (["emotive.lexicon.v1", "sentiment.vader.v1"], ["dictionary=terms.yaml"],
     [{"dictionary": "terms.yaml"}, {}]),
    (["sentiment.vader.v1"], ["batch_size=8"], [{"batch_size": 8}]),
    (["sentiment.hf.v1"], ["model=a:b"], [{"model": "a:b"}]),
])
def test_scorer_options_go_to_the_scorers_that_take_them(names, options, expected):
    assert reg.scorer_options(names, options) == expected


@pytest.mark.parametrize(("names", "options", "message"), [
    (["sentiment.vader.v1"], ["model=x"], "no scorer among sentiment.vader.v1 takes 'model'"),
    (["sentiment.vader.v1"], ["model"], "expected KEY=VALUE"),
    (["sentiment.vader.v1"], ["sentiment.hf.v1:model=x"], "not among the scorers"),
])
def test_bad_scorer_options_name_the_problem(names, options, message):
    with pytest.raises(ConfigError, match=message):
        reg.scorer_options(names, options)
