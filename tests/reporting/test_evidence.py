"""The evidence pack and the files of a run: what a tech lead hands over.

The canary: the fault run used two real tokens, given through environment variables; neither
appears in any file of the run folder or of the evidence pack (compressed files included).
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import xml.etree.ElementTree as ET
import zipfile

from rect_conformance import cli
from rect_conformance._journal import read_journal
from tests.reporting.conftest import files_of


def _report(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(["report", *args], out, err)
    return code, out.getvalue(), err.getvalue()


def _texts(name: str, content: bytes) -> str:
    if name.endswith(".gz"):
        content = gzip.decompress(content)
    return content.decode("utf-8", "replace")


def test_the_evidence_pack_holds_the_run_with_a_manifest(fault_run):
    folder = fault_run.result.report_dir
    code, out, err = _report(str(folder), "--evidence")
    assert code == 0, err
    pack = folder / f"evidence-{fault_run.result.summary['run_id']}.zip"
    assert f"evidence: {pack}" in out
    with zipfile.ZipFile(pack) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    for name in (
        "report.html",
        "summary.md",
        "summary.json",
        "junit.xml",
        "journal.jsonl.gz",
        "spec.yaml",
        "run.json",
        "manifest.json",
    ):
        assert name in files, name
    manifest = json.loads(files["manifest.json"])["files"]
    assert set(manifest) == set(files) - {"manifest.json"}
    for name, facts in manifest.items():
        assert hashlib.sha256(files[name]).hexdigest() == facts["sha256"], name
    run = json.loads(files["run.json"])
    assert run["command"].startswith("rect-conformance run") and run["versions"]["schemathesis"]


def test_every_finding_points_at_journal_entries_that_say_who_sent_them(fault_run):
    folder = fault_run.result.report_dir
    entries = {e["id"]: e for e in read_journal(folder / "journal.jsonl.gz") if "method" in e}
    for finding in fault_run.result.summary["findings"]:
        assert finding["journal"], finding["id"]
        for ref in finding["journal"]:
            entry = entries[ref]
            assert entry["at"] and entry["identity"] in ("primary", "secondary", "none", "invalid")
            assert entry["test"] in finding["tests"]
    leak = next(f for f in fault_run.result.summary["findings"] if f["kind"] == "tenancy")
    assert {entries[ref]["identity"] for ref in leak["journal"]} & {"secondary", "primary"}


def test_no_token_in_any_file_of_the_run_or_the_pack(fault_run):
    folder = fault_run.result.report_dir
    _report(str(folder), "--evidence")
    texts = {str(path): _texts(path.name, path.read_bytes()) for path in files_of(folder)}
    for pack in folder.glob("evidence-*.zip"):
        with zipfile.ZipFile(pack) as archive:
            for name in archive.namelist():
                texts[f"{pack.name}:{name}"] = _texts(name, archive.read(name))
    assert len(texts) > 20
    for token in fault_run.tokens:
        leaking = [name for name, text in texts.items() if token in text]
        assert leaking == [], leaking
    assert all(token not in fault_run.result.output for token in fault_run.tokens)


def test_junit_carries_the_run_and_each_failure_s_reproduction(fault_run):
    root = ET.parse(fault_run.result.report_dir / "junit.xml").getroot()
    suite = root.find("testsuite")
    props = {p.get("name"): p.get("value") for p in suite.find("properties")}
    summary = fault_run.result.summary
    assert props["rect.verdict"] == "findings"
    assert props["rect.spec_sha256"] == summary["spec"]["sha256"]
    assert props["rect.target"] == summary["target"]["base_url"]
    assert props["rect.suite_version"] == summary["run"]["versions"]["rect-conformance"]
    failed = [case for case in suite.iter("testcase") if case.find("failure") is not None]
    assert failed
    for case in failed:
        names = [p.get("name") for p in case.find("properties")]
        assert any(name.startswith("rect.reproduction.") for name in names), case.get("name")


def test_the_run_folder_is_small_and_summary_md_is_one_screen(clean_run):
    folder = clean_run.report_dir
    assert (folder / "journal.jsonl.gz").exists() and not (folder / "journal.jsonl").exists()
    total = sum(path.stat().st_size for path in files_of(folder))
    assert total < 5_000_000, total
    lines = (folder / "summary.md").read_text().splitlines()
    assert len(lines) < 60 and lines[0] == "# RECT conformance: CONFORMANT"


def test_report_rebuilds_the_pages_from_the_folder(clean_run):
    folder = clean_run.report_dir
    (folder / "report.html").unlink()
    (folder / "summary.md").unlink()
    code, out, _ = _report(str(folder))
    assert code == 0 and "verdict: conformant" in out
    assert "CONFORMANT" in (folder / "report.html").read_text()
    assert (folder / "summary.md").read_text().startswith("# RECT conformance: CONFORMANT")


def test_report_on_a_folder_that_is_no_run_is_one_line(tmp_path):
    code, _, err = _report(str(tmp_path))
    assert code == 2 and err.count("\n") == 1 and "summary.json" in err
