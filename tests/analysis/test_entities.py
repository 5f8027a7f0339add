"""Entity sentiment tables: mentions, top entities per source with article intervals."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from framing.analysis.entities import (
    ENTITY_COLUMNS,
    entity_contrasts,
    entity_mentions,
    entity_sentiment_by_source,
    top_entities,
)
from framing.errors import ArgumentError


def _ent(name: str, value: float, kind: str = "PERSON") -> dict:
    label = "negative" if value < -0.2 else "positive" if value > 0.2 else "neutral"
    return {"entity": name, "type": kind, "start": 0, "end": len(name), "sentiment": value,
            "label": label}


def _table(seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for source, shift in (("A", -0.5), ("B", 0.4)):
        for d in range(6):
            for s in range(4):
                ents = [_ent("Vladimir Putin", float(np.clip(shift + rng.normal(0, .1), -1, 1)))]
                if s == 0:
                    ents.append(_ent("NATO", 0.1, "ORG"))
                rows.append({"doc_id": f"{source}{d}", "source": source, "sent_idx": s,
                             "entity_sentiment": ents})
    rows.append({"doc_id": "B9", "source": "B", "sent_idx": 0, "entity_sentiment": None})
    return pd.DataFrame(rows)


def test_mentions_flatten_and_skip_missing():
    m = entity_mentions(_table())
    assert len(m) == 2 * 6 * 4 + 2 * 6
    assert set(m["entity"]) == {"Vladimir Putin", "NATO"}


def test_missing_column_is_a_clear_error():
    with pytest.raises(ArgumentError, match="entities=True"):
        entity_mentions(pd.DataFrame({"doc_id": ["a"]}))


@pytest.mark.parametrize(("top", "expected"), [(1, ["Vladimir Putin"]),
                                               (5, ["Vladimir Putin", "NATO"])])
def test_top_entities(top, expected):
    assert top_entities(entity_mentions(_table()), top) == expected


def test_by_source_has_intervals_around_the_means():
    out = entity_sentiment_by_source(_table(), top=2, n_boot=200)
    assert tuple(out.columns) == ENTITY_COLUMNS
    putin = out[out["entity"] == "Vladimir Putin"].set_index("source")
    assert putin.loc["A", "estimate"] < 0 < putin.loc["B", "estimate"]
    for _, r in out.iterrows():
        assert r["ci_low"] <= r["estimate"] <= r["ci_high"]
    assert (out["n_articles"] == 6).all()


def test_contrasts_per_entity():
    out = entity_contrasts(_table(), top=1)
    assert out["entity"].tolist() == ["Vladimir Putin"]
    assert abs(out["estimate"].iat[0]) > 0.5
