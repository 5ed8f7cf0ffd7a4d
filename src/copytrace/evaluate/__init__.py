"""Evaluation: copytrace measured on labelled collections, and the synthetic corpus.

>>> from copytrace import evaluate
>>> result = evaluate.run("clough", data_dir="../shared/data")
>>> print(result.table()); result.to_dict()

Each collection has a small module (loader and evaluator); the scorers are in
``copytrace.evaluate.scores``. ``run`` raises :class:`DatasetMissing` when the
collection is not in the data folder.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from copytrace.evaluate import clough, duplicates, labelled, ocr, pan, paraphrase, planted, semeval, wikiref
from copytrace.evaluate.base import SEMANTIC_MODES, DatasetMissing, EvalInputError, EvalResult, Metric
from copytrace.evaluate.synthetic import generate_corpus, load_truth, score_pairs

#: Evaluations by name, in the order ``copytrace eval all`` runs them.
DATASETS: dict[str, Callable[..., EvalResult]] = {
    "clough": clough.run,
    "pan": pan.run,
    "msrp": paraphrase.run_msrp,
    "pan-paraphrase": paraphrase.run_pan,
    "semeval": semeval.run,
    "wikiref": wikiref.run,
    "reuters-bbc": duplicates.run,
    "ocr": ocr.run,
    "synthetic": planted.run,
    "labelled": labelled.run,
}
#: What ``all`` runs: every evaluation that needs no input of the user's.
ALL = tuple(name for name in DATASETS if name != "labelled")


def run(name: str, *, data_dir: str | Path | None = None, semantic: str = "off", **options) -> EvalResult:
    """Run one evaluation by name (see :data:`DATASETS`).

    Args:
        name: the evaluation.
        data_dir: the shared data folder (default ``$COPYTRACE_DATA``, else ``../shared/data``).
        semantic: ``off`` (default), ``static``, ``transformer`` or ``auto``; passed to the
            pipeline and, for the sentence and article similarities, used as encoder.
        **options: ``size``/``seed`` for synthetic, ``corpus``/``labels`` for labelled.
    """
    if name not in DATASETS:
        raise EvalInputError(f"unknown dataset {name!r}: one of {', '.join(DATASETS)}, all")
    return DATASETS[name](data_dir, semantic=semantic, **options)


__all__ = [
    "ALL",
    "DATASETS",
    "SEMANTIC_MODES",
    "DatasetMissing",
    "EvalInputError",
    "EvalResult",
    "Metric",
    "generate_corpus",
    "load_truth",
    "run",
    "score_pairs",
]
