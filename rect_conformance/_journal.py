"""The journal: one JSON line per HTTP exchange, with every secret removed before it is written.

Redaction happens in one place (:class:`Redactor`) so that the journal, the Allure attachments,
the summary and every message share it. It removes the credential headers and, as a second net,
any occurrence of a known secret anywhere in a text (a token echoed in a body or a URL).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

REDACTED = "[redacted]"
SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie"})
BODY_LIMIT = 64_000  # keep the journal readable when a list answers megabytes


class Redactor:
    """Removes the run's secrets from headers and texts."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._secrets: list[str] = []
        for secret in secrets:
            self.add(secret)

    def add(self, secret: str | None) -> None:
        """Remember ``secret`` so that it is elided from everything redacted later."""
        # Very short values would blank out ordinary words; real tokens are long.
        if secret and len(secret) >= 6 and secret not in self._secrets:
            self._secrets.append(secret)
            self._secrets.sort(key=len, reverse=True)

    def text(self, value: str) -> str:
        """``value`` with every known secret replaced."""
        for secret in self._secrets:
            if secret in value:
                value = value.replace(secret, REDACTED)
        return value

    def headers(self, headers: httpx.Headers | Mapping[str, str]) -> dict[str, str]:
        """A plain dict of ``headers`` with credential values replaced."""
        items = headers.multi_items() if isinstance(headers, httpx.Headers) else headers.items()
        redacted: dict[str, str] = {}
        for name, value in items:
            if name.lower() in SECRET_HEADERS:
                scheme = str(value).split(" ", 1)[0] if " " in str(value) else ""
                redacted[name] = f"{scheme} {REDACTED}".strip()
            else:
                redacted[name] = self.text(str(value))
        return redacted

    def body(self, content: bytes | str | None) -> Any:
        """The body as JSON when it parses, else as (truncated) text; secrets removed."""
        if not content:
            return None
        text = content.decode("utf-8", "replace") if isinstance(content, bytes) else content
        if len(text) > BODY_LIMIT:
            text = text[:BODY_LIMIT] + f"... [{len(text) - BODY_LIMIT} more characters]"
        text = self.text(text)
        try:
            return json.loads(text)
        except ValueError:
            return text


class Journal:
    """Appends exchanges to ``path`` (JSON lines); usable from several threads."""

    def __init__(self, path: Path | None, redactor: Redactor) -> None:
        self.path = path
        self.redactor = redactor
        self.entries = 0
        self._lock = threading.Lock()
        self._handle = None
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Line-buffered: every exchange is on disk as soon as it is journaled, even when
            # the run is cut short.
            self._handle = path.open("a", encoding="utf-8", buffering=1)

    def exchange(
        self,
        request: httpx.Request,
        response: httpx.Response | None,
        *,
        started: float,
        elapsed: float,
        note: str = "",
    ) -> dict[str, Any]:
        """Record one request and its response (``None`` when none came); returns the entry."""
        entry: dict[str, Any] = {
            "seq": self.entries + 1,
            "at": datetime.fromtimestamp(started, UTC).isoformat(timespec="milliseconds"),
            "method": request.method,
            "url": self.redactor.text(str(request.url)),
            "request_headers": self.redactor.headers(request.headers),
            "request_body": self.redactor.body(request.content),
            "status": response.status_code if response is not None else None,
            "elapsed_ms": round(elapsed * 1000, 1),
        }
        if response is not None:
            entry["response_headers"] = self.redactor.headers(response.headers)
            entry["response_body"] = self.redactor.body(response.content)
        if note:
            entry["note"] = self.redactor.text(note)
        self._write(entry)
        return entry

    def event(self, note: str) -> None:
        """Record something that is not an exchange (a wait for a rate-limit window, a refusal)."""
        self._write({"seq": self.entries + 1, "at": _now(), "note": self.redactor.text(note)})

    def _write(self, entry: dict[str, Any]) -> None:
        with self._lock:
            self.entries += 1
            entry["seq"] = self.entries
            if self._handle is not None:
                self._handle.write(json.dumps(entry, ensure_ascii=False, default=str) + "\n")

    def close(self) -> None:
        """Close the journal file."""
        with self._lock:
            if self._handle is not None:
                self._handle.close()
                self._handle = None


def _now() -> str:
    return datetime.fromtimestamp(time.time(), UTC).isoformat(timespec="milliseconds")
