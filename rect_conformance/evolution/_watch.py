"""``rect-conformance watch``: from "a release note appeared" to "here is what it means for us".

Reads the release notes and the spec (from the target, or from files), and compares them with
what the last watch saw (``_watch_state``; without a state file, with the signed-off baseline:
notes from its date on are new). When something is new it diffs the spec against the baseline,
cross-checks notes and changes, drafts an expectation file for each new note that names a
response attribute, runs the suite (``rect-conformance run`` in a subprocess) on the operations
the changes, the drafts and the notes concern, and writes the release impact (``_impact``) as
Markdown and JSON. The state is written last, in one step, and only once the report is whole:
a watch that fails is done again next time.

Inputs it cannot use end it with one line and their own exit code (see ``_errors``), and leave
the state file as it was.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import yaml

from rect_conformance._api import SPEC_PATH
from rect_conformance._errors import (
    EXIT_NOTE_UNDATED,
    EXIT_NOTES_LAYOUT,
    EXIT_SPEC_IS_HTML,
    EXIT_SPEC_UNPARSABLE,
    EXIT_TARGET,
    EXIT_USAGE,
    ConformanceError,
    SpecError,
    TargetError,
    UsageError,
)
from rect_conformance._spec import LoadedSpec, is_url, parse_spec, read_source
from rect_conformance._target import EmbeddedSandbox, normalise_base_url
from rect_conformance.evolution._baseline import read_baseline
from rect_conformance.evolution._crosscheck import norm_path
from rect_conformance.evolution._impact import Assessment, assess, impact
from rect_conformance.evolution._model import normalise
from rect_conformance.evolution._notes import (
    Note,
    NoteDateError,
    NotesLayoutError,
    load_notes,
    named_items,
)
from rect_conformance.evolution._render import render_impact_markdown
from rect_conformance.evolution._scaffold import draft_name, scaffold
from rect_conformance.evolution._watch_state import (
    WatchState,
    note_digest,
    note_key,
    note_record,
    read_state,
    write_state,
)

EMBEDDED = "embedded"
TOKEN_VAR, SECOND_TOKEN_VAR = "RECT_WATCH_TOKEN", "RECT_WATCH_SECOND_TOKEN"
REPORT_MD, REPORT_JSON = "release-impact.md", "release-impact.json"


class WatchInputError(ConformanceError):
    """An input ``watch`` cannot use, with the exit code that names its kind."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


@dataclass
class WatchOptions:
    """What the user asked ``watch`` for (the CLI's options)."""

    baseline: Path
    state: Path
    report_dir: Path
    drafts_dir: Path
    suite_release_notes: Path  # the folder the suite's run reads expectations from
    target: str = EMBEDDED
    token_env: str | None = None
    second_token_env: str | None = None
    notes: str | None = None
    spec: str | None = None
    sandbox_release_notes: str | None = None
    since: dt.date | None = None
    run: bool = True
    run_options: list[str] = field(default_factory=list)  # passed on to `run` as they are


class _Target:
    """The target, started on first use when it is the embedded sandbox."""

    def __init__(self, options: WatchOptions) -> None:
        self.options = options
        self.sandbox: EmbeddedSandbox | None = None
        self.url = "" if options.target == EMBEDDED else normalise_base_url(options.target)

    @property
    def base_url(self) -> str:
        if not self.url:
            extra = []
            if self.options.sandbox_release_notes:
                extra = ["--release-notes", self.options.sandbox_release_notes]
            self.sandbox = EmbeddedSandbox(extra_args=extra).start()
            self.url = self.sandbox.base_url
        return self.url

    def describe(self) -> str:
        if self.options.target != EMBEDDED:
            return self.url
        return f"the embedded sandbox ({self.url})" if self.url else "the embedded sandbox"

    def run_arguments(self) -> tuple[list[str], dict[str, str]]:
        """(``run`` options naming the target and its tokens, the environment holding them)."""
        args = ["--base-url", self.base_url]
        if self.sandbox is None:
            args += ["--token-env", self.options.token_env or ""]
            if self.options.second_token_env:
                args += ["--second-token-env", self.options.second_token_env]
            return args, {}
        tokens = [str(t["token"]) for t in self.sandbox.tokens]
        env = {TOKEN_VAR: tokens[0]}
        args += ["--token-env", TOKEN_VAR]
        if len(tokens) > 1:
            env[SECOND_TOKEN_VAR] = tokens[1]
            args += ["--second-token-env", SECOND_TOKEN_VAR]
        return args, env

    def close(self) -> None:
        if self.sandbox is not None:
            self.sandbox.stop()


def _read_notes(source: str) -> list[Note]:
    try:
        return load_notes(source)
    except NotesLayoutError as error:
        raise WatchInputError(str(error), EXIT_NOTES_LAYOUT) from None
    except NoteDateError as error:
        raise WatchInputError(str(error), EXIT_NOTE_UNDATED) from None


def _read_spec(source: str) -> LoadedSpec:
    try:
        content = read_source(source)
    except SpecError as error:
        if is_url(source):  # the target does not answer: not a spec problem
            raise TargetError(str(error)) from None
        raise
    head = content.lstrip()[:512].lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head or b"<body" in head:
        raise WatchInputError(
            f"{source} answered an HTML page, not an OpenAPI spec (a login or error page?); "
            "give the spec's own URL or a file with --spec",
            EXIT_SPEC_IS_HTML,
        )
    try:
        return parse_spec(content, source, need_paths=True)
    except SpecError as error:
        raise WatchInputError(str(error), EXIT_SPEC_UNPARSABLE) from None


def _new_notes(
    notes: list[Note], state: WatchState | None, since: dt.date
) -> list[tuple[Note, bool]]:
    """(note, edited) for each note the last watch did not see, or saw with another text."""
    if state is None:
        return [(note, False) for note in notes if note.date >= since]
    found = []
    for note in notes:
        seen = state.notes.get(note_key(note))
        if seen is None or seen.get("digest") != note_digest(note):
            found.append((note, seen is not None))
    return found


def _draft(note: Note, model: dict[str, Any], options: WatchOptions) -> dict[str, Any]:
    checkable = [d for d in scaffold(note, model) if d.get("attribute")]
    entry: dict[str, Any] = {"note": note.title, "date": note.date.isoformat()}
    if not checkable:
        return {**entry, "file": None, "status": "nothing checkable"}
    target = options.drafts_dir / draft_name(note)
    status = "kept, already there" if target.exists() else "written"
    if not target.exists():
        body = checkable[0] if len(checkable) == 1 else checkable
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(yaml.safe_dump(body, sort_keys=False), encoding="utf-8")
        except OSError as error:
            reason = error.strerror or type(error).__name__
            raise UsageError(
                f"--drafts-dir {options.drafts_dir}: cannot write there ({reason})"
            ) from None
    return {
        **entry,
        "file": str(target),
        "status": status,
        "attributes": sorted({d["attribute"] for d in checkable}),
        "operations": sorted({op for d in checkable for op in d["operations"]}),
    }


def _operations(
    model: dict[str, Any], assessment: Assessment, drafts: list[dict[str, Any]], notes: list[Note]
) -> list[str]:
    """The operationIds the changes, the drafts and the notes' named endpoints concern."""
    ops = model["operations"]
    keys = {label.split(" (")[0] for c in assessment.changes for label in c.operations}
    ids = {op for draft in drafts for op in draft.get("operations", [])}
    for note in notes:
        for item in named_items(note):
            if item.kind == "endpoint":
                keys.update(
                    key
                    for key in ops
                    if norm_path(key.split(" ", 1)[1]) == norm_path(item.text)
                    and (not item.method or key.startswith(item.method + " "))
                )
    ids |= {ops[key]["operation_id"] for key in keys if key in ops}
    known = {op["operation_id"] for op in ops.values()}
    return sorted(op for op in ids if op and op in known)


def _summary_of_run(folder: Path, operations: list[str], code: int) -> dict[str, Any]:
    summary = folder / "summary.json"
    if not summary.exists():
        return {
            "ran": False,
            "exit_code": code,
            "operations": operations,
            "reason": f"the run could not start (exit {code}); see {folder / 'console.log'}",
        }
    data = json.loads(summary.read_text(encoding="utf-8"))
    return {
        "ran": True,
        "exit_code": code,
        "verdict": data.get("verdict"),
        "operations": operations,
        "requests": (data.get("requests") or {}).get("sent", 0),
        "findings": [
            {k: f.get(k) for k in ("check", "operation", "message")}
            for f in data.get("findings", [])
        ],
        "known_deviations": len(data.get("known_deviations", [])),
        "error": data.get("error"),
        "report_dir": str(folder),
    }


def _run_suite(
    options: WatchOptions, target: _Target, operations: list[str], stdout: TextIO
) -> dict[str, Any]:
    if not options.run:
        return {"ran": False, "operations": operations, "reason": "--no-run was given"}
    if not operations:
        return {
            "ran": False,
            "operations": [],
            "reason": "no operation of the spec is concerned by the changes, drafts or notes",
        }
    folder = options.report_dir / f"run-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}"
    folder.mkdir(parents=True, exist_ok=True)
    where, env = target.run_arguments()
    argv = [sys.executable, "-m", "rect_conformance", "run", *where]
    if options.spec:
        argv += ["--spec", options.spec if is_url(options.spec) else str(Path(options.spec))]
    argv += ["--operations", ",".join(operations), "--report-dir", str(folder)]
    argv += options.run_options
    stdout.write(f"watch: running the suite on {', '.join(operations)}\n")
    stdout.flush()
    with (folder / "console.log").open("wb") as log:
        code = subprocess.run(
            argv,
            env={**os.environ, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            check=False,
        ).returncode
    return _summary_of_run(folder, operations, code)


def _spec_entry(
    spec: LoadedSpec, model: dict[str, Any], new: bool, record: dict[str, Any], first: bool
) -> dict[str, Any]:
    info = spec.raw.get("info") or {}
    baseline = {k: record.get(k) for k in ("source", "sha256", "date", "version")}
    return {
        "source": spec.source,
        "sha256": spec.sha256,
        "version": str(info.get("version", "")),
        "new": new,
        "compared_with": "the baseline (first watch)" if first else "the last watch",
        "servers": model.get("servers", []),
        "baseline": baseline,
    }


def _write_report(data: dict[str, Any], folder: Path) -> Path:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / REPORT_JSON).write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        (folder / REPORT_MD).write_text(render_impact_markdown(data), encoding="utf-8")
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise UsageError(f"--report-dir {folder}: cannot write there ({reason})") from None
    return folder / REPORT_MD


def watch(options: WatchOptions, stdout: TextIO) -> dict[str, Any]:
    """One watch (see the module docstring); returns the impact dict, whose ``exit_code`` is
    the command's."""
    state = read_state(options.state)
    if state is not None and options.since:
        raise UsageError(
            f"--since only applies to a first watch; {options.state} already says what was seen"
        )
    record, baseline_model = read_baseline(options.baseline)
    baseline_date = _date_of(record, options.baseline)
    target = _Target(options)
    try:
        notes = _read_notes(options.notes or target.base_url)
        spec = _read_spec(options.spec or target.base_url + SPEC_PATH)
        model = normalise(spec.raw)
        since = options.since or baseline_date
        fresh = _new_notes(notes, state, since)
        spec_new = spec.sha256 != (state.spec.get("sha256") if state else record.get("sha256"))
        stdout.write(
            f"watch: {len(notes)} release note(s), {len(fresh)} new; spec sha256 "
            f"{spec.sha256[:12]} {'new' if spec_new else 'unchanged'}\n"
        )
        assessment, drafts, run = None, [], {"ran": False, "reason": "nothing new"}
        if fresh or spec_new:
            new_notes = [note for note, _ in fresh]
            assessment = assess(baseline_model, model, notes, new_notes, baseline_date)
            drafts = [_draft(note, model, options) for note in new_notes]
            operations = _operations(model, assessment, drafts, new_notes)
            run = _run_suite(options, target, operations, stdout)
            _mark_checked(drafts, options, run)
        data = impact(
            generated=dt.datetime.now(dt.UTC),
            target=target.describe(),
            spec=_spec_entry(spec, model, spec_new, record, first=state is None),
            notes={
                "source": options.notes or f"{target.describe()} release-notes pages",
                "total": len(notes),
                "since": state.updated if state else since.isoformat(),
            },
            new_notes=fresh,
            assessment=assessment,
            drafts=drafts,
            run=run,
        )
    finally:
        target.close()
    report = _write_report(data, options.report_dir)
    if run.get("exit_code") in (EXIT_USAGE, EXIT_TARGET):
        # the report says what was found; the state stays, so the next watch runs again
        error = UsageError if run["exit_code"] == EXIT_USAGE else TargetError
        raise error(f"the suite's run failed (exit {run['exit_code']}); see {report}")
    _save_state(options, notes, spec)
    stdout.write(f"watch: {data['status']}; report: {report}\n")
    return data


def _mark_checked(drafts: list[dict[str, Any]], options: WatchOptions, run: dict[str, Any]) -> None:
    in_suite = options.drafts_dir.resolve() == options.suite_release_notes.resolve()
    for draft in drafts:
        if not draft.get("file"):
            continue
        draft["checked_by_run"] = bool(run.get("ran")) and in_suite
        if not in_suite:
            draft["not_run_reason"] = (
                f"drafted outside the suite's folder ({options.suite_release_notes}); move it "
                "there, and remove `draft: true` once reviewed, to have every run check it"
            )
        elif not run.get("ran"):
            draft["not_run_reason"] = f"the suite did not run: {run.get('reason')}"


def _date_of(record: dict[str, Any], path: Path) -> dt.date:
    try:
        return dt.date.fromisoformat(str(record.get("date")))
    except ValueError:
        raise UsageError(
            f"{path} has no acceptance date; accept the spec again with `rect-conformance "
            "baseline --accept SPEC`"
        ) from None


def _save_state(options: WatchOptions, notes: list[Note], spec: LoadedSpec) -> None:
    info = spec.raw.get("info") or {}
    fresh = WatchState(
        {"sha256": spec.sha256, "source": spec.source, "version": str(info.get("version", ""))},
        {note_key(note): note_record(note) for note in notes},
        options.target if options.target != EMBEDDED else EMBEDDED,
    )
    try:
        write_state(options.state, fresh)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise UsageError(
            f"--state {options.state}: cannot write there ({reason}); the report is written, "
            "the state is as it was"
        ) from None
