"""Per-operation tests: schemathesis generates requests, we send them through the run's client
and judge the answers with the contract.

Generation is hypothesis driven by schemathesis's strategies, without hypothesis's shrinking
(it would replay requests against a live API at will); each distinct problem is reported once,
with the request that showed it, and a read is then shrunk by dropping its query parameters one
at a time while the same problem still shows (``_shrink``). What is judged, per generation
mode, is the table :data:`JUDGED`:

* positive (schema-valid requests): the status is documented, the content type is documented,
  the body matches the schema, no server error; a read must not refuse a valid request (400);
* negative (schema-invalid requests): the answer is documented and well formed, no server error,
  and a write must not accept it (2xx).

How many requests an operation gets is the run's plan (``rect_conformance.planner``): without a
budget, ``--max-examples`` generated cases per mode; under one, the plan's share for this
operation and mode (its ``Generation``: the examples and a cap on all its requests, the reads
of listed records included). Either way generation stops early once the answers stop teaching
anything new: :data:`PATIENCE` cases in a row whose answers (status, content type, an empty or
a full list, the problems found) were all seen before for this operation and mode.

Writes are safe by construction: against a target without test support (a shared environment)
write operations run in negative mode only, with ids no record can have, so nothing the run
does not own is touched; against production without permission they do not run at all.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING

import httpx
from requests.exceptions import InvalidHeader, InvalidURL

from rect_conformance._client import UnsendableRequest
from rect_conformance._errors import ConformanceError
from rect_conformance._examples import valid_reads, valid_writes
from rect_conformance._requests_bridge import as_httpx_request, extensions_of
from rect_conformance.findings import Finding, Kind, Severity

if TYPE_CHECKING:
    from typing import Any

    from schemathesis import Case as _Case
    from schemathesis.core.transport import Response
    from schemathesis.schemas import APIOperation as _APIOperation

    from rect_conformance._contract import Contract, Operation
    from rect_conformance._run import Run
    from rect_conformance._target import Target

    # Schemathesis's generics, whose parameters say nothing this module relies on.
    Case = _Case[Any]
    APIOperation = _APIOperation[Any, Any, Any, Any]

MODES = ("positive", "negative")
PATIENCE = 8  # cases in a row that teach nothing new before generation stops

# Which judgements apply in which mode (see the module docstring).
JUDGED = {
    "positive": ("contract", "server_error", "positive_data_acceptance"),
    "negative": ("contract", "server_error", "negative_data_rejection"),
}


class NotApplicable(Exception):
    """This operation is not exercised in this mode on this target; ``str()`` says why."""


def exercise(run: Run, operation_id: str, mode: str) -> tuple[list[Finding], Exception | None]:
    """Send generated requests for one operation and mode; return the distinct findings and the
    error that stopped sending early (a spent budget or a failing target), if any. Reaching the
    plan's cap, or answers that teach nothing new, end generation quietly: that is no error."""
    from hypothesis import HealthCheck, Phase, Verbosity, given, settings
    from hypothesis import seed as fixed_seed
    from schemathesis import GenerationMode

    operation = run.contract.operation(operation_id)
    applicable(run.target, operation, mode)
    api_operation = run.contract.schema.find_operation_by_id(operation_id)
    path_parameters = (
        _path_ids(operation) if operation.is_write and not run.target.test_support else None
    )
    strategy = api_operation.as_strategy(
        generation_mode=GenerationMode.NEGATIVE if mode == "negative" else GenerationMode.POSITIVE,
        path_parameters=path_parameters,
    )
    plan = run.plan.generation(run.client.journal.test) if run.plan is not None else None
    examples = plan.examples if plan is not None else run.settings.max_examples
    limit = _Limit(run, plan.cap if plan is not None else None)
    session = run.client.requests_session()
    found: dict[tuple[str, str], Finding] = {}
    stopped: list[Exception] = []

    def probe(case: Case, generated: bool = True) -> int | None:
        if stopped or (generated and limit.reached()):
            return None
        try:
            response = case.call(session=session, base_url=run.target.base_url)
        except ConformanceError as error:  # a spent budget or a failing target
            stopped.append(error)
            return None
        except (UnsendableRequest, InvalidHeader, InvalidURL):
            return None  # generated input that no HTTP client can send; nothing to judge
        answer = _as_httpx(response)
        findings = judge(run.contract, operation_id, mode, answer)
        for finding in findings:
            found.setdefault(_key(finding), finding)
        limit.saw(answer, [_key(f) for f in findings])
        return int(response.status_code)

    if mode == "positive":
        _send_examples(run, operation, api_operation, probe, stopped)

    test: Callable[[], None] = settings(
        max_examples=examples,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        verbosity=Verbosity.quiet,
        derandomize=run.settings.seed is None,
    )(given(strategy)(_discarding(probe)))
    if run.settings.seed is not None:
        test = fixed_seed(run.settings.seed)(test)
    try:
        test()
    finally:
        session.close()
    if not stopped:
        _shrink_reads(run, operation_id, mode, found)
    return list(found.values()), (stopped[0] if stopped else None)


class _Limit:
    """When one test's generated cases stop: at the plan's cap on its requests (``None``: no
    cap), or after :data:`PATIENCE` answers in a row with nothing new in them."""

    def __init__(self, run: Run, cap: int | None) -> None:
        self.client = run.client
        self.start = run.client.requests_sent
        self.cap = cap
        self.seen: set[tuple[object, ...]] = set()
        self.streak = 0

    def saw(self, response: httpx.Response, problems: list[tuple[str, str]]) -> None:
        """Note what ``response`` (and the ``problems`` found in it) taught."""
        kind = response.headers.get("content-type", "").split(";")[0].strip()
        signature = (response.status_code, kind, _emptiness(response), tuple(sorted(problems)))
        if signature in self.seen:
            self.streak += 1
        else:
            self.seen.add(signature)
            self.streak = 0

    def reached(self) -> bool:
        """Whether no further generated case should be sent."""
        spent = self.client.requests_sent - self.start
        return (self.cap is not None and spent >= self.cap) or self.streak >= PATIENCE


def _emptiness(response: httpx.Response) -> str:
    # A list with records and an empty one show different parts of the schema.
    try:
        data = response.json().get("data") if response.content else None
    except (ValueError, AttributeError):
        return "not json"
    if isinstance(data, list):
        return "records" if data else "empty"
    return type(data).__name__


def _shrink_reads(
    run: Run, operation_id: str, mode: str, found: dict[tuple[str, str], Finding]
) -> None:
    from rect_conformance._shrink import shrink, worth_shrinking

    def judged(response: httpx.Response) -> list[Finding]:
        return judge(run.contract, operation_id, mode, response)

    for key, finding in list(found.items()):
        if worth_shrinking(run, finding):
            found[key] = shrink(run, finding, judged, _key)


def _discarding(probe: Callable[..., int | None]) -> Callable[[Case], None]:
    # Hypothesis wants a test that returns nothing; the status is only for the examples.
    def test(case: Case) -> None:
        probe(case)

    return test


def _send_examples(
    run: Run,
    operation: Operation,
    api_operation: APIOperation,
    probe: Callable[..., int | None],
    stopped: list[Exception],
) -> None:
    # Requests built from the target's own records, so that successful answers get judged too;
    # they are what the plan's overhead pays for, so its cap does not stop them.
    writes = operation.is_write
    if writes and not run.target.test_support:
        return
    try:
        examples = (valid_writes if writes else valid_reads)(run.client, operation.operation_id)
    except ConformanceError as error:
        stopped.append(error)
        return
    for example in examples:
        status = probe(api_operation.Case(**example), generated=False)
        if writes and (status is None or 200 <= status < 300):
            break  # one successful write shows the answer; more would only add records


def judge(
    contract: Contract, operation_id: str, mode: str, response: httpx.Response
) -> list[Finding]:
    """Everything wrong with ``response`` to a ``mode`` request for ``operation_id``."""
    operation = contract.operation(operation_id)
    status = response.status_code
    findings: list[Finding] = []
    judged = JUDGED[mode]
    if "server_error" in judged and status >= 500:
        findings.append(
            _finding(
                operation,
                "server_error",
                Kind.ROBUSTNESS,
                Severity.CRITICAL,
                f"answered {status} {_excerpt(response)}",
                "no server error, whatever the input",
                response,
            )
        )
    if "contract" in judged:
        findings.extend(contract.validate_response(operation_id, response))
    if "positive_data_acceptance" in judged and not operation.is_write and status in (400, 422):
        findings.append(
            _finding(
                operation,
                "positive_data_acceptance",
                Kind.CONTRACT,
                Severity.MAJOR,
                f"refused a request the spec allows: {status} {_excerpt(response)}",
                "a schema-valid read is answered 200 (or 404 for an absent id)",
                response,
            )
        )
    if "negative_data_rejection" in judged and operation.is_write and 200 <= status < 300:
        findings.append(
            _finding(
                operation,
                "negative_data_rejection",
                Kind.CONTRACT,
                Severity.MAJOR,
                f"accepted a request the spec forbids: {status} {_excerpt(response)}",
                "an invalid write is refused with 400, 404 or 422",
                response,
            )
        )
    return findings


def applicable(target: Target, operation: Operation, mode: str) -> None:
    """Raise :class:`NotApplicable` when ``operation`` is not exercised in ``mode`` on
    ``target`` (see the module docstring: writes are safe by construction)."""
    if not operation.is_write:
        return
    if not target.writes_allowed:
        raise NotApplicable("writes are not allowed on this target")
    if mode == "positive" and not target.test_support:
        raise NotApplicable(
            "valid writes run only where test support lets the run create its "
            "own records; this target has none, so only invalid writes are sent"
        )


def _path_ids(operation: Operation) -> dict[str, str] | None:
    names = [p["name"] for p in operation.parameters if p.get("in") == "path"]
    # A fresh random UUID: no record anywhere has it, so a write that slips through changes
    # nothing that exists.
    return {name: str(uuid.uuid4()) for name in names} or None


def _as_httpx(response: Response) -> httpx.Response:
    """Schemathesis's response as an ``httpx.Response`` (what the contract validates)."""
    request = as_httpx_request(response.request)
    # The adapter added the token on the way out; note that one was sent, never which.
    request.headers["Authorization"] = "Bearer elided"
    answer_headers = [
        (name, value)
        for name, values in response.headers.items()
        for value in (values if isinstance(values, list) else [values])
    ]
    return httpx.Response(
        response.status_code,
        headers=answer_headers,
        content=response.content,
        request=request,
        extensions=extensions_of(response.request),
    )


def _finding(
    operation: Operation,
    check: str,
    kind: Kind,
    severity: Severity,
    message: str,
    expected: str,
    response: httpx.Response,
) -> Finding:
    from rect_conformance._contract import reproduction_of

    return Finding(
        check=check,
        kind=kind,
        operation=operation.operation_id,
        message=f"{operation.label}: {message}",
        expected=expected,
        severity=severity,
        reproduction=reproduction_of(response),
        source=f"spec {operation.label}",
    )


def _excerpt(response: httpx.Response, limit: int = 120) -> str:
    text = response.text.strip().replace("\n", " ")
    return repr(text[:limit] + ("..." if len(text) > limit else ""))


def _key(finding: Finding) -> tuple[str, str]:
    # One finding per check and kind of message: the same problem seen on many generated
    # requests is one problem. Array indices and quoted values do not split it.
    text = re.sub(r"\[\d+\]", "[]", finding.message)
    text = re.sub(r"'[^']*'|\"[^\"]*\"", "'...'", text)
    return finding.check, text[:200]
