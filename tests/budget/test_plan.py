"""The request plan on its own (``rect_conformance.planner``): pure, on small lists of tests."""

from __future__ import annotations

from rect_conformance.planner import PlanItem, cost_of, make_plan
from rect_conformance.planner._plan import CUT
from rect_conformance.planner._table import MIN_EXAMPLES, SCALED, SCALED_MARGIN

OPS = ("getStatements", "getParticipants", "getPartnerships")


def _suite() -> list[PlanItem]:
    """A small suite: two auth checks, a tenancy check, two sync checks, an envelope check and
    a release note on three operations, two lifecycle scenarios, and positive and negative
    generated tests of three reads and one write."""
    items: list[PlanItem] = []

    def add(family: str, check: str | None, operation: str | None, **more: object) -> None:
        nodeid = f"t::{check}-{operation}-{more.get('mode', '')}-{len(items)}"
        items.append(PlanItem(nodeid, family, check, operation, index=len(items), **more))  # type: ignore[arg-type]

    add("spec", "spec", None)
    for check in ("auth-missing-token", "auth-wrong-token"):
        for op in OPS:
            add("auth", check, op)
    for op in OPS:
        add("tenancy", "tenancy-hidden-by-id", op)
    for check in ("sync-page-walk", "sync-page-invalid"):
        for op in OPS:
            add("sync", check, op)
    for op in OPS:
        add("envelopes", "envelope-bad-filter", op)
        add("release-notes", "release-notes", op, group=f"release-notes:note-{op}")
    add("lifecycle", "lifecycle-void", "voidDeclaration")
    add("lifecycle", "lifecycle-seed", "getDeclarations")
    for mode, family in (("positive", "valid"), ("negative", "invalid")):
        for op in (*OPS, "createPartnership"):
            add(family, "operations", op, mode=mode)
    return items


def _by_id(items: list[PlanItem]) -> dict[str, PlanItem]:
    return {item.nodeid: item for item in items}


def test_without_a_budget_every_test_runs_with_max_examples():
    plan = make_plan(_suite(), budget=None, max_examples=25)
    assert all(d.admitted for d in plan.decisions.values())
    generated = [d for d in plan.decisions.values() if d.item.generated]
    assert {d.examples for d in generated} == {25}
    assert plan.admit(next(iter(plan.decisions)), sent=10**6) is None
    assert plan.generation(generated[0].item.nodeid) is None


def test_every_read_runs_before_any_write_and_targeted_tests_before_generated_ones():
    items = _suite()
    order = [_by_id(items)[n] for n in make_plan(items, budget=None).order]
    assert order[0].family == "spec"
    writes = [item.operation == "createPartnership" or item.family == "lifecycle" for item in order]
    first_write = writes.index(True)
    assert not any(writes[:first_write]) and all(writes[first_write:])
    reads, written = order[1:first_write], order[first_write:]
    for part in (reads, written):
        kinds = [item.generated for item in part]
        assert kinds == sorted(kinds), "a generated test ran before a targeted one"
    # severity orders the families among the reads; every scenario counts as a write, the seed
    # judge too (it judges what the scenarios before it declared)
    families = [item.family for item in reads]
    assert families.index("auth") < families.index("tenancy") < families.index("sync")
    assert families.index("sync") < families.index("envelopes") and "lifecycle" not in families
    checks = [item.check for item in written]
    assert checks.index("lifecycle-void") < checks.index("lifecycle-seed")
    generated = [g for g in reads if g.generated]
    assert [g.mode for g in generated] == ["positive"] * 3 + ["negative"] * 3


def test_the_tests_the_plan_cut_come_last_targeted_first_breadth_first():
    items = _suite()
    plan = make_plan(items, budget=40)
    by_id = _by_id(items)
    admitted = [n for n in plan.order if plan.decisions[n].admitted]
    cut = [by_id[n] for n in plan.order if not plan.decisions[n].admitted]
    assert cut and plan.order == admitted + [c.nodeid for c in cut]
    kinds = [item.generated for item in cut]
    assert kinds == sorted(kinds)
    # the second operation of a check comes before the third of any other
    sync = [(c.check, c.operation) for c in cut if c.family == "sync"]
    seconds = [pair for pair in sync if pair[1] == OPS[1]]
    thirds = [pair for pair in sync if pair[1] == OPS[2]]
    assert seconds and thirds
    assert sync.index(seconds[-1]) < sync.index(thirds[0])


def test_a_short_budget_keeps_every_family_and_every_operation_and_says_what_it_cut():
    items = _suite()
    plan = make_plan(items, budget=80, setup=3, max_examples=25)
    admitted = [d.item for d in plan.decisions.values() if d.admitted]
    cut = [d for d in plan.decisions.values() if not d.admitted]
    assert {i.family for i in admitted} >= {
        "auth",
        "tenancy",
        "sync",
        "envelopes",
        "release-notes",
        "lifecycle",
        "valid",
        "invalid",
    }
    # every generated test keeps its floor; authentication and tenancy are whole
    assert all(d.admitted for d in plan.decisions.values() if d.item.generated)
    assert all(d.admitted for d in plan.decisions.values() if d.item.family in ("auth", "tenancy"))
    # the lead check stands for sync: the page walk, not the cheapest check
    assert any(i.check == "sync-page-walk" for i in admitted)
    assert cut and all(d.reason and d.reason.startswith(CUT) for d in cut)
    assert any(d.item.check == "lifecycle-void" for d in cut)
    planned = sum(d.estimate for d in plan.decisions.values() if d.admitted)
    assert planned <= 80 - 3


def test_breadth_first_spreads_a_family_over_its_checks_before_its_operations():
    items = [
        PlanItem(f"s-{check}-{op}", "sync", check, op, index=index)
        for index, (check, op) in enumerate(
            (check, op) for check in ("sync-page-walk", "sync-page-invalid") for op in OPS
        )
    ]
    # room for two tests and a little: both checks on the first operation come before the
    # page walk's second; the first operation is the one that matters most (participants),
    # whatever the collection order
    plan = make_plan(items, budget=int(cost_of(items[0]) + cost_of(items[3]) + 4))
    admitted = [d.item for d in plan.decisions.values() if d.admitted]
    assert {(i.check, i.operation) for i in admitted} == {
        ("sync-page-walk", "getParticipants"),
        ("sync-page-invalid", "getParticipants"),
    }


def test_tests_that_cannot_run_cost_nothing():
    items = [
        PlanItem("a", "tenancy", "tenancy-hidden-by-id", "getParticipant", applicable=False),
        PlanItem("b", "valid", "operations", "createPartnership", "positive", applicable=False),
    ]
    plan = make_plan(items, budget=1)
    assert all(d.admitted and d.estimate == 0 for d in plan.decisions.values())


def test_a_cut_test_runs_after_all_when_the_tests_before_it_spent_less():
    items = _suite()
    plan = make_plan(items, budget=80, setup=3)
    cut = next(d for d in plan.decisions.values() if not d.admitted and not d.item.generated)
    # spent as planned: still no room
    planned_before = sum(
        d.estimate for n, d in plan.decisions.items() if d.admitted and n in _before(plan, cut)
    )
    assert plan.admit(cut.item.nodeid, sent=3 + round(planned_before)) == cut.reason
    # nothing spent at all: room for it
    assert plan.admit(cut.item.nodeid, sent=3) is None
    assert plan.readmitted == [cut.item.nodeid]


def _before(plan, decision) -> set[str]:
    order = plan.order
    return set(order[: order.index(decision.item.nodeid)])


def test_generated_tests_share_what_is_really_left_by_mode_weight():
    items = [
        PlanItem("p", "valid", "operations", "getStatements", "positive", index=0),
        PlanItem("n", "invalid", "operations", "getStatements", "negative", index=1),
    ]
    plan = make_plan(items, budget=40, max_examples=25)
    # at its turn, with 10 of 40 spent: the valid test takes two thirds of what is left over
    # the floors, the invalid one keeps its floor for later
    assert plan.admit("p", sent=10) is None
    given = plan.generation("p")
    assert given is not None and given.cap == given.examples
    floors = MIN_EXAMPLES["positive"] + MIN_EXAMPLES["negative"]
    assert given.examples == MIN_EXAMPLES["positive"] + int((40 - 10 - floors) * 2 / 3)
    assert plan.admit("n", sent=10 + given.examples) is None
    later = plan.generation("n")
    assert later is not None and later.examples == 40 - 10 - given.examples


def test_generated_examples_never_exceed_max_examples():
    items = [PlanItem("p", "valid", "operations", "getStatements", "positive")]
    plan = make_plan(items, budget=1000, max_examples=7)
    assert plan.decisions["p"].examples == 7
    plan.admit("p", sent=0)
    assert plan.generation("p").examples == 7


def test_a_generated_test_with_nothing_left_is_not_run_for_budget():
    items = [PlanItem("show", "valid", "operations", "getParticipant", "positive")]
    plan = make_plan(items, budget=50)
    reason = plan.admit("show", sent=49)
    assert reason is not None and "budget spent" in reason


def test_a_generated_test_that_cannot_run_skips_for_its_own_reason():
    items = [
        PlanItem("w", "valid", "operations", "createPartnership", "positive", applicable=False)
    ]
    plan = make_plan(items, budget=10)
    assert plan.admit("w", sent=10) is None


def test_the_state_machine_runs_last_with_what_the_others_left():
    items = [
        *_suite(),
        PlanItem("sm", "lifecycle", "lifecycle-state-machine", None, index=100),
    ]
    plan = make_plan(items, budget=10_000)
    admitted = [n for n in plan.order if plan.decisions[n].admitted]
    assert admitted[-1] == "sm"
    # at its turn, with 9,000 of 10,000 spent: examples for the 1,000 left, with the margin
    per_example, _ = SCALED["lifecycle-state-machine"]
    assert plan.admit("sm", sent=9_000) is None
    assert plan.generation("sm").examples == int(1_000 // (per_example * SCALED_MARGIN))
    # with less than its fewest examples left, it is not run, because of the budget
    tight = make_plan(items, budget=10_000)
    assert "budget" in (tight.admit("sm", sent=9_990) or "")
