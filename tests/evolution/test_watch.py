"""``rect-conformance watch`` through three rounds against the embedded sandbox, with the notes
it serves (``--sandbox-release-notes``) swapped between rounds: nothing new; a new note about
behaviour only; a new note announcing a spec change, with a breaking change no note announces.
Each round runs the real sandbox and, when something is new, the real suite (two examples per
operation, on the operations concerned only)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import httpx
import pytest
import yaml
from evolution_specs import run_cli

import rect_sandbox
from rect_conformance._api import SPEC_PATH
from rect_conformance._errors import EXIT_FINDINGS, EXIT_NEW, EXIT_OK
from rect_conformance._target import EmbeddedSandbox
from rect_conformance.evolution._impact import SECTIONS

SANDBOX_NOTES = Path(rect_sandbox.__file__).parent / "data" / "release_notes.yaml"
BEHAVIOUR_NOTE = {
    "title": "Statements list answers faster",
    "date": dt.date(2026, 7, 2),
    "tags": ["sandbox-release"],
    "body": "`GET /api/v3/statements` now answers faster for providers with many statements. "
    "Nothing in its responses changes.",
}
SPEC_NOTE = {
    "title": "New statement attribute payment_reference",
    "date": dt.date(2026, 7, 3),
    "tags": ["new-feature", "sandbox-release"],
    "body": "Statements now carry `payment_reference`, the reference DfE quotes on the payment, "
    "or null before the payment is made.",
}


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory) -> tuple[Path, list[str]]:
    """The sandbox's own spec, as it serves it, and its tokens (the same for every start)."""
    with EmbeddedSandbox() as running:
        content = httpx.get(running.base_url + SPEC_PATH, timeout=30).content
        tokens = [str(provider["token"]) for provider in running.tokens]
    path = tmp_path_factory.mktemp("spec") / "sandbox.yaml"
    path.write_bytes(content)
    return path, tokens


def _no_token_in(folder: Path, tokens: list[str]) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            assert not [t for t in tokens if t in text], f"a token leaked into {path}"


def _notes(folder: Path, name: str, *extra: dict) -> Path:
    notes = yaml.safe_load(SANDBOX_NOTES.read_text(encoding="utf-8"))
    path = folder / name
    path.write_text(yaml.safe_dump([*extra, *notes], sort_keys=False), encoding="utf-8")
    return path


def _changed_spec(sandbox_spec: Path, folder: Path) -> Path:
    """The sandbox's spec with the announced attribute, and `month` made nullable unannounced."""
    spec = yaml.safe_load(sandbox_spec.read_text(encoding="utf-8"))
    attributes = spec["components"]["schemas"]["Statement"]["properties"]["attributes"]
    attributes["properties"]["payment_reference"] = {"type": "string", "nullable": True}
    attributes["properties"]["month"]["nullable"] = True
    path = folder / "changed.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    return path


def _report(folder: Path) -> tuple[dict, str]:
    data = json.loads((folder / "release-impact.json").read_text(encoding="utf-8"))
    return data, (folder / "release-impact.md").read_text(encoding="utf-8")


def _sections_present(markdown: str) -> None:
    headings = [line[3:] for line in markdown.splitlines() if line.startswith("## ")]
    assert headings == list(SECTIONS)


def test_watch_goes_from_nothing_new_to_a_behaviour_note_to_an_unannounced_breaking_change(
    sandbox, tmp_path
):
    sandbox_spec, tokens = sandbox
    baseline = tmp_path / "contracts" / "baseline.json"
    code, _, err = run_cli(["baseline", "--accept", str(sandbox_spec), "--baseline", str(baseline)])
    assert code == 0, err
    drafts = tmp_path / "drafts"
    common = ["watch", "--baseline", str(baseline), "--drafts-dir", str(drafts)]
    common += ["--max-examples", "2", "--seed", "1"]
    state = baseline.parent / "watch_state.json"

    # Round 1: the sandbox's usual notes, all older than the first watch's start date
    code, out, err = run_cli(
        [
            *common,
            "--sandbox-release-notes",
            str(_notes(tmp_path, "notes1.yaml")),
            "--since",
            "2026-07-01",
            "--report-dir",
            str(tmp_path / "r1"),
        ]
    )
    assert code == EXIT_OK, err
    assert "nothing new" in out
    first, markdown = _report(tmp_path / "r1")
    assert first["status"] == "nothing new" and not first["run"]["ran"]
    _sections_present(markdown)
    assert json.loads(state.read_text())["format"] == 1

    # Round 2: a note about behaviour only; the suite runs on the endpoint it names
    code, out, err = run_cli(
        [
            *common,
            "--sandbox-release-notes",
            str(_notes(tmp_path, "notes2.yaml", BEHAVIOUR_NOTE)),
            "--report-dir",
            str(tmp_path / "r2"),
        ]
    )
    second, markdown = _report(tmp_path / "r2")
    assert [n["title"] for n in second["notes"]["new"]] == [BEHAVIOUR_NOTE["title"]]
    assert second["changes"] == [] and second["breaking"] == [] and second["unannounced"] == []
    assert second["run"]["ran"] and second["run"]["operations"] == ["getStatements"]
    assert code == (EXIT_NEW if second["run"]["verdict"] == "conformant" else EXIT_FINDINGS), err
    assert second["drafts"] == [
        {
            "note": BEHAVIOUR_NOTE["title"],
            "date": "2026-07-02",
            "file": None,
            "status": "nothing checkable",
        }
    ]
    _sections_present(markdown)

    # Round 3: a note announcing payment_reference, and a spec that also makes `month`
    # nullable, which no note announces
    code, out, err = run_cli(
        [
            *common,
            "--sandbox-release-notes",
            str(_notes(tmp_path, "notes3.yaml", SPEC_NOTE, BEHAVIOUR_NOTE)),
            "--spec",
            str(_changed_spec(sandbox_spec, tmp_path)),
            "--report-dir",
            str(tmp_path / "r3"),
        ]
    )
    assert code == EXIT_FINDINGS, err
    third, markdown = _report(tmp_path / "r3")
    _sections_present(markdown)
    assert [n["title"] for n in third["notes"]["new"]] == [SPEC_NOTE["title"]]
    assert third["spec"]["new"]
    breaking = [(c["rule"], c["location"]) for c in third["breaking"]]
    assert breaking == [("response-property-made-nullable", "Statement.attributes.month")]
    assert [c["location"] for c in third["unannounced"]] == ["Statement.attributes.month"]
    announced = {(a["change"]["location"], a["note"]) for a in third["announced"]}
    assert ("Statement.attributes.payment_reference", SPEC_NOTE["title"]) in announced
    assert third["run"]["ran"]
    assert third["run"]["operations"] == ["getStatement", "getStatements"]
    assert third["integration"][0]["action"] == "accept null in Statement.attributes.month"
    assert "**breaking** response-property-made-nullable" in markdown
    (draft_entry,) = third["drafts"]
    assert draft_entry["status"] == "written" and not draft_entry["checked_by_run"]
    draft = yaml.safe_load(Path(draft_entry["file"]).read_text(encoding="utf-8"))
    assert draft["note"] == SPEC_NOTE["title"] and draft["draft"] is True
    assert (draft["attribute"], draft["type"], draft["nullable"]) == (
        "payment_reference",
        "string",
        True,
    )
    assert draft["operations"] == ["getStatement", "getStatements"]
    assert json.loads(state.read_text())["spec"]["sha256"] == third["spec"]["sha256"]

    # And once more with the same inputs: nothing new, nothing run, the draft kept as it was
    code, out, err = run_cli(
        [
            *common,
            "--sandbox-release-notes",
            str(tmp_path / "notes3.yaml"),
            "--spec",
            str(tmp_path / "changed.yaml"),
            "--report-dir",
            str(tmp_path / "r4"),
        ]
    )
    assert code == EXIT_OK, err
    assert sorted(p.name for p in drafts.iterdir()) == [Path(draft_entry["file"]).name]
    _no_token_in(tmp_path, tokens)  # reports, the run's journal and console log, the state
