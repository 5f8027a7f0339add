"""``encoding="auto"``: telling a file's text encoding from its bytes, one file at a time.

The order of evidence:

1. A byte-order mark (UTF-8, UTF-16, UTF-32) names the codec.
2. Bytes that decode as strict UTF-8 are UTF-8 (pure ASCII included): a file that reads with
   the default ``utf-8`` reads exactly the same with ``auto``.
3. Bytes that are *mostly* valid UTF-8 (more valid multi-byte sequences than invalid bytes) are
   a damaged UTF-8 file, not another codec: that is an error naming the first bad byte, never a
   guess that turns every ``’`` into ``â€™``.
4. Otherwise the Western reading (Windows-1252, or ISO-8859-1) is taken when it looks like
   Western European text (:func:`plausible_western`): every non-ASCII character a Latin letter
   or common typographic punctuation (’ “ ” – — … € £ « »), no symbol wedged inside a word,
   and accented letters a minority of the letters. charset-normalizer is not trusted first
   here: on short Western text it answers "cp1250", "cp1257" or "mac_iceland" (French "à"
   read as "ą"). Between cp1252 and ISO-8859-1: bytes 0x80-0x9F are printable punctuation in
   cp1252 (curly quotes, dashes, the euro sign) and invisible C1 controls in ISO-8859-1, so a
   file using them is cp1252; a file without them decodes identically under both and is
   reported as ISO-8859-1 (the narrower claim).
5. Otherwise charset-normalizer's best guess (cp1251 Cyrillic, cp1250 Central European,
   cp1253 Greek, ...), or, when it has none, the Western reading if there is one.

Known limits: text in a codec that differs from cp1252 in only a few letters (Turkish cp1254,
Baltic or Czech text without the differing letters) is read as cp1252; pass ``--encoding``
for such corpora.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from charset_normalizer import from_bytes

from framing.errors import InputError

AUTO_ENCODING = "auto"
"""The ``encoding`` value (``--encoding auto``) that detects each file's codec."""

WESTERN_MAX_ACCENTED = 0.35
"""Western text has at most this share of non-ASCII letters (Cyrillic read as cp1252: all)."""

WESTERN_SYMBOLS = frozenset("’‘“”„‚–—…•€£¥¢©®™°±«»‹›·×÷§¶¡¿¦¬¯´¸¨ªº¹²³¼½¾µ†‡‰ˆ˜\xa0\xad")
"""Non-letters that Western European text uses."""

_IN_WORD_OK = frozenset("’‘·\xad")
"""Non-letters that may sit between two letters ("it’s", Catalan "l·l", a soft hyphen)."""

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_C1_BYTES = re.compile(rb"[\x80-\x9f]")
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def is_auto(encoding: str | None) -> bool:
    """Whether ``encoding`` asks for detection (``"auto"``, any case)."""
    return encoding is not None and encoding.strip().lower() == AUTO_ENCODING


def _canonical(name: str) -> str:
    return codecs.lookup(name).name


def bom_codec(data: bytes) -> str | None:
    """The codec a byte-order mark at the start of ``data`` names, or ``None``."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def _damaged_utf8(path: Path | str, data: bytes, error: UnicodeDecodeError) -> InputError | None:
    """The error for bytes that are mostly UTF-8 with a few invalid bytes, else ``None``."""
    valid = len(_UTF8_MULTIBYTE.findall(data))
    invalid = data.decode("utf-8", errors="replace").count("\ufffd")
    if valid <= invalid:
        return None
    offset = error.start
    line = data.count(b"\n", 0, offset) + 1
    return InputError(
        path,
        f"byte 0x{data[offset]:02x} is not valid UTF-8 in a file that is otherwise UTF-8 "
        f"({valid} valid multi-byte characters): the file looks damaged, not in another "
        "encoding; fix it or pass its encoding explicitly (--encoding)",
        row=line,
        unit="line",
    )


def _decodes(data: bytes, name: str) -> str | None:
    try:
        return data.decode(name)
    except UnicodeDecodeError:
        return None


def _western(data: bytes) -> tuple[str, str] | None:
    """``(codec, text)`` for the Western single-byte reading of ``data``, or ``None``."""
    if _C1_BYTES.search(data) is None:
        return "iso8859-1", data.decode("latin-1")
    text = _decodes(data, "cp1252")
    return None if text is None else ("cp1252", text)


def plausible_western(text: str) -> bool:
    """Whether decoded text looks like Western European text (see the module docstring).

    Examples:
        >>> plausible_western("L’été à Paris")
        True
        >>> plausible_western("Ïðèâåò, êàê äåëà?")  # Cyrillic bytes read as cp1252
        False
        >>> plausible_western("Za¿ó³æ gêœl¹")  # Polish cp1250 bytes read as cp1252
        False
    """
    letters = accented = 0
    previous = ""
    for i, char in enumerate(text):
        if char.isalpha():
            letters += 1
            if not char.isascii():
                accented += 1
                if not ("\u00c0" <= char <= "\u024f" or char in "ƒŒœŠšŽžŸ"):
                    return False
        elif not char.isascii():
            if char not in WESTERN_SYMBOLS:
                return False
            following = text[i + 1 : i + 2]
            if previous.isalpha() and following.isalpha() and char not in _IN_WORD_OK:
                return False
        previous = char
    return letters > 0 and accented <= WESTERN_MAX_ACCENTED * letters


def detect_encoding(path: Path | str, data: bytes) -> str:
    """Return the codec to decode ``data`` with (a canonical :mod:`codecs` name).

    See the module docstring for the order of evidence.

    Args:
        path: File name for messages.
        data: The whole file (or, for a very large file, a representative prefix).

    Returns:
        E.g. ``"utf-8"``, ``"utf-8-sig"``, ``"utf-16"``, ``"cp1252"``, ``"iso8859-1"``,
        ``"cp1251"``.

    Raises:
        InputError: The bytes are damaged UTF-8, or no codec reads them.

    Examples:
        >>> detect_encoding("a.txt", "café".encode())
        'utf-8'
        >>> detect_encoding("a.txt", "it’s".encode("cp1252"))
        'cp1252'
    """
    bom = bom_codec(data)
    if bom is not None:
        return bom
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as e:
        damaged = _damaged_utf8(path, data, e)
        if damaged is not None:
            raise damaged from None
    else:
        return "utf-8"
    western = _western(data)
    if western is not None and plausible_western(western[1]):
        return western[0]
    best = from_bytes(data).best()
    if best is None and western is not None:
        return western[0]
    if best is None:
        raise InputError(
            path,
            "cannot tell the text encoding (not UTF-8, cp1252 or any codec the detector "
            "knows); pass it explicitly, e.g. --encoding cp1250",
        )
    return _canonical(best.encoding)
