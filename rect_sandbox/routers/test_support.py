"""Test support API: what a school, an appropriate body or DfE would do, on demand.

Outside ``/api/v3``; the same bearer tokens; every operation acts for the token's provider.
Bodies are ``{"data": {"attributes": {...}}}``; errors use the API's envelopes. See
``rect_sandbox/TEST_SUPPORT.md`` for the table of operations and a lifecycle example. The
routes only check who may do what and answer through the read model; what each operation does
to the stored facts is in ``rules/_school_events.py`` and ``rules/_dfe_events.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from fastapi import Request
from fastapi.responses import JSONResponse, Response

from rect_sandbox._http import NOT_FOUND, ApiError, body_attributes, faults
from rect_sandbox._serialize import (
    declaration_resource,
    participant_resource,
    statement_resource,
    visible_participant,
)
from rect_sandbox.deps import Connection, Now, Provider, api_router
from rect_sandbox.routers._writes import answer, own_record, transaction
from rect_sandbox.rules._dfe_events import mark_funding_eligible, move_statement
from rect_sandbox.rules._dfe_events import set_declaration_state as set_state
from rect_sandbox.rules._school_events import (
    Refused,
    Unknown,
    assign_mentor,
    complete_induction,
    leave,
    participant_event,
    register,
)

router = api_router()

OPERATIONS = [
    {
        "method": "POST",
        "path": "/test-support/participants",
        "does": "register an ECT or mentor at a partnered school",
    },
    {
        "method": "POST",
        "path": "/test-support/participants/{id}/leave",
        "does": "school reports leaving, optional joining elsewhere",
    },
    {
        "method": "POST",
        "path": "/test-support/participants/{id}/funding-eligibility",
        "does": "mark funding-eligible for a course",
    },
    {
        "method": "POST",
        "path": "/test-support/participants/{id}/mentor",
        "does": "assign a mentor to an ECT",
    },
    {
        "method": "POST",
        "path": "/test-support/participants/{id}/induction-completion",
        "does": "record the end of induction",
    },
    {
        "method": "PUT",
        "path": "/test-support/statements/{id}",
        "does": "move a statement to payable or paid",
    },
    {
        "method": "PUT",
        "path": "/test-support/participant-declarations/{id}",
        "does": "make a declaration payable, paid or clawed-back",
    },
]


@contextmanager
def _refusals() -> Iterator[None]:
    """The rules' refusals as the API's answers: 422 with their errors, 404 for an unknown id."""
    try:
        yield
    except Refused as refused:
        raise ApiError(422, refused.errors) from None
    except Unknown:
        raise ApiError(404, [NOT_FOUND]) from None


@router.get("/test-support")
async def describe(provider: Provider) -> Response:
    """Say that test support is available, for which lead provider, and list its operations."""
    # Plain JSON on purpose: the API's response faults do not reach the test-support paths.
    # The provider's id is what another provider's test support names in a ``joining``.
    data = {"test_support": True, "lead_provider_id": provider, "operations": OPERATIONS}
    return JSONResponse({"data": data})


@router.post("/test-support/participants")
async def register_participant(request: Request, provider: Provider, clock: Now) -> Response:
    """Register a new ECT or mentor (or a new role for an existing person) at a partnered school."""
    attrs = await body_attributes(request)
    with transaction(request) as conn, _refusals():
        teacher_id = register(conn, provider, attrs, clock)
        if attrs.get("expression_of_interest") is True:
            # Not visible through the API until a partnership exists, so only the id is given.
            shown = {"id": teacher_id, "type": "participant", "expression_of_interest_only": True}
        else:
            shown = participant_resource(conn, teacher_id, provider, clock.today, faults(request))
        return answer(request, shown)


# What a school, an appropriate body or DfE does to one participant: path segment -> rule.
PARTICIPANT_EVENTS: dict[str, Callable] = {
    "leave": leave,
    "funding-eligibility": mark_funding_eligible,
    "mentor": assign_mentor,
    "induction-completion": complete_induction,
}


def _participant_route(event: Callable) -> Callable:
    """The route of one participant event: the person must be visible to the provider (404),
    then the event runs and the answer is the participant as the provider now sees it."""

    async def route(
        participant_id: str, request: Request, provider: Provider, clock: Now
    ) -> Response:
        attrs = await body_attributes(request)
        with transaction(request) as conn, _refusals():
            if not visible_participant(conn, participant_id, provider):
                raise ApiError(404, [NOT_FOUND])
            switches = faults(request)
            # Funding eligibility moves the participant's updated_at (rules 19) but under
            # this fault.
            keeps = event is mark_funding_eligible and switches.on(
                "funding-eligibility-keeps-participant-updated-at"
            )
            participant_event(
                conn,
                event,
                participant_id,
                provider,
                attrs,
                clock,
                faults=switches,
                touches_participant=not keeps,
            )
            shown = participant_resource(
                conn, participant_id, provider, clock.today, faults(request)
            )
            return answer(request, shown)

    route.__doc__ = event.__doc__
    return route


for _segment, _event in PARTICIPANT_EVENTS.items():
    router.add_api_route(
        f"/test-support/participants/{{participant_id}}/{_segment}",
        _participant_route(_event),
        methods=["POST"],
        name=_event.__name__,
    )


@router.put("/test-support/statements/{statement_id}")
async def set_statement_status(
    statement_id: str, request: Request, provider: Provider, clock: Now, conn: Connection
) -> Response:
    """Move one of the provider's statements to payable or paid."""
    own_record(conn, "statements", statement_id, provider)
    attrs = await body_attributes(request)
    with transaction(request), _refusals():
        move_statement(conn, statement_id, str(attrs.get("status")), clock, faults=faults(request))
        return answer(request, statement_resource(conn, statement_id, faults(request)))


@router.put("/test-support/participant-declarations/{declaration_id}")
async def set_declaration_state(
    declaration_id: str, request: Request, provider: Provider, clock: Now, conn: Connection
) -> Response:
    """Shortcut: make a declaration payable or paid (via its statement) or clawed back."""
    row = own_record(conn, "declarations", declaration_id, provider)
    attrs = await body_attributes(request)
    with transaction(request), _refusals():
        set_state(conn, row, attrs.get("state"), clock, faults=faults(request))
        return answer(request, declaration_resource(conn, declaration_id, faults(request)))
