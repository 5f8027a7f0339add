"""Text steps: cleaning, sentence segmentation, quotes and speakers."""

from framing.text.clean import clean_document_text, clean_text, find_boilerplate
from framing.text.quotes import Quote, annotate_sentences, find_quotes, voice_of_span
from framing.text.segment import SEGMENTER, segment

__all__ = [
    "SEGMENTER",
    "Quote",
    "annotate_sentences",
    "clean_document_text",
    "clean_text",
    "find_boilerplate",
    "find_quotes",
    "segment",
    "voice_of_span",
]
