"""Throughput of the semantic extra: encoders alone, and the whole scan with and without it.

    python benchmarks/semantic.py [--sizes 10000] [--encoders static transformer]
        [--texts 10000] [--transformer-texts 1000] [--rounds 1] [--results benchmarks/results/semantic.jsonl]

1. Encoders: article vectors (each article's lead, as the pipeline computes them) per
   second, for the static encoder and for the transformer (on CUDA when one is
   present, else on the CPU, where it gets fewer texts: ``--transformer-texts``). The
   texts are the synthetic corpus's articles, and BBC News articles (real English)
   when ``../shared/data/bbc-news-2225`` is there. The static encoder is timed cold
   (a fresh encoder: new words split into pieces) and warm (the same texts again).
2. Pipeline: ``copytrace scan --semantic off`` and ``--semantic static`` on the same
   synthetic corpus (``copytrace.evaluate.synthetic``, cached under
   ``benchmarks/corpus/``), each in its own process, wall time including start-up,
   with the stage timings from ``run.json`` and recall and precision against the
   planted truth. With ``--rounds N`` the two scans alternate N times and the summary
   compares each mode's fastest run (other jobs on a shared machine only slow runs down).

Prints a table and appends one JSON line per measurement to the results file
(git-ignored). Runs unchanged on a CUDA machine.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from run import ensure_corpus, load_synthetic, machine  # noqa: E402  (the benchmark's own helpers)

BBC = ROOT.parent / "shared" / "data" / "bbc-news-2225"


def _texts_of(path: Path, limit: int) -> list[str]:
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            out.append(json.loads(line)["text"])
            if len(out) >= limit:
                break
    return out


def _bbc_texts(limit: int) -> list[str]:
    from copytrace.evaluate.datasets import bbc

    texts = [a.text for a in bbc(BBC)]
    return (texts * (1 + limit // max(1, len(texts))))[:limit] if texts else []


def _device() -> str:
    try:
        import torch

        if torch.cuda.is_available():
            return f"cuda ({torch.cuda.get_device_name(0)})"
    except ImportError:
        pass
    return f"cpu ({os.cpu_count()} cores)"


def bench_encoder(mode: str, corpus: str, texts: list[str]) -> list[dict]:
    """Article vectors per second for one encoder on one set of texts."""
    from copytrace.semantic import StaticEncoder, TransformerEncoder, article_vectors

    t0 = time.perf_counter()
    encoder = StaticEncoder() if mode == "static" else TransformerEncoder()
    load = time.perf_counter() - t0
    rows = []
    for run in ("cold", "warm") if mode == "static" else ("warm",):
        if mode != "static":
            article_vectors(encoder, texts[:64])  # first batch: kernels and allocations
        t0 = time.perf_counter()
        article_vectors(encoder, texts)
        seconds = time.perf_counter() - t0
        rows.append({"kind": "encoder", "encoder": encoder.name, "mode": mode, "device": getattr(encoder, "device", "cpu"),
                     "corpus": corpus, "run": run, "texts": len(texts), "seconds": round(seconds, 3),
                     "articles_per_s": round(len(texts) / seconds, 1), "load_s": round(load, 2)})
    return rows


def bench_scan(corpus: Path, n: int, mode: str, timeout: float) -> dict:
    """One ``copytrace scan`` in its own process; wall time, stages, recall and precision."""
    synthetic = load_synthetic()
    cmd = [sys.executable, "-m", "copytrace.cli"]  # this interpreter and its copytrace
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        cmd = cmd + ["scan", str(corpus / "articles.jsonl"), "--out", str(out), "--quiet", "--no-report",
                     "--semantic", mode]
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        wall = time.perf_counter() - t0
        row = {"kind": "scan", "mode": mode, "articles": n, "wall_s": round(wall, 2), "status": proc.returncode,
               "command": " ".join(cmd[-7:])}
        if proc.returncode != 0:
            row["stderr"] = proc.stderr[-2000:]
            return row
        run = json.loads((out / "run.json").read_text(encoding="utf-8"))
        pairs = [json.loads(x) for x in (out / "pairs.jsonl").read_text(encoding="utf-8").splitlines()]
        score = synthetic.score_pairs([(p["a"], p["b"], p["relation"]) for p in pairs], corpus / "truth.jsonl")
        row.update(timings=run.get("timings", {}), pairs=len(pairs), precision=score.get("precision"),
                   recall={k: v for k, v in score.get("recall", {}).items()})
        return row


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000], help="synthetic corpus sizes for the scan")
    ap.add_argument("--encoders", nargs="+", default=["static", "transformer"], choices=["static", "transformer"])
    ap.add_argument("--texts", type=int, default=10_000, help="texts per encoder measurement")
    ap.add_argument("--transformer-texts", type=int, default=1_000, help="texts for the transformer on a CPU")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--copy-share", type=float, default=0.3)
    ap.add_argument("--corpus-root", type=Path, default=HERE / "corpus")
    ap.add_argument("--timeout", type=float, default=3600.0)
    ap.add_argument("--no-scan", action="store_true", help="encoders only")
    ap.add_argument("--rounds", type=int, default=1,
                    help="scan off and static this many times, alternating (the machine is shared: "
                         "the summary takes each mode's fastest run)")
    ap.add_argument("--results", type=Path, default=HERE / "results" / "semantic.jsonl")
    args = ap.parse_args(argv)

    synthetic = load_synthetic()
    stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
    env = {"machine": machine(), "device": _device(), "when": stamp, "argv": sys.argv}
    rows: list[dict] = []
    corpus, _ = ensure_corpus(synthetic, max(args.sizes + [args.texts]), args.seed, args.copy_share, args.corpus_root)
    sets = {"synthetic": _texts_of(corpus / "articles.jsonl", args.texts)}
    if BBC.is_dir():
        sets["bbc"] = _bbc_texts(args.texts)
    print(f"device: {env['device']}")
    print(f"{'encoder':<26} {'texts':<10} {'run':<5} {'n':>7} {'seconds':>8} {'articles/s':>11}")
    for mode in args.encoders:
        on_gpu = mode == "transformer" and _device().startswith("cuda")
        limit = args.texts if mode == "static" or on_gpu else args.transformer_texts
        for name, texts in sets.items():
            for row in bench_encoder(mode, name, texts[:limit]):
                rows.append(row)
                print(f"{row['encoder'] + ' ' + row['device']:<26} {name:<10} {row['run']:<5} {row['texts']:>7} "
                      f"{row['seconds']:>8.2f} {row['articles_per_s']:>11,.0f}")
    if not args.no_scan:
        print(f"\n{'scan':<8} {'articles':>8} {'wall s':>8} {'ratio':>6}  stages (s)")
        for n in args.sizes:
            path, _ = ensure_corpus(synthetic, n, args.seed, args.copy_share, args.corpus_root)
            best: dict[str, float] = {}
            for round_no in range(1, args.rounds + 1):
                base = None
                for mode in ("off", "static"):
                    row = bench_scan(path, n, mode, args.timeout)
                    row["round"] = round_no
                    rows.append(row)
                    if row["status"] != 0:
                        print(f"{mode:<8} {n:>8,} failed: {row.get('stderr', '')[-300:]}")
                        continue
                    best[mode] = min(best.get(mode, float("inf")), row["wall_s"])
                    base = row["wall_s"] if mode == "off" else base
                    ratio = row["wall_s"] / base if base else float("nan")
                    row["ratio_to_off"] = round(ratio, 3)
                    stages = " ".join(f"{k} {v:.1f}" for k, v in row["timings"].items())
                    print(f"{mode:<8} {n:>8,} {row['wall_s']:>8.1f} {ratio:>6.2f}  {stages}")
                    print(f"{'':<8} {'':>8} pairs {row['pairs']:,}, precision {row['precision']}, recall "
                          + ", ".join(f"{k} {v}" for k, v in row["recall"].items()))
            if args.rounds > 1 and len(best) == 2:
                ratio = best["static"] / best["off"]
                rows.append({"kind": "scan_summary", "articles": n, "rounds": args.rounds, "best_off_s": best["off"],
                             "best_static_s": best["static"], "ratio_of_best": round(ratio, 3)})
                print(f"fastest of {args.rounds} rounds: off {best['off']:.1f} s, static {best['static']:.1f} s, "
                      f"ratio {ratio:.2f}")
    args.results.parent.mkdir(parents=True, exist_ok=True)
    with open(args.results, "a", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps({**row, **env}) + "\n")
    print(f"\nappended {len(rows)} rows to {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
