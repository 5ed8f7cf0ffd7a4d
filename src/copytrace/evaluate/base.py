"""What every evaluation shares: where the data is, the result record, the semantic mode,
and reading the files of the public collections.

The collections stay in the shared data folder (``--data-dir``, else ``$COPYTRACE_DATA``,
else ``../shared/data`` from the current directory); nothing is copied into the repo.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..ingest.files import decode

#: Relations that mean one text reuses the other (``same_story`` and None do not).
REUSE = frozenset({"duplicate", "near_copy", "spun", "rewrite", "partial", "translation"})
SEMANTIC_MODES = ("off", "static", "transformer", "auto")


class DatasetMissing(Exception):
    """A collection is not in the data folder; the message is one line for the user."""


class EvalInputError(Exception):
    """A file given to an evaluation is unreadable or malformed; one line naming it."""


def data_root(data_dir: str | Path | None = None) -> Path:
    """The data folder: ``data_dir``, else ``$COPYTRACE_DATA``, else ``../shared/data``."""
    if data_dir is not None:
        return Path(data_dir)
    env = os.environ.get("COPYTRACE_DATA")
    return Path(env) if env else (Path.cwd() / ".." / "shared" / "data").resolve()


def dataset_dir(root: Path, name: str, folder: str, required: tuple[str, ...] = ()) -> Path:
    """``root/folder`` if it holds the ``required`` files, else :class:`DatasetMissing`."""
    path = root / folder
    missing = [r for r in required if not (path / r).exists()]
    if not path.is_dir() or missing:
        what = f"{path}" + (f" (no {', '.join(missing)})" if path.is_dir() else "")
        raise DatasetMissing(f"{name}: data not found: {what}; give --data-dir or set COPYTRACE_DATA")
    return path


def read_text(path: Path) -> str:
    """A data file's text: UTF-8, else cp1252 (as ``copytrace scan`` reads .txt files)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise EvalInputError(f"{path}: {exc.strerror or exc}") from None
    return decode(data, str(path))[0]


# A single line break, unless the next line opens a list item ("1. ", "2) ", "- "):
# list items are lines of their own, not wrapped text.
_WRAP = re.compile(r"(?<![\n\r])\n(?![\n\r])(?![ \t]*(?:\d{1,3}[.)]|[-*\u2022])[ \t])")


def unwrap(text: str) -> str:
    """Turn each single line break into a space; blank lines (paragraph breaks) and the
    breaks before list items stay.

    Hard-wrapped files (Clough-Stevenson answers, PAN documents) break sentences at
    wrap points, and copytrace treats every line as a paragraph that no sentence
    crosses. The replacement keeps the length, so every character offset of the
    original file is still valid (PAN's gold offsets refer to it).
    """
    return _WRAP.sub(" ", text)


@dataclass(slots=True)
class Metric:
    """One figure of an evaluation, with its target where the project states one."""

    name: str
    value: float | int | None
    target: tuple[str, float] | None = None  # (">=" | "<=" | "==", bound)

    @property
    def met(self) -> bool | None:
        if self.target is None or self.value is None:
            return None
        op, bound = self.target
        return {">=": self.value >= bound - 1e-12, "<=": self.value <= bound + 1e-12,
                "==": abs(self.value - bound) < 1e-12}[op]

    def to_dict(self) -> dict[str, Any]:
        target = f"{self.target[0]} {self.target[1]:g}" if self.target else None
        return {"name": self.name, "value": self.value, "target": target, "met": self.met}


@dataclass(slots=True)
class EvalResult:
    """The outcome of one evaluation: figures with targets, details, and how it was run."""

    dataset: str
    metrics: list[Metric]
    details: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0
    skipped: list[str] = field(default_factory=list)  # input records left out, one line each

    @property
    def met(self) -> bool | None:
        """True when every target is met, False when one is not, None without targets."""
        verdicts = [m.met for m in self.metrics if m.met is not None]
        return all(verdicts) if verdicts else None

    def table(self) -> str:
        """A plain-text table: metric, value, target, met."""
        rows = [("metric", "value", "target", "met")]
        for m in self.metrics:
            d = m.to_dict()
            verdict = "" if d["met"] is None else ("yes" if d["met"] else "NOT MET")
            rows.append((m.name, _fmt(m.value), d["target"] or "", verdict))
        widths = [max(len(r[i]) for r in rows) for i in range(4)]
        lines = [f"== {self.dataset} ({self.seconds:.1f} s)"]
        lines += ["  " + "  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
        lines += [f"  note: {n}" for n in self.notes]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset,
            "met": self.met,
            "seconds": round(self.seconds, 2),
            "metrics": [m.to_dict() for m in self.metrics],
            "details": self.details,
            "notes": list(self.notes),
            "skipped": list(self.skipped),
        }


def _fmt(value: float | int | None) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:.4f}"


def semantic_options(mode: str) -> dict[str, str]:
    """Keyword arguments for ``scan``/``compare``: none when the mode is ``off``."""
    if mode not in SEMANTIC_MODES:
        raise EvalInputError(f"--semantic must be one of {', '.join(SEMANTIC_MODES)}, not {mode!r}")
    return {} if mode == "off" else {"semantic": mode}


def load_encoder(mode: str) -> Any | None:
    """The sentence encoder for ``mode`` (None for ``off``), imported only when asked for."""
    if not semantic_options(mode):
        return None
    try:
        from ..semantic import get_encoder  # optional: the [semantic] extra
    except ImportError as exc:
        raise EvalInputError(
            f"--semantic {mode} needs copytrace.semantic and its extra "
            f"(pip install 'copytrace[semantic]'): {exc}") from None
    try:
        return get_encoder(mode)
    except ImportError as exc:
        raise EvalInputError(f"--semantic {mode}: {exc} (pip install 'copytrace[semantic]')") from None


Runner = Callable[..., EvalResult]
