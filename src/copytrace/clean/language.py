"""The language of each article: as the input gives it, else read from its words.

English is told by its function words, counted over tokens the sketch stage makes
anyway: English news prints "the", "of", "to", "that", "said" in a fifth of its words
and more, German, French or Spanish prose in a few in a hundred. Only the other texts go
to langid (character n-grams, 97 languages), and it must be sure: a results table or a
list of names has no language to speak of, and two articles in "different languages"
are compared across languages (:mod:`copytrace.align.crosslingual`).
"""

from __future__ import annotations

import pickle

import numpy as np

from ..arrays import ranges
from ..cache import cache_dir, write_pickle
from ..sketch.tokens import HashSet, TokenStream, hash_words, tokenize

#: Frequent English words that are no frequent words of other languages written in
#: Latin letters ("a", "in", "an", "on" and "die" are left out: they are).
ENGLISH_MARKERS = (
    "the of and to that for is was with said from his are have has its were which but not this they who had "
    "their will been would by at it be"
).split()
_ENGLISH = HashSet(hash_words(ENGLISH_MARKERS))

#: Share of a text's first words that are English markers from which it is English.
ENGLISH_SHARE = 0.1
#: Words read from the start of each text: enough to tell, few enough to cost nothing.
LEAD_TOKENS = 200
#: Fewer words than this tell no language (a caption, a headline, a table's row).
MIN_WORDS = 20
#: A text whose first words are figures this often is a table (results, prices): no
#: prose, and langid guesses its language with confidence all the same.
MAX_FIGURE_SHARE = 0.1
#: Characters of a text langid reads.
SAMPLE_CHARS = 2000
#: langid's normalised probability below which a text's language is left unknown.
MIN_CONFIDENCE = 0.95

_identifier = None


def normalise_language(code: str | None) -> str | None:
    """A language tag's primary subtag in lower case ("en-GB" -> "en"), or None."""
    if not code:
        return None
    primary = code.strip().replace("_", "-").split("-")[0].lower()
    return primary or None


def detect_languages(texts: list[str], tokens: TokenStream | None = None,
                     given: list[str | None] | None = None) -> list[str | None]:
    """The language of each text (ISO 639-1), or None where too short or unclear.

    Args:
        texts: the cleaned texts.
        tokens: their tokens (:func:`copytrace.sketch.tokens.tokenize`), when already made.
        given: a language per text where the input gives one (kept as given), else None.
    """
    if not texts:
        return []
    if given is not None and all(g is not None for g in given):
        return list(given)
    if tokens is None:
        tokens = tokenize(texts)
    counts = tokens.counts()
    read = np.minimum(counts, LEAD_TOKENS)
    lead = ranges(tokens.doc_offsets[:-1], read)  # the first LEAD_TOKENS tokens of each text
    owner = np.repeat(np.arange(len(texts)), read)
    english = np.bincount(owner, weights=_ENGLISH.contains(tokens.hashes[lead]), minlength=len(texts))
    figures = np.bincount(owner, weights=tokens.numeric[lead], minlength=len(texts))
    share = english / np.maximum(read - figures, 1)  # of the words: a price list's figures tell no language
    prose = figures <= MAX_FIGURE_SHARE * read
    found: list[str | None] = ["en" if s >= ENGLISH_SHARE else None for s in share.tolist()]
    for k in np.flatnonzero((share < ENGLISH_SHARE) & (counts >= MIN_WORDS) & prose).tolist():
        if given is None or given[k] is None:
            found[k] = _identify(texts[k])
    return found if given is None else [g if g is not None else f for g, f in zip(given, found)]


def detect_language(text: str) -> str | None:
    """The language of one text (see :func:`detect_languages`)."""
    return detect_languages([text])[0]


def _identify(text: str) -> str | None:
    global _identifier
    if _identifier is None:  # only once a text needs it
        _identifier = _load_identifier()
    language, confidence = _identifier.classify(text[:SAMPLE_CHARS])
    return language if confidence >= MIN_CONFIDENCE else None


def _load_identifier():
    """langid's model, kept unpacked in the cache folder: the package ships it packed
    (bz2 and a pickle of lists), which takes 3 s to open in every process."""
    from importlib.metadata import version

    from langid.langid import LanguageIdentifier

    path = cache_dir() / f"langid-{version('langid')}.pickle"
    try:
        with open(path, "rb") as f:
            return LanguageIdentifier(*pickle.load(f), norm_probs=True)
    except Exception:  # missing, or not what this version wrote (cut short, another's file): built again
        pass
    from langid.langid import model

    packed = LanguageIdentifier.from_modelstring(model)
    parts = (packed.nb_ptc, packed.nb_pc, packed.nb_numfeats, packed.nb_classes, packed.tk_nextmove,
             packed.tk_output)
    write_pickle(path, parts)
    return LanguageIdentifier(*parts, norm_probs=True)
