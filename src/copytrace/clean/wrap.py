"""Hard-wrapped text joined back into paragraphs.

Plain-text news often arrives hard-wrapped: OCR of newspaper columns, wire feeds,
e-mail newsletters, files saved at 72 columns. Each line then ends mid-sentence, and a
word is sometimes split over two lines with a hyphen ("gov-" / "ernment"). copytrace
reads a line as a paragraph that no sentence crosses, so a wrapped copy of an article
would share hardly a sentence with its source. :func:`logical_lines` gives the lines
the rest of the cleaner works on: a text's lines, with the lines of a wrapped paragraph
joined into one.

A text counts as wrapped when several of its lines run on into the next: the line has no
closing punctuation and the next one, directly below it, starts in lower case. In a
wrapped text, a line break is a wrap where the line runs on as above, or where the
line and the next line's first word would nearly fill the text's wrap width (the word
did not fit). A blank line, a list item, a line indented more than the one above it
(a paragraph's first line) or a shorter line (a paragraph's last) keeps its break. A text
written one paragraph per line has no such run-on lines and is left as it is; so are a
table's rows, which start with a capital and are short.
"""

from __future__ import annotations

import functools
import re

from .rules import BULLETS, CLOSERS, FINAL_PUNCT

_LOWER_CASE = "a-zß-öø-ÿα-ωа-яё"
#: A line break with, directly below, a word in lower case. The regex starts at the
#: line break, which ``re`` finds fast; what ends the line above is checked apart.
_LOWER_BELOW = re.compile(rf"\n[^\S\n]*[{_LOWER_CASE}]")
_LINE_END_SPACE = " \t\r\f\v"
#: Run-on lines a text needs before it is read as wrapped: a paragraph-per-line text may
#: have one (a byline in lower case below an unpunctuated line).
MIN_RUN_ONS = 2
#: ... and the share of its line breaks (blank lines aside) that they make up.
MIN_RUN_ON_SHARE = 0.3
#: A line was broken because the next word did not fit where the line and that word
#: would fill this share of the wrap width (proportional fonts make an OCR'd column's
#: lines uneven). A shorter line ended there: a paragraph's last, a table's row.
FULL_LINE = 0.9
#: Wider than this, lines are paragraphs, however they end.
MAX_WRAP_WIDTH = 200
#: A line indented this many characters more than the line above starts a paragraph.
PARAGRAPH_INDENT = 2
_LIST_ITEM = re.compile(r"(?:\d{1,3}[.)]|[" + re.escape(BULLETS) + r"])\s")
_LOWER = re.compile(rf"[{_LOWER_CASE}]")
_HYPHENATED = re.compile(r"([^\W\d_]+)-$")
_WORD = re.compile(r"[^\W\d_]+")
_COMPOUND = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)+")


def logical_lines(text: str) -> list[str]:
    """The stripped, non-blank lines of ``text`` (any line break counts), with the lines
    of a hard-wrapped paragraph joined into one and words hyphenated at a line's end
    joined back."""
    if _count_run_ons(text) < MIN_RUN_ONS:  # most texts: one fast scan, then out
        return [s for s in map(str.strip, text.splitlines()) if s]
    lines, indents, after_blank = [], [], []
    blank = True
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            blank = True
            continue
        lines.append(line)
        indents.append(len(raw) - len(raw.lstrip()))
        after_blank.append(blank)
        blank = False
    breaks = [i for i in range(len(lines) - 1) if not after_blank[i + 1]]
    run_ons = [i for i in breaks if _runs_on(lines[i], lines[i + 1])]
    if len(run_ons) < MIN_RUN_ONS or len(run_ons) < MIN_RUN_ON_SHARE * len(breaks):
        return lines
    width = _wrap_width([len(lines[i]) for i in breaks])
    if width > MAX_WRAP_WIDTH:
        return lines
    run_on = set(run_ons)
    spellings = functools.cache(lambda: _spellings(text))  # read only at a hyphen
    out: list[str] = []
    parts = [lines[0]]  # of the paragraph being joined: joined once, at its end (a long one stays linear)
    for i in range(len(lines) - 1):
        nxt = lines[i + 1]
        wrapped = (
            not after_blank[i + 1]
            and not _LIST_ITEM.match(nxt)
            and indents[i + 1] < indents[i] + PARAGRAPH_INDENT
            and (i in run_on or len(lines[i]) + 1 + len(nxt.split(None, 1)[0]) > FULL_LINE * width)
        )
        if wrapped:
            drop_hyphen, separator = _seam(lines[i], nxt, spellings)
            if drop_hyphen:
                parts[-1] = parts[-1][:-1]
            parts += [separator, nxt]
        else:
            out.append("".join(parts))
            parts = [nxt]
    out.append("".join(parts))
    return out


def _count_run_ons(text: str) -> int:
    """Line breaks of ``text`` after a line without closing punctuation and before a
    line starting in lower case (what :func:`_runs_on` tells of two lines)."""
    count = 0
    for m in _LOWER_BELOW.finditer(text):
        end = m.start()
        while end > 0 and text[end - 1] in _LINE_END_SPACE:
            end -= 1
        if end > 0 and text[end - 1] != "\n" and _ends_open(text[end - 1]):  # a blank line above ends a paragraph
            count += 1
    return count


def _runs_on(line: str, nxt: str) -> bool:
    """``line`` ends without closing punctuation and ``nxt`` starts in lower case."""
    return _ends_open(line[-1]) and bool(_LOWER.match(nxt))


def _ends_open(last: str) -> bool:
    """A line ending in ``last`` ends no sentence: no closing punctuation, no closing quote."""
    return last not in FINAL_PUNCT and last not in CLOSERS


def _wrap_width(lengths: list[int]) -> int:
    """The width a text was wrapped at: the length most of its broken lines reach (the
    90th percentile, so that one long line, a URL or a table's row, does not set it)."""
    ordered = sorted(lengths)
    return ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]


def _seam(line: str, nxt: str, spellings) -> tuple[bool, str]:
    """How ``line`` joins the next line of its paragraph: whether its last character, a
    hyphen, goes, and what comes between.

    A word split by a hyphen at the end of the line is joined back without it, unless
    the text prints the hyphenated form elsewhere and never the joined one ("well-" /
    "known"; ``spellings()`` gives the text's hyphenated forms and words, lower case). A
    figure's hyphen ("a 10-" / "year bond") stays, without a space.
    """
    if line.endswith("-") and not line.endswith("--"):
        head = _HYPHENATED.search(line)
        tail = _WORD.match(nxt)
        if head and tail and nxt[0].islower():
            left, right = head.group(1).lower(), tail.group(0).lower()
            compounds, words = spellings()
            return not (f"{left}-{right}" in compounds and f"{left}{right}" not in words), ""
        if len(line) >= 2 and line[-2].isdigit():
            return False, ""
    return False, " "


def _spellings(text: str) -> tuple[set[str], set[str]]:
    """The hyphenated forms ("well-known") and the words of ``text``, in lower case."""
    lowered = text.lower()
    return set(_COMPOUND.findall(lowered)), set(_WORD.findall(lowered))
