"""Readers of the labelled research data (synthetic copies in tmp; real data when present)."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest

from framing.datasets.babe import load_babe
from framing.datasets.ptc import load_ptc
from framing.datasets.splits import split_articles
from framing.datasets.vader import load_ground_truth
from framing.errors import InputError

BABE_HEADER = "text;news_link;outlet;topic;type;label_bias;label_opinion;biased_words\n"


def test_babe_rows_articles_leaning_and_words(tmp_path):
    f = tmp_path / "b.csv"
    f.write_text("\ufeff" + BABE_HEADER +
                 '"A ""bizarre"" claim.";http://x/1;Alternet;blm;left;Biased;Opinion;'
                 "['bizarre']\n"
                 "Calm report.;http://x/1;Alternet;black lives matter;;Non-biased;Factual;[]\n"
                 "Other.;;fox-news;vaccines;right;Non-biased;Factual;[]\n", encoding="utf-8")
    d = load_babe(f)
    assert d["doc_id"][0] == d["doc_id"][1] != d["doc_id"][2]  # same link = same article
    assert d["text"][0] == 'A "bizarre" claim.'
    assert d["biased_words"][0] == ["bizarre"] and d["biased_words"][1] == []
    assert d["topic"].tolist() == ["black lives matter", "black lives matter", "vaccine"]
    assert d["leaning"][1] == "left"  # filled from the outlet's other rows
    assert d["source"][2] == "Fox News"
    assert len(d.attrs["sha256"]) == 64


def test_babe_bad_biased_words_names_row(tmp_path):
    f = tmp_path / "b.csv"
    f.write_text(BABE_HEADER + "x;l;o;t;left;Biased;O;[unclosed\n")
    with pytest.raises(InputError, match=r"b.csv, row 1: biased_words"):
        load_babe(f)


def test_ptc_spans_are_clipped_to_lines(tmp_path):
    (tmp_path / "train-articles").mkdir()
    text = "Title\n\nA brutal thug attacked.\nCalm line."
    (tmp_path / "train-articles" / "article1.txt").write_text(text)
    s = text.index("brutal")
    (tmp_path / "train-task2-TC.labels").write_text(
        f"1\tLoaded_Language\t{s}\t{s + 6}\n1\tName_Calling,Labeling\t{s + 7}\t{s + 11}\n"
        f"1\tDoubt\t0\t5\n")
    sentences, hashes = load_ptc(tmp_path)
    assert [x.text for x in sentences] == ["Title", "A brutal thug attacked.", "Calm line."]
    line = sentences[1]
    assert [(line.text[a:b], k) for a, b, k in line.spans] == [("brutal", "loaded_language"),
                                                              ("thug", "name_calling")]
    assert sentences[0].spans == ()  # Doubt is not a learned technique
    assert set(hashes) == {"labels_sha256", "articles_sha256"}


def test_article_split_is_seeded_and_by_article():
    ids = [f"a{i}" for i in range(50)]
    a, b = split_articles(ids, 13), split_articles(ids, 13)
    assert a == b and set(a.values()) == {"train", "dev", "test"}
    assert sum(v == "test" for v in a.values()) == 5
    assert split_articles(ids, 14) != a


def _vader_sdist(tmp_path: Path) -> Path:
    inner = io.BytesIO()
    with tarfile.open(fileobj=inner, mode="w:gz") as t:
        data = b"1_1\t1.5\tA lovely day.\r\n1_2\t-2.0\tA terrible loss.\r\n"
        info = tarfile.TarInfo("hutto_ICWSM_2014/nytEditorialSnippets_GroundTruth.txt")
        info.size = len(data)
        t.addfile(info, io.BytesIO(data))
    outer = tmp_path / "vaderSentiment-3.3.2.tar.gz"
    with tarfile.open(outer, "w:gz") as t:
        info = tarfile.TarInfo("vaderSentiment-3.3.2/additional_resources/hutto_ICWSM_2014.tar.gz")
        info.size = len(inner.getvalue())
        t.addfile(info, io.BytesIO(inner.getvalue()))
    return outer


def test_vader_ground_truth_from_nested_tarball(tmp_path):
    d = load_ground_truth("nyt", _vader_sdist(tmp_path))
    assert d["id"].tolist() == ["1_1", "1_2"]
    assert d["rating"].tolist() == [1.5, -2.0]
    assert d["text"].tolist() == ["A lovely day.", "A terrible loss."]


def test_unknown_vader_set(tmp_path):
    with pytest.raises(InputError, match="unknown VADER ground-truth set"):
        load_ground_truth("poems", _vader_sdist(tmp_path))


@pytest.mark.shared_data
def test_real_babe_when_present(shared_dir):
    d = load_babe(shared_dir / "data" / "babe")
    assert len(d) == 3674 and d["source"].nunique() == 11
    assert d["doc_id"].nunique() < len(d)
