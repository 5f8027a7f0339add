"""Reading corpora into :class:`~framing.schema.Document` lists.

Every problem with the input raises :class:`~framing.errors.InputError` with a one-line
message naming the file and the row or line. Rows or files with blank text are skipped with an
:class:`EmptyTextWarning`.
"""

from framing.read.common import EmptyTextWarning
from framing.read.corpus import SUPPORTED_FORMATS, read_corpus
from framing.read.records import documents_from_records
from framing.read.seed import find_shared_dir, read_seed_article

__all__ = [
    "SUPPORTED_FORMATS",
    "EmptyTextWarning",
    "documents_from_records",
    "find_shared_dir",
    "read_corpus",
    "read_seed_article",
]
