"""Translations where there are none: SemEval-2022 Task 8's cross-language pairs (two
articles of two outlets in two languages, rated 1 = most similar to 4), each compared
with ``copytrace.compare``; every pair typed ``translation`` is printed with its rating.

    python benchmarks/translations.py [--data ../shared/data] [--results FILE]

No collection here labels translations: the pairs found are the ones to read (most
are independent reports of one event, so a pair typed translation is suspect unless
rated most similar). Appends the counts to ``--results`` (JSON lines). Skips with a
message when the data is absent.
"""

from __future__ import annotations

import argparse
import collections
import json
import subprocess
import sys
import time
from pathlib import Path

from copytrace.evaluate.semeval import FOLDER, load
from copytrace.pipeline import compare
from copytrace.records import Article

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE.parent.parent / "shared" / "data"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--results", type=Path, default=HERE / "results" / "translations.jsonl")
    args = ap.parse_args()
    folder = args.data / FOLDER
    if not folder.is_dir():
        print(f"skipped: {folder} is missing (the shared data is not here)")
        return 0
    started = time.perf_counter()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                            cwd=HERE).stdout.strip()
    record: dict = {"commit": commit, "splits": {}}
    for split in ("testing_set.csv", "training_set.csv"):
        counts: collections.Counter = collections.Counter()
        found = []
        for row in load(folder / split):
            if row["lang1"] == row["lang2"]:
                continue
            pair = compare(Article(f"{row['pair_id']}/1", row["text1"]), Article(f"{row['pair_id']}/2", row["text2"])).pair
            relation = pair.relation if pair is not None else "none"
            counts[relation] += 1
            if relation == "translation":
                found.append({"pair": row["pair_id"], "languages": f"{row['lang1']}-{row['lang2']}",
                              "overall": float(row["Overall"]), "coverage": pair.coverage})
        record["splits"][split] = {"pairs": sum(counts.values()), "relations": dict(counts), "translations": found}
        print(f"{split}: {sum(counts.values())} cross-language pairs: "
              + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
        for f in found:
            print(f"  translation: {f['pair']} ({f['languages']}), Overall {f['overall']:.1f}")
    record["seconds"] = round(time.perf_counter() - started, 1)
    args.results.parent.mkdir(parents=True, exist_ok=True)
    with args.results.open("a", encoding="utf-8") as f:
        f.write(json.dumps(record) + "\n")
    print(f"# appended to {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
