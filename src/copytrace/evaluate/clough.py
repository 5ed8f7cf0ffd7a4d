"""Clough & Stevenson's corpus of plagiarised short answers: each of the 95 answers
compared with the Wikipedia article it was written from, and the relation copytrace
reports held against the graded level the writer was told to use.

A level is met when the reported relation is one that level allows: ``cut`` (copy and
paste from the source) -> duplicate, near_copy or partial; ``light`` (light revision)
-> near_copy, spun or rewrite; ``heavy`` (heavy revision) -> rewrite; ``non`` (written
from other material after reading about the topic) -> no reuse (no relation, or
same_story).
"""

from __future__ import annotations

import csv
import time
from pathlib import Path

from .. import pipeline
from ..records import Article
from .base import (
    EvalInputError,
    EvalResult,
    Metric,
    data_root,
    dataset_dir,
    read_text,
    semantic_options,
    unwrap,
)
from .scores import confusion_matrix, ratio

FOLDER = "clough-stevenson-wikipedia-rewrite"
LEVELS = ("cut", "light", "heavy", "non")
ALLOWED = {
    "cut": {"duplicate", "near_copy", "partial"},
    "light": {"near_copy", "spun", "rewrite"},
    "heavy": {"rewrite"},
    "non": {"none", "same_story"},
}
TARGET = 0.80


def load(folder: Path) -> list[tuple[str, str, Article, Article]]:
    """``(file, level, answer, source)`` for every graded answer in ``file_information.csv``."""
    index = folder / "file_information.csv"
    out = []
    sources: dict[str, Article] = {}
    for n, row in enumerate(csv.DictReader(read_text(index).splitlines()), 2):
        name, task, level = row.get("File"), row.get("Task"), row.get("Category")
        if not name or not task or level not in (*LEVELS, "orig"):
            raise EvalInputError(f"{index}:{n}: expected File, Task and a Category in {', '.join(LEVELS)}, orig")
        if level == "orig":
            continue
        if task not in sources:
            src = folder / f"orig_task{task}.txt"
            sources[task] = Article(src.stem, unwrap(read_text(src)), source=str(src))
        path = folder / name
        out.append((name, level, Article(path.stem, unwrap(read_text(path)), source=str(path)), sources[task]))
    return out


def run(data_dir: str | Path | None = None, *, semantic: str = "off") -> EvalResult:
    """Compare every answer with its source; confusion matrix and 4-level accuracy."""
    started = time.perf_counter()
    folder = dataset_dir(data_root(data_dir), "clough", FOLDER, ("file_information.csv",))
    options = semantic_options(semantic)
    gold, got, wrong = [], [], []
    for name, level, answer, source in load(folder):
        pair = pipeline.compare(answer, source, **options).pair
        relation = pair.relation if pair is not None else "none"
        gold.append(level)
        got.append(relation)
        if relation not in ALLOWED[level]:
            wrong.append(f"{name} ({level}): {relation}")
    correct = sum(r in ALLOWED[g] for g, r in zip(gold, got))
    metrics = [Metric("4-level accuracy", ratio(correct, len(gold)), (">=", TARGET))]
    for level in LEVELS:
        hits = [r in ALLOWED[level] for g, r in zip(gold, got) if g == level]
        metrics.append(Metric(f"  accuracy on {level} ({len(hits)})", ratio(sum(hits), len(hits))))
    confusion = confusion_matrix(gold, got)
    notes = [f"{level} -> " + ", ".join(f"{r} {n}" for r, n in sorted(confusion.get(level, {}).items()))
             for level in LEVELS]
    details = {"confusion": confusion, "allowed": {k: sorted(v) for k, v in ALLOWED.items()}, "wrong": wrong}
    return EvalResult("clough", metrics, details, notes, time.perf_counter() - started)
