"""How the filter check picks values and reads the participant quirks (rules §5.1, §12.3)."""

from __future__ import annotations

from rect_conformance.checks._sync_filters import FILTERS, pick_value


def participant(pid: str, *statuses: str, cohort: str = "2025") -> dict:
    enrolments = [{"training_status": s, "cohort": cohort} for s in statuses]
    return {"id": pid, "attributes": {"ecf_enrolments": enrolments, "participant_id_changes": []}}


def rule(list_op: str, name: str):
    return next(f for f in FILTERS if f.list_op == list_op and f.name == name)


def test_picked_value_keeps_some_records_and_drops_others() -> None:
    records = [
        {"id": str(i), "attributes": {"cohort": c}}
        for i, c in enumerate(["2024", "2025", "2025", "2021"])
    ]
    assert pick_value(records, rule("getPartnerships", "cohort").values) == "2025"
    everyone = records[1:3]
    assert pick_value(everyone, rule("getPartnerships", "cohort").values) == "2025"
    assert pick_value([], rule("getPartnerships", "cohort").values) is None


def test_participant_matches_on_any_enrolment() -> None:
    status = rule("getParticipants", "training_status")
    both = participant("p", "active", "withdrawn")
    assert set(status.values(both)) == {"active", "withdrawn"}
    assert rule("getParticipants", "cohort").values(participant("q", "active")) == ["2025"]


def test_withdrawn_enrolment_may_come_back_for_deferred_but_not_for_active() -> None:
    status = rule("getParticipants", "training_status")
    withdrawn = participant("w", "withdrawn")
    assert status.also_accepts(withdrawn, "deferred")
    assert not status.also_accepts(withdrawn, "active")
    assert status.every_value


def test_list_filters_match_any_value_of_a_comma_list() -> None:
    cohort = rule("getPartnerships", "cohort")
    record = {"id": "x", "attributes": {"cohort": "2024"}}
    assert cohort.multi and cohort.matches(record, "2025,2024")
    assert not cohort.matches(record, "2025,2023")
    urn = rule("getSchools", "urn")
    assert not urn.multi and not urn.matches({"id": "s", "attributes": {"urn": "1"}}, "1,2")
