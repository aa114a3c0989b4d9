"""The small immutable model the oracle reasons over, and the shape of its predictions.

A :class:`World` is what one lead provider (the one whose token sends the requests) needs to
know: the participants it can see, with every training period and declaration of theirs that
the rules consult — including other providers' ones, marked ``ours=False`` — its own output
statements, and the (school, cohort) pairs it has a partnership for. Everything is a frozen
dataclass; predictions return a new world instead of changing one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from rect_conformance.oracle._reference import Role


@dataclass(frozen=True)
class ApiError:
    """One entry of a 422 (or 400/404) ``errors`` array: exactly ``title`` and ``detail``."""

    title: str
    detail: str


@dataclass(frozen=True)
class TrainingPeriod:
    """One stretch of provider-led training of one person in one role (rules conventions).

    ``school_period`` names the person's stay at a school (several periods can share one);
    ``school_period_end`` is when that stay ends, if known.
    """

    id: str
    role: Role
    cohort: int
    schedule: str
    start: date
    end: date | None = None
    ours: bool = True
    school: str = "school"
    school_period: str = "school-period"
    school_period_end: date | None = None
    withdrawn_at: datetime | None = None
    withdrawal_reason: str | None = None
    deferred_at: datetime | None = None
    deferral_reason: str | None = None

    def covers(self, day: date) -> bool:
        """Whether ``day`` falls in the period (its end date is the first day outside it)."""
        return self.start <= day and (self.end is None or day < self.end)


@dataclass(frozen=True)
class Declaration:
    """A declaration as the oracle tracks it.

    ``statement_id`` is the payment statement the server keeps even after a void (the API then
    shows ``null``); ``period_id`` is the training period it was declared against.
    """

    id: str
    role: Role
    declaration_type: str
    declaration_date: datetime
    state: str
    cohort: int
    period_id: str | None = None
    ours: bool = True
    statement_id: str | None = None
    clawback_statement_id: str | None = None
    evidence_held: str | None = None
    created_at: datetime | None = None


@dataclass(frozen=True)
class Statement:
    """One of the provider's output statements: ``status`` is open, payable or paid (rules §8)."""

    id: str
    cohort: int
    deadline: date
    status: str = "open"


@dataclass(frozen=True)
class Participant:
    """One person as far as the rules need them.

    ``eligible_roles``: roles with a "first became eligible for funding" stamp (rules §16.10).
    ``induction_end_date`` is what the API shows; ``induction_end_from_record_service`` says it
    only comes from the teacher record service, which change-schedule #10 does not count.
    ``frozen_years``: (role, year) when the person was moved out of payments-frozen cohort year.
    """

    id: str
    periods: tuple[TrainingPeriod, ...]
    declarations: tuple[Declaration, ...] = ()
    eligible_roles: frozenset[Role] = frozenset()
    induction_end_date: date | None = None
    induction_end_from_record_service: bool = False
    mentor_funding_end_date: date | None = None
    frozen_years: frozenset[tuple[Role, int]] = frozenset()

    def period(self, period_id: str | None) -> TrainingPeriod | None:
        """The training period with this id, if any."""
        return next((p for p in self.periods if p.id == period_id), None)

    def frozen_year(self, role: Role) -> int | None:
        """The payments-frozen cohort the person left in ``role``, if any."""
        return next((year for r, year in self.frozen_years if r == role), None)


@dataclass(frozen=True)
class World:
    """Everything one provider's predictions consult (see the module doc)."""

    participants: tuple[Participant, ...] = ()
    statements: tuple[Statement, ...] = ()
    partnerships: frozenset[tuple[str, int]] = frozenset()

    def participant(self, participant_id: str | None) -> Participant | None:
        """The participant with this id, or ``None``."""
        return next((p for p in self.participants if p.id == participant_id), None)

    def put(self, participant: Participant) -> World:
        """This world with ``participant`` added or replaced (same id)."""
        if self.participant(participant.id) is None:
            return replace(self, participants=(*self.participants, participant))
        swapped = (participant if p.id == participant.id else p for p in self.participants)
        return replace(self, participants=tuple(swapped))

    def declaration(self, declaration_id: str) -> tuple[Participant, Declaration] | None:
        """The declaration with this id and its participant, or ``None``."""
        for person in self.participants:
            for declaration in person.declarations:
                if declaration.id == declaration_id:
                    return person, declaration
        return None

    def rename_declaration(self, old_id: str, new_id: str) -> World:
        """This world with a declaration's id replaced (adopt the id the server assigned)."""
        found = self.declaration(old_id)
        if found is None:
            raise KeyError(old_id)
        person, declaration = found
        renamed = replace(declaration, id=new_id)
        declarations = tuple(renamed if d.id == old_id else d for d in person.declarations)
        return self.put(replace(person, declarations=declarations))


def with_period(person: Participant, old: TrainingPeriod, new: TrainingPeriod) -> Participant:
    """``person`` with training period ``old`` replaced by ``new``."""
    return replace(person, periods=tuple(new if p.id == old.id else p for p in person.periods))


def new_period_id(person: Participant, role: Role) -> str:
    """A fresh, deterministic id for a training period the server would create."""
    return f"{person.id}/{role}/{len(person.periods) + 1}"


@dataclass(frozen=True)
class Outcome:
    """A prediction: the status, the exact errors, the rules applied and the world after.

    Refused: ``status`` 422 (or 404, 400) with ``errors`` in the server's order and ``world``
    unchanged. Accepted: 200, no errors, and the new world. ``rules`` names every rule the
    prediction applied, so a mismatch can say which one the target broke. ``touched`` lists
    the resources whose ``updated_at`` moves (to ``now``), as ``participant:<id>`` or
    ``declaration:<id>``. A 400 with no ``errors`` means only the status class is predicted.
    """

    status: int
    errors: tuple[ApiError, ...]
    rules: tuple[str, ...]
    world: World
    touched: frozenset[str] = field(default_factory=frozenset)
    declaration_id: str | None = None

    @property
    def accepted(self) -> bool:
        """Whether the server should accept the request."""
        return self.status == 200


def accepted(
    world: World, rules: Iterable[str], touched: Iterable[str], declaration_id: str | None = None
) -> Outcome:
    """A 200 outcome."""
    return Outcome(200, (), tuple(rules), world, frozenset(touched), declaration_id)
