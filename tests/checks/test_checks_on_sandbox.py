"""Every check passes on the clean sandbox and fails, naming the symptom, on the faults it exists
for. Which fault each check catches, and with which words, is the one fault table
(``tests/faults.py``); this module runs its rows check by check, on every operation they name.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from rect_conformance._contract import Contract
from rect_conformance.checks import CheckContext, registry
from rect_conformance.findings import WRONG_TOKEN
from tests.checks.helpers import run_check, sandbox_context
from tests.faults import symptoms_of_checks

# Evaluated at collection, from data only: the registry is filled by importing the checks.
ROWS = symptoms_of_checks(set(registry.names()))


@pytest.fixture(scope="module")
def clean(contract: Contract) -> Iterator[CheckContext]:
    with sandbox_context(contract) as context:
        yield context


@pytest.mark.parametrize(
    ("name", "operation_id"), [pytest.param(n, o, id=f"{n}-{o}") for n, o in registry.cases()]
)
def test_check_passes_on_the_clean_sandbox(clean, name, operation_id) -> None:
    outcome = run_check(clean, name, operation_id)
    if isinstance(outcome, str):
        pytest.skip(outcome)
    assert [f.message for f in outcome] == []


@pytest.mark.parametrize("fault", sorted(ROWS))
def test_fault_is_caught_and_named(contract, fault: str) -> None:
    with sandbox_context(contract, (fault,)) as context:
        for row in ROWS[fault]:
            outcome = run_check(context, row.check, row.operation)
            assert not isinstance(outcome, str), f"{row.check} on {row.operation}: {outcome}"
            messages = [f.message for f in outcome]
            assert any(row.text in m for m in messages), (
                f"{fault}: {row.check} on {row.operation} did not report {row.text!r}: {messages}"
            )
            assert all(f.check == row.check and f.operation == row.operation for f in outcome)
            assert all(
                f.reproduction is None
                or "Bearer" not in f.reproduction.curl()
                or "$RECT_TOKEN" in f.reproduction.curl()
                or WRONG_TOKEN in f.reproduction.curl()  # a wrong token on purpose, no secret
                for f in outcome
            )


@pytest.mark.parametrize(
    ("name", "operation_id"),
    [
        ("envelope-bad-body", "withdrawParticipant"),
        ("envelope-bad-filter", "getSchools"),
        ("sync-page-invalid", "getParticipants"),
    ],
)
def test_unfaulted_checks_still_fail_when_the_answer_is_not_the_documented_one(
    contract, name, operation_id
) -> None:
    # No fault of the catalogue breaks these 400 answers, so a wrong token stands in: every
    # probe then meets a 401 instead of the 400 the check expects, and the check must say so.
    with sandbox_context(contract, primary_token="0" * 32) as context:
        outcome = run_check(context, name, operation_id)
    assert not isinstance(outcome, str), outcome
    assert outcome and all("answered 401, not 400" in f.message for f in outcome)
