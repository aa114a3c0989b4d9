"""What a lifecycle rule is: an id, a summary, its sources and, if it refuses, its error.

A row names the rules section it comes from (``rules §14.2 #4``, in the shared rulebook) and,
for users who only have the public site, the guidance page or spec it can be read on. A rule
that refuses a request carries the exact status, ``title`` and ``detail`` the server sends —
those texts are facts clients match on, so they are kept verbatim; the summaries are ours.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rect_conformance.oracle._model import ApiError

SITE = "https://www.register-early-career-teachers.education.gov.uk"
GUIDANCE = f"{SITE}/api/guidance/guidance-for-lead-providers/"
SPEC = f"{SITE}/api/docs/v3"
RELEASE_NOTES = f"{SITE}/api/guidance/release-notes"
UPDATE = GUIDANCE + "update-participant-data"
VIEW = GUIDANCE + "view-participant-data"
STATES = GUIDANCE + "api-data-states"
DECLARATIONS = GUIDANCE + "understanding-declarations"
SCHEDULES = GUIDANCE + "schedules-and-milestones-guidance"
CLOSURES = GUIDANCE + "how-cohort-closures-and-changes-work"
SYNC = GUIDANCE + "keeping-data-in-sync"
TESTING = GUIDANCE + "how-to-test-the-api-effectively"


@dataclass(frozen=True)
class Rule:
    """One rule: its stable id, what it says, where it comes from, and what it answers.

    ``status``/``title``/``detail`` are set when the rule refuses a request; ``detail`` may
    hold ``{cohort}`` or ``{withdrawn_at}``, filled in by :meth:`error`.
    """

    id: str
    summary: str
    section: str
    guidance_url: str
    status: int | None = None
    title: str | None = None
    detail: str | None = None

    def error(self, **values: Any) -> ApiError:
        """The error entry this rule produces, with its placeholders filled in."""
        if self.title is None or self.detail is None:
            raise ValueError(f"rule {self.id} does not refuse anything")
        return ApiError(self.title, self.detail.format(**values))


def row(
    rule_id: str,
    section: str,
    url: str,
    summary: str,
    error: tuple[str, str] | None = None,
    status: int | None = None,
) -> Rule:
    """A table row; ``error`` is the (title, detail) pair when the rule refuses (a 422 unless
    ``status`` says otherwise); a ``status`` alone means only the status is known."""
    if error is None:
        return Rule(rule_id, summary, f"rules {section}", url, status)
    return Rule(rule_id, summary, f"rules {section}", url, status or 422, *error)
