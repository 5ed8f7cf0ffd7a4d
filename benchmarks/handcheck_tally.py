"""Tally every hand check so far against the pairs a scan reports now: how much of the
population the checks have judged, and how often the relation they saw is right.

    python benchmarks/handcheck_tally.py [--pairs benchmarks/results/real/reuters_bbc/pairs.jsonl]
                                         [--verdicts 'benchmarks/results/real/handcheck-*.json']

A hand check draws 50 of the reported pairs at random (``real_corpora.py
--sample-seed N``); one check's count moves by a pair or two with the draw. Over many
checks the same pairs come up again, so this script counts each pair once: a pair
reported now with the relation a check judged it under takes the verdict of its latest
judgement (a pair whose relation has changed since is left out). Verdict files are JSON
lists of ``{"a", "b", "reported", "verdict"}`` (``right``, ``acceptable`` or ``wrong``);
the latest judgement is the one in the file that sorts last by its check number.
"""

from __future__ import annotations

import argparse
import glob
import json
import re
from collections import Counter
from pathlib import Path

from copytrace.store import read_jsonl

HERE = Path(__file__).resolve().parent
REAL = HERE / "results" / "real"


def _check_number(path: str) -> tuple[int, str]:
    found = re.search(r"hc(\d+)", Path(path).name)
    return (int(found.group(1)) if found else -1, path)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pairs", type=Path, default=REAL / "reuters_bbc" / "pairs.jsonl")
    ap.add_argument("--verdicts", default=str(REAL / "handcheck-hc*.json"))
    args = ap.parse_args()
    if not args.pairs.exists():
        print(f"no pairs at {args.pairs}: run `python benchmarks/real_corpora.py` first")
        return 1
    files = sorted(glob.glob(args.verdicts), key=_check_number)
    if not files:
        print(f"no verdict files match {args.verdicts}")
        return 1
    relation = {frozenset((pair["a"], pair["b"])): pair["relation"] for pair in read_jsonl(args.pairs)}
    latest: dict[frozenset, dict] = {}
    judgements = 0
    for path in files:
        for verdict in json.loads(Path(path).read_text(encoding="utf-8")):
            key = frozenset((verdict["a"], verdict["b"]))
            if relation.get(key) == verdict["reported"]:
                latest[key] = verdict
                judgements += 1
    by_relation: dict[str, Counter] = {}
    for key, verdict in latest.items():
        by_relation.setdefault(relation[key], Counter())[verdict["verdict"]] += 1
    population = Counter(relation.values())
    print(f"{len(files)} verdict files, {judgements} judgements of pairs still reported as judged; "
          f"{len(latest)} distinct pairs of {len(relation)} reported")
    print(f"{'relation':<12}{'reported':>9}{'judged':>8}{'right':>7}{'accept.':>8}{'wrong':>7}{'right or acc.':>15}")
    totals = Counter()
    for name in sorted(population):
        seen = by_relation.get(name, Counter())
        judged = sum(seen.values())
        totals.update(seen)
        good = seen["right"] + seen["acceptable"]
        share = f"{good / judged:.3f}" if judged else "-"
        print(f"{name:<12}{population[name]:>9}{judged:>8}{seen['right']:>7}{seen['acceptable']:>8}"
              f"{seen['wrong']:>7}{share:>15}")
    judged = sum(totals.values())
    good = totals["right"] + totals["acceptable"]
    print(f"{'all':<12}{len(relation):>9}{judged:>8}{totals['right']:>7}{totals['acceptable']:>8}"
          f"{totals['wrong']:>7}{good / judged if judged else 0:>15.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
