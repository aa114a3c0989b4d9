"""What moves ``updated_at``: every participant action moves the participant's (rules §19).

These checks write, so they only run where the target offers test support (the embedded
sandbox): the run registers its own participant through test support (``_owned``)
and acts only on it. Each action is sent with ``X-With-Server-Date`` a day or more after the
registration, so a timestamp kept at second precision must visibly move. Its reads after an
action are fresh (``fresh=True``): they compare ``updated_at`` over time.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import httpx

from rect_conformance._api import BY_NAME, BY_WRITE_OP, PARTICIPANT_ACTIONS
from rect_conformance._owned import COURSES, NotRegistered, register_participant
from rect_conformance.checks._common import body_of, describe, finding, get, read_list
from rect_conformance.checks._oracle import format_timestamp, parse_timestamp
from rect_conformance.checks._registry import CheckContext, CheckSkipped, check, operation_id
from rect_conformance.findings import Finding, Kind

if TYPE_CHECKING:
    from rect_conformance._contract import Operation

SOURCE = "rect-api-rules §14.2-14.4, §19 (participant actions move updated_at)"
COURSE = COURSES["ect"]
_ACTION_BODIES: dict[str, dict[str, Any]] = {
    "withdrawParticipant": {"reason": "other", "course_identifier": COURSE},
    "deferParticipant": {"reason": "other", "course_identifier": COURSE},
    "resumeParticipant": {"course_identifier": COURSE},
}
_SCHEDULES = ("ecf-extended-september", "ecf-standard-january")


def _participant(response: httpx.Response) -> dict[str, Any] | None:
    body = body_of(response)
    data = body.get("data") if isinstance(body, dict) else None
    return data if isinstance(data, dict) and data.get("id") else None


def _updated_at(participant: dict[str, Any]) -> datetime | None:
    attributes = participant.get("attributes")
    return parse_timestamp(attributes.get("updated_at")) if isinstance(attributes, dict) else None


def new_participant(ctx: CheckContext) -> dict[str, Any]:
    """A new ECT of the primary provider in its latest cohort, trained since 60 days ago, owned
    by this run: the participant as test support answered it."""
    partnerships = read_list(ctx, BY_NAME["partnerships"])
    if not partnerships:
        raise CheckSkipped("the provider has no partnership to register a participant under")
    latest = max(partnerships, key=lambda p: str(p.get("attributes", {}).get("cohort")))
    try:
        owned = register_participant(
            ctx.client,
            role="ect",
            cohort=str(latest["attributes"].get("cohort")),
            school_id=str(latest["attributes"].get("school_id")),
            start_date=(datetime.now(UTC) - timedelta(days=60)).date().isoformat(),
        )
    except NotRegistered as refused:
        raise CheckSkipped(str(refused)) from None
    return owned.record


def _act(
    ctx: CheckContext, op: str, participant_id: str, attributes: dict[str, Any], days: int
) -> httpx.Response:
    when = format_timestamp(datetime.now(UTC) + timedelta(days=days))
    return ctx.client.request(
        "PUT",
        BY_WRITE_OP[op].path_for(participant_id),
        json={"data": {"attributes": attributes}},
        server_date=when,
    )


def _change_schedule_body(participant: dict[str, Any]) -> dict[str, Any]:
    enrolments = participant.get("attributes", {}).get("ecf_enrolments") or [{}]
    current = enrolments[0].get("schedule_identifier")
    target = next(s for s in _SCHEDULES if s != current)
    return {"schedule_identifier": target, "course_identifier": COURSE}


@check(
    "sync-updated-at-bumped",
    Kind.SYNC,
    operations=PARTICIPANT_ACTIONS,
    needs=("writes", "test_support"),
    source=SOURCE,
)
def updated_at_bumped(ctx: CheckContext, operation: Operation | str) -> Iterator[Finding]:
    """Withdraw, defer, resume and change-schedule move the participant's ``updated_at``, in the
    action's answer and in later reads."""
    op = operation_id(operation)
    participant = new_participant(ctx)
    participant_id = str(participant["id"])
    days = 1
    if op == "resumeParticipant":
        withdrawn = _act(
            ctx, "withdrawParticipant", participant_id, _ACTION_BODIES["withdrawParticipant"], days
        )
        after_withdrawal = _participant(withdrawn) if withdrawn.status_code == 200 else None
        if after_withdrawal is None:
            raise CheckSkipped(
                f"could not withdraw the run's participant before resuming it: "
                f"{describe(withdrawn, 120)}"
            )
        participant, days = after_withdrawal, 2
    before = _updated_at(participant)
    body = (
        _change_schedule_body(participant)
        if op == "changeScheduleParticipant"
        else _ACTION_BODIES[op]
    )
    response = _act(ctx, op, participant_id, body, days)
    after = _participant(response) if response.status_code == 200 else None
    if after is None or before is None:
        raise CheckSkipped(
            f"{op} on the run's own participant answered "
            f"{describe(response, 120)}; updated_at cannot be observed"
        )
    moved = _updated_at(after)
    if moved is None or moved <= before:
        yield finding(
            "sync-updated-at-bumped",
            Kind.SYNC,
            op,
            f"{op} answered 200 but the participant's updated_at stayed "
            f"{after['attributes'].get('updated_at')!r} (before: {format_timestamp(before)})",
            expected="updated_at later than before the action",
            source=SOURCE,
            response=response,
        )
        return
    participants = BY_NAME["participants"]
    reread = get(ctx, participants.path_for(participant_id), fresh=True)
    shown = _participant(reread)
    if shown is None or _updated_at(shown) != moved:
        seen = shown["attributes"].get("updated_at") if shown else describe(reread, 80)
        yield finding(
            "sync-updated-at-bumped",
            Kind.SYNC,
            op,
            f"after {op} the action answered updated_at {format_timestamp(moved)} but GET "
            f"{participants.path_for(participant_id)} shows {seen!r}",
            expected="reads show the moved updated_at",
            source=SOURCE,
            response=reread,
        )
        return
    # A provider that polls with updated_since must now be told about the change.
    poll = get(
        ctx,
        participants.list_path,
        {"filter[updated_since]": format_timestamp(moved), "page[per_page]": 3000},
        fresh=True,
    )
    polled = body_of(poll)
    ids = (
        {str(p.get("id")) for p in polled.get("data", []) if isinstance(p, dict)}
        if isinstance(polled, dict) and isinstance(polled.get("data"), list)
        else set()
    )
    if participant_id not in ids:
        yield finding(
            "sync-updated-at-bumped",
            Kind.SYNC,
            op,
            f"after {op} (updated_at {format_timestamp(moved)}) GET {participants.list_path} with "
            f"filter[updated_since]={format_timestamp(moved)} does not list {participant_id}",
            expected="a poll from the new updated_at lists the changed participant",
            source=f"{SOURCE}; rect-api-rules §5.2",
            response=poll,
        )
