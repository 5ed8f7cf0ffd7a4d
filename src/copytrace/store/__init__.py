"""The store stage: the output contract on disk (JSONL files, run summary, report).

``write_outputs`` writes a scan's results to a folder; ``read_outputs`` reads them back
(the report can be rendered again from them, and other tools can load them).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from .. import fastjson
from ..parallel import default_workers, map_chunks
from .views import ArticleRecords, PairView

SCHEMA_VERSION = 1
FILES = ("articles.jsonl", "pairs.jsonl", "stories.jsonl")


def write_jsonl(path: Path, records: Iterable[dict]) -> int:
    """Write one JSON object per line; returns the number written."""
    n = 0
    with open(path, "w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(fastjson.dumps(rec))
            fh.write("\n")
            n += 1
    return n


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [fastjson.loads(line) for line in fh if line.strip()]


def write_outputs(
    out: str | Path,
    result,
    *,
    report: bool = True,
    command: str | None = None,
    report_stories: int = 50,
    report_pairs_per_story: int = 20,
    workers: int | None = None,
) -> Path:
    """Write ``articles.jsonl``, ``pairs.jsonl``, ``stories.jsonl``, ``run.json`` and
    ``report.html`` for a :class:`copytrace.pipeline.ScanResult` into ``out``.

    The report shows the ``report_stories`` largest stories and at most
    ``report_pairs_per_story`` pairs of each (it says what it leaves out): it is for
    reading, and the JSONL files hold everything. Each file is written in one pass over
    the result (whose records a scan reads from its store), keeping in memory only the
    records the report shows; a scan's pairs are turned into JSON on ``workers``
    processes (default: the CPUs available).
    """
    start = time.perf_counter()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    stories = [s.to_dict() for s in result.stories]
    ordered = sorted(stories, key=lambda s: (-len(s["members"]), str(s["story"])))  # the report's order
    shown = {m for s in ordered[:report_stories] for m in s["members"]} if report else set()
    shown_articles: list[dict] = []
    with open(out / "articles.jsonl", "w", encoding="utf-8") as fh:
        for article_id, line in _article_lines(result.articles):
            fh.write(line)
            fh.write("\n")
            if article_id in shown:
                shown_articles.append(fastjson.loads(line))
    shown_pairs: list[dict] = []
    with open(out / "pairs.jsonl", "w", encoding="utf-8") as fh:
        for block, shown_part in _pair_blocks(result.pairs, shown, workers):
            fh.write(block)
            shown_pairs.extend(shown_part)
    write_jsonl(out / "stories.jsonl", stories)
    counts = result.counts()
    if report:
        from ..report import write_report

        texts = {}
        for article_id in shown:
            try:
                texts[article_id] = result.texts[article_id]
            except KeyError:
                pass
        write_report(out / "report.html", shown_articles, texts, shown_pairs, stories, max_stories=report_stories,
                     max_pairs_per_story=report_pairs_per_story,
                     totals={"articles": counts["articles"], "relations": counts["relations"]})
    run = {
        "schema": SCHEMA_VERSION,
        "command": command,
        "counts": counts,
        "timings": {**result.timings, "outputs": round(time.perf_counter() - start, 3)},
        "peak_rss_mb": {**getattr(result, "memory", {}), **_peak_rss("outputs")},
        "problems": [str(p) for p in result.problems],
    }
    (out / "run.json").write_text(json.dumps(run, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return out


#: Pairs per block of ``pairs.jsonl`` made by one worker.
PAIR_BLOCK = 20000


def _pair_blocks(pairs, shown: set, workers: int | None) -> Iterator[tuple[str, list[dict]]]:
    """``pairs.jsonl`` in blocks of text, each with the records of its pairs that the
    report shows; a scan's pairs (a :class:`~.views.PairView`) on several processes."""
    if isinstance(pairs, PairView):
        workers = default_workers() if workers is None else max(1, workers)
        state = {"pairs": pairs, "shown": shown}
        for _, block in map_chunks(_pair_block, len(pairs), state=state, chunk=PAIR_BLOCK, workers=workers):
            yield block
    else:
        yield _lines_and_shown(pairs, shown)


def _pair_block(lo: int, hi: int, state: dict) -> tuple[str, list[dict]]:
    return _lines_and_shown(state["pairs"].between(lo, hi), state["shown"])


def _lines_and_shown(pairs: Iterable, shown: set) -> tuple[str, list[dict]]:
    lines, shown_records = [], []
    for pair in pairs:
        rec = pair.to_dict()
        lines.append(fastjson.dumps(rec))
        if rec["a"] in shown:
            shown_records.append(rec)
    return "".join(line + "\n" for line in lines), shown_records


def _peak_rss(stage: str) -> dict[str, float]:
    """``{stage: peak RSS of this process in MB}`` where the platform tells it."""
    try:
        import resource
    except ImportError:
        return {}
    return {stage: round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}  # KiB on Linux


def _article_lines(articles) -> Iterator[tuple[object, str]]:
    """``(id, articles.jsonl line)`` of each record: straight from the store for a scan's
    :class:`~.views.ArticleRecords`, else by :func:`copytrace.fastjson.dumps`."""
    if isinstance(articles, ArticleRecords):
        yield from articles.id_lines()
    else:
        for rec in articles:
            yield rec.get("id"), fastjson.dumps(rec)


def read_outputs(out: str | Path) -> tuple[list[dict], list[dict], list[dict]]:
    """``(articles, pairs, stories)`` as dicts, from a folder written by :func:`write_outputs`."""
    out = Path(out)
    return tuple(read_jsonl(out / name) for name in FILES)  # type: ignore[return-value]


__all__ = ["FILES", "SCHEMA_VERSION", "read_jsonl", "read_outputs", "write_jsonl", "write_outputs"]
