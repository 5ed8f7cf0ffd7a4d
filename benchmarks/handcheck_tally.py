"""Tally every hand check so far against the pairs a scan reports now: how much of the
population the checks have judged, and how often the relation they saw is right.

    python benchmarks/handcheck_tally.py [--pairs benchmarks/results/real/reuters_bbc/pairs.jsonl]
                                         [--verdicts 'benchmarks/handchecks/hc*.json']
    python benchmarks/handcheck_tally.py --record 54 --seed 2075 /tmp/hc54/verdict*.json
    python benchmarks/handcheck_tally.py --record 66 --relation rewrite --seed 3001 /tmp/rw/verdict*.json

A hand check draws 50 of the reported pairs at random (``real_corpora.py
--sample-seed N``); one check's count moves by a pair or two with the draw. Over many
checks the same pairs come up again, so this script counts each pair once: a pair
reported now with the relation a check judged it under takes the verdict of its latest
judgement (a pair whose relation has changed since is left out). Verdict files are JSON
lists of ``{"a", "b", "reported", "verdict"}`` (``right``, ``acceptable`` or ``wrong``);
the latest judgement is the one in the file that sorts last by its check number, a
sample or second opinion recorded after check N (``hcN-REL.json``, ``hcN-second.json``)
coming after ``hcN.json``.

``--record N`` keeps a check's verdicts in the repository, as
``benchmarks/handchecks/hcN.json`` with the check's seed and commit: the pair's ids, the
relation reported, the verdict and the relation the judge found best. The judges' free
text is left out, as it may quote the articles (third-party text stays out of the
repository). Verdicts kept only under the git-ignored ``benchmarks/results/`` are lost
with the machine, as the first 53 checks' were.

``--record N --relation REL`` keeps a sample drawn from one relation's pairs
(``real_corpora.py --relation REL``) as ``hcN-REL.json``, judged after check N: its
verdicts count in the tally like any check's, but it is no random draw of all pairs,
so it is no check's score.

``--record N --second`` keeps other judges' verdicts on check N's own pairs (the same
batch files, judged afresh) as ``hcN-second.json``; ``--agreement`` prints, for each
such file, how often the two judgements agree: what share of a check's wrong pairs is
the judges' own disagreement rather than the tool's.

``--partial-evidence`` adds, for the partial pairs judged, the verdicts by the shape of
their evidence (a verbatim passage or none; one passage or several): whether a class of
partial pairs is judged wrong often enough to move it (to same_story, say) without
moving more that are right.

``--record-changed NAME --key DIR/key.json --change TEXT`` keeps a blind judgement of a
rule change (``real_corpora.py --changed-from``) as ``benchmarks/handchecks/changed-NAME.json``:
each judge's "X", "Y" or "neither" read against ``key.json`` as new, old or neither.
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


def _check_number(path: str) -> tuple[int, bool, str]:
    """A verdict file's place among the judgements: its check number, then whether it
    was judged after that check (``hcN-REL.json``, ``hcN-second.json``: later than
    ``hcN.json``)."""
    found = re.search(r"hc(\d+)(-?)", Path(path).name)
    return (int(found.group(1)) if found else -1, bool(found and found.group(2)), path)


def _verdicts(path: str) -> list[dict]:
    """A verdict file's judgements: a bare list (a judge's file) or a recorded check."""
    loaded = json.loads(Path(path).read_text(encoding="utf-8"))
    return loaded["verdicts"] if isinstance(loaded, dict) else loaded


class _Unreadable(Exception):
    """A judge's file that cannot be recorded; the message names it in one line."""


def _judgements(files: list[str], required: tuple[str, ...], field: str, allowed: tuple[str, ...]) -> list[dict]:
    """Every judgement of the judges' ``files``, in order, each a JSON object with the
    ``required`` fields and ``field`` one of ``allowed``; :class:`_Unreadable` otherwise."""
    if not files:
        raise _Unreadable("no verdict files given")
    found = []
    for path in files:
        try:
            judgements = _verdicts(path)
        except (OSError, ValueError, KeyError, TypeError) as err:
            raise _Unreadable(f"{path}: not a verdict file ({type(err).__name__}: {err})") from None
        for n, verdict in enumerate(judgements):
            if not isinstance(verdict, dict):
                raise _Unreadable(f"{path}: judgement {n + 1} is no JSON object")
            missing = [name for name in required if not verdict.get(name)]
            if missing or verdict[field] not in allowed:
                raise _Unreadable(f"{path}: judgement {n + 1} lacks {missing or [f'a known {field}']}")
            found.append(verdict)
    return found


def _write(out: Path, body: dict) -> None:
    LEDGER.mkdir(exist_ok=True)
    out.write_text(json.dumps(body, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def record(check: int, seed: int | None, files: list[str], relation: str | None = None,
           second: bool = False) -> int:
    """Write the judges' files of one check (or of a sample of ``relation``'s pairs,
    judged after check ``check``, or with ``second`` other judges' verdicts on check
    ``check``'s pairs) into the ledger, checked and stripped."""
    try:
        judged = _judgements(files, KEPT_FIELDS[:4], "verdict", VERDICTS)
    except _Unreadable as err:
        print(f"--record {check}: {err}; nothing recorded")
        return 1
    kept = [{field: verdict.get(field) for field in KEPT_FIELDS} for verdict in judged]
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=HERE, capture_output=True,
                            text=True).stdout.strip() or None
    if second:
        out = LEDGER / f"hc{check}-second.json"
        _write(out, {"second_opinion_of": check, "seed": seed, "commit": commit, "verdicts": kept})
    elif relation is None:
        out = LEDGER / f"hc{check}.json"
        _write(out, {"check": check, "seed": seed, "commit": commit, "verdicts": kept})
    else:
        out = LEDGER / f"hc{check}-{relation}.json"
        _write(out, {"after_check": check, "relation": relation, "seed": seed, "commit": commit, "verdicts": kept})
    counts = Counter(verdict["verdict"] for verdict in kept)
    print(f"{out}: {len(kept)} judgements, right {counts['right']}, acceptable {counts['acceptable']}, "
          f"wrong {counts['wrong']}")
    return 0


def record_changed(name: str, key_path: Path, change: str, files: list[str]) -> int:
    """Write a blind judgement of a rule change into the ledger, each judge's label
    ("X", "Y", "neither") read against ``key.json`` as the new, the old or neither."""
    try:
        key = {entry["pair"]: entry for entry in json.loads(key_path.read_text(encoding="utf-8"))}
        judged = _judgements(files, ("pair", "better"), "better", ("X", "Y", "neither"))
        # A judge's ids, where given, must be the key's: another folder's key reads wrong.
        unknown = [verdict["pair"] for verdict in judged if verdict["pair"] not in key
                   or {verdict.get("a"), verdict.get("b")} - {None, key[verdict["pair"]]["a"], key[verdict["pair"]]["b"]}]
        if unknown:
            raise _Unreadable(f"pairs {unknown} are not in {key_path} with the judges' ids")
    except (OSError, ValueError, KeyError, TypeError) as err:
        print(f"--record-changed {name}: {key_path} is no key.json ({type(err).__name__}: {err}); nothing recorded")
        return 1
    except _Unreadable as err:
        print(f"--record-changed {name}: {err}; nothing recorded")
        return 1
    kept = []
    for verdict in judged:
        entry = key[verdict["pair"]]
        better = "neither" if verdict["better"] == "neither" else "new" if verdict["better"] == entry["new_is"] else "old"
        kept.append({"a": entry["a"], "b": entry["b"], "old": entry["old"], "new": entry["new"], "better": better,
                     "correct": verdict.get("correct")})
    kept.sort(key=lambda judgement: (judgement["a"], judgement["b"]))
    out = LEDGER / f"changed-{name}.json"
    _write(out, {"change": change, "judgements": kept})
    counts = Counter(judgement["better"] for judgement in kept)
    print(f"{out}: {len(kept)} pairs, new better {counts['new']}, old better {counts['old']}, "
          f"neither {counts['neither']}")
    return 0


def agreement() -> int:
    """For each check judged twice (``hcN.json`` and ``hcN-second.json``), how often the
    two judgements agree on whether a pair is right (or acceptable) or wrong, and on
    the verdict itself; the pairs they disagree on."""
    seconds = sorted(LEDGER.glob("hc*-second.json"), key=lambda path: _check_number(path.name))
    if not seconds:
        print(f"no second opinions in {LEDGER} (record them with --record N --second)")
        return 1
    for path in seconds:
        check = _check_number(path.name)[0]
        checked = LEDGER / f"hc{check}.json"
        if not checked.exists():
            print(f"hc{check}: {path.name} has no {checked.name} to compare with")
            continue
        first = {frozenset((v["a"], v["b"])): v for v in _verdicts(str(checked))}
        both = [(first[key], v) for v in _verdicts(str(path)) if (key := frozenset((v["a"], v["b"]))) in first]
        ok = [(one["verdict"] != "wrong", two["verdict"] != "wrong") for one, two in both]
        print(f"hc{check}: {len(both)} pairs judged twice; right or acceptable {sum(o for o, _ in ok)} and "
              f"{sum(t for _, t in ok)}; agree on right or wrong {sum(o == t for o, t in ok)}, "
              f"on the verdict {sum(one['verdict'] == two['verdict'] for one, two in both)}")
        for one, two in both:
            if one["verdict"] != two["verdict"]:
                print(f"  {one['a']} {one['b']} {one['reported']}: {one['verdict']} ({one.get('correct')}), "
                      f"then {two['verdict']} ({two.get('correct')})")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pairs", type=Path, default=REAL / "reuters_bbc" / "pairs.jsonl")
    ap.add_argument("--verdicts", action="append",
                    help=f"glob of verdict files (repeatable; default {LEDGER.name}/hc*.json and "
                         "results/real/handcheck-hc*.json)")
    ap.add_argument("--record", type=int, metavar="N", help="record the FILES as check N in the ledger")
    ap.add_argument("--seed", type=int, help="the check's --sample-seed, kept with --record")
    ap.add_argument("--relation", help="with --record: the FILES judge a sample of this relation's pairs only")
    ap.add_argument("--second", action="store_true", help="with --record: the FILES judge check N's pairs again")
    ap.add_argument("--agreement", action="store_true", help="print how often checks judged twice agree")
    ap.add_argument("--record-changed", metavar="NAME", help="record the FILES as a blind judgement of a rule change")
    ap.add_argument("--key", type=Path, help="the judged folder's key.json, with --record-changed")
    ap.add_argument("--change", default="", help="what the rule change was and whether it was kept, with --record-changed")
    ap.add_argument("--partial-evidence", action="store_true",
                    help="also count the partial pairs' verdicts by the shape of their evidence")
    ap.add_argument("files", nargs="*", help="the judges' verdict files, with --record or --record-changed")
    args = ap.parse_args()
    if args.second and (args.record is None or args.relation):
        ap.error("--second goes with --record N (and no --relation)")
    if args.record is not None:
        return record(args.record, args.seed, args.files, args.relation, args.second)
    if args.agreement:
        return agreement()
    if args.record_changed is not None:
        if args.key is None:
            ap.error("--record-changed needs --key DIR/key.json")
        return record_changed(args.record_changed, args.key, args.change, args.files)
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
    pairs = {frozenset((pair["a"], pair["b"])): pair for pair in read_jsonl(args.pairs)}
    relation = {key: pair["relation"] for key, pair in pairs.items()}
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
    if args.partial_evidence:
        _partial_evidence(pairs, latest)
    return 0


def _partial_evidence(pairs: dict[frozenset, dict], latest: dict[frozenset, dict]) -> None:
    """Verdicts of the judged partial pairs by their evidence: any verbatim passage, and
    one passage or several."""
    shapes: dict[str, Counter] = {}
    for key, verdict in latest.items():
        pair = pairs[key]
        if pair["relation"] != "partial":
            continue
        found = pair.get("passages") or []
        verbatim = any(p["kind"] == "verbatim" for p in found)
        shape = f"{'a verbatim passage' if verbatim else 'no verbatim passage'}, {'one' if len(found) == 1 else 'several'}"
        shapes.setdefault(shape, Counter())[verdict["verdict"]] += 1
    print("partial pairs judged, by their evidence:")
    for shape, seen in sorted(shapes.items()):
        print(f"  {shape:<34} right {seen['right']:>4}  acceptable {seen['acceptable']:>4}  wrong {seen['wrong']:>4}")
    # Where nothing is verbatim: would a cut on the passages' similarity or length part
    # the wrong ones from the rest?
    loose = [(max(p["similarity"] for p in pairs[key]["passages"]),
              sum(p["a"][1] - p["a"][0] for p in pairs[key]["passages"]), verdict["verdict"])
             for key, verdict in latest.items()
             if pairs[key]["relation"] == "partial" and pairs[key].get("passages")
             and not any(p["kind"] == "verbatim" for p in pairs[key]["passages"])]
    for label, column, cuts in (("best passage similarity", 0, (0.75, 0.8, 0.85, 0.9)),
                                ("passage characters", 1, (150, 200, 300))):
        print(f"  no verbatim passage, by {label}:")
        for cut in cuts:
            below = Counter(v for *x, v in loose if x[column] < cut)
            print(f"    under {cut:<6} right or acceptable {below['right'] + below['acceptable']:>4}  wrong {below['wrong']:>4}")


if __name__ == "__main__":
    raise SystemExit(main())
