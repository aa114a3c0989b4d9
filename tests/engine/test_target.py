"""Targets: base URLs as users write them, which environment a URL is, and what is refused."""

from __future__ import annotations

import httpx
import pytest

from rect_conformance._client import _describe
from rect_conformance._errors import TargetError, UsageError
from rect_conformance._target import (
    PRODUCTION_HOST,
    SANDBOX_HOST,
    check_safety,
    kind_of,
    normalise_base_url,
)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (f"https://{SANDBOX_HOST}/api", f"https://{SANDBOX_HOST}"),
        (f"https://{SANDBOX_HOST}/api/", f"https://{SANDBOX_HOST}"),
        (f"https://{SANDBOX_HOST}/api/v3", f"https://{SANDBOX_HOST}"),
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
    ],
)
def test_a_trailing_api_is_stripped(given, expected):
    assert normalise_base_url(given) == expected


@pytest.mark.parametrize("given", ["", "ftp://x", "sandbox.example", "http://"])
def test_a_base_url_that_is_not_http_is_a_usage_error(given):
    with pytest.raises(UsageError, match="--base-url"):
        normalise_base_url(given)


def test_hosts_are_classified():
    assert kind_of(f"https://{PRODUCTION_HOST}") == "production"
    assert kind_of(f"https://{SANDBOX_HOST}") == "sandbox"
    assert kind_of("http://127.0.0.1:1") == "custom"


def test_production_needs_explicit_permission():
    with pytest.raises(TargetError, match="--allow-production-writes"):
        check_safety("production", allow_production_writes=False)
    check_safety("production", allow_production_writes=True)
    check_safety("sandbox", allow_production_writes=False)


def test_a_name_that_does_not_resolve_is_said_plainly():
    error = httpx.ConnectError("[Errno -2] Name or service not known")
    assert "does not resolve" in _describe(error)
