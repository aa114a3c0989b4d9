"""Release-note expectations: the pure evaluation on small data, and the files in contracts/."""

from __future__ import annotations

from pathlib import Path

import pytest

from rect_conformance._errors import UsageError
from rect_conformance.evolution import evaluate, load_expectations, load_spec, normalise
from rect_conformance.evolution._crosscheck import SpecIndex
from rect_conformance.evolution._expect import parse_expectation
from rect_conformance.evolution._scaffold import scaffold
from rect_conformance.findings import Kind

FOLDER = Path(__file__).resolve().parents[2] / "contracts" / "release_notes"

WORKING = parse_expectation(
    {
        "note": "Add working_pattern field",
        "date": "2026-05-07",
        "operations": ["getParticipants"],
        "objects": "data.attributes.ecf_enrolments",
        "attribute": "working_pattern",
        "type": "string",
        "nullable": True,
        "values": ["full_time", "part_time"],
        "participant_types": ["ect", "mentor"],
        "null_for": ["mentor"],
    },
    "working",
)


def _participants(*enrolments):
    return {"data": [{"id": "p1", "attributes": {"ecf_enrolments": list(enrolments)}}]}


def test_kept_promise_gives_no_findings():
    body = _participants(
        {"participant_type": "ect", "working_pattern": "part_time"},
        {"participant_type": "ect", "working_pattern": None},
        {"participant_type": "mentor", "working_pattern": None},
    )
    assert evaluate(WORKING, body) == []


@pytest.mark.parametrize(
    ("enrolment", "shown"),
    [
        ({"participant_type": "ect"}, "working_pattern is missing"),
        ({"participant_type": "ect", "working_pattern": "fulltime"}, "not one of"),
        ({"participant_type": "ect", "working_pattern": 1}, "expected string"),
        ({"participant_type": "mentor", "working_pattern": "full_time"}, "for a mentor"),
    ],
)
def test_broken_promise_is_a_release_note_finding(enrolment, shown):
    (finding,) = evaluate(WORKING, _participants(enrolment), "getParticipants")
    assert shown in finding.message and finding.kind is Kind.RELEASE_NOTE
    assert finding.operation == "getParticipants" and "2026-05-07" in finding.source


def test_single_record_responses_are_walked_like_lists():
    body = {
        "data": {
            "id": "p1",
            "attributes": {
                "ecf_enrolments": [{"participant_type": "ect", "working_pattern": "half"}]
            },
        }
    }
    assert len(evaluate(WORKING, body)) == 1


def test_format_and_when_and_absent_are_checked():
    dated = parse_expectation(
        {
            "note": "n",
            "operations": ["x"],
            "objects": "data.attributes",
            "attribute": "end",
            "type": "string",
            "format": "date",
            "nullable": True,
        },
        "dated",
    )
    assert evaluate(dated, {"data": {"attributes": {"end": "2025-13-01"}}})
    assert not evaluate(dated, {"data": {"attributes": {"end": "2025-05-31"}}})
    status = parse_expectation(
        {
            "note": "n",
            "operations": ["x"],
            "objects": "data",
            "attribute": "s",
            "values": ["left"],
            "when": {"t": ["withdrawn"]},
        },
        "status",
    )
    assert not evaluate(status, {"data": [{"t": "active", "s": "active"}]})
    assert evaluate(status, {"data": [{"t": "withdrawn", "s": "active"}]})
    gone = parse_expectation(
        {"note": "n", "operations": ["x"], "objects": "data", "attribute": "old", "absent": True},
        "gone",
    )
    assert evaluate(gone, {"data": {"old": 1}}) and not evaluate(gone, {"data": {}})


def test_expectation_with_unknown_fields_is_refused():
    with pytest.raises(UsageError, match="unknown fields"):
        parse_expectation(
            {"note": "n", "operations": ["x"], "objects": "d", "attribute": "a", "colour": "red"},
            "bad",
        )


def test_expectation_files_name_published_notes_and_real_operations(
    published_notes, published_spec_path
):
    expectations = load_expectations(FOLDER)
    assert len(expectations) >= 20
    titles = {n.title for n in published_notes}
    spec = load_spec(published_spec_path)
    operation_ids = {op["operation_id"] for op in normalise(spec.raw)["operations"].values()}
    index = SpecIndex.from_model(normalise(spec.raw))
    for exp in expectations:
        assert exp.note in titles, exp.name
        assert set(exp.operations) <= operation_ids, exp.name
        assert exp.absent or index.holds(exp.attribute), exp.name
        assert set(exp.values) <= index.values | {"False", "True"}, exp.name


def test_scaffold_drafts_an_expectation_from_what_a_note_names(
    published_notes, published_spec_path
):
    note = next(n for n in published_notes if n.title.startswith("Add working_pattern"))
    (draft, *_) = scaffold(note, normalise(load_spec(published_spec_path).raw))
    assert draft["attribute"] == "working_pattern"
    assert draft["objects"] == "data.attributes.ecf_enrolments"
    assert {"getParticipants", "getParticipant"} <= set(draft["operations"])
    assert draft["values"] == ["full_time", "part_time"] and draft["nullable"] is True


def _examples(raw, operation_id):
    for item in raw["paths"].values():
        for op in item.values():
            if isinstance(op, dict) and op.get("operationId") == operation_id:
                media = op["responses"]["200"]["content"]["application/json"]
                return [e["value"] for e in (media.get("examples") or {}).values()]
    return []


def test_published_response_examples_keep_every_note_promise(published_spec_path):
    raw = load_spec(published_spec_path).raw
    checked = 0
    for exp in load_expectations(FOLDER):
        for operation_id in exp.operations:
            for example in _examples(raw, operation_id):
                assert evaluate(exp, example, operation_id) == [], (exp.name, operation_id)
                checked += 1
    assert checked >= 20


def test_published_example_without_the_new_attribute_is_caught(published_spec_path):
    import copy

    raw = load_spec(published_spec_path).raw
    (example, *_) = _examples(raw, "getParticipants")
    broken = copy.deepcopy(example)
    broken["data"][0]["attributes"]["ecf_enrolments"][0].pop(
        "most_recent_induction_period_end_date"
    )
    exp = next(
        e
        for e in load_expectations(FOLDER)
        if e.attribute == "most_recent_induction_period_end_date"
    )
    (finding,) = evaluate(exp, broken, "getParticipants")
    assert "most_recent_induction_period_end_date is missing" in finding.message
