"""Oracle worlds built from what the run knows: the provider's statements and partnerships as
the API lists them, participants the run registered (known whole), and seed participants as
the API shows them (known in part: the start and end dates of their training periods, other
providers' records and funding eligibility are not shown, so the driver treats answers that
depend on them as unknown).

Pure functions over API records; the reads themselves are the driver's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

from rect_conformance._formats import parse_date, parse_date_time
from rect_conformance.oracle import (
    COURSE_IDENTIFIERS,
    Declaration,
    Participant,
    Role,
    Statement,
    TrainingPeriod,
    World,
)


def attributes(record: Mapping[str, Any]) -> Mapping[str, Any]:
    """A resource's ``attributes`` (an empty mapping when it has none)."""
    inner = record.get("attributes")
    return inner if isinstance(inner, Mapping) else {}


def instant(text: Any) -> datetime | None:
    """An RFC 3339 timestamp as the API prints it, or ``None``."""
    return parse_date_time(text)


def day(text: Any) -> date | None:
    """A ``YYYY-MM-DD`` date, or ``None``."""
    return parse_date(text)


def statement_status(record: Mapping[str, Any], today: date, moved: Mapping[str, str]) -> str:
    """open, payable or paid. The API shows only ``paid``; an unpaid statement is payable once
    its deadline has passed and open before (rules §8), unless the run moved it itself."""
    if str(record.get("id")) in moved:
        return moved[str(record.get("id"))]
    shown = attributes(record)
    if shown.get("paid") is True:
        return "paid"
    deadline = day(shown.get("cut_off_date"))
    return "payable" if deadline is not None and deadline < today else "open"


def statements_from(
    records: Iterable[Mapping[str, Any]], today: date, moved: Mapping[str, str]
) -> tuple[Statement, ...]:
    """The provider's output statements as the oracle needs them."""
    found = []
    for record in records:
        shown = attributes(record)
        deadline = day(shown.get("cut_off_date"))
        year = str(shown.get("cohort", ""))
        if deadline is None or not year.isdigit():
            continue
        status = statement_status(record, today, moved)
        found.append(Statement(str(record["id"]), int(year), deadline, status))
    return tuple(found)


def partnerships_from(records: Iterable[Mapping[str, Any]]) -> frozenset[tuple[str, int]]:
    """(school id, cohort) of every partnership of the provider."""
    pairs = set()
    for record in records:
        shown = attributes(record)
        year = str(shown.get("cohort", ""))
        if year.isdigit() and shown.get("school_id"):
            pairs.add((str(shown["school_id"]), int(year)))
    return frozenset(pairs)


def registered(
    world: World,
    participant_id: str,
    *,
    role: Role,
    cohort: int,
    schedule: str,
    start: date,
    school_id: str,
    eligible: bool,
) -> World:
    """``world`` with a participant the run registered in ``role`` (a new person, or a new role
    for one it registered before)."""
    person = world.participant(participant_id) or Participant(participant_id, ())
    period = TrainingPeriod(
        id=f"{participant_id}/{role}/{len(person.periods) + 1}",
        role=role,
        cohort=cohort,
        schedule=schedule,
        start=start,
        school=school_id,
        school_period=f"{participant_id}/{role}/school",
    )
    roles = person.eligible_roles | {role} if eligible else person.eligible_roles
    return world.put(replace(person, periods=(*person.periods, period), eligible_roles=roles))


def our_provider_name(
    declarations: Iterable[Mapping[str, Any]], statements: Iterable[Statement]
) -> str | None:
    """The provider's name as declarations show it: the commonest on declarations that sit on
    one of its statements."""
    ours = {s.id for s in statements}
    names = Counter(
        str(attributes(d).get("lead_provider_name"))
        for d in declarations
        if attributes(d).get("statement_id") in ours
        or attributes(d).get("clawback_statement_id") in ours
    )
    return names.most_common(1)[0][0] if names else None


def _assumed_dates(enrolment: Mapping[str, Any], today: date) -> tuple[date, date | None]:
    """A start and end consistent with what the enrolment shows (the API shows neither)."""
    status = enrolment.get("participant_status")
    stopped = enrolment.get("withdrawal") or enrolment.get("deferral")
    stamp = instant(stopped.get("date")) if isinstance(stopped, Mapping) else None
    year = int(str(enrolment.get("cohort")))
    start = min(date(year, 9, 1), today - timedelta(days=30))
    if status == "joining":
        return today + timedelta(days=1), None
    if stamp is not None:
        return min(start, stamp.date() - timedelta(days=1)), stamp.date()
    if status == "leaving":
        return start, today + timedelta(days=30)
    if status == "left":
        return start, today - timedelta(days=1)
    return start, None


def seen_participant(
    record: Mapping[str, Any],
    declarations: Iterable[Mapping[str, Any]],
    *,
    schools: Mapping[tuple[str, str], str],
    provider_name: str | None,
    today: date,
) -> Participant | None:
    """A seed participant as far as the API shows it; ``None`` when an enrolment cannot be read.

    ``schools`` maps (school URN, cohort) to the school id of the provider's partnership.
    """
    pid = str(record.get("id"))
    shown = attributes(record)
    periods = []
    eligible: set[Role] = set()
    funding_end = induction_end = None
    for enrolment in shown.get("ecf_enrolments") or []:
        role = enrolment.get("participant_type")
        if role not in ("ect", "mentor") or not str(enrolment.get("cohort", "")).isdigit():
            return None
        start, end = _assumed_dates(enrolment, today)
        withdrawal, deferral = enrolment.get("withdrawal"), enrolment.get("deferral")
        urn, year = str(enrolment.get("school_urn")), str(enrolment.get("cohort"))
        periods.append(
            TrainingPeriod(
                id=f"{pid}/{role}/seen",
                role=role,
                cohort=int(year),
                schedule=str(enrolment.get("schedule_identifier")),
                start=start,
                end=end,
                school=schools.get((urn, year), urn),
                school_period=f"{pid}/{role}/school",
                withdrawn_at=instant(withdrawal.get("date")) if withdrawal else None,
                withdrawal_reason=withdrawal.get("reason") if withdrawal else None,
                deferred_at=instant(deferral.get("date")) if deferral else None,
                deferral_reason=deferral.get("reason") if deferral else None,
            )
        )
        if enrolment.get("eligible_for_funding") is True:
            eligible.add(role)
        if role == "mentor":
            funding_end = day(enrolment.get("mentor_funding_end_date"))
        else:
            induction_end = day(enrolment.get("induction_end_date"))
    cohorts = {p.role: p.cohort for p in periods}
    made = []
    for item in declarations:
        a = attributes(item)
        role = COURSE_IDENTIFIERS.get(str(a.get("course_identifier")))
        stamp = instant(a.get("declaration_date"))
        if a.get("participant_id") != pid or role is None or stamp is None:
            continue
        made.append(
            Declaration(
                id=str(item.get("id")),
                role=role,
                declaration_type=str(a.get("declaration_type")),
                declaration_date=stamp,
                state=str(a.get("state")),
                cohort=cohorts.get(role, 0),
                period_id=f"{pid}/{role}/seen",
                ours=provider_name is not None and a.get("lead_provider_name") == provider_name,
                statement_id=a.get("statement_id"),
                clawback_statement_id=a.get("clawback_statement_id"),
                evidence_held=a.get("evidence_held"),
                created_at=instant(a.get("created_at")),
            )
        )
    return Participant(
        pid,
        tuple(periods),
        tuple(made),
        eligible_roles=frozenset(eligible),
        induction_end_date=induction_end,
        mentor_funding_end_date=funding_end,
    )
