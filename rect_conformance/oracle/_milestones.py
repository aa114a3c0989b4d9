"""Milestone windows per cohort and schedule (rules §15.3), and the V10 window test (§16.5).

A milestone is a start date and, for standard schedules before 2025, an end date. The window
opens at 00:00 London on the start date and closes at the end of the end date, London time;
DST moves both boundaries' UTC offsets, which is why the checks go through ``_time``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from rect_conformance.oracle._reference import (
    DECLARATION_TYPES,
    MENTOR_FUNDING_TYPES,
    SCHEDULE_IDENTIFIERS,
    Role,
    cohort,
    family,
)
from rect_conformance.oracle._time import end_of_day, start_of_day


@dataclass(frozen=True)
class Milestone:
    """The window a declaration of one type must fall in; ``end`` is ``None`` when open-ended."""

    start: date
    end: date | None


# Standard schedules 2021-2024: (start, end) for started, retained-1..4, completed, written as
# "YY-MM-DD" pairs to keep the table readable against rules §15.3.
_STANDARD = {
    (2021, "september"): "21-09-01 21-11-30 21-09-01 22-01-31 22-02-01 22-04-30 22-05-01 22-09-30 "
    "22-10-01 23-01-31 23-02-01 23-04-30",
    (2021, "january"): "21-12-01 22-01-31 22-02-01 22-04-30 22-05-01 22-09-30 22-10-01 23-01-31 "
    "23-02-01 23-04-30 23-05-01 23-09-30",
    (2021, "april"): "22-02-01 22-05-31 22-05-01 22-09-30 22-10-01 23-01-31 23-02-01 23-04-30 "
    "23-05-01 23-09-30 23-10-01 24-01-31",
    (2022, "september"): "22-06-01 22-12-31 23-01-01 23-03-31 23-04-01 23-07-31 23-08-01 23-12-31 "
    "24-01-01 24-03-31 24-04-01 24-07-31",
    (2022, "january"): "23-01-01 23-03-31 23-04-01 23-07-31 23-08-01 23-12-31 24-01-01 24-03-31 "
    "24-04-01 24-07-31 24-08-01 24-12-31",
    (2022, "april"): "23-04-01 23-07-31 23-08-01 23-12-31 24-01-01 24-03-31 24-04-01 24-07-31 "
    "24-08-01 24-12-31 25-01-01 25-03-31",
    (2023, "september"): "23-06-01 23-12-31 24-01-01 24-03-31 24-04-01 24-07-31 24-08-01 24-12-31 "
    "25-01-01 25-03-31 25-04-01 25-07-31",
    (2023, "january"): "24-01-01 24-03-31 24-04-01 24-07-31 24-08-01 24-12-31 25-01-01 25-03-31 "
    "25-04-01 25-07-31 25-08-01 25-12-31",
    (2023, "april"): "24-04-01 24-07-31 24-08-01 24-12-31 25-01-01 25-03-31 25-04-01 25-07-31 "
    "25-08-01 25-12-31 26-01-01 26-03-31",
    (2024, "september"): "24-06-01 24-12-31 25-01-01 25-03-31 25-04-01 25-07-31 25-08-01 25-12-31 "
    "26-01-01 26-03-31 26-04-01 26-07-31",
    (2024, "january"): "25-01-01 25-03-31 25-04-01 25-07-31 25-08-01 25-12-31 26-01-01 26-03-31 "
    "26-04-01 26-07-31 26-08-01 26-12-31",
    (2024, "april"): "25-04-01 25-07-31 25-08-01 25-12-31 26-01-01 26-03-31 26-04-01 26-07-31 "
    "26-08-01 26-12-31 27-01-01 27-03-31",
}
_SIX = DECLARATION_TYPES[:6]  # started .. completed
_NINE = DECLARATION_TYPES  # extended schedules add extended-1..3


def _day(text: str) -> date:
    return date.fromisoformat("20" + text)


def _shared_start(year: int, start: str) -> date:
    """The one start date every milestone of an open-ended schedule shares."""
    month = {"september": 9, "january": 1, "april": 4}[start]
    return date(year if month == 9 else year + 1, month, 1)


def _build() -> dict[tuple[int, str], dict[str, Milestone]]:
    table: dict[tuple[int, str], dict[str, Milestone]] = {}
    for year in range(2021, 2026):
        for identifier in SCHEDULE_IDENTIFIERS:
            fam, start = family(identifier), identifier.rsplit("-", 1)[1]
            types = _NINE if fam == "extended" else _SIX
            if fam == "standard" and year < 2025:
                days = [_day(d) for d in _STANDARD[(year, start)].split()]
                windows = {t: Milestone(days[2 * i], days[2 * i + 1]) for i, t in enumerate(types)}
            else:
                first = _shared_start(year, start)
                if year >= 2025 and identifier == "ecf-standard-september":
                    first = date(year, 6, 1)  # the one 2025 schedule that opens in June
                windows = {t: Milestone(first, None) for t in types}
            table[(year, identifier)] = windows
    return table


MILESTONES = _build()


def milestone(year: int, schedule_identifier: str, declaration_type: str) -> Milestone | None:
    """The milestone of ``declaration_type`` on a cohort's schedule, ``None`` when it has none."""
    cohort(year)  # raises OracleLimit for cohorts the oracle does not model
    return MILESTONES.get((year, schedule_identifier), {}).get(declaration_type)


def schedule_types(year: int, schedule_identifier: str) -> tuple[str, ...]:
    """The declaration types a schedule defines a milestone for, in the API's order."""
    cohort(year)
    windows = MILESTONES.get((year, schedule_identifier), {})
    return tuple(t for t in DECLARATION_TYPES if t in windows)


def declarable_types(role: Role, year: int, schedule_identifier: str) -> tuple[str, ...]:
    """The types ``role`` can be declared for on a cohort's schedule: those the schedule
    defines (V17), and for mentors in a mentor-funding cohort only started and completed (V12)."""
    kinds = schedule_types(year, schedule_identifier)
    if role == "mentor" and cohort(year).mentor_funding:
        return tuple(k for k in kinds if k in MENTOR_FUNDING_TYPES)
    return kinds


def window_errors(window: Milestone, moment: datetime) -> tuple[bool, bool]:
    """(too early, too late) for ``moment`` against ``window`` — V10 can report both."""
    too_early = moment < start_of_day(window.start)
    too_late = window.end is not None and end_of_day(window.end) <= moment
    return too_early, too_late
