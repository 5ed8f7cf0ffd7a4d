"""The scorers of ``copytrace eval``, in one place, each a plain function on plain values.

Every formula here is the textbook one, named where it comes from, so that a figure in
``docs/evaluation.md`` can be checked by hand; ``tests/test_evaluate.py`` does so on
small cases.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np


def ratio(num: float, den: float) -> float | None:
    """``num / den``, or None when ``den`` is 0 (undefined, not zero)."""
    return num / den if den else None


def f1(precision: float | None, recall: float | None) -> float | None:
    """Harmonic mean of precision and recall (0 when both are 0, None if either is undefined)."""
    if precision is None or recall is None:
        return None
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def precision_recall_f1(tp: int, fp: int, fn: int) -> dict[str, float | None]:
    """Precision ``tp/(tp+fp)``, recall ``tp/(tp+fn)`` and their F1, with the counts."""
    p, r = ratio(tp, tp + fp), ratio(tp, tp + fn)
    return {"precision": p, "recall": r, "f1": f1(p, r), "tp": tp, "fp": fp, "fn": fn}


def binary_scores(predicted: Sequence[bool], gold: Sequence[bool]) -> dict[str, float | None]:
    """Accuracy, and precision/recall/F1 of the positive class, of two boolean sequences."""
    pred, true = np.asarray(predicted, dtype=bool), np.asarray(gold, dtype=bool)
    if pred.shape != true.shape:
        raise ValueError(f"{len(pred)} predictions for {len(true)} labels")
    tp = int((pred & true).sum())
    out = precision_recall_f1(tp, int((pred & ~true).sum()), int((~pred & true).sum()))
    out["accuracy"] = ratio(int((pred == true).sum()), len(true))
    return out


def confusion_matrix(gold: Iterable[Hashable], predicted: Iterable[Hashable]) -> dict[Hashable, dict[Hashable, int]]:
    """``{gold label: {predicted label: count}}`` over paired labels."""
    out: dict[Hashable, Counter] = {}
    for g, p in zip(gold, predicted, strict=True):
        out.setdefault(g, Counter())[p] += 1
    return {g: dict(c) for g, c in out.items()}


def per_label_scores(gold: Sequence[Hashable], predicted: Sequence[Hashable],
                     labels: Iterable[Hashable]) -> dict[Hashable, dict[str, float | None]]:
    """Precision, recall and F1 of each label (one-vs-rest) over paired labels."""
    out = {}
    for label in labels:
        tp = sum(g == label and p == label for g, p in zip(gold, predicted, strict=True))
        fp = sum(g != label and p == label for g, p in zip(gold, predicted))
        fn = sum(g == label and p != label for g, p in zip(gold, predicted))
        out[label] = {**precision_recall_f1(tp, fp, fn), "support": tp + fn}
    return out


def pearson(x: Sequence[float], y: Sequence[float]) -> float | None:
    """Pearson's correlation coefficient; None with fewer than 2 points or a constant side."""
    a, b = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"{len(a)} values against {len(b)}")
    if len(a) < 2:
        return None
    a, b = a - a.mean(), b - b.mean()
    den = math.sqrt(float(a @ a) * float(b @ b))
    return float(a @ b) / den if den else None


def adjusted_rand_index(labels_true: Sequence[Hashable], labels_pred: Sequence[Hashable]) -> float:
    """Adjusted Rand index of two clusterings of the same items (Hubert & Arabie 1985).

    ``(index - expected) / (max - expected)`` with ``index = sum C(n_ij, 2)`` over the
    contingency table, ``expected = sum C(a_i, 2) * sum C(b_j, 2) / C(n, 2)`` and ``max``
    the mean of the two marginal sums; 1.0 when both clusterings are trivial and equal.
    """
    if len(labels_true) != len(labels_pred):
        raise ValueError(f"{len(labels_true)} true labels against {len(labels_pred)}")

    def pairs(counts: Iterable[int]) -> float:
        return float(sum(c * (c - 1) // 2 for c in counts))

    index = pairs(Counter(zip(labels_true, labels_pred)).values())
    sum_a = pairs(Counter(labels_true).values())
    sum_b = pairs(Counter(labels_pred).values())
    total = pairs([len(labels_true)])
    expected = sum_a * sum_b / total if total else 0.0
    top = (sum_a + sum_b) / 2
    if top == expected:  # both all singletons, or both one cluster
        return 1.0
    return (index - expected) / (top - expected)


def tune_threshold(scores: Sequence[float], gold: Sequence[bool], metric: str = "accuracy") -> tuple[float, float]:
    """The threshold ``t`` maximising ``metric`` ("accuracy" or "f1") of ``score >= t``.

    Candidates are the midpoints between consecutive distinct scores and one point
    beyond each end (all positive, all negative); the lowest best one wins. Counting is
    one sort and cumulative sums, so it is exact and cheap for any number of items.

    Returns:
        ``(threshold, value of the metric on these items)``.
    """
    s, y = np.asarray(scores, dtype=np.float64), np.asarray(gold, dtype=bool)
    if len(s) == 0 or s.shape != y.shape:
        raise ValueError("need as many gold labels as scores, at least one")
    order = np.argsort(-s, kind="stable")
    s, y = s[order], y[order]
    # Cut k: the k highest scores predicted positive; only cuts between distinct scores.
    tp = np.concatenate([[0], np.cumsum(y)])
    fp = np.concatenate([[0], np.cumsum(~y)])
    cuts = np.concatenate([[0], np.flatnonzero(s[1:] != s[:-1]) + 1, [len(s)]])
    tp, fp = tp[cuts], fp[cuts]
    pos = int(y.sum())
    if metric == "accuracy":
        value = (tp + (len(y) - pos - fp)) / len(y)
    elif metric == "f1":
        value = 2 * tp / np.maximum(tp + fp + pos, 1)
    else:
        raise ValueError(f"unknown metric {metric!r}")
    best = int(np.argmax(value[::-1]))
    k = cuts[len(cuts) - 1 - best]  # the largest best cut: the lowest threshold
    if k == 0:
        threshold = float(s[0]) + 1.0
    elif k == len(s):
        threshold = float(s[-1]) - 1.0
    else:
        threshold = float(s[k - 1] + s[k]) / 2
    return threshold, float(value[len(value) - 1 - best])


# --------------------------------------------------------------------------- PAN plagdet


@dataclass(frozen=True, slots=True)
class Span:
    """Aligned text in a pair of documents: ``[start, end)`` character offsets of the
    suspicious (derived) document and of the source document. A plagiarism case of the
    gold standard and a detection are both spans."""

    susp: str
    src: str
    susp_start: int
    susp_end: int
    src_start: int
    src_end: int

    def __len__(self) -> int:
        return (self.susp_end - self.susp_start) + (self.src_end - self.src_start)

    def detects(self, other: Span) -> bool:
        """Overlap in both documents of the same document pair (PAN's ``is_overlapping``)."""
        return (
            self.susp == other.susp and self.src == other.src
            and self.susp_start < other.susp_end and other.susp_start < self.susp_end
            and self.src_start < other.src_end and other.src_start < self.src_end
        )


def _covered(span: tuple[int, int], others: Iterable[tuple[int, int]]) -> int:
    """Characters of ``span`` inside the union of ``others``."""
    cuts = sorted((max(a, span[0]), min(b, span[1])) for a, b in others)
    total, reach = 0, span[0]
    for a, b in cuts:
        a = max(a, reach)
        if b > a:
            total += b - a
            reach = b
    return total


def _macro_recall(cases: Sequence[Span], detections: Sequence[Span]) -> float:
    """Mean over cases of the share of the case's characters (both documents) that
    detections detecting it cover (Potthast et al. 2010, eq. 1)."""
    if not cases and not detections:
        return 1.0
    if not cases or not detections:
        return 0.0
    by_pair: dict[tuple[str, str], list[Span]] = {}
    for d in detections:
        by_pair.setdefault((d.susp, d.src), []).append(d)
    total = 0.0
    for case in cases:
        hits = [d for d in by_pair.get((case.susp, case.src), []) if case.detects(d)]
        if hits and len(case):
            got = _covered((case.susp_start, case.susp_end), [(d.susp_start, d.susp_end) for d in hits])
            got += _covered((case.src_start, case.src_end), [(d.src_start, d.src_end) for d in hits])
            total += got / len(case)
    return total / len(cases)


def granularity(cases: Sequence[Span], detections: Sequence[Span]) -> float:
    """Mean number of detections per detected case (1 is ideal; 1 when nothing is detected)."""
    by_pair: dict[tuple[str, str], list[Span]] = {}
    for d in detections:
        by_pair.setdefault((d.susp, d.src), []).append(d)
    counts = [sum(case.detects(d) for d in by_pair.get((case.susp, case.src), [])) for case in cases]
    detected = [c for c in counts if c]
    return sum(detected) / len(detected) if detected else 1.0


def plagdet(cases: Sequence[Span], detections: Sequence[Span]) -> dict[str, float]:
    """PAN's measures (Potthast et al. 2010, "An Evaluation Framework for Plagiarism
    Detection"): character-level macro precision and recall, granularity, and
    ``plagdet = F1 / log2(1 + granularity)``.

    Precision is recall with the roles of cases and detections swapped. Characters of
    both documents count (a case of 100 suspicious and 100 source characters has 200).
    """
    recall = _macro_recall(cases, detections)
    precision = _macro_recall(detections, cases)
    gran = granularity(cases, detections)
    score = f1(precision, recall) or 0.0
    return {
        "precision": precision,
        "recall": recall,
        "granularity": gran,
        "plagdet": score / math.log2(1 + gran),
        "cases": len(cases),
        "detections": len(detections),
    }
