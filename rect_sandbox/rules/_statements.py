"""Statements and the money side of declarations: which statement a declaration joins, the
statement lifecycle (open -> payable -> paid) and what it does to declarations, funding
eligibility arriving later, and void (rules 8, 16.10, 16.11). ``faults`` are the catalogue's
switches; each lifecycle fault named here breaks the move it sits beside.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from rect_sandbox._faults import NO_FAULTS, Faults
from rect_sandbox.rules._model import (
    Declaration,
    Error,
    Statement,
    TrainingPeriod,
    payments_frozen,
)

ALREADY_VOIDED = "The declaration has already been voided."
REFUNDED = "The declaration will or has been refunded"
# No final full stop in this one, unlike its create-time twin.
CONTRACT_ENDED = (
    "You cannot submit or void declarations for the {year} cohort. The funding contract for this "
    "cohort has ended. Get in touch if you need to discuss this with us"
)
STATEMENT_STATUSES = ("open", "payable", "paid")


def open_statement_for(
    statements: list[Statement],
    lead_provider_id: str,
    cohort: int,
    today: date,
    *,
    latest: bool = False,
) -> Statement | None:
    """The provider's open output statement for ``cohort`` with the earliest deadline on or
    after ``today``; None when there is none left. ``latest`` picks the last deadline instead
    (the ``declaration-joins-latest-statement`` fault)."""
    candidates = [
        s
        for s in statements
        if s.lead_provider_id == lead_provider_id
        and s.cohort == cohort
        and s.output
        and s.status == "open"
        and s.deadline >= today
    ]
    if not candidates:
        return None
    return (max if latest else min)(candidates, key=lambda s: s.deadline)


def clawback_statement_for(
    statements: list[Statement], lead_provider_id: str, cohort: int, today: date
) -> Statement | None:
    """The output statement a clawback lands on: deadline on or after today, any status."""
    candidates = [
        s
        for s in statements
        if s.lead_provider_id == lead_provider_id
        and s.cohort == cohort
        and s.output
        and s.deadline >= today
    ]
    return min(candidates, key=lambda s: s.deadline) if candidates else None


@dataclass
class VoidOutcome:
    """Errors, or the field changes that void makes to the declaration."""

    errors: list[Error] = field(default_factory=list)
    changes: dict[str, object] = field(default_factory=dict)
    reverses_mentor_completion: bool = False


def _refusal(decl: Declaration, cohort: int, today: date, faults: Faults) -> Error | None:
    """Why this declaration cannot be voided at all, if it cannot."""
    if decl.payment_status == "voided" and not faults.on("void-of-voided-gives-200"):
        return ("participant_declaration_id", ALREADY_VOIDED)
    if decl.clawback_status != "no_clawback" and not faults.on(
        "void-of-awaiting-clawback-accepted"
    ):
        return ("participant_declaration_id", REFUNDED)
    if decl.payment_status == "payable" and faults.on("void-of-payable-refused"):
        return ("participant_declaration_id", REFUNDED)
    closed = payments_frozen(cohort, today, faults)
    unpaid = decl.payment_status in ("no_payment", "eligible", "payable")
    if closed and unpaid and faults.on("void-refused-after-cohort-closure"):
        return ("participant_declaration_id", CONTRACT_ENDED.format(year=cohort))
    return None


def void(
    decl: Declaration,
    cohort: int,
    statements: list[Statement],
    today: date,
    *,
    faults: Faults = NO_FAULTS,
) -> VoidOutcome:
    """Void one of the provider's own declarations (rules 16.11).

    Paid declarations go to awaiting-clawback on the next statement that can carry the
    clawback; the others become voided and lose their statement.
    """
    refusal = _refusal(decl, cohort, today, faults)
    if refusal is not None:
        return VoidOutcome(errors=[refusal])
    if decl.payment_status == "voided":
        return VoidOutcome()
    reverses = (
        decl.declaration_type == "completed"
        and decl.role == "mentor"
        and not faults.on("void-keeps-mentor-completion")
    )
    if decl.payment_status == "paid" and not faults.on("void-paid-gives-voided"):
        target = clawback_statement_for(statements, decl.lead_provider_id, cohort, today)
        if target is None and not faults.on("void-paid-without-statement-accepted"):
            return VoidOutcome(
                errors=[("participant_declaration_id", CONTRACT_ENDED.format(year=cohort))]
            )
        if target is not None:
            claimed = None if faults.on("clawback-statement-id-missing") else target.id
            return VoidOutcome(
                changes={"clawback_status": "awaiting_clawback", "clawback_statement_id": claimed},
                reverses_mentor_completion=reverses,
            )
    # A voided declaration shows no statement, so the link is dropped rather than hidden.
    changes: dict[str, object] = {"payment_status": "voided", "statement_id": None}
    if faults.on("voided-keeps-statement-id"):
        del changes["statement_id"]
    return VoidOutcome(changes=changes, reverses_mentor_completion=reverses)


def reopened_mentor_training(
    latest_tp: TrainingPeriod | None, today: date, *, faults: Faults = NO_FAULTS
) -> date | None:
    """When voiding a mentor's completed declaration leaves them no live one, the day their
    training with the provider starts again (rules 16.11), or None: the provider's latest mentor
    TP is still running (no end, or one after today). A withdrawn or deferred TP counts as
    ended like any other, so the new TP carries no stop (the server looks only at the end)."""
    if latest_tp is None or latest_tp.end is None or latest_tp.end > today:
        return None
    stopped = latest_tp.withdrawn_at is not None or latest_tp.deferred_at is not None
    if stopped and faults.on("void-keeps-stopped-mentor-stopped"):
        return None
    return latest_tp.end + timedelta(days=1)


def statement_moves(
    statement: Statement,
    new_status: str,
    declarations: list[Declaration],
    *,
    faults: Faults = NO_FAULTS,
) -> dict[str, dict[str, object]]:
    """Changes to declarations when a statement becomes payable or paid.

    Payable: its eligible declarations become payable. Paid: its eligible or payable ones become
    paid, and declarations awaiting clawback on it become clawed back. Returns changes per
    declaration id; the statement's own status is the caller's to store.
    """
    if new_status not in STATEMENT_STATUSES:
        raise ValueError(
            f"statement status must be one of {', '.join(STATEMENT_STATUSES)}, not {new_status!r}"
        )
    moves: dict[str, dict[str, object]] = {}
    for decl in declarations:
        if decl.statement_id == statement.id and decl.clawback_status == "no_clawback":
            payable = new_status == "payable" and decl.payment_status == "eligible"
            if payable and not faults.on("payable-statement-leaves-declarations-eligible"):
                moves[decl.id] = {"payment_status": "payable"}
            if new_status == "paid" and decl.payment_status in ("eligible", "payable"):
                moves[decl.id] = {"payment_status": "paid"}
        if (
            new_status == "paid"
            and decl.clawback_statement_id == statement.id
            and decl.clawback_status == "awaiting_clawback"
            and not faults.on("paid-statement-skips-clawbacks")
        ):
            moves[decl.id] = {"clawback_status": "clawed_back"}
    return moves


def eligibility_moves(
    declarations: list[Declaration],
    cohort_of: dict[str, int],
    statements: list[Statement],
    today: date,
    *,
    faults: Faults = NO_FAULTS,
) -> dict[str, dict[str, object]]:
    """Changes when a person becomes funding-eligible: each submitted declaration becomes
    eligible and joins its provider's open statement for its cohort (left alone if none)."""
    moves: dict[str, dict[str, object]] = {}
    if faults.on("eligibility-leaves-declarations-submitted"):
        return moves
    for decl in declarations:
        if decl.payment_status != "no_payment" or decl.clawback_status != "no_clawback":
            continue
        cohort = cohort_of.get(decl.training_period_id)
        if cohort is None:
            continue
        target = open_statement_for(statements, decl.lead_provider_id, cohort, today)
        if target is not None:
            moves[decl.id] = {"payment_status": "eligible", "statement_id": target.id}
    return moves
