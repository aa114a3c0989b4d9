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
    Bundle,
    MultipleResults,
    initialize,
    multiple,
    precondition,
    rule,
)

from rect_conformance.lifecycle import _choices as menu
from rect_conformance.lifecycle import _unsettled as unsettled
from rect_conformance.lifecycle._answers import stamp
from rect_conformance.lifecycle._bench import Bench
from rect_conformance.lifecycle._choices import Declared, Member
from rect_conformance.lifecycle._reads import register
from rect_conformance.lifecycle._shortcut import move_declaration
from rect_conformance.lifecycle._stepping import FIRST_START, Stepping
from rect_conformance.oracle import DEFERRAL_REASONS, london_date, withdrawal_reasons

# Where an example's clock starts: early in the 2025 cohort's first year, in the 2024 cohort's
# completion window, and late enough for 2025 declarations to join statements the machine may
# pay (``MOVABLE_FROM``).
STARTS = (
    FIRST_START,
    datetime(2026, 5, 20, 9, tzinfo=UTC),
    datetime(2027, 11, 20, 9, tzinfo=UTC),
)
SPAN = timedelta(days=365)  # how far the clock may pass from where it started
PASSES = (1, 7, 30, 120)  # days the clock may move on at once
POOL = 3


class LifecycleMachine(Stepping):
    """One example: a fresh pool, a fresh model, the clock at one of :data:`STARTS`."""

    participants: Bundle[Member] = Bundle("participants")
    declarations: Bundle[Declared] = Bundle("declarations")

    def __init__(self, bench: Bench, shrink_replays: int) -> None:
        super().__init__(bench, shrink_replays)
        self.members: list[Member] = []

    # -- time ----------------------------------------------------------------------------------
    # Hypothesis picks the first rule in its order (fewest arguments first) more often than the
    # others; this one costs no request.
    @rule()
    def an_hour_passes(self) -> None:
        """The clock moves on an hour (a later time on the same day, or the next one)."""
        self.clock += timedelta(hours=1)

    @precondition(lambda self: self.clock < self.start + SPAN)
    @rule(days=st.sampled_from(PASSES))
    def time_passes(self, days: int) -> None:
        """The clock moves on; every participant is read and must show what the model says
        for the new day (joining turns active, a stay ends)."""
        self.clock += timedelta(days=days)
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
    )
    def clock_starts(
        self, start: datetime, role: str, cohort: int, schedule: int, begins: str, eligible: bool
    ) -> Member | MultipleResults[Member]:
        """The example's clock starts, the model holds the provider's statements as the target
        shows them (their stored status, as of the real date), and a first participant is
        registered."""
        self.clock = self.start = start
        self.driver.world = self.bench.world(london_date(self.driver.now()))
        self.bench.started(start)
        return self.registered(role, cohort, schedule, begins, eligible)

    @precondition(lambda self: len(self.members) < POOL)
    @rule(
        target=participants,
        role=st.sampled_from(("ect", "mentor")),
        cohort=st.sampled_from((2025, 2024)),
        schedule=st.sampled_from((0, 1, 2)),
        begins=st.sampled_from(menu.START_CHOICES),
        eligible=st.booleans(),
    )
    def registered(
        self, role: str, cohort: int, schedule: int, begins: str, eligible: bool
    ) -> Member | MultipleResults[Member]:
        """A school registers a new participant, trained by the provider (test support)."""
        now = self._now()
        member = Member("", "ect" if role == "ect" else "mentor", cohort)
        pid = self._act(
            lambda: register(
                self.driver,
                role=member.role,
                cohort=cohort,
                school_id=self.bench.schools[cohort],
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

    @rule(
        member=participants,
        free=st.booleans(),
        reason=st.sampled_from(menu.WITHDRAW_REASONS),
        course=st.sampled_from(menu.COURSE_CHOICES),
    )
    def withdraw(self, member: Member, free: bool, reason: str, course: str) -> None:
        """The provider withdraws the participant (``free``: with any reason and course, else
        a reason the rules give for their role, on their own course)."""
        if not free:
            reason, course = menu.fitting_reason(withdrawal_reasons(member.role), reason), "own"
        if not self._fresh(member.id, "withdraw", reason, course):
            return
        now = self._now()
        self._act(
            lambda: self.driver.withdraw(member.id, menu.course(member.role, course), reason, now)
        )

    @rule(
        member=participants,
        free=st.booleans(),
        reason=st.sampled_from(menu.DEFER_REASONS),
        course=st.sampled_from(menu.COURSE_CHOICES),
    )
    def defer(self, member: Member, free: bool, reason: str, course: str) -> None:
        """The provider defers the participant (``free``: with any reason and course)."""
        if not free:
            reason, course = menu.fitting_reason(DEFERRAL_REASONS, reason), "own"
        if not self._fresh(member.id, "defer", reason, course):
            return
        now = self._now()
        self._act(
            lambda: self.driver.defer(member.id, menu.course(member.role, course), reason, now)
        )

    @rule(member=participants, free=st.booleans(), course=st.sampled_from(menu.COURSE_CHOICES))
    def resume(self, member: Member, free: bool, course: str) -> None:
        """The provider resumes (or reinstates) the participant (``free``: on any course)."""
        course = course if free else "own"
        if not self._fresh(member.id, "resume", course):
            return
        now = self._now()
        self._act(lambda: self.driver.resume(member.id, menu.course(member.role, course), now))

    # Always the participant's own course (``_unsettled``: change-schedule-foreign-course).
    @rule(
        member=participants,
        schedule=st.sampled_from(menu.SCHEDULES),
        cohort=st.sampled_from(menu.COHORT_CHOICES),
        course=st.just("own"),
    )
    def change_schedule(self, member: Member, schedule: str, cohort: str, course: str) -> None:
        """The provider moves the participant to another schedule (and perhaps cohort)."""
        today = london_date(self.clock)
        world = self.driver.world
        if unsettled.change_on_future_period(world, member.id, member.role, schedule, today):
            return
        if not self._fresh(member.id, "change-schedule", schedule, cohort, course):
            return
        now = self._now()
        person = self.driver.world.participant(member.id)
        periods = [p for p in (person.periods if person else ()) if p.role == member.role]
        year = periods[-1].cohort if periods else member.cohort
        moved = menu.other_cohort(year) if cohort == "other" else None
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

    @rule(
        target=declarations,
        member=participants,
        free=st.booleans(),
        kind=st.sampled_from(menu.TYPE_CHOICES),
        when=st.sampled_from(menu.DATE_CHOICES),
        held=st.sampled_from(menu.EVIDENCE_CHOICES),
        course=st.sampled_from(menu.DECLARE_COURSES),
    )
    def declare(
        self, member: Member, free: bool, kind: str, when: str, held: str, course: str
    ) -> Declared:
        """The provider declares for the participant: ``free``, any type, date, evidence and
        course; else their next milestone as the rules ask (dated an hour ago, with fitting
        evidence, on their own course)."""
        if not free:
            kind, when, held, course = "next", "recent", "fitting", "own"
        return self._declare(member, kind, when, held, course)

    @rule(target=declarations, declared=declarations, when=st.sampled_from(menu.DATE_CHOICES))
    def declare_again(self, declared: Declared, when: str) -> Declared:
        """The provider declares a type it declared before (a duplicate while that one lives)."""
        return self._declare(declared.member, declared.declaration_type, when, "fitting", "own")

    @rule(declared=declarations)
    def void(self, declared: Declared) -> None:
        """The provider voids one of its declarations (whatever its state)."""
        made = declared.id
        if made is None or unsettled.void_of_mentor_completion(self.driver.world, made):
            return
        if not self._fresh(declared.member.id, "void", made):
            return
        now = self._now()
        self._act(lambda: self.driver.void(made, now))

    # -- DfE's side (test support) -------------------------------------------------------------
    @rule(member=participants)
    def dfe_marks_eligible(self, member: Member) -> None:
        """DfE records that the participant is funding-eligible."""
        person = self.driver.world.participant(member.id)
        if person is None or member.role in person.eligible_roles:
            return
        now = self._now()
        step = self._act(lambda: self.driver.funding_eligible(member.id, member.role, now))
        if step is not None and step.accepted:
            # Funding eligibility moves the participant's updated_at (rules §19), which the
            # oracle's DfE move does not say: the next read must show this instant.
            self.driver.seen[f"participant:{member.id}"] = stamp(now)

    @rule(declared=declarations, through=st.booleans())
    def dfe_pays(self, declared: Declared, through: bool) -> None:
        """DfE moves a declaration's money on: the statement of an eligible one becomes
        payable (and, ``through``, paid as well), of a payable one paid, and the clawback
        statement of one awaiting clawback is paid. Sent through the declaration, so the
        request names no statement; nothing is sent for a declaration in any other state."""
        move = {"eligible": "payable", "payable": "paid", "awaiting-clawback": "clawed-back"}
        for _ in range(2 if through else 1):
            state, statement_id, clawback = self._model_declaration(declared)
            moved = clawback if state == "awaiting-clawback" else statement_id
            made = declared.id
            if made is None or state not in move or moved is None or not self._movable(moved):
                return
            now = self._now()
            self._act(partial(move_declaration, self.driver, made, moved, move[state], now))
            if state != "eligible":
                return
