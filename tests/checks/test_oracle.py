"""The pure sync oracle judges small hand-made lists the way the rules say (rules §5)."""

from __future__ import annotations

from datetime import UTC, datetime

from rect_conformance.checks._oracle import (
    filter_problems,
    format_timestamp,
    order_problems,
    overlap,
    page_walk_problems,
    parse_timestamp,
    pick_since,
    updated_since_problems,
)


def rec(record_id: str, updated_at: str | None = None, **attributes: object) -> dict:
    if updated_at is not None:
        attributes["updated_at"] = updated_at
    return {"id": record_id, "type": "thing", "attributes": attributes}


def at(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_complete_walk_has_no_problems() -> None:
    assert page_walk_problems([["a", "b"], ["c", "d"], ["e"]], list("abcde"), 2) == []


def test_walk_with_a_record_repeated_on_the_next_page_is_reported() -> None:
    problems = page_walk_problems([["a", "b"], ["b", "c"], ["d", "e"], []], list("abcde"), 2)
    assert len(problems) == 1
    assert "more than once" in problems[0] and "b" in problems[0] and "[1, 2]" in problems[0]


def test_walk_that_skips_a_record_between_pages_is_reported_as_a_gap() -> None:
    problems = page_walk_problems([["a", "b"], ["d", "e"]], list("abcde"), 2)
    assert problems == ["1 record(s) of the full list never appeared in the walk (gap): c"]


def test_walk_with_oversized_pages_is_reported() -> None:
    problems = page_walk_problems([list("abcde")], list("abcde"), 2)
    assert problems == ["page 1 held 5 records although page[per_page]=2"]


def test_walk_with_unknown_record_is_reported() -> None:
    problems = page_walk_problems([["a", "x"]], ["a"], 2)
    assert any("not in the full list: x" in p for p in problems)


def test_updated_since_is_inclusive() -> None:
    everything = [
        rec("old", "2025-01-01T00:00:00Z"),
        rec("edge", "2025-02-01T00:00:00Z"),
        rec("new", "2025-03-01T00:00:00Z"),
    ]
    since = at("2025-02-01T00:00:00Z")
    assert updated_since_problems(everything, everything[1:], since) == []
    missing_edge = updated_since_problems(everything, everything[2:], since)
    assert (
        len(missing_edge) == 1 and "edge" in missing_edge[0] and "not returned" in missing_edge[0]
    )


def test_updated_since_that_returns_older_records_is_reported() -> None:
    everything = [rec("old", "2025-01-01T00:00:00Z"), rec("new", "2025-03-01T00:00:00Z")]
    problems = updated_since_problems(everything, everything, at("2025-02-01T00:00:00Z"))
    assert problems == [
        "1 record(s) older than updated_since=2025-02-01T00:00:00Z were "
        "returned: old (updated_at 2025-01-01T00:00:00Z)"
    ]


def test_updated_since_accepts_records_that_changed_after_the_full_read() -> None:
    everything = [rec("old", "2025-01-01T00:00:00Z")]
    fresh = [rec("fresh", "2025-06-01T00:00:00Z")]
    assert updated_since_problems(everything, fresh, at("2025-02-01T00:00:00Z")) == []


def test_pivot_is_a_median_timestamp_that_leaves_older_records_out() -> None:
    records = [rec(str(i), f"2025-01-0{i}T00:00:00Z") for i in range(1, 6)]
    assert format_timestamp(pick_since(records)) == "2025-01-03T00:00:00Z"
    assert pick_since([rec("a", "2025-01-01T00:00:00Z"), rec("b", "2025-01-01T00:00:00Z")]) is None


def test_sort_allows_ties_in_any_order_but_not_inversions() -> None:
    tied = [
        rec("a", "2025-01-01T00:00:00Z"),
        rec("b", "2025-01-02T00:00:00Z"),
        rec("c", "2025-01-02T00:00:00Z"),
        rec("d", "2025-01-03T00:00:00Z"),
    ]
    assert order_problems(tied, "updated_at", descending=False) == []
    assert order_problems(list(reversed(tied)), "updated_at", descending=True) == []
    problems = order_problems(tied, "updated_at", descending=True)
    assert problems and "sort=-updated_at is not honoured: a" in problems[0]


def test_sort_cannot_be_judged_on_missing_timestamps() -> None:
    problems = order_problems([rec("a"), rec("b", "2025-01-01T00:00:00Z")], "updated_at", False)
    assert problems and "cannot judge" in problems[0]


def test_timestamps_must_be_rfc3339_with_an_offset() -> None:
    assert parse_timestamp("2025-10-01T09:00:00Z") == at("2025-10-01T09:00:00+00:00")
    assert parse_timestamp("2025-10-01 09:00:00") is None
    assert parse_timestamp("2025-10-01T09:00:00") is None
    assert parse_timestamp(None) is None
    assert format_timestamp(datetime(2025, 10, 1, 9, tzinfo=UTC)) == "2025-10-01T09:00:00Z"


def test_filter_reports_strays_and_misses() -> None:
    everything = [rec("a", cohort="2024"), rec("b", cohort="2025"), rec("c", cohort="2025")]

    def is_2025(r: dict) -> bool:
        return r["attributes"]["cohort"] == "2025"

    assert filter_problems(everything, everything[1:], is_2025, "cohort=2025") == []
    problems = filter_problems(everything, everything[:2], is_2025, "cohort=2025")
    assert problems == [
        "1 record(s) not matching cohort=2025 were returned: a",
        "1 record(s) matching cohort=2025 were not returned: c",
    ]


def test_filter_accepts_what_the_rules_allow_beyond_the_match() -> None:
    everything = [rec("a", s="withdrawn"), rec("b", s="deferred")]

    def deferred(r: dict) -> bool:
        return r["attributes"]["s"] == "deferred"

    assert (
        filter_problems(everything, everything, deferred, "s=deferred", accepts=lambda r: True)
        == []
    )


def test_overlap_keeps_the_order_of_the_first_list() -> None:
    assert overlap(["c", "a", "b"], ["b", "c"]) == ["c", "b"]


def test_order_of_plain_dates_is_judged_too() -> None:
    statements = [
        rec("a", payment_date="2025-01-25"),
        rec("b", payment_date="2025-04-25"),
        rec("c", payment_date="2025-04-25"),
    ]
    assert order_problems(statements, "payment_date", descending=False) == []
    problems = order_problems(list(reversed(statements)), "payment_date", descending=False)
    assert problems and "b (2025-04-25T00:00:00Z) comes before a" in problems[0]
