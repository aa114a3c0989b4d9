"""The evidence pack: one zip a tech lead can attach to a ticket or hand to DfE.

It holds the report (``report.html``, ``summary.md``, ``summary.json``), ``junit.xml``, the
redacted journal (every exchange with its time and the identity that sent it; each finding in
``summary.json`` lists its journal entries), the spec the run judged by, ``run.json`` (the
command and the versions) and ``manifest.json``: the sha256 and size of every other file.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path
from typing import Any

from rect_conformance._errors import UsageError, cannot_write
from rect_conformance._journal import find_journal

KEPT = ("report.html", "summary.md", "summary.json", "junit.xml")
README = """\
Evidence of rect-conformance run {run_id}: {verdict}.

report.html     the report (open it in a browser; it loads nothing from the network)
summary.md      the verdict and the first screen, as text
summary.json    everything the report shows; findings[].journal are ids of journal entries
junit.xml       the tests as a CI server reads them, with the run's properties
{journal:<15} every exchange, redacted: time, identity (which token), request, response
{spec:<15} the OpenAPI spec the target was judged by
run.json        the command and the versions of the suite and its libraries
manifest.json   the sha256 of every file above
"""


def pack(folder: Path, data: dict[str, Any], output: Path | None = None) -> Path:
    """Write the evidence zip of a run folder (default ``evidence-<run id>.zip`` in it)."""
    output = output or folder / f"evidence-{data.get('run_id', folder.name)}.zip"
    files: dict[str, bytes] = {}
    for name in KEPT:
        if (folder / name).is_file():
            files[name] = (folder / name).read_bytes()
    if "summary.json" not in files:
        raise UsageError(f"{folder} has no summary.json; is it the folder of a run?")
    journal = find_journal(folder)
    if journal is not None:
        files[journal.name] = journal.read_bytes()
    spec = data.get("spec", {}).get("file")
    if spec and (folder / spec).is_file():
        files[spec] = (folder / spec).read_bytes()
    run = {
        "run_id": data.get("run_id"),
        "command": data.get("run", {}).get("command"),
        "versions": data.get("run", {}).get("versions"),
        "target": data.get("target"),
        "spec": {k: v for k, v in data.get("spec", {}).items() if k != "file"},
        "started": data.get("started"),
        "finished": data.get("finished"),
        "verdict": data.get("verdict"),
    }
    files["run.json"] = _json(run)
    files["README.txt"] = README.format(
        run_id=data.get("run_id"),
        verdict=data.get("verdict_text", data.get("verdict")),
        journal=journal.name if journal else "(no journal)",
        spec=spec or "(no spec)",
    ).encode("utf-8")
    manifest = {
        name: {"sha256": hashlib.sha256(content).hexdigest(), "bytes": len(content)}
        for name, content in sorted(files.items())
    }
    files["manifest.json"] = _json({"run_id": data.get("run_id"), "files": manifest})
    try:
        with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, content in files.items():
                # The journal is compressed already; deflating it again only costs time.
                kind = zipfile.ZIP_STORED if name.endswith(".gz") else zipfile.ZIP_DEFLATED
                archive.writestr(name, content, compress_type=kind)
    except OSError as error:
        raise cannot_write("--evidence", output, error) from None
    return output


def _json(value: Any) -> bytes:
    return (json.dumps(value, indent=2, ensure_ascii=False, default=str) + "\n").encode("utf-8")
