"""Types shared by the ingest readers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from copytrace.records import Problem

#: The optional article fields every tabular reader picks up by name.
OPTIONAL_FIELDS = ("title", "url", "site", "published", "language")


@dataclass(frozen=True, slots=True)
class Options:
    """How to read the inputs (the arguments of ``read_inputs``)."""

    id_field: str = "id"
    text_field: str = "text"
    max_chars: int = 5_000_000

    def columns(self) -> tuple[str, ...]:
        """The input field names to read, id and text first, without repeats."""
        return tuple(dict.fromkeys((self.id_field, self.text_field, *OPTIONAL_FIELDS)))

    def canonical(self, row: dict[str, Any]) -> dict[str, Any]:
        """A row keyed by the article's own field names; absent fields stay absent.

        Args:
            row: One input record keyed by the input's field names.

        Returns:
            The record keyed by ``id``, ``text`` and the optional field names.
        """
        out = {name: row[name] for name in OPTIONAL_FIELDS if name in row}
        if self.id_field in row:
            out["id"] = row[self.id_field]
        if self.text_field in row:
            out["text"] = row[self.text_field]
        return out


@dataclass(slots=True)
class RawRecord:
    """One record as a reader found it, before validation and normalisation.

    ``fields`` uses the article's field names (``id``, ``text``, ``title``, ...), so the
    checks that turn it into an Article are written once for all formats.
    """

    source: str
    fields: dict[str, Any]
    #: The id to use, and report, when ``fields`` has none.
    fallback_id: str | None = None
    #: Non-skipping problems met while reading it (reported only if it is kept).
    notes: list[Problem] = field(default_factory=list)
