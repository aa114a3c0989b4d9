"""Pacing: our own rate limiter, and how long to wait when the target says 429 anyway.

The DfE sandbox allows 1,000 authenticated requests per 5 minutes in fixed windows aligned to
the epoch and sends no ``Retry-After`` (rules §3), so after a 429 without that header the wait
runs to the next window boundary.
"""

from __future__ import annotations

import re
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime

from rect_conformance._errors import UsageError

DFE_WINDOW_SECONDS = 300
DFE_RATE = "1000/300s"

_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d+(?:\.\d+)?)?\s*(s|sec|m|min|h)?\s*$")
_UNIT = {"s": 1.0, "sec": 1.0, "m": 60.0, "min": 60.0, "h": 3600.0, None: 1.0}


@dataclass
class RateLimiter:
    """At most ``limit`` requests in any ``period`` seconds (a sliding log of send times)."""

    limit: int
    period: float
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    _sent: deque[float] = field(default_factory=deque)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def acquire(self) -> float:
        """Block until one more request may go; returns the seconds waited."""
        waited = 0.0
        with self._lock:
            while True:
                now = self.clock()
                while self._sent and now - self._sent[0] >= self.period:
                    self._sent.popleft()
                if len(self._sent) < self.limit:
                    self._sent.append(now)
                    return waited
                pause = self.period - (now - self._sent[0])
                self.sleep(pause)
                waited += pause


def parse_rate(text: str) -> RateLimiter:
    """``"1000/300s"``, ``"10/1m"`` or ``"5/s"`` as a limiter; a :class:`UsageError` otherwise."""
    match = _RATE.match(text or "")
    if not match:
        raise UsageError(
            f"--rate-limit {text!r} is not a rate; write it as COUNT/PERIOD, "
            "e.g. 1000/300s or 10/1m"
        )
    count, amount, unit = int(match.group(1)), float(match.group(2) or 1), match.group(3)
    period = amount * _UNIT[unit]
    if count < 1 or period <= 0:
        raise UsageError(f"--rate-limit {text!r} must allow at least one request per period")
    return RateLimiter(count, period)


def wait_after_429(
    retry_after: str | None,
    now: float,
    window: float = DFE_WINDOW_SECONDS,
    ceiling: float = DFE_WINDOW_SECONDS + 5,
) -> float:
    """Seconds to wait after a 429: ``Retry-After`` when given (seconds or an HTTP date), else
    up to the next fixed window boundary (plus a second of margin); never more than ``ceiling``."""
    if retry_after:
        value = retry_after.strip()
        if value.isdigit():
            return min(float(value), ceiling)
        try:
            return max(0.0, min(parsedate_to_datetime(value).timestamp() - now, ceiling))
        except (TypeError, ValueError):
            pass
    return min(window - (now % window) + 1.0, ceiling)
