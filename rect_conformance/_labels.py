"""What the reports call a test: its check, operation and plain parameters (:func:`meta_of`)
and a title a person can read (:func:`title_of`), in place of a raw pytest id."""

from __future__ import annotations

from typing import Any

import pytest

from rect_conformance._selection import check_of, operation_of


def meta_of(item: pytest.Item) -> dict[str, Any]:
    """The check, operation and plain parameters of test ``item``, for the reports."""
    params: dict[str, Any] = {}
    callspec = getattr(item, "callspec", None)
    for name, value in (callspec.params if callspec is not None else {}).items():
        if isinstance(value, str | int | float | bool):
            params[name] = value
        elif isinstance(getattr(value, "name", None), str):
            params[name] = value.name
    return {"check": check_of(item), "operation": operation_of(item), "params": params}


def title_of(item: pytest.Item) -> str:
    """A title a person can read: the operation and what the check makes sure of."""
    from rect_conformance.checks import registry

    meta = meta_of(item)
    check, operation, params = meta["check"], meta["operation"], meta["params"]
    prefix = f"{operation}: " if operation else ""
    if check == "operations":
        which = "invalid" if params.get("mode") == "negative" else "valid"
        return f"{prefix}{which} generated requests are answered as documented"
    if check == "spec":
        return "the published spec itself is sound"
    if check == "release-notes":
        return f"{prefix}release note {params.get('expectation', '')} holds"
    if check and check in registry:
        return f"{prefix}{_short(registry.get(check).description)} ({check})"
    return item.name


def _short(text: str, limit: int = 110) -> str:
    # The first sentence of a check's description, without reStructuredText marks.
    text = text.replace("``", "").split(". ")[0].rstrip(".")
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"
