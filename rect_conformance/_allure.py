"""What the run adds to the Allure results: a readable title, the operation as a story (what the
shipped Allure configuration groups by), the check's family as a feature, each finding with its
evidence, known deviations under their own label, and one compact list of the test's requests.

Results stay small on purpose: a test's requests are one text attachment of one line each
(journal id, token, method, path, status); whole exchanges are attached only as the evidence of
a finding. The journal holds every exchange in full.

Allure is a dependency of the project, but its failures must never end a run: an attachment that
cannot be made is logged and the journal and ``summary.json`` still hold everything.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import allure

from rect_conformance.findings import ALLURE_SEVERITY, Finding

log = logging.getLogger(__name__)
KNOWN_LABEL = "known_deviation"  # the label the shipped categories match known deviations on
KIND_LABEL = "finding_kind"  # the label the shipped categories match findings on
MAX_LISTED = 400  # requests listed per test; the journal has the rest
WHOLE_API = "(the whole API)"


def label_test(operation: str | None, title: str, family: str | None) -> None:
    """Give the current test a readable title, its operation as a parameter and a story, and
    its check family as a feature.

    Without a distinct parameter Allure gives every case of one parametrized test the same
    history id and folds them into "retries", which hides failures (toolchain notes §5).
    """
    allure.dynamic.title(title)
    if operation:
        allure.dynamic.parameter("operation", operation)
    # Grouped by story: tests of no one operation (the spec itself) get a group of their own.
    allure.dynamic.story(operation or WHOLE_API)
    if family:
        allure.dynamic.feature(family)


class Exchanges:
    """The journal entries of the current test, kept until it ends (a run listener)."""

    def __init__(self) -> None:
        self.entries: list[dict[str, Any]] = []

    def __call__(self, entry: dict[str, Any]) -> None:
        self.entries.append(entry)

    def evidence(self, journal_id: int | None) -> dict[str, Any] | None:
        """The entry with ``journal_id``, if the current test sent it."""
        return next((e for e in self.entries if e.get("id") == journal_id), None)

    def attach_and_clear(self) -> None:
        """Attach the test's requests as one compact list, then forget them."""
        if self.entries:
            lines = [_line(entry) for entry in self.entries[:MAX_LISTED]]
            if len(self.entries) > MAX_LISTED:
                lines.append(f"... and {len(self.entries) - MAX_LISTED} more in the journal")
            sent = sum(1 for entry in self.entries if entry.get("type") != "reuse")
            shared = len(self.entries) - sent
            name = f"{sent} requests" + (f", {shared} shared answers" if shared else "")
            _attach("\n".join(lines), name, allure.attachment_type.TEXT)
        self.entries = []


def _line(entry: dict[str, Any]) -> str:
    parts = urlsplit(str(entry.get("url", "")))
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    if len(path) > 160:
        path = path[:157] + "..."
    shared = f" (shared answer of #{entry.get('of')})" if entry.get("type") == "reuse" else ""
    return (
        f"#{entry.get('id')} {entry.get('identity', '?'):<9} {entry.get('method')} {path} "
        f"-> {entry.get('status')}{shared}"
    )


def attach_finding(
    finding: Finding,
    known_id: str | None,
    redact: Callable[[str], str],
    evidence: dict[str, Any] | None = None,
) -> None:
    """Attach ``finding``. A finding sets the severity and its kind's label; a known deviation
    only gets the known-deviation label and is named as such, never as a finding."""
    body = {**finding.to_dict(), "known_deviation": known_id}
    if known_id is None:
        try:
            allure.dynamic.severity(allure.severity_level(ALLURE_SEVERITY[finding.severity]))
        except (KeyError, ValueError) as error:
            log.warning("no Allure severity for finding severity %r: %s", finding.severity, error)
        allure.dynamic.label(KIND_LABEL, finding.kind.value)
        name = f"finding [{finding.check}]"
        if evidence is not None:
            body["evidence"] = evidence
    else:
        allure.dynamic.label(KNOWN_LABEL, known_id)
        name = f"known deviation {known_id} [{finding.check}]"
    text = json.dumps(body, indent=2, ensure_ascii=False, default=str)
    _attach(redact(text), name, allure.attachment_type.JSON)


def _attach(text: str, name: str, kind: Any) -> None:
    try:
        allure.attach(text, name=name, attachment_type=kind)
    except Exception:
        # Outside a test (the pre-flight, fixtures of other sessions) Allure has nowhere to put
        # it; the journal has it all the same.
        log.debug("could not attach %r to the Allure results", name, exc_info=True)
