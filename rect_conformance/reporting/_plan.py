"""The request plan's section of ``summary.json``: what the plan gave each check family and each
operation before the first request, what they really sent and took from the shared answers,
and what was cut and why.

Made from the run's ``Plan`` (``rect_conformance.planner``), the tests' results and the
journal's counts (requests sent and answers reused, per test); pure otherwise.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from rect_conformance.reporting._tables import FAMILIES, SPEC_FAMILY

if TYPE_CHECKING:
    from rect_conformance.planner import Plan

ORDER = (
    "every read before any write (one answer serves every check that reads it before a write "
    "could change it), targeted checks before generated examples; within those, the most "
    "severe family first: authentication, tenancy, lifecycle, sync, error envelopes, release "
    "notes; the state machine after them with what they left; the tests the plan cut last, "
    "run after all while the budget lasts"
)
LABELS = {family.id: family.label for family in FAMILIES} | {SPEC_FAMILY: "the spec itself"}
SHOWN_CUTS = 200


def section(
    plan: Plan | None,
    results: list[dict[str, Any]],
    sent: Counter[str],
    reused: Counter[str],
    total_sent: int,
) -> dict[str, Any] | None:
    """The ``plan`` section (``None`` when the run made no plan: nothing was collected).

    ``sent`` and ``reused`` count, per test node id, the requests it sent and the answers it
    was given again; requests of no test (pre-flight, spec) are the ``setup``."""
    if plan is None:
        return None
    outcome = {r["test"]: r for r in results}
    families: dict[str, Counter[str]] = {}
    operations: dict[str, dict[str, Any]] = {}
    for nodeid, decision in plan.decisions.items():
        item = decision.item
        row = families.setdefault(item.family, Counter())
        result = outcome.get(nodeid, {})
        ran = result.get("outcome") in ("passed", "failed")
        row["tests"] += 1
        row["run"] += ran
        row["cut"] += not decision.admitted and nodeid not in plan.readmitted
        row["planned"] += round(decision.estimate)
        row["spent"] += sent[nodeid]
        row["reused"] += reused[nodeid]
        if item.operation:
            op = operations.setdefault(
                item.operation, {"planned": 0, "spent": 0, "reused": 0, "examples": {}}
            )
            op["planned"] += round(decision.estimate)
            op["spent"] += sent[nodeid]
            op["reused"] += reused[nodeid]
            if item.generated and item.mode:
                given = plan.generation(nodeid)
                op["examples"][item.mode] = (
                    given.examples if given is not None else decision.examples if ran else 0
                )
    cut = [
        {
            "test": nodeid,
            "family": d.item.family,
            "check": d.item.check,
            "operation": d.item.operation,
            "reason": d.reason,
        }
        for nodeid, d in plan.decisions.items()
        if not d.admitted and nodeid not in plan.readmitted
    ]
    return {
        "budget": plan.budget,
        "setup": plan.setup,
        "reserve": plan.reserve,
        "available": plan.available,
        "max_examples": plan.max_examples,
        "planned": sum(round(d.estimate) for d in plan.decisions.values()) + plan.setup,
        "spent": total_sent,
        "reused": sum(reused.values()),
        "order": ORDER,
        "families": [
            {"family": family, "label": LABELS.get(family, family), **dict(row)}
            for family, row in sorted(families.items(), key=lambda pair: _family_rank(pair[0]))
        ],
        "operations": operations,
        "cut_count": len(cut),
        "cut": cut[:SHOWN_CUTS],
        "readmitted": list(plan.readmitted),
    }


def _family_rank(family: str) -> int:
    ids = [SPEC_FAMILY, "auth", "tenancy", "lifecycle", "sync", "envelopes", "release-notes"]
    ids += ["other", "valid", "invalid"]
    return ids.index(family) if family in ids else len(ids)
