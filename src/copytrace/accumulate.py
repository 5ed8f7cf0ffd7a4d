"""Sketches of a whole corpus, gathered chunk by chunk in bounded memory.

The per-text parts of :class:`~copytrace.sketch.Sketches` go straight into arrays
allocated once for the corpus (no list of parts concatenated at the end, which would
need twice the memory). Winnowed fingerprints, about 120 a text, are the largest part
(1.4 GB for a million texts at 12 bytes each); only those whose value occurs more than
once can link two texts. They are filed as they arrive into 16 buckets by their top
bits (on disk when the buffer has a folder), and :meth:`SketchBuffer.finish` reads one
bucket at a time on each worker and keeps only the repeated values: a quarter of the
entries on the synthetic corpus, the only ones held in memory at once.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .parallel import map_chunks
from .sketch import Sketches

_BUCKET_BITS = 4
_N_BUCKETS = 1 << _BUCKET_BITS


def repeated_entries(values: np.ndarray, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The entries whose value occurs at least twice, sorted by value.

    One sort and a comparison with the neighbours: looking every value up among the
    repeated ones instead (a binary search per entry, in random order) took seven
    times as long on a bucket of 7.5 million.
    """
    order = np.argsort(values)
    ordered = values[order]
    keep = np.zeros(len(ordered), dtype=bool)
    if len(ordered) > 1:
        same = ordered[1:] == ordered[:-1]
        keep[1:] = same
        keep[:-1] |= same
    return ordered[keep], docs[order[keep]]


def _buckets(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """An order grouping ``values`` by bucket, and where each bucket starts in it."""
    bucket = (values >> np.uint64(64 - _BUCKET_BITS)).astype(np.uint8)
    order = np.argsort(bucket, kind="stable")
    return order, np.searchsorted(bucket[order], np.arange(_N_BUCKETS + 1))


class SketchBuffer:
    """Sketches of ``n`` texts, added in chunks in any order, then :meth:`finish`-ed.

    Args:
        n: the number of texts.
        bins: MinHash signature length.
        folder: where to file the fingerprints until :meth:`finish` (default: memory).
    """

    def __init__(self, n: int, bins: int, folder: Path | None = None) -> None:
        self.n = n
        self.n_words = np.zeros(n, dtype=np.int32)
        self.exact = np.zeros(n, dtype=np.uint64)
        self.sig_shingles = np.zeros((n, bins), dtype=np.uint32)
        self.sig_words = np.zeros((n, bins), dtype=np.uint32)
        self.n_rare = np.zeros(n, dtype=np.int32)
        self._doc_type = np.int32 if n < 2**31 else np.int64
        self._folder = folder
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
        self._held: list[list[tuple[np.ndarray, np.ndarray]]] = [[] for _ in range(_N_BUCKETS)]
        self.added = 0

    def _files(self, b: int) -> tuple[Path, Path]:
        assert self._folder is not None
        return self._folder / f"fp{b:02d}.values", self._folder / f"fp{b:02d}.docs"

    def add(self, sk: Sketches) -> None:
        rows = slice(sk.first, sk.first + len(sk))
        self.n_words[rows] = sk.n_words
        self.exact[rows] = sk.exact
        self.sig_shingles[rows] = sk.sig_shingles
        self.sig_words[rows] = sk.sig_words
        self.n_rare[rows] = sk.n_rare
        order, bounds = _buckets(sk.fp_values)
        values, docs = sk.fp_values[order], sk.fp_docs[order].astype(self._doc_type)
        for b in range(_N_BUCKETS):
            lo, hi = bounds[b], bounds[b + 1]
            if hi == lo:
                continue
            if self._folder is None:
                self._held[b].append((values[lo:hi].copy(), docs[lo:hi].copy()))
            else:
                value_file, doc_file = self._files(b)
                with open(value_file, "ab") as fv, open(doc_file, "ab") as fd:
                    values[lo:hi].tofile(fv)
                    docs[lo:hi].tofile(fd)
        self.added += len(sk)

    def _bucket(self, b: int) -> tuple[np.ndarray, np.ndarray]:
        """All fingerprints of bucket ``b``, let go of by the buffer."""
        if self._folder is None:
            parts, self._held[b] = self._held[b], []
            if not parts:
                return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=self._doc_type)
            return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])
        value_file, doc_file = self._files(b)
        if not value_file.exists():
            return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=self._doc_type)
        values, docs = np.fromfile(value_file, dtype=np.uint64), np.fromfile(doc_file, dtype=self._doc_type)
        value_file.unlink()
        doc_file.unlink()
        return values, docs

    def finish(self, workers: int = 1) -> Sketches:
        """The corpus's sketches, with only the fingerprints some other entry shares.

        Dropping a fingerprint that occurs once changes no candidate pair: a pair needs
        a value held by two texts. The entries come back sorted by value (bucket by
        bucket, on ``workers`` processes), not in text order: the candidate stage sorts
        them by value and text.
        """
        if self.added != self.n:
            raise ValueError(f"sketches of {self.added} texts added, {self.n} expected")
        kept_v, kept_d = [], []
        # Held in memory, the buckets stay here: a worker would empty only its own copy.
        for _, (values, docs) in map_chunks(_finish_bucket, _N_BUCKETS, state={"buffer": self}, chunk=1,
                                            workers=workers if self._folder is not None else 1):
            kept_v.append(values)
            kept_d.append(docs)
        return Sketches(first=0, n_words=self.n_words, exact=self.exact, sig_shingles=self.sig_shingles,
                        sig_words=self.sig_words, fp_values=np.concatenate(kept_v), fp_docs=np.concatenate(kept_d),
                        n_rare=self.n_rare)


def _finish_bucket(b: int, _: int, state: dict) -> tuple[np.ndarray, np.ndarray]:
    return repeated_entries(*state["buffer"]._bucket(b))


__all__ = ["SketchBuffer", "repeated_entries"]
