"""Agreement: Krippendorff's alpha from filled sheets, and the model against the coders."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from framing.coding.agreement import (
    agreement_table,
    consensus,
    krippendorff_alpha,
    read_sheets,
)
from framing.coding.codebook import Codebook
from framing.errors import InputError

BOOK = Codebook(outcome="loaded", question="Loaded language?")


def write_sheet(path, codes: dict[str, list]) -> None:
    n = len(next(iter(codes.values())))
    frame = pd.DataFrame({"unit": range(1, n + 1), "doc_id": [f"d{i}" for i in range(n)],
                          "sent_idx": [0] * n, "text": ["t"] * n,
                          "inclusion_prob": [0.1] * n, **codes})
    frame.to_csv(path, index=False)


def test_alpha_is_one_for_perfect_agreement_and_matches_krippendorff():
    kr = pytest.importorskip("krippendorff")
    codes = np.array([[1, 0, 1, 1, 0, 0, 1, 0], [1, 0, 1, 1, 0, 0, 1, 0]], dtype=float)
    value, lo, hi = krippendorff_alpha(codes, n_boot=200)
    assert value == pytest.approx(1.0)
    noisy = codes.copy()
    noisy[1, :3] = 1 - noisy[1, :3]
    value, lo, hi = krippendorff_alpha(noisy, n_boot=200)
    assert value == pytest.approx(kr.alpha(reliability_data=noisy,
                                           level_of_measurement="nominal"))
    assert lo <= value <= hi


def test_sheets_of_two_coders_merge_and_give_alpha(tmp_path):
    a = [1, 0, 1, 1, 0, 0, 1, 0, 1, 0]
    b = [1, 0, 1, 0, 0, 0, 1, 0, 1, 1]
    write_sheet(tmp_path / "ana.csv", {"loaded_ana": a})
    write_sheet(tmp_path / "ben.csv", {"loaded_ben": b})
    sheets = read_sheets([tmp_path / "ana.csv", tmp_path / "ben.csv"], BOOK)
    assert len(sheets) == 10
    table = pd.DataFrame({"doc_id": [f"d{i}" for i in range(10)], "sent_idx": [0] * 10,
                          "source": ["X"] * 5 + ["Y"] * 5,
                          "emotive": [0.9, 0.1, 0.8, 0.7, 0.2, 0.3, 0.9, 0.1, 0.6, 0.4]})
    out = agreement_table(sheets, BOOK, table, score="emotive", n_boot=100)
    alpha = out[(out.measure == "krippendorff_alpha") & (out.group == "all")].iloc[0]
    assert 0 < alpha["value"] < 1 and alpha["n_units"] == 10 and alpha["n_coders"] == 2
    assert set(out.group) == {"all", "X", "Y"}
    auc = out[(out.measure == "auc") & (out.group == "all")]["value"].iloc[0]
    assert auc > 0.8


@pytest.mark.parametrize(("codes", "expected"), [
    ({"loaded_a": [1, 0, 1], "loaded_b": [1, 0, 0]}, [1.0, 0.0, np.nan]),
    ({"loaded_a": [1, 0, 1], "loaded_b": [1, 1, 1], "loaded_c": [0, 1, 1]}, [1.0, 1.0, 1.0]),
])
def test_consensus_is_the_majority(codes, expected):
    got = consensus(pd.DataFrame(codes), BOOK).tolist()
    assert np.allclose(got, expected, equal_nan=True)


def test_a_code_outside_the_codebook_names_file_and_row(tmp_path):
    write_sheet(tmp_path / "s.csv", {"loaded_ana": [1, 0, "maybe"]})
    with pytest.raises(InputError, match=r"s\.csv, row 4: loaded_ana = 'maybe'"):
        read_sheets([tmp_path / "s.csv"], BOOK)


def test_a_sheet_without_label_columns_is_refused(tmp_path):
    write_sheet(tmp_path / "s.csv", {"other_ana": [1, 0]})
    with pytest.raises(InputError, match="no label column 'loaded_<coder>'"):
        read_sheets([tmp_path / "s.csv"], BOOK)
