"""Per-article sentence tables: what the aligner compares, built for many articles at once."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from ..arrays import in_sorted, unique_sorted
from ..records import CleanArticle
from ..sketch import Sketcher, TokenStream, tokenize
from ..sketch.frames import (distinct_fillings, figure_words, filled_keys, filling_hashes, folded_words,
                             frame_hashes, sentence_frames, table_rows)
from ..sketch.tokens import HashSet, encode_texts, hash_spans, hash_words, mix64, sequence_hashes, tokenize_encoded
from ..sketch.winnow import winnow

#: Words in the windows that seed verbatim runs (:func:`copytrace.align.aligner.verbatim_runs`):
#: eight words in a row shared by two texts are seldom chance.
RUN_WORDS = 8
#: Runs this long (a partial copy's length) count as copied text. Each table keeps the
#: winnowed minima of its windows, so that any run this long shares at least one of them.
LONG_RUN_WORDS = 30

#: Days and months: capitalised, yet no name of a subject. An update says "on Wednesday"
#: where the story it updates said "on Tuesday".
CALENDAR_WORDS = (
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december jan feb mar apr jun jul aug sep sept oct nov dec"
).split()
_CALENDAR = HashSet(hash_words(CALENDAR_WORDS))
#: Legal forms: names, yet they say what kind of body, not which one: "Sun Co" and
#: "Marathon Petroleum Co" name two companies.
LEGAL_FORMS = "co corp inc ltd plc llc lp ag sa nv spa bv gmbh kk".split()
LEGAL_FORM = HashSet(hash_words(LEGAL_FORMS))

#: Title words are compared by their first five bytes, letters in ASCII (truncation stemming): a
#: company's title may say "Bancorp" where its re-issue says "Bancorporation".
TITLE_STEM_BYTES = 5

# Quotations, matched on the UTF-8 bytes of the text. An unclosed quote runs to the end
# of its paragraph (news style for quotes that continue in the next paragraph). A
# straight quote opens where it follows a space or an opening mark and closes where it
# follows a word or a stop and ends one: a stray mark (the close of a quote cut away,
# or of one that ran over from the paragraph before) would otherwise pair each later
# close with the next opening and leave the quotations between them unquoted.
_QUOTE_RE = re.compile(
    rb"\xe2\x80\x9c[^\n]*?(?:\xe2\x80\x9d|$)"  # “ ... ”
    rb"|\xe2\x80\x98[^\n]*?(?:\xe2\x80\x99(?![A-Za-z0-9])|$)"  # ‘ ... ’ (not an apostrophe)
    rb"|\xc2\xab[^\n]*?(?:\xc2\xbb|$)"  # « ... »
    # "...": opens after a space, a line start or an opening mark (the look back past
    # the mark is written after it: a branch that starts with a literal lets the engine
    # skip to the next candidate byte, where a lookbehind first tries every byte), and
    # closes at the first mark after a word or a stop that ends one, or at the line's
    # end. Possessive runs of other bytes, not a lazy scan that tries the close at every
    # byte: the same matches, in two thirds of the time.
    rb"""|"(?<![^\s(\[:]")(?:[^\n"]++|"(?!(?<=\S")(?:[\s.,;:!?)\]'-]|$)))*+(?:"|$)""",
    re.MULTILINE,
)


@dataclass(slots=True)
class SentenceTable:
    """The sentences of one cleaned article, as token hashes.

    ``content``/``content_owner`` hold each sentence's distinct content words (sorted
    by hash) and the sentence they belong to; ``trigrams`` the article's distinct word
    trigrams outside quotations, which measure shared wording rather than shared facts
    (found on first use: a pair decided as a copy before the rules read them needs none).
    """

    spans: np.ndarray  # (n, 2) char offsets into the cleaned text
    n_tokens: np.ndarray  # (n,) words per sentence
    n_content: np.ndarray  # (n,) distinct content words per sentence
    exact: np.ndarray  # (n,) uint64 hash of the sentence's word sequence
    formula: np.ndarray  # (n,) bool: the sentence fills a frame the corpus fills in several ways (a notice, a posting)
    standard: np.ndarray  # (n,) bool: ... filled in as many texts print it (the usual fees), not with data of its own
    quoted: np.ndarray  # (n,) share of the sentence's words inside quotation marks
    names: np.ndarray  # (n,) share of the sentence's words capitalised past its first (a list of names is near 1)
    content: np.ndarray  # uint64, sorted within the article
    content_owner: np.ndarray  # int64, sentence of each content entry
    content_weight: np.ndarray  # float64, IDF weight of each content entry
    content_word: np.ndarray  # int64, index of each content entry's word in ``words``
    weight: np.ndarray  # (n,) summed content weight per sentence
    n_words: int
    words: np.ndarray  # uint64, the article's distinct content words, sorted
    word_weight: np.ndarray  # float64, their IDF weights
    word_anchor: np.ndarray  # bool, the word is a name or a figure somewhere in the article
    word_figure: np.ndarray  # bool, the word is a figure (a number)
    word_name: np.ndarray  # bool, the word is a name: an anchor that is no figure and no day or month
    word_subject: np.ndarray  # bool, a name of two of the article's sentences or more
    word_entries: np.ndarray  # (len(words) + 1,) int64: word j's entries are content[word_entries[j]:word_entries[j + 1]]
    n_names: np.ndarray  # (n,) distinct names per sentence
    row: np.ndarray  # (n,) bool: a table's row (:func:`copytrace.sketch.frames.table_rows`): data, not prose
    # Words in text order, for verbatim runs across sentence boundaries.
    token_chars: np.ndarray  # (t, 2) char offsets of each word in the cleaned text
    token_quoted: np.ndarray  # (t,) bool: the word is inside quotation marks
    token_capital: np.ndarray  # (t,) bool: the word is capitalised (a list of names is nearly all)
    tokens: np.ndarray  # (t,) uint64 hash of each word (sentence s holds ``n_tokens[s]`` of them)
    windows: np.ndarray  # (t - RUN_WORDS + 1,) uint64 hash of the words from each one on
    run_marks: np.ndarray  # uint64, sorted, distinct: winnowed windows, one in any LONG_RUN_WORDS words
    # The subject a text that names nothing (a dividend notice: figures and dates) leaves
    # to its title: the title's content words, no figures, that the text does not hold,
    # each as the hash of its first TITLE_STEM_BYTES bytes (a light stem: "bancorp" is
    # "bancorporation"), and their IDF weights. Empty when the text names anything or
    # has no title.
    title_stems: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.uint64))
    title_weight: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float64))
    _trigrams: np.ndarray | None = field(default=None, repr=False)
    _token_starts: np.ndarray | None = field(default=None, repr=False)

    def __len__(self) -> int:
        return len(self.spans)

    @property
    def token_starts(self) -> np.ndarray:
        """(n + 1,) int64: the first word of each sentence in ``tokens`` (sentence s
        holds ``tokens[token_starts[s]:token_starts[s + 1]]``), and the word count last."""
        if self._token_starts is None:
            self._token_starts = np.zeros(len(self.n_tokens) + 1, dtype=np.int64)
            np.cumsum(self.n_tokens, out=self._token_starts[1:])
        return self._token_starts

    @property
    def trigrams(self) -> np.ndarray:
        """uint64, sorted, distinct: the hashes of the word trigrams outside quotations."""
        if self._trigrams is None:
            self._trigrams = word_trigrams(self.tokens, self.token_quoted)
        return self._trigrams


def window_hashes(hashes: np.ndarray, width: int, starts: np.ndarray | None = None) -> np.ndarray:
    """Hash of the ``width`` words from each word on (``len(hashes) - width + 1`` of
    them), or from each of ``starts`` only: a polynomial in the (already mixed) word
    hashes, so the same words in another order make another window."""
    if starts is None:
        n_win = max(len(hashes) - width + 1, 0)
        win = hashes[:n_win].copy()
        following = [hashes[m : m + n_win] for m in range(1, width)]
    else:
        win = hashes[starts]
        following = [hashes[starts + m] for m in range(1, width)]
    with np.errstate(over="ignore"):
        for words in following:
            win *= np.uint64(0x100000001B3)
            win += words
    return win


def word_trigrams(hashes: np.ndarray, quoted: np.ndarray) -> np.ndarray:
    """The distinct hashes, sorted, of a text's word trigrams with no word in quotation
    marks (``hashes``, ``quoted``: its words in order)."""
    with np.errstate(over="ignore"):
        trigram = hashes[:-2] * np.uint64(0x9E3779B97F4A7C15) + hashes[1:-1] * np.uint64(31) + hashes[2:]
    ok = ~(quoted[:-2] | quoted[1:-1] | quoted[2:])
    return unique_sorted(mix64(trigram[ok]))


def char_to_byte(text: str) -> np.ndarray:
    """Byte offset in UTF-8 of every char offset 0..len(text)."""
    if text.isascii():
        return np.arange(len(text) + 1, dtype=np.int64)
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    width = 1 + (codes >= 0x80) + (codes >= 0x800) + (codes >= 0x10000)
    out = np.zeros(len(text) + 1, dtype=np.int64)
    np.cumsum(width, out=out[1:])
    return out


_DOC_SHIFT = np.int64(1 << 40)  # doc * _DOC_SHIFT + byte offset orders positions of all texts
#: Languages that capitalise every noun: there a capital marks no name by itself.
NOUN_CAPITALISING = frozenset({"de", "lb"})
#: Keys a word by its article (hash XOR article number times this odd constant).
_DOC_KEY = np.uint64(0x9E3779B97F4A7C15)


def _paired_capitals(hashes: np.ndarray, capital: np.ndarray, owner: np.ndarray, doc: np.ndarray,
                     opens: np.ndarray) -> np.ndarray:
    """Per token: its word stands somewhere in its article beside another capitalised
    word, neither opening a sentence ("Matthias Tessmer", "Tessmer Logistik"). In a
    language that capitalises every noun, that is what marks a name: nouns come one at
    a time ("die Halle", "Einsatzkräfte"), joined into compounds."""
    pair = np.zeros(len(owner), dtype=bool)
    pair[1:] = capital[1:] & capital[:-1] & ~opens[:-1] & (owner[1:] == owner[:-1])
    in_pair = pair.copy()
    in_pair[:-1] |= pair[1:]
    with np.errstate(over="ignore"):
        keys = hashes ^ (doc.astype(np.uint64) * _DOC_KEY)
    return in_sorted(keys, unique_sorted(keys[in_pair]))


def _doc_hash_order(doc: np.ndarray, hashes: np.ndarray) -> np.ndarray:
    """Stable order of entries by (article, hash), for entries grouped by article
    (``doc`` non-decreasing).

    One plain sort of packed integer keys (article, the hash's top bits, the entry's
    place in its article) rather than a stable argsort or a two-key lexsort: NumPy's
    plain sort of integers is several times faster, and the place keeps the order
    stable. Two hashes of one article alike in their top bits (at least 32 of them)
    would be ordered by place; that is checked, and then the exact lexsort decides.
    """
    n = len(doc)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    if np.any(doc[1:] < doc[:-1]):
        return np.lexsort((hashes, doc))
    starts = np.flatnonzero(np.concatenate(([True], doc[1:] != doc[:-1])))
    local = np.arange(n, dtype=np.int64) - np.repeat(starts, np.diff(np.append(starts, n)))
    d_bits, l_bits = max(1, int(doc[-1]).bit_length()), int(local.max()).bit_length()
    h_bits = 64 - d_bits - l_bits
    if h_bits < 32:
        return np.lexsort((hashes, doc))
    key = doc.astype(np.uint64) << np.uint64(64 - d_bits)
    key |= (hashes >> np.uint64(64 - h_bits)) << np.uint64(l_bits)
    key |= local.astype(np.uint64)
    key.sort()
    doc_start = np.searchsorted(doc, np.arange(int(doc[-1]) + 1))
    order = doc_start[(key >> np.uint64(64 - d_bits)).astype(np.int64)] + (key & np.uint64((1 << l_bits) - 1)).astype(np.int64)
    h, d = hashes[order], doc[order]
    if np.any((d[1:] == d[:-1]) & (h[1:] < h[:-1])):
        return np.lexsort((hashes, doc))
    return order


def _distinct_per_article(doc: np.ndarray, hashes: np.ndarray, n_docs: int) -> tuple[np.ndarray, np.ndarray]:
    """Each article's distinct hashes, sorted, one article after another, and the bounds
    of each article's share: article ``d`` holds ``hashes[bounds[d]:bounds[d + 1]]``."""
    order = _doc_hash_order(doc, hashes)
    hashes, doc = hashes[order], doc[order]
    first = np.ones(len(hashes), dtype=bool)
    first[1:] = (hashes[1:] != hashes[:-1]) | (doc[1:] != doc[:-1])
    return hashes[first], np.searchsorted(doc[first], np.arange(n_docs + 1))


@dataclass(slots=True)
class _Sentences:
    """Where the sentences of several articles lie among their tokens."""

    spans: list[np.ndarray]  # per article, (n, 2) char offsets of its sentences
    sent_off: np.ndarray  # (n_docs + 1,) the articles' first sentences, numbered across all
    encoded: list[bytes]  # the texts in UTF-8
    to_bytes: list[np.ndarray | None]  # per text, byte offset of each char offset (None for ASCII)
    keep: np.ndarray  # mask over the tokens: in an article with sentences
    owner: np.ndarray  # the sentence (numbered across all) of each kept token
    bounds: np.ndarray  # (n_sentences + 1,) each sentence's first kept token


def _locate_sentences(articles: list[CleanArticle], tokens: TokenStream) -> _Sentences:
    """Each token's sentence. Tokens of articles without sentences take no part; the
    others belong to the last sentence starting at or before them (the first one, for
    text before it). Positions of all texts are keyed ``doc * 2**40 + byte offset``."""
    n_docs = len(articles)
    tok_doc = tokens.doc_index()
    tok_key = tok_doc * _DOC_SHIFT + tokens.starts
    spans = [np.asarray(a.sentences, dtype=np.int64).reshape(-1, 2) for a in articles]
    n_sent = np.array([len(sp) for sp in spans], dtype=np.int64)
    sent_off = np.zeros(n_docs + 1, dtype=np.int64)
    np.cumsum(n_sent, out=sent_off[1:])
    total_sent = int(sent_off[-1])
    # Byte offsets of the sentence starts: the char offsets themselves in ASCII texts,
    # looked up per text in the others (``to_bytes[d]`` is None for an ASCII text).
    encoded = [a.text.encode("utf-8") for a in articles]
    lengths = np.array([len(a.text) for a in articles], dtype=np.int64)
    to_bytes = [None if len(e) == n else char_to_byte(a.text) for a, e, n in zip(articles, encoded, lengths.tolist())]
    sent_doc = np.repeat(np.arange(n_docs, dtype=np.int64), n_sent)
    starts = np.clip(np.concatenate(spans)[:, 0], 0, lengths[sent_doc]) if total_sent else sent_doc
    for d in (d for d, to_byte in enumerate(to_bytes) if to_byte is not None and n_sent[d]):
        starts[sent_off[d] : sent_off[d + 1]] = to_bytes[d][starts[sent_off[d] : sent_off[d + 1]]]
    sent_key = sent_doc * _DOC_SHIFT + starts
    owner = np.searchsorted(sent_key, tok_key, side="right") - 1
    owner = np.clip(owner, sent_off[tok_doc], np.maximum(sent_off[tok_doc + 1] - 1, sent_off[tok_doc]))
    keep = n_sent[tok_doc] > 0
    owner = owner[keep]
    bounds = np.searchsorted(owner, np.arange(total_sent + 1)).astype(np.int64)
    return _Sentences(spans, sent_off, encoded, to_bytes, keep, owner, bounds)


def sentence_fillings(articles: list[CleanArticle], tokens: TokenStream
                      ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The filled frames of the articles' sentences (``tokens`` are their texts' tokens),
    counted for :meth:`copytrace.sketch.Sketcher.learn_formulas`
    (:func:`copytrace.sketch.frames.distinct_fillings`)."""
    where = _locate_sentences(articles, tokens)
    keep = where.keep
    hashes = tokens.hashes[keep]
    text = np.repeat(np.arange(len(articles), dtype=np.int64), np.diff(where.sent_off))
    folded = folded_words(hashes, tokens.numeric[keep], tokens.capital[keep])
    return distinct_fillings(*sentence_frames(hashes, folded, where.bounds), text)


def build_tables(articles: list[CleanArticle], sketcher: Sketcher) -> list[SentenceTable]:
    """Sentence tables for several cleaned articles, in vectorised passes over all of them.

    Every per-token and per-sentence quantity is computed once over the concatenation of
    the articles (positions keyed by ``doc * 2**40 + byte offset``) and then split, so the
    cost per article is a few slices rather than dozens of small NumPy calls.
    """
    n_docs = len(articles)
    if n_docs == 0:
        return []
    tokens = tokenize([a.text for a in articles])
    where = _locate_sentences(articles, tokens)
    spans, sent_off, encoded, to_bytes = where.spans, where.sent_off, where.encoded, where.to_bytes
    total_sent = int(sent_off[-1])
    # Quotations, found in one pass over the texts joined by newlines: no match crosses a
    # newline, and an unclosed quote that runs to a text's end stops at its newline.
    text_start = np.zeros(n_docs + 1, dtype=np.int64)
    np.cumsum([len(e) + 1 for e in encoded], out=text_start[1:])
    spans_q = np.array([m.span() for m in _QUOTE_RE.finditer(b"\n".join(encoded))], dtype=np.int64).reshape(-1, 2)
    quote_doc = np.searchsorted(text_start, spans_q[:, 0], side="right") - 1
    quote_lo = quote_doc * _DOC_SHIFT + spans_q[:, 0] - text_start[quote_doc]
    quote_hi = quote_doc * _DOC_SHIFT + spans_q[:, 1] - text_start[quote_doc]

    keep, owner = where.keep, where.owner
    hashes, tok_doc = tokens.hashes[keep], tokens.doc_index()[keep]
    tok_start, tok_end = tokens.starts[keep], tokens.ends[keep]
    numeric, capital = tokens.numeric[keep], tokens.capital[keep]
    tok_key = tok_doc * _DOC_SHIFT + tok_start
    quoted = np.zeros(len(hashes), dtype=bool)
    if len(quote_lo):
        idx = np.searchsorted(quote_lo, tok_key, side="right") - 1
        hit = idx >= 0
        quoted[hit] = tok_key[hit] < quote_hi[idx[hit]]

    n_tokens = np.bincount(owner, minlength=total_sent)
    quoted_share = np.bincount(owner, weights=quoted, minlength=total_sent) / np.maximum(n_tokens, 1)
    content = sketcher.content_mask(hashes)
    # Names and figures: capitalised words not opening a sentence, and numbers. A copy
    # keeps them wherever it moves them; a template fills in other ones.
    opens = np.ones(len(owner), dtype=bool)
    opens[1:] = owner[1:] != owner[:-1]
    name_tok = capital & ~opens
    nouns_capitalised = [k for k, a in enumerate(articles) if a.article.language in NOUN_CAPITALISING]
    if nouns_capitalised:
        name_tok &= ~np.isin(tok_doc, nouns_capitalised) | _paired_capitals(hashes, capital, owner, tok_doc, opens)
    anchor_tok = numeric | name_tok
    names_share = np.bincount(owner, weights=name_tok, minlength=total_sent) / np.maximum(n_tokens, 1)

    # Distinct (sentence, word) entries, sorted by article then word hash. The sort is
    # stable, so a word's entries keep token order and repeats within a sentence are adjacent.
    c_hash, c_owner, c_doc = hashes[content], owner[content], tok_doc[content]
    order = _doc_hash_order(c_doc, c_hash)
    c_hash, c_owner, c_doc = c_hash[order], c_owner[order], c_doc[order]
    # A word is an anchor (figure) in an article if any of its occurrences there is one.
    word_start = np.ones(len(c_hash), dtype=bool)
    word_start[1:] = (c_hash[1:] != c_hash[:-1]) | (c_doc[1:] != c_doc[:-1])
    word_run = np.cumsum(word_start) - 1
    starts = np.flatnonzero(word_start)
    c_anchor = np.logical_or.reduceat(anchor_tok[content][order], starts)[word_run] if len(starts) else word_start
    c_figure = np.logical_or.reduceat(numeric[content][order], starts)[word_run] if len(starts) else word_start
    first = word_start.copy()
    first[1:] |= c_owner[1:] != c_owner[:-1]
    c_hash, c_owner, c_doc, c_anchor, c_figure = (
        c_hash[first], c_owner[first], c_doc[first], c_anchor[first], c_figure[first])
    # Each article's distinct content words: entries already sorted by (article, word).
    new_word = np.ones(len(c_hash), dtype=bool)
    new_word[1:] = (c_hash[1:] != c_hash[:-1]) | (c_doc[1:] != c_doc[:-1])
    w_hash, w_doc = c_hash[new_word], c_doc[new_word]
    w_weight = sketcher.idf(w_hash)  # looked up once per word and article, not per sentence
    w_anchor, w_figure = c_anchor[new_word], c_figure[new_word]
    w_name = w_anchor & ~w_figure & ~_CALENDAR.contains(w_hash)
    w_bounds = np.searchsorted(w_doc, np.arange(n_docs + 1))
    c_index = np.cumsum(new_word) - 1
    c_weight = w_weight[c_index]
    c_word = c_index - w_bounds[c_doc]  # index within the article's words
    n_content = np.bincount(c_owner, minlength=total_sent)
    n_names = np.bincount(c_owner, weights=w_name[c_index], minlength=total_sent).astype(np.int64)
    w_subject = w_name & (np.bincount(c_index, minlength=len(w_hash)) >= 2)
    weight = np.bincount(c_owner, weights=c_weight, minlength=total_sent)
    c_bounds = np.searchsorted(c_doc, np.arange(n_docs + 1))
    entry_bounds = np.searchsorted(c_index, np.arange(len(w_hash) + 1))  # each word's first entry

    # Sentence hash: the same words in the same order, the same hash.
    sent_bounds = where.bounds
    exact = sequence_hashes(hashes, sent_bounds, salt=7)
    formula = standard = np.zeros(total_sent, dtype=bool)
    figures = figure_words(hashes, numeric)
    folded = folded_words(hashes, numeric, capital, figures)
    row = table_rows(figures, folded, sent_bounds)
    if sketcher.knows_formulas:
        frame = frame_hashes(hashes, folded, sent_bounds)
        formula = sketcher.formula(frame)
        if formula.any():
            standard = sketcher.standard(filled_keys(frame, filling_hashes(hashes, folded, sent_bounds)[0]))
    # Windows of RUN_WORDS words in a row within one article.
    win = window_hashes(hashes, RUN_WORDS)
    n_win = len(win)
    tok_bounds = np.searchsorted(tok_doc, np.arange(n_docs + 1))
    tok_bytes = np.stack([tok_start, tok_end], axis=1).astype(np.int64)
    # The winnowed minima of each article's windows: any run of LONG_RUN_WORDS words spans
    # LONG_RUN_WORDS - RUN_WORDS + 1 windows, and both texts keep the least of them. (An
    # article's last windows run into the next article's words; they add chance marks,
    # which cost a look, but take no minimum of the article's own windows away.)
    marks, mark_doc = winnow(win, np.minimum(tok_bounds, n_win), LONG_RUN_WORDS - RUN_WORDS + 1)
    marks, mark_bounds = _distinct_per_article(mark_doc, marks, n_docs)

    named = np.bincount(w_doc, weights=w_name, minlength=n_docs) > 0
    titles = _title_subjects(articles, named, w_hash, w_bounds, sketcher)
    words_per_doc = np.diff(tokens.doc_offsets)
    tables = []
    for d in range(n_docs):
        s0, s1 = sent_off[d], sent_off[d + 1]
        k0, k1 = tok_bounds[d], tok_bounds[d + 1]
        windows = win[k0 : max(k0, k1 - RUN_WORDS + 1)]
        chars = tok_bytes[k0:k1]
        if to_bytes[d] is not None:
            chars = np.searchsorted(to_bytes[d], chars)  # not ASCII: byte and char offsets differ
        c0, c1 = c_bounds[d], c_bounds[d + 1]
        w0, w1 = w_bounds[d], w_bounds[d + 1]
        tables.append(
            SentenceTable(
                spans=spans[d],
                n_tokens=n_tokens[s0:s1].astype(np.int64),
                n_content=n_content[s0:s1].astype(np.int64),
                exact=exact[s0:s1],
                formula=formula[s0:s1],
                standard=standard[s0:s1],
                quoted=quoted_share[s0:s1],
                names=names_share[s0:s1],
                content=c_hash[c0:c1],
                content_owner=c_owner[c0:c1] - s0,
                content_weight=c_weight[c0:c1],
                content_word=c_word[c0:c1],
                weight=weight[s0:s1],
                n_words=int(words_per_doc[d]),
                words=w_hash[w0:w1],
                word_weight=w_weight[w0:w1],
                word_anchor=w_anchor[w0:w1],
                word_figure=w_figure[w0:w1],
                word_name=w_name[w0:w1],
                word_subject=w_subject[w0:w1],
                word_entries=entry_bounds[w0 : w1 + 1] - c0,
                n_names=n_names[s0:s1],
                row=row[s0:s1],
                token_chars=chars,
                token_quoted=quoted[k0:k1],
                token_capital=capital[k0:k1],
                tokens=hashes[k0:k1],
                windows=windows,
                run_marks=marks[mark_bounds[d] : mark_bounds[d + 1]],
                **titles.get(d, {}),
            )
        )
    return tables


def _title_subjects(articles: list[CleanArticle], named: np.ndarray, w_hash: np.ndarray, w_bounds: np.ndarray,
                    sketcher: Sketcher) -> dict[int, dict[str, np.ndarray]]:
    """``title_stems`` and ``title_weight`` (see :class:`SentenceTable`) of the
    articles whose text names nothing (``named`` false) and that have a title: few, so
    their titles are tokenised apart."""
    untold = [d for d in np.flatnonzero(~named).tolist() if articles[d].article.title]
    if not untold:
        return {}
    data, original, text_starts = encode_texts([articles[d].article.title for d in untold])
    tokens = tokenize_encoded(data, original, text_starts)
    keep = sketcher.content_mask(tokens.hashes) & ~tokens.numeric
    starts = tokens.starts + np.repeat(text_starts[:-1], tokens.counts())
    stems = hash_spans(data, starts, np.minimum(starts + TITLE_STEM_BYTES, tokens.ends + (starts - tokens.starts)))
    found = {}
    for k, d in enumerate(untold):
        lo, hi = tokens.doc_offsets[k], tokens.doc_offsets[k + 1]
        words, first = np.unique(tokens.hashes[lo:hi][keep[lo:hi]], return_index=True)
        told = in_sorted(words, w_hash[w_bounds[d] : w_bounds[d + 1]])
        found[d] = {"title_stems": stems[lo:hi][keep[lo:hi]][first[~told]], "title_weight": sketcher.idf(words[~told])}
    return found
