"""Time as the API sees it: instants are aware datetimes, days are Europe/London dates.

The server keeps its clock in London (rules §6, §20): "today" is the London calendar date of
"now", a milestone day starts at 00:00 London and ends at 23:59:59.999999 London, and every
timestamp it prints is UTC with second precision. ``X-With-Server-Date`` only moves "now", so
every function here takes the instant it should reason about instead of reading a clock.

Declaration dates arrive as text. The server reads that text twice, differently (rules §16.3
date notes): its comparisons (future date, milestone window, withdrawal instant) coerce the text
with a parser that takes a missing offset as UTC, while the value it stores, and its sequence
check, take a missing offset as London time. ``parse_declaration_date`` returns both readings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")

# The format check of V11 (rules §16.3): date, "T", time, optional fraction, optional offset.
_RFC3339 = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})([.,]\d+)?(Z|[+-]\d{2}(?::?\d{2})?)?$",
    re.IGNORECASE,
)
# Shapes the server's lenient comparison parser also reads although V11 refuses them.
_LENIENT = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?([.,]\d+)?"
    r"(Z|[+-]\d{2}(?::?\d{2})?)?)?$",
    re.IGNORECASE,
)


class UnparseableDate(ValueError):
    """The server cannot compare this declaration date at all; it answers a bare 400."""


def require_aware(now: datetime) -> datetime:
    """``now`` itself, refusing a naive datetime (the oracle never guesses a zone)."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError(f"the oracle needs an aware datetime for 'now', got naive {now!r}")
    return now


def london_date(moment: datetime) -> date:
    """The Europe/London calendar date of an instant ("today" when ``moment`` is now)."""
    return require_aware(moment).astimezone(LONDON).date()


def start_of_day(day: date) -> datetime:
    """00:00 London on ``day``, as an aware datetime."""
    return datetime.combine(day, time.min, tzinfo=LONDON)


def end_of_day(day: date) -> datetime:
    """The last microsecond of ``day`` in London, the server's end-of-day."""
    return datetime.combine(day, time.max, tzinfo=LONDON)


def format_timestamp(moment: datetime) -> str:
    """An instant as the API prints it: UTC, whole seconds, trailing ``Z`` (rules §6)."""
    return require_aware(moment).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _offset(text: str | None) -> timedelta | None:
    if not text:
        return None
    if text.upper() == "Z":
        return timedelta(0)
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    sign = -1 if text[0] == "-" else 1
    return sign * timedelta(hours=hours, minutes=minutes)


def _build(groups: tuple[str | None, ...], offset: timedelta | None, default: ZoneInfo) -> datetime:
    year, month, day, hour, minute, second, fraction = groups[:7]
    micro = int(((fraction or ".0")[1:] + "000000")[:6])
    naive = datetime(
        int(year or 0),
        int(month or 0),
        int(day or 0),
        int(hour or 0),
        int(minute or 0),
        int(second or 0),
        micro,
    )
    if offset is None:
        return naive.replace(tzinfo=default)
    return naive.replace(tzinfo=UTC) - offset


@dataclass(frozen=True)
class DeclarationDate:
    """One declaration date as the server reads it.

    ``compared`` is the instant its comparisons use, ``stored`` the instant it would keep,
    ``well_formed`` whether V11's format check passes.
    """

    compared: datetime
    stored: datetime
    well_formed: bool


def parse_declaration_date(value: datetime | str) -> DeclarationDate:
    """Read a ``declaration_date`` the way the server does (rules §16.3 date notes).

    An aware datetime is taken as sent in RFC 3339 with its offset. Text the comparison parser
    cannot read at all raises :class:`UnparseableDate` (the server answers 400).
    """
    if isinstance(value, datetime):
        moment = require_aware(value)
        return DeclarationDate(moment, moment, True)
    strict = _RFC3339.match(value)
    match = strict or _LENIENT.match(value)
    if match is None:
        raise UnparseableDate(value)
    offset = _offset(match.group(8))
    try:
        compared = _build(match.groups(), offset, ZoneInfo("UTC"))
        stored = _build(match.groups(), offset, LONDON)
    except ValueError as invalid:  # e.g. 2025-02-30: the parser gives up, so does the server
        raise UnparseableDate(value) from invalid
    return DeclarationDate(compared, stored, strict is not None)
