"""Anchors: the words a translation keeps, hashed alike in every language.

A translation rewords every sentence but keeps its names ("Putin", "Kherson") and its
figures, which languages print with other separators ("1,200" in English, "1.200" in
German, "3.5" and "3,5"): figures are hashed by their digits alone. Names are words
written with a capital inside a sentence, as in most languages that use Latin letters
(German writes its nouns so too: they find no match in another language).
"""

from __future__ import annotations

import re

import numpy as np

from ..arrays import in_sorted
from .tokens import TokenStream, _encode, hash_words, mix64, tokenize

#: Names shorter than this (in bytes) are words that open a sentence ("In", "El", "La").
MIN_NAME_BYTES = 3
#: Figures of fewer digits are counts that languages write in words ("three", "drei").
MIN_FIGURE_DIGITS = 2

_NOT_DIGIT = re.compile(rb"\D")
_SENTENCE_ENDS = np.frombuffer(b".!?\n", dtype=np.uint8)


def anchor_tokens(texts: list[str], tokens: TokenStream | None = None
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The anchors of several texts, in text order.

    Args:
        texts: the texts.
        tokens: their tokens (:func:`copytrace.sketch.tokens.tokenize`), when already made.

    Returns:
        ``(hashes, text, start, figure)``: each anchor's hash, the number of its text,
        its byte offset in the text's UTF-8 encoding, and whether it is a figure.
    """
    if tokens is None:
        tokens = tokenize(texts)
    owner = tokens.doc_index()
    capital = tokens.capital & ~tokens.numeric & (tokens.ends - tokens.starts >= MIN_NAME_BYTES)
    opens = _opens_sentence(texts, tokens, owner)
    name = capital & ~opens
    # A word opening a sentence is a name where its text writes it with a capital inside
    # a sentence too ("Kowalski said ..." after "engineer Marta Kowalski").
    with np.errstate(over="ignore"):
        key = mix64(tokens.hashes ^ (owner.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)))
    name |= capital & opens & in_sorted(key, np.unique(key[name]))
    number = np.flatnonzero(tokens.numeric)
    hashes = tokens.hashes.copy()
    figure = np.zeros(len(hashes), dtype=bool)
    if len(number):
        encoded: dict[int, bytes] = {}
        digits = []
        for d, s, e in zip(owner[number].tolist(), tokens.starts[number].tolist(), tokens.ends[number].tolist()):
            if d not in encoded:
                encoded[d] = texts[d].lower().encode("utf-8", "replace")  # as tokenize reads it
            digits.append(_NOT_DIGIT.sub(b"", encoded[d][s:e]).decode("ascii"))
        long_enough = np.array([len(x) >= MIN_FIGURE_DIGITS for x in digits], dtype=bool)
        number, digits = number[long_enough], [x for x, ok in zip(digits, long_enough.tolist()) if ok]
        if len(number):
            hashes[number] = hash_words(digits)
            figure[number] = True
    keep = name | figure
    return hashes[keep], owner[keep], tokens.starts[keep], figure[keep]


def _opens_sentence(texts: list[str], tokens: TokenStream, owner: np.ndarray) -> np.ndarray:
    """Per token: the first of its text, or the first after a full stop, question or
    exclamation mark, or line break (every language capitalises that word)."""
    data, _, text_starts = _encode(texts)
    ends_sentence = np.zeros(len(data) + 1, dtype=np.int64)
    np.cumsum(np.isin(data, _SENTENCE_ENDS), out=ends_sentence[1:])
    start = text_starts[owner] + tokens.starts
    before = np.empty_like(start)  # where the token before it ends (its text's start for the first)
    before[1:] = text_starts[owner[:-1]] + tokens.ends[:-1]
    first = np.ones(len(start), dtype=bool)
    first[1:] = owner[1:] != owner[:-1]
    before[first] = start[first]
    return first | (ends_sentence[start] > ends_sentence[before])


def distinct_anchors(texts: list[str], first: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Each text's distinct anchors, as ``(hashes, text numbers)`` (numbered from
    ``first``): what the candidates stage indexes (:mod:`copytrace.candidates.translations`)."""
    hashes, owner, _, _ = anchor_tokens(texts)
    if len(hashes) == 0:
        return hashes, owner
    order = np.lexsort((hashes, owner))
    hashes, owner = hashes[order], owner[order]
    fresh = np.ones(len(hashes), dtype=bool)
    fresh[1:] = (hashes[1:] != hashes[:-1]) | (owner[1:] != owner[:-1])
    return hashes[fresh], owner[fresh] + first
