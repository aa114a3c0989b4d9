"""How each change to a record the run does not own is taken back at the end of the run.

* withdraw or defer: resume, on a later London day than the action (resume is refused on the
  day of the withdrawal or deferral). The scenarios act on seed participants with a server
  date of yesterday, so the undo at today's date leaves an active participant whose new
  training period starts today (a withdraw or defer of it is refused until tomorrow);
* change schedule: change back to the schedule and cohort it had (a new training period from
  today remains);
* a declaration: void it (a voided declaration remains; the API cannot delete one);
* a delivery partner change: change it back;
* void of a declaration, resume, a new partnership: cannot be taken back.

Undo requests are not judged by the oracle (the world of a failed scenario may be stale); only
whether the target took them.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from rect_conformance._api import BY_NAME, BY_WRITE_OP
from rect_conformance.lifecycle._ledger import Change
from rect_conformance.oracle import (
    COURSE_IDENTIFIERS,
    LONDON,
    World,
    format_timestamp,
    latest_period,
    training_status,
)

if TYPE_CHECKING:
    import httpx

    from rect_conformance._run import Run
    from rect_conformance.lifecycle._driver import Driver


def _after(driver: Driver, moment: datetime) -> datetime:
    """The real now, or the start of the London day after ``moment`` if that is later."""
    next_day = datetime.combine(
        moment.astimezone(LONDON).date() + timedelta(days=1), time(0, 5), tzinfo=LONDON
    )
    return max(driver.now(), next_day)


def _took(response: httpx.Response, what: str) -> str | None:
    if response.status_code == 200:
        return None
    return f"{what} answered {response.status_code}: {response.text[:160]}"


def participant_change(
    driver: Driver, action: str, participant_id: str, course: str, before: World, now: datetime
) -> Change:
    """The change an accepted participant action made, with its undo."""
    role = COURSE_IDENTIFIERS.get(course)
    person = before.participant(participant_id)
    period = latest_period(person, role) if person and role else None
    what = f"{action} of participant {participant_id} ({course}) at {format_timestamp(now)}"
    path = BY_WRITE_OP["resumeParticipant"].path_for(participant_id)

    def resume_it() -> str | None:
        when = _after(driver, now)
        response = driver.client.request(
            "PUT",
            path,
            json={"data": {"attributes": {"course_identifier": course}}},
            server_date=format_timestamp(when),
            auth=driver.auth,
        )
        return _took(response, f"resume at {format_timestamp(when)}")

    if action in ("withdraw", "defer"):
        if period is not None and training_status(period) != "active":
            # Resuming would leave an active participant where there was a stopped one.
            was = training_status(period)
            return Change(
                what, None, f"the participant was {was} before; a resume would not restore that"
            )
        return Change(what, resume_it)
    if action == "change-schedule" and period is not None:
        schedule, cohort = period.schedule, period.cohort

        def change_back() -> str | None:
            response = driver.client.request(
                "PUT",
                BY_WRITE_OP["changeScheduleParticipant"].path_for(participant_id),
                json={
                    "data": {
                        "attributes": {
                            "course_identifier": course,
                            "schedule_identifier": schedule,
                            "cohort": str(cohort),
                        }
                    }
                },
                server_date=format_timestamp(driver.now()),
                auth=driver.auth,
            )
            return _took(response, f"change back to {schedule} in {cohort}")

        return Change(what + f" (was {schedule} in {cohort})", change_back)
    return Change(what, None, f"a {action} cannot be taken back through the API")


def declaration_change(driver: Driver, declaration_id: str) -> Change:
    """A declaration the run made for someone else's participant: void it at the end."""

    def void_it() -> str | None:
        response = driver.client.request(
            "PUT",
            BY_WRITE_OP["voidDeclaration"].path_for(declaration_id),
            server_date=format_timestamp(driver.now()),
            auth=driver.auth,
        )
        return _took(response, "void")

    return Change(f"declaration {declaration_id} made by the run", void_it)


def void_change(declaration_id: str, state: str) -> Change:
    """A void of someone else's declaration: never undoable."""
    return Change(
        f"void of declaration {declaration_id} (was {state})",
        None,
        "a void cannot be taken back through the API",
    )


def partnership_change(driver: Driver, partnership_id: str, delivery_partner_id: str) -> Change:
    """A delivery partner change: put the old delivery partner back."""

    def change_back() -> str | None:
        response = driver.client.request(
            "PUT",
            BY_NAME["partnerships"].path_for(partnership_id),
            json={"data": {"attributes": {"delivery_partner_id": delivery_partner_id}}},
            auth=driver.auth,
        )
        return _took(response, "putting the delivery partner back")

    return Change(
        f"delivery partner of partnership {partnership_id} (was {delivery_partner_id})",
        change_back,
    )


def undo(run: Run) -> None:
    """Undo every change the run's scenarios made to records it does not own (once), and count
    the requests as a scenario of its own."""
    from rect_conformance.lifecycle._ledger import FAILED, PASSED, ScenarioRecord, ledger_of

    ledger = ledger_of(run)
    pending = [change for change in ledger.changes if not change.done]
    if ledger.finished:
        return
    start = run.client.requests_sent
    failed_before = len(ledger.not_undone)
    ledger.undo_all()
    if pending:
        record = ScenarioRecord("undo what the run changed", "(cleanup)")
        record.requests = run.client.requests_sent - start
        missed = len(ledger.not_undone) - failed_before
        record.result = FAILED if missed else PASSED
        record.reason = f"{missed} changes could not be undone" if missed else None
        ledger.scenarios.append(record)


# -- noting changes as they happen --------------------------------------------------------------
def keep(driver: Driver, change: Change) -> None:
    """Journal a change (with how it will be undone) and add it to the run's ledger."""
    assert driver.ledger is not None
    how = "at the end of the run" if change.undo else f"not possible ({change.why_not})"
    driver.client.journal.event(f"lifecycle change: {change.what}; undo: {how}")
    driver.ledger.change(change)


def _close(driver: Driver, key: tuple[str, str], how: str) -> bool:
    """Mark the open change with ``key`` undone by the scenario itself; whether there was one."""
    assert driver.ledger is not None
    for change in driver.ledger.changes:
        if not change.done and change.key == key:
            change.done = True
            driver.ledger.undone.append(f"{change.what} ({how} by its scenario)")
            driver.client.journal.event(f"lifecycle change undone: {change.what}")
            return True
    return False


def note_participant(
    driver: Driver, action: str, participant_id: str, course: str, before: World, now: datetime
) -> None:
    """An accepted action on a participant the run does not own. A resume the scenario made
    itself closes the withdrawal or deferral it undoes."""
    if driver.ledger is None:
        return
    if action == "resume":
        _close(driver, (participant_id, course), "resumed")
        return
    change = participant_change(driver, action, participant_id, course, before, now)
    if action in ("withdraw", "defer"):
        change.key = (participant_id, course)
    keep(driver, change)


def note_declaration(driver: Driver, declaration_id: str) -> None:
    """A declaration the run made for a participant it does not own."""
    if driver.ledger is not None:
        change = declaration_change(driver, declaration_id)
        change.key = (declaration_id, "declaration")
        keep(driver, change)


def note_void(driver: Driver, declaration_id: str, state: str) -> None:
    """A void: the undo of the run's own declaration, or a change that cannot be taken back."""
    if driver.ledger is not None and not _close(driver, (declaration_id, "declaration"), "voided"):
        keep(driver, void_change(declaration_id, state))
