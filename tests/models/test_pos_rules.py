"""The attribute ruler applied by lookup: the same POS, tags and dependencies as spaCy's."""

from __future__ import annotations

import pytest

from framing.models import nlp as nlp_module
from framing.models.pos_rules import PosRules

spacy = pytest.importorskip("spacy")

PATTERNS = [
    {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN"}, "index": 0},
    {"patterns": [[{"TAG": "VBD"}]], "attrs": {"POS": "VERB"}, "index": 0},
    {"patterns": [[{"TAG": "DT"}]], "attrs": {"POS": "DET"}, "index": 0},
    {"patterns": [[{"TAG": "EX"}]], "attrs": {"POS": "PRON"}, "index": 0},
    # later rules win over earlier ones for the same token
    {"patterns": [[{"TAG": "NN", "LOWER": "nothing"}]], "attrs": {"POS": "PRON"}, "index": 0},
    # a two-token rule that sets its second token
    {"patterns": [[{"DEP": "expl"}, {"LOWER": {"IN": ["is", "was"]}}]],
     "attrs": {"POS": "AUX"}, "index": 1},
    {"patterns": [[{"TAG": {"NOT_IN": ["DT", ""]}, "DEP": {"IN": ["aux"]}}]],
     "attrs": {"POS": "AUX"}, "index": 0},
    {"patterns": [[{"LOWER": {"REGEX": "^w.s$"}, "TAG": "VBD"}]], "attrs": {"TAG": "VBZ"},
     "index": 0},
    {"patterns": [[{"IS_SPACE": True}]], "attrs": {"POS": "SPACE", "DEP": "dep"}, "index": 0},
]

CASES = [
    (["There", "was", "nothing"], ["EX", "VBD", "NN"], ["expl", "ROOT", "attr"]),
    (["The", "dog", "was", "there"], ["DT", "NN", "VBD", "RB"], ["det", "nsubj", "ROOT", "advmod"]),
    (["A", "cat", "did", "nothing"], ["DT", "NN", "VBD", "NN"], ["det", "nsubj", "aux", "dobj"]),
    (["No", " ", "dog"], ["DT", "_SP", "NN"], ["det", "punct", "ROOT"]),
]


VOCAB = spacy.blank("en").vocab


def _doc(words, tags, deps):
    from spacy.tokens import Doc

    vocab = VOCAB
    heads = [len(words) - 1] * len(words)
    return Doc(vocab, words=words, tags=tags, deps=deps, heads=heads)


def _attrs(doc):
    return [(t.pos_, t.tag_, t.dep_) for t in doc]


@pytest.mark.parametrize(("words", "tags", "deps"), CASES)
def test_lookup_rules_set_what_the_attribute_ruler_sets(words, tags, deps):
    from spacy.pipeline import AttributeRuler

    ruler = AttributeRuler(VOCAB)
    ruler.add_patterns(PATTERNS)
    expected = _attrs(ruler(_doc(words, tags, deps)))
    assert _attrs(PosRules(PATTERNS)(_doc(words, tags, deps))) == expected


def test_unknown_rule_fields_are_refused():
    with pytest.raises(ValueError, match="ORTH"):
        PosRules([{"patterns": [[{"ORTH": "x"}]], "attrs": {"POS": "X"}, "index": 0}])


TEXTS = [
    "“There is nothing fair about it,” the mayor of Kyiv, Vitali Klitschko, told reporters.",
    "Those who fled were not allowed to return, and it was unclear whether they would.",
    "Something  has to give , said a spokesman for the ministry on Sunday.",
]


def test_parse_gives_the_full_pipelines_annotations():
    nlp = nlp_module.load_spacy()
    if nlp is None:
        pytest.skip("no spaCy English model installed")
    nlp_module.clear_parses()
    got = nlp_module.parse(TEXTS, nlp)
    want = list(nlp.pipe(TEXTS))
    for a, b in zip(got, want, strict=True):
        assert [(t.pos_, t.tag_, t.dep_, t.head.i, t.ent_type_) for t in a] == \
            [(t.pos_, t.tag_, t.dep_, t.head.i, t.ent_type_) for t in b]
    nlp_module.clear_parses()
