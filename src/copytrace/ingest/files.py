"""Byte-level helpers: telling text from binary, decoding with fallbacks, counting."""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from typing import BinaryIO

from copytrace.ingest import problems
from copytrace.records import Problem

#: How much of a file is looked at to decide whether it is text.
SNIFF_BYTES = 1024
#: Share of control bytes above which a file is taken as binary (text has almost none).
_MAX_CONTROL_SHARE = 0.10
#: Control bytes that plain text does contain.
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\v\b\x1b")
_CHUNK = 1 << 20


def sniff(head: bytes) -> str | None:
    """Why the bytes that start a file are not text, if they are not.

    Args:
        head: The first ``SNIFF_BYTES`` bytes.

    Returns:
        A problem message (binary or UTF-16), or None for text.
    """
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return problems.UTF16_FILE
    if b"\x00" in head:
        return problems.BINARY_FILE
    controls = sum(1 for byte in head if byte < 0x20 and byte not in _TEXT_CONTROLS)
    if head and controls / len(head) > _MAX_CONTROL_SHARE:
        return problems.BINARY_FILE
    return None


def decode(data: bytes, source: str) -> tuple[str, Problem | None]:
    """Decode UTF-8, falling back to cp1252 and then latin-1 (which never fails).

    Args:
        data: The bytes of one file or line; a UTF-8 byte order mark is dropped.
        source: Where the bytes came from, for the problem.

    Returns:
        The text, and a non-skipping problem when a fallback was used.
    """
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        error = exc
    try:
        return data.decode("cp1252"), problems.not_utf8(source, error, "cp1252")
    except UnicodeDecodeError:  # cp1252 leaves five bytes undefined
        return data.decode("latin-1"), problems.not_utf8(source, error, "latin-1")


def count_chars(stream: BinaryIO) -> int:
    """Characters in the rest of a stream, read in chunks so memory stays flat.

    Args:
        stream: A binary stream; read to its end.

    Returns:
        The count as UTF-8 (an invalid byte counts as one character, as with cp1252).
    """
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    total = 0
    for chunk in iter(lambda: stream.read(_CHUNK), b""):
        total += len(decoder.decode(chunk))
    return total + len(decoder.decode(b"", final=True))


def lines(stream: BinaryIO, limit: int) -> Iterator[tuple[bytes, int]]:
    """The lines of a stream, cutting off any line longer than ``limit`` bytes.

    A line over the limit is drained in chunks rather than held, so one huge line
    costs no more memory than ``limit``.

    Args:
        stream: A binary stream.
        limit: The most bytes of one line returned.

    Returns:
        An iterator of ``(line, size)``: ``line`` is empty when the line was cut off,
        ``size`` is the line's full length in bytes.
    """
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) <= limit or line.endswith(b"\n"):
            yield line, len(line)
            continue
        size = len(line)
        while line and not line.endswith(b"\n"):
            line = stream.readline(_CHUNK)
            size += len(line)
        yield b"", size
