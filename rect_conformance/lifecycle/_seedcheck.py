"""``lifecycle-seed``: every declaration the provider can see, held to the rules its own creation
would have enforced (``oracle.declaration_problems``).

A declaration is judged against the training period it was made on; the API shows only the
provider's latest period per role, so the cohort comes from ``filter[cohort]`` (the cohort of
the declaration's period) and a declaration is judged only when that cohort is the enrolment's
(the schedule is then the enrolment's). The others are counted as not judged, with why.

The enrolment's schedule may still not be the one the declaration was made on: a change of
schedule within the cohort starts a new period and leaves earlier declarations on the old one.
So a milestone problem is only reported when the date fits no schedule of that cohort at all.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rect_conformance._api import BY_NAME
from rect_conformance.findings import Finding, Kind, Reproduction, Severity
from rect_conformance.lifecycle._reads import read_all
from rect_conformance.lifecycle._rules import rule_of, source_of
from rect_conformance.lifecycle._world import attributes, our_provider_name, statements_from
from rect_conformance.oracle import (
    COHORTS,
    COURSE_IDENTIFIERS,
    SCHEDULE_IDENTIFIERS,
    OracleLimit,
    Problem,
    declaration_problems,
)

if TYPE_CHECKING:
    from datetime import date

    from rect_conformance._client import Client

CHECK = "lifecycle-seed"
# The rules whose judgement depends on the schedule of the period a declaration was made on.
SCHEDULE_RULES = frozenset(
    {"declare.V10-before-milestone", "declare.V10-after-milestone", "declare.V17-no-milestone"}
)


@dataclass
class SeedJudgement:
    """The findings, how many declarations were judged, and why the others were not."""

    findings: list[Finding] = field(default_factory=list)
    judged: int = 0
    not_judged: dict[str, int] = field(default_factory=dict)

    def skip(self, why: str) -> None:
        """Count one declaration not judged, by reason."""
        self.not_judged[why] = self.not_judged.get(why, 0) + 1


def judge_seed(client: Client, today: date) -> SeedJudgement:
    """Read every declaration and participant the provider can see and judge each of its own
    declarations."""
    result = SeedJudgement()
    cohort_of: dict[str, str] = {}
    for year in sorted(COHORTS):
        for item in read_all(client, "declarations", {"filter[cohort]": str(year)}):
            cohort_of[str(item.get("id"))] = str(year)
    declarations = read_all(client, "declarations")
    participants = {str(p.get("id")): p for p in read_all(client, "participants")}
    statements = statements_from(read_all(client, "statements"), today, {})
    ours = our_provider_name(declarations, statements)
    by_person: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in declarations:
        by_person[str(attributes(item).get("participant_id"))].append(item)
    for item in declarations:
        shown = attributes(item)
        if shown.get("lead_provider_name") != ours:
            result.skip("made under another provider, whose training periods are not shown")
            continue
        role = COURSE_IDENTIFIERS.get(str(shown.get("course_identifier")))
        enrolment = _enrolment(participants.get(str(shown.get("participant_id"))), role)
        declared_in = cohort_of.get(str(item.get("id")))
        if enrolment is None or declared_in is None or str(enrolment.get("cohort")) != declared_in:
            result.skip("made on an earlier training period than the one the API shows")
            continue
        try:
            problems = _problems(
                item,
                int(declared_in),
                str(enrolment.get("schedule_identifier")),
                by_person[str(shown.get("participant_id"))],
            )
        except OracleLimit as limit:
            result.skip(f"the oracle cannot judge it: {limit}")
            continue
        result.judged += 1
        result.findings += [
            Finding(
                check=CHECK,
                kind=Kind.LIFECYCLE,
                operation="getDeclarations",
                message=f"declaration {problem.declaration_id} ({shown.get('declaration_type')}, "
                f"{shown.get('state')}) breaks rule {problem.rule_id}: {problem.message}",
                expected=rule_of(problem.rule_id).summary,
                severity=Severity.MAJOR,
                source=source_of(problem.rule_id),
                rule=problem.rule_id,
                # A read of the declaration shows what the rule is held against.
                reproduction=Reproduction(
                    "GET",
                    client.url(BY_NAME["declarations"].path_for(str(item.get("id")))),
                    {"Authorization": "elided"},
                ),
            )
            for problem in problems
        ]
    return result


def _problems(
    item: dict[str, Any], cohort_year: int, schedule: str, others: list[dict[str, Any]]
) -> list[Problem]:
    problems = declaration_problems(item, cohort_year=cohort_year, schedule=schedule, others=others)
    windowed = [p for p in problems if p.rule_id in SCHEDULE_RULES]
    if not windowed:
        return problems
    # The period the declaration was made on may have had another schedule of the same cohort.
    for other in SCHEDULE_IDENTIFIERS:
        fits = declaration_problems(item, cohort_year=cohort_year, schedule=other, others=others)
        if not any(p.rule_id in SCHEDULE_RULES for p in fits):
            return [p for p in problems if p.rule_id not in SCHEDULE_RULES]
    return problems


def _enrolment(participant: dict[str, Any] | None, role: str | None) -> dict[str, Any] | None:
    if participant is None or role is None:
        return None
    for entry in attributes(participant).get("ecf_enrolments") or []:
        if isinstance(entry, dict) and entry.get("participant_type") == role:
            return entry
    return None
