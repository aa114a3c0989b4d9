"""Milestone windows: the table read against the rulebook, London-midnight edges in GMT and
BST, and every cell of the evidence matrix."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from oracle_builders import ECT, MENTOR, PID, at, period
from oracle_builders import person as someone
from oracle_builders import world as small_world

from rect_conformance.oracle import (
    DECLARATION_TYPES,
    EVIDENCE_VALUES,
    SCHEDULE_IDENTIFIERS,
    declaration_view,
    declare,
    milestone,
    schedule_types,
)

LATER = at(2027, 6, 1)  # late enough for every date below not to be in the future


def test_standard_windows_match_the_rulebook_tables(reference_dir: Path) -> None:
    text = (reference_dir / "rect-api-rules.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (202[1-4]) (sept|jan|april) \|(.+)\|$", text, re.MULTILINE)
    assert len(rows) == 12
    names = {"sept": "september", "jan": "january", "april": "april"}
    for year, start, cells in rows:
        windows = [c.strip().split("→") for c in cells.split("|")]
        for kind, (first, last) in zip(DECLARATION_TYPES[:6], windows, strict=True):
            found = milestone(int(year), f"ecf-standard-{names[start]}", kind)
            assert found is not None
            assert (found.start, found.end) == (
                date.fromisoformat("20" + first),
                date.fromisoformat("20" + last),
            ), (year, start, kind)


def test_2025_windows_match_the_rulebook_sentence(reference_dir: Path) -> None:
    text = (reference_dir / "rect-api-rules.md").read_text(encoding="utf-8")
    sentence = re.search(r"Cohort 2025 \(all schedules open-ended[^:]*: (.+)\.$", text, re.M)
    assert sentence is not None
    for group in sentence.group(1).split("; "):
        names, day = group.rsplit(" ", 1)
        for name in names.split(", "):
            for kind in schedule_types(2025, f"ecf-{name}"):
                found = milestone(2025, f"ecf-{name}", kind)
                assert found is not None and (found.start, found.end) == (
                    date.fromisoformat(day),
                    None,
                )


@pytest.mark.parametrize("year", [2021, 2022, 2023, 2024])
@pytest.mark.parametrize("identifier", [s for s in SCHEDULE_IDENTIFIERS if "standard" not in s])
def test_non_standard_schedules_before_2025_share_one_open_start(
    year: int, identifier: str
) -> None:
    start = {"september": date(year, 9, 1), "january": date(year + 1, 1, 1)}.get(
        identifier.rsplit("-", 1)[1], date(year + 1, 4, 1)
    )
    kinds = schedule_types(year, identifier)
    assert len(kinds) == (9 if "extended" in identifier else 6)
    assert {milestone(year, identifier, k) for k in kinds} == {
        milestone(year, identifier, "started")
    }
    found = milestone(year, identifier, "started")
    assert found is not None and (found.start, found.end) == (start, None)


# (cohort, schedule, type, declaration_date as sent, expected rule or None when inside)
EDGES = [
    (2024, "ecf-standard-september", "started", "2024-05-31T23:00:00Z", None),  # 00:00 BST
    (2024, "ecf-standard-september", "started", "2024-05-31T22:59:59Z", "before"),
    (2024, "ecf-standard-september", "started", "2024-06-01T00:00:00+01:00", None),
    (2024, "ecf-standard-september", "started", "2024-12-31T23:59:59Z", None),  # GMT end
    (2024, "ecf-standard-september", "started", "2025-01-01T00:00:00Z", "after"),
    (2022, "ecf-standard-april", "retained-2", "2024-03-31T22:59:59Z", None),  # BST end
    (2022, "ecf-standard-april", "retained-2", "2024-03-31T23:00:00Z", "after"),
    (2022, "ecf-standard-april", "retained-2", "2024-01-01T00:00:00Z", None),  # GMT start
    (2022, "ecf-standard-april", "retained-2", "2023-12-31T23:59:59Z", "before"),
    (2025, "ecf-standard-april", "retained-1", "2026-03-31T23:00:00Z", None),  # 2025+: BST start
    (2025, "ecf-standard-april", "retained-1", "2026-03-31T22:59:59Z", "before"),
    (2025, "ecf-standard-april", "retained-1", "2027-05-31T10:00:00Z", None),  # no end
]


@pytest.mark.parametrize(("year", "schedule", "kind", "sent", "expected"), EDGES)
def test_window_edges_are_london_midnights(
    year: int, schedule: str, kind: str, sent: str, expected: str | None
) -> None:
    # The period ended long ago so a frozen cohort does not stop the declaration (V15).
    tp = period(cohort=year, schedule=schedule, start=date(year, 9, 1), end=date(2025, 1, 1))
    outcome = declare(small_world(someone(tp)), PID, ECT, kind, sent, "other", LATER)
    if expected is None:
        assert outcome.accepted, outcome.errors
    else:
        assert outcome.rules == (f"declare.V10-{expected}-milestone",)


ACTIVITY = {"training-event-attended", "self-study-material-completed", "other"}
ACTIVITY_2025 = ACTIVITY | {"materials-engaged-with-offline"}
ENGAGED = {"75-percent-engagement-met", "75-percent-engagement-met-reduced-induction"}
MATRIX_2025 = {
    ("ect", "retained-2"): ENGAGED,
    ("ect", "completed"): ENGAGED | {"one-term-induction"},
    ("mentor", "started"): ACTIVITY_2025,
    ("mentor", "completed"): ENGAGED,
}
CELLS = [
    (year, role, kind, evidence)
    for year in (2024, 2025)
    for role in ("ect", "mentor")
    for kind in DECLARATION_TYPES
    for evidence in (*EVIDENCE_VALUES, None)
    if not (year == 2025 and role == "mentor" and kind not in ("started", "completed"))
]


def _expected(year: int, role: str, kind: str, evidence: str | None) -> str | None:
    """The matrix of rules §16.6, written out again here: the rule V13 applies, or None."""
    if year < 2025 and kind == "started":
        return None
    allowed = ACTIVITY if year < 2025 else MATRIX_2025.get((role, kind), ACTIVITY_2025)
    if evidence is None:
        return "declare.V13-evidence-missing"
    return None if evidence in allowed else "declare.V13-evidence-not-allowed"


EXERCISED = {f"declare.V10-{e[-1]}-milestone" for e in EDGES if e[-1]} | {
    rule for cell in CELLS if (rule := _expected(*cell))
}


@pytest.mark.parametrize(("year", "role", "kind", "evidence"), CELLS)
def test_evidence_matrix_cell(year: int, role: str, kind: str, evidence: str | None) -> None:
    tp = period(role=role, cohort=year, schedule="ecf-extended-september", start=date(year, 9, 1))
    course = ECT if role == "ect" else MENTOR
    sent = f"{year}-10-01T10:00:00Z"
    outcome = declare(small_world(someone(tp)), PID, course, kind, sent, evidence, LATER)
    expected = _expected(year, role, kind, evidence)
    if expected is None:
        assert outcome.accepted, outcome.errors
        shown = declaration_view(outcome.world, "new-declaration").evidence_held
        assert shown == (None if year < 2025 and kind == "started" else evidence)
    else:
        assert outcome.rules == (expected,)
