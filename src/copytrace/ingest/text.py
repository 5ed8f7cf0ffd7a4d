"""Plain-text reader: one article per ``.txt`` file, id = the file's stem."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from copytrace.ingest import problems
from copytrace.ingest.base import Options, RawRecord
from copytrace.ingest.files import count_chars, decode
from copytrace.records import Problem

#: UTF-8 takes at most this many bytes per character.
_MAX_UTF8_BYTES = 4


def read_txt(path: Path, source: str, opts: Options) -> Iterator[RawRecord | Problem]:
    """Read one ``.txt`` file.

    A file too large to hold ``max_chars`` characters is not loaded: its characters
    are counted in chunks for the message.

    Args:
        path: The file.
        source: How to name it in records and problems.
        opts: Reading options.

    Returns:
        An iterator of one RawRecord or one Problem.
    """
    with path.open("rb") as stream:
        if path.stat().st_size > opts.max_chars * _MAX_UTF8_BYTES:
            yield problems.too_long(source, count_chars(stream), opts.max_chars)
            return
        text, note = decode(stream.read(), source)
    yield RawRecord(source, {"id": path.stem, "text": text}, notes=[note] if note else [])
