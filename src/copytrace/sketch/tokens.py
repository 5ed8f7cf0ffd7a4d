"""Vectorised word tokenisation into 64-bit hashes.

Texts are tokenised as UTF-8 bytes with NumPy rather than one Python call per word:
a byte is a word byte when it is an ASCII letter or digit, ``_``, or part of a
non-ASCII letter; Unicode punctuation that news text uses (curly quotes, dashes,
no-break space, « ») is treated as a separator. A token's first 16 bytes are read as
two little-endian 64-bit words (one unaligned gather each, no per-byte pass) and mixed
with its length; the rare longer tokens add a polynomial hash of their remaining bytes.
The hash of a word is the same in every text, run, process and machine, which is what
lets sketches be stored and compared later.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

_U64 = np.uint64
_PRIME = _U64(0x100000001B3)  # odd, so invertible modulo 2**64
_PRIME_INV = _U64(pow(int(_PRIME), -1, 2**64))


def _word_byte_table() -> np.ndarray:
    table = np.zeros(256, dtype=bool)
    for lo, hi in ((ord("a"), ord("z")), (ord("A"), ord("Z")), (ord("0"), ord("9"))):
        table[lo : hi + 1] = True
    table[ord("_")] = True
    table[0x80:] = True  # bytes of non-ASCII characters; punctuation is masked below
    return table


_WORD_BYTE = _word_byte_table()
_NUMBER_JOIN = np.zeros(256, dtype=bool)
_NUMBER_JOIN[[ord(","), ord("."), ord("/"), ord("-"), ord(":")]] = True
_LOWER = np.arange(256, dtype=np.uint8)
_LOWER[ord("A") : ord("Z") + 1] += 32


def mix64(h: np.ndarray) -> np.ndarray:
    """A bijective 64-bit finaliser (splitmix64), so that derived hashes look random."""
    h = h ^ (h >> _U64(30))
    h = h * _U64(0xBF58476D1CE4E5B9)
    h = h ^ (h >> _U64(27))
    h = h * _U64(0x94D049BB133111EB)
    return h ^ (h >> _U64(31))


def sequence_hashes(hashes: np.ndarray, offsets: np.ndarray, salt: int = 1) -> np.ndarray:
    """Order-sensitive hash of each segment ``hashes[offsets[i]:offsets[i + 1]]``: the
    same words in the same order give the same hash (a sum of position-salted word
    hashes, so segments are hashed in one pass); empty segments hash alike.

    Args:
        hashes: token hashes, segment after segment.
        offsets: segment bounds, non-decreasing, ``offsets[-1] == len(hashes)``.
        salt: tells apart hashes of different kinds of sequence.
    """
    counts = np.diff(offsets)
    sums = np.zeros(len(counts), dtype=_U64)
    filled = np.flatnonzero(counts)
    if len(filled):
        local = (np.arange(len(hashes), dtype=np.int64) - np.repeat(offsets[:-1], counts)).astype(_U64)
        with np.errstate(over="ignore"):
            terms = mix64(hashes ^ mix64(local + _U64(salt)))
        sums[filled] = np.add.reduceat(terms, offsets[:-1][filled])
    return mix64(sums ^ counts.astype(_U64))


_POW_CACHE: dict[str, np.ndarray] = {}


def _powers(n: int) -> tuple[np.ndarray, np.ndarray]:
    """``PRIME**i`` and ``PRIME**-i`` modulo 2**64 for i < n (cached, grown by doubling)."""
    pw = _POW_CACHE.get("pw")
    if pw is None or len(pw) < n:
        size = max(n, 2 * (0 if pw is None else len(pw)), 1 << 16)
        with np.errstate(over="ignore"):
            pw = np.cumprod(np.full(size, _PRIME, dtype=_U64)) * _PRIME_INV
            inv = np.cumprod(np.full(size, _PRIME_INV, dtype=_U64)) * _PRIME
        _POW_CACHE["pw"], _POW_CACHE["inv"] = pw, inv
    return _POW_CACHE["pw"][:n], _POW_CACHE["inv"][:n]


@dataclass(slots=True)
class TokenStream:
    """Tokens of several texts, flat.

    ``hashes[doc_offsets[i]:doc_offsets[i+1]]`` are the tokens of text ``i``;
    ``starts``/``ends`` are byte offsets of each token in the text's UTF-8 encoding,
    relative to the start of that text.
    """

    hashes: np.ndarray  # uint64
    starts: np.ndarray  # int64
    ends: np.ndarray  # int64
    doc_offsets: np.ndarray  # int64, len n_texts + 1
    numeric: np.ndarray | None = None  # bool: the token starts with a digit
    capital: np.ndarray | None = None  # bool: the token starts with an ASCII capital

    @property
    def n_texts(self) -> int:
        return len(self.doc_offsets) - 1

    def counts(self) -> np.ndarray:
        return np.diff(self.doc_offsets)

    def doc_index(self) -> np.ndarray:
        """The text number of every token."""
        return np.repeat(np.arange(self.n_texts, dtype=np.int64), self.counts())

    def select(self, texts: np.ndarray) -> TokenStream:
        """The tokens of the texts numbered ``texts`` (in that order), as a stream of their own."""
        counts = self.counts()[texts]
        offsets = np.zeros(len(counts) + 1, dtype=np.int64)
        np.cumsum(counts, out=offsets[1:])
        at = np.arange(offsets[-1], dtype=np.int64) + np.repeat(self.doc_offsets[:-1][texts] - offsets[:-1], counts)
        numeric = None if self.numeric is None else self.numeric[at]
        capital = None if self.capital is None else self.capital[at]
        return TokenStream(self.hashes[at], self.starts[at], self.ends[at], offsets, numeric, capital)


def encode_texts(texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """UTF-8 bytes of the texts joined by newlines, lowercased and as given, and each
    text's start. ASCII is lowercased by table; other scripts by ``str.lower``, keeping
    the original bytes for case where lowercasing did not change the byte length."""
    lowered, original = [], []
    for t in texts:
        if t.isascii():
            enc = t.encode("ascii")
            lowered.append(enc)
            original.append(enc)
            continue
        low = t.lower().encode("utf-8", "replace")
        orig = t.encode("utf-8", "replace")
        lowered.append(low)
        original.append(orig if len(orig) == len(low) else low)
    lengths = np.fromiter((len(e) + 1 for e in lowered), dtype=np.int64, count=len(lowered))
    text_starts = np.zeros(len(lowered) + 1, dtype=np.int64)
    np.cumsum(lengths, out=text_starts[1:])
    data = np.frombuffer(b"\n".join(lowered) + b"\n", dtype=np.uint8)
    raw = np.frombuffer(b"\n".join(original) + b"\n", dtype=np.uint8)
    return _LOWER[data], raw, text_starts


def _word_mask(data: np.ndarray) -> np.ndarray:
    is_word = _WORD_BYTE[data]
    # Unicode punctuation: U+2000-U+206F (E2 80 xx, E2 81 xx) and U+00A0-U+00BF (C2 xx).
    lead = np.flatnonzero(data[:-2] == 0xE2)
    if lead.size:
        lead = lead[(data[lead + 1] == 0x80) | (data[lead + 1] == 0x81)]
        for k in range(3):
            is_word[lead + k] = False
    lead = np.flatnonzero(data[:-1] == 0xC2)
    if lead.size:
        lead = lead[data[lead + 1] >= 0xA0]
        is_word[lead] = False
        is_word[lead + 1] = False
    # A separator between two digits belongs to the number ("1,000", "5.75", "8-3/4"):
    # split, its pieces ("1", "000") would match across unrelated figures.
    digit = (data >= ord("0")) & (data <= ord("9"))
    between = np.flatnonzero(digit[:-2] & digit[2:]) + 1  # few: look up only these
    joins = between[_NUMBER_JOIN[data[between]]]
    is_word[joins] = True
    return is_word


#: ``_LOW_BYTES[k]`` keeps the low k bytes of a little-endian 64-bit word (k = 0..8).
_LOW_BYTES = np.array([(1 << (8 * k)) - 1 for k in range(8)] + [2**64 - 1], dtype=_U64)


def hash_spans(data: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """64-bit hash of each byte span ``data[starts[i]:ends[i]]``."""
    length = ends - starts
    padded = np.concatenate([data, np.zeros(16, dtype=np.uint8)])
    # Every byte offset seen as the start of a little-endian uint64 (unaligned reads).
    words = np.ndarray((len(padded) - 7,), dtype="<u8", buffer=padded, strides=(1,))
    with np.errstate(over="ignore"):
        lo = words[starts] & _LOW_BYTES[np.minimum(length, 8)]
        hi = words[starts + 8] & _LOW_BYTES[np.clip(length - 8, 0, 8)]
        hashes = mix64(lo ^ mix64(hi ^ length.astype(_U64)))
        long = np.flatnonzero(length > 16)
        if len(long):
            hashes[long] = mix64(hashes[long] ^ _polynomial_hash(data, starts[long] + 16, ends[long]))
    return hashes


def _polynomial_hash(data: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Polynomial hash of each span, from prefix sums over just those spans' bytes."""
    lengths = ends - starts
    offsets = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    pos = np.arange(offsets[-1]) - np.repeat(offsets[:-1] - starts, lengths)
    pw, inv = _powers(int(offsets[-1]) + 1)
    with np.errstate(over="ignore"):
        prefix = np.zeros(int(offsets[-1]) + 1, dtype=_U64)
        np.cumsum(data[pos].astype(_U64) * pw[: offsets[-1]], out=prefix[1:])
        return (prefix[offsets[1:]] - prefix[offsets[:-1]]) * inv[offsets[:-1]]


def tokenize(texts: list[str]) -> TokenStream:
    """Tokenise texts into word hashes in one vectorised pass.

    Args:
        texts: the texts; case is folded (ASCII by table, other scripts by ``str.lower``).

    Returns:
        A :class:`TokenStream` with one uint64 hash per word.
    """
    if not texts:
        z, no = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=bool)
        return TokenStream(z.astype(_U64), z, z, np.zeros(1, dtype=np.int64), no, no)
    return tokenize_encoded(*encode_texts(texts))


def tokenize_encoded(data: np.ndarray, original: np.ndarray, text_starts: np.ndarray) -> TokenStream:
    """:func:`tokenize` on texts already encoded by :func:`encode_texts` (one text or
    more): for a caller that reads the bytes too."""
    n_texts = len(text_starts) - 1
    is_word = _word_mask(data)
    edge = np.diff(is_word.view(np.int8), prepend=np.int8(0), append=np.int8(0))
    starts = np.flatnonzero(edge == 1)
    ends = np.flatnonzero(edge == -1)
    hashes = hash_spans(data, starts, ends)
    doc_of_token = np.searchsorted(text_starts, starts, side="right") - 1
    doc_offsets = np.searchsorted(doc_of_token, np.arange(n_texts + 1), side="left").astype(np.int64)
    base = text_starts[doc_of_token]
    first = data[starts]
    numeric = (first >= ord("0")) & (first <= ord("9"))
    capital = (original[starts] >= ord("A")) & (original[starts] <= ord("Z"))
    return TokenStream(hashes, starts - base, ends - base, doc_offsets, numeric, capital)


def hash_words(words: list[str]) -> np.ndarray:
    """The token hash of each word (as :func:`tokenize` would give it)."""
    return tokenize(words).hashes


class HashSet:
    """Membership test for a set of token hashes in one gather.

    A bitmap indexed by the low bits of the hash; false positives are possible at a
    rate of ``len(set) / 2**bits`` and are harmless for the uses here (skipping a
    word as common).
    """

    def __init__(self, hashes: np.ndarray, bits: int = 22):
        self.mask = _U64((1 << bits) - 1)
        self.bitmap = np.zeros(1 << bits, dtype=bool)
        self.bitmap[(np.asarray(hashes, dtype=_U64) & self.mask).astype(np.int64)] = True

    def contains(self, hashes: np.ndarray) -> np.ndarray:
        return self.bitmap[(hashes & self.mask).astype(np.int64)]
