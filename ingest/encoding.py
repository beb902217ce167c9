"""Turning the bytes of a text file into text: byte-order marks, UTF-8, then legacy encodings.

The rules, in order:

1. A UTF-8 byte-order mark: the rest must be UTF-8. A UTF-16 byte-order mark: UTF-16.
2. NUL bytes (without a UTF-16 mark) mean a binary file.
3. Valid UTF-8 is UTF-8.
4. Bytes that are *partly* valid UTF-8 (some multi-byte sequences decode, others do not) are a
   damaged UTF-8 file: guessing another encoding would garble the good part, so it is an error.
5. Otherwise a legacy 8-bit encoding: Windows-1252 (a superset of Latin-1, what German office
   software writes) when it gives Western European text, else charset-normalizer's best guess.
6. Text with many control characters is binary after all.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from ingest.errors import binary_document, empty_document, undecodable_document

_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_WESTERN_LETTERS = frozenset("äöüÄÖÜßéèêëàâáçñóôòíìîïúùûÉÈÀÇ€–—„“”‚‘’…§°«»·×÷²³µ¼½¾")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")  # Unicode category Cc without tab, newlines, form feed
_MAX_CONTROL_SHARE = 0.01
_SNIFF = 65536


def decode_text(data: bytes, path: str = "<bytes>") -> str:
    """Decode the bytes of a text file, or raise :class:`UnreadableDocument` naming ``path``.

    Examples
    --------
    >>> decode_text("Straße".encode("utf-8"))
    'Straße'
    >>> decode_text(codecs.BOM_UTF8 + b"Hamburg")
    'Hamburg'
    >>> decode_text("Die Behörde für Wirtschaft fördert Brennstoffzellen.".encode("cp1252"))
    'Die Behörde für Wirtschaft fördert Brennstoffzellen.'
    >>> decode_text("Grüße aus Hamburg".encode("utf-8") + b" \\xff", "x.txt")
    Traceback (most recent call last):
    ...
    ingest.errors.UnreadableDocument: x.txt: invalid encoding (invalid UTF-8 at byte 20 next to valid UTF-8); save it as UTF-8
    >>> decode_text(b"PK\\x03\\x04\\x00\\x00", "x.txt")
    Traceback (most recent call last):
    ...
    ingest.errors.UnreadableDocument: x.txt: binary content, not text (NUL bytes); check the file type or rename it
    """
    if not data.strip():
        raise empty_document(path)
    text = _decode(data, path)
    _reject_control_characters(text, path)
    if not text.strip():
        raise empty_document(path)
    return text


def _decode(data: bytes, path: str) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[len(codecs.BOM_UTF8) :], "utf-8", path)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", path)
    if b"\x00" in data[:_SNIFF] or b"\x00" in data[-_SNIFF:]:
        raise binary_document(path, "NUL bytes")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        if _UTF8_MULTIBYTE.search(data):
            raise undecodable_document(path, f"invalid UTF-8 at byte {error.start} next to valid UTF-8") from error
    return _decode_legacy(data, path)


def _strict(data: bytes, encoding: str, path: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise undecodable_document(path, f"invalid {encoding.upper()} at byte {error.start}") from error


def _decode_legacy(data: bytes, path: str) -> str:
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = ""
    if text and _looks_western(text):
        return text
    best = from_bytes(data).best()
    if best is None:
        raise binary_document(path, "no text encoding fits")
    return str(best)


def _looks_western(text: str) -> bool:
    """Whether the non-ASCII characters of ``text`` are mostly Western European letters and signs.

    Examples
    --------
    >>> _looks_western("Grüße")
    True
    >>> _looks_western("Ð¿Ñ€Ð¸Ð²ÐµÑ‚")
    False
    """
    non_ascii = [c for c in text if ord(c) > 127]
    if not non_ascii:
        return True
    western = sum(c in _WESTERN_LETTERS for c in non_ascii)
    return western / len(non_ascii) >= 0.8


def _reject_control_characters(text: str, path: str) -> None:
    sample = text[:_SNIFF]
    controls = len(_CONTROL.findall(sample))
    if controls > _MAX_CONTROL_SHARE * len(sample):
        raise binary_document(path, f"{controls} control characters in the first {len(sample):,}")

