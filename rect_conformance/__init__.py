"""rect-conformance: the conformance suite for the DfE RECT Lead Provider API v3.

The public surface of the engine: the run's client, contract, target and settings, the finding
types, and the error tree (see ``_errors`` for the exit codes).
"""

from rect_conformance._client import Client
from rect_conformance._contract import Contract, Operation, load_contract
from rect_conformance._errors import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_TARGET,
    EXIT_USAGE,
    BudgetExhausted,
    ConformanceError,
    SpecError,
    TargetError,
    UnsafeWrite,
    UsageError,
)
from rect_conformance._run import Run, Settings, open_run
from rect_conformance._target import EmbeddedSandbox, Target
from rect_conformance.findings import Finding, Kind, Reproduction, Severity

__all__ = [
    "EXIT_FINDINGS",
    "EXIT_OK",
    "EXIT_TARGET",
    "EXIT_USAGE",
    "BudgetExhausted",
    "Client",
    "ConformanceError",
    "Contract",
    "EmbeddedSandbox",
    "Finding",
    "Kind",
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
    "load_contract",
    "open_run",
]
