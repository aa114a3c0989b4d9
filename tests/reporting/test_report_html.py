"""report.html in a real browser: headless Chromium opens the page from disk, the verdict, the
24 operations and the findings are in what it rendered, a PNG screenshot stays in the run
folder, and the page made no network request.

No request is proved, not assumed: the page is opened with every request recorded and refused
(``tests/reporting/browser.py``); the report may add no request to those Chromium makes for an
empty page, and a control page that asks for an image shows that a page's request is seen.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from tests.reporting.browser import requests_of_page
from tests.reporting.conftest import finding_of

FETCHING = {"img": "src", "script": "src", "link": "href", "iframe": "src", "source": "src"}


class _Fetches(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = FETCHING.get(tag)
        for name, value in attrs:
            if name == wanted and value and not value.startswith("data:"):
                self.found.append(f"<{tag} {name}={value}>")


def test_a_request_of_the_page_would_be_seen(chromium, tmp_path, browser_own_hosts):
    page = tmp_path / "control.html"
    page.write_text('<html><body><img src="http://rect-control.invalid/x.png"></body></html>')
    _, made = requests_of_page(chromium, page, browser_own_hosts)
    assert any("rect-control.invalid" in line for line in made), made


def _check_page(chromium: str, folder: Path, own: set[str]) -> tuple[str, list[str]]:
    page = folder / "report.html"
    parser = _Fetches()
    parser.feed(page.read_text("utf-8"))
    assert parser.found == [], "the page names resources a browser would fetch"
    dom, made = requests_of_page(chromium, page, own, screenshot=folder / "report.png")
    assert (folder / "report.png").stat().st_size > 10_000
    return dom, made


def test_a_clean_run_renders_its_verdict_and_every_operation(
    chromium, clean_run, browser_own_hosts
):
    dom, seen = _check_page(chromium, clean_run.report_dir, browser_own_hosts)
    assert seen == [], f"report.html made requests: {seen}"
    in_scope = sum(clean_run.summary["tests"].values())
    assert "CONFORMANT" in dom and f"all {in_scope} checks in scope ran and passed" in dom
    for operation in clean_run.summary["operations"]:
        assert f"<b>{operation}</b>" in dom, operation
    assert len(clean_run.summary["operations"]) == 24
    assert "No findings." in dom


def test_a_run_with_faults_renders_its_findings(chromium, fault_run, browser_own_hosts):
    folder = fault_run.result.report_dir
    dom, seen = _check_page(chromium, folder, browser_own_hosts)
    assert seen == [], f"report.html made requests: {seen}"
    summary = fault_run.result.summary
    assert "FINDINGS" in dom
    for finding in summary["findings"]:
        assert f'id="{finding["id"]}"' in dom, finding["id"]
    leak = finding_of(summary, "tenancy-hidden-by-id", "getParticipant")
    assert "$RECT_TOKEN_2" in leak["script"]
    for operation in summary["operations"]:
        assert f"<b>{operation}</b>" in dom, operation
