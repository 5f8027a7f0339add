"""Text steps: cleaning, sentence segmentation, quotes and speakers, targets of loaded terms."""

from framing.text.clean import clean_document_text, clean_text, find_boilerplate
from framing.text.quotes import Quote, annotate_sentences, find_quotes, voice_of_span
from framing.text.segment import SEGMENTER, segment
from framing.text.targets import annotate_many, annotate_terms, find_targets

__all__ = [
    "SEGMENTER",
    "Quote",
    "annotate_many",
    "annotate_sentences",
    "annotate_terms",
    "clean_document_text",
    "clean_text",
    "find_boilerplate",
    "find_quotes",
    "find_targets",
    "segment",
    "voice_of_span",
]
