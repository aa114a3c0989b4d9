"""Read an OpenAPI document from a file or a URL and check that it is one.

Everything a user can get wrong here (a missing file, bad YAML, a document that is not OpenAPI
3.0 or 3.1) becomes a :class:`SpecError` with one line saying what and where.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import yaml

from rect_conformance._errors import SpecError

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class LoadedSpec:
    """A parsed spec with where it came from and the sha256 of its bytes."""

    source: str
    raw: dict[str, Any]
    sha256: str


def read_bytes(source: str | Path) -> bytes:
    """The bytes at ``source``: an ``http(s)://`` URL or a file path."""
    text = str(source)
    if text.startswith(("http://", "https://")):
        try:
            response = httpx.get(text, timeout=30.0, follow_redirects=True)
        except httpx.HTTPError as error:
            raise SpecError(
                f"cannot fetch {text}: {error}; check the URL and the network"
            ) from None
        if response.status_code != 200:
            raise SpecError(f"cannot fetch {text}: HTTP {response.status_code}; check the URL")
        return response.content
    path = Path(text)
    try:
        return path.read_bytes()
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise SpecError(f"cannot read {path}: {reason}; give the path of an OpenAPI file") from None


def parse_yaml(data: bytes, source: str) -> Any:
    """Parse YAML (JSON is a subset), turning parser errors into one line."""
    try:
        return yaml.load(data, Loader=_Loader)  # a safe loader (C or pure Python)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise SpecError(
            f"{source} is not valid YAML{where}; fix the file or give another"
        ) from None


def check_openapi(raw: Any, source: str) -> dict[str, Any]:
    """Return ``raw`` if it looks like an OpenAPI 3.0 or 3.1 document, else raise SpecError."""
    if not isinstance(raw, dict):
        raise SpecError(f"{source} is not an OpenAPI document (top level is not a mapping)")
    version = str(raw.get("openapi", ""))
    if not (version.startswith("3.0") or version.startswith("3.1")):
        found = f"openapi: {version}" if version else "no 'openapi' field"
        raise SpecError(f"{source} is not an OpenAPI 3.0/3.1 document ({found})")
    if not isinstance(raw.get("paths", {}), dict):
        raise SpecError(f"{source} is not a valid OpenAPI document ('paths' is not a mapping)")
    return raw


def load_spec(source: str | Path) -> LoadedSpec:
    """Read, parse and check one OpenAPI document."""
    data = read_bytes(source)
    raw = check_openapi(parse_yaml(data, str(source)), str(source))
    return LoadedSpec(str(source), raw, hashlib.sha256(data).hexdigest())
