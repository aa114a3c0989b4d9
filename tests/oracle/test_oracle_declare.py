"""Declaration create: the V1-V19 gates with their exact errors, and what acceptance does."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from oracle_builders import (
    ECT,
    MENTOR,
    NOW,
    PID,
    STATEMENTS,
    Case,
    at,
    check,
    declaration,
    exercised,
    period,
)
from oracle_builders import person as someone
from oracle_builders import world as small_world

from rect_conformance.oracle import declaration_view, declare, enrolment

TYPE, DATE, PID_ERR, COHORT = "declaration_type", "declaration_date", "participant_id", "cohort"
EVIDENCE = "training-event-attended"
NOT_RECOGNISED = (
    PID_ERR,
    "Your update cannot be made as the '#/participant_id' is not recognised. Check participant "
    "details and try again.",
)
MENTOR_PERIOD = period(role="mentor", id=f"{PID}/mentor/1")
ELIGIBLE = frozenset({"ect", "mentor"})


def w(*periods, **changes):
    return small_world(someone(*periods, **changes))


def d(
    world,
    kind="started",
    when="2025-10-01T10:00:00Z",
    evidence=EVIDENCE,
    course=ECT,
    now=NOW,
    pid=PID,
):
    return lambda: declare(world, pid, course, kind, when, evidence, now)


ECT_2025 = w(period(), eligible_roles=ELIGIBLE)
WITH_STARTED = w(period(), declarations=(declaration(),))
WITHDRAWN_MID_OCTOBER = w(period(withdrawn_at=at(2025, 10, 15, 10), end=date(2025, 10, 15)))
BOTH_ROLES_MENTOR_WITHDRAWN = w(
    period(), period(role="mentor", id="m", withdrawn_at=at(2025, 9, 15), end=date(2025, 9, 15))
)
ECT_2022 = w(period(cohort=2022, start=date(2022, 9, 1)))
ECT_2023_ELIGIBLE = small_world(
    someone(period(cohort=2023, start=date(2023, 9, 1)), eligible_roles=ELIGIBLE),
    statements=tuple(s for s in STATEMENTS if s.cohort != 2023),
)
ONLY_ELSEWHERE = w(period(ours=False))
V14_DETAIL = (
    "This participant withdrew from this course on 2025-10-15T10:00:00Z. Enter a "
    "'#/declaration_date' that's on or before the withdrawal date."
)

CASES = [
    Case(
        "accepted for an eligible person",
        d(ECT_2025),
        200,
        (
            "declare.eligible-with-statement",
            "updated-at.declaration-change",
            "updated-at.participant-not-on-declaration",
        ),
    ),
    Case(
        "accepted for a person not yet eligible",
        d(w(period())),
        200,
        ("declare.submitted-without-statement",),
    ),
    Case(
        "V1",
        lambda: declare(ECT_2025, None, ECT, "started", "2025-10-01T10:00:00Z", EVIDENCE, NOW),
        422,
        ("declare.V1-participant-missing",),
        ((PID_ERR, "Enter a '#/participant_id'."),),
    ),
    Case(
        "V1 with an unreadable date also gets V11",
        lambda: declare(ECT_2025, "", ECT, "started", "yesterday", EVIDENCE, NOW),
        422,
        ("declare.V1-participant-missing", "declare.V11-date-format"),
        (
            (PID_ERR, "Enter a '#/participant_id'."),
            (DATE, "Enter a valid RCF3339 '#/declaration_date'."),
        ),
    ),
    Case(
        "V2",
        d(ECT_2025, pid="p-unknown"),
        422,
        ("declare.V2-participant-unknown",),
        (NOT_RECOGNISED,),
    ),
    Case(
        "V3",
        d(ECT_2025, course="ecf-foo"),
        422,
        ("declare.V3-course-identifier",),
        (("course_identifier", "Enter a '#/course_identifier'."),),
    ),
    Case(
        "V3 then checks against the mentor period",
        d(BOTH_ROLES_MENTOR_WITHDRAWN, course=None),
        422,
        (
            "declare.V3-course-identifier",
            "declare.V3-mentor-period-fallback",
            "declare.V14-after-withdrawal",
        ),
    ),
    Case(
        "V4",
        d(ECT_2025, when=None),
        422,
        ("declare.V4-date-missing",),
        ((DATE, "Enter a '#/declaration_date'."),),
    ),
    Case(
        "V5",
        d(ECT_2025, course=MENTOR),
        422,
        ("declare.V5-no-period-for-role",),
        (
            (
                "course_identifier",
                "The entered '#/course_identifier' is not recognised for the "
                "given participant. Check details and try again.",
            ),
        ),
    ),
    Case(
        "V6",
        d(ECT_2025, kind=None),
        422,
        ("declare.V6-type-missing",),
        ((TYPE, "Enter a '#/declaration_type'."),),
    ),
    Case(
        "V7",
        d(ECT_2025, kind="retained-5"),
        422,
        ("declare.V7-type-unknown",),
        ((TYPE, "Enter a valid declaration type."),),
    ),
    Case(
        "V8",
        d(WITH_STARTED),
        422,
        ("declare.V8-duplicate",),
        (
            (
                TYPE,
                "A declaration has already been submitted that will be, or has been, paid for "
                "this event.",
            ),
        ),
    ),
    Case(
        "V8 across providers",
        d(w(period(), declarations=(declaration(ours=False),))),
        422,
        ("declare.V8-duplicate",),
    ),
    Case(
        "V9",
        d(ECT_2025, when=NOW + timedelta(seconds=1)),
        422,
        ("declare.V9-future-date",),
        (
            (
                DATE,
                "The '#/declaration_date' value cannot be a future date. Check the date and "
                "try again.",
            ),
        ),
    ),
    Case("V9 not at now itself", d(ECT_2025, when=NOW), 200, ("declare.eligible-with-statement",)),
    Case(
        "V10 before the start (2025+, open-ended)",
        d(
            w(period(schedule="ecf-standard-january")),
            when="2025-12-31T23:59:59Z",
            now=at(2026, 2, 1),
        ),
        422,
        ("declare.V10-before-milestone",),
        (
            (
                DATE,
                "Declaration date must be on or after the milestone start date for the same "
                "declaration type.",
            ),
        ),
    ),
    Case(
        "V10 after the end (before 2025)",
        d(
            w(period(cohort=2024, start=date(2024, 9, 1))),
            when="2025-01-01T00:00:00Z",
            evidence=None,
        ),
        422,
        ("declare.V10-after-milestone",),
        (
            (
                DATE,
                "Declaration date must be on or before the milestone date for the same "
                "declaration type.",
            ),
        ),
    ),
    Case(
        "V10 hides V11 for a date alone",
        d(w(period(cohort=2024, start=date(2024, 9, 1))), when="2025-02-01", evidence=None),
        422,
        ("declare.V10-after-milestone",),
    ),
    Case(
        "V11 a date alone",
        d(ECT_2025, when="2025-10-01"),
        422,
        ("declare.V11-date-format",),
        ((DATE, "Enter a valid RCF3339 '#/declaration_date'."),),
    ),
    Case(
        "V11 no seconds", d(ECT_2025, when="2025-10-01T10:00Z"), 422, ("declare.V11-date-format",)
    ),
    Case(
        "V12",
        d(w(MENTOR_PERIOD), kind="retained-1", course=MENTOR),
        422,
        ("declare.V12-mentor-retained-or-extended",),
        (
            (
                TYPE,
                "You cannot send retained or extended declarations for participants who began "
                "their mentor training after June 2025. Resubmit this declaration with either a "
                "started or completed declaration.",
            ),
        ),
    ),
    Case(
        "V13 missing",
        d(ECT_2025, evidence=None),
        422,
        ("declare.V13-evidence-missing",),
        (("evidence_held", "Enter a '#/evidence_held' value for this participant."),),
    ),
    Case(
        "V13 not allowed",
        d(ECT_2025, evidence="one-term-induction"),
        422,
        ("declare.V13-evidence-not-allowed",),
        (("evidence_held", "Enter an available '#/evidence_held' type for this participant."),),
    ),
    Case(
        "V14 at the withdrawal instant",
        d(WITHDRAWN_MID_OCTOBER, when="2025-10-15T10:00:00Z"),
        422,
        ("declare.V14-after-withdrawal",),
        ((PID_ERR, V14_DETAIL),),
    ),
    Case(
        "V14 a second before",
        d(WITHDRAWN_MID_OCTOBER, when="2025-10-15T09:59:59Z"),
        200,
        ("declare.submitted-without-statement",),
    ),
    Case(
        "V14 with no date at all cannot be compared",
        d(WITHDRAWN_MID_OCTOBER, when=None),
        400,
        ("declare.unparseable-date",),
        (),
    ),
    Case(
        "declarations for deferred participants are accepted",
        d(w(period(deferred_at=at(2025, 10, 15), end=date(2025, 10, 15)))),
        200,
        ("declare.deferred-accepted",),
    ),
    Case(
        "V15",
        d(ECT_2022, when="2022-10-01T10:00:00Z", evidence=None),
        422,
        ("declare.V15-payments-frozen",),
        (
            (
                COHORT,
                "You cannot submit declarations for the 2022 cohort. The funding contract for "
                "this cohort has ended. Get in touch if you need to discuss this with us.",
            ),
        ),
    ),
    Case(
        "V16",
        d(ECT_2023_ELIGIBLE, when="2023-10-01T10:00:00Z", evidence=None),
        422,
        ("declare.V16-no-open-statement",),
        (
            (
                COHORT,
                "You cannot submit or void declarations for the 2023 cohort. The funding "
                "contract for this cohort has ended. Get in touch if you need to discuss this with "
                "us.",
            ),
        ),
    ),
    Case(
        "V17",
        d(ECT_2025, kind="extended-1"),
        422,
        ("declare.V17-no-milestone",),
        ((TYPE, "The property '#/declaration_type' does not exist for this schedule."),),
    ),
    Case(
        "V18 after a later type",
        d(
            w(period(), declarations=(declaration("retained-1", at(2025, 10, 1)),)),
            when="2025-10-02T10:00:00Z",
        ),
        422,
        ("declare.V18-out-of-sequence",),
        (
            (
                DATE,
                "This '#/declaration_date' is invalid. Check that it is in sequence with "
                "existing declaration dates for this participant.",
            ),
        ),
    ),
    Case(
        "V18 before an earlier type",
        d(WITH_STARTED, kind="retained-1", when="2025-09-30T10:00:00Z"),
        422,
        ("declare.V18-out-of-sequence",),
    ),
    Case(
        "V18 equal dates are in sequence",
        d(WITH_STARTED, kind="retained-1", when="2025-10-01T12:00:00Z"),
        200,
        ("declare.V18-equal-dates-allowed",),
    ),
    Case(
        "V18 puts completed before extended",
        d(
            w(
                period(schedule="ecf-extended-september"),
                declarations=(declaration("extended-1", at(2025, 10, 1)),),
            ),
            kind="completed",
            when="2025-10-02T10:00:00Z",
            evidence="75-percent-engagement-met",
        ),
        422,
        ("declare.V18-out-of-sequence",),
    ),
    Case("V19", d(ONLY_ELSEWHERE), 422, ("declare.V19-not-registered",), (NOT_RECOGNISED,)),
    Case(
        "an unreadable date",
        d(ECT_2025, when="2025-02-30T10:00:00Z"),
        400,
        ("declare.unparseable-date",),
        (),
    ),
    Case(
        "pre-2025 started evidence is discarded",
        d(
            w(period(cohort=2024, start=date(2024, 9, 1))),
            when="2024-10-01T10:00:00Z",
            evidence="one-term-induction",
        ),
        200,
        ("declare.started-evidence-discarded",),
    ),
    Case(
        "a pre-2025 mentor on an extended schedule can be declared extended-1",
        d(
            w(
                period(
                    role="mentor",
                    id="m",
                    cohort=2024,
                    schedule="ecf-extended-september",
                    start=date(2024, 9, 1),
                )
            ),
            kind="extended-1",
            course=MENTOR,
            when="2024-10-01T10:00:00Z",
        ),
        200,
        ("declare.mentor-extended-allowed",),
    ),
    Case(
        "a mentor's completed ends their training",
        d(w(MENTOR_PERIOD), kind="completed", course=MENTOR, evidence="75-percent-engagement-met"),
        200,
        ("declare.mentor-completion", "updated-at.participant-mentor-completion"),
    ),
]

EXERCISED = exercised(CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_declare_case(case: Case) -> None:
    check(case)


@pytest.mark.parametrize("state", ["voided", "awaiting-clawback", "clawed-back"])
def test_voided_and_clawed_back_declarations_free_the_slot(state: str) -> None:
    world = w(period(), declarations=(declaration(state=state, clawback_statement_id="s"),))
    assert declare(world, PID, ECT, "started", "2025-10-01T10:00:00Z", EVIDENCE, NOW).accepted


def test_an_accepted_declaration_is_eligible_on_the_earliest_open_statement() -> None:
    later = at(2025, 12, 1)
    payable = replace(STATEMENTS[1], id="s-payable", deadline=date(2025, 12, 31), status="payable")
    world = replace(ECT_2025, statements=(*STATEMENTS, payable))
    outcome = declare(world, PID, ECT, "started", "2025-10-01T10:00:00+01:00", EVIDENCE, later)
    view = declaration_view(outcome.world, "new-declaration")
    assert (view.state, view.statement_id) == ("eligible", "s-2025-later")
    assert view.declaration_date == "2025-10-01T09:00:00Z"  # stored in UTC
    assert outcome.touched == {"declaration:new-declaration"}
    renamed = outcome.world.rename_declaration("new-declaration", "abc")
    assert declaration_view(renamed, "abc").statement_id == "s-2025-later"


def test_a_date_without_offset_is_stored_as_london_time() -> None:
    outcome = declare(ECT_2025, PID, ECT, "started", "2025-07-01T10:00:00", EVIDENCE, NOW)
    assert declaration_view(outcome.world, "new-declaration").declaration_date == (
        "2025-07-01T09:00:00Z"
    )


def test_a_joining_participant_can_be_declared_for() -> None:
    world = w(period(start=date(2025, 12, 1)))
    assert declare(world, PID, ECT, "started", "2025-10-01T10:00:00Z", EVIDENCE, NOW).accepted


def test_mentor_completion_sets_the_funding_end_and_keeps_the_mentor_active() -> None:
    outcome = declare(
        w(MENTOR_PERIOD),
        PID,
        MENTOR,
        "completed",
        "2025-11-01T10:00:00Z",
        "75-percent-engagement-met",
        NOW,
    )
    shown = enrolment(outcome.world, PID, "mentor", NOW)
    assert shown is not None
    assert shown.mentor_funding_end_date == "2025-11-01"
    assert shown.participant_status == "active"
    assert outcome.world.participants[0].periods[0].end == date(2025, 11, 1)
    assert outcome.touched == {"declaration:new-declaration", f"participant:{PID}"}
