"""Word frequency (Zipf scale) from wordfreq (Speer 2022), used as a rarity signal.

Loaded words are marked vocabulary: among the strongly negative words of VADER and EmoLex,
rarer ones are far more often annotated as loaded language in the Propaganda Techniques Corpus
(see ``docs/lexicons.md``). wordfreq is a dependency of persuasion-index.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from framing.errors import ModelUnavailableError

_ZIPF: list[Callable[[str, str], float]] = []


def _zipf_function() -> Callable[[str, str], float]:
    if not _ZIPF:
        try:
            from wordfreq import zipf_frequency
        except ImportError as exc:  # pragma: no cover - wordfreq comes with persuasion-index
            raise ModelUnavailableError(
                "word frequencies need the 'wordfreq' package: pip install wordfreq"
            ) from exc
        _ZIPF.append(zipf_frequency)
    return _ZIPF[0]


@lru_cache(maxsize=1 << 17)
def zipf(word: str) -> float:
    """Zipf frequency of an English word: log10 of occurrences per billion words.

    Args:
        word: A normalised word (hyphenated words are combined by wordfreq).

    Returns:
        About 7 for "the", 5.5 for "war", 3 for "atrocity"; 0 for unknown words.
    """
    return _zipf_function()(word, "en")
