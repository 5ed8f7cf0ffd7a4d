"""Locality-sensitive hashing by banding, with sort-based bucket grouping."""

from __future__ import annotations

import numpy as np

from ..sketch.minhash import EMPTY
from ..sketch.tokens import mix64
from ..parallel import map_chunks
from .grouping import group_pairs


#: Bands grouped at once: their keys and sort take about 50 bytes a (text, band).
_BANDS_AT_ONCE = 8


def band_keys(sig: np.ndarray, bands: int, rows: int, *, first: int = 0,
              stop: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """One bucket key per (text, band), distinct across bands.

    Args:
        sig: ``(n, bins)`` uint32 signatures, ``bins >= bands * rows``.
        first, stop: only bands ``first`` to ``stop - 1`` (default: all); a band's keys
            do not depend on which others are computed with it.

    Returns:
        ``(keys, valid)``: ``(n, stop - first)`` uint64 keys, and False where a band
        holds an empty bin (an empty text), so that empty texts never share a bucket.
    """
    n, bins = sig.shape
    if bands * rows > bins:
        raise ValueError(f"{bands} bands of {rows} rows need {bands * rows} bins, signature has {bins}")
    stop = bands if stop is None else stop
    block = sig[:, first * rows : stop * rows].reshape(n, stop - first, rows).astype(np.uint64)
    valid = ~(block == EMPTY).any(axis=2)
    with np.errstate(over="ignore"):
        salt = np.arange(first + 1, stop + 1, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
        acc = mix64(np.broadcast_to(salt, (n, stop - first)).copy())
        for r in range(rows):
            acc = mix64(acc ^ block[:, :, r])
    return acc, valid


def lsh_pairs(sig: np.ndarray, bands: int, rows: int, *, max_bucket: int = 200, workers: int = 1) -> np.ndarray:
    """Pairs of rows that share at least one band bucket.

    Bands are keyed and grouped a few at a time (keys of different bands never match,
    so the pairs are the same as grouping all at once): the working memory is that of
    a few bands, not of ``bands`` (a million texts in 64 bands would take 5 GB). The
    groups of bands are shared among ``workers`` processes.

    Returns:
        ``(m, 2)`` int64 row pairs ``(i, j)``, ``i < j``, possibly repeated.
    """
    if len(sig) < 2:
        return np.zeros((0, 2), dtype=np.int64)
    state = {"sig": sig, "bands": bands, "rows": rows, "max_bucket": max_bucket}
    n_groups = -(-bands // _BANDS_AT_ONCE)
    found = [part for _, part in map_chunks(_band_group_pairs, n_groups, state=state, chunk=1, workers=workers)]
    return np.concatenate(found)


def _band_group_pairs(lo: int, hi: int, state: dict) -> np.ndarray:
    """The pairs of band group ``lo`` (bands ``lo * _BANDS_AT_ONCE`` onwards)."""
    sig, bands = state["sig"], state["bands"]
    first = lo * _BANDS_AT_ONCE
    keys, valid = band_keys(sig, bands, state["rows"], first=first, stop=min(bands, first + _BANDS_AT_ONCE))
    owner = np.broadcast_to(np.arange(len(sig), dtype=np.int64)[:, None], keys.shape)
    return group_pairs(keys[valid], owner[valid], max_bucket=state["max_bucket"])
