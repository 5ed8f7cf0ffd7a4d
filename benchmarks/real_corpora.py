"""Run copytrace on the real collections in ../shared/data and print what it finds.

    python benchmarks/real_corpora.py [--data ../shared/data] [--out benchmarks/results/real]

- Reuters-21578 + BBC News (about 21,000 articles, no reuse labels): counts of stories
  and of pairs per relation, and a seeded sample (``--sample-seed``) of 50 reported pairs written to
  ``sample.txt`` (title, date and opening of both articles) for a hand check.
- WikiRef220 (independent articles on the same events): how many pairs are reported
  as reuse (any relation but ``same_story``), as a share of all article pairs and of
  the reported pairs.

The data stays in ../shared/data; nothing from it is written into the repository (the
output folder is git-ignored). Skips with a message when the data is absent.
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import sys
import time
from pathlib import Path

from copytrace.clean import Cleaner
from copytrace.evaluate.datasets import bbc, reuters, wikiref
from copytrace.pipeline import scan_articles
from copytrace.store import write_outputs

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE.parent.parent / "shared" / "data"


def _run(name: str, articles: list, out: Path) -> dict:
    t0 = time.perf_counter()
    result = scan_articles(articles)
    wall = time.perf_counter() - t0
    write_outputs(out / name, result, report=False, command=" ".join(sys.argv))
    counts = result.counts()
    print(f"{name}: {counts['articles']} articles, {counts['stories']} stories, {counts['pairs']} pairs "
          f"in {wall:.1f} s: " + ", ".join(f"{k} {v}" for k, v in sorted(counts["relations"].items())))
    return {"name": name, "wall_s": round(wall, 1), "counts": counts, "timings": result.timings, "result": result}


def _sample(run: dict, articles: list, path: Path, k: int = 50, seed: int = 2026) -> None:
    by_id = {a.id: a for a in articles}
    pairs = run["result"].pairs
    cleaner = Cleaner()
    lines = []
    for n, p in enumerate(random.Random(seed).sample(pairs, min(k, len(pairs))), 1):
        lines.append(f"## {n} {p.relation} score={p.score:.2f} source={p.source} coverage={p.coverage}")
        for side in (p.a, p.b):
            art = by_id[side]
            text = cleaner.clean(art).text[:300].replace("\n", " ")
            lines.append(f"  {side} {art.published or ''} | {art.title} | {text}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"hand-check sample of {min(k, len(pairs))} pairs: {path}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=HERE / "results" / "real")
    ap.add_argument("--sample-seed", type=int, default=2026,
                    help="seed of the hand-check sample (draw a new one after changing the rules)")
    args = ap.parse_args()
    if not (args.data / "reuters-21578").is_dir():
        print(f"skipped: {args.data} has no reuters-21578 (the shared data is not here)")
        return 0
    args.out.mkdir(parents=True, exist_ok=True)

    news = list(reuters(args.data / "reuters-21578")) + list(bbc(args.data / "bbc-news-2225"))
    run = _run("reuters_bbc", news, args.out)
    _sample(run, news, args.out / "sample.txt", seed=args.sample_seed)

    refs = list(wikiref(args.data / "wikiref220"))
    wiki = _run("wikiref220", refs, args.out)
    reuse = [p for p in wiki["result"].pairs if p.relation != "same_story"]
    all_pairs = len(refs) * (len(refs) - 1) // 2
    by_rel = collections.Counter(p.relation for p in reuse)
    print(f"wikiref220: {len(reuse)} of {all_pairs} article pairs reported as reuse "
          f"({len(reuse) / all_pairs:.3%}); {len(reuse)} of {len(wiki['result'].pairs)} reported pairs; {dict(by_rel)}")
    summary = {k: {kk: vv for kk, vv in v.items() if kk != "result"} for k, v in (("reuters_bbc", run), ("wikiref220", wiki))}
    summary["wikiref220"]["reuse_pairs"] = len(reuse)
    summary["wikiref220"]["article_pairs"] = all_pairs
    (args.out / "summary.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
