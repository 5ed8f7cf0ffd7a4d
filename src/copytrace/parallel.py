"""Chunked work on several local processes (fork), results in input order.

The stages hand a module-level function and the read-only state it needs; forked
workers inherit the state instead of receiving it pickled, so only each chunk's
results travel back. Where fork is unavailable, or the work is small, the chunks run in
this process. :class:`Feed` runs one consumer of a stream beside its producer.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing as mp
import os
import sys
from collections.abc import Callable, Iterator
from typing import Any

_STATE: dict[str, Any] = {}


def release_memory() -> None:
    """Hand freed heap memory back to the system (glibc; elsewhere nothing).

    glibc keeps freed blocks of up to 32 MB (NumPy arrays of a few million items) in
    the heap; after a stage of large temporary arrays that can be gigabytes the process
    still holds, and that forked workers would then count as theirs too.
    """
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None).malloc_trim(0)
        except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
            pass


def default_workers() -> int:
    """Worker processes to use: the CPUs this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def balanced_chunk(n_items: int, chunk: int, workers: int) -> int:
    """Items per chunk, at most ``chunk``, for a number of chunks that is a multiple of
    ``workers`` where the items allow it (15 chunks on 2 workers leave one idle for the
    last one; 16 a little smaller do not)."""
    if workers <= 1 or n_items <= chunk:
        return max(1, chunk)
    rounds = -(-n_items // (chunk * workers))
    return max(1, -(-n_items // (rounds * workers)))


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
        chunk: items per call, at most; on several workers the chunks are made a little
            smaller where that makes their number a multiple of ``workers``, so that the
            last round keeps every worker busy (results are the same either way).
        workers: processes; 1 runs everything here.
    """
    chunk = balanced_chunk(n_items, chunk, workers)
    bounds = [(lo, min(lo + chunk, n_items)) for lo in range(0, n_items, chunk)]
    if workers <= 1 or len(bounds) <= 1 or "fork" not in mp.get_all_start_methods():
        for lo, hi in bounds:
            yield hi - lo, fn(lo, hi, state)
        return
    global _STATE
    _STATE = state
    release_memory()
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


class Feed:
    """``fn(items)`` run in a forked process while this one produces the items.

    ``send`` passes one small item (through a pipe); ``result`` ends the items and
    waits for ``fn``'s return value (pickled back), raising ``RuntimeError`` with the
    worker's one-line error if ``fn`` failed. Without fork, or with ``background``
    False, the items are kept and ``fn`` runs in this process at ``result``. Used to
    learn from a stream while reading it on another core.
    """

    def __init__(self, fn: Callable[[Iterator[Any]], Any], *, background: bool = True) -> None:
        self._fn = fn
        self._items: list[Any] = []
        self._proc = None
        self._broken = False
        if background and "fork" in mp.get_all_start_methods():
            ctx = mp.get_context("fork")
            self._conn, child = ctx.Pipe()
            self._proc = ctx.Process(target=_feed_worker, args=(fn, child), daemon=True)
            self._proc.start()
            child.close()

    def send(self, item: Any) -> None:
        if self._proc is None:
            self._items.append(item)
        elif not self._broken:
            try:
                self._conn.send(item)
            except OSError:  # the worker failed and left: its error is read at ``result``
                self._broken = True

    def result(self) -> Any:
        if self._proc is None:
            return self._fn(iter(self._items))
        try:
            if not self._broken:
                self._conn.send(_END)
            status, value = self._conn.recv()
        except (EOFError, OSError):
            status, value = "error", "the worker process ended without a result"
        finally:
            self._proc.join()
            self._conn.close()
        if status != "ok":
            raise RuntimeError(value)
        return value


_END = "__copytrace_feed_end__"


def _feed_worker(fn: Callable[[Iterator[Any]], Any], conn) -> None:
    ended = False  # the parent's end mark was read: nothing more will come

    def items() -> Iterator[Any]:
        nonlocal ended
        while not ended:
            item = conn.recv()
            if isinstance(item, str) and item == _END:
                ended = True
                return
            yield item

    try:
        conn.send(("ok", fn(items())))
    except BaseException as exc:  # reported to the parent as one line
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
        # Read what the parent still sends, up to its end mark: a socket closed with
        # unread data resets the connection, and the parent would lose the error.
        try:
            for _ in items():
                pass
        except (EOFError, OSError):
            pass
    finally:
        conn.close()
