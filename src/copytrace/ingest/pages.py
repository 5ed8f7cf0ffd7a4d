"""Readers for web pages: saved ``.html`` files and WARC crawls.

Both go through :func:`page_record`, so a page reads the same whichever way it came.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord

from copytrace.ingest import problems
from copytrace.ingest.base import Options, RawRecord
from copytrace.ingest.normalise import site_from_url
from copytrace.records import Problem


@functools.cache
def _extractor() -> Callable[..., Any] | str:
    """trafilatura's ``bare_extraction``, or why it cannot be imported.

    Imported on first use: it is slow to import and only HTML inputs need it.
    """
    try:
        from trafilatura import bare_extraction
        from trafilatura.settings import set_date_params
    except ImportError as exc:
        return str(exc).splitlines()[0]

    # No extensive date search: it guesses from any date in the page (a copyright
    # year, a related link), and a wrong date misleads provenance more than none.
    def extract(html: bytes, url: str | None) -> Any:
        return bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                               date_extraction_params=set_date_params(extensive=False))

    return extract


def page_record(html: bytes, *, source: str, article_id: str, url: str | None = None,
                fallback_published: str | None = None) -> RawRecord | Problem:
    """The main text and metadata of one HTML page.

    Args:
        html: The page's bytes (trafilatura finds the encoding from the page).
        source: Where the page was read, for the record and problems.
        article_id: The article's id.
        url: The page's address when known from outside it (e.g. a WARC header);
            preferred over the one the page declares.
        fallback_published: Used when the page itself has no date (e.g. WARC-Date).

    Returns:
        A RawRecord, or a Problem when the page has no main text.
    """
    extract = _extractor()
    if isinstance(extract, str):
        return problems.problem(source, f"HTML extraction unavailable: {extract}")
    try:
        doc = extract(html, url=url)
    except Exception as exc:  # noqa: BLE001 - a parser of untrusted markup; keep the run going
        return problems.problem(source, f"could not extract the page's text: {exc}")
    if doc is None or not (doc.text or "").strip():
        return problems.problem(source, problems.NO_MAIN_TEXT)
    page_url = url or doc.url
    fields = {
        "id": article_id,
        "text": doc.text,
        "title": doc.title,
        "url": page_url,
        # A site is a host elsewhere in copytrace; the display name is only a fallback.
        "site": site_from_url(page_url) or doc.sitename,
        "published": doc.date or fallback_published,
        "language": doc.language,
    }
    return RawRecord(source, fields)


def read_html(path: Path, source: str, opts: Options) -> Iterator[RawRecord | Problem]:
    """Read one saved HTML page; id = the file's stem.

    Args:
        path: The file.
        source: How to name it.
        opts: Reading options (unused: pages have no field names to override).

    Returns:
        An iterator of one RawRecord or one Problem.
    """
    yield page_record(path.read_bytes(), source=source, article_id=path.stem)


def read_warc(path: Path, source: str, opts: Options) -> Iterator[RawRecord | Problem]:
    """Read the HTML responses of a WARC file (plain or gzipped), record by record.

    Args:
        path: The file.
        source: How to name it; records are ``source:N``, the N-th WARC record.
        opts: Reading options (unused).

    Returns:
        An iterator of RawRecords and Problems. A broken archive gives a Problem at the
        record where it broke; the records before it are kept.
    """
    number = 0
    with path.open("rb") as stream:
        records = iter(ArchiveIterator(stream))
        while True:
            where = f"{source}:{number + 1}"
            try:
                record = next(records, None)
                if record is None:
                    break
                if record.format != "warc":  # warcio also takes ARC, and junk as ARC
                    raise ValueError("not a WARC record")
                number += 1
                html = record.content_stream().read() if _is_html_response(record) else None
            except Exception as exc:  # noqa: BLE001 - warcio raises assorted errors on damage
                yield problems.corrupt(where, "WARC", exc)
                return
            if html is not None:
                yield _warc_page(record, html, where, f"{path.stem}:{number}")
    if number == 0:  # warcio ends quietly on a damaged first gzip member
        yield problems.corrupt(source, "WARC", "no WARC records found")


def _warc_page(record: ArcWarcRecord, html: bytes, where: str, fallback_id: str,
               ) -> RawRecord | Problem:
    """A WARC response as a page: url from WARC-Target-URI, id from WARC-Record-ID."""
    headers = record.rec_headers
    url = (headers.get_header("WARC-Target-URI") or "").strip("<> ") or None
    record_id = (headers.get_header("WARC-Record-ID") or "").strip("<> ") or None
    return page_record(html, source=where, article_id=record_id or url or fallback_id, url=url,
                       fallback_published=headers.get_header("WARC-Date"))


def _is_html_response(record: ArcWarcRecord) -> bool:
    """A successful HTTP response carrying HTML (other records are not articles)."""
    if record.rec_type != "response" or record.http_headers is None:
        return False
    status = record.http_headers.get_statuscode() or ""
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    return status.startswith("2") and "html" in content_type
