"""Statement selection, the statement lifecycle and the updated_at table."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from rect_sandbox.rules import (
    TOUCHES,
    Declaration,
    Statement,
    declaration_state,
    eligibility_moves,
    open_statement_for,
    statement_moves,
    touches,
)

LP = "lp-1"


def _statement(sid, deadline, status="open", cohort=2025, output=True):
    return Statement(
        id=sid,
        lead_provider_id=LP,
        cohort=cohort,
        deadline=deadline,
        payment_date=deadline,
        status=status,
        output=output,
    )


def _decl(did, status="no_payment", statement_id=None):
    return Declaration(
        id=did,
        teacher_id="t",
        role="ect",
        training_period_id="tp",
        lead_provider_id=LP,
        declaration_type="started",
        declaration_date=datetime(2025, 10, 1, tzinfo=UTC),
        payment_status=status,
        statement_id=statement_id,
    )


def test_declaration_joins_the_open_statement_with_the_earliest_deadline_not_passed():
    statements = [
        _statement("passed", date(2025, 10, 31)),
        _statement("later", date(2026, 1, 31)),
        _statement("next", date(2025, 11, 30)),
        _statement("payable", date(2025, 11, 15), status="payable"),
        _statement("service-fee", date(2025, 11, 12), output=False),
    ]
    assert open_statement_for(statements, LP, 2025, date(2025, 11, 10)).id == "next"
    assert open_statement_for(statements, LP, 2024, date(2025, 11, 10)) is None


def test_statement_becoming_payable_moves_only_its_eligible_declarations():
    statement = _statement("s", date(2025, 11, 30))
    moves = statement_moves(
        statement,
        "payable",
        [_decl("a", "eligible", "s"), _decl("b", "eligible", "other"), _decl("c")],
    )
    assert moves == {"a": {"payment_status": "payable"}}


def test_unknown_statement_status_is_rejected_with_the_choices():
    with pytest.raises(ValueError, match="open, payable, paid"):
        statement_moves(_statement("s", date(2025, 11, 30)), "settled", [])


def test_becoming_eligible_attaches_submitted_declarations_to_a_statement():
    statements = [_statement("s", date(2025, 11, 30))]
    moves = eligibility_moves(
        [_decl("a"), _decl("b", "eligible", "s")], {"tp": 2025}, statements, date(2025, 11, 10)
    )
    assert moves == {"a": {"payment_status": "eligible", "statement_id": "s"}}


def test_state_shows_clawback_before_payment_and_submitted_for_no_payment():
    clawing = _decl("a", "paid")
    clawing.clawback_status = "awaiting_clawback"
    assert declaration_state(clawing) == "awaiting-clawback"
    assert declaration_state(_decl("b")) == "submitted"


def test_every_participant_action_moves_the_participant_timestamp():
    for action in ("withdraw", "defer", "resume", "change-schedule"):
        assert "participant" in touches(action)
    assert "participant" not in TOUCHES["declaration-create"]
    with pytest.raises(KeyError, match="add it to TOUCHES"):
        touches("teleport")
