"""Reading the target's answers: the JSON body, a resource's ``updated_at`` and enrolments,
and the small clean-ups the driver applies to mismatches before they become findings."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from rect_conformance.lifecycle._compare import TIME_TRAVEL, Mismatch
from rect_conformance.oracle import format_timestamp

if TYPE_CHECKING:
    import httpx


def stamp(now: datetime) -> str:
    """``now`` as the ``X-With-Server-Date`` value (RFC 3339, UTC, whole seconds)."""
    return format_timestamp(now)


def unique(mismatches: list[Mismatch]) -> list[Mismatch]:
    """One mismatch per value: a write's answer and its read-back often show the same one."""
    seen: dict[tuple[str, str, str, str], Mismatch] = {}
    for m in mismatches:
        seen.setdefault((m.rule, m.what.removeprefix("GET "), repr(m.expected), repr(m.got)), m)
    return list(seen.values())


def time_travel(mismatches: list[Mismatch], now: datetime) -> list[Mismatch]:
    """A value that should carry the request's instant (a withdrawal or deferral date, a
    created_at) but carries another breaks time travel, whatever rule set the value."""
    instant = format_timestamp(now)
    return [
        replace(m, rule=TIME_TRAVEL)
        if not m.what.startswith(("updated_at", "GET updated_at"))
        and instant in repr(m.expected)
        and instant not in repr(m.got)
        and m.got is not None
        else m
        for m in mismatches
    ]


def not_found() -> tuple[str, str]:
    from rect_conformance.lifecycle._rules import rule_of

    error = rule_of("visibility.other-provider").error()
    return error.title, error.detail


def json_of(response: httpx.Response | None) -> dict[str, Any]:
    if response is None:
        return {}
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def updated_at(data: dict[str, Any]) -> Any:
    attributes = data.get("attributes")
    return attributes.get("updated_at") if isinstance(attributes, dict) else None


def enrolment_of(data: dict[str, Any], role: str | None) -> dict[str, Any] | None:
    attributes = data.get("attributes")
    entries = attributes.get("ecf_enrolments") if isinstance(attributes, dict) else None
    for entry in entries or []:
        if isinstance(entry, dict) and entry.get("participant_type") == role:
            return entry
    return None
