"""The catalogue of switchable deviations (faults) of the sandbox.

Each fault makes the sandbox break one rule of the API on purpose, so that the conformance
suite can show that the matching check fails. Faults are named, never combined implicitly, and
asked for by name: ``app.state.faults.on("page-gap")``. The platform, read-side and sync faults
are listed here; the lifecycle faults, each breaking one documented rule where ``rules/`` (or the
read model) keeps it, are listed in ``_faults_lifecycle``. Rules take the switches as a plain
``Faults`` value (``NO_FAULTS`` by default), so they stay free of HTTP.
"""

from __future__ import annotations

from dataclasses import dataclass

from rect_sandbox._faults_lifecycle import LIFECYCLE

CATALOGUE: tuple[tuple[str, str, str], ...] = (
    (
        "enrolment-missing-field",
        "schema",
        "participant ecf_enrolments[] entries lack the required schedule_identifier",
    ),
    ("wrong-type", "schema", "partnership participants_currently_training is sent as a string"),
    ("unexpected-null", "schema", "declaration delivery_partner_id is null although non-nullable"),
    (
        "enum-out-of-range",
        "schema",
        "enrolment training_status reads 'suspended' for deferred participants",
    ),
    (
        "bad-datetime",
        "schema",
        "statement updated_at uses '2025-10-01 09:00:00' instead of RFC 3339",
    ),
    (
        "create-returns-201",
        "status",
        "POST /partnerships and POST /participant-declarations answer 201",
    ),
    (
        "error-envelope",
        "status",
        '404 and 422 bodies use {"error": ...} instead of the errors array',
    ),
    ("wrong-content-type", "status", "successful GET responses are labelled text/plain"),
    ("auth-ignored", "auth", "GET /statements and GET /statements/{id} need no valid token"),
    ("auth-envelope", "auth", "401 bodies use the errors array instead of the single error string"),
    ("tenancy-leak-list", "tenancy", "GET /partnerships lists the partnerships of every provider"),
    (
        "tenancy-leak-show",
        "tenancy",
        "GET /participants/{id} shows participants of other providers",
    ),
    ("page-duplicates", "sync", "list pages repeat the last record of the previous page first"),
    ("page-gap", "sync", "list pages skip one record between consecutive pages"),
    ("per-page-ignored", "sync", "page[per_page] is ignored; pages always hold 100 records"),
    ("updated-since-ignored", "sync", "filter[updated_since] is ignored on GET /participants"),
    (
        "updated-since-exclusive",
        "sync",
        "GET /participants leaves out participants updated exactly at filter[updated_since]",
    ),
    (
        "updated-at-not-bumped",
        "sync",
        "withdraw, defer, resume and change-schedule leave participant updated_at unchanged",
    ),
    ("sort-ignored", "sync", "sort is ignored on GET /participants (creation order ascending)"),
    ("filter-ignored", "sync", "filter[cohort] is ignored on GET /partnerships"),
    ("intermittent-500", "robustness", "every 7th request under /api/v3 answers 500"),
    *((name, "lifecycle", what) for name, what in LIFECYCLE),
)

NAMES = frozenset(name for name, _, _ in CATALOGUE)


class UnknownFault(ValueError):
    """A fault name that is not in the catalogue."""


@dataclass(frozen=True)
class Faults:
    """The faults switched on for one app."""

    active: frozenset[str] = frozenset()

    def on(self, name: str) -> bool:
        """Whether fault ``name`` is switched on (a name outside the catalogue is a bug)."""
        if name not in NAMES:
            raise UnknownFault(f"no fault named {name!r} in the catalogue")
        return name in self.active

    def __contains__(self, name: object) -> bool:
        return name in self.active


NO_FAULTS = Faults()


def faults_from(names: object) -> Faults:
    """Validate a list of fault names; an unknown one raises ``UnknownFault`` naming the valid
    ones."""
    chosen = frozenset(names or ())
    unknown = sorted(chosen - NAMES)
    if unknown:
        raise UnknownFault(
            f"unknown fault(s): {', '.join(unknown)}; run with --list-faults to see the valid names"
        )
    return Faults(chosen)


def listing() -> str:
    """One line per fault: name, category and what it breaks, separated by tabs."""
    return "\n".join(f"{name}\t{category}\t{what}" for name, category, what in CATALOGUE)
