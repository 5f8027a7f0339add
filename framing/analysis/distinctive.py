"""Distinctive terms per source: "Fightin' Words" log-odds with an informative Dirichlet prior.

Monroe, Colaresi & Quinn (2008), "Fightin' Words: Lexical Feature Selection and Evaluation
for Identifying the Content of Political Conflict", *Political Analysis* 16(4), section 3.5.1.
For a group ``i`` (a source) against the rest of the corpus ``j`` and a term ``w``:

.. code-block:: text

    delta_w = log((y_iw + a_w) / (n_i + a_0 - y_iw - a_w))
            - log((y_jw + a_w) / (n_j + a_0 - y_jw - a_w))
    var(delta_w) ~= 1 / (y_iw + a_w) + 1 / (y_jw + a_w)
    z_w = delta_w / sqrt(var(delta_w))

where ``y`` are term counts, ``n`` total counts and the prior ``a_w = a_0 * y_w / n`` is the
whole corpus' term distribution scaled to a total of ``a_0`` pseudo-counts. Terms are ranked
by ``z``, which accounts for how much evidence (how many occurrences) stands behind each
log-odds ratio: rare terms get small ``|z|`` however lopsided their counts.

Two vocabularies: ``"loaded"`` counts the detected loaded terms (the ``text`` of each dict
in the ``loaded_terms`` lists, lower-cased), ``"words"`` counts every word of the sentence
texts (:func:`framing.analysis.aggregate.tokenize`, the package's one word tokenizer,
normalised), optionally without stopwords (:func:`default_stopwords`: spaCy's English list).
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from collections.abc import Set as AbstractSet
from typing import Literal

import numpy as np
import pandas as pd

from framing.analysis.aggregate import tokenize
from framing.errors import ArgumentError
from framing.schema import is_missing
from framing.text.words import normalize

DEFAULT_PRIOR_SHARE = 0.1
"""Default prior size as a share of the corpus: ``a_0 = 0.1 * n``, i.e. each term's prior
pseudo-count is a tenth of its corpus count. This keeps the amount of shrinkage independent of
corpus size; pass ``alpha_0`` to fix the total instead."""

DEFAULT_MIN_COUNT = 3
"""Default corpus count below which a term is left out of the distinctive tables (and figures).

Terms seen once or twice rank high on lopsided counts alone in a small corpus (a 30-article
corpus has hundreds of them); ``z`` already discounts them, but they crowd the top of each
list. Three is the smallest count at which a term can appear in two sources and still lean
towards one."""

CLITICS: tuple[str, ...] = ("n't", "'d", "'ll", "'m", "'re", "'s", "'ve")
"""Contraction endings: a stopword followed by one (``do`` + ``n't``) is a stopword too, since
the package's tokenizer keeps ``"don't"`` as one word where spaCy splits it."""


@functools.cache
def default_stopwords() -> frozenset[str]:
    """The default English stopword list: spaCy's ``STOP_WORDS``, in the tokenizer's form.

    spaCy's list (326 function words, ``spacy.lang.en.stop_words``) with straight apostrophes,
    plus the contractions formed from its words (``"don't"``, ``"they're"``, ``"won't"``), so
    it matches :func:`framing.analysis.aggregate.tokenize` output. Reporting verbs such as
    ``"said"`` are not in it: how much a source attributes is a difference between sources.
    spaCy is imported on first use (it takes seconds), not when the package is.

    Returns:
        The lower-case stopwords.
    """
    from spacy.lang.en.stop_words import STOP_WORDS

    base = {normalize(w) for w in STOP_WORDS}
    words = {w for w in base if not w.startswith(("'", "n'"))}
    contracted = {w + c for w in words for c in CLITICS} | {"won't", "shan't"}
    return frozenset(base | contracted)


class DefaultStopwords(AbstractSet[str]):
    """A read-only set that is :func:`default_stopwords`, loaded on first use."""

    def __contains__(self, word: object) -> bool:
        return word in default_stopwords()

    def __iter__(self) -> Iterator[str]:
        return iter(default_stopwords())

    def __len__(self) -> int:
        return len(default_stopwords())

    def __repr__(self) -> str:
        return "DefaultStopwords(spacy.lang.en.stop_words.STOP_WORDS)"


STOPWORDS: AbstractSet[str] = DefaultStopwords()
"""The default stopword list (:func:`default_stopwords`) as a set; ``word in STOPWORDS``."""


def resolve_stopwords(setting: bool | str | Collection[str] | None) -> frozenset[str] | None:
    """The stopwords a ``stopwords`` setting names.

    Args:
        setting: ``True`` or ``"default"``: :func:`default_stopwords`; ``False``, ``None`` or
            ``"none"``: no stopwords; a collection of words: those (normalised like the
            tokenizer's words: lower case, straight apostrophes), where the
            item ``"default"`` stands for the whole default list (``["default", "said"]``
            extends it).

    Returns:
        The lower-case stopwords, or ``None`` for none.

    Raises:
        ArgumentError: A string other than ``"default"`` or ``"none"``.
    """
    if setting is True or setting == "default":
        return default_stopwords()
    if setting is False or setting is None or setting == "none":
        return None
    if isinstance(setting, str):
        raise ArgumentError(f"stopwords must be 'default', 'none' or a list of words, not "
                            f"{setting!r}")
    words = {normalize(str(w)) for w in setting}
    if "default" in words:
        words = (words - {"default"}) | default_stopwords()
    return frozenset(words) or None


DISTINCTIVE_COLUMNS: tuple[str, ...] = ("term", "count_source", "count_rest", "log_odds",
                                        "std_error", "z")
"""Columns of :func:`fightin_words`' output after the group column."""


def _normalise_term(text: object) -> str | None:
    if not isinstance(text, str):
        return None
    term = " ".join(text.lower().split())
    return term or None


def loaded_term_tokens(value: object) -> list[str]:
    """Lower-cased, whitespace-normalised texts of the terms in one ``loaded_terms`` value.

    Args:
        value: A list (or array, as read from parquet) of loaded-term dicts, or a missing
            value (no terms).

    Returns:
        Term texts, one per detected occurrence.
    """
    if is_missing(value):
        return []
    terms = []
    for item in value:
        term = _normalise_term(item.get("text") if isinstance(item, dict) else None)
        if term is not None:
            terms.append(term)
    return terms


def _count_groups(
    table: pd.DataFrame, by: str, mode: str, stopwords: Collection[str] | None,
) -> dict[object, Counter[str]]:
    column = "loaded_terms" if mode == "loaded" else "text"
    if column not in table.columns:
        raise ArgumentError(f"distinctive terms ({mode!r} mode) need the column {column!r}")
    counts: dict[object, Counter[str]] = {}
    for group, values in table.groupby(by, sort=True)[column]:
        counter: Counter[str] = Counter()
        for value in values:
            tokens: Iterable[str] = (loaded_term_tokens(value) if mode == "loaded"
                                     else tokenize(value))
            if stopwords:
                tokens = (t for t in tokens if t not in stopwords)
            counter.update(tokens)
        counts[group] = counter
    return counts


def log_odds_dirichlet(
    counts_a: np.ndarray, counts_b: np.ndarray, prior: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Log-odds ratio of each term between two count vectors with a Dirichlet prior.

    Args:
        counts_a: Term counts of the first group.
        counts_b: Term counts of the second group (same vocabulary order).
        prior: Dirichlet pseudo-counts ``a_w`` (positive), e.g. corpus counts scaled.

    Returns:
        ``(delta, std_error)``: log-odds ratio (first minus second) and its approximate SD.
    """
    a = np.asarray(counts_a, dtype=float)
    b = np.asarray(counts_b, dtype=float)
    prior = np.asarray(prior, dtype=float)
    a0 = prior.sum()
    na, nb = a.sum(), b.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = (np.log(a + prior) - np.log(na + a0 - a - prior)
                 - np.log(b + prior) + np.log(nb + a0 - b - prior))
        se = np.sqrt(1.0 / (a + prior) + 1.0 / (b + prior))
    return delta, se


def fightin_words(
    table: pd.DataFrame, mode: Literal["loaded", "words"] = "loaded", by: str = "source",
    alpha_0: float | None = None, stopwords: bool | str | Collection[str] = False,
    min_count: int = 1, top: int | None = None,
) -> pd.DataFrame:
    """Distinctive terms of each source against all other sources (Monroe et al. 2008).

    Args:
        table: Sentence table with ``by`` and ``loaded_terms`` (``"loaded"`` mode) or
            ``text`` (``"words"`` mode).
        mode: ``"loaded"``: among detected loaded terms (term text lower-cased);
            ``"words"``: among all words of the sentences (the package's word tokenizer,
            normalised: lower case, straight apostrophes, no possessive ``'s``).
        by: Group column compared, one group against the rest (default ``"source"``; e.g.
            ``"voice"`` compares author and quoted text).
        alpha_0: Total size of the informative prior in pseudo-counts; the prior of term
            ``w`` is ``alpha_0 * (corpus count of w) / (corpus total)``. Default ``None``:
            :data:`DEFAULT_PRIOR_SHARE` times the corpus total (each term's prior is 0.1 of its
            corpus count).
        stopwords: Words left out before counting, as :func:`resolve_stopwords` reads it:
            ``True``/``"default"`` drops :func:`default_stopwords`, a collection drops those
            words, ``False`` keeps everything (the default here, as in Monroe et al.; results
            folders drop the default list from ``"words"``, see
            :class:`framing.report.analysis.AnalysisConfig`). Applies to both modes (only
            single-word loaded terms can match).
        min_count: Leave out terms used fewer than this many times in the whole corpus (the
            prior still includes them). Results folders use :data:`DEFAULT_MIN_COUNT`.
        top: Keep only the ``top`` terms of highest ``z`` per group; default all.

    Returns:
        Tidy table: the ``by`` column, then :data:`DISTINCTIVE_COLUMNS`. ``count_source`` and
        ``count_rest`` count the term in the group and in all other groups, ``log_odds`` is
        the prior-smoothed log-odds ratio (group minus rest), ``z`` its z-score
        (``|z| > 1.96`` is the conventional threshold). Sorted by group, then by ``z``
        descending (most distinctive of the group first), then by term.

    Raises:
        ArgumentError: A needed column is missing, there are fewer than two groups with terms
            or fewer than two distinct terms, ``alpha_0`` is not positive, ``min_count`` is
            below 1 or ``stopwords`` is an unknown string.
    """
    if by not in table.columns:
        raise ArgumentError(f"distinctive terms need the column {by!r}")
    if mode not in ("loaded", "words"):
        raise ArgumentError(f"mode must be 'loaded' or 'words', not {mode!r}")
    if alpha_0 is not None and not alpha_0 > 0:
        raise ArgumentError(f"alpha_0 must be positive, not {alpha_0!r}")
    if min_count < 1:
        raise ArgumentError(f"min_count must be at least 1, not {min_count!r}")
    stop = resolve_stopwords(stopwords)

    counts = _count_groups(table, by, mode, stop)
    counts = {g: c for g, c in counts.items() if sum(c.values()) > 0}
    if len(counts) < 2:
        raise ArgumentError(f"distinctive terms need at least 2 values of {by!r} with "
                               f"{'loaded terms' if mode == 'loaded' else 'words'}; found "
                               f"{len(counts)}")
    corpus: Counter[str] = Counter()
    for c in counts.values():
        corpus.update(c)
    vocab = sorted(corpus)
    if len(vocab) < 2:
        raise ArgumentError("distinctive terms need at least 2 distinct terms")
    total = np.array([corpus[t] for t in vocab], dtype=float)
    a0 = DEFAULT_PRIOR_SHARE * total.sum() if alpha_0 is None else float(alpha_0)
    prior = a0 * total / total.sum()
    shown = total >= min_count

    frames = []
    for group in sorted(counts, key=str):
        own = np.array([counts[group][t] for t in vocab], dtype=float)
        rest = total - own
        delta, se = log_odds_dirichlet(own, rest, prior)
        frame = pd.DataFrame({
            by: group, "term": vocab, "count_source": own.astype(int),
            "count_rest": rest.astype(int), "log_odds": delta, "std_error": se,
            "z": delta / se,
        })[shown]
        frame = frame.sort_values(["z", "term"], ascending=[False, True], kind="stable")
        frames.append(frame if top is None else frame.head(top))
    return pd.concat(frames, ignore_index=True)[[by, *DISTINCTIVE_COLUMNS]]
