"""The requests of one state-machine example, and a failure as the list of requests that
reproduces it: one ``curl`` line per request, the token elided (``$RECT_TOKEN``).

The records the sequence creates (a participant registered through test support, a
declaration) get new ids on every target, so a line that creates one stores its id in a shell
variable (``P1=$(curl ... | jq -r .data.id)``) and later lines use ``$P1`` where the id was.
Pasted into a shell with ``RECT_TOKEN`` set, the lines repeat the example on a fresh target.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from rect_conformance.findings import Finding, Reproduction

# Which records a POST creates, by the path it goes to, and the variable prefix of their ids.
CREATED = (("/test-support/participants", "P"), ("/participant-declarations", "D"))
# How many other failing findings of the failing step the sequence finding names.
MORE = 3


@dataclass(frozen=True)
class Exchange:
    """One request of an example (from the run's journal entry, already redacted) and the id
    of the record it created, if it created one."""

    method: str
    url: str
    server_date: str | None
    body: Any
    status: int | None
    created: str | None = None

    @classmethod
    def of(cls, entry: Mapping[str, Any]) -> Exchange:
        """The exchange a journal entry records."""
        headers = {str(k).lower(): str(v) for k, v in (entry.get("request_headers") or {}).items()}
        method = str(entry.get("method", "GET")).upper()
        status = entry.get("status")
        created = None
        answer = entry.get("response_body")
        if method == "POST" and status == 200 and isinstance(answer, dict):
            data = answer.get("data")
            if isinstance(data, dict) and data.get("id"):
                created = str(data["id"])
        return cls(
            method,
            str(entry.get("url", "")),
            headers.get("x-with-server-date"),
            entry.get("request_body"),
            status if isinstance(status, int) else None,
            created,
        )

    def reproduction(self) -> Reproduction:
        """The request as a finding's reproduction (the credential elided)."""
        headers = {"Authorization": "elided"}
        if self.server_date is not None:
            headers["X-With-Server-Date"] = self.server_date
        return Reproduction(self.method, self.url, headers, self.body)


def _variable_for(exchange: Exchange, counts: dict[str, int]) -> str | None:
    if exchange.created is None:
        return None
    path = exchange.url.split("?", 1)[0]
    for suffix, prefix in CREATED:
        if path.endswith(suffix):
            counts[prefix] = counts.get(prefix, 0) + 1
            return f"{prefix}{counts[prefix]}"
    return None


def _substitute(line: str, value: str, variable: str) -> str:
    """``line`` with every ``value`` replaced by ``$variable``, quoted for the spot it is in
    (inside a single-quoted word the quote is closed around the variable)."""
    out: list[str] = []
    quoted = False
    index = 0
    while index < len(line):
        if line.startswith(value, index):
            out.append(f"'\"${variable}\"'" if quoted else f'"${variable}"')
            index += len(value)
            continue
        if line[index] == "'":
            quoted = not quoted
        out.append(line[index])
        index += 1
    return "".join(out)


def curl_lines(exchanges: Sequence[Exchange]) -> list[str]:
    """One shell line per exchange, in order (see the module doc for the variables)."""
    lines: list[str] = []
    known: list[tuple[str, str]] = []  # (id, variable), in creation order
    counts: dict[str, int] = {}
    for exchange in exchanges:
        line = exchange.reproduction().curl()
        for value, variable in known:
            line = _substitute(line, value, variable)
        named = _variable_for(exchange, counts)
        if named is not None and exchange.created is not None:
            known.append((exchange.created, named))
            line = f"{named}=$({line} | jq -r .data.id)"
        lines.append(line)
    return lines


@dataclass
class Failure:
    """A failing example: its requests up to the failing step, the step's number and its
    failing findings (the first names the broken rule)."""

    exchanges: list[Exchange]
    step: int
    findings: list[Finding] = field(default_factory=list)

    @property
    def size(self) -> tuple[int, int]:
        """What makes one failure shorter than another: requests, then steps."""
        return len(self.exchanges), self.step

    def finding(self, check: str) -> Finding:
        """The failure as one finding of ``check``: the first failing finding of the step,
        its message followed by the requests that reproduce it."""
        first = self.findings[0]
        lines = curl_lines(self.exchanges)
        also = [f"also: {other.message}" for other in self.findings[1 : 1 + MORE]]
        header = (
            f"{first.message}; found by the state machine at step {self.step}, and shown by "
            f"these {len(lines)} requests (token elided, run them in order):"
        )
        return replace(first, check=check, message="\n".join([header, *lines, *also]))
