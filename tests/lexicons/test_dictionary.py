"""Domain dictionaries and stoplists: file formats, one-line errors, whole-word matching."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from framing.errors import ConfigError, InputError
from framing.lexicons.dictionary import (
    DEFAULT_SCORE,
    compile_pattern,
    load_dictionary,
    load_stoplist,
)

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "conflict_terms.yaml"

YAML_OK = """\
name: test_terms
terms:
  - pattern: occupiers
    type: name_calling
    category: label
    note: a note
  - pattern: special measures
    type: loaded_language
    score: 0.7
"""

CSV_OK = """\
pattern,type,category,note,score
occupiers,name_calling,label,a note,
special measures,loaded_language,,,0.7
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("name", "text", "expected_name"), [
    ("terms.yaml", YAML_OK, "test_terms"),
    ("my terms.csv", CSV_OK, "my_terms"),
    ("terms.tsv", CSV_OK.replace(",", "\t"), "terms"),
    ("list.yml", "- {pattern: occupiers, type: name_calling, category: label, note: a note}\n"
                 "- {pattern: special measures, type: loaded_language, score: 0.7}\n", "list"),
])
def test_valid_files_give_the_same_entries(tmp_path, name, text, expected_name):
    d = load_dictionary(_write(tmp_path, name, text))
    assert d.name == expected_name
    assert [(e.pattern, e.type, e.category, e.note, e.score) for e in d.entries] == [
        ("occupiers", "name_calling", "label", "a note", DEFAULT_SCORE),
        ("special measures", "loaded_language", None, None, 0.7),
    ]
    assert len(d.sha256) == 64
    assert d.provenance() == {"name": expected_name, "path": str(tmp_path / name),
                              "sha256": d.sha256, "entries": 2}


def test_the_documented_example_loads():
    d = load_dictionary(EXAMPLE)
    assert d.name == "conflict_terms"
    assert {e.type for e in d.entries} == {"loaded_language", "name_calling"}
    assert [m.text for m in d.find("The occupiers left the liberated territories.")] == [
        "occupiers", "liberated territories"]


@pytest.mark.parametrize(("name", "text", "message"), [
    ("t.yaml", "terms:\n  - pattern: a\n    type: name_calling\n  - pattern: b\n"
               "    type: loaded\n",
     "t.yaml, line 4: 'type' is 'loaded'; it must be one of loaded_language, name_calling"),
    ("t.yaml", "terms:\n  - type: name_calling\n",
     "t.yaml, line 2: 'pattern' is missing"),
    ("t.yaml", "terms:\n  - {pattern: a, type: name_calling, catgory: x}\n",
     "t.yaml, line 2: unknown field 'catgory'; fields: pattern, type, category, note, score"),
    ("t.yaml", "terms:\n  - {pattern: a, type: name_calling, score: 2}\n",
     "t.yaml, line 2: 'score' is 2.0; it must be in (0, 1]"),
    ("t.yaml", "terms:\n  - {pattern: a, type: name_calling, score: high}\n",
     "t.yaml, line 2: 'score' is 'high'; it must be a number"),
    ("t.yaml", "terms:\n  - {pattern: 're:(unclosed', type: name_calling}\n",
     "t.yaml, line 2: pattern 're:(unclosed': invalid regular expression (missing ), "
     "unterminated subpattern at position 0)"),
    ("t.yaml", "terms:\n  - {pattern: 're:x?', type: name_calling}\n",
     "t.yaml, line 2: pattern 're:x?': the pattern matches the empty string"),
    ("t.yaml", "terms:\n  - {pattern: '*', type: name_calling}\n",
     "t.yaml, line 2: pattern '*': empty pattern"),
    ("t.yaml", "terms:\n  - {pattern: Regime, type: name_calling}\n"
               "  - {pattern: regime, type: loaded_language}\n",
     "t.yaml, line 3: pattern 'regime' is already listed (line 2)"),
    ("t.yaml", "terms:\n  - just a string\n",
     "t.yaml, line 2: an entry must be a mapping with 'pattern' and 'type'"),
    ("t.yaml", "terms: [\n", "t.yaml, line 2: invalid YAML: expected the node content, "
                             "but found '<stream end>'"),
    ("t.yaml", "terms: []\n", "t.yaml: no entries: 'terms' must be a non-empty list"),
    ("t.yaml", "name: x\nentries: []\n",
     "t.yaml: a YAML dictionary is a list of entries or a mapping with 'terms' "
     "(and optionally 'name')"),
    ("t.yaml", "name: 'my terms'\nterms:\n  - {pattern: a, type: name_calling}\n",
     "t.yaml: 'name' is 'my terms'; use letters, digits, '_', '.' or '-'"),
    ("t.csv", "pattern,type\nokay,name_calling\nbad,slur\n",
     "t.csv, line 3: 'type' is 'slur'; it must be one of loaded_language, name_calling"),
    ("t.csv", "pattern,type\na,name_calling,extra\n",
     "t.csv, line 2: more values than header columns"),
    ("t.csv", "term,kind\na,name_calling\n",
     "t.csv, line 1: the header row must name at least 'pattern' and 'type'"),
    ("t.csv", "pattern,type\n", "t.csv: no entries below the header row"),
    ("t.json", "[]", "t.json: unknown dictionary format; use .yaml, .yml, .csv or .tsv"),
])
def test_bad_file_gives_one_line_error_naming_file_and_line(tmp_path, name, text, message):
    path = _write(tmp_path, name, text)
    with pytest.raises(InputError) as info:
        load_dictionary(path)
    assert str(info.value) == f"{tmp_path}/{message}"
    assert "\n" not in str(info.value)


def test_not_utf8_is_an_input_error(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(b"pattern,type\n\xff,name_calling\n")
    with pytest.raises(InputError, match=r"t\.csv: not UTF-8 text"):
        load_dictionary(path)


@pytest.mark.parametrize("loader", [load_dictionary, load_stoplist])
def test_missing_file_is_a_config_error(tmp_path, loader):
    with pytest.raises(ConfigError, match=r"nope\.yaml: (dictionary|stoplist) file not found"):
        loader(tmp_path / "nope.yaml")


def _dictionary(tmp_path: Path, entries: str):
    return load_dictionary(_write(tmp_path, "d.yaml", f"terms:\n{entries}"))


def _find(tmp_path: Path, patterns: list[str], text: str) -> list[tuple[str, int, int]]:
    entries = "".join(f"  - {{pattern: {json.dumps(p)}, type: loaded_language}}\n"
                      for p in patterns)
    return [(m.text, m.start, m.end) for m in _dictionary(tmp_path, entries).find(text)]


@pytest.mark.parametrize(("patterns", "text", "expected"), [
    # case-insensitive, offsets relative to the text, the text's own spelling kept
    (["occupiers"], "OCCUPIERS and Occupiers.", [("OCCUPIERS", 0, 9), ("Occupiers", 14, 23)]),
    # whole words only: never inside a word or a hyphenated compound
    (["regime"], "regimes, anti-regime, regime-backed, regimental", []),
    (["regime"], "the regime's army (regime)", [("regime", 4, 10), ("regime", 19, 25)]),
    (["war"], "software warfare, award; war.", [("war", 25, 28)]),
    # multi-word phrases: any whitespace between the words
    (["puppet regime"], "a puppet\n  regime, a puppet, a regime",
     [("puppet\n  regime", 2, 17)]),
    # wildcard: further word characters, within one word
    (["bandit*"], "bandit, bandits, banditry, bandit-like", [
        ("bandit", 0, 6), ("bandits", 8, 15), ("banditry", 17, 25)]),
    (["*-backed"], "regime-backed and foreign-backed", [
        ("regime-backed", 0, 13), ("foreign-backed", 18, 32)]),
    # an apostrophe matches both spellings
    (["enemy's agents"], "the enemy’s agents and the enemy's agents", [
        ("enemy’s agents", 4, 18), ("enemy's agents", 27, 41)]),
    # regular expressions, still on word boundaries
    (["re:liberated (zone|territor(y|ies))"], "liberated territories; liberated zones",
     [("liberated territories", 0, 21)]),
    # overlapping matches: the longest wins, then the earliest
    (["regime", "puppet regime"], "the puppet regime fell", [("puppet regime", 4, 17)]),
    (["armed forces", "forces of occupation"], "armed forces of occupation",
     [("forces of occupation", 6, 26)]),
    (["ab cd", "cd ef"], "ab cd ef", [("ab cd", 0, 5)]),
    # punctuation inside a pattern is literal
    (["so-called"], "so called, so-called", [("so-called", 11, 20)]),
    (["re:u\\.s\\. puppets"], "U.S. puppets", [("U.S. puppets", 0, 12)]),
])
def test_matching(tmp_path, patterns, text, expected):
    assert _find(tmp_path, patterns, text) == expected


def test_match_carries_its_entry(tmp_path):
    d = _dictionary(tmp_path, "  - {pattern: occupiers, type: name_calling, category: label, "
                              "score: 0.9}\n")
    (m,) = d.find("The occupiers left.")
    assert (m.entry.type, m.entry.category, m.entry.score, m.entry.line) == (
        "name_calling", "label", 0.9, 2)


@pytest.mark.parametrize(("pattern", "term", "suppressed"), [
    ("country", "country", True),
    ("country", "Country", True),
    ("country", " country ", True),
    ("country", "the biggest country", False),  # whole text only
    ("world*", "worldwide", True),
    ("re:.*\\bcountry", "the biggest country", True),
    ("stop, vladimir", "Stop, Vladimir", True),
    ("hackers", "hacker", False),
])
def test_stoplist_matches_whole_term_text(tmp_path, pattern, term, suppressed):
    stop = load_stoplist(_write(tmp_path, "stop.txt", f"# comment\n\n{pattern}\n"))
    assert stop.suppresses(term) is suppressed
    assert stop.provenance()["patterns"] == 1


@pytest.mark.parametrize(("text", "message"), [
    ("ok\n\nre:(\n", "stop.txt, line 3: pattern 're:(': invalid regular expression"),
    ("# only a comment\n", "stop.txt: no patterns"),
])
def test_bad_stoplist(tmp_path, text, message):
    with pytest.raises(InputError, match=message.replace(".", r"\.").replace("(", r"\(")):
        load_stoplist(_write(tmp_path, "stop.txt", text))


def test_compile_pattern_is_case_insensitive_and_whole_word():
    rx = compile_pattern("hired gunmen")
    assert rx.search("HIRED  GUNMEN arrived")
    assert not rx.search("hired gunmenx")
