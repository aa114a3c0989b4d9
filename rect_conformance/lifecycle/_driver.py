"""The lifecycle driver: sends each action through the run's one client with a ``now`` of the
caller's choosing (``X-With-Server-Date``), asks the oracle what the answer must be, compares
status, exact errors, the shown fields and ``updated_at``, validates the answer against the
response schema, reads the resource back, and turns every difference into a finding that names
the broken rule.

A :class:`Driver` holds one provider's oracle :class:`~rect_conformance.oracle.World` and moves
it on with every accepted step, so it can be called step by step (a scenario, or a hypothesis
state machine). Participant actions are here; declarations, void and the DfE-side moves are in
``_declaring`` (the same class, split for length).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from rect_conformance._api import BY_NAME, BY_WRITE_OP
from rect_conformance._contract import reproduction_of
from rect_conformance.lifecycle import _after, _declaring, _documentation, _observe, _undo
from rect_conformance.lifecycle._answers import (
    enrolment_of,
    json_of,
    stamp,
    time_travel,
    unique,
    updated_at,
)
from rect_conformance.lifecycle._compare import (
    Mismatch,
    acceptance_rule,
    compare_answer,
    compare_enrolment,
    compare_updated_at,
    errors_of,
    refusal_rule,
)
from rect_conformance.lifecycle._ledger import Change, Ledger, StepRecord
from rect_conformance.lifecycle._step import DECLARATION_ACTIONS, PARTICIPANT_ACTIONS, Step
from rect_conformance.lifecycle._verdict import lifecycle_finding, split_hidden
from rect_conformance.oracle import (
    COURSE_IDENTIFIERS,
    ApiError,
    OracleLimit,
    Outcome,
    World,
    change_schedule,
    defer,
    enrolment,
    latest_period,
    resume,
    withdraw,
)

if TYPE_CHECKING:
    import httpx

    from rect_conformance._client import Client
    from rect_conformance._contract import Contract
    from rect_conformance.findings import Finding

Report = Callable[[Iterable["Finding"]], None]
PARTICIPANT_OPS = {
    "withdraw": "withdrawParticipant",
    "defer": "deferParticipant",
    "resume": "resumeParticipant",
    "change-schedule": "changeScheduleParticipant",
}


@dataclass
class Driver:
    """Drives one provider's lifecycles against a target and judges every answer.

    ``world`` is the oracle's picture of what the provider can see; ``owned`` the participants
    the run registered itself (changes to anyone else's records are noted in the ledger with
    how to undo them). ``complete`` says whether the world is known whole, ``partial`` which
    participants are known only as the API shows them (seed participants): an answer about
    them that an unseen fact could explain is "not run", not a finding.
    ``report`` receives each step's findings as it ends (``rect_findings.report`` fails the
    test on a failing one); without it they are only collected on the steps.
    """

    client: Client
    contract: Contract
    world: World
    check: str
    ledger: Ledger | None = None
    report: Report | None = None
    auth: str = "primary"
    complete: bool = True
    partial: set[str] = field(default_factory=set)  # participants known only as the API shows
    owned: set[str] = field(default_factory=set)
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    seen: dict[str, Any] = field(default_factory=dict)
    steps: list[Step] = field(default_factory=list)
    pending: list[Finding] = field(default_factory=list)  # schema findings of the current step
    last_rule: dict[str, str] = field(default_factory=dict)  # participant -> last rule applied
    on_not_run: Callable[[Step], None] | None = None  # called with a step that could not be judged

    # -- time ----------------------------------------------------------------------------------
    def now(self, days: float = 0, hours: float = 0) -> datetime:
        """The real time now, to the second, moved by ``days`` and ``hours``."""
        real = self.clock().astimezone(UTC).replace(microsecond=0)
        return real + timedelta(days=days, hours=hours)

    # -- participant actions ---------------------------------------------------------------------
    def withdraw(
        self, participant_id: str, course_identifier: str | None, reason: str | None, now: datetime
    ) -> Step:
        """``PUT /participants/{id}/withdraw`` at ``now``, judged by the oracle."""
        attributes = {"course_identifier": course_identifier, "reason": reason}
        return self._participant_action(
            "withdraw",
            participant_id,
            attributes,
            now,
            lambda: withdraw(self.world, participant_id, course_identifier, reason, now),
        )

    def defer(
        self, participant_id: str, course_identifier: str | None, reason: str | None, now: datetime
    ) -> Step:
        """``PUT /participants/{id}/defer`` at ``now``, judged by the oracle."""
        attributes = {"course_identifier": course_identifier, "reason": reason}
        return self._participant_action(
            "defer",
            participant_id,
            attributes,
            now,
            lambda: defer(self.world, participant_id, course_identifier, reason, now),
        )

    def resume(self, participant_id: str, course_identifier: str | None, now: datetime) -> Step:
        """``PUT /participants/{id}/resume`` at ``now``, judged by the oracle."""
        return self._participant_action(
            "resume",
            participant_id,
            {"course_identifier": course_identifier},
            now,
            lambda: resume(self.world, participant_id, course_identifier, now),
        )

    def change_schedule(
        self,
        participant_id: str,
        course_identifier: str | None,
        schedule_identifier: str | None,
        now: datetime,
        cohort: str | int | None = None,
    ) -> Step:
        """``PUT /participants/{id}/change-schedule`` at ``now``, judged by the oracle."""
        attributes = {
            "course_identifier": course_identifier,
            "schedule_identifier": schedule_identifier,
            "cohort": cohort,
        }
        return self._participant_action(
            "change-schedule",
            participant_id,
            attributes,
            now,
            lambda: change_schedule(
                self.world, participant_id, course_identifier, schedule_identifier, cohort, now
            ),
        )

    # -- declarations and the DfE side (``_declaring``) -----------------------------------------
    def declare(
        self,
        participant_id: str | None,
        course_identifier: str | None,
        declaration_type: str | None,
        declaration_date: datetime | str | None,
        now: datetime,
        evidence_held: str | None = None,
    ) -> Step:
        """``POST /participant-declarations`` at ``now``, judged by the oracle; an accepted
        declaration joins the world under the id the target gave it (``step.data["id"]``)."""
        return _declaring.create(
            self,
            participant_id,
            course_identifier,
            declaration_type,
            declaration_date,
            evidence_held,
            now,
        )

    def void(self, declaration_id: str, now: datetime) -> Step:
        """``PUT /participant-declarations/{id}/void`` at ``now``, judged by the oracle."""
        return _declaring.void_declaration(self, declaration_id, now)

    def funding_eligible(self, participant_id: str, role: str, now: datetime) -> Step:
        """Test support: DfE marks the participant funding-eligible in ``role``."""
        return _declaring.funding_eligible(self, participant_id, role, now)

    def statement(self, statement_id: str, status: str, now: datetime) -> Step:
        """Test support: DfE moves a statement to ``payable`` or ``paid``."""
        return _declaring.statement_moves(self, statement_id, status, now)

    def observe(self, participant_id: str, now: datetime, role: str | None = None) -> Step:
        """``GET /participants/{id}`` at ``now``: every enrolment as the oracle shows it."""
        step = Step("observe", "participant", participant_id, "", "getParticipant", now)
        step.response = self._get(BY_NAME["participants"].path_for(participant_id), now)
        roles = [role] if role else ["ect", "mentor"]
        rule = self.last_rule.get(participant_id, "visibility.own-participant")
        step.mismatches = self._read_back(
            participant_id, roles, now, step.response, rule, "updated-at.participant-not-on-time"
        )
        self._attach_documentation(step, "status.participant-stopped", participant_id, now)
        return self._finish(step, context=f"GET participant {participant_id}")

    def listed(self, participant_ids: list[str], *, since: datetime, now: datetime) -> Step:
        """``GET /participants?filter[updated_since]=since``: every one of ``participant_ids``
        is in the poll (each was written at or after ``since``)."""
        return _observe.listed(self, participant_ids, since, now)

    def hidden(self, participant_id: str, now: datetime, since: datetime | None = None) -> Step:
        """The participant is not this provider's: ``GET /participants/{id}`` is a 404 with the
        exact error, and (with ``since``) it is absent from an ``updated_since`` poll."""
        return _observe.hidden(self, participant_id, now, since)

    # -- the machinery -------------------------------------------------------------------------
    def state_of(self, participant_id: str, role: str | None, now: datetime) -> str:
        """The participant's matrix row before a step: its training_status, or ``joining``."""
        if not self._visible(participant_id):
            return "another provider's"
        if role is None:
            return "no such course"
        view = enrolment(self.world, participant_id, role, now)  # type: ignore[arg-type]
        if view is None:
            return "not in this course"
        if view.training_status == "active" and view.participant_status == "joining":
            return "joining"
        return view.training_status

    def _participant_action(
        self,
        action: str,
        participant_id: str,
        attributes: dict[str, Any],
        now: datetime,
        predict: Callable[[], Outcome],
    ) -> Step:
        op = PARTICIPANT_OPS[action]
        role = COURSE_IDENTIFIERS.get(str(attributes.get("course_identifier")))
        step = Step(
            action, "participant", participant_id, self.state_of(participant_id, role, now), op, now
        )
        try:
            step.outcome = predict()
        except OracleLimit as limit:
            step.not_run = f"the oracle cannot predict this: {limit}"
            return self._finish(step, context=f"{action} {participant_id}")
        before = self.world
        body = {key: value for key, value in attributes.items() if value is not None}
        errors, answer = self._send(step, "PUT", BY_WRITE_OP[op].path_for(participant_id), body)
        outcome = step.outcome
        rule = acceptance_rule(outcome) if outcome.accepted else refusal_rule(outcome)
        key = f"participant:{participant_id}"
        if outcome.accepted and step.accepted:
            self.world = outcome.world
            self.last_rule[participant_id] = rule
            moved = key in outcome.touched
            if role is not None:
                step.mismatches += self._participant_body(
                    step.data, participant_id, role, now, rule
                )
            step.mismatches += compare_updated_at(
                self.seen.get(key), updated_at(step.data), moved, now, _touch_rule(outcome)
            )
            step.mismatches += _after.declarations_untouched(self, participant_id, outcome, now)
        step.mismatches += _after.opened_today(self, step, participant_id)
        step.mismatches += _after.cohort_ignored(step, attributes.get("cohort"))
        self._remember(key, step.data)
        if not answer and self._visible(participant_id):
            step.mismatches += self._read_back(
                participant_id, [role] if role else [], now, None, rule
            )
        context = self._context(participant_id, role, body, before, step.data, now)
        self._documentation(step, outcome.rules, errors, context)
        if step.accepted:
            self._attach_documentation(step, "status.participant-stopped", participant_id, now)
        if step.accepted and participant_id not in self.owned:
            course = str(attributes.get("course_identifier"))
            self._note_change(action, participant_id, course, before, now)
        return self._finish(step, context=f"{action} of {participant_id} at {stamp(now)}")

    def _participant_body(
        self, data: dict[str, Any], participant_id: str, role: str, now: datetime, rule: str
    ) -> list[Mismatch]:
        view = enrolment(self.world, participant_id, role, now)  # type: ignore[arg-type]
        shown = enrolment_of(data, role)
        if view is None:
            return []
        if shown is None:
            return [Mismatch(rule, f"the {role} enrolment", "present", "absent")]
        return compare_enrolment(view, shown, rule)

    def _read_back(
        self,
        participant_id: str,
        roles: list[str],
        now: datetime,
        response: httpx.Response | None,
        rule: str,
        updated_rule: str | None = None,
    ) -> list[Mismatch]:
        """GET the participant at ``now`` and hold it to the oracle (the write's answer and the
        read must agree with the model, and with each other). An ``updated_at`` other than the
        one last seen breaks ``updated_rule`` (``rule`` when not given)."""
        if response is None:
            response = self._get(BY_NAME["participants"].path_for(participant_id), now)
        self._schema("getParticipant", response)
        if response.status_code != 200:
            return [Mismatch("visibility.own-participant", "GET status", 200, response.status_code)]
        found: list[Mismatch] = []
        data = json_of(response).get("data") or {}
        for role in roles:
            found += [
                replace(m, what=f"GET {m.what}")
                for m in self._participant_body(data, participant_id, role, now, rule)
            ]
        key = f"participant:{participant_id}"
        if key in self.seen and updated_at(data) != self.seen[key]:
            found.append(
                Mismatch(
                    updated_rule or rule, "updated_at read back", self.seen[key], updated_at(data)
                )
            )
        self._remember(key, data)
        return found

    # -- shared helpers ------------------------------------------------------------------------
    def _send(
        self,
        step: Step,
        method: str,
        path: str,
        attributes: dict[str, Any] | None = None,
        resource_type: str | None = None,
    ) -> tuple[tuple[ApiError, ...], list[Mismatch]]:
        """Send the step's request at its ``now``, hold the answer to the response schema and
        its status and errors to the step's outcome: (the errors sent, those mismatches)."""
        payload = None
        if attributes is not None:
            data: dict[str, Any] = {"attributes": attributes}
            payload = {"data": {"type": resource_type, **data} if resource_type else data}
        step.response = self.client.request(
            method, path, json=payload, server_date=stamp(step.now), auth=self.auth
        )
        self._schema(step.operation, step.response)
        errors = errors_of(json_of(step.response))
        answer = []
        if step.outcome is not None:
            answer = compare_answer(step.outcome, step.response.status_code, errors)
        step.mismatches = list(answer)
        return errors, answer

    def _get(
        self, path: str, now: datetime, params: dict[str, Any] | None = None
    ) -> httpx.Response:
        return self.client.request(
            "GET", path, params=params, server_date=stamp(now), auth=self.auth
        )

    def _schema(self, operation_id: str, response: httpx.Response) -> None:
        """Hold ``response`` to the published response schema; its findings join the step's."""
        self.pending.extend(self.contract.validate_response(operation_id, response))

    def _remember(self, key: str, data: dict[str, Any]) -> None:
        value = updated_at(data)
        if value is not None:
            self.seen[key] = value

    def _context(
        self,
        participant_id: str,
        role: str | None,
        attributes: dict[str, Any],
        before: World,
        shown: dict[str, Any],
        now: datetime,
    ) -> _documentation.Context:
        person = before.participant(participant_id)
        period = latest_period(person, role) if person and role else None  # type: ignore[arg-type]
        enrolled = enrolment_of(shown, role) if role else None
        return _documentation.Context(
            attributes=attributes,
            cohort=period.cohort if period else None,
            role=role,
            shown=enrolled or {},
            period_has_end=period is not None and period.end is not None,
        )

    def _documentation(
        self,
        step: Step,
        rules: Iterable[str],
        errors: tuple[ApiError, ...],
        context: _documentation.Context,
    ) -> None:
        if step.response is None:
            return
        got = f"{step.response.status_code}" + (
            " " + "; ".join(f"{e.title}: {e.detail}" for e in errors) if errors else ""
        )
        for verdict in _documentation.judge(
            list(rules), step.response.status_code, errors, context
        ):
            if not verdict.failing and self.ledger is not None:
                if verdict.claim.id in self.ledger.documented:
                    continue
                self.ledger.documented.add(verdict.claim.id)
            shown = _documentation.VALUES.get(verdict.claim.id)
            answered = f"{got}, {shown} {context.shown.get(shown)!r}" if shown else got
            step.findings.append(
                _documentation.finding(
                    verdict, self.check, step.operation, reproduction_of(step.response), answered
                )
            )

    def _attach_documentation(
        self, step: Step, rule: str, participant_id: str, now: datetime
    ) -> None:
        """Judge a claim about what a read shows (``participant_status`` of a withdrawn one)."""
        for role in ("ect", "mentor"):
            shown = enrolment_of(step.data, role)
            if shown is None:
                continue
            context = _documentation.Context(role=role, shown=shown)
            self._documentation(step, [rule], (), context)

    def _note_change(
        self, action: str, participant_id: str, course: str, before: World, now: datetime
    ) -> None:
        """A change to a participant the run does not own (see ``_undo.note_participant``)."""
        _undo.note_participant(self, action, participant_id, course, before, now)

    def _note_declaration(self, declaration_id: str) -> None:
        _undo.note_declaration(self, declaration_id)

    def _note_void(self, declaration_id: str, state: str) -> None:
        _undo.note_void(self, declaration_id, state)

    def _keep(self, change: Change) -> None:
        _undo.keep(self, change)

    def _visible(self, participant_id: str) -> bool:
        person = self.world.participant(participant_id)
        return person is not None and any(p.ours for p in person.periods)

    def _partial_of(self, step: Step) -> bool:
        """Whether the declaration a step is about belongs to a participant known in part."""
        found = self.world.declaration(step.subject_id) if step.subject == "declaration" else None
        return found is not None and found[0].id in self.partial

    def _finish(self, step: Step, *, context: str) -> Step:
        """Turn mismatches into findings (or "not run"), record the step, and report it."""
        errors = errors_of(json_of(step.response)) if step.response is not None else ()
        mismatches = time_travel(unique(step.mismatches), step.now)
        in_part = not self.complete or step.subject_id in self.partial or self._partial_of(step)
        if in_part and mismatches and step.not_run is None:
            mismatches, facts = split_hidden(mismatches, errors)
            if facts and not mismatches:
                answered = f"{step.status} " + "; ".join(f"{e.title}: {e.detail}" for e in errors)
                step.not_run = (
                    f"the answer depends on {', '.join(facts)}, which the API does not show "
                    f"(answered {answered.strip()})"
                )
        repro = reproduction_of(step.response) if step.response is not None else None
        step.findings[:0] = [
            lifecycle_finding(
                m, check=self.check, operation=step.operation, context=context, reproduction=repro
            )
            for m in mismatches
        ]
        step.findings += self.pending
        self.pending = []
        self.steps.append(step)
        if self.ledger is not None and step.action in _MATRIX_ACTIONS:
            self.ledger.record(
                StepRecord(
                    self.check,
                    step.subject,
                    step.state,
                    step.action,
                    step.result,
                    step.not_run,
                    step.broken_rules,
                )
            )
        if self.report is not None and step.findings:
            self.report(step.findings)
        if step.not_run is not None and self.on_not_run is not None:
            self.on_not_run(step)
        return step


def _touch_rule(outcome: Outcome) -> str:
    for rule in ("updated-at.participant-action", "updated-at.participant-mentor-completion"):
        if rule in outcome.rules:
            return rule
    return "updated-at.participant-not-on-declaration"


_MATRIX_ACTIONS = frozenset({*PARTICIPANT_ACTIONS, *DECLARATION_ACTIONS})
