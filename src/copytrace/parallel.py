"""Chunked work on several local processes (fork), results in input order.

The stages hand a module-level function and the read-only state it needs; forked
workers inherit the state instead of receiving it pickled, so only each chunk's
results travel back. Where fork is unavailable, or the work is small, the chunks run in
this process.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
from collections.abc import Callable, Iterator
from typing import Any

_STATE: dict[str, Any] = {}


def default_workers() -> int:
    """Worker processes to use: the CPUs this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _run(task: tuple[Callable, int, int]) -> Any:
    fn, lo, hi = task
    return fn(lo, hi, _STATE)


def map_chunks(
    fn: Callable[[int, int, dict], Any], n_items: int, *, state: dict, chunk: int, workers: int = 1
) -> Iterator[tuple[int, Any]]:
    """Yield ``(chunk size, fn(lo, hi, state))`` for consecutive chunks of ``range(n_items)``.

    Args:
        fn: a module-level function (workers look it up by name).
        n_items: how many items there are.
        state: read-only data ``fn`` reads (inherited by forked workers).
        chunk: items per call.
        workers: processes; 1 runs everything here.
    """
    bounds = [(lo, min(lo + chunk, n_items)) for lo in range(0, n_items, chunk)]
    if workers <= 1 or len(bounds) <= 1 or "fork" not in mp.get_all_start_methods():
        for lo, hi in bounds:
            yield hi - lo, fn(lo, hi, state)
        return
    global _STATE
    _STATE = state
    # Objects alive at the fork go to the collector's permanent generation: a worker's
    # collections then never write to their headers, which would copy every page of
    # the parent's records into each worker (copy-on-write) for nothing.
    gc.freeze()
    try:
        with mp.get_context("fork").Pool(min(workers, len(bounds))) as pool:
            for (lo, hi), result in zip(bounds, pool.imap(_run, [(fn, lo, hi) for lo, hi in bounds])):
                yield hi - lo, result
    finally:
        _STATE = {}
        gc.unfreeze()
