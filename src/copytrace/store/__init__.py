"""The store stage: the output contract on disk (JSONL files, run summary, report).

``write_outputs`` writes a scan's results to a folder; ``read_outputs`` reads them back
(the report can be rendered again from them, and other tools can load them).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

SCHEMA_VERSION = 1
FILES = ("articles.jsonl", "pairs.jsonl", "stories.jsonl")


def write_jsonl(path: Path, records: Iterable[dict]) -> int:
    """Write one JSON object per line; returns the number written."""
    n = 0
    with open(path, "w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False))
            fh.write("\n")
            n += 1
    return n


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def write_outputs(
    out: str | Path,
    result,
    *,
    report: bool = True,
    command: str | None = None,
    report_stories: int = 50,
    report_pairs_per_story: int = 20,
) -> Path:
    """Write ``articles.jsonl``, ``pairs.jsonl``, ``stories.jsonl``, ``run.json`` and
    ``report.html`` for a :class:`copytrace.pipeline.ScanResult` into ``out``.

    The report shows the ``report_stories`` largest stories and at most
    ``report_pairs_per_story`` pairs of each (it says what it leaves out): it is for
    reading, and the JSONL files hold everything.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    write_jsonl(out / "articles.jsonl", result.articles)
    pairs = [p.to_dict() for p in result.pairs]
    stories = [s.to_dict() for s in result.stories]
    write_jsonl(out / "pairs.jsonl", pairs)
    write_jsonl(out / "stories.jsonl", stories)
    if report:
        from ..report import write_report

        shown = {m for s in stories[:report_stories] for m in s["members"]}
        write_report(out / "report.html", result.articles, {k: v for k, v in result.texts.items() if k in shown},
                     pairs, stories, max_stories=report_stories, max_pairs_per_story=report_pairs_per_story)
    run = {
        "schema": SCHEMA_VERSION,
        "command": command,
        "counts": result.counts(),
        "timings": result.timings,
        "problems": [str(p) for p in result.problems],
    }
    (out / "run.json").write_text(json.dumps(run, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return out


def read_outputs(out: str | Path) -> tuple[list[dict], list[dict], list[dict]]:
    """``(articles, pairs, stories)`` as dicts, from a folder written by :func:`write_outputs`."""
    out = Path(out)
    return tuple(read_jsonl(out / name) for name in FILES)  # type: ignore[return-value]


__all__ = ["FILES", "SCHEMA_VERSION", "read_jsonl", "read_outputs", "write_jsonl", "write_outputs"]
