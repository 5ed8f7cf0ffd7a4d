"""Readers for record-per-row formats: JSON Lines, CSV and Parquet.

All three stream: JSONL and CSV line by line, Parquet batch by batch.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

import pyarrow as pa
import pyarrow.parquet as pq

from copytrace import fastjson
from copytrace.ingest import problems
from copytrace.ingest.base import Options, RawRecord
from copytrace.ingest.files import decode, lines
from copytrace.records import Problem

#: Most bytes one character can take in JSON (a ``\\uXXXX\\uXXXX`` surrogate pair).
_MAX_JSON_BYTES_PER_CHAR = 12
#: Room on a JSON line for the fields other than the text.
_LINE_SLACK = 1 << 20
#: Rows per Parquet batch: small, since one row may hold megabytes of text.
_BATCH_ROWS = 256
#: The csv module's default field limit (128 KiB) is far below one long article.
_CSV_FIELD_LIMIT = min(sys.maxsize, 2**31 - 1)


def read_jsonl(path: Path, source: str, opts: Options) -> Iterator[RawRecord | Problem]:
    """Read a JSON Lines file, one object per line; blank lines are passed over.

    A line too long to be parsed within the ``max_chars`` limit is reported from its
    size alone and never held in memory.

    Args:
        path: The file.
        source: How to name it; records are ``source:LINE`` (1-based).
        opts: Reading options.

    Returns:
        An iterator of RawRecords and Problems, in line order.
    """
    limit = opts.max_chars * _MAX_JSON_BYTES_PER_CHAR + _LINE_SLACK
    with path.open("rb") as stream:
        for number, (line, size) in enumerate(lines(stream, limit), 1):
            where = f"{source}:{number}"
            if not line:
                yield problems.too_long(where, size, opts.max_chars, what="JSON line", unit="bytes")
            elif line.strip():
                yield _json_record(line, where, f"{path.stem}:{number}", opts)


def _json_record(line: bytes, where: str, fallback_id: str, opts: Options) -> RawRecord | Problem:
    """Parse one JSONL line into a record, or the problem that prevents it."""
    text, note = decode(line, where)
    try:
        value = fastjson.loads(text)
    except json.JSONDecodeError as exc:
        return problems.problem(where, f"malformed JSON: {exc.msg} at column {exc.colno}")
    except (ValueError, RecursionError) as exc:  # e.g. huge integers, deep nesting
        return problems.problem(where, f"malformed JSON: {exc}")
    if not isinstance(value, dict):
        return problems.not_an_object(where, value)
    notes = [note] if note else []
    if "\\ud" in text or "\\uD" in text:  # maybe a lone surrogate, which no output file could hold
        mended = _mend_surrogates(value)
        if mended:
            notes.append(problems.lone_surrogates(where, mended))
    return RawRecord(where, opts.canonical(value), fallback_id, notes)


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _mend_surrogates(record: dict[str, Any]) -> list[str]:
    """Replace lone surrogates (escapes a pair of which JSON would have joined into one
    character) by U+FFFD in the record's string fields, in place; the fields changed."""
    changed = []
    for key, value in record.items():
        if isinstance(value, str) and _LONE_SURROGATE.search(value):
            record[key] = _LONE_SURROGATE.sub("\ufffd", value)
            changed.append(str(key))
    return changed


def read_csv(path: Path, source: str, opts: Options) -> Iterator[RawRecord | Problem]:
    """Read a CSV file with a header row.

    Args:
        path: The file.
        source: How to name it; records are ``source:LINE``, the line where the row
            starts (the header is line 1, as in an editor or spreadsheet).
        opts: Reading options.

    Returns:
        An iterator of RawRecords and Problems, in row order. A file without the text
        column, or one the csv module cannot parse, gives one Problem and stops.
    """
    if csv.field_size_limit() < _CSV_FIELD_LIMIT:
        csv.field_size_limit(_CSV_FIELD_LIMIT)
    notes: list[Problem] = []  # encoding notes from the lines of the row being read
    with path.open("rb") as stream:
        reader = csv.reader(_decoded_lines(stream, source, notes))
        rows = _numbered_rows(reader, source)
        header = next(rows, None)
        yield from notes  # the header's own notes concern the whole file
        notes.clear()
        if not isinstance(header, tuple):  # no rows at all, or a header that does not parse
            yield from [header] if header else []
            return
        names = [name.strip() for name in header[1]]
        column_notes, has_id = _check_columns(source, names, opts, f"{path.stem}:<line>")
        yield from column_notes
        if has_id is None:
            return
        for item in rows:
            if isinstance(item, Problem):
                yield item
                return
            yield _csv_record(item, names, has_id, path.stem, source, opts, notes.copy())
            notes.clear()


def _numbered_rows(reader: Any, source: str) -> Iterator[tuple[int, list[str]] | Problem]:
    """Non-blank rows of a ``csv.reader`` with the line each starts on.

    Args:
        reader: A ``csv.reader`` (its ``line_num`` gives where each row ends).
        source: The file, for the problem.

    Returns:
        An iterator of ``(line, row)``; a parse error ends it with a Problem.
    """
    end = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield problems.corrupt(f"{source}:{end + 1}", "CSV", exc)
            return
        start, end = end + 1, reader.line_num
        if row:
            yield start, row


def _csv_record(item: tuple[int, list[str]], names: list[str], has_id: bool, stem: str,
                source: str, opts: Options, notes: list[Problem]) -> RawRecord | Problem:
    """One CSV row as a record, or the problem when its width does not fit the header."""
    line, row = item
    where = f"{source}:{line}"
    if len(row) != len(names):
        return problems.problem(where, f"row has {len(row)} fields, the header has {len(names)}")
    fields = opts.canonical(dict(zip(names, row)))
    if not has_id:
        fields["id"] = f"{stem}:{line}"  # announced once for the file, not per row
    return RawRecord(where, fields, f"{stem}:{line}", notes)


def _decoded_lines(stream: BinaryIO, source: str, notes: list[Problem]) -> Iterable[str]:
    """Decode line by line, so one badly encoded line does not change the others."""
    for number, raw in enumerate(stream, 1):
        text, note = decode(raw, f"{source}:{number}")
        if note:
            notes.append(note)
        yield text


def read_parquet(path: Path, source: str, opts: Options) -> Iterator[RawRecord | Problem]:
    """Read a Parquet file batch by batch, only the columns an article uses.

    Args:
        path: The file.
        source: How to name it; records are ``source:ROW`` (1-based).
        opts: Reading options.

    Returns:
        An iterator of RawRecords and Problems. A corrupt file, or one without the text
        column, gives one Problem.
    """
    with path.open("rb") as stream:  # open errors stay OSErrors; the rest is corruption
        try:
            parquet = pq.ParquetFile(stream)
            names = parquet.schema_arrow.names
        except (pa.ArrowException, OSError, ValueError) as exc:
            yield problems.corrupt(source, "Parquet", exc)
            return
        column_notes, has_id = _check_columns(source, names, opts, f"{path.stem}:<row>")
        yield from column_notes
        if has_id is None:
            return
        columns = [name for name in opts.columns() if name in names]
        row = 0
        try:
            for batch in parquet.iter_batches(batch_size=_BATCH_ROWS, columns=columns):
                for values in batch.to_pylist():
                    row += 1
                    fields = opts.canonical(values)
                    if not has_id:
                        fields["id"] = f"{path.stem}:{row}"
                    yield RawRecord(f"{source}:{row}", fields, f"{path.stem}:{row}")
        except (pa.ArrowException, OSError, ValueError) as exc:
            yield problems.corrupt(f"{source}:{row + 1}", "Parquet", exc)


def _check_columns(source: str, names: list[str], opts, placeholder: str) -> tuple[list[Problem], bool | None]:
    """File-level checks of a table's columns (CSV, Parquet).

    Returns:
        ``(problems, has_id)``: ``has_id`` is None when the text column is missing and
        the file cannot be read.
    """
    if opts.text_field not in names:
        return [problems.missing_text(source, opts.text_field, kind="column")], None
    if opts.id_field in names:
        return [], True
    return [problems.generated_id(source, opts.id_field, placeholder, kind="column")], False
