"""Attribution: whose voice a sentence or term is in, and at whom a loaded term is aimed.

Voice is ``author`` (the outlet) or ``quoted`` with the speaker; the target is the entity a
loaded term is aimed at.
"""

from framing.attribute.quotes import Quote, annotate_sentences, find_quotes, voice_of_span
from framing.attribute.targets import annotate_many, annotate_terms, find_targets
from framing.attribute.terms import attribute, term_columns

__all__ = [
    "Quote",
    "annotate_many",
    "annotate_sentences",
    "annotate_terms",
    "attribute",
    "find_quotes",
    "find_targets",
    "term_columns",
    "voice_of_span",
]
