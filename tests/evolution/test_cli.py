"""The diff, notes, history and baseline commands in-process: formats, exit codes, bad input."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from evolution_specs import base_spec, run_cli

from rect_conformance.evolution import changes_against, changes_since_baseline, load_spec
from rect_conformance.evolution._rules import RULES

PROJECT = Path(__file__).resolve().parents[2]


def _write(path: Path, spec) -> str:
    path.write_text(yaml.safe_dump(spec))
    return str(path)


@pytest.fixture
def pair(tmp_path):
    new = base_spec()
    new["components"]["schemas"]["Item"]["properties"].pop("name")  # breaking
    new["components"]["schemas"]["Item"]["properties"]["email"] = {"type": "string"}
    return _write(tmp_path / "old.yaml", base_spec()), _write(tmp_path / "new.yaml", new)


def test_diff_text_lists_changes_and_fails_on_breaking_when_asked(pair):
    code, out, _ = run_cli(["diff", *pair])
    assert code == 0 and "response-property-removed" in out and "2 change(s), 1 breaking" in out
    code, _, _ = run_cli(["diff", *pair, "--fail-on", "breaking"])
    assert code == 1


def test_diff_without_breaking_changes_passes_fail_on_breaking(tmp_path):
    new = base_spec()
    new["components"]["schemas"]["Item"]["properties"]["email"] = {"type": "string"}
    code, out, _ = run_cli(
        [
            "diff",
            _write(tmp_path / "a.yaml", base_spec()),
            _write(tmp_path / "b.yaml", new),
            "--fail-on",
            "breaking",
        ]
    )
    assert code == 0 and "0 breaking" in out


def test_diff_json_markdown_and_junit_formats(pair):
    _, out, _ = run_cli(["diff", *pair, "--format", "json"])
    data = json.loads(out)
    assert data["summary"] == {"changes": 2, "breaking": 1, "doc_edits": 0}
    assert data["changes"][0]["operations"] == [
        "GET /items",
        "GET /items/{id} (getItem)",
        "POST /items",
    ]
    _, out, _ = run_cli(["diff", *pair, "--format", "markdown"])
    assert out.startswith("| level | rule |") and "`response-property-removed`" in out
    _, out, _ = run_cli(["diff", *pair, "--format", "junit"])
    suite = ET.fromstring(out)
    assert suite.get("tests") == "2" and suite.get("failures") == "1"


def test_diff_rules_prints_the_table():
    code, out, _ = run_cli(["diff", "--rules", "--format", "json"])
    assert code == 0 and {row["id"] for row in json.loads(out)} == set(RULES)


@pytest.mark.parametrize(
    ("content", "shown"),
    [
        (None, "cannot read"),
        ("a: [unclosed", "is not valid YAML at line"),
        ("swagger: '2.0'\npaths: {}\n", "is not an OpenAPI 3.0/3.1 document"),
        ("- just\n- a list\n", "top level is not a mapping"),
    ],
)
def test_bad_spec_input_is_one_line_and_exit_2(tmp_path, content, shown):
    bad = tmp_path / "bad.yaml"
    if content is not None:
        bad.write_text(content)
    good = _write(tmp_path / "good.yaml", base_spec())
    code, _out, err = run_cli(["diff", good, str(bad)])
    assert code == 2 and shown in err and err.count("\n") == 1 and "Traceback" not in err


def test_cyclic_schema_is_refused_with_the_cycle_named(tmp_path):
    spec = base_spec()
    spec["components"]["schemas"]["Item"]["properties"]["parent"] = {
        "$ref": "#/components/schemas/Item"
    }
    code, _, err = run_cli(
        ["diff", _write(tmp_path / "a.yaml", base_spec()), _write(tmp_path / "b.yaml", spec)]
    )
    assert code == 2 and "cyclic schema" in err and "#/components/schemas/Item" in err


def test_dangling_ref_inside_a_valid_spec_is_a_change_not_an_error(tmp_path):
    spec = base_spec()
    spec["components"]["schemas"]["ItemResponse"]["properties"]["data"] = {
        "$ref": "#/components/schemas/Nope"
    }
    code, out, _ = run_cli(
        ["diff", _write(tmp_path / "a.yaml", base_spec()), _write(tmp_path / "b.yaml", spec)]
    )
    assert code == 0 and "ref-dangling" in out and "#/components/schemas/Nope" in out


def test_notes_command_reports_spelling_and_method_problems(history_dir, release_notes_path):
    old = history_dir / "55_2026-05-21T1221_7f981e522.yaml"
    new = history_dir / "60_2026-07-17T1048_e8ea9ae9d.yaml"
    code, out, _ = run_cli(
        [
            "notes",
            "--old",
            str(old),
            "--new",
            str(new),
            "--notes",
            str(release_notes_path),
            "--since",
            "2026-05-20",
            "--format",
            "json",
        ]
    )
    data = json.loads(out)
    assert code == 1  # the notes misspell a value the spec holds
    assert {p["item"] for p in data["note_problems"]} == {"changed_lead_provider", "finished_on"}
    assert data["unannounced"] == []
    assert len(data["matches"]) == 3


def test_notes_command_without_notes_and_reference_folder_says_what_to_give(
    pair, tmp_path, monkeypatch
):
    monkeypatch.setenv("RECT_REFERENCE_DIR", str(tmp_path / "nowhere"))
    code, _, err = run_cli(["notes", "--old", pair[0], "--new", pair[1]])
    assert code == 2 and "give --notes" in err


def test_notes_scaffold_writes_a_draft_file(tmp_path, release_notes_path, published_spec_path):
    code, _out, _ = run_cli(
        [
            "notes",
            "--scaffold",
            "--notes",
            str(release_notes_path),
            "--spec",
            str(published_spec_path),
            "--title",
            "working_pattern",
            "--output-dir",
            str(tmp_path),
        ]
    )
    assert code == 0
    (draft,) = tmp_path.glob("*.yaml")
    assert draft.name == "2026-05-07-add-working-pattern-field-for-early-career-teachers.yaml"
    assert yaml.safe_load(draft.read_text())["attribute"] == "working_pattern"
    code, _, err = run_cli(
        [
            "notes",
            "--scaffold",
            "--notes",
            str(release_notes_path),
            "--spec",
            str(published_spec_path),
            "--title",
            "working_pattern",
            "--output-dir",
            str(tmp_path),
        ]
    )
    assert code == 2 and "exists" in err


def test_baseline_accept_then_changes_since(tmp_path, pair):
    baseline = tmp_path / "contracts" / "baseline.json"
    code, out, _ = run_cli(["baseline", "--accept", pair[0], "--baseline", str(baseline)])
    assert code == 0 and "baseline moved" in out
    record = json.loads(baseline.read_text())
    assert record["sha256"] == load_spec(pair[0]).sha256 and record["source"] == pair[0]
    changes = changes_since_baseline(load_spec(pair[1]).raw, baseline)
    assert {c["rule"] for c in changes} == {"response-property-removed", "response-property-added"}
    code, out, _ = run_cli(
        ["baseline", "--spec", pair[1], "--baseline", str(baseline), "--fail-on", "breaking"]
    )
    assert code == 1 and "response-property-removed" in out


def test_missing_baseline_says_how_to_make_one(tmp_path):
    code, _, err = run_cli(["baseline", "--baseline", str(tmp_path / "none.json")])
    assert code == 2 and "baseline --accept" in err


def test_project_baseline_is_the_published_spec(published_spec_path):
    baseline = PROJECT / "contracts" / "baseline.json"
    record = json.loads(baseline.read_text())
    assert record["sha256"] == load_spec(published_spec_path).sha256
    assert changes_since_baseline(load_spec(published_spec_path).raw, baseline) == []
    assert changes_against(load_spec(published_spec_path).raw, baseline) == []  # docs too


def test_diff_reads_specs_from_urls_over_loopback(tmp_path, pair):
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            return

    handler = functools.partial(Quiet, directory=str(tmp_path))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        code, out, _ = run_cli(["diff", f"{base}/old.yaml", f"{base}/new.yaml", "--format", "json"])
        assert code == 0 and json.loads(out)["summary"]["breaking"] == 1
        code, _, err = run_cli(["diff", f"{base}/old.yaml", f"{base}/missing.yaml"])
        assert code == 2 and "HTTP 404" in err
    finally:
        server.shutdown()
        server.server_close()


def _one_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


def test_diff_output_into_a_missing_folder_is_one_line_exit_2(tmp_path, pair):
    target = tmp_path / "missing" / "diff.txt"
    code, out, err = run_cli(["diff", *pair, "--output", str(target)])
    assert code == 2 and out == ""
    assert _one_line(err).startswith(f"rect-conformance: --output {target}: cannot write there")


def test_history_out_onto_an_existing_file_is_one_line_exit_2(tmp_path, history_dir):
    versions = tmp_path / "versions"
    versions.mkdir()
    for name in ("55_2026-05-21T1221_7f981e522.yaml", "60_2026-07-17T1048_e8ea9ae9d.yaml"):
        (versions / name).write_bytes((history_dir / name).read_bytes())
    existing = tmp_path / "timeline"
    existing.write_text("a file, not a folder")
    code, _, err = run_cli(["history", str(versions), "--out", str(existing)])
    assert code == 2
    assert _one_line(err).startswith(f"rect-conformance: --out {existing}: cannot write there")


def test_baseline_is_found_from_any_folder(tmp_path, monkeypatch, published_spec_path):
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli(["baseline"])
    assert code == 0, err
    record = json.loads((PROJECT / "contracts" / "baseline.json").read_text())
    assert out.startswith(f"baseline: {record['source']} sha256 {record['sha256'][:12]}")
    code, out, err = run_cli(["baseline", "--spec", str(published_spec_path)])
    assert code == 0 and "0 change(s)" in out, out + err
