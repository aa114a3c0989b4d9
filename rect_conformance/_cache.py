"""Answers shared within a run: a read the run already sent is answered from memory.

Many checks read the same lists (the schema check, the envelope, the sort, tenancy and a
release note's promise all look at ``GET /participants``), and a target allows only so many
requests per window. :class:`ResponseCache` keeps the answers to safe reads and gives them
back to a later identical read, so each answer is paid for once.

What makes two reads identical (:func:`key_of`): the method, the whole URL with its query, the
token that sent it (never shared across identities: what one provider sees says nothing about
what another sees) and every other request header that can change an answer
(``X-With-Server-Date``, ``Accept``, a generated header); the run's own bookkeeping headers
are left out. What is never kept: answers to anything but ``GET``, server errors and 429s
(they may not happen again), reads with a body, and reads with a credential that is none of
the run's.

Any write the target may have acted on empties the cache, since it can change every list; only
a write refused with 401 leaves it as it was (the token is checked before anything else, rules
§2.1, so nothing changed). Entries also expire after :data:`MAX_AGE` seconds, so a long run on
a shared target never reads something much older than a fresh request would.

A check that compares reads over time asks for a fresh answer instead (``fresh=True`` on
:meth:`rect_conformance.Client.request`); those that do say so where they do it.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

MAX_AGE = 300.0  # one DfE rate window
SAFE_METHODS = frozenset({"GET"})
# Headers the client itself sets on every request, or that say nothing about the answer.
IGNORED_HEADERS = frozenset(
    {
        "authorization",
        "user-agent",
        "x-rect-conformance-run",
        "host",
        "connection",
        "accept-encoding",
        "content-length",
    }
)
REUSED = "rect_reused"  # response.extensions key: the answer came from the cache
KEPT_EXTENSIONS = ("http_version", "reason_phrase")


@dataclass
class _Entry:
    status: int
    headers: list[tuple[bytes, bytes]]
    content: bytes
    extensions: dict[str, object]
    stored_at: float
    origin: dict[str, Any]  # the journal entry of the exchange that brought the answer


def key_of(request: httpx.Request, identity: str) -> str | None:
    """The cache key of ``request`` sent as ``identity``; ``None`` when it may not be shared."""
    if request.method not in SAFE_METHODS or request.content or identity == "other":
        return None
    headers = sorted(
        (name.lower(), value)
        for name, value in request.headers.items()
        if name.lower() not in IGNORED_HEADERS
    )
    text = "\n".join([request.method, str(request.url), identity, repr(headers)])
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


class ResponseCache:
    """Answers to safe reads, by :func:`key_of`; emptied by writes (see the module docstring).

    ``clock`` is injected so that tests can age entries without waiting.
    """

    def __init__(self, max_age: float = MAX_AGE, clock: Callable[[], float] = time.monotonic):
        self.max_age = max_age
        self.hits = 0
        self._clock = clock
        self._entries: dict[str, _Entry] = {}
        self._lock = threading.Lock()

    def get(self, key: str, request: httpx.Request) -> tuple[httpx.Response, dict[str, Any]] | None:
        """A copy of the kept answer for ``key``, attached to ``request``, with the journal entry
        of the exchange that brought it; ``None`` when there is none."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if self._clock() - entry.stored_at > self.max_age:
                del self._entries[key]
                return None
            self.hits += 1
        response = httpx.Response(
            entry.status,
            headers=entry.headers,
            content=entry.content,
            request=request,
            extensions={**entry.extensions, REUSED: True},
        )
        return response, entry.origin

    def put(self, key: str, response: httpx.Response, origin: dict[str, Any]) -> None:
        """Keep ``response`` (already read) under ``key``, with ``origin`` (its journal entry),
        unless it may not happen again."""
        if response.status_code >= 500 or response.status_code == 429:
            return
        entry = _Entry(
            response.status_code,
            list(response.headers.raw),
            response.content,
            {k: v for k, v in response.extensions.items() if k in KEPT_EXTENSIONS},
            self._clock(),
            origin,
        )
        with self._lock:
            self._entries[key] = entry

    def after_write(self, response: httpx.Response | None) -> None:
        """Forget everything after a write, unless the target refused it with 401."""
        if response is not None and response.status_code == 401:
            return
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)
