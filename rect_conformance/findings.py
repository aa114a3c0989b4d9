"""Findings: what a check reports when the target does not do what is documented.

A finding is a small, immutable record: which check saw it, of which kind, on which operation,
what was wrong (with the offending value), what was expected, and how to reproduce it. Kinds
group findings for the report; severities map to Allure severities in one place
(:data:`ALLURE_SEVERITY`).
"""

from __future__ import annotations

import enum
import shlex
from dataclasses import dataclass, field
from typing import Any


class Kind(enum.StrEnum):
    """What part of the promise a finding is about."""

    SPEC = "spec"  # a defect in the OpenAPI document itself
    CONTRACT = "contract"  # status, content type, schema, envelope of a response
    AUTH = "auth"  # authentication
    TENANCY = "tenancy"  # one provider seeing another's records
    SYNC = "sync"  # pagination, updated_since, filters, sort
    LIFECYCLE = "lifecycle"  # business rules of participants and declarations
    ROBUSTNESS = "robustness"  # server errors, timeouts
    RELEASE_NOTE = "release-note"  # a release note's promise not kept
    DOCUMENTATION = "documentation"  # the guidance says one thing, the server (as known) another


class Severity(enum.StrEnum):
    """How much a finding matters to a lead provider's integration."""

    CRITICAL = "critical"
    MAJOR = "major"
    MINOR = "minor"


ALLURE_SEVERITY = {Severity.CRITICAL: "critical", Severity.MAJOR: "normal", Severity.MINOR: "minor"}


# The shell variable each of the run's identities reads its token from; a reproduction never
# holds a token. "invalid" stands for a well-formed token nobody has.
TOKEN_VARIABLES = {"primary": "RECT_TOKEN", "secondary": "RECT_TOKEN_2"}
WRONG_TOKEN = "0" * 32
BASE_URL_VARIABLE = "RECT_BASE_URL"


def auth_argument(identity: str) -> list[str]:
    """The curl ``-H`` words that send the credential of ``identity`` (none for ``none``)."""
    if identity in TOKEN_VARIABLES:
        return ["-H", f'"Authorization: Bearer ${TOKEN_VARIABLES[identity]}"']
    if identity in ("invalid", "other"):
        return ["-H", shlex.quote(f"Authorization: Bearer {WRONG_TOKEN}")]
    return []


def curl_words(
    method: str,
    url: str,
    headers: dict[str, str],
    body: Any,
    identity: str,
    base_url: str | None = None,
) -> list[str]:
    """A curl command line as words; the URL starts with ``"$RECT_BASE_URL"`` when it starts
    with ``base_url``, so the line works against any target."""
    if base_url and url.startswith(base_url.rstrip("/") + "/"):
        rest = url[len(base_url.rstrip("/")) :]
        target = f'"${BASE_URL_VARIABLE}"' + shlex.quote(rest)
    else:
        target = shlex.quote(url)
    words = ["curl", "-sS", "-X", method.upper(), target]
    words += auth_argument(identity)
    for name, value in sorted(headers.items()):
        if name.lower() != "authorization":
            words += ["-H", shlex.quote(f"{name}: {value}")]
    if body is not None:
        import json

        text = body if isinstance(body, str) else json.dumps(body, separators=(",", ":"))
        words += ["-H", shlex.quote("Content-Type: application/json")]
        words += ["--data", shlex.quote(text)]
    return words


@dataclass(frozen=True)
class Reproduction:
    """The request that shows a finding; never holds a token (see :meth:`curl`).

    ``identity`` says whose token it was sent with (``primary``, ``secondary``, ``invalid`` or
    ``none``); ``journal`` is the id of its exchange in the run's journal, when it was journaled.
    """

    method: str
    url: str
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None
    identity: str = "primary"
    journal: int | None = None

    def curl(self, base_url: str | None = None) -> str:
        """A shell line that repeats the request; the credential is ``$RECT_TOKEN`` (or
        ``$RECT_TOKEN_2`` for the second provider), and, given the run's ``base_url``, the
        target is ``$RECT_BASE_URL``."""
        words = curl_words(self.method, self.url, self.headers, self.body, self.identity, base_url)
        return " ".join(words)


@dataclass(frozen=True)
class Finding:
    """One deviation seen on the target.

    ``check`` is the registered name of the check that raised it; ``operation`` the operationId
    (or ``"*"`` for findings about the spec or the whole API). ``message`` shows the offending
    value and ``expected`` what the documents promise. ``rule`` names the lifecycle rule broken
    (an id of ``rect_conformance.oracle.RULES`` or of the lifecycle's own table); a finding with
    ``fails_run`` false (a documentation mismatch) is reported without failing the run.
    """

    check: str
    kind: Kind
    operation: str
    message: str
    expected: str = ""
    severity: Severity = Severity.MAJOR
    reproduction: Reproduction | None = None
    source: str = ""  # where the promise is written (spec pointer, rules section, release note)
    rule: str = ""  # the lifecycle oracle's rule id the target broke, for lifecycle findings
    # False for what is reported but never fails a run: a known documentation mismatch.
    fails_run: bool = True

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form, as written to ``summary.json``."""
        return {
            "check": self.check,
            "kind": self.kind.value,
            "operation": self.operation,
            "severity": self.severity.value,
            "message": self.message,
            "expected": self.expected,
            "source": self.source,
            "rule": self.rule,
            "curl": self.reproduction.curl() if self.reproduction else None,
            "journal": self.reproduction.journal if self.reproduction else None,
        }
