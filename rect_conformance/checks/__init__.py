"""Checks schemathesis does not do: authentication, tenancy, sync semantics, error envelopes.

Importing this package registers every check in :data:`registry`; ``registry.names()`` are the
choices of ``rect-conformance run --checks``.
"""

from rect_conformance.checks import (  # noqa: F401 - imported to register their checks
    _auth,
    _envelopes,
    _sync,
    _sync_filters,
    _sync_writes,
    _tenancy,
)
from rect_conformance.checks._contracts import cases, run_case
from rect_conformance.checks._registry import (
    CheckContext,
    CheckSkipped,
    CheckSpec,
    Registry,
    check,
    registry,
)

__all__ = [
    "CheckContext",
    "CheckSkipped",
    "CheckSpec",
    "Registry",
    "cases",
    "check",
    "registry",
    "run_case",
]
