"""Tests for the ingest stage: every reader, every bad-input case, normalisation."""

from __future__ import annotations

import csv
import io
import json
import os
import pathlib
import tracemalloc
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from copytrace.ingest import normalise_published, read_inputs, site_from_url
from copytrace.ingest.normalise import normalise_text
from copytrace.records import Article, Problem

BRIDGE = [
    "The harbour bridge in Saltmere reopened on Tuesday after eight months of repairs, "
    "the town council said in a statement issued on Monday evening.",
    "Engineers replaced the rusted suspension cables and resurfaced the whole deck, and "
    "traffic was flowing normally again by noon, according to the council.",
    "Shop owners on the quay said the closure had cut their takings by a third over the "
    "winter, and several asked for help with their business rates.",
]
FIFTY_MB_MESSAGE = "article is 52,428,800 characters, over the 5,000,000 limit (--max-chars)"
#: Hypothesis settings for tests that write into one tmp_path per test, overwriting it.
QUICK = settings(max_examples=60, deadline=None,
                 suppress_health_check=[HealthCheck.function_scoped_fixture])


# --- helpers -------------------------------------------------------------------------


def read(*paths: Path | str, **options) -> list[Article | Problem]:
    return list(read_inputs(list(paths), **options))


def summary(items: list[Article | Problem]) -> list[tuple]:
    """Compact view in order: ("A", id, source) or ("P", source, message, skipped)."""
    return [("A", i.id, i.source) if isinstance(i, Article)
            else ("P", i.source, i.message, i.skipped) for i in items]


def write_jsonl(path: Path, rows: list) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def write_csv(path: Path, header: list[str], rows: list[list]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def html_page(title: str, *, published: str | None = None, canonical: str | None = None,
              sitename: str | None = None, paragraphs: list[str] = BRIDGE) -> bytes:
    meta = ""
    if published:
        meta += f'<meta property="article:published_time" content="{published}">'
    if canonical:
        meta += f'<link rel="canonical" href="{canonical}">'
    if sitename:
        meta += f'<meta property="og:site_name" content="{sitename}">'
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>{meta}"
            f"</head><body><nav><a href='/'>Home</a> | <a href='/news'>News</a></nav>"
            f"<article><h1>{title}</h1>{body}</article>"
            f"<footer>Copyright 2019 The Saltmere Gazette</footer></body></html>").encode()


def warc_response(writer: WARCWriter, url: str, payload: bytes, *, record_id: str,
                  content_type: str = "text/html; charset=utf-8", status: str = "200 OK",
                  warc_date: str = "2023-01-02T03:04:05Z") -> None:
    http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        url, "response", payload=io.BytesIO(payload), http_headers=http,
        warc_headers_dict={"WARC-Record-ID": f"<{record_id}>", "WARC-Date": warc_date})
    writer.write_record(record)


def write_warc(path: Path, *, gzip: bool) -> Path:
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=gzip)
        warc_response(writer, "https://www.gazette.test/bridge",
                      html_page("Bridge reopens", published="2022-07-26T10:00:00+00:00"),
                      record_id="urn:uuid:rec-1")
        warc_response(writer, "https://www.gazette.test/logo.png", b"\x89PNG\r\n",
                      record_id="urn:uuid:rec-2", content_type="image/png")
        warc_response(writer, "https://www.gazette.test/gone", html_page("Gone"),
                      record_id="urn:uuid:rec-3", status="404 Not Found")
        request = writer.create_warc_record("https://www.gazette.test/bridge", "request",
                                            payload=io.BytesIO(b"GET /bridge HTTP/1.1\r\n\r\n"))
        writer.write_record(request)
        warc_response(writer, "https://quay.test/shops", html_page("Quay shops"),
                      record_id="urn:uuid:rec-5", warc_date="2023-01-02T03:04:05Z")
    return path


def write_parquet(path: Path, columns: dict) -> Path:
    pq.write_table(pa.table(columns), path)
    return path


# --- readers -------------------------------------------------------------------------


def test_txt_one_article_per_file_with_stem_id(tmp_path: Path) -> None:
    path = tmp_path / "bridge-story.txt"
    path.write_bytes("\ufeffFirst line.\r\nSecond line.\r\n".encode())
    assert read(path) == [Article(id="bridge-story", text="First line.\nSecond line.\n",
                                  source=str(path))]


def test_jsonl_fields_sources_and_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(
        json.dumps({"id": 7, "text": "Bridge\r\nreopens.", "title": " Bridge ", "url":
                    "https://www.gazette.test/a", "published": "2022-07-26T12:00:00+02:00",
                    "language": "en", "extra": [1]}) + "\n\n"
        + json.dumps({"id": "b", "text": "Quay shops.", "site": "Quay Daily"}) + "\n")
    assert read(path) == [
        Article(id="7", text="Bridge\nreopens.", title="Bridge", url="https://www.gazette.test/a",
                site="gazette.test", published="2022-07-26T10:00:00+00:00", language="en",
                source=f"{path}:1"),
        Article(id="b", text="Quay shops.", site="Quay Daily", source=f"{path}:3"),
    ]


def test_ndjson_is_read_as_jsonl(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "x.ndjson", [{"id": "n", "text": "Some text."}])
    assert summary(read(path)) == [("A", "n", f"{path}:1")]


def test_text_is_read_with_character_references_resolved_and_accents_composed(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "x.jsonl", [
        {"id": "entities", "text": "Harbour &amp; Quay&#8217;s ferry &#x2014; back at 9&nbsp;am."},
        {"id": "plain", "text": "AT&T and S&P said R&D; spending rose."},  # no reference: left alone
        {"id": "decomposed", "text": "Caf\u0065\u0301 owner Zo\u0065\u0308 said."},
    ])
    entities, plain, decomposed = read(path)
    assert entities.text == "Harbour & Quay\u2019s ferry \u2014 back at 9\u00a0am."
    assert plain.text == "AT&T and S&P said R&D; spending rose."
    assert decomposed.text == "Caf\u00e9 owner Zo\u00eb said."


def test_csv_rows_with_multiline_fields_name_their_first_line(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "rows.csv", ["id", "text", "title", "published"], [
        ["a", "Para one.\r\nPara two.", "Bridge", "1658829600"],
        ["b", "Quay shops.", "", ""],
    ])
    items = read(path)
    assert summary(items) == [("A", "a", f"{path}:2"), ("A", "b", f"{path}:4")]
    assert items[0].text == "Para one.\nPara two."
    assert items[0].published == "2022-07-26T10:00:00+00:00"
    assert items[1].title is None and items[1].published is None


def test_parquet_streams_batches_in_order(tmp_path: Path) -> None:
    n = 600  # more than one batch
    when = datetime(2022, 7, 26, 12, tzinfo=timezone(timedelta(hours=2)))
    path = write_parquet(tmp_path / "t.parquet", {
        "id": list(range(n)),
        "text": [f"Article number {i}." for i in range(n)],
        "published": pa.array([when] * n, pa.timestamp("s", tz="+02:00")),
        "unused": [b"x"] * n,
    })
    items = read(path)
    assert [a.id for a in items] == [str(i) for i in range(n)]
    assert items[-1].source == f"{path}:{n}"
    assert items[0].published == "2022-07-26T10:00:00+00:00"


def test_html_page_main_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "bridge.html"
    path.write_bytes(html_page("Bridge reopens", published="2022-07-26T10:00:00+00:00",
                               canonical="https://www.gazette.test/news/bridge",
                               sitename="The Saltmere Gazette"))
    [article] = read(path)
    assert (article.id, article.source, article.title) == ("bridge", str(path), "Bridge reopens")
    assert article.url == "https://www.gazette.test/news/bridge"
    assert article.site == "gazette.test"
    assert article.published == "2022-07-26T10:00:00+00:00"  # to the minute: copies come hours apart
    assert all(p in article.text for p in BRIDGE)
    assert "Home" not in article.text and "Copyright" not in article.text


@pytest.mark.parametrize(("head", "published"), [
    # A time in a meta tag or in JSON-LD is kept (trafilatura alone gives the day).
    ('<meta content="2022-07-26T22:40:00-07:00" name="pubdate">', "2022-07-27T05:40:00+00:00"),  # in UTC
    ('<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2022-07-26T10:05:00Z"}'
     '</script>', "2022-07-26T10:05:00+00:00"),
    # A date alone says no more than the page's date.
    ('<meta property="article:published_time" content="2022-07-26">', "2022-07-26"),
])
def test_a_page_s_publication_time_is_read_to_the_minute(tmp_path: Path, head: str, published: str) -> None:
    path = tmp_path / "p.html"
    path.write_bytes(html_page("Bridge reopens").replace(b"</head>", head.encode() + b"</head>"))
    [article] = read(path)
    assert article.published == published


def test_html_without_url_falls_back_to_site_name(tmp_path: Path) -> None:
    path = tmp_path / "page.htm"
    path.write_bytes(html_page("Bridge reopens", sitename="The Saltmere Gazette"))
    [article] = read(path)
    assert article.site == "The Saltmere Gazette"
    assert article.published is None  # the footer's year is not taken as a date


@pytest.mark.parametrize("gzip", [True, False])
def test_warc_html_responses_only(tmp_path: Path, gzip: bool) -> None:
    path = write_warc(tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc"), gzip=gzip)
    first, second = read(path)
    assert (first.id, first.source, first.url, first.site) == (
        "urn:uuid:rec-1", f"{path}:1", "https://www.gazette.test/bridge", "gazette.test")
    assert first.published == "2022-07-26T10:00:00+00:00"  # the page's own time
    assert first.title == "Bridge reopens" and BRIDGE[0] in first.text
    # Record 5 (after an image, a 404 and a request): no date in the page, so WARC-Date.
    assert (second.id, second.source, second.site) == ("urn:uuid:rec-5", f"{path}:5", "quay.test")
    assert second.published == "2023-01-02T03:04:05+00:00"


def test_html_and_warc_give_the_same_article(tmp_path: Path) -> None:
    page = html_page("Bridge reopens", published="2022-07-26T10:00:00+00:00")
    (tmp_path / "p.html").write_bytes(page)
    with (tmp_path / "p.warc").open("wb") as stream:
        warc_response(WARCWriter(stream, gzip=False), "https://gazette.test/p", page,
                      record_id="urn:uuid:p")
    from_html, from_warc = read(tmp_path / "p.html", tmp_path / "p.warc")
    assert (from_html.text, from_html.title, from_html.published) == (
        from_warc.text, from_warc.title, from_warc.published)


def test_folders_are_walked_sorted_and_skip_other_files(tmp_path: Path) -> None:
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    for name in ["b.txt", "a.txt", "sub/c.txt", "sub/deeper/d.txt", ".git/e.txt", ".f.txt"]:
        (tmp_path / name).write_text(f"Text of {name}.")
    (tmp_path / "README.md").write_text("# not an article")
    (tmp_path / "notes.json").write_text("{}")
    items = read(tmp_path)
    assert [a.id for a in items] == ["a", "b", "c", "d"]
    assert items[2].source == str(tmp_path / "sub" / "c.txt")


def test_a_single_path_string_is_one_input(tmp_path: Path) -> None:
    path = tmp_path / "one.txt"
    path.write_text("Only text.")
    assert summary(list(read_inputs(str(path)))) == [("A", "one", str(path))]


def test_paths_that_cannot_be_used(tmp_path: Path) -> None:
    (tmp_path / "empty-folder").mkdir()
    (tmp_path / "README.md").write_text("hello")
    good = tmp_path / "good.txt"
    good.write_text("Good text.")
    items = read(tmp_path / "missing.jsonl", tmp_path / "README.md", tmp_path / "empty-folder",
                 good)
    assert summary(items) == [
        ("P", str(tmp_path / "missing.jsonl"), "cannot read: No such file or directory", True),
        ("P", str(tmp_path / "README.md"), "unsupported file type; expected .txt, .jsonl, "
         ".ndjson, .csv, .parquet, .html, .htm, .warc, .warc.gz", True),
        ("P", str(tmp_path / "empty-folder"), "no files to read in this folder; expected .txt, "
         ".jsonl, .ndjson, .csv, .parquet, .html, .htm, .warc, .warc.gz", True),
        ("A", "good", str(good)),
    ]


# --- field overrides -----------------------------------------------------------------


def _write_custom(kind: str, path: Path) -> Path:
    rows = [{"doc_id": "x1", "body": "Body one.", "text": "not this"},
            {"doc_id": "x2", "body": "Body two.", "text": "nor this"}]
    if kind == "jsonl":
        return write_jsonl(path, rows)
    if kind == "csv":
        return write_csv(path, list(rows[0]), [list(r.values()) for r in rows])
    return write_parquet(path, {k: [r[k] for r in rows] for k in rows[0]})


@pytest.mark.parametrize("kind", ["jsonl", "csv", "parquet"])
def test_id_and_text_field_overrides(tmp_path: Path, kind: str) -> None:
    path = _write_custom(kind, tmp_path / f"custom.{kind}")
    items = read(path, id_field="doc_id", text_field="body")
    assert [(a.id, a.text) for a in items] == [("x1", "Body one."), ("x2", "Body two.")]
    missing = read(path, text_field="content")
    where = f"{path}:1" if kind == "jsonl" else str(path)
    noun = "field" if kind == "jsonl" else "column"
    message = f"no 'content' {noun}; use --text-field to name another"
    assert summary(missing)[0] == ("P", where, message, True)


# --- bad input -------------------------------------------------------------------------


def test_empty_binary_and_utf16_files_are_reported_and_reading_goes_on(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("First.")
    (tmp_path / "b.txt").write_bytes(b"")
    (tmp_path / "c.jsonl").write_bytes(b'{"id": 1, "text": "x"}\n' * 5 + b"\x00")  # one NUL
    (tmp_path / "d.csv").write_bytes(bytes(range(1, 32)) * 20)  # control bytes, no NUL
    (tmp_path / "e.html").write_bytes("<p>hi</p>".encode("utf-16"))
    (tmp_path / "f.txt").write_text("Last.")
    assert summary(read(tmp_path)) == [
        ("A", "a", str(tmp_path / "a.txt")),
        ("P", str(tmp_path / "b.txt"), "empty file", True),
        ("P", str(tmp_path / "c.jsonl"), "binary file, not text", True),
        ("P", str(tmp_path / "d.csv"), "binary file, not text", True),
        ("P", str(tmp_path / "e.html"), "UTF-16 text; save it as UTF-8", True),
        ("A", "f", str(tmp_path / "f.txt")),
    ]


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked, good = tmp_path / "a-locked.jsonl", tmp_path / "b.txt"
    write_jsonl(locked, [{"id": 1, "text": "x"}])
    good.write_text("Fine.")
    real_open = pathlib.Path.open

    def deny(self: Path, *args, **kwargs):  # works as root too, where chmod does not
        if self.name == locked.name:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "open", deny)
    assert summary(read(tmp_path)) == [("P", str(locked), "cannot read: Permission denied", True),
                                       ("A", "b", str(good))]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads anything")
def test_unreadable_file_by_mode(tmp_path: Path) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text("secret")
    locked.chmod(0)
    assert summary(read(locked)) == [("P", str(locked), "cannot read: Permission denied", True)]


def test_invalid_utf8_is_read_as_cp1252_or_latin1_and_kept(tmp_path: Path) -> None:
    txt = tmp_path / "quote.txt"
    txt.write_bytes(b"He said \x93yes\x94.")
    feed = tmp_path / "feed.jsonl"
    feed.write_bytes(b'{"id": "ok", "text": "fine"}\n{"id": "odd", "text": "x\x81y"}\n')
    items = read(txt, feed)
    assert summary(items) == [
        ("P", str(txt), "not valid UTF-8 (byte 0x93 at offset 8); read as cp1252", False),
        ("A", "quote", str(txt)),
        ("A", "ok", f"{feed}:1"),
        ("P", f"{feed}:2", "not valid UTF-8 (byte 0x81 at offset 24); read as latin-1", False),
        ("A", "odd", f"{feed}:2"),
    ]
    assert items[1].text == "He said \u201cyes\u201d."
    assert items[4].text == "x\x81y"


def test_lone_surrogate_escapes_are_replaced_and_the_record_kept(tmp_path: Path) -> None:
    # JSON may escape half of a UTF-16 pair ("\\ud800"), which no UTF-8 output can hold;
    # a whole pair ("\\ud83d\\ude00") is one character and stays.
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"id": "half", "title": "T\\udc00", "text": "a \\ud800 b"}\n'
                    '{"id": "pair", "text": "smile \\ud83d\\ude00"}\n', encoding="utf-8")
    items = read(feed)
    assert summary(items) == [
        ("P", f"{feed}:1", "lone surrogate escapes in title, text replaced by U+FFFD", False),
        ("A", "half", f"{feed}:1"),
        ("A", "pair", f"{feed}:2"),
    ]
    assert (items[1].text, items[1].title) == ("a \ufffd b", "T\ufffd")
    assert items[2].text == "smile \U0001f600"


def test_bad_jsonl_lines_each_give_one_problem_in_order(tmp_path: Path) -> None:
    path = tmp_path / "data.jsonl"
    lines = [
        '{"id": "a", "text": "First."}',
        '{"id": "x" "text": "y"}',
        '["a", "list"]',
        '{"id": "b", "body": "wrong field"}',
        '{"text": "No id here."}',
        '{"id": "c", "text": "   \\n "}',
        '{"id": "d", "text": null}',
        '{"id": "e", "text": {"nested": 1}}',
        '{"id": "a", "text": "Again."}',
        '{"id": "f", "text": "Dated badly.", "published": "last Tuesday"}',
        '{"id": "g", "text": "Last."}',
    ]
    path.write_text("\n".join(lines) + "\n")
    p = str(path)
    assert summary(read(path)) == [
        ("A", "a", f"{p}:1"),
        ("P", f"{p}:2", "malformed JSON: Expecting ',' delimiter at column 12", True),
        ("P", f"{p}:3", "JSON line is a list, not an object", True),
        ("P", f"{p}:4", "no 'text' field; use --text-field to name another", True),
        ("P", f"{p}:5", "missing 'id'; id set to 'data:5' (--id-field names another field)", False),
        ("A", "data:5", f"{p}:5"),
        ("P", f"{p}:6", "empty text", True),
        ("P", f"{p}:7", "empty text", True),
        ("P", f"{p}:8", "'text' is an object, not a string", True),
        ("P", f"{p}:9", f"duplicate id 'a' (first at {p}:1)", True),
        ("P", f"{p}:10", "published date 'last Tuesday' not understood; left empty", False),
        ("A", "f", f"{p}:10"),
        ("A", "g", f"{p}:11"),
    ]


def test_duplicate_ids_across_files_keep_the_first(tmp_path: Path) -> None:
    first = write_jsonl(tmp_path / "a.jsonl",
                        [{"id": "s1", "text": "One."}, {"id": 2, "text": "Two."}])
    second = write_csv(tmp_path / "b.csv", ["id", "text"], [["s1", "Copy."], ["3", "Three."]])
    items = read(first, second)
    assert summary(items) == [
        ("A", "s1", f"{first}:1"), ("A", "2", f"{first}:2"),
        ("P", f"{second}:2", f"duplicate id 's1' (first at {first}:1)", True),
        ("A", "3", f"{second}:3"),
    ]
    assert items[0].text == "One."


def test_skipped_records_do_not_claim_their_id(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl",
                       [{"id": "k", "text": " "}, {"id": "k", "text": "Real."}])
    assert summary(read(path)) == [("P", f"{path}:1", "empty text", True), ("A", "k", f"{path}:2")]


def test_csv_problems(tmp_path: Path) -> None:
    no_id = write_csv(tmp_path / "a.csv", ["text", "title"], [["One.", "T"], ["Two.", ""]])
    ragged = tmp_path / "b.csv"
    ragged.write_text('id,text\nr1,"Fine."\nr2,too,many\nr3,\nr4,"Also fine."\n')
    broken = tmp_path / "c.csv"
    broken.write_bytes(b"id,text\nk1,Kept.\nk2,bad\rfield\nk3,Never read.\n")
    no_text = write_csv(tmp_path / "d.csv", ["id", "body"], [["z", "Body."]])
    assert summary(read(tmp_path)) == [
        ("P", str(no_id), "no 'id' column; ids set to 'a:<line>' (--id-field names another column)",
         False),
        ("A", "a:2", f"{no_id}:2"),
        ("A", "a:3", f"{no_id}:3"),
        ("A", "r1", f"{ragged}:2"),
        ("P", f"{ragged}:3", "row has 3 fields, the header has 2", True),
        ("P", f"{ragged}:4", "empty text", True),
        ("A", "r4", f"{ragged}:5"),
        ("A", "k1", f"{broken}:2"),
        ("P", f"{broken}:3", "corrupt CSV file: new-line character seen in unquoted field - do you "
         "need to open the file in universal-newline mode?", True),
        ("P", str(no_text), "no 'text' column; use --text-field to name another", True),
    ]


def test_parquet_problems(tmp_path: Path) -> None:
    corrupt = tmp_path / "a.parquet"
    corrupt.write_bytes(b"PAR1 not really parquet")
    no_text = write_parquet(tmp_path / "b.parquet", {"id": ["1"], "body": ["Body."]})
    no_id = write_parquet(tmp_path / "c.parquet", {"text": ["One.", None, "Three."]})
    assert summary(read(tmp_path)) == [
        ("P", str(corrupt), "corrupt Parquet file: Parquet magic bytes not found in footer. Either "
         "the file is corrupted or this is not a parquet file.", True),
        ("P", str(no_text), "no 'text' column; use --text-field to name another", True),
        ("P", str(no_id), "no 'id' column; ids set to 'c:<row>' (--id-field names another column)",
         False),
        ("A", "c:1", f"{no_id}:1"),
        ("P", f"{no_id}:2", "empty text", True),
        ("A", "c:3", f"{no_id}:3"),
    ]


def test_corrupt_warc_files(tmp_path: Path) -> None:
    good = write_warc(tmp_path / "c.warc.gz", gzip=True)
    junk = tmp_path / "a.warc"
    junk.write_text("this is not a web archive at all\n")
    truncated = tmp_path / "b.warc.gz"
    truncated.write_bytes(good.read_bytes()[:200])
    items = read(junk, truncated, good)
    assert summary(items)[:2] == [
        ("P", f"{junk}:1", "corrupt WARC file: not a WARC record", True),
        ("P", str(truncated), "corrupt WARC file: no WARC records found", True),
    ]
    assert [a.id for a in items[2:]] == ["urn:uuid:rec-1", "urn:uuid:rec-5"]


def test_page_without_main_text(tmp_path: Path) -> None:
    path = tmp_path / "gallery.html"
    path.write_text("<html><head><title>Gallery</title></head>"
                    "<body><img src='a.png'></body></html>")
    assert summary(read(path)) == [("P", str(path), "no main text found in the page", True)]


@pytest.mark.parametrize("kind", ["txt", "jsonl", "csv"])
def test_text_over_max_chars_is_skipped(tmp_path: Path, kind: str) -> None:
    long_text, short_text = "x" * 101, "y" * 100
    if kind == "txt":
        (tmp_path / "a.txt").write_text(long_text)
        (tmp_path / "b.txt").write_text(short_text)
        where, after = str(tmp_path / "a.txt"), "b"
    elif kind == "jsonl":
        write_jsonl(tmp_path / "a.jsonl",
                    [{"id": "l", "text": long_text}, {"id": "s", "text": short_text}])
        where, after = f"{tmp_path / 'a.jsonl'}:1", "s"
    else:
        write_csv(tmp_path / "a.csv", ["id", "text"], [["l", long_text], ["s", short_text]])
        where, after = f"{tmp_path / 'a.csv'}:2", "s"
    items = read(tmp_path, max_chars=100)
    message = "article is 101 characters, over the 100 limit (--max-chars)"
    assert summary(items)[0] == ("P", where, message, True)
    assert [a.id for a in items[1:]] == [after]


def test_50mb_txt_is_measured_without_loading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as stream:
        for _ in range(50):
            stream.write(b"a" * (1024 * 1024))
    tracemalloc.start()
    try:
        items = read(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert summary(items) == [
        ("P", str(path), FIFTY_MB_MESSAGE, True)]
    assert peak < 10 * 1024 * 1024


def test_50mb_jsonl_line_is_skipped_and_reading_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    with path.open("wb") as stream:
        stream.write(b'{"id": "big", "text": "' + b"a" * (50 * 1024 * 1024) + b'"}\n')
        stream.write(b'{"id": "after", "text": "Still read."}\n')
    assert summary(read(path)) == [
        ("P", f"{path}:1", FIFTY_MB_MESSAGE, True),
        ("A", "after", f"{path}:2"),
    ]


def test_jsonl_line_too_long_to_parse_is_never_held(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    size = 12 * 10 + (1 << 20) + 500  # over the line cap for max_chars=10
    with path.open("wb") as stream:
        stream.write(b'{"id": "big", "text": "' + b"a" * (size - 26) + b'"}\n')
        stream.write(b'{"id": "after", "text": "Read."}\n')
    assert summary(read(path, max_chars=10)) == [
        ("P", f"{path}:1", f"JSON line is {size:,} bytes, over the 10 limit (--max-chars)", True),
        ("A", "after", f"{path}:2"),
    ]


# --- streaming -------------------------------------------------------------------------


def test_large_jsonl_streams_in_flat_memory(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    text = " ".join(BRIDGE) * 5  # about 2 KB per line
    with path.open("w") as stream:
        for i in range(4000):
            stream.write(json.dumps({"id": i, "text": text}) + "\n")
    assert path.stat().st_size > 8_000_000
    tracemalloc.start()
    try:
        stream = read_inputs([path])
        first = next(stream)
        count = 1 + sum(1 for _ in stream)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (first.id, count) == ("0", 4000)
    assert peak < 2_000_000  # far below the file: records are not held


# --- normalisation ---------------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [
    (None, None),
    ("", None),
    ("2022-07-26", "2022-07-26"),
    ("20220726", "2022-07-26"),
    ("2022-07-26T10:00:00Z", "2022-07-26T10:00:00+00:00"),
    ("2022-07-26T12:00:00+02:00", "2022-07-26T10:00:00+00:00"),
    ("2022-07-26 10:00:00", "2022-07-26T10:00:00"),
    ("Tue, 26 Jul 2022 10:00:00 GMT", "2022-07-26T10:00:00+00:00"),
    ("Tue, 26 Jul 2022 12:00:00 +0200", "2022-07-26T10:00:00+00:00"),
    (1658829600, "2022-07-26T10:00:00+00:00"),
    (1658829600.5, "2022-07-26T10:00:00.500000+00:00"),
    (1658829600000, "2022-07-26T10:00:00+00:00"),
    ("1658829600", "2022-07-26T10:00:00+00:00"),
    (datetime(2022, 7, 26, 12, tzinfo=timezone(timedelta(hours=2))), "2022-07-26T10:00:00+00:00"),
    (date(2022, 7, 26), "2022-07-26"),
])
def test_normalise_published(value, expected) -> None:
    assert normalise_published(value) == expected


@pytest.mark.parametrize("value", ["yesterday", "2022", "26/07/2022", True, [2022], 1e300])
def test_normalise_published_rejects(value) -> None:
    with pytest.raises(ValueError):
        normalise_published(value)


@pytest.mark.parametrize(("url", "site"), [
    ("https://www.gazette.test/a", "gazette.test"),
    ("http://WWW.Gazette.Test:8080/a?b=c", "gazette.test"),
    ("https://news.gazette.test/", "news.gazette.test"),
    ("www2.gazette.test/a", "www2.gazette.test"),
    ("gazette.test/news", "gazette.test"),
    ("/relative/path", None),
    (None, None),
])
def test_site_from_url(url, site) -> None:
    assert site_from_url(url) == site


def test_site_and_published_normalised_by_every_tabular_reader(tmp_path: Path) -> None:
    row = {"id": "n", "text": "T.", "url": "https://www.gazette.test/x",
           "published": "Tue, 26 Jul 2022 10:00:00 GMT"}
    write_jsonl(tmp_path / "a.jsonl", [row])
    write_csv(tmp_path / "b.csv", list(row), [list(row.values())])
    write_parquet(tmp_path / "c.parquet", {k: [v] for k, v in row.items()})
    items = [a for a in read(tmp_path) if isinstance(a, Article)]
    assert len(items) == 1  # the same id: later files are duplicates
    assert (items[0].site, items[0].published) == ("gazette.test", "2022-07-26T10:00:00+00:00")
    for name in ["b.csv", "c.parquet"]:
        [article] = read(tmp_path / name)
        assert (article.site, article.published) == ("gazette.test", "2022-07-26T10:00:00+00:00")


# --- properties ------------------------------------------------------------------------

_texts = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=80).filter(
    lambda t: t.strip())
_records = st.lists(
    st.fixed_dictionaries(
        {"id": st.one_of(st.integers(0, 10**6), st.text("abcxyz-_:", min_size=1, max_size=8)),
         "text": _texts},
        optional={"title": st.text("ab ", max_size=5),
                  "published": st.datetimes(min_value=datetime(1990, 1, 1),
                                            max_value=datetime(2090, 1, 1),
                                            timezones=st.just(timezone.utc))}),
    min_size=1, max_size=15, unique_by=lambda r: str(r["id"]))


@QUICK
@given(records=_records)
def test_jsonl_round_trip(tmp_path: Path, records: list[dict]) -> None:
    path = tmp_path / "rt.jsonl"
    path.write_text("".join(json.dumps({**r, "published": r["published"].isoformat()}
                                       if "published" in r else r) + "\n" for r in records))
    items = read(path)
    assert all(isinstance(a, Article) for a in items)
    assert [(a.id, a.text, a.title, a.published, a.source) for a in items] == [
        (str(r["id"]), normalise_text(r["text"]),  # line ends, references, NFC: tested above
         r.get("title", "").strip() or None,
         r["published"].isoformat() if "published" in r else None, f"{path}:{n}")
        for n, r in enumerate(records, 1)]


@QUICK
@given(data=st.binary(max_size=600), ending=st.sampled_from(
    [".txt", ".jsonl", ".csv", ".parquet", ".html", ".warc", ".warc.gz"]))
def test_arbitrary_bytes_never_raise(tmp_path: Path, data: bytes, ending: str) -> None:
    path = tmp_path / f"junk{ending}"
    path.write_bytes(data)
    for item in read_inputs([path]):
        if isinstance(item, Problem):  # handled, not caught by the last-resort guard
            assert not item.message.startswith("could not read:"), item
            assert item.source.startswith(str(path))
