"""``watch`` on inputs it cannot use: each is one line on stderr with its own exit code, and the
state file is left byte for byte as it was. Works from files (``--notes``, ``--spec``,
``--no-run``), with a loopback server only where a URL is the point."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from evolution_specs import base_spec, run_cli, serve_pages

from rect_conformance._errors import (
    EXIT_NEW,
    EXIT_NOTE_UNDATED,
    EXIT_NOTES_LAYOUT,
    EXIT_OK,
    EXIT_SPEC_IS_HTML,
    EXIT_SPEC_UNPARSABLE,
    EXIT_STATE_UNREADABLE,
    EXIT_TARGET,
    EXIT_USAGE,
)

NOTES = """\
- title: Items carry a name
  date: 2026-07-01
  tags: [new-feature]
  body: Every item now has `name`.
"""


@pytest.fixture
def workspace(tmp_path) -> dict[str, Path]:
    """A baseline of the small spec, a notes feed, and the state of a first watch over them."""
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(base_spec()))
    notes = tmp_path / "notes.yaml"
    notes.write_text(NOTES)
    baseline = tmp_path / "contracts" / "baseline.json"
    assert run_cli(["baseline", "--accept", str(spec), "--baseline", str(baseline)])[0] == 0
    paths = {"spec": spec, "notes": notes, "baseline": baseline, "root": tmp_path}
    paths["state"] = baseline.parent / "watch_state.json"
    code, _, err = _watch(paths, "--since", "2026-01-01")
    assert code == EXIT_NEW, err
    return paths


def _watch(paths: dict[str, Path], *extra: str, notes: str = "", spec: str = ""):
    return run_cli(
        [
            "watch",
            "--baseline",
            str(paths["baseline"]),
            "--notes",
            notes or str(paths["notes"]),
            "--spec",
            spec or str(paths["spec"]),
            "--report-dir",
            str(paths["root"] / "report"),
            "--drafts-dir",
            str(paths["root"] / "drafts"),
            "--no-run",
            *extra,
        ]
    )


def _one_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


@pytest.fixture
def html_site() -> Iterator[str]:
    """A loopback server that answers every path with an HTML page (a login page, say)."""
    with serve_pages(
        lambda path: "<!DOCTYPE html><html><body><h1>Sign in</h1></body></html>"
    ) as base:
        yield base


def test_the_same_inputs_again_are_nothing_new(workspace):
    code, out, err = _watch(workspace)
    assert code == EXIT_OK, err
    assert "nothing new" in out


@pytest.mark.parametrize(
    ("name", "content", "code", "words"),
    [
        (
            "page.html",
            "<html><body><h2>Release notes</h2><p>we moved things around</p></body></html>",
            EXIT_NOTES_LAYOUT,
            "layout may have changed",
        ),
        ("feed.yaml", "release_notes: none here\n", EXIT_NOTES_LAYOUT, "not a release-notes feed"),
        (
            "undated.yaml",
            "- title: A note with no date\n  body: text\n",
            EXIT_NOTE_UNDATED,
            "has no date",
        ),
        ("baddate.yaml", "- title: T\n  date: sometime soon\n", EXIT_NOTE_UNDATED, "the date"),
    ],
    ids=["html-structure-changed", "feed-not-a-list", "note-without-date", "unreadable-date"],
)
def test_unusable_notes_have_their_own_exit_code(workspace, name, content, code, words):
    before = workspace["state"].read_bytes()
    source = workspace["root"] / name
    source.write_text(content)
    found, _, err = _watch(workspace, notes=str(source))
    assert found == code
    assert words in _one_line(err)
    assert workspace["state"].read_bytes() == before


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"openapi: [unclosed", "not valid YAML"),
        (b"swagger: '2.0'\npaths: {}\n", "not an OpenAPI 3.0/3.1 document"),
        (b"- just\n- a list\n", "not an OpenAPI description"),
    ],
    ids=["yaml-error", "swagger-2", "not-a-mapping"],
)
def test_a_spec_that_does_not_parse_has_its_own_exit_code(workspace, content, words):
    before = workspace["state"].read_bytes()
    bad = workspace["root"] / "bad.yaml"
    bad.write_bytes(content)
    code, _, err = _watch(workspace, spec=str(bad))
    assert code == EXIT_SPEC_UNPARSABLE
    assert words in _one_line(err)
    assert workspace["state"].read_bytes() == before


def test_a_spec_url_that_answers_html_has_its_own_exit_code(workspace, html_site):
    before = workspace["state"].read_bytes()
    code, _, err = _watch(workspace, spec=html_site + "/api/docs/v3/swagger.yaml")
    assert code == EXIT_SPEC_IS_HTML
    assert "answered an HTML page" in _one_line(err)
    assert workspace["state"].read_bytes() == before


def test_a_spec_url_that_does_not_answer_is_a_target_error(workspace):
    code, _, err = _watch(workspace, spec="http://127.0.0.1:9/api/docs/v3/swagger.yaml")
    assert code == EXIT_TARGET
    assert "could not fetch the spec" in _one_line(err)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ('{"notes": [], "spec_sha256": "abc"}', "older rect-conformance (state format None"),
        ('{"format": 99, "spec": {}, "notes": {}}', "newer rect-conformance"),
        ("{ half a file", "not a watch state file"),
        ('{"format": 1, "notes": {}}', "damaged"),
    ],
    ids=["older-version", "newer-version", "truncated", "damaged"],
)
def test_a_state_file_this_version_cannot_read_is_refused_and_kept(workspace, content, words):
    workspace["state"].write_text(content)
    code, _, err = _watch(workspace)
    assert code == EXIT_STATE_UNREADABLE
    assert words in _one_line(err)
    assert workspace["state"].read_text() == content


def test_since_applies_only_to_a_first_watch(workspace):
    code, _, err = _watch(workspace, "--since", "2026-01-01")
    assert code == EXIT_USAGE
    assert "only applies to a first watch" in _one_line(err)


def test_a_first_watch_counts_notes_from_the_baseline_date_on(workspace):
    workspace["state"].unlink()
    code, out, err = _watch(workspace)  # the baseline was accepted today: the note is older
    assert code == EXIT_OK, err
    assert "0 new" in out


def test_an_edited_note_is_new_again(workspace):
    workspace["notes"].write_text(NOTES.replace("has `name`", "has `name`, never empty"))
    code, _, err = _watch(workspace)
    assert code == EXIT_NEW, err
    data = json.loads((workspace["root"] / "report" / "release-impact.json").read_text())
    assert [(n["title"], n["edited"]) for n in data["notes"]["new"]] == [
        ("Items carry a name", True)
    ]
