"""Profile ``scan_articles`` in one process (cProfile) and print the stage timings and the
costliest functions: where a speed-up would pay.

    python benchmarks/profile_scan.py [--corpus benchmarks/corpus/n10000-seed0-share0.3/articles.jsonl] [--top 40]

Runs with one worker, so the profile sees the workers' share too (cleaning, sketching,
alignment). The profiler's own cost per call inflates functions made of many small
NumPy calls (``align()`` on the 10,000-article corpus: 2.6 s under the profiler, 1.6 s
timed directly): to compare two versions, use the stage timings of ``run.json`` or time
the part directly. The corpus is any JSONL with ``id`` and ``text`` (``run.py --sizes 10000``
makes the default one).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import sys
from pathlib import Path

from copytrace.pipeline import scan_articles
from copytrace.records import Article

HERE = Path(__file__).resolve().parent


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=HERE / "corpus" / "n10000-seed0-share0.3" / "articles.jsonl")
    ap.add_argument("--top", type=int, default=40)
    args = ap.parse_args()
    if not args.corpus.exists():
        print(f"no corpus at {args.corpus}: make it with `python benchmarks/run.py --sizes 10000 --tools floor`",
              file=sys.stderr)
        return 2
    with args.corpus.open() as f:
        rows = [json.loads(line) for line in f]
    articles = [Article(r["id"], r["text"], title=r.get("title"), published=r.get("published"), site=r.get("site"),
                        url=r.get("url")) for r in rows]
    profile = cProfile.Profile()
    profile.enable()
    result = scan_articles(articles, workers=1, quiet=True)
    profile.disable()
    print("stage timings (s):", result.timings)
    pstats.Stats(profile).sort_stats("cumulative").print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
