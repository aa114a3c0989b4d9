"""Declaration create: the V1-V19 pipeline with its gates (rules 16.2-16.10).

``create_declaration`` returns the errors in the API's order, or a ``NewDeclaration`` with every
value to store (state, statement, delivery partner frozen at creation, mentor, uplifts,
evidence) plus the mentor-completion side effect. Later checks are gated on earlier failures,
exactly as listed in the rules table, which is why each step asks which titles failed so far.
``faults`` are the catalogue's switches; each lifecycle fault named here breaks the check or
effect it sits beside. The literal error texts and the date parser are in ``_declaration_input``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from rect_sandbox._faults import NO_FAULTS, Faults
from rect_sandbox._reference import (
    COHORTS,
    COURSE_IDENTIFIERS,
    DECLARATION_TYPES,
    EVIDENCE_TYPES,
    allowed_evidence,
    milestones,
)
from rect_sandbox.rules._actions import grouped
from rect_sandbox.rules._declaration_input import (
    DEFERRED,
    NOT_RECOGNISED,
    M,
    UnparseableDate,
    parse_declaration_date,
)
from rect_sandbox.rules._model import (
    LONDON,
    Clock,
    Declaration,
    Error,
    Statement,
    TrainingPeriod,
    is_live,
    latest,
    payments_frozen,
    training_status,
    window_errors,
)
from rect_sandbox.rules._statements import open_statement_for


@dataclass
class Mentorship:
    """An ECT's mentorship: who mentors them and when."""

    mentor_id: str
    start: date
    end: date | None = None


@dataclass
class DeclarationFacts:
    """What the pipeline needs about the person, the provider and its statements."""

    lead_provider_id: str
    teacher_id: str | None
    training_periods: list[TrainingPeriod] = field(default_factory=list)
    declarations: list[Declaration] = field(default_factory=list)
    funding_eligible: dict[str, bool] = field(default_factory=dict)
    statements: list[Statement] = field(default_factory=list)
    delivery_partner_of: dict[str, str] = field(default_factory=dict)
    mentorships: list[Mentorship] = field(default_factory=list)
    uplifts: tuple[bool, bool] = (False, False)


@dataclass
class NewDeclaration:
    """Everything to store for an accepted declaration, and the side effects."""

    training_period: TrainingPeriod
    role: str
    declaration_type: str
    declaration_date: datetime
    evidence_held: str | None
    payment_status: str
    statement_id: str | None
    delivery_partner_id: str | None
    mentor_id: str | None
    pupil_premium_uplift: bool
    sparsity_uplift: bool
    mentor_completion: dict[str, object] | None = None
    close_tp_on: date | None = None


def _out_of_sequence(
    live: list[Declaration], kind: str, moment: datetime, *, strict: bool = False
) -> bool:
    """Whether ``moment`` falls before a live earlier type or after a live later one (rules
    16.7); equal dates are in sequence unless ``strict``."""
    position = DECLARATION_TYPES.index(kind)
    for other in live:
        if other.declaration_type not in DECLARATION_TYPES:
            continue
        other_position = DECLARATION_TYPES.index(other.declaration_type)
        if other_position < position and moment < other.declaration_date:
            return True
        if other_position > position and moment > other.declaration_date:
            return True
        if strict and other_position != position and moment == other.declaration_date:
            return True
    return False


def _covering_today(tps: list[TrainingPeriod], today: date) -> TrainingPeriod | None:
    covering = [tp for tp in tps if tp.start <= today and (tp.end is None or tp.end >= today)]
    return latest(covering)


def pick_mentor(mentorships: list[Mentorship], on: date) -> str | None:
    """The mentor whose mentorship is closest to ``on``; one covering the day wins."""

    def distance(m: Mentorship) -> int:
        """Days between ``on`` and the mentorship (0 when it covers the day)."""
        if m.start <= on and (m.end is None or m.end >= on):
            return 0
        if on < m.start:
            return (m.start - on).days
        return (on - m.end).days if m.end is not None else 0

    if not mentorships:
        return None
    return min(mentorships, key=distance).mentor_id


@dataclass
class _Run:
    """One pass of the pipeline: the request, what was derived from it, errors so far."""

    facts: DeclarationFacts
    clock: Clock
    faults: Faults
    attributes: dict
    errors: list[Error] = field(default_factory=list)
    role: str | None = None
    kind: object = None
    moment: datetime | None = None
    well_formed: bool = False
    ours: list[TrainingPeriod] = field(default_factory=list)
    tp: TrainingPeriod | None = None
    live: list[Declaration] = field(default_factory=list)
    schedule: dict = field(default_factory=dict)
    milestone: object = None
    allowed: frozenset[str] | None = None
    eligible: bool = False
    statement: Statement | None = None
    duplicate: Declaration | None = None
    # The role whose training period the later checks consult: the course's, or, without a
    # usable course_identifier, the mentor's (the server goes on past V3, rules 16.3).
    lookup: str | None = None
    # A date that is no date at all: a 400 only once a check compares it (rules 16.3 notes).
    unparseable: UnparseableDate | None = None

    def on(self, fault: str) -> bool:
        """Whether the catalogue's fault ``fault`` is switched on."""
        return self.faults.on(fault)

    def failed(self, *titles: str) -> bool:
        """Whether any of ``titles`` has an error already (the gates of the rules table)."""
        return any(title in titles for title, _ in self.errors)

    def add(self, title: str, key: str, **values: object) -> None:
        """Record one error with its literal detail."""
        self.errors.append((title, M[key].format(**values) if values else M[key]))

    @property
    def settings(self):
        """The cohort settings of the TP the declaration attaches to."""
        return COHORTS.get(self.tp.cohort) if self.tp is not None and self.tp.cohort else None


def _v1_v4(run: _Run) -> None:
    facts, attrs = run.facts, run.attributes
    if attrs.get("participant_id") in (None, ""):
        run.add("participant_id", "V1")
    elif facts.teacher_id is None:
        run.errors.append(("participant_id", NOT_RECOGNISED))
    course = attrs.get("course_identifier")
    run.role = COURSE_IDENTIFIERS.get(course) if isinstance(course, str) else None
    if run.role is None and run.on("declaration-course-defaults-to-induction"):
        run.role = "ect"
    if not run.errors and run.role is None:
        run.add("course_identifier", "V3")
    raw_date = attrs.get("declaration_date")
    if raw_date in (None, "") and run.on("declaration-date-defaults-to-now"):
        run.moment, run.well_formed = run.clock.now, True
    elif not run.errors and raw_date in (None, ""):
        run.add("declaration_date", "V4")
    if raw_date not in (None, ""):
        try:
            run.moment, run.well_formed = parse_declaration_date(raw_date)
        except UnparseableDate as problem:
            run.unparseable = problem
    run.ours = [
        tp
        for tp in facts.training_periods
        if tp.lead_provider_id == facts.lead_provider_id and tp.partnership_id is not None
    ]
    if not run.ours and run.on("declaration-for-other-providers-participant-accepted"):
        run.ours = [tp for tp in facts.training_periods if tp.partnership_id is not None]
    run.lookup = run.role
    if run.role is None and not run.on("missing-course-skips-mentor-period"):
        run.lookup = "mentor"
    if run.lookup is not None:
        run.tp = latest([tp for tp in run.ours if tp.role == run.lookup])
    if run.tp is None and run.on("declaration-for-untrained-role-accepted"):
        run.tp = latest(run.ours)
    run.live = [d for d in facts.declarations if d.role == run.lookup and is_live(d)]


def _duplicate(run: _Run) -> Declaration | None:
    """The declaration a new one of this type would duplicate (rules 16.8), if any."""
    blocking = run.live
    if run.on("voided-declaration-blocks-slot"):
        voided = [d for d in run.facts.declarations if d.payment_status == "voided"]
        blocking = [*blocking, *(d for d in voided if d.role == run.lookup)]
    if run.on("other-providers-declarations-not-duplicates"):
        blocking = [d for d in blocking if d.lead_provider_id == run.facts.lead_provider_id]
    return next((d for d in blocking if d.declaration_type == run.kind), None)


def _v5_v8(run: _Run) -> None:
    gate = ("participant_id", "course_identifier", "declaration_type", "declaration_date")
    if run.ours and run.tp is None and not run.failed(*gate):
        run.add("course_identifier", "V5")
    run.kind = run.attributes.get("declaration_type")
    if run.kind in (None, "") and run.on("declaration-type-defaults-to-started"):
        run.kind = "started"
    if not run.errors and run.kind in (None, ""):
        run.add("declaration_type", "V6")
    unknown = run.kind not in DECLARATION_TYPES
    if not run.errors and unknown and not run.on("unknown-declaration-type-accepted"):
        run.add("declaration_type", "V7")
    duplicate = _duplicate(run)
    if run.tp is None or duplicate is None or run.failed("declaration_type", "declaration_date"):
        return
    if run.on("duplicate-declaration-returns-existing") or run.on(
        "duplicate-declaration-shown-ineligible"
    ):
        run.duplicate = duplicate
    elif not run.on("duplicate-declaration-accepted"):
        run.add("declaration_type", "V8")


def _v10(run: _Run, moment: datetime) -> None:
    if run.failed("declaration_date", "declaration_type", "cohort"):
        return
    settings = run.settings
    if (
        settings is not None
        and settings.detailed_evidence
        and run.on("milestones-ignored-from-2025")
    ):
        return
    zone = UTC if run.on("milestone-window-in-utc") else LONDON
    edges = window_errors(moment, run.milestone, zone=zone)
    if "before" in edges and not run.on("declaration-before-milestone-accepted"):
        run.add("declaration_date", "V10a")
    if "after" in edges and not run.on("declaration-after-milestone-accepted"):
        run.add("declaration_date", "V10b")


def _v9_v12(run: _Run) -> None:
    tp, moment = run.tp, run.moment
    gate = ("declaration_date", "declaration_type", "participant_id", "course_identifier")
    if run.unparseable is not None and not run.failed(*gate):
        raise run.unparseable  # the future-date check compares it
    future = moment is not None and moment > run.clock.now
    if future and not run.failed(*gate) and not run.on("future-declaration-date-accepted"):
        run.add("declaration_date", "V9")
    if tp is not None and tp.cohort and tp.schedule_identifier:
        run.schedule = milestones(tp.cohort, tp.schedule_identifier)
    run.milestone = run.schedule.get(run.kind) if isinstance(run.kind, str) else None
    if run.milestone is not None and moment is not None:
        _v10(run, moment)
    elif (
        run.milestone is not None
        and run.unparseable is not None
        and not run.failed("declaration_date", "declaration_type", "cohort")
    ):
        raise run.unparseable  # the milestone check compares it
    if (
        (moment is not None or run.unparseable is not None)
        and not run.well_formed
        and not run.failed("declaration_date")
        and not run.on("date-only-declaration-accepted")
    ):
        run.add("declaration_date", "V11")
    settings = run.settings
    mentor_only_two = run.lookup == "mentor" and settings is not None and settings.mentor_funding
    if (
        mentor_only_two
        and run.kind not in ("started", "completed")
        and not run.failed("declaration_type", "cohort")
        and not run.on("mentor-retained-accepted-in-2025")
    ):
        run.add("declaration_type", "V12")
    extended = isinstance(run.kind, str) and run.kind.startswith("extended-")
    if (
        extended
        and run.lookup == "mentor"
        and settings is not None
        and not settings.mentor_funding
        and run.on("mentor-extended-refused-before-2025")
    ):
        run.add("declaration_type", "V17")


def _evidence_allowed(run: _Run, evidence: object) -> bool:
    if run.on("any-evidence-accepted"):
        return True
    retained = isinstance(run.kind, str) and run.kind.startswith("retained-")
    if retained and run.role == "ect" and run.on("retained-evidence-any-engagement-accepted"):
        return evidence in EVIDENCE_TYPES
    return isinstance(evidence, str) and run.allowed is not None and evidence in run.allowed


def _v13_v14(run: _Run) -> None:
    settings, tp = run.settings, run.tp
    if settings is not None and run.role is not None and isinstance(run.kind, str):
        run.allowed = allowed_evidence(settings, run.role, run.kind)
        discarded = run.allowed is None and run.kind == "started"
        if discarded and run.on("pre-2025-started-evidence-checked"):
            # The guidance's reading: a started declaration's evidence is held to the pre-2025
            # list like any other type's, but may still be left out.
            given = run.attributes.get("evidence_held") not in (None, "")
            run.allowed = allowed_evidence(settings, run.role, "retained-1") if given else None
    evidence = run.attributes.get("evidence_held")
    if not run.errors and tp is not None and run.allowed is not None:
        optional = settings is not None and settings.detailed_evidence
        if evidence in (None, ""):
            if not (optional and run.on("evidence-optional-in-2025")):
                run.add("evidence_held", "V13a")
        elif not _evidence_allowed(run, evidence):
            run.add("evidence_held", "V13b")
    missing = run.moment is None and run.attributes.get("declaration_date") in (None, "")
    if missing and run.on("missing-date-of-withdrawn-gives-422"):
        missing = False  # the V4 error stands alone
    if (
        tp is not None
        and (run.unparseable is not None or missing)
        and training_status(tp) == "withdrawn"
        and not run.failed("participant_id")
        and not run.on("declaration-after-withdrawal-accepted")
    ):
        # The withdrawal check compares the date, even one that is missing (rules 16.3 notes).
        raise run.unparseable or UnparseableDate("no declaration_date to compare with")
    if (
        tp is None
        or run.moment is None
        or run.failed("participant_id")
        or run.on("declaration-after-withdrawal-accepted")
    ):
        return
    withdrawn_at = tp.withdrawn_at
    if training_status(tp) != "withdrawn" or withdrawn_at is None:
        if training_status(tp) == "deferred" and run.on("declaration-for-deferred-refused"):
            run.errors.append(("participant_id", DEFERRED))
        return
    after = withdrawn_at <= run.moment
    if run.on("withdrawal-day-counts-whole"):
        after = withdrawn_at.astimezone(LONDON).date() < run.moment.astimezone(LONDON).date()
    if after:
        when = withdrawn_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        run.add("participant_id", "V14", when=when)


def _v15_v19(run: _Run) -> None:
    facts, tp, today = run.facts, run.tp, run.clock.today
    current = _covering_today([t for t in facts.training_periods if t.role == run.lookup], today)
    frozen = current is not None and payments_frozen(current.cohort, today, run.faults)
    if frozen and not run.failed("cohort") and not run.on("frozen-cohort-declaration-accepted"):
        run.add("cohort", "V15", year=current.cohort)
    run.eligible = bool(run.lookup and facts.funding_eligible.get(run.lookup))
    if tp is not None and tp.cohort is not None:
        run.statement = open_statement_for(
            facts.statements,
            facts.lead_provider_id,
            tp.cohort,
            today,
            latest=run.on("declaration-joins-latest-statement"),
        )
    if (
        tp is not None
        and run.eligible
        and run.statement is None
        and not run.failed("declaration_type", "cohort")
        and not run.on("declaration-without-open-statement-accepted")
    ):
        run.add("cohort", "V16", year=tp.cohort)
    gate = ("declaration_date", "declaration_type", "participant_id", "course_identifier", "cohort")
    missing = bool(run.schedule) and run.milestone is None and run.kind in DECLARATION_TYPES
    if (
        tp is not None
        and missing
        and not run.failed(*gate)
        and not run.on("extended-declaration-on-standard-schedule-accepted")
    ):
        run.add("declaration_type", "V17")
    settings = run.settings
    sequenced = (
        settings is not None
        and settings.detailed_evidence
        and run.moment is not None
        and run.kind in DECLARATION_TYPES
        and not run.on("declaration-sequence-ignored")
    )
    if (
        sequenced
        and not run.failed("declaration_date", "declaration_type")
        and _out_of_sequence(
            run.live, run.kind, run.moment, strict=run.on("equal-declaration-dates-refused")
        )
    ):
        run.add("declaration_date", "V18")
    if facts.teacher_id is not None and not run.ours and not run.failed("participant_id"):
        run.errors.append(("participant_id", NOT_RECOGNISED))


# The pipeline in the API's order; each step applies the gates of its rows of the rules table.
PIPELINE = (_v1_v4, _v5_v8, _v9_v12, _v13_v14, _v15_v19)


def create_declaration(
    facts: DeclarationFacts, attributes: dict, clock: Clock, *, faults: Faults = NO_FAULTS
) -> list[Error] | NewDeclaration | Declaration:
    """Run V1-V19 over a create request; errors in API order, or what to store.

    Raises ``UnparseableDate`` when the date is not a date at all (the API answers 400). A
    ``Declaration`` is the live one a repeat is answered with under the
    ``duplicate-declaration-returns-existing`` fault.
    """
    run = _Run(facts=facts, clock=clock, faults=faults, attributes=attributes)
    for step in PIPELINE:
        step(run)
    if run.errors or run.tp is None or run.moment is None or run.role is None:
        return grouped(run.errors)
    if run.duplicate is not None and faults.on("duplicate-declaration-returns-existing"):
        return run.duplicate
    kept = run.allowed is not None or faults.on("pre-2025-started-evidence-kept")
    evidence = attributes.get("evidence_held") if kept else None
    new = _accepted(run, str(run.kind), evidence)
    if run.duplicate is not None:
        # The old guidance's duplicate: stored, but ineligible and on no statement.
        new.payment_status, new.statement_id = "ineligible", None
    return new


def _accepted(run: _Run, kind: str, evidence: object) -> NewDeclaration:
    facts, tp, role, moment = run.facts, run.tp, run.role, run.moment
    assert tp is not None and role is not None and moment is not None
    settings = COHORTS.get(tp.cohort) if tp.cohort is not None else None
    uplift = kind == "started" and settings is not None and settings.uplift_fees
    pupil_premium, sparsity = facts.uplifts if uplift else (False, False)
    declared_on = moment.astimezone(LONDON).date()
    statement = run.statement if run.eligible else None
    shown_statement = statement
    if run.on("submitted-declaration-gets-statement"):
        shown_statement = run.statement
    new = NewDeclaration(
        training_period=tp,
        role=role,
        declaration_type=kind,
        declaration_date=moment.astimezone(UTC),
        evidence_held=evidence if isinstance(evidence, str) else None,
        payment_status="eligible" if statement is not None else "no_payment",
        statement_id=shown_statement.id if shown_statement is not None else None,
        delivery_partner_id=facts.delivery_partner_of.get(tp.partnership_id or ""),
        mentor_id=pick_mentor(facts.mentorships, declared_on) if role == "ect" else None,
        pupil_premium_uplift=pupil_premium,
        sparsity_uplift=sparsity,
    )
    if role == "mentor" and kind == "completed" and not run.on("mentor-completion-not-recorded"):
        new.mentor_completion = {
            "mentor_funding_end_date": declared_on,
            "mentor_ineligible_for_funding_reason": "completed_declaration_received",
        }
        if tp.end is None or tp.end > run.clock.today:
            new.close_tp_on = _completion_end(run, tp, moment, declared_on)
    return new


def _completion_end(run: _Run, tp: TrainingPeriod, moment: datetime, declared_on: date) -> date:
    """The day a mentor's completed declaration ends their training period (rules 16.10): the
    declaration's London date when its instant is after the period's first day read as
    midnight UTC (as the server compares a time with a date), else the day after the start."""
    if run.on("mentor-completion-on-start-day-ends-next-day"):
        return max(declared_on, tp.start + timedelta(days=1))
    first_midnight = datetime.combine(tp.start, time(0, 0), tzinfo=UTC)
    return declared_on if moment > first_midnight else tp.start + timedelta(days=1)
