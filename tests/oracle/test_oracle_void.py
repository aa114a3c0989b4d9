"""Void in every state, the clawback statement, DfE-side moves and mentor completion undone."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from oracle_builders import MENTOR, NOW, PID, STATEMENTS, Case, at, check, declaration, exercised
from oracle_builders import period as training
from oracle_builders import person as someone
from oracle_builders import world as small_world

from rect_conformance.oracle import (
    Statement,
    declaration_view,
    declare,
    enrolment,
    mark_eligible,
    statement_paid,
    statement_payable,
    void,
)

DECL_ID = "participant_declaration_id"
REFUNDED = (DECL_ID, "The declaration will or has been refunded")


def in_state(state: str, **changes: object):
    item = declaration(state=state, **changes)
    return small_world(someone(declarations=(item,))), item.id


def v(state: str, now=NOW, **changes: object):
    world, ident = in_state(state, **changes)
    return lambda: void(world, ident, now)


NO_STATEMENTS_2023 = small_world(
    someone(
        training(cohort=2023, start=date(2023, 9, 1)),
        declarations=(declaration(state="paid", cohort=2023),),
    ),
    statements=tuple(s for s in STATEMENTS if s.cohort != 2023),
)

CASES = [
    *(
        Case(
            f"void {state}",
            v(state),
            200,
            ("void.unpaid-to-voided", "void.statement-id-null", "updated-at.declaration-change"),
        )
        for state in ("submitted", "eligible", "payable")
    ),
    Case("void paid", v("paid"), 200, ("void.paid-to-awaiting-clawback",)),
    Case(
        "void paid with no statement left",
        lambda: void(NO_STATEMENTS_2023, "d-started-paid", NOW),
        422,
        ("void.paid-no-statement",),
        (
            (
                DECL_ID,
                "You cannot submit or void declarations for the 2023 cohort. The funding "
                "contract for this cohort has ended. Get in touch if you need to discuss this with "
                "us",
            ),
        ),
    ),
    Case(
        "void awaiting-clawback",
        v("awaiting-clawback", clawback_statement_id="s-2025"),
        422,
        ("void.refunded",),
        (REFUNDED,),
    ),
    Case(
        "void clawed-back",
        v("clawed-back", clawback_statement_id="s-2025"),
        422,
        ("void.refunded",),
        (REFUNDED,),
    ),
    Case(
        "void voided",
        v("voided"),
        422,
        ("void.already-voided",),
        ((DECL_ID, "The declaration has already been voided."),),
    ),
    Case(
        "void another provider's declaration",
        v("eligible", ours=False),
        404,
        ("void.not-own",),
        (("Resource not found", "Nothing could be found for the provided details"),),
    ),
    Case(
        "void an unknown declaration",
        lambda: void(in_state("eligible")[0], "nope", NOW),
        404,
        ("void.not-own",),
    ),
]

EXERCISED = exercised(CASES) | {
    "void.mentor-completion-reversed",
    "dfe.mark-eligible",
    "updated-at.participant-funding-eligibility",
    "dfe.statement-payable",
    "dfe.statement-paid",
}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_void_case(case: Case) -> None:
    check(case)


@pytest.mark.parametrize("state", ["submitted", "eligible", "payable"])
def test_a_voided_declaration_shows_no_statement(state: str) -> None:
    world, ident = in_state(state)
    view = declaration_view(void(world, ident, NOW).world, ident)
    assert (view.state, view.statement_id, view.clawback_statement_id) == ("voided", None, None)


def test_void_of_paid_attaches_the_earliest_statement_of_any_status() -> None:
    world, ident = in_state("paid")
    paid_statement = Statement("s-paid-early", 2025, date(2025, 11, 20), status="paid")
    world = replace(world, statements=(*world.statements, paid_statement))
    view = declaration_view(void(world, ident, NOW).world, ident)
    assert (view.state, view.statement_id, view.clawback_statement_id) == (
        "awaiting-clawback",
        "s-2025",
        "s-paid-early",
    )


def test_void_is_never_accepted_twice() -> None:
    for state in ("submitted", "eligible", "payable", "paid"):
        world, ident = in_state(state)
        once = void(world, ident, NOW)
        assert once.accepted and not void(once.world, ident, NOW).accepted


def test_a_voided_declaration_in_a_closed_cohort_is_still_voided() -> None:
    world = small_world(
        someone(
            training(cohort=2021, start=date(2021, 9, 1), end=date(2023, 7, 31)),
            declarations=(declaration(state="eligible", cohort=2021),),
        ),
        statements=(),
    )
    assert void(world, "d-started-eligible", NOW).accepted


def test_paid_awaiting_clawback_then_clawed_back_by_dfe() -> None:
    world, ident = in_state("paid")
    after = void(world, ident, NOW).world
    clawed = statement_paid(after, "s-2025")
    assert declaration_view(clawed.world, ident).state == "clawed-back"
    assert clawed.touched == {f"declaration:{ident}"}
    assert void(clawed.world, ident, NOW).rules == ("void.refunded",)


def test_dfe_moves_a_declaration_from_submitted_to_paid() -> None:
    world = small_world(someone(declarations=(declaration(state="submitted"),)))
    ident = "d-started-submitted"
    eligible = mark_eligible(world, PID, "ect", NOW)
    assert "dfe.mark-eligible" in eligible.rules
    # The person's funding facts changed, so their updated_at moves too (rules §19).
    assert "updated-at.participant-funding-eligibility" in eligible.rules
    assert eligible.touched == {f"participant:{PID}", f"declaration:{ident}"}
    view = declaration_view(eligible.world, ident)
    assert (view.state, view.statement_id) == ("eligible", "s-2025")
    payable = statement_payable(eligible.world, "s-2025")
    assert "dfe.statement-payable" in payable.rules
    assert declaration_view(payable.world, ident).state == "payable"
    paid = statement_paid(payable.world, "s-2025")
    assert "dfe.statement-paid" in paid.rules
    assert declaration_view(paid.world, ident).state == "paid"


def test_voiding_a_mentor_completion_reopens_training() -> None:
    mentor = training(role="mentor", id=f"{PID}/mentor/1")
    sent = "2025-11-01T10:00:00Z"
    created = declare(
        small_world(someone(mentor)),
        PID,
        MENTOR,
        "completed",
        sent,
        "75-percent-engagement-met",
        NOW,
    )
    undone = void(created.world, "new-declaration", at(2025, 11, 12))
    assert "void.mentor-completion-reversed" in undone.rules
    assert undone.touched == {"declaration:new-declaration", f"participant:{PID}"}
    person = undone.world.participants[0]
    assert person.mentor_funding_end_date is None
    assert [(p.start, p.end) for p in person.periods] == [
        (date(2025, 9, 1), date(2025, 11, 1)),
        (date(2025, 11, 2), None),
    ]
    shown = enrolment(undone.world, PID, "mentor", at(2025, 11, 12))
    assert shown is not None and shown.participant_status == "active"
