"""The lifecycle as a hypothesis state machine (issue 8, point 3): rules are API actions on a
small pool of participants the example registers itself, DfE's moves through test support and
time passing on a model clock; the model is the oracle, held by a
:class:`~rect_conformance.lifecycle.Driver`; the invariant, after every step, is that what the
API shows equals what the model predicts (the driver's comparisons of every answer and
read-back).

Every request carries the model clock as ``X-With-Server-Date``. Rules draw labels from the
menus of ``_choices`` (valid inputs first, forbidden ones too); preconditions only keep rules
from running where they cannot do anything (a full pool, the clock at its horizon), and the
DfE-side rules send nothing unless the model shows a declaration they can move.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import partial

from hypothesis import strategies as st
from hypothesis.stateful import (
    MultipleResults,
    initialize,
    multiple,
    precondition,
    rule,
)

from rect_conformance.lifecycle import _choices as menu
from rect_conformance.lifecycle._choices import Declared, Member
from rect_conformance.lifecycle._others import OthersAct
from rect_conformance.lifecycle._reads import register
from rect_conformance.lifecycle._stepping import FIRST_START, participants
from rect_conformance.oracle import (
    DEFERRAL_REASONS,
    latest_period,
    london_date,
    withdrawal_reasons,
)

# Where an example's clock starts: early in the 2025 cohort's first year, in the 2024 cohort's
# completion window, and after the 2025 statements other scenarios pay (``RESERVED``).
STARTS = (
    FIRST_START,
    datetime(2026, 5, 20, 9, tzinfo=UTC),
    datetime(2027, 11, 20, 9, tzinfo=UTC),
)
SPAN = timedelta(days=365)  # how far the clock may pass from where it started
PASSES = (3, 24, 24 * 7, 24 * 30, 24 * 120)  # hours the clock may move on at once
POOL = 3
UNMOVED = frozenset({"submitted", "eligible", "voided", "unknown"})  # before DfE moves money


class LifecycleMachine(OthersAct):
    """One example: a fresh pool, a fresh model, the clock at one of :data:`STARTS`; the
    provider's actions, registration and time (DfE's and schools' moves in ``OthersAct``)."""

    # -- time ----------------------------------------------------------------------------------
    @precondition(lambda self: self.clock < self.start + SPAN)
    @rule(hours=st.sampled_from(PASSES))
    def time_passes(self, hours: int) -> None:
        """The clock moves on (a few hours, to a later day or term); every participant is read
        and must show what the model says for then (joining turns active, a stay ends)."""
        self.clock += timedelta(hours=hours)
        for member in self.members:
            now = self._now()
            self._act(partial(self.driver.observe, member.id, now, member.role))

    # -- participants --------------------------------------------------------------------------
    @initialize(
        target=participants,
        start=st.sampled_from(STARTS),
        role=st.sampled_from(("ect", "mentor")),
        cohort=st.sampled_from((2025, 2024)),
        schedule=st.sampled_from((0, 1, 2)),
        begins=st.sampled_from(menu.START_CHOICES),
        eligible=st.booleans(),
        school=st.sampled_from(menu.SCHOOL_CHOICES),
    )
    def clock_starts(
        self,
        start: datetime,
        role: str,
        cohort: int,
        schedule: int,
        begins: str,
        eligible: bool,
        school: str,
    ) -> Member | MultipleResults[Member]:
        """The example's clock starts, the model holds the provider's statements as the target
        shows them (their stored status, as of the real date), and a first participant is
        registered."""
        self.clock = self.start = start
        self.driver.world = self.bench.world(london_date(self.driver.now()))
        self.bench.started(start)
        return self.registered(role, cohort, schedule, begins, eligible, school)

    @precondition(lambda self: len(self.members) < POOL)
    @rule(
        target=participants,
        role=st.sampled_from(("ect", "mentor")),
        cohort=st.sampled_from((2025, 2024)),
        schedule=st.sampled_from((0, 1, 2)),
        begins=st.sampled_from(menu.START_CHOICES),
        eligible=st.booleans(),
        school=st.sampled_from(menu.SCHOOL_CHOICES),
    )
    def registered(
        self, role: str, cohort: int, schedule: int, begins: str, eligible: bool, school: str
    ) -> Member | MultipleResults[Member]:
        """A school registers a new participant, trained by the provider (test support)."""
        now = self._now()
        member = Member("", "ect" if role == "ect" else "mentor", cohort)
        pid = self._act(
            lambda: register(
                self.driver,
                role=member.role,
                cohort=cohort,
                school_id=self.bench.schools[(cohort, school)],
                start=menu.start_date(cohort, begins, london_date(now)),
                schedule=menu.REGISTER_SCHEDULES[member.role][schedule],
                eligible=eligible,
                now=now,
            )
        )
        if pid is None:
            return multiple()
        member = Member(pid, member.role, cohort)
        self.members.append(member)
        self.bench.participants.append(pid)
        return member

    # Each provider action comes twice: as the rules ask (one argument, so hypothesis, which
    # favours rules with fewer arguments, picks it more often) and with any input (``_any``).
    @rule(member=participants)
    def withdraw(self, member: Member) -> None:
        """The provider withdraws the participant, for a reason the rules give their role."""
        self._stop("withdraw", member, withdrawal_reasons(member.role)[0], "own")

    @rule(
        member=participants,
        reason=st.sampled_from(menu.WITHDRAW_REASONS),
        course=st.sampled_from(menu.COURSE_CHOICES),
    )
    def withdraw_any(self, member: Member, reason: str | None, course: str) -> None:
        """The provider withdraws the participant with any reason (or none) and course."""
        self._stop("withdraw", member, reason, course)

    @rule(member=participants)
    def defer(self, member: Member) -> None:
        """The provider defers the participant, for a reason the rules give."""
        self._stop("defer", member, DEFERRAL_REASONS[0], "own")

    @rule(
        member=participants,
        reason=st.sampled_from(menu.DEFER_REASONS),
        course=st.sampled_from(menu.COURSE_CHOICES),
    )
    def defer_any(self, member: Member, reason: str | None, course: str) -> None:
        """The provider defers the participant with any reason (or none) and course."""
        self._stop("defer", member, reason, course)

    def _stop(self, action: str, member: Member, reason: str | None, course: str) -> None:
        """Withdraw or defer (``action``), unless that request told nothing new already."""
        if not self._fresh(member.id, action, reason, course):
            return
        now = self._now()
        send = self.driver.withdraw if action == "withdraw" else self.driver.defer
        self._act(lambda: send(member.id, menu.course(member.role, course), reason, now))

    @rule(member=participants)
    def resume(self, member: Member) -> None:
        """The provider resumes (or reinstates) the participant."""
        self._resume(member, "own")

    @rule(member=participants, course=st.sampled_from(menu.COURSE_CHOICES))
    def resume_any(self, member: Member, course: str) -> None:
        """The provider resumes the participant on any course."""
        self._resume(member, course)

    def _resume(self, member: Member, course: str) -> None:
        if not self._fresh(member.id, "resume", course):
            return
        now = self._now()
        self._act(lambda: self.driver.resume(member.id, menu.course(member.role, course), now))

    @rule(
        member=participants,
        schedule=st.sampled_from(menu.SCHEDULES),
        cohort=st.sampled_from(menu.COHORT_CHOICES),
    )
    def change_schedule(self, member: Member, schedule: str | None, cohort: str) -> None:
        """The provider moves the participant to another schedule (and perhaps cohort)."""
        self._change_schedule(member, schedule, cohort, "own")

    @rule(
        member=participants,
        schedule=st.sampled_from(menu.SCHEDULES),
        course=st.sampled_from(("other", "unknown")),
    )
    def change_schedule_any(self, member: Member, schedule: str | None, course: str) -> None:
        """The provider moves the participant to another schedule on any course (the other
        role's has no training, so no cohort to find the schedule in either)."""
        self._change_schedule(member, schedule, "same", course)

    def _change_schedule(
        self, member: Member, schedule: str | None, cohort: str, course: str
    ) -> None:
        world = self.driver.world
        if not self._fresh(member.id, "change-schedule", schedule, cohort, course):
            return
        now = self._now()
        person = world.participant(member.id)
        period = latest_period(person, member.role) if person else None
        moved = menu.cohort_move(period.cohort if period else member.cohort, cohort)
        self._act(
            lambda: self.driver.change_schedule(
                member.id, menu.course(member.role, course), schedule, now, moved
            )
        )

    # -- declarations --------------------------------------------------------------------------
    def _declare(self, member: Member, kind: str, when: str, held: str, course: str) -> Declared:
        world = self.driver.world
        declaration_type = menu.declaration_type(world, member, kind)
        if not self._fresh(member.id, "declare", declaration_type, when, held, course):
            return Declared(None, member, declaration_type)
        now = self._now()
        dated = menu.declaration_date(world, member, declaration_type, when, now)
        evidence = menu.evidence(world, member, declaration_type, held)
        step = self._act(
            lambda: self.driver.declare(
                member.id,
                menu.course(member.role, course),
                declaration_type,
                dated,
                now,
                evidence,
            )
        )
        made = str(step.data.get("id")) if step is not None and step.accepted else None
        known = made is not None and self.driver.world.declaration(made) is not None
        return Declared(made if known else None, member, declaration_type)

    def _keep(self, declared: Declared) -> None:
        self.declared.append(declared)

    @rule(member=participants)
    def declare_next(self, member: Member) -> None:
        """The provider declares the participant's next milestone as the rules ask: dated an
        hour ago, with fitting evidence, on their own course."""
        self._keep(self._declare(member, "next", "recent", "fitting", "own"))

    @rule(
        member=participants,
        kind=st.sampled_from(menu.TYPE_CHOICES),
        when=st.sampled_from(menu.DATE_CHOICES),
        held=st.sampled_from(menu.EVIDENCE_CHOICES),
        course=st.sampled_from(menu.COURSE_CHOICES),
    )
    def declare(self, member: Member, kind: str, when: str, held: str, course: str) -> None:
        """The provider declares for the participant: any type, date, evidence and course."""
        self._keep(self._declare(member, kind, when, held, course))

    @precondition(lambda self: bool(self.declared))
    @rule(pick=st.integers(0, 7), when=st.sampled_from(menu.DATE_CHOICES))
    def declare_again(self, pick: int, when: str) -> None:
        """The provider declares a type it declared before (a duplicate while that one lives)."""
        declared = self._pick(pick)
        if declared is not None:
            kind = declared.declaration_type
            self._keep(self._declare(declared.member, kind, when, "fitting", "own"))

    @precondition(lambda self: bool(self.declared))
    @rule(pick=st.integers(0, 7))
    def void(self, pick: int) -> None:
        """The provider voids one of its declarations, whatever its state; the latest whose
        money DfE moved come first (the states most voids never reach)."""
        made = self._made()
        moved = [d for d in made if self._model_declaration(d)[0] not in UNMOVED]
        declared = self._pick(pick, [d for d in made if d not in moved] + moved)
        made_id = declared.id if declared else None
        if declared is None or made_id is None:
            return
        if not self._fresh(declared.member.id, "void", made_id):
            return
        now = self._now()
        self._act(lambda: self.driver.void(made_id, now))
