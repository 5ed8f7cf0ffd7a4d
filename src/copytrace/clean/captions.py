"""Repeated lines: a photo caption that restates a sentence of the body, or a copy.

Captions scraped into the text usually restate a body sentence ("Erdogan (left) and
Putin (right) have a complex relationship ...") and end without punctuation. The
earlier of two similar lines is kept (the body) and the later removed. Only
caption-like lines are compared, and only with earlier lines of a similar length that
contain two of their four longest words, so an article without such lines pays nothing
and one with captions builds few word sets.
"""

from __future__ import annotations

from collections.abc import Sequence

#: Punctuation stripped from the two anchor words of a caption-like line.
_EDGE_PUNCT = "'\"’”‘“«»()[],.;:!?–—-"

#: A repeat needs this many words, so short subheads and labels stay.
MIN_REPEAT_WORDS = 6
#: Share of the later line's distinct words found in the earlier line.
MIN_CONTAINED = 0.75
#: Share of the earlier line's distinct words repeated by the later line.
MIN_COVERED = 0.5
#: Exact copies of a line are removed from this many words.
MIN_COPY_WORDS = 4


def word_set(line: str) -> frozenset[str]:
    """The distinct lower-case words of ``line`` (commas and full stops dropped).

    Splitting on whitespace is several times cheaper than a ``\\w+`` regex here; the
    quotes and brackets it leaves on a few words only lower the overlap a little.
    """
    return frozenset(line.lower().replace(",", " ").replace(".", " ").split())


def repeats_earlier(earlier: frozenset[str], later: frozenset[str]) -> bool:
    """True when the ``later`` line repeats most of the words of the ``earlier`` one."""
    if len(later) < MIN_REPEAT_WORDS or not earlier:
        return False
    shared = len(earlier & later)
    return shared >= MIN_CONTAINED * len(later) and shared >= MIN_COVERED * len(earlier)


def flag_copies(lines: Sequence[str], drop: list[bool]) -> None:
    """Drop later exact copies of a line of at least ``MIN_COPY_WORDS`` words."""
    if len(set(lines)) == len(lines):
        return
    seen: set[str] = set()
    for i, line in enumerate(lines):
        if line in seen and line.count(" ") + 1 >= MIN_COPY_WORDS:
            drop[i] = True
        seen.add(line)


def flag_repeated_captions(lines: Sequence[str], drop: list[bool], candidates: Sequence[int]) -> None:
    """Drop each candidate line that repeats an earlier kept line.

    ``candidates`` are caption-like lines (no final punctuation), in order. Since the
    later line's words must be mostly contained in the earlier one, which must be
    mostly covered, their word counts are within a factor of about 2 of each other.
    """
    todo = [i for i in candidates if i > 0 and not drop[i] and lines[i].count(" ") >= MIN_REPEAT_WORDS - 1]
    cache: dict[int, frozenset[str]] = {}

    def words_of(k: int) -> frozenset[str]:
        if k not in cache:
            cache[k] = word_set(lines[k])
        return cache[k]

    for i in todo:
        size = lines[i].count(" ") + 1
        low, high = size * MIN_CONTAINED * 0.8, size / MIN_COVERED * 1.25
        anchors = _anchors(lines[i])
        first, second = anchors[0], anchors[1]
        # Anchor tests first: in C, they rule out almost every earlier line.
        for j in [j for j in range(i) if first in lines[j] or second in lines[j]]:
            other = lines[j]
            if (
                not drop[j]
                and low <= other.count(" ") + 1 <= high
                and sum(a in other for a in anchors) >= 2
                and repeats_earlier(words_of(j), words_of(i))
            ):
                drop[i] = True
                break


def _anchors(line: str) -> list[str]:
    """The four longest words of ``line``, longest first: a line it repeats holds most."""
    words = sorted(line.split(), key=len, reverse=True)[:4]
    return [w.strip(_EDGE_PUNCT) or w for w in words]
