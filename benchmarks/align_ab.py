"""Time ``align()`` per candidate pair (or ``build_tables()`` per article, ``--part
tables``), this checkout's against another revision's, in one process (the machine is
noisy: only a ratio measured side by side means anything).

    python benchmarks/align_ab.py [--part align|tables] [--rev HEAD~1] [--articles 4000] [--rounds 5]

The other revision's module (``copytrace/align/aligner.py`` or ``sentences.py``) is
loaded from git as a module of its own; both run on the first ``--articles`` articles of
the 10,000-article synthetic corpus (made by ``run.py --sizes 10000`` if absent): the
aligners on the same sentence tables over the candidate pairs copytrace finds among
them, the table builders on the same cleaned articles. Prints the best round of each
(CPU time) and checks that both give the same alignment features, or the same tables
field for field.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
import types
from pathlib import Path

import numpy as np

from copytrace.align import aligner, sentences
from copytrace.align.sentences import build_tables
from copytrace.candidates import find_candidates
from copytrace.clean import Cleaner
from copytrace.records import Article
from copytrace.sketch import Sketcher, tokenize

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus" / "n10000-seed0-share0.3" / "articles.jsonl"
FEATURES = ("n_aligned", "coverage_a", "coverage_b", "anchors", "anchor_agreement", "figures", "figure_agreement",
            "longest_run", "trigram_a", "trigram_b", "word_jaccard", "order")


def _load_revision(rev: str, name: str):
    """The revision's ``copytrace/align/{name}.py`` as a module of its own, inside
    ``copytrace.align`` (so that its relative imports resolve to this checkout's modules)."""
    path = f"src/copytrace/align/{name}.py"
    source = subprocess.run(["git", "show", f"{rev}:{path}"], cwd=HERE.parent,
                            check=True, capture_output=True, text=True).stdout
    module = types.ModuleType(f"copytrace.align.{name}_ref")
    module.__package__ = "copytrace.align"
    sys.modules[module.__name__] = module  # dataclasses look their module up by name
    exec(compile(source, f"{rev}:{path}", "exec"), module.__dict__)
    return module


def _same_tables(new: list, old: list) -> str | None:
    """The first field in which two lists of sentence tables differ, or None."""
    for k, (a, b) in enumerate(zip(new, old)):
        for name in sentences.SentenceTable.__slots__:
            x, y = getattr(a, name), getattr(b, name)
            same = (x.dtype == y.dtype and np.array_equal(x, y)) if isinstance(y, np.ndarray) else x == y
            if not same:
                return f"article {k}: {name}"
    return None


def _best(runs: dict, rounds: int) -> dict[str, float]:
    """Best CPU seconds of each callable over ``rounds`` alternating rounds."""
    best = dict.fromkeys(runs, float("inf"))
    for _ in range(rounds):
        for name, run in runs.items():
            t0 = time.process_time()
            run()
            best[name] = min(best[name], time.process_time() - t0)
    return best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--part", choices=("align", "tables"), default="align")
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
    if args.part == "tables":
        reference = _load_revision(args.rev, "sentences")
        differs = _same_tables(build_tables(cleaned, sketcher), reference.build_tables(cleaned, sketcher))
        if differs:
            print(f"tables differ: {differs}")
            return 1
        best = _best({args.rev: lambda: reference.build_tables(cleaned, sketcher),
                      "this checkout": lambda: build_tables(cleaned, sketcher)}, args.rounds)
        print(f"{len(cleaned)} articles, the same tables field for field")
        for name, seconds in best.items():
            print(f"{name}: {seconds / len(cleaned) * 1e3:.4f} ms per article (best of {args.rounds})")
        return 0
    pairs = find_candidates(sketcher.sketch([c.text for c in cleaned])).pairs.tolist()
    tables = build_tables(cleaned, sketcher)
    reference = _load_revision(args.rev, "aligner")
    for i, j in pairs:
        new, old = aligner.align(tables[i], tables[j]), reference.align(tables[i], tables[j])
        for name in FEATURES:
            if abs(getattr(new, name) - getattr(old, name)) > 1e-9:
                print(f"pair {i},{j}: {name} differs: {getattr(new, name)} vs {getattr(old, name)}")
                return 1

    def run(module):
        return lambda: [module.align(tables[i], tables[j]) for i, j in pairs]

    best = _best({args.rev: run(reference), "this checkout": run(aligner)}, args.rounds)
    print(f"{len(pairs)} candidate pairs, same features for every pair")
    for name, seconds in best.items():
        print(f"{name}: {seconds / len(pairs) * 1e3:.3f} ms per pair (best of {args.rounds})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
