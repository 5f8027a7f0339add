"""The command line: success paths, --help, and one-line errors for bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from framing.cli import app

runner = CliRunner()

GOOD = [
    {"doc_id": "w1", "source": "Wire", "text": "Officials met on Monday. Talks will resume."},
    {"doc_id": "t1", "source": "Tabloid", "text": "A brutal, shameful attack! Chaos reigned."},
]


def _jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_help_explains_every_option():
    result = runner.invoke(app, ["score", "--help"])
    assert result.exit_code == 0
    for option in ["--output", "--format", "--text-field", "--source", "--scorer", "--device",
                   "--no-cache", "--encoding", "--encoder", "--batch-size"]:
        assert option in result.output
    assert "--no-cache" in runner.invoke(app, ["run", "--help"]).output


@pytest.mark.parametrize(("suffix", "fmt"), [(".parquet", None), (".csv", None),
                                             (".out", "csv")])
def test_score_writes_one_row_per_sentence(tmp_path, suffix, fmt):
    src = _jsonl(tmp_path / "in.jsonl", GOOD)
    out = tmp_path / f"scores{suffix}"
    args = ["score", str(src), "-o", str(out), "-q"] + (["--format", fmt] if fmt else [])
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out) if (fmt == "csv" or suffix == ".csv") else pd.read_parquet(out)
    assert len(table) == 4
    assert table["doc_id"].tolist() == ["w1", "w1", "t1", "t1"]
    assert {"sentiment", "sentiment_label", "p_negative", "start", "end"} <= set(table.columns)


def test_score_source_option_and_extra_scorer(tmp_path):
    src = _jsonl(tmp_path / "in.jsonl", GOOD)
    out = tmp_path / "o.parquet"
    result = runner.invoke(app, ["score", str(src), "-o", str(out), "-q", "--source", "X",
                                 "-s", "sentiment.minilm-nyt-probe.v1",
                                 "-s", "sentiment.vader.v1"])
    assert result.exit_code == 0, result.output
    table = pd.read_parquet(out)
    assert set(table["source"]) == {"X"} and "vader_sentiment" in table.columns


def _bad_cases(tmp: Path) -> list[tuple[str, list[str], list[str]]]:
    """(case id, CLI args, substrings the one-line error must contain)."""
    (tmp / "empty.jsonl").write_text("")
    (tmp / "binary.txt").write_bytes(b"\x00\x01\x02binary\x00" * 50)
    (tmp / "latin.txt").write_bytes("Caf\xe9 owners were furious.".encode("cp1252"))
    (tmp / "notext.csv").write_text("doc_id,body\n1,hello\n")
    (tmp / "broken.jsonl").write_text(json.dumps(GOOD[0]) + "\n{not json\n")
    _jsonl(tmp / "dupes.jsonl", [GOOD[0], GOOD[0]])
    good = _jsonl(tmp / "good.jsonl", GOOD)
    (tmp / "blocker").write_text("a file, not a folder")
    return [
        ("missing", [str(tmp / "nope.jsonl")], ["nope.jsonl"]),
        ("empty", [str(tmp / "empty.jsonl")], ["empty.jsonl", "empty"]),
        ("binary", [str(tmp / "binary.txt")], ["binary.txt"]),
        ("non-utf8", [str(tmp / "latin.txt"), "--encoding", "utf-8"], ["latin.txt",
                                                                       "--encoding"]),
        ("no text column", [str(tmp / "notext.csv")], ["notext.csv", "text", "--text-field"]),
        ("broken jsonl", [str(tmp / "broken.jsonl")], ["broken.jsonl", "line 2"]),
        ("duplicate id", [str(tmp / "dupes.jsonl")], ["dupes.jsonl", "w1"]),
        ("unknown scorer", [str(good), "-s", "sentiment.nope.v1"], ["sentiment.nope.v1"]),
        ("model offline", [str(good), "--encoder", "no-such-org/no-such-model"],
         ["no-such-org/no-such-model", "offline"]),
        ("unwritable output", [str(good), "-o", str(tmp / "blocker" / "x.parquet")],
         ["x.parquet"]),
    ]


CASE_IDS = ["missing", "empty", "binary", "non-utf8", "no text column", "broken jsonl",
                   "duplicate id", "unknown scorer", "model offline", "unwritable output"]


@pytest.mark.parametrize("case", CASE_IDS)
def test_bad_input_gives_one_line_error(tmp_path, case, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    cases = {c[0]: c for c in _bad_cases(tmp_path)}
    _, args, needles = cases[case]
    out = tmp_path / "out.parquet"
    if "-o" not in args:
        args = [*args, "-o", str(out)]
    result = runner.invoke(app, ["score", *args, "-q"])
    assert result.exit_code not in (0, None)
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1, result.stderr
    for needle in needles:
        assert needle in errors[0]
    assert "Traceback" not in result.output
    assert not out.exists()
    assert not list(tmp_path.glob("**/*.part"))


def test_empty_rows_are_skipped_with_a_warning(tmp_path):
    src = _jsonl(tmp_path / "in.jsonl", [*GOOD, {"doc_id": "e", "source": "S", "text": "  "}])
    out = tmp_path / "o.parquet"
    result = runner.invoke(app, ["score", str(src), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert "warning:" in result.stderr and "1" in result.stderr
    assert set(pd.read_parquet(out)["doc_id"]) == {"w1", "t1"}


def test_real_console_script_prints_no_traceback(tmp_path):
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    proc = subprocess.run([sys.executable, "-m", "framing", "score", str(tmp_path / "x.jsonl"),
                           "-o", str(tmp_path / "o.parquet")], capture_output=True, text=True,
                          env=env, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr.strip().startswith("error:") and "x.jsonl" in proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(("error", "code"), [
    ("InputError", 2), ("ModelUnavailableError", 3), ("OutputError", 4), ("ConfigError", 5),
    ("UnknownScorerError", 5), ("ArgumentError", 5),
])
def test_each_kind_of_error_has_its_exit_code(error, code):
    """Bad input rows, unavailable models, unwritable outputs and bad configs/arguments."""
    import typer

    from framing import errors
    from framing.errors import handle_errors

    cls = getattr(errors, error)
    exc = cls(None, "bad") if cls is errors.InputError else cls("bad")

    @handle_errors
    def fail() -> None:
        raise exc

    with pytest.raises(typer.Exit) as info:
        fail()
    assert info.value.exit_code == code == cls.exit_code


def test_bad_arguments_are_not_bad_input():
    from framing.errors import ArgumentError, ConfigError, InputError

    assert issubclass(ArgumentError, ConfigError) and not issubclass(ArgumentError, InputError)


@pytest.mark.parametrize("name", ["out.xlsx", "out.txt", "out"])
def test_unknown_output_suffix_is_refused_and_nothing_written(tmp_path, name):
    src = _jsonl(tmp_path / "in.jsonl", GOOD)
    out = tmp_path / "new" / name
    result = runner.invoke(app, ["score", str(src), "-o", str(out), "-q",
                                 "-s", "sentiment.vader.v1"])
    assert result.exit_code == 4
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1 and all(s in errors[0] for s in (".parquet", ".csv", ".jsonl"))
    assert not (tmp_path / "new").exists()


def test_jsonl_output_keeps_loaded_terms_nested(tmp_path):
    src = _jsonl(tmp_path / "in.jsonl", GOOD)
    out = tmp_path / "scores.jsonl"
    result = runner.invoke(app, ["score", str(src), "-o", str(out), "-q",
                                 "-s", "emotive.lexicon.v1", "-s", "sentiment.vader.v1"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["doc_id"] for r in rows] == ["w1", "w1", "t1", "t1"]
    terms = [t["text"].lower() for r in rows for t in r["lex_loaded_terms"]]
    assert "brutal" in terms  # a list of objects, not a JSON string
    assert all(isinstance(r["lex_loaded_terms"], list) for r in rows)


def test_output_help_documents_the_nested_column_in_csv():
    output = runner.invoke(app, ["score", "--help"]).output
    text = " ".join(output.replace("│", " ").split())  # rich boxes and wraps the help
    assert ".jsonl" in text and "JSON strings" in text and "loaded_terms" in text


LEXICON = ["-s", "emotive.lexicon.v1"]


@pytest.mark.parametrize("args", [[""], ["   "], []], ids=["empty", "blank", "missing"])
def test_explain_without_a_sentence_is_one_line_error(args):
    result = runner.invoke(app, ["explain", *args, *LEXICON])
    assert result.exit_code == 5
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1 and "empty" in errors[0], result.stderr


def test_explain_api_refuses_an_empty_sentence():
    from framing.errors import ArgumentError
    from framing.explain import explain

    with pytest.raises(ArgumentError, match="empty"):
        explain(" ", ["emotive.lexicon.v1"])


@pytest.mark.parametrize("how", ["file", "stdin"])
def test_explain_reads_several_sentences_and_brackets_terms_in_a_pipe(tmp_path, how):
    lines = "A brutal attack shocked the town.\n\nThe shameful decision was reversed.\n"
    if how == "file":
        (tmp_path / "s.txt").write_text(lines, encoding="utf-8")
        result = runner.invoke(app, ["explain", "--file", str(tmp_path / "s.txt"), *LEXICON])
    else:
        result = runner.invoke(app, ["explain", "-", *LEXICON], input=lines)
    assert result.exit_code == 0, result.output
    assert result.stdout.count("loaded terms:") == 2
    assert "[brutal]" in result.stdout and "[shameful]" in result.stdout
    assert "\033[" not in result.stdout  # not a terminal: no colour codes


@pytest.mark.parametrize(("option", "marked"), [("--color", "\033[1;4mbrutal\033[0m"),
                                                ("--no-color", "[brutal]")])
def test_explain_colour_can_be_forced_either_way(option, marked):
    result = runner.invoke(app, ["explain", "A brutal attack.", option, *LEXICON])
    assert result.exit_code == 0, result.output
    assert marked in result.stdout


def test_explain_file_with_no_sentence_is_an_error(tmp_path):
    (tmp_path / "blank.txt").write_text("\n  \n", encoding="utf-8")
    result = runner.invoke(app, ["explain", "--file", str(tmp_path / "blank.txt"), *LEXICON])
    assert result.exit_code == 5 and "blank.txt" in result.stderr


def test_score_passes_scorer_parameters_and_writes_the_document_table(tmp_path):
    from tiny_models import make_tiny_classifier

    model = make_tiny_classifier(tmp_path / "tiny", ["negative", "neutral", "positive"], 0)
    src = _jsonl(tmp_path / "in.jsonl", GOOD)
    out, docs = tmp_path / "o.parquet", tmp_path / "docs.csv"
    result = runner.invoke(app, ["score", str(src), "-o", str(out), "-q", "--no-stream",
                                 "-s", "sentiment.hf.v1", "-s", "sentiment.vader.v1",
                                 "-p", f"model={model}", "--documents", str(docs)])
    assert result.exit_code == 0, result.output
    table = pd.read_parquet(out)
    assert {"hf_sentiment", "vader_sentiment"} <= set(table.columns)
    per_doc = pd.read_csv(docs)
    assert per_doc["doc_id"].tolist() == ["w1", "t1"]
    assert per_doc["n_sentences"].tolist() == [2, 2]
    assert {"mean_hf_sentiment", "mean_vader_sentiment"} <= set(per_doc.columns)


def test_streamed_score_writes_the_document_table_too(tmp_path):
    src = _jsonl(tmp_path / "in.jsonl", GOOD)
    out, docs = tmp_path / "o.parquet", tmp_path / "docs.parquet"
    result = runner.invoke(app, ["score", str(src), "-o", str(out), "-q",
                                 "-s", "sentiment.vader.v1", "--documents", str(docs)])
    assert result.exit_code == 0, result.output
    per_doc = pd.read_parquet(docs)
    assert per_doc["n_sentences"].sum() == len(pd.read_parquet(out))


@pytest.mark.parametrize(("args", "message"), [
    (["-s", "sentiment.vader.v1", "-p", "model=x"], "no scorer among sentiment.vader.v1"),
    (["-s", "sentiment.vader.v1", "--documents", "d.xlsx"], "cannot write a table as '.xlsx'"),
])
def test_bad_scorer_parameters_and_document_outputs_are_one_line_errors(tmp_path, args,
                                                                          message):
    src = _jsonl(tmp_path / "in.jsonl", GOOD)
    result = runner.invoke(app, ["score", str(src), "-o", str(tmp_path / "o.parquet"), "-q",
                                 *args])
    assert result.exit_code != 0 and message in result.output
    assert not (tmp_path / "o.parquet").exists()


def test_score_help_says_the_default_scores_sentiment_and_emotive():
    text = runner.invoke(app, ["score", "--help"]).output
    assert "sentiment AND emotive" in text and "--param" in text and "--dictionary" in text


@pytest.mark.parametrize(("scorers", "shown", "not_shown"), [
    (["-s", "sentiment.vader.v1"], ["vader_sentiment -", "(negative)", "drove the sentiment"],
     ["emotive"]),
    (["-s", "emotive.lexicon.v1"], ["lex_emotive 0."], ["drove the sentiment"]),
])
def test_explain_shows_the_chosen_scorers_scores(scorers, shown, not_shown):
    result = runner.invoke(app, ["explain", *scorers, "--no-color",
                                 "A brutal, shameful attack by the warmonger."])
    assert result.exit_code == 0, result.output
    for text in shown:
        assert text in result.output
    for text in not_shown:
        assert text not in result.output


@pytest.mark.slow
@pytest.mark.parametrize(("level", "columns", "n_rows"), [
    ("document", {"doc_id", "n_sentences", "mean_sentiment", "genre", "frames",
                  "p_frame_Economic", "p_genre_opinion"}, 2),
    ("paragraph", {"doc_id", "par_idx", "start", "end", "techniques",
                   "p_technique_Loaded_Language"}, 2),
])
def test_score_levels_give_one_row_per_document_or_paragraph(tmp_path, level, columns, n_rows):
    src = _jsonl(tmp_path / "in.jsonl", GOOD)
    out = tmp_path / f"{level}.parquet"
    result = runner.invoke(app, ["score", str(src), "-o", str(out), "-q", "--level", level,
                                 "--no-cache"])
    assert result.exit_code == 0, result.output
    table = pd.read_parquet(out)
    assert columns <= set(table.columns) and len(table) == n_rows
    assert table["doc_id"].tolist() == ["w1", "t1"]


def test_unknown_level_is_a_one_line_error(tmp_path):
    src = _jsonl(tmp_path / "in.jsonl", GOOD)
    result = runner.invoke(app, ["score", str(src), "-o", str(tmp_path / "o.parquet"),
                                 "--level", "chapter"])
    assert result.exit_code != 0 and "use one of sentence, document, paragraph" in result.output


def test_unknown_speaker_resolver_is_a_one_line_error(tmp_path):
    src = _jsonl(tmp_path / "in.jsonl", GOOD)
    out = tmp_path / "o.parquet"
    result = runner.invoke(app, ["score", str(src), "-o", str(out), "--speakers", "oracle"])
    assert result.exit_code != 0 and "--speakers 'oracle': use one of rules, ranker" in \
        result.output
    assert not out.exists()


@pytest.mark.parametrize("stream", ["--stream", "--no-stream"])
def test_speakers_ranker_fills_speaker_confidence(tmp_path, stream):
    src = _jsonl(tmp_path / "in.jsonl", [
        {"doc_id": "q1", "source": "S", "text": "Mira Dolan spoke at the rally.\n"
                                            "“We will not leave,” said Dolan."}])
    out = tmp_path / "o.parquet"
    result = runner.invoke(app, ["score", str(src), "-o", str(out), "-q", "--speakers", "ranker",
                                 "-s", "sentiment.vader.v1", stream])
    assert result.exit_code == 0, result.output
    table = pd.read_parquet(out)
    quoted = table[table["voice"] == "quoted"]
    assert len(quoted) == 1 and quoted["speaker_confidence"].between(0, 1).all()
