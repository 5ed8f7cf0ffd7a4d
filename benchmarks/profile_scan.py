"""Profile ``scan_articles`` in one process and print where the time goes: where a
speed-up would pay.

    python benchmarks/profile_scan.py [--corpus benchmarks/corpus/n10000-seed0-share0.3/articles.jsonl] [--top 40]
    python benchmarks/profile_scan.py --parts [--repeats 3]
    python benchmarks/profile_scan.py --reads

Runs with one worker, so the figures include the workers' share too (cleaning,
sketching, alignment). By default under cProfile, with the costliest functions. The
profiler's own cost per call inflates functions made of many small NumPy calls
(``align()`` on the 10,000-article corpus: 2.6 s under the profiler, 1.6 s timed
directly), so ``--parts`` instead times the align stage's parts directly (building the
sentence tables, ``align()``, ``classify``, the passages and changes, the evidence
blobs), ``--repeats`` times: compare two versions with these or with the stage timings
of ``run.json``. ``--reads`` counts, for each feature of
:class:`~copytrace.align.Alignment`, how many alignments the scan read it of: a feature
most pairs are decided without is best found on first use. The corpus is any JSONL with
``id`` and ``text`` (``run.py --sizes 10000`` makes the default one).
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import json
import pstats
import sys
import time
from collections import Counter
from pathlib import Path

import copytrace.pipeline as pipeline
from copytrace.records import Article

HERE = Path(__file__).resolve().parent
#: The align stage's parts, as the pipeline module calls them.
PARTS = ("build_tables", "align", "classify", "passages", "partial_passages", "_changes", "encode_evidence",
         "compare_prepared")


def _timed_parts(seconds: Counter, calls: Counter) -> None:
    """Wrap the pipeline module's align-stage functions so that each call adds its time."""
    for name in PARTS:
        inner = getattr(pipeline, name)

        @functools.wraps(inner)
        def timed(*args, _inner=inner, _name=name, **kwargs):
            start = time.perf_counter()
            try:
                return _inner(*args, **kwargs)
            finally:
                seconds[_name] += time.perf_counter() - start
                calls[_name] += 1

        setattr(pipeline, name, timed)


def _count_reads(reads: Counter, made: list[int]) -> None:
    """Make the aligner build alignments that count, once each, which features are read."""
    import copytrace.align.aligner as aligner

    class Counted(aligner.Alignment):  # no __slots__: room for the set of names read
        def __init__(self, *args, **kwargs):
            object.__setattr__(self, "_read", set())
            made[0] += 1
            super().__init__(*args, **kwargs)

        def __getattribute__(self, name):
            if not name.startswith("__"):
                seen = object.__getattribute__(self, "_read")
                if name not in seen:
                    seen.add(name)
                    reads[name] += 1
            return object.__getattribute__(self, name)

    aligner.Alignment = Counted


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=HERE / "corpus" / "n10000-seed0-share0.3" / "articles.jsonl")
    ap.add_argument("--top", type=int, default=40)
    ap.add_argument("--parts", action="store_true", help="time the align stage's parts directly, no profiler")
    ap.add_argument("--repeats", type=int, default=3, help="runs with --parts")
    ap.add_argument("--reads", action="store_true", help="count the alignments each feature is read of")
    args = ap.parse_args()
    if not args.corpus.exists():
        print(f"no corpus at {args.corpus}: make it with `python benchmarks/run.py --sizes 10000 --tools floor`",
              file=sys.stderr)
        return 2
    with args.corpus.open() as f:
        rows = [json.loads(line) for line in f]
    articles = [Article(r["id"], r["text"], title=r.get("title"), published=r.get("published"), site=r.get("site"),
                        url=r.get("url")) for r in rows]
    if args.reads:
        reads, made = Counter(), [0]
        _count_reads(reads, made)
        pipeline.scan_articles(articles, workers=1, quiet=True)
        print(f"{made[0]} alignments; each feature read of how many (``runs``: the pairs that look for verbatim"
              " runs; names with _ are the caches and helpers behind them):")
        for name, n in sorted(reads.items(), key=lambda item: item[1]):
            print(f"  {name:<20} {n:>7}  {n / max(made[0], 1):.2f}")
        return 0
    if args.parts:
        seconds, calls = Counter(), Counter()
        _timed_parts(seconds, calls)
        for run in range(1, args.repeats + 1):
            seconds.clear()
            calls.clear()
            start = time.perf_counter()
            result = pipeline.scan_articles(articles, workers=1, quiet=True)
            total = time.perf_counter() - start
            parts = ", ".join(f"{name} {seconds[name]:.2f} s ({calls[name]})" for name in PARTS if calls[name])
            print(f"run {run}: total {total:.2f} s, align stage {result.timings['align']:.2f} s; {parts}")
        return 0
    profile = cProfile.Profile()
    profile.enable()
    result = pipeline.scan_articles(articles, workers=1, quiet=True)
    profile.disable()
    print("stage timings (s):", result.timings)
    pstats.Stats(profile).sort_stats("cumulative").print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
