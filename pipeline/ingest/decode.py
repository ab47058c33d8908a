"""Bytes and strings into article text: decoding, and the characters no output may hold.

A file is decoded as it is (no newline translation, a UTF-8 byte order mark kept as U+FEFF)
so that offsets refer to its own characters. Bytes that are not UTF-8 are decoded through a
UTF-16/32 byte order mark or detection, except when they are mostly UTF-8: then the few bad
bytes are replaced where they stand instead of turning the whole text into mojibake.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import charset_normalizer

from pipeline.errors import IngestError

BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
# Latin-script single-byte code pages that detection confuses on short texts; where it picks
# one of them and the bytes are valid CP-1252 (the web's default), CP-1252 is the better bet.
LATIN_PAGES = frozenset(
    [
        "cp1250",
        "cp1252",
        "cp1254",
        "cp1257",
        "latin_1",
        "iso8859_2",
        "iso8859_4",
        "iso8859_9",
        "iso8859_10",
        "iso8859_13",
        "iso8859_15",
        "mac_latin2",
        "mac_roman",
        "cp775",
        "cp850",
    ]
)
CONTROL_SHARE = 0.05  # above this share of control characters a decoded text is binary
# Bytes are mostly UTF-8 when their valid multi-byte characters outnumber their invalid byte
# sequences this many times: a legacy code page almost never forms a valid UTF-8 sequence, so
# even a few (curly quotes, accents) next to one bad byte mean UTF-8 with damage. Text with
# no multi-byte character and one odd byte is more likely CP-1252 and goes to detection.
MOSTLY_UTF8 = 2
REPLACEMENT = "\ufffd"
# What no output may hold: a lone surrogate (it cannot be encoded) and NUL (CSV readers and C
# strings stop at it). Each becomes one character, so offsets keep their meaning.
UNWRITABLE = re.compile("[\ud800-\udfff\x00]")


class Decoded(NamedTuple):
    """A decoded text, the encoding it was in, and how many bad byte sequences were replaced."""

    text: str
    encoding: str
    replaced: int = 0


def decode(raw: bytes) -> Decoded:
    """Decode file bytes: UTF-8 first, then a byte order mark, then mostly-UTF-8 with the bad
    bytes replaced (U+FFFD), then detection.

    Raises:
        IngestError: the bytes are empty, blank, binary or in no encoding we can detect.
    """
    if not raw:
        raise IngestError("empty file")
    try:
        decoded = Decoded(raw.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        decoded = decode_other(raw)
    text = decoded.text
    if not text.strip():
        raise IngestError("empty file (only whitespace)")
    controls = sum(1 for c in text[:65536] if c < " " and c not in "\t\n\r\f\v")
    if controls > CONTROL_SHARE * min(len(text), 65536):
        raise IngestError("binary file (not text)")
    return decoded


def decode_other(raw: bytes) -> Decoded:
    """Decode bytes that are not UTF-8: a UTF-16/32 byte order mark, mostly-UTF-8 bytes with
    the bad ones replaced, else the detected encoding."""
    for bom, codec in BOMS:
        if raw.startswith(bom):
            codec += "-le" if bom[0] == 0xFF else "-be"
            try:
                return Decoded(raw[len(bom) :].decode(codec), codec)
            except UnicodeDecodeError as err:
                raise IngestError(f"undecodable {codec} ({err.reason})") from err
    repaired = mostly_utf8(raw)
    if repaired is not None:
        return repaired
    if b"\x00" in raw[:8192]:
        raise IngestError("binary file (not text)")
    best = charset_normalizer.from_bytes(raw[:200_000]).best()
    if best is None or best.encoding is None:
        raise IngestError("undecodable: no text encoding fits")
    encoding = best.encoding
    if encoding in LATIN_PAGES:
        try:
            return Decoded(raw.decode("cp1252"), "cp1252")
        except UnicodeDecodeError:
            pass
    try:
        return Decoded(raw.decode(encoding), encoding)
    except (UnicodeDecodeError, LookupError) as err:
        raise IngestError(f"undecodable as {encoding}") from err


def mostly_utf8(raw: bytes) -> Decoded | None:
    """``raw`` decoded as UTF-8 with each invalid byte sequence replaced by U+FFFD, when its
    valid multi-byte characters outnumber the invalid sequences MOSTLY_UTF8 times; else None."""
    text, replaced = utf8_replacing(raw)
    wide = len(text) - len(text.encode("ascii", "ignore")) - replaced
    return Decoded(text, "utf-8", replaced) if wide >= MOSTLY_UTF8 * replaced else None


def utf8_replacing(raw: bytes) -> tuple[str, int]:
    """``raw`` decoded as UTF-8, each invalid byte sequence replaced by U+FFFD, and how many."""
    text = raw.decode("utf-8", "replace")
    return text, text.count(REPLACEMENT) - raw.count(REPLACEMENT.encode())


def writable(text: str) -> tuple[str, int]:
    """``text`` with each lone surrogate made U+FFFD and each NUL a space (same length), and
    how many characters were replaced."""
    return UNWRITABLE.subn(lambda found: " " if found[0] == "\x00" else REPLACEMENT, text)
