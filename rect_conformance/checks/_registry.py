"""The one registry of checks that schemathesis does not do.

A check is a plain generator function ``fn(ctx, operation) -> Iterator[Finding]`` registered by
name with :func:`check`. The ``contracts/`` tests parametrize over the operations a check applies
to and hand every finding to the ``rect_findings`` fixture; ``rect-conformance run --checks a,b``
takes its choices from :data:`registry`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rect_conformance._errors import UsageError
from rect_conformance.findings import Finding, Kind

if TYPE_CHECKING:
    from rect_conformance._client import Client
    from rect_conformance._contract import Contract, Operation
    from rect_conformance._target import Target

CheckFn = Callable[["CheckContext", "Operation | str"], Iterator[Finding]]

# What a check may need from the target before it can run; the contracts tests skip with the
# matching reason when the target does not offer it.
NEEDS_REASONS = {
    "second_token": "no second lead provider token was given; tenancy needs one "
    "(--second-token-env VAR)",
    "writes": "the target does not allow writes (production without --allow-production-writes)",
    "test_support": "the target offers no test support (GET /test-support is not there), so "
    "the run owns no participant it may change",
}


class CheckSkipped(Exception):
    """Raised by a check, before it yields anything, when the target cannot be judged.

    ``str(error)`` is the reason; the ``contracts/`` tests turn it into a pytest skip.
    """


@dataclass(frozen=True)
class CheckContext:
    """Everything a check may use: the engine's client, the loaded contract and the target."""

    client: Client
    contract: Contract
    target: Target


@dataclass(frozen=True)
class CheckSpec:
    """A registered check: its name, kind, function and the operations it applies to."""

    name: str
    kind: Kind
    fn: CheckFn
    operations: tuple[str, ...]
    description: str = ""
    source: str = ""
    needs: frozenset[str] = field(default_factory=frozenset)

    def applies(self, operation: Operation | str) -> bool:
        """Whether this check runs on ``operation`` (an Operation or an operationId)."""
        return operation_id(operation) in self.operations

    def missing_need(self, target: Target) -> str | None:
        """The reason this check cannot run on ``target``, or ``None`` when it can."""
        have = {
            "second_token": target.has_second_token,
            "writes": target.writes_allowed,
            "test_support": target.test_support,
        }
        for need in sorted(self.needs):
            if not have.get(need, False):
                return NEEDS_REASONS.get(need, f"the target does not offer {need}")
        return None


class Registry:
    """Checks by name, in registration order."""

    def __init__(self) -> None:
        self._checks: dict[str, CheckSpec] = {}

    def add(self, spec: CheckSpec) -> None:
        """Register ``spec``; a name may be used once only."""
        if spec.name in self._checks:
            raise ValueError(f"check {spec.name!r} is registered twice")
        self._checks[spec.name] = spec

    def names(self) -> list[str]:
        """Every registered check name, in registration order."""
        return list(self._checks)

    def get(self, name: str) -> CheckSpec:
        """The check called ``name``; a one-line :class:`UsageError` when there is none."""
        try:
            return self._checks[name]
        except KeyError:
            known = ", ".join(self._checks) or "none"
            raise UsageError(f"unknown check {name!r}; choose from: {known}") from None

    def select(self, names: str | list[str] | None) -> list[CheckSpec]:
        """The checks named in ``names`` (a comma list or a list); all of them for ``None``."""
        if names is None:
            return list(self._checks.values())
        if isinstance(names, str):
            names = [n.strip() for n in names.split(",") if n.strip()]
        return [self.get(name) for name in names]

    def of_kind(self, kind: Kind) -> list[CheckSpec]:
        """The checks of one kind, in registration order."""
        return [spec for spec in self._checks.values() if spec.kind == kind]

    def for_operation(
        self, operation: Operation | str, kind: Kind | None = None
    ) -> list[CheckSpec]:
        """The checks that apply to ``operation`` (optionally only those of ``kind``)."""
        return [
            spec
            for spec in self._checks.values()
            if (kind is None or spec.kind == kind) and spec.applies(operation)
        ]

    def cases(self, kind: Kind | None = None) -> list[tuple[str, str]]:
        """Every (check name, operationId) pair, for parametrizing tests."""
        return [
            (spec.name, op)
            for spec in self._checks.values()
            if kind is None or spec.kind == kind
            for op in spec.operations
        ]

    def run(self, name: str, ctx: CheckContext, operation: Operation | str) -> list[Finding]:
        """Run check ``name`` on ``operation`` and collect its findings.

        Raises :class:`CheckSkipped` when the target lacks what the check needs or the check
        finds it cannot judge the target.
        """
        spec = self.get(name)
        reason = spec.missing_need(ctx.target)
        if reason:
            raise CheckSkipped(reason)
        return list(spec.fn(ctx, operation))

    def __iter__(self) -> Iterator[CheckSpec]:
        return iter(list(self._checks.values()))

    def __len__(self) -> int:
        return len(self._checks)

    def __contains__(self, name: object) -> bool:
        return name in self._checks


registry = Registry()


def operation_id(operation: Operation | str) -> str:
    """The operationId of an engine ``Operation``, or the string itself."""
    return operation if isinstance(operation, str) else operation.operation_id


def check(
    name: str,
    kind: Kind,
    *,
    operations: tuple[str, ...],
    description: str = "",
    source: str = "",
    needs: tuple[str, ...] = (),
) -> Callable[[CheckFn], CheckFn]:
    """Register the decorated generator as check ``name`` of ``kind``.

    ``operations`` names the operationIds it runs on (the contracts tests are parametrized over
    them); ``needs`` names what the target must offer (keys of :data:`NEEDS_REASONS`).
    """

    def register(fn: CheckFn) -> CheckFn:
        summary = " ".join((fn.__doc__ or "").strip().split("\n\n")[0].split())
        registry.add(
            CheckSpec(
                name=name,
                kind=kind,
                fn=fn,
                operations=tuple(operations),
                description=description or summary,
                source=source,
                needs=frozenset(needs),
            )
        )
        return fn

    return register
