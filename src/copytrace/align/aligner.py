"""Sentence-to-sentence alignment of two articles, from content-word overlap.

For every sentence pair the aligner counts shared content words with one sorted join
(no Python loop over words), scores them by Dice similarity, keeps a one-to-one
alignment (greedy, best first), and summarises it in features the classifier reads:
coverage of each side, how much is verbatim, how well the order is kept, how much of
the shared material is quotation, and how much wording (word trigrams outside quotes)
the two texts share.

Given sentence vectors (the semantic extra), sentences that share too few words to
match but mean the same are aligned too, one to one among the sentences left over,
and summarised apart (:class:`SemanticMatch`): the lexical features stay exactly what
they are without vectors, so every rule that reads them decides as before.
"""

from __future__ import annotations

import bisect
import difflib
from dataclasses import dataclass, field

import numpy as np

from ..arrays import in_sorted, ranges, unique_sorted
from ..records import Passage
from .sentences import LEGAL_FORM, LONG_RUN_WORDS, RUN_WORDS, SentenceTable, window_hashes

#: Dice similarity of content words from which two sentences are taken as aligned.
MATCH_THRESHOLD = 0.3
#: ... and from which an aligned sentence counts as edited rather than paraphrased.
EDITED_THRESHOLD = 0.6
#: Sentences shorter than this (headlines, captions, datelines) are never aligned by
#: meaning alone: short generic lines of one story are close in any encoder.
SEMANTIC_MIN_WORDS = 6


@dataclass(slots=True)
class SemanticMatch:
    """What sentence vectors add to an alignment: pairs aligned by meaning alone, and
    the alignment's extent counting them with the lexical pairs."""

    pairs: np.ndarray  # (s, 2) sentence pairs aligned by cosine only, by a
    cosine: np.ndarray  # (s,) their cosine similarity
    coverage_a: float  # share of a's words in sentences matched lexically or by meaning
    coverage_b: float
    n_aligned: int  # lexical and semantic pairs
    order: float  # share of all aligned pairs on the longest order-keeping chain
    quoted: float  # share of all aligned pairs that are quotation on either side


@dataclass(slots=True)
class Alignment:
    """An alignment of article a with article b and the features derived from it."""

    pairs: np.ndarray  # (m, 2) aligned sentence indices (a, b), one-to-one, by a
    similarity: np.ndarray  # (m,) Dice similarity of each aligned pair
    verbatim: np.ndarray  # (m,) bool: identical word sequence
    pair_quoted: np.ndarray  # (m,) bool: quotation on either side (see :func:`align`)
    coverage_a: float  # share of a's words in sentences that match some b sentence
    coverage_b: float
    edited_a: float  # ... in sentences matched at EDITED_THRESHOLD or more
    edited_b: float
    verbatim_a: float  # ... in sentences with an identical counterpart
    verbatim_b: float
    quoted: float  # share of aligned pairs that are quotation on either side
    anchors: int  # distinct names and figures in the aligned sentences, both sides added
    anchor_agreement: float  # IDF-weighted Dice of the anchors, found on the other side in any case (1.0 if none)
    figures: int  # distinct figures (numbers) in the aligned sentences, both sides added
    figure_agreement: float  # the same for figures alone (1.0 if none)
    figures_a: int  # distinct figures (numbers) in all of a
    figures_b: int
    words_a: int  # distinct content words (figures included) in all of a
    words_b: int
    n_a: int
    n_b: int
    pair_words: np.ndarray  # (m,) words of a's sentence in each aligned pair
    pair_names: np.ndarray  # (m,) share of names among the words of a's sentence in each aligned pair
    aligned_words: int  # words in aligned sentences, the smaller of the two sides
    semantic: SemanticMatch | None = None  # only when sentence vectors were given
    # The verbatim runs are found on first use (``runs``, ``run_words``): most pairs are
    # decided before a rule reads them. A spinner or a rewriter leaves only short runs
    # between the words it changes, and a template's boilerplate runs only from one
    # filled-in name or figure to the next.
    tables: tuple[SentenceTable, SentenceTable] | None = field(default=None, repr=False, compare=False)
    _runs: np.ndarray | None = field(default=None, repr=False)
    _run_words: int | None = field(default=None, repr=False)
    _run_cover: tuple[float, float] | None = field(default=None, repr=False)
    # Read by the partial rules only of pairs published days apart, several times a pair.
    _refilled_leads: np.ndarray | None = field(default=None, repr=False)
    # Share of a's unquoted word trigrams found in b, and of b's in a: read only by the
    # rules after the near copy's, so found on first use (``trigram_a``, ``trigram_b``).
    trigram_shares: tuple[float, float] | None = None
    # Which aligned pairs share a run of so many words, by run length: read by the
    # partial rules, several times a pair.
    _wording: dict[int, tuple[np.ndarray, np.ndarray]] | None = field(default=None, repr=False)
    # Read by the spun rule alone, last of its tests (``word_order``).
    _word_order: float | None = field(default=None, repr=False)
    # Features most pairs are decided without (on the 10k synthetic corpus, by
    # ``benchmarks/profile_scan.py --reads``: the subjects and formulas read of 3 pairs of
    # 4, the order of 1 of 2, the word Jaccard of 1 of 50), or read by several rules:
    # found on first use from what the alignment kept of its making (``_links``,
    # ``_shared_names``). The found values are no arguments: a copy made by
    # ``dataclasses.replace`` with other pairs or similarities finds them anew.
    _links: tuple[np.ndarray, np.ndarray] | None = field(default=None, repr=False)  # (a_to_b, b_to_a): :func:`_word_links`
    _shared_names: np.ndarray | None = field(default=None, repr=False)  # (n_a, n_b) names both sentences print
    _subjects: tuple[np.ndarray, np.ndarray, np.ndarray] | None = field(default=None, init=False, repr=False)
    _order_share: float | None = field(default=None, init=False, repr=False)
    _length_agreement: float | None = field(default=None, init=False, repr=False)
    _mean_similarity: float | None = field(default=None, init=False, repr=False)
    _weights: tuple[float, float] | None = field(default=None, init=False, repr=False)  # (shared, union)
    _shared_figures: int | None = field(default=None, init=False, repr=False)
    # The classifier's masks read by several of its rules, by rule and arguments
    # (:func:`copytrace.classify.reused_sentences`).
    memo: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def runs(self) -> np.ndarray:
        """(r, 4) verbatim runs: word ranges [a0, a1) and [b0, b1), by a (:func:`verbatim_runs`)."""
        if self._runs is None:
            self._runs = verbatim_runs(*self.tables) if self.tables is not None else np.zeros((0, 4), dtype=np.int64)
        return self._runs

    @property
    def run_words(self) -> int:
        """Words of a in long verbatim runs (:data:`LONG_RUN_WORDS`, a partial copy's
        length) that are not lists of names, less those quoted on both sides."""
        if self._run_words is None:
            runs = self.runs
            long = runs[runs[:, 1] - runs[:, 0] >= LONG_RUN_WORDS]  # the formulas only where there are any
            self._run_words = _run_words(*self.tables, long, self.formula_a, self.formula_b) if len(long) else 0
        return self._run_words

    @property
    def run_cover(self) -> tuple[float, float]:
        """Share of a's words, and of b's, inside verbatim runs of any length found
        (:data:`RUN_WORDS` words or more): near 1 on a side that only cut clauses and
        sentences from the other, low where a spinner or a rewriter changed words."""
        if self._run_cover is None:
            self._run_cover = _run_cover(*self.tables, self.runs) if self.tables is not None else (0.0, 0.0)
        return self._run_cover

    @property
    def refilled_leads(self) -> np.ndarray:
        """Mask over the aligned pairs: the two opening sentences, each printing a figure
        the other article lacks (:func:`refilled_leads`), found on first use."""
        if self._refilled_leads is None:
            self._refilled_leads = refilled_leads(self)
        return self._refilled_leads

    @property
    def trigram_a(self) -> float:
        """Share of a's distinct word trigrams outside quotations found in b."""
        return self._trigram_shares()[0]

    @property
    def trigram_b(self) -> float:
        """Share of b's distinct word trigrams outside quotations found in a."""
        return self._trigram_shares()[1]

    def _trigram_shares(self) -> tuple[float, float]:
        if self.trigram_shares is None:
            self.trigram_shares = _trigram_overlap(*self.tables) if self.tables is not None else (0.0, 0.0)
        return self.trigram_shares

    @property
    def word_order(self) -> float:
        """Share of steps between the words two aligned sentences share that keep their
        order on both sides (:func:`word_order`), found on first use."""
        if self._word_order is None:
            self._word_order = word_order(*self.tables, self.pairs) if self.tables is not None else 1.0
        return self._word_order

    def shared_wording(self, words: int, among: np.ndarray) -> np.ndarray:
        """(m,) bool: the pairs of mask ``among`` whose two sentences share ``words``
        words in a row (:func:`shared_wording`); each pair is looked at once."""
        if self._wording is None:
            self._wording = {}
        found, seen = self._wording.setdefault(words, (np.zeros(self.n_aligned, dtype=bool),
                                                       np.zeros(self.n_aligned, dtype=bool)))
        fresh = among & ~seen
        if fresh.any():
            if self.tables is None:
                found[fresh] = self.verbatim[fresh]
            else:
                found[fresh] = shared_wording(*self.tables, self.pairs[fresh], words)
            seen |= fresh
        return found & among

    @property
    def order(self) -> float:
        """Share of aligned pairs on the longest order-keeping chain."""
        if self._order_share is None:
            self._order_share = _order(self.pairs[:, 1]) / self.n_aligned if self.n_aligned else 0.0
        return self._order_share

    @property
    def longest_run(self) -> int:
        """Most consecutive sentences aligned in sequence."""
        return _longest_run(self.pairs)

    @property
    def length_agreement(self) -> float:
        """Mean shorter/longer word count of the aligned sentence pairs."""
        if self._length_agreement is None:
            len_a, len_b = self.pair_words, self.tables[1].n_tokens[self.pairs[:, 1]]
            self._length_agreement = (float((np.minimum(len_a, len_b) / np.maximum(np.maximum(len_a, len_b), 1)).sum())
                                      / self.n_aligned if self.n_aligned else 0.0)
        return self._length_agreement

    @property
    def shared_weight(self) -> float:
        """Summed IDF of the content words both articles use."""
        return self._word_weights()[0]

    @property
    def word_jaccard(self) -> float:
        """IDF-weighted Jaccard similarity of the two articles' content words."""
        shared, union = self._word_weights()
        return shared / union if union > 0 else 0.0

    def _word_weights(self) -> tuple[float, float]:
        if self._weights is None:
            ta, tb = self.tables
            shared = float(ta.word_weight[self._links[0] >= 0].sum())
            self._weights = shared, float(ta.word_weight.sum() + tb.word_weight.sum()) - shared
        return self._weights

    @property
    def shared_figures(self) -> int:
        """Distinct figures both articles print."""
        if self._shared_figures is None:
            ta, tb = self.tables
            a_to_b = self._links[0]
            linked = a_to_b >= 0
            self._shared_figures = int(np.count_nonzero(ta.word_figure[linked] & tb.word_figure[a_to_b[linked]]))
        return self._shared_figures

    @property
    def formula_a(self) -> np.ndarray:
        """(n_a,) bool: a formula sentence of a (:func:`formula_sentences`; see :func:`subjects`)."""
        return self._subject_masks()[0]

    @property
    def formula_b(self) -> np.ndarray:
        """(n_b,) bool: ... of b."""
        return self._subject_masks()[1]

    @property
    def renamed(self) -> np.ndarray:
        """(m,) bool: the pair names two subjects in one frame (:func:`renamed_pairs`, :func:`_leads_apart`)."""
        return self._subject_masks()[2]

    def _subject_masks(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if self._subjects is None:
            self._subjects = subjects(*self.tables, self.pairs, self.similarity, self.verbatim, self._shared_names,
                                      *self._links)
        return self._subjects

    @property
    def pair_formula(self) -> np.ndarray:
        """(m,) bool: a's or b's sentence of each aligned pair is a formula sentence."""
        return self.formula_a[self.pairs[:, 0]] | self.formula_b[self.pairs[:, 1]]

    @property
    def n_aligned(self) -> int:
        return len(self.pairs)

    @property
    def mean_similarity(self) -> float:
        """Mean Dice similarity of the aligned pairs (0 where none), found once: several rules read it."""
        if self._mean_similarity is None:
            self._mean_similarity = float(self.similarity.mean()) if len(self.similarity) else 0.0
        return self._mean_similarity


def similarity_matrix(ta: SentenceTable, tb: SentenceTable) -> tuple[np.ndarray, np.ndarray]:
    """Shared content words and IDF-weighted Dice similarity for every sentence pair.

    Weighting by IDF keeps two reports filled into one template (same frame words,
    different names and numbers) from looking like copies.

    Returns:
        ``(shared, dice)``, each ``(len(ta), len(tb))``: the count of shared content
        words and ``2 * shared weight / (weight a + weight b)``.
    """
    return _similarity(ta, tb, _word_links(ta, tb)[0])[:2]


def _similarity(ta: SentenceTable, tb: SentenceTable, a_to_b: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`similarity_matrix`, and the count of the shared words that are names in
    both; ``a_to_b`` links a's words to b's (:func:`_word_links`)."""
    na, nb = len(ta), len(tb)
    if na == 0 or nb == 0 or len(ta.content) == 0 or len(tb.content) == 0:
        z = np.zeros((na, nb))
        return z.astype(np.int64), z, z.astype(np.int64)
    # b's entries of a word lie together (``word_entries``): found through the word links,
    # not by searching b's entries for each of a's.
    linked = a_to_b[ta.content_word]
    found = linked >= 0
    word = np.where(found, linked, 0)
    lo = tb.word_entries[word]
    hits = (tb.word_entries[word + 1] - lo) * found
    # Entry k of a meets b's entries lo[k] .. lo[k] + hits[k] - 1: each one's place in b is
    # its place in the join less the join's place of k's first, plus lo[k].
    entry = np.repeat(np.arange(len(hits)), hits)
    b_pos = (lo - (np.cumsum(hits) - hits))[entry] + np.arange(len(entry))
    cell = ta.content_owner[entry] * nb + tb.content_owner[b_pos]
    shared = np.bincount(cell, minlength=na * nb).reshape(na, nb)
    shared_w = np.bincount(cell, weights=ta.content_weight[entry], minlength=na * nb).reshape(na, nb)
    denom = ta.weight[:, None] + tb.weight[None, :]
    dice = 2.0 * shared_w / np.maximum(denom, 1e-9)
    named = ta.word_name[ta.content_word[entry]] & tb.word_name[tb.content_word[b_pos]]
    shared_names = np.bincount(cell[named], minlength=na * nb).reshape(na, nb)
    return shared, dice, shared_names


def _greedy_one_to_one(dice: np.ndarray, ok: np.ndarray) -> np.ndarray:
    rows, cols = np.nonzero(ok)
    if len(rows) == 0:
        return np.zeros((0, 2), dtype=np.int64)
    if not np.any(rows[1:] == rows[:-1]) and np.bincount(cols).max() == 1:
        # No sentence has two candidates (the common case of a copy): all of them, by row.
        return np.stack([rows, cols], axis=1).astype(np.int64, copy=False)
    order = np.argsort(-dice[rows, cols], kind="stable")
    used_r, used_c, chosen = set(), set(), []
    for r, c in zip(rows[order].tolist(), cols[order].tolist()):
        if r in used_r or c in used_c:
            continue
        used_r.add(r)
        used_c.add(c)
        chosen.append((r, c))
    chosen.sort()
    return np.array(chosen, dtype=np.int64)


def _lis_length(seq: list[int]) -> int:
    """Length of the longest strictly increasing subsequence (patience sorting)."""
    tails: list[int] = []
    for x in seq:
        i = bisect.bisect_left(tails, x)
        if i == len(tails):
            tails.append(x)
        else:
            tails[i] = x
    return len(tails)


def _order(b: np.ndarray) -> int:
    """Longest order-keeping chain of the aligned pairs (``b``: b's sentences, by a)."""
    if len(b) < 2 or (b[1:] > b[:-1]).all():  # a copy keeps the order: no chain to look for
        return len(b)
    return _lis_length(b.tolist())


def _longest_run(pairs: np.ndarray) -> int:
    """Most consecutive sentences aligned to consecutive sentences (``pairs`` sorted by a)."""
    if len(pairs) == 0:
        return 0
    # The run lengths are the gaps between the breaks, with one at each end.
    ends = np.flatnonzero(np.concatenate(([True], sequence_breaks(pairs), [True])))
    return int((ends[1:] - ends[:-1]).max())


def sequence_breaks(pairs: np.ndarray) -> np.ndarray:
    """For each aligned pair after the first (``pairs`` sorted by a): whether it starts a
    new run, not being the next sentence on both sides after the pair before it."""
    steps = np.diff(pairs, axis=0)
    return (steps[:, 0] != 1) | (steps[:, 1] != 1)


#: Sentences between two aligned pairs that a gap may hold on each side (:func:`gap_pairs`).
MAX_GAP_SENTENCES = 3
#: Shorter over longer word count of two sentences paired by their place in a gap.
GAP_LENGTH_AGREEMENT = 0.7


def gap_pairs(ta: SentenceTable, tb: SentenceTable, pairs: np.ndarray) -> np.ndarray:
    """Sentences paired by their place alone: where two aligned pairs in sequence
    (``pairs``, by a, in order on both sides) leave the same number of sentences
    between them on each side (at most :data:`MAX_GAP_SENTENCES`), the k-th of each,
    if of about one length (:data:`GAP_LENGTH_AGREEMENT`). A spinner swaps most words
    of some sentences (up to all of a short quotation's), which then share too few to
    align, but it keeps every sentence in its place. Only between aligned pairs: before
    the first and after the last, a copy's own opening and closing lines stand.
    Returns ``(k, 2)`` sentence pairs, by a."""
    if len(pairs) < 2 or not (pairs[1:, 1] > pairs[:-1, 1]).all():
        return np.zeros((0, 2), dtype=np.int64)
    size = np.diff(pairs, axis=0) - 1  # sentences between each pair and the next, on a and on b
    fill = np.flatnonzero((size[:, 0] == size[:, 1]) & (size[:, 0] >= 1) & (size[:, 0] <= MAX_GAP_SENTENCES))
    if len(fill) == 0:
        return np.zeros((0, 2), dtype=np.int64)
    k = size[fill, 0]
    offset = np.arange(int(k.sum())) - np.repeat(np.cumsum(k) - k, k) + 1
    found = np.repeat(pairs[fill], k, axis=0) + offset[:, None]
    len_a, len_b = ta.n_tokens[found[:, 0]], tb.n_tokens[found[:, 1]]
    alike = np.minimum(len_a, len_b) >= GAP_LENGTH_AGREEMENT * np.maximum(len_a, len_b)
    return found[alike]


def _word_links(ta: SentenceTable, tb: SentenceTable) -> tuple[np.ndarray, np.ndarray]:
    """For each distinct content word of a, its index among b's words, and the same
    from b to a; -1 where the other article lacks the word."""
    a_to_b = np.full(len(ta.words), -1, dtype=np.int64)
    b_to_a = np.full(len(tb.words), -1, dtype=np.int64)
    if len(ta.words) and len(tb.words):
        pos = np.minimum(np.searchsorted(tb.words, ta.words), len(tb.words) - 1)
        hit = np.flatnonzero(tb.words[pos] == ta.words)
        a_to_b[hit] = pos[hit]
        b_to_a[pos[hit]] = hit
    return a_to_b, b_to_a


def _words_of(table: SentenceTable, sentences: np.ndarray) -> np.ndarray:
    """Mask over the article's distinct content words: those in the given sentences."""
    chosen = np.zeros(len(table), dtype=bool)
    chosen[sentences] = True
    marked = np.zeros(len(table.words), dtype=bool)
    marked[table.content_word[chosen[table.content_owner]]] = True
    return marked


def _agreement(ta: SentenceTable, tb: SentenceTable, pairs: np.ndarray, a_to_b: np.ndarray,
               b_to_a: np.ndarray) -> tuple[int, float, int, float]:
    """Distinct anchors in the aligned sentences (both sides) and their IDF-weighted Dice
    agreement, then the same for figures alone (agreement 1.0 when there are none).

    Names and figures are the facts a copy keeps wherever it moves them, and what a
    template changes. An anchor is found on the other side when its word is in the other
    side's aligned sentences whatever its case there: whether a word is a name is decided
    per article (any capitalised use), so a heading, or a copy set in lower case, would
    otherwise make the same sentence disagree with itself. A figure is found when the
    other article prints it anywhere: a rewrite that splits a sentence leaves one in a
    half that aligns with nothing, where a report filled in anew prints another.
    """
    in_a, in_b = _words_of(ta, pairs[:, 0]), _words_of(tb, pairs[:, 1])
    if len(ta.words) and len(tb.words):
        found_a = in_a & (a_to_b >= 0) & in_b[a_to_b]  # a -1 link reads some word, masked out
        found_b = in_b & (b_to_a >= 0) & in_a[b_to_a]
    else:
        found_a, found_b = np.zeros(len(ta.words), dtype=bool), np.zeros(len(tb.words), dtype=bool)
    anchor_a, anchor_b = in_a & ta.word_anchor, in_b & tb.word_anchor
    figure_a, figure_b = in_a & ta.word_figure, in_b & tb.word_figure

    def dice(mask_a: np.ndarray, mask_b: np.ndarray, hit_a: np.ndarray, hit_b: np.ndarray) -> float:
        total = float(ta.word_weight[mask_a].sum()) + float(tb.word_weight[mask_b].sum())
        found = float(ta.word_weight[mask_a & hit_a].sum()) + float(tb.word_weight[mask_b & hit_b].sum())
        return found / total if total else 1.0

    return (int(np.count_nonzero(anchor_a) + np.count_nonzero(anchor_b)), dice(anchor_a, anchor_b, found_a, found_b),
            int(np.count_nonzero(figure_a) + np.count_nonzero(figure_b)),
            dice(figure_a, figure_b, a_to_b >= 0, b_to_a >= 0))


def formula_sentences(t: SentenceTable, links: np.ndarray) -> np.ndarray:
    """Mask over a table's sentences: it fills a formula (a frame the corpus fills in
    several ways: :mod:`copytrace.sketch.frames`) and does not print only what the other
    article prints (``links``: each word's place among the other's words, or -1). Two
    notices of one frame share its words whoever they are about, so such a sentence is
    no copied prose, nor is the same issue's line filled in anew with its final terms;
    one that names something and prints no name or figure missing from the other
    article (a digest carrying the notice) may be copied."""
    if not t.formula.any():
        return t.formula
    return t.formula & ~(_named_within(t, links) & (_elsewhere_missing(t, t.word_figure, links) == 0))


def own_data_lines(ta: SentenceTable, pa: np.ndarray, verbatim: np.ndarray) -> np.ndarray:
    """Mask over the aligned pairs (``pa``: a's sentences, ``verbatim``: printed word for
    word): a line printed word for word that is no formula's standard wording (the usual
    fees), so filled in with data of its own (a company's results line): copied data,
    formula or not."""
    return verbatim & ~ta.standard[pa]


def renamed_pairs(ta: SentenceTable, tb: SentenceTable, pairs: np.ndarray, shared_names: np.ndarray,
                  a_to_b: np.ndarray, b_to_a: np.ndarray) -> np.ndarray:
    """Mask over the aligned pairs: both sentences name something, neither names
    anything the other does, one names its own article's subject (a name of two of its
    sentences or more) that the other article never names, and a word diff puts names in
    the place of names. Between sentences worded alike (the aligner asks it of pairs at
    ``EDITED_THRESHOLD`` or more, not word for word) that is one frame filled in for two
    subjects ("Sun Co said it raised its crude postings" beside "Unocal Corp said it
    raised ..."): a copy keeps the names of what it copies, and a formula too rare in
    the corpus to be learned (:func:`formula_sentences`) shows itself so within one
    pair. A name said once another way ("the USSR" for "the Soviet Union") is no other
    subject; days and months are no names here (``word_name``: an update moves
    "Tuesday" to "Wednesday").

    Args:
        pairs: ``(m, 2)`` aligned sentences of a and b.
        shared_names: ``(m,)`` names in both sentences of each pair.
        a_to_b, b_to_a: each content word's index among the other article's words, or -1.
    """
    pa, pb = pairs[:, 0], pairs[:, 1]
    renamed = (ta.n_names[pa] > 0) & (tb.n_names[pb] > 0) & (shared_names == 0)
    if renamed.any():
        renamed &= (_missing_subjects(ta, a_to_b)[pa] > 0) | (_missing_subjects(tb, b_to_a)[pb] > 0)
    for k in np.flatnonzero(renamed):  # seldom any: a word diff of the few left
        renamed[k] = _names_swapped(ta, tb, int(pa[k]), int(pb[k]))
    return renamed


def _missing_subjects(t: SentenceTable, links: np.ndarray) -> np.ndarray:
    """Per sentence: its article's subjects (``word_subject``) in it that the other
    article never names (``links``: each word's place among the other's, or -1)."""
    missing = t.word_subject & (links < 0)
    return np.bincount(t.content_owner, weights=missing[t.content_word], minlength=len(t))


def _names_swapped(ta: SentenceTable, tb: SentenceTable, i: int, j: int) -> bool:
    """Whether b's sentence j puts names in the place of names of a's sentence i (a
    word diff replaces capitalised words, a name among them, by such words; words of no
    content may stand between): a frame's subject swapped, not a sentence reworded
    around one thing named two ways ("the island's surplus" for "Taiwan's surplus")."""
    def words(t: SentenceTable, s: int) -> tuple[list[int], list[bool], list[bool]]:
        # Per word: capitalised or no content word ("Bank of England", "Acme Corp's"), and a name.
        lo, hi = int(t.token_starts[s]), int(t.token_starts[s + 1])
        hashes = t.tokens[lo:hi]
        naming = t.token_capital[lo:hi] | ~in_sorted(hashes, t.words)
        return hashes.tolist(), naming.tolist(), in_sorted(hashes, t.words[t.word_name]).tolist()

    hash_a, cap_a, name_a = words(ta, i)
    hash_b, cap_b, name_b = words(tb, j)
    for op, a0, a1, b0, b1 in difflib.SequenceMatcher(None, hash_a, hash_b, autojunk=False).get_opcodes():
        if (op == "replace" and all(cap_a[a0:a1]) and all(cap_b[b0:b1]) and any(name_a[a0:a1])
                and any(name_b[b0:b1])):
            return True
    return False


def _elsewhere_missing(t: SentenceTable, words: np.ndarray, links: np.ndarray) -> np.ndarray:
    """Per sentence: its words of the mask ``words`` (over the article's distinct words)
    that the other article lacks (``links``: each word's place among the other's, or -1)."""
    return np.bincount(t.content_owner, weights=(words & (links < 0))[t.content_word], minlength=len(t))


def refilled_leads(al: Alignment) -> np.ndarray:
    """Mask over the aligned pairs: the two opening sentences, each printing a figure the
    other article lacks. A recurring report opens with its frame filled with the day's
    figures (a market's price range and change); a copy keeps its source's figures, and
    a follow-up carries background under a lead of its own."""
    leads = (al.pairs[:, 0] == 0) & (al.pairs[:, 1] == 0)
    if al.tables is None or not leads.any():
        return leads & False
    ta, tb = al.tables
    a_to_b, b_to_a = _word_links(ta, tb)
    lead_a, lead_b = _lead_words(ta), _lead_words(tb)
    renewed_a = (ta.word_figure[lead_a] & (a_to_b[lead_a] < 0)).any()
    renewed_b = (tb.word_figure[lead_b] & (b_to_a[lead_b] < 0)).any()
    return leads & bool(renewed_a and renewed_b)


def _named_within(t: SentenceTable, links: np.ndarray) -> np.ndarray:
    """Per sentence: it names something, and every name it has is in the other article."""
    return (t.n_names > 0) & (_elsewhere_missing(t, t.word_name, links) == 0)


def _leads_apart(ta: SentenceTable, tb: SentenceTable, shared_names: np.ndarray, a_to_b: np.ndarray,
                 b_to_a: np.ndarray) -> bool:
    """Whether the two opening sentences name two subjects: they share no name but a
    legal form ("Co"), and each names, or opens with, something the other article never
    names ("Amoco Corp said it raised its crude postings" beside "Arco Oil and Gas Co
    said it increased ..."). A lead says whom the story is about; a copy, a rewrite and
    a follow-up keep that, while two companies' announcements of the same kind fill one
    wording in for each. Worded alike or not, such leads are the frame's lines
    (:func:`renamed_pairs` finds the frame in the other sentences only where names
    replace names)."""
    if len(ta) == 0 or len(tb) == 0:
        return False
    if not (_lead_unnamed(ta, _lead_names(ta), a_to_b) and _lead_unnamed(tb, _lead_names(tb), b_to_a)):
        return False
    # Last: the name runs cost a loop in Python.
    return not (shared_names[0, 0] and _leads_share_a_name(ta, tb, a_to_b, b_to_a))


def _lead_words(t: SentenceTable) -> np.ndarray:
    """The content words of t's opening sentence, as indices among the article's words."""
    return t.content_word[t.content_owner == 0]


def _lead_names(t: SentenceTable) -> np.ndarray:
    """The names of t's opening sentence, as indices among the article's words."""
    words = _lead_words(t)
    return words[t.word_name[words]]


def _lead_name_runs(t: SentenceTable) -> list[np.ndarray]:
    """The names of t's opening sentence, one per run of capitalised words: each run's
    content words but legal forms, as indices among the article's words, for the runs
    holding a name ("The" or "Oil" opening a sentence is none)."""
    n = int(t.n_tokens[0]) if len(t) else 0
    if n == 0 or len(t.words) == 0:
        return []
    tokens = t.tokens[:n]
    k = np.minimum(np.searchsorted(t.words, tokens), len(t.words) - 1)
    word = np.where((t.words[k] == tokens) & ~LEGAL_FORM.contains(tokens), k, -1)
    capital = t.token_capital[:n]
    run = np.cumsum(capital & ~np.concatenate([[False], capital[:-1]]))  # a run's number, from 1
    runs = []
    for r in np.unique(run[capital]):  # a few runs per sentence
        words = word[capital & (run == r)]
        words = words[words >= 0]
        if t.word_name[words].any():
            runs.append(words)
    return runs


def _leads_share_a_name(ta: SentenceTable, tb: SentenceTable, a_to_b: np.ndarray, b_to_a: np.ndarray) -> bool:
    """Whether the two opening sentences name one thing: a name of one whose words are
    all in a name of the other ("Bankers Trust" in "Bankers Trust New York Corp"). A word
    two different names share ("International" of "Bank of Tokyo International" and of
    "Toyo Trust International", "Petroleum" of "Phillips Petroleum" and of "Citgo
    Petroleum") names neither, nor does a legal form ("Co", "Corp")."""
    runs_b = _lead_name_runs(tb)
    for run_a in _lead_name_runs(ta):
        for run_b in runs_b:
            if np.isin(a_to_b[run_a], run_b).all() or np.isin(b_to_a[run_b], run_a).all():
                return True
    return False


def _lead_unnamed(t: SentenceTable, names: np.ndarray, links: np.ndarray) -> bool:
    """Whether t's opening sentence (its ``names``) names something the other article
    never does (``links``: each word's place among the other's, or -1): one of its
    names, or the capitalised content word it opens with ("Unocal said ...": a
    sentence's first word is no name in ``word_name``, which cannot tell it from "Oil
    prices rose")."""
    if (links[names] < 0).any():
        return True
    if t.n_tokens[0] == 0 or not t.token_capital[0]:
        return False
    k = int(np.searchsorted(t.words, t.tokens[0]))  # the opening word among the content words
    return k < len(t.words) and t.words[k] == t.tokens[0] and bool(links[k] < 0)


#: A run with this share of capitalised words is a list of names (a line-up, a cast),
#: printed alike in every report of the event.
NAME_LIST_SHARE = 0.8


#: A word window that recurs more often than this in one text is boilerplate; its
#: matches are capped so a page of repeated lines costs no more than a few runs.
MAX_WINDOW_REPEATS = 4


def verbatim_runs(ta: SentenceTable, tb: SentenceTable) -> np.ndarray:
    """Maximal runs of the same words in the same order in both texts, across sentence
    boundaries: ``(r, 4)`` word ranges ``[a0, a1)`` of a and ``[b0, b1)`` of b, by a;
    none when the texts share no run of :data:`LONG_RUN_WORDS` words (shorter runs are
    found only beside a long one, to join a passage across a changed word).

    The windows of :data:`~copytrace.align.sentences.RUN_WORDS` words of both texts are
    sorted together once; a window of a next to the same window of b is a match (a
    window repeated within a text matches every place of it in the other, up to
    :data:`MAX_WINDOW_REPEATS`), and matches on one diagonal (a's word minus b's) at
    consecutive places chain into a run. A passage pasted into text of one's own starts
    and ends wherever the copier cut it, not at sentence boundaries; runs find it to the
    word.
    """
    ga, gb = ta.windows, tb.windows
    empty = np.zeros((0, 4), dtype=np.int64)
    if len(ga) == 0 or len(gb) == 0 or not in_sorted(ta.run_marks, tb.run_marks).any():
        return empty  # no winnowed window in common: no run of LONG_RUN_WORDS
    both = np.concatenate([ga, gb])
    order = np.argsort(both)
    ranked = both[order]
    same = ranked[1:] == ranked[:-1]
    n_a = len(ga)
    # Windows found once in each text (nearly all) are two neighbours in sort order.
    alone = np.ones(len(same) + 2, dtype=bool)
    alone[1:-1] = ~same
    pair_at = np.flatnonzero(same & alone[:-2] & alone[2:])
    first, second = order[pair_at], order[pair_at + 1]
    cross = (first < n_a) != (second < n_a)
    ia = np.minimum(first[cross], second[cross])
    jb = np.maximum(first[cross], second[cross]) - n_a
    # A window repeated within a text: every place in a with every place in b, up to
    # MAX_WINDOW_REPEATS of each (a page of repeated lines costs no more than a few runs).
    lo = np.flatnonzero(same & alone[:-2])
    hi = np.flatnonzero(same & alone[2:]) + 2
    big = hi - lo > 2
    if big.any():
        extra_a, extra_b = _repeated_matches(order, lo[big], hi[big], n_a)
        ia, jb = np.concatenate([ia, extra_a]), np.concatenate([jb, extra_b])
    if len(ia) == 0:
        return empty
    # One sort by diagonal, then by place on a: packed into one integer key.
    span = np.int64(n_a + 1)
    key = (ia - jb + np.int64(len(gb))) * span + ia
    key.sort()
    diagonal, ia = np.divmod(key, span)
    jb = ia - (diagonal - len(gb))
    start = np.ones(len(ia), dtype=bool)
    start[1:] = (diagonal[1:] != diagonal[:-1]) | (ia[1:] != ia[:-1] + 1)
    s = np.flatnonzero(start)
    e = np.append(s[1:], len(ia)) - 1
    runs = np.stack([ia[s], ia[e] + RUN_WORDS, jb[s], jb[e] + RUN_WORDS], axis=1)
    return runs[np.lexsort((runs[:, 2], runs[:, 0]))]


def _repeated_matches(order: np.ndarray, lo: np.ndarray, hi: np.ndarray, n_a: int) -> tuple[np.ndarray, np.ndarray]:
    """For groups ``order[lo:hi]`` of equal windows (a's places below ``n_a``, b's above):
    every place of a with every place of b in its group, up to MAX_WINDOW_REPEATS of each."""
    size = hi - lo
    members = order[ranges(lo, size)]
    group = np.repeat(np.arange(len(lo)), size)
    side_a = members < n_a

    def capped(m: np.ndarray, g: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        rank = np.arange(len(g)) - np.searchsorted(g, g, side="left")
        return m[rank < MAX_WINDOW_REPEATS], g[rank < MAX_WINDOW_REPEATS]

    a_place, a_group = capped(members[side_a], group[side_a])
    b_place, b_group = capped(members[~side_a] - n_a, group[~side_a])
    b_count = np.bincount(b_group, minlength=len(lo))
    b_first = np.cumsum(b_count) - b_count
    times = b_count[a_group]
    return np.repeat(a_place, times), b_place[ranges(b_first[a_group], times)]


def _run_words(ta: SentenceTable, tb: SentenceTable, runs: np.ndarray, formula_a: np.ndarray,
               formula_b: np.ndarray) -> int:
    """Words of a inside some long run (:data:`LONG_RUN_WORDS`) that is not a list of
    names, less those quoted on both sides (a quotation two reports share is not copied
    prose; unlike a sentence, a long run kept word for word is copied even from inside
    one side's quotation: dropping those runs cost PAN's plagdet 0.904 -> 0.861) and those
    in formula sentences on either side (``formula_a``, ``formula_b``: masks over the
    sentences, :func:`formula_sentences`)."""
    runs = runs[runs[:, 1] - runs[:, 0] >= LONG_RUN_WORDS]
    if len(runs) == 0:
        return 0
    length = runs[:, 1] - runs[:, 0]
    word_a, word_b = ranges(runs[:, 0], length), ranges(runs[:, 2], length)
    names = np.add.reduceat(ta.token_capital[word_a].astype(np.int64), np.cumsum(length) - length) / length
    prose = ~(ta.token_quoted[word_a] & tb.token_quoted[word_b]) & np.repeat(names < NAME_LIST_SHARE, length)
    for table, words, formula in ((ta, word_a, formula_a), (tb, word_b, formula_b)):
        if formula.any():
            prose &= ~formula[_sentence_of(table, words)]
    return len(unique_sorted(word_a[prose]))


def _sentence_of(t: SentenceTable, words: np.ndarray) -> np.ndarray:
    """The sentence of each of a table's words."""
    return np.searchsorted(t.token_starts[1:], words, side="right")


def _run_cover(ta: SentenceTable, tb: SentenceTable, runs: np.ndarray) -> tuple[float, float]:
    """Share of each text's words inside the runs (runs overlap where a window repeats)."""
    return (_covered_share(len(ta.token_chars), runs[:, 0], runs[:, 1]),
            _covered_share(len(tb.token_chars), runs[:, 2], runs[:, 3]))


def passage_cover(found: list[Passage], ta: SentenceTable, tb: SentenceTable) -> tuple[float, float]:
    """Share of each text's words inside the passages (a word inside when it starts
    within one): how much of each article a partial copy's evidence covers."""
    shares = []
    for table, spans in ((ta, [p.a for p in found]), (tb, [p.b for p in found])):
        bounds = np.array(spans, dtype=np.int64).reshape(-1, 2)
        starts = table.token_chars[:, 0]
        lo, hi = np.searchsorted(starts, bounds[:, 0]), np.searchsorted(starts, bounds[:, 1])
        shares.append(_covered_share(len(starts), lo, hi))
    return shares[0], shares[1]


def _covered_share(n: int, lo: np.ndarray, hi: np.ndarray) -> float:
    """Share of ``n`` words inside any of the ranges ``[lo, hi)`` (ranges may overlap)."""
    if n == 0 or len(lo) == 0:
        return 0.0
    # +1 at each range's start, -1 past its end: a word is covered where the sum is positive.
    edges = np.bincount(lo, minlength=n + 1) - np.bincount(hi, minlength=n + 1)
    return float(np.count_nonzero(np.cumsum(edges[:n]) > 0)) / n


def run_passages(al: Alignment, ta: SentenceTable, tb: SentenceTable, *, min_words: int,
                 gap: int = RUN_WORDS) -> list[Passage]:
    """The verbatim runs as passages to the character: runs that follow one another on
    both sides with at most ``gap`` words between them on each are one passage (a word
    changed or a phrase cut inside a copied passage), ``edited`` with the share of its
    words in runs as similarity; passages under ``min_words`` words are dropped."""
    out: list[list[int]] = []  # a0, a1, b0, b1, words in runs
    for a0, a1, b0, b1 in al.runs.tolist():
        if out and out[-1][1] - RUN_WORDS < a0 <= out[-1][1] + gap and out[-1][3] - RUN_WORDS < b0 <= out[-1][3] + gap:
            last = out[-1]
            last[4] += max(0, a1 - max(a0, last[1]))
            last[1], last[3] = max(last[1], a1), max(last[3], b1)
        else:
            out.append([a0, a1, b0, b1, a1 - a0])
    passages_out = []
    for a0, a1, b0, b1, inside in out:
        if a1 - a0 < min_words:
            continue
        share = inside / (a1 - a0)
        passages_out.append(Passage(
            a=(int(ta.token_chars[a0, 0]), int(ta.token_chars[a1 - 1, 1])),
            b=(int(tb.token_chars[b0, 0]), int(tb.token_chars[b1 - 1, 1])),
            kind="verbatim" if share >= 1.0 and a1 - a0 == b1 - b0 else "edited",
            similarity=1.0 if share >= 1.0 else round(share, 4)))
    return passages_out


def shared_wording(ta: SentenceTable, tb: SentenceTable, pairs: np.ndarray, words: int) -> np.ndarray:
    """(m,) bool: the sentences of each pair ``(a, b)`` of ``pairs`` share ``words``
    words in a row. Two reports that name the same people, places and figures in their
    own words match on content words as well as a lightly edited sentence does; only
    the edited one keeps runs of the other's wording."""
    keys, owners = [], []
    for table, sentences in ((ta, pairs[:, 0]), (tb, pairs[:, 1])):
        counts = np.maximum(table.n_tokens[sentences] - words + 1, 0)
        starts = ranges(table.token_starts[sentences], counts)
        owner = np.repeat(np.arange(len(pairs), dtype=np.uint64), counts)
        with np.errstate(over="ignore"):  # each window keyed by the pair it is read for
            keys.append(window_hashes(table.tokens, words, starts) ^ (owner * np.uint64(0x9E3779B97F4A7C15)))
        owners.append(owner)
    found = np.zeros(len(pairs), dtype=bool)
    found[owners[0][in_sorted(keys[0], np.sort(keys[1]))].astype(np.int64)] = True
    return found


#: Keys a word by the aligned pair it is read for (hash XOR pair number times this odd constant).
_PAIR_KEY = np.uint64(0x9E3779B97F4A7C15)


def word_order(ta: SentenceTable, tb: SentenceTable, pairs: np.ndarray) -> float:
    """Of the words the two sentences of each pair ``(a, b)`` of ``pairs`` share, read
    in a's order (outside quotations, each word at its first place on either side), the
    share of steps from one to the next that go forward in b too: near 1 where a spinner
    swapped words in place, lower where a paraphrase moved clauses about ("In front of
    900 people, the director collected the prize"). 1.0 when no two words are shared."""
    if len(pairs) == 0:
        return 1.0
    first_places = []
    for table, sentences, unquoted in ((ta, pairs[:, 0], True), (tb, pairs[:, 1], False)):
        counts = table.n_tokens[sentences]
        places = ranges(table.token_starts[sentences], counts)
        owner = np.repeat(np.arange(len(pairs), dtype=np.uint64), counts)
        if unquoted:
            outside = ~table.token_quoted[places]
            places, owner = places[outside], owner[outside]
        with np.errstate(over="ignore"):
            keys = table.tokens[places] ^ (owner * _PAIR_KEY)
        by_key = np.argsort(keys, kind="stable")  # a word's places in reading order
        ranked = keys[by_key]
        first = np.ones(len(ranked), dtype=bool)
        first[1:] = ranked[1:] != ranked[:-1]
        first_places.append((ranked[first], places[by_key[first]], owner[by_key[first]]))
    (keys_a, places_a, owner_a), (keys_b, places_b, _) = first_places
    if len(keys_a) == 0 or len(keys_b) == 0:
        return 1.0
    at = np.minimum(np.searchsorted(keys_b, keys_a), len(keys_b) - 1)
    shared = keys_b[at] == keys_a
    reading = np.lexsort((places_a[shared], owner_a[shared]))  # back to a's order, pair by pair
    owner, place_b = owner_a[shared][reading], places_b[at[shared]][reading]
    step = owner[1:] == owner[:-1]
    steps = int(np.count_nonzero(step))
    return float(np.count_nonzero(step & (place_b[1:] > place_b[:-1])) / steps) if steps else 1.0


def held_whole(ta: SentenceTable, tb: SentenceTable, pairs: np.ndarray) -> np.ndarray:
    """(m,) bool: the shorter sentence of each pair ``(a, b)`` of ``pairs`` is found
    word for word inside the other (a dateline or a lead-in before it aside): a
    formula filled in alike, to its last name and figure."""
    width = np.minimum(ta.n_tokens[pairs[:, 0]], tb.n_tokens[pairs[:, 1]])
    found = np.zeros(len(pairs), dtype=bool)
    for words in unique_sorted(width[width > 0]).tolist():  # few lengths: a pass each
        same = np.flatnonzero(width == words)
        found[same] = shared_wording(ta, tb, pairs[same], words)
    return found


def _trigram_overlap(ta: SentenceTable, tb: SentenceTable) -> tuple[float, float]:
    """Share of each text's distinct unquoted word trigrams found in the other."""
    common = int(np.count_nonzero(in_sorted(ta.trigrams, tb.trigrams)))
    return (common / len(ta.trigrams) if len(ta.trigrams) else 0.0,
            common / len(tb.trigrams) if len(tb.trigrams) else 0.0)


def _shares(n_tokens: np.ndarray, *masks: np.ndarray) -> list[float]:
    """For each mask over an article's sentences, the share of its words in them (one
    product for all the masks)."""
    total = int(n_tokens.sum())
    if not total:
        return [0.0] * len(masks)
    return (np.array(masks) @ n_tokens / total).tolist()


def align(
    ta: SentenceTable,
    tb: SentenceTable,
    *,
    threshold: float = MATCH_THRESHOLD,
    vectors: tuple[np.ndarray, np.ndarray] | None = None,
    paraphrase: float = 0.8,
) -> Alignment:
    """Align two articles' sentences.

    Args:
        ta: sentence table of article a.
        tb: sentence table of article b.
        threshold: content-word Dice from which sentences match.
        vectors: L2-normalised sentence vectors of a and b (one row per sentence), for
            the semantic match; None for the lexical alignment alone.
        paraphrase: cosine from which sentences left unmatched by words align by meaning.

    Returns:
        The :class:`Alignment`.
    """
    # Many small NumPy calls on arrays of a few dozen sentences: their overhead, not the
    # work, is the cost, so each step takes as few calls as it can.
    a_to_b, b_to_a = _word_links(ta, tb)
    shared, dice, shared_names = _similarity(ta, tb, a_to_b)
    # Two shared content words, or one when both sentences are that short.
    short = (ta.n_content <= 2)[:, None] & (tb.n_content <= 2)[None, :]
    ok = (dice >= threshold) & (shared >= 2 - short)
    pairs = _greedy_one_to_one(dice, ok)
    n = len(pairs)
    pa, pb = pairs[:, 0], pairs[:, 1]
    sim = dice[pa, pb]
    verbatim = ta.exact[pa] == tb.exact[pb]

    best = np.where(ok, dice, 0) if dice.size else None
    best_a = best.max(axis=1) if best is not None else np.zeros(len(ta))
    best_b = best.max(axis=0) if best is not None else np.zeros(len(tb))
    verb_a = np.zeros(len(ta), dtype=bool)
    verb_b = np.zeros(len(tb), dtype=bool)
    verb_a[pa[verbatim]] = True
    verb_b[pb[verbatim]] = True
    # A sentence mostly in quotation marks on either side is the quoted source's words:
    # the other article prints them too, as the statement's full text or as reported
    # speech, and neither took them from the other (a statement and a report quoting it).
    quoted = (ta.quoted[pa] >= 0.5) | (tb.quoted[pb] >= 0.5)
    anchors, anchor_agreement, figures, figure_agreement = _agreement(ta, tb, pairs, a_to_b, b_to_a)
    len_a, len_b = ta.n_tokens[pa], tb.n_tokens[pb]
    matched_a, edited_a, verbatim_a = _shares(ta.n_tokens, best_a >= threshold, best_a >= EDITED_THRESHOLD, verb_a)
    matched_b, edited_b, verbatim_b = _shares(tb.n_tokens, best_b >= threshold, best_b >= EDITED_THRESHOLD, verb_b)
    semantic = None
    if vectors is not None:
        semantic = _semantic_match(ta, tb, pairs, quoted, best_a >= threshold, best_b >= threshold, vectors,
                                   paraphrase)
    return Alignment(
        pairs=pairs,
        similarity=sim,
        verbatim=verbatim,
        pair_quoted=quoted,
        coverage_a=matched_a,
        coverage_b=matched_b,
        edited_a=edited_a,
        edited_b=edited_b,
        verbatim_a=verbatim_a,
        verbatim_b=verbatim_b,
        quoted=np.count_nonzero(quoted) / n if n else 0.0,
        anchors=anchors,
        anchor_agreement=anchor_agreement,
        figures=figures,
        figure_agreement=figure_agreement,
        figures_a=int(np.count_nonzero(ta.word_figure)),
        figures_b=int(np.count_nonzero(tb.word_figure)),
        words_a=len(ta.words),
        words_b=len(tb.words),
        n_a=len(ta),
        n_b=len(tb),
        pair_words=len_a,
        pair_names=ta.names[pa],
        aligned_words=min(int(len_a.sum()), int(len_b.sum())),
        semantic=semantic,
        tables=(ta, tb),
        _links=(a_to_b, b_to_a),
        _shared_names=shared_names,
    )


def subjects(ta: SentenceTable, tb: SentenceTable, pairs: np.ndarray, similarity: np.ndarray, verbatim: np.ndarray,
             shared_names: np.ndarray, a_to_b: np.ndarray, b_to_a: np.ndarray
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The formula sentences of a and of b (:func:`formula_sentences`) and the aligned
    pairs that name two subjects in one frame (:func:`renamed_pairs`, :func:`_leads_apart`),
    of the aligned ``pairs`` with their ``similarity`` and ``verbatim`` flags;
    ``shared_names`` is the (n_a, n_b) count of names both sentences print."""
    pa, pb = pairs[:, 0], pairs[:, 1]
    formula_a, formula_b = formula_sentences(ta, a_to_b), formula_sentences(tb, b_to_a)
    # Names are weighed where sentences are worded alike but not the same: a frame's
    # lines filled in anew, a copy's edited ones (a sentence printed word for word names
    # what the other's names).
    edited = np.flatnonzero((similarity >= EDITED_THRESHOLD) & ~verbatim)
    renamed = np.zeros(len(pairs), dtype=bool)
    renamed[edited] = renamed_pairs(ta, tb, pairs[edited], shared_names[pa[edited], pb[edited]], a_to_b, b_to_a)
    leads = np.flatnonzero((pa == 0) & (pb == 0) & ~verbatim)
    if len(leads) and _leads_apart(ta, tb, shared_names, a_to_b, b_to_a):
        renamed[leads] = True
    if renamed.any() or formula_a.any() or formula_b.any():
        # A formula line printed word for word on both sides with data of its own (a
        # company's results line, not the usual fees) is copied data; a renamed pair's
        # sentences are the pair's own formula.
        own = pairs[own_data_lines(ta, pa, verbatim)]
        formula_a, formula_b = formula_a.copy(), formula_b.copy()
        formula_a[own[:, 0]], formula_b[own[:, 1]] = False, False
        formula_a[pa[renamed]], formula_b[pb[renamed]] = True, True
    return formula_a, formula_b, renamed


def _semantic_match(ta: SentenceTable, tb: SentenceTable, pairs: np.ndarray, quoted: np.ndarray,
                    matched_a: np.ndarray, matched_b: np.ndarray, vectors: tuple[np.ndarray, np.ndarray],
                    paraphrase: float) -> SemanticMatch:
    """Align, one to one and best first, the sentences the lexical pass left unpaired
    whose vectors are at least ``paraphrase`` apart in cosine."""
    va, vb = vectors
    cos = va @ vb.T if len(va) and len(vb) else np.zeros((len(ta), len(tb)), dtype=np.float32)
    long_a = ta.n_tokens >= SEMANTIC_MIN_WORDS
    long_b = tb.n_tokens >= SEMANTIC_MIN_WORDS
    close = (cos >= paraphrase) & long_a[:, None] & long_b[None, :]
    free_a = np.ones(len(ta), dtype=bool)
    free_b = np.ones(len(tb), dtype=bool)
    free_a[pairs[:, 0]] = False
    free_b[pairs[:, 1]] = False
    extra = _greedy_one_to_one(cos, close & free_a[:, None] & free_b[None, :])
    sem_cos = cos[extra[:, 0], extra[:, 1]] if len(extra) else np.zeros(0, dtype=np.float32)
    merged = np.concatenate([pairs, extra]) if len(extra) else pairs
    merged = merged[np.argsort(merged[:, 0], kind="stable")] if len(merged) else merged
    extra_quoted = (ta.quoted[extra[:, 0]] >= 0.5) | (tb.quoted[extra[:, 1]] >= 0.5) if len(extra) else quoted[:0]
    n = len(merged)
    return SemanticMatch(
        pairs=extra,
        cosine=sem_cos.astype(np.float64),
        coverage_a=_shares(ta.n_tokens, matched_a | (close.any(axis=1) if close.size else False))[0],
        coverage_b=_shares(tb.n_tokens, matched_b | (close.any(axis=0) if close.size else False))[0],
        n_aligned=n,
        order=_order(merged[:, 1]) / n if n else 0.0,
        quoted=float((quoted.sum() + extra_quoted.sum()) / n) if n else 0.0,
    )


def passages(al: Alignment, ta: SentenceTable, tb: SentenceTable, keep: np.ndarray | None = None) -> list[Passage]:
    """Aligned passages: runs of consecutive aligned sentences of one kind, merged.

    Sentences aligned by meaning alone (``al.semantic``) are ``paraphrase`` passages
    whose similarity is the sentences' cosine; the others carry content-word Dice.

    Args:
        keep: optional mask over the aligned pairs; only those kept make passages (a
            partial copy's evidence is its reused sentences, not chance paraphrase).
    """
    pairs, sims, verbatim = al.pairs, al.similarity, al.verbatim
    if keep is not None:
        pairs, sims, verbatim = pairs[keep], sims[keep], verbatim[keep]
    kind = np.where(verbatim, 0, np.where(sims >= EDITED_THRESHOLD, 1, 2))
    # Runs never mix how sentences were matched: a run of Dice and cosine is no one number.
    source = np.zeros(len(pairs), dtype=np.int8)
    if al.semantic is not None and len(al.semantic.pairs):
        extra = len(al.semantic.pairs)
        pairs = np.concatenate([pairs, al.semantic.pairs])
        sims = np.concatenate([sims, al.semantic.cosine])
        kind = np.concatenate([kind, np.full(extra, 2)])
        source = np.concatenate([source, np.ones(extra, dtype=np.int8)])
        order = np.argsort(pairs[:, 0], kind="stable")
        pairs, sims, kind, source = pairs[order], sims[order], kind[order], source[order]
    n = len(pairs)
    if n == 0:
        return []
    # A loop over the few dozen aligned pairs beats the NumPy calls a vectorised search
    # for the runs needs; the sums stay NumPy's, so the similarities are the same floats.
    listed, kinds, sources = pairs.tolist(), kind.tolist(), source.tolist()
    starts = [0]
    for k in range(1, n):
        (a0, b0), (a1, b1) = listed[k - 1], listed[k]
        if a1 != a0 + 1 or b1 != b0 + 1 or kinds[k] != kinds[k - 1] or sources[k] != sources[k - 1]:
            starts.append(k)
    ends = starts[1:] + [n]
    sums = np.add.reduceat(sims, starts).tolist()
    a_from = ta.spans[[listed[k][0] for k in starts], 0].tolist()
    b_from = tb.spans[[listed[k][1] for k in starts], 0].tolist()
    a_to = ta.spans[[listed[k - 1][0] for k in ends], 1].tolist()
    b_to = tb.spans[[listed[k - 1][1] for k in ends], 1].tolist()
    names = ("verbatim", "edited", "paraphrase")
    return [
        Passage(a=(a0, a1), b=(b0, b1), kind=names[kinds[k]], similarity=1.0 if kinds[k] == 0 else total / (e - k))
        for a0, a1, b0, b1, k, e, total in zip(a_from, a_to, b_from, b_to, starts, ends, sums)
    ]
