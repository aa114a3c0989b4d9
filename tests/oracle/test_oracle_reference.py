"""Reference data held against the published spec's enums and the rulebook's cohort table."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from rect_conformance.oracle import (
    COHORTS,
    DECLARATION_TYPES,
    DEFERRAL_REASONS,
    EVIDENCE_VALUES,
    SCHEDULE_IDENTIFIERS,
    STATES,
    WITHDRAWAL_REASONS,
    OracleLimit,
    cohort,
    declarable_types,
    family,
    schedule_allowed,
    withdrawal_reasons,
)
from rect_conformance.oracle._time import LONDON

EXERCISED: set[str] = set()


@pytest.fixture(scope="module")
def schemas(published_spec_path: Path) -> dict[str, Any]:
    return yaml.safe_load(published_spec_path.read_text(encoding="utf-8"))["components"]["schemas"]


def _enum(schemas: dict[str, Any], schema: str, *path: str) -> list[str]:
    node = schemas[schema]
    for key in path:
        node = node["properties"][key]
    return list(node["enum"])


def test_enums_match_the_published_spec(schemas: dict[str, Any]) -> None:
    attributes = ("attributes",)
    request = ("data", "attributes")
    assert _enum(schemas, "Declaration", *attributes, "declaration_type") == list(DECLARATION_TYPES)
    assert set(_enum(schemas, "Declaration", *attributes, "state")) == set(STATES)
    assert _enum(schemas, "Declaration", *attributes, "evidence_held") == list(EVIDENCE_VALUES)
    withdraw = _enum(schemas, "ParticipantWithdrawRequest", *request, "reason")
    assert withdraw == list(WITHDRAWAL_REASONS)
    assert _enum(schemas, "ParticipantDeferRequest", *request, "reason") == list(DEFERRAL_REASONS)
    schedules = _enum(schemas, "ParticipantChangeScheduleRequest", *request, "schedule_identifier")
    assert set(schedules) == set(SCHEDULE_IDENTIFIERS) and len(SCHEDULE_IDENTIFIERS) == 12


def test_cohort_settings_follow_the_rulebook() -> None:
    settings = {
        year: (c.open_for_partnerships, c.mentor_funding, c.detailed_evidence, c.uplift_fees)
        for year, c in COHORTS.items()
    }
    assert settings == {
        2021: (False, False, False, True),
        2022: (False, False, False, True),
        2023: (True, False, False, True),
        2024: (True, False, False, True),
        2025: (True, True, True, False),
    }
    frozen_2021 = cohort(2021).payments_frozen_from
    assert frozen_2021 is not None and frozen_2021.tzinfo == LONDON
    assert (frozen_2021.year, frozen_2021.month, frozen_2021.day) == (2024, 6, 18)
    assert [y for y, c in COHORTS.items() if c.sequence_rule] == [2025]


@pytest.mark.parametrize("identifier", SCHEDULE_IDENTIFIERS)
def test_which_role_may_use_which_schedule(identifier: str) -> None:
    kind = family(identifier)
    assert schedule_allowed("ect", identifier) == (kind != "replacement")
    assert schedule_allowed("mentor", identifier) == (kind != "reduced")


def test_declarable_types_per_role_and_cohort() -> None:
    assert declarable_types("mentor", 2025, "ecf-extended-september") == ("started", "completed")
    assert declarable_types("ect", 2025, "ecf-standard-september") == DECLARATION_TYPES[:6]
    assert declarable_types("mentor", 2024, "ecf-extended-january") == DECLARATION_TYPES
    assert declarable_types("ect", 2023, "ecf-reduced-april") == DECLARATION_TYPES[:6]


def test_the_mentor_only_withdrawal_reason() -> None:
    assert "mentor-no-longer-being-mentor" in withdrawal_reasons("mentor")
    assert "mentor-no-longer-being-mentor" not in withdrawal_reasons("ect")
    assert len(withdrawal_reasons("ect")) == len(WITHDRAWAL_REASONS) - 1


@pytest.mark.parametrize("year", [2026, 1999])
def test_cohorts_the_oracle_does_not_hold_are_refused(year: int) -> None:
    with pytest.raises(OracleLimit, match=str(year)):
        cohort(year)


def test_an_unknown_schedule_has_no_family() -> None:
    with pytest.raises(OracleLimit, match="standard-september"):
        family("standard-september")
