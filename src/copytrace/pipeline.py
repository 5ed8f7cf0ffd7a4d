"""The whole pipeline: ingest -> clean -> sketch -> candidates -> align -> classify ->
cluster -> provenance, chunk by chunk, in memory bounded by the sketches.

``scan`` runs it over input paths, ``scan_articles`` over Article records, and
``compare`` over two articles without blocking. With ``semantic`` other than "off"
(the optional extra), article vectors add nearest-neighbour candidates, and pairs the
words leave unrelated or only same-story are aligned again with sentence vectors.

How a scan streams (one million articles fit in a few GB):

1. ``scan`` reads the inputs once, learning site boilerplate as it goes and writing
   the articles to disk in chunks (:class:`~copytrace.store.scratch.RawChunks`);
   ``scan_articles`` learns from its list.
2. Workers clean each chunk, sketch it and store the cleaned text, sentences and
   removed lines in the scan's :class:`~copytrace.store.scratch.ScanStore`; only the
   sketches, ids and dates come back. The first chunks are a sample: their words
   decide the corpus's common words, which every sketch must use.
3. Candidates come from the sketches alone.
4. Workers align chunks of candidate pairs, reading the texts they need from the
   store; a pair's passages and word changes go to the store too.
5. Provenance reads the paired articles' texts (credit lines) from the store.

The result's articles, pairs and texts are views of the store
(:mod:`copytrace.store.views`), and the outputs are written from it in one pass.
"""

from __future__ import annotations

import functools
import itertools
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
from tqdm import tqdm

try:
    import resource
except ImportError:  # not on Unix: no memory figures
    resource = None

from .arrays import unique_sorted
from .accumulate import SketchBuffer
from .align import (EDITED_THRESHOLD, Alignment, SentenceTable, align, build_tables, passage_cover, passages,
                    substitutions)
from .align.crosslingual import align_across
from .align.sentences import sentence_fillings
from .candidates import find_candidates
from .classify import classify, needs_sentence_vectors, no_copy, partial_passages, translation
from .clean import Cleaner
from .clean.language import detect_languages, normalise_language
from .cluster import components
from .cluster import stories as group_stories
from .ingest import read_inputs
from .parallel import Feed, default_workers, map_chunks, release_memory
from .provenance import TIME_WORD_RELATIONS, ArticleEvidence, build_story, centrality, days_apart, orient, timestamp
from .records import Article, CleanArticle, Pair, Passage, Problem, Story
from .semantic import Calibration, Encoder, article_vectors, corpus_calibration, lead, resolve, sentence_vectors
from .sketch import Sketcher, Sketches, TokenStream, tokenize
from .sketch.anchors import distinct_anchors
from .store.scratch import RawChunks, ScanStore, encode_evidence
from .store.views import ArticleRecords, PairView, TextView

#: Articles per unit of work: read, cleaned, sketched and stored together.
CHUNK = 5000
#: The common words are learned from the first texts (rounded up to whole chunks).
COMMON_WORD_SAMPLE = 20000
#: Texts tokenised at once.
SKETCH_BATCH = 2000
#: Candidate pairs per alignment task (the sentence tables of their articles, about
#: 1.5 a pair, take about 0.15 MB each while they are built).
ALIGN_BATCH = 4000
#: Paired articles per provenance task.
EVIDENCE_BATCH = 5000
#: Texts whose anchors one worker reads at a time (corpora of several languages only).
ANCHOR_BATCH = 2000
MAX_CHANGES = 20
#: Relations whose evidence includes word substitutions (copies edited word by word).
CHANGE_RELATIONS = frozenset({"near_copy", "spun", "partial"})
CHANGE_SENTENCES = 8


@dataclass(slots=True)
class ScanResult:
    """Everything a scan found, as the output contract's records.

    From :func:`scan` and :func:`scan_articles`, ``articles``, ``pairs`` and ``texts``
    are read-only views of the scan's store on disk (sequences of the same records and
    a mapping of id to cleaned text); ``pairs.light`` holds the pairs without their
    passages and changes. The store's folder is removed with the result.
    """

    articles: Sequence[dict]
    pairs: Sequence[Pair]
    stories: list[Story]
    problems: list[Problem] = field(default_factory=list)
    texts: Mapping[str, str] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    #: Peak RSS in MB of the scanning process by the end of each stage, and ("workers")
    #: of the largest worker process.
    memory: dict[str, float] = field(default_factory=dict)

    @property
    def skipped(self) -> int:
        return sum(p.skipped for p in self.problems)

    def counts(self) -> dict:
        by_relation: dict[str, int] = {}
        for p in getattr(self.pairs, "light", self.pairs):
            by_relation[p.relation] = by_relation.get(p.relation, 0) + 1
        return {
            "articles": len(self.articles),
            "pairs": len(self.pairs),
            "stories": len(self.stories),
            "relations": by_relation,
            "problems": len(self.problems),
            "skipped": self.skipped,
        }


class _Clock:
    """Wall time of each stage, and the peak memory (RSS, MB) of this process by the end
    of each stage and of the largest worker process so far."""

    def __init__(self) -> None:
        self.timings: dict[str, float] = {}
        self.memory: dict[str, float] = {}
        self._t = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.add(stage, now - self._t)
        self._t = now
        if resource is not None:  # ru_maxrss is in KiB on Linux
            self.memory[stage] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
            self.memory["workers"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)

    def add(self, stage: str, seconds: float) -> None:
        self.timings[stage] = round(self.timings.get(stage, 0.0) + seconds, 3)


def _bar(total: int | None, desc: str, quiet: bool):
    # disable=None: no bar when stderr is not a terminal (logs stay clean).
    return tqdm(total=total, desc=desc, unit="art", disable=True if quiet else None, file=sys.stderr,
                leave=False, mininterval=0.5)


class _ListChunks:
    """Articles of an in-memory list, in chunks of ``size`` (forked workers inherit it)."""

    def __init__(self, articles: Sequence[Article], size: int) -> None:
        self.articles = articles
        self.size = size
        self.n_articles = len(articles)
        self.n_chunks = -(-self.n_articles // size)

    def load(self, k: int) -> list[Article]:
        return list(self.articles[k * self.size : (k + 1) * self.size])

    def discard(self, k: int) -> None:
        pass


def scan(
    inputs: Sequence[str | Path],
    *,
    id_field: str = "id",
    text_field: str = "text",
    max_chars: int = 5_000_000,
    quiet: bool = True,
    on_problem: Callable[[Problem], None] | None = None,
    learn_site_boilerplate: bool = True,
    **options,
) -> ScanResult:
    """Find the reused articles among the inputs.

    The inputs are read once: the articles go to a temporary folder in chunks (under
    ``$TMPDIR``) while site boilerplate is learned, and are cleaned from there.

    Args:
        inputs: files or folders (.txt, .jsonl, .csv, .parquet, .html, .warc).
        id_field: name of the id column in JSONL/CSV/Parquet.
        text_field: name of the text column.
        max_chars: longer articles are skipped (with a problem record).
        quiet: no progress bar on stderr.
        on_problem: called with each bad record as soon as it is read.
        learn_site_boilerplate: learn lines repeated across a site's articles.
        **options: ``window_days``, ``workers``, ``semantic``, as for :func:`scan_articles`.

    Returns:
        The :class:`ScanResult`.
    """
    encoder = resolve(options.pop("semantic", "off"))  # first: a missing extra fails before any work
    workers = options.pop("workers", None)
    workers = default_workers() if workers is None else max(1, workers)
    clock = _Clock()
    store = ScanStore()
    raw = RawChunks(store.folder / "raw", CHUNK)
    problems: list[Problem] = []

    def articles() -> Iterator[Article]:
        items = read_inputs(inputs, id_field=id_field, text_field=text_field, max_chars=max_chars)
        with _bar(None, "reading", quiet) as bar:
            for item in items:
                if isinstance(item, Problem):
                    problems.append(item)
                    if on_problem is not None:
                        on_problem(item)
                else:
                    bar.update()
                    yield item

    # Site boilerplate is learned from the chunks as they are written, on another core.
    learning = Feed(functools.partial(_fit_chunks, raw), background=workers > 1) if learn_site_boilerplate else None
    for _ in raw.spool(articles(), on_chunk=None if learning is None else learning.send):
        pass
    clock.lap("ingest")
    cleaner = Cleaner() if learning is None else learning.result()
    clock.lap("learn")
    result = _scan_chunks(raw, cleaner, store, clock, quiet=quiet, encoder=encoder, workers=workers, **options)
    result.problems = problems + result.problems
    return result


def _fit_chunks(raw: RawChunks, numbers: Iterator[int]) -> Cleaner:
    """A cleaner that learned the site boilerplate of the raw chunks ``numbers``."""
    return Cleaner().fit(article for k in numbers for article in raw.load(k))


def scan_articles(
    articles: Sequence[Article],
    *,
    quiet: bool = True,
    window_days: float | None = 30.0,
    learn_site_boilerplate: bool = True,
    workers: int | None = None,
    semantic: str | Encoder | None = "off",
) -> ScanResult:
    """Run clean -> ... -> provenance over Article records (ids must be unique).

    Args:
        articles: the articles.
        quiet: no progress bar on stderr.
        window_days: candidate pairs published further apart are not compared.
        learn_site_boilerplate: learn lines repeated across a site's articles.
        workers: processes for cleaning, sketching and alignment (default: the CPUs available).
        semantic: "off", "static", "transformer", "auto" or an :class:`~copytrace.semantic.Encoder`
            (the semantic extra; see :mod:`copytrace.semantic`).
    """
    encoder = resolve(semantic)  # first: a missing extra fails before any work
    clock = _Clock()
    cleaner = Cleaner()
    if learn_site_boilerplate:
        cleaner.fit(articles)
    clock.lap("learn")
    return _scan_chunks(_ListChunks(articles, CHUNK), cleaner, ScanStore(), clock, quiet=quiet, encoder=encoder,
                        window_days=window_days, workers=workers)


@dataclass(slots=True)
class _Cleaned:
    """What a worker sends back for one chunk: never the cleaned texts (they are in
    the store), except the word hashes of the sample's texts (each batch's hashes and
    text offsets: all its sketches need, a third of its tokens' size to send)."""

    ids: list = field(default_factory=list)
    published: list[float] = field(default_factory=list)
    languages: list[str | None] = field(default_factory=list)
    leads: list[str] | None = None
    hashes: list[tuple[np.ndarray, np.ndarray]] | None = None  # per batch: word hashes, text offsets
    sketches: Sketches | None = None
    frequencies: tuple[np.ndarray, np.ndarray] | None = None  # of the chunk's texts in the weight sample
    sample_frequencies: tuple[np.ndarray, np.ndarray] | None = None  # of all its texts, in the common-word sample
    fillings: tuple[np.ndarray, ...] | None = None  # filled frames of its texts in the weight sample, counted
    seconds: dict[str, float] = field(default_factory=dict)


@dataclass(slots=True)
class _Corpus:
    """What the clean and sketch stages leave in memory: per-article arrays only."""

    ids: list
    published: np.ndarray  # float64 seconds, NaN where unknown
    languages: list[str | None]  # as given, else as detected (clean.language)
    sketches: Sketches
    leads: list[str]  # article leads for the article vectors, when asked for
    seconds: dict[str, float]  # time the workers spent on each step, summed


def _clean_and_sketch(chunks: RawChunks | _ListChunks, cleaner: Cleaner, sketcher: Sketcher, store: ScanStore, *,
                      quiet: bool, workers: int, leads: bool = False) -> _Corpus:
    """Clean ``chunks`` into ``store`` and sketch them, on ``workers`` processes.

    The first chunks (``COMMON_WORD_SAMPLE`` texts, rounded up to whole chunks) are the
    sample whose words decide the common words (every sketch must use the same list):
    the workers clean and tokenise them, the common words are learned here, and then
    the workers sketch the sample from its word hashes (inherited at the fork) and clean,
    sketch and store every other chunk.

    The word weights (which only alignment needs) are learned at the end, from texts
    spread evenly over the whole input and counted by the workers as they pass: inputs
    often come ordered by source or date, and weights learned from one source's words
    would make every word of the others look rare.
    """
    n_sample = min(chunks.n_chunks, -(-COMMON_WORD_SAMPLE // chunks.size))
    # When the first chunks are the whole input, their counts are already all of it.
    whole = chunks.n_articles <= n_sample * chunks.size
    picks = np.zeros(0, dtype=np.int64) if whole else sample_indices(chunks.n_articles, COMMON_WORD_SAMPLE)
    state = {"chunks": chunks, "cleaner": cleaner, "sketcher": sketcher, "store": store, "n_sample": n_sample,
             "leads": leads, "sample_hashes": [], "picks": picks}
    df_words, df_counts = [np.zeros(0, dtype=np.uint64)], [np.zeros(0, dtype=np.int64)]
    filled: tuple[list, list, list] = ([np.zeros(0, dtype=np.uint64)], [np.zeros(0, dtype=np.uint64)],
                                       [np.zeros(0, dtype=np.int64)])  # frames, filled keys, texts
    ids: list = []
    published: list[float] = []
    languages: list[str | None] = []
    lead_texts: list[str] = []
    seconds: dict[str, float] = {}
    buffer = SketchBuffer(chunks.n_articles, sketcher.num_bins, store.folder / "fingerprints")

    def gather(out: _Cleaned) -> None:
        t = time.perf_counter()
        ids.extend(out.ids)
        published.extend(out.published)
        languages.extend(out.languages)
        lead_texts.extend(out.leads or ())
        for k, v in out.seconds.items():
            seconds[k] = seconds.get(k, 0.0) + v
        if out.sketches is not None:
            buffer.add(out.sketches)
        if out.frequencies is not None:
            df_words.append(out.frequencies[0])
            df_counts.append(out.frequencies[1])
        if out.fillings is not None:
            for found, part in zip(filled, out.fillings):
                found.append(part)
        seconds["gather"] = seconds.get("gather", 0.0) + time.perf_counter() - t

    with _bar(chunks.n_articles, "cleaning", quiet) as bar:
        sample_words, sample_counts, sample_texts = [np.zeros(0, dtype=np.uint64)], [np.zeros(0, dtype=np.int64)], 0
        for _, out in map_chunks(_clean_chunk, n_sample, state=state, chunk=1, workers=workers):
            gather(out)
            state["sample_hashes"].append(out.hashes)
            sample_words.append(out.sample_frequencies[0])
            sample_counts.append(out.sample_frequencies[1])
            sample_texts += len(out.ids)
            bar.update(len(out.ids))
        # The workers counted each chunk's words; the counts of disjoint texts add up.
        t = time.perf_counter()
        sketcher.learn_frequencies(np.concatenate(sample_words), np.concatenate(sample_counts), sample_texts)
        del sample_words, sample_counts
        seconds["learn_words"] = time.perf_counter() - t
        for _, out in map_chunks(_clean_chunk, chunks.n_chunks, state=state, chunk=1, workers=workers):
            gather(out)
            bar.update(len(out.ids))
        state["sample_hashes"] = []  # the sample's word hashes are no longer needed
    t = time.perf_counter()
    sketcher.learn_weights(np.concatenate(df_words), np.concatenate(df_counts), len(picks))
    sketcher.learn_formulas(*(np.concatenate(parts) for parts in filled))
    state.clear()
    sketches = buffer.finish(workers)
    seconds["finish"] = time.perf_counter() - t
    release_memory()
    return _Corpus(ids, np.array(published, dtype=np.float64), languages, sketches, lead_texts, seconds)


def _scan_chunks(
    chunks: RawChunks | _ListChunks, cleaner: Cleaner, store: ScanStore, clock: _Clock, *, quiet: bool,
    encoder: Encoder | None, window_days: float | None = 30.0, workers: int | None = None,
) -> ScanResult:
    """Clean, sketch and store ``chunks``, then find candidates, align, and trace provenance."""
    workers = default_workers() if workers is None else max(1, workers)
    sketcher = Sketcher()
    corpus = _clean_and_sketch(chunks, cleaner, sketcher, store, quiet=quiet, workers=workers,
                               leads=encoder is not None)
    clock.lap("clean_sketch")
    for k, v in corpus.seconds.items():
        clock.timings[f"{k}_work"] = round(v, 3)
    ids, published, sketches = corpus.ids, corpus.published, corpus.sketches
    codes = language_codes(corpus.languages)

    vectors = calibration = None
    if encoder is not None:
        vectors = article_vectors(encoder, corpus.leads)
        calibration = corpus_calibration(encoder, vectors, languages=corpus.languages)
        clock.lap("embed")
    del corpus

    options = {} if encoder is None else {"vectors": vectors, "semantic_cosine": calibration.neighbour}
    if len(unique_sorted(codes[codes >= 0])) >= 2:  # several languages: translations are candidates too
        options.update(anchors=_corpus_anchors(store, len(ids), workers), languages=codes)
    cands = find_candidates(sketches, published=published, window_days=window_days, workers=workers, **options)
    # Alignment reads only the per-text parts of the sketches the classifier needs:
    # the others are let go (fresh empty arrays, not views that would keep them).
    sketches = replace(sketches, sig_shingles=np.zeros((0, sketcher.num_bins), dtype=np.uint32),
                       fp_values=np.zeros(0, dtype=np.uint64), fp_docs=np.zeros(0, dtype=np.int64))
    release_memory()
    clock.lap("candidates")

    light, keys, ends = _detect(store, ids, sketches, cands.pairs, sketcher, quiet, workers, published,
                                _SemanticState.make(encoder, vectors, calibration))
    del cands
    clock.lap("align")

    evidence = _evidence(store, ids, ends, sketches.n_words, workers,
                         dated=published, timed=np.array([p.relation in TIME_WORD_RELATIONS for p in light], dtype=bool))
    stories = _stories(ids, light, evidence)
    clock.lap("provenance")
    return ScanResult(ArticleRecords(store, sketches.n_words), PairView(light, store, keys), stories, [],
                      TextView(store, ids), clock.timings, clock.memory)


def set_languages(cleaned: Sequence[CleanArticle], tokens: TokenStream | None = None) -> None:
    """Give each cleaned article the language its text is in, where the input gave
    none (:func:`copytrace.clean.language.detect_languages`; ``tokens``: of their texts)."""
    given = [c.article.language for c in cleaned]
    found = detect_languages([c.text for c in cleaned], tokens, given=given)
    for c, language, was in zip(cleaned, found, given):
        if was is None and language is not None:
            c.article = replace(c.article, language=language)


def language_codes(languages: Sequence[str | None]) -> np.ndarray:
    """A number per text for its language (normalised: "en-GB" is "en"), -1 where unknown."""
    names: dict[str, int] = {}
    code = {}  # each tag as given, once: a corpus has few
    for tag in set(languages):
        key = normalise_language(tag)
        code[tag] = -1 if key is None else names.setdefault(key, len(names))
    return np.fromiter((code[tag] for tag in languages), dtype=np.int64, count=len(languages))


def _corpus_anchors(store: ScanStore, n: int, workers: int) -> tuple[np.ndarray, np.ndarray]:
    """Every stored text's distinct anchors (:func:`copytrace.sketch.anchors.distinct_anchors`),
    read from the store on ``workers`` processes."""
    values, docs = [np.zeros(0, dtype=np.uint64)], [np.zeros(0, dtype=np.int64)]
    for _, (v, d) in map_chunks(_anchor_chunk, n, state={"store": store}, chunk=ANCHOR_BATCH, workers=workers):
        values.append(v)
        docs.append(d)
    return np.concatenate(values), np.concatenate(docs)


def _anchor_chunk(lo: int, hi: int, state: dict) -> tuple[np.ndarray, np.ndarray]:
    articles = state["store"].clean_articles(range(lo, hi))
    return distinct_anchors([articles[i].text for i in range(lo, hi)], first=lo)


def sample_indices(n: int, k: int) -> np.ndarray:
    """``min(n, k)`` indices spread evenly over ``range(n)``, first and last included."""
    if n <= k:
        return np.arange(n, dtype=np.int64)
    return unique_sorted(np.linspace(0, n - 1, k).round().astype(np.int64))


def _clean_chunk(lo: int, hi: int, state: dict) -> _Cleaned:
    """Chunk ``lo`` (``hi`` is ``lo + 1``): in the sample phase (before the common words
    are learned), cleaned, stored, tokenised and its words counted; after it, a sample chunk is sketched
    from its word hashes and any other chunk cleaned, sketched and stored.

    Texts are tokenised ``SKETCH_BATCH`` at a time: tokenising takes tens of times the
    text's size in working memory."""
    chunks, sketcher = state["chunks"], state["sketcher"]
    first = lo * chunks.size
    t0 = time.perf_counter()
    sample_hashes = state["sample_hashes"]
    if lo < len(sample_hashes):  # a sample chunk, already cleaned and tokenised
        parts = [sketcher.sketch_hashes(hashes, offsets, first=first + k * SKETCH_BATCH)
                 for k, (hashes, offsets) in enumerate(sample_hashes[lo])]
        return _Cleaned(sketches=Sketches.concat(parts), seconds={"sketch": time.perf_counter() - t0})
    cleaner, store = state["cleaner"], state["store"]
    cleaned = [cleaner.clean(a) for a in chunks.load(lo)]
    t1 = time.perf_counter()
    texts = [c.text for c in cleaned]
    out = _Cleaned(ids=[c.id for c in cleaned],
                   published=[timestamp(c.article.published) or np.nan for c in cleaned],
                   leads=[lead(t) for t in texts] if state["leads"] else None)
    picks = state["picks"]
    hashes, sketches, words, counts, sample_words, sample_counts, filled = [], [], [], [], [], [], []
    for s in range(0, len(texts), SKETCH_BATCH):
        batch = tokenize(texts[s : s + SKETCH_BATCH])
        set_languages(cleaned[s : s + SKETCH_BATCH], batch)
        if lo < state["n_sample"]:
            hashes.append((batch.hashes, batch.doc_offsets))
            found = sketcher.document_frequencies(batch)
            sample_words.append(found[0])
            sample_counts.append(found[1])
        else:
            sketches.append(sketcher.sketch_tokens(batch, first=first + s))
        # This batch's texts in the weight sample, counted from the tokens just made (their
        # tokens taken out first: a fifth of the batch or so, on a large input).
        mine = picks[np.searchsorted(picks, first + s) : np.searchsorted(picks, first + s + batch.n_texts)] - (first + s)
        picked = batch.select(mine) if len(mine) else None
        if picked is not None:
            found = sketcher.document_frequencies(picked)
            words.append(found[0])
            counts.append(found[1])
        # Formulas are learned from the same texts (all of them where the first chunks
        # are the whole input, and there is no weight sample).
        if picked is not None:
            filled.append(sentence_fillings([cleaned[s + k] for k in mine.tolist()], picked))
        elif not len(picks):
            filled.append(sentence_fillings(cleaned[s : s + SKETCH_BATCH], batch))
    out.hashes = hashes or None
    if lo < state["n_sample"]:
        out.sample_frequencies = (np.concatenate(sample_words or [np.zeros(0, dtype=np.uint64)]),
                                  np.concatenate(sample_counts or [np.zeros(0, dtype=np.int64)]))
    out.sketches = Sketches.concat(sketches) if sketches else None
    if filled:
        out.fillings = tuple(np.concatenate(parts) for parts in zip(*filled))
    if words:  # counts of several batches add up (see Sketcher.learn_weights)
        out.frequencies = (np.concatenate(words), np.concatenate(counts))
    out.languages = [c.article.language for c in cleaned]
    t2 = time.perf_counter()
    store.put_articles(first, cleaned)
    chunks.discard(lo)
    out.seconds = {"clean": t1 - t0, "sketch": t2 - t1, "store": time.perf_counter() - t2}
    return out


@dataclass(slots=True)
class PairSemantics:
    """What the semantic extra knows of one pair: its article vectors' cosine, the
    encoder's calibration, and how to get its sentence vectors (a's, b's): they are
    computed only for the few pairs whose verdict they could change."""

    cosine: float
    calibration: Calibration
    sentence_vectors: Callable[[], tuple[np.ndarray, np.ndarray]]


class _Deferred(Exception):
    """A pair needs sentence vectors that only the main process can compute."""


def _reads_both(encoder: Encoder, a: CleanArticle, b: CleanArticle) -> bool:
    """Whether the encoder reads both articles' languages: else its vectors say nothing
    of the pair, and the words decide."""
    return encoder.reads(a.article.language) and encoder.reads(b.article.language)


@dataclass(slots=True)
class _SemanticState:
    """The encoder and vectors the alignment workers need.

    Pairs whose article vectors are at least the encoder's neighbour cosine apart get
    semantic evidence when the words leave them unrelated or same-story. Sentence
    vectors, where a pair needs them, are computed in the worker as it asks; an encoder
    that cannot run in a forked process defers the pair instead (:class:`_Deferred`),
    and the deferred pairs are aligned again once their vectors are computed here.
    """

    encoder: Encoder
    vectors: np.ndarray
    calibration: Calibration  # the encoder's, raised to this corpus's chance level
    sentences: dict[int, np.ndarray] = field(default_factory=dict)

    @staticmethod
    def make(encoder: Encoder | None, vectors: np.ndarray | None,
             calibration: Calibration | None) -> _SemanticState | None:
        if encoder is None or vectors is None or calibration is None:
            return None
        return _SemanticState(encoder, vectors, calibration)

    def sentence_vectors(self, article: CleanArticle, i: int) -> np.ndarray:
        if i not in self.sentences:
            if not self.encoder.fork_safe:
                raise _Deferred
            self.sentences[i] = sentence_vectors(self.encoder, [article])[0]
        return self.sentences[i]

    def prepare(self, store: ScanStore, pairs: np.ndarray) -> None:
        """Sentence vectors of every article of ``pairs``, in one call of the encoder."""
        need = [i for i in unique_sorted(pairs).tolist() if i not in self.sentences]
        articles = store.clean_articles(need)
        self.sentences.update(zip(need, sentence_vectors(self.encoder, [articles[i] for i in need])))

    def cosines(self, cand: np.ndarray) -> np.ndarray:
        if len(cand) == 0:
            return np.zeros(0, dtype=np.float32)
        return np.einsum("ij,ij->i", self.vectors[cand[:, 0]], self.vectors[cand[:, 1]])


def _detect(
    store: ScanStore, ids: list, sketches: Sketches, cand: np.ndarray, sketcher: Sketcher, quiet: bool,
    workers: int = 1, published: np.ndarray | None = None, semantic: _SemanticState | None = None,
) -> tuple[list[Pair], np.ndarray, np.ndarray]:
    """Align and classify candidate pairs, chunk by chunk, on ``workers`` processes.

    Pairs are reported in the order of their article numbers ``(i, j)``, but aligned
    story by story (connected components of the candidate graph): a chunk then holds
    whole stories, and each article's sentence table is built about once, where in
    ``(i, j)`` order most articles' copies fall in other chunks than their own.

    Returns:
        The pairs found, without their passages and changes; the key under which each
        pair's passages and changes are stored; and the ``(k, 2)`` article numbers of
        each pair.
    """
    empty = np.zeros(0, dtype=np.int64)
    if len(cand) == 0:
        return [], empty, empty.reshape(0, 2)
    cand = cand[np.lexsort((cand[:, 1], cand[:, 0]))]  # the order pairs are reported in
    label = components(len(ids), cand)[cand[:, 0]]
    work = np.lexsort((cand[:, 1], cand[:, 0], label))
    if published is None:
        published = np.full(len(ids), np.nan)
    state = {"store": store, "sketches": sketches, "cand": cand[work], "position": work, "sketcher": sketcher,
             "published": published, "semantic": semantic}
    light: list[Pair] = []
    keys: list[int] = []
    deferred: list[int] = []

    def keep(found: list[tuple[int, Pair, bytes]]) -> None:
        store.put_evidence([(position, blob) for position, _, blob in found])
        for position, pair, _ in found:
            keys.append(position)
            light.append(pair)

    with _bar(len(cand), "aligning", quiet) as bar:
        for size, (found, later) in map_chunks(_detect_chunk, len(cand), state=state, chunk=ALIGN_BATCH,
                                               workers=workers):
            keep(found)
            deferred.extend(later)
            bar.update(size)
    if deferred and semantic is not None:
        # In the order they would be found in the (i, j) order, after all the others.
        again = np.sort(np.array(deferred, dtype=np.int64))
        state["cand"], state["position"] = cand[again], len(cand) + np.arange(len(again))
        semantic.prepare(store, state["cand"])
        for _, (found, _) in map_chunks(_detect_chunk, len(again), state=state, chunk=ALIGN_BATCH,
                                        workers=workers):
            keep(found)
        cand = np.concatenate([cand, cand[again]])
    order = np.argsort(np.array(keys, dtype=np.int64), kind="stable")
    keys_sorted = np.array(keys, dtype=np.int64)[order]
    return [light[k] for k in order.tolist()], keys_sorted, cand[keys_sorted]


def _detect_chunk(lo: int, hi: int, state: dict) -> tuple[list[tuple[int, Pair, bytes]], list[int]]:
    """Pairs found among candidates ``lo:hi``, each as its position in the reported
    order, the pair without passages and changes, and those as a stored blob; and the
    positions of the candidates deferred until their sentence vectors are computed
    (see :class:`_SemanticState`).

    The chunk's articles are read from the store in one query; sentence tables are
    built once per chunk, and only for articles in pairs that need aligning.
    """
    sk, sketcher = state["sketches"], state["sketcher"]
    chunk, positions = state["cand"][lo:hi], state["position"][lo:hi].tolist()
    exact, rare = sk.pair_evidence(chunk)
    articles = state["store"].clean_articles(unique_sorted(chunk).tolist())
    # An exact pair needs no alignment, but its tables when its titles differ: a text
    # naming nothing may be one formula filled alike for two subjects
    # (:func:`copytrace.classify.other_subjects`).
    retitled = np.array([_titles_differ(articles[i], articles[j]) for i, j in chunk[exact].tolist()], dtype=bool)
    need = unique_sorted(np.concatenate([chunk[~exact].ravel(), chunk[exact][retitled].ravel()])).tolist()
    tables = dict(zip(need, build_tables([articles[i] for i in need], sketcher)))
    found, deferred = [], []
    published = state["published"]
    times_a, times_b = published[chunk[:, 0]].tolist(), published[chunk[:, 1]].tolist()
    sem: _SemanticState | None = state["semantic"]
    cosines = sem.cosines(chunk).tolist() if sem is not None else [None] * len(chunk)
    for (i, j), position, cos, ta, tb, same, rare_jaccard in zip(chunk.tolist(), positions, cosines, times_a, times_b,
                                                                exact.tolist(), rare.tolist()):
        extra = None
        if sem is not None and cos >= sem.calibration.neighbour and _reads_both(sem.encoder, articles[i], articles[j]):
            extra = PairSemantics(cos, sem.calibration, functools.partial(_pair_sentences, sem, articles, i, j))
        try:
            pair = compare_prepared(articles[i], articles[j], tables.get(i), tables.get(j), exact=same,
                                    rare_jaccard=rare_jaccard, days_apart=days_apart(ta, tb), semantic=extra)
        except _Deferred:
            deferred.append(position)
            continue
        if pair is not None:
            blob = encode_evidence(pair.passages, pair.changes)
            pair.passages, pair.changes = [], []
            found.append((position, pair, blob))
    return found, deferred


def _titles_differ(a: CleanArticle, b: CleanArticle) -> bool:
    title_a, title_b = a.article.title, b.article.title
    return bool(title_a) and bool(title_b) and title_a.casefold() != title_b.casefold()


def _pair_sentences(sem: _SemanticState, articles: dict[int, CleanArticle], i: int, j: int):
    return sem.sentence_vectors(articles[i], i), sem.sentence_vectors(articles[j], j)


def _evidence(store: ScanStore, ids: list, ends: np.ndarray, n_words: np.ndarray,
              workers: int, *, dated: np.ndarray, timed: np.ndarray) -> dict[str, ArticleEvidence]:
    """What provenance needs of each paired article (its credit lines are in its text
    and removed lines, read from the store), on ``workers`` processes.

    Time words are read only where they can speak (a regex over the whole text is the
    stage's main cost): in articles of the pairs ``timed`` marks whose two ends are not
    both dated (``dated``: publication times, NaN where unknown), since a date
    outweighs them."""
    paired = unique_sorted(ends)
    need = np.zeros(len(n_words), dtype=bool)
    need[ends[timed & np.isnan(dated[ends]).any(axis=1)].ravel()] = True
    state = {"store": store, "paired": paired, "n_words": n_words, "need_time_words": need}
    found: list[ArticleEvidence] = []
    for _, part in map_chunks(_evidence_chunk, len(paired), state=state, chunk=EVIDENCE_BATCH, workers=workers):
        found.extend(part)
    return {ids[i]: ev for i, ev in zip(paired.tolist(), found)}


def _evidence_chunk(lo: int, hi: int, state: dict) -> list[ArticleEvidence]:
    idx = state["paired"][lo:hi].tolist()
    articles = state["store"].clean_articles(idx)
    n_words = state["n_words"]
    need = state["need_time_words"]
    return [ArticleEvidence.of(articles[i].article, articles[i].text, articles[i].removed, int(n_words[i]),
                               time_words=bool(need[i]))
            for i in idx]


def compare_prepared(
    a: CleanArticle, b: CleanArticle, ta: SentenceTable | None, tb: SentenceTable | None, *, exact: bool,
    rare_jaccard: float | None, days_apart: float | None = None, semantic: PairSemantics | None = None,
) -> Pair | None:
    """Align, classify and gather the evidence of one pair; None when unrelated.

    The sentence tables may be None for an ``exact`` pair, which needs no alignment.
    With ``semantic``, a pair the words leave unrelated or same-story is aligned again
    with sentence vectors and classified with that evidence (see :mod:`copytrace.classify`);
    any other verdict stands as the words gave it.
    """
    outlet, other = a.article.outlet, b.article.outlet
    one_outlet = outlet is not None and outlet == other
    two_outlets = outlet is not None and other is not None and outlet != other
    if exact:  # the same word sequence: one verbatim passage, nothing to align
        if no_copy(days_apart, one_outlet, (ta, tb) if ta is not None and tb is not None else None):
            return None
        whole = Passage(a=(0, len(a.text)), b=(0, len(b.text)), kind="verbatim", similarity=1.0)
        return Pair(a=a.id, b=b.id, relation="duplicate", score=1.0, coverage={"a": 1.0, "b": 1.0},
                    passages=[whole], changes=[])
    al = align(ta, tb)
    # The misspelt-copy rule reads the substitutions of every aligned sentence not kept
    # word for word (a garbled copy's sentences may be too garbled to count as edited);
    # each sentence pair is diffed once, for the rule and for the changes listed.
    diffs: dict[int, list[tuple[str, str]]] = {}

    def changes() -> Iterator[tuple[str, str]]:
        return itertools.chain.from_iterable(_sentence_changes(al, a, b, ta, tb, diffs, edited_only=False))

    verdict = classify(al, exact=exact, rare_jaccard=rare_jaccard, days_apart=days_apart, one_outlet=one_outlet,
                       two_outlets=two_outlets, changes=changes)
    if semantic is not None and (verdict is None or verdict[0] == "same_story"):
        cal = semantic.calibration
        if needs_sentence_vectors(al, days_apart):
            al = align(ta, tb, vectors=semantic.sentence_vectors(), paraphrase=cal.paraphrase)
        verdict = classify(al, exact=exact, rare_jaccard=rare_jaccard, days_apart=days_apart, one_outlet=one_outlet,
                           two_outlets=two_outlets, article_cosine=semantic.cosine, story_cosine=cal.story, changes=changes)
    if (verdict is None or verdict[0] == "same_story") and _languages_differ(a, b):
        across = align_across(a, b)
        translated = translation(across)
        if translated is not None:
            return _pair(a, b, translated, {"a": across.coverage_a, "b": across.coverage_b}, across.passages(), [])
    if verdict is None:
        return None
    listed = _changes(al, a, b, ta, tb, diffs) if verdict[0] in CHANGE_RELATIONS else []
    if verdict[0] != "partial":
        return _pair(a, b, verdict, {"a": al.coverage_a, "b": al.coverage_b}, passages(al, ta, tb), listed)
    # A partial copy's coverage is what its passages hold: the sentences aligned beside
    # them share a topic's words, not reused prose. Direction still weighs the alignment
    # (``Pair.aligned``).
    found = partial_passages(al, ta, tb, days_apart=days_apart)
    cover_a, cover_b = passage_cover(found, ta, tb)
    return _pair(a, b, verdict, {"a": cover_a, "b": cover_b}, found, listed,
                 aligned=(al.coverage_a, al.coverage_b))


def _languages_differ(a: CleanArticle, b: CleanArticle) -> bool:
    """Both languages known, and not one (by primary subtag: "en-GB" is "en")."""
    language_a, language_b = normalise_language(a.article.language), normalise_language(b.article.language)
    return language_a is not None and language_b is not None and language_a != language_b


def _pair(a: CleanArticle, b: CleanArticle, verdict: tuple[str, float], coverage: dict[str, float],
          found: list[Passage], changes: list, aligned: tuple[float, float] | None = None) -> Pair:
    return Pair(a=a.id, b=b.id, relation=verdict[0], score=verdict[1], coverage=coverage, passages=found,
                changes=changes, passage_start=_passage_start(found, a, b), aligned=aligned)


def _passage_start(found: list[Passage], a: CleanArticle, b: CleanArticle) -> tuple[float, float] | None:
    """Where the first passage begins in each text, as a share of the text's length."""
    if not found or not a.text or not b.text:
        return None
    return min(p.a[0] for p in found) / len(a.text), min(p.b[0] for p in found) / len(b.text)


def _sentence_changes(al: Alignment, a: CleanArticle, b: CleanArticle, ta: SentenceTable, tb: SentenceTable,
                      diffs: dict[int, list[tuple[str, str]]], *, edited_only: bool = True
                      ) -> Iterator[list[tuple[str, str]]]:
    """The word substitutions of the first ``CHANGE_SENTENCES`` edited sentence pairs (or
    aligned pairs not kept word for word), pair by pair in text order; each pair's are
    kept in ``diffs`` (by its place among the aligned pairs) for the next reader."""
    changed = ~al.verbatim & (al.similarity >= EDITED_THRESHOLD) if edited_only else ~al.verbatim
    for k in np.flatnonzero(changed)[:CHANGE_SENTENCES].tolist():
        found = diffs.get(k)
        if found is None:
            i, j = al.pairs[k]
            found = diffs[k] = substitutions(a.text[ta.spans[i, 0] : ta.spans[i, 1]],
                                             b.text[tb.spans[j, 0] : tb.spans[j, 1]])
        yield found


def _changes(al: Alignment, a: CleanArticle, b: CleanArticle, ta: SentenceTable, tb: SentenceTable,
             diffs: dict[int, list[tuple[str, str]]]) -> list:
    """The word substitutions listed for a pair: those of its edited sentence pairs
    (:func:`_sentence_changes`), most frequent first, up to ``MAX_CHANGES``."""
    seen: dict[tuple[str, str], int] = {}
    for found in _sentence_changes(al, a, b, ta, tb, diffs):
        for change in found:
            seen[change] = seen.get(change, 0) + 1
        if len(seen) >= MAX_CHANGES:
            break
    return sorted(seen, key=lambda c: -seen[c])[:MAX_CHANGES]


def _stories(ids: list, pairs: list[Pair], evidence: dict[str, ArticleEvidence]) -> list[Story]:
    groups = group_stories(ids, [(p.a, p.b) for p in pairs])
    story_of = {m: k for k, members in enumerate(groups) for m in members}
    by_story: list[list[Pair]] = [[] for _ in groups]
    for p in pairs:
        by_story[story_of[p.a]].append(p)
    out = []
    for k, (members, story_pairs) in enumerate(zip(groups, by_story)):
        weight = centrality(members, story_pairs)
        orient(story_pairs, evidence, weight)
        out.append(build_story(f"story-{k + 1:05d}", members, story_pairs, evidence, weight))
    return out


@dataclass(slots=True)
class Comparison:
    """The result of comparing two articles: the pair (None if unrelated) and both
    cleaned articles, whose texts the pair's passage offsets refer to."""

    pair: Pair | None
    a: CleanArticle
    b: CleanArticle


def compare(a: Article, b: Article, *, semantic: str | Encoder | None = "off") -> Comparison:
    """Compare two articles directly (no blocking): relation, direction and evidence.

    ``semantic`` as for :func:`scan_articles`: with an encoder, two articles the words
    leave unrelated or same-story are aligned again with sentence vectors.
    """
    encoder = resolve(semantic)
    cleaner = Cleaner()
    ca, cb = cleaner.clean(a), cleaner.clean(b)
    set_languages([ca, cb])
    sketcher = Sketcher()
    sk = sketcher.sketch([ca.text, cb.text])
    ta, tb = build_tables([ca, cb], sketcher)
    gap = days_apart(timestamp(a.published), timestamp(b.published))
    extra = None
    if encoder is not None:
        va, vb = article_vectors(encoder, [ca.text, cb.text])
        cos = float(va @ vb)
        if cos >= encoder.calibration.neighbour and _reads_both(encoder, ca, cb):  # the gates scan applies too
            extra = PairSemantics(cos, encoder.calibration, lambda: tuple(sentence_vectors(encoder, [ca, cb])))
    pair = compare_prepared(ca, cb, ta, tb, **sk.evidence(0, 1), days_apart=gap, semantic=extra)
    if pair is not None:
        evidence = {
            ca.id: ArticleEvidence.of(a, ca.text, ca.removed, int(sk.n_words[0])),
            cb.id: ArticleEvidence.of(b, cb.text, cb.removed, int(sk.n_words[1])),
        }
        orient([pair], evidence, {ca.id: 0.0, cb.id: 0.0})
    return Comparison(pair, ca, cb)
