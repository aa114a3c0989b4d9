"""How the suite names itself: its version, and the headers that let a target's operators find
a run's traffic in their logs (``User-Agent: rect-conformance/<version>`` and
``X-Rect-Conformance-Run: <run id>`` on every request, schemathesis's included)."""

from __future__ import annotations

from importlib import metadata

DISTRIBUTION = "rect-conformance"
RUN_HEADER = "X-Rect-Conformance-Run"


def suite_version() -> str:
    """The installed version of the package (from its metadata)."""
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return "unknown (not installed)"


def user_agent() -> str:
    """The ``User-Agent`` of every request the suite sends."""
    return f"{DISTRIBUTION}/{suite_version()}"


def versions() -> dict[str, str]:
    """The versions a report records: the suite and the libraries that judge the target."""
    found = {"rect-conformance": suite_version()}
    for name in ("schemathesis", "hypothesis", "pytest", "httpx", "jsonschema"):
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found
