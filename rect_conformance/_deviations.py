"""Known deviations: where the published spec is wrong and the server is right.

``contracts/known_deviations.yaml`` lists them; a finding that matches an entry is reported as
known and does not fail the run. An entry matches when its ``check`` equals the finding's check,
the finding's operation is among its ``operations`` (``"*"`` for any), and its ``match`` regular
expression is found in the finding's message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from rect_conformance._errors import UsageError
from rect_conformance.findings import Finding

REQUIRED = ("id", "check", "operations", "match", "classification", "reason", "source")
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
    return Deviation(
        id=str(entry["id"]),
        check=str(entry["check"]),
        operations=tuple(str(op) for op in operations),
        match=pattern,
        classification=str(entry["classification"]),
        reason=str(entry["reason"]).strip(),
        source=str(entry["source"]).strip(),
    )


def known(deviations: list[Deviation], finding: Finding) -> Deviation | None:
    """The first deviation that ``finding`` matches, if any."""
    return next((deviation for deviation in deviations if deviation.matches(finding)), None)
