"""Direction without dates, scored against the dates: Reuters-21578 scanned with every
``published`` removed (as a folder of .txt files gives), each reported pair's ``source``
compared with the article published first (pairs an hour or more apart).

    python benchmarks/direction_undated.py [--data ../shared/data] [--results FILE]

Reuters' later versions and follow-ups derive from its earlier stories, so "published
first" is the source nearly always. Prints, per relation, the share of pairs directed
right, wrong, or left undirected, and appends them to ``--results`` (JSON lines).
Skips with a message when the data is absent.
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import json
import subprocess
import sys
import time
from pathlib import Path

from copytrace.evaluate.datasets import reuters
from copytrace.pipeline import scan_articles
from copytrace.provenance import timestamp

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE.parent.parent / "shared" / "data"
MIN_GAP_S = 3600


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--results", type=Path, default=HERE / "results" / "direction_undated.jsonl")
    args = ap.parse_args()
    folder = args.data / "reuters-21578"
    if not folder.is_dir():
        print(f"skipped: {folder} is missing (the shared data is not here)")
        return 0
    articles = list(reuters(folder))
    when = {a.id: timestamp(a.published) for a in articles}
    started = time.perf_counter()
    result = scan_articles([dataclasses.replace(a, published=None) for a in articles], quiet=True)
    tally: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for p in result.pairs:
        ta, tb = when[p.a], when[p.b]
        if p.relation == "same_story" or ta is None or tb is None or abs(ta - tb) < MIN_GAP_S:
            continue
        first = p.a if ta < tb else p.b
        tally[p.relation]["undirected" if p.source is None else "right" if p.source == first else "wrong"] += 1
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                            cwd=HERE).stdout.strip()
    record = {"commit": commit, "scan_s": round(time.perf_counter() - started, 1), "relations": {}}
    for relation, c in sorted(tally.items()):
        n = sum(c.values())
        shares = {k: round(c[k] / n, 3) for k in ("right", "wrong", "undirected")}
        record["relations"][relation] = {"pairs": n, **shares}
        print(f"{relation:10s} {n:5d} pairs: right {shares['right']:.3f}  wrong {shares['wrong']:.3f}  "
              f"undirected {shares['undirected']:.3f}")
    args.results.parent.mkdir(parents=True, exist_ok=True)
    with args.results.open("a", encoding="utf-8") as f:
        f.write(json.dumps(record) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
