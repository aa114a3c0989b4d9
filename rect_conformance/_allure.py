"""What the run adds to the Allure results: each exchange and each finding as a redacted JSON
attachment, the finding's severity, and the operation as a parameter and a story.

Allure is a dependency of the project, but its failures must never end a run: an attachment that
cannot be made is logged and the journal and ``summary.json`` still hold everything.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

import allure

from rect_conformance.findings import ALLURE_SEVERITY, Finding

log = logging.getLogger(__name__)


def label_operation(label: str) -> None:
    """Give the current test its operation as a parameter and a story.

    Without a distinct parameter Allure gives every case of one parametrized test the same
    history id and folds them into "retries", which hides failures (toolchain notes §5).
    """
    allure.dynamic.parameter("operation", label)
    allure.dynamic.story(label)


def attach_exchange(entry: dict[str, Any]) -> None:
    """Attach one journal entry (already redacted by the client) to the current test."""
    name = f"{entry.get('method')} {entry.get('url')} -> {entry.get('status')}"
    text = json.dumps(entry, indent=2, ensure_ascii=False, default=str)
    _attach(text, name)


def attach_finding(finding: Finding, known_id: str | None, redact: Callable[[str], str]) -> None:
    """Attach ``finding``; a finding that is not a known deviation also sets the severity."""
    if known_id is None:
        try:
            allure.dynamic.severity(allure.severity_level(ALLURE_SEVERITY[finding.severity]))
        except (KeyError, ValueError) as error:
            log.warning("no Allure severity for finding severity %r: %s", finding.severity, error)
    text = json.dumps({**finding.to_dict(), "known_deviation": known_id}, indent=2)
    _attach(redact(text), f"finding {finding.check}")


def _attach(text: str, name: str) -> None:
    try:
        allure.attach(text, name=name, attachment_type=allure.attachment_type.JSON)
    except Exception:
        # Outside a test (the pre-flight, fixtures of other sessions) Allure has nowhere to put
        # it; the journal has it all the same.
        log.debug("could not attach %r to the Allure results", name, exc_info=True)
