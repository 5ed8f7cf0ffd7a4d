"""Word-level diff between two strings, in character offsets of the originals.

This is the single implementation of word changes: the aligner uses it to list the
substitutions of a pair (``changes``) and the report uses it to mark them inside each
aligned passage, so what the report shows is exactly what the pair records say.

Words are ``\\w+`` runs; punctuation and whitespace are not tokens, so a change of
punctuation alone is not a change, and every op span starts and ends on a word.
Words are matched case-insensitively (``casefold``).
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

_WORD = re.compile(r"\w+")
_AROUND_WORDS = re.compile(r"(\w+)")  # split by it, a text's words come back at the odd places
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class WordOp:
    """One diff op: ``tag`` is ``"equal" | "replace" | "delete" | "insert"``.

    ``a`` and ``b`` are ``[start, end)`` character offsets into the two strings,
    from the first word's start to the last word's end of the op. The side an op has
    no words on (``a`` of an insert, ``b`` of a delete) is an empty span at the
    point where the words would go.
    """

    tag: str
    a: tuple[int, int]
    b: tuple[int, int]


def word_spans(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` offsets of the words of ``text``, in order."""
    return [m.span() for m in _WORD.finditer(text)]


def _span(words: list[tuple[int, int]], i: int, j: int) -> tuple[int, int]:
    """Character span of words ``i..j-1``; for ``i == j`` an empty span where word ``i`` would go."""
    if i < j:
        return words[i][0], words[j - 1][1]
    if i > 0:  # right after the previous word
        return words[i - 1][1], words[i - 1][1]
    if words:  # before the first word
        return words[0][0], words[0][0]
    return 0, 0


def _words(text: str) -> tuple[list[str], list[int]]:
    """The words of ``text`` casefolded (what words are matched by), and where the
    pieces of ``text`` split around its words end: word ``k`` is ``text[ends[2k]:ends[2k + 1]]``.

    One regex pass, no Python loop per word for ASCII text (nearly all news text): there
    ``lower()`` is ``casefold()`` and keeps every character's place.
    """
    if text.isascii():
        pieces = _AROUND_WORDS.split(text.lower())
        keys = pieces[1::2]
    else:
        pieces = _AROUND_WORDS.split(text)
        keys = [w.casefold() for w in pieces[1::2]]
    return keys, list(itertools.accumulate(map(len, pieces)))


#: :func:`_words` of sentences, cached: an article's sentences are diffed against each of
#: its copies in turn (about a third of the calls in a scan). The lists are shared: never
#: change them.
_sentence_words = functools.lru_cache(maxsize=1024)(_words)


def _matched(a: str, b: str, words=_words) -> tuple[list[int], list[int], list[tuple[int, int, int]]]:
    """Where the pieces of ``a`` and ``b`` end (see :func:`_words`) and the matched runs
    ``(i, j, size)`` of their words: a minimal word-level edit script (rapidfuzz, in C++:
    about 25 times difflib's speed on a sentence), ending with an empty run at the two ends."""
    (ka, ea), (kb, eb) = words(a), words(b)
    return ea, eb, [(m.a, m.b, m.size) for m in Levenshtein.editops(ka, kb).as_matching_blocks()]


def word_ops(a: str, b: str) -> list[WordOp]:
    """Diff ``a`` against ``b`` word by word.

    Returns the ops in order: the non-insert ops' ``a`` spans cover every word of
    ``a`` exactly once, left to right, and the non-delete ops' ``b`` spans every word
    of ``b``. Text between op spans is only whitespace and punctuation.
    """
    ea, eb, runs = _matched(a, b)
    wa = [(ea[k], ea[k + 1]) for k in range(0, len(ea) - 1, 2)]
    wb = [(eb[k], eb[k + 1]) for k in range(0, len(eb) - 1, 2)]
    # Matched runs with one op for each gap between them: "ropes" -> "right track" is
    # one replacement, not a replacement and an insertion.
    ops: list[WordOp] = []
    i = j = 0
    for ra, rb, size in runs:
        if i < ra or j < rb:
            tag = "replace" if i < ra and j < rb else ("delete" if i < ra else "insert")
            ops.append(WordOp(tag, _span(wa, i, ra), _span(wb, j, rb)))
        if size:
            i, j = ra + size, rb + size
            ops.append(WordOp("equal", _span(wa, ra, i), _span(wb, rb, j)))
    return ops


def _phrase(text: str) -> str:
    """Original-case text with inner whitespace runs (line breaks) made single spaces."""
    return _SPACE.sub(" ", text)


def substitutions(a: str, b: str, *, max_words: int = 3) -> list[tuple[str, str]]:
    """The word substitutions turning ``a`` into ``b``, in order, as ``(from, to)``.

    Only ``replace`` ops (see :func:`word_ops`) of at most ``max_words`` words on each
    side count: longer replacements are rewording, not substitution. The text keeps its
    original case; a replacement that differs only in case is not reported (words match
    casefolded).
    """
    ea, eb, runs = _matched(a, b, _sentence_words)
    subs: list[tuple[str, str]] = []
    i = j = 0
    for ra, rb, size in runs:  # the gaps between matched runs, as in word_ops
        if i < ra and j < rb and ra - i <= max_words and rb - j <= max_words:
            # From word i's start to word ra - 1's end (see _words).
            subs.append((_phrase(a[ea[2 * i] : ea[2 * ra - 1]]), _phrase(b[eb[2 * j] : eb[2 * rb - 1]])))
        if size:
            i, j = ra + size, rb + size
    return subs


#: Characters a misspelling may differ by, per this many characters of the word.
MISSPELT_CHARS_PER = 3
_NOT_LETTERS = re.compile(r"[\s\-\u00ad]+")


def misspelling(old: str, new: str) -> bool | None:
    """Whether the substitution ``old`` -> ``new`` (:func:`substitutions`) is the same
    words misspelt: spaces or hyphens moved ("from the" -> "fromthe", "gov ernment"),
    or a character changed in every :data:`MISSPELT_CHARS_PER` of the word ("picture" ->
    "piefure"), as OCR and typing do; a synonym or another word is spelt otherwise.
    None for a change of figures (digits on both sides), which is neither.
    """
    x, y = _NOT_LETTERS.sub("", old.casefold()), _NOT_LETTERS.sub("", new.casefold())
    if any(c.isdigit() for c in x) and any(c.isdigit() for c in y):
        return None
    return Levenshtein.distance(x, y) <= max(1, max(len(x), len(y)) // MISSPELT_CHARS_PER)
