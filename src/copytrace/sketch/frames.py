"""Sentence frames: a sentence's words with its names and figures folded away.

Wire services print formulas: a bond notice, a crude price posting, a results line,
the central bank's daily operation, each one frame filled in anew for every issuer,
company or day. Prose copied from one article into another keeps its frame *and* its
filling. Counted over a corpus, the number of different fillings of a frame tells the
two apart: a frame filled in several ways is a formula, and two texts that both use
it have not thereby copied one another.

A sentence's *frame* is its word sequence with every run of names (capitalised words),
figures and number words folded to one marker; its *filling* is the sequence of the
words folded. "Acme Corp raised its posting by 50 cts" and "Beta Oil raised its
posting by 75 cts" share the frame "<> raised its posting by <> cts" and differ in
their fillings.
"""

from __future__ import annotations

import numpy as np

from .tokens import HashSet, hash_words, sequence_hashes

#: Figures spelled out (news style writes numbers under ten in words: "paying nine pct").
NUMBER_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand "
    "million billion trillion half quarter"
).split()
_NUMBER_WORDS = HashSet(hash_words(NUMBER_WORDS))
_FOLD = np.uint64(0x5F0DF01DC0FFEE11)  # the marker a folded run leaves in the frame
_FRAME_SALT, _FILLING_SALT = 11, 13

#: A frame with fewer words of its own than this is no formula ("<> vs <>"): it is too
#: short to say anything but that two lines are both short.
MIN_FRAME_WORDS = 3
#: A frame filled in this many different ways across the corpus is a formula.
MIN_FILLINGS = 3


def folded_words(hashes: np.ndarray, numeric: np.ndarray, capital: np.ndarray) -> np.ndarray:
    """Mask of the words a frame folds: figures, number words and capitalised words
    (a sentence's first word too: the filling decides, not the frame, whether "The"
    or "Acme" opens it)."""
    return numeric | capital | _NUMBER_WORDS.contains(hashes)


def sentence_frames(hashes: np.ndarray, folded: np.ndarray, offsets: np.ndarray
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Frame and filling hashes of many sentences at once.

    Args:
        hashes: token hashes, sentence after sentence.
        folded: mask of the folded words (:func:`folded_words`).
        offsets: sentence bounds over ``hashes`` (``offsets[-1] == len(hashes)``).

    Returns:
        Per sentence: the frame's hash, the filling's hash, and the frame's own words
        (those not folded).
    """
    n = len(offsets) - 1
    owner = np.repeat(np.arange(n, dtype=np.int64), np.diff(offsets))
    # A folded word right after another of its sentence adds nothing to the frame: a
    # run of names ("West Texas Intermediate") leaves one marker, like a single name.
    run_on = np.zeros(len(hashes), dtype=bool)
    run_on[1:] = folded[1:] & folded[:-1] & (owner[1:] == owner[:-1])
    kept = ~run_on
    frame = sequence_hashes(np.where(folded, _FOLD, hashes)[kept], _bounds(owner[kept], n), salt=_FRAME_SALT)
    filling = sequence_hashes(hashes[folded], _bounds(owner[folded], n), salt=_FILLING_SALT)
    literal = np.bincount(owner[~folded], minlength=n)
    return frame, filling, literal


def _bounds(owner: np.ndarray, n: int) -> np.ndarray:
    return np.searchsorted(owner, np.arange(n + 1)).astype(np.int64)


def distinct_fillings(frames: np.ndarray, fillings: np.ndarray, literal: np.ndarray
                      ) -> tuple[np.ndarray, np.ndarray]:
    """The distinct (frame, filling) pairs of sentences whose frames could be formulas
    (``MIN_FRAME_WORDS`` words of their own), sorted by frame: what a worker sends on.
    Counts of several batches combine in :func:`formula_frames`."""
    keep = literal >= MIN_FRAME_WORDS
    pairs = np.unique(np.stack([frames[keep], fillings[keep]], axis=1), axis=0)
    return pairs[:, 0].copy(), pairs[:, 1].copy()


def formula_frames(frames: np.ndarray, fillings: np.ndarray, min_fillings: int = MIN_FILLINGS) -> np.ndarray:
    """The frames (sorted) filled in ``min_fillings`` different ways or more among the
    (frame, filling) pairs given (repeats, from several batches, count once)."""
    if len(frames) == 0:
        return np.zeros(0, dtype=np.uint64)
    pairs = np.unique(np.stack([frames, fillings], axis=1), axis=0)
    found, counts = np.unique(pairs[:, 0], return_counts=True)
    return found[counts >= min_fillings]
