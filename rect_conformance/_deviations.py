"""Known deviations: where the published spec is wrong and the server is right.

``contracts/known_deviations.yaml`` lists them; a finding that matches an entry is reported as
known and does not fail the run. An entry matches when its ``check`` equals the finding's check,
the finding's operation is among its ``operations`` (``"*"`` for any), and its ``match`` regular
expression is found in the finding's message.

Each entry is a waiver someone signed: besides its ``reason`` and public ``source`` it names an
``owner`` and a ``review_by`` date; a waiver past its review date is reported as overdue
(:meth:`Deviation.overdue`) so that it does not silently outlive the defect it covers.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from rect_conformance._errors import UsageError
from rect_conformance.findings import Finding

REQUIRED = (
    "id",
    "check",
    "operations",
    "match",
    "classification",
    "reason",
    "source",
    "owner",
    "review_by",
)
CLASSIFICATIONS = frozenset({"spec-defect"})


@dataclass(frozen=True)
class Deviation:
    """One entry of the known-deviations file."""

    id: str
    check: str
    operations: tuple[str, ...]
    match: re.Pattern[str]
    classification: str
    reason: str
    source: str
    owner: str = ""
    review_by: dt.date | None = None

    def overdue(self, today: dt.date) -> bool:
        """Whether the waiver's review date has passed on ``today``."""
        return self.review_by is not None and self.review_by < today

    def matches(self, finding: Finding) -> bool:
        """Whether ``finding`` is this known deviation."""
        if finding.check != self.check:
            return False
        if "*" not in self.operations and finding.operation not in self.operations:
            return False
        return bool(self.match.search(finding.message))


def load_deviations(path: Path | None) -> list[Deviation]:
    """The entries of ``path`` (none when the file is absent); :class:`UsageError` when broken."""
    if path is None or not path.is_file():
        return []
    try:
        entries = yaml.safe_load(path.read_text("utf-8")) or []
    except yaml.YAMLError as error:
        raise UsageError(
            f"{path} is not valid YAML ({error.__class__.__name__}); fix the known-deviations file"
        ) from None
    if isinstance(entries, dict):
        entries = entries.get("deviations", [])
    return [_entry(path, index, entry) for index, entry in enumerate(entries)]


def _entry(path: Path, index: int, entry: Any) -> Deviation:
    if not isinstance(entry, dict):
        raise UsageError(f"{path}: entry {index + 1} is not a mapping")
    missing = [key for key in REQUIRED if key not in entry]
    if missing:
        raise UsageError(f"{path}: entry {entry.get('id', index + 1)} lacks {', '.join(missing)}")
    if entry["classification"] not in CLASSIFICATIONS:
        raise UsageError(
            f"{path}: entry {entry['id']} has classification "
            f"{entry['classification']!r}; use one of {sorted(CLASSIFICATIONS)}"
        )
    operations = entry["operations"]
    if isinstance(operations, str):
        operations = [operations]
    try:
        pattern = re.compile(str(entry["match"]))
    except re.error as error:
        raise UsageError(f"{path}: entry {entry['id']} has a bad match pattern: {error}") from None
    review_by = entry["review_by"]
    if isinstance(review_by, str):
        try:
            review_by = dt.date.fromisoformat(review_by)
        except ValueError:
            review_by = None
    if not isinstance(review_by, dt.date):
        raise UsageError(
            f"{path}: entry {entry['id']} has review_by {entry['review_by']!r}; "
            "write a date as YYYY-MM-DD"
        )
    return Deviation(
        id=str(entry["id"]),
        check=str(entry["check"]),
        operations=tuple(str(op) for op in operations),
        match=pattern,
        classification=str(entry["classification"]),
        reason=str(entry["reason"]).strip(),
        source=str(entry["source"]).strip(),
        owner=str(entry["owner"]).strip(),
        review_by=review_by,
    )


def known(deviations: list[Deviation], finding: Finding) -> Deviation | None:
    """The first deviation that ``finding`` matches, if any."""
    return next((deviation for deviation in deviations if deviation.matches(finding)), None)
