"""Bundled example corpora, invented for copytrace.

Each example is a folder under :data:`EXAMPLES_DIR` holding ``articles.jsonl`` (one
article per line: ``id``, ``title``, ``url``, ``site``, ``published``, ``text``),
``expected.json`` (the original and the relation of each version to it) and a
``README.md``. ``harbour-fire`` is one invented local news story in eight versions,
one per relation.

>>> from copytrace.examples import example_path
>>> example_path().name
'articles.jsonl'
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["EXAMPLES_DIR", "DEFAULT_EXAMPLE", "names", "example_path", "expected_path"]

#: The folder that holds the bundled examples, one sub-folder per example.
EXAMPLES_DIR: Path = Path(__file__).resolve().parent

#: The example used when no name is given.
DEFAULT_EXAMPLE = "harbour-fire"


def names() -> list[str]:
    """The names of the bundled examples, sorted."""
    return sorted(
        p.name for p in EXAMPLES_DIR.iterdir() if p.is_dir() and (p / "articles.jsonl").is_file()
    )


def _folder(name: str) -> Path:
    folder = EXAMPLES_DIR / name
    if "/" in name or "\\" in name or name.startswith(".") or not (folder / "articles.jsonl").is_file():
        known = ", ".join(names()) or "none"
        raise ValueError(f"unknown example {name!r}; bundled examples: {known}")
    return folder


def example_path(name: str = DEFAULT_EXAMPLE) -> Path:
    """Path of the ``articles.jsonl`` of the bundled example ``name``.

    Raises ``ValueError`` naming the bundled examples when ``name`` is not one of them.
    """
    return _folder(name) / "articles.jsonl"


def expected_path(name: str = DEFAULT_EXAMPLE) -> Path:
    """Path of the ``expected.json`` (original, pairs, unrelated ids) of example ``name``."""
    return _folder(name) / "expected.json"
