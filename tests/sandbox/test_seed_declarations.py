"""Every seeded declaration is one the API could have made: each is held to the lifecycle oracle
(``oracle.declaration_problems``), an independent reading of the rules, against the cohort and
schedule of the training period it was declared on (read from the sandbox's SQLite), with the
person's other declarations in that role for duplicates and the date sequence.

The declarations are taken as the API shows them, from every provider's list. Cohort 2026 is
outside the oracle's rules (they stop at 2025), so those declarations are counted apart and not
judged; every other one is.
"""

from __future__ import annotations

from collections import defaultdict

import pytest

from rect_conformance import oracle
from tests.sandbox.helpers import bearer, build

WORLDS = {
    "full, seed 1": {"seed": 1, "participants": 400},
    "full, seed 2": {"seed": 2, "participants": 400},
    "full, seed 3": {"seed": 3, "participants": 1200},
    "minimal": {"world": "minimal"},
}


def _shown(client) -> dict[str, dict]:
    """Every declaration any provider can list, by id, as the API renders it."""
    found: dict[str, dict] = {}
    for provider in client.app.state.lead_providers:
        page = 1
        while True:
            answer = client.get(
                f"/api/v3/participant-declarations?page[per_page]=1000&page[page]={page}",
                headers=bearer(provider),
            )
            assert answer.status_code == 200, answer.text
            rows = answer.json()["data"]
            if not rows:
                break
            found.update((row["id"], row) for row in rows)
            page += 1
    return found


@pytest.mark.parametrize("world", sorted(WORLDS))
def test_every_seeded_declaration_keeps_the_rules_the_api_enforces(world):
    client = build(**WORLDS[world])
    db = client.app.state.db
    periods = {
        row["id"]: (row["cohort"], row["schedule_identifier"])
        for row in db.execute(
            "SELECT d.id, tp.cohort, tp.schedule_identifier FROM declarations d"
            " JOIN training_periods tp ON tp.id = d.training_period_id"
        )
    }
    shown = _shown(client)
    assert set(shown) == set(periods), "a stored declaration is missing from every list"
    by_person = defaultdict(list)
    for declaration in shown.values():
        attributes = declaration["attributes"]
        by_person[(attributes["participant_id"], attributes["course_identifier"])].append(
            declaration
        )
    problems, judged, beyond = [], 0, 0
    for declaration_id, declaration in shown.items():
        cohort, schedule = periods[declaration_id]
        if cohort not in oracle.COHORTS:
            beyond += 1
            continue
        attributes = declaration["attributes"]
        others = by_person[(attributes["participant_id"], attributes["course_identifier"])]
        problems += oracle.declaration_problems(
            declaration, cohort_year=cohort, schedule=schedule, others=others
        )
        judged += 1
    assert not problems, "\n".join(f"{p.rule_id} {p.declaration_id}: {p.message}" for p in problems)
    assert judged + beyond == len(periods)
    if world == "minimal":
        # The minimal world seeds no participants, so it has no declarations to judge.
        assert judged == len(periods) == 0
    else:
        assert judged > 100 and beyond < judged
