"""Each platform/read fault changes exactly what the catalogue says: a probe that holds on the
clean sandbox fails on a sandbox with that fault switched on."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from rect_sandbox._faults import CATALOGUE, NAMES, UnknownFault, faults_from
from rect_sandbox._faults_lifecycle import LIFECYCLE
from tests.sandbox.helpers import bearer, build
from tests.sandbox.test_lifecycle_faults_declarations import CASES as DECLARATION_CASES
from tests.sandbox.test_lifecycle_faults_participants import CASES as PARTICIPANT_CASES
from tests.sandbox.test_lifecycle_faults_partnerships import CASES as PARTNERSHIP_CASES

RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
UNKNOWN = "00000000-0000-4000-8000-000000000000"


def _get(client, path, token=True, **headers):
    provider = client.app.state.lead_providers[0]
    return client.get(path, headers={**(bearer(provider) if token else {}), **headers})


def _ids(client, path):
    return [r["id"] for r in _get(client, path).json()["data"]]


def enrolments_have_schedule(client):
    rows = _get(client, "/api/v3/participants").json()["data"]
    return all("schedule_identifier" in e for r in rows for e in r["attributes"]["ecf_enrolments"])


def training_count_is_integer(client):
    return all(
        isinstance(r["attributes"]["participants_currently_training"], int)
        for r in _get(client, "/api/v3/partnerships").json()["data"]
    )


def declaration_partner_present(client):
    return all(
        r["attributes"]["delivery_partner_id"]
        for r in _get(client, "/api/v3/participant-declarations").json()["data"]
    )


def training_status_in_enum(client):
    rows = _get(client, "/api/v3/participants?filter[training_status]=deferred").json()["data"]
    return bool(rows) and all(
        e["training_status"] in ("active", "deferred", "withdrawn")
        for r in rows
        for e in r["attributes"]["ecf_enrolments"]
    )


def statement_times_rfc3339(client):
    return all(
        RFC3339.match(r["attributes"]["updated_at"])
        for r in _get(client, "/api/v3/statements").json()["data"]
    )


def not_found_has_errors_array(client):
    return "errors" in _get(client, f"/api/v3/participants/{UNKNOWN}").json()


def get_is_json(client):
    return _get(client, "/api/v3/statements").headers["content-type"].startswith("application/json")


def statements_need_token(client):
    return _get(client, "/api/v3/statements", token=False).status_code == 401


def unauthorised_has_error_string(client):
    return _get(client, "/api/v3/participants", token=False).json() == {
        "error": "HTTP Token: Access denied"
    }


def partnerships_are_own(client):
    own = client.app.state.lead_providers[0]["id"]
    ids = set(_ids(client, "/api/v3/partnerships?page[per_page]=3000"))
    rows = client.app.state.db.execute(
        "SELECT id FROM partnerships WHERE lead_provider_id = ?", (own,)
    ).fetchall()
    return ids == {r[0] for r in rows}


def other_participant_hidden(client):
    other = client.app.state.lead_providers[1]
    theirs = client.get("/api/v3/participants", headers=bearer(other)).json()["data"]
    mine = set(_ids(client, "/api/v3/participants?page[per_page]=3000"))
    foreign = next(r["id"] for r in theirs if r["id"] not in mine)
    return _get(client, f"/api/v3/participants/{foreign}").status_code == 404


def _pages(client, path, size):
    seen, number = [], 1
    while True:
        page = _ids(
            client, f"{path}{'&' if '?' in path else '?'}page[per_page]={size}&page[page]={number}"
        )
        if not page:
            return seen
        seen += page
        number += 1


def pages_have_no_duplicates(client):
    paged = _pages(client, "/api/v3/participants", 10)
    return len(paged) == len(set(paged))


def pages_have_no_gaps(client):
    return _pages(client, "/api/v3/participants", 10) == _ids(
        client, "/api/v3/participants?page[per_page]=3000"
    )


def per_page_honoured(client):
    return len(_ids(client, "/api/v3/participants?page[per_page]=5")) == 5


def updated_since_honoured(client):
    return _ids(client, "/api/v3/participants?filter[updated_since]=2100-01-01T00:00:00Z") == []


def updated_since_inclusive(client):
    """A participant written at the very instant polled for is in the poll (rules 5.2)."""
    stamp = _get(client, "/api/v3/participants").json()["data"][0]["attributes"]["updated_at"]
    listed = _get(client, f"/api/v3/participants?filter[updated_since]={stamp}&page[per_page]=3000")
    return any(r["attributes"]["updated_at"] == stamp for r in listed.json()["data"])


def sort_honoured(client):
    rows = _get(client, "/api/v3/participants?sort=-created_at&page[per_page]=3000").json()["data"]
    created = [r["attributes"]["ecf_enrolments"][0]["created_at"] for r in rows]
    ids = [r["id"] for r in rows]
    ascending = _ids(client, "/api/v3/participants?page[per_page]=3000")
    return bool(created) and ids == list(reversed(ascending))


def cohort_filter_honoured(client):
    rows = _get(client, "/api/v3/partnerships?filter[cohort]=2023&page[per_page]=3000").json()[
        "data"
    ]
    return bool(rows) and {r["attributes"]["cohort"] for r in rows} == {"2023"}


def server_date_honoured(client):
    past = _get(
        client,
        "/api/v3/partnerships?page[per_page]=3000",
        **{"X-With-Server-Date": "2019-01-01T10:00:00Z"},
    )
    return sum(r["attributes"]["participants_currently_training"] for r in past.json()["data"]) == 0


def no_server_errors(client):
    return all(_get(client, "/api/v3/statements").status_code == 200 for _ in range(14))


PROBES = {
    "enrolment-missing-field": enrolments_have_schedule,
    "wrong-type": training_count_is_integer,
    "unexpected-null": declaration_partner_present,
    "enum-out-of-range": training_status_in_enum,
    "bad-datetime": statement_times_rfc3339,
    "error-envelope": not_found_has_errors_array,
    "wrong-content-type": get_is_json,
    "auth-ignored": statements_need_token,
    "auth-envelope": unauthorised_has_error_string,
    "tenancy-leak-list": partnerships_are_own,
    "tenancy-leak-show": other_participant_hidden,
    "page-duplicates": pages_have_no_duplicates,
    "page-gap": pages_have_no_gaps,
    "per-page-ignored": per_page_honoured,
    "updated-since-ignored": updated_since_honoured,
    "updated-since-exclusive": updated_since_inclusive,
    "sort-ignored": sort_honoured,
    "filter-ignored": cohort_filter_honoured,
    "server-date-ignored": server_date_honoured,
    "intermittent-500": no_server_errors,
}


@pytest.fixture(scope="module")
def clean_app():
    return build(participants=120)


@pytest.mark.parametrize("fault", sorted(PROBES))
def test_fault_breaks_what_it_names_and_the_clean_sandbox_does_not(clean_app, fault):
    probe = PROBES[fault]
    assert probe(clean_app), f"the clean sandbox fails the {fault} probe"
    assert not probe(build(participants=120, faults=[fault])), f"{fault} changed nothing"


def test_every_catalogued_fault_has_a_category_and_description():
    assert len(CATALOGUE) == len(NAMES) == 21 + len(LIFECYCLE)
    assert {category for _, category, _ in CATALOGUE} == {
        "schema",
        "status",
        "auth",
        "tenancy",
        "sync",
        "lifecycle",
        "robustness",
    }
    assert all(name and what for name, _, what in CATALOGUE)


def test_every_fault_is_shown_changing_the_sandbox_by_one_probe_or_case():
    lifecycle = {name for name, _ in LIFECYCLE}
    cases = [*DECLARATION_CASES, *PARTICIPANT_CASES, *PARTNERSHIP_CASES]
    assert len(cases) == len(set(cases))
    assert set(cases) == lifecycle
    # The other faults have their probes here, but for two the write tests show
    # (test_actions_http.py, test_declarations_http.py, test_partnership_writes.py).
    assert set(PROBES) - lifecycle == set(NAMES) - lifecycle - {
        "updated-at-not-bumped",
        "create-returns-201",
    }


def test_an_unknown_fault_name_is_refused_with_the_valid_list_hint():
    with pytest.raises(UnknownFault, match="--list-faults"):
        faults_from(["page-gapp"])
    assert faults_from(["page-gap"]).on("page-gap")


def test_list_faults_prints_one_tab_separated_line_per_fault():
    out = subprocess.run(
        [sys.executable, "-m", "rect_sandbox", "--list-faults"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert {line.split("\t")[0] for line in out} == NAMES
    assert all(len(line.split("\t")) == 3 for line in out)
