"""The lifecycle oracle: what the RECT API should answer, as pure functions over data.

Written from the rules (``rules §13``-``§16``, ``§19``, ``§22``, ``§23``) and the published
guidance, independently of the sandbox. Nothing here does I/O or reads a clock: every
prediction takes ``now`` (an aware datetime; "today" is its Europe/London date), so
``X-With-Server-Date`` drives it in scenarios.

- predictions: :func:`withdraw`, :func:`defer`, :func:`resume`, :func:`change_schedule`,
  :func:`declare`, :func:`void` take a :class:`World` and the raw request values and return an
  :class:`Outcome` (accepted with the new world, or refused with the exact errors), naming
  every rule applied; :func:`mark_eligible`, :func:`statement_payable`,
  :func:`statement_paid` follow DfE-side changes;
- what the API should show: :func:`enrolment`, :func:`declaration_view`;
- judgement of stored data: :func:`declaration_problems`;
- documentation against behaviour: :data:`DOC_CLAIMS`, :func:`classify`;
- the tables: :data:`RULES`, :data:`TRANSITIONS`, :data:`UPDATED_AT`, and the reference data.
"""

from __future__ import annotations

from rect_conformance.oracle._actions import defer, resume, withdraw
from rect_conformance.oracle._declare import declare
from rect_conformance.oracle._docs import (
    DOC_CLAIMS,
    MISMATCH_OBSERVED,
    SERVER_AGREES_WITH_DOCS,
    SERVER_CHANGED,
    DocClaim,
    DocVerdict,
    Expect,
    Observed,
    claims_for,
    classify,
)
from rect_conformance.oracle._judge import Problem, declaration_problems
from rect_conformance.oracle._milestones import (
    Milestone,
    declarable_types,
    milestone,
    schedule_types,
)
from rect_conformance.oracle._model import (
    ApiError,
    Declaration,
    Outcome,
    Participant,
    Statement,
    TrainingPeriod,
    World,
)
from rect_conformance.oracle._reference import (
    COHORTS,
    COURSE_IDENTIFIERS,
    DECLARATION_TYPES,
    DEFERRAL_REASONS,
    EVIDENCE_VALUES,
    SCHEDULE_IDENTIFIERS,
    STATES,
    WITHDRAWAL_REASONS,
    Cohort,
    EvidenceRule,
    OracleLimit,
    Role,
    cohort,
    evidence_rule,
    family,
    schedule_allowed,
    withdrawal_reasons,
)
from rect_conformance.oracle._rule import Rule
from rect_conformance.oracle._rules import RULES
from rect_conformance.oracle._schedule import change_schedule
from rect_conformance.oracle._status import (
    EnrolmentView,
    enrolment,
    latest_period,
    participant_status,
    training_status,
)
from rect_conformance.oracle._tables import TRANSITIONS, UPDATED_AT, UpdatedAtRow, updated_at_moves
from rect_conformance.oracle._time import LONDON, format_timestamp, london_date
from rect_conformance.oracle._void import (
    DeclarationView,
    declaration_view,
    mark_eligible,
    statement_paid,
    statement_payable,
    void,
)

__all__ = [
    "COHORTS",
    "COURSE_IDENTIFIERS",
    "DECLARATION_TYPES",
    "DEFERRAL_REASONS",
    "DOC_CLAIMS",
    "EVIDENCE_VALUES",
    "LONDON",
    "MISMATCH_OBSERVED",
    "RULES",
    "SCHEDULE_IDENTIFIERS",
    "SERVER_AGREES_WITH_DOCS",
    "SERVER_CHANGED",
    "STATES",
    "TRANSITIONS",
    "UPDATED_AT",
    "WITHDRAWAL_REASONS",
    "ApiError",
    "Cohort",
    "Declaration",
    "DeclarationView",
    "DocClaim",
    "DocVerdict",
    "EnrolmentView",
    "EvidenceRule",
    "Expect",
    "Milestone",
    "Observed",
    "OracleLimit",
    "Outcome",
    "Participant",
    "Problem",
    "Role",
    "Rule",
    "Statement",
    "TrainingPeriod",
    "UpdatedAtRow",
    "World",
    "change_schedule",
    "claims_for",
    "classify",
    "cohort",
    "declarable_types",
    "declaration_problems",
    "declaration_view",
    "declare",
    "defer",
    "enrolment",
    "evidence_rule",
    "family",
    "format_timestamp",
    "latest_period",
    "london_date",
    "mark_eligible",
    "milestone",
    "participant_status",
    "resume",
    "schedule_allowed",
    "schedule_types",
    "statement_paid",
    "statement_payable",
    "training_status",
    "updated_at_moves",
    "void",
    "withdraw",
    "withdrawal_reasons",
]
