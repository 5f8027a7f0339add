"""Reading corpus files: bytes, binary detection and strict decoding.

Every problem is raised as :class:`~framing.errors.InputError` naming the file and, for a byte
that cannot be decoded, the line.
"""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import BinaryIO

from framing.errors import InputError
from framing.read.encodings import AUTO_ENCODING, bom_codec, detect_encoding, is_auto

DEFAULT_ENCODING = "utf-8"
"""Encoding assumed for text input unless the caller names another (``"auto"``,
:data:`AUTO_ENCODING`, detects each file's; see :mod:`framing.read.encodings`)."""

__all__ = [
    "AUTO_ENCODING",
    "BINARY_SNIFF_BYTES",
    "DEFAULT_ENCODING",
    "NoTextError",
    "check_file",
    "check_not_binary",
    "codec_name",
    "decode",
    "detect_file_encoding",
    "is_auto",
    "open_binary",
    "read_bytes",
    "read_text",
    "read_text_detected",
    "resolve_encoding",
]

BINARY_SNIFF_BYTES = 8192
"""How many leading bytes are checked for NUL bytes to tell a binary file."""


class NoTextError(InputError):
    """A one-document file (text or HTML) has no text; skipped with a warning inside a folder."""


def check_file(path: Path) -> None:
    """Raise unless ``path`` is an existing, non-empty file.

    Raises:
        InputError: The path is missing, a folder, or an empty file.
    """
    if not path.exists():
        raise InputError(path, "no such file or folder")
    if not path.is_file():
        raise InputError(path, "is not a regular file")
    if path.stat().st_size == 0:
        raise NoTextError(path, "file is empty")


def _os_error(path: Path, error: OSError) -> InputError:
    if isinstance(error, FileNotFoundError):
        return InputError(path, "no such file or folder")
    if isinstance(error, IsADirectoryError):
        return InputError(path, "is a folder, expected a file")
    if isinstance(error, PermissionError):
        return InputError(path, "permission denied")
    return InputError(path, f"cannot read file ({error.strerror or error})")


def open_binary(path: Path) -> BinaryIO:
    """Open a file for reading bytes, turning OS errors into :class:`InputError`.

    Raises:
        InputError: The file is missing, a folder or unreadable (the messages of
            :func:`read_bytes`).
    """
    try:
        return open(path, "rb")  # noqa: SIM115 - the caller closes it
    except OSError as e:
        raise _os_error(path, e) from None


def read_bytes(path: Path, *, allow_empty: bool = False) -> bytes:
    """Read a whole file, turning OS errors and empty files into :class:`InputError`.

    Args:
        path: File to read.
        allow_empty: Return ``b""`` for an empty file instead of raising.

    Returns:
        The file's content.

    Raises:
        InputError: The file is missing, unreadable, a folder, or empty.
    """
    try:
        data = path.read_bytes()
    except OSError as e:
        raise _os_error(path, e) from None
    if not data and not allow_empty:
        raise NoTextError(path, "file is empty")
    return data


def codec_name(path: Path | str, encoding: str) -> str:
    """Return the normalised codec name of ``encoding`` (``"utf-8"``, ``"cp1252"``, ...).

    Raises:
        InputError: The encoding is unknown (``"auto"`` is not a codec: resolve it first with
            :func:`resolve_encoding`).
    """
    if is_auto(encoding):
        raise InputError(path, "encoding 'auto' must be resolved per file before decoding")
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise InputError(path, f"unknown encoding {encoding!r} (see --encoding)") from None


def check_not_binary(path: Path | str, data: bytes, encoding: str = DEFAULT_ENCODING) -> None:
    """Raise when the first :data:`BINARY_SNIFF_BYTES` bytes contain a NUL byte.

    UTF-16 and UTF-32 text legitimately contains NUL bytes, so the check is skipped when
    ``encoding`` names one of those.

    Raises:
        InputError: The data looks binary.
    """
    name = codec_name(path, encoding)
    if name.startswith(("utf-16", "utf-32")):
        return
    head = data[:BINARY_SNIFF_BYTES]
    if b"\x00" not in head:
        return
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError(
            path, "file is UTF-16 text (byte-order mark); pass encoding='utf-16' (--encoding)"
        )
    raise InputError(
        path,
        f"looks like a binary file (NUL bytes in the first {BINARY_SNIFF_BYTES // 1024} KB), "
        "not text; check the path or the --input-format",
    )


def decode(
    path: Path | str, data: bytes, encoding: str = DEFAULT_ENCODING, *, first_line: int = 1
) -> str:
    """Decode file content strictly; a UTF-8 byte-order mark at the start of the file is removed.

    Args:
        path: File name for messages.
        data: The raw bytes: the whole file, or (read line by line) a part of it.
        encoding: Codec name, e.g. ``"utf-8"`` (default) or ``"cp1252"``.
        first_line: Line number of the first line of ``data`` in the file (a byte-order mark
            is only looked for at line 1).

    Returns:
        The decoded text.

    Raises:
        InputError: A byte cannot be decoded; the message names the line and the byte and
            suggests the ``encoding`` option.
    """
    name = codec_name(path, encoding)
    if name in ("utf-8", "utf-8-sig"):
        name = "utf-8"
        bom = len(codecs.BOM_UTF8) if first_line == 1 and data.startswith(codecs.BOM_UTF8) else 0
    else:
        bom = 0
    try:
        return data[bom:].decode(name)
    except UnicodeDecodeError as e:
        offset = bom + e.start
        line = data.count(b"\n", 0, offset) + first_line
        column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
        hint = (
            "if the file is not UTF-8, pass its encoding, "
            "e.g. encoding='cp1252' (--encoding cp1252), or encoding='auto' to detect it"
            if name == "utf-8"
            else "check the encoding option (--encoding)"
        )
        raise InputError(
            path,
            f"byte 0x{data[offset]:02x} (byte {column} of the line) is not valid {encoding} "
            f"({e.reason}); {hint}",
            row=line,
            unit="line",
        ) from None


def resolve_encoding(path: Path | str, data: bytes, encoding: str = DEFAULT_ENCODING) -> str:
    """Return the codec to read ``data`` with, checking for binary data.

    That is ``encoding`` itself, or for ``"auto"`` the detected one
    (:func:`framing.read.encodings.detect_encoding`).

    Raises:
        InputError: The encoding is unknown, the data looks binary, or (``auto``) no codec
            reads it.
    """
    if not is_auto(encoding):
        codec_name(path, encoding)
        return encoding
    name = detect_encoding(path, data)
    check_not_binary(path, data, name)
    return name


DETECT_CHUNK_BYTES = 1 << 20
"""Bytes read at a time by :func:`detect_file_encoding` while checking UTF-8."""


def detect_file_encoding(path: Path) -> str:
    """Detect a file's codec (``encoding="auto"``) with memory bounded for UTF-8 files.

    The file is checked as UTF-8 chunk by chunk; only a file that is not UTF-8 is read whole
    for :func:`framing.read.encodings.detect_encoding`.

    Returns:
        The codec name, as :func:`resolve_encoding` gives it.

    Raises:
        InputError: The file is missing, unreadable or binary, or no codec reads it.
    """
    with open_binary(path) as fh:
        head = fh.read(BINARY_SNIFF_BYTES)
        if not head:
            raise NoTextError(path, "file is empty")
        if bom_codec(head) is not None:
            return resolve_encoding(path, head, AUTO_ENCODING)
        check_not_binary(path, head)
        fh.seek(0)
        utf8 = codecs.getincrementaldecoder("utf-8")()
        try:
            while chunk := fh.read(DETECT_CHUNK_BYTES):
                utf8.decode(chunk)
            utf8.decode(b"", final=True)
        except UnicodeDecodeError:
            pass
        else:
            return "utf-8"
    return resolve_encoding(path, read_bytes(path), AUTO_ENCODING)


def read_text_detected(
    path: Path, encoding: str = DEFAULT_ENCODING, *, allow_empty: bool = False
) -> tuple[str, str]:
    """Like :func:`read_text`, also returning the codec used (the detected one for ``auto``).

    Returns:
        The decoded text and the canonical codec name (e.g. ``"utf-8"``, ``"cp1252"``).
    """
    data = read_bytes(path, allow_empty=allow_empty)
    name = resolve_encoding(path, data, encoding)
    check_not_binary(path, data, name)
    return decode(path, data, name), codec_name(path, name)


def read_text(path: Path, encoding: str = DEFAULT_ENCODING, *, allow_empty: bool = False) -> str:
    """Read, check (not binary) and decode a text file.

    Args:
        path: File to read.
        encoding: Codec name; UTF-8 by default (a byte-order mark is removed); ``"auto"``
            detects it.
        allow_empty: Return ``""`` for an empty file instead of raising.

    Returns:
        The decoded text.

    Raises:
        InputError: The file is missing, empty, binary or not in ``encoding``.
    """
    return read_text_detected(path, encoding, allow_empty=allow_empty)[0]


def require_content(path: Path | str, text: str) -> None:
    """Raise when a decoded table or JSONL file holds only whitespace."""
    if not text.strip():
        raise NoTextError(path, "file is empty (only whitespace)")
