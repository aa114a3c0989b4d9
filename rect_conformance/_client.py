"""The one HTTP client of a run: every request the suite sends, schemathesis's included, goes
through :meth:`Client.send`, which enforces the production-write guard and the request budget,
paces requests, waits out 429s, retries reads on connection errors, and journals the exchange.

Every request carries the suite's ``User-Agent`` and the run's id (``_identity``), and every
answer carries, in ``response.extensions``, the id of its journal entry (:data:`JOURNAL_ID`)
and which token sent it (:data:`IDENTITY`), so a finding can point at its evidence.

A read the run has already sent is answered again from the run's shared answers (``_cache``:
same request, same token, no write since) without being sent: it costs no request of the
budget and is journaled as a ``reuse`` of the exchange that was sent. A caller that must see
the target's answer now passes ``fresh=True``.

Schemathesis speaks ``requests``; :meth:`Client.requests_session` hands it a session whose
transport adapter forwards each prepared request to this client, so its cases are counted,
paced, journaled and redacted exactly like ours (and never see a token: the adapter adds it).
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import httpx

from rect_conformance._cache import ResponseCache, key_of
from rect_conformance._errors import BudgetExhausted, TargetError, UnsafeWrite, UsageError
from rect_conformance._identity import RUN_HEADER, user_agent
from rect_conformance._journal import Journal, Redactor
from rect_conformance._ratelimit import RateLimiter, wait_after_429

if TYPE_CHECKING:
    import requests

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
AUTH_MODES = ("primary", "secondary", "none", "invalid")
READ_RETRIES = 2
JOURNAL_ID = "rect_journal_id"  # response.extensions key: the exchange's journal entry
IDENTITY = "rect_identity"  # response.extensions key: which token sent the request


class UnsendableRequest(ValueError):
    """A request that cannot be encoded for the wire; generated input can be that invalid."""


class NoResponse(TargetError):
    """Nothing answered a request; ``reason`` says why (refused, timed out, ...)."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


class Client:
    """Sends requests to one target with the run's tokens, budget, pacing and journal.

    ``tokens`` maps ``"primary"`` (and optionally ``"secondary"``) to bearer tokens. ``budget``
    is the most requests the run may send (``None``: no limit). ``refuse_writes_to`` names a
    host to which no write may go (production, unless the user allowed it).
    """

    def __init__(
        self,
        base_url: str,
        tokens: dict[str, str],
        *,
        journal: Journal,
        budget: int | None = None,
        limiter: RateLimiter | None = None,
        timeout: float = 30.0,
        max_429_wait: float = 900.0,
        refuse_writes_to: str | None = None,
        sleep: Callable[[float], None] = time.sleep,
        run_id: str | None = None,
        cache: ResponseCache | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._tokens = {name: token for name, token in tokens.items() if token}
        # Well-formed (32 characters, like the real ones) but known to nobody.
        self._tokens["invalid"] = secrets.token_hex(16)
        self.journal = journal
        for token in self._tokens.values():
            journal.redactor.add(token)
        self.budget = budget
        self.limiter = limiter
        self.max_429_wait = max_429_wait
        self.refuse_writes_to = refuse_writes_to
        self.run_id = run_id
        self.user_agent = user_agent()
        self.requests_sent = 0
        self.waited_for_429 = 0.0
        # Requests held back for the end of the run (undoing what it changed): ordinary
        # requests stop that many short of the budget until ``reserve`` is set to 0.
        self.reserve = 0
        self.cache = cache if cache is not None else ResponseCache()
        self.listeners: list[Callable[[dict[str, Any]], None]] = []
        self._sleep = sleep
        self._lock = threading.Lock()
        self._http = httpx.Client(timeout=httpx.Timeout(timeout), follow_redirects=False)

    @property
    def requests_reused(self) -> int:
        """Reads answered from the shared answers instead of being sent."""
        return self.cache.hits

    @property
    def redactor(self) -> Redactor:
        """The redactor that knows this run's tokens."""
        return self.journal.redactor

    @property
    def has_second_token(self) -> bool:
        """Whether a second lead provider's token was given."""
        return "secondary" in self._tokens

    def auth_header(self, auth: str) -> dict[str, str]:
        """The Authorization header for ``auth`` (one of :data:`AUTH_MODES`)."""
        if auth not in AUTH_MODES:
            raise UsageError(f"unknown auth mode {auth!r}; use one of {', '.join(AUTH_MODES)}")
        if auth == "none":
            return {}
        if auth not in self._tokens:
            raise UsageError(f"no {auth} token was given to this run")
        return {"Authorization": f"Bearer {self._tokens[auth]}"}

    def url(self, path: str) -> str:
        """``path`` joined to the base URL (absolute URLs are kept as they are)."""
        if path.startswith(("http://", "https://")):
            return path
        return self.base_url + ("" if path.startswith("/") else "/") + path

    def request(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json: Any = None,
        headers: dict[str, str] | None = None,
        auth: str = "primary",
        server_date: str | None = None,
        fresh: bool = False,
    ) -> httpx.Response:
        """Send one request; see the module docstring for what happens on the way.

        ``fresh``: send it even when the same read was answered before (for checks that
        compare answers over time)."""
        merged = {"Accept": "application/json", **self.auth_header(auth), **(headers or {})}
        if server_date is not None:
            merged["X-With-Server-Date"] = server_date
        request = self._http.build_request(
            method.upper(), self.url(path), params=params, json=json, headers=merged
        )
        return self.send(request, fresh=fresh)

    def send(
        self, request: httpx.Request, *, auth: str | None = None, fresh: bool = False
    ) -> httpx.Response:
        """Send a built request through the cache, guard, budget, pacing, retries and journal.

        ``auth`` (one of :data:`AUTH_MODES`) replaces whatever Authorization header the request
        carries: generated requests come without our token, or with a placeholder. ``fresh``
        sends a read even when its answer is in the cache (the new answer replaces it).
        """
        if auth is not None:
            request.headers.pop("authorization", None)
            request.headers.update(self.auth_header(auth))
        # Whoever built the request (httpx, or requests for schemathesis), it says who we are.
        request.headers["User-Agent"] = self.user_agent
        if self.run_id:
            request.headers[RUN_HEADER] = self.run_id
        identity = self.identity_of(request)
        key = key_of(request, identity)
        if key is not None and not fresh:
            reused = self._reuse(key, request, identity)
            if reused is not None:
                return reused
        self._guard(request)
        try:
            response, entry = self._send(request)
        except BaseException:
            if request.method not in READ_METHODS:
                self.cache.after_write(None)  # it may have reached the target all the same
            raise
        if key is not None:
            self.cache.put(key, response, entry)
        elif request.method not in READ_METHODS:
            self.cache.after_write(response)
        return response

    def _reuse(self, key: str, request: httpx.Request, identity: str) -> httpx.Response | None:
        kept = self.cache.get(key, request)
        if kept is None:
            return None
        response, original = kept
        entry = self.journal.reuse(original, identity)
        response.extensions = {**response.extensions, JOURNAL_ID: entry["id"], IDENTITY: identity}
        for listener in list(self.listeners):
            listener(entry)
        return response

    def _send(self, request: httpx.Request) -> tuple[httpx.Response, dict[str, Any]]:
        retries = READ_RETRIES if request.method in READ_METHODS else 0
        waited_429 = 0.0
        while True:
            self._spend(request)
            started = time.time()
            try:
                response = self._http.send(request)
                response.read()
            except (httpx.LocalProtocolError, httpx.UnsupportedProtocol) as error:
                # The request itself cannot be put on the wire (a generated header with a line
                # break, say): nothing was sent, and the target is not at fault.
                self._record(request, None, started, f"not sent: {_describe(error)}")
                raise UnsendableRequest(self.redactor.text(_describe(error))) from None
            except httpx.HTTPError as error:
                reason = self.redactor.text(_describe(error))
                self._record(request, None, started, f"no response: {reason}")
                if retries > 0 and isinstance(error, httpx.TransportError):
                    retries -= 1
                    self._sleep(0.5)
                    continue
                # Name where the request went: a spec URL may be on another host than the target.
                origin = f"{request.url.scheme}://{request.url.netloc.decode('ascii')}"
                raise NoResponse(
                    f"no response from {origin} to {request.method} "
                    f"{request.url.path}: {reason}; check the URL and that the server is up",
                    reason,
                ) from None
            if response.status_code == 429:
                pause = wait_after_429(response.headers.get("retry-after"), time.time())
                self._record(request, response, started, f"rate limited; waiting {pause:.0f}s")
                if waited_429 + pause > self.max_429_wait:
                    raise TargetError(
                        f"{self.base_url} kept answering 429 Too Many Requests for "
                        f"{waited_429:.0f}s; lower --rate-limit or try again later"
                    )
                self._sleep(pause)
                waited_429 += pause
                self.waited_for_429 += pause
                continue
            return response, self._record(request, response, started)

    def identity_of(self, request: httpx.Request) -> str:
        """Which of the run's tokens ``request`` carries (:data:`AUTH_MODES`), ``none`` without
        one, ``other`` for a credential that is none of ours."""
        header = request.headers.get("authorization")
        if not header:
            return "none"
        token = header.split(" ", 1)[-1].strip()
        return next((name for name, mine in self._tokens.items() if mine == token), "other")

    def _guard(self, request: httpx.Request) -> None:
        if (
            self.refuse_writes_to
            and request.method not in READ_METHODS
            and request.url.host == self.refuse_writes_to
        ):
            self.journal.event(f"refused {request.method} {request.url.path}: production write")
            raise UnsafeWrite(
                f"refusing to send {request.method} {request.url.path} to the production host "
                f"{self.refuse_writes_to}; pass --allow-production-writes if that is intended"
            )

    def _spend(self, request: httpx.Request) -> None:
        with self._lock:
            if self.budget is not None and self.requests_sent >= self.budget - self.reserve:
                raise BudgetExhausted(
                    f"request budget spent ({self.budget} requests); {request.method} "
                    f"{request.url.path} was not sent"
                )
            self.requests_sent += 1
        if self.limiter is not None:
            self.limiter.acquire()

    def _record(
        self,
        request: httpx.Request,
        response: httpx.Response | None,
        started: float,
        note: str = "",
    ) -> dict[str, Any]:
        identity = self.identity_of(request)
        entry = self.journal.exchange(
            request,
            response,
            started=started,
            elapsed=time.time() - started,
            note=note,
            identity=identity,
        )
        if response is not None:
            response.extensions = {
                **response.extensions,
                JOURNAL_ID: entry["id"],
                IDENTITY: identity,
            }
        for listener in list(self.listeners):
            listener(entry)
        return entry

    def requests_session(self, default_auth: str = "primary") -> requests.Session:
        """A ``requests.Session`` whose every request goes through :meth:`send`."""
        from rect_conformance._requests_bridge import bridged_session

        return bridged_session(self, default_auth)

    def close(self) -> None:
        """Close the connection pool and the journal."""
        self._http.close()
        self.journal.close()


def _describe(error: httpx.HTTPError) -> str:
    text = str(error) or type(error).__name__
    if isinstance(error, httpx.ConnectError):
        if "Name or service not known" in text or "nodename" in text or "getaddrinfo" in text:
            return f"the host name does not resolve ({text})"
        if "refused" in text.lower():
            return "connection refused"
    if isinstance(error, httpx.TimeoutException):
        return f"timed out ({type(error).__name__})"
    return text
