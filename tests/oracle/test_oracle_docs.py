"""Documentation against behaviour: every claim's situation, predicted, is the server's side,
and each kind of observation is classified as the runner will need it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

import pytest
from oracle_builders import ECT, MENTOR, NOW, PID, at, declaration, period
from oracle_builders import person as someone
from oracle_builders import world as small_world

from rect_conformance.oracle import (
    DOC_CLAIMS,
    MISMATCH_OBSERVED,
    RULES,
    SERVER_AGREES_WITH_DOCS,
    SERVER_CHANGED,
    ApiError,
    Observed,
    Outcome,
    change_schedule,
    claims_for,
    classify,
    declaration_view,
    declare,
    enrolment,
    void,
    withdraw,
)
from rect_conformance.oracle._rule import SITE

EVIDENCE = "training-event-attended"


def w(*periods, **changes):
    return small_world(someone(*periods, **changes))


def _seen(outcome: Outcome, value: str | None = None) -> tuple[Outcome, Observed]:
    return outcome, Observed(outcome.status, outcome.errors, value)


def _participant_status_after_withdrawal():
    outcome = withdraw(w(period()), PID, ECT, "other", NOW)
    shown = enrolment(outcome.world, PID, "ect", NOW)
    assert shown is not None
    return replace(outcome, rules=outcome.rules + shown.rules), Observed(
        200, (), shown.participant_status
    )


def _duplicate():
    first = declare(w(period()), PID, ECT, "started", "2025-10-01T10:00:00Z", EVIDENCE, NOW)
    return _seen(declare(first.world, PID, ECT, "started", "2025-10-01T10:00:00Z", EVIDENCE, NOW))


def _pre_2025_started_evidence():
    world = w(period(cohort=2024, start=date(2024, 9, 1)))
    outcome = declare(world, PID, ECT, "started", "2024-10-01T10:00:00Z", "one-term-induction", NOW)
    return _seen(outcome, declaration_view(outcome.world, "new-declaration").evidence_held)


def _withdraw_future_period_with_an_end():
    world = w(period(start=date(2025, 12, 1), end=date(2026, 3, 1)))
    shown = enrolment(world, PID, "ect", NOW)
    assert shown is not None and shown.participant_status == "leaving"  # not joining
    return _seen(withdraw(world, PID, ECT, "other", NOW))


def _change_after_declaring_today():
    tp = period(start=date(2025, 11, 10))
    declared = declaration(when=at(2025, 11, 10, 9), created_at=at(2025, 11, 10, 9, 30))
    return _seen(
        change_schedule(
            w(tp, declarations=(declared,)), PID, ECT, "ecf-extended-september", None, NOW
        )
    )


SITUATIONS: dict[str, Callable[[], tuple[Outcome, Observed]]] = {
    "deferred-declarations": lambda: _seen(
        declare(
            w(period(deferred_at=at(2025, 10, 15), end=date(2025, 10, 15))),
            PID,
            ECT,
            "started",
            "2025-10-01T10:00:00Z",
            EVIDENCE,
            NOW,
        )
    ),
    "participant-status-withdrawn": _participant_status_after_withdrawal,
    "duplicate-idempotent": _duplicate,
    "duplicate-ineligible": _duplicate,
    "schedule-shorthand": lambda: _seen(
        change_schedule(w(period()), PID, ECT, "standard-september", None, NOW)
    ),
    "milestones-2025": lambda: _seen(
        declare(
            w(period(schedule="ecf-standard-january")),
            PID,
            ECT,
            "started",
            "2025-12-01T10:00:00Z",
            EVIDENCE,
            at(2026, 2, 1),
        )
    ),
    "pre-2025-started-evidence": _pre_2025_started_evidence,
    "cohort-change": lambda: _seen(
        change_schedule(w(period()), PID, ECT, "ecf-standard-september", "2024", NOW)
    ),
    "void-after-closure": lambda: _seen(
        void(
            w(
                period(cohort=2021, start=date(2021, 9, 1), end=date(2023, 7, 31)),
                declarations=(declaration(state="eligible", cohort=2021),),
            ),
            "d-started-eligible",
            NOW,
        )
    ),
    "withdrawal-reason-underscore": lambda: _seen(
        withdraw(w(period()), PID, ECT, "changed_lead_provider", NOW)
    ),
    "withdraw-not-joining": _withdraw_future_period_with_an_end,
    "mentor-extended": lambda: _seen(
        declare(
            w(
                period(
                    role="mentor",
                    cohort=2024,
                    schedule="ecf-extended-september",
                    start=date(2024, 9, 1),
                )
            ),
            PID,
            MENTOR,
            "extended-1",
            "2024-10-01T10:00:00Z",
            EVIDENCE,
            NOW,
        )
    ),
    "sequence-equal-dates": lambda: _seen(
        declare(
            w(period(), declarations=(declaration(),)),
            PID,
            ECT,
            "retained-1",
            "2025-10-01T12:00:00Z",
            EVIDENCE,
            NOW,
        )
    ),
    "change-after-declaration-today": _change_after_declaring_today,
    "retained-evidence-2025": lambda: _seen(
        declare(
            w(period(), declarations=(declaration(),)),
            PID,
            ECT,
            "retained-1",
            "2025-10-02T10:00:00Z",
            "75-percent-engagement-met",
            NOW,
        )
    ),
}

EXERCISED = {claim.rule_id for claim in DOC_CLAIMS}


def test_every_claim_has_a_situation_and_a_known_rule() -> None:
    assert set(SITUATIONS) == {claim.id for claim in DOC_CLAIMS}
    assert len({claim.id for claim in DOC_CLAIMS}) == len(DOC_CLAIMS)
    for claim in DOC_CLAIMS:
        assert claim.rule_id in RULES
        assert claim.docs_source_url.startswith(SITE)
        assert claim.server_source.startswith("rules §")
        assert claim in claims_for(claim.rule_id)


@pytest.mark.parametrize("claim", DOC_CLAIMS, ids=lambda c: c.id)
def test_the_oracle_predicts_the_server_side_of_each_claim(claim) -> None:
    outcome, observed = SITUATIONS[claim.id]()
    assert claim.rule_id in outcome.rules
    verdicts = {v.claim.id: v for v in classify(claim.rule_id, observed)}
    assert verdicts[claim.id].verdict == MISMATCH_OBSERVED
    assert not verdicts[claim.id].failing


@pytest.mark.parametrize("claim", DOC_CLAIMS, ids=lambda c: c.id)
def test_a_server_that_follows_the_docs_is_a_failing_change(claim) -> None:
    docs = claim.docs_expect
    observed = Observed(
        docs.status,
        tuple(ApiError(t, "") for t in docs.titles),
        docs.values[0] if docs.values else None,
    )
    verdict = next(v for v in classify(claim.rule_id, observed) if v.claim == claim)
    assert (verdict.verdict, verdict.failing) == (SERVER_AGREES_WITH_DOCS, True)


@pytest.mark.parametrize("claim", DOC_CLAIMS, ids=lambda c: c.id)
def test_anything_else_is_a_failing_change(claim) -> None:
    verdict = next(v for v in classify(claim.rule_id, Observed(500)) if v.claim == claim)
    assert (verdict.verdict, verdict.failing) == (SERVER_CHANGED, True)


def test_a_rule_without_claims_classifies_nothing() -> None:
    assert classify("withdraw.accepted", Observed(200)) == ()
