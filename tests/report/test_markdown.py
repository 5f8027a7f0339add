"""The one Markdown table renderer (framing.report.markdown)."""

from __future__ import annotations

import pytest

from framing.report.markdown import markdown_table


@pytest.mark.parametrize(("header", "rows", "options", "expected"), [
    (["a", "b"], [[1, "x"]], {}, "| a | b |\n| --- | --- |\n| 1 | x |"),
    (["a", "b"], [[1, "x"], [2, "y"]], {"compact_rule": True},
     "| a | b |\n|---|---|\n| 1 | x |\n| 2 | y |"),
    (["v"], [[0.12345]], {"cell": lambda v: f"{v:.2f}"}, "| v |\n| --- |\n| 0.12 |"),
    (["only"], [], {}, "| only |\n| --- |"),
])
def test_markdown_table(header, rows, options, expected):
    assert markdown_table(header, rows, **options) == expected


def test_results_readme_table_is_rendered_by_it():
    """The experiment README's per-source table is this renderer's output, unchanged."""
    import pandas as pd

    from framing.experiment import ExperimentConfig
    from framing.report.readme import results_readme

    summary = pd.DataFrame([{"source": "Wire", "n_articles": 3, "n_sentences": 12,
                             "mean_sentiment": -0.1234, "mean_sentiment_ci_low": -0.2,
                             "mean_sentiment_ci_high": 0.05, "share_negative": 0.25,
                             "share_negative_ci_low": 0.1, "share_negative_ci_high": 0.4}])
    manifest = {"config_file": "x.yaml", "data": {"n_documents": 3, "n_sentences": 12,
                                                  "sha256": "0" * 64},
                "seed": 1, "git": {"commit": "abc"}, "scorers": {}, "outputs": [],
                "packages": {"framing": "0.1.0"}}
    config = ExperimentConfig.model_validate({"name": "x", "corpus": {"paths": ["a.jsonl"]}})
    text = results_readme(config, manifest, summary)
    assert ("| source | articles | sentences | mean sentiment | share negative |\n"
            "| --- | --- | --- | --- | --- |\n"
            "| Wire | 3 | 12 | -0.123 [-0.200, +0.050] | 0.25 [0.10, 0.40] |\n\n") in text
