"""A target without test support (the DfE sandbox's situation): a proxy hides the embedded
sandbox's ``/test-support``, so the scenarios claim seed participants by their state instead of
registering their own, undo what they changed, and report as "not run" (with the reason)
whatever they could not do. What the run left behind is checked through the API itself."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from rect_conformance import lifecycle
from rect_conformance._target import EmbeddedSandbox
from tests.engine.helpers import run_cli
from tests.proxy import without_test_support

DEFAULT = ",".join(check.name for check in lifecycle.CHECKS)
FIRST, SECOND = "RECT_LIFECYCLE_PROXY_TOKEN", "RECT_LIFECYCLE_PROXY_TOKEN_2"


def _snapshot(base_url: str, token: str) -> dict[str, Any]:
    """Every participant's enrolments, declaration and partnership of the provider, as shown."""
    with httpx.Client(base_url=base_url, headers={"Authorization": f"Bearer {token}"}) as http:

        def every(path: str) -> list[dict[str, Any]]:
            return http.get(path, params={"page[per_page]": 3000}).json()["data"]

        return {
            "enrolments": {
                p["id"]: [
                    (
                        e["participant_type"],
                        e["cohort"],
                        e["schedule_identifier"],
                        e["training_status"],
                    )
                    for e in p["attributes"]["ecf_enrolments"]
                ]
                for p in every("/api/v3/participants")
            },
            "declarations": {
                d["id"]: d["attributes"]["state"] for d in every("/api/v3/participant-declarations")
            },
            "partners": {
                p["id"]: p["attributes"]["delivery_partner_id"]
                for p in every("/api/v3/partnerships")
            },
        }


@pytest.fixture(scope="module")
def proxied(tmp_path_factory):
    with EmbeddedSandbox() as sandbox, without_test_support(sandbox.base_url) as url:
        token = str(sandbox.tokens[0]["token"])
        before = _snapshot(sandbox.base_url, token)
        result = run_cli(
            [
                "--base-url",
                url,
                "--token-env",
                FIRST,
                "--second-token-env",
                SECOND,
                "--checks",
                DEFAULT,
            ],
            tmp_path_factory.mktemp("proxy") / "r",
            env={FIRST: token, SECOND: str(sandbox.tokens[1]["token"])},
        )
        after = _snapshot(sandbox.base_url, token)
    return result, before, after


def test_the_run_has_no_test_support_and_finds_nothing_wrong(proxied):
    result, _, _ = proxied
    assert result.code == 0, result.output
    assert result.summary["target"]["test_support"] is False
    assert result.summary["findings"] == []


def test_scenarios_claim_seed_participants(proxied):
    result, before, _ = proxied
    ran = [s for s in result.summary["lifecycle"]["scenarios"] if s["result"] == "passed"]
    claimed = {pid for s in ran for pid in s["participants"]}
    assert len(claimed) >= 5 and claimed <= set(before["enrolments"])
    by_scenario = [set(s["participants"]) for s in ran if s["check"] != "lifecycle-bad-input"]
    assert all(not (a & b) for i, a in enumerate(by_scenario) for b in by_scenario[i + 1 :])


def test_what_could_not_run_says_why_and_nothing_unrun_passed(proxied):
    result, _, _ = proxied
    section = result.summary["lifecycle"]
    not_run = [s for s in section["scenarios"] if s["result"] == "not run"]
    assert not_run and all(s["reason"] for s in not_run)
    assert any("test support" in s["reason"] for s in not_run)
    assert all(s["result"] in ("passed", "not run") for s in section["scenarios"])
    assert all(s["requests"] > 0 for s in section["scenarios"] if s["result"] == "passed")
    for cell in section["matrix"]:
        assert cell["result"] in ("passed", "not run")
        assert cell["result"] == "not run" or cell["steps"] > 0
    assert {c["state"] for c in section["matrix"] if c["result"] == "passed"} >= {
        "active",
        "deferred",
        "withdrawn",
    }


def test_the_run_undid_what_it_changed(proxied):
    result, before, after = proxied
    section = result.summary["lifecycle"]
    assert section["undone"] and section["not_undone"] == []
    # no participant is left withdrawn, deferred or on another schedule by the run
    assert after["enrolments"] == before["enrolments"]
    # every declaration the run made is voided; none of the seed's changed state
    made = set(after["declarations"]) - set(before["declarations"])
    assert made and {after["declarations"][d] for d in made} == {"voided"}
    assert {d: after["declarations"][d] for d in before["declarations"]} == before["declarations"]
    assert after["partners"] == before["partners"]
