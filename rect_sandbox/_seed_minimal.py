"""The minimal world: a small deterministic seed for tests of the write side, so that their
setup does not depend on the large generated seed of ``_seed``.

Three providers ("Provider 1" to "Provider 3") with tokens, three delivery partners each (two in
a delivery partnership in every cohort), eight schools (school 7 is not eligible; school 6 is
school-led in every cohort), partnerships of every provider with schools 0-2 in every cohort
(schools 3 and up are free to partner), and 40 monthly statements per provider and cohort. No
participants: tests register them through the test-support API. Ids are name-based UUIDs, so
every run gives the same ids and tokens.
"""

from __future__ import annotations

import sqlite3
import uuid
from datetime import date, timedelta

from rect_sandbox._reference import COHORTS
from rect_sandbox._seed import school_led

CREATED = "2021-06-01T09:00:00Z"


def _uid(*parts: object) -> str:
    """A stable id from a path of names."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "rect-sandbox-writes/" + "/".join(map(str, parts))))


def _schools(conn: sqlite3.Connection) -> None:
    for n in range(8):
        conn.execute(
            "INSERT INTO schools (id, urn, name, eligible, created_at) VALUES (?, ?, ?, ?, ?)",
            (_uid("school", n), str(100000 + n), f"School {n}", int(n != 7), CREATED),
        )
        for year in COHORTS:
            conn.execute(
                "INSERT INTO school_cohorts (school_id, cohort, pupil_premium_uplift,"
                " sparsity_uplift, api_updated_at) VALUES (?, ?, ?, ?, ?)",
                (_uid("school", n), year, int(n == 0), 0, CREATED),
            )
    school_led(conn, [_uid("school", 6)])


def _statements(conn: sqlite3.Connection, p: int, provider_id: str, year: int) -> None:
    """One statement a month from November of the cohort year; output ones in January, April,
    August and November."""
    for k in range(40):
        month = (11 + k - 1) % 12 + 1
        paid_on = date(year + (10 + k) // 12, month, 25)
        deadline = paid_on.replace(day=1) - timedelta(days=1)
        conn.execute(
            "INSERT INTO statements VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                _uid("statement", p, year, k),
                provider_id,
                year,
                deadline.isoformat(),
                paid_on.isoformat(),
                "open",
                int(month in (1, 4, 8, 11)),
                CREATED,
                CREATED,
            ),
        )


def seed_minimal(conn: sqlite3.Connection, providers: int = 3) -> list[dict]:
    """Fill an empty database with the minimal world; the providers as ``{"name", "id",
    "token"}``, primary first."""
    _schools(conn)
    made = []
    for p in range(providers):
        provider = {
            "name": f"Provider {p + 1}",
            "id": _uid("lp", p),
            "token": uuid.uuid5(uuid.NAMESPACE_DNS, f"t{p}").hex,
        }
        made.append(provider)
        conn.execute(
            "INSERT INTO lead_providers (id, name, token) VALUES (?, ?, ?)",
            (provider["id"], provider["name"], provider["token"]),
        )
        for d in range(3):
            conn.execute(
                "INSERT INTO delivery_partners (id, name, created_at, api_updated_at)"
                " VALUES (?, ?, ?, ?)",
                (_uid("dp", p, d), f"Partner {p}-{d}", CREATED, CREATED),
            )
        for year in COHORTS:
            for d in range(2):
                conn.execute(
                    "INSERT INTO delivery_partnerships VALUES (?, ?, ?)",
                    (provider["id"], _uid("dp", p, d), year),
                )
            for n in range(3):
                conn.execute(
                    "INSERT INTO partnerships VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        _uid("partnership", p, year, n),
                        provider["id"],
                        _uid("school", n),
                        _uid("dp", p, 0),
                        year,
                        CREATED,
                        CREATED,
                    ),
                )
            _statements(conn, p, provider["id"], year)
    conn.commit()
    return made
