"""A synthetic news corpus with planted copies, and scoring against its ground truth.

``generate_corpus`` writes ``articles.jsonl`` (id, text, title, url, site, published)
and ``truth.jsonl`` (one object per planted pair: ``a`` the source id, ``b`` the
derived id, ``relation`` as in DESIGN.md, ``family`` the id of the family's
original, and ``variant``, the finer kind of copy: ``shuffled`` is a ``near_copy``
whose paragraphs were reordered, ``exact`` a ``duplicate`` of the whole published
text). ``negatives.jsonl`` lists hard negatives: unrelated pairs on the same topic
sharing vocabulary but no text. ``meta.json`` holds the parameters and counts.

Text is made of token ids (punctuation, ~150 real English function words, a Zipf
distributed vocabulary of pronounceable pseudo-words, numbers and site names), so
that every transformation (spinning, cutting, reordering, rewriting) is a NumPy or
list operation on ids, and rendering to text happens once per article. Everything
is drawn from one seeded generator, so a seed gives the same files byte for byte,
and articles are streamed to disk, so the corpus size is not bounded by memory.

``score_pairs`` reads reported pairs and gives recall per planted relation (and per
variant) and precision, where a pair counts as correct when both articles belong to
the same planted family (siblings are genuinely related).
"""

from __future__ import annotations

import bisect
import json
import math
import re
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TextIO

import numpy as np

#: Bumped whenever the output for a given seed changes, so caches can be checked.
GENERATOR_VERSION = 2

# Punctuation tokens. Their strings carry a "\b" marker on the side that attaches
# to the neighbouring word; rendering joins with spaces and then deletes each
# marker together with its adjacent space.
PERIOD, COMMA, QOPEN, QCLOSE = range(4)
N_PUNCT = 4
_PUNCT_STRINGS = ("\b.", "\b,", '"\b', '\b"')

#: Real English function words, roughly most frequent first. Spinning and rewriting
#: keep these; everything else in a sentence is a content word, a number or a name.
FUNCTION_WORDS = tuple(
    """
    the of and to a in that is for on said was with he it as at by from his be have
    has are an but not they who were which this had their been will more after its
    also would about over one two up than or when first there out into all she we her
    could some other no what can may so against three before while our where only told
    since them him just most under during four if these because between back do did
    being how any many now those both then such well very even still per like off
    through down around another five until should each same own next several much
    without us across among almost already although always became become does either
    else ever every few further here however last least less might must near never
    often once onto perhaps quite rather says say whether within yet via upon toward
    whose whom why though nor itself themselves six ten whatever again along ago
    despite beyond behind above below instead inside outside unless whilst amid
    """.split()
)

#: Tokens used by the transformations only (credits and merges), never drawn at random.
_EXTRA_WORDS = ("reported", "according")

_ONSETS = (
    "b c d f g h j k l m n p r s t v w z br cr dr fr gr pr tr st sl pl bl cl gl "
    "sh ch th sp sk sm sn sw tw qu"
).split() + [""]
_NUCLEI = "a e i o u a e i o u ai ea ee oo ou ie oa au y".split()
_CODAS = "n r l s t m nd st rt nt ck ng sh th x p k ld rn".split()

_SITE_SUFFIXES = (
    "News", "Times", "Post", "Daily", "Herald", "Gazette", "Wire", "Today", "Report",
    "Journal", "Observer", "Chronicle", "Tribune", "Dispatch", "Bulletin", "Ledger",
    "Courier", "Express", "Sentinel", "Monitor", "Record", "Star", "Mirror", "Echo",
)
_TLDS = (".com", ".com", ".com", ".net", ".org", ".co.uk", ".com.au", ".ie", ".news", ".co")
_PROMO_PREFIXES = ("READ MORE:", "RELATED:", "ALSO READ:", "MORE:", "WATCH:", "LATEST:")
_SECTIONS = ("news", "world", "business", "politics", "sport", "tech", "local", "culture")

#: The relation (DESIGN.md) of each planted variant.
RELATION_OF_VARIANT = {
    "duplicate": "duplicate",
    "exact": "duplicate",
    "near_copy": "near_copy",
    "shuffled": "near_copy",
    "spun": "spun",
    "partial": "partial",
    "rewrite": "rewrite",
}
#: How often each variant is planted.
VARIANT_WEIGHTS = {
    "duplicate": 0.15,
    "exact": 0.04,
    "near_copy": 0.20,
    "shuffled": 0.08,
    "spun": 0.20,
    "partial": 0.17,
    "rewrite": 0.16,
}
#: Copies that a further copy may be taken from (chains within a family).
_CHAINABLE = frozenset({"duplicate", "exact", "near_copy", "shuffled"})
#: Distribution of the number of copies of a family's original (1 to 6).
_FAMILY_COPIES = np.array([0.45, 0.22, 0.13, 0.10, 0.06, 0.04])
_MEAN_COPIES = float((_FAMILY_COPIES * np.arange(1, 7)).sum())
#: Cumulative distribution of paragraph sizes 1-4 (in sentences).
_PARA_CDF = np.cumsum([0.3, 0.35, 0.25, 0.1])[:-1]
_HARD_NEGATIVE_SHARE = 0.02  # share of units that are a base article plus a hard negative
_YEAR_START = datetime(2024, 1, 1, tzinfo=timezone.utc).timestamp()
_HOUR = 3600.0


# --------------------------------------------------------------------------- vocabulary


def _pseudo_words(rng: np.random.Generator, n: int) -> list[str]:
    """``n`` distinct pronounceable pseudo-words of 1-4 syllables (lowercase)."""
    words: dict[str, None] = {}
    taken = set(FUNCTION_WORDS) | set(_EXTRA_WORDS)
    while len(words) < n:
        m = int((n - len(words)) * 1.3) + 100
        syllables = rng.choice([1, 2, 3, 4], p=[0.2, 0.45, 0.27, 0.08], size=m)
        onsets = rng.integers(len(_ONSETS), size=(m, 4))
        nuclei = rng.integers(len(_NUCLEI), size=(m, 4))
        codas = rng.integers(len(_CODAS), size=(m, 4))
        # Mostly open syllables inside a word, more often closed at its end.
        closed = rng.random((m, 4)) < 0.3
        for i in range(m):
            k = int(syllables[i])
            parts = []
            for s in range(k):
                coda = _CODAS[codas[i, s]] if (closed[i, s] or (s == k - 1 and closed[i, 3])) else ""
                parts.append(_ONSETS[onsets[i, s]] + _NUCLEI[nuclei[i, s]] + coda)
            word = "".join(parts)
            if len(word) >= 3 and word not in taken:
                words[word] = None
    return list(words)[:n]


def _number_strings(rng: np.random.Generator) -> list[str]:
    """Numbers as they appear in news: small counts, years, thousands, decimals, percentages."""
    out = [str(i) for i in range(1, 101)]
    out += [str(y) for y in range(1990, 2031)]
    out += [str(int(x)) for x in rng.integers(101, 1000, 300)]
    out += [f"{int(x):,}" for x in rng.integers(1000, 250_000, 400)]
    out += [f"{x:.1f}" for x in rng.integers(11, 999, 250) / 10]
    out += [f"{int(x)}%" for x in rng.integers(1, 100, 60)]
    return list(dict.fromkeys(out))


@dataclass
class Vocabulary:
    """Token strings and the per-token properties the generator needs.

    Ids: punctuation, then function words, then extra words, then content words in
    frequency rank order, then numbers, then site names. ``words`` and ``caps`` are
    object arrays (plain and sentence-initial form), indexable by id arrays.
    """

    words: np.ndarray
    caps: np.ndarray
    function_start: int
    content_start: int
    content_end: int
    number_start: int
    number_end: int
    site_start: int
    is_function: np.ndarray
    is_content: np.ndarray
    is_name: np.ndarray
    spinnable: np.ndarray
    synonyms: np.ndarray  # (n_tokens, 3) ids; a non-spinnable token maps to itself
    draw_cdf: np.ndarray  # cumulative probabilities over ids for running text
    content_cdf: np.ndarray  # cumulative probabilities over content ids (from content_start)
    name_ids: np.ndarray

    def id_of(self, word: str) -> int:
        """The id of a function or extra word."""
        idx = np.flatnonzero(self.words[: self.content_start] == word)
        if not len(idx):
            raise KeyError(word)
        return int(idx[0])


def build_vocabulary(
    rng: np.random.Generator,
    site_names: Sequence[str],
    *,
    n_content: int = 60_000,
    name_share: float = 0.08,
    function_rate: float = 0.45,
    number_rate: float = 0.015,
) -> Vocabulary:
    """Draw the corpus vocabulary: pseudo-words ranked short-first, names, synonyms."""
    content = _pseudo_words(rng, n_content)
    # Frequent words are short (Zipf's law of abbreviation), with noise.
    order = np.argsort(np.array([len(w) for w in content]) + rng.normal(0, 2.5, len(content)))
    content = [content[i] for i in order]
    numbers = _number_strings(rng)

    function_start = N_PUNCT
    content_start = function_start + len(FUNCTION_WORDS) + len(_EXTRA_WORDS)
    content_end = content_start + len(content)
    number_end = content_end + len(numbers)
    n_tokens = number_end + len(site_names)

    is_name = np.zeros(n_tokens, dtype=bool)
    # Names are never among the very commonest content words.
    name_rank = rng.random(len(content)) < name_share
    name_rank[:200] = False
    is_name[content_start:content_end] = name_rank
    for i, is_nm in enumerate(name_rank):
        if is_nm:
            content[i] = content[i].capitalize()

    strings = list(_PUNCT_STRINGS) + list(FUNCTION_WORDS) + list(_EXTRA_WORDS) + content + numbers
    strings += list(site_names)
    words = np.array(strings, dtype=object)
    caps = np.array([s[:1].upper() + s[1:] for s in strings], dtype=object)
    caps[:N_PUNCT] = words[:N_PUNCT]

    is_function = np.zeros(n_tokens, dtype=bool)
    is_function[function_start : function_start + len(FUNCTION_WORDS)] = True
    is_content = np.zeros(n_tokens, dtype=bool)
    is_content[content_start:content_end] = True
    spinnable = is_content & ~is_name

    synonyms = _synonym_table(rng, spinnable, n_tokens)
    draw_cdf = _draw_cdf(n_tokens, function_start, content_start, content_end, number_end,
                         function_rate, number_rate)
    content_cdf = np.cumsum(np.diff(draw_cdf, prepend=0.0)[content_start:content_end])
    content_cdf /= content_cdf[-1]
    return Vocabulary(
        words=words, caps=caps, function_start=function_start, content_start=content_start,
        content_end=content_end, number_start=content_end, number_end=number_end,
        site_start=number_end, is_function=is_function, is_content=is_content, is_name=is_name,
        spinnable=spinnable, synonyms=synonyms, draw_cdf=draw_cdf, content_cdf=content_cdf,
        name_ids=np.flatnonzero(is_name).astype(np.int32),
    )


def _synonym_table(rng: np.random.Generator, spinnable: np.ndarray, n_tokens: int) -> np.ndarray:
    """Three synonyms per spinnable word, of similar frequency rank (a fixed thesaurus)."""
    table = np.repeat(np.arange(n_tokens, dtype=np.int32)[:, None], 3, axis=1)
    ids = np.flatnonzero(spinnable).astype(np.int32)  # in rank order
    n = len(ids)
    pos = np.arange(n)[:, None]
    offset = rng.integers(1, 301, size=(n, 3)) * rng.choice([-1, 1], size=(n, 3))
    target = pos + offset
    # Reflect at the ends so that a word is never its own synonym.
    target = np.where((target < 0) | (target >= n), pos - offset, target)
    table[ids] = ids[np.clip(target, 0, n - 1)]
    return table


def _draw_cdf(n_tokens: int, function_start: int, content_start: int, content_end: int,
              number_end: int, function_rate: float, number_rate: float) -> np.ndarray:
    """Cumulative token probabilities for running text: a Zipf mixture by word class."""
    p = np.zeros(n_tokens)
    n_function = len(FUNCTION_WORDS)
    fw = 1.0 / np.arange(1, n_function + 1) ** 0.95
    p[function_start : function_start + n_function] = function_rate * fw / fw.sum()
    # Zipf-Mandelbrot: the offset keeps the top content words from dominating.
    cw = 1.0 / (np.arange(content_end - content_start) + 30.0) ** 1.05
    p[content_start:content_end] = (1 - function_rate - number_rate) * cw / cw.sum()
    p[content_end:number_end] = number_rate / (number_end - content_end)
    cdf = np.cumsum(p)
    return cdf / cdf[-1]


# --------------------------------------------------------------------------- sites


@dataclass
class Site:
    """A news site: its domain, display name (a token in the vocabulary) and boilerplate."""

    domain: str
    name: str
    token: int = -1
    boilerplate: bool = False
    promo_prefix: str = "READ MORE:"
    footer: str = ""
    newsletter: str = ""


def _make_sites(rng: np.random.Generator, n_sites: int) -> list[Site]:
    """``n_sites`` distinct sites; about half carry promo lines and a copyright footer."""
    stems = _pseudo_words(rng, n_sites * 2)
    sites: list[Site] = []
    domains: set[str] = set()
    for stem in stems:
        suffix = _SITE_SUFFIXES[int(rng.integers(len(_SITE_SUFFIXES)))]
        name = f"The {stem.capitalize()} {suffix}" if rng.random() < 0.4 else f"{stem.capitalize()} {suffix}"
        domain = (stem + (suffix.lower() if rng.random() < 0.6 else "")) + _TLDS[int(rng.integers(len(_TLDS)))]
        if domain in domains:
            continue
        domains.add(domain)
        boiler = bool(rng.random() < 0.5)
        sites.append(Site(
            domain=domain,
            name=name,
            boilerplate=boiler,
            promo_prefix=_PROMO_PREFIXES[int(rng.integers(len(_PROMO_PREFIXES)))],
            footer=f"\u00a9 2024 {name}. All rights reserved." if boiler else "",
            newsletter=(f"Sign up for the {name} newsletter to get the day's top stories."
                        if boiler and rng.random() < 0.6 else ""),
        ))
        if len(sites) == n_sites:
            break
    return sites


# --------------------------------------------------------------------------- documents


@dataclass
class Doc:
    """An article body as token ids.

    ``tokens`` holds all sentences back to back (each ending with a PERIOD token);
    ``sent_ends`` is the exclusive token end of each sentence and ``para_ends`` the
    exclusive sentence end of each paragraph.
    """

    tokens: np.ndarray
    sent_ends: np.ndarray
    para_ends: np.ndarray
    title: np.ndarray
    topic: int

    @property
    def n_sentences(self) -> int:
        return len(self.sent_ends)

    def n_words(self) -> int:
        """Number of word tokens (everything but punctuation)."""
        return int(np.count_nonzero(self.tokens >= N_PUNCT))

    def sentences(self) -> list[np.ndarray]:
        """Each sentence's tokens (views into ``tokens``)."""
        return _split(self.tokens, self.sent_ends)

    def para_sizes(self) -> np.ndarray:
        """Number of sentences in each paragraph."""
        return np.diff(self.para_ends, prepend=0)


def _split(tokens: np.ndarray, ends: np.ndarray) -> list[np.ndarray]:
    """Views of ``tokens`` cut at the exclusive ``ends`` (faster than ``np.split``)."""
    bounds = [0] + ends.tolist()
    return [tokens[bounds[i]:bounds[i + 1]] for i in range(len(bounds) - 1)]


def doc_from(sentences: Sequence[np.ndarray], para_sizes: Sequence[int], title: np.ndarray,
             topic: int) -> Doc:
    """Assemble a ``Doc`` from sentence arrays and paragraph sizes (in sentences)."""
    lengths = np.fromiter((len(s) for s in sentences), dtype=np.int64, count=len(sentences))
    tokens = np.concatenate(sentences).astype(np.int32) if sentences else np.zeros(0, np.int32)
    return Doc(tokens=tokens, sent_ends=np.cumsum(lengths),
               para_ends=np.cumsum(np.asarray(para_sizes, dtype=np.int64)), title=title, topic=topic)


@dataclass
class Member:
    """An article written for a family, kept while the family is generated."""

    id: str
    doc: Doc
    site: int
    published: float
    text: str
    title: str
    variant: str = "original"


# --------------------------------------------------------------------------- generator


class CorpusGenerator:
    """Draws base articles and their derived copies from one seeded generator.

    Usable alone (tests use it to check each transformation on token ids);
    ``generate_corpus`` drives it to write a whole corpus.
    """

    def __init__(self, seed: int = 0, *, n_sites: int = 500, n_topics: int = 300,
                 n_content: int = 60_000) -> None:
        self.rng = np.random.default_rng(seed)
        self.sites = _make_sites(self.rng, n_sites)
        self.vocab = build_vocabulary(self.rng, [s.name for s in self.sites], n_content=n_content)
        for i, site in enumerate(self.sites):
            site.token = self.vocab.site_start + i
        v = self.vocab
        self.said, self.and_ = v.id_of("said"), v.id_of("and")
        self.reported, self.according, self.to = v.id_of("reported"), v.id_of("according"), v.id_of("to")
        self.topic_words, self.topic_names = self._make_topics(n_topics)
        # Big sites publish more originals; a different ordering decides who copies most.
        zipf = 1.0 / (np.arange(n_sites) + 5.0)
        self.site_cdf = np.cumsum(self.rng.permutation(zipf))
        self.site_cdf /= self.site_cdf[-1]
        self.copier_cdf = np.cumsum(self.rng.permutation(zipf))
        self.copier_cdf /= self.copier_cdf[-1]
        self.n_topics = n_topics
        self._queue: list[Doc] = []
        # Promo lines link to other stories; a fixed pool of headlines is enough.
        self.headlines = [self.render_title(self.title(t % n_topics)) for t in range(2000)]

    # ----------------------------------------------------------------- drawing text

    def _make_topics(self, n_topics: int) -> tuple[np.ndarray, np.ndarray]:
        """Per topic (a row), a pool of 400 mid-frequency content words and 30 names."""
        v = self.vocab
        mid = np.arange(v.content_start + 300, v.content_start + 20_000)
        mid = mid[~v.is_name[mid]]
        words = np.stack([self.rng.choice(mid, 400, replace=False) for _ in range(n_topics)])
        names = np.stack([self.rng.choice(v.name_ids, 30, replace=False) for _ in range(n_topics)])
        return words.astype(np.int32), names.astype(np.int32)

    def draw_words(self, n: int, pool: np.ndarray, share: float = 0.35) -> np.ndarray:
        """``n`` running-text word ids; ``share`` of the content words come from ``pool``."""
        # Punctuation has probability zero in the cdf, so it is never drawn.
        ids = np.searchsorted(self.vocab.draw_cdf, self.rng.random(n), side="right").astype(np.int32)
        topical = self.vocab.is_content[ids] & (self.rng.random(n) < share)
        k = int(np.count_nonzero(topical))
        if k:
            ids[topical] = pool[self.rng.integers(len(pool), size=k)]
        return ids

    def draw_topical(self, topics: np.ndarray, share: float = 0.35) -> np.ndarray:
        """One word id per entry of ``topics``, topical words from that entry's topic pool."""
        n = len(topics)
        ids = np.searchsorted(self.vocab.draw_cdf, self.rng.random(n), side="right").astype(np.int32)
        topical = self.vocab.is_content[ids] & (self.rng.random(n) < share)
        k = int(np.count_nonzero(topical))
        if k:
            ids[topical] = self.topic_words[topics[topical], self.rng.integers(self.topic_words.shape[1], size=k)]
        return ids

    def sentence_lengths(self, total: int, *, exact: bool = False) -> np.ndarray:
        """Sentence lengths of 8-35 words adding up to at least ``total`` (exactly, if asked)."""
        lengths = np.zeros(0, dtype=np.int64)
        while lengths.sum() < total:
            lengths = np.concatenate([lengths, self._draw_lengths(max(4, total // 15))])
        k = int(np.searchsorted(np.cumsum(lengths), total)) + 1
        lengths = lengths[:k]
        if exact and len(lengths):
            rest = total - int(lengths[:-1].sum())
            if rest >= 4 or len(lengths) == 1:
                lengths[-1] = rest
            else:  # too short for a sentence: lengthen the shortest one instead
                lengths = lengths[:-1]
                lengths[np.argmin(lengths)] += rest
        return lengths

    def sentences_flat(self, lengths: np.ndarray, topic: int | np.ndarray, *,
                       pool: np.ndarray | None = None, share: float = 0.35
                       ) -> tuple[np.ndarray, np.ndarray]:
        """Sentences with the given word counts, back to back, and each one's token count.

        ``topic`` is one topic or one per sentence; ``pool``, if given, replaces the
        topic's words. About 8% of sentences are quotes ('"...," Name said.'), and
        half the long others get a comma.
        """
        n = len(lengths)
        if n == 0:
            return np.zeros(0, np.int32), np.zeros(0, np.int64)
        topics = np.broadcast_to(np.asarray(topic, dtype=np.int64), (n,))
        if pool is None:
            words = self.draw_topical(np.repeat(topics, lengths), share)
        else:
            words = self.draw_words(int(lengths.sum()), pool, share)
        ends = np.cumsum(lengths)
        starts = ends - lengths
        u = self.rng.random(n)
        quote = (u < 0.08) & (lengths >= 10)
        comma = ~quote & (lengths >= 14) & (u > 0.5)
        qend = ends[quote]
        names = self.topic_names[topics[quote], self.rng.integers(self.topic_names.shape[1], size=len(qend))]
        words[qend - 2] = names
        words[qend - 1] = self.said
        cpos = starts[comma] + 3 + (self.rng.random(int(comma.sum())) * (lengths[comma] - 6)).astype(np.int64)
        # Stable insertion: a PERIOD at a sentence end comes before the next sentence's QOPEN.
        where = np.concatenate([ends, starts[quote], qend - 2, qend - 2, cpos])
        what = np.concatenate([
            np.full(n, PERIOD), np.full(len(qend), QOPEN), np.full(len(qend), COMMA),
            np.full(len(qend), QCLOSE), np.full(len(cpos), COMMA),
        ]).astype(np.int32)
        return np.insert(words, where, what), lengths + 1 + 3 * quote + comma

    def sentences(self, lengths: np.ndarray, topic: int, *, pool: np.ndarray | None = None,
                  share: float = 0.35) -> list[np.ndarray]:
        """As ``sentences_flat``, one array per sentence."""
        tokens, sizes = self.sentences_flat(lengths, topic, pool=pool, share=share)
        return _split(tokens, np.cumsum(sizes))

    def para_sizes(self, n_sentences: int) -> list[int]:
        """Paragraph sizes of 1-4 sentences covering ``n_sentences``."""
        sizes = 1 + np.searchsorted(_PARA_CDF, self.rng.random(n_sentences), side="right")
        ends = np.cumsum(sizes)
        k = int(np.searchsorted(ends, n_sentences))  # the paragraph reaching the last sentence
        sizes = sizes[: k + 1]
        if len(sizes):
            sizes[-1] -= int(ends[k]) - n_sentences
        return sizes.tolist()

    def title(self, topic: int, pool: np.ndarray | None = None) -> np.ndarray:
        """A headline of 6-11 words, mostly topical content words."""
        n = int(self.rng.integers(6, 12))
        return self.draw_words(n, self.topic_words[topic] if pool is None else pool, share=0.6)

    def base_doc(self, topic: int | None = None, *, pool: np.ndarray | None = None,
                 share: float = 0.35) -> Doc:
        """A new article of 300-900 words on ``topic`` (random if None).

        Plain articles come from a queue filled in batches, since drawing many at
        once costs little more than drawing one.
        """
        if topic is not None or pool is not None or share != 0.35:
            t = int(self.rng.integers(self.n_topics)) if topic is None else topic
            return self.base_docs(np.array([t]), pool=pool, share=share)[0]
        if not self._queue:
            self._queue = self.base_docs(self.rng.integers(self.n_topics, size=256))[::-1]
        return self._queue.pop()

    def base_docs(self, topics: np.ndarray, *, pool: np.ndarray | None = None,
                  share: float = 0.35) -> list[Doc]:
        """One new article of 300-900 words per entry of ``topics``, drawn in one pass."""
        k = len(topics)
        targets = 300 + (565 * self.rng.beta(1.6, 2.4, k)).astype(np.int64)
        lengths, counts = self._lengths_for(targets)
        tokens, sizes = self.sentences_flat(lengths, np.repeat(topics, counts), pool=pool, share=share)
        tok_ends = np.cumsum(sizes)
        sent_bounds = np.concatenate([[0], np.cumsum(counts)]).tolist()
        title_lens = self.rng.integers(6, 12, size=k)
        if pool is None:
            titles = self.draw_topical(np.repeat(topics, title_lens), share=0.6)
        else:
            titles = self.draw_words(int(title_lens.sum()), pool, share=0.6)
        title_bounds = np.concatenate([[0], np.cumsum(title_lens)]).tolist()
        docs = []
        for i in range(k):
            s0, s1 = sent_bounds[i], sent_bounds[i + 1]
            t0 = int(tok_ends[s0 - 1]) if s0 else 0
            ends = tok_ends[s0:s1] - t0
            docs.append(Doc(tokens[t0:t0 + int(ends[-1])], ends, np.cumsum(self.para_sizes(s1 - s0)),
                            titles[title_bounds[i]:title_bounds[i + 1]], int(topics[i])))
        return docs

    def _lengths_for(self, targets: np.ndarray) -> tuple[np.ndarray, list[int]]:
        """Sentence lengths for several articles, each adding up to at least its target.

        Returns all lengths back to back and the number of sentences of each article.
        """
        lengths = self._draw_lengths(int(targets.sum()) // 12 + 16)
        cum = np.cumsum(lengths).tolist()
        counts, p, base = [], 0, 0
        for t in targets.tolist():
            q = bisect.bisect_left(cum, base + t, lo=p)
            while q >= len(cum):
                lengths = np.concatenate([lengths, self._draw_lengths(64)])
                cum = np.cumsum(lengths).tolist()
                q = bisect.bisect_left(cum, base + t, lo=p)
            counts.append(q + 1 - p)
            p, base = q + 1, cum[q]
        return lengths[:p], counts

    def _draw_lengths(self, n: int) -> np.ndarray:
        """``n`` sentence lengths of 8-35 words, most around 15-25."""
        return 8 + np.rint(27 * self.rng.beta(2.0, 2.6, size=n)).astype(np.int64)

    # ----------------------------------------------------------------- rendering

    def render_body(self, doc: Doc) -> str:
        """The body text: sentences capitalised, paragraphs separated by blank lines."""
        v, toks = self.vocab, doc.tokens
        if not len(toks):
            return ""
        starts = np.concatenate([[0], doc.sent_ends[:-1]])
        cap = starts + (toks[starts] == QOPEN)
        words = v.words[toks]
        words[cap] = v.caps[toks[cap]]
        # A paragraph ends with its last sentence's final token; the break attaches to it.
        for i in (doc.sent_ends[doc.para_ends[:-1] - 1] - 1).tolist():
            words[i] = words[i] + "\n\n\b"
        return " ".join(words.tolist()).replace(" \b", "").replace("\b ", "")

    def render_title(self, ids: np.ndarray) -> str:
        """Headline case: content words capitalised, function words lowercase but the first."""
        v = self.vocab
        words = np.where(v.is_function[ids], v.words[ids], v.caps[ids])
        words[0] = v.caps[ids[0]]
        return " ".join(words.tolist())

    def render(self, doc: Doc, site: Site, *, source_credit: Site | None = None) -> str:
        """The published text: the body inside the site's boilerplate lines, if it has any."""
        body = self.render_body(doc)
        lines: list[str] = []
        if site.boilerplate:
            paras = body.split("\n\n")
            n_promo = int(self.rng.integers(1, 3))
            slots = sorted(self.rng.integers(1, len(paras) + 1, size=n_promo).tolist(), reverse=True)
            for slot in slots:
                headline = self.headlines[int(self.rng.integers(len(self.headlines)))]
                paras.insert(slot, f"{site.promo_prefix} {headline}")
            lines.extend(paras)
            if site.newsletter:
                lines.append(site.newsletter)
        else:
            lines.append(body)
        if source_credit is not None:
            lines.append(f"Source: {source_credit.name}")
        if site.footer:
            lines.append(site.footer)
        return "\n\n".join(lines)

    # ----------------------------------------------------------------- transformations

    def _word_positions(self, sent: np.ndarray) -> np.ndarray:
        return np.flatnonzero(sent >= N_PUNCT)

    def content_words(self, n: int, topic: int) -> np.ndarray:
        """``n`` content words: half from the topic pool, half by global frequency."""
        v = self.vocab
        ids = v.content_start + np.searchsorted(v.content_cdf, self.rng.random(n), side="right")
        ids = np.minimum(ids, v.content_end - 1).astype(np.int32)
        topical = self.rng.random(n) < 0.5
        pool = self.topic_words[topic]
        ids[topical] = pool[self.rng.integers(len(pool), size=int(topical.sum()))]
        return ids

    def _edit_words(self, sents: list[np.ndarray], n_edits: int, topic: int) -> list[np.ndarray]:
        """Small word edits (substitute, delete, insert) in random sentences."""
        sents = list(sents)
        v = self.vocab
        for _ in range(n_edits):
            i = int(self.rng.integers(len(sents)))
            s = sents[i]
            pos = self._word_positions(s)
            if len(pos) < 6:
                continue
            j = int(pos[self.rng.integers(len(pos))])
            kind = self.rng.random()
            if kind < 0.5:
                s = s.copy()
                s[j] = self.draw_words(1, self.topic_words[topic], share=0.3)[0]
            elif kind < 0.75:
                s = np.delete(s, j)
            else:
                fw = v.function_start + int(self.rng.integers(len(FUNCTION_WORDS)))
                s = np.insert(s, j, fw)
            sents[i] = s
        return sents

    def near_copy(self, src: Doc) -> Doc:
        """Drop and add 1-3 sentences (keeping >80% of the source's) and edit a few words."""
        sents = src.sentences()
        para = np.repeat(np.arange(len(src.para_ends)), src.para_sizes()).tolist()
        n = len(sents)
        max_drop = min(3, math.ceil(0.2 * n) - 1)
        n_drop = int(self.rng.integers(0, max_drop + 1)) if max_drop > 0 else 0
        n_add = int(self.rng.integers(0 if n_drop else 1, 4))
        items = list(zip(sents, para))
        for i in sorted(self.rng.choice(n, n_drop, replace=False).tolist(), reverse=True):
            del items[i]
        for s in self.sentences(self._draw_lengths(n_add), src.topic):
            # An added sentence joins the paragraph of the sentence before it.
            at = int(self.rng.integers(len(items) + 1))
            items.insert(at, (s, items[max(at - 1, 0)][1]))
        sents2 = self._edit_words([s for s, _ in items], int(self.rng.integers(2, 7)), src.topic)
        return doc_from(sents2, _run_lengths([p for _, p in items]), src.title, src.topic)

    def shuffled(self, src: Doc) -> Doc:
        """The same paragraphs in another order."""
        sents = src.sentences()
        bounds = np.concatenate([[0], src.para_ends])
        paras = [sents[bounds[i]:bounds[i + 1]] for i in range(len(src.para_ends))]
        order = np.arange(len(paras))
        while len(paras) > 1 and np.array_equal(order, np.arange(len(paras))):
            order = self.rng.permutation(len(paras))
        out = [s for i in order for s in paras[i]]
        return doc_from(out, [len(paras[i]) for i in order], src.title, src.topic)

    def spin(self, ids: np.ndarray, rate: float = 0.4) -> np.ndarray:
        """Replace each spinnable word with a synonym with probability ``rate``."""
        v = self.vocab
        hit = v.spinnable[ids] & (self.rng.random(len(ids)) < rate)
        out = ids.copy()
        k = int(np.count_nonzero(hit))
        out[hit] = v.synonyms[ids[hit], self.rng.integers(3, size=k)]
        return out

    def spun(self, src: Doc) -> Doc:
        """Same sentences, same order, content words swapped for synonyms."""
        return Doc(tokens=self.spin(src.tokens), sent_ends=src.sent_ends.copy(),
                   para_ends=src.para_ends.copy(), title=self.spin(src.title), topic=src.topic)

    def partial(self, src: Doc) -> tuple[Doc, list[tuple[int, int, int]]]:
        """A new article holding 2-3 source passages of 2-5 consecutive sentences.

        The passages are 15-35% of the new article's words. Returns the doc and, per
        passage, (source first sentence, source end sentence, derived first sentence).
        """
        sents = src.sentences()
        n = len(sents)
        k = 2 if n < 12 or self.rng.random() < 0.5 else 3
        lengths = self.rng.integers(2, 6, size=k)
        while lengths.sum() + k - 1 > n:
            lengths = np.maximum(lengths - 1, 1)
        free = n - int(lengths.sum()) - (k - 1)
        cuts = np.sort(self.rng.integers(0, free + 1, size=k))
        starts = cuts + np.concatenate([[0], np.cumsum(lengths)[:-1]]) + np.arange(k)
        passages = [sents[s:s + ln] for s, ln in zip(starts.tolist(), lengths.tolist())]
        p_words = sum(int(np.count_nonzero(x >= N_PUNCT)) for p in passages for x in p)
        share = self.rng.uniform(0.17, 0.33)
        own = self.sentences(self.sentence_lengths(round(p_words * (1 - share) / share), exact=True), src.topic)
        own_paras = self.para_sizes(len(own))
        slots = np.sort(self.rng.choice(len(own_paras) + 1, size=k, replace=len(own_paras) + 1 < k))
        out: list[np.ndarray] = []
        sizes: list[int] = []
        meta: list[tuple[int, int, int]] = []
        pos = 0
        passage_iter = iter(zip(starts.tolist(), passages))
        slot_list = slots.tolist()
        for pi in range(len(own_paras) + 1):
            while slot_list and slot_list[0] == pi:
                slot_list.pop(0)
                s0, passage = next(passage_iter)
                meta.append((s0, s0 + len(passage), len(out)))
                out.extend(passage)
                sizes.append(len(passage))
            if pi < len(own_paras):
                out.extend(own[pos:pos + own_paras[pi]])
                sizes.append(own_paras[pi])
                pos += own_paras[pi]
        return doc_from(out, sizes, self.title(src.topic), src.topic), meta

    def rewrite(self, src: Doc, credit: Site) -> tuple[Doc, list[np.ndarray]]:
        """A credited rewrite keeping 2-4 distinctive 6-9 word phrases verbatim.

        Sentences are split, reordered within a small window and merged; about half
        the content words are replaced; function words are dropped and added. Returns
        the doc and the kept phrases.
        """
        sents = [s.copy() for s in src.sentences()]
        protect = [np.zeros(len(s), dtype=bool) for s in sents]
        phrases = self._pick_phrases(sents, protect)
        sents, protect = self._split_long(sents, protect)
        sents = self._reword(sents, protect, src.topic)
        # Omit a few unprotected sentences, as rewriters do.
        keep = [i for i, (s, p) in enumerate(zip(sents, protect)) if p.any() or self.rng.random() > 0.1]
        sents = [sents[i] for i in keep]
        order = np.argsort(np.arange(len(sents)) + self.rng.uniform(0, 2.5, len(sents)), kind="stable")
        sents = self._merge_some([sents[i] for i in order])
        sents[0] = self._credit(sents[0], credit)
        return doc_from(sents, self.para_sizes(len(sents)), self.title(src.topic), src.topic), phrases

    def _pick_phrases(self, sents: list[np.ndarray], protect: list[np.ndarray]) -> list[np.ndarray]:
        """Mark 2-4 runs of 6-9 word tokens (no punctuation) to keep verbatim."""
        phrases: list[np.ndarray] = []
        want = int(self.rng.integers(2, 5))
        for _ in range(want * 10):
            if len(phrases) == want:
                break
            i = int(self.rng.integers(len(sents)))
            s, ln = sents[i], int(self.rng.integers(6, 10))
            if protect[i].any() or len(s) < ln + 2:
                continue
            j = int(self.rng.integers(0, len(s) - ln))
            if np.all(s[j:j + ln] >= N_PUNCT):
                protect[i][j:j + ln] = True
                phrases.append(s[j:j + ln].copy())
        return phrases

    def _split_long(self, sents: list[np.ndarray], protect: list[np.ndarray]
                    ) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Split some long, unquoted sentences in two at an unprotected word near the middle."""
        out_s, out_p = [], []
        for s, p in zip(sents, protect):
            if len(s) >= 24 and QOPEN not in s and self.rng.random() < 0.35:
                cand = [j for j in range(len(s) // 3, 2 * len(s) // 3)
                        if s[j] >= N_PUNCT and s[j - 1] >= N_PUNCT and not p[j - 1] and not p[j]]
                if cand:
                    j = cand[int(self.rng.integers(len(cand)))]
                    head = np.append(s[:j], np.int32(PERIOD))
                    out_s += [head, s[j:]]
                    out_p += [np.append(p[:j], False), p[j:]]
                    continue
            out_s.append(s)
            out_p.append(p)
        return out_s, out_p

    def _reword(self, sents: list[np.ndarray], protect: list[np.ndarray], topic: int) -> list[np.ndarray]:
        """Replace ~50% of content words, drop ~10% of function words and add a few."""
        v = self.vocab
        lens = np.array([len(s) for s in sents])
        toks = np.concatenate(sents)
        prot = np.concatenate(protect)
        sid = np.repeat(np.arange(len(sents)), lens)
        free = ~prot
        swap = free & v.spinnable[toks] & (self.rng.random(len(toks)) < 0.55)
        k = int(swap.sum())
        by_synonym = self.rng.random(k) < 0.6
        repl = np.where(by_synonym, v.synonyms[toks[swap], self.rng.integers(3, size=k)],
                        self.content_words(k, topic))
        toks = toks.copy()
        toks[swap] = repl
        keep = ~(free & v.is_function[toks] & (self.rng.random(len(toks)) < 0.1))
        toks, sid, free = toks[keep], sid[keep], free[keep]
        at = np.flatnonzero(free & (toks >= N_PUNCT) & (self.rng.random(len(toks)) < 0.08))
        fws = (v.function_start + self.rng.integers(len(FUNCTION_WORDS), size=len(at))).astype(np.int32)
        toks = np.insert(toks, at, fws)
        sid = np.insert(sid, at, sid[at])
        return _split(toks, np.cumsum(np.bincount(sid, minlength=len(sents))))

    def _merge_some(self, sents: list[np.ndarray]) -> list[np.ndarray]:
        """Join some neighbouring sentences with ", and"."""
        out: list[np.ndarray] = []
        for s in sents:
            if (out and out[-1][-1] == PERIOD and QOPEN not in s and QOPEN not in out[-1]
                    and len(out[-1]) + len(s) < 50 and self.rng.random() < 0.12):
                out[-1] = np.concatenate([out[-1][:-1], [COMMA, self.and_], s]).astype(np.int32)
            else:
                out.append(s)
        return out

    def _credit(self, first: np.ndarray, site: Site) -> np.ndarray:
        """Credit the source: "..., X reported." or "According to X, ..."."""
        if self.rng.random() < 0.5 and first[-1] == PERIOD and QOPEN not in first:
            tail = [COMMA, site.token, self.reported, PERIOD]
            return np.concatenate([first[:-1], tail]).astype(np.int32)
        return np.concatenate([[self.according, self.to, site.token, COMMA], first]).astype(np.int32)

    def hard_negative(self, src: Doc) -> Doc:
        """An unrelated article on the source's topic, heavy in the source's own words.

        It shares no names with the source beyond chance: same topic, another story.
        """
        own = np.unique(src.tokens[self.vocab.spinnable[src.tokens]])
        pool = np.concatenate([self.topic_words[src.topic], own, own])
        return self.base_doc(src.topic, pool=pool, share=0.55)

    # ----------------------------------------------------------------- sites and metadata

    def pick_site(self, cdf: np.ndarray, exclude: set[int] = frozenset(),
                  boilerplate: bool = False) -> int:
        """A site index drawn by ``cdf``, not in ``exclude``, with boilerplate if asked."""
        for _ in range(1000):
            i = int(np.searchsorted(cdf, self.rng.random(), side="right"))
            i = min(i, len(self.sites) - 1)
            if i not in exclude and (not boilerplate or self.sites[i].boilerplate):
                return i
        choices = [i for i, s in enumerate(self.sites)
                   if i not in exclude and (not boilerplate or s.boilerplate)]
        return choices[int(self.rng.integers(len(choices)))]


def _run_lengths(labels: Sequence[int]) -> list[int]:
    """Lengths of runs of equal consecutive labels (paragraph sizes from paragraph ids)."""
    sizes: list[int] = []
    prev = object()
    for x in labels:
        if x == prev:
            sizes[-1] += 1
        else:
            sizes.append(1)
            prev = x
    return sizes


def article_id(counter: int, seed: int) -> str:
    """A unique, order-free id: an invertible 40-bit mix of the counter."""
    mask = (1 << 40) - 1
    x = (counter * 0x9E3779B97F + seed * 0x632BE5AB) & mask
    x ^= x >> 19
    x = (x * 0xD6E8FEB86659FD93) & mask
    x ^= x >> 23
    return f"a{x:010x}"


def _slug(title: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", title.lower())[:8])


# --------------------------------------------------------------------------- writing


class _Writer:
    """Streams articles (through a bounded shuffle buffer) and truth lines to disk."""

    def __init__(self, out_dir: Path, rng: np.random.Generator, buffer_size: int = 4096) -> None:
        out_dir.mkdir(parents=True, exist_ok=True)
        self.articles: TextIO = open(out_dir / "articles.jsonl", "w", encoding="utf-8", buffering=1 << 20)
        self.truth: TextIO = open(out_dir / "truth.jsonl", "w", encoding="utf-8", buffering=1 << 16)
        self.negatives: TextIO = open(out_dir / "negatives.jsonl", "w", encoding="utf-8")
        self.rng = rng
        self.buffer: list[str] = []
        self.buffer_size = buffer_size

    def article(self, record: dict[str, Any]) -> None:
        # A bounded shuffle so that a copy does not sit next to its source in the file.
        line = json.dumps(record, ensure_ascii=False) + "\n"
        if len(self.buffer) < self.buffer_size:
            self.buffer.append(line)
            return
        j = int(self.rng.integers(self.buffer_size))
        self.articles.write(self.buffer[j])
        self.buffer[j] = line

    def pair(self, a: str, b: str, relation: str, family: str, variant: str) -> None:
        self.truth.write(json.dumps({"a": a, "b": b, "relation": relation, "family": family,
                                     "variant": variant}) + "\n")

    def negative(self, a: str, b: str) -> None:
        self.negatives.write(json.dumps({"a": a, "b": b}) + "\n")

    def close(self) -> None:
        for j in self.rng.permutation(len(self.buffer)).tolist():
            self.articles.write(self.buffer[j])
        self.buffer.clear()
        for f in (self.articles, self.truth, self.negatives):
            f.close()


@dataclass
class _Run:
    """State of one ``generate_corpus`` call."""

    gen: CorpusGenerator
    writer: _Writer
    seed: int
    counter: int = 0
    counts: Counter = field(default_factory=Counter)

    def emit(self, doc: Doc, site_i: int, published: float, *, text: str | None = None,
             title: str | None = None, variant: str = "original",
             credit: Site | None = None) -> Member:
        """Render (unless ``text`` is given) and write one article."""
        gen = self.gen
        site = gen.sites[site_i]
        aid = article_id(self.counter, self.seed)
        self.counter += 1
        if text is None:
            text = gen.render(doc, site, source_credit=credit)
        if title is None:
            title = gen.render_title(doc.title)
        when = datetime.fromtimestamp(round(published), tz=timezone.utc)
        section = _SECTIONS[int(gen.rng.integers(len(_SECTIONS)))]
        url = f"https://{site.domain}/{section}/{when:%Y/%m/%d}/{_slug(title)}-{aid[-6:]}"
        self.writer.article({"id": aid, "text": text, "title": title, "url": url,
                             "site": site.domain, "published": when.isoformat()})
        self.counts["articles"] += 1
        return Member(aid, doc, site_i, published, text, title, variant)

    def base(self) -> Member:
        gen = self.gen
        site = gen.pick_site(gen.site_cdf)
        published = _YEAR_START + gen.rng.uniform(0, 365 * 24 * _HOUR)
        self.counts["base"] += 1
        return self.emit(gen.base_doc(), site, published)

    def family(self, n_copies: int) -> None:
        """An original and ``n_copies`` derived copies, some copied from other copies."""
        gen = self.gen
        root = self.base()
        members = [root]
        used = {root.site}
        self.counts["families"] += 1
        variants = list(VARIANT_WEIGHTS)
        weights = np.array(list(VARIANT_WEIGHTS.values()))
        for _ in range(n_copies):
            variant = variants[int(gen.rng.choice(len(variants), p=weights / weights.sum()))]
            src = root
            chain = [m for m in members[1:] if m.variant in _CHAINABLE]
            if chain and gen.rng.random() < 0.2:
                src = chain[int(gen.rng.integers(len(chain)))]
                self.counts["chained"] += 1
            site = gen.pick_site(gen.copier_cdf, used, boilerplate=variant == "duplicate")
            used.add(site)
            published = src.published + gen.rng.uniform(1.0, 72.0) * _HOUR
            member = self.derive(src, variant, site, published)
            members.append(member)
            self.writer.pair(src.id, member.id, RELATION_OF_VARIANT[variant], root.id, variant)
            self.counts[f"variant:{variant}"] += 1
            self.counts[f"relation:{RELATION_OF_VARIANT[variant]}"] += 1
            self.counts["derived"] += 1

    def derive(self, src: Member, variant: str, site: int, published: float) -> Member:
        """Write one copy of ``src`` of the given variant."""
        gen = self.gen
        if variant == "exact":
            return self.emit(src.doc, site, published, text=src.text, title=src.title, variant=variant)
        if variant == "duplicate":
            credit = gen.sites[src.site] if gen.rng.random() < 0.3 else None
            return self.emit(src.doc, site, published, title=src.title, variant=variant, credit=credit)
        if variant == "near_copy":
            return self.emit(gen.near_copy(src.doc), site, published, title=src.title, variant=variant)
        if variant == "shuffled":
            return self.emit(gen.shuffled(src.doc), site, published, title=src.title, variant=variant)
        if variant == "spun":
            return self.emit(gen.spun(src.doc), site, published, variant=variant)
        if variant == "partial":
            return self.emit(gen.partial(src.doc)[0], site, published, variant=variant)
        if variant == "rewrite":
            return self.emit(gen.rewrite(src.doc, gen.sites[src.site])[0], site, published, variant=variant)
        raise ValueError(f"unknown variant {variant!r}")

    def negative_pair(self) -> None:
        """A base article and an unrelated one on its topic, from another site, close in time."""
        gen = self.gen
        src = self.base()
        site = gen.pick_site(gen.site_cdf, {src.site})
        published = src.published + gen.rng.uniform(-48.0, 48.0) * _HOUR
        neg = self.emit(gen.hard_negative(src.doc), site, published)
        self.counts["hard_negatives"] += 1
        self.writer.negative(src.id, neg.id)


def _unit_probabilities(copy_share: float) -> tuple[float, float]:
    """Probabilities that a unit is a family or a hard-negative pair, for ``copy_share``.

    With f the family probability and h the negative one, the expected derived share
    is f*m / (1 + f*m + h) for m copies per family on average; solve for f.
    """
    h = _HARD_NEGATIVE_SHARE
    f = copy_share * (1 + h) / (_MEAN_COPIES * (1 - copy_share))
    if f + h > 1:
        raise ValueError(f"copy_share={copy_share} is too high (at most about 0.6)")
    return f, h


def generate_corpus(n_articles: int, out_dir: str | Path, *, seed: int = 0,
                    copy_share: float = 0.3) -> dict[str, Any]:
    """Write a synthetic corpus of ``n_articles`` with planted copies and its ground truth.

    Args:
        n_articles: total number of articles, originals and copies.
        out_dir: folder for ``articles.jsonl``, ``truth.jsonl``, ``negatives.jsonl``
            and ``meta.json`` (created if missing).
        seed: the same seed gives byte-identical files.
        copy_share: expected share of the corpus that is a derived copy (0 to ~0.6).

    Returns:
        Summary counts: articles, base, families, derived, chained, hard_negatives,
        per relation and per variant, plus the parameters and seconds taken.
    """
    if n_articles < 0 or not 0 <= copy_share < 1:
        raise ValueError("n_articles must be >= 0 and copy_share in [0, 1)")
    started = time.perf_counter()
    out = Path(out_dir)
    p_family, p_negative = _unit_probabilities(copy_share)
    gen = CorpusGenerator(seed)
    run = _Run(gen, _Writer(out, np.random.default_rng([seed, 1])), seed)
    copies_p = _FAMILY_COPIES / _FAMILY_COPIES.sum()
    while run.counter < n_articles:
        left = n_articles - run.counter
        u = gen.rng.random()
        if u < p_family and left >= 2:
            k = 1 + int(gen.rng.choice(len(copies_p), p=copies_p))
            run.family(min(k, left - 1))
        elif u < p_family + p_negative and left >= 2:
            run.negative_pair()
        else:
            run.base()
    run.writer.close()
    summary = _summary(run.counts, n_articles, seed, copy_share, time.perf_counter() - started)
    (out / "meta.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return summary


def _summary(counts: Counter, n: int, seed: int, copy_share: float, seconds: float) -> dict[str, Any]:
    return {
        "generator_version": GENERATOR_VERSION,
        "n_articles": n,
        "seed": seed,
        "copy_share": copy_share,
        "articles": counts["articles"],
        "base": counts["base"],
        "families": counts["families"],
        "derived": counts["derived"],
        "chained": counts["chained"],
        "hard_negatives": counts["hard_negatives"],
        "relations": {k.split(":", 1)[1]: v for k, v in sorted(counts.items()) if k.startswith("relation:")},
        "variants": {k.split(":", 1)[1]: v for k, v in sorted(counts.items()) if k.startswith("variant:")},
        "seconds": round(seconds, 2),
    }


# --------------------------------------------------------------------------- scoring


def load_truth(path: str | Path) -> list[dict[str, str]]:
    """The planted pairs of a ``truth.jsonl``: dicts with a, b, relation, family, variant."""
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def _ratio(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


def score_pairs(found: Iterable[Sequence[str]], truth_path: str | Path) -> dict[str, Any]:
    """Score reported pairs against the planted truth.

    Args:
        found: ``(a, b)`` pairs, or ``(a, b, relation)`` triples; order within a pair
            and repeats do not matter.
        truth_path: a ``truth.jsonl``; a ``negatives.jsonl`` beside it is used if present.

    Returns:
        ``reported`` (distinct pairs), ``correct`` and ``precision`` (a pair is correct
        when both ids are in the same planted family), ``recall`` and
        ``recall_by_variant`` (``{name: {"planted", "found", "recall"}}``; a planted
        pair is found when the unordered pair is reported), ``overall_recall``,
        ``hard_negatives`` (how many listed hard negatives were reported) and, when
        relations were given, ``typed``: the same recall counting a pair only when its
        reported relation is the planted one, ``precision`` over reported pairs that
        are planted pairs or cross-family (sibling pairs have no planted relation),
        ``precision_without_same_story`` (precision over pairs not reported as
        same_story) and ``confusion`` (planted relation -> reported relation -> count).
    """
    truth = load_truth(truth_path)
    planted = {_key(t["a"], t["b"]): t for t in truth}
    family = {}
    for t in truth:
        family[t["a"]] = family[t["b"]] = t["family"]

    seen: set[tuple[str, str]] = set()
    hit: dict[tuple[str, str], str | None] = {}
    correct = siblings = typed_correct = reported_copy = correct_copy = 0
    has_relation = False
    for item in found:
        a, b = item[0], item[1]
        if a == b:
            continue
        k = _key(a, b)
        if k in seen:
            continue
        seen.add(k)
        rel = item[2] if len(item) > 2 else None
        has_relation = has_relation or rel is not None
        fa = family.get(a)
        same_family = fa is not None and fa == family.get(b)
        if rel != "same_story":
            reported_copy += 1
            correct_copy += same_family
        if same_family:
            correct += 1
            if k in planted:
                hit[k] = rel
                typed_correct += rel == planted[k]["relation"]
            else:
                siblings += 1

    result: dict[str, Any] = {
        "reported": len(seen),
        "correct": correct,
        "precision": _ratio(correct, len(seen)),
        "recall": _recall_table(truth, hit, "relation"),
        "recall_by_variant": _recall_table(truth, hit, "variant"),
        "overall_recall": _ratio(len(hit), len(planted)),
        "hard_negatives": _negatives_hit(Path(truth_path).with_name("negatives.jsonl"), seen),
    }
    if has_relation:
        result["typed"] = {
            "recall": _recall_table(truth, hit, "relation", typed=True),
            "recall_by_variant": _recall_table(truth, hit, "variant", typed=True),
            "overall_recall": _ratio(typed_correct, len(planted)),
            "precision": _ratio(typed_correct, len(seen) - siblings),
            # The corpus plants no same_story pairs, so a same_story pair is either a
            # sibling or a false positive; this is precision over the copy relations.
            "precision_without_same_story": _ratio(correct_copy, reported_copy),
            "confusion": _confusion(truth, hit),
        }
    return result


def score_provenance(pairs: Iterable[Sequence[str | None]], stories: Iterable[tuple[Sequence[str], str | None]],
                     truth_path: str | Path) -> dict[str, Any]:
    """Score the direction of each planted pair found and the original of each story.

    Args:
        pairs: ``(a, b, source)`` of each reported pair (``source`` None: no direction).
        stories: ``(members, original)`` of each reported story.
        truth_path: a ``truth.jsonl`` (``a`` is the planted source, ``b`` its copy,
            ``family`` the story's first article).

    Returns:
        ``direction``: ``{relation: {"found", "directed", "right", "accuracy"}}`` over the
        planted pairs reported (``directed``: with a source; ``accuracy``: right of
        directed) and ``all`` for them together; ``original``: ``{"stories", "right",
        "accuracy"}`` over the planted families whose first article is in a reported
        story (right: that story's original is it).
    """
    truth = load_truth(truth_path)
    planted = {_key(t["a"], t["b"]): t for t in truth}
    rows: dict[str, Counter] = {}
    for a, b, source in pairs:
        t = planted.get(_key(a, b))
        if t is None:
            continue
        for name in (t["relation"], "all"):
            row = rows.setdefault(name, Counter())
            row["found"] += 1
            row["directed"] += source is not None
            row["right"] += source == t["a"]
    direction = {name: {**row, "accuracy": _ratio(row["right"], row["directed"])}
                 for name, row in sorted(rows.items(), key=lambda kv: (kv[0] == "all", kv[0]))}
    roots = {t["family"] for t in truth}
    in_story = right = 0
    for members, story_original in stories:
        for root in roots.intersection(members):
            in_story += 1
            right += story_original == root
    return {"direction": direction, "original": {"stories": in_story, "right": right,
                                                 "accuracy": _ratio(right, in_story)}}


def _recall_table(truth: list[dict[str, str]], hit: dict[tuple[str, str], str | None],
                  by: str, *, typed: bool = False) -> dict[str, dict[str, Any]]:
    """Per relation (or variant): planted, found and recall."""
    planted: Counter = Counter()
    got: Counter = Counter()
    for t in truth:
        name = t.get(by, t["relation"])
        planted[name] += 1
        k = _key(t["a"], t["b"])
        if k in hit and (not typed or hit[k] == t["relation"]):
            got[name] += 1
    return {name: {"planted": n, "found": got[name], "recall": _ratio(got[name], n)}
            for name, n in sorted(planted.items())}


def _confusion(truth: list[dict[str, str]], hit: dict[tuple[str, str], str | None]) -> dict[str, dict[str, int]]:
    out: dict[str, Counter] = {}
    for t in truth:
        k = _key(t["a"], t["b"])
        out.setdefault(t["relation"], Counter())[hit.get(k, "missed") if k in hit else "missed"] += 1
    return {rel: dict(sorted(c.items(), key=lambda kv: str(kv[0]))) for rel, c in sorted(out.items())}


def _negatives_hit(path: Path, seen: set[tuple[str, str]]) -> dict[str, Any] | None:
    if not path.exists():
        return None
    with open(path, encoding="utf-8") as f:
        pairs = [json.loads(line) for line in f if line.strip()]
    n_hit = sum(_key(p["a"], p["b"]) in seen for p in pairs)
    return {"pairs": len(pairs), "reported": n_hit, "rate": _ratio(n_hit, len(pairs))}
