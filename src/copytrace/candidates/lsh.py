"""Locality-sensitive hashing by banding, with sort-based bucket grouping."""

from __future__ import annotations

import numpy as np

from ..sketch.minhash import EMPTY
from ..sketch.tokens import mix64
from .grouping import group_pairs


def band_keys(sig: np.ndarray, bands: int, rows: int) -> tuple[np.ndarray, np.ndarray]:
    """One bucket key per (text, band), distinct across bands.

    Args:
        sig: ``(n, bins)`` uint32 signatures, ``bins >= bands * rows``.

    Returns:
        ``(keys, valid)``: ``(n, bands)`` uint64 keys, and False where a band holds an
        empty bin (an empty text), so that empty texts never share a bucket.
    """
    n, bins = sig.shape
    if bands * rows > bins:
        raise ValueError(f"{bands} bands of {rows} rows need {bands * rows} bins, signature has {bins}")
    block = sig[:, : bands * rows].reshape(n, bands, rows).astype(np.uint64)
    valid = ~(block == EMPTY).any(axis=2)
    with np.errstate(over="ignore"):
        acc = np.broadcast_to(np.arange(1, bands + 1, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15), (n, bands))
        acc = mix64(acc.copy())
        for r in range(rows):
            acc = mix64(acc ^ block[:, :, r])
    return acc, valid


def lsh_pairs(sig: np.ndarray, bands: int, rows: int, *, max_bucket: int = 200) -> np.ndarray:
    """Pairs of rows that share at least one band bucket.

    Returns:
        ``(m, 2)`` int64 row pairs ``(i, j)``, ``i < j``, possibly repeated.
    """
    if len(sig) < 2:
        return np.zeros((0, 2), dtype=np.int64)
    keys, valid = band_keys(sig, bands, rows)
    owner = np.broadcast_to(np.arange(len(sig), dtype=np.int64)[:, None], keys.shape)
    return group_pairs(keys[valid], owner[valid], max_bucket=max_bucket)
