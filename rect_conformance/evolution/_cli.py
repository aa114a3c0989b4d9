"""The ``diff``, ``notes``, ``history`` and ``baseline`` subcommands.

Handlers take ``(args, stdout, stderr)`` and return an exit code; user mistakes are raised as
:class:`UsageError` / :class:`SpecError`, which ``cli.run`` prints as one line (exit 2), and so
is an output path that cannot be written. The baseline and the release-note folder are found
where the suite keeps its data (``_project``), whatever the current folder.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import yaml

from rect_conformance import _project
from rect_conformance._errors import EXIT_FINDINGS, EXIT_OK, UsageError, cannot_write
from rect_conformance.evolution import _cli_watch
from rect_conformance.evolution._baseline import accept, changes_against, read_baseline
from rect_conformance.evolution._crosscheck import SpecIndex, cross_check
from rect_conformance.evolution._diff import Change, diff_models
from rect_conformance.evolution._history import load_versions, run_history, timeline_totals
from rect_conformance.evolution._load import load_spec
from rect_conformance.evolution._model import normalise
from rect_conformance.evolution._notes import Note, load_notes, parse_date
from rect_conformance.evolution._render import (
    FORMATS,
    render_changes,
    render_crosscheck,
    render_rules,
    render_timeline_markdown,
    timeline_json,
)
from rect_conformance.evolution._scaffold import draft_name, scaffold

if TYPE_CHECKING:
    SubParsers = argparse._SubParsersAction[argparse.ArgumentParser]


def _fails(changes: list[Change], fail_on: str) -> bool:
    real = [c for c in changes if not c.is_doc]
    if fail_on == "breaking":
        return any(c.breaking for c in real)
    return fail_on == "any" and bool(real)


def _write(text: str, output: str | None, stdout: TextIO) -> None:
    if output:
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as error:
            raise cannot_write("--output", output, error) from None
    else:
        stdout.write(text)


def handle_diff(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """``diff OLD NEW`` or ``diff --rules``."""
    if args.rules:
        _write(render_rules(args.format if args.format != "junit" else "text"), args.output, stdout)
        return EXIT_OK
    if not args.old or not args.new:
        raise UsageError("diff needs OLD and NEW spec files or URLs (or --rules)")
    changes = diff_models(normalise(load_spec(args.old).raw), normalise(load_spec(args.new).raw))
    _write(render_changes(changes, args.format), args.output, stdout)
    return EXIT_FINDINGS if _fails(changes, args.fail_on) else EXIT_OK


def _date_arg(text: str | None, flag: str) -> dt.date | None:
    return parse_date(text, flag) if text else None


def _notes_in_span(notes: list[Note], since: dt.date | None, until: dt.date | None) -> list[Note]:
    return [
        n
        for n in notes
        if (since is None or n.date >= since) and (until is None or n.date <= until)
    ]


def _default_notes() -> Path:
    """The published feed in the reference folder (``RECT_REFERENCE_DIR``), when present."""
    folder = Path(os.environ.get("RECT_REFERENCE_DIR", "../shared/reference"))
    feed = folder / "dfe" / "release_notes.yml"
    if not feed.is_file():
        raise UsageError(
            f"no release notes at {feed}; give --notes: a YAML feed, a note's HTML "
            "file, or a target URL"
        )
    return feed


def handle_notes(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """``notes --old SPEC --new SPEC --notes SOURCE`` or ``notes --scaffold``."""
    notes = load_notes(args.notes or _default_notes())
    if args.scaffold:
        return _scaffold(args, notes, stdout)
    if not args.old or not args.new:
        raise UsageError("notes needs --old SPEC and --new SPEC (or --scaffold)")
    old_model = normalise(load_spec(args.old).raw)
    new_model = normalise(load_spec(args.new).raw)
    span = _notes_in_span(notes, _date_arg(args.since, "--since"), _date_arg(args.until, "--until"))
    old_index, new_index = SpecIndex.from_model(old_model), SpecIndex.from_model(new_model)
    seen = SpecIndex(
        {**old_index.methods, **new_index.methods},
        old_index.names | new_index.names,
        old_index.values | new_index.values,
    )
    check = cross_check(diff_models(old_model, new_model), span, new_index, seen)
    _write(render_crosscheck(check, args.format), args.output, stdout)
    failing = any(c.breaking for c in check.unannounced) or bool(check.problems)
    return EXIT_FINDINGS if failing and args.fail_on != "none" else EXIT_OK


def _scaffold(args: argparse.Namespace, notes: list[Note], stdout: TextIO) -> int:
    if not args.spec:
        raise UsageError("--scaffold needs --spec SPEC to find where the named attributes live")
    chosen = [n for n in notes if not args.title or args.title.lower() in n.title.lower()]
    if not chosen:
        raise UsageError(f"no release note has {args.title!r} in its title")
    note = max(chosen, key=lambda n: n.date)
    drafts = scaffold(note, normalise(load_spec(args.spec).raw))
    folder = Path(args.output_dir) if args.output_dir else _project.release_notes_dir()
    target = folder / draft_name(note)
    if target.exists() and not args.force:
        raise UsageError(f"{target} exists; edit it, or pass --force to overwrite it")
    body = drafts[0] if len(drafts) == 1 else drafts
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target.write_text(
            yaml.safe_dump(body, sort_keys=False, allow_unicode=True), encoding="utf-8"
        )
    except OSError as error:
        raise cannot_write("--output-dir", folder, error) from None
    stdout.write(f"wrote {target} ({len(drafts)} draft expectation(s) for {note.title!r})\n")
    return EXIT_OK


def handle_history(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """``history DIR``: diff successive versions, cross-check with notes, write a timeline."""
    folder = Path(args.folder)
    notes_source = args.notes or (folder.parent / "release_notes.yml")
    notes = load_notes(notes_source) if (args.notes or Path(notes_source).exists()) else []
    timeline = run_history(load_versions(folder, use_cache=not args.no_cache), notes)
    out = Path(args.out)
    try:
        out.mkdir(parents=True, exist_ok=True)
        (out / "timeline.md").write_text(render_timeline_markdown(timeline), encoding="utf-8")
        (out / "timeline.json").write_text(timeline_json(timeline), encoding="utf-8")
    except OSError as error:
        raise cannot_write("--out", out, error) from None
    totals = timeline_totals(timeline)
    stdout.write(", ".join(f"{k}: {v}" for k, v in totals.items()) + "\n")
    stdout.write(f"wrote {out / 'timeline.md'} and {out / 'timeline.json'}\n")
    return EXIT_OK


def handle_baseline(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """``baseline``: show it, compare a spec with it (``--spec``), or move it (``--accept``)."""
    path = Path(args.baseline) if args.baseline else _project.baseline_file()
    if args.accept:
        spec = load_spec(args.accept)
        try:
            record = accept(spec, path)
        except OSError as error:
            raise cannot_write("--baseline", path, error) from None
        stdout.write(
            f"baseline moved to {record['source']} (sha256 {record['sha256'][:12]}, "
            f"{record['date']})\n"
        )
        return EXIT_OK
    record, _ = read_baseline(path)
    stdout.write(
        f"baseline: {record['source']} sha256 {record['sha256'][:12]} accepted {record['date']}\n"
    )
    if args.spec:
        changes = changes_against(load_spec(args.spec).raw, path)
        stdout.write(render_changes(changes, "text"))
        return EXIT_FINDINGS if _fails(changes, args.fail_on) else EXIT_OK
    return EXIT_OK


def add_parsers(subparsers: SubParsers) -> None:
    """Register ``diff``, ``notes``, ``history``, ``baseline`` and ``watch``."""
    diff = subparsers.add_parser(
        "diff",
        help="structured diff of two OpenAPI specs, with breaking changes",
        description="Compare two versions of the OpenAPI spec and classify every change by the "
        "rules table (breaking for a client or not). Exit 1 with --fail-on when such changes "
        "are found, 2 on a spec that cannot be read.",
    )
    diff.add_argument("old", nargs="?", help="the older spec (file or URL)")
    diff.add_argument("new", nargs="?", help="the newer spec (file or URL)")
    diff.add_argument("--rules", action="store_true", help="print the rules table and exit")
    diff.add_argument("--format", choices=FORMATS, default="text")
    diff.add_argument(
        "--fail-on",
        choices=("breaking", "any", "none"),
        default="none",
        help="exit 1 when such changes are found (for CI)",
    )
    diff.add_argument("--output", help="write to this file instead of stdout")
    diff.set_defaults(handler=handle_diff)

    notes = subparsers.add_parser(
        "notes",
        help="cross-check spec changes with release notes",
        description="Join the changes between two specs to DfE's release notes: announced but "
        "absent, present but unannounced, announced differently. With --scaffold, draft an "
        "expectation file for a note instead.",
    )
    notes.add_argument("--old", help="the older spec (file or URL)")
    notes.add_argument("--new", help="the newer spec (file or URL)")
    notes.add_argument(
        "--notes",
        help="release notes: YAML feed, a note's HTML file, or a target URL "
        "(default: dfe/release_notes.yml under RECT_REFERENCE_DIR)",
    )
    notes.add_argument("--since", help="only notes on or after this date (YYYY-MM-DD)")
    notes.add_argument("--until", help="only notes on or before this date (YYYY-MM-DD)")
    notes.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    notes.add_argument("--fail-on", choices=("problems", "none"), default="problems")
    notes.add_argument("--output", help="write to this file instead of stdout")
    notes.add_argument("--scaffold", action="store_true", help="write a draft expectation file")
    notes.add_argument(
        "--title", help="with --scaffold: the note whose title contains this (default newest)"
    )
    notes.add_argument(
        "--spec", help="with --scaffold: the spec to look the named attributes up in"
    )
    notes.add_argument(
        "--output-dir",
        help="with --scaffold: where the draft goes (default: the suite's release_notes folder)",
    )
    notes.add_argument("--force", action="store_true", help="with --scaffold: overwrite a draft")
    notes.set_defaults(handler=handle_notes)

    history = subparsers.add_parser(
        "history",
        help="diff and cross-check a folder of spec versions",
        description="Diff each version of a folder of successive specs with the one before, "
        "cross-check with the release notes, and write timeline.md and timeline.json.",
    )
    history.add_argument("folder", help="folder of NN_YYYY-MM-DD*_.yaml versions")
    history.add_argument(
        "--notes", help="release notes (default: release_notes.yml beside the folder)"
    )
    history.add_argument("--out", default="reports/history", help="where to write the timeline")
    history.add_argument(
        "--no-cache",
        action="store_true",
        help="parse every version again instead of reusing the models cached from an earlier "
        "run (RECT_CACHE_DIR, default ~/.cache/rect-conformance)",
    )
    history.set_defaults(handler=handle_history)

    baseline = subparsers.add_parser(
        "baseline",
        help="show, compare with, or move the signed-off spec",
        description="The signed-off spec that every run compares with: show it, list the "
        "changes from it to a spec (--spec), or sign off a new one (--accept).",
    )
    baseline.add_argument("--accept", metavar="SPEC", help="record SPEC as the signed-off version")
    baseline.add_argument("--spec", help="list the changes from the baseline to SPEC")
    baseline.add_argument(
        "--baseline",
        metavar="FILE",
        help="the baseline record (default: the suite's contracts/baseline.json)",
    )
    baseline.add_argument("--fail-on", choices=("breaking", "any", "none"), default="none")
    baseline.set_defaults(handler=handle_baseline)
    _cli_watch.add_parser(subparsers)
