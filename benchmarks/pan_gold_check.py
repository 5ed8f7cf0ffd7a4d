"""Check the PAN text-alignment gold against the texts it annotates, and score a
detector that marks exactly the copied text it finds: the ceiling of ``copytrace eval
pan`` on this copy of the data.

    python benchmarks/pan_gold_check.py [--data ../shared/data]

For each gold case the source passage (``source_offset``, ``source_length``) is looked
up in the suspicious document, word for word with any whitespace between the words
(the no-obfuscation cases are verbatim copies, rewrapped). Prints how far the located
copy lies from the gold ``this_offset``, and the plagdet of detections placed on the
located copies (source side as in the gold). Skips with a message when the data is absent.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
from pathlib import Path

from copytrace.evaluate.base import read_text
from copytrace.evaluate.pan import FOLDER, load_cases
from copytrace.evaluate.scores import Span, plagdet

HERE = Path(__file__).resolve().parent


def _pattern(words: list[str]) -> re.Pattern:
    return re.compile(r"\s+".join(map(re.escape, words)))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=HERE.parent.parent / "shared" / "data")
    args = ap.parse_args()
    folder = args.data / FOLDER
    if not (folder / "gold").is_dir():
        print(f"skipped: no PAN data at {folder}")
        return 0
    _, cases = load_cases(folder)
    texts: dict[Path, str] = {}

    def text(path: Path) -> str:
        if path not in texts:
            texts[path] = read_text(path)
        return texts[path]

    shifts, located = [], []
    for case in cases:
        susp, src = text(folder / "susp" / case.susp), text(folder / "src" / case.src)
        words = src[case.src_start : case.src_end].split()
        if len(words) < 3:
            continue
        # The gold may cut the passage mid-word: look for the inner words, then for all.
        inner = [m.start() for m in _pattern(words[1:-1]).finditer(susp)]
        if inner:
            expected = case.susp_start + src[case.src_start : case.src_end].find(words[1])
            shifts.append(min((s - expected for s in inner), key=abs))
        whole = list(_pattern(words).finditer(susp))
        if whole:
            m = min(whole, key=lambda m: abs(m.start() - case.susp_start))
            located.append(Span(case.susp, case.src, m.start(), m.end(), case.src_start, case.src_end))
    far = sorted(abs(s) for s in shifts)
    print(f"{len(cases)} gold cases; the source passage found in the suspicious text for {len(shifts)}")
    if far:
        print(f"  at the gold this_offset exactly: {sum(s == 0 for s in far)}; distance from it in characters: "
              f"median {statistics.median(far):g}, 75th percentile {far[3 * len(far) // 4]}, "
              f"90th {far[9 * len(far) // 10]}, largest {far[-1]}")
    score = plagdet(cases, located)
    print(f"detections placed exactly on the {len(located)} copies found whole: precision {score['precision']:.4f} "
          f"(recall {score['recall']:.4f} over all {len(cases)} cases, plagdet {score['plagdet']:.4f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
