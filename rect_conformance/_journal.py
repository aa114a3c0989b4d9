"""The journal: one JSON line per HTTP exchange, with every secret removed before it is written.

Redaction happens in one place (:class:`Redactor`) so that the journal, the Allure attachments,
the summary and every message share it. It removes the credential headers and, as a second net,
any occurrence of a known secret anywhere in a text (a token echoed in a body or a URL).

The format (``journal.jsonl.gz`` in a run folder; plain JSON lines when the name does not end in
``.gz``) holds three kinds of line, each with a ``type``:

* ``exchange``: ``id`` (1, 2, ...; findings point at it), ``at`` (UTC, milliseconds), ``test``
  (the pytest node that sent it, if any), ``identity`` (which token: ``primary``, ``secondary``,
  ``invalid`` or ``none``), ``method``, ``url``, redacted headers, ``status``, ``elapsed_ms`` and
  the two bodies;
* ``body``: a body of :data:`SHARED_BODY` bytes or more, stored once under its ``sha256``; an
  exchange then names it as ``request_body_ref`` / ``response_body_ref`` instead of holding it
  (the same list read twenty times is stored once);
* ``event``: something that is not an exchange (a wait, a refusal), with ``id`` and ``note``;
* ``reuse``: a read answered from the run's shared answers (``_cache``) instead of being sent:
  ``id``, ``at``, ``test``, ``identity``, ``method``, ``url``, ``status`` and ``of``, the id of
  the exchange that was sent and whose answer was given again. Nothing was sent for it, so it
  counts as no request; a finding made from such an answer points at this line.

The gzip stream is flushed after every line, so a run cut short keeps what it journaled.
:func:`read_journal` gives the exchanges back with their bodies in place, and each ``reuse``
line with the headers and bodies of the exchange it reused.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import httpx

REDACTED = "[redacted]"
SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie"})
BODY_LIMIT = 64_000  # keep the journal readable when a list answers megabytes
SHARED_BODY = 512  # bodies this long or longer are stored once and referred to by hash
JOURNAL_NAME = "journal.jsonl.gz"


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
    """Appends exchanges to ``path`` (see the module docstring); usable from several threads.

    ``test`` is the pytest node the next exchanges belong to (the plugin sets it around each
    test); ``None`` outside tests.
    """

    def __init__(self, path: Path | None, redactor: Redactor) -> None:
        self.path = path
        self.redactor = redactor
        self.entries = 0
        self.test: str | None = None
        self._stored: set[str] = set()
        self._lock = threading.Lock()
        self._handle: IO[str] | None = None
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._handle = _open_for_append(path)

    def exchange(
        self,
        request: httpx.Request,
        response: httpx.Response | None,
        *,
        started: float,
        elapsed: float,
        note: str = "",
        identity: str = "none",
    ) -> dict[str, Any]:
        """Record one request and its response (``None`` when none came); returns the entry,
        bodies in place (what listeners see)."""
        entry: dict[str, Any] = {
            "type": "exchange",
            "id": 0,
            "at": _stamp(started),
            "test": self.test,
            "identity": identity,
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

    def reuse(self, original: dict[str, Any], identity: str) -> dict[str, Any]:
        """Record that ``original`` (an exchange entry) answered a read again without sending
        it; returns the entry as listeners see it: the original's request and answer, under
        the new id, time and test."""
        line: dict[str, Any] = {
            "type": "reuse",
            "id": 0,
            "at": _stamp(time.time()),
            "test": self.test,
            "identity": identity,
            "method": original.get("method"),
            "url": original.get("url"),
            "status": original.get("status"),
            "of": original.get("id"),
        }
        self._write(line)
        return {**original, **line}

    def event(self, note: str) -> None:
        """Record something that is not an exchange (a wait for a rate-limit window, a refusal)."""
        note = self.redactor.text(note)
        self._write({"type": "event", "id": 0, "at": _stamp(time.time()), "note": note})

    def _write(self, entry: dict[str, Any]) -> None:
        with self._lock:
            self.entries += 1
            entry["id"] = self.entries
            if self._handle is None:
                return
            line = dict(entry)
            for key in ("request_body", "response_body"):
                if line.get(key) is not None:
                    self._share(line, key)
            self._handle.write(_dumps(line) + "\n")
            self._handle.flush()

    def _share(self, line: dict[str, Any], key: str) -> None:
        # Called with the lock held: a body long enough to matter is written once, as its own
        # line, and the exchange keeps only its hash.
        text = _dumps(line[key])
        if len(text) < SHARED_BODY:
            return
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if digest not in self._stored and self._handle is not None:
            self._stored.add(digest)
            self._handle.write(_dumps({"type": "body", "sha256": digest, "body": line[key]}) + "\n")
        del line[key]
        line[f"{key}_ref"] = digest

    def close(self) -> None:
        """Close the journal file."""
        with self._lock:
            if self._handle is not None:
                self._handle.close()
                self._handle = None


def _open_for_append(path: Path) -> IO[str]:
    if path.name.endswith(".gz"):
        # Each flush ends a deflate block, so the file can be read up to the last line even
        # if the process dies; appending starts a new gzip member, which readers accept.
        return gzip.open(path, "at", encoding="utf-8", compresslevel=6)
    # Line-buffered: every exchange is on disk as soon as it is journaled.
    return path.open("a", encoding="utf-8", buffering=1)


def read_lines(path: Path) -> Iterator[dict[str, Any]]:
    """Every line of a journal as written (bodies possibly by reference); a stream cut short
    (a run killed mid-write) ends at its last whole line."""
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as handle:
        try:
            for raw in handle:
                if raw.strip():
                    try:
                        yield json.loads(raw)
                    except ValueError:
                        return  # a half-written last line
        except (EOFError, gzip.BadGzipFile):
            return


def read_journal(path: Path) -> Iterator[dict[str, Any]]:
    """The exchanges, reuses and events of a journal, in order, each with its bodies in place
    (a reuse with those of the exchange it reused)."""
    bodies: dict[str, Any] = {}
    reusable: dict[int, dict[str, Any]] = {}
    for line in read_lines(path):
        kind = line.get("type", "exchange")
        if kind == "body":
            bodies[str(line.get("sha256"))] = line.get("body")
            continue
        for key in ("request_body", "response_body"):
            ref = line.pop(f"{key}_ref", None)
            if ref is not None:
                line[key] = bodies.get(ref)
        if kind == "exchange" and line.get("method") == "GET":
            reusable[int(line["id"])] = line
        elif kind == "reuse":
            line = {**reusable.get(int(line.get("of") or 0), {}), **line}
        yield line


def find_journal(folder: Path) -> Path | None:
    """The journal of a run folder (compressed or, from older runs, plain), if any."""
    for name in (JOURNAL_NAME, "journal.jsonl"):
        if (folder / name).is_file():
            return folder / name
    return None


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def _stamp(moment: float) -> str:
    return datetime.fromtimestamp(moment, UTC).isoformat(timespec="milliseconds")
