"""Reuters-21578 + BBC News: the natural duplicates of real newswire, found by a
reference computation independent of copytrace and then looked up in one
``copytrace scan`` of both collections (with its default time window).

- Exact duplicates: texts equal after lowercasing and keeping only word characters
  (``\\w+`` runs joined by one space), as the data README counts them. Every pair
  inside a group must be reported (any relation): recall must be 1.0.
- Near duplicates: pairs whose sets of word 5-grams (same normalisation) have a
  Jaccard similarity of at least 0.9, found exactly by prefix filtering (Chaudhuri et
  al. 2006): with the 5-grams of every text ordered rarest first, two sets with
  Jaccard >= t share a 5-gram among the first ``|x| - ceil(t * |x|) + 1`` of each.
"""

from __future__ import annotations

import math
import re
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from itertools import combinations
from pathlib import Path

from .. import pipeline
from ..records import Article
from .base import EvalResult, Metric, data_root, dataset_dir, semantic_options
from .datasets import bbc, reuters
from .scores import ratio

NEAR_JACCARD = 0.9
SHINGLE = 5
_WORD = re.compile(r"\w+")


def normalised_words(text: str) -> list[str]:
    """Lower-cased word-character runs: punctuation and spacing do not count."""
    return _WORD.findall(text.lower())


def exact_pairs(articles: Sequence[Article]) -> set[tuple[str, str]]:
    """Pairs of articles whose normalised word sequences are equal (empty texts excluded)."""
    groups: dict[str, list[str]] = defaultdict(list)
    for a in articles:
        key = " ".join(normalised_words(a.text))
        if key:
            groups[key].append(a.id)
    return {tuple(sorted(p)) for ids in groups.values() for p in combinations(ids, 2)}


def near_pairs(articles: Sequence[Article], threshold: float = NEAR_JACCARD,
               shingle: int = SHINGLE) -> dict[tuple[str, str], float]:
    """All pairs with word-shingle Jaccard >= ``threshold``, exactly, with their Jaccard."""
    sets: list[frozenset[int]] = []
    ids: list[str] = []
    for a in articles:
        words = normalised_words(a.text)
        grams = frozenset(hash(tuple(words[i : i + shingle])) for i in range(len(words) - shingle + 1))
        if grams:
            sets.append(grams)
            ids.append(a.id)
    df = Counter(g for s in sets for g in s)
    index: dict[int, list[int]] = defaultdict(list)
    for k, s in enumerate(sets):
        prefix = len(s) - math.ceil(threshold * len(s)) + 1
        for g in sorted(s, key=lambda g: (df[g], g))[:prefix]:
            index[g].append(k)
    candidates = {(i, j) for members in index.values() for i, j in combinations(members, 2)}
    out = {}
    for i, j in candidates:
        small, large = sorted((len(sets[i]), len(sets[j])))
        if small < threshold * large:
            continue
        jac = len(sets[i] & sets[j]) / len(sets[i] | sets[j])
        if jac >= threshold:
            out[tuple(sorted((ids[i], ids[j])))] = jac
    return out


def run(data_dir: str | Path | None = None, *, semantic: str = "off") -> EvalResult:
    """Scan Reuters and BBC together; recall of the exact and of the near duplicates."""
    started = time.perf_counter()
    root = data_root(data_dir)
    folders = (dataset_dir(root, "reuters-bbc", "reuters-21578"), dataset_dir(root, "reuters-bbc", "bbc-news-2225"))
    articles = [*reuters(folders[0]), *bbc(folders[1])]
    exact, near = exact_pairs(articles), near_pairs(articles)
    result = pipeline.scan_articles(articles, **semantic_options(semantic))
    found = {tuple(sorted((p.a, p.b))): p.relation for p in result.pairs}

    def recall(truth) -> tuple[float | None, int, Counter]:
        hits = [k for k in truth if k in found]
        return ratio(len(hits), len(truth)), len(hits), Counter(found[k] for k in hits)

    r_exact, n_exact, rel_exact = recall(exact)
    r_near, n_near, rel_near = recall(near)
    r_bbc = recall({k for k in near if k[0].startswith("bbc-")})[0]
    metrics = [
        Metric(f"exact-duplicate pairs found ({len(exact)})", r_exact, (">=", 1.0)),
        Metric("  ... reported as duplicate", ratio(rel_exact["duplicate"], len(exact))),
        Metric(f"near-duplicate pairs found, 5-gram Jaccard >= {NEAR_JACCARD} ({len(near)})", r_near),
        Metric("  ... of them BBC", r_bbc),
        Metric("articles", len(articles)),
        Metric("pairs reported", len(result.pairs)),
    ]
    missed = sorted(k for k in near if k not in found)
    notes = [f"exact: found {n_exact} of {len(exact)}, as " + ", ".join(f"{k} {v}" for k, v in sorted(rel_exact.items())),
             f"near: found {n_near} of {len(near)}, as " + ", ".join(f"{k} {v}" for k, v in sorted(rel_near.items()))]
    notes += [f"near duplicate missed: {a} ~ {b} (Jaccard {near[(a, b)]:.3f})" for a, b in missed[:5]]
    details = {"exact_pairs": len(exact), "near_pairs": len(near), "missed_exact": sorted(k for k in exact if k not in found),
               "missed_near": [[a, b, near[(a, b)]] for a, b in missed], "relations": dict(Counter(found.values()))}
    return EvalResult("reuters-bbc", metrics, details, notes, time.perf_counter() - started)
