"""Throughput of the semantic extra: encoders alone, and the whole scan with and without it.

    python benchmarks/semantic.py [--sizes 10000] [--encoders static transformer]
        [--texts 10000] [--transformer-texts 1000] [--rounds 1] [--results benchmarks/results/semantic.jsonl]
        [--batch-sizes 512 1024] [--scan-modes off static] [--bbc FOLDER]
        [--write-reference FILE.npz | --reference FILE.npz]

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
   ``--scan-modes off transformer`` scans with the transformer instead (on a GPU).
3. Same results on another device: ``--write-reference FILE`` stores the transformer's
   vectors of a few hundred article leads and sentences, computed here;
   ``--reference FILE`` on another machine (a GPU one) encodes the same texts there and
   prints the smallest cosine and largest difference between the two sets of vectors.

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

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from run import ensure_corpus, load_synthetic, machine  # noqa: E402  (the benchmark's own helpers)

BBC = ROOT.parent / "shared" / "data" / "bbc-news-2225"
REFERENCE_TEXTS = 300  # leads of each corpus, and as many sentences, in a reference file


def _texts_of(path: Path, limit: int) -> list[str]:
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            out.append(json.loads(line)["text"])
            if len(out) >= limit:
                break
    return out


def _bbc_texts(limit: int, folder: Path = BBC) -> list[str]:
    from copytrace.evaluate.datasets import bbc

    texts = [a.text for a in bbc(folder)]
    return (texts * (1 + limit // max(1, len(texts))))[:limit] if texts else []


def _device() -> str:
    try:
        import torch

        if torch.cuda.is_available():
            return f"cuda ({torch.cuda.get_device_name(0)})"
    except ImportError:
        pass
    return f"cpu ({os.cpu_count()} cores)"


def _pieces_per_text(encoder, texts: list[str]) -> float:
    """Mean word pieces the transformer reads per text (after truncation)."""
    from copytrace.semantic import lead

    _, offsets = encoder.word_pieces([lead(t) for t in texts[:2000]])
    return round(float(offsets[-1]) / max(1, len(offsets) - 1), 1)


def bench_encoder(mode: str, corpus: str, texts: list[str], batch_sizes: list[int] | None = None) -> list[dict]:
    """Article vectors per second for one encoder on one set of texts (the transformer
    at each of ``batch_sizes``; None: its default batch)."""
    from copytrace.semantic import StaticEncoder, TransformerEncoder, article_vectors

    t0 = time.perf_counter()
    encoder = StaticEncoder() if mode == "static" else TransformerEncoder()
    load = time.perf_counter() - t0
    rows = []
    runs = [("cold", None), ("warm", None)] if mode == "static" else [("warm", b) for b in (batch_sizes or [None])]
    if mode != "static":
        # first batches: kernels, allocations (on a GPU, one batch of the default size)
        article_vectors(encoder, texts[: 2048 if encoder.on_cuda else 64])
    for run, batch in runs:
        t0 = time.perf_counter()
        article_vectors(encoder, texts, batch_size=batch)
        seconds = time.perf_counter() - t0
        row = {"kind": "encoder", "encoder": encoder.name, "mode": mode, "device": getattr(encoder, "device", "cpu"),
               "corpus": corpus, "run": run, "texts": len(texts), "seconds": round(seconds, 3),
               "articles_per_s": round(len(texts) / seconds, 1), "load_s": round(load, 2)}
        if mode != "static":
            row.update(batch_size=batch or encoder.batch_size, pieces_per_text=_pieces_per_text(encoder, texts))
        rows.append(row)
    return rows


def _reference_texts(sets: dict[str, list[str]]) -> list[str]:
    """Leads of each corpus and sentences cut from them: what a reference file holds."""
    from copytrace.semantic import lead

    texts = [lead(t) for name in sorted(sets) for t in sets[name][:REFERENCE_TEXTS]]
    sentences = [s.strip() + "." for t in texts for s in t.split(". ")[1:3] if len(s) > 20]
    return texts + sentences[: len(texts)]


def write_reference(path: Path, sets: dict[str, list[str]]) -> dict:
    from copytrace.semantic import TransformerEncoder

    encoder = TransformerEncoder()
    texts = _reference_texts(sets)
    vectors = encoder.encode(texts)
    np.savez_compressed(path, texts=np.array(texts, dtype=object), vectors=vectors, device=encoder.device)
    return {"kind": "reference_written", "texts": len(texts), "device": encoder.device, "file": str(path)}


def check_reference(path: Path) -> dict:
    """The transformer's vectors here against those of the reference file's device."""
    from copytrace.semantic import TransformerEncoder

    ref = np.load(path, allow_pickle=True)
    encoder = TransformerEncoder()
    vectors = encoder.encode(list(ref["texts"]))
    cosines = np.einsum("ij,ij->i", vectors, ref["vectors"])
    return {"kind": "reference_check", "texts": len(vectors), "device": encoder.device,
            "reference_device": str(ref["device"]), "min_cosine": round(float(cosines.min()), 6),
            "mean_cosine": round(float(cosines.mean()), 6),
            "max_abs_diff": round(float(np.abs(vectors - ref["vectors"]).max()), 6)}


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
    ap.add_argument("--encoders", nargs="*", default=["static", "transformer"], choices=["static", "transformer"])
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
    ap.add_argument("--batch-sizes", type=int, nargs="+", default=None,
                    help="transformer batch sizes to time (default: its own)")
    ap.add_argument("--scan-modes", nargs=2, default=["off", "static"], choices=["off", "static", "transformer"],
                    help="the two semantic modes the scan compares")
    ap.add_argument("--bbc", type=Path, default=BBC, help="BBC News folder (real English texts), if present")
    ref = ap.add_mutually_exclusive_group()
    ref.add_argument("--write-reference", type=Path, help="store the transformer's vectors of reference texts")
    ref.add_argument("--reference", type=Path, help="compare the transformer's vectors with a stored reference")
    args = ap.parse_args(argv)

    synthetic = load_synthetic()
    stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
    env = {"machine": machine(), "device": _device(), "when": stamp, "argv": sys.argv}
    rows: list[dict] = []
    corpus, _ = ensure_corpus(synthetic, max(args.sizes + [args.texts]), args.seed, args.copy_share, args.corpus_root)
    sets = {"synthetic": _texts_of(corpus / "articles.jsonl", args.texts)}
    if args.bbc.is_dir():
        sets["bbc"] = _bbc_texts(args.texts, args.bbc)
    print(f"device: {env['device']}")
    if args.write_reference or args.reference:
        row = write_reference(args.write_reference, sets) if args.write_reference else check_reference(args.reference)
        rows.append(row)
        print(" ".join(f"{k} {v}" for k, v in row.items()))
    print(f"{'encoder':<26} {'texts':<10} {'run':<5} {'n':>7} {'seconds':>8} {'articles/s':>11}")
    for mode in args.encoders:
        on_gpu = mode == "transformer" and _device().startswith("cuda")
        limit = args.texts if mode == "static" or on_gpu else args.transformer_texts
        for name, texts in sets.items():
            for row in bench_encoder(mode, name, texts[:limit], args.batch_sizes):
                rows.append(row)
                extra = f"  batch {row['batch_size']}, {row['pieces_per_text']} pieces/text" if "batch_size" in row else ""
                print(f"{row['encoder'] + ' ' + row['device']:<26} {name:<10} {row['run']:<5} {row['texts']:>7} "
                      f"{row['seconds']:>8.2f} {row['articles_per_s']:>11,.0f}{extra}")
    if not args.no_scan:
        print(f"\n{'scan':<8} {'articles':>8} {'wall s':>8} {'ratio':>6}  stages (s)")
        for n in args.sizes:
            path, _ = ensure_corpus(synthetic, n, args.seed, args.copy_share, args.corpus_root)
            best: dict[str, float] = {}
            first, second = args.scan_modes
            for round_no in range(1, args.rounds + 1):
                base = None
                for mode in (first, second):
                    row = bench_scan(path, n, mode, args.timeout)
                    row["round"] = round_no
                    rows.append(row)
                    if row["status"] != 0:
                        print(f"{mode:<8} {n:>8,} failed: {row.get('stderr', '')[-300:]}")
                        continue
                    best[mode] = min(best.get(mode, float("inf")), row["wall_s"])
                    base = row["wall_s"] if mode == first else base
                    ratio = row["wall_s"] / base if base else float("nan")
                    row["ratio_to_first"] = round(ratio, 3)
                    stages = " ".join(f"{k} {v:.1f}" for k, v in row["timings"].items())
                    print(f"{mode:<8} {n:>8,} {row['wall_s']:>8.1f} {ratio:>6.2f}  {stages}")
                    print(f"{'':<8} {'':>8} pairs {row['pairs']:,}, precision {row['precision']}, recall "
                          + ", ".join(f"{k} {v}" for k, v in row["recall"].items()))
            if args.rounds > 1 and len(best) == 2:
                ratio = best[second] / best[first]
                rows.append({"kind": "scan_summary", "articles": n, "rounds": args.rounds,
                             f"best_{first}_s": best[first], f"best_{second}_s": best[second],
                             "ratio_of_best": round(ratio, 3)})
                print(f"fastest of {args.rounds} rounds: {first} {best[first]:.1f} s, {second} {best[second]:.1f} s, "
                      f"ratio {ratio:.2f}")
    args.results.parent.mkdir(parents=True, exist_ok=True)
    with open(args.results, "a", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps({**row, **env}) + "\n")
    print(f"\nappended {len(rows)} rows to {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
