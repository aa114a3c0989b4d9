"""The contract: the OpenAPI document a run holds the target to.

Loaded from a file, a URL or the target's own ``/api/docs/v3/swagger.yaml``; checked for
defects (``_spec_lint``); and used to validate responses with OpenAPI 3.0 semantics
(``_schema30`` explains the validator and the nullable+enum reading).
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import httpx

from rect_conformance import _schema30, _spec
from rect_conformance._api import SPEC_PATH
from rect_conformance._client import IDENTITY, JOURNAL_ID
from rect_conformance._errors import SpecError
from rect_conformance.findings import Finding, Kind, Reproduction, Severity

if TYPE_CHECKING:
    from collections.abc import Iterator

    import jsonschema
    from jsonschema.exceptions import ValidationError
    from schemathesis.specs.openapi.schemas import OpenApiSchema

    from rect_conformance._client import Client

_log = logging.getLogger(__name__)
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
MAX_SCHEMA_ERRORS = 5  # per response: enough to act on, few enough to read
_VERSIONS = ("3.0",)  # a run reads the version the RECT API publishes


@dataclass(frozen=True)
class Operation:
    """One operation of the spec, with its parameters and responses resolved."""

    operation_id: str
    method: str
    path: str
    parameters: list[dict[str, Any]]
    responses: dict[str, Any]
    tags: list[str]
    raw: dict[str, Any] = field(repr=False)

    @property
    def label(self) -> str:
        """``METHOD /path``, as reports show it."""
        return f"{self.method} {self.path}"

    @property
    def is_write(self) -> bool:
        """Whether the operation changes data."""
        return self.method not in ("GET", "HEAD", "OPTIONS")


class Contract:
    """A loaded, resolved spec; see the module docstring."""

    def __init__(self, raw: dict[str, Any], content: bytes, source: str) -> None:
        self.raw = raw
        self.source = source
        self.content = content  # the bytes as read: a report keeps the very spec it judged by
        self.sha256 = hashlib.sha256(content).hexdigest()
        self.version = str(raw.get("info", {}).get("version", "unknown"))
        self.operations = list(_operations(raw))
        self._by_id = {operation.operation_id: operation for operation in self.operations}
        self.base_url: str | None = None
        # One validator per documented response, built on first use: a run validates the same
        # few dozen schemas thousands of times.
        self._validators: dict[tuple[str, str, str], jsonschema.Draft4Validator] = {}

    @classmethod
    def from_loaded(cls, spec: _spec.LoadedSpec) -> Contract:
        """The contract of a spec read by :func:`rect_conformance._spec.load_spec`."""
        return cls(spec.raw, spec.content, spec.source)

    def operation(self, operation_id: str) -> Operation:
        """The operation called ``operation_id``; ``KeyError`` when the spec has none."""
        return self._by_id[operation_id]

    @cached_property
    def schema(self) -> OpenApiSchema:
        """The schemathesis schema of this spec (built on first use)."""
        import schemathesis

        try:
            schema = schemathesis.openapi.from_dict(self.raw)
        except Exception as error:  # schemathesis raises many kinds; the user needs one line
            _log.debug("schemathesis could not load %s", self.source, exc_info=True)
            raise SpecError(
                f"schemathesis cannot load the spec from {self.source}: {_first_line(error)}"
            ) from None
        if self.base_url:
            schema.config.update(base_url=self.base_url)
        return schema

    def lint(self) -> list[Finding]:
        """Defects of the document itself (findings of kind ``spec``)."""
        from rect_conformance._spec_lint import lint

        return lint(self.raw)

    def validate_response(self, operation_id: str, response: httpx.Response) -> list[Finding]:
        """What is wrong with ``response`` to ``operation_id``: an undocumented status, an
        undocumented content type, a body that does not match the documented schema."""
        operation = self.operation(operation_id)
        status = str(response.status_code)
        documented = _documented_response(operation.responses, status)
        repro = reproduction_of(response)

        def found(check: str, message: str, expected: str) -> Finding:
            return Finding(
                check=check,
                kind=Kind.CONTRACT,
                operation=operation_id,
                message=f"{operation.label}: {message}",
                expected=expected,
                severity=Severity.MAJOR,
                reproduction=repro,
                source=f"spec {operation.label} responses",
            )

        if documented is None:
            listed = ", ".join(operation.responses) or "none"
            return [
                found(
                    "status_code_conformance",
                    f"answered {status}, which the spec does not document",
                    f"one of the documented statuses: {listed}",
                )
            ]
        content = documented.get("content") or {}
        if not content:
            return []
        media = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if media not in {key.lower() for key in content}:
            return [
                found(
                    "content_type_conformance",
                    f"{status} answered with content type {media or 'none'!r}",
                    f"one of the documented types: {', '.join(content)}",
                )
            ]
        schema = (content.get(media) or next(iter(content.values()))).get("schema")
        if not schema or "json" not in media:
            return []
        try:
            body = json.loads(response.content)
        except ValueError:
            return [
                found(
                    "response_schema_conformance",
                    f"{status} body is not JSON: {response.text[:120]!r}",
                    "a JSON body matching the documented schema",
                )
            ]
        return [
            found(
                "response_schema_conformance",
                f"{status} body at {_json_path(error)}: {_short(error.message)}",
                f"the {status} schema of {operation.label}",
            )
            for error in _errors(self._validator((operation_id, status, media), schema), body)
        ]

    def _validator(
        self, key: tuple[str, str, str], schema: dict[str, Any]
    ) -> jsonschema.Draft4Validator:
        if key not in self._validators:
            self._validators[key] = _schema30.validator(_schema30.to_json_schema(schema))
        return self._validators[key]


def _errors(checker: jsonschema.Draft4Validator, body: Any) -> list[ValidationError]:
    errors = sorted(checker.iter_errors(body), key=lambda e: list(e.absolute_path))
    # anyOf/oneOf failures hide the real cause in their context; report the innermost ones.
    leaves = []
    for error in errors:
        leaves.extend(_leaves(error))
    unique = {(_json_path(e), e.message): e for e in leaves}
    return list(unique.values())[:MAX_SCHEMA_ERRORS]


def _leaves(error: ValidationError) -> list[ValidationError]:
    if not error.context:
        return [error]
    best = min(error.context, key=lambda e: len(list(e.relative_schema_path)))
    return _leaves(best) if best.context else [best]


def _json_path(error: ValidationError) -> str:
    parts = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
    return "$" + parts


def _short(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[:limit] + "..."


def _documented_response(responses: dict[str, Any], status: str) -> dict[str, Any] | None:
    if status in responses:
        return responses[status] or {}
    wildcard = f"{status[0]}XX"
    for key in (wildcard, wildcard.lower(), "default"):
        if key in responses:
            return responses[key] or {}
    return None


def _operations(raw: dict[str, Any]) -> Iterator[Operation]:
    resolver = _spec.RefResolver(raw)
    for path, item in (raw.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        shared = resolver.inline(item.get("parameters") or [])
        for method in HTTP_METHODS:
            spec = item.get(method)
            if not isinstance(spec, dict):
                continue
            resolved = resolver.inline(spec)
            parameters = shared + (resolved.get("parameters") or [])
            yield Operation(
                operation_id=str(spec.get("operationId") or f"{method.upper()} {path}"),
                method=method.upper(),
                path=path,
                parameters=parameters,
                responses=resolved.get("responses") or {},
                tags=list(spec.get("tags") or []),
                raw=spec,
            )


def reproduction_of(response: httpx.Response) -> Reproduction:
    """The request behind ``response``; the credential is replaced, never copied."""
    request = response.request
    headers = {}
    identity = response.extensions.get(IDENTITY)
    if identity is None:
        identity = "primary" if "authorization" in request.headers else "none"
    if "x-with-server-date" in request.headers:
        headers["X-With-Server-Date"] = request.headers["x-with-server-date"]
    body = None
    if request.content:
        try:
            body = json.loads(request.content)
        except ValueError:
            body = request.content.decode("utf-8", "replace")
    journal = response.extensions.get(JOURNAL_ID)
    return Reproduction(
        request.method,
        str(request.url),
        headers,
        body,
        identity=str(identity),
        journal=int(journal) if journal is not None else None,
    )


def parse_spec(content: bytes, source: str) -> Contract:
    """A contract from the bytes of a spec; :class:`SpecError` when it is not OpenAPI 3.0."""
    return Contract.from_loaded(
        _spec.parse_spec(content, source, versions=_VERSIONS, need_paths=True)
    )


def load_contract(spec: str | None, client: Client | None = None) -> Contract:
    """Load the spec from a path, a URL (fetched through ``client``), or the target's
    ``/api/docs/v3/swagger.yaml`` when ``spec`` is ``None``."""
    if spec and not _spec.is_url(spec):
        return Contract.from_loaded(_spec.load_spec(spec, versions=_VERSIONS, need_paths=True))
    if client is None:
        raise SpecError("no spec given and no target to read it from; pass --spec")

    def fetch(url: str) -> httpx.Response:
        # Through the run's client: the request is counted, paced and journaled like any other.
        accept = {"Accept": "application/yaml, application/json, */*"}
        return client.request("GET", url, auth="none", headers=accept)

    return Contract.from_loaded(
        _spec.load_spec(
            spec or client.url(SPEC_PATH), fetch=fetch, versions=_VERSIONS, need_paths=True
        )
    )


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__
