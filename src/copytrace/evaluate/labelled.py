"""A user's own labelled data: a corpus (any input ``copytrace scan`` reads) and a JSONL
file of labels, one object a line, of either kind (both may be mixed):

- a pair: ``{"a": ID, "b": ID, "relation": R}`` with R one of copytrace's relations or
  ``"none"`` (not related). Scored: precision, recall and F1 of each relation over the
  labelled pairs (a labelled pair copytrace does not report counts as ``none``), and of
  "reuse or not" (any relation but ``same_story`` and ``none`` is reuse). Pairs copytrace
  reports that are not labelled are counted, not scored.
- a cluster membership: ``{"id": ID, "cluster": C}``. Scored: the adjusted Rand index
  of copytrace's stories (an article in no story is its own cluster) against the
  labelled clusters, over the labelled articles.

A malformed line, an unknown relation or an id not in the corpus is skipped with one
line naming the file and line.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

from .. import pipeline
from ..ingest import read_inputs
from ..records import RELATIONS, Problem
from .base import REUSE, EvalInputError, EvalResult, Metric, semantic_options
from .scores import adjusted_rand_index, binary_scores, per_label_scores

LABELS = (*RELATIONS, "none")


def read_labels(path: Path, known: set[str]) -> tuple[list[tuple[str, str, str]], dict[str, str], list[str]]:
    """``(pairs, clusters, skipped)`` from a labels JSONL file."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalInputError(f"{path}: cannot read labels: {exc}") from None
    pairs, clusters, skipped = [], {}, []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            skipped.append(f"{where}: not JSON ({exc.msg})")
            continue
        if not isinstance(rec, dict):
            skipped.append(f"{where}: not a JSON object")
        elif {"a", "b", "relation"} <= rec.keys():
            a, b, rel = str(rec["a"]), str(rec["b"]), rec["relation"]
            if rel not in LABELS:
                skipped.append(f"{where}: relation {rel!r} is not one of {', '.join(LABELS)}")
            elif a == b or not {a, b} <= known:
                skipped.append(f"{where}: " + (f"a pair of {a} with itself" if a == b else
                                               f"id not in the corpus: {', '.join(sorted({a, b} - known))}"))
            else:
                pairs.append((a, b, rel))
        elif {"id", "cluster"} <= rec.keys():
            if str(rec["id"]) not in known:
                skipped.append(f"{where}: id not in the corpus: {rec['id']}")
            else:
                clusters[str(rec["id"])] = str(rec["cluster"])
        else:
            skipped.append(f"{where}: expected {{\"a\", \"b\", \"relation\"}} or {{\"id\", \"cluster\"}}")
    return pairs, clusters, skipped


def run(data_dir: str | Path | None = None, *, semantic: str = "off", corpus: str | Path | None = None,
        labels: str | Path | None = None, on_skip: Callable[[str], None] | None = None) -> EvalResult:
    """Scan ``corpus`` and score the result against ``labels``."""
    if corpus is None or labels is None:
        raise EvalInputError("labelled: give --corpus ARTICLES and --labels LABELS.jsonl")
    started = time.perf_counter()
    articles, skipped = [], []
    for item in read_inputs([corpus]):
        if isinstance(item, Problem):
            if item.skipped:
                skipped.append(str(item))
        else:
            articles.append(item)
    if not articles:
        raise EvalInputError(f"{corpus}: no articles read")
    pairs, clusters, bad = read_labels(Path(labels), {a.id for a in articles})
    skipped += bad
    for line in skipped:
        if on_skip is not None:
            on_skip(line)
    if not pairs and not clusters:
        raise EvalInputError(f"{labels}: no usable label")
    result = pipeline.scan_articles(articles, **semantic_options(semantic))
    metrics, details = _score_pairs(pairs, result.pairs) if pairs else ([], {})
    if clusters:
        story_of = {m: s.story for s in result.stories for m in s.members}
        ids = sorted(clusters)
        ari = adjusted_rand_index([clusters[i] for i in ids], [story_of.get(i, i) for i in ids])
        metrics.append(Metric(f"adjusted Rand index, clusters ({len(ids)} articles)", ari))
        details["ari"] = ari
    notes = [f"{len(articles)} articles, {len(pairs)} labelled pairs, {len(clusters)} cluster labels"]
    return EvalResult("labelled", metrics, details, notes, time.perf_counter() - started, skipped)


def _score_pairs(pairs: list[tuple[str, str, str]], found: list) -> tuple[list[Metric], dict]:
    reported = {frozenset((p.a, p.b)): p.relation for p in found}
    gold = [rel for _, _, rel in pairs]
    predicted = [reported.get(frozenset((a, b)), "none") for a, b, _ in pairs]
    labels = [r for r in LABELS if r in gold or r in predicted]
    per = per_label_scores(gold, predicted, labels)
    reuse = binary_scores([p in REUSE for p in predicted], [g in REUSE for g in gold])
    metrics = [Metric("reuse or not: precision", reuse["precision"]), Metric("reuse or not: recall", reuse["recall"]),
               Metric("reuse or not: F1", reuse["f1"]),
               Metric("relation accuracy", sum(g == p for g, p in zip(gold, predicted)) / len(gold))]
    for label in labels:
        row = per[label]
        metrics += [Metric(f"{label} ({row['support']}): precision", row["precision"]),
                    Metric(f"{label}: recall", row["recall"])]
    labelled = {frozenset((a, b)) for a, b, _ in pairs}
    metrics.append(Metric("reported pairs not labelled", sum(k not in labelled for k in reported)))
    return metrics, {"per_relation": per, "reuse": reuse}
