"""Learning the boilerplate lines of each site from the articles themselves.

A line is boilerplate for a site when, normalised, it appears in at least
``min_articles`` distinct articles of that site and in at least ``min_fraction`` of
them. Two guards keep a story that one site republishes several times: lines longer
than ``max_words`` words (prose) are never learned, and a line must appear in
``min_articles`` articles that are not copies of one another. Articles count as copies
when they share their longest other line (the "context" of the line), which is what a
republished story keeps and what different stories carrying the same footer do not.

Keys are 64-bit xxhash digests of the normalised line, seeded by the site, held in
typed arrays while counting, so memory grows with the number of distinct lines, not
with their text. Normalisation (lower case, ASCII digits to "0") keeps the length of
the line, so ``clean`` skips hashing every line whose length no learned line has.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import xxhash

from ..arrays import unique_sorted
from ..records import Article

# Digits are folded on the UTF-8 bytes: ``bytes.translate`` costs a fraction of a
# regex substitution over the line.
_DIGITS_TO_ZERO = bytes.maketrans(b"123456789", b"000000000")
#: Rows of (key, context) pairs held (24 bytes each) before they are merged into counts.
_COMPACT_EVERY = 1 << 21


def normalise(line: str) -> bytes:
    """UTF-8 of ``line`` in lower case with every ASCII digit made "0"."""
    return line.lower().encode("utf-8").translate(_DIGITS_TO_ZERO)


def site_seed(site: str) -> int:
    """Hash seed of a site, so that equal lines of two sites get different keys."""
    return xxhash.xxh3_64_intdigest(site.encode("utf-8"))


def line_key(line: str, seed: int) -> int:
    """Key of a stripped line for the site with ``seed``."""
    return xxhash.xxh3_64_intdigest(normalise(line), seed)


@dataclass(frozen=True, slots=True)
class SiteLines:
    """The learned boilerplate of one site: its seed, line keys and line lengths."""

    seed: int
    keys: frozenset[int]
    lengths: frozenset[int]

    def matches(self, line: str) -> bool:
        """True when ``line`` (stripped) is learned boilerplate of this site."""
        return len(line) in self.lengths and line_key(line, self.seed) in self.keys


class _Counts:
    """(key, context, site, length) rows with their article counts, merged lazily."""

    def __init__(self) -> None:
        self._clear()
        self.merged: dict[str, np.ndarray] | None = None

    def _clear(self) -> None:
        # Typed arrays: 8 bytes a key where a list of ints costs about 40.
        self.keys, self.contexts = array("Q"), array("Q")
        self.sites, self.lengths = array("i"), array("i")

    def add(self, keys: list[int], contexts: list[int], site: int, lengths: list[int]) -> None:
        self.keys.extend(keys)
        self.contexts.extend(contexts)
        self.sites.extend([site] * len(keys))
        self.lengths.extend(lengths)
        if len(self.keys) >= _COMPACT_EVERY:
            self.compact()

    def compact(self) -> dict[str, np.ndarray]:
        """Merge the pending rows into one row per (key, context), summing counts."""
        new = {
            "key": np.frombuffer(self.keys, dtype=np.uint64).copy(),
            "ctx": np.frombuffer(self.contexts, dtype=np.uint64).copy(),
            "site": np.frombuffer(self.sites, dtype=np.int32).copy(),
            "length": np.frombuffer(self.lengths, dtype=np.int32).copy(),
            "count": np.ones(len(self.keys), dtype=np.int64),
        }
        self._clear()
        if self.merged is not None:
            new = {k: np.concatenate([self.merged[k], new[k]]) for k in new}
        order = np.lexsort((new["ctx"], new["key"]))
        rows = {k: v[order] for k, v in new.items()}
        first = _group_starts(rows["key"], rows["ctx"])
        merged = {k: v[first] for k, v in rows.items() if k != "count"}
        merged["count"] = np.add.reduceat(rows["count"], first) if len(first) else rows["count"]
        self.merged = merged
        return merged


def _group_starts(*columns: np.ndarray) -> np.ndarray:
    """Indices where a run of equal rows begins, for columns sorted together."""
    n = len(columns[0])
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    change = np.zeros(n, dtype=bool)
    change[0] = True
    for col in columns:
        change[1:] |= col[1:] != col[:-1]
    return np.flatnonzero(change)


class SiteBoilerplate:
    """Counts lines per site (``fit``), then says which lines are boilerplate."""

    def __init__(self, *, min_articles: int = 5, min_fraction: float = 0.1, max_words: int = 40) -> None:
        self.min_articles = min_articles
        self.min_fraction = min_fraction
        self.max_words = max_words
        self.sites: dict[str, SiteLines] = {}

    def fit(self, articles: Iterable[Article], split_lines: Callable[[str], list[str]]) -> SiteBoilerplate:
        """Learn from ``articles``; ``split_lines`` gives an article's stripped lines."""
        names: dict[str, int] = {}
        n_articles: list[int] = []
        counts = _Counts()
        for article in articles:
            if not article.site:
                continue
            site = names.setdefault(article.site, len(names))
            if site == len(n_articles):
                n_articles.append(0)
            n_articles[site] += 1
            self._count(split_lines(article.text), site_seed(article.site), site, counts)
        self.sites = self._select(counts.compact(), list(names), n_articles)
        return self

    def _count(self, lines: Sequence[str], seed: int, site: int, counts: _Counts) -> None:
        """Add one article's short lines, once each, with their context."""
        if not lines:
            return
        sizes = [len(s) for s in lines]
        order = sorted(range(len(lines)), key=sizes.__getitem__, reverse=True)
        top = line_key(lines[order[0]], seed)
        second = line_key(lines[order[1]], seed) if len(order) > 1 else 0
        keys: dict[int, tuple[int, int]] = {}
        for i, line in enumerate(lines):
            if line.count(" ") < self.max_words:
                key = top if i == order[0] else line_key(line, seed)
                keys.setdefault(key, (second if i == order[0] else top, len(line)))
        counts.add(list(keys), [c for c, _ in keys.values()], site, [n for _, n in keys.values()])

    def _select(
        self, rows: dict[str, np.ndarray], names: list[str], n_articles: list[int]
    ) -> dict[str, SiteLines]:
        """Keys seen in enough articles and enough distinct contexts, by site."""
        starts = _group_starts(rows["key"])
        if not len(starts):
            return {}
        articles = np.add.reduceat(rows["count"], starts)
        contexts = np.diff(np.append(starts, len(rows["key"])))
        site = rows["site"][starts]
        need = np.maximum(self.min_articles, np.ceil(self.min_fraction * np.asarray(n_articles)[site] - 1e-9))
        keep = (articles >= need) & (contexts >= self.min_articles)
        found: dict[str, SiteLines] = {}
        for s in unique_sorted(site[keep]).tolist():
            mine = keep & (site == s)
            found[names[s]] = SiteLines(
                seed=site_seed(names[s]),
                keys=frozenset(rows["key"][starts[mine]].tolist()),
                lengths=frozenset(rows["length"][starts[mine]].tolist()),
            )
        return found

    def lines_for(self, site: str | None) -> SiteLines | None:
        """The learned boilerplate of ``site``, or None when it has none."""
        return self.sites.get(site) if site else None
