"""Alignment across languages, by the anchors a translation keeps (names and figures).

Words of two languages do not match, but a translation keeps, sentence after
sentence, the names and figures of its source (:mod:`copytrace.sketch.anchors`). Two
sentences are matched when they share anchors, weighed by how rare each is in the two
texts (a name in every sentence tells no sentence apart), and the matches are chosen
in order on both sides (a translation keeps the source's order). Reports of one event
written in two languages share names and some figures too, but in a few sentences and
in their own order: coverage is what tells a translation (:func:`copytrace.classify.translation`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..arrays import distinct_entries, in_sorted, ranges, unique_sorted
from ..records import CleanArticle, Passage
from ..sketch.anchors import anchor_tokens
from .sentences import char_to_byte

#: Shared anchor weight two sentences need (an anchor weighs 1 / the sentences of the
#: text that holds it most often): one anchor the two sentences alone hold, or two
#: that each of them holds twice.
MIN_MATCH_WEIGHT = 0.5
#: And the share of the larger of the two sentences' weights (of anchors found in the
#: other text at all) that the shared anchors make up.
MIN_MATCH_SHARE = 0.5


@dataclass(slots=True)
class CrossAlignment:
    """Sentences of two texts in two languages matched by their anchors, in order."""

    pairs: np.ndarray  # (m, 2) sentence numbers of a and b, increasing on both sides
    similarity: np.ndarray  # (m,) shared anchor weight over the larger sentence's
    spans_a: np.ndarray  # (n_a, 2) character spans of a's sentences
    spans_b: np.ndarray  # (n_b, 2) ... of b's
    coverage_a: float  # share of a's characters in matched sentences
    coverage_b: float
    anchors_a: int  # distinct anchors (names and figures) of a
    anchors_b: int
    shared_anchors: int  # distinct anchors of both
    figures_a: int  # distinct figures of a
    figures_b: int
    shared_figures: int  # distinct figures of both

    @property
    def n_aligned(self) -> int:
        return len(self.pairs)

    @property
    def anchor_share(self) -> float:
        """Share of one text's names and figures that the other prints too, on the side
        where it is higher (a German text's nouns are capitalised: its own share is low)."""
        return max(self.shared_anchors / max(self.anchors_a, 1), self.shared_anchors / max(self.anchors_b, 1))

    @property
    def figure_agreement(self) -> float:
        """Share of the figures of the text printing fewer that the other prints too (1
        where it prints none)."""
        fewer = min(self.figures_a, self.figures_b)
        return self.shared_figures / fewer if fewer else 1.0

    def passages(self) -> list[Passage]:
        """Each matched sentence pair as a ``paraphrase`` passage."""
        return [Passage(a=(int(self.spans_a[i, 0]), int(self.spans_a[i, 1])),
                        b=(int(self.spans_b[j, 0]), int(self.spans_b[j, 1])), kind="paraphrase",
                        similarity=round(float(s), 4))
                for (i, j), s in zip(self.pairs.tolist(), self.similarity.tolist())]


def align_across(a: CleanArticle, b: CleanArticle) -> CrossAlignment:
    """Match the sentences of two articles in different languages by their anchors."""
    sentences = []
    for art in (a, b):
        spans = art.sentences if len(art.sentences) else np.array([[0, len(art.text)]], dtype=np.int64)
        sentences.append(np.asarray(spans, dtype=np.int64).reshape(-1, 2))
    hashes, owner, start, figure = anchor_tokens([a.text, b.text])
    sets = []  # per text: distinct (sentence, anchor) entries, distinct anchors, distinct figures
    for d, (art, spans) in enumerate(zip((a, b), sentences)):
        mine = owner == d
        starts = char_to_byte(art.text)[spans[:, 0]]
        sentence = np.clip(np.searchsorted(starts, start[mine], side="right") - 1, 0, len(spans) - 1)
        sets.append((distinct_entries(sentence, hashes[mine]), unique_sorted(hashes[mine]),
                     unique_sorted(hashes[mine][figure[mine]])))
    ((sa, ha), anchors_a, fa), ((sb, hb), anchors_b, fb) = sets
    in_both = anchors_a[in_sorted(anchors_a, anchors_b)]
    keep_a, keep_b = in_sorted(ha, in_both), in_sorted(hb, in_both)
    ea = np.stack([sa[keep_a], np.searchsorted(in_both, ha[keep_a])], axis=1)
    eb = np.stack([sb[keep_b], np.searchsorted(in_both, hb[keep_b])], axis=1)
    pairs, similarity = _match(ea, eb, len(sentences[0]), len(sentences[1]))
    return CrossAlignment(
        pairs=pairs,
        similarity=similarity,
        spans_a=sentences[0],
        spans_b=sentences[1],
        coverage_a=_coverage(sentences[0], pairs[:, 0], len(a.text)),
        coverage_b=_coverage(sentences[1], pairs[:, 1], len(b.text)),
        anchors_a=len(anchors_a),
        anchors_b=len(anchors_b),
        shared_anchors=len(in_both),
        figures_a=len(fa),
        figures_b=len(fb),
        shared_figures=int(np.count_nonzero(in_sorted(fa, fb))),
    )


def _match(ea: np.ndarray, eb: np.ndarray, n_a: int, n_b: int) -> tuple[np.ndarray, np.ndarray]:
    """The in-order sentence matches of most shared weight (``ea``, ``eb``: distinct
    ``(sentence, anchor number)`` entries of the anchors both texts hold)."""
    none = np.zeros((0, 2), dtype=np.int64), np.zeros(0)
    if len(ea) == 0:
        return none
    ia, ib = ea[:, 1], eb[:, 1]
    n_anchors = int(max(ia.max(), ib.max())) + 1
    weight = 1.0 / np.maximum(np.bincount(ia, minlength=n_anchors), np.bincount(ib, minlength=n_anchors))
    held_a = np.bincount(ea[:, 0], weights=weight[ia], minlength=n_a)
    held_b = np.bincount(eb[:, 0], weights=weight[ib], minlength=n_b)
    shared = np.zeros((n_a, n_b))
    # Every (a sentence, b sentence) pair holding one anchor: few, as weights fall with repeats.
    order_b = np.argsort(ib, kind="stable")
    lo = np.searchsorted(ib[order_b], ia, side="left")
    hi = np.searchsorted(ib[order_b], ia, side="right")
    counts = hi - lo
    rows = np.repeat(ea[:, 0], counts)
    cols = eb[order_b][ranges(lo, counts), 0]
    np.add.at(shared, (rows, cols), np.repeat(weight[ia], counts))
    share = shared / np.maximum(np.maximum.outer(held_a, held_b), 1e-12)
    score = np.where((shared >= MIN_MATCH_WEIGHT - 1e-9) & (share >= MIN_MATCH_SHARE), shared, 0.0)
    if not score.any():
        return none
    # In-order matching of most weight (dynamic programming over the few sentences).
    # Python lists: indexing a NumPy row item by item costs more than the arithmetic.
    best = [[0.0] * (n_b + 1) for _ in range(n_a + 1)]
    for i, gain in enumerate(score.tolist()):
        row, prev = best[i + 1], best[i]
        for j in range(n_b):
            take = prev[j] + gain[j] if gain[j] > 0 else 0.0
            row[j + 1] = max(prev[j + 1], row[j], take)
    chosen = []
    i, j = n_a, n_b
    while i > 0 and j > 0:
        if best[i][j] == best[i - 1][j]:
            i -= 1
        elif best[i][j] == best[i][j - 1]:
            j -= 1
        else:
            chosen.append((i - 1, j - 1))
            i, j = i - 1, j - 1
    pairs = np.array(chosen[::-1], dtype=np.int64).reshape(-1, 2)
    return pairs, share[pairs[:, 0], pairs[:, 1]]


def _coverage(spans: np.ndarray, matched: np.ndarray, length: int) -> float:
    """Share of a text's characters in the matched sentences."""
    if length == 0 or len(matched) == 0:
        return 0.0
    return float(np.sum(spans[matched, 1] - spans[matched, 0])) / length
