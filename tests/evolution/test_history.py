"""The 59 successive published pairs: the diff and the cross-check run, and find what reading
the history by hand finds."""

from __future__ import annotations

import json

import pytest
from evolution_specs import run_cli

from rect_conformance.evolution import diff_models, run_history


@pytest.fixture(scope="session")
def timeline(history_versions, published_notes):
    return run_history(history_versions, published_notes)


def _step(history_versions, position: int):
    """Changes from version ``position - 1`` to ``position`` (1-based prefixes)."""
    by_position = {v.position: v for v in history_versions}
    changes = diff_models(by_position[position - 1].model, by_position[position].model)
    return [c for c in changes if not c.is_doc]


def _find(changes, rule_id, location="", detail=""):
    return [
        c for c in changes if c.rule_id == rule_id and location in c.location and detail in c.detail
    ]


def test_all_59_pairs_diff_and_cross_check_without_error(history_versions, timeline):
    assert len(history_versions) == 60
    assert [v.position for v in history_versions] == list(range(1, 61))
    assert len(timeline.steps) == 59


def test_newest_version_has_operation_ids_and_older_ones_do_not(history_versions):
    newest, older = history_versions[-1].model, history_versions[-2].model
    assert (
        newest["operations"]["PUT /api/v3/participants/{id}/withdraw"]["operation_id"]
        == "withdrawParticipant"
    )
    assert all(op["operation_id"] is None for op in older["operations"].values())
    # adding operationIds alone changes nothing; the same version mends a misspelt `type`
    (fixed,) = _step(history_versions, 60)
    assert (fixed.rule_id, fixed.location, fixed.detail) == (
        "schema-unknown-keyword-fixed",
        "ParticipantTransfersResponse",
        "tyoe",
    )


def test_statements_path_gets_its_leading_slash_in_version_2(history_versions):
    changes = _step(history_versions, 2)
    assert _find(changes, "path-removed", "api/v3/statements")[0].location == "api/v3/statements"
    assert _find(changes, "path-added", "/api/v3/statements")


def test_sorting_schema_renamed_twice(history_versions):
    assert _find(_step(history_versions, 14), "schema-renamed")[0].new == "SortOrder"
    renamed = _find(_step(history_versions, 15), "schema-renamed")[0]
    assert (renamed.old, renamed.new) == ("SortOrder", "SortingTimestamps")


def test_partnership_request_ref_dangles_in_19_and_is_fixed_in_21(history_versions):
    dangling = _find(_step(history_versions, 19), "ref-dangling")
    assert dangling and dangling[0].detail == "#/components/schemas/PartnershipRequest"
    assert dangling[0].operations == ("POST /api/v3/partnerships",)
    assert _find(_step(history_versions, 21), "ref-dangling-fixed")


def test_schools_cohort_filter_made_required_then_optional(history_versions):
    required = _find(_step(history_versions, 23), "parameter-made-required", "filter[cohort]")
    assert required[0].breaking
    assert required[0].operations == ("GET /api/v3/schools", "GET /api/v3/schools/{id}")
    assert _find(_step(history_versions, 24), "parameter-made-optional", "filter[cohort]")


def test_enrolments_renamed_to_ecf_enrolments_in_25(history_versions):
    changes = _step(history_versions, 25)
    assert _find(changes, "response-property-removed", "Participant.attributes.enrolments")[
        0
    ].breaking
    assert _find(changes, "response-property-added", "Participant.attributes.ecf_enrolments")


def test_declaration_state_values_change_from_underscores_to_hyphens_in_51(history_versions):
    changes = _step(history_versions, 51)
    added = {
        c.detail
        for c in _find(changes, "response-enum-value-added", "Declaration.attributes.state")
    }
    removed = {
        c.detail
        for c in _find(changes, "response-enum-value-removed", "Declaration.attributes.state")
    }
    assert added == {"awaiting-clawback", "clawed-back"}
    assert removed == {"awaiting_clawback", "clawed_back"}


def test_working_pattern_added_in_52_and_made_nullable_in_54(history_versions):
    added = _find(_step(history_versions, 52), "response-property-added", "working_pattern")
    assert added[0].location == "ParticipantECFEnrolment.working_pattern" and not added[0].breaking
    assert "GET /api/v3/participants" in added[0].operations
    nullable = _find(
        _step(history_versions, 54), "response-property-made-nullable", "working_pattern"
    )
    assert nullable[0].breaking


def test_changed_lead_provider_reaches_withdraw_request_and_every_participant_response(
    history_versions,
):
    changes = _step(history_versions, 56)
    request = _find(changes, "request-enum-value-added", detail="changed-lead-provider")[0]
    response = _find(changes, "response-enum-value-added", detail="changed-lead-provider")[0]
    assert (
        request.operations == ("PUT /api/v3/participants/{id}/withdraw",) and not request.breaking
    )
    assert response.breaking and len(response.operations) == 6


def test_most_recent_induction_period_end_date_moves_into_enrolments_in_58(history_versions):
    changes = _step(history_versions, 58)
    (moved,) = _find(
        changes,
        "response-property-moved",
        "Participant.attributes.most_recent_induction_period_end_date",
    )
    assert moved.breaking
    assert moved.new == "ParticipantECFEnrolment.most_recent_induction_period_end_date"
    assert _find(
        changes,
        "response-property-added",
        "ParticipantECFEnrolment.most_recent_induction_period_end_date",
    )


def test_the_move_in_58_is_not_announced_by_the_note_that_announces_the_addition(timeline):
    step = next(s for s in timeline.steps if s.new.position == 58)
    unannounced = {c.rule_id for c in step.check.unannounced}
    announced = {c.rule_id for c, _ in step.check.matches}
    assert "response-property-moved" in unannounced
    assert "response-property-added" in announced


def test_statements_cohort_filter_goes_from_form_to_deep_object_in_8(history_versions):
    changes = _step(history_versions, 8)
    (style,) = _find(changes, "parameter-style-changed", "query:filter")
    assert (style.old, style.new, style.breaking) == ("form", "deepObject", True)
    (explode,) = _find(changes, "parameter-explode-changed", "query:filter")
    assert (explode.old, explode.new) == ("true", "false")


def test_evidence_held_made_required_inside_an_any_of_branch_in_50(history_versions):
    changes = _step(history_versions, 50)
    inside = _find(
        changes,
        "request-branch-property-made-required",
        "DeclarationPost2024ECTStartedAttributes.evidence_held",
    )
    assert inside and inside[0].breaking
    assert inside[0].operations == ("POST /api/v3/participant-declarations",)
    # the merged request body does not show it: anyOf needs a property in every branch
    assert not _find(changes, "request-property-made-required", "evidence_held")


def test_cross_check_finds_what_the_notes_get_wrong(timeline):
    problems = {(p.kind, p.item) for p in timeline.check.problems}
    assert ("method-mismatch", "POST /participants/{id}/withdraw") in problems
    assert ("method-mismatch", "POST /participants/{id}/resume") in problems
    assert ("spelled-differently", "changed_lead_provider") in problems
    assert ("spelled-differently", "provider-led") in problems
    assert ("not-in-spec", "finished_on") in problems
    # removals the notes announce of fields the v3 spec never had: the ECF1 API's names
    removed_before = {"has_passed", "trn_validated", "challenged_reason", "challenged_at"}
    assert {item for kind, item in problems if kind == "removed-never-in-spec"} == removed_before
    (launch,) = [p for p in timeline.check.problems if p.kind == "servers-not-in-spec"]
    assert launch.note == "Register early career teachers service launched"
    assert "https://www.register-early-career-teachers.education.gov.uk/api/v3" in launch.message
    assert "API tokens" in launch.message


def test_cross_check_matches_notes_to_the_changes_they_announce(timeline):
    announced = {
        (c.rule_id, c.detail or c.location, title)
        for s in timeline.steps
        for c, title in s.check.matches
    }
    assert (
        "response-enum-value-added",
        "changed-lead-provider",
        "Added new withdrawal reason 'changed_lead_provider'",
    ) in announced
    assert any(
        r == "response-property-added" and "working_pattern" in loc for r, loc, _ in announced
    )
    unannounced = {
        c.rule_id + " " + c.location for s in timeline.steps for c in s.check.unannounced
    }
    assert "response-property-made-nullable ParticipantTransfersTransfer.joining" in unannounced
    matched = {n.title for n in timeline.notes} - {n.title for n in timeline.unmatched_notes()}
    assert "GET participants endpoints added to sandbox" in matched


def test_unannounced_changes_list_breaking_ones_first(timeline):
    for step in timeline.steps:
        flags = [c.breaking for c in step.check.unannounced]
        assert flags == sorted(flags, reverse=True)


def test_history_command_writes_markdown_and_json_timelines(history_dir, tmp_path):
    code, out, err = run_cli(["history", str(history_dir), "--out", str(tmp_path)])
    assert code == 0, err
    data = json.loads((tmp_path / "timeline.json").read_text())
    assert data["totals"]["pairs"] == 59 and len(data["steps"]) == 59
    assert "changed-lead-provider" in (tmp_path / "timeline.md").read_text()
    assert "pairs: 59" in out


def test_named_items_are_classified_against_the_spec(history_versions, published_notes):
    from rect_conformance.evolution import SpecIndex, cross_check

    index = SpecIndex.from_model(history_versions[-1].model)
    note = next(n for n in published_notes if n.title.startswith("Add working_pattern"))
    named = cross_check([], [note], index).named[note.title]
    kinds = {item["text"]: item["kind"] for item in named}
    assert kinds == {"working_pattern": "attribute", "full_time": "value", "part_time": "value"}
