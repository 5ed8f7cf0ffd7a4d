"""Small NumPy helpers shared by the stages."""

from __future__ import annotations

import numpy as np


def unique_sorted(values: np.ndarray) -> np.ndarray:
    """The distinct values of ``values``, sorted (flattened, as ``np.unique`` gives them).

    A sort and a neighbour comparison: NumPy 2.3+ answers a plain ``np.unique`` of
    integers from a hash table, which measured here 20 to 60 times slower than this on
    arrays of 10**4 to 10**6 values.
    """
    s = np.sort(np.asarray(values).ravel())
    if len(s) < 2:
        return s
    return s[np.concatenate(([True], s[1:] != s[:-1]))]


def owner_counts(hashes: np.ndarray, owner: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each distinct hash (sorted) and the number of distinct owners (texts) it occurs in.

    Plain sorts, not ``np.unique(..., return_index=True)`` and the stable argsort it
    needs (several times slower): (owner, the hash's top bits) packed in one integer,
    then each prefix mapped back to its hash. Two hashes alike in those bits (at least
    32) would count as one; that is checked, and then the exact count decides.
    """
    if len(hashes) == 0:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
    shift = max(1, int(owner.max()).bit_length())  # the owner's bits, on top
    bits = 64 - shift
    vocab = unique_sorted(hashes)
    top = vocab >> np.uint64(shift)
    if bits < 32 or np.any(top[1:] == top[:-1]):
        order = np.lexsort((hashes, owner))
        h, o = hashes[order], owner[order]
        fresh = np.concatenate(([True], (h[1:] != h[:-1]) | (o[1:] != o[:-1])))
        return np.unique(h[fresh], return_counts=True)
    pairs = unique_sorted((owner.astype(np.uint64) << np.uint64(bits)) | (hashes >> np.uint64(shift)))
    prefixes, counts = np.unique(pairs & np.uint64((1 << bits) - 1), return_counts=True)
    return vocab[np.searchsorted(top, prefixes)], counts


def in_sorted(values: np.ndarray, sorted_values: np.ndarray) -> np.ndarray:
    """Whether each of ``values`` is in ``sorted_values`` (sorted, distinct): a binary
    search (``np.isin`` and ``np.intersect1d`` sort both again)."""
    if len(sorted_values) == 0:
        return np.zeros(len(values), dtype=bool)
    pos = np.minimum(np.searchsorted(sorted_values, values), len(sorted_values) - 1)
    return sorted_values[pos] == values


def ranges(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Concatenated ``arange(s, s + c)`` for each start and count, in one pass."""
    offsets = np.cumsum(counts) - counts
    return np.repeat(np.asarray(starts, dtype=np.int64) - offsets, counts) + np.arange(int(counts.sum()),
                                                                                       dtype=np.int64)


def distinct_entries(owner: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct ``(owner, value)`` entries, sorted by owner, then value."""
    if len(values) == 0:
        return owner, values
    order = np.lexsort((values, owner))
    owner, values = owner[order], values[order]
    fresh = np.ones(len(values), dtype=bool)
    fresh[1:] = (values[1:] != values[:-1]) | (owner[1:] != owner[:-1])
    return owner[fresh], values[fresh]
