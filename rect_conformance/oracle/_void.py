"""Void, the declaration state machine's DfE-side moves, and a declaration as the API shows it.

Void (rules §16.11): unpaid declarations (submitted, eligible, payable) become ``voided``; a
paid one becomes ``awaiting-clawback`` on a clawback statement, or is refused when the cohort
has none left; every other state is refused. DfE's own moves (marking a person eligible, a
statement payable or paid) happen outside the API; they are here so a model can follow a
sandbox's test-support calls (rules §8, §16.10).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from rect_conformance.oracle._completion import OPEN, first_statement, settle
from rect_conformance.oracle._model import Declaration, Outcome, Participant, World, accepted
from rect_conformance.oracle._reference import (
    CLAWBACK_STATES,
    COURSE_OF_ROLE,
    PAID_STATES,
    Role,
    cohort,
)
from rect_conformance.oracle._rules import refuse
from rect_conformance.oracle._time import format_timestamp, london_date, require_aware


def _replace_declaration(person: Participant, new: Declaration) -> Participant:
    return replace(
        person, declarations=tuple(new if d.id == new.id else d for d in person.declarations)
    )


def void(world: World, declaration_id: str, now: datetime) -> Outcome:
    """Predict ``PUT /participant-declarations/{id}/void`` (rules §16.11)."""
    today = london_date(require_aware(now))
    found = world.declaration(declaration_id)
    if found is None or not found[1].ours:
        return refuse(world, "void.not-own")
    person, declaration = found
    if declaration.state in CLAWBACK_STATES:
        return refuse(world, "void.refunded")
    if declaration.state in PAID_STATES:
        statement = first_statement(world, declaration.cohort, today)
        if statement is None:
            return refuse(world, "void.paid-no-statement", cohort=declaration.cohort)
        changed = replace(
            declaration, state="awaiting-clawback", clawback_statement_id=statement.id
        )
        rules = ["void.paid-to-awaiting-clawback"]
    elif declaration.state == "voided":
        return refuse(world, "void.already-voided")
    else:
        changed = replace(declaration, state="voided")
        rules = ["void.unpaid-to-voided", "void.statement-id-null"]
    after = _replace_declaration(person, changed)
    return settle(world, after, changed, now, rules, "void.mentor-completion-reversed")


def mark_eligible(world: World, participant_id: str, role: Role, now: datetime) -> Outcome:
    """DfE marks the person eligible in ``role``: their submitted declarations with this
    provider become eligible on the earliest open statement from today (rules §16.10), and the
    person's ``updated_at`` moves with their funding facts (rules §19)."""
    today = london_date(require_aware(now))
    person = world.participant(participant_id)
    if person is None:
        raise KeyError(participant_id)
    touched = {f"participant:{participant_id}"}
    person = replace(person, eligible_roles=person.eligible_roles | {role})
    for declaration in person.declarations:
        if not declaration.ours or declaration.role != role or declaration.state != "submitted":
            continue
        statement = first_statement(world, declaration.cohort, today, OPEN)
        if statement is not None:
            changed = replace(declaration, state="eligible", statement_id=statement.id)
            person = _replace_declaration(person, changed)
            touched.add(f"declaration:{declaration.id}")
    rules = ("dfe.mark-eligible", "updated-at.participant-funding-eligibility")
    return accepted(world.put(person), rules, touched)


def _statement_moves(
    world: World, statement_id: str, status: str, moves: dict[str, str], rule: str
) -> Outcome:
    statements = tuple(
        replace(s, status=status) if s.id == statement_id else s for s in world.statements
    )
    world = replace(world, statements=statements)
    touched = set()
    for person in world.participants:
        for declaration in person.declarations:
            clawback = declaration.state in CLAWBACK_STATES
            on_it = (
                declaration.clawback_statement_id if clawback else declaration.statement_id
            ) == statement_id
            if on_it and declaration.state in moves:
                changed = replace(declaration, state=moves[declaration.state])
                person = _replace_declaration(person, changed)
                touched.add(f"declaration:{declaration.id}")
        world = world.put(person)
    return accepted(world, (rule, "updated-at.declaration-change"), touched)


def statement_payable(world: World, statement_id: str) -> Outcome:
    """DfE: a statement past its deadline becomes payable, and so do its eligible
    declarations (rules §8)."""
    return _statement_moves(
        world, statement_id, "payable", {"eligible": "payable"}, "dfe.statement-payable"
    )


def statement_paid(world: World, statement_id: str) -> Outcome:
    """DfE: a statement is paid; its payable declarations become paid and the awaiting-clawback
    ones it claws back become clawed-back (rules §8)."""
    moves = {"payable": "paid", "awaiting-clawback": "clawed-back"}
    return _statement_moves(world, statement_id, "paid", moves, "dfe.statement-paid")


@dataclass(frozen=True)
class DeclarationView:
    """The lifecycle attributes of a declaration as the API should show them (rules §16.12)."""

    id: str
    participant_id: str
    declaration_type: str
    course_identifier: str
    declaration_date: str
    state: str
    statement_id: str | None
    clawback_statement_id: str | None
    evidence_held: str | None
    ineligible_for_funding_reason: None
    uplift_paid_possible: bool

    def attributes(self) -> dict[str, Any]:
        """The attributes to compare with the API's, keyed as the API keys them."""
        shown = {k: v for k, v in self.__dict__.items() if k not in ("id", "uplift_paid_possible")}
        return shown


def declaration_view(world: World, declaration_id: str) -> DeclarationView:
    """What the API should show for one declaration; ``uplift_paid`` itself depends on the
    school's uplift flags, so only whether it may be true is predicted."""
    found = world.declaration(declaration_id)
    if found is None:
        raise KeyError(declaration_id)
    person, declaration = found
    paid = declaration.state in PAID_STATES
    return DeclarationView(
        id=declaration.id,
        participant_id=person.id,
        declaration_type=declaration.declaration_type,
        course_identifier=COURSE_OF_ROLE[declaration.role],
        declaration_date=format_timestamp(declaration.declaration_date),
        state=declaration.state,
        statement_id=None if declaration.state == "voided" else declaration.statement_id,
        clawback_statement_id=declaration.clawback_statement_id,
        evidence_held=declaration.evidence_held,
        ineligible_for_funding_reason=None,
        uplift_paid_possible=paid
        and declaration.declaration_type == "started"
        and cohort(declaration.cohort).uplift_fees,
    )
