"""Every message the ingest stage reports, built in one place so they read alike.

Each function returns a :class:`~copytrace.records.Problem` whose ``source`` names the
file (and record) and whose ``message`` is one short line a person can act on.
"""

from __future__ import annotations

from copytrace.records import Problem

EMPTY_FILE = "empty file"
BINARY_FILE = "binary file, not text"
UTF16_FILE = "UTF-16 text; save it as UTF-8"
EMPTY_TEXT = "empty text"
NO_MAIN_TEXT = "no main text found in the page"


def problem(source: str, message: str, *, skipped: bool = True) -> Problem:
    """A problem at ``source``.

    Args:
        source: File or ``file:record`` locator.
        message: Short reason, without the source.
        skipped: False when the record was kept anyway (a note, not a loss).

    Returns:
        The problem record.
    """
    return Problem(source=source, message=message, skipped=skipped)


def os_error(source: str, exc: OSError) -> Problem:
    """A file that could not be read, with the OS's reason minus ``[Errno N]`` and path.

    Args:
        source: The path that failed.
        exc: The error raised by the OS call.

    Returns:
        A skipping problem such as ``cannot read: Permission denied``.
    """
    reason = exc.strerror or str(exc) or type(exc).__name__
    return problem(source, f"cannot read: {reason}")


def not_utf8(source: str, exc: UnicodeDecodeError, used: str) -> Problem:
    """Text that was not valid UTF-8 and was read with a fallback codec (record kept).

    Args:
        source: Where the bad bytes are.
        exc: The UTF-8 decoding error (gives the first bad byte and its offset).
        used: The codec that decoded the bytes instead.

    Returns:
        A non-skipping problem.
    """
    byte = exc.object[exc.start]
    return problem(
        source,
        f"not valid UTF-8 (byte 0x{byte:02x} at offset {exc.start}); read as {used}",
        skipped=False,
    )


def lone_surrogates(source: str, fields: list[str]) -> Problem:
    """JSON ``\\uXXXX`` escapes of lone UTF-16 surrogates, which no UTF-8 text can hold,
    replaced by U+FFFD (record kept).

    Args:
        source: Where the record is.
        fields: The fields that held them.

    Returns:
        A non-skipping problem.
    """
    return problem(source, f"lone surrogate escapes in {', '.join(fields)} replaced by U+FFFD", skipped=False)


def too_long(source: str, size: int, max_chars: int, *, what: str = "article",
             unit: str = "characters") -> Problem:
    """A record over the ``--max-chars`` limit.

    Args:
        source: The record.
        size: Its size in ``unit``.
        max_chars: The limit in characters.
        what: What was measured ("article", or "JSON line" when measured in bytes).
        unit: "characters" or "bytes".

    Returns:
        A skipping problem.
    """
    return problem(source, f"{what} is {size:,} {unit}, over the {max_chars:,} limit (--max-chars)")


def missing_text(source: str, name: str, *, kind: str = "field") -> Problem:
    """No text field (per JSON record) or column (per CSV/Parquet file).

    Args:
        source: The record or file.
        name: The text field's name as configured.
        kind: "field" or "column".

    Returns:
        A skipping problem that names the option to fix it.
    """
    return problem(source, f"no '{name}' {kind}; use --text-field to name another")


def generated_id(source: str, name: str, new_id: str, *, kind: str = "field") -> Problem:
    """A record (or a whole file, ``kind="column"``) without ids; ids were generated.

    Args:
        source: The record or file.
        name: The id field's name as configured.
        new_id: The id given (or, for a file, its pattern).
        kind: "field" or "column".

    Returns:
        A non-skipping problem.
    """
    if kind == "column":
        message = f"no '{name}' column; ids set to '{new_id}' (--id-field names another column)"
    else:
        message = f"missing '{name}'; id set to '{new_id}' (--id-field names another field)"
    return problem(source, message, skipped=False)


def not_a_string(source: str, name: str, value: object) -> Problem:
    """A text field holding a non-string JSON value.

    Args:
        source: The record.
        name: The text field's name.
        value: The value found.

    Returns:
        A skipping problem.
    """
    return problem(source, f"'{name}' is {_json_type(value)}, not a string")


def not_an_object(source: str, value: object) -> Problem:
    """A JSON line that parsed but is not an object.

    Args:
        source: The line.
        value: The parsed value.

    Returns:
        A skipping problem.
    """
    return problem(source, f"JSON line is {_json_type(value)}, not an object")


def duplicate(source: str, article_id: str, first: str) -> Problem:
    """A later record reusing an id already read.

    Args:
        source: The later record (skipped).
        article_id: The id.
        first: Where the id was first read.

    Returns:
        A skipping problem.
    """
    return problem(source, f"duplicate id '{article_id}' (first at {first})")


def bad_date(source: str, value: object) -> Problem:
    """A published date that could not be parsed; the record is kept without it.

    Args:
        source: The record.
        value: The raw value.

    Returns:
        A non-skipping problem.
    """
    shown = value if isinstance(value, str) else repr(value)
    if len(shown) > 60:
        shown = shown[:57] + "..."
    return problem(source, f"published date '{shown}' not understood; left empty", skipped=False)


def corrupt(source: str, kind: str, detail: BaseException | str) -> Problem:
    """A file whose format is broken (the rest of it is not read).

    Args:
        source: The file, or the record where reading broke.
        kind: The format's name, e.g. "Parquet".
        detail: The parser's error, or a reason.

    Returns:
        A skipping problem.
    """
    text = str(detail).strip()
    reason = text.splitlines()[0] if text else type(detail).__name__
    return problem(source, f"corrupt {kind} file: {reason}")


def _json_type(value: object) -> str:
    """The JSON name of a parsed value's type with its article ("an object"), for messages."""
    names = {dict: "an object", list: "a list", bool: "a boolean", int: "a number", float: "a number",
             type(None): "null"}
    return names.get(type(value), f"a {type(value).__name__}")
