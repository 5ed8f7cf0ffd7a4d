"""Candidate translations: texts in different languages sharing rare anchors.

A translation shares almost no words with its source, so no word sketch brings the two
together; it keeps the names and figures (:mod:`copytrace.sketch.anchors`). Texts are
paired through an inverted index of their anchors, like the fingerprints of partial
reuse (:func:`.fingerprints.fingerprint_pairs`), and only pairs of two known and
different languages are kept: within one language the word sketches do the work.
"""

from __future__ import annotations

import numpy as np

from .fingerprints import fingerprint_pairs

#: Distinct anchors two texts must share: a name and a figure are one event's, not yet
#: one text's.
MIN_SHARED_ANCHORS = 4
#: Anchors in more texts than this are a country's, a leader's or a year's, and block nothing.
MAX_ANCHOR_DF = 50


def translation_pairs(values: np.ndarray, docs: np.ndarray, languages: np.ndarray, *,
                      min_shared: int = MIN_SHARED_ANCHORS, max_df: int = MAX_ANCHOR_DF, workers: int = 1
                      ) -> np.ndarray:
    """Pairs of texts in two different known languages sharing ``min_shared`` anchors.

    Args:
        values: anchor hashes, distinct per text.
        docs: the text number of each.
        languages: a code per text (any integers), negative where unknown.

    Returns:
        ``(m, 2)`` int64 pairs ``(i, j)``, ``i < j``, sorted.
    """
    known = languages[docs] >= 0
    if not known.any():
        return np.zeros((0, 2), dtype=np.int64)
    # Anchors of one language only pair no texts across languages: left out before pairing.
    order = np.flatnonzero(known)[np.argsort(values[known], kind="stable")]
    values, docs = values[order], docs[order]
    start = np.flatnonzero(np.concatenate(([True], values[1:] != values[:-1])))
    lang = languages[docs]
    mixed = np.maximum.reduceat(lang, start) != np.minimum.reduceat(lang, start)
    keep = np.repeat(mixed, np.diff(np.append(start, len(values))))
    pairs, _ = fingerprint_pairs(values[keep], docs[keep], min_shared=min_shared, max_df=max_df, workers=workers)
    return pairs[languages[pairs[:, 0]] != languages[pairs[:, 1]]]
