"""MSRP and PAN-paraphrase (Madnani et al. 2012): the aligner's sentence decision,
"the same sentence reworded or not", as accuracy and F1 of a threshold on
:func:`~copytrace.align.similarity.sentence_similarity`.

Word weights (IDF), the threshold and, with an encoder, the blend weight are all fitted
on the training split only, then applied unchanged to the test split. In PAN-paraphrase
only the training split has human labels (the test labels come from a heuristic, says
the README in its folder), so it also reports a 5-fold cross-validation on the training
split: each fold scored with a threshold tuned on the other four.
"""

from __future__ import annotations

import csv
import time
from pathlib import Path

import numpy as np

from ..align.similarity import Encoder, cosine_rows, fit_sketcher, lexical_similarity
from .base import EvalInputError, EvalResult, Metric, data_root, dataset_dir, load_encoder, read_text
from .scores import binary_scores, tune_threshold

Split = tuple[list[str], list[str], np.ndarray]
#: Blend weights tried on the training split when an encoder is given.
BLEND_GRID = np.round(np.linspace(0.0, 1.0, 11), 2)
FOLDS = 5


def _lines(text: str) -> list[str]:
    """Lines split at "\n" only: ``str.splitlines`` also splits at rare separators
    (U+2028, form feed) inside a sentence and would shift every later pair."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [x.removesuffix("\r") for x in lines]


def load_msrp(folder: Path, split: str) -> Split:
    """``msr_paraphrase_{split}.txt``: Quality, #1 ID, #2 ID, #1 String, #2 String."""
    path = folder / f"msr_paraphrase_{split}.txt"
    rows = list(csv.reader(_lines(read_text(path).lstrip("\ufeff")), delimiter="\t", quoting=csv.QUOTE_NONE))
    a, b, y = [], [], []
    for n, row in enumerate(rows[1:], 2):
        if len(row) != 5 or row[0] not in ("0", "1"):
            raise EvalInputError(f"{path}:{n}: expected 5 tab-separated fields with Quality 0 or 1")
        a.append(row[3])
        b.append(row[4])
        y.append(row[0] == "1")
    return a, b, np.array(y, dtype=bool)


def load_pan(folder: Path, split: str) -> Split:
    """``pan-{split}_s1.txt``, ``_s2.txt`` (one sentence a line) and ``.labels`` (0/1)."""
    a = _lines(read_text(folder / f"pan-{split}_s1.txt"))
    b = _lines(read_text(folder / f"pan-{split}_s2.txt"))
    labels = read_text(folder / f"pan-{split}.labels").split()
    if not len(a) == len(b) == len(labels) or set(labels) - {"0", "1"}:
        raise EvalInputError(f"{folder}: pan-{split} has {len(a)}/{len(b)} sentences and {len(labels)} 0/1 labels")
    return a, b, np.array([x == "1" for x in labels], dtype=bool)


class _Scorer:
    """Lexical (and cosine) similarities of one split, with word weights from training."""

    def __init__(self, split: Split, sketcher, encoder: Encoder | None) -> None:
        a, b, self.gold = split
        self.lexical = lexical_similarity(a, b, sketcher)
        self.cosine = cosine_rows(encoder, a, b) if encoder is not None else None

    def scores(self, blend: float) -> np.ndarray:
        return self.lexical if self.cosine is None else (1 - blend) * self.lexical + blend * self.cosine


def _fit(train: _Scorer, idx: np.ndarray | None = None, metric: str = "accuracy") -> tuple[float, float, float]:
    """``(blend, threshold, value)`` maximising ``metric`` ("accuracy" or "f1") on the
    training items."""
    idx = np.arange(len(train.gold)) if idx is None else idx
    best = (0.0, 0.0, -1.0)
    for blend in BLEND_GRID if train.cosine is not None else [0.0]:
        threshold, value = tune_threshold(train.scores(float(blend))[idx], train.gold[idx], metric)
        if value > best[2]:
            best = (float(blend), threshold, value)
    return best


def _cross_validated(train: _Scorer) -> dict:
    """Accuracy and F1 over the training split, each fold predicted from the others."""
    n = len(train.gold)
    fold = np.arange(n) % FOLDS
    predicted = np.zeros(n, dtype=bool)
    for k in range(FOLDS):
        blend, threshold, _ = _fit(train, np.flatnonzero(fold != k))
        held = fold == k
        predicted[held] = train.scores(blend)[held] >= threshold
    return binary_scores(predicted, train.gold)


def evaluate_split(name: str, train: Split, test: Split, encoder: Encoder | None, *,
                   test_labels: str, cross_validate: bool) -> EvalResult:
    """Fit on ``train``, score ``test``; optionally cross-validate on ``train`` too."""
    started = time.perf_counter()
    sketcher = fit_sketcher([*train[0], *train[1]])
    tr, te = _Scorer(train, sketcher, encoder), _Scorer(test, sketcher, encoder)
    blend, threshold, train_acc = _fit(tr)
    got = binary_scores(te.scores(blend) >= threshold, te.gold)
    metrics = [
        Metric(f"test accuracy ({test_labels} labels)", got["accuracy"]),
        Metric("test F1 (paraphrase class)", got["f1"]),
        Metric("test precision", got["precision"]),
        Metric("test recall", got["recall"]),
        Metric("threshold (tuned on train)", threshold),
        Metric("train accuracy at that threshold", train_acc),
    ]
    if encoder is not None:
        metrics.append(Metric("blend weight of cosine (tuned on train)", blend))
    # The same similarities with the threshold tuned for F1 instead (more pairs called
    # paraphrases): what an F1 target could reach with one threshold.
    f1_blend, f1_threshold, _ = _fit(tr, metric="f1")
    for_f1 = binary_scores(te.scores(f1_blend) >= f1_threshold, te.gold)
    metrics.append(Metric("test F1, threshold tuned for F1 on train", for_f1["f1"]))
    details: dict = {"test": got, "threshold": threshold, "blend": blend, "test_tuned_for_f1": for_f1,
                     "train_pairs": len(tr.gold),
                     "test_pairs": len(te.gold), "test_positive_share": float(te.gold.mean())}
    if cross_validate:
        cv = _cross_validated(tr)
        metrics += [Metric(f"train {FOLDS}-fold CV accuracy (human labels)", cv["accuracy"]),
                    Metric(f"train {FOLDS}-fold CV F1", cv["f1"])]
        details["train_cv"] = cv
    notes = [f"{len(tr.gold)} train / {len(te.gold)} test pairs; majority-class test accuracy "
             f"{max(te.gold.mean(), 1 - te.gold.mean()):.4f}"]
    return EvalResult(name, metrics, details, notes, time.perf_counter() - started)


def run_msrp(data_dir: str | Path | None = None, *, semantic: str = "off") -> EvalResult:
    """MSRP: tune on train (4,076 pairs), score test (1,725)."""
    folder = dataset_dir(data_root(data_dir), "msrp", "msrp", ("msr_paraphrase_train.txt", "msr_paraphrase_test.txt"))
    encoder = load_encoder(semantic)
    return evaluate_split("msrp", load_msrp(folder, "train"), load_msrp(folder, "test"), encoder,
                          test_labels="human", cross_validate=False)


def run_pan(data_dir: str | Path | None = None, *, semantic: str = "off") -> EvalResult:
    """PAN-paraphrase: tune on train (10,000, human labels), score test (3,000, heuristic labels)."""
    names = tuple(f"pan-{s}{x}" for s in ("train", "test") for x in ("_s1.txt", "_s2.txt", ".labels"))
    folder = dataset_dir(data_root(data_dir), "pan-paraphrase", "pan-paraphrase-madnani2012", names)
    encoder = load_encoder(semantic)
    return evaluate_split("pan-paraphrase", load_pan(folder, "train"), load_pan(folder, "test"), encoder,
                          test_labels="heuristic", cross_validate=True)
