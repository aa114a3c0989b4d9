"""Progress of a run on the user's screen: a live rich display on a terminal, plain lines
otherwise (CI logs, pipes). A pytest plugin object, registered by the CLI."""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

import pytest

if TYPE_CHECKING:
    from rich.progress import Progress as Bar
    from rich.progress import TaskID

SYMBOL = {"passed": "ok", "failed": "FINDINGS", "skipped": "skipped"}


class Progress:
    """Shows each finished test; counts outcomes."""

    def __init__(self, stream: TextIO, live: bool) -> None:
        self.stream = stream
        self.counts = {"passed": 0, "failed": 0, "skipped": 0}
        self.total = 0
        self._live: Bar | None = None
        self._task: TaskID | None = None
        if live:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            self._live = Progress(
                TextColumn("[bold]{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[last]}"),
                console=Console(file=stream),
                transient=True,
            )

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        """Start the display once the number of tests is known."""
        self.total = len(session.items)
        if self._live is not None:
            self._live.start()
            self._task = self._live.add_task("testing", total=self.total, last="")
        else:
            print(f"running {self.total} tests", file=self.stream, flush=True)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        """One line (or one step of the bar) per finished test."""
        if not (report.when == "call" or (report.when == "setup" and not report.passed)):
            return
        outcome = "failed" if report.failed else "skipped" if report.skipped else "passed"
        self.counts[outcome] += 1
        name = report.nodeid.split("::", 1)[-1]
        if self._live is not None and self._task is not None:
            self._live.update(self._task, advance=1, last=f"{SYMBOL[outcome]}: {name}"[:70])
        else:
            print(f"{SYMBOL[outcome]:>8}  {name}", file=self.stream, flush=True)

    def pytest_sessionfinish(self) -> None:
        """Close the live display."""
        if self._live is not None:
            self._live.stop()
