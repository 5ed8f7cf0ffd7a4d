"""Time ``align()`` per candidate pair, this checkout's against another revision's, in
one process (the machine is noisy: only a ratio measured side by side means anything).

    python benchmarks/align_ab.py [--rev HEAD~1] [--articles 4000] [--rounds 5]

The other revision's ``copytrace/align/aligner.py`` is loaded from git as a module of its
own; both run on the same sentence tables of the first ``--articles`` articles of the
10,000-article synthetic corpus (made by ``run.py --sizes 10000`` if absent), over the
candidate pairs copytrace finds among them. Prints the best round of each in ms per pair,
and checks that both give the same alignment features.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
import types
from pathlib import Path

from copytrace.align import aligner
from copytrace.align.sentences import build_tables
from copytrace.candidates import find_candidates
from copytrace.clean import Cleaner
from copytrace.records import Article
from copytrace.sketch import Sketcher, tokenize

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus" / "n10000-seed0-share0.3" / "articles.jsonl"
FEATURES = ("n_aligned", "coverage_a", "coverage_b", "anchors", "anchor_agreement", "figures", "figure_agreement",
            "longest_run", "trigram_a", "trigram_b", "word_jaccard", "order")


def _load_revision(rev: str):
    """The revision's aligner as a module of its own, inside ``copytrace.align`` (so that
    its relative imports resolve to this checkout's modules)."""
    source = subprocess.run(["git", "show", f"{rev}:src/copytrace/align/aligner.py"], cwd=HERE.parent,
                            check=True, capture_output=True, text=True).stdout
    module = types.ModuleType("copytrace.align.aligner_ref")
    module.__package__ = "copytrace.align"
    sys.modules[module.__name__] = module  # dataclasses look their module up by name
    exec(compile(source, f"{rev}:src/copytrace/align/aligner.py", "exec"), module.__dict__)
    return module


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rev", default="HEAD~1")
    ap.add_argument("--articles", type=int, default=4000)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    if not CORPUS.exists():
        subprocess.run([sys.executable, str(HERE / "run.py"), "--sizes", "10000", "--tools", "floor"], check=True)
    articles = []
    with CORPUS.open() as f:
        for line in f:
            if len(articles) == args.articles:
                break
            row = json.loads(line)
            articles.append(Article(row["id"], row["text"]))
    cleaned = [Cleaner().clean(a) for a in articles]
    sketcher = Sketcher()
    sketcher.learn_common_words(tokenize([c.text for c in cleaned]))
    pairs = find_candidates(sketcher.sketch([c.text for c in cleaned])).pairs.tolist()
    tables = build_tables(cleaned, sketcher)
    reference = _load_revision(args.rev)
    for i, j in pairs:
        new, old = aligner.align(tables[i], tables[j]), reference.align(tables[i], tables[j])
        for name in FEATURES:
            if abs(getattr(new, name) - getattr(old, name)) > 1e-9:
                print(f"pair {i},{j}: {name} differs: {getattr(new, name)} vs {getattr(old, name)}")
                return 1
    best = {args.rev: float("inf"), "this checkout": float("inf")}
    for _ in range(args.rounds):
        for name, module in ((args.rev, reference), ("this checkout", aligner)):
            t0 = time.perf_counter()
            for i, j in pairs:
                module.align(tables[i], tables[j])
            best[name] = min(best[name], (time.perf_counter() - t0) / len(pairs) * 1e3)
    print(f"{len(pairs)} candidate pairs, same features for every pair")
    for name, ms in best.items():
        print(f"{name}: {ms:.3f} ms per pair (best of {args.rounds})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
