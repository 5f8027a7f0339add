"""The coding loop through the CLI: sample → fill → agreement → corrected estimates."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from framing.coding.commands import register

SPEAKER_CODEBOOK = str(Path(__file__).resolve().parents[2] / "docs" / "examples" /
                       "speaker_codebook.yaml")


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


def _table(n_docs: int, n_sents: int, extra) -> pd.DataFrame:
    """Synthetic sentence rows of sources A and B; ``extra(d, s)`` gives a row's own columns."""
    return pd.DataFrame([{"doc_id": f"d{d}", "sent_idx": s, "source": "A" if d % 2 else "B",
                          "text": f"Sentence {s} of {d}.", **extra(d, s)}
                         for d in range(n_docs) for s in range(n_sents)])


@pytest.fixture
def scored(tmp_path):
    rng = np.random.default_rng(0)

    def row(d, s):
        truth = float(rng.random() < (0.6 if d % 2 else 0.3))
        return {"truth": truth,
                "emotive": float(np.clip(0.5 * truth + rng.normal(0.3, 0.2), 0, 1))}

    table = _table(120, 3, row)
    path = tmp_path / "sentences.parquet"
    table.drop(columns="truth").to_parquet(path)
    book = tmp_path / "codebook.yaml"
    book.write_text("outcome: loaded\nquestion: Loaded language?\n", encoding="utf-8")
    return table, path, book


def test_sample_fill_agree_correct(app, scored, tmp_path):
    table, path, book = scored
    runner = CliRunner()
    sheet = tmp_path / "sheet.csv"
    res = runner.invoke(app, ["sample", str(path), "--codebook", str(book), "-n", "90",
                              "--stratify", "source", "-o", str(sheet)])
    assert res.exit_code == 0, res.output
    assert sheet.is_file() and sheet.with_suffix(".html").is_file()
    assert sheet.with_suffix(".design.json").is_file()
    filled = pd.read_csv(sheet)
    assert "source" not in filled.columns and len(filled) == 90
    truth = table.set_index(["doc_id", "sent_idx"])["truth"]
    codes = truth.loc[list(zip(filled.doc_id, filled.sent_idx, strict=True))].to_numpy()
    filled["loaded_coder1"] = codes.astype(int)
    flip = np.arange(len(codes)) % 10 == 0
    filled["loaded_coder2"] = np.where(flip, 1 - codes, codes).astype(int)
    filled.to_csv(sheet, index=False)

    res = runner.invoke(app, ["agreement", str(sheet), "--codebook", str(book), "--table",
                              str(path), "--score", "emotive", "-o",
                              str(tmp_path / "agree.csv")])
    assert res.exit_code == 0, res.output
    agree = pd.read_csv(tmp_path / "agree.csv")
    alpha = agree[(agree.measure == "krippendorff_alpha") & (agree.group == "all")]
    assert 0.5 < alpha["value"].iloc[0] < 1.0
    assert {"all", "A", "B"} <= set(agree.group)

    out = tmp_path / "corrected.csv"
    res = runner.invoke(app, ["correct", str(path), "--gold", str(sheet), "--codebook",
                              str(book), "--surrogate", "emotive", "--by", "source", "-o",
                              str(out)])
    assert res.exit_code == 0, res.output
    est = pd.read_csv(out)
    assert est["source"].tolist() == ["A", "B"]
    assert (tmp_path / "corrected_contrasts.csv").is_file()
    assert (est["ci_low"] < est["estimate"]).all()


def test_a_bad_code_is_one_line_and_exit_2(app, scored, tmp_path):
    _, path, book = scored
    sheet = tmp_path / "bad.csv"
    pd.DataFrame({"doc_id": ["d1"], "sent_idx": [0], "loaded_ana": ["maybe"]}).to_csv(
        sheet, index=False)
    res = CliRunner().invoke(app, ["agreement", str(sheet), "--codebook", str(book)])
    assert res.exit_code == 2
    assert res.output.strip().count("\n") == 0 and "bad.csv, row 2" in res.output
    assert "Traceback" not in res.output


def test_sample_without_text_needs_documents(app, scored, tmp_path):
    table, _, book = scored
    path = tmp_path / "notext.parquet"
    table.drop(columns=["text", "truth"]).to_parquet(path)
    res = CliRunner().invoke(app, ["sample", str(path), "--codebook", str(book), "-o",
                                   str(tmp_path / "s.csv")])
    assert res.exit_code != 0 and "--documents" in res.output
    assert not (tmp_path / "s.csv").exists()


@pytest.fixture
def quoted(tmp_path):
    """Sentences with the package's speakers: half quoted, their speakers right 70% of the time."""
    rng = np.random.default_rng(1)

    def row(d, s):
        if s % 2:
            return {"voice": "author", "speaker": None, "right": np.nan,
                    "speaker_confidence": np.nan}
        right = float(rng.random() < 0.7)
        return {"voice": "quoted", "speaker": f"Person {d}", "right": right,
                "speaker_confidence": float(np.clip(0.4 * right + rng.normal(0.5, 0.15), 0, 1))}

    table = _table(100, 4, row)
    path = tmp_path / "sentences.parquet"
    table.drop(columns="right").to_parquet(path)
    return table, path


def test_speaker_check_samples_quoted_rows_shows_speakers_and_corrects(app, quoted, tmp_path):
    table, path = quoted
    book = SPEAKER_CODEBOOK
    runner = CliRunner()
    sheet = tmp_path / "speakers.csv"
    res = runner.invoke(app, ["sample", str(path), "--codebook", book, "-n", "80",
                              "--where", "voice=quoted", "--show", "speaker", "-o", str(sheet)])
    assert res.exit_code == 0, res.output
    filled = pd.read_csv(sheet)
    assert (filled["sent_idx"] % 2 == 0).all()  # only quoted sentences
    assert filled["speaker"].str.startswith("Person").all()
    assert (filled["inclusion_prob"] == 80 / 200).all()  # of the 200 quoted sentences
    assert filled["next"].notna().all()  # the author sentence after each quote, for context
    assert "speaker: <b>Person" in sheet.with_suffix(".html").read_text(encoding="utf-8")
    truth = table.set_index(["doc_id", "sent_idx"])["right"]
    filled["speaker_right_coder1"] = truth.loc[list(zip(filled.doc_id, filled.sent_idx,
                                                        strict=True))].to_numpy().astype(int)
    filled.to_csv(sheet, index=False)
    out = tmp_path / "accuracy.csv"
    correct = ["correct", str(path), "--gold", str(sheet), "--codebook", book,
               "--surrogate", "speaker_confidence", "-o", str(out)]
    res = runner.invoke(app, correct)  # the sample's population forgotten: refused
    assert res.exit_code != 0 and "design.json" in res.output and "voice=quoted" in res.output
    assert not out.exists()
    res = runner.invoke(app, [*correct, "--where", "voice=quoted"])
    assert res.exit_code == 0, res.output
    est = pd.read_csv(out)
    assert est["n"].iloc[0] == 200  # the population is the quoted sentences
    assert est["ci_low"].iloc[0] < table["right"].mean() < est["ci_high"].iloc[0]


@pytest.mark.parametrize(("args", "needle"), [
    (["--where", "voice"], "write COLUMN=VALUE"),
    (["--where", "tone=quoted"], "no column 'tone'"),
    (["--where", "voice=sung"], "no row of the table matches"),
    (["--show", "speeker"], "--show 'speeker'"),
    (["--show", "speaker_right_coder1"], "--show 'speaker_right_coder1'"),  # a label column
    (["--where", "tone=x"], "sentences.parquet: where"),
])
def test_bad_where_and_show_are_one_line(app, quoted, tmp_path, args, needle):
    _, path = quoted
    res = CliRunner().invoke(app, ["sample", str(path), "--codebook", SPEAKER_CODEBOOK, "-n", "10",
                                   *args, "-o", str(tmp_path / "s.csv")])
    assert res.exit_code != 0 and needle in res.output
    assert not (tmp_path / "s.csv").exists()
