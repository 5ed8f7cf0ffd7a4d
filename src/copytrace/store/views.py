"""Read-only views of a scan's results that live in its :class:`~.scratch.ScanStore`.

A :class:`~copytrace.pipeline.ScanResult` holds these instead of lists: they behave
as sequences (and a mapping, for texts) of the same records, built from the store on
access, so a scan of a million articles never holds all its article records, texts or
passages at once. Writing the outputs streams through them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from typing import Any, TypeVar, overload

import numpy as np

from .. import fastjson
from ..records import Pair
from .scratch import ScanStore, decode_evidence, record_line

#: Records read from the store per query when iterating.
_BATCH = 2000

T = TypeVar("T")


class _StoredSequence(Sequence[T]):
    """A sequence whose item ``k`` is built from the store by :meth:`_item`; equal to
    any sequence of the same items (as the list it stands for would be)."""

    def _item(self, k: int) -> T:
        raise NotImplementedError

    @overload
    def __getitem__(self, i: int) -> T: ...
    @overload
    def __getitem__(self, i: slice) -> list[T]: ...
    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self._item(k) for k in range(*i.indices(len(self)))]
        return self._item(range(len(self))[i])  # negative indices; IndexError when out of range

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and len(self) == len(other) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]


class ArticleRecords(_StoredSequence[dict]):
    """The ``articles.jsonl`` objects of a scan, in scan order."""

    def __init__(self, store: ScanStore, n_words: np.ndarray) -> None:
        self._store = store
        self._n_words = n_words

    def __len__(self) -> int:
        return len(self._n_words)

    def _item(self, k: int) -> dict:
        head, removed = self._store.row(k, "head, removed")
        return fastjson.loads(record_line(head, int(self._n_words[k]), removed))

    def __iter__(self) -> Iterator[dict]:
        for line in self.jsonl_lines():
            yield fastjson.loads(line)

    def jsonl_lines(self) -> Iterator[str]:
        """Each record as its ``articles.jsonl`` line (no newline), without parsing."""
        for _, line in self.id_lines():
            yield line

    def id_lines(self) -> Iterator[tuple[str, str]]:
        """``(id, line)`` of each record, as :meth:`jsonl_lines`."""
        n_words = self._n_words.tolist()
        for k, (article_id, head, removed) in enumerate(self._store.rows("id, head, removed")):
            yield article_id, record_line(head, n_words[k], removed)

    def __repr__(self) -> str:
        return f"<{len(self)} article records in {self._store.folder}>"


class PairView(_StoredSequence[Pair]):
    """The pairs of a scan, in the order found.

    ``light`` holds each pair without its passages and changes (what clustering and
    provenance work on, and what counting needs); indexing or iterating gives whole
    :class:`Pair` records, with the passages and changes read from the store. The
    stored changes read from ``a`` to ``b``: they are turned round for a pair whose
    source is ``b`` (as :func:`copytrace.provenance.orient` does in memory).
    """

    def __init__(self, light: list[Pair], store: ScanStore, keys: np.ndarray | None = None) -> None:
        self.light = light
        self._store = store
        #: The store's key of each pair's evidence, increasing.
        self._keys = np.arange(len(light), dtype=np.int64) if keys is None else np.asarray(keys, dtype=np.int64)

    def __len__(self) -> int:
        return len(self.light)

    def _whole(self, k: int, blob: bytes) -> Pair:
        p = self.light[k]
        passages, changes = decode_evidence(blob)
        if p.source is not None and p.source == p.b:
            changes = [(new, old) for old, new in changes]
        return replace(p, coverage=dict(p.coverage), passages=passages, changes=changes,
                       direction_evidence=list(p.direction_evidence))

    def _item(self, k: int) -> Pair:
        key = int(self._keys[k])
        return self._whole(k, self._store.evidence(key, key + 1)[key])

    def __iter__(self) -> Iterator[Pair]:
        return self.between(0, len(self))

    def between(self, start: int, stop: int) -> Iterator[Pair]:
        """Pairs ``start`` to ``stop - 1``, read from the store in batches."""
        stop = min(stop, len(self))
        for lo in range(start, stop, _BATCH):
            hi = min(lo + _BATCH, stop)
            keys = self._keys[lo:hi].tolist()
            blobs = self._store.evidence(keys[0], keys[-1] + 1)
            for k, key in zip(range(lo, hi), keys):
                yield self._whole(k, blobs[key])

    def __repr__(self) -> str:
        return f"<{len(self)} pairs in {self._store.folder}>"


class TextView(Mapping[str, str]):
    """Article id -> cleaned text (what passage offsets refer to), read on access."""

    def __init__(self, store: ScanStore, ids: Sequence[Any]) -> None:
        self._store = store
        self._ids = ids

    def __getitem__(self, article_id: str) -> str:
        try:
            text = self._store.text_of(article_id)
        except sqlite3.Error:  # a key of a type SQLite cannot compare
            text = None
        if text is None:
            raise KeyError(article_id)
        return text

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)

    def __repr__(self) -> str:
        return f"<{len(self)} texts in {self._store.folder}>"


__all__ = ["ArticleRecords", "PairView", "TextView"]
