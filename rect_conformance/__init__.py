"""rect-conformance: the conformance suite for the DfE RECT Lead Provider API v3.

The public surface of the engine: the run's client, contract, target and settings, the
per-operation engine the ``contracts/`` tests drive (:func:`exercise`), the finding types, and the
error tree (see ``_errors`` for the exit codes).

The names are imported on first use, not with the package: the pytest plugin lives in this
package and is loaded by every pytest session of an environment where it is installed, so the
package must cost next to nothing until a run needs it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rect_conformance._client import Client
    from rect_conformance._contract import Contract, Operation, load_contract
    from rect_conformance._errors import (
        EXIT_FINDINGS,
        EXIT_INCOMPLETE,
        EXIT_INTERRUPTED,
        EXIT_OK,
        EXIT_TARGET,
        EXIT_USAGE,
        BudgetExhausted,
        ConformanceError,
        ContractBroken,
        SpecError,
        TargetError,
        UnsafeWrite,
        UsageError,
    )
    from rect_conformance._operations import MODES, NotApplicable, exercise
    from rect_conformance._run import Run, open_run
    from rect_conformance._settings import Settings
    from rect_conformance._target import EmbeddedSandbox, Target
    from rect_conformance.findings import Finding, Kind, Reproduction, Severity

# Public name -> the module that defines it.
_HOMES = {
    "Client": "_client",
    "Contract": "_contract",
    "Operation": "_contract",
    "load_contract": "_contract",
    **dict.fromkeys(
        (
            "EXIT_FINDINGS",
            "EXIT_INCOMPLETE",
            "EXIT_INTERRUPTED",
            "EXIT_OK",
            "EXIT_TARGET",
            "EXIT_USAGE",
            "BudgetExhausted",
            "ConformanceError",
            "ContractBroken",
            "SpecError",
            "TargetError",
            "UnsafeWrite",
            "UsageError",
        ),
        "_errors",
    ),
    "MODES": "_operations",
    "NotApplicable": "_operations",
    "exercise": "_operations",
    "Run": "_run",
    "open_run": "_run",
    "Settings": "_settings",
    "EmbeddedSandbox": "_target",
    "Target": "_target",
    **dict.fromkeys(("Finding", "Kind", "Reproduction", "Severity"), "findings"),
}

__all__ = [
    "EXIT_FINDINGS",
    "EXIT_INCOMPLETE",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_TARGET",
    "EXIT_USAGE",
    "MODES",
    "BudgetExhausted",
    "Client",
    "ConformanceError",
    "Contract",
    "ContractBroken",
    "EmbeddedSandbox",
    "Finding",
    "Kind",
    "NotApplicable",
    "Operation",
    "Reproduction",
    "Run",
    "Settings",
    "Severity",
    "SpecError",
    "Target",
    "TargetError",
    "UnsafeWrite",
    "UsageError",
    "exercise",
    "load_contract",
    "open_run",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'rect_conformance' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"rect_conformance.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
