"""Anchors: the words a translation keeps, hashed alike in every language.

A translation rewords every sentence but keeps its names ("Putin", "Kherson") and its
figures, which languages print with other separators ("1,200" in English, "1.200" in
German, "3.5" and "3,5"): figures are hashed by their digits alone. Names are words
written with a capital inside a sentence, as in most languages that use Latin letters
(German writes its nouns so too: they find no match in another language).
"""

from __future__ import annotations

import numpy as np

from ..arrays import distinct_entries, in_sorted, ranges, unique_sorted
from .tokens import encode_texts, mix64, tokenize_encoded

#: Names shorter than this (in bytes) are words that open a sentence ("In", "El", "La").
MIN_NAME_BYTES = 3
#: Figures of fewer digits are counts that languages write in words ("three", "drei").
MIN_FIGURE_DIGITS = 2

_POWERS_OF_TEN = np.array([10**k for k in range(20)], dtype=np.uint64)
#: Per byte value: it ends a sentence (full stop, question or exclamation mark, line break).
_ENDS_SENTENCE = np.zeros(256, dtype=bool)
_ENDS_SENTENCE[list(b".!?\n")] = True


def anchor_tokens(texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The anchors of several texts, in text order.

    Args:
        texts: the texts.

    Returns:
        ``(hashes, text, start, figure)``: each anchor's hash, the number of its text,
        its byte offset in the text's UTF-8 encoding, and whether it is a figure.
    """
    if not texts:
        z = np.zeros(0, dtype=np.int64)
        return z.astype(np.uint64), z, z, z.astype(bool)
    encoded = encode_texts(texts)  # tokenised, and read between and into words
    tokens = tokenize_encoded(*encoded)
    data, _, text_starts = encoded
    owner = tokens.doc_index()
    at = text_starts[owner] + tokens.starts  # each token's place in ``data``
    capital = tokens.capital & ~tokens.numeric & (tokens.ends - tokens.starts >= MIN_NAME_BYTES)
    opens = _opens_sentence(data, at, at - tokens.starts + tokens.ends, owner)
    name = capital & ~opens
    # A word opening a sentence is a name where its text writes it with a capital inside
    # a sentence too ("Kowalski said ..." after "engineer Marta Kowalski").
    with np.errstate(over="ignore"):
        key = mix64(tokens.hashes ^ (owner.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)))
    name |= capital & opens & in_sorted(key, unique_sorted(key[name]))
    hashes = tokens.hashes.copy()
    number = np.flatnonzero(tokens.numeric)
    digits, value = _digit_values(data, at[number], tokens.ends[number] - tokens.starts[number])
    figure = np.zeros(len(hashes), dtype=bool)
    figure[number] = digits >= MIN_FIGURE_DIGITS
    with np.errstate(over="ignore"):
        hashes[number] = mix64(value ^ (digits.astype(np.uint64) * np.uint64(0xD6E8FEB86659FD93)))
    keep = name | figure
    return hashes[keep], owner[keep], tokens.starts[keep], figure[keep]


def _digit_values(data: np.ndarray, starts: np.ndarray, sizes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each span of ``data`` (a figure as printed): how many digits it has, and the
    number they spell with every separator left out ("1,850" and "1.850" are 1850; a
    figure of over 19 digits wraps, still one value)."""
    pos = ranges(starts, sizes)
    span = np.repeat(np.arange(len(sizes)), sizes)
    digit = (data[pos] >= ord("0")) & (data[pos] <= ord("9"))
    pos, span = pos[digit], span[digit]
    count = np.bincount(span, minlength=len(sizes))
    # A digit's place from the right end of its figure: the figure's digits after it.
    place = np.repeat(np.cumsum(count), count) - np.arange(len(pos)) - 1
    with np.errstate(over="ignore"):
        worth = (data[pos] - ord("0")).astype(np.uint64) * _POWERS_OF_TEN[np.minimum(place, len(_POWERS_OF_TEN) - 1)]
        value = np.zeros(len(sizes), dtype=np.uint64)
        np.add.at(value, span, worth)
    return count, value


def _opens_sentence(data: np.ndarray, start: np.ndarray, end: np.ndarray, owner: np.ndarray) -> np.ndarray:
    """Per token (``start``, ``end``: its bytes in ``data``; ``owner``: its text): the
    first of its text, or the first after a full stop, question or exclamation mark, or
    line break (every language capitalises that word)."""
    ends_sentence = np.zeros(len(data) + 1, dtype=np.int64)
    np.cumsum(_ENDS_SENTENCE[data], out=ends_sentence[1:])
    first = np.ones(len(start), dtype=bool)
    first[1:] = owner[1:] != owner[:-1]
    before = np.empty_like(start)  # where the token before it ends (itself for a text's first)
    before[1:] = end[:-1]
    before[first] = start[first]
    return first | (ends_sentence[start] > ends_sentence[before])


def distinct_anchors(texts: list[str], first: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Each text's distinct anchors, as ``(hashes, text numbers)`` (numbered from
    ``first``): what the candidates stage indexes (:mod:`copytrace.candidates.translations`)."""
    hashes, owner, _, _ = anchor_tokens(texts)
    owner, hashes = distinct_entries(owner, hashes)
    return hashes, owner + first
