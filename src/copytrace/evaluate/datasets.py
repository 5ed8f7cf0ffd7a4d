"""Loaders for the public collections under ``../shared/data`` (never copied into the repo).

Each loader yields :class:`~copytrace.records.Article` records, so a collection can be
scanned directly (``scan_articles``) or exported to JSONL for ``copytrace scan``:

    python -m copytrace.evaluate.datasets reuters ../shared/data/reuters-21578 out.jsonl
"""

from __future__ import annotations

import html
import json
import re
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from ..records import Article

_REUTERS_DOC = re.compile(r"<REUTERS[^>]*NEWID=\"(\d+)\"[^>]*>(.*?)</REUTERS>", re.S)
_STAMP = re.compile(r"(\d{1,2}-[A-Za-z]{3}-\d{4})\s+(\d{1,2}:\d{2}:\d{2})")
_SIGN_OFF = re.compile(r"\s*\bREUTER\b[.\s]*$", re.I)  # the wire's sign-off ("REUTER", "REUTER..."), not text
_FIELD = {name: re.compile(rf"<{name}>(.*?)</{name}>", re.S) for name in ("DATE", "TITLE", "BODY")}


def _unwrap(body: str) -> str:
    """Reuters bodies are hard-wrapped; a paragraph starts with an indented line."""
    paragraphs = re.split(r"\n\s{2,}", body.strip())
    return "\n\n".join(" ".join(p.split()) for p in paragraphs if p.strip())


def reuters(folder: str | Path) -> Iterator[Article]:
    """Reuters-21578: the documents that have a BODY; id = NEWID, published = DATE, site
    = reuters.com (one newswire wrote them all)."""
    for path in sorted(Path(folder).glob("reut2-*.sgm")):
        raw = path.read_bytes().decode("latin-1")
        for m in _REUTERS_DOC.finditer(raw):
            newid, doc = m.groups()
            body = _FIELD["BODY"].search(doc)
            if body is None:
                continue
            text = _SIGN_OFF.sub("", _unwrap(html.unescape(body.group(1)).replace("\x03", "")))
            title = _FIELD["TITLE"].search(doc)
            date = _FIELD["DATE"].search(doc)
            published = None
            stamp = _STAMP.search(date.group(1)) if date else None
            if stamp:
                try:
                    published = datetime.strptime(" ".join(stamp.groups()), "%d-%b-%Y %H:%M:%S").isoformat()
                except ValueError:
                    published = None
            yield Article(
                id=f"reuters-{newid}",
                text=text,
                title=html.unescape(title.group(1)).strip() if title else None,
                published=published,
                site="reuters.com",
                source=f"{path}:{newid}",
            )


def bbc(folder: str | Path) -> Iterator[Article]:
    """BBC News 2004-05: id = topic/number, title = the first line, site = bbc.co.uk."""
    for path in sorted(Path(folder).rglob("*.txt")):
        if path.name.upper() == "README.TXT":
            continue
        raw = path.read_bytes().decode("utf-8", "replace")
        title, _, body = raw.partition("\n")
        yield Article(id=f"bbc-{path.parent.name}-{path.stem}", text=body.strip(), title=title.strip(),
                      site="bbc.co.uk", source=str(path))


def wikiref(folder: str | Path) -> Iterator[Article]:
    """WikiRef220: independent articles; the topic is the file-name prefix."""
    for path in sorted(Path(folder).glob("docs/*.txt")):
        yield Article(id=path.stem, text=path.read_bytes().decode("utf-8", "replace").strip(), source=str(path))


def wikiref_topic(article_id: str) -> str:
    """Topic of a WikiRef220 article id, e.g. ``"ParisAttacks2015 (3)"`` -> ``"ParisAttacks2015"``."""
    return re.split(r"[ .(]", article_id, maxsplit=1)[0]


LOADERS = {"reuters": reuters, "bbc": bbc, "wikiref": wikiref}


def export(name: str, folder: str | Path, out: str | Path) -> int:
    """Write a collection to JSONL in the input format of ``copytrace scan``."""
    n = 0
    with open(out, "w", encoding="utf-8") as fh:
        for art in LOADERS[name](folder):
            rec = {"id": art.id, "text": art.text, "title": art.title, "site": art.site, "published": art.published}
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
    return n


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in LOADERS:
        sys.exit(f"usage: python -m copytrace.evaluate.datasets {{{','.join(LOADERS)}}} FOLDER OUT.jsonl")
    print(export(sys.argv[1], sys.argv[2], sys.argv[3]), "articles")
