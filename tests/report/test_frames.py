"""Frame and technique tables of a results folder, crude and genre-adjusted."""

from __future__ import annotations

import pandas as pd
import pytest

from framing.report.frames import write_frames


def _tables():
    docs, paragraphs = [], []
    for source, n_opinion in (("A", 8), ("B", 2)):
        for i in range(10):
            doc_id, genre = f"{source}{i}", "opinion" if i < n_opinion else "reporting"
            docs.append({"doc_id": doc_id, "source": source, "genre": genre,
                         "frames": ["Morality"] if genre == "opinion" else ["Economic"]})
            paragraphs += [{"doc_id": doc_id, "source": source, "par_idx": k,
                            "techniques": ["Doubt"] if genre == "opinion" else []}
                           for k in range(2)]
    return pd.DataFrame(docs), pd.DataFrame(paragraphs)


@pytest.mark.parametrize(("covariate", "extra"), [
    (None, set()),
    ("genre", {"contrasts_frames_genre_adjusted.csv", "contrasts_techniques_genre_adjusted.csv"}),
])
def test_genre_adjusted_contrasts_are_written_on_request(tmp_path, covariate, extra):
    docs, paragraphs = _tables()
    out = write_frames(docs, paragraphs, tmp_path, name="t", seed=1, n_boot=200,
                       covariate=covariate)
    crude = {"frames_by_source.csv", "contrasts_frames.csv", "techniques_by_source.csv",
             "contrasts_techniques.csv"}
    assert set(out["tables"]) == crude | extra
    assert all((tmp_path / t).is_file() for t in out["tables"])
    if covariate:
        techniques = pd.read_csv(tmp_path / "contrasts_techniques_genre_adjusted.csv")
        doubt = techniques.set_index("label").loc["Doubt"]
        assert doubt["difference"] == pytest.approx(0.0) and doubt["strata"] == "opinion+reporting"
        crude_doubt = pd.read_csv(tmp_path / "contrasts_techniques.csv").set_index("label")
        assert crude_doubt.loc["Doubt", "difference"] == pytest.approx(0.6)
