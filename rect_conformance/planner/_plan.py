"""The request plan: which tests run, in which order, and how many generated examples each
operation gets, decided from the budget before the first test sends anything.

:func:`make_plan` is pure. Under a budget it admits, in this order, whatever still fits:

1. the first test of every targeted family (every family gets its share, however small): of
   its lead check (:data:`_table.LEAD_CHECK`), else its cheapest;
2. every generated test's floor (:data:`_table.MIN_EXAMPLES`): every operation gets its share;
3. the whole of authentication and tenancy (:data:`_table.WHOLE_FIRST`);
4. the first test of every other check (of every release note's promise);
5. the whole of the lifecycle scenarios (:data:`_table.WHOLE_AFTER_FIRSTS`), a scaled test
   (the state machine, :data:`_table.SCALED`) with its fewest examples;
6. the other targeted tests (sync, envelopes, release notes, a team's own), breadth first:
   every check on its second operation, then on its third, ..., the cheapest check first
   within a round; a check's operations in :data:`_table.OPERATION_PRIORITY` order;
7. more examples for a scaled test, up to its default, with what is left;
8. generated examples in what is left, shared over the operations by mode weight, up to
   ``--max-examples`` each.

A test that does not fit is cut, with the reason. :meth:`Plan.admit` runs at each test's
turn and corrects the plan with what was really spent: a cut test runs after all when the
tests before it spent less than planned and room is left for everything still planned after
it; a generated test's examples are its share of what is really left (:meth:`Plan.generation`).
Without a budget every test runs and every generated test gets ``--max-examples``.

The run order (:meth:`Plan.order`): every read before any write, so that one answer serves
every check that reads it before a write could change it; targeted tests before generated ones;
within those, the most severe family first; a scaled test (the state machine) after all of
them, with what they really left. The tests the plan cut come last, when what the others really
spent is known (a target that fails early spends far less than planned).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from rect_conformance.lifecycle import Sizing
from rect_conformance.planner._table import (
    LEAD_CHECK,
    MIN_EXAMPLES,
    MODE_WEIGHT,
    SCALED,
    SCALED_MARGIN,
    SPEC,
    WHOLE_AFTER_FIRSTS,
    WHOLE_FIRST,
    PlanItem,
    cost_of,
    operation_priority,
    overhead,
    rank,
    writes,
)

CUT = "cut by the request plan"


@dataclass
class Decision:
    """What the plan decided for one test before the first request (what happened at its
    turn is in :attr:`Plan.readmitted` and :attr:`Plan.generations`)."""

    item: PlanItem
    admitted: bool
    estimate: float  # requests planned for it (0 when cut)
    step: str  # which step of the plan admitted or cut it
    reason: str | None = None  # why it was cut
    examples: int | None = None  # a generated test's examples


@dataclass(frozen=True)
class Generation:
    """What a generated test may send: ``examples`` generated cases and at most ``cap``
    requests in all (``None``: no limit)."""

    examples: int
    cap: int | None


@dataclass
class Plan:
    """The decisions of :func:`make_plan`, in run order, and what the run made of them."""

    budget: int | None
    setup: int  # requests sent before the plan (pre-flight, spec, test support)
    reserve: int  # requests held back for the end of the run
    max_examples: int
    decisions: dict[str, Decision]
    # Tests the plan cut that ran after all, at their turn, because room was left for them.
    readmitted: list[str] = field(default_factory=list)
    # Each generated test's examples and cap, as given at its turn.
    generations: dict[str, Generation] = field(default_factory=dict)

    @property
    def order(self) -> list[str]:
        """The node ids in the order the tests run."""
        return list(self.decisions)

    @property
    def available(self) -> int | None:
        """Requests the plan could give to tests."""
        if self.budget is None:
            return None
        return max(self.budget - self.setup - self.reserve, 0)

    def admit(self, nodeid: str, sent: int) -> str | None:
        """At ``nodeid``'s turn, with ``sent`` requests sent so far: ``None`` when it runs,
        else why not (a skip reason). Unknown tests (collected after the plan) run."""
        decision = self.decisions.get(nodeid)
        if decision is None or self.budget is None:
            return None
        item = decision.item
        room = self.budget - self.reserve - sent - self._needed_after(nodeid)
        if item.generated:
            return self._start_generated(decision, room)
        if item.scaled:
            return self._start_scaled(decision, room)
        if decision.admitted:
            return None
        if cost_of(item) <= room:
            self.readmitted.append(nodeid)
            return None
        return decision.reason

    def generation(self, nodeid: str | None) -> Generation | None:
        """The examples and request cap of the generated test ``nodeid`` (set at its turn;
        ``None`` without a budget, when ``--max-examples`` holds and nothing caps it)."""
        return self.generations.get(nodeid or "")

    def _needed_after(self, nodeid: str) -> float:
        # What the tests still to come were planned to need (generated ones: their floors).
        found, total = False, 0.0
        for key, decision in self.decisions.items():
            if found and decision.admitted:
                total += _floor(decision.item) if decision.item.generated else decision.estimate
            found = found or key == nodeid
        return total

    def _start_generated(self, decision: Decision, room: float) -> str | None:
        item = decision.item
        if not item.applicable:
            return None  # it skips on its own, with its own reason, before sending anything
        floor = _floor(item)
        if not decision.admitted and room < floor:
            return decision.reason
        if room < min(floor, overhead(item) + 1) or room < 1:
            return (
                f"request budget spent before {item.operation} ({item.mode}) could send "
                "its generated examples"
            )
        later = [
            d.item
            for d in self._after(item.nodeid)
            if d.item.generated and d.admitted and d.item.applicable
        ]
        weight = _weight(item)
        # Its weighted share of what is left over the floors (``room`` already keeps the later
        # tests' floors back) and over the targeted tests the plan cut, which run last if room
        # is left for them.
        spare = max(room - self._cut_after(item.nodeid) - floor, 0)
        share = spare * weight / (weight + sum(_weight(other) for other in later))
        # (a hair added: two thirds of 27 must be 18, not 17.999...)
        examples = min(self.max_examples, MIN_EXAMPLES[item.mode or "negative"] + int(share + 1e-9))
        examples = max(examples, 1)
        if not decision.admitted:
            self.readmitted.append(item.nodeid)
        self.generations[item.nodeid] = Generation(examples, overhead(item) + examples)
        return None

    def _start_scaled(self, decision: Decision, room: float) -> str | None:
        item = decision.item
        per_example, fewest = SCALED[item.check or ""]
        # What is left over the targeted tests the plan cut (they run after it if room is
        # left), with a margin: an example's requests vary with the steps drawn.
        spare = max(room - self._cut_after(item.nodeid), 0)
        examples = min(int(spare // (per_example * SCALED_MARGIN)), _most_examples())
        if examples < fewest:
            return decision.reason or (
                f"request budget spent before {item.check} could run its fewest {fewest} "
                f"examples (about {math.ceil(per_example * fewest)} requests)"
            )
        if not decision.admitted:
            self.readmitted.append(item.nodeid)
        self.generations[item.nodeid] = Generation(examples, None)
        return None

    def _cut_after(self, nodeid: str) -> float:
        return sum(
            cost_of(d.item)
            for d in self._after(nodeid)
            if not d.admitted and d.item.applicable and not (d.item.generated or d.item.scaled)
        )

    def _after(self, nodeid: str) -> list[Decision]:
        keys = list(self.decisions)
        return [self.decisions[key] for key in keys[keys.index(nodeid) + 1 :]]


def _floor(item: PlanItem) -> float:
    return cost_of(item, MIN_EXAMPLES[item.mode or "negative"]) if item.generated else 0.0


def _most_examples() -> int:
    # A scaled test's examples without a budget: the state machine's own default.
    return Sizing().examples


def _weight(item: PlanItem) -> int:
    return MODE_WEIGHT[item.mode or "negative"]


def make_plan(
    items: Iterable[PlanItem],
    *,
    budget: int | None,
    setup: int = 0,
    reserve: int = 0,
    max_examples: int = 25,
) -> Plan:
    """The plan for ``items`` under ``budget`` (``None``: no limit); see the module docstring.
    ``setup`` requests were sent already, ``reserve`` are held back for the end of the run."""
    items = list(items)
    decisions: dict[str, Decision] = {}
    if budget is None:
        for item in items:
            examples = max_examples if item.generated else None
            decisions[item.nodeid] = Decision(
                item, True, cost_of(item, examples or 0), "no budget", examples=examples
            )
    else:
        _allocate(items, max(budget - setup - reserve, 0), max_examples, decisions)
    # The tests the plan cut go last: at their turn the run knows what the others really
    # spent (a target that fails early spends far less than planned) and runs them in the order
    # the plan would have admitted them, targeted before scaled and generated ones.
    rounds = _rounds([i for i in items if not i.generated])
    admitted = [i for i in items if decisions[i.nodeid].admitted]
    cut = [i for i in items if not decisions[i.nodeid].admitted]
    cut.sort(
        key=lambda i: (
            i.generated or i.scaled,
            rounds.get(i.nodeid, 0),
            rank(i),
            cost_of(i),
            i.index,
        )
    )
    ordered = {i.nodeid: decisions[i.nodeid] for i in sorted(admitted, key=_run_key) + cut}
    return Plan(budget, setup, reserve, max_examples, ordered)


def _run_key(item: PlanItem) -> tuple[int, int, int, int]:
    # Every read before any write (the generated reads too), so that one answer serves every
    # check that reads it: a write empties the shared answers.
    if item.family == SPEC:
        group = 0
    elif item.scaled:
        group = 5  # last: it takes what the others really left
    elif not writes(item):
        group = 1 if not item.generated else 2
    else:
        group = 3 if not item.generated else 4
    mode = 0 if item.mode in (None, "positive") else 1
    return group, rank(item), mode, item.index


def _allocate(
    items: list[PlanItem], available: int, max_examples: int, decisions: dict[str, Decision]
) -> None:
    left = float(available)

    def take(item: PlanItem, cost: float, step: str, examples: int | None = None) -> None:
        nonlocal left
        if item.nodeid in decisions:
            return
        if cost <= left:
            left -= cost
            decisions[item.nodeid] = Decision(item, True, cost, step, examples=examples)

    targeted = [i for i in items if not i.generated]
    generated = sorted((i for i in items if i.generated), key=lambda i: (_run_key(i)[2], i.index))
    rounds = _rounds(targeted)
    # Within a round, the most severe family first and, within a family, the cheapest check
    # first: a short budget then covers the most checks.
    breadth = sorted(targeted, key=lambda i: (rounds[i.nodeid], rank(i), cost_of(i), i.index))
    for family in dict.fromkeys(i.family for i in sorted(targeted, key=rank)):
        first = min(
            (i for i in breadth if i.family == family and i.applicable and not i.scaled),
            key=lambda i: (rounds[i.nodeid], i.check != LEAD_CHECK.get(family), cost_of(i)),
            default=None,
        )
        if first is not None:
            take(first, cost_of(first), "first test of its family")
    for item in generated:
        minimum = MIN_EXAMPLES[item.mode or "negative"]
        take(item, cost_of(item, minimum), "generated floor", minimum if item.applicable else 0)
    for family in WHOLE_FIRST:
        for item in breadth:
            if item.family == family:
                take(item, cost_of(item), "whole family")
    for item in breadth:
        if rounds[item.nodeid] == 0 and not item.scaled:
            take(item, cost_of(item), "first test of its check")
    scaled = [i for i in breadth if i.scaled and i.applicable]
    for family in WHOLE_AFTER_FIRSTS:
        for item in breadth:
            if item.family == family and not item.scaled:
                take(item, cost_of(item), "whole family")
        for item in scaled:
            if item.family == family:
                fewest = SCALED[item.check or ""][1]
                take(item, cost_of(item, fewest), "fewest examples", fewest)
    for item in breadth:
        if not item.scaled:
            take(item, cost_of(item), "breadth first")
    for item in scaled:
        decision = decisions.get(item.nodeid)
        if decision is not None and decision.admitted:
            per_example = SCALED[item.check or ""][0]
            more = min(int(left // per_example), _most_examples() - (decision.examples or 0))
            if more > 0:
                examples = (decision.examples or 0) + more
                left -= per_example * more
                decisions[item.nodeid] = Decision(
                    item, True, cost_of(item, examples), "more examples", examples=examples
                )
    _share(generated, decisions, left, max_examples)
    for item in items:
        if item.nodeid not in decisions:
            decisions[item.nodeid] = Decision(
                item, False, 0.0, "cut", reason=_cut_reason(item, available)
            )


def _rounds(targeted: list[PlanItem]) -> dict[str, int]:
    # Round k holds the k-th test of every check (of every release note's promise), so that a
    # short budget spreads over them instead of going to the first check's every operation;
    # each check's tests in the order of :data:`_table.OPERATION_PRIORITY`.
    seen: dict[str | None, int] = {}
    rounds = {}
    for item in sorted(targeted, key=lambda i: (operation_priority(i), i.index)):
        group = item.group or item.check
        rounds[item.nodeid] = seen.get(group, 0)
        seen[group] = rounds[item.nodeid] + 1
    return rounds


def _share(
    generated: list[PlanItem], decisions: dict[str, Decision], left: float, max_examples: int
) -> None:
    # Water-filling: the level L such that each admitted generated test gets
    # min(max_examples, max(its floor, floor(L * weight))) examples within what is left.
    admitted = [
        i
        for i in generated
        if i.applicable and i.nodeid in decisions and decisions[i.nodeid].admitted
    ]
    if not admitted or left < 1:
        return

    def extra(level: float) -> int:
        total = 0
        for item in admitted:
            floor = MIN_EXAMPLES[item.mode or "negative"]
            total += min(max_examples, max(floor, math.floor(level * _weight(item)))) - floor
        return total

    low, high = 0.0, float(max_examples)
    for _ in range(40):
        middle = (low + high) / 2
        low, high = (middle, high) if extra(middle) <= left else (low, middle)
    for item in admitted:
        floor = MIN_EXAMPLES[item.mode or "negative"]
        examples = min(max_examples, max(floor, math.floor(low * _weight(item))))
        decisions[item.nodeid] = Decision(
            item, True, cost_of(item, examples), "generated share", examples=examples
        )


def _cut_reason(item: PlanItem, available: int) -> str:
    what = (
        f"generated examples of {item.operation} ({item.mode})" if item.generated else "this test"
    )
    fewest = SCALED[item.check or ""][1] if item.scaled else 1
    if item.scaled:
        what = f"its fewest {fewest} examples"
    return (
        f"{CUT}: the {available} requests the budget leaves went to more severe checks first; "
        f"{what} would need about {math.ceil(cost_of(item, fewest) or 1)}"
    )
