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


@dataclass(frozen=True)
class Reproduction:
    """The request that shows a finding; never holds a token (see :meth:`curl`)."""

    method: str
    url: str
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None

    def curl(self) -> str:
        """A shell line that repeats the request; any credential becomes ``$RECT_TOKEN``."""
        parts = ["curl", "-sS", "-X", self.method.upper(), shlex.quote(self.url)]
        for name, value in sorted(self.headers.items()):
            if name.lower() == "authorization":
                value = 'Bearer "$RECT_TOKEN"'
                parts += ["-H", f'"{name}: {value}"']
                continue
            parts += ["-H", shlex.quote(f"{name}: {value}")]
        if self.body is not None:
            import json

            parts += ["-H", shlex.quote("Content-Type: application/json")]
            parts += ["--data", shlex.quote(json.dumps(self.body, separators=(",", ":")))]
        return " ".join(parts)


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
        }
