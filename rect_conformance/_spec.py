"""The one way the engine reads an OpenAPI document and follows its ``$ref``s.

Both readers of specs use it: the contract a run holds the target to (``_contract``, OpenAPI 3.0
only, fetched through the run's client when it is a URL) and spec evolution (``evolution``,
3.0 or 3.1 files and URLs). Everything a user can get wrong on the way (a missing file, a URL
that does not answer, bad YAML, a document that is not OpenAPI or not a version the caller
reads) becomes a :class:`SpecError` of one line saying what and where.

:class:`RefResolver` follows local ``$ref``s (``#/components/...``): one at a time for the
evolution model, which flattens schemas itself, or all at once for response validation.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import yaml

from rect_conformance._errors import ConformanceError, SpecError

# The C loader reads the 110 kB spec ten times faster; both are safe loaders.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
OPENAPI_3 = ("3.0", "3.1")
_MAX_CHAIN = 20  # a $ref pointing at a $ref ...: longer chains are cycles

Fetch = Callable[[str], httpx.Response]


@dataclass(frozen=True)
class LoadedSpec:
    """A parsed spec: where it came from, the document, and the sha256 of its bytes."""

    source: str
    raw: dict[str, Any]
    sha256: str
    content: bytes = field(default=b"", repr=False, compare=False)


def is_url(source: str | Path) -> bool:
    """Whether ``source`` is an ``http(s)://`` URL rather than a file path."""
    return str(source).startswith(("http://", "https://"))


def _fetch_plainly(url: str) -> httpx.Response:
    return httpx.get(url, timeout=30.0, follow_redirects=True)


def read_source(source: str | Path, *, fetch: Fetch | None = None, what: str = "spec") -> bytes:
    """The bytes at ``source``, a file path or a URL (fetched with ``fetch``, plain httpx by
    default). ``what`` names the document in messages."""
    text = str(source)
    if is_url(text):
        try:
            response = (fetch or _fetch_plainly)(text)
        except (httpx.HTTPError, ConformanceError) as error:
            reason = getattr(error, "reason", None) or str(error) or type(error).__name__
            raise SpecError(
                f"could not fetch the {what} from {text}: {reason}; check the URL and that the "
                "server is up"
            ) from None
        if response.status_code != 200:
            raise SpecError(
                f"could not fetch the {what} from {text}: it answered HTTP "
                f"{response.status_code}; give a path or a working URL"
            )
        return response.content
    path = Path(text).expanduser()
    if not path.is_file():
        raise SpecError(
            f"cannot read {path}: no {what} file there; give the path of an existing file or a URL"
        )
    try:
        return path.read_bytes()
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise SpecError(f"cannot read {path}: {reason}; give a readable {what} file") from None


def parse_yaml(content: bytes, source: str) -> Any:
    """The YAML (or JSON, a subset of it) document in ``content``; parser errors become one
    line with the line number."""
    try:
        return yaml.load(content, Loader=_LOADER)  # a safe loader (C or pure Python)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise SpecError(
            f"{source} is not valid YAML{where}; fix the file or give another"
        ) from None


def check_openapi(
    raw: Any, source: str, *, versions: tuple[str, ...] = OPENAPI_3, need_paths: bool = False
) -> dict[str, Any]:
    """``raw`` when it is an OpenAPI document of one of ``versions`` (``"3.0"`` accepts 3.0.x);
    with ``need_paths``, it must also describe at least one path."""
    if not isinstance(raw, dict):
        raise SpecError(
            f"{source} is not an OpenAPI description (the top level is not a mapping); "
            "give the API's swagger.yaml"
        )
    version = str(raw.get("openapi") or raw.get("swagger") or "")
    if not version:
        raise SpecError(
            f"{source} is not an OpenAPI description (it has no `openapi` field); "
            "give the API's swagger.yaml"
        )
    if not any(version == wanted or version.startswith(wanted + ".") for wanted in versions):
        raise SpecError(
            f"{source} is not an OpenAPI {'/'.join(versions)} document (it is OpenAPI "
            f"{version}); the RECT API publishes 3.0.1"
        )
    paths = raw.get("paths")
    if paths is not None and not isinstance(paths, dict):
        raise SpecError(f"{source} is not a valid OpenAPI document ('paths' is not a mapping)")
    if need_paths and not paths:
        raise SpecError(f"{source} has no paths; is it the RECT API description?")
    return raw


def parse_spec(
    content: bytes, source: str, *, versions: tuple[str, ...] = OPENAPI_3, need_paths: bool = False
) -> LoadedSpec:
    """A :class:`LoadedSpec` from the bytes of a document (see :func:`check_openapi`)."""
    raw = check_openapi(
        parse_yaml(content, source), source, versions=versions, need_paths=need_paths
    )
    return LoadedSpec(source, raw, hashlib.sha256(content).hexdigest(), content)


def load_spec(
    source: str | Path,
    *,
    versions: tuple[str, ...] = OPENAPI_3,
    need_paths: bool = False,
    fetch: Fetch | None = None,
) -> LoadedSpec:
    """Read, parse and check the OpenAPI document at ``source`` (a file path or a URL)."""
    return parse_spec(
        read_source(source, fetch=fetch), str(source), versions=versions, need_paths=need_paths
    )


class RefResolver:
    """The local ``$ref``s of one document (``#/a/b``, with ``~1`` for ``/`` and ``~0``
    for ``~``). A reference that points nowhere resolves to nothing (``None``, or ``{}`` where
    an object is expected); a schema that contains itself is cut where it recurs."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document

    def lookup(self, ref: object) -> Any:
        """What the local reference ``ref`` points to, or ``None`` when it points nowhere."""
        if not isinstance(ref, str) or not ref.startswith("#/"):
            return None
        node: Any = self.document
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            if isinstance(node, dict) and part in node:
                node = node[part]
            elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            else:
                return None
        return node

    def deref(self, node: Any) -> Any:
        """``node`` itself, or what its chain of ``$ref``s ends at (``{}`` when it dangles)."""
        for _ in range(_MAX_CHAIN):
            if not (isinstance(node, dict) and "$ref" in node):
                return node
            node = self.lookup(node["$ref"]) or {}
        return {}

    def inline(self, node: Any) -> Any:
        """A copy of ``node`` with every local ``$ref`` replaced by what it points to."""
        return self._inline(node, ())

    def _inline(self, node: Any, active: tuple[str, ...]) -> Any:
        if isinstance(node, list):
            return [self._inline(item, active) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/"):
            if ref in active:  # a schema that contains itself: stop where it recurs
                return {}
            target = self.lookup(ref)
            return {} if target is None else self._inline(target, (*active, ref))
        return {key: self._inline(value, active) for key, value in node.items()}
