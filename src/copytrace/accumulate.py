"""Sketches of a whole corpus, gathered chunk by chunk in bounded memory.

The per-text parts of :class:`~copytrace.sketch.Sketches` go straight into arrays
allocated once for the corpus (no list of parts concatenated at the end, which would
need twice the memory). Winnowed fingerprints, about 120 a text, are the largest part
(1.9 GB for a million texts at 16 bytes each); only those whose value occurs more than
once can link two texts, so :meth:`SketchBuffer.finish` keeps just those (a quarter on
the synthetic corpus), with 4-byte text numbers.
"""

from __future__ import annotations

import numpy as np

from .sketch import Sketches

#: Fingerprints are grouped by their top bits before the repeat check, so that each
#: sort holds a sixteenth of them.
_BUCKET_BITS = 4


def repeated(values: np.ndarray) -> np.ndarray:
    """True for each entry whose value occurs at least twice in ``values``."""
    if len(values) < 2:
        return np.zeros(len(values), dtype=bool)
    ordered = np.sort(values)
    twice = np.unique(ordered[1:][ordered[1:] == ordered[:-1]])
    if len(twice) == 0:
        return np.zeros(len(values), dtype=bool)
    pos = np.minimum(np.searchsorted(twice, values), len(twice) - 1)
    return twice[pos] == values


def shared_fingerprints(values: list[np.ndarray], docs: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """The ``(value, text)`` entries of the parts whose value occurs more than once.

    The parts are consumed (the lists are emptied as they are read), so the memory
    held is the fingerprints plus one bucket's working copies. The order of the
    entries that come back is not the parts' order: the candidate stage sorts them.
    """
    n_buckets = 1 << _BUCKET_BITS
    shift = np.uint64(64 - _BUCKET_BITS)
    by_bucket: list[list[tuple[np.ndarray, np.ndarray]]] = [[] for _ in range(n_buckets)]
    while values:
        v, d = values.pop(), docs.pop()
        bucket = (v >> shift).astype(np.intp)
        order = np.argsort(bucket, kind="stable")
        bounds = np.searchsorted(bucket[order], np.arange(n_buckets + 1))
        v, d = v[order], d[order]
        for b in range(n_buckets):
            if bounds[b + 1] > bounds[b]:
                by_bucket[b].append((v[bounds[b] : bounds[b + 1]], d[bounds[b] : bounds[b + 1]]))
    kept_v, kept_d = [], []
    for b in range(n_buckets):
        parts, by_bucket[b] = by_bucket[b], []
        if not parts:
            continue
        v = np.concatenate([p[0] for p in parts])
        d = np.concatenate([p[1] for p in parts])
        del parts
        keep = repeated(v)
        kept_v.append(v[keep])
        kept_d.append(d[keep])
    if not kept_v:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
    return np.concatenate(kept_v), np.concatenate(kept_d)


class SketchBuffer:
    """Sketches of ``n`` texts, added in chunks in any order, then :meth:`finish`-ed."""

    def __init__(self, n: int, bins: int) -> None:
        self.n = n
        self.n_words = np.zeros(n, dtype=np.int32)
        self.exact = np.zeros(n, dtype=np.uint64)
        self.sig_shingles = np.zeros((n, bins), dtype=np.uint32)
        self.sig_words = np.zeros((n, bins), dtype=np.uint32)
        self.n_rare = np.zeros(n, dtype=np.int32)
        self._doc_type = np.int32 if n < 2**31 else np.int64
        self._fp_values: list[np.ndarray] = []
        self._fp_docs: list[np.ndarray] = []
        self.added = 0

    def add(self, sk: Sketches) -> None:
        rows = slice(sk.first, sk.first + len(sk))
        self.n_words[rows] = sk.n_words
        self.exact[rows] = sk.exact
        self.sig_shingles[rows] = sk.sig_shingles
        self.sig_words[rows] = sk.sig_words
        self.n_rare[rows] = sk.n_rare
        self._fp_values.append(sk.fp_values)
        self._fp_docs.append(sk.fp_docs.astype(self._doc_type))
        self.added += len(sk)

    def finish(self) -> Sketches:
        """The corpus's sketches, with only the fingerprints some other entry shares.

        Dropping a fingerprint that occurs once changes no candidate pair: a pair needs
        a value held by two texts.
        """
        if self.added != self.n:
            raise ValueError(f"sketches of {self.added} texts added, {self.n} expected")
        fp_values, fp_docs = shared_fingerprints(self._fp_values, self._fp_docs)
        return Sketches(first=0, n_words=self.n_words, exact=self.exact, sig_shingles=self.sig_shingles,
                        sig_words=self.sig_words, fp_values=fp_values, fp_docs=fp_docs, n_rare=self.n_rare)


__all__ = ["SketchBuffer", "repeated", "shared_fingerprints"]
