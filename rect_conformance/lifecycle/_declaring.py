"""The declaration side of the driver: create, void, read back, and the DfE-side moves the
embedded sandbox's test support makes (funding eligibility, statements payable and paid).

Module functions taking the :class:`~rect_conformance.lifecycle.Driver`; the driver's methods
of the same names call them.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from rect_conformance._api import BY_NAME, BY_WRITE_OP
from rect_conformance.lifecycle._answers import json_of, stamp, updated_at
from rect_conformance.lifecycle._compare import (
    DECIDES,
    Mismatch,
    acceptance_rule,
    compare_declaration,
    compare_updated_at,
    refusal_rule,
)
from rect_conformance.lifecycle._step import Step, declare_action
from rect_conformance.oracle import (
    COURSE_IDENTIFIERS,
    OracleLimit,
    Outcome,
    Participant,
    World,
    declaration_view,
    declare,
    format_timestamp,
    latest_period,
    london_date,
    mark_eligible,
    statement_paid,
    statement_payable,
    void,
)

if TYPE_CHECKING:
    from rect_conformance.lifecycle._driver import Driver

NEW = "new-declaration"  # the oracle's id of a declaration until the target names it
SUPPORT_PARTICIPANTS = "/test-support/participants"
SUPPORT_STATEMENTS = "/test-support/statements"


def _date_text(value: datetime | str | None) -> str | None:
    return format_timestamp(value) if isinstance(value, datetime) else value


def create(
    driver: Driver,
    participant_id: str | None,
    course_identifier: str | None,
    declaration_type: str | None,
    declaration_date: datetime | str | None,
    evidence_held: str | None,
    now: datetime,
) -> Step:
    """``POST /participant-declarations`` at ``now``, judged by the oracle."""

    role = COURSE_IDENTIFIERS.get(str(course_identifier))
    subject = str(participant_id)
    state = driver.state_of(subject, role, now)
    step = Step(
        declare_action(declaration_type), "participant", subject, state, "createDeclaration", now
    )
    try:
        step.outcome = declare(
            driver.world,
            participant_id,
            course_identifier,
            declaration_type,
            declaration_date,
            evidence_held,
            now,
            new_id=NEW,
        )
    except OracleLimit as limit:
        step.not_run = f"the oracle cannot predict this: {limit}"
        return driver._finish(step, context=f"declare {declaration_type} for {subject}")
    attributes = {
        "participant_id": participant_id,
        "course_identifier": course_identifier,
        "declaration_type": declaration_type,
        "declaration_date": _date_text(declaration_date),
        "evidence_held": evidence_held,
    }
    body = {key: value for key, value in attributes.items() if value is not None}
    before = driver.world
    path = BY_WRITE_OP["createDeclaration"].path
    errors, answer = driver._send(step, "POST", path, body, "participant-declaration")
    outcome = step.outcome
    if outcome.accepted and step.accepted and step.data.get("id"):
        new_id = str(step.data["id"])
        step.subject_id = subject
        driver.world = outcome.world.rename_declaration(NEW, new_id)
        outcome = _renamed(outcome, new_id)
        step.outcome = outcome
        rule = acceptance_rule(outcome)
        if f"participant:{subject}" in outcome.touched:
            driver.last_rule[subject] = next(
                (r for r in outcome.rules if r.endswith("mentor-completion")), rule
            )
        shown = step.data.get("attributes") or {}
        step.mismatches += compare_declaration(declaration_view(driver.world, new_id), shown, rule)
        step.mismatches += compare_updated_at(
            None, shown.get("updated_at"), True, now, "updated-at.declaration-change"
        )
        if shown.get("created_at") != stamp(now):
            step.mismatches.append(
                Mismatch(
                    "time-travel.server-date", "created_at", stamp(now), shown.get("created_at")
                )
            )
        driver._remember(f"declaration:{new_id}", step.data)
        step.mismatches += _read_declaration(driver, new_id, now, rule)
        if participant_id not in driver.owned:
            driver._note_declaration(new_id)
    if not answer and participant_id and role is not None and driver._visible(participant_id):
        step.mismatches += _read_participant_after(driver, participant_id, role, outcome, now)
    person = before.participant(participant_id) if participant_id else None
    period = latest_period(person, role) if person and role else None
    context = driver._context(str(participant_id), role, body, before, {}, now)
    if period is not None:
        context = type(context)(
            attributes=body,
            cohort=period.cohort,
            role=role,
            shown=step.data.get("attributes") or {},
        )
    driver._documentation(step, outcome.rules, errors, context)
    return driver._finish(
        step,
        context=f"declare {declaration_type} for {subject} dated {body.get('declaration_date')}",
    )


def _renamed(outcome: Outcome, new_id: str) -> Outcome:
    touched = frozenset(t.replace(NEW, new_id) for t in outcome.touched)
    return Outcome(outcome.status, outcome.errors, outcome.rules, outcome.world, touched, new_id)


def _read_declaration(
    driver: Driver, declaration_id: str, now: datetime, rule: str, *, moved: bool = False
) -> list[Mismatch]:
    """GET the declaration at ``now`` and hold it to the oracle's view of it; its ``updated_at``
    is the one last seen, or (``moved``) the request's instant."""
    response = driver._get(BY_NAME["declarations"].path_for(declaration_id), now)
    driver._schema("getDeclaration", response)
    if response.status_code != 200:
        return [Mismatch(rule, "GET declaration status", 200, response.status_code)]

    data = json_of(response).get("data") or {}
    found = compare_declaration(
        declaration_view(driver.world, declaration_id), data.get("attributes") or {}, rule
    )
    key = f"declaration:{declaration_id}"
    if moved:
        found += compare_updated_at(
            driver.seen.get(key), updated_at(data), True, now, "updated-at.declaration-change"
        )
    elif key in driver.seen and updated_at(data) != driver.seen[key]:
        found.append(Mismatch(rule, "updated_at read back", driver.seen[key], updated_at(data)))
    driver._remember(key, data)
    return found


def _read_participant_after(
    driver: Driver, participant_id: str, role: str, outcome: Outcome, now: datetime
) -> list[Mismatch]:
    """After a declaration: the participant moved only if mentor completion changed (rules §19),
    and the provider's declarations of the person are exactly those the oracle holds."""

    key = f"participant:{participant_id}"
    before = driver.seen.get(key)
    response = driver._get(BY_NAME["participants"].path_for(participant_id), now)
    driver._schema("getParticipant", response)
    if response.status_code != 200:
        return []
    data = json_of(response).get("data") or {}
    moves = key in outcome.touched
    rule = (
        "updated-at.participant-mentor-completion"
        if moves
        else "updated-at.participant-not-on-declaration"
    )
    found = compare_updated_at(before, updated_at(data), moves, now, rule)
    decides = next((r for r in outcome.rules if r in DECIDES), acceptance_or_refusal(outcome))
    found += driver._participant_body(data, participant_id, role, now, decides)
    driver._remember(key, data)
    found += _declarations_listed(driver, participant_id, now, outcome)
    return found


def acceptance_or_refusal(outcome: Outcome) -> str:
    """The rule an outcome rests on, accepted or refused."""
    return acceptance_rule(outcome) if outcome.accepted else refusal_rule(outcome)


def listed_declarations(
    driver: Driver, participant_id: str, now: datetime
) -> list[dict[str, Any]] | None:
    """The declarations the provider lists for the person at ``now`` (``None`` when the list
    could not be read), each answer held to the response schema."""
    response = driver._get(
        BY_NAME["declarations"].list_path, now, {"filter[participant_id]": participant_id}
    )
    driver._schema("getDeclarations", response)
    listed = json_of(response).get("data")
    if response.status_code != 200 or not isinstance(listed, list):
        return None
    return [item for item in listed if isinstance(item, dict)]


def _declarations_listed(
    driver: Driver, participant_id: str, now: datetime, outcome: Outcome
) -> list[Mismatch]:
    """The provider's own declarations of the person, as listed, against the oracle's."""

    if not driver.complete:
        return []
    listed = listed_declarations(driver, participant_id, now)
    if listed is None:
        return []
    person = driver.world.participant(participant_id)
    expected = sorted(visible_declarations(person)) if person else []
    got = sorted(str(item.get("id")) for item in listed)
    if got == expected:
        return []
    return [
        Mismatch(
            acceptance_or_refusal(outcome),
            f"declarations listed for {participant_id}",
            f"{len(expected)} declarations",
            f"{len(got)}: {', '.join(sorted(set(got) - set(expected))) or 'some missing'}",
        )
    ]


# What another provider's declaration must be in to be shown to this one (rules §2.2).
PREVIOUS_STATES = ("submitted", "eligible", "payable", "paid")


def visible_declarations(person: Participant) -> list[str]:
    """The ids of the person's declarations the provider can list (rules §2.2): its own, and
    another provider's in a billable state dated no later than the end of the provider's
    latest training of that role (any date while that training is open)."""
    found = []
    for declaration in person.declarations:
        latest = latest_period(person, declaration.role)
        previous = (
            declaration.state in PREVIOUS_STATES
            and latest is not None
            and (latest.end is None or london_date(declaration.declaration_date) <= latest.end)
        )
        if declaration.ours or previous:
            found.append(declaration.id)
    return found


def void_declaration(driver: Driver, declaration_id: str, now: datetime) -> Step:
    """``PUT /participant-declarations/{id}/void`` at ``now``, judged by the oracle."""

    found = driver.world.declaration(declaration_id)
    state = found[1].state if found else "not found"
    step = Step("void", "declaration", declaration_id, state, "voidDeclaration", now)
    try:
        step.outcome = void(driver.world, declaration_id, now)
    except OracleLimit as limit:
        step.not_run = f"the oracle cannot predict this: {limit}"
        return driver._finish(step, context=f"void {declaration_id}")
    errors, answer = driver._send(
        step, "PUT", BY_WRITE_OP["voidDeclaration"].path_for(declaration_id)
    )
    outcome = step.outcome
    rule = acceptance_or_refusal(outcome)
    key = f"declaration:{declaration_id}"
    if outcome.accepted and step.accepted:
        driver.world = outcome.world
        if found is not None and f"participant:{found[0].id}" in outcome.touched:
            driver.last_rule[found[0].id] = "void.mentor-completion-reversed"
        shown = step.data.get("attributes") or {}
        view = declaration_view(driver.world, declaration_id)
        step.mismatches += compare_declaration(view, shown, rule)
        step.mismatches += compare_updated_at(
            driver.seen.get(key),
            shown.get("updated_at"),
            True,
            now,
            "updated-at.declaration-change",
        )
        driver._remember(key, step.data)
    if not answer and found is not None and found[1].ours:
        step.mismatches += _read_declaration(driver, declaration_id, now, rule)
        if outcome.accepted and found[0].id in driver.owned:
            person, declaration = found
            step.mismatches += _read_participant_after(
                driver, person.id, declaration.role, outcome, now
            )
    if found is not None:
        from rect_conformance.lifecycle._documentation import Context

        context = Context(cohort=found[1].cohort, role=found[1].role)
        driver._documentation(step, outcome.rules, errors, context)
    if step.accepted and found is not None and found[0].id not in driver.owned:
        driver._note_void(declaration_id, state)
    return driver._finish(step, context=f"void {declaration_id} ({state}) at {stamp(now)}")


# -- DfE-side moves through test support --------------------------------------------------------
def _support(
    driver: Driver, method: str, path: str, attributes: dict[str, Any], now: datetime
) -> Any:

    return driver.client.request(
        method,
        path,
        json={"data": {"attributes": attributes}},
        server_date=stamp(now),
        auth=driver.auth,
    )


def _dfe_step(
    driver: Driver, action: str, subject: str, outcome: Outcome, response: Any, now: datetime
) -> Step:
    """Adopt a DfE-side move the oracle follows, then read back every declaration (and the
    participant) it touched."""
    step = Step(action, "declaration", subject, "", "test-support", now, outcome, response)
    if response.status_code != 200:
        step.not_run = (
            f"test support refused {action}: {response.status_code} {response.text[:120]!r}"
        )
        return driver._finish(step, context=f"{action} {subject}")
    driver.world = outcome.world
    for touched in sorted(outcome.touched):
        kind, _, identifier = touched.partition(":")
        if kind == "declaration":
            step.mismatches += _read_declaration(
                driver, identifier, now, outcome.rules[0], moved=True
            )
        elif kind == "participant":
            step.mismatches += _participant_moved(driver, identifier, now)
    return driver._finish(step, context=f"after {action} of {subject}")


def _participant_moved(driver: Driver, participant_id: str, now: datetime) -> list[Mismatch]:
    """After DfE marked the person funding-eligible: their ``updated_at`` moved to ``now``."""
    key = f"participant:{participant_id}"
    response = driver._get(BY_NAME["participants"].path_for(participant_id), now)
    driver._schema("getParticipant", response)
    if response.status_code != 200:
        return []
    data = json_of(response).get("data") or {}
    rule = "updated-at.participant-funding-eligibility"
    found = compare_updated_at(driver.seen.get(key), updated_at(data), True, now, rule)
    driver._remember(key, data)
    return found


def funding_eligible(driver: Driver, participant_id: str, role: str, now: datetime) -> Step:
    """DfE marks the participant funding-eligible in ``role`` (test support)."""
    from rect_conformance._owned import COURSES

    outcome = mark_eligible(driver.world, participant_id, role, now)  # type: ignore[arg-type]
    response = _support(
        driver,
        "POST",
        f"{SUPPORT_PARTICIPANTS}/{participant_id}/funding-eligibility",
        {"course_identifier": COURSES[role]},
        now,
    )
    return _dfe_step(driver, "dfe-eligible", participant_id, outcome, response, now)


def statement_moves(driver: Driver, statement_id: str, status: str, now: datetime) -> Step:
    """DfE moves one of the provider's statements to payable or paid (test support)."""
    world: World = driver.world
    outcome = (
        statement_payable(world, statement_id)
        if status == "payable"
        else statement_paid(world, statement_id)
    )
    response = _support(
        driver, "PUT", f"{SUPPORT_STATEMENTS}/{statement_id}", {"status": status}, now
    )
    if response.status_code == 200 and driver.ledger is not None:
        driver.ledger.statement_status[statement_id] = status
    return _dfe_step(driver, f"dfe-{status}", statement_id, outcome, response, now)
