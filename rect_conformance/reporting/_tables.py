"""The reporting's tables, as data: the check families of the coverage matrix, why a check did
not run, and where a rule can be read by someone who has only the public site.

Each table is read by one function below; nothing else in the reporting spells a family, a
not-run reason or a guidance page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SITE = "https://www.register-early-career-teachers.education.gov.uk"
GUIDANCE = f"{SITE}/api/guidance/guidance-for-lead-providers/"
SPEC_URL = f"{SITE}/api/docs/v3/swagger.yaml"
RELEASE_NOTES_URL = f"{SITE}/api/guidance/release-notes"


@dataclass(frozen=True)
class Family:
    """A column of the coverage matrix: a group of checks judged together."""

    id: str
    label: str
    about: str


FAMILIES = (
    Family(
        "valid", "valid requests", "generated schema-valid requests: status, content type, body"
    ),
    Family("invalid", "invalid requests", "generated schema-invalid requests are refused cleanly"),
    Family("auth", "authentication", "a missing or wrong token gets the documented 401"),
    Family("tenancy", "tenancy", "one provider never sees another's records"),
    Family("sync", "sync", "pagination, updated_since, filters, sort, updated_at"),
    Family("envelopes", "error envelopes", "the exact 400/404/422 bodies"),
    Family("release-notes", "release notes", "what each release note promised, checked live"),
    Family("lifecycle", "lifecycle", "participant and declaration lifecycles against the oracle"),
    Family("other", "own checks", "checks a team added with the pytest plugin"),
)
FAMILY_IDS = tuple(family.id for family in FAMILIES)
SPEC_FAMILY = "spec"  # the soundness of the spec itself: a row of its own, not per operation

# A registered check's kind -> its family.
KIND_FAMILY = {
    "auth": "auth",
    "tenancy": "tenancy",
    "sync": "sync",
    "contract": "envelopes",
    "lifecycle": "lifecycle",
    "documentation": "lifecycle",
    "release-note": "release-notes",
}


def family_of(check: str | None, kind: str | None, mode: str | None, test: str) -> str:
    """The family of a test from its check, the check's kind (if registered) and its mode."""
    if check == "operations":
        return "invalid" if mode == "negative" else "valid"
    if check == "spec":
        return SPEC_FAMILY
    if check == "release-notes":
        return "release-notes"
    if kind in KIND_FAMILY:
        return KIND_FAMILY[kind]
    if test.startswith("scenarios/"):
        return "lifecycle"
    return "other"


# Which kinds of finding a reader should see first, after severity.
KIND_ORDER = (
    "tenancy",
    "auth",
    "lifecycle",
    "sync",
    "contract",
    "robustness",
    "release-note",
    "documentation",
    "spec",
)

# What the engine's own checks (those schemathesis drives) hold the target to.
ENGINE_RULES = {
    "server_error": "The API never answers with a server error (5xx), whatever the request.",
    "status_code_conformance": "Every answer has a status the spec documents for the operation.",
    "content_type_conformance": "Every answer has a content type the spec documents.",
    "response_schema_conformance": "Every answer body matches the schema the spec documents.",
    "positive_data_acceptance": "A read the spec allows is not refused (400/422).",
    "negative_data_rejection": "A write the spec forbids is refused, never accepted.",
}


def rule_of(check: str, description: str = "") -> str:
    """The rule a finding of ``check`` holds the target to, in a sentence."""
    if check in ENGINE_RULES:
        return ENGINE_RULES[check]
    if check.startswith("release-note:"):
        return "What the release note promised about the API holds on the target."
    return description


@dataclass(frozen=True)
class NotRunReason:
    """One reason a check in scope did not run; ``words`` are phrases the skip reasons use."""

    id: str
    label: str
    remedy: str
    words: tuple[str, ...] = ()


NOT_RUN = (
    NotRunReason(
        "no-second-token",
        "no second token",
        "give a second provider's token with --second-token-env VAR",
        ("second lead provider token", "second-token"),
    ),
    NotRunReason(
        "no-test-support",
        "no test support",
        "the target offers no /test-support, so the run cannot create records of its own",
        ("test support",),
    ),
    NotRunReason(
        "budget",
        "request budget spent",
        "raise --budget or narrow --checks; the report's request plan says what was cut and why",
        ("budget spent", "request plan"),
    ),
    NotRunReason(
        "write-guard",
        "production write guard",
        "writes to production need --allow-production-writes",
        ("does not allow writes", "writes are not allowed", "production write"),
    ),
    NotRunReason(
        "nothing-to-judge",
        "nothing to judge on the target",
        "the target holds no record the check speaks about",
        ("that the note speaks about", "returned no records", "no partnership to register"),
    ),
    NotRunReason("target-failed", "the target failed", "see the error above", ("target failed",)),
    NotRunReason("interrupted", "interrupted", "the run was stopped before this check"),
    NotRunReason("broke", "the test broke", "a bug in the check or an answer it cannot read"),
    NotRunReason("deselected", "deselected", "outside --checks / --operations"),
    NotRunReason("other", "could not be judged", "see the reason"),
)
NOT_RUN_BY_ID = {reason.id: reason for reason in NOT_RUN}


def not_run_reason(text: str) -> str:
    """The id of the :data:`NOT_RUN` reason a skip message gives."""
    lowered = text.lower()
    for reason in NOT_RUN:
        if any(word in lowered for word in reason.words):
            return reason.id
    return "other"


# The rulebook's sections -> the public page on which a user can read the rule.
SECTION_PAGES = {
    "1": ("Connect to the RECT API", GUIDANCE + "connect-to-rect-api"),
    "2": ("Connect to the RECT API", GUIDANCE + "connect-to-rect-api"),
    "3": ("How to use the API", GUIDANCE + "how-to-use-api"),
    "4": ("OpenAPI spec (error responses)", SPEC_URL),
    "5": ("Keeping data in sync", GUIDANCE + "keeping-data-in-sync"),
    "6": ("API IDs explained", GUIDANCE + "api-ids-explained"),
    "7": ("OpenAPI spec", SPEC_URL),
    "8": ("Financial statements", GUIDANCE + "view-financial-statement-payment-dates"),
    "9": ("Partnerships", GUIDANCE + "create-view-and-update-partnerships"),
    "10": ("Partnerships", GUIDANCE + "create-view-and-update-partnerships"),
    "11": ("Partnerships", GUIDANCE + "create-view-and-update-partnerships"),
    "12": ("View participant data", GUIDANCE + "view-participant-data"),
    "13": ("API data states", GUIDANCE + "api-data-states"),
    "14": ("Update participant data", GUIDANCE + "update-participant-data"),
    "15": ("Schedules and milestones", GUIDANCE + "schedules-and-milestones-guidance"),
    "16": ("Understanding declarations", GUIDANCE + "understanding-declarations"),
    "17": ("View participant data (transfers)", GUIDANCE + "view-participant-data"),
    "18": ("Understanding unfunded mentors", GUIDANCE + "understanding-unfunded-mentors"),
    "19": ("Keeping data in sync", GUIDANCE + "keeping-data-in-sync"),
    "20": ("How to test the API effectively", GUIDANCE + "how-to-test-the-api-effectively"),
    "21": ("Sandbox", f"{SITE}/api/guidance/sandbox"),
    "22": ("OpenAPI spec (error responses)", SPEC_URL),
    "23": ("OpenAPI spec", SPEC_URL),
}
_SECTION = re.compile(r"§\s*(\d+)")
_SPEC_PLACE = re.compile(r"\b(GET|POST|PUT|PATCH|DELETE)\s+(/\S+)")


def public_source(source: str, kind: str) -> tuple[str, str]:
    """(label, URL) of where a finding's rule is published, from its ``source`` text."""
    if source.startswith("http"):
        return source, source.split()[0]
    if kind == "release-note" or "release note" in source.lower():
        return "DfE release notes", RELEASE_NOTES_URL
    place = _SPEC_PLACE.search(source)
    if source.startswith("spec") or place:
        where = f"{place.group(1)} {place.group(2)}" if place else source.removeprefix("spec ")
        return f"OpenAPI spec: {where}".strip(), SPEC_URL
    section = _SECTION.search(source)
    if section and section.group(1) in SECTION_PAGES:
        label, url = SECTION_PAGES[section.group(1)]
        return label, url
    return "OpenAPI spec", SPEC_URL
