"""Rate limiting like the real service (rules 3): 1,000 requests per fixed 5-minute window
(aligned to the epoch), keyed by the raw ``Authorization`` header, for paths under ``/api/``
except ``/api/guidance`` and ``/api/docs``. Requests without the header are not counted.
Over the limit: 429, ``text/plain``, body ``Retry later`` and a newline, no ``Retry-After``.
"""

from __future__ import annotations

import time
from collections.abc import Callable

LIMIT = 1000
WINDOW_SECONDS = 300
BODY = b"Retry later\n"


def counted(path: str, authorization: str | None) -> bool:
    """Whether a request to ``path`` counts against the authenticated limit."""
    if authorization is None or not path.startswith("/api/"):
        return False
    return not path.startswith(("/api/guidance", "/api/docs"))


class FixedWindow:
    """Counts requests per key in the current window; old windows are dropped."""

    def __init__(
        self,
        limit: int = LIMIT,
        window: int = WINDOW_SECONDS,
        clock: Callable[[], float] = time.time,
    ):
        self.limit, self.window, self.clock = limit, window, clock
        self.bucket = -1
        self.counts: dict[str, int] = {}

    def allow(self, key: str) -> bool:
        """Count one request for ``key``; False when it goes over the limit."""
        bucket = int(self.clock() // self.window)
        if bucket != self.bucket:
            self.bucket, self.counts = bucket, {}
        self.counts[key] = self.counts.get(key, 0) + 1
        return self.counts[key] <= self.limit
