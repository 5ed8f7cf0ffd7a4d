"""Readers for web pages: saved ``.html`` files and WARC crawls.

Both go through :func:`page_record`, so a page reads the same whichever way it came.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from datetime import datetime
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


# The page's own publication time, which trafilatura (htmldate) cuts to the day: two
# copies published the same evening would read a day apart. Read from the head's
# meta tags and JSON-LD, in this order of trust.
_TIME_KEYS = ("article:published_time", "og:published_time", "datepublished", "publish-date", "pubdate",
              "parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.created")
_META_TAG = re.compile(rb"<meta\b[^>]*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(rb"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_JSON_LD_TIME = re.compile(rb'"datePublished"\s*:\s*"([^"]{10,40})"')
#: How far into the page the head is looked for (meta tags sit in its first kilobytes).
HEAD_BYTES = 65_536


def published_time(html: bytes) -> str | None:
    """The page's publication time with its time of day, as ISO 8601, from its meta tags
    ("article:published_time", "datePublished", ...) or its JSON-LD; None when the
    page states no time of day (a date alone says less than htmldate's reading)."""
    head = html[:HEAD_BYTES]
    found: dict[str, str] = {}
    for tag in _META_TAG.findall(head):
        attributes = {k.lower(): (v1 or v2) for k, v1, v2 in _ATTRIBUTE.findall(tag)}
        key = (attributes.get(b"property") or attributes.get(b"name") or attributes.get(b"itemprop") or b"").lower()
        value = attributes.get(b"content")
        if value and key.decode("latin-1") in _TIME_KEYS:
            found.setdefault(key.decode("latin-1"), value.decode("utf-8", "replace"))
    ld = _JSON_LD_TIME.search(html)
    if ld:
        found.setdefault("datepublished", ld.group(1).decode("utf-8", "replace"))
    for key in _TIME_KEYS:
        value = found.get(key, "").strip()
        try:
            when = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            continue
        if len(value) > 10:  # a time of day is given
            return when.isoformat()
    return None


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
        "published": _published(html, doc.date) or fallback_published,
        "language": doc.language,
    }
    return RawRecord(source, fields)


def _published(html: bytes, date: str | None) -> str | None:
    """The page's time of publication where its metadata gives one on htmldate's day
    (or htmldate found none), else htmldate's date."""
    when = published_time(html)
    if when is not None and (date is None or when.startswith(date[:10])):
        return when
    return date


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
