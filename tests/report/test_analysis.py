"""The cross-source analysis written into results folders (framing.report.analysis)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from framing.errors import ConfigError
from framing.report.analysis import (
    AnalysisConfig,
    check_analysis_config,
    loaded_terms_table,
    outcome_columns,
    write_analysis,
)


def _table(seed: int, sources=("A", "B", "C"), articles: int = 4) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for s_i, source in enumerate(sources):
        for a in range(articles):
            for k in range(5):
                word = ["brutal", "thug", "chaos"][s_i % 3]
                terms = [{"text": word, "start": 0, "end": len(word), "type": "loaded_language",
                          "score": 0.9, "categories": [], "voice": "author", "speaker": None,
                          "target": None}] if k % 2 == 0 else []
                rows.append({"doc_id": f"{source}{a}", "source": source, "sent_idx": k,
                             "text": f"{word} words here {k}", "voice": "quoted" if k == 4
                             else "author", "sentiment": float(rng.normal(-0.1 * s_i, 0.3)),
                             "sentiment_label": "negative", "emotive": float(rng.uniform()),
                             "loaded_terms": terms, "anger": float(rng.uniform(0, 0.2))})
    return pd.DataFrame(rows)


@pytest.mark.slow
def test_write_analysis_produces_tables_and_figures(tmp_path, agg_matplotlib, seed):
    result = write_analysis(_table(seed), tmp_path, AnalysisConfig(strip_docs=["A0", "nope"]),
                            seed=seed, n_boot=200, title="t")
    assert {"aggregates.csv", "aggregates_by_voice.csv", "contrasts_sentiment.csv",
            "contrasts_emotive.csv", "distinctive_loaded.csv", "distinctive_words.csv",
            "loaded_terms.csv"} <= set(result["tables"])
    assert "figures/strip_A0.png" in result["figures"]
    assert "figures/contrasts_sentiment.pdf" in result["figures"]
    assert any("nope" in n for n in result["notes"])
    contrasts = pd.read_csv(tmp_path / "contrasts_sentiment.csv")
    assert len(contrasts) == 3  # pairwise among three sources
    fw = pd.read_csv(tmp_path / "distinctive_loaded.csv")
    top = fw.sort_values("z", ascending=False).groupby("source").head(1).set_index("source")
    assert top.loc["A", "term"] == "brutal" and top.loc["B", "term"] == "thug"


def test_one_source_gives_notes_not_a_crash(tmp_path, agg_matplotlib, seed):
    table = _table(seed, sources=("A",))
    result = write_analysis(table, tmp_path, AnalysisConfig(distinctive=True), seed=seed,
                            n_boot=200, title="t")
    assert any("at least 2 sources" in n for n in result["notes"])
    assert "aggregates.csv" in result["tables"]


def test_loaded_terms_table_explodes_terms(seed):
    t = _table(seed).head(3)
    terms = loaded_terms_table(t)
    assert len(terms) == 2 and set(terms["detector"]) == {"tagger"}
    assert terms["term"].tolist() == ["brutal", "brutal"]


def test_label_auc_separates_a_planted_signal(seed):
    from framing.report.analysis import LabelAUC, label_auc_table

    rng = np.random.default_rng(seed)
    n = 200
    label = np.where(rng.uniform(size=n) < 0.5, "Biased", "Non-biased")
    table = pd.DataFrame({"doc_id": [f"a{i // 2}" for i in range(n)], "label": label,
                          "leaning": np.where(np.arange(n) % 2, "left", "right"),
                          "emotive": (label == "Biased") + rng.normal(0, 0.5, n),
                          "noise": rng.normal(size=n)})
    cfg = LabelAUC(column="label", positive="Biased", negatives=["Non-biased"],
                   scores=["emotive", "noise"], by="leaning")
    out = label_auc_table(table, cfg, seed=1, n_boot=200).set_index(["score", "group"])
    assert out.loc[("emotive", "all"), "auc"] > 0.8
    assert out.loc[("emotive", "all"), "ci_low"] > 0.5
    assert abs(out.loc[("noise", "all"), "auc"] - 0.5) < 0.15
    assert {"left", "right"} <= set(out.loc["emotive"].index)


@pytest.mark.parametrize(("settings", "needles"), [
    ({"contrasts": ["sentimnet"]}, ("analysis.contrasts", "'sentimnet'", "sentiment, ")),
    ({"contrasts": ["text"]}, ("analysis.contrasts", "'text'", "valid outcomes")),
    ({"by": ["outlet"]}, ("analysis.by", "'outlet'", "source")),
    ({"extra_groupings": [["leaning"]]}, ("analysis.extra_groupings", "'leaning'")),
    ({"reference": "Z"}, ("analysis.reference", "'Z'", "A, B, C")),
    ({"source_order": ["C", "Z"]}, ("analysis.source_order", "'Z'", "A, B, C")),
    ({"label_auc": {"column": "bias", "positive": "y", "negatives": ["n"]}},
     ("analysis.label_auc.column", "'bias'")),
    ({"label_auc": {"column": "source", "positive": "A", "negatives": ["B"],
                    "scores": ["emotiv"]}}, ("analysis.label_auc.scores", "'emotiv'")),
], ids=["typo in contrasts", "non-numeric outcome", "unknown by", "unknown grouping",
        "unknown reference", "unknown source in source_order", "unknown label column",
        "unknown label score"])
def test_config_naming_what_the_table_lacks_is_an_error(seed, settings, needles):
    config = AnalysisConfig.model_validate(settings)
    with pytest.raises(ConfigError) as info:
        check_analysis_config(config, _table(seed))
    assert all(n in str(info.value) for n in needles), str(info.value)


@pytest.mark.parametrize(("settings", "needle"), [
    ({"source_order": ["A", "B", "A"]}, "A more than once"),
    ({"stopwords": "english"}, "stopwords"),
    ({"min_count": 0}, "min_count"),
])
def test_invalid_distinctive_and_order_settings_are_refused(settings, needle):
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match=needle):
        AnalysisConfig.model_validate(settings)


def test_distinctive_defaults_drop_stopwords_and_rare_terms():
    config = AnalysisConfig()
    assert config.stopwords == "default" and config.min_count >= 2
    assert config.source_order is None


def _quick(tmp_path, seed, **settings) -> tuple[dict, dict[str, pd.DataFrame]]:
    config = AnalysisConfig.model_validate({"contrasts": ["sentiment"], "voice": False,
                                            **settings})
    table = _table(seed)
    table.loc[table["source"] == "C", "text"] += " rare"  # used 20 times, by C only
    table.loc[table.index[0], "text"] += " once"
    result = write_analysis(table, tmp_path, config, seed=seed, n_boot=20, title="t")
    return result, {p.removesuffix(".csv"): pd.read_csv(tmp_path / p)
                    for p in result["tables"]}


def test_stopwords_and_min_count_shape_the_distinctive_tables(tmp_path, agg_matplotlib, seed):
    _, out = _quick(tmp_path / "default", seed)
    words = set(out["distinctive_words"]["term"])
    assert "here" not in words and "rare" in words  # "here" is a spaCy stopword
    assert "once" not in words  # used fewer than min_count times
    _, out = _quick(tmp_path / "custom", seed, stopwords=["brutal"], min_count=1)
    words = set(out["distinctive_words"]["term"])
    assert {"here", "once"} <= words and "brutal" not in words
    assert "brutal" in set(out["distinctive_loaded"]["term"])  # loaded terms are not filtered
    result, _ = _quick(tmp_path / "strict", seed, min_count=1000)
    assert any("lower analysis.min_count" in n for n in result["notes"])
    assert not any("distinctive_" in f for f in result["figures"])


@pytest.mark.parametrize(("order", "expected"), [
    (None, ["A", "B", "C"]),
    (["C", "A"], ["C", "A", "B"]),
])
def test_source_order_orders_every_table(tmp_path, agg_matplotlib, seed, order, expected):
    _, out = _quick(tmp_path, seed, source_order=order)
    for name in ("aggregates", "distinctive_words", "distinctive_loaded", "loaded_terms"):
        assert list(dict.fromkeys(out[name]["source"])) == expected, name
    contrasts = out["contrasts_sentiment"]
    ranks = [(expected.index(s), expected.index(v))
             for s, v in zip(contrasts["source"], contrasts["versus"], strict=True)]
    assert ranks == sorted(ranks)
    fw = out["distinctive_words"]
    assert all(g["z"].is_monotonic_decreasing for _, g in fw.groupby("source"))


def test_write_analysis_refuses_a_typo_before_writing(tmp_path, seed):
    config = AnalysisConfig.model_validate({"contrasts": ["sentimnet"]})
    with pytest.raises(ConfigError, match="sentimnet"):
        write_analysis(_table(seed), tmp_path, config, seed=seed, n_boot=100, title="t")
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("dropped", ["emotive", "voice"])
def test_defaults_adapt_to_the_columns_present(seed, dropped):
    """Default contrasts and the default voice table are skipped when their column is absent."""
    check_analysis_config(AnalysisConfig(), _table(seed).drop(columns=[dropped]))


def test_outcomes_are_numeric_columns_but_not_offsets(seed):
    outcomes = outcome_columns(_table(seed))
    assert outcomes == ["sentiment", "emotive", "anger"]


@pytest.mark.parametrize(("doc", "ids", "hint"), [
    ("A00", ["A0", "B7", "C7"], "did you mean A0?"),
    ("zzz", ["A0", "A1", "B0"], "known ids: A0, A1, B0"),
    ("zzz", [f"doc{i}" for i in range(8)], "known ids: doc0, doc1, doc2, doc3, doc4 and 3 more"),
], ids=["near", "none near", "many"])
def test_unknown_strip_doc_message_suggests_ids(doc, ids, hint):
    from framing.report.analysis import unknown_doc_message

    message = unknown_doc_message(doc, pd.Series(ids))
    assert message.startswith(f"analysis.strip_docs: no document '{doc}'")
    assert message.endswith(hint)
