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

from ..arrays import in_sorted, owner_counts
from .tokens import HashSet, hash_words, mix64, sequence_hashes

#: Figures spelled out (news style writes numbers under ten in words: "paying nine pct").
NUMBER_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand "
    "million billion trillion half quarter"
).split()
_NUMBER_WORDS = HashSet(hash_words(NUMBER_WORDS))
_FOLD = np.uint64(0x5F0DF01DC0FFEE11)  # the marker a folded run leaves in the frame
_FRAME_SALT, _FILLING_SALT = 11, 13

#: A frame with fewer words of its own than this is no formula sentence but a table's
#: row ("Shr <> cts vs <> cts"), where the figures are the content and are weighed as
#: such (a results table reissued keeps them), or a line too short to be a passage.
MIN_FRAME_WORDS = 6
#: A frame filled in this many different ways across the corpus is a formula.
MIN_FILLINGS = 3
#: A formula's filling printed in this many texts is its standard wording; one printed
#: in fewer is the texts' own data (a company's results line), which a copy keeps.
STANDARD_TEXTS = 3


def figure_words(hashes: np.ndarray, numeric: np.ndarray) -> np.ndarray:
    """Mask of the figures: numbers and number words."""
    return numeric | _NUMBER_WORDS.contains(hashes)


def folded_words(hashes: np.ndarray, numeric: np.ndarray, capital: np.ndarray,
                 figures: np.ndarray | None = None) -> np.ndarray:
    """Mask of the words a frame folds: figures (:func:`figure_words`, or ``figures``
    where already found) and capitalised words (a sentence's first word too: the filling
    decides, not the frame, whether "The" or "Acme" opens it)."""
    return (figure_words(hashes, numeric) if figures is None else figures) | capital


def frame_hashes(hashes: np.ndarray, folded: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """The frame hash of many sentences at once.

    Args:
        hashes: token hashes, sentence after sentence.
        folded: mask of the folded words (:func:`folded_words`).
        offsets: sentence bounds over ``hashes`` (``offsets[-1] == len(hashes)``).
    """
    # A folded word right after another of its sentence adds nothing to the frame: a
    # run of names ("West Texas Intermediate") leaves one marker, like a single name.
    kept = np.ones(len(hashes), dtype=bool)
    kept[1:] = ~(folded[1:] & folded[:-1])
    kept[offsets[:-1][offsets[:-1] < len(hashes)]] = True  # a sentence's first word starts its own run
    bounds = _prefix_counts(kept)[offsets]
    return sequence_hashes(np.where(folded, _FOLD, hashes)[kept], bounds, salt=_FRAME_SALT)


def filling_hashes(hashes: np.ndarray, folded: np.ndarray, offsets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The filling hash of many sentences at once, and each frame's own words (those not
    folded); arguments as for :func:`frame_hashes`."""
    return sequence_hashes(hashes[folded], _prefix_counts(folded)[offsets], salt=_FILLING_SALT), frame_words(
        folded, offsets)


def frame_words(folded: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Each sentence's words of its own: those its frame does not fold."""
    return np.diff(offsets) - np.diff(_prefix_counts(folded)[offsets])


def table_rows(figures: np.ndarray, folded: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Mask of the sentences that are a table's rows: figures in a frame of fewer than
    ``MIN_FRAME_WORDS`` words of its own ("Shr <> cts vs <> cts", "Nine mths"), which
    set out data however few the figures are among their words. ``figures`` and
    ``folded``: token masks (:func:`figure_words`, :func:`folded_words`); ``offsets``
    as for :func:`frame_hashes`."""
    return (np.diff(_prefix_counts(figures)[offsets]) > 0) & (frame_words(folded, offsets) < MIN_FRAME_WORDS)


def _prefix_counts(mask: np.ndarray) -> np.ndarray:
    """``out[i]``: the True entries of ``mask[:i]`` (so ``out[offsets]`` bounds each segment's)."""
    out = np.zeros(len(mask) + 1, dtype=np.int64)
    np.cumsum(mask, out=out[1:])
    return out


def sentence_frames(hashes: np.ndarray, folded: np.ndarray, offsets: np.ndarray
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Frame and filling hashes of many sentences at once, and each frame's own words
    (:func:`frame_hashes`, :func:`filling_hashes`)."""
    return (frame_hashes(hashes, folded, offsets), *filling_hashes(hashes, folded, offsets))


def distinct_fillings(frames: np.ndarray, fillings: np.ndarray, literal: np.ndarray, text: np.ndarray
                      ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """What a worker sends on of its sentences whose frames could be formulas
    (``MIN_FRAME_WORDS`` words of their own): each distinct filled frame's frame, its
    key (:func:`filled_keys`) and the number of texts (``text``: each sentence's) that
    print it. Counts of disjoint batches add up in :func:`learn_formulas`."""
    keep = literal >= MIN_FRAME_WORDS
    frames, keys = frames[keep], filled_keys(frames[keep], fillings[keep])
    distinct, texts = owner_counts(keys, text[keep])  # a text printing one filled frame twice counts once
    order = np.argsort(keys, kind="stable")
    first = order[np.searchsorted(keys[order], distinct)]
    return frames[first], distinct, texts


def learn_formulas(frames: np.ndarray, keys: np.ndarray, texts: np.ndarray, min_fillings: int = MIN_FILLINGS
                   ) -> tuple[np.ndarray, np.ndarray]:
    """The formulas among filled frames counted by :func:`distinct_fillings` (several
    batches' counts, concatenated): the frames (sorted) filled in ``min_fillings``
    different ways or more, and the keys (sorted) of their fillings printed in
    ``STANDARD_TEXTS`` texts or more: a formula's standard wording (the usual fees, the
    listing place), which two texts print alike without copying one another."""
    order = np.argsort(keys, kind="stable")
    keys, frames, texts = keys[order], frames[order], texts[order]
    new = np.ones(len(keys), dtype=bool)
    new[1:] = keys[1:] != keys[:-1]
    texts = np.bincount(np.cumsum(new) - 1, weights=texts)  # counts of disjoint batches add up
    keys, frames = keys[new], frames[new]
    ranked = np.sort(frames)  # one entry per filling: a frame's run of entries counts its fillings
    starts = np.flatnonzero(np.concatenate(([True], ranked[1:] != ranked[:-1])))[: len(ranked)]
    formulas = ranked[starts][np.diff(starts, append=len(ranked)) >= min_fillings]
    standard = keys[(texts >= STANDARD_TEXTS) & in_sorted(frames, formulas)]
    return formulas, standard


def filled_keys(frames: np.ndarray, fillings: np.ndarray) -> np.ndarray:
    """One 64-bit key per filled frame (a frame and its filling): one sort finds them."""
    with np.errstate(over="ignore"):
        return mix64(frames ^ mix64(fillings + np.uint64(_FILLING_SALT)))
