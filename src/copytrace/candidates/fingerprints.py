"""Inverted index of winnowed fingerprints, built by sorting (fingerprint, text) pairs."""

from __future__ import annotations

import numpy as np

from .grouping import group_pairs, unique_pairs


def fingerprint_pairs(
    values: np.ndarray, docs: np.ndarray, *, min_shared: int = 2, max_df: int = 50
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of texts sharing at least ``min_shared`` fingerprints.

    Args:
        values: fingerprint hashes.
        docs: the text number of each fingerprint.
        min_shared: distinct fingerprints a pair must share.
        max_df: fingerprints found in more texts are treated as boilerplate and ignored.

    Returns:
        ``(pairs, shared)``: ``(m, 2)`` int64 distinct pairs and the count each shares.
    """
    if len(values) == 0:
        return np.zeros((0, 2), dtype=np.int64), np.zeros(0, dtype=np.int32)
    order = np.lexsort((docs, values))
    v, d = values[order], docs[order]
    fresh = np.ones(len(v), dtype=bool)
    fresh[1:] = (v[1:] != v[:-1]) | (d[1:] != d[:-1])
    v, d = v[fresh], d[fresh]
    start = np.flatnonzero(np.concatenate([[True], v[1:] != v[:-1]]))
    size = np.diff(np.append(start, len(v)))
    df = np.repeat(size, size)
    keep = (df > 1) & (df <= max_df)
    pairs = group_pairs(v[keep], d[keep], max_bucket=max_df)
    if len(pairs) == 0:
        return pairs, np.zeros(0, dtype=np.int32)
    uniq, inverse = unique_pairs(pairs)
    shared = np.bincount(inverse, minlength=len(uniq)).astype(np.int32)
    ok = shared >= min_shared
    return uniq[ok], shared[ok]
