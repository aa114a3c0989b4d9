"""Read endpoints: envelopes, check order, filters, pagination and sorting (rules 1-5, 8-18)."""

from __future__ import annotations

import pytest

from tests.sandbox.helpers import bearer, build

LISTS = [
    "/api/v3/statements",
    "/api/v3/delivery-partners",
    "/api/v3/schools?filter[cohort]=2025",
    "/api/v3/partnerships",
    "/api/v3/participants",
    "/api/v3/participants/transfers",
    "/api/v3/unfunded-mentors",
    "/api/v3/participant-declarations",
]
NOT_FOUND = {
    "errors": [
        {"title": "Resource not found", "detail": "Nothing could be found for the provided details"}
    ]
}


def _show_path(list_path: str, record_id: str) -> str:
    if list_path == "/api/v3/participants/transfers":
        return f"/api/v3/participants/{record_id}/transfers"
    base, _, query = list_path.partition("?")
    return f"{base}/{record_id}" + (f"?{query}" if query else "")


@pytest.mark.parametrize("path", LISTS)
def test_every_list_has_more_than_ten_records_and_each_can_be_shown(clean, providers, path):
    listed = clean.get(path, headers=bearer(providers[0]))
    assert listed.status_code == 200
    assert listed.headers["content-type"].startswith("application/json")
    records = listed.json()["data"]
    assert len(records) > 10
    shown = clean.get(_show_path(path, records[0]["id"]), headers=bearer(providers[0]))
    assert shown.status_code == 200
    assert shown.json()["data"] == records[0]


@pytest.mark.parametrize("path", LISTS)
def test_missing_or_wrong_token_is_a_401_with_the_single_error_string(clean, path):
    for headers in ({}, {"Authorization": "Bearer not-a-token"}, {"Authorization": "bearer x"}):
        answer = clean.get(path, headers=headers)
        assert answer.status_code == 401
        assert answer.json() == {"error": "HTTP Token: Access denied"}


@pytest.mark.parametrize("path", LISTS)
def test_unknown_id_is_a_404_with_the_errors_envelope(clean, providers, path):
    answer = clean.get(
        _show_path(path, "00000000-0000-4000-8000-000000000000"), headers=bearer(providers[0])
    )
    assert answer.status_code == 404
    assert answer.json() == NOT_FOUND


def test_unknown_route_is_the_generic_404(clean):
    answer = clean.get("/api/v3/participants/ecf/extra/path")
    assert answer.status_code == 404
    assert answer.json() == {"error": "Resource not found"}


def test_token_is_checked_before_filter_shape(clean, providers):
    assert clean.get("/api/v3/participants?filter=x").status_code == 401
    answer = clean.get("/api/v3/participants?filter=x", headers=bearer(providers[0]))
    assert answer.status_code == 400
    assert answer.json() == {
        "errors": [{"title": "Bad parameter", "detail": "Filter must be a hash"}]
    }


def test_schools_without_cohort_filter_are_a_400(clean, providers):
    answer = clean.get("/api/v3/schools", headers=bearer(providers[0]))
    assert answer.status_code == 400
    assert (
        answer.json()["errors"][0]["detail"]
        == "The filter '#/cohort' must be included in your request"
    )


def test_schools_with_blank_or_unknown_cohort_are_empty(clean, providers):
    for value in ("", "1999", "abc"):
        answer = clean.get(f"/api/v3/schools?filter[cohort]={value}", headers=bearer(providers[0]))
        assert answer.status_code == 200
        assert answer.json() == {"data": []}


@pytest.mark.parametrize(
    "query", ["page[page]=0", "page[per_page]=-1", "page[per_page]=abc", "page[page]=0.8"]
)
def test_invalid_pagination_is_a_400(clean, providers, query):
    answer = clean.get(f"/api/v3/participants?{query}", headers=bearer(providers[0]))
    assert answer.status_code == 400
    assert "page[per_page]" in answer.json()["errors"][0]["detail"]


def test_pages_partition_the_list_without_gaps_or_repeats(clean, providers):
    headers = bearer(providers[0])
    everything = [
        r["id"]
        for r in clean.get("/api/v3/participants?page[per_page]=3000", headers=headers).json()[
            "data"
        ]
    ]
    paged = []
    for number in range(1, 100):
        page = clean.get(
            f"/api/v3/participants?page[per_page]=7&page[page]={number}", headers=headers
        ).json()["data"]
        if not page:
            break
        assert len(page) <= 7
        paged += [r["id"] for r in page]
    assert paged == everything


def test_default_page_holds_100_and_huge_pages_are_clamped():
    client = build(participants=600)
    headers = bearer(client.app.state.lead_providers[0])
    assert len(client.get("/api/v3/participants", headers=headers).json()["data"]) == 100
    everything = client.get("/api/v3/participants?page[per_page]=999999", headers=headers).json()[
        "data"
    ]
    assert len(everything) > 100


def test_cohort_filter_keeps_only_that_cohort_and_all_invalid_tokens_match_nothing(
    clean, providers
):
    headers = bearer(providers[0])
    rows = clean.get("/api/v3/partnerships?filter[cohort]=2024", headers=headers).json()["data"]
    assert rows and {r["attributes"]["cohort"] for r in rows} == {"2024"}
    assert clean.get("/api/v3/partnerships?filter[cohort]=abc", headers=headers).json() == {
        "data": []
    }
    everything = clean.get("/api/v3/partnerships?filter[cohort]=", headers=headers).json()["data"]
    assert len(everything) > len(rows)


def test_updated_since_keeps_records_at_or_after_the_instant(clean, providers):
    headers = bearer(providers[0])
    stamps = sorted(
        r["attributes"]["updated_at"]
        for r in clean.get("/api/v3/participants?page[per_page]=3000", headers=headers).json()[
            "data"
        ]
    )
    middle = stamps[len(stamps) // 2]
    kept = clean.get(
        f"/api/v3/participants?page[per_page]=3000&filter[updated_since]={middle}", headers=headers
    ).json()["data"]
    assert kept and all(r["attributes"]["updated_at"] >= middle for r in kept)
    assert len(kept) == sum(1 for s in stamps if s >= middle)


def test_unparseable_updated_since_is_a_400(clean, providers):
    answer = clean.get(
        "/api/v3/participants?filter[updated_since]=yesterday", headers=bearer(providers[0])
    )
    assert answer.status_code == 400
    assert (
        answer.json()["errors"][0]["detail"]
        == "The filter '#/updated_since' must be a valid ISO 8601 date"
    )


def test_sort_by_updated_at_descending_orders_participants(clean, providers):
    rows = clean.get(
        "/api/v3/participants?sort=-updated_at&page[per_page]=3000", headers=bearer(providers[0])
    ).json()["data"]
    stamps = [r["attributes"]["updated_at"] for r in rows]
    assert stamps == sorted(stamps, reverse=True)


def test_training_status_filter_matches_enrolments(clean, providers):
    for status in ("withdrawn", "deferred"):
        rows = clean.get(
            f"/api/v3/participants?filter[training_status]={status}", headers=bearer(providers[0])
        ).json()["data"]
        assert rows
        assert all(
            any(
                e["training_status"] in ("withdrawn", "deferred")
                for e in r["attributes"]["ecf_enrolments"]
            )
            for r in rows
        )
    assert clean.get(
        "/api/v3/participants?filter[training_status]=bogus", headers=bearer(providers[0])
    ).json() == {"data": []}


def test_statements_are_in_payment_date_order_and_output_only(clean, providers):
    rows = clean.get("/api/v3/statements?page[per_page]=3000", headers=bearer(providers[0])).json()[
        "data"
    ]
    dates = [r["attributes"]["payment_date"] for r in rows]
    assert dates == sorted(dates)
    assert {r["attributes"]["month"] for r in rows} == {"January", "April", "August", "November"}


def test_invalid_server_date_header_is_a_400_not_a_500(clean, providers):
    answer = clean.get(
        "/api/v3/participants", headers={**bearer(providers[0]), "X-With-Server-Date": "soon"}
    )
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["title"] == "Bad request"


def test_server_date_header_moves_time_dependent_fields(clean, providers):
    headers = bearer(providers[0])
    first = clean.get("/api/v3/partnerships?page[per_page]=3000", headers=headers).json()["data"]
    past = clean.get(
        "/api/v3/partnerships?page[per_page]=3000",
        headers={**headers, "X-With-Server-Date": "2019-01-01T10:00:00Z"},
    ).json()["data"]
    assert sum(r["attributes"]["participants_currently_training"] for r in first) > 0
    assert sum(r["attributes"]["participants_currently_training"] for r in past) == 0


def test_write_side_helpers_render_exactly_what_the_gets_show(clean, providers):
    from datetime import date

    from rect_sandbox import _serialize

    conn, faults, headers = clean.app.state.db, clean.app.state.faults, bearer(providers[0])
    today = date.today()
    person = clean.get("/api/v3/participants", headers=headers).json()["data"][0]
    assert (
        _serialize.participant_resource(conn, person["id"], providers[0]["id"], today, faults)
        == person
    )
    claim = clean.get("/api/v3/participant-declarations", headers=headers).json()["data"][0]
    assert _serialize.declaration_resource(conn, claim["id"], faults) == claim
    bill = clean.get("/api/v3/statements", headers=headers).json()["data"][0]
    assert _serialize.statement_resource(conn, bill["id"], faults) == bill
    deal = clean.get("/api/v3/partnerships", headers=headers).json()["data"][0]
    assert _serialize.partnership_resource(conn, deal["id"], today, faults) == deal


def test_date_only_server_date_means_midnight_london():
    from rect_sandbox._clock import parse_server_date

    assert parse_server_date("2025-07-01").isoformat() == "2025-06-30T23:00:00+00:00"
    assert parse_server_date("2025-12-31").isoformat() == "2025-12-31T00:00:00+00:00"
