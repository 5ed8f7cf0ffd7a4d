"""PAN text alignment, no obfuscation: copytrace's aligned passages scored as plagiarism
detections against the gold cases, with PAN's plagdet (see :func:`.scores.plagdet`).

Offsets. The gold cases are character offsets of the original files, while
``Pair.passages`` are offsets of the *cleaned* texts. Two steps keep them comparable,
and both are exact:

1. The files are hard-wrapped; :func:`.base.unwrap` turns single line breaks into
   spaces, which keeps every offset.
2. Cleaning only drops whole lines, strips each kept line and joins the kept lines with
   a blank line; :func:`raw_offsets` finds where each kept line sits in the original
   text, so every cleaned offset maps back to one original offset (checked character
   for character).

Detections. Each document pair listed in ``pairs`` is compared (``copytrace.compare``);
when it is reported as reuse (any relation but ``same_story``), its passages are the
detections. Passages separated by at most :data:`MERGE_SENTENCES` unaligned sentence
on each side, in the same order on both sides, are merged into one detection: the
aligner cuts a reused block wherever one sentence fails to align or the kind of
passage (verbatim, edited) changes, and PAN counts such pieces as granularity.
The figures are given twice: with every passage of the pair (what ``pairs.jsonl``
reports), and with the copied passages only (kinds ``verbatim`` and ``edited``, not
``paraphrase``-level matches).
"""

from __future__ import annotations

import re
import time
from bisect import bisect_right
from pathlib import Path
from xml.etree import ElementTree

import numpy as np

from .. import pipeline
from ..clean.wrap import logical_lines
from ..records import Article, CleanArticle, Passage
from .base import (
    REUSE,
    EvalInputError,
    EvalResult,
    Metric,
    data_root,
    dataset_dir,
    read_text,
    semantic_options,
    unwrap,
)
from .scores import Span, plagdet

FOLDER = "pan-text-alignment-no-obfuscation"
TARGET = 0.95
#: Unaligned sentences allowed between two passages of one detection, on each side.
MERGE_SENTENCES = 1
_LINE = re.compile(r"[^\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+")  # what str.splitlines splits at


def raw_offsets(clean: CleanArticle) -> tuple[np.ndarray, np.ndarray]:
    """Where each line of the cleaned text starts, in the cleaned and the original text.

    Returns:
        ``(clean_starts, raw_starts)``: a cleaned offset ``o`` in kept line ``k`` is
        original offset ``raw_starts[k] + o - clean_starts[k]``.

    Raises:
        ValueError: if the cleaned lines are not, in order, lines of the original.
    """
    raw = clean.article.text
    lines = []  # (stripped line, its start in raw), as the cleaner reads them (logical_lines)
    for m in _LINE.finditer(raw):
        body = m.group().strip()
        if body:
            lines.append((body, m.start() + len(m.group()) - len(m.group().lstrip())))
    if [b for b, _ in lines] != logical_lines(raw):
        raise ValueError(f"{clean.id}: line split differs from the cleaner's")
    clean_starts = clean.paragraphs[:, 0]
    raw_starts = np.zeros(len(clean_starts), dtype=np.int64)
    j = 0
    for k, (s, e) in enumerate(clean.paragraphs.tolist()):
        kept = clean.text[s:e]
        while j < len(lines) and lines[j][0] != kept:  # dropped lines come in between
            j += 1
        if j == len(lines):
            raise ValueError(f"{clean.id}: cleaned line {k} is not a line of the original text")
        raw_starts[k] = lines[j][1]
        j += 1
    return clean_starts, raw_starts


def _to_raw(span: tuple[int, int], starts: tuple[np.ndarray, np.ndarray]) -> tuple[int, int]:
    clean_starts, raw_starts = starts
    k0 = bisect_right(clean_starts.tolist(), span[0]) - 1
    k1 = bisect_right(clean_starts.tolist(), span[1] - 1) - 1
    return (int(raw_starts[k0] + span[0] - clean_starts[k0]), int(raw_starts[k1] + span[1] - clean_starts[k1]))


def merge_passages(passages: list[Passage], a: CleanArticle, b: CleanArticle,
                   max_gap: int = MERGE_SENTENCES) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Passages merged into detections: ``[(a span, b span)]`` in cleaned offsets.

    Two passages merge when the second follows the first on both sides with at most
    ``max_gap`` sentences in between on each.
    """
    starts_a, starts_b = a.sentences[:, 0], b.sentences[:, 0]

    def between(starts: np.ndarray, lo: int, hi: int) -> int:
        return int(np.searchsorted(starts, hi) - np.searchsorted(starts, lo))

    out: list[list[list[int]]] = []
    for p in sorted(passages, key=lambda p: (p.a[0], p.b[0])):
        if out:
            (_, a_end), (_, b_end) = out[-1]
            if (p.a[0] >= a_end and p.b[0] >= b_end and between(starts_a, a_end, p.a[0]) <= max_gap
                    and between(starts_b, b_end, p.b[0]) <= max_gap):
                out[-1][0][1], out[-1][1][1] = max(a_end, p.a[1]), max(b_end, p.b[1])
                continue
        out.append([list(p.a), list(p.b)])
    return [(tuple(x), tuple(y)) for x, y in out]


def load_cases(folder: Path) -> tuple[list[tuple[str, str]], list[Span]]:
    """The document pairs of ``pairs`` and the gold cases of ``gold/*.xml``."""
    pairs = []
    for n, line in enumerate(read_text(folder / "pairs").splitlines(), 1):
        if line.strip():
            names = line.split()
            if len(names) != 2:
                raise EvalInputError(f"{folder / 'pairs'}:{n}: expected 'SUSP SRC'")
            pairs.append((names[0], names[1]))
    cases = []
    for path in sorted((folder / "gold").glob("*.xml")):
        try:
            root = ElementTree.fromstring(read_text(path))
            susp = root.attrib["reference"]
            for f in root.iter("feature"):
                if f.get("name") != "plagiarism":
                    continue
                t0, s0 = int(f.attrib["this_offset"]), int(f.attrib["source_offset"])
                cases.append(Span(susp, f.attrib["source_reference"], t0, t0 + int(f.attrib["this_length"]),
                                  s0, s0 + int(f.attrib["source_length"])))
        except (ElementTree.ParseError, KeyError, ValueError) as exc:
            raise EvalInputError(f"{path}: not a PAN gold file ({type(exc).__name__}: {exc})") from None
    return pairs, cases


def run(data_dir: str | Path | None = None, *, semantic: str = "off") -> EvalResult:
    """Compare every listed pair, merge its passages and score them with plagdet."""
    started = time.perf_counter()
    folder = dataset_dir(data_root(data_dir), "pan", FOLDER, ("pairs", "gold", "susp", "src"))
    options = semantic_options(semantic)
    pairs, cases = load_cases(folder)
    detections: list[Span] = []
    copied: list[Span] = []
    relations: dict[str, int] = {}
    raw_passages = 0
    for susp, src in pairs:
        a = Article(susp, unwrap(read_text(folder / "susp" / susp)), source=str(folder / "susp" / susp))
        b = Article(src, unwrap(read_text(folder / "src" / src)), source=str(folder / "src" / src))
        cmp = pipeline.compare(a, b, **options)
        relation = cmp.pair.relation if cmp.pair is not None else "none"
        relations[relation] = relations.get(relation, 0) + 1
        if relation not in REUSE:
            continue
        raw_passages += len(cmp.pair.passages)
        map_a, map_b = raw_offsets(cmp.a), raw_offsets(cmp.b)
        for out, kept in ((detections, cmp.pair.passages),
                          (copied, [p for p in cmp.pair.passages if p.kind != "paraphrase"])):
            for sa, sb in merge_passages(kept, cmp.a, cmp.b):
                (a0, a1), (b0, b1) = _to_raw(sa, map_a), _to_raw(sb, map_b)
                out.append(Span(susp, src, a0, a1, b0, b1))
    got, got_copied = plagdet(cases, detections), plagdet(cases, copied)
    metrics = [
        Metric("plagdet", got["plagdet"], (">=", TARGET)),
        Metric("precision", got["precision"]),
        Metric("recall", got["recall"]),
        Metric("granularity", got["granularity"]),
        Metric("cases", len(cases)),
        Metric("detections (merged)", len(detections)),
        Metric("passages before merging", raw_passages),
        Metric("plagdet, copied passages only", got_copied["plagdet"]),
        Metric("  precision", got_copied["precision"]),
        Metric("  recall", got_copied["recall"]),
        Metric("  granularity", got_copied["granularity"]),
    ]
    missed = sorted({c.susp + " " + c.src for c in cases} - {d.susp + " " + d.src for d in detections})
    notes = ["pairs by reported relation: " + ", ".join(f"{k} {v}" for k, v in sorted(relations.items()))]
    details = {"all_passages": got, "copied_passages": got_copied, "relations": relations, "pairs": len(pairs),
               "passages": raw_passages, "pairs_without_detection": missed}
    return EvalResult("pan", metrics, details, notes, time.perf_counter() - started)
