"""The cluster stage: stories are the connected components of the pair graph."""

from __future__ import annotations

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components


def components(n: int, pairs: np.ndarray) -> np.ndarray:
    """Component label of each of ``n`` nodes, given ``(m, 2)`` edges.

    Labels are renumbered so that each component's label is its smallest node's rank
    among components (deterministic across runs).
    """
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    if len(pairs) == 0:
        return np.arange(n, dtype=np.int64)
    graph = coo_matrix((np.ones(len(pairs), dtype=np.int8), (pairs[:, 0], pairs[:, 1])), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    _, first = np.unique(labels, return_index=True)
    rank = np.empty(len(first), dtype=np.int64)
    rank[np.argsort(first)] = np.arange(len(first))
    return rank[labels]


def stories(ids: list[str], pairs: list[tuple[str, str]]) -> list[list[str]]:
    """Groups of two or more ids linked by pairs, each in input order, largest first."""
    index = {id_: i for i, id_ in enumerate(ids)}
    edges = np.array([(index[a], index[b]) for a, b in pairs], dtype=np.int64).reshape(-1, 2)
    labels = components(len(ids), edges)
    sizes = np.bincount(labels)
    members: dict[int, list[str]] = {}
    for i in np.flatnonzero(sizes[labels] >= 2).tolist():
        members.setdefault(int(labels[i]), []).append(ids[i])
    return sorted(members.values(), key=lambda m: (-len(m), index[m[0]]))
