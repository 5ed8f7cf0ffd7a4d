"""The two texts of a pair side by side, aligned passages highlighted and numbered.

Passage offsets come from the output records and may be wrong (out of range, reversed,
not numbers): every span is clamped to its text, and passages that overlap on one side
are merged into one highlight carrying all their numbers, so a bad record degrades the
picture instead of breaking the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from copytrace.align.diff import word_ops
from copytrace.report.assets import PASSAGE_KINDS, esc

_WORD = re.compile(r"\w+")


@dataclass(slots=True)
class Region:
    """A highlighted stretch of one text: one or more merged passages."""

    start: int
    end: int
    kind: str
    nums: list[int] = field(default_factory=list)
    tips: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Mark:
    """A word change inside a passage: ``tag`` is ``del`` or ``ins``, ``cls`` its style."""

    start: int
    end: int
    tag: str
    cls: str
    title: str


@dataclass(frozen=True, slots=True)
class AlignedPassage:
    """A passage of the pair, spans already clamped, oriented left/right as displayed."""

    num: int
    kind: str
    similarity: float | None
    left: tuple[int, int] | None
    right: tuple[int, int] | None


def _offset(value: Any) -> int | None:
    """An offset as an int, or ``None`` when it is not a number."""
    if isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        return None


def clamp_span(span: Any, length: int) -> tuple[int, int] | None:
    """``span`` as a ``[start, end)`` inside ``[0, length]``, or ``None`` if empty or unusable."""
    if not isinstance(span, (list, tuple)) or len(span) != 2:
        return None
    s, e = _offset(span[0]), _offset(span[1])
    if s is None or e is None:
        return None
    s, e = sorted((s, e))  # a reversed span still names the same text
    s, e = max(0, min(s, length)), max(0, min(e, length))
    return (s, e) if s < e else None


def _kind(value: Any) -> str:
    return value if value in PASSAGE_KINDS else "edited"


def _similarity(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def oriented_passages(
    passages: Any, swap: bool, left_len: int, right_len: int
) -> list[AlignedPassage]:
    """The pair's passages numbered from 1, with ``a``/``b`` mapped to the display sides."""
    out: list[AlignedPassage] = []
    if not isinstance(passages, list):
        return out
    for num, p in enumerate(passages, 1):
        if not isinstance(p, dict):
            continue
        left_raw, right_raw = (p.get("b"), p.get("a")) if swap else (p.get("a"), p.get("b"))
        out.append(
            AlignedPassage(
                num=num,
                kind=_kind(p.get("kind")),
                similarity=_similarity(p.get("similarity")),
                left=clamp_span(left_raw, left_len),
                right=clamp_span(right_raw, right_len),
            )
        )
    return out


def _tip(p: AlignedPassage) -> str:
    sim = "" if p.similarity is None else f", similarity {p.similarity:.2f}"
    return f"passage {p.num}: {p.kind}{sim}"


def merge_regions(items: list[tuple[tuple[int, int], AlignedPassage]]) -> list[Region]:
    """Merge overlapping spans of one side into regions, in text order.

    A merged region takes the closest kind of its passages (verbatim before edited
    before paraphrase), so the colour never overstates how loose the reuse is.
    """
    regions: list[Region] = []
    for (s, e), p in sorted(items, key=lambda it: (it[0][0], it[0][1], it[1].num)):
        last = regions[-1] if regions else None
        if last is not None and s < last.end:
            last.end = max(last.end, e)
            if PASSAGE_KINDS.index(p.kind) < PASSAGE_KINDS.index(last.kind):
                last.kind = p.kind
        else:
            last = Region(s, e, p.kind)
            regions.append(last)
        last.nums.append(p.num)
        last.tips.append(_tip(p))
    for r in regions:  # numbers read in order, whatever the spans' order
        order = sorted(range(len(r.nums)), key=r.nums.__getitem__)
        r.nums, r.tips = [r.nums[k] for k in order], [r.tips[k] for k in order]
    return regions


def _words(text: str) -> int:
    return sum(1 for _ in _WORD.finditer(text))


def substitution_marks(
    left_text: str,
    right_text: str,
    left: tuple[int, int],
    right: tuple[int, int],
    max_words: int = 3,
) -> tuple[list[Mark], list[Mark]]:
    """Word changes between the two passage texts, as marks in each whole text.

    Short replacements (at most ``max_words`` words each side) are substitutions,
    struck on the left and marked on the right; longer rewording, deletions and
    insertions get a quieter style so that substitutions stand out.
    """
    ls, le = left
    rs, re_ = right
    a, b = left_text[ls:le], right_text[rs:re_]
    lm: list[Mark] = []
    rm: list[Mark] = []
    for op in word_ops(a, b):
        wa, wb = a[op.a[0] : op.a[1]], b[op.b[0] : op.b[1]]
        if op.tag == "replace":
            short = _words(wa) <= max_words and _words(wb) <= max_words
            cls = "sub" if short else "chg"
            lm.append(Mark(ls + op.a[0], ls + op.a[1], "del", cls, f"replaced by: {wb}"))
            rm.append(Mark(rs + op.b[0], rs + op.b[1], "ins", cls, f"replaces: {wa}"))
        elif op.tag == "delete":
            lm.append(Mark(ls + op.a[0], ls + op.a[1], "del", "gone", "not in the other text"))
        elif op.tag == "insert":
            rm.append(Mark(rs + op.b[0], rs + op.b[1], "ins", "add", "not in the other text"))
    return lm, rm


def _clean_marks(marks: list[Mark]) -> list[Mark]:
    """Sorted, non-empty, non-overlapping marks (overlaps come from overlapping passages)."""
    out: list[Mark] = []
    end = -1
    for m in sorted(marks, key=lambda m: (m.start, m.end)):
        if m.start < m.end and m.start >= end:
            out.append(m)
            end = m.end
    return out


def _render_region_body(text: str, region: Region, marks: list[Mark], i: int) -> tuple[str, int]:
    """The inside of one region with its marks; returns the HTML and the next mark index."""
    parts: list[str] = []
    cur = region.start
    n = len(marks)
    while i < n and marks[i].start < region.end:
        m = marks[i]
        s, e = max(m.start, cur), min(m.end, region.end)
        if s < e:
            parts.append(esc(text[cur:s]))
            parts.append(f'<{m.tag} class="{m.cls}" title="{esc(m.title)}">{esc(text[s:e])}</{m.tag}>')
            cur = e
        i += 1
    parts.append(esc(text[cur : region.end]))
    return "".join(parts), i


def render_column(
    text: str, regions: list[Region], marks: list[Mark], side: str, other: str, anchor: str
) -> str:
    """One text as HTML with its regions highlighted and numbered.

    Each passage number is a link to the same number on the other side
    (``{anchor}{side}{num}`` to ``{anchor}{other}{num}``).
    """
    marks = _clean_marks(marks)
    parts: list[str] = []
    cur = 0
    mi = 0
    for r in regions:
        parts.append(esc(text[cur : r.start]))
        while mi < len(marks) and marks[mi].end <= r.start:
            mi += 1  # marks outside every region cannot be shown; skip them
        labels = "".join(
            f'<a class="pn" id="{anchor}{side}{k}" href="#{anchor}{other}{k}">{k}</a>'
            for k in r.nums
        )
        body, mi = _render_region_body(text, r, marks, mi)
        parts.append(
            f'<mark class="psg k-{r.kind}" data-k="{" ".join(map(str, r.nums))}" '
            f'title="{esc("; ".join(r.tips))}">{labels}{body}</mark>'
        )
        cur = r.end
    parts.append(esc(text[cur:]))
    return "".join(parts)


def pair_columns(
    left_text: str | None,
    right_text: str | None,
    passages: list[AlignedPassage],
    anchor: str,
    heads: tuple[str, str],
) -> str:
    """The two-column block of a pair; ``heads`` are the (already HTML) column titles."""
    lt, rt = left_text or "", right_text or ""
    lm: list[Mark] = []
    rm: list[Mark] = []
    left_items, right_items = [], []
    for p in passages:
        if p.left is not None:
            left_items.append((p.left, p))
        if p.right is not None:
            right_items.append((p.right, p))
        # Identical passages (verbatim copies, the bulk of most pairs) have nothing to mark.
        if p.left is not None and p.right is not None and lt[slice(*p.left)] != rt[slice(*p.right)]:
            a_marks, b_marks = substitution_marks(lt, rt, p.left, p.right)
            lm.extend(a_marks)
            rm.extend(b_marks)
    cols = []
    for head, text, items, marks, side, other in (
        (heads[0], left_text, left_items, lm, "L", "R"),
        (heads[1], right_text, right_items, rm, "R", "L"),
    ):
        if text is None:
            body = '<span class="muted">(text not available)</span>'
        else:
            body = render_column(text, merge_regions(items), marks, side, other, anchor)
        cols.append(f'<div><div class="colhead">{head}</div><div class="text">{body}</div></div>')
    return f'<div class="cols">{"".join(cols)}</div>'
