"""Plain records passed between the pipeline stages.

Every stage takes and returns these (or NumPy arrays aligned with them), so that each
stage can be used alone from Python. ``to_dict`` gives the JSON form of the output
contract (see README, "Output contract").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import numpy as np

#: The relations a reported pair can have, from closest to loosest.
RELATIONS = (
    "duplicate",
    "near_copy",
    "spun",
    "rewrite",
    "partial",
    "translation",
    "same_story",
)

#: Relations where one article derives from the other (``same_story`` does not).
DERIVED_RELATIONS = frozenset(RELATIONS) - {"same_story"}


def site_from_url(url: str | None) -> str | None:
    """The url's host, lower case, without port or a leading ``www.``.

    Args:
        url: An absolute url, or a scheme-less one such as ``example.com/a``.

    Returns:
        The host, or None when the url has none.
    """
    if not url:
        return None
    if "//" not in url:
        url = "//" + url  # urlsplit only finds a host after "//"
    try:
        host = urlsplit(url).hostname
    except ValueError:  # e.g. an invalid IPv6 literal
        return None
    if not host:
        return None
    return host.removeprefix("www.") or None


@dataclass(slots=True)
class Article:
    """One published text as read from the input.

    ``source`` locates the record in the input (``path`` or ``path:line``), so that
    every message about the article can name it.
    """

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    site: str | None = None
    published: str | None = None  # ISO 8601, normalised by ingest
    language: str | None = None
    source: str = ""

    @property
    def outlet(self) -> str | None:
        """The publisher: the site, else the URL's host, in lower case without "www.";
        None when neither is given."""
        site = (self.site or "").strip().lower().removeprefix("www.")
        return site or site_from_url(self.url)


@dataclass(slots=True)
class Problem:
    """A record that was skipped or repaired, with the reason, for a one-line message."""

    source: str  # file and record locator, e.g. "data/a.jsonl:17"
    message: str
    skipped: bool = True  # False when the record was kept (e.g. repaired encoding)

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


@dataclass(slots=True)
class CleanArticle:
    """An article after boilerplate removal and segmentation.

    ``sentences`` and ``paragraphs`` are ``(n, 2)`` int arrays of ``[start, end)``
    character offsets into ``text`` (the cleaned text, which is what every offset in
    the output refers to).
    """

    article: Article
    text: str
    removed: list[str] = field(default_factory=list)
    sentences: np.ndarray = field(default_factory=lambda: np.zeros((0, 2), dtype=np.int64))
    paragraphs: np.ndarray = field(default_factory=lambda: np.zeros((0, 2), dtype=np.int64))

    @property
    def id(self) -> str:
        return self.article.id

    def sentence_texts(self) -> list[str]:
        return [self.text[s:e] for s, e in self.sentences.tolist()]


@dataclass(slots=True)
class Passage:
    """Aligned material: character spans in each cleaned text."""

    a: tuple[int, int]
    b: tuple[int, int]
    kind: str  # "verbatim" | "edited" | "paraphrase"
    similarity: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": [int(self.a[0]), int(self.a[1])],
            "b": [int(self.b[0]), int(self.b[1])],
            "kind": self.kind,
            "similarity": round(float(self.similarity), 4),
        }


@dataclass(slots=True)
class Pair:
    """A related pair of articles with its relation and evidence."""

    a: str
    b: str
    relation: str
    score: float
    source: str | None = None
    coverage: dict[str, float] = field(default_factory=lambda: {"a": 0.0, "b": 0.0})  # words aligned (partial: in passages)
    passages: list[Passage] = field(default_factory=list)
    changes: list[tuple[str, str]] = field(default_factory=list)
    #: Why the direction was chosen (e.g. "published", "credit"); not in the contract.
    direction_evidence: list[str] = field(default_factory=list)
    #: Where the first passage begins in each text, as a share of its length (a, b);
    #: provenance reads it once the passages are stored away. Not in the contract.
    passage_start: tuple[float, float] | None = None
    #: Share of each text's words in aligned sentences (a, b) where ``coverage`` reports
    #: something else (a partial pair's passages); provenance weighs how much of each
    #: article the other aligns with. Not in the contract.
    aligned: tuple[float, float] | None = None

    def aligned_shares(self) -> tuple[float, float]:
        """Share of a's and of b's words aligned with the other (see ``aligned``)."""
        return self.aligned if self.aligned is not None else (self.coverage["a"], self.coverage["b"])

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "relation": self.relation,
            "score": round(float(self.score), 4),
            "source": self.source,
            "coverage": {k: round(float(v), 4) for k, v in self.coverage.items()},
            "passages": [p.to_dict() for p in self.passages],
            "changes": [list(c) for c in self.changes],
        }


@dataclass(slots=True)
class Edge:
    source: str
    derived: str
    relation: str

    def to_dict(self) -> dict[str, Any]:
        return {"from": self.source, "to": self.derived, "relation": self.relation}


@dataclass(slots=True)
class Story:
    """A set of two or more articles that share material or tell the same event."""

    story: str
    members: list[str]
    original: str | None
    edges: list[Edge] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "story": self.story,
            "members": list(self.members),
            "original": self.original,
            "edges": [e.to_dict() for e in self.edges],
        }


def article_record(clean: CleanArticle, n_words: int) -> dict[str, Any]:
    """The ``articles.jsonl`` object for one cleaned article."""
    art = clean.article
    return {
        "id": art.id,
        "source": art.source,
        "url": art.url,
        "site": art.site,
        "title": art.title,
        "published": art.published,
        "language": art.language,
        "n_words": int(n_words),
        "removed": list(clean.removed),
    }
