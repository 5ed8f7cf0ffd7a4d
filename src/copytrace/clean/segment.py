"""Paragraph and sentence segmentation with character offsets.

A paragraph is one non-blank line, stripped of surrounding whitespace. Sentences never
cross a paragraph. Sentence ends are found by one compiled regex pass over a working
copy of the text in which "?", "!" and "…" are folded onto "." (a same-length
replacement, so offsets are unchanged): CPython's ``re`` scans for a single literal
many times faster than for a character class, and this pass is most of the cost of
segmenting an article. A sentence ends where such a run, with any closing quotes,
is followed by whitespace and a character that does not continue it (not lower case);
scripts written without a space after the full stop (Chinese, Japanese) therefore get
one sentence per paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import accumulate
from operator import add

import numpy as np

# Tokens before a full stop that do not end a sentence: initials and "U.S." (one
# capital letter), titles, and abbreviations usually followed by a name or a number.
# One negative look-behind per width, as ``re`` needs fixed-width look-behinds.
# "No." and the like only before a number: "No. 10", but "No. We won't."
_NOT_AFTER = (
    r"(?<!\b[A-Z]\.)",
    r"(?<!\b(?:Mr|Ms|Dr|St|Lt|Jr|Sr|Mt|Ft|vs)\.)",
    r"(?<!\b(?:Mrs|Gen|Col|Sgt|Rep|Sen|Gov|Rev|Hon|Maj|Adm|Cpl|Pte"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Ave)\.)",
    r"(?<!\b(?:Prof|Capt|Cmdr|Supt|Sept|Insp)\.)",
    r"(?!(?<=\b(?:No|no|pp)\.)[^\S\n]*\d)",
    r"(?!(?<=\b(?:Nos|Fig|Vol|fig|vol)\.)[^\S\n]*\d)",
)
# Closing quotes and brackets that belong to the sentence they follow.
_CLOSERS = "'\"’”»)\\]"
# The next sentence must not start with a lowercase letter (abbreviation or a quote
# followed by its attribution: "…?” he asked"), nor with punctuation that continues
# the current one (spaced ellipsis ". . .", "[his]" after an ellipsis in a quote).
_NOT_START = r"a-zß-öø-ÿα-ωа-яё.,;:\[\-–—"
_CLOSE = f"[{_CLOSERS}]*"
_SPACE = r"[^\S\n]+"
_START = f"(?=[^\\s{_NOT_START}])"
# A gap (group 1) is the whitespace after a run of full stops and closing quotes. The
# run is matched from its first stop only and possessively, so a long run of dots
# costs linear time, not quadratic. The look-ahead comes next: most full stops that
# end no sentence ("U.S", "3.5") fail it at once, and only the others pay for the
# look-behinds.
_GAP = re.compile(
    r"\.(?<!\.\.)\.*+"
    + f"(?={_CLOSE}{_SPACE}{_START})"
    + "".join(_NOT_AFTER)
    + f"{_CLOSE}({_SPACE}){_START}"
)


def spans_array(starts: Sequence[int], ends: Sequence[int]) -> np.ndarray:
    """``(n, 2)`` int64 array of ``[start, end)`` rows (also for ``n == 0``)."""
    out = np.empty((len(starts), 2), dtype=np.int64)
    out[:, 0] = starts
    out[:, 1] = ends
    return out


def paragraph_bounds(text: str) -> tuple[list[int], list[int]]:
    """Starts and ends of the paragraphs of ``text`` (see ``split_paragraphs``)."""
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for line in text.split("\n"):
        body = line.strip()
        if body:
            start = pos + len(line) - len(line.lstrip())
            starts.append(start)
            ends.append(start + len(body))
        pos += len(line) + 1
    return starts, ends


def joined_bounds(lines: Sequence[str], sep: int) -> tuple[list[int], list[int]]:
    """Starts and ends of ``lines`` in their join with a separator of length ``sep``."""
    lengths = list(map(len, lines))
    starts = list(accumulate(map(sep.__add__, lengths), initial=0))
    starts.pop()
    return starts, list(map(add, starts, lengths))


def sentence_bounds(text: str, starts: list[int], ends: list[int]) -> tuple[list[int], list[int]]:
    """Sentence starts and ends of ``text`` given its paragraph ``starts`` and ``ends``.

    Every gap between two sentences lies strictly inside one paragraph (it needs a
    non-space character on both sides and holds no newline), so the sentence starts
    are the paragraph starts plus the gap ends, and the ends likewise.
    """
    work = text.replace("?", ".").replace("!", ".").replace("…", ".")
    gaps = [m.span(1) for m in _GAP.finditer(work)]
    if not gaps:
        return starts, ends
    return sorted(starts + [e for _, e in gaps]), sorted(ends + [s for s, _ in gaps])


def split_paragraphs(text: str) -> np.ndarray:
    """``(n, 2)`` int64 ``[start, end)`` offsets of the paragraphs of ``text``.

    A paragraph is a line (between ``"\\n"``) holding a non-space character, without
    its leading and trailing whitespace.
    """
    return spans_array(*paragraph_bounds(text))


def split_sentences(text: str) -> np.ndarray:
    """``(n, 2)`` int64 ``[start, end)`` offsets of the sentences of ``text``.

    Sentences are ordered, disjoint, never cross a paragraph and carry no surrounding
    whitespace; a paragraph without final punctuation is one sentence.
    """
    return spans_array(*sentence_bounds(text, *paragraph_bounds(text)))
