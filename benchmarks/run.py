"""Benchmark copytrace against MinHash baselines on synthetic corpora with ground truth.

    python benchmarks/run.py --sizes 10000 100000 \\
        [--tools floor datasketch datasketch-xxhash rensa text-dedup copytrace] \\
        [--repeat 1] [--results benchmarks/results/results.jsonl]

For each size, the corpus is generated once (``copytrace.evaluate.synthetic``) and
cached under ``benchmarks/corpus/``. The tools then run on that same corpus, in
alternation (the order rotates on each repeat), each in its own subprocess, so that
peak memory (``ru_maxrss`` from ``os.wait4``, see ``launch.py``) belongs to that tool
alone. Wall time is that of the whole subprocess, interpreter start and imports
included; the stage timings each tool reports show where it went.

Every (tool, size) prints a table row and appends one JSON line to the results file
with the timings, peak memory, recall per planted relation and precision, the stage
timings the tool reports, the machine, Python and package versions, and the command.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.metadata
import importlib.util
import json
import os
import platform
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BASELINES = HERE / "baselines.py"
LAUNCHER = HERE / "launch.py"
ALL_TOOLS = ("floor", "datasketch", "datasketch-xxhash", "rensa", "text-dedup", "copytrace")
PACKAGES = ("numpy", "xxhash", "datasketch", "rensa", "text-dedup", "datasets", "copytrace")
RELATION_COLUMNS = ("duplicate", "near_copy", "spun", "partial", "rewrite")
UNAVAILABLE = 3  # baselines.py exit status for a tool that cannot run here


def load_synthetic() -> ModuleType:
    """``copytrace.evaluate.synthetic``; loaded from its file if the package does not import.

    The generator and scorer need nothing else from copytrace, so a benchmark of the
    baselines still runs while the rest of the package is broken or being changed.
    """
    try:
        return importlib.import_module("copytrace.evaluate.synthetic")
    except Exception:
        path = ROOT / "src" / "copytrace" / "evaluate" / "synthetic.py"
        spec = importlib.util.spec_from_file_location("copytrace_synthetic", path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses look their module up here
        spec.loader.exec_module(module)
        return module


# --------------------------------------------------------------------------- corpus


def ensure_corpus(synthetic: ModuleType, n: int, seed: int, copy_share: float, root: Path) -> tuple[Path, dict]:
    """The cached corpus for these parameters, generated if missing or stale."""
    path = root / f"n{n}-seed{seed}-share{copy_share:g}"
    meta_path = path / "meta.json"
    if meta_path.exists():
        meta = json.loads(meta_path.read_text())
        if (meta.get("generator_version") == synthetic.GENERATOR_VERSION and meta.get("articles") == n
                and (path / "articles.jsonl").exists()):
            return path, meta
    print(f"generating {n:,} articles into {path} ...", file=sys.stderr, flush=True)
    if path.exists():
        shutil.rmtree(path)
    meta = synthetic.generate_corpus(n, path, seed=seed, copy_share=copy_share)
    print(f"  done in {meta['seconds']:.1f} s", file=sys.stderr, flush=True)
    return path, meta


# --------------------------------------------------------------------------- running one tool


@dataclass
class Measurement:
    """One run of one tool."""

    status: str  # "ok" | "unavailable" | "failed" | "timeout"
    wall_s: float = 0.0
    cpu_s: float = 0.0
    peak_rss_mb: float = 0.0
    detail: str = ""
    out_dir: Path | None = None
    info: dict[str, Any] = field(default_factory=dict)  # stats.json or run.json


def tool_command(tool: str, corpus: Path, out: Path) -> list[str]:
    """The command line that runs ``tool`` on ``corpus`` writing into ``out``.

    copytrace runs as ``python -m copytrace.cli`` with this checkout's ``src`` first on
    ``PYTHONPATH`` (see :func:`tool_env`): an installed ``copytrace`` command may be
    another checkout's code.
    """
    if tool == "copytrace":
        return [sys.executable, "-m", "copytrace.cli", "scan", str(corpus / "articles.jsonl"), "--out", str(out),
                "--quiet"]
    return [sys.executable, str(BASELINES), tool, str(corpus), str(out)]


def tool_env() -> dict[str, str]:
    """The environment of a tool's process: this one, with this checkout's ``src`` first
    on ``PYTHONPATH``."""
    path = [str(ROOT / "src")] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(path)}


def run_tool(tool: str, corpus: Path, out: Path, timeout: float) -> Measurement:
    """Run ``tool`` in its own process (through ``launch.py``, which ``wait4``s on it).

    Wall time, CPU time and peak RSS come from the launcher; the wall time measured
    here, around the launcher, is the fallback when the run was killed.
    """
    out.mkdir(parents=True, exist_ok=True)
    cmd = tool_command(tool, corpus, out)
    usage_file = out / "usage.json"
    launcher = [sys.executable, "-I", "-S", str(LAUNCHER), str(usage_file)]
    with open(out / "stdout.txt", "wb") as so, open(out / "stderr.txt", "wb") as se:
        start = time.perf_counter()
        proc = subprocess.Popen(launcher + cmd, stdout=so, stderr=se, cwd=ROOT, start_new_session=True,
                                env=tool_env())
        timed_out = threading.Event()

        def kill() -> None:
            timed_out.set()
            os.killpg(proc.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, _ = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - start
    rc = os.waitstatus_to_exitcode(status)
    usage = json.loads(usage_file.read_text()) if usage_file.exists() else {}
    m = Measurement("ok", wall_s=usage.get("wall_s", wall), cpu_s=usage.get("cpu_s", 0.0),
                    peak_rss_mb=usage.get("maxrss_kb", 0) / 1024, out_dir=out)  # KiB on Linux
    if timed_out.is_set():
        m.status, m.detail = "timeout", f"killed after {timeout:.0f} s"
    elif tool != "copytrace" and rc == UNAVAILABLE:
        m.status, m.detail = "unavailable", (out / "unavailable.txt").read_text().strip()
    elif rc != 0 and not (tool == "copytrace" and rc == 3):  # copytrace: 3 = some records skipped
        m.status, m.detail = "failed", f"exit {rc}: " + _tail(out / "stderr.txt")
    else:
        info_file = out / ("run.json" if tool == "copytrace" else "stats.json")
        m.info = json.loads(info_file.read_text()) if info_file.exists() else {}
    return m


def _tail(path: Path, n: int = 600) -> str:
    text = path.read_text(errors="replace").strip() if path.exists() else ""
    return text[-n:].replace("\n", " | ")


def reported_pairs(tool: str, out: Path) -> list[tuple[str, ...]]:
    """The pairs a finished run reported: (a, b), or (a, b, relation, source) for copytrace."""
    found = []
    if tool == "copytrace":
        with open(out / "pairs.jsonl", encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    p = json.loads(line)
                    found.append((p["a"], p["b"], p["relation"], p["source"]))
    else:
        with open(out / "pairs.tsv", encoding="utf-8") as f:
            for line in f:
                a, b = line.rstrip("\n").split("\t")
                found.append((a, b))
    return found


# --------------------------------------------------------------------------- environment


def machine() -> dict[str, Any]:
    """CPU model, cores and RAM of this machine."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram_gb = round(int(line.split()[1]) / 1024**2, 1)
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {"cpu": cpu, "cores": os.cpu_count(), "usable_cores": usable, "ram_gb": ram_gb,
            "os": platform.platform()}


def versions() -> dict[str, str | None]:
    out: dict[str, str | None] = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            out[name] = None
    return out


def git_commit() -> str | None:
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True)
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True, check=True)
        return head.stdout.strip() + ("-dirty" if dirty.stdout.strip() else "")
    except (OSError, subprocess.CalledProcessError):
        return None


# --------------------------------------------------------------------------- results


def summarise(tool: str, n: int, runs: list[Measurement], score: dict | None, corpus: Path,
              meta: dict, env: dict[str, Any]) -> dict[str, Any]:
    """The results line for one (tool, size)."""
    ok = [r for r in runs if r.status == "ok"]
    line: dict[str, Any] = {
        "tool": tool,
        "n_articles": n,
        "status": "ok" if ok else runs[-1].status,
        "detail": "" if ok else runs[-1].detail,
        "repeats": [{"status": r.status, "wall_s": round(r.wall_s, 3), "cpu_s": round(r.cpu_s, 3),
                     "peak_rss_mb": round(r.peak_rss_mb, 1)} for r in runs],
    }
    if ok:
        wall = statistics.median(r.wall_s for r in ok)
        info = ok[-1].info
        line.update({
            "wall_s": round(wall, 3),
            "cpu_s": round(statistics.median(r.cpu_s for r in ok), 3),
            "articles_per_s": round(n / wall, 1),
            "peak_rss_mb": round(max(r.peak_rss_mb for r in ok), 1),
            "stage_timings": info.get("timings", {}),
            "stage_peak_rss_mb": info.get("peak_rss_mb", {}),
            "tool_params": info.get("params", {}),
            "tool_counts": info.get("counts", {}),
            "score": score,
        })
    line.update({
        "corpus": {"path": str(corpus), "seed": meta.get("seed"), "copy_share": meta.get("copy_share"),
                   "generator_version": meta.get("generator_version"), "derived": meta.get("derived"),
                   "relations": meta.get("relations")},
        **env,
    })
    return line


def _fmt(x: Any, spec: str = ".2f") -> str:
    return "-" if x is None else format(x, spec)


def table_row(line: dict[str, Any]) -> str:
    head = f"{line['tool']:<18} {line['n_articles']:>8,}"
    if line["status"] != "ok":
        return f"{head}  {line['status']}: {line['detail'][:110]}"
    score = line.get("score") or {}
    recall = score.get("recall", {})
    cells = [_fmt((recall.get(r) or {}).get("recall")) for r in RELATION_COLUMNS]
    pairs = score.get("reported", 0) if score else 0
    return (f"{head} {line['wall_s']:>8.1f} {line['articles_per_s']:>8.0f} {line['peak_rss_mb']:>8.0f} "
            f"{line['cpu_s']:>7.1f} {pairs:>8,} {_fmt(score.get('precision') if pairs else None):>5} "
            + " ".join(f"{c:>5}" for c in cells))


TABLE_HEADER = (f"{'tool':<18} {'articles':>8} {'wall_s':>8} {'art/s':>8} {'peak_MB':>8} {'cpu_s':>7} "
                f"{'pairs':>8} {'prec':>5} " + " ".join(f"{r[:5]:>5}" for r in RELATION_COLUMNS))


def typed_row(line: dict[str, Any]) -> str | None:
    """For a tool that reports relations: recall and precision counting the relation too."""
    typed = (line.get("score") or {}).get("typed")
    if not typed:
        return None
    cells = [_fmt((typed["recall"].get(r) or {}).get("recall")) for r in RELATION_COLUMNS]
    label = f"  {line['tool']} (relation must match)"
    return f"{label:<82} {_fmt(typed.get('precision')):>5} " + " ".join(f"{c:>5}" for c in cells)


def provenance_row(line: dict[str, Any]) -> str | None:
    """For copytrace: the direction of the planted pairs found and the originals."""
    prov = (line.get("score") or {}).get("provenance")
    if not prov:
        return None
    every, original = prov["direction"].get("all") or {}, prov["original"]
    return (f"  {line['tool']} direction right {every.get('right', 0):,} of {every.get('directed', 0):,} planted pairs "
            f"with a source ({_fmt(every.get('accuracy'))}); original right {original['right']:,} of "
            f"{original['stories']:,} stories ({_fmt(original['accuracy'])})")


# --------------------------------------------------------------------------- main


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", type=int, nargs="+", required=True, help="corpus sizes (articles)")
    p.add_argument("--tools", nargs="+", default=list(ALL_TOOLS), choices=ALL_TOOLS)
    p.add_argument("--repeat", type=int, default=1, help="runs per tool and size (median wall time)")
    p.add_argument("--results", type=Path, default=HERE / "results" / "results.jsonl")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--copy-share", type=float, default=0.3)
    p.add_argument("--corpus-dir", type=Path, default=HERE / "corpus")
    p.add_argument("--timeout", type=float, default=3600.0, help="seconds per tool run")
    p.add_argument("--keep", action="store_true", help="keep each run's output folder (printed)")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    synthetic = load_synthetic()
    env = {
        "machine": machine(),
        "versions": versions(),
        "git_commit": git_commit(),
        "command": shlex.join([sys.executable, *sys.argv]),
        "timestamp": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    args.results.parent.mkdir(parents=True, exist_ok=True)
    m = env["machine"]
    print(f"# {m['cpu']}, {m['usable_cores']}/{m['cores']} cores, {m['ram_gb']} GB; "
          f"Python {env['versions']['python']}", flush=True)
    print(TABLE_HEADER, flush=True)
    for n in args.sizes:
        corpus, meta = ensure_corpus(synthetic, n, args.seed, args.copy_share, args.corpus_dir)
        runs: dict[str, list[Measurement]] = {t: [] for t in args.tools}
        scratch = Path(tempfile.mkdtemp(prefix=f"copytrace-bench-{n}-"))
        for rep in range(args.repeat):
            k = rep % len(args.tools)
            for tool in args.tools[k:] + args.tools[:k]:
                runs[tool].append(run_tool(tool, corpus, scratch / f"{tool}-{rep}", args.timeout))
        with open(args.results, "a", encoding="utf-8") as f:
            for tool in args.tools:
                ok = [r for r in runs[tool] if r.status == "ok"]
                score = None
                if ok and tool != "floor":
                    found = reported_pairs(tool, ok[-1].out_dir)
                    score = synthetic.score_pairs([p[:3] for p in found], corpus / "truth.jsonl")
                if ok and tool == "copytrace":  # the only tool that tells direction and originals
                    with open(ok[-1].out_dir / "stories.jsonl", encoding="utf-8") as story_file:
                        stories = [json.loads(row) for row in story_file if row.strip()]
                    score["provenance"] = synthetic.score_provenance(
                        [(a, b, source) for a, b, _, source in found],
                        [(s["members"], s["original"]) for s in stories], corpus / "truth.jsonl")
                line = summarise(tool, n, runs[tool], score, corpus, meta, env)
                f.write(json.dumps(line) + "\n")
                print(table_row(line), flush=True)
                for extra in (typed_row(line), provenance_row(line)):
                    if extra:
                        print(extra, flush=True)
        if args.keep:
            print(f"# outputs kept in {scratch}", flush=True)
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    print(f"# results appended to {args.results}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
