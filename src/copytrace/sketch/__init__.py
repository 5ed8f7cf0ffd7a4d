"""The sketch stage: compact, comparable summaries of many texts, in vectorised passes.

Per text: its word count, a hash of its normalised word sequence (exact duplicates),
a MinHash signature over word 5-grams (near copies), a MinHash signature over its rare
content words (spun copies keep those even when every sentence is reworded), and
winnowed fingerprints of word 5-grams (partial reuse, shared long quotes).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..arrays import in_sorted, owner_counts
from .minhash import EMPTY, jaccard_estimate, oph_signatures, shingle_hashes
from .frames import learn_formulas
from .stopwords import ENGLISH_STOPWORDS
from .tokens import HashSet, TokenStream, hash_words, sequence_hashes, tokenize
from .winnow import winnow

__all__ = [
    "EMPTY",
    "HashSet",
    "Sketcher",
    "Sketches",
    "TokenStream",
    "hash_words",
    "jaccard_estimate",
    "oph_signatures",
    "owner_counts",
    "shingle_hashes",
    "tokenize",
    "winnow",
]


@dataclass(slots=True)
class Sketches:
    """Sketches of a run of texts; row ``i`` belongs to text ``first + i``."""

    first: int
    n_words: np.ndarray  # int32
    exact: np.ndarray  # uint64, hash of the normalised word sequence
    sig_shingles: np.ndarray  # (n, bins) uint32
    sig_words: np.ndarray  # (n, bins) uint32
    fp_values: np.ndarray  # uint64
    fp_docs: np.ndarray  # int64, global text numbers
    n_rare: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))

    def __len__(self) -> int:
        return len(self.n_words)

    def evidence(self, i: int, j: int) -> dict:
        """What the sketches tell the classifier about rows i and j: whether the texts
        are identical once normalised, and the estimated Jaccard of their rare words."""
        exact, rare = self.pair_evidence(np.array([[i, j]], dtype=np.int64))
        return {"exact": bool(exact[0]), "rare_jaccard": float(rare[0])}

    def pair_evidence(self, pairs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`evidence` of many ``(k, 2)`` row pairs at once: a bool and a float array."""
        a, b = pairs[:, 0], pairs[:, 1]
        exact = (self.exact[a] == self.exact[b]) & (self.n_words[a] > 0)
        return exact, jaccard_estimate(self.sig_words[a], self.sig_words[b])

    @staticmethod
    def concat(parts: list["Sketches"]) -> "Sketches":
        if not parts:
            raise ValueError("no sketches to concatenate")
        return Sketches(
            first=parts[0].first,
            n_words=np.concatenate([p.n_words for p in parts]),
            exact=np.concatenate([p.exact for p in parts]),
            sig_shingles=np.concatenate([p.sig_shingles for p in parts]),
            sig_words=np.concatenate([p.sig_words for p in parts]),
            fp_values=np.concatenate([p.fp_values for p in parts]),
            fp_docs=np.concatenate([p.fp_docs for p in parts]),
            n_rare=np.concatenate([p.n_rare for p in parts]),
        )


def _add_up(words: np.ndarray, df: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct ``words`` (sorted) with their counts ``df`` added up."""
    words, inverse = np.unique(np.asarray(words, dtype=np.uint64), return_inverse=True)
    return words, np.bincount(inverse, weights=df, minlength=len(words)).astype(np.int64)


class Sketcher:
    """Computes :class:`Sketches` for batches of texts.

    Args:
        num_bins: MinHash signature length (power of two).
        shingle: words per shingle for the shingle signature and fingerprints.
        window: winnowing window, in shingles: a shared passage of at least
            ``window + shingle - 1`` words always shares a fingerprint.
        common_share: a content word in at least this share of the texts seen by
            :meth:`learn_common_words` is left out of the word-set signature.
    """

    def __init__(self, *, num_bins: int = 128, shingle: int = 5, window: int = 8, common_share: float = 0.01):
        self.num_bins = num_bins
        self.shingle = shingle
        self.window = window
        self.common_share = common_share
        self.stopwords = HashSet(hash_words(sorted(ENGLISH_STOPWORDS)))
        self.common: HashSet | None = None
        # Document frequencies from the sample, for word weights (IDF).
        self._df_words = np.zeros(0, dtype=np.uint64)
        self._df_counts = np.zeros(0, dtype=np.int64)
        self._df_texts = 0
        self._formulas = np.zeros(0, dtype=np.uint64)
        self._standard = np.zeros(0, dtype=np.uint64)

    def learn_common_words(self, tokens: TokenStream, min_docs: int = 50) -> int:
        """Learn the content words too common to tell texts apart, from a sample.

        Returns:
            The number of common words learned.
        """
        words, df = self.document_frequencies(tokens)
        return self.learn_frequencies(words, df, tokens.n_texts, min_docs)

    def document_frequencies(self, tokens: TokenStream) -> tuple[np.ndarray, np.ndarray]:
        """Each content word of the texts (sorted) and the number of texts it is in.
        Counts of several batches add up (see :meth:`learn_frequencies`); some of a
        batch's texts are counted by selecting their tokens first (:meth:`TokenStream.select`).
        """
        content = self.content_mask(tokens.hashes)
        return owner_counts(tokens.hashes[content], tokens.doc_index()[content])

    def learn_frequencies(self, words: np.ndarray, df: np.ndarray, n_texts: int, min_docs: int = 50) -> int:
        """Learn common words and word weights from document frequencies of ``n_texts``
        texts (``words`` may repeat, from several batches: their counts are added).

        Returns:
            The number of common words learned.
        """
        if n_texts == 0:
            return 0
        words, df = _add_up(words, df)
        threshold = max(min_docs, int(np.ceil(self.common_share * n_texts)))
        common = words[df >= threshold]
        self.common = HashSet(common)
        self._df_words, self._df_counts, self._df_texts = words, df, n_texts
        return int(len(common))

    def learn_weights(self, words: np.ndarray, df: np.ndarray, n_texts: int) -> None:
        """Learn only the word weights (see :meth:`idf`) from document frequencies of
        ``n_texts`` texts, keeping the common words: a streaming scan must fix the common
        words before it sketches, but can count words for the weights all along."""
        if n_texts:
            self._df_words, self._df_counts = _add_up(words, df)
            self._df_texts = n_texts

    def learn_formulas(self, frames: np.ndarray, keys: np.ndarray, texts: np.ndarray) -> int:
        """Learn the formulas (see :mod:`copytrace.sketch.frames`) from the filled
        frames of a sample's sentences, counted per batch by
        :func:`copytrace.align.sentences.sentence_fillings` (counts of disjoint batches,
        concatenated, add up).

        Returns:
            The number of formula frames learned.
        """
        self._formulas, self._standard = learn_formulas(frames, keys, texts)
        return int(len(self._formulas))

    @property
    def knows_formulas(self) -> bool:
        """Whether :meth:`learn_formulas` found any."""
        return bool(len(self._formulas))

    def formula(self, frames: np.ndarray) -> np.ndarray:
        """Mask of the sentence frames learned as formulas (none before :meth:`learn_formulas`)."""
        return in_sorted(frames, self._formulas)

    def standard(self, keys: np.ndarray) -> np.ndarray:
        """Mask of the filled frames (:func:`copytrace.sketch.frames.filled_keys`) that
        are a formula's standard wording, printed alike in many texts."""
        return in_sorted(keys, self._standard)

    #: Pseudo-texts in which every word is assumed absent: keeps weights mild when the
    #: sample is small (a word in all of 4 texts is not thereby worthless).
    IDF_PRIOR = 100

    def idf(self, hashes: np.ndarray) -> np.ndarray:
        """Inverse document frequency of each token, from the learned sample.

        Words of a shared template ("shr", "cts", "eurobond") weigh little, names and
        numbers much; unseen words weigh most.
        """
        df = np.zeros(len(hashes), dtype=np.float64)
        if len(self._df_words):
            pos = np.clip(np.searchsorted(self._df_words, hashes), 0, len(self._df_words) - 1)
            hit = self._df_words[pos] == hashes
            df[hit] = self._df_counts[pos[hit]]
        return np.log((self._df_texts + self.IDF_PRIOR) / (df + 1.0))

    def content_mask(self, hashes: np.ndarray) -> np.ndarray:
        """True for tokens that are not function words."""
        return ~self.stopwords.contains(hashes)

    def rare_mask(self, hashes: np.ndarray) -> np.ndarray:
        """True for content words that are not common in the corpus."""
        mask = self.content_mask(hashes)
        if self.common is not None:
            mask &= ~self.common.contains(hashes)
        return mask

    def sketch_tokens(self, tokens: TokenStream, first: int = 0) -> Sketches:
        """Sketch already tokenised texts (text ``i`` is global number ``first + i``)."""
        return self.sketch_hashes(tokens.hashes, tokens.doc_offsets, first)

    def sketch_hashes(self, hashes: np.ndarray, doc_offsets: np.ndarray, first: int = 0) -> Sketches:
        """:meth:`sketch_tokens` from the word hashes alone (``hashes[doc_offsets[i]:doc_offsets[i + 1]]``
        are text ``i``'s, as in a :class:`~.tokens.TokenStream`): all the sketches read."""
        counts = np.diff(doc_offsets)
        n_texts = len(counts)
        shingles, sh_offsets = shingle_hashes(hashes, doc_offsets, self.shingle)
        sig_shingles = oph_signatures(shingles, sh_offsets, self.num_bins, seed=1)
        rare = self.rare_mask(hashes)
        owner = np.repeat(np.arange(n_texts, dtype=np.int64), counts)
        rare_counts = np.bincount(owner[rare], minlength=n_texts)
        rare_offsets = np.zeros(n_texts + 1, dtype=np.int64)
        np.cumsum(rare_counts, out=rare_offsets[1:])
        sig_words = oph_signatures(hashes[rare], rare_offsets, self.num_bins, seed=2)
        fp_values, fp_owner = winnow(shingles, sh_offsets, self.window)
        return Sketches(
            first=first,
            n_words=counts.astype(np.int32),
            exact=self._exact_keys(hashes, doc_offsets),
            sig_shingles=sig_shingles,
            sig_words=sig_words,
            fp_values=fp_values,
            fp_docs=fp_owner + first,
            n_rare=rare_counts.astype(np.int32),
        )

    def sketch(self, texts: list[str], first: int = 0) -> Sketches:
        """Tokenise and sketch a batch of texts."""
        return self.sketch_tokens(tokenize(texts), first)

    @staticmethod
    def _exact_keys(hashes: np.ndarray, doc_offsets: np.ndarray) -> np.ndarray:
        """Order-sensitive hash of each text's word sequence (same words, same key)."""
        return sequence_hashes(hashes, doc_offsets, salt=1)
