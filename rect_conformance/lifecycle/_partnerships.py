"""Partnerships, transfers and unfunded mentors: the lifecycle around a participant that the
oracle does not model, judged against the lifecycle's own rules (``_rules.LOCAL_ROWS``).

Each function sends one request through the driver's client, compares, reads back, and ends in
a :class:`Step` like the driver's own actions, so its findings name a rule too.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from rect_conformance._api import BY_NAME, BY_WRITE_OP
from rect_conformance.lifecycle._answers import enrolment_of, json_of, stamp
from rect_conformance.lifecycle._compare import Mismatch, errors_of
from rect_conformance.lifecycle._rules import rule_of
from rect_conformance.lifecycle._step import Step
from rect_conformance.oracle import ApiError, london_date

if TYPE_CHECKING:
    from rect_conformance.lifecycle._driver import Driver

SUPPORT_PARTICIPANTS = "/test-support/participants"


def _error(rule_id: str) -> tuple[ApiError, ...]:
    return (rule_of(rule_id).error(),)


def _expect(
    step: Step, rule: str, status: int, errors: tuple[ApiError, ...] = ()
) -> list[Mismatch]:
    """Status and, for a refusal, the exact errors."""

    assert step.response is not None
    got = errors_of(json_of(step.response))
    if step.response.status_code != status:
        return [Mismatch(rule, "status", status, f"{step.response.status_code} {list(got)}")]
    if errors and got != errors:
        return [Mismatch(rule, "errors", errors, got)]
    return []


def create(
    driver: Driver,
    cohort: int,
    school_id: str,
    delivery_partner_id: str,
    now: datetime,
    *,
    duplicate: bool,
) -> Step:
    """``POST /partnerships``: created as asked, or (``duplicate``) refused as a duplicate."""

    step = Step("create-partnership", "partnership", school_id, "", "createPartnership", now)
    body = {
        "cohort": str(cohort),
        "school_id": school_id,
        "delivery_partner_id": delivery_partner_id,
    }
    step.response = driver.client.request(
        "POST",
        BY_WRITE_OP["createPartnership"].path,
        json={"data": {"type": "partnership", "attributes": body}},
        server_date=stamp(now),
        auth=driver.auth,
    )
    driver._schema("createPartnership", step.response)
    if duplicate:
        step.mismatches = _expect(
            step, "partnership.duplicate", 422, _error("partnership.duplicate")
        )
        return driver._finish(step, context=f"second partnership with {school_id} in {cohort}")
    step.mismatches = _expect(step, "partnership.created", 200)
    if not step.mismatches:
        step.subject_id = str(step.data.get("id"))
        step.mismatches = _shows(driver, step, body, now)
    return driver._finish(step, context=f"partnership with {school_id} in {cohort}")


def change_delivery_partner(
    driver: Driver,
    partnership_id: str,
    delivery_partner_id: str,
    now: datetime,
    *,
    same: bool,
    foreign: bool = False,
) -> Step:
    """``PUT /partnerships/{id}``: moved to the delivery partner, or refused because it is the
    current one (``same``) or one the provider does not work with in the cohort (``foreign``)."""

    step = Step("update-partnership", "partnership", partnership_id, "", "updatePartnership", now)
    body = {"delivery_partner_id": delivery_partner_id}
    step.response = driver.client.request(
        "PUT",
        BY_NAME["partnerships"].path_for(partnership_id),
        json={"data": {"type": "partnership", "attributes": body}},
        server_date=stamp(now),
        auth=driver.auth,
    )
    driver._schema("updatePartnership", step.response)
    if same or foreign:
        rule = "partnership.same-delivery-partner" if same else "partnership.not-our-partner"
        step.mismatches = _expect(step, rule, 422, _error(rule))
    else:
        step.mismatches = _expect(step, "partnership.delivery-partner-changed", 200)
        if not step.mismatches:
            step.mismatches = _shows(driver, step, body, now)
    return driver._finish(step, context=f"delivery partner of {partnership_id}")


def _shows(driver: Driver, step: Step, body: dict[str, Any], now: datetime) -> list[Mismatch]:
    """The answer and a read of the partnership show what was asked."""

    rule = (
        "partnership.created"
        if step.operation == "createPartnership"
        else ("partnership.delivery-partner-changed")
    )
    found = []
    response = driver._get(BY_NAME["partnerships"].path_for(step.subject_id), now)
    driver._schema("getPartnership", response)
    read = (json_of(response).get("data") or {}).get("attributes") or {}
    for source, shown in (("answer", step.data.get("attributes") or {}), ("read", read)):
        for key, value in body.items():
            if str(shown.get(key)) != value:
                found.append(Mismatch(rule, f"{source} {key}", value, shown.get(key)))
    return found


def leave(
    driver: Driver,
    participant_id: str,
    role: str,
    last_day: date,
    joining_school: str | None,
    now: datetime,
    *,
    provider: str | None = None,
    start: date | None = None,
) -> Step:
    """Test support: the school reports the participant's last day with the provider, and that
    they join ``joining_school`` (none: they simply left) for school-led training, or trained
    by ``provider`` (another provider's id) from ``start`` (default: the day after). The
    oracle's period ends that day, and so does the school stay unless they stay at the school;
    another provider's new period joins the world as someone else's (``ours=False``)."""
    from rect_conformance._owned import COURSES

    step = Step("school-leave", "participant", participant_id, "", "test-support", now)
    attributes: dict[str, Any] = {"course_identifier": COURSES[role], "date": last_day.isoformat()}
    joins = start or date.fromordinal(last_day.toordinal() + 1)
    if joining_school is not None:
        attributes["joining"] = {"school_id": joining_school, "lead_provider_id": provider}
        if provider is not None:
            attributes["joining"]["start_date"] = joins.isoformat()
            # The new provider takes over the training as it was (cohort and schedule).
            attributes["joining"].update(_carried(driver, participant_id, role))
    step.response = driver.client.request(
        "POST",
        f"{SUPPORT_PARTICIPANTS}/{participant_id}/leave",
        json={"data": {"attributes": attributes}},
        server_date=stamp(now),
        auth=driver.auth,
    )
    if step.response.status_code != 200:
        step.not_run = f"test support refused the leaving: {step.response.status_code}"
        return driver._finish(step, context=f"leave of {participant_id}")
    _left(driver, participant_id, role, last_day, joining_school, provider, joins)
    driver.seen.pop(f"participant:{participant_id}", None)  # a school change moves it
    return driver._finish(step, context=f"leave of {participant_id}")


def _carried(driver: Driver, participant_id: str, role: str) -> dict[str, Any]:
    """The cohort and schedule of the participant's latest period in ``role``, if known."""
    from rect_conformance.oracle import latest_period

    person = driver.world.participant(participant_id)
    period = latest_period(person, role) if person else None  # type: ignore[arg-type]
    if period is None:
        return {}
    return {"cohort": str(period.cohort), "schedule_identifier": period.schedule}


def _left(
    driver: Driver,
    participant_id: str,
    role: str,
    last_day: date,
    joining_school: str | None,
    provider: str | None,
    joins: date,
) -> None:
    """The oracle's world after a reported leaving (see :func:`leave`)."""
    from rect_conformance.oracle import TrainingPeriod, latest_period

    person = driver.world.participant(participant_id)
    period = latest_period(person, role) if person else None  # type: ignore[arg-type]
    if person is None or period is None:
        return
    stays = joining_school == period.school
    ended = replace(
        period,
        end=min(period.end, last_day) if period.end else last_day,
        school_period_end=period.school_period_end if stays else last_day,
    )
    periods = [ended if p.id == period.id else p for p in person.periods]
    if provider is not None and joining_school is not None:
        periods.append(
            TrainingPeriod(
                id=f"{participant_id}/{role}/{len(periods) + 1}",
                role=period.role,
                cohort=period.cohort,
                schedule=period.schedule,
                start=joins,
                ours=False,
                school=joining_school,
                school_period=period.school_period if stays else f"{participant_id}/{role}/moved",
            )
        )
    driver.world = driver.world.put(replace(person, periods=tuple(periods)))


def complete_induction(driver: Driver, participant_id: str, day: date, now: datetime) -> Step:
    """Test support: an appropriate body records that the ECT's induction ended on ``day``
    (what change-schedule #10 reads, rules §14.4)."""
    step = Step("induction-completion", "participant", participant_id, "", "test-support", now)
    step.response = driver.client.request(
        "POST",
        f"{SUPPORT_PARTICIPANTS}/{participant_id}/induction-completion",
        json={"data": {"attributes": {"date": day.isoformat()}}},
        server_date=stamp(now),
        auth=driver.auth,
    )
    if step.response.status_code != 200:
        step.not_run = f"test support refused the completion: {step.response.status_code}"
        return driver._finish(step, context=f"induction completion of {participant_id}")
    person = driver.world.participant(participant_id)
    if person is not None:
        driver.world = driver.world.put(replace(person, induction_end_date=day))
    driver.seen.pop(f"participant:{participant_id}", None)  # an induction change moves it
    return driver._finish(step, context=f"induction completion of {participant_id}")


def transfer_listed(
    driver: Driver, participant_id: str, urns: tuple[str, str], last_day: date, now: datetime
) -> Step:
    """The participant's transfer: new_provider (to school-led), from ``urns[0]`` on
    ``last_day`` to ``urns[1]`` the day after."""

    step = Step("observe-transfer", "participant", participant_id, "", "getTransfer", now)
    step.response = driver._get(BY_NAME["transfers"].path_for(participant_id), now)
    driver._schema("getTransfer", step.response)
    rule = "transfer.listed-after-leaving"
    if step.response.status_code != 200:
        step.mismatches = [Mismatch(rule, "GET transfer status", 200, step.response.status_code)]
        return driver._finish(step, context=f"transfers of {participant_id}")
    transfers = (step.data.get("attributes") or {}).get("transfers") or []
    joining_day = date.fromordinal(last_day.toordinal() + 1)
    status = "complete" if joining_day <= london_date(now) else "incomplete"
    expected = {
        "transfer_type": "new_provider",
        "status": status,
        "leaving": {"school_urn": urns[0], "date": last_day.isoformat()},
        "joining": {"school_urn": urns[1], "provider": None, "date": joining_day.isoformat()},
    }
    got = transfers[-1] if transfers else {}
    for key, value in expected.items():
        shown = got.get(key)
        if isinstance(value, dict):
            shown = {k: (shown or {}).get(k) for k in value} if isinstance(shown, dict) else shown
        if shown != value:
            step.mismatches.append(Mismatch(rule, f"transfer {key}", value, shown))
    listed = driver._get(BY_NAME["transfers"].list_path, now, {"page[per_page]": 3000})
    ids = [str(item.get("id")) for item in json_of(listed).get("data") or []]
    if participant_id not in ids:
        step.mismatches.append(Mismatch(rule, "GET /participants/transfers", "listed", "absent"))
    return driver._finish(step, context=f"transfers of {participant_id}")


def assign_mentor(driver: Driver, ect_id: str, mentor_id: str, start: date, now: datetime) -> Step:
    """Test support: the school assigns ``mentor_id`` to the ECT from ``start``."""

    step = Step("school-mentor", "participant", ect_id, "", "test-support", now)
    step.response = driver.client.request(
        "POST",
        f"{SUPPORT_PARTICIPANTS}/{ect_id}/mentor",
        json={"data": {"attributes": {"mentor_id": mentor_id, "start_date": start.isoformat()}}},
        server_date=stamp(now),
        auth=driver.auth,
    )
    if step.response.status_code != 200:
        step.not_run = f"test support refused the mentor: {step.response.status_code}"
    driver.seen.pop(f"participant:{ect_id}", None)  # a mentor change moves it
    return driver._finish(step, context=f"mentor of {ect_id}")


def unfunded_mentor_listed(driver: Driver, ect_id: str, mentor_id: str, now: datetime) -> Step:
    """The mentor is an unfunded mentor of the provider and the ECT's ``mentor_id``."""

    rule = "unfunded-mentor.listed"
    step = Step("observe-unfunded", "participant", mentor_id, "", "getUnfundedMentor", now)
    step.response = driver._get(BY_NAME["unfunded-mentors"].path_for(mentor_id), now)
    driver._schema("getUnfundedMentor", step.response)
    if step.response.status_code != 200:
        step.mismatches.append(
            Mismatch(rule, "GET unfunded mentor", 200, step.response.status_code)
        )
    listed = driver._get(BY_NAME["unfunded-mentors"].list_path, now, {"page[per_page]": 3000})
    driver._schema("getUnfundedMentors", listed)
    if mentor_id not in [str(item.get("id")) for item in json_of(listed).get("data") or []]:
        step.mismatches.append(Mismatch(rule, "GET /unfunded-mentors", "listed", "absent"))
    ect = driver._get(BY_NAME["participants"].path_for(ect_id), now)
    shown = enrolment_of(json_of(ect).get("data") or {}, "ect") or {}
    if shown.get("mentor_id") != mentor_id:
        step.mismatches.append(
            Mismatch(rule, "the ECT's mentor_id", mentor_id, shown.get("mentor_id"))
        )
    return driver._finish(step, context=f"unfunded mentor {mentor_id} of ECT {ect_id}")


def training_counted(driver: Driver, participant_id: str, role: str, now: datetime) -> Step:
    """``GET /partnerships`` at ``now``: ``participants_currently_training`` of the provider's
    partnerships with the participant's school in its cohort.

    The first reading at an instant is the baseline. A later one at the same instant must
    differ from it by exactly as much as the run's own participants' periods covering that day
    changed in the oracle's world (everyone else's cancel out, whatever the seed holds); a
    difference names the rule of the participant's last action (a withdrawal or deferral ends
    the period that day), or the counting rule when nothing of the run's changed."""
    from rect_conformance.oracle import latest_period, london_date

    step = Step("observe-training", "partnership", participant_id, "", "getPartnerships", now)
    person = driver.world.participant(participant_id)
    period = latest_period(person, role) if person else None  # type: ignore[arg-type]
    if period is None:
        step.not_run = f"the oracle holds no {role} training of {participant_id}"
        return driver._finish(step, context=f"partnership count of {participant_id}")
    today = london_date(now)
    own = sum(
        1
        for pid in driver.owned
        for p in getattr(driver.world.participant(pid), "periods", ())
        if p.ours and p.school == period.school and p.cohort == period.cohort and p.covers(today)
    )
    step.response = driver._get(
        BY_NAME["partnerships"].list_path,
        now,
        {"filter[cohort]": str(period.cohort), "page[per_page]": 3000},
    )
    driver._schema("getPartnerships", step.response)
    listed = json_of(step.response).get("data") or []
    total = sum(
        int((item.get("attributes") or {}).get("participants_currently_training") or 0)
        for item in listed
        if isinstance(item, dict)
        and (item.get("attributes") or {}).get("school_id") == period.school
    )
    key = f"training:{period.school}:{period.cohort}:{stamp(now)}"
    if key in driver.seen:
        before_total, before_own = driver.seen[key]
        expected = before_total + own - before_own
        if total != expected:
            rule = driver.last_rule.get(participant_id, "partnership.currently-training")
            what = f"participants_currently_training at {period.school} in {period.cohort}"
            step.mismatches.append(Mismatch(rule, what, expected, total))
    driver.seen[key] = (total, own)
    return driver._finish(step, context=f"partnership count of {participant_id} at {stamp(now)}")
