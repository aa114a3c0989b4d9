"""The string formats of the spec (``date-time``, ``date``, ``uuid``), one rule each, for the
whole engine: response validation (``_schema30``), release-note expectations
(``evolution._expect``) and the sync oracle (``checks._oracle``) all judge a value here.

``format: date-time`` in OpenAPI means RFC 3339's ``date-time``: a full date, ``T``, a time with
seconds and an optional fraction, and a zone that is required, either ``Z`` or ``+hh:mm`` /
``-hh:mm``. ``T`` and ``Z`` may be lowercase. A value without a zone names no instant, so it is
not a date-time. ``format: date`` is RFC 3339's ``full-date`` (``YYYY-MM-DD``, a real calendar
day). Digits are ASCII digits only.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone

_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_DATE_TIME = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?"
    r"(?:([Zz])|([+-])([0-9]{2}):([0-9]{2}))"
)
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def parse_date_time(value: object) -> datetime | None:
    """The instant an RFC 3339 date-time names (an aware datetime in its own offset), or
    ``None`` when ``value`` is not one. A leap second (``:60``) is read as the next second."""
    match = _DATE_TIME.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        return None
    year, month, day, hour, minute, second = (int(match.group(i)) for i in range(1, 7))
    fraction, zulu, sign, offset_hours, offset_minutes = match.group(7, 8, 9, 10, 11)
    if second > 60 or (second == 60 and minute != 59):
        return None
    if zulu:
        zone = UTC
    else:
        if int(offset_hours) > 23 or int(offset_minutes) > 59:
            return None
        offset = timedelta(hours=int(offset_hours), minutes=int(offset_minutes))
        zone = timezone(-offset if sign == "-" else offset)
    micro = int((fraction[1:] + "000000")[:6]) if fraction else 0
    try:
        moment = datetime(year, month, day, hour, minute, min(second, 59), micro, tzinfo=zone)
    except ValueError:  # a day, hour or minute out of range
        return None
    return moment + timedelta(seconds=1) if second == 60 else moment


def parse_date(value: object) -> date | None:
    """The calendar day of an RFC 3339 full-date (``YYYY-MM-DD``), or ``None``."""
    match = _DATE.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def is_date_time(value: str) -> bool:
    """Whether ``value`` is an RFC 3339 date-time (with its zone)."""
    return parse_date_time(value) is not None


def is_date(value: str) -> bool:
    """Whether ``value`` is an RFC 3339 full-date."""
    return parse_date(value) is not None


def is_uuid(value: str) -> bool:
    """Whether ``value`` is a UUID in its canonical hyphenated form (any case)."""
    return _UUID.fullmatch(value) is not None


# What each format name of the spec means; names not here are not checked.
FORMATS: dict[str, Callable[[str], bool]] = {
    "date-time": is_date_time,
    "date": is_date,
    "uuid": is_uuid,
}
