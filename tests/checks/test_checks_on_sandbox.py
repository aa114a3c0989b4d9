"""Every check passes on the clean sandbox and fails, naming the symptom, on the faults it exists
for. ``FAULT_SYMPTOMS`` below is the fault -> expected symptom contract of this part (auth,
tenancy and sync faults; error-envelope is a status fault that the envelope checks also catch).
"""

from __future__ import annotations

import pytest

from rect_conformance.checks import registry
from rect_conformance.checks._resources import ALL_OPERATION_IDS, LIST_OPS

FAULT_SYMPTOMS: dict[str, list[tuple[str, str, str]]] = {
    "auth-ignored": [
        ("auth-missing-token", "getStatements", "answered 200, not 401"),
        ("auth-missing-token", "getStatement", "answered 200, not 401"),
        ("auth-wrong-token", "getStatements", "answered 200, not 401"),
        ("auth-wrong-token", "getStatement", "answered 200, not 401"),
    ],
    "auth-envelope": [
        (name, op, "401 body is {'errors'")
        for name in ("auth-missing-token", "auth-wrong-token")
        for op in ALL_OPERATION_IDS
    ],
    "tenancy-leak-list": [
        ("tenancy-list-isolated", "getPartnerships", "appear in both providers' lists"),
        (
            "tenancy-own-delivery-partners",
            "getPartnerships",
            "on delivery partners the provider does not work with",
        ),
    ],
    "tenancy-leak-show": [
        ("tenancy-hidden-by-id", "getParticipant", "the other provider's record was served"),
    ],
    "page-duplicates": [("sync-page-walk", op, "came back more than once") for op in LIST_OPS],
    "page-gap": [("sync-page-walk", op, "never appeared in the walk (gap)") for op in LIST_OPS],
    "per-page-ignored": [
        *(("sync-page-size", op, "page[per_page]=1: got") for op in LIST_OPS),
        ("sync-page-walk", "getParticipants", "page 1 held"),
    ],
    "updated-since-ignored": [
        ("sync-updated-since", "getParticipants", "older than updated_since"),
    ],
    "updated-at-not-bumped": [
        ("sync-updated-at-bumped", op, "updated_at stayed")
        for op in (
            "withdrawParticipant",
            "deferParticipant",
            "resumeParticipant",
            "changeScheduleParticipant",
        )
    ],
    "sort-ignored": [
        ("sync-sort", "getParticipants", "is not honoured"),
    ],
    "filter-ignored": [
        ("sync-filters", "getPartnerships", "not matching cohort="),
    ],
    "error-envelope": [
        *(
            ("envelope-not-found", op, "must hold only an 'errors' array")
            for op in registry.get("envelope-not-found").operations
        ),
        *(
            ("envelope-unprocessable", op, "must hold only an 'errors' array")
            for op in registry.get("envelope-unprocessable").operations
        ),
    ],
}

# Checks no fault of the catalogue makes fail: not yet trusted. They are shown failing another
# way: the 400 checks against a wrong token (below), tenancy-schools-shared on small data
# (test_tenancy_rules.py), sync-fixed-order through its ordering rule (test_oracle.py).
NOT_SHOWN_BY_A_FAULT = {
    "envelope-bad-body",
    "envelope-bad-filter",
    "sync-fixed-order",
    "sync-page-invalid",
    "tenancy-schools-shared",
}


@pytest.fixture(scope="module")
def clean(open_sandbox):
    with open_sandbox() as context:
        yield context


@pytest.mark.parametrize(
    ("name", "operation_id"), [pytest.param(n, o, id=f"{n}-{o}") for n, o in registry.cases()]
)
def test_check_passes_on_the_clean_sandbox(clean, check_runner, name, operation_id) -> None:
    outcome = check_runner(clean, name, operation_id)
    if isinstance(outcome, str):
        pytest.skip(outcome)
    assert [f.message for f in outcome] == []


@pytest.mark.parametrize("fault", sorted(FAULT_SYMPTOMS))
def test_fault_is_caught_and_named(open_sandbox, check_runner, fault: str) -> None:
    with open_sandbox((fault,)) as context:
        for name, operation_id, symptom in FAULT_SYMPTOMS[fault]:
            outcome = check_runner(context, name, operation_id)
            assert not isinstance(outcome, str), f"{name} on {operation_id}: {outcome}"
            messages = [f.message for f in outcome]
            assert any(symptom in m for m in messages), (
                f"{fault}: {name} on {operation_id} did not report {symptom!r}: {messages}"
            )
            assert all(f.check == name and f.operation == operation_id for f in outcome)
            assert all(
                f.reproduction is None
                or "Bearer" not in f.reproduction.curl()
                or "$RECT_TOKEN" in f.reproduction.curl()
                for f in outcome
            )


def test_every_check_is_shown_failing_by_a_fault_or_listed_as_untrusted() -> None:
    shown = {name for rows in FAULT_SYMPTOMS.values() for name, _, _ in rows}
    assert shown | NOT_SHOWN_BY_A_FAULT == set(registry.names())
    assert not shown & NOT_SHOWN_BY_A_FAULT


@pytest.mark.parametrize(
    ("name", "operation_id"),
    [
        ("envelope-bad-body", "withdrawParticipant"),
        ("envelope-bad-filter", "getSchools"),
        ("sync-page-invalid", "getParticipants"),
    ],
)
def test_unfaulted_checks_still_fail_when_the_answer_is_not_the_documented_one(
    open_sandbox, check_runner, name, operation_id
) -> None:
    # No fault of the catalogue breaks these 400 answers, so a wrong token stands in: every
    # probe then meets a 401 instead of the 400 the check expects, and the check must say so.
    with open_sandbox(primary_token="0" * 32) as context:
        outcome = check_runner(context, name, operation_id)
    assert not isinstance(outcome, str), outcome
    assert outcome and all("answered 401, not 400" in f.message for f in outcome)
