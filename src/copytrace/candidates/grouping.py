"""Sort-based grouping: pairs of items that share a key, without any Python loop."""

from __future__ import annotations

import numpy as np

from ..arrays import ranges


def group_pairs(
    keys: np.ndarray, items: np.ndarray, *, max_bucket: int = 200, skip_keys: np.uint64 | None = None
) -> np.ndarray:
    """All pairs of distinct items that share a key.

    Args:
        keys: one key per item occurrence.
        items: the item (text number) of each occurrence.
        max_bucket: a bucket with more items is linked as a star from its first item
            (keeps the bucket connected at linear cost).
        skip_keys: a key value that never groups (e.g. the key of empty texts).

    Returns:
        ``(m, 2)`` int64 array of pairs ``(i, j)``, ``i < j``, possibly repeated.
    """
    if len(keys) == 0:
        return np.zeros((0, 2), dtype=np.int64)
    order = key_item_order(keys, items)
    k, it = keys[order], items[order]
    # Drop repeated (key, item) occurrences.
    fresh = np.ones(len(k), dtype=bool)
    fresh[1:] = (k[1:] != k[:-1]) | (it[1:] != it[:-1])
    if skip_keys is not None:
        fresh &= k != skip_keys
    k, it = k[fresh], it[fresh]
    if len(k) == 0:
        return np.zeros((0, 2), dtype=np.int64)
    start = np.flatnonzero(np.concatenate([[True], k[1:] != k[:-1]]))
    size = np.diff(np.append(start, len(k)))
    multi = size > 1
    start, size = start[multi], size[multi]
    small = size <= max_bucket
    out = [_all_pairs(it, start[small], size[small]), _star_pairs(it, start[~small], size[~small])]
    pairs = np.concatenate(out)
    return np.sort(pairs, axis=1)


def key_item_order(keys: np.ndarray, items: np.ndarray) -> np.ndarray:
    """The order of occurrences by key, then item (``np.lexsort((items, keys))``).

    For items below 2**32: one argsort of (the key's top bits, the item) packed in one
    integer, about seven times faster than the two-key lexsort on millions of entries.
    Two keys alike in those top bits would be interleaved; that is checked, and then
    the lexsort decides.
    """
    top = int(items.max()) if len(items) else 0
    bits = top.bit_length()
    if len(keys) < 2 or keys.dtype != np.uint64 or int(items.min()) < 0 or bits > 32:
        return np.lexsort((items, keys))
    shift = np.uint64(bits)
    packed = ((keys.astype(np.uint64) >> shift) << shift) | items.astype(np.uint64)
    order = np.argsort(packed)
    k = keys[order]
    if np.any(k[1:] < k[:-1]):  # keys alike in their top bits, not in order
        return np.lexsort((items, keys))
    return order


def _all_pairs(items: np.ndarray, start: np.ndarray, size: np.ndarray) -> np.ndarray:
    """Every pair inside each group ``items[start:start+size]``."""
    if len(start) == 0:
        return np.zeros((0, 2), dtype=np.int64)
    # Each position p of a group pairs with the positions after it in the group.
    pos = ranges(start, size)
    group_end = np.repeat(start + size, size)
    later = group_end - pos - 1
    left = np.repeat(pos, later)
    offset = np.arange(len(left)) - np.repeat(np.cumsum(later) - later, later)
    right = left + 1 + offset
    return np.stack([items[left], items[right]], axis=1)


def _star_pairs(items: np.ndarray, start: np.ndarray, size: np.ndarray) -> np.ndarray:
    if len(start) == 0:
        return np.zeros((0, 2), dtype=np.int64)
    pos = ranges(start, size)
    hub = np.repeat(start, size)
    keep = pos != hub
    return np.stack([items[hub[keep]], items[pos[keep]]], axis=1)


def unique_pairs(pairs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct rows of an ``(m, 2)`` pair array, and each input row's index into them."""
    a = pairs[:, 0].astype(np.uint64)
    b = pairs[:, 1].astype(np.uint64)
    key = (a << np.uint64(32)) | b
    uniq, inverse = np.unique(key, return_inverse=True)
    out = np.stack([(uniq >> np.uint64(32)).astype(np.int64), (uniq & np.uint64(0xFFFFFFFF)).astype(np.int64)], axis=1)
    return out, inverse
