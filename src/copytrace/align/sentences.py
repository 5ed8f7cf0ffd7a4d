"""Per-article sentence tables: what the aligner compares, built for many articles at once."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from ..records import CleanArticle
from ..sketch import Sketcher, tokenize
from ..sketch.tokens import mix64

# Quotations, matched on the UTF-8 bytes of the text. An unclosed quote runs to the end
# of its paragraph (news style for quotes that continue in the next paragraph).
_QUOTE_RE = re.compile(
    rb"\xe2\x80\x9c[^\n]*?(?:\xe2\x80\x9d|$)"  # “ ... ”
    rb"|\xe2\x80\x98[^\n]*?(?:\xe2\x80\x99(?![A-Za-z0-9])|$)"  # ‘ ... ’ (not an apostrophe)
    rb"|\xc2\xab[^\n]*?(?:\xc2\xbb|$)"  # « ... »
    rb'|"[^"\n]*(?:"|$)',  # "..."
    re.MULTILINE,
)


@dataclass(slots=True)
class SentenceTable:
    """The sentences of one cleaned article, as token hashes.

    ``content``/``content_owner`` hold each sentence's distinct content words (sorted
    by hash) and the sentence they belong to; ``trigrams`` the article's distinct word
    trigrams outside quotations, which measure shared wording rather than shared facts.
    """

    spans: np.ndarray  # (n, 2) char offsets into the cleaned text
    n_tokens: np.ndarray  # (n,) words per sentence
    n_content: np.ndarray  # (n,) distinct content words per sentence
    exact: np.ndarray  # (n,) uint64 hash of the sentence's word sequence
    quoted: np.ndarray  # (n,) share of the sentence's words inside quotation marks
    content: np.ndarray  # uint64, sorted
    content_owner: np.ndarray  # int64, sentence of each content entry
    content_weight: np.ndarray  # float64, IDF weight of each content entry
    content_anchor: np.ndarray  # bool, the entry is a name or a figure (see _anchor_words)
    weight: np.ndarray  # (n,) summed content weight per sentence
    trigrams: np.ndarray  # uint64, sorted, distinct
    n_words: int
    words: np.ndarray = None  # uint64, the article's distinct content words, sorted
    word_weight: np.ndarray = None  # float64, their IDF weights

    def __len__(self) -> int:
        return len(self.spans)


def _char_to_byte(text: str) -> np.ndarray:
    """Byte offset in UTF-8 of every char offset 0..len(text)."""
    if text.isascii():
        return np.arange(len(text) + 1, dtype=np.int64)
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    width = 1 + (codes >= 0x80) + (codes >= 0x800) + (codes >= 0x10000)
    out = np.zeros(len(text) + 1, dtype=np.int64)
    np.cumsum(width, out=out[1:])
    return out


def _quote_mask(text: str, token_starts: np.ndarray) -> np.ndarray:
    spans = [(m.start(), m.end()) for m in _QUOTE_RE.finditer(text.encode("utf-8"))]
    if not spans:
        return np.zeros(len(token_starts), dtype=bool)
    bounds = np.array(spans, dtype=np.int64)
    idx = np.searchsorted(bounds[:, 0], token_starts, side="right") - 1
    inside = idx >= 0
    inside[inside] = token_starts[inside] < bounds[idx[inside], 1]
    return inside


def build_tables(articles: list[CleanArticle], sketcher: Sketcher) -> list[SentenceTable]:
    """Sentence tables for several cleaned articles (one tokenisation pass for all)."""
    tokens = tokenize([a.text for a in articles])
    tables = []
    for i, art in enumerate(articles):
        lo, hi = tokens.doc_offsets[i], tokens.doc_offsets[i + 1]
        tables.append(
            _table(art, tokens.hashes[lo:hi], tokens.starts[lo:hi], tokens.numeric[lo:hi], tokens.capital[lo:hi], sketcher)
        )
    return tables


def _table(
    art: CleanArticle,
    hashes: np.ndarray,
    starts: np.ndarray,
    numeric: np.ndarray,
    capital: np.ndarray,
    sketcher: Sketcher,
) -> SentenceTable:
    spans = np.asarray(art.sentences, dtype=np.int64).reshape(-1, 2)
    n = len(spans)
    to_byte = _char_to_byte(art.text)
    sent_start = to_byte[np.clip(spans[:, 0], 0, len(art.text))]
    owner = np.searchsorted(sent_start, starts, side="right") - 1
    owner = np.clip(owner, 0, max(n - 1, 0))
    quoted = _quote_mask(art.text, starts)
    n_tokens = np.bincount(owner, minlength=n) if n else np.zeros(0, dtype=np.int64)
    quoted_share = np.bincount(owner, weights=quoted, minlength=n) / np.maximum(n_tokens, 1) if n else np.zeros(0)

    content = sketcher.content_mask(hashes)
    # Names and figures: capitalised words not opening a sentence, and numbers. A copy
    # keeps them wherever it moves them; a template fills in other ones.
    opens = np.ones(len(owner), dtype=bool)
    opens[1:] = owner[1:] != owner[:-1]
    anchor_words = np.unique(hashes[content & (numeric | (capital & ~opens))])
    c_hash, c_owner = hashes[content], owner[content]
    # Distinct (sentence, word) entries, sorted by word hash for the aligner's join.
    key = c_hash ^ mix64(c_owner.astype(np.uint64) + np.uint64(1))
    _, first = np.unique(key, return_index=True)
    c_hash, c_owner = c_hash[first], c_owner[first]
    order = np.argsort(c_hash, kind="stable")
    c_hash, c_owner = c_hash[order], c_owner[order]
    c_anchor = np.isin(c_hash, anchor_words, assume_unique=False)
    n_content = np.bincount(c_owner, minlength=n) if n else np.zeros(0, dtype=np.int64)
    c_weight = sketcher.idf(c_hash)
    weight = np.bincount(c_owner, weights=c_weight, minlength=n) if n else np.zeros(0)

    with np.errstate(over="ignore"):
        pos = np.arange(len(hashes), dtype=np.uint64)
        local = pos - np.repeat(np.cumsum(n_tokens) - n_tokens, n_tokens).astype(np.uint64)[: len(hashes)]
        terms = mix64(hashes ^ mix64(local + np.uint64(7)))
        exact = np.zeros(n, dtype=np.uint64)
        if n and len(hashes):
            sums = np.zeros(n, dtype=np.uint64)
            np.add.at(sums, owner, terms)
            exact = mix64(sums ^ n_tokens.astype(np.uint64))
        trigram = hashes[:-2] * np.uint64(0x9E3779B97F4A7C15) + hashes[1:-1] * np.uint64(31) + hashes[2:]
    free = ~(quoted[:-2] | quoted[1:-1] | quoted[2:]) if len(hashes) >= 3 else np.zeros(0, dtype=bool)
    trigrams = np.unique(mix64(trigram[free])) if len(hashes) >= 3 else np.zeros(0, dtype=np.uint64)
    return SentenceTable(
        spans=spans,
        n_tokens=n_tokens.astype(np.int64),
        n_content=n_content.astype(np.int64),
        exact=exact,
        quoted=quoted_share,
        content=c_hash,
        content_owner=c_owner.astype(np.int64),
        content_weight=c_weight,
        content_anchor=c_anchor,
        weight=weight,
        trigrams=trigrams,
        n_words=int(len(hashes)),
        words=(words := np.unique(c_hash)),
        word_weight=sketcher.idf(words),
    )
