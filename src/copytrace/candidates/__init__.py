"""The candidates stage: blocking, so that work grows with related pairs, not n squared.

Four sources of candidate pairs, each by sort-based grouping over NumPy arrays:
identical normalised texts, LSH bands over the shingle signature (near copies), LSH
bands over the rare-word signature (spun copies, close rewrites), and an inverted
index of winnowed fingerprints (partial reuse, shared long passages); with the
semantic extra, a fifth: nearest neighbours over article vectors (reworded rewrites,
independent reports; see :mod:`.semantic`); in a corpus of several languages, a sixth:
an inverted index of names and figures, across languages (translations; see
:mod:`.translations`). Pairs whose publication dates are further
apart than a window are dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..sketch import Sketches, jaccard_estimate
from .fingerprints import fingerprint_pairs
from .grouping import group_pairs, unique_pairs
from .lsh import lsh_pairs
from .translations import translation_pairs

__all__ = ["Candidates", "choose_word_bands", "find_candidates", "fingerprint_pairs", "group_pairs", "lsh_pairs",
           "translation_pairs", "unique_pairs"]

VIA_EXACT, VIA_SHINGLES, VIA_WORDS, VIA_FINGERPRINTS, VIA_SEMANTIC, VIA_ANCHORS = 1, 2, 4, 8, 16, 32
#: Below this many texts the work is not worth starting processes for.
PARALLEL_MIN_TEXTS = 50_000
#: Below this many word-path pairs the cap never applies: aligning them costs little.
MIN_WORD_PAIR_CAP = 1000


@dataclass(slots=True)
class Candidates:
    """Candidate pairs ``(i, j)`` with ``i < j`` (text numbers), and how each was found."""

    pairs: np.ndarray  # (m, 2) int64
    via: np.ndarray  # (m,) uint8 bitmask of VIA_* flags
    shared_fingerprints: np.ndarray  # (m,) int32

    def __len__(self) -> int:
        return len(self.pairs)

    def counts(self) -> dict[str, int]:
        names = {"exact": VIA_EXACT, "shingles": VIA_SHINGLES, "words": VIA_WORDS, "fingerprints": VIA_FINGERPRINTS,
                 "semantic": VIA_SEMANTIC, "anchors": VIA_ANCHORS}
        return {k: int(((self.via & flag) > 0).sum()) for k, flag in names.items()}


def find_candidates(
    sk: Sketches,
    *,
    published: np.ndarray | None = None,
    window_days: float | None = 30.0,
    shingle_bands: tuple[int, int] = (32, 4),
    word_bands: tuple[int, int] | None = None,
    min_word_jaccard: float = 0.1,
    min_rare_words: int = 10,
    word_pairs_per_text: float = 0.5,
    chance_budget: float = 3.0,
    min_shared_fingerprints: int = 2,
    max_fingerprint_df: int = 50,
    max_bucket: int = 200,
    max_expand: int = 10,
    vectors: np.ndarray | None = None,
    semantic_k: int = 10,
    semantic_cosine: float = 0.8,
    semantic_pairs_per_text: float = 0.2,
    anchors: tuple[np.ndarray, np.ndarray] | None = None,
    languages: np.ndarray | None = None,
    workers: int = 1,
) -> Candidates:
    """Candidate pairs for the texts of ``sk``.

    Args:
        sk: sketches of all texts (row i is text ``sk.first + i``).
        published: publication times in seconds (NaN where unknown), one per text.
        window_days: drop pairs published further apart than this (None: keep all).
        shingle_bands: (bands, rows) for the shingle signature; (32, 4) finds pairs of
            5-gram Jaccard 0.5 with probability 0.87, 0.3 with 0.23.
        word_bands: (bands, rows) for the rare-word signature; by default the loosest
            of (64, 2), (42, 3), (32, 4) whose expected chance collisions stay under
            ``chance_budget`` per text (see :func:`choose_word_bands`). (64, 2) finds
            pairs of rare-word Jaccard 0.2 (what independent reports of one event
            share) with probability 0.93; (42, 3) finds Jaccard 0.4 (a spun copy) with
            probability 0.93.
        min_word_jaccard: word-signature pairs estimated below this are dropped.
        min_rare_words: texts with fewer rare words (short briefs, tables) take no part
            in the word path: their word-set similarity is noise.
        word_pairs_per_text: at most this many word-path pairs per text (and never fewer
            than ``MIN_WORD_PAIR_CAP`` in all) are kept, the most similar first: corpora
            of templated texts have many pairs just over ``min_word_jaccard``.
        chance_budget: candidate pairs per text that chance collisions may cost.
        min_shared_fingerprints: fingerprints two texts must share.
        max_fingerprint_df: fingerprints in more texts than this are boilerplate.
        max_bucket: larger buckets are linked as a star, not as all pairs.
        max_expand: a pair found for an exact-duplicate group's first text is also
            compared with up to this many other texts of the group.
        vectors: L2-normalised article vectors, one per text, for the nearest-neighbour
            path (None: no such path).
        semantic_k: neighbours looked up per text.
        semantic_cosine: least cosine of a neighbour pair (the encoder's calibration).
        semantic_pairs_per_text: cap on neighbour pairs, relative to the texts.
        anchors: ``(hashes, text numbers)`` of each text's distinct anchors
            (:func:`copytrace.sketch.anchors.distinct_anchors`), for candidate
            translations (:mod:`.translations`); with ``languages``, a code per text
            (negative where unknown).
        workers: processes the LSH bands and fingerprint groups are shared among
            (from ``PARALLEL_MIN_TEXTS`` texts on).

    Returns:
        The :class:`Candidates`.
    """
    first = sk.first
    n = len(sk)
    workers = workers if n >= PARALLEL_MIN_TEXTS else 1
    exact = group_pairs(sk.exact, np.arange(n, dtype=np.int64), max_bucket=max_bucket, skip_keys=np.uint64(0))
    # Exact duplicates stand in for each other: only the first of each group is blocked further.
    rep, rank = _duplicate_groups(sk.exact)
    representative = rank == 0
    reps = np.flatnonzero(representative)
    parts = [exact + first]
    flags = [np.full(len(exact), VIA_EXACT, np.uint8)]
    if word_bands is None:
        word_bands = choose_word_bands(sk.sig_words[reps], chance_budget=chance_budget)
    for sig, (bands, rows), flag in (
        (sk.sig_shingles, shingle_bands, VIA_SHINGLES),
        (sk.sig_words, word_bands, VIA_WORDS),
    ):
        found = lsh_pairs(sig[reps], bands, rows, max_bucket=max_bucket, workers=workers)
        if flag == VIA_WORDS:
            found = _most_similar(sig[reps], found, sk.n_rare[reps], min_word_jaccard, min_rare_words,
                                  cap=max(MIN_WORD_PAIR_CAP, int(word_pairs_per_text * len(reps))))
        parts.append(reps[found] + first)
        flags.append(np.full(len(found), flag, np.uint8))
    if vectors is not None:
        from .semantic import semantic_pairs

        found = semantic_pairs(vectors[reps], sk.sig_words[reps], k=semantic_k, min_cosine=semantic_cosine,
                               pairs_per_text=semantic_pairs_per_text)
        parts.append(reps[found] + first)
        flags.append(np.full(len(found), VIA_SEMANTIC, np.uint8))
    keep_fp = representative[sk.fp_docs - first]
    fp_pairs, fp_counts = fingerprint_pairs(
        sk.fp_values[keep_fp], sk.fp_docs[keep_fp], min_shared=min_shared_fingerprints, max_df=max_fingerprint_df,
        workers=workers,
    )
    parts.append(fp_pairs)
    flags.append(np.full(len(fp_pairs), VIA_FINGERPRINTS, np.uint8))
    fp_end = sum(len(p) for p in parts)
    if anchors is not None and languages is not None:
        found = translation_pairs(anchors[0], anchors[1] - first, languages, workers=workers) + first
        parts.append(found)
        flags.append(np.full(len(found), VIA_ANCHORS, np.uint8))

    pairs = np.concatenate(parts).reshape(-1, 2)
    via = np.concatenate(flags)
    shared = np.zeros(len(pairs), dtype=np.int32)
    shared[fp_end - len(fp_pairs) : fp_end] = fp_counts
    pairs, via, shared = _expand_duplicates(pairs, via, shared, rep, rank, first, max_members=max_expand)
    pairs, via, shared = _merge(pairs, via, shared)
    if published is not None and window_days is not None and len(pairs):
        ta, tb = published[pairs[:, 0] - first], published[pairs[:, 1] - first]
        far = np.abs(ta - tb) > window_days * 86400.0  # NaN compares False: unknown dates stay
        keep = ~far | ((via & VIA_EXACT) > 0)
        pairs, via, shared = pairs[keep], via[keep], shared[keep]
    return Candidates(pairs, via, shared)


WORD_BAND_OPTIONS = ((64, 2), (42, 3), (32, 4), (25, 5))


def choose_word_bands(sig: np.ndarray, *, chance_budget: float = 3.0, sample: int = 5000,
                      options=WORD_BAND_OPTIONS) -> tuple[int, int]:
    """The loosest banding whose expected candidates stay under budget per text.

    Each banding is run on a seeded random subset of ``sample`` texts and its bucket
    collisions are scaled by ``(n / sample) ** 2``: chance collisions grow with the
    square of the corpus, which is what the budget must bound.
    """
    n = len(sig)
    if n <= sample:
        subset = sig
    else:
        subset = sig[np.sort(np.random.default_rng(0).choice(n, size=sample, replace=False))]
    scale = (n / len(subset)) ** 2 if len(subset) else 1.0
    for bands, rows in options:
        found = lsh_pairs(subset, bands, rows)
        if len(found) and len(unique_pairs(found)[0]) * scale > chance_budget * n:
            continue
        return bands, rows
    return options[-1]


def _most_similar(sig, pairs, n_rare, min_jaccard: float, min_rare: int, cap: int) -> np.ndarray:
    """Pairs over ``min_jaccard`` between texts with enough rare words, at most ``cap``."""
    if len(pairs) == 0:
        return pairs
    pairs = unique_pairs(pairs)[0]
    pairs = pairs[(n_rare[pairs] >= min_rare).all(axis=1)]  # cheap filter before the signatures
    est = _estimated_jaccard(sig, pairs)
    keep = est >= min_jaccard
    pairs, est = pairs[keep], est[keep]
    if len(pairs) > cap:
        top = np.argsort(-est, kind="stable")[:cap]
        pairs = pairs[np.sort(top)]
    return pairs


def _estimated_jaccard(sig: np.ndarray, pairs: np.ndarray, chunk: int = 100_000) -> np.ndarray:
    """Estimated Jaccard similarity of each pair, in chunks to bound memory."""
    out = np.zeros(len(pairs))
    for lo in range(0, len(pairs), chunk):
        p = pairs[lo : lo + chunk]
        out[lo : lo + chunk] = jaccard_estimate(sig[p[:, 0]], sig[p[:, 1]])
    return out


def _duplicate_groups(exact: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each text, the first text with the same exact key (its group's representative),
    and each text's rank within its group (0 for the representative)."""
    order = np.argsort(exact, kind="stable")
    keys = exact[order]
    start = np.flatnonzero(np.concatenate([[True], keys[1:] != keys[:-1]]))
    size = np.diff(np.append(start, len(keys)))
    rep = np.empty(len(exact), dtype=np.int64)
    rank = np.empty(len(exact), dtype=np.int64)
    rep[order] = order[np.repeat(start, size)]
    rank[order] = np.arange(len(keys)) - np.repeat(start, size)
    return rep, rank


def _expand_duplicates(pairs, via, shared, rep: np.ndarray, rank: np.ndarray, first: int, *, max_members: int):
    """Give the other texts of an exact-duplicate group the pairs found for its first text.

    Both sides are expanded in turn, so a pair of two groups' first texts reaches every
    member of one group paired with every member of the other."""
    member = (rank > 0) & (rank <= max_members)
    if not member.any() or len(pairs) == 0:
        return pairs, via, shared
    members = np.flatnonzero(member)
    by_rep = np.argsort(rep[members], kind="stable")
    rs, ms = rep[members][by_rep] + first, members[by_rep] + first
    n_found = len(pairs)
    copied = (via & VIA_EXACT) == 0  # pairs inside a group are already exact pairs
    for side in (0, 1):
        # Pairs whose `side` is a representative, repeated for each of its members.
        lo = np.searchsorted(rs, pairs[:, side], "left")
        hi = np.searchsorted(rs, pairs[:, side], "right")
        counts = np.where(copied, hi - lo, 0)
        idx = np.repeat(np.arange(len(pairs)), counts)
        pos = np.repeat(lo, counts) + (np.arange(len(idx)) - np.repeat(np.cumsum(counts) - counts, counts))
        new = pairs[idx].copy()
        new[:, side] = ms[pos]
        pairs = np.concatenate([pairs, new])
        via, shared, copied = (np.concatenate([x, x[idx]]) for x in (via, shared, copied))
    return np.concatenate([pairs[:n_found], np.sort(pairs[n_found:], axis=1)]), via, shared


def _merge(pairs: np.ndarray, via: np.ndarray, shared: np.ndarray):
    """Collapse repeated pairs, OR-ing their flags and keeping the fingerprint count."""
    if len(pairs) == 0:
        return pairs.reshape(0, 2).astype(np.int64), via, shared
    key, inverse = unique_pairs(pairs)
    merged_via = np.zeros(len(key), dtype=np.uint8)
    np.bitwise_or.at(merged_via, inverse, via)
    merged_shared = np.zeros(len(key), dtype=np.int32)
    np.maximum.at(merged_shared, inverse, shared)
    return key, merged_via, merged_shared
