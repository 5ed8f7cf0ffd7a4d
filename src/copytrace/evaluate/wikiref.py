"""WikiRef220: independently written articles about the same events, so every pair
reported as reuse is a false positive. Reported: the share of within-topic pairs (the
hard negatives: same event, same names, no copying) reported with a reuse relation
(anything but ``same_story``), and how many reuse pairs cross topics.
"""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

from .. import pipeline
from .base import REUSE, EvalResult, Metric, data_root, dataset_dir, semantic_options
from .datasets import wikiref, wikiref_topic
from .scores import ratio

FOLDER = "wikiref220"
TARGET = 0.01


def run(data_dir: str | Path | None = None, *, semantic: str = "off") -> EvalResult:
    """Scan the 220 articles together; count reuse pairs within and across topics."""
    started = time.perf_counter()
    folder = dataset_dir(data_root(data_dir), "wikiref", FOLDER, ("docs",))
    articles = list(wikiref(folder))
    result = pipeline.scan_articles(articles, **semantic_options(semantic))
    sizes = Counter(wikiref_topic(a.id) for a in articles)
    within = sum(n * (n - 1) // 2 for n in sizes.values())
    reuse = [p for p in result.pairs if p.relation in REUSE]
    inside = [p for p in reuse if wikiref_topic(p.a) == wikiref_topic(p.b)]
    same_story = sum(p.relation == "same_story" and wikiref_topic(p.a) == wikiref_topic(p.b) for p in result.pairs)
    metrics = [
        Metric(f"false reuse rate, within-topic pairs ({within:,})", ratio(len(inside), within), ("<=", TARGET)),
        Metric("within-topic pairs reported as reuse", len(inside)),
        Metric("cross-topic pairs reported as reuse", len(reuse) - len(inside)),
        Metric("within-topic pairs reported as same_story", same_story),
    ]
    wrong = [f"{p.a} ~ {p.b}: {p.relation} (coverage {p.coverage['a']:.2f}/{p.coverage['b']:.2f})" for p in reuse]
    details = {"articles": len(articles), "topics": dict(sizes), "within_topic_pairs": within, "reuse_pairs": wrong,
               "relations": dict(Counter(p.relation for p in result.pairs))}
    return EvalResult("wikiref", metrics, details, [f"reported as reuse: {w}" for w in wrong[:10]],
                      time.perf_counter() - started)
