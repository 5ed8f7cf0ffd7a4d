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
