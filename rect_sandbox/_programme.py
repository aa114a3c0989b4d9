"""A school's induction programme choice per cohort, derived from training periods (rules 10.2),
and the per-(school, cohort) timestamp moves that follow from it (rules 19).

The choice is never stored: a mentor at the school with provider-led training (a partnership or
an expression of interest) for the cohort makes it ``provider_led``; otherwise the school's ECT
training for the cohort decides, provider-led over school-led; with nothing registered it is
``not_yet_known``. One grouped query answers a whole page of schools.

Writes that create or move training periods take a ``snapshot`` of the schools they touch
before writing and call ``touch_changed`` after: a cohort whose choice changed gets its
timestamp moved, and a change in which providers are interested in the school (the
``expression_of_interest`` flag of any provider) moves every cohort of that school.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

PROVIDER_LED, SCHOOL_LED, NOT_YET_KNOWN = "provider_led", "school_led", "not_yet_known"

_BY_ROLE = """
SELECT sp.school_id, tp.cohort, tp.role,
       MAX(tp.partnership_id IS NOT NULL OR tp.eoi_lead_provider_id IS NOT NULL) AS provider_led
FROM school_periods sp JOIN training_periods tp ON tp.school_period_id = sp.id
WHERE sp.school_id IN ({marks}) AND tp.cohort IS NOT NULL {cohort_clause}
GROUP BY sp.school_id, tp.cohort, tp.role
"""

_INTEREST = """
SELECT DISTINCT tp.cohort, COALESCE(p.lead_provider_id, tp.eoi_lead_provider_id) AS provider
FROM school_periods sp JOIN training_periods tp ON tp.school_period_id = sp.id
LEFT JOIN partnerships p ON p.id = tp.partnership_id
WHERE sp.school_id = ? AND (p.lead_provider_id IS NOT NULL OR tp.eoi_lead_provider_id IS NOT NULL)
"""


def _decide(roles: dict[str, int]) -> str:
    if roles.get("mentor"):
        return PROVIDER_LED
    if "ect" not in roles:
        return NOT_YET_KNOWN
    return PROVIDER_LED if roles["ect"] else SCHOOL_LED


def _grouped(
    conn: sqlite3.Connection, school_ids: list[str], cohort: int | None
) -> dict[tuple[str, int], dict[str, int]]:
    if not school_ids:
        return {}
    marks = ",".join("?" for _ in school_ids)
    sql = _BY_ROLE.format(
        marks=marks, cohort_clause="AND tp.cohort = ?" if cohort is not None else ""
    )
    params = [*school_ids, cohort] if cohort is not None else school_ids
    found: dict[tuple[str, int], dict[str, int]] = {}
    for row in conn.execute(sql, params):
        found.setdefault((row[0], row[1]), {})[row[2]] = row[3]
    return found


def choices(conn: sqlite3.Connection, school_ids: list[str], cohort: int) -> dict[str, str]:
    """``induction_programme_choice`` of each school in ``school_ids`` for ``cohort``."""
    found = _grouped(conn, school_ids, cohort)
    return {school_id: _decide(found.get((school_id, cohort), {})) for school_id in school_ids}


def choices_by_cohort(conn: sqlite3.Connection, school_id: str) -> dict[int, str]:
    """The school's choice in every cohort it has training in (others are ``not_yet_known``)."""
    return {
        cohort: _decide(roles) for (_, cohort), roles in _grouped(conn, [school_id], None).items()
    }


def snapshot(conn: sqlite3.Connection, school_ids: Iterable[str | None]) -> dict[str, tuple]:
    """What a write may change about each school: its choices and its interested providers."""
    taken: dict[str, tuple] = {}
    for school_id in {s for s in school_ids if s}:
        interest = frozenset(tuple(r) for r in conn.execute(_INTEREST, (school_id,)))
        taken[school_id] = (choices_by_cohort(conn, school_id), interest)
    return taken


def touch_changed(conn: sqlite3.Connection, before: dict[str, tuple], now: str) -> None:
    """Move the per-cohort timestamps of the schools in ``before`` whose derived state changed."""
    for school_id, (old_choices, old_interest) in before.items():
        new_choices, new_interest = snapshot(conn, [school_id])[school_id]
        if new_interest != old_interest:
            conn.execute(
                "UPDATE school_cohorts SET api_updated_at = ? WHERE school_id = ?", (now, school_id)
            )
            continue
        for cohort in set(old_choices) | set(new_choices):
            if old_choices.get(cohort, NOT_YET_KNOWN) != new_choices.get(cohort, NOT_YET_KNOWN):
                conn.execute(
                    "INSERT INTO school_cohorts (school_id, cohort, created_at, api_updated_at) "
                    "VALUES (?, ?, ?, ?)"
                    " ON CONFLICT (school_id, cohort) DO UPDATE SET api_updated_at = "
                    "excluded.api_updated_at",
                    (school_id, cohort, now, now),
                )


def schools_of(conn: sqlite3.Connection, teacher_id: str) -> list[str]:
    """Every school the person has a school period at (the schools a write on them may change)."""
    return [
        r[0]
        for r in conn.execute(
            "SELECT DISTINCT school_id FROM school_periods WHERE teacher_id = ?", (teacher_id,)
        )
    ]
