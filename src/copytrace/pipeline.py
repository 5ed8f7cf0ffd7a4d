"""The whole pipeline: ingest -> clean -> sketch -> candidates -> align -> classify ->
cluster -> provenance, in one process, batch by batch.

``scan`` runs it over input paths, ``scan_articles`` over Article records, and
``compare`` over two articles without blocking. With ``semantic`` other than "off"
(the optional extra), article vectors add nearest-neighbour candidates, and pairs the
words leave unrelated or only same-story are aligned again with sentence vectors.
"""

from __future__ import annotations

import functools
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from tqdm import tqdm

from .align import EDITED_THRESHOLD, Alignment, SentenceTable, align, build_tables, passages, substitutions
from .candidates import find_candidates
from .classify import classify, needs_sentence_vectors, reused_sentences
from .clean import Cleaner
from .cluster import stories as group_stories
from .ingest import read_inputs
from .parallel import default_workers, map_chunks
from .provenance import ArticleEvidence, build_story, centrality, days_apart, orient, timestamp
from .records import Article, CleanArticle, Pair, Passage, Problem, Story, article_record
from .semantic import Calibration, Encoder, article_vectors, corpus_calibration, resolve, sentence_vectors
from .sketch import Sketcher, Sketches, tokenize

SKETCH_BATCH = 2000
ALIGN_BATCH = 8000
CLEAN_BATCH = 5000
COMMON_WORD_SAMPLE = 20000
MAX_CHANGES = 20
#: Relations whose evidence includes word substitutions (copies edited word by word).
CHANGE_RELATIONS = frozenset({"near_copy", "spun", "partial"})
CHANGE_SENTENCES = 8


@dataclass(slots=True)
class ScanResult:
    """Everything a scan found, as the output contract's records."""

    articles: list[dict]
    pairs: list[Pair]
    stories: list[Story]
    problems: list[Problem] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def skipped(self) -> int:
        return sum(p.skipped for p in self.problems)

    def counts(self) -> dict:
        by_relation: dict[str, int] = {}
        for p in self.pairs:
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
    def __init__(self) -> None:
        self.timings: dict[str, float] = {}
        self._t = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.timings[stage] = round(self.timings.get(stage, 0.0) + now - self._t, 3)
        self._t = now


def _bar(total: int | None, desc: str, quiet: bool):
    # disable=None: no bar when stderr is not a terminal (logs stay clean).
    return tqdm(total=total, desc=desc, unit="art", disable=True if quiet else None, file=sys.stderr,
                leave=False, mininterval=0.5)


def scan(
    inputs: Sequence[str | Path],
    *,
    id_field: str = "id",
    text_field: str = "text",
    max_chars: int = 5_000_000,
    quiet: bool = True,
    on_problem: Callable[[Problem], None] | None = None,
    **options,
) -> ScanResult:
    """Find the reused articles among the inputs.

    Args:
        inputs: files or folders (.txt, .jsonl, .csv, .parquet, .html, .warc).
        id_field: name of the id column in JSONL/CSV/Parquet.
        text_field: name of the text column.
        max_chars: longer articles are skipped (with a problem record).
        quiet: no progress bar on stderr.
        on_problem: called with each bad record as soon as it is read.
        **options: passed to :func:`scan_articles`.

    Returns:
        The :class:`ScanResult`.
    """
    clock = _Clock()
    articles: list[Article] = []
    problems: list[Problem] = []
    with _bar(None, "reading", quiet) as bar:
        for item in read_inputs(inputs, id_field=id_field, text_field=text_field, max_chars=max_chars):
            if isinstance(item, Problem):
                problems.append(item)
                if on_problem is not None:
                    on_problem(item)
            else:
                articles.append(item)
                bar.update()
    clock.lap("ingest")
    result = scan_articles(articles, quiet=quiet, **options)
    result.problems = problems + result.problems
    result.timings = {**clock.timings, **result.timings}
    return result


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
    workers = default_workers() if workers is None else max(1, workers)
    cleaned: list[CleanArticle] = []
    with _bar(len(articles), "cleaning", quiet) as bar:
        state = {"cleaner": cleaner, "articles": articles}
        for size, part in map_chunks(_clean_chunk, len(articles), state=state, chunk=CLEAN_BATCH, workers=workers):
            cleaned.extend(part)
            bar.update(size)
    clock.lap("clean")

    sketcher = Sketcher()
    sketches = _sketch_all(cleaned, sketcher, quiet, workers)
    clock.lap("sketch")

    vectors = calibration = None
    if encoder is not None:
        vectors = article_vectors(encoder, [c.text for c in cleaned])
        calibration = corpus_calibration(encoder, vectors)
        clock.lap("embed")

    published = np.array([timestamp(c.article.published) or np.nan for c in cleaned], dtype=np.float64)
    semantic_options = {} if encoder is None else {
        "vectors": vectors, "semantic_cosine": calibration.neighbour}
    cands = find_candidates(sketches, published=published, window_days=window_days, **semantic_options)
    clock.lap("candidates")

    pairs = _detect(cleaned, sketches, cands.pairs, sketcher, quiet, workers, published,
                    _SemanticState.make(encoder, vectors, calibration))
    clock.lap("align")

    n_words = sketches.n_words.tolist()
    paired = {p.a for p in pairs} | {p.b for p in pairs}
    evidence = {
        c.id: ArticleEvidence.of(c.article, c.text, c.removed, n)
        for c, n in zip(cleaned, n_words)
        if c.id in paired
    }
    stories = _stories(cleaned, pairs, evidence)
    clock.lap("provenance")
    records = [article_record(c, n) for c, n in zip(cleaned, n_words)]
    texts = {c.id: c.text for c in cleaned}
    return ScanResult(records, pairs, stories, [], texts, clock.timings)


def _sketch_all(cleaned: list[CleanArticle], sketcher: Sketcher, quiet: bool, workers: int = 1) -> Sketches:
    """Sketch in batches on ``workers`` processes, after learning the corpus's common
    words and word weights from a sample (every batch must use the same word list).

    The sample is spread evenly over the corpus, not its first texts: inputs often come
    ordered by source or date, and weights learned from one source's words would make
    every word of the others look rare.
    """
    texts = [c.text for c in cleaned]
    picks = sample_indices(len(texts), COMMON_WORD_SAMPLE)
    state = {"texts": texts, "picks": picks, "sketcher": sketcher}
    words, counts = [np.zeros(0, dtype=np.uint64)], [np.zeros(0, dtype=np.int64)]
    for _, (w, df) in map_chunks(_frequency_chunk, len(picks), state=state, chunk=SKETCH_BATCH, workers=workers):
        words.append(w)
        counts.append(df)
    sketcher.learn_frequencies(np.concatenate(words), np.concatenate(counts), len(picks))
    parts = []
    with _bar(len(texts), "sketching", quiet) as bar:
        for size, part in map_chunks(_sketch_chunk, len(texts), state=state, chunk=SKETCH_BATCH, workers=workers):
            parts.append(part)
            bar.update(size)
    return Sketches.concat(parts) if parts else sketcher.sketch([], first=0)


def sample_indices(n: int, k: int) -> np.ndarray:
    """``min(n, k)`` indices spread evenly over ``range(n)``, first and last included."""
    if n <= k:
        return np.arange(n, dtype=np.int64)
    return np.unique(np.linspace(0, n - 1, k).round().astype(np.int64))


def _frequency_chunk(lo: int, hi: int, state: dict) -> tuple[np.ndarray, np.ndarray]:
    texts = state["texts"]
    return state["sketcher"].document_frequencies(tokenize([texts[i] for i in state["picks"][lo:hi].tolist()]))


def _sketch_chunk(lo: int, hi: int, state: dict) -> Sketches:
    return state["sketcher"].sketch(state["texts"][lo:hi], first=lo)


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

    def sentence_vectors(self, cleaned: list[CleanArticle], i: int) -> np.ndarray:
        if i not in self.sentences:
            if not self.encoder.fork_safe:
                raise _Deferred
            self.sentences[i] = sentence_vectors(self.encoder, [cleaned[i]])[0]
        return self.sentences[i]

    def prepare(self, cleaned: list[CleanArticle], pairs: np.ndarray) -> None:
        """Sentence vectors of every article of ``pairs``, in one call of the encoder."""
        need = [i for i in np.unique(pairs).tolist() if i not in self.sentences]
        self.sentences.update(zip(need, sentence_vectors(self.encoder, [cleaned[i] for i in need])))

    def cosines(self, cand: np.ndarray) -> np.ndarray:
        if len(cand) == 0:
            return np.zeros(0, dtype=np.float32)
        return np.einsum("ij,ij->i", self.vectors[cand[:, 0]], self.vectors[cand[:, 1]])


def _detect(
    cleaned: list[CleanArticle], sketches: Sketches, cand: np.ndarray, sketcher: Sketcher, quiet: bool,
    workers: int = 1, published: np.ndarray | None = None, semantic: _SemanticState | None = None,
) -> list[Pair]:
    """Align and classify candidate pairs, chunk by chunk, on ``workers`` processes."""
    if len(cand) == 0:
        return []
    cand = cand[np.lexsort((cand[:, 1], cand[:, 0]))]
    if published is None:
        published = np.full(len(cleaned), np.nan)
    state = {"cleaned": cleaned, "sketches": sketches, "cand": cand, "sketcher": sketcher, "published": published,
             "semantic": semantic}
    found: list[Pair] = []
    deferred: list[tuple[int, int]] = []
    with _bar(len(cand), "aligning", quiet) as bar:
        for size, (pairs, later) in map_chunks(_detect_chunk, len(cand), state=state, chunk=ALIGN_BATCH,
                                               workers=workers):
            found.extend(pairs)
            deferred.extend(later)
            bar.update(size)
    if deferred and semantic is not None:
        state["cand"] = np.array(deferred, dtype=np.int64)
        semantic.prepare(cleaned, state["cand"])
        for _, (pairs, _) in map_chunks(_detect_chunk, len(deferred), state=state, chunk=ALIGN_BATCH,
                                        workers=workers):
            found.extend(pairs)
    return found


def _detect_chunk(lo: int, hi: int, state: dict) -> tuple[list[Pair], list[tuple[int, int]]]:
    """Pairs found among candidates ``lo:hi`` (sentence tables built once per chunk, and
    only for articles in pairs that need aligning), and the candidates deferred until
    their sentence vectors are computed (see :class:`_SemanticState`)."""
    cleaned, sk, sketcher = state["cleaned"], state["sketches"], state["sketcher"]
    chunk = state["cand"][lo:hi]
    exact = (sk.exact[chunk[:, 0]] == sk.exact[chunk[:, 1]]) & (sk.n_words[chunk[:, 0]] > 0)
    need = np.unique(chunk[~exact]).tolist()
    tables = dict(zip(need, build_tables([cleaned[i] for i in need], sketcher)))
    found, deferred = [], []
    published = state["published"].tolist()
    sem: _SemanticState | None = state["semantic"]
    cosines = sem.cosines(chunk).tolist() if sem is not None else [None] * len(chunk)
    for (i, j), cos in zip(chunk.tolist(), cosines):
        extra = None
        if sem is not None and cos >= sem.calibration.neighbour:
            extra = PairSemantics(cos, sem.calibration, functools.partial(_pair_sentences, sem, cleaned, i, j))
        try:
            pair = compare_prepared(cleaned[i], cleaned[j], tables.get(i), tables.get(j), **sk.evidence(i, j),
                                    days_apart=days_apart(published[i], published[j]), semantic=extra)
        except _Deferred:
            deferred.append((i, j))
            continue
        if pair is not None:
            found.append(pair)
    return found, deferred


def _pair_sentences(sem: _SemanticState, cleaned: list[CleanArticle], i: int, j: int):
    return sem.sentence_vectors(cleaned, i), sem.sentence_vectors(cleaned, j)


def _clean_chunk(lo: int, hi: int, state: dict) -> list[CleanArticle]:
    cleaner, articles = state["cleaner"], state["articles"]
    return [cleaner.clean(a) for a in articles[lo:hi]]


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
    if exact:  # the same word sequence: one verbatim passage, nothing to align
        whole = Passage(a=(0, len(a.text)), b=(0, len(b.text)), kind="verbatim", similarity=1.0)
        return Pair(a=a.id, b=b.id, relation="duplicate", score=1.0, coverage={"a": 1.0, "b": 1.0},
                    passages=[whole], changes=[])
    al = align(ta, tb)
    verdict = classify(al, exact=exact, rare_jaccard=rare_jaccard, days_apart=days_apart)
    if semantic is not None and (verdict is None or verdict[0] == "same_story"):
        cal = semantic.calibration
        if needs_sentence_vectors(al):
            al = align(ta, tb, vectors=semantic.sentence_vectors(), paraphrase=cal.paraphrase)
        verdict = classify(al, exact=exact, rare_jaccard=rare_jaccard, days_apart=days_apart,
                           article_cosine=semantic.cosine, story_cosine=cal.story)
    if verdict is None:
        return None
    relation, score = verdict
    return Pair(
        a=a.id,
        b=b.id,
        relation=relation,
        score=score,
        coverage={"a": al.coverage_a, "b": al.coverage_b},
        passages=passages(al, ta, tb, keep=reused_sentences(al) if relation == "partial" else None),
        changes=_changes(al, a, b, ta, tb) if relation in CHANGE_RELATIONS else [],
    )


def _changes(al: Alignment, a: CleanArticle, b: CleanArticle, ta: SentenceTable, tb: SentenceTable) -> list:
    """Word substitutions in the edited sentence pairs, most frequent first."""
    seen: dict[tuple[str, str], int] = {}
    edited = np.flatnonzero(~al.verbatim & (al.similarity >= EDITED_THRESHOLD))
    for k in edited[:CHANGE_SENTENCES].tolist():
        i, j = al.pairs[k]
        sa, sb = a.text[ta.spans[i, 0] : ta.spans[i, 1]], b.text[tb.spans[j, 0] : tb.spans[j, 1]]
        for change in substitutions(sa, sb):
            seen[change] = seen.get(change, 0) + 1
        if len(seen) >= MAX_CHANGES:
            break
    return sorted(seen, key=lambda c: -seen[c])[:MAX_CHANGES]


def _stories(cleaned: list[CleanArticle], pairs: list[Pair], evidence: dict[str, ArticleEvidence]) -> list[Story]:
    ids = [c.id for c in cleaned]
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
    sketcher = Sketcher()
    sk = sketcher.sketch([ca.text, cb.text])
    ta, tb = build_tables([ca, cb], sketcher)
    gap = days_apart(timestamp(a.published), timestamp(b.published))
    extra = None
    if encoder is not None:
        va, vb = article_vectors(encoder, [ca.text, cb.text])
        cos = float(va @ vb)
        if cos >= encoder.calibration.neighbour:  # the gate scan applies too
            extra = PairSemantics(cos, encoder.calibration, lambda: tuple(sentence_vectors(encoder, [ca, cb])))
    pair = compare_prepared(ca, cb, ta, tb, **sk.evidence(0, 1), days_apart=gap, semantic=extra)
    if pair is not None:
        evidence = {
            ca.id: ArticleEvidence.of(a, ca.text, ca.removed, int(sk.n_words[0])),
            cb.id: ArticleEvidence.of(b, cb.text, cb.removed, int(sk.n_words[1])),
        }
        orient([pair], evidence, {ca.id: 0.0, cb.id: 0.0})
    return Comparison(pair, ca, cb)
