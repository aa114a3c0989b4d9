"""Seeded people: participants in every cohort, training and participant status, with
transfers of every kind, unfunded mentors, participant id changes and declarations in every
state (rules 21.2-21.3).

People are spread round-robin over providers and their cohorts; ``index % 20`` picks a
scenario, so every scenario appears for every provider once there are a few hundred people.
Rows are written in chunks as people are made, so a large seed does not hold them all at once.
"""

from __future__ import annotations

import random
import sqlite3
import uuid
from datetime import UTC, date, datetime, time, timedelta

from rect_sandbox._reference import (
    COHORTS,
    DEFERRAL_REASONS,
    default_schedule_identifier,
    milestones,
)
from rect_sandbox._seed_tables import (
    DECL_COLUMNS,
    DECLARATION_STATES,
    FIRST,
    LAST,
    SP_COLUMNS,
    STATE_COLUMNS,
    TEACHER_COLUMNS,
    TP_COLUMNS,
    WITHDRAW_REASONS,
)


def make_uuid(rng: random.Random) -> str:
    """A random (version 4) UUID drawn from ``rng``, so ids follow the seed."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


def _insert(
    conn: sqlite3.Connection, table: str, columns: tuple[str, ...], rows: list[dict]
) -> None:
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
    conn.executemany(sql, [tuple(row.get(c) for c in columns) for row in rows])


# Rows are written once this many are waiting, so memory stays flat however many people are made.
CHUNK_ROWS = 20_000


class _World:
    """Collects rows while people are generated and writes them in chunks (``flush``)."""

    def __init__(
        self,
        rng: random.Random,
        providers: list[dict],
        partnerships: list[tuple],
        statements: list[tuple],
        today: date,
        schools: list[str],
    ):
        self.rng, self.providers, self.today, self.schools = rng, providers, today, schools
        self.teachers: list[dict] = []
        self.periods: list[dict] = []
        self.tps: list[dict] = []
        self.decls: list[dict] = []
        # Counts of rows made so far (written or not): some attributes cycle on them.
        self.period_count = 0
        self.decl_count = 0
        self.mentorships: list[tuple] = []
        self.id_changes: list[tuple] = []
        self.by_cohort: dict[tuple[str, int], list[tuple]] = {}
        for row in partnerships:
            self.by_cohort.setdefault((row[1], row[4]), []).append(row)
        self.statements: dict[tuple[str, int, str], list[str]] = {}
        for row in statements:
            if row[6]:
                self.statements.setdefault((row[1], row[2], row[5]), []).append(row[0])
        self.mentors_of: dict[str, list[str]] = {}
        self.ects_of: dict[str, list[tuple[str, str, str]]] = {}
        self.clock = datetime(2021, 5, 3, 8, 0, tzinfo=UTC)

    def uid(self) -> str:
        """A new id drawn from the seed's generator."""
        return make_uuid(self.rng)

    def tick(self) -> str:
        """A creation instant strictly after the previous one, so creation order is stable."""
        self.clock += timedelta(seconds=7)
        return _stamp(self.clock)

    def person(self, index: int) -> dict:
        created = self.tick()
        first, last = FIRST[index % len(FIRST)], LAST[(index // len(FIRST)) % len(LAST)]
        teacher = {
            "id": self.uid(),
            "trn": None if index % 11 == 4 else str(2000000 + index),
            "full_name": f"{first} {last}",
            "created_at": created,
            "api_updated_at": created,
            "email": f"{first.lower()}.{last.lower()}{index}@example.com",
        }
        self.teachers.append(teacher)
        return teacher

    def period(
        self, teacher: dict, role: str, school_id: str, start: date, end: date | None
    ) -> dict:
        row = {
            "id": self.uid(),
            "teacher_id": teacher["id"],
            "role": role,
            "school_id": school_id,
            "start_date": start.isoformat(),
            "end_date": end.isoformat() if end else None,
            "email": teacher["email"],
            "working_pattern": "part_time" if self.period_count % 6 == 0 else "full_time",
            "created_at": self.tick(),
        }
        self.periods.append(row)
        self.period_count += 1
        return row

    def training(
        self,
        period: dict,
        partnership: tuple | None,
        cohort: int,
        start: date,
        end: date | None,
        **extra: object,
    ) -> dict:
        created = self.tick()
        row = {
            "id": self.uid(),
            "teacher_id": period["teacher_id"],
            "role": period["role"],
            "school_period_id": period["id"],
            "lead_provider_id": partnership[1] if partnership else None,
            "partnership_id": partnership[0] if partnership else None,
            "cohort": cohort,
            "schedule_identifier": default_schedule_identifier(start, period["role"]),
            "start_date": start.isoformat(),
            "end_date": end.isoformat() if end else None,
            "created_at": created,
            "transfer_updated_at": created,
            **extra,
        }
        self.tps.append(row)
        return row

    def free_school(self, provider_id: str, cohort: int, index: int) -> str | None:
        """An eligible provider-led school the provider has no partnership with in ``cohort``."""
        taken = {row[2] for row in self.by_cohort.get((provider_id, cohort), [])}
        free = [school for school in self.schools if school not in taken]
        return free[index % len(free)] if free else None

    def other_partnership(
        self, provider_id: str, cohort: int, school_id: str, *, same_provider: bool
    ) -> tuple | None:
        for p in self.providers:
            if (p["id"] == provider_id) != same_provider:
                continue
            for row in self.by_cohort.get((p["id"], cohort), []):
                if row[2] != school_id:
                    return row
        return None

    def declare(
        self, tp: dict, partnership: tuple, kind: str, state: str, when: date, mentor_id: str | None
    ) -> None:
        """A declaration in ``state`` as the API could have made it: on a statement of the
        matching status (submitted when there is none), and awaiting clawback only with a
        statement left to claw back on (paid otherwise; rules 16.11, 16.12)."""
        payment, clawback = STATE_COLUMNS[state]
        lp, cohort = partnership[1], partnership[4]
        wanted = {"eligible": "open", "payable": "payable", "paid": "paid"}.get(payment)
        pool = self.statements.get((lp, cohort, wanted), []) if wanted else []
        if state == "voided":
            pool = []
        if wanted and not pool:
            payment, clawback, state = "no_payment", "no_clawback", "submitted"
        claw_pool = self.statements.get(
            (lp, cohort, "paid" if clawback == "clawed_back" else "open"), []
        )
        if clawback != "no_clawback" and not claw_pool:
            clawback = "no_clawback"
        created = _at(when, 11)
        self.decls.append(
            {
                "id": self.uid(),
                "teacher_id": tp["teacher_id"],
                "role": tp["role"],
                "training_period_id": tp["id"],
                "lead_provider_id": lp,
                "declaration_type": kind,
                "declaration_date": _stamp(_at(when)),
                "evidence_held": "training-event-attended"
                if cohort >= 2025 or kind != "started"
                else None,
                "payment_status": payment,
                "clawback_status": clawback,
                "statement_id": pool[self.decl_count % len(pool)] if pool else None,
                "clawback_statement_id": (claw_pool[-1] if claw_pool else None)
                if clawback != "no_clawback"
                else None,
                "delivery_partner_id": partnership[3],
                "mentor_id": mentor_id if tp["role"] == "ect" else None,
                "pupil_premium_uplift": int(
                    kind == "started" and cohort <= 2024 and self.decl_count % 3 == 0
                ),
                "sparsity_uplift": 0,
                "created_at": _stamp(created),
                "api_updated_at": _stamp(min(created + timedelta(days=2), _at(self.today, 0))),
            }
        )
        self.decl_count += 1

    def flush(self, conn: sqlite3.Connection, *, final: bool = False) -> None:
        """Write the waiting rows once there are enough of them (all of them when ``final``).

        Only rows of finished people are waiting: a person's rows never change after the
        scenario that made them, so writing them early gives the same database."""
        waiting = (
            len(self.teachers)
            + len(self.periods)
            + len(self.tps)
            + len(self.decls)
            + len(self.mentorships)
        )
        if not final and waiting < CHUNK_ROWS:
            return
        _insert(conn, "teachers", TEACHER_COLUMNS, self.teachers)
        _insert(conn, "school_periods", SP_COLUMNS, self.periods)
        _insert(conn, "training_periods", TP_COLUMNS, self.tps)
        _insert(conn, "declarations", DECL_COLUMNS, self.decls)
        conn.executemany(
            "INSERT INTO mentorships (id, ect_teacher_id, mentor_teacher_id, start_date, end_date,"
            " ect_school_period_id) VALUES (?, ?, ?, ?, ?, ?)",
            self.mentorships,
        )
        conn.executemany(
            "INSERT INTO participant_id_changes (teacher_id, from_participant_id, changed_at)"
            " VALUES (?, ?, ?)",
            self.id_changes,
        )
        for rows in (
            self.teachers,
            self.periods,
            self.tps,
            self.decls,
            self.mentorships,
            self.id_changes,
        ):
            rows.clear()


def _declaration_day(
    tp: dict, kind: str, wanted: date, today: date, end: date | None, after: date | None = None
) -> date | None:
    """The day to date a seeded ``kind`` declaration on ``tp``: ``wanted`` moved into the
    milestone window of the TP's schedule, within the training, before today and not before
    ``after`` (rules 16.3 V9, V10, V18), so the API could have taken it; None if no day fits."""
    window = milestones(tp["cohort"], tp["schedule_identifier"]).get(kind)
    if window is None:
        return None
    first = max(window.start, date.fromisoformat(tp["start_date"]), after or window.start)
    last = min(day for day in (window.end, today - timedelta(days=1), end) if day is not None)
    if first > last:
        return None
    return min(max(wanted, first), last)


def _scenario(world: _World, index: int, provider: dict, cohort: int) -> None:
    rng, today = world.rng, world.today
    options = world.by_cohort[(provider["id"], cohort)]
    partnership = options[index % len(options)]
    # Providers take people round-robin, so scenarios count per provider, not overall.
    k = index // len(world.providers)
    role = "mentor" if rng.random() < 0.3 else "ect"
    teacher = world.person(index)
    teacher[f"{role}_training_record_id"] = world.uid()
    september = date(cohort, 9, 1)
    start = september + timedelta(days=rng.randrange(0, 40))
    scene = k % 20
    if scene == 8:
        start = today + timedelta(days=10 + index % 20)
    end = None
    extra: dict[str, object] = {}
    if scene in (0, 1, 2, 3):
        stop = min(start + timedelta(days=90), today - timedelta(days=1))
        if scene in (0, 1, 3):
            extra.update(
                withdrawn_at=_stamp(_at(stop, 14)), withdrawal_reason=WITHDRAW_REASONS[index % 4]
            )
        if scene in (2, 3):
            extra.update(
                deferred_at=_stamp(_at(stop - timedelta(days=1 if scene == 3 else 0), 9)),
                deferral_reason=DEFERRAL_REASONS[index % len(DEFERRAL_REASONS)],
            )
        end = stop
    if scene == 7:
        end = today + timedelta(days=30)
    moved = scene in (4, 5, 6, 10) and start + timedelta(days=200) < today
    if moved:
        end = start + timedelta(days=200)
    free = world.free_school(provider["id"], cohort, index) if scene == 11 else None
    if free is not None:
        # Expression of interest only: invisible to the provider until it partners the school.
        period = world.period(teacher, role, free, start, None)
        tp = world.training(period, None, cohort, start, None, eoi_lead_provider_id=provider["id"])
    else:
        # Withdrawal and deferral end the training, not the school period.
        period = world.period(
            teacher, role, partnership[2], start, None if scene in (0, 1, 2, 3) else end
        )
        tp = world.training(period, partnership, cohort, start, end, **extra)
    latest_period = period
    if moved and scene != 6:
        joining = None
        school_id = partnership[2]
        if scene in (4, 5):
            joining = world.other_partnership(
                provider["id"], cohort, partnership[2], same_provider=scene == 4
            )
            school_id = joining[2] if joining else school_id
        if scene == 10 or joining is not None:
            if scene == 10:
                school_id = world.by_cohort[(provider["id"], cohort)][(index + 1) % len(options)][2]
            second = world.period(teacher, role, school_id, end + timedelta(days=1), None)
            latest_period = second
            world.training(second, joining, cohort, end + timedelta(days=1), None)
    if index % 3 != 2:
        teacher[f"{role}_eligible_at"] = _stamp(_at(start, 8))
    if index % 13 == 5:
        teacher[f"{role}_ineligible_at"] = _stamp(_at(start, 7))
    if role == "ect":
        teacher["induction_start_date"] = start.isoformat() if index % 9 else None
        if scene == 9:
            teacher["induction_end_date"] = (start + timedelta(days=700)).isoformat()
            teacher["latest_induction_period_end_date"] = teacher["induction_end_date"]
        mentors = world.mentors_of.get(provider["id"])
        if mentors and index % 3 == 0:
            teacher["mentor"] = mentors[-1]
            # Assigned at the first school: an ECT who moved on shows no mentor (rules 12.2).
            world.mentorships.append(
                (world.uid(), teacher["id"], mentors[-1], start.isoformat(), None, period["id"])
            )
        if free is None:
            world.ects_of.setdefault(provider["id"], []).append(
                (teacher["id"], latest_period["school_id"], latest_period["id"])
            )
    else:
        world.mentors_of.setdefault(provider["id"], []).append(teacher["id"])
        if scene == 9:
            teacher["mentor_funding_end_date"] = (start + timedelta(days=300)).isoformat()
            teacher["mentor_ineligible_reason"] = "completed_declaration_received"
    if index % 15 == 7:
        world.id_changes.append((teacher["id"], world.uid(), _stamp(_at(start, 12))))
    if index % 50 == 13 and COHORTS[cohort].payments_frozen_since is not None:
        teacher["payments_frozen_cohort"] = cohort
    started_on = _declaration_day(tp, "started", start + timedelta(days=20), today, end)
    if free is None and k % 5 < 3 and started_on is not None:
        mentor_id = teacher.get("mentor")
        state = DECLARATION_STATES[(k // 5) % len(DECLARATION_STATES)]
        world.declare(tp, partnership, "started", state, started_on, mentor_id)
        later = _declaration_day(
            tp, "retained-1", start + timedelta(days=150), today, end, after=started_on
        )
        if role == "ect" and index % 2 == 0 and later is not None:
            world.declare(tp, partnership, "retained-1", "eligible", later, mentor_id)


def _unfunded_mentors(world: _World) -> None:
    """Per provider, a dozen mentors trained elsewhere who mentor its ECTs."""
    for position, provider in enumerate(world.providers):
        ects = world.ects_of.get(provider["id"], [])
        other = world.providers[(position + 1) % len(world.providers)]
        cohort = max(other["years"])
        options = world.by_cohort.get((other["id"], cohort), [])
        for n in range(min(12, len(ects))):
            mentor = world.person(10_000_000 + position * 100 + n)
            mentor["mentor_training_record_id"] = world.uid()
            mentor["unfunded_mentor_updated_at"] = mentor["created_at"]
            ect_id, school_id, ect_period_id = ects[-1 - n]
            period = world.period(mentor, "mentor", school_id, date(cohort, 9, 1), None)
            if n % 2 == 0 and options:
                world.training(period, options[n % len(options)], cohort, date(cohort, 9, 1), None)
            world.mentorships.append(
                (
                    world.uid(),
                    ect_id,
                    mentor["id"],
                    date(cohort, 9, 1).isoformat(),
                    None,
                    ect_period_id,
                )
            )


def seed_people(
    conn: sqlite3.Connection,
    rng: random.Random,
    providers: list[dict],
    partnerships: list[tuple],
    statements: list[tuple],
    count: int,
    today: date,
    schools: list[str],
) -> None:
    """Generate ``count`` participants (plus unfunded mentors) and write them in bulk;
    ``schools`` are the eligible provider-led schools expressions of interest may name."""
    world = _World(rng, providers, partnerships, statements, today, schools)
    for index in range(count):
        provider = providers[index % len(providers)]
        years = provider["years"]
        _scenario(world, index, provider, world.rng.choice(years))
        world.flush(conn)
    _unfunded_mentors(world)
    _fresh_starters(world, count)
    world.flush(conn, final=True)


# Per provider: people in the newest cohort who are training and have nothing declared yet, as
# a lead provider's sandbox account has them (rules §21.3: participants in every cohort). A
# suite that may only claim seed participants needs a few such clean slates to drive.
FRESH_STARTERS = (("ect", 3), ("mentor", 2))
FRESH_COHORT = 2025  # the newest cohort whose milestones the published rules give


def _fresh_starters(world: _World, first_index: int) -> None:
    index = first_index
    for provider in world.providers:
        cohort = FRESH_COHORT
        options = world.by_cohort.get((provider["id"], cohort))
        if not options:
            continue
        for role, how_many in FRESH_STARTERS:
            for _ in range(how_many):
                partnership = options[index % len(options)]
                teacher = world.person(index)
                teacher[f"{role}_training_record_id"] = world.uid()
                start = date(cohort, 9, 1) + timedelta(days=index % 20)
                teacher[f"{role}_eligible_at"] = _stamp(_at(start, 8))
                if role == "ect":
                    teacher["induction_start_date"] = start.isoformat()
                period = world.period(teacher, role, partnership[2], start, None)
                world.training(period, partnership, cohort, start, None)
                index += 1
