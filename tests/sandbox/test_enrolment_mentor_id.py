"""The ECT enrolment's ``mentor_id`` (rules 12.2): the mentor of the ECT's current-or-next
mentorship at the ECT's latest school, earliest first; null otherwise and on mentor enrolments."""

from __future__ import annotations

from tests.sandbox.helpers import at, minimal, school_id


def _support(client, provider, path, when="2025-09-01T09:00:00Z", **attributes):
    answer = client.post(
        f"/test-support/{path}",
        headers=at(provider, when),
        json={"data": {"attributes": attributes}},
    )
    assert answer.status_code == 200, answer.text
    return answer.json()["data"]


def _register(client, provider, course, school, **extra):
    return _support(
        client,
        provider,
        "participants",
        school_id=school,
        cohort="2025",
        course_identifier=course,
        start_date="2025-09-01",
        **extra,
    )["id"]


def _assign(client, provider, ect, mentor, start):
    _support(client, provider, f"participants/{ect}/mentor", mentor_id=mentor, start_date=start)


def _enrolments(client, provider, pid, when="2025-11-10T12:00:00Z"):
    answer = client.get(f"/api/v3/participants/{pid}", headers=at(provider, when))
    assert answer.status_code == 200, answer.text
    return {e["participant_type"]: e for e in answer.json()["data"]["attributes"]["ecf_enrolments"]}


def test_mentor_id_only_counts_mentorships_at_the_ects_latest_school():
    client, providers = minimal()
    me = providers[0]
    first, second = school_id(client, "100000"), school_id(client, "100001")
    ect = _register(client, me, "ecf-induction", first)
    _assign(client, me, ect, _register(client, me, "ecf-mentor", first), "2025-09-01")
    _support(
        client,
        me,
        f"participants/{ect}/leave",
        when="2025-10-31T09:00:00Z",
        course_identifier="ecf-induction",
        date="2025-10-31",
        joining={"school_id": second, "lead_provider_id": me["id"], "start_date": "2025-11-01"},
    )
    assert _enrolments(client, me, ect)["ect"]["mentor_id"] is None
    new_mentor = _register(client, me, "ecf-mentor", second)
    _assign(client, me, ect, new_mentor, "2025-11-03")
    assert _enrolments(client, me, ect)["ect"]["mentor_id"] == new_mentor


def test_mentor_id_is_the_earliest_current_or_upcoming_mentorship():
    client, providers = minimal()
    me = providers[0]
    school = school_id(client, "100000")
    ect = _register(client, me, "ecf-induction", school)
    now_mentor, next_mentor = (
        _register(client, me, "ecf-mentor", school),
        _register(client, me, "ecf-mentor", school),
    )
    _assign(client, me, ect, now_mentor, "2025-09-01")
    _assign(client, me, ect, next_mentor, "2025-12-01")
    assert _enrolments(client, me, ect, "2025-11-30T12:00:00Z")["ect"]["mentor_id"] == now_mentor
    # The reassignment ended the first mentorship on 1 December, so from then on the second one
    # shows.
    assert _enrolments(client, me, ect, "2025-12-01T12:00:00Z")["ect"]["mentor_id"] == next_mentor


def test_mentor_id_may_be_a_mentor_the_provider_does_not_train():
    client, providers = minimal()
    me, other = providers[0], providers[1]
    school = school_id(client, "100000")
    ect = _register(client, me, "ecf-induction", school)
    unfunded = _register(client, other, "ecf-mentor", school)
    _assign(client, me, ect, unfunded, "2025-09-01")
    assert _enrolments(client, me, ect)["ect"]["mentor_id"] == unfunded
    listed = client.get("/api/v3/unfunded-mentors", headers=at(me)).json()["data"]
    assert unfunded in {m["id"] for m in listed}


def test_mentor_id_is_null_without_a_mentorship_and_on_mentor_enrolments():
    client, providers = minimal()
    me = providers[0]
    school = school_id(client, "100000")
    person = _register(client, me, "ecf-induction", school)
    assert _enrolments(client, me, person)["ect"]["mentor_id"] is None
    _register(client, me, "ecf-mentor", school, participant_id=person)
    _assign(client, me, person, _register(client, me, "ecf-mentor", school), "2025-09-01")
    both = _enrolments(client, me, person)
    assert both["ect"]["mentor_id"] is not None
    assert both["mentor"]["mentor_id"] is None


def test_unfunded_mentor_drops_out_when_the_ect_moves_to_another_school():
    # Rules 18: only mentorships at the school period of the ECT's latest TP with the provider
    # count.
    client, providers = minimal()
    me, other = providers[0], providers[1]
    first, second = school_id(client, "100000"), school_id(client, "100001")
    ect = _register(client, me, "ecf-induction", first)
    unfunded = _register(client, other, "ecf-mentor", first)
    _assign(client, me, ect, unfunded, "2025-09-01")
    listed = client.get("/api/v3/unfunded-mentors", headers=at(me)).json()["data"]
    assert unfunded in {m["id"] for m in listed}
    _support(
        client,
        me,
        f"participants/{ect}/leave",
        when="2025-10-31T09:00:00Z",
        course_identifier="ecf-induction",
        date="2025-10-31",
        joining={"school_id": second, "lead_provider_id": me["id"], "start_date": "2025-11-01"},
    )
    listed = client.get("/api/v3/unfunded-mentors", headers=at(me)).json()["data"]
    assert unfunded not in {m["id"] for m in listed}
    shown = client.get(f"/api/v3/unfunded-mentors/{unfunded}", headers=at(me))
    assert shown.status_code == 404
