"""Inverted index of winnowed fingerprints, built by sorting (fingerprint, text) pairs."""

from __future__ import annotations

import numpy as np

from ..parallel import map_chunks
from .grouping import group_pairs, key_item_order, unique_pairs


#: Fingerprints are joined in groups by their top bits (a value's texts are all in one
#: group): sorts of a sixteenth of the entries, and the working memory of one group.
_GROUP_BITS = 4


def fingerprint_pairs(
    values: np.ndarray, docs: np.ndarray, *, min_shared: int = 2, max_df: int = 50, workers: int = 1
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of texts sharing at least ``min_shared`` fingerprints.

    Args:
        values: fingerprint hashes.
        docs: the text number of each fingerprint.
        min_shared: distinct fingerprints a pair must share.
        max_df: fingerprints found in more texts are treated as boilerplate and ignored.
        workers: processes the groups of fingerprints are shared among.

    Returns:
        ``(pairs, shared)``: ``(m, 2)`` int64 distinct pairs, sorted, and the count each
        shares.
    """
    if len(values) == 0:
        return np.zeros((0, 2), dtype=np.int64), np.zeros(0, dtype=np.int32)
    group = (values >> np.uint64(64 - _GROUP_BITS)).astype(np.uint8)
    order = np.argsort(group, kind="stable")
    bounds = np.searchsorted(group[order], np.arange((1 << _GROUP_BITS) + 1))
    del group
    state = {"values": values, "docs": docs, "order": order, "bounds": bounds, "max_df": max_df}
    parts, counts = [], []
    for _, (pairs, shared) in map_chunks(_fingerprint_group, 1 << _GROUP_BITS, state=state, chunk=1, workers=workers):
        parts.append(pairs)
        counts.append(shared)
    del order
    pairs = np.concatenate(parts)
    if len(pairs) == 0:
        return pairs, np.zeros(0, dtype=np.int32)
    # A pair may share values of several groups: its counts add up.
    uniq, inverse = unique_pairs(pairs)
    shared = np.bincount(inverse, weights=np.concatenate(counts), minlength=len(uniq)).astype(np.int32)
    ok = shared >= min_shared
    return uniq[ok], shared[ok]


def _fingerprint_group(lo: int, hi: int, state: dict) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_shared_pairs` of fingerprint group ``lo``."""
    take = state["order"][state["bounds"][lo] : state["bounds"][lo + 1]]
    return _shared_pairs(state["values"][take], state["docs"][take], state["max_df"])


def _shared_pairs(values: np.ndarray, docs: np.ndarray, max_df: int) -> tuple[np.ndarray, np.ndarray]:
    """Distinct pairs of texts sharing fingerprints among these, and how many each shares."""
    order = key_item_order(values, docs)
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
        return np.zeros((0, 2), dtype=np.int64), np.zeros(0, dtype=np.int64)
    uniq, inverse = unique_pairs(pairs)
    return uniq, np.bincount(inverse, minlength=len(uniq))
