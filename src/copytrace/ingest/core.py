"""``read_inputs``: files and folders in, Articles and Problems out, streaming."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from copytrace.ingest import problems
from copytrace.ingest.base import Options, RawRecord
from copytrace.ingest.files import SNIFF_BYTES, sniff
from copytrace.ingest.normalise import finish
from copytrace.ingest.pages import read_html, read_warc
from copytrace.ingest.tabular import read_csv, read_jsonl, read_parquet
from copytrace.ingest.text import read_txt
from copytrace.records import Article, Problem

Reader = Callable[[Path, str, Options], Iterator[RawRecord | Problem]]

#: File name endings read, and their readers.
READERS: dict[str, Reader] = {
    ".txt": read_txt,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
    ".csv": read_csv,
    ".parquet": read_parquet,
    ".html": read_html,
    ".htm": read_html,
    ".warc": read_warc,
    ".warc.gz": read_warc,
}
#: Readers of text formats, whose files are first checked for binary content.
_TEXT_READERS = frozenset({read_txt, read_jsonl, read_csv, read_html})
#: Longest ending first, so ".warc.gz" wins over a shorter match.
_ENDINGS = sorted(READERS, key=len, reverse=True)


def read_inputs(
    paths: Sequence[str | os.PathLike[str]] | str | os.PathLike[str],
    *,
    id_field: str = "id",
    text_field: str = "text",
    max_chars: int = 5_000_000,
) -> Iterator[Article | Problem]:
    """Read articles from files and folders, streaming.

    Folders are walked recursively in sorted order, reading only supported files
    (``.txt``, ``.jsonl``/``.ndjson``, ``.csv``, ``.parquet``, ``.html``/``.htm``,
    ``.warc``/``.warc.gz``) and passing over hidden ones. Bad input never raises: each
    bad file or record gives one Problem, and reading goes on.

    Args:
        paths: Files and folders (a single path is accepted too).
        id_field: Name of the id field in JSONL, CSV and Parquet inputs.
        text_field: Name of the text field in JSONL, CSV and Parquet inputs.
        max_chars: Longest article kept, in characters; longer ones are skipped.

    Returns:
        An iterator of Articles and Problems in input order. A Problem with
        ``skipped=False`` is a note about the record that follows it (e.g. repaired
        encoding); later records with an id already read are skipped.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]  # a bare string would otherwise be read one character at a time
    opts = Options(id_field=id_field, text_field=text_field, max_chars=max_chars)
    seen: dict[str, str] = {}
    for item in _files(paths):
        if isinstance(item, Problem):
            yield item
            continue
        for record in _read_file(item, opts):
            if isinstance(record, RawRecord):
                yield from finish(record, opts, seen)
            else:
                yield record


def reader_for(path: Path) -> Reader | None:
    """The reader for a file name, or None when the type is not supported."""
    name = path.name.lower()
    return next((READERS[end] for end in _ENDINGS if name.endswith(end)), None)


def _files(paths: Sequence[str | os.PathLike[str]]) -> Iterator[Path | Problem]:
    """The files to read, in order, with problems for paths that cannot be used."""
    for given in paths:
        path = Path(given)
        try:
            mode = path.stat().st_mode
        except OSError as exc:
            yield problems.os_error(str(path), exc)
            continue
        if stat.S_ISDIR(mode):
            yield from _walk(path)
        elif reader_for(path) is None:
            yield problems.problem(str(path), f"unsupported file type; expected {_expected()}")
        else:
            yield path


def _walk(root: Path) -> Iterator[Path | Problem]:
    """Supported, non-hidden files under a folder, sorted; unreadable sub-folders reported."""
    errors: list[OSError] = []
    found: list[Path] = []
    for folder, subfolders, names in os.walk(root, onerror=errors.append):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        found.extend(Path(folder, name) for name in names
                     if not name.startswith(".") and reader_for(Path(name)))
    for exc in errors:
        yield problems.os_error(exc.filename or str(root), exc)
    if not found and not errors:
        message = f"no files to read in this folder; expected {_expected()}"
        yield problems.problem(str(root), message)
    yield from sorted(found)


def _expected() -> str:
    """The supported endings, for messages."""
    return ", ".join(READERS)


def _read_file(path: Path, opts: Options) -> Iterator[RawRecord | Problem]:
    """One file's records, after the checks every file gets (readable, non-empty, text).

    Errors are contained here, so that one bad file never ends a run over a corpus.
    """
    source = str(path)
    reader = reader_for(path)
    assert reader is not None  # _files only passes supported files
    try:
        if path.stat().st_size == 0:
            yield problems.problem(source, problems.EMPTY_FILE)
            return
        if reader in _TEXT_READERS:
            with path.open("rb") as stream:
                why = sniff(stream.read(SNIFF_BYTES))
            if why:
                yield problems.problem(source, why)
                return
        yield from reader(path, source, opts)
    except OSError as exc:
        yield problems.os_error(source, exc)
    except Exception as exc:  # noqa: BLE001 - a bug or odd input in one file must not end the run
        yield problems.problem(source, f"could not read: {type(exc).__name__}: {exc}")
