"""Validation and normalisation shared by every reader: RawRecord -> Article."""

from __future__ import annotations

import html
import math
import re
import unicodedata
from datetime import date, datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any

from copytrace.ingest import problems
from copytrace.ingest.base import Options, RawRecord
from copytrace.records import Article, Problem, site_from_url

#: Epoch values at or above this are taken as milliseconds (1e11 s is the year 5138).
_EPOCH_MS_FROM = 1e11
#: Digit strings shorter than this are more likely years or ids than epoch seconds.
_EPOCH_MIN_DIGITS = 9
_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def normalise_published(value: Any) -> str | None:
    """A published time as ISO 8601.

    Aware times are converted to UTC; naive ones stay naive (their zone is unknown);
    dates without a time stay dates, so no time of day is invented.

    Args:
        value: ``None``, a ``datetime``/``date``, epoch seconds (or milliseconds) as a
            number or digit string, an ISO 8601 string, or an RFC 2822 string such as
            ``"Tue, 26 Jul 2022 10:00:00 GMT"``.

    Returns:
        The ISO 8601 string, or None when the value is empty.

    Raises:
        ValueError: The value is not a time in any accepted form.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, datetime):
        return _iso(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _from_epoch(value)
    if isinstance(value, str):
        return _parse_string(value.strip())
    raise ValueError(f"not a time: {value!r}")


def _parse_string(text: str) -> str:
    """Parse an ISO 8601, RFC 2822 or epoch string (see ``normalise_published``)."""
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    try:
        return _iso(datetime.fromisoformat(text))
    except ValueError:
        pass
    try:
        return _iso(parsedate_to_datetime(text))
    except (ValueError, TypeError, IndexError):
        pass
    if _NUMBER.fullmatch(text) and len(text.lstrip("-").split(".")[0]) >= _EPOCH_MIN_DIGITS:
        return _from_epoch(float(text))
    raise ValueError(f"not a time: {text!r}")


def _from_epoch(seconds: float) -> str:
    """Epoch seconds (or milliseconds, when implausibly large) as UTC ISO 8601."""
    if abs(seconds) >= _EPOCH_MS_FROM:
        seconds = seconds / 1000
    try:
        return _iso(datetime.fromtimestamp(seconds, tz=timezone.utc))
    except (OverflowError, OSError, ValueError) as exc:
        raise ValueError(f"epoch out of range: {seconds}") from exc


def _iso(moment: datetime) -> str:
    """ISO 8601 with aware times in UTC, so that they sort and compare as strings."""
    if moment.tzinfo is not None and moment.utcoffset() is not None:
        moment = moment.astimezone(timezone.utc)
    return moment.isoformat()


def coerce_id(value: Any) -> str | None:
    """An id as a string; integral floats lose their ``.0`` (CSV/pandas round trips).

    Args:
        value: The raw id.

    Returns:
        The id, or None when it is missing, NaN or blank.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def optional_str(value: Any) -> str | None:
    """An optional text field, stripped; blanks and NaN become None."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


#: An HTML character reference ("&amp;", "&#8217;", "&#x2019;"), left in text scraped
#: from pages: a copy whose text field kept them differs from its source by them alone.
_CHARACTER_REFERENCE = re.compile(r"&(?:#\d{2,7}|#[xX][0-9a-fA-F]{2,6}|[A-Za-z][A-Za-z0-9]{1,7});")


def normalise_text(text: str) -> str:
    """Unix line ends, so that character offsets do not depend on the input's platform;
    HTML character references resolved where the text holds one; Unicode NFC (an accent
    typed as a letter of its own or joined to its letter reads the same)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "&" in text and _CHARACTER_REFERENCE.search(text):
        text = html.unescape(text)
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def finish(raw: RawRecord, opts: Options, seen: dict[str, str]) -> list[Article | Problem]:
    """Validate and normalise one record.

    Args:
        raw: The record as read.
        opts: The reading options (field names for messages, ``max_chars``).
        seen: Ids read so far, mapped to where they were read; updated in place.

    Returns:
        Either one skipping Problem, or the record's notes followed by its Article.
    """
    notes = list(raw.notes)
    fields = raw.fields
    article_id = coerce_id(fields.get("id"))
    if article_id is None:
        article_id = raw.fallback_id or raw.source
        notes.append(problems.generated_id(raw.source, opts.id_field, article_id))

    if "text" not in fields:
        return [problems.missing_text(raw.source, opts.text_field)]
    text = fields["text"]
    if text is None:
        return [problems.problem(raw.source, problems.EMPTY_TEXT)]
    if not isinstance(text, str):
        return [problems.not_a_string(raw.source, opts.text_field, text)]
    text = normalise_text(text)
    if not text.strip():
        return [problems.problem(raw.source, problems.EMPTY_TEXT)]
    if len(text) > opts.max_chars:
        return [problems.too_long(raw.source, len(text), opts.max_chars)]

    if article_id in seen:
        return [problems.duplicate(raw.source, article_id, seen[article_id])]
    seen[article_id] = raw.source

    try:
        published = normalise_published(fields.get("published"))
    except ValueError:
        published = None
        notes.append(problems.bad_date(raw.source, fields.get("published")))

    url = optional_str(fields.get("url"))
    article = Article(
        id=article_id,
        text=text,
        title=optional_str(fields.get("title")),
        url=url,
        site=optional_str(fields.get("site")) or site_from_url(url),
        published=published,
        language=optional_str(fields.get("language")),
        source=raw.source,
    )
    return [*notes, article]
