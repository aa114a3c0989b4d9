"""The request clock: "now" and "today" for one request, honouring ``X-With-Server-Date``.

Rules 20: the sandbox lets a client pick the server time per request. A value is a date or a
date-time; a date-time without an offset is read as Europe/London local time, and "today" is the
London date of that instant. The real sandbox answers an unparseable value with a 500 (its
middleware crashes); this sandbox never answers 500 for bad input, so it answers a 400 with the
API's error envelope instead (``InvalidServerDate``).

The header is read once per request, for every path and verb, by the outermost layer
(``_middleware.Outer``, with ``read_clock``); routes take the result through ``deps.clock``,
after their token check, and paths no route serves are refused by the not-found handler. The
``server-date-ignored`` faults make the header have no effect on every request, on writes only or
on reads only.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from rect_sandbox._faults import Faults
from rect_sandbox.rules._model import LONDON, Clock

HEADER = "x-with-server-date"


class InvalidServerDate(ValueError):
    """The header held something that is neither a date nor a date-time."""


def parse_server_date(raw: str) -> datetime:
    """The instant an ``X-With-Server-Date`` value names, in UTC, second precision."""
    text = raw.strip()
    if not text:
        raise InvalidServerDate(
            "X-With-Server-Date is empty; send a date-time such as 2025-10-01T10:00:00Z"
        )
    try:
        if len(text) == 10:
            # A date alone means midnight London time (rules 20).
            parsed = datetime.combine(date.fromisoformat(text), time(0, 0))
        else:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidServerDate(
            f"X-With-Server-Date {text[:40]!r} is not a date or date-time; "
            "send RFC 3339, e.g. 2025-10-01T10:00:00Z"
        ) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=LONDON)
    return parsed.astimezone(UTC).replace(microsecond=0)


def clock_for(header_value: str | None, *, ignore_header: bool = False) -> Clock:
    """The clock of a request carrying ``header_value`` (None when absent)."""
    if header_value is None or ignore_header:
        now = datetime.now(UTC).replace(microsecond=0)
    else:
        now = parse_server_date(header_value)
    return Clock(now=now, today=now.astimezone(LONDON).date())


READS = frozenset({"GET", "HEAD"})


def read_clock(header_value: str | None, method: str, faults: Faults) -> Clock | InvalidServerDate:
    """The clock of a request, or the reason its header cannot be read (returned, not raised:
    the caller decides when the request is refused)."""
    ignored = (
        faults.on("server-date-ignored")
        or (faults.on("server-date-ignored-on-reads") and method in READS)
        or (faults.on("server-date-ignored-on-writes") and method not in READS)
    )
    try:
        return clock_for(header_value, ignore_header=ignored)
    except InvalidServerDate as problem:
        return problem
