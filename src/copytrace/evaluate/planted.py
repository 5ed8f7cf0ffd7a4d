"""The synthetic corpus (``copytrace.evaluate.synthetic``): a seeded corpus with planted
copies, scanned whole, and scored by ``score_pairs`` against its ground truth.

Recall counts a planted pair as found when that pair is reported, whatever relation;
precision counts a reported pair as right when both articles are of one planted family.
The recall of the relation itself (the pair reported with its planted relation) is
given as well, without a target, and so are the direction of the planted pairs found
(the reported source is the planted one) and the original of each story (its first
article), by ``score_provenance``: with the corpus's publication times, and again with
them removed (direction from the texts alone).
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

from .. import pipeline
from .base import EvalResult, Metric, semantic_options
from .synthetic import generate_corpus, score_pairs, score_provenance

RECALL_TARGETS = {"duplicate": 0.99, "near_copy": 0.99, "spun": 0.97, "partial": 0.95}
PRECISION_TARGET = 0.99


def run(data_dir: str | Path | None = None, *, semantic: str = "off", size: int = 2000, seed: int = 0) -> EvalResult:
    """Generate ``size`` articles with ``seed``, scan them, score the pairs found."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="copytrace-synthetic-") as tmp:
        summary = generate_corpus(size, tmp, seed=seed)
        result = pipeline.scan([Path(tmp) / "articles.jsonl"], **semantic_options(semantic))
        truth = Path(tmp) / "truth.jsonl"
        score = score_pairs([(p.a, p.b, p.relation) for p in result.pairs], truth)
        provenance = _provenance(result, truth)
        # The same corpus without publication times: direction from the texts alone
        # (credit lines, containment, length, the story's structure), as for a folder of .txt.
        undated = Path(tmp) / "undated.jsonl"
        with open(Path(tmp) / "articles.jsonl", encoding="utf-8") as src, open(undated, "w", encoding="utf-8") as dst:
            for line in src:
                record = json.loads(line)
                record.pop("published", None)
                dst.write(json.dumps(record) + "\n")
        without_dates = _provenance(pipeline.scan([undated], **semantic_options(semantic)), truth)
    metrics = [Metric("precision (same family)", score["precision"], (">=", PRECISION_TARGET))]
    for relation, row in score["recall"].items():
        target = (">=", RECALL_TARGETS[relation]) if relation in RECALL_TARGETS else None
        metrics.append(Metric(f"recall {relation} ({row['planted']})", row["recall"], target))
    for relation, row in score["typed"]["recall"].items():
        metrics.append(Metric(f"  relation right: {relation}", row["recall"]))
    for prefix, prov in (("", provenance), ("no dates: ", without_dates)):
        for relation, row in prov["direction"].items():
            label = f"{prefix}direction right" if relation == "all" else f"  {prefix}direction right: {relation}"
            metrics.append(Metric(f"{label} ({row['directed']} of {row['found']} with a source)", row["accuracy"]))
        original = prov["original"]
        metrics.append(Metric(f"{prefix}original right ({original['stories']} stories)", original["accuracy"]))
    if score["hard_negatives"]:
        metrics.append(Metric(f"hard negatives reported ({score['hard_negatives']['pairs']})",
                              score["hard_negatives"]["reported"]))
    notes = [f"size {size}, seed {seed}: {summary['derived']} planted copies in {summary['families']} families; "
             f"{score['reported']} pairs reported"]
    details = {"score": score, "provenance": provenance, "provenance_without_dates": without_dates, "corpus": summary}
    return EvalResult("synthetic", metrics, details, notes, time.perf_counter() - started)


def _provenance(result: pipeline.ScanResult, truth: Path) -> dict:
    return score_provenance([(p.a, p.b, p.source) for p in result.pairs],
                            [(s.members, s.original) for s in result.stories], truth)
