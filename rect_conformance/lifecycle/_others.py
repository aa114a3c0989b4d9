"""The state machine's rules for what others do: DfE (funding eligibility, statements payable
and paid, clawbacks) and schools (a participant leaving), through the target's test support.

Rules that move money pick among the declarations the model shows they can move, and send
nothing when there is none; only statements the machine may move (``_stepping.RESERVED``) are.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from functools import partial

from hypothesis import strategies as st
from hypothesis.stateful import precondition, rule

from rect_conformance.lifecycle import _choices as menu
from rect_conformance.lifecycle import _partnerships as partnerships
from rect_conformance.lifecycle._choices import Declared, Member
from rect_conformance.lifecycle._shortcut import move_declaration
from rect_conformance.lifecycle._stepping import Stepping, participants
from rect_conformance.oracle import TrainingPeriod, latest_period, london_date


class OthersAct(Stepping):
    """DfE's and schools' moves (the provider's are in ``LifecycleMachine``)."""

    def _money(self, declared: Declared) -> tuple[str, str] | None:
        """What DfE can move for ``declared`` next (test-support state, statement id), if the
        model shows one the machine may move."""
        state, statement_id, clawback = self._model_declaration(declared)
        move = {"eligible": "payable", "payable": "paid", "awaiting-clawback": "clawed-back"}
        moved = clawback if state == "awaiting-clawback" else statement_id
        if state not in move or moved is None or not self._movable(moved):
            return None
        return move[state], moved

    @rule(member=participants)
    def dfe_marks_eligible(self, member: Member) -> None:
        """DfE records that the participant is funding-eligible."""
        person = self.driver.world.participant(member.id)
        if person is None or member.role in person.eligible_roles:
            return
        now = self._now()
        self._act(lambda: self.driver.funding_eligible(member.id, member.role, now))

    @precondition(lambda self: bool(self.declared))
    @rule(pick=st.integers(0, 7))
    def dfe_pays(self, pick: int) -> None:
        """DfE pays a declaration: its statement becomes payable (if it was open) and paid, or,
        for one awaiting clawback, the clawback statement is paid. Sent through the
        declaration, so the request names no statement; it picks among those it can move."""
        self._dfe_moves(pick, through=True)

    @precondition(lambda self: bool(self.declared))
    @rule(pick=st.integers(0, 7))
    def dfe_makes_payable(self, pick: int) -> None:
        """DfE makes the statement of an eligible declaration payable (and no more)."""
        self._dfe_moves(pick, through=False)

    def _dfe_moves(self, pick: int, *, through: bool) -> None:
        movable = [d for d in self._made() if self._money(d)]
        declared = self._pick(pick, movable)
        for _ in range(2 if through else 1):
            money = self._money(declared) if declared else None
            if declared is None or declared.id is None or money is None:
                return
            state, statement_id = money
            now = self._now()
            self._act(partial(move_declaration, self.driver, declared.id, statement_id, state, now))
            if state != "payable":
                return

    @rule(member=participants, when=st.sampled_from(menu.LEAVING_CHOICES))
    def school_reports_leaving(self, member: Member, when: str) -> None:
        """The school reports that the participant leaves it (last day in a fortnight, or
        yesterday) for school-led training elsewhere (test support); nothing is sent when the
        model shows their training already ended or not begun by then."""
        person = self.driver.world.participant(member.id)
        period = latest_period(person, member.role) if person else None
        ends = menu.last_day(when, london_date(self.clock))
        if period is None or period.end is not None or ends < period.start:
            return
        now = self._now()
        leave = partial(partnerships.leave, self.driver, member.id, member.role, ends)
        step = self._act(partial(leave, self.bench.elsewhere, now))
        if step is not None and step.accepted:
            self._joins_elsewhere(member, ends + timedelta(days=1))

    def _joins_elsewhere(self, member: Member, start: date) -> None:
        """The school-led training the person starts after leaving is a training period too,
        with no provider (rules §18): the model holds it as not the provider's."""
        person = self.driver.world.participant(member.id)
        period = latest_period(person, member.role) if person else None
        if person is None or period is None:
            return
        joined = TrainingPeriod(
            id=f"{member.id}/{member.role}/elsewhere/{len(person.periods) + 1}",
            role=member.role,
            cohort=period.cohort,
            schedule=period.schedule,
            start=start,
            ours=False,
            school=self.bench.elsewhere,
            school_period=f"{member.id}/{member.role}/elsewhere",
        )
        self.driver.world = self.driver.world.put(
            replace(person, periods=(*person.periods, joined))
        )
