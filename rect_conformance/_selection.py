"""Which tests a run keeps: ``--checks`` and ``--operations``, decided once, at collection.

Every test of ``contracts/`` belongs to one check, named by a ``rect_check`` marker or by its
``check_name`` parameter (the registry's checks), and most to one operation, named by its
``rect_operation_id`` or ``operation_id`` parameter. Tests outside the selection are deselected
before the session starts, so none of them is reported, skipped or counted; a test of no
operation (the spec's own soundness) stays whatever ``--operations`` says.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rect_conformance._errors import UsageError

if TYPE_CHECKING:
    import pytest

# The engine's own checks, selectable next to the registry's: the schemathesis-driven tests of
# every operation, the soundness of the spec itself, and the release-note promises.
ENGINE_CHECKS = ("operations", "spec", "release-notes")
CHECK_MARKER = "rect_check"
CHECK_PARAM = "check_name"
OPERATION_PARAMS = ("rect_operation_id", "operation_id")


def check_names() -> list[str]:
    """Every check ``--checks`` accepts, as ``--help`` lists them."""
    from rect_conformance.checks import registry
    from rect_conformance.lifecycle._catalogue import check_names as lifecycle_checks

    return [*ENGINE_CHECKS, *registry.names(), *lifecycle_checks()]


def names_in(text: str | None) -> set[str] | None:
    """The names of a comma list; ``None`` when it names nothing (everything is selected)."""
    names = {part.strip() for part in (text or "").split(",") if part.strip()}
    return names or None


def validate_checks(text: str | None, also: Iterable[str] = ()) -> None:
    """A :class:`UsageError` naming every unknown check and the choices; ``also`` are further
    valid names (the checks a team's own tests name with the marker)."""
    known = check_names()
    known += sorted(set(also) - set(known))
    unknown = sorted((names_in(text) or set()) - set(known))
    if unknown:
        raise UsageError(
            f"--checks names {', '.join(unknown)}, which is no check; choose from: "
            + ", ".join(known)
        )


def check_of(item: pytest.Item) -> str | None:
    """The check test ``item`` belongs to (``None``: the test names none)."""
    marker = item.get_closest_marker(CHECK_MARKER)
    if marker is not None and marker.args:
        return str(marker.args[0])
    value = _params(item).get(CHECK_PARAM)
    return None if value is None else str(value)


def operation_of(item: pytest.Item) -> str | None:
    """The operationId test ``item`` exercises, if it exercises one."""
    params = _params(item)
    for name in OPERATION_PARAMS:
        if name in params:
            return str(params[name])
    label = getattr(item, "operation_label", None)
    return None if label is None else str(label)


def _params(item: pytest.Item) -> dict[str, object]:
    callspec = getattr(item, "callspec", None)
    return dict(callspec.params) if callspec is not None else {}


@dataclass(frozen=True)
class Selection:
    """The checks and operations a run is restricted to (``None``: all of them)."""

    checks: set[str] | None = None
    operations: set[str] | None = None

    @classmethod
    def of(cls, checks: str | None, operations: str | None) -> Selection:
        """The selection of two comma lists, as the options give them."""
        return cls(names_in(checks), names_in(operations))

    def keeps(self, item: pytest.Item) -> bool:
        """Whether ``item`` runs. A test naming no check is a team's own: it always runs."""
        check = check_of(item)
        if self.checks is not None and check is not None and check not in self.checks:
            return False
        operation = operation_of(item)
        return self.operations is None or operation is None or operation in self.operations

    def split(self, items: Iterable[pytest.Item]) -> tuple[list[pytest.Item], list[pytest.Item]]:
        """(kept, deselected) of ``items``, each in collection order."""
        kept: list[pytest.Item] = []
        dropped: list[pytest.Item] = []
        for item in items:
            (kept if self.keeps(item) else dropped).append(item)
        return kept, dropped
