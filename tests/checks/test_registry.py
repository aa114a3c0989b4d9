"""The checks registry: every check is described, sourced, and runs on known operations."""

from __future__ import annotations

import dataclasses

import pytest

import rect_conformance.checks as checks
from rect_conformance._errors import UsageError
from rect_conformance.checks import CheckContext, CheckSkipped, registry
from rect_conformance.checks._registry import NEEDS_REASONS
from rect_conformance.checks._resources import ALL_OPERATION_IDS
from rect_conformance.findings import Kind


def test_public_names_are_pinned() -> None:
    assert checks.__all__ == sorted(checks.__all__)
    assert set(checks.__all__) == {
        "CheckContext",
        "CheckSkipped",
        "CheckSpec",
        "Registry",
        "cases",
        "check",
        "registry",
        "run_case",
    }


def test_context_is_frozen_with_exactly_client_contract_target() -> None:
    assert [f.name for f in dataclasses.fields(CheckContext)] == ["client", "contract", "target"]
    context = CheckContext(client=None, contract=None, target=None)
    with pytest.raises(dataclasses.FrozenInstanceError):
        context.client = 1  # type: ignore[misc]


@pytest.mark.parametrize("spec", list(registry), ids=lambda s: s.name)
def test_every_check_is_described_sourced_and_bound_to_known_operations(spec) -> None:
    assert spec.description and spec.source
    assert spec.operations and set(spec.operations) <= set(ALL_OPERATION_IDS)
    assert set(spec.needs) <= set(NEEDS_REASONS)


def test_the_checks_of_this_part_cover_auth_tenancy_sync_and_envelopes() -> None:
    kinds = {spec.kind for spec in registry}
    assert {Kind.AUTH, Kind.TENANCY, Kind.SYNC, Kind.CONTRACT} <= kinds
    auth_ops = {op for name, op in registry.cases(Kind.AUTH) if name == "auth-missing-token"}
    assert auth_ops == set(ALL_OPERATION_IDS)


def test_selection_by_comma_list_and_unknown_names() -> None:
    assert [s.name for s in registry.select("sync-sort, auth-wrong-token")] == [
        "sync-sort",
        "auth-wrong-token",
    ]
    assert len(registry.select(None)) == len(registry)
    with pytest.raises(UsageError, match="unknown check 'nope'; choose from: auth-missing-token"):
        registry.select("nope")


def test_a_check_needing_a_second_token_is_skipped_without_one() -> None:
    class Target:
        has_second_token = False

    context = CheckContext(client=None, contract=None, target=Target())
    with pytest.raises(CheckSkipped, match="second lead provider token"):
        registry.run("tenancy-hidden-by-id", context, "getStatement")


def test_updated_at_check_is_skipped_where_the_run_owns_no_participant() -> None:
    from rect_conformance._target import Target

    target = Target(
        base_url="https://example.invalid",
        kind="sandbox",
        has_second_token=True,
        writes_allowed=True,
        test_support=False,
    )
    context = CheckContext(client=None, contract=None, target=target)
    with pytest.raises(CheckSkipped, match="no test support"):
        registry.run("sync-updated-at-bumped", context, "withdrawParticipant")
