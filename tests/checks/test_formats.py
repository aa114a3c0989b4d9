"""One rule for the spec's string formats (``rect_conformance/_formats.py``), and every reader of
a date-time agrees with it: response validation, release-note expectations, the sync oracle.

``format: date-time`` is RFC 3339's: a zone is required (``Z`` or ``±hh:mm``), seconds are
required, a fraction of any length may follow, ``T`` and ``Z`` may be lowercase.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from rect_conformance import _formats, _schema30
from rect_conformance.checks._oracle import parse_timestamp
from rect_conformance.evolution._expect import evaluate, parse_expectation

DATE_TIMES = {
    "2025-10-01T09:00:00Z": True,
    "2025-10-01T09:00:00+01:00": True,
    "2025-10-01T09:00:00-05:30": True,
    "2025-10-01T09:00:00.5Z": True,
    "2025-10-01T09:00:00.123456789+00:00": True,
    "2025-10-01t09:00:00z": True,
    "2016-12-31T23:59:60Z": True,  # a leap second
    "2025-10-01T09:00:00": False,  # no zone: not an instant
    "2025-10-01T09:00:00.123": False,
    "2025-10-01 09:00:00": False,  # the sandbox's bad-datetime fault
    "2025-10-01 09:00:00Z": False,
    "2025-10-01T09:00Z": False,  # no seconds
    "2025-10-01T09:00:00.Z": False,  # an empty fraction
    "2025-10-01T09:00:00+0100": False,  # an offset without its colon
    "2025-10-01T09:00:00+24:00": False,
    "2025-10-01T09:00:00+01:60": False,
    "2025-10-01T24:00:00Z": False,
    "2025-10-01T09:60:00Z": False,
    "2025-10-01T09:30:60Z": False,  # a leap second only ends a minute 59
    "2025-02-29T09:00:00Z": False,  # not a leap year
    "2025-10-01": False,
    "٢٠٢٥-10-01T09:00:00Z": False,  # digits other than ASCII
    "": False,
}


@pytest.mark.parametrize(("value", "valid"), DATE_TIMES.items())
def test_the_date_time_rule(value: str, valid: bool) -> None:
    assert _formats.is_date_time(value) is valid
    assert (_formats.parse_date_time(value) is not None) is valid


@pytest.mark.parametrize(("value", "valid"), DATE_TIMES.items())
def test_response_validation_reads_date_times_by_the_rule(value: str, valid: bool) -> None:
    checker = _schema30.validator({"type": "string", "format": "date-time"})
    assert checker.is_valid(value) is valid


@pytest.mark.parametrize(("value", "valid"), DATE_TIMES.items())
def test_release_note_expectations_read_date_times_by_the_rule(value: str, valid: bool) -> None:
    expectation = parse_expectation(
        {
            "note": "Add a timestamp",
            "operations": ["getStatements"],
            "objects": "data.attributes",
            "attribute": "stamp",
            "type": "string",
            "format": "date-time",
        },
        "stamp",
    )
    findings = evaluate(expectation, {"data": [{"id": "s1", "attributes": {"stamp": value}}]})
    assert (findings == []) is valid
    assert all("not a date-time" in f.message for f in findings)


@pytest.mark.parametrize(("value", "valid"), DATE_TIMES.items())
def test_the_sync_oracle_reads_date_times_by_the_rule(value: str, valid: bool) -> None:
    parsed = parse_timestamp(value)
    assert (parsed is not None) is valid
    assert parsed is None or parsed.tzinfo is UTC


def test_a_date_time_names_its_instant_whatever_its_zone() -> None:
    nine_utc = datetime(2025, 10, 1, 9, 0, tzinfo=UTC)
    assert parse_timestamp("2025-10-01T10:00:00+01:00") == nine_utc
    assert parse_timestamp("2025-10-01t09:00:00z") == nine_utc
    assert parse_timestamp("2025-10-01T03:30:00-05:30") == nine_utc
    assert _formats.parse_date_time("2025-10-01T09:00:00.5Z") == nine_utc.replace(
        microsecond=500_000
    )
    assert _formats.parse_date_time("2016-12-31T23:59:60Z") == datetime(2017, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("2024-02-29", True),
        ("2025-02-29", False),
        ("20250101", False),
        ("2025-1-01", False),
        ("2025-10-01T09:00:00Z", False),
    ],
)
def test_the_date_rule(value: str, valid: bool) -> None:
    assert _formats.is_date(value) is valid
    assert _schema30.validator({"type": "string", "format": "date"}).is_valid(value) is valid
    assert (_formats.parse_date(value) == date(2024, 2, 29)) is (value == "2024-02-29")


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("3fa85f64-5717-4562-b3fc-2c963f66afa6", True),
        ("3FA85F64-5717-4562-B3FC-2C963F66AFA6", True),
        ("3fa85f6457174562b3fc2c963f66afa6", False),
        ("{3fa85f64-5717-4562-b3fc-2c963f66afa6}", False),
        ("urn:uuid:3fa85f64-5717-4562-b3fc-2c963f66afa6", False),
    ],
)
def test_the_uuid_rule(value: str, valid: bool) -> None:
    assert _formats.is_uuid(value) is valid
    assert _schema30.validator({"type": "string", "format": "uuid"}).is_valid(value) is valid


def test_a_format_speaks_only_about_strings() -> None:
    checker = _schema30.validator({"format": "date-time"})
    assert checker.is_valid(12) and checker.is_valid(None)
