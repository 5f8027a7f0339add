"""Human coding: draw a probability sample to code, write the coders' sheet, measure agreement.

The filled sheets feed :func:`framing.analysis.inference.corrected_estimates`.
"""

from framing.coding.agreement import agreement_table, read_sheets
from framing.coding.codebook import Codebook, load_codebook
from framing.coding.sample import coding_sheet, draw_sample, with_context, write_coding_sheet

__all__ = [
    "Codebook",
    "agreement_table",
    "coding_sheet",
    "draw_sample",
    "load_codebook",
    "read_sheets",
    "with_context",
    "write_coding_sheet",
]
