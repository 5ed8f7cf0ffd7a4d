"""Garbled reproductions: Reuters articles copied as OCR or careless typing gives them.

Republished news does not always arrive clean: newspaper archives are OCR'd column by
column, with letters read as their look-alikes ("e" as "c", "m" as "rn"), words run
together or split, lines hard-wrapped at the column's width and words hyphenated at a
line's end. A copy so garbled is still a copy of its source.

Each of ``size`` Reuters-21578 articles of 150 to 600 words (drawn with ``seed``) gets
one copy of each kind in :data:`KINDS`: garbled at a rate, hard-wrapped (with
hyphenation), cut to its first paragraphs, or mistyped (:func:`mistype`, a second noise
model: letters dropped, added, replaced or swapped at random). Sources and copies are scanned together.
Reported per kind: the share of copies found with their source (any reuse relation)
and the share typed as they should be, ``near_copy`` (or ``duplicate``, where the
garbling left every word): a copy lightly changed throughout, or cut down (an
excerpt), which DESIGN.md calls a near copy.
"""

from __future__ import annotations

import random
import string
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .. import pipeline
from ..records import Article
from .base import REUSE, EvalResult, Metric, data_root, dataset_dir, semantic_options
from .datasets import reuters
from .scores import ratio

FOLDER = "reuters-21578"
#: Letters OCR reads as others, and what it reads them as.
LOOKALIKES = {"e": "c", "m": "rn", "l": "1", "i": "l", "o": "0", "h": "b", "a": "s", "n": "u", "t": "f", "c": "e"}
#: Relations right for a garbled copy of a whole article or of its first paragraphs.
RIGHT = frozenset({"near_copy", "duplicate"})


@dataclass(frozen=True, slots=True)
class Kind:
    """One way of copying: ``rate`` as for :func:`garble`, hard-wrapped at ``width``
    characters (0: not wrapped, one paragraph a line), ``keep`` the share of paragraphs
    kept from the top."""

    name: str
    rate: float = 0.0
    width: int = 0
    keep: float = 1.0
    typos: float = 0.0  # as for :func:`mistype`, a second noise model, written apart from garble's


KINDS = (
    Kind("garbled 2%", rate=0.02),
    Kind("garbled 5%", rate=0.05),
    Kind("hard-wrapped at 40, hyphenated", width=40),
    Kind("wrapped at 40, garbled 5%", rate=0.05, width=40),
    Kind("first 60% of paragraphs, wrapped at 60, garbled 2%", rate=0.02, width=60, keep=0.6),
    Kind("mistyped 3%", typos=0.03),
    Kind("mistyped 3%, wrapped at 50", typos=0.03, width=50),
)


def garble(text: str, rate: float, rng: random.Random) -> str:
    """``text`` as a poor OCR reads it: each letter OCR confuses (:data:`LOOKALIKES`)
    read as its look-alike with probability ``rate``, a space dropped with ``rate / 2``
    (words run together) and a space put after a letter with ``rate / 4`` (a word split)."""
    out = []
    for ch in text:
        draw = rng.random()
        swap = LOOKALIKES.get(ch.lower())
        if swap is not None and draw < rate:
            out.append(swap)
        elif ch == " " and draw < rate / 2:
            continue
        elif ch.isalpha() and draw < rate / 4:
            out.append(ch + " ")
        else:
            out.append(ch)
    return "".join(out)


def mistype(text: str, rate: float, rng: random.Random) -> str:
    """``text`` retyped carelessly: each letter, with probability ``rate``, dropped,
    doubled by a random letter, replaced by a random letter, or swapped with the next."""
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch.isalpha() and rng.random() < rate:
            slip = rng.randrange(4)
            if slip == 1:
                out.append(ch + rng.choice(string.ascii_lowercase))
            elif slip == 2:
                out.append(rng.choice(string.ascii_lowercase))
            elif slip == 3 and i + 1 < len(text) and text[i + 1].isalpha():
                out.append(text[i + 1] + ch)
                i += 1
            elif slip == 3:
                out.append(ch)
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def hard_wrap(paragraphs: list[str], width: int, *, hyphenate: bool = False) -> str:
    """``paragraphs`` wrapped at ``width`` characters, a blank line between paragraphs,
    as a plain-text file or an OCR'd column prints them; with ``hyphenate``, a long word
    that does not fit is split with a hyphen, its first part kept on the line."""
    out: list[str] = []
    for paragraph in paragraphs:
        line = ""
        for word in paragraph.split():
            if line and len(line) + 1 + len(word) > width:
                room = width - len(line) - 2
                if hyphenate and word.isalpha() and len(word) >= 8 and room >= 3:
                    out.append(f"{line} {word[:room]}-")
                    word = word[room:]
                else:
                    out.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        out.extend([line, ""])
    return "\n".join(out).strip() + "\n"


def copy_of(text: str, kind: Kind, rng: random.Random) -> str:
    """A copy of ``text`` (paragraphs separated by blank lines) made the ``kind`` way."""
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    kept = paragraphs[: max(1, round(len(paragraphs) * kind.keep))]
    if kind.rate:
        kept = [garble(p, kind.rate, rng) for p in kept]
    if kind.typos:
        kept = [mistype(p, kind.typos, rng) for p in kept]
    return hard_wrap(kept, kind.width, hyphenate=True) if kind.width else "\n\n".join(kept)


def run(data_dir: str | Path | None = None, *, semantic: str = "off", size: int = 300, seed: int = 0) -> EvalResult:
    """Copy ``size`` Reuters articles each way of :data:`KINDS`, scan all together, and
    count the copies found and typed right, per kind."""
    started = time.perf_counter()
    folder = dataset_dir(data_root(data_dir), "ocr", FOLDER, ("reut2-000.sgm",))
    rng = random.Random(seed)
    pool = [a for a in reuters(folder) if 150 <= len(a.text.split()) <= 600]
    sources = rng.sample(pool, min(size, len(pool)))
    articles, planted = [], {}
    for src in sources:
        articles.append(Article(id=src.id, text=src.text, title=src.title))
        for k, kind in enumerate(KINDS):
            copy = Article(id=f"{src.id}-copy{k}", text=copy_of(src.text, kind, rng))
            articles.append(copy)
            planted[frozenset((src.id, copy.id))] = kind.name
    result = pipeline.scan_articles(articles, **semantic_options(semantic))
    found = {frozenset((p.a, p.b)): p.relation for p in result.pairs}
    metrics, relations = [], {}
    for kind in KINDS:
        got = Counter(found.get(key, "none") for key, name in planted.items() if name == kind.name)
        relations[kind.name] = dict(got)
        n = sum(got.values())
        metrics.append(Metric(f"{kind.name}: found ({n})", ratio(sum(got[r] for r in REUSE), n)))
        metrics.append(Metric("  ... typed near_copy", ratio(sum(got[r] for r in RIGHT), n)))
    notes = [f"{name}: " + ", ".join(f"{r} {c}" for r, c in sorted(got.items())) for name, got in relations.items()]
    details = {"sources": len(sources), "seed": seed, "relations": relations}
    return EvalResult("ocr", metrics, details, notes, time.perf_counter() - started)
