"""The scan's working store: what the later stages need of each article, on disk.

A million cleaned articles, with their sentence offsets, removed lines and the aligned
passages of their pairs, take about 30 GB as Python objects. A scan keeps only compact
per-article arrays in memory (sketches, word counts, dates, ids) and reads the rest
back from here when a stage needs it: alignment the texts of one chunk of candidate
pairs, provenance the texts of paired articles, the outputs everything once, in order.

Two SQLite files in a temporary folder (removed with the store): ``articles.sqlite``,
written by the clean workers (one transaction per chunk; they take turns on the lock)
and read by any process once written, and ``pairs.sqlite``, the passages and word changes of
each reported pair, written by the main process only. Connections are opened per call
and never cross a fork. :class:`RawChunks` holds the input articles between the first
pass (reading, learning site boilerplate) and the second (cleaning), as marshal files,
so that the input is parsed once.
"""

from __future__ import annotations

import marshal
import os
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing
from pathlib import Path

import numpy as np

from .. import fastjson
from ..records import Article, CleanArticle, Passage

#: The record fields of ``articles.jsonl`` that come from the article itself, in order.
HEAD_FIELDS = ("id", "source", "url", "site", "title", "published", "language")
#: Passage kinds of the output contract, by code (stored as a small int).
KINDS = ("verbatim", "edited", "paraphrase")
_KIND_CODE = {k: i for i, k in enumerate(KINDS)}
#: Rows per ``IN (...)`` query: well under SQLite's limit on a statement's length.
_QUERY_ROWS = 5000

_ARTICLES_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    idx INTEGER PRIMARY KEY,  -- position in the scan
    id TEXT NOT NULL,
    head TEXT NOT NULL,       -- JSON of HEAD_FIELDS, as articles.jsonl writes them
    removed TEXT NOT NULL,    -- JSON list of the removed lines
    text TEXT NOT NULL,       -- the cleaned text, which every offset refers to
    sentences BLOB NOT NULL   -- int32 (n, 2) character spans
)"""
_PAIRS_SCHEMA = "CREATE TABLE IF NOT EXISTS pairs (k INTEGER PRIMARY KEY, evidence BLOB NOT NULL)"


def _connect(path: Path) -> sqlite3.Connection:
    # A temporary store: no fsync; a long busy timeout, as writers take turns per chunk.
    conn = sqlite3.connect(path, timeout=600.0)
    conn.execute("PRAGMA synchronous=OFF")
    return conn


def _in_list(idx: Iterable[int]) -> str:
    return ",".join(str(int(i)) for i in idx)


def head_json(article: Article) -> str:
    """The ``articles.jsonl`` fields taken from the article, as a JSON object."""
    return fastjson.dumps({f: getattr(article, f) for f in HEAD_FIELDS})


def record_line(head: str, n_words: int, removed: str) -> str:
    """One ``articles.jsonl`` line from its stored parts: exactly :func:`copytrace.fastjson.dumps`
    of :func:`copytrace.records.article_record` (same keys in the same order)."""
    return f'{head[:-1]},"n_words":{int(n_words)},"removed":{removed}}}'


def encode_evidence(passages: Sequence[Passage], changes: Sequence[tuple[str, str]]) -> bytes:
    """A pair's passages and word changes as one marshal blob (exact ints and floats)."""
    rows = [(int(p.a[0]), int(p.a[1]), int(p.b[0]), int(p.b[1]), _KIND_CODE[p.kind], float(p.similarity))
            for p in passages]
    return marshal.dumps((rows, [(str(x), str(y)) for x, y in changes]))


def decode_evidence(blob: bytes) -> tuple[list[Passage], list[tuple[str, str]]]:
    rows, changes = marshal.loads(blob)
    passages = [Passage(a=(a0, a1), b=(b0, b1), kind=KINDS[kind], similarity=sim)
                for a0, a1, b0, b1, kind, sim in rows]
    return passages, [tuple(c) for c in changes]


class ScanStore:
    """Cleaned articles and pair evidence of one scan, in a temporary folder.

    Args:
        folder: where to create the folder (default: the system's temporary folder,
            ``$TMPDIR``); it is removed when the store is garbage-collected.
    """

    def __init__(self, folder: str | os.PathLike[str] | None = None) -> None:
        self._tmp = tempfile.TemporaryDirectory(prefix="copytrace-scan-", dir=folder)
        self.folder = Path(self._tmp.name)
        self.articles_path = self.folder / "articles.sqlite"
        self.pairs_path = self.folder / "pairs.sqlite"
        self._indexed = False
        with closing(_connect(self.articles_path)) as conn:
            conn.execute(_ARTICLES_SCHEMA)
        with closing(_connect(self.pairs_path)) as conn:
            conn.execute(_PAIRS_SCHEMA)

    def cleanup(self) -> None:
        """Remove the folder now (it is removed on garbage collection anyway)."""
        self._tmp.cleanup()

    # ----------------------------------------------------------------- articles

    def put_articles(self, first: int, cleaned: Sequence[CleanArticle]) -> None:
        """Store ``cleaned`` as articles ``first, first + 1, ...`` (one transaction)."""
        rows = [
            (first + k, c.id, head_json(c.article), fastjson.dumps(list(c.removed)), c.text,
             np.ascontiguousarray(c.sentences, dtype=np.int32).tobytes())
            for k, c in enumerate(cleaned)
        ]
        with closing(_connect(self.articles_path)) as conn, conn:
            conn.executemany("INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?)", rows)

    def clean_articles(self, idx: Iterable[int]) -> dict[int, CleanArticle]:
        """The stored articles ``idx`` as CleanArticles.

        The raw text is not kept (``article.text`` is empty) nor are paragraphs: the
        stages after cleaning read only the cleaned text, sentences, removed lines and
        metadata.
        """
        out: dict[int, CleanArticle] = {}
        wanted = sorted(set(int(i) for i in idx))
        with closing(_connect(self.articles_path)) as conn:
            for lo in range(0, len(wanted), _QUERY_ROWS):
                query = ("SELECT idx, head, removed, text, sentences FROM articles WHERE idx IN ("
                         + _in_list(wanted[lo : lo + _QUERY_ROWS]) + ")")
                for i, head, removed, text, sentences in conn.execute(query):
                    meta = fastjson.loads(head)
                    article = Article(text="", **meta)
                    spans = np.frombuffer(sentences, dtype=np.int32).astype(np.int64).reshape(-1, 2)
                    out[i] = CleanArticle(article=article, text=text, removed=fastjson.loads(removed), sentences=spans)
        return out

    def rows(self, columns: str = "head, removed", batch: int = 20000) -> Iterator[tuple]:
        """``columns`` of every article, in scan order (read in ranges of ``batch``)."""
        with closing(_connect(self.articles_path)) as conn:
            (n,) = conn.execute("SELECT COALESCE(MAX(idx) + 1, 0) FROM articles").fetchone()
            for lo in range(0, n, batch):
                yield from conn.execute(
                    f"SELECT {columns} FROM articles WHERE idx >= ? AND idx < ? ORDER BY idx", (lo, lo + batch))

    def row(self, i: int, columns: str) -> tuple | None:
        with closing(_connect(self.articles_path)) as conn:
            return conn.execute(f"SELECT {columns} FROM articles WHERE idx = ?", (int(i),)).fetchone()

    def text_of(self, article_id: str) -> str | None:
        """The cleaned text of the article with this id, or None."""
        with closing(_connect(self.articles_path)) as conn:
            if not self._indexed:  # built on first use: most scans never look up by id
                with conn:
                    conn.execute("CREATE INDEX IF NOT EXISTS articles_id ON articles (id)")
                self._indexed = True
            found = conn.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()
        return None if found is None else found[0]

    # ----------------------------------------------------------------- pairs

    def put_evidence(self, rows: Sequence[tuple[int, bytes]]) -> None:
        """Store ``(pair number, encode_evidence(...))`` rows."""
        if rows:
            with closing(_connect(self.pairs_path)) as conn, conn:
                conn.executemany("INSERT INTO pairs VALUES (?, ?)", rows)

    def evidence(self, lo: int, hi: int) -> dict[int, bytes]:
        """The evidence blobs of pairs ``lo`` to ``hi - 1``."""
        with closing(_connect(self.pairs_path)) as conn:
            return dict(conn.execute("SELECT k, evidence FROM pairs WHERE k >= ? AND k < ?", (lo, hi)))


class RawChunks:
    """Input articles in numbered chunks of ``size`` on disk, written once and read by
    any process (marshal of plain tuples: several times faster than pickling records)."""

    def __init__(self, folder: Path, size: int) -> None:
        self.folder = folder
        self.size = size
        self.n_articles = 0
        self.n_chunks = 0
        folder.mkdir(parents=True, exist_ok=True)

    def _path(self, k: int) -> Path:
        return self.folder / f"{k:06d}.marshal"

    def write(self, articles: Sequence[Article]) -> int:
        """Write the next chunk; returns its number."""
        k = self.n_chunks
        rows = [(a.id, a.text, a.title, a.url, a.site, a.published, a.language, a.source) for a in articles]
        self._path(k).write_bytes(marshal.dumps(rows))
        self.n_chunks += 1
        self.n_articles += len(rows)
        return k

    def spool(self, articles: Iterable[Article], on_chunk=None) -> Iterator[Article]:
        """Yield ``articles`` while writing them in chunks; ``on_chunk(k)`` after each write."""
        buffer: list[Article] = []
        for article in articles:
            buffer.append(article)
            yield article
            if len(buffer) == self.size:
                k = self.write(buffer)
                buffer = []
                if on_chunk is not None:
                    on_chunk(k)
        if buffer:
            k = self.write(buffer)
            if on_chunk is not None:
                on_chunk(k)

    def load(self, k: int) -> list[Article]:
        rows = marshal.loads(self._path(k).read_bytes())
        return [Article(i, t, ti, u, s, p, la, so) for i, t, ti, u, s, p, la, so in rows]

    def discard(self, k: int) -> None:
        self._path(k).unlink(missing_ok=True)


__all__ = ["HEAD_FIELDS", "KINDS", "RawChunks", "ScanStore", "decode_evidence", "encode_evidence", "head_json",
           "record_line"]
