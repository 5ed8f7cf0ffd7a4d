"""Run copytrace on the real collections in ../shared/data and print what it finds.

    python benchmarks/real_corpora.py [--data ../shared/data] [--out benchmarks/results/real]

- Reuters-21578 + BBC News (about 21,000 articles, no reuse labels): counts of stories
  and of pairs per relation, and a seeded sample (``--sample-seed``) of 50 reported pairs written to
  ``sample.txt`` (title, date and opening of both articles) for a hand check;
  ``--dump-full`` also writes the sampled pairs in full (both cleaned texts, the relation
  and the aligned passages) into ``--batches`` files a judge can read one by one, and
  ``--relation`` draws the sample from one relation only. ``--changed-from PAIRS``
  (an earlier run's ``pairs.jsonl``, copied away first) writes the pairs whose relation
  changed, the old and the new label in random order, for a blind judgement of a rule.
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

from copytrace.evaluate.datasets import bbc, reuters, wikiref
from copytrace.pipeline import scan_articles
from copytrace.records import RELATIONS
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


def _sample(run: dict, articles: list, path: Path, k: int = 50, seed: int = 2026,
            relation: str | None = None) -> list:
    by_id = {a.id: a for a in articles}
    texts = run["result"].texts  # as the scan cleaned them: the passages' offsets are into these
    pairs = [p for p in run["result"].pairs if relation is None or p.relation == relation]
    lines = []
    drawn = random.Random(seed).sample(pairs, min(k, len(pairs)))
    for n, p in enumerate(drawn, 1):
        lines.append(f"## {n} {p.relation} score={p.score:.2f} source={p.source} coverage={p.coverage}")
        for side in (p.a, p.b):
            art, opening = by_id[side], texts[side][:300].replace("\n", " ")
            lines.append(f"  {side} {art.published or ''} | {art.title} | {opening}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"hand-check sample of {len(drawn)} pairs: {path}")
    return drawn


def _article_block(art, text: str) -> list[str]:
    """One article of a judged pair: a header line (id, date, title), then its text."""
    return [f"--- {art.id} | published {art.published or 'unknown'} | {art.title or ''}", text]


def _write_batches(blocks: list[str], folder: Path, batches: int) -> None:
    """The pair blocks dealt round-robin into ``batches`` files, one per judge."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(batches):
        (folder / f"batch{i + 1}.txt").write_text("\n".join(blocks[i::batches]), encoding="utf-8")


def _dump_full(drawn: list, articles: list, texts, folder: Path, batches: int) -> None:
    """Each drawn pair with both cleaned texts in full and its passages (cleaned-text
    offsets), ``batches`` files of about equal size, one per judge."""
    by_id = {a.id: a for a in articles}
    blocks = []
    for n, p in enumerate(drawn, 1):
        out = [f"=== PAIR {n}: {p.a} ~ {p.b} | reported: {p.relation} (score {p.score:.2f}, "
               f"source {p.source}, coverage a {p.coverage['a']:.2f} b {p.coverage['b']:.2f})"]
        for side in (p.a, p.b):
            out += _article_block(by_id[side], texts[side])
        out.append(f"--- aligned passages ({len(p.passages)}):")
        for q in p.passages[:12]:
            a_text = texts[p.a][q.a[0]:q.a[1]].replace("\n", " ")[:300]
            b_text = texts[p.b][q.b[0]:q.b[1]].replace("\n", " ")[:300]
            out += [f"  [{q.kind} {q.similarity:.2f}] A: {a_text}", f"  {' ' * (len(q.kind) + 8)}B: {b_text}"]
        blocks.append("\n".join(out) + "\n")
    _write_batches(blocks, folder, batches)
    print(f"full texts of {len(drawn)} pairs in {batches} batches: {folder}")


def _read_before(path: Path) -> dict | None:
    """``{(a, b): relation}`` of an earlier run's ``pairs.jsonl``; None, with one line on
    stderr, when the file is missing or not such a file."""
    try:
        with path.open(encoding="utf-8") as fh:
            return {(r["a"], r["b"]): r["relation"] for r in map(json.loads, filter(str.strip, fh))}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        print(f"error: --changed-from {path}: not a readable pairs.jsonl ({type(exc).__name__}: {exc})",
              file=sys.stderr)
        return None


def _dump_changed(before: dict, old_pairs: Path, run: dict, articles: list, folder: Path, batches: int,
                  seed: int) -> None:
    """The pairs whose relation differs from an earlier run's (``before``, read from
    ``old_pairs``; "none" where one run does not report the pair), for judges who choose
    between the two labels without knowing which is new: each pair shows them as X and
    Y in random order, and ``key.json`` says which one is the new label."""
    after = {(p.a, p.b): p.relation for p in run["result"].pairs}
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    by_id = {a.id: a for a in articles}
    texts = run["result"].texts
    rng = random.Random(seed)
    blocks, key = [], []
    for n, (a, b) in enumerate(changed, 1):
        old, new = before.get((a, b), "none"), after.get((a, b), "none")
        x_is_new = rng.random() < 0.5
        x, y = (new, old) if x_is_new else (old, new)
        key.append({"pair": n, "a": a, "b": b, "old": old, "new": new, "new_is": "X" if x_is_new else "Y"})
        out = [f"=== PAIR {n}: {a} ~ {b} | label X: {x} | label Y: {y}"]
        for side in (a, b):
            out += _article_block(by_id[side], texts[side])
        blocks.append("\n".join(out) + "\n")
    _write_batches(blocks, folder, batches)
    (folder / "key.json").write_text(json.dumps(key, indent=1) + "\n", encoding="utf-8")
    moves = collections.Counter(f"{k['old']} -> {k['new']}" for k in key)
    print(f"{len(changed)} pairs changed relation since {old_pairs}: {dict(moves)}; blind batches in {folder}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=HERE / "results" / "real")
    ap.add_argument("--sample-seed", type=int, default=2026,
                    help="seed of the hand-check sample (draw a new one after changing the rules)")
    ap.add_argument("--sample-size", type=int, default=50)
    ap.add_argument("--relation", choices=RELATIONS, help="draw the sample from pairs of this relation only")
    ap.add_argument("--dump-full", type=Path, metavar="DIR",
                    help="also write the sampled pairs in full (texts and passages) into DIR/batch*.txt")
    ap.add_argument("--batches", type=int, default=5,
                    help="how many files --dump-full or --changed-from splits its pairs into")
    ap.add_argument("--changed-from", type=Path, metavar="PAIRS",
                    help="an earlier run's reuters_bbc pairs.jsonl (copy it first: this run overwrites it); with "
                         "--changed-dir DIR, write the pairs whose relation changed, both labels in random order")
    ap.add_argument("--changed-dir", type=Path, metavar="DIR", default=HERE / "results" / "real" / "changed")
    args = ap.parse_args()
    before = _read_before(args.changed_from) if args.changed_from else None  # fails before the scan, not after
    if args.changed_from and before is None:
        return 2
    if not (args.data / "reuters-21578").is_dir():
        print(f"skipped: {args.data} has no reuters-21578 (the shared data is not here)")
        return 0
    args.out.mkdir(parents=True, exist_ok=True)

    news = list(reuters(args.data / "reuters-21578")) + list(bbc(args.data / "bbc-news-2225"))
    run = _run("reuters_bbc", news, args.out)
    drawn = _sample(run, news, args.out / "sample.txt", k=args.sample_size, seed=args.sample_seed,
                    relation=args.relation)
    if args.dump_full:
        _dump_full(drawn, news, run["result"].texts, args.dump_full, max(1, args.batches))
    if args.changed_from:
        _dump_changed(before, args.changed_from, run, news, args.changed_dir, max(1, args.batches), args.sample_seed)

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
