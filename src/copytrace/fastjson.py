"""JSON for the records the scan reads and writes, by orjson: several times the
standard library's speed on input lines and output records (a scan parses a line
per input article and writes one per article, pair and story), with the standard
library's answer wherever orjson refuses what it accepts.

Output is compact (no spaces after separators) and UTF-8 (no ``\\u`` escapes).
"""

from __future__ import annotations

import json
from typing import Any

import orjson

#: Floats this large may be integers beyond 64 bits, which orjson reads as floats.
_BIG = float(2**63)


def loads(data: str | bytes) -> Any:
    """Parse one JSON document. What orjson refuses, or may read otherwise (a whole
    number of 2**63 or more: an integer beyond 64 bits, which orjson makes a float),
    goes to :func:`json.loads`, which reads NaN, such integers and lone surrogates, and
    otherwise raises its own :class:`json.JSONDecodeError` (with its message and column)."""
    try:
        value = orjson.loads(data)
    except orjson.JSONDecodeError:
        return json.loads(data)
    return json.loads(data) if _big_number(value) else value


def _big_number(value: Any) -> bool:
    if isinstance(value, float):
        return abs(value) >= _BIG and value.is_integer()
    if isinstance(value, dict):
        return any(_big_number(v) for v in value.values())
    if isinstance(value, list):
        return any(_big_number(v) for v in value)
    return False


def dumps(obj: Any) -> str:
    """One JSON document, compact. What orjson cannot write (integers beyond 64 bits,
    subclasses of float such as NumPy's) goes to :func:`json.dumps` with the same
    separators."""
    try:
        return orjson.dumps(obj).decode("utf-8")
    except TypeError:  # orjson.JSONEncodeError is a TypeError
        return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
