"""Deterministic seed data, modelled on the real sandbox's seed scenarios (rules 21).

``seed(conn, seed=1, participants=None)`` fills an empty database: lead providers with tokens
and contracts, every cohort, delivery partners and delivery partnerships, schools with
per-cohort metadata, partnerships, output statements, then participants (``_seed_people``).
The same ``seed`` number always gives the same ids, names and tokens. Rows are generated in
bulk and written with ``executemany`` so that 100,000 participants seed in seconds.
"""

from __future__ import annotations

import hashlib
import random
import sqlite3
import uuid
from datetime import UTC, date, datetime, timedelta

from rect_sandbox._reference import COHORT_YEARS
from rect_sandbox._seed_people import make_uuid, seed_people

PROVIDERS = (
    ("Ambition Institute", COHORT_YEARS),
    ("Teach First", COHORT_YEARS),
    ("UCL Institute of Education", COHORT_YEARS),
    ("Best Practice Network", tuple(y for y in COHORT_YEARS if y <= 2024)),
)
DEFAULT_PARTICIPANTS = 400
PARTNERS_PER_PROVIDER = 8
PARTNERSHIPS_PER_COHORT = 14
SCHOOL_WORDS = (
    "Oak",
    "Riverside",
    "St Mary's",
    "Hillview",
    "Meadow",
    "Castle",
    "Westfield",
    "Brook",
    "Kings",
    "Elm",
    "Parkside",
    "Harbour",
    "Moor",
    "Valley",
    "Chapel",
    "Orchard",
)


def stamp(moment: datetime) -> str:
    """RFC 3339 UTC text with ``Z``, second precision."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def token_for(seed: int, name: str) -> str:
    """A 32-character token for a provider, stable for a seed (never printed by the library)."""
    return hashlib.sha256(f"rect-sandbox/{seed}/{name}".encode()).hexdigest()[:32]


def _statements(rng: random.Random, provider_id: str, year: int, today: date) -> list[tuple]:
    """One statement a month from November of the cohort year for 40 months; output ones in
    January, April, August and November (the only ones the API shows)."""
    rows = []
    for k in range(40):
        month = (10 + k) % 12 + 1
        paid_on = date(year + (10 + k) // 12, month, 25)
        deadline = paid_on.replace(day=1) - timedelta(days=1)
        if paid_on + timedelta(days=61) < today:
            status = "paid"
        elif deadline < today:
            status = "payable"
        else:
            status = "open"
        created = stamp(datetime(year, 6, 1, 9, 0, tzinfo=UTC) + timedelta(minutes=k))
        rows.append(
            (
                make_uuid(rng),
                provider_id,
                year,
                deadline.isoformat(),
                paid_on.isoformat(),
                status,
                int(month in (1, 4, 8, 11)),
                created,
                created,
            )
        )
    return rows


def school_led(conn: sqlite3.Connection, school_ids: list[str]) -> None:
    """One school-led ECT per cohort at each of ``school_ids``, which makes those schools'
    programme choice ``school_led`` (rules 10.2). No provider sees these people. Their ids
    come from the school id, so the seed's random stream stays as it was."""
    teachers, periods, tps = [], [], []
    for school_id in school_ids:
        for year in COHORT_YEARS:
            key = f"{school_id}/{year}"
            teacher, period = (
                str(uuid.uuid5(uuid.NAMESPACE_URL, f"{key}/ect")),
                str(uuid.uuid5(uuid.NAMESPACE_URL, f"{key}/sp")),
            )
            made = stamp(datetime(year, 8, 20, 9, 0, tzinfo=UTC))
            teachers.append((teacher, f"School-led ECT {year}", made, made))
            periods.append((period, teacher, school_id, f"{year}-09-01", made))
            tps.append(
                (
                    str(uuid.uuid5(uuid.NAMESPACE_URL, f"{key}/tp")),
                    teacher,
                    period,
                    year,
                    f"{year}-09-01",
                    made,
                )
            )
    conn.executemany(
        "INSERT INTO teachers (id, full_name, created_at, api_updated_at) VALUES (?,?,?,?)",
        teachers,
    )
    conn.executemany(
        "INSERT INTO school_periods (id, teacher_id, role, school_id, start_date, created_at)"
        " VALUES (?, ?, 'ect', ?, ?, ?)",
        periods,
    )
    conn.executemany(
        "INSERT INTO training_periods (id, teacher_id, role, school_period_id, cohort, "
        "start_date, created_at)"
        " VALUES (?, ?, 'ect', ?, ?, ?, ?)",
        tps,
    )


def seed(
    conn: sqlite3.Connection,
    seed: int = 1,
    participants: int | None = None,
    today: date | None = None,
) -> list[dict]:
    """Fill the database; return the providers as ``{"name", "id", "token"}`` (primary first)."""
    rng = random.Random(seed)
    today = today or datetime.now(UTC).date()
    count = DEFAULT_PARTICIPANTS if participants is None else participants
    base = datetime(2021, 5, 1, 8, 0, tzinfo=UTC)
    providers = []
    for index, (name, years) in enumerate(PROVIDERS):
        providers.append(
            {
                "name": name,
                "id": make_uuid(rng),
                "token": token_for(seed, name),
                "years": years,
                "created": stamp(base + timedelta(hours=index)),
            }
        )
    conn.executemany(
        "INSERT INTO lead_providers (id, name, token, created_at) VALUES (?, ?, ?, ?)",
        [(p["id"], p["name"], p["token"], p["created"]) for p in providers],
    )
    conn.executemany(
        "INSERT INTO lead_provider_cohorts VALUES (?, ?)",
        [(p["id"], y) for p in providers for y in p["years"]],
    )

    partner_rows, dp_links = [], []
    shared = [make_uuid(rng) for _ in range(3)]
    for n, partner_id in enumerate(shared):
        partner_rows.append((partner_id, f"Shared Training Alliance {n + 1}"))
    own: dict[str, list[str]] = {}
    for p in providers:
        own[p["id"]] = [make_uuid(rng) for _ in range(PARTNERS_PER_PROVIDER)]
        for n, partner_id in enumerate(own[p["id"]]):
            partner_rows.append((partner_id, f"{p['name'].split()[0]} Delivery Partner {n + 1}"))
        own[p["id"]] += shared
        for year in p["years"]:
            dp_links += [(p["id"], d, year) for d in own[p["id"]]]
    conn.executemany(
        "INSERT INTO delivery_partners (id, name, created_at, api_updated_at) VALUES (?, ?, ?, ?)",
        [
            (
                pid,
                name,
                stamp(base + timedelta(minutes=i)),
                stamp(base + timedelta(days=30, minutes=i)),
            )
            for i, (pid, name) in enumerate(partner_rows)
        ],
    )
    conn.executemany("INSERT INTO delivery_partnerships VALUES (?, ?, ?)", dp_links)

    school_count = max(60, count // 8)
    schools = []
    for n in range(school_count):
        word = SCHOOL_WORDS[n % len(SCHOOL_WORDS)]
        schools.append(
            (
                make_uuid(rng),
                str(100000 + n),
                f"{word} {'Primary' if n % 3 else 'Academy'} {n + 1}",
                int(n % 12 != 11),
                f"Tutor {n + 1}",
                f"tutor{n + 1}@school{n + 1}.example",
                f"office@school{n + 1}.example",
                None,
                stamp(base + timedelta(minutes=n)),
            )
        )
    conn.executemany(
        "INSERT INTO schools (id, urn, name, eligible, induction_tutor_name, induction_tutor_email,"
        " primary_contact_email, secondary_contact_email, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
        schools,
    )
    metadata = []
    for n, school in enumerate(schools):
        for year in COHORT_YEARS:
            made = stamp(datetime(year, 5, 1, 7, 0, tzinfo=UTC) + timedelta(minutes=n))
            metadata.append((school[0], year, int(n % 4 == 0), int(n % 5 == 0), made, made))
    conn.executemany(
        "INSERT INTO school_cohorts (school_id, cohort, pupil_premium_uplift,"
        " sparsity_uplift, created_at, api_updated_at) VALUES (?,?,?,?,?,?)",
        metadata,
    )

    partnership_rows, statement_rows = [], []
    candidates = [s[0] for n, s in enumerate(schools) if n % 10 < 8 and n % 12 != 11]
    for p in providers:
        for year in p["years"]:
            picked = rng.sample(candidates, min(PARTNERSHIPS_PER_COHORT, len(candidates)))
            for k, school_id in enumerate(picked):
                made = stamp(datetime(year, 6, 2, 9, 0, tzinfo=UTC) + timedelta(minutes=k))
                partnership_rows.append(
                    (
                        make_uuid(rng),
                        p["id"],
                        school_id,
                        own[p["id"]][k % len(own[p["id"]])],
                        year,
                        made,
                        made,
                    )
                )
            statement_rows += _statements(rng, p["id"], year, today)
    conn.executemany(
        "INSERT INTO partnerships (id, lead_provider_id, school_id, delivery_partner_id, cohort,"
        " created_at, api_updated_at) VALUES (?,?,?,?,?,?,?)",
        partnership_rows,
    )
    conn.executemany(
        "INSERT INTO statements (id, lead_provider_id, cohort, deadline, payment_date, status, "
        "output,"
        " created_at, api_updated_at) VALUES (?,?,?,?,?,?,?,?,?)",
        statement_rows,
    )
    seed_people(conn, rng, providers, partnership_rows, statement_rows, count, today, candidates)
    school_led(conn, [s[0] for n, s in enumerate(schools) if n % 10 == 9])
    conn.commit()
    return [{"name": p["name"], "id": p["id"], "token": p["token"]} for p in providers]
