"""Where the documentation and the server disagree, held as data (rules §23, issue 8 point 5).

The oracle predicts what the server does; each :class:`DocClaim` keeps what the documents say
instead, with both sources, the rule the server behaviour belongs to, and the situation in
which the difference can be seen. :func:`classify` sorts an observation into one of three:
the server still does what it did (a documentation mismatch, reported but not failing), the
server now does what the docs say, or the server does something else — the last two are
behaviour changes a lead provider must hear about.
"""

from __future__ import annotations

from dataclasses import dataclass

from rect_conformance.oracle._model import ApiError
from rect_conformance.oracle._rule import (
    CLOSURES,
    DECLARATIONS,
    RELEASE_NOTES,
    SCHEDULES,
    SPEC,
    STATES,
    UPDATE,
)

MISMATCH_OBSERVED = "matches server behaviour (documentation mismatch observed)"
SERVER_AGREES_WITH_DOCS = "server changed: now agrees with docs"
SERVER_CHANGED = "server changed: something else"


@dataclass(frozen=True)
class Observed:
    """What a target answered: the status, its errors, and the value the claim is about (a
    shown attribute such as ``participant_status``), if any."""

    status: int
    errors: tuple[ApiError, ...] = ()
    value: str | None = None


@dataclass(frozen=True)
class Expect:
    """One side's account of the answer: a status, the error titles that must all be present,
    and the values the claim's attribute may take (``None``: not part of the account)."""

    status: int
    titles: tuple[str, ...] = ()
    values: tuple[str | None, ...] | None = None

    def matches(self, observed: Observed) -> bool:
        """Whether ``observed`` is what this side says."""
        titles = {e.title for e in observed.errors}
        return (
            observed.status == self.status
            and all(t in titles for t in self.titles)
            and (self.values is None or observed.value in self.values)
        )


@dataclass(frozen=True)
class DocClaim:
    """A documented claim the server does not keep, with both sources and both accounts."""

    id: str
    topic: str
    docs_say: str
    docs_source_url: str
    server_does: str
    server_source: str
    rule_id: str
    situation: str
    docs_expect: Expect
    server_expect: Expect


@dataclass(frozen=True)
class DocVerdict:
    """The classification of one observation against one claim."""

    claim: DocClaim
    verdict: str

    @property
    def failing(self) -> bool:
        """A behaviour change fails until the claim is updated; an expected mismatch does not."""
        return self.verdict != MISMATCH_OBSERVED


_OK = Expect(200)

DOC_CLAIMS: tuple[DocClaim, ...] = (
    DocClaim(
        id="deferred-declarations",
        topic="declarations for deferred participants",
        docs_say="providers cannot submit declarations for deferred participants",
        docs_source_url=STATES,
        server_does="accepts them like any other",
        server_source="rules §16.9, §23",
        rule_id="declare.deferred-accepted",
        situation="a declaration for a participant whose training_status is deferred",
        docs_expect=Expect(422),
        server_expect=_OK,
    ),
    DocClaim(
        id="participant-status-withdrawn",
        topic="participant_status values",
        docs_say="participant_status can be withdrawn",
        docs_source_url=STATES,
        server_does="never shows withdrawn: a withdrawn participant is left (or leaving)",
        server_source="rules §13.2, §23",
        rule_id="status.participant-stopped",
        situation="participant_status of a withdrawn participant",
        docs_expect=Expect(200, values=("withdrawn",)),
        server_expect=Expect(200, values=("left", "leaving")),
    ),
    DocClaim(
        id="duplicate-idempotent",
        topic="sending the same declaration twice",
        docs_say="the create endpoint is idempotent: a repeat returns the same declaration",
        docs_source_url=SPEC,
        server_does="refuses the repeat as a duplicate",
        server_source="rules §16.4, §16.8, §23",
        rule_id="declare.V8-duplicate",
        situation="the same declaration sent twice in a row",
        docs_expect=_OK,
        server_expect=Expect(422, ("declaration_type",)),
    ),
    DocClaim(
        id="duplicate-ineligible",
        topic="duplicate declarations",
        docs_say="a duplicate submission becomes an ineligible declaration",
        docs_source_url=STATES,
        server_does="refuses it; no declaration is ever ineligible",
        server_source="rules §16.8, §16.11, §23",
        rule_id="declare.V8-duplicate",
        situation="a second live declaration of the same type",
        docs_expect=Expect(200, values=("ineligible",)),
        server_expect=Expect(422, ("declaration_type",)),
    ),
    DocClaim(
        id="schedule-shorthand",
        topic="schedule identifiers",
        docs_say="schedules are named standard-september, replacement-january and so on",
        docs_source_url=SCHEDULES,
        server_does="knows only the ecf- prefixed identifiers",
        server_source="rules §15.1, §23",
        rule_id="change-schedule.identifier-unknown",
        situation="change-schedule with an identifier as the guidance spells it",
        docs_expect=_OK,
        server_expect=Expect(422, ("schedule_identifier",)),
    ),
    DocClaim(
        id="milestones-2025",
        topic="milestone dates from 2025",
        docs_say="milestone dates do not apply to the 2025 cohort or later",
        docs_source_url=DECLARATIONS,
        server_does="still refuses a date before the milestone start",
        server_source="rules §16.5, §23",
        rule_id="declare.V10-before-milestone",
        situation="a 2025+ declaration dated before its schedule's milestone start",
        docs_expect=_OK,
        server_expect=Expect(422, ("declaration_date",)),
    ),
    DocClaim(
        id="pre-2025-started-evidence",
        topic="evidence on pre-2025 started declarations",
        docs_say="a 2025-only evidence type on a pre-2025 declaration is refused",
        docs_source_url=DECLARATIONS,
        server_does="drops a started declaration's evidence unread and shows null",
        server_source="rules §16.6, §23",
        rule_id="declare.started-evidence-discarded",
        situation="a pre-2025 started declaration sent with a 2025-only evidence type",
        docs_expect=Expect(422, ("evidence_held",)),
        server_expect=Expect(200, values=(None,)),
    ),
    DocClaim(
        id="cohort-change",
        topic="changing a participant's cohort",
        docs_say="providers may not change the cohort",
        docs_source_url=SPEC,
        server_does="moves the participant to another cohort where the provider has a partnership",
        server_source="rules §14.4, §23",
        rule_id="change-schedule.cohort-changed",
        situation="change-schedule naming another cohort with a partnership at the school",
        docs_expect=Expect(422),
        server_expect=_OK,
    ),
    DocClaim(
        id="void-after-closure",
        topic="voiding in a closed cohort",
        docs_say="declarations cannot be voided once their cohort has closed",
        docs_source_url=CLOSURES,
        server_does="voids unpaid declarations in any cohort; only a paid one needs a statement",
        server_source="rules §16.11, §23",
        rule_id="void.unpaid-to-voided",
        situation="void of a submitted, eligible or payable declaration in 2021 or 2022",
        docs_expect=Expect(422),
        server_expect=_OK,
    ),
    DocClaim(
        id="withdrawal-reason-underscore",
        topic="the changed lead provider withdrawal reason",
        docs_say="the new reason is changed_lead_provider",
        docs_source_url=RELEASE_NOTES,
        server_does="accepts only the dashed changed-lead-provider",
        server_source="rules §14.2",
        rule_id="withdraw.reason-not-recognised",
        situation="withdraw with reason changed_lead_provider",
        docs_expect=_OK,
        server_expect=Expect(422, ("reason",)),
    ),
    DocClaim(
        id="withdraw-not-joining",
        topic="when a participant can be withdrawn",
        docs_say="withdraw is allowed whenever participant_status is not joining",
        docs_source_url=UPDATE,
        server_does="refuses any period that starts after today, whatever its status",
        server_source="rules §14.2 #5, §23",
        rule_id="withdraw.not-started",
        situation="withdraw a future-starting period that already has an end date (leaving)",
        docs_expect=_OK,
        server_expect=Expect(422, ("participant_id",)),
    ),
    DocClaim(
        id="mentor-extended",
        topic="extended declarations for mentors",
        docs_say="mentors cannot receive extended declarations",
        docs_source_url=SCHEDULES,
        server_does="accepts them for a pre-2025 mentor on an extended schedule",
        server_source="rules §16.1, §23",
        rule_id="declare.mentor-extended-allowed",
        situation="an extended-1 declaration for a 2021-2024 mentor on an extended schedule",
        docs_expect=Expect(422),
        server_expect=_OK,
    ),
    DocClaim(
        id="sequence-equal-dates",
        topic="declaration dates in sequence (2025+)",
        docs_say="a later declaration's date must be later than the earlier one's",
        docs_source_url=DECLARATIONS,
        server_does="accepts equal dates",
        server_source="rules §16.7",
        rule_id="declare.V18-equal-dates-allowed",
        situation="a 2025+ retained-1 dated exactly as the live started",
        docs_expect=Expect(422, ("declaration_date",)),
        server_expect=_OK,
    ),
    DocClaim(
        id="retained-evidence-2025",
        topic="evidence on 2025+ ECT retained declarations",
        docs_say="the request schema for 2025+ ECT retained declarations allows every activity "
        "and engagement evidence type for each of retained-1 to retained-4",
        docs_source_url=SPEC,
        server_does="takes engagement evidence only for retained-2 and activity evidence only "
        "for retained-1, -3 and -4",
        server_source="rules §16.6",
        rule_id="declare.V13-evidence-not-allowed",
        situation="a 2025+ ECT retained-1 with 75-percent-engagement-met",
        docs_expect=_OK,
        server_expect=Expect(422, ("evidence_held",)),
    ),
    DocClaim(
        id="change-after-declaration-today",
        topic="change-schedule on the day of a declaration",
        docs_say="no schedule or cohort change on a day a declaration was made",
        docs_source_url=RELEASE_NOTES,
        server_does="refuses only when the period started today and a declaration would leave "
        "its window",
        server_source="rules §14.4 #7",
        rule_id="change-schedule.allowed-after-declaration-today",
        situation="change-schedule after a declaration the same day that stays in its window",
        docs_expect=Expect(422, ("schedule_identifier",)),
        server_expect=_OK,
    ),
)


def claims_for(rule_id: str) -> tuple[DocClaim, ...]:
    """The documented claims the server behaviour of ``rule_id`` contradicts."""
    return tuple(c for c in DOC_CLAIMS if c.rule_id == rule_id)


def classify(rule_id: str, observed: Observed) -> tuple[DocVerdict, ...]:
    """Sort an observation of ``rule_id``'s situation against each of its documented claims."""
    verdicts = []
    for claim in claims_for(rule_id):
        if claim.server_expect.matches(observed):
            verdict = MISMATCH_OBSERVED
        elif claim.docs_expect.matches(observed):
            verdict = SERVER_AGREES_WITH_DOCS
        else:
            verdict = SERVER_CHANGED
        verdicts.append(DocVerdict(claim, verdict))
    return tuple(verdicts)
