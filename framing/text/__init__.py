"""Text steps: cleaning and sentence segmentation (quotes and targets: :mod:`framing.attribute`)."""

from framing.text.clean import clean_document_text, clean_text, find_boilerplate
from framing.text.segment import SEGMENTER, segment

__all__ = ["SEGMENTER", "clean_document_text", "clean_text", "find_boilerplate", "segment"]
