"""BERT word pieces of many texts at NumPy speed, the same ids as the model's tokenizer.

The Rust tokenizer splits every word of every text into word pieces anew: about 1 ms
for an article's lead on one core, which caps a GPU encoder at about 12,000 articles a
second on 16 cores while the GPU could take three times that. News repeats its words,
so here each distinct word is split once and remembered (:class:`PieceMemo`), and the
rest is array work:

1. Characters are classed by a table read off the tokenizer itself
   (:func:`character_table`): its normalizer (clean, strip accents, lowercase) maps
   each character of the Basic Multilingual Plane to one character, or deletes it, and
   its pre-tokenizer makes it part of a word, a piece of punctuation of its own, or a
   space. Characters it maps to several (CJK ideographs, Hangul) or that lie outside
   the plane are not in the table: a text holding one goes to the tokenizer itself.
2. Words are runs of word characters; each gets a 64-bit hash of its normalised
   characters (:func:`copytrace.sketch.tokens.hash_spans`) and its pieces from the memo.
3. Each text keeps its first ``max_pieces - 2`` pieces between ``[CLS]`` and ``[SEP]``,
   as the tokenizer's truncation does. Only a text's first 16 characters per piece
   are read, so a huge text costs no more than a lead; one whose start yields too few
   pieces before its last, perhaps cut, word goes to the tokenizer whole.

``tests/test_semantic.py`` checks the ids against the tokenizer's on every character
of the table and on mixed texts.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

import numpy as np

from ..arrays import ranges
from ..sketch.tokens import hash_spans

SPACE, WORD, PUNCT, DELETE, OTHER = range(5)  # character classes; OTHER: ask the tokenizer
_PLANE = 0x10000


def character_table(tokenizer) -> tuple[np.ndarray, np.ndarray]:
    """Class and normalised code point of every BMP character, as ``tokenizer`` sees it.

    Returns ``(classes, replacement)``, each of length 0x10001; the last entry (any
    character beyond the plane) is OTHER.
    """
    normalizer, pre = tokenizer.normalizer, tokenizer.pre_tokenizer
    classes = np.full(_PLANE + 1, OTHER, dtype=np.uint8)
    replacement = np.zeros(_PLANE + 1, dtype=np.uint16)
    for cp in range(_PLANE):
        if 0xD800 <= cp < 0xE000:  # surrogates: not text
            continue
        char = chr(cp)
        norm = normalizer.normalize_str(char) if normalizer is not None else char
        if norm == "":
            classes[cp] = DELETE
            continue
        if len(norm) != 1 or ord(norm) >= _PLANE:
            continue
        split = [w for w, _ in pre.pre_tokenize_str(f"a{norm}b")] if pre is not None else [f"a{norm}b"]
        if split == ["a", "b"]:
            classes[cp] = SPACE
        elif split == [f"a{norm}b"]:
            classes[cp] = WORD
        elif split == ["a", norm, "b"]:
            classes[cp] = PUNCT
        else:
            continue
        replacement[cp] = ord(norm)
    return classes, replacement


class PieceMemo:
    """Word-piece ids of words, remembered by word hash.

    ``pieces_of(hashes, texts_of)`` gives the pieces of a stream of words, flat, and
    each word's count; words not seen before are split by the tokenizer in one batch
    (``texts_of(indices)`` gives their text) and merged into the sorted memory. Threads
    may call it at once: the memory is one tuple, read once per call and replaced
    whole, under a lock, when words are learned.

    Args:
        tokenizer: a ``tokenizers.Tokenizer``; its truncation and padding are switched off.
        drop_unknown: leave ``[UNK]`` out of a word's pieces (a mean of piece vectors
            wants no vector for "unknown"; a transformer reads it).
        max_words: distinct words remembered before the memory is cleared.
    """

    def __init__(self, tokenizer, *, drop_unknown: bool = False, max_words: int = 2_000_000):
        tokenizer.no_truncation()
        tokenizer.no_padding()
        self.tokenizer = tokenizer
        unk = tokenizer.token_to_id("[UNK]")
        self.unknown = -1 if unk is None or not drop_unknown else int(unk)
        self.max_words = max_words
        self._lock = threading.Lock()
        self.clear()

    def clear(self) -> None:
        # sorted word hashes; word k's pieces are flat[first[k]:first[k+1]]
        self.memory = (np.zeros(0, dtype=np.uint64), np.zeros(1, dtype=np.int64), np.zeros(0, dtype=np.int64))

    def __len__(self) -> int:
        return len(self.memory[0])

    def _learn(self, words: list[str], hashes: np.ndarray) -> None:
        ids = [e.ids for e in self.tokenizer.encode_batch_fast(words, add_special_tokens=False)]
        if self.unknown >= 0:
            ids = [[i for i in x if i != self.unknown] for x in ids]
        counts = np.fromiter(map(len, ids), dtype=np.int64, count=len(ids))
        flat = np.fromiter((i for x in ids for i in x), dtype=np.int64, count=int(counts.sum()))
        old_words, old_first, old_flat = self.memory
        all_words = np.concatenate([old_words, hashes])
        all_counts = np.concatenate([np.diff(old_first), counts])
        order = np.argsort(all_words, kind="stable")
        starts = np.concatenate([old_first[:-1], len(old_flat) + np.cumsum(counts) - counts])
        pieces = np.concatenate([old_flat, flat])
        first = np.zeros(len(order) + 1, dtype=np.int64)
        np.cumsum(all_counts[order], out=first[1:])
        self.memory = (all_words[order], first, pieces[ranges(starts[order], all_counts[order])])

    def pieces_of(self, hashes: np.ndarray, texts_of: Callable[[np.ndarray], list[str]]) -> tuple[np.ndarray, np.ndarray]:
        """``(pieces, counts)``: the words' pieces one after another, and how many each has."""
        keys, first, inverse = hashes, None, None
        memory = self.memory
        sample = hashes[:: max(1, len(hashes) // 256)]
        if len(sample) and (_find(memory[0], sample) < 0).mean() > 0.25:  # many new words: look each up once
            keys, first, inverse = np.unique(hashes, return_index=True, return_inverse=True)
        pos = _find(memory[0], keys)
        if (pos < 0).any():
            with self._lock:
                memory = self.memory
                pos = _find(memory[0], keys)
                missing = np.flatnonzero(pos < 0)
                if len(missing):
                    new, at = np.unique(keys[missing], return_index=True)
                    at = missing[at]
                    if len(self) + len(new) > self.max_words:  # full: start again from this stream's words
                        self.clear()
                        new, at = np.unique(keys, return_index=True)
                    self._learn(texts_of(at if first is None else first[at]), new)  # where each word occurs
                    memory = self.memory
                    pos = _find(memory[0], keys)
        if inverse is not None:
            pos = pos[inverse]
        counts = np.diff(memory[1])[pos]
        return memory[2][ranges(memory[1][pos], counts)], counts


def _find(words: np.ndarray, hashes: np.ndarray) -> np.ndarray:
    """Row of each hash in the sorted ``words``, -1 where it is not there."""
    if len(words) == 0:
        return np.full(len(hashes), -1, dtype=np.int64)
    pos = np.searchsorted(words, hashes)
    pos[pos == len(words)] = 0
    return np.where(words[pos] == hashes, pos, -1)


class WordPieces:
    """Texts to word-piece ids with ``[CLS]``/``[SEP]``, truncated: the tokenizer's ids.

    Args:
        tokenizer: the model's ``tokenizers.Tokenizer`` (BERT normalizer and
            pre-tokenizer, WordPiece model).
        max_pieces: pieces per text, the special tokens included.
    """

    def __init__(self, tokenizer, max_pieces: int):
        self.classes, self.replacement = character_table(tokenizer)
        self.max_pieces = max_pieces
        self.chars_per_piece = 16  # characters read per piece wanted (a piece is rarely over 10)
        self.cls_id = int(tokenizer.token_to_id("[CLS]"))
        self.sep_id = int(tokenizer.token_to_id("[SEP]"))
        self.memo = PieceMemo(tokenizer.__class__.from_str(tokenizer.to_str()))
        self.whole = tokenizer.__class__.from_str(tokenizer.to_str())  # for texts outside the table
        self.whole.no_padding()
        self.whole.enable_truncation(max_pieces)

    def __call__(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """``(ids, offsets)``: text ``i``'s ids are ``ids[offsets[i]:offsets[i+1]]``."""
        n = len(texts)
        if n == 0:
            return np.zeros(0, dtype=np.int64), np.zeros(1, dtype=np.int64)
        # Only a text's start is read: a text cut here that yields too few whole words'
        # pieces goes to the tokenizer whole (long runs of spaces or deleted characters).
        limit = self.chars_per_piece * self.max_pieces
        cut = np.fromiter((len(t) > limit for t in texts), dtype=bool, count=n)
        heads = [t[:limit] for t in texts] if cut.any() else texts
        lengths = np.fromiter((len(t) + 1 for t in heads), dtype=np.int64, count=n)
        starts = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(lengths, out=starts[1:])
        points = np.frombuffer(("\n".join(heads) + "\n").encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        classes = self.classes[np.minimum(points, _PLANE)]
        outside = np.add.reduceat(classes == OTHER, starts[:-1]) > 0
        keep = classes != DELETE
        kept_before = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.add.reduceat(keep, starts[:-1]), out=kept_before[1:])  # each text's start once deletions go
        classes = classes[keep]
        chars = self.replacement[np.minimum(points[keep], _PLANE)]
        word = classes == WORD
        edge = np.diff(word.view(np.int8), prepend=0, append=0)
        punct = np.flatnonzero(classes == PUNCT)
        tok_starts = np.concatenate([np.flatnonzero(edge == 1), punct])
        tok_ends = np.concatenate([np.flatnonzero(edge == -1), punct + 1])
        order = np.argsort(tok_starts, kind="stable")
        tok_starts, tok_ends = tok_starts[order], tok_ends[order]
        data = chars.astype("<u2").view(np.uint8)
        hashes = hash_spans(data, 2 * tok_starts, 2 * tok_ends)

        def texts_of(at: np.ndarray) -> list[str]:
            return [data[2 * s : 2 * e].tobytes().decode("utf-16-le") for s, e in
                    zip(tok_starts[at].tolist(), tok_ends[at].tolist())]

        pieces, counts = self.memo.pieces_of(hashes, texts_of)
        tok_doc = np.searchsorted(kept_before, tok_starts, side="right") - 1
        piece_doc = np.repeat(tok_doc, counts)
        per_doc = np.bincount(piece_doc, minlength=n)
        doc_first = np.cumsum(per_doc) - per_doc
        rank = np.arange(len(pieces), dtype=np.int64) - doc_first[piece_doc]
        room = self.max_pieces - 2
        kept = rank < room
        pieces, piece_doc = pieces[kept], piece_doc[kept]
        sizes = np.minimum(per_doc, room) + 2
        offsets = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(sizes, out=offsets[1:])
        ids = np.empty(int(offsets[-1]), dtype=np.int64)
        ids[offsets[:-1]] = self.cls_id
        ids[offsets[1:] - 1] = self.sep_id
        ids[np.arange(len(pieces), dtype=np.int64) + 2 * piece_doc + 1] = pieces
        if cut.any():  # the cut may fall inside a word: the pieces before the last word must fill the room
            last = np.flatnonzero(np.append(tok_doc[1:] != tok_doc[:-1], True)) if len(tok_doc) else tok_doc
            last_pieces = np.zeros(n, dtype=np.int64)
            last_pieces[tok_doc[last]] = counts[last]
            outside |= cut & (per_doc - last_pieces < room)
        if outside.any():
            ids, offsets = self._splice(texts, ids, offsets, np.flatnonzero(outside))
        return ids, offsets

    def _splice(self, texts: Sequence[str], ids: np.ndarray, offsets: np.ndarray,
                which: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Put the tokenizer's own ids in place for the texts the table does not cover."""
        own = [np.asarray(e.ids, dtype=np.int64) for e in
               self.whole.encode_batch_fast([_valid(texts[k]) for k in which.tolist()])]
        seqs = np.split(ids, offsets[1:-1])
        for k, seq in zip(which.tolist(), own):
            seqs[k] = seq
        sizes = np.fromiter(map(len, seqs), dtype=np.int64, count=len(seqs))
        offsets = np.zeros(len(seqs) + 1, dtype=np.int64)
        np.cumsum(sizes, out=offsets[1:])
        return np.concatenate(seqs), offsets


def _valid(text: str) -> str:
    """The text with any lone surrogate replaced (the tokenizer takes valid Unicode only)."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")
