"""Tally every hand check so far against the pairs a scan reports now: how much of the
population the checks have judged, and how often the relation they saw is right.

    python benchmarks/handcheck_tally.py [--pairs benchmarks/results/real/reuters_bbc/pairs.jsonl]
                                         [--verdicts 'benchmarks/handchecks/hc*.json']
    python benchmarks/handcheck_tally.py --record 54 --seed 2075 /tmp/hc54/verdict*.json

A hand check draws 50 of the reported pairs at random (``real_corpora.py
--sample-seed N``); one check's count moves by a pair or two with the draw. Over many
checks the same pairs come up again, so this script counts each pair once: a pair
reported now with the relation a check judged it under takes the verdict of its latest
judgement (a pair whose relation has changed since is left out). Verdict files are JSON
lists of ``{"a", "b", "reported", "verdict"}`` (``right``, ``acceptable`` or ``wrong``);
the latest judgement is the one in the file that sorts last by its check number.

``--record N`` keeps a check's verdicts in the repository, as
``benchmarks/handchecks/hcN.json`` with the check's seed and commit: the pair's ids, the
relation reported, the verdict and the relation the judge found best. The judges' free
text is left out, as it may quote the articles (third-party text stays out of the
repository). Verdicts kept only under the git-ignored ``benchmarks/results/`` are lost
with the machine, as the first 53 checks' were.
"""

from __future__ import annotations

import argparse
import glob
import json
import re
import subprocess
from collections import Counter
from pathlib import Path

from copytrace.store import read_jsonl

HERE = Path(__file__).resolve().parent
REAL = HERE / "results" / "real"
LEDGER = HERE / "handchecks"
KEPT_FIELDS = ("a", "b", "reported", "verdict", "correct")
VERDICTS = ("right", "acceptable", "wrong")


def _check_number(path: str) -> tuple[int, str]:
    found = re.search(r"hc(\d+)", Path(path).name)
    return (int(found.group(1)) if found else -1, path)


def _verdicts(path: str) -> list[dict]:
    """A verdict file's judgements: a bare list (a judge's file) or a recorded check."""
    loaded = json.loads(Path(path).read_text(encoding="utf-8"))
    return loaded["verdicts"] if isinstance(loaded, dict) else loaded


def record(check: int, seed: int | None, files: list[str]) -> int:
    """Write the judges' files of one check into the ledger, checked and stripped."""
    if not files:
        print(f"--record {check}: no verdict files given; nothing recorded")
        return 1
    kept = []
    for path in files:
        try:
            judgements = _verdicts(path)
        except (OSError, ValueError, KeyError, TypeError) as err:
            print(f"{path}: not a verdict file ({type(err).__name__}: {err}); nothing recorded")
            return 1
        for n, verdict in enumerate(judgements):
            if not isinstance(verdict, dict):
                print(f"{path}: judgement {n + 1} is no JSON object; nothing recorded")
                return 1
            missing = [field for field in KEPT_FIELDS[:4] if not verdict.get(field)]
            if missing or verdict["verdict"] not in VERDICTS:
                print(f"{path}: judgement {n + 1} lacks {missing or ['a known verdict']}; nothing recorded")
                return 1
            kept.append({field: verdict.get(field) for field in KEPT_FIELDS})
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=HERE, capture_output=True,
                            text=True).stdout.strip() or None
    LEDGER.mkdir(exist_ok=True)
    out = LEDGER / f"hc{check}.json"
    body = {"check": check, "seed": seed, "commit": commit, "verdicts": kept}
    out.write_text(json.dumps(body, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    counts = Counter(verdict["verdict"] for verdict in kept)
    print(f"{out}: {len(kept)} judgements, right {counts['right']}, acceptable {counts['acceptable']}, "
          f"wrong {counts['wrong']}")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pairs", type=Path, default=REAL / "reuters_bbc" / "pairs.jsonl")
    ap.add_argument("--verdicts", action="append",
                    help=f"glob of verdict files (repeatable; default {LEDGER.name}/hc*.json and "
                         "results/real/handcheck-hc*.json)")
    ap.add_argument("--record", type=int, metavar="N", help="record the FILES as check N in the ledger")
    ap.add_argument("--seed", type=int, help="the check's --sample-seed, kept with --record")
    ap.add_argument("files", nargs="*", help="the judges' verdict files, with --record")
    args = ap.parse_args()
    if args.record is not None:
        return record(args.record, args.seed, args.files)
    if not args.pairs.exists():
        print(f"no pairs at {args.pairs}: run `python benchmarks/real_corpora.py` first")
        return 1
    patterns = args.verdicts or [str(LEDGER / "hc*.json"), str(REAL / "handcheck-hc*.json")]
    files = sorted({path for pattern in patterns for path in glob.glob(pattern)}, key=_check_number)
    # A recorded check's judges' files, if still here, are the same judgements again.
    recorded = {_check_number(path)[0] for path in files if Path(path).parent == LEDGER}
    files = [path for path in files if Path(path).parent == LEDGER or _check_number(path)[0] not in recorded]
    if not files:
        print(f"no verdict files match {' or '.join(patterns)}")
        return 1
    relation = {frozenset((pair["a"], pair["b"])): pair["relation"] for pair in read_jsonl(args.pairs)}
    latest: dict[frozenset, dict] = {}
    judgements = 0
    for path in files:
        for verdict in _verdicts(path):
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
