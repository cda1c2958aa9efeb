"""Embargoes and audiences as the index stores them: what the ingest accepts, and whether an embargo
still holds at a given instant. The ingest writes them; the bot decides with them at answer time.

An embargo is an instant, so it must carry its time zone: "09:00" alone is a different moment in Paris
and in London, and guessing the wrong one publishes a release an hour early.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime

Clock = Callable[[], datetime]

PRESS = "press"
PUBLIC = "public"
AUDIENCES = (PUBLIC, PRESS)

_EXAMPLE = "2026-12-03T09:00+01:00"


class EmbargoError(ValueError):
    """An embargo or audience the ingest refuses; the message says how to write it."""


def utc_now() -> datetime:
    return datetime.now(UTC)


def parse_embargo(value: object) -> str:
    """An embargo as written (front matter, HTML meta, sources.csv) -> the instant in UTC, ISO 8601
    ("2026-12-03T08:00:00Z"). Raises EmbargoError when it is not a date and time with a UTC offset."""
    if isinstance(value, datetime):
        when = value
        written = value.isoformat()
    elif isinstance(value, date):
        raise EmbargoError(f"embargo {value.isoformat()} has no time nor time zone: write it as {_EXAMPLE}")
    else:
        written = " ".join(str(value).split())
        when = _read_instant(written)
    if when.tzinfo is None or when.utcoffset() is None:
        shown = written.removesuffix("T00:00:00") if isinstance(value, datetime) else written
        suggestion = _with_offset(shown)
        raise EmbargoError(f"embargo {shown} has no time zone: write it as {suggestion}")
    utc = when.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.%fZ" if utc.microsecond else "%Y-%m-%dT%H:%M:%SZ")


def parse_audience(value: object) -> str | None:
    """ "press" (only the press ids see it) or None (everyone: "public" or nothing written)."""
    written = " ".join(str(value).split()).casefold() if value is not None else ""
    if written in ("", PUBLIC):
        return None
    if written == PRESS:
        return PRESS
    raise EmbargoError(f"audience {str(value).strip()!r} is unknown: write press (press ids only) or public")


def under_embargo(embargo: str | None, now: datetime) -> bool:
    """True before the instant; the release is free from the instant itself on. A stored value that
    cannot be read keeps the release back: a release is never published by mistake."""
    if not embargo:
        return False
    try:
        lifts = datetime.fromisoformat(embargo)
    except ValueError:
        return True
    if lifts.tzinfo is None:
        return True
    return now < lifts


def later(first: str | None, second: str | None) -> str | None:
    """Of two embargoes (UTC ISO), the one that lifts last: two sources that disagree never let a
    release out before both of them allow it."""
    if not first or not second:
        return first or second
    return max(first, second, key=datetime.fromisoformat)


# "2026-12-03 09:00 +01:00", "2026-12-03T09:00 UTC", "2026-12-03T09:00:00.000Z": ISO 8601 as people
# write it, normalised for datetime.fromisoformat.
_SPACED_OFFSET = re.compile(r"(\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s+([+-]\d{2}(?::?\d{2})?)$")
_UTC_WORD = re.compile(r"\s*(?:UTC|GMT|Z)$", re.I)


def _read_instant(written: str) -> datetime:
    text = _UTC_WORD.sub("+00:00", written) if re.search(r"\d\s*(?:UTC|GMT|Z)$", written, re.I) else written
    text = _SPACED_OFFSET.sub(r"\1\2", text)
    text = re.sub(r"(?<=[T ])(\d):", r"0\1:", text)
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise EmbargoError(f"embargo {written!r} is not a date and time: write it as {_EXAMPLE}") from None
    if re.fullmatch(r"\d{4}-?\d{2}-?\d{2}", text):
        raise EmbargoError(f"embargo {written} has no time nor time zone: write it as {_EXAMPLE}")
    return when


def _with_offset(written: str) -> str:
    """The same embargo with an offset, as the reason's example: the organiser sees their own time."""
    match = re.fullmatch(r"(\d{4}-\d{2}-\d{2})[T ](\d{1,2}:\d{2}(?::\d{2})?)", written)
    return f"{match[1]}T{match[2]}+01:00" if match else _EXAMPLE
