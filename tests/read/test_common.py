"""The field options' one owner (framing.read.common.FieldMap) and shared row helpers."""

from __future__ import annotations

import inspect

import pytest

from framing.errors import ArgumentError
from framing.experiment import CorpusConfig
from framing.read import documents_from_records, read_corpus
from framing.read.common import DEFAULT_FIELDS, FIELD_OPTIONS, FieldMap
from framing.stream import stream_score


@pytest.mark.parametrize(("options", "expected"), [
    ({}, FieldMap()),
    ({"text_field": "body", "id_field": "id"}, FieldMap(text="body", doc_id="id")),
    ({"url_field": "link", "date_field": "published"}, FieldMap(url="link", date="published")),
])
def test_field_map_from_options(options, expected):
    assert FieldMap.from_options(**options) == expected
    assert FieldMap.from_options(**expected.options()) == expected


def test_unknown_field_option_names_the_valid_ones():
    with pytest.raises(ArgumentError, match="txt_field.*valid: text_field, id_field"):
        FieldMap.from_options(txt_field="body")


@pytest.mark.parametrize(("field", "word"), [("text", "text"), ("doc_id", "id"),
                                             ("source", "source"), ("url", "url")])
def test_option_word(field, word):
    assert FieldMap.option_word(field) == word


@pytest.mark.parametrize("function", [read_corpus, documents_from_records])
def test_public_readers_take_every_field_option_with_its_default(function):
    params = inspect.signature(function).parameters
    assert {o: params[o].default for o in FIELD_OPTIONS} == DEFAULT_FIELDS.options()


def test_experiment_corpus_config_has_every_field_option_with_its_default():
    defaults = CorpusConfig(paths=["a.jsonl"]).read_options()
    assert {o: defaults[o] for o in FIELD_OPTIONS} == DEFAULT_FIELDS.options()


def test_streaming_takes_a_field_map():
    assert inspect.signature(stream_score).parameters["fields"].default == DEFAULT_FIELDS


def test_cli_options_default_to_the_field_map():
    from framing.cli import score_cmd

    params = inspect.signature(score_cmd).parameters
    assert {o: params[o].default for o in FIELD_OPTIONS} == DEFAULT_FIELDS.options()
