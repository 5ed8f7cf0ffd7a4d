"""Repeated lines: a photo caption that restates a sentence of the body, or a copy.

Captions scraped into the text usually restate a body sentence ("Erdogan (left) and
Putin (right) have a complex relationship ...") and end without punctuation. Of two
similar lines the first (the body) is kept and the later caption removed. Only
caption-like lines (no final punctuation) are checked, and only against earlier lines
of prose of a similar length that contain two of their four longest words, so an
article without such lines pays nothing and one with captions builds few word sets.
Two similar lines that both end like sentences are both kept (a quote repeated on
purpose, say), unless they are exact copies.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from .rules import BULLETS, is_unpunctuated

#: Punctuation stripped from the anchor words of a caption-like line.
_EDGE_PUNCT = "'\"’”‘“«»()[],.;:!?–—-"

#: A repeat needs this many words, so short subheads and labels stay.
MIN_REPEAT_WORDS = 6
#: Share of the caption's distinct words found in the line it repeats.
MIN_CONTAINED = 0.75
#: Share of that line's distinct words repeated by the caption.
MIN_COVERED = 0.5
#: Caption-like lines checked per article, in order: past this many, the page is a
#: table or a list rather than a story with captions, and the check would cost
#: (caption-like lines) x (lines of prose).
MAX_CAPTION_CHECKS = 32
#: Exact copies of a line ending like a sentence are removed from this many words;
#: unpunctuated ones (table rows, labels) from ``MIN_BARE_COPY_WORDS``.
MIN_COPY_WORDS = 8
MIN_BARE_COPY_WORDS = 15


def word_set(line: str) -> frozenset[str]:
    """The distinct lower-case words of ``line`` (commas and full stops dropped).

    Splitting on whitespace is several times cheaper than a ``\\w+`` regex here; the
    quotes and brackets it leaves on a few words only lower the overlap a little.
    """
    return frozenset(line.lower().replace(",", " ").replace(".", " ").split())


def repeats(body: frozenset[str], caption: frozenset[str]) -> bool:
    """True when the ``caption`` line repeats most of the words of the ``body`` line."""
    if len(caption) < MIN_REPEAT_WORDS or not body:
        return False
    shared = len(body & caption)
    return shared >= MIN_CONTAINED * len(caption) and shared >= MIN_COVERED * len(body)


def flag_copies(lines: Sequence[str], drop: list[bool]) -> None:
    """Drop later exact copies of a paragraph (a page scraped twice, a pull quote).

    Short repeated lines stay: "Winners meet in final match" under each pair of a
    fixture list, or the same row in each block of a table, belong to the story.
    """
    if len(set(lines)) == len(lines):
        return
    seen: set[str] = set()
    for i, line in enumerate(lines):
        if line in seen:
            words = line.count(" ") + 1
            if words >= MIN_BARE_COPY_WORDS or (words >= MIN_COPY_WORDS and not is_unpunctuated(line)):
                drop[i] = True
        seen.add(line)


def flag_repeated_captions(lines: Sequence[str], drop: list[bool], candidates: Sequence[int]) -> None:
    """Drop each caption-like line that repeats an earlier kept line of prose.

    ``candidates`` are the caption-like lines (no final punctuation), in order. The
    earlier line must end like a sentence: two similar unpunctuated lines are rows of
    a table or items of a list more often than captions. The first of two similar
    lines always stays. Since the caption's words must be mostly found in the earlier
    line, which must be mostly covered, their word counts are within a factor of
    about 2 of each other.
    """
    # The first line is the headline or the lede, and a bulleted item is part of a
    # list: neither is a caption.
    todo = [
        i
        for i in candidates
        if i > 0
        and not drop[i]
        and lines[i][0] not in BULLETS
        and lines[i].count(" ") >= MIN_REPEAT_WORDS - 1
    ]
    if not todo:
        return
    caption_like = set(candidates)
    # Earlier kept lines of prose are the only references: a table of unpunctuated
    # rows costs nothing however long it is.
    prose = [j for j in range(len(lines)) if not drop[j] and j not in caption_like]
    sizes = [lines[j].count(" ") + 1 for j in prose]
    cache: dict[int, frozenset[str]] = {}

    def words_of(k: int) -> frozenset[str]:
        if k not in cache:
            cache[k] = word_set(lines[k])
        return cache[k]

    for i in todo[:MAX_CAPTION_CHECKS]:
        size = lines[i].count(" ") + 1
        low, high = size * MIN_CONTAINED * 0.8, size / MIN_COVERED * 1.25
        anchors = _anchors(lines[i])
        first, second = anchors[0], anchors[1]
        n = bisect_left(prose, i)
        # Length and anchor tests first: in C, they rule out almost every earlier line.
        near = [
            j
            for j, words in zip(prose[:n], sizes[:n])
            if low <= words <= high and (first in lines[j] or second in lines[j])
        ]
        for j in near:
            if sum(a in lines[j] for a in anchors) >= 2 and repeats(words_of(j), words_of(i)):
                drop[i] = True
                break


def _anchors(line: str) -> list[str]:
    """The four longest words of ``line``, longest first: a line it repeats holds most."""
    words = sorted(line.split(), key=len, reverse=True)[:4]
    return [w.strip(_EDGE_PUNCT) or w for w in words]
