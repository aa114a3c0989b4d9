"""``rect-conformance replay RUN_DIR FINDING_ID``: does a finding still reproduce?

Two ways to judge, chosen by the finding's check:

* a registered check (tenancy, sync, auth, envelopes, ...) is run again on the finding's
  operation: it sends the same sequence as the reproduction (setup through test support
  included), with fresh ids, and judges the answers as the run did;
* a finding of the generated requests' contract checks, or of a release note's promise, has its
  recorded steps sent again, ids bound from the new answers, and the last answer judged by the
  contract (in the mode of the test that saw it) or by the note's expectation;
* any other finding is inconclusive: nothing here can judge it again.

The finding reproduces when the same check reports a finding on the same operation; with the
same symptom, the output says so. Exit codes: :data:`EXIT_GONE` (no longer reproduces),
:data:`EXIT_REPRODUCES`, 2 (usage), 3 (target unreachable), :data:`EXIT_INCONCLUSIVE` (a step
needed could not be sent or the check could not judge the target).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

import httpx

from rect_conformance import _target
from rect_conformance._client import Client
from rect_conformance._contract import Contract, load_contract
from rect_conformance._errors import EXIT_FINDINGS, EXIT_INCOMPLETE, EXIT_OK, UsageError
from rect_conformance._journal import Journal, Redactor
from rect_conformance._ratelimit import DFE_RATE, parse_rate
from rect_conformance.findings import Finding
from rect_conformance.reporting._grouping import finding_id, symptom

EXIT_GONE = EXIT_OK
EXIT_REPRODUCES = EXIT_FINDINGS
EXIT_INCONCLUSIVE = EXIT_INCOMPLETE
AUTH = {"primary": "primary", "secondary": "secondary", "invalid": "invalid", "other": "invalid"}


@dataclass
class Outcome:
    """What a replay found: ``reproduces`` is ``None`` when it could not tell."""

    reproduces: bool | None
    said: str
    findings: list[Finding] = field(default_factory=list)
    sent: list[str] = field(default_factory=list)


def find(data: dict[str, Any], wanted: str) -> dict[str, Any]:
    """The finding ``wanted`` of a summary (its id, or a unique prefix of it)."""
    every = data.get("findings", []) + data.get("documentation_mismatches", [])
    hits = [f for f in every if f["id"] == wanted] or [
        f for f in every if f["id"].startswith(wanted)
    ]
    if len(hits) != 1:
        known = ", ".join(f["id"] for f in every[:12]) or "none"
        what = "names no finding" if not hits else "is ambiguous"
        raise UsageError(f"{wanted} {what} of this run; its findings: {known}")
    return dict(hits[0])


def open_client(
    folder: Path, base_url: str, token_env: str | None, second_env: str | None
) -> Client:
    """A client for the replay, journaling into ``RUN_DIR/replays/``."""
    tokens = {"primary": _target.read_token(token_env, "--token-env") or ""}
    second = _target.read_token(second_env, "--second-token-env")
    if second:
        tokens["secondary"] = second
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    journal = Journal(folder / "replays" / f"{stamp}.jsonl.gz", Redactor(tokens.values()))
    sandbox = _target.kind_of(base_url) == "sandbox"
    # A replay never writes to production, and keeps to the DfE sandbox's pace.
    return Client(
        base_url,
        tokens,
        journal=journal,
        run_id=f"replay-{stamp}",
        limiter=parse_rate(DFE_RATE) if sandbox else None,
        refuse_writes_to=_target.PRODUCTION_HOST,
    )


def contract_for(folder: Path, data: dict[str, Any], client: Client) -> Contract:
    """The spec the run judged by (kept in its folder), else the target's."""
    name = data.get("spec", {}).get("file")
    if name and (folder / name).is_file():
        return load_contract(str(folder / name))
    return load_contract(None, client)


def replay(
    finding: dict[str, Any], data: dict[str, Any], client: Client, contract: Contract
) -> Outcome:
    """Judge ``finding`` again against the target of ``client``."""
    from rect_conformance.checks import registry

    contract.base_url = client.base_url
    if finding["check"] in registry:
        return _recheck(finding, client, contract)
    judge = _judge_for(finding, data, contract)
    if judge is None:
        return Outcome(None, f"findings of {finding['check']} cannot be judged again here")
    return _resend(finding, client, judge, data)


Judge = Callable[[httpx.Response], list[Finding]]


def _judge_for(finding: dict[str, Any], data: dict[str, Any], contract: Contract) -> Judge | None:
    """How the last answer of a re-sent reproduction is judged: by the contract (the checks
    schemathesis drives) or by the release note's expectation; ``None`` for any other check."""
    from rect_conformance._operations import judge
    from rect_conformance.reporting._tables import ENGINE_RULES

    check, operation = finding["check"], finding["operation"]
    if check in ENGINE_RULES:
        mode = _mode_of(finding, data)
        return lambda response: judge(contract, operation, mode, response)
    if check.startswith("release-note:"):
        from rect_conformance import _project
        from rect_conformance.evolution import evaluate, load_expectations

        name = check.split(":", 1)[1]
        notes = load_expectations(_project.contracts_dir() / "release_notes")
        expectation = next((e for e in notes if e.name == name), None)
        if expectation is None:
            return None
        return lambda response: evaluate(expectation, _json_of(response), operation)
    return None


def _json_of(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _same(finding: dict[str, Any], found: list[Finding]) -> Outcome:
    mine = [f for f in found if f.check == finding["check"] and f.operation == finding["operation"]]
    if not mine:
        return Outcome(False, "no longer reproduces", found)
    exact = [
        f for f in mine if finding_id(f.check, f.operation, symptom(f.message)) == finding["id"]
    ]
    shown = (exact or mine)[0]
    how = "with the same symptom" if exact else "with another symptom"
    return Outcome(True, f"still reproduces {how}: {shown.message}", found)


def _recheck(finding: dict[str, Any], client: Client, contract: Contract) -> Outcome:
    from rect_conformance.checks import CheckContext, CheckSkipped, registry

    kind = _target.kind_of(client.base_url)
    target = _target.Target(
        base_url=client.base_url,
        kind=kind,
        has_second_token=client.has_second_token,
        writes_allowed=kind != "production",
        test_support=_target.probe_test_support(client),
    )
    context = CheckContext(client=client, contract=contract, target=target)
    sent = [f"re-ran check {finding['check']} on {finding['operation']}, which sent:"]

    def note(entry: dict[str, Any]) -> None:
        sent.append(
            f"  {entry['method']} {entry['url']} ({entry.get('identity')}) -> {entry['status']}"
        )

    client.listeners.append(note)
    try:
        found = registry.run(finding["check"], context, finding["operation"])
    except CheckSkipped as reason:
        return Outcome(None, f"could not judge: {reason}", sent=sent)
    finally:
        client.listeners.remove(note)
    outcome = _same(finding, found)
    outcome.sent = sent
    return outcome


def _resend(finding: dict[str, Any], client: Client, judge: Judge, data: dict[str, Any]) -> Outcome:
    steps = finding.get("steps") or []
    if not steps:
        return Outcome(None, "the finding has no recorded request to send again")
    old_base = data.get("target", {}).get("base_url", "").rstrip("/")
    values: dict[str, str] = {}
    sent = []
    response = None
    for step in steps:
        url = _swap(step["url"], values)
        if old_base and url.startswith(old_base + "/"):
            url = client.base_url + url[len(old_base) :]
        body = _swap_any(step.get("body"), values)
        response = client.request(
            step["method"],
            url,
            json=body if not isinstance(body, str) else None,
            headers=dict(step.get("headers") or {}),
            auth=AUTH.get(step["identity"], "none"),
        )
        sent.append(f"{step['method']} {url} ({step['identity']}) -> {response.status_code}")
        for name, path in (step.get("bind") or {}).items():
            new = _pick(response, path)
            old = next((v for v, n in _names(steps).items() if n == name), None)
            if new is None or old is None:
                return Outcome(
                    None, f"step answered {response.status_code}; {name} is not in it", sent=sent
                )
            values[old] = new
    assert response is not None
    outcome = _same(finding, judge(response))
    outcome.sent = sent
    return outcome


def _names(steps: list[dict[str, Any]]) -> dict[str, str]:
    names: dict[str, str] = {}
    for step in steps:
        names.update(step.get("vars") or {})
    return names


def _pick(response: Any, path: list[Any]) -> str | None:
    try:
        value: Any = response.json()
        for part in path:
            value = value[part]
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    return str(value)


def _swap(text: str, values: dict[str, str]) -> str:
    for old, new in values.items():
        text = text.replace(old, new)
    return text


def _swap_any(value: Any, values: dict[str, str]) -> Any:
    if isinstance(value, str):
        return _swap(value, values)
    if isinstance(value, dict):
        return {k: _swap_any(v, values) for k, v in value.items()}
    if isinstance(value, list):
        return [_swap_any(v, values) for v in value]
    return value


def _mode_of(finding: dict[str, Any], data: dict[str, Any]) -> str:
    tests = set(finding.get("tests", []))
    for result in data.get("results", []):
        if result["test"] in tests and (result.get("params") or {}).get("mode"):
            return str(result["params"]["mode"])
    return "positive"


def report(finding: dict[str, Any], outcome: Outcome, target: str, out: TextIO) -> int:
    """Print what the replay did and found; returns its exit code."""
    print(
        f"replay {finding['id']} ({finding['check']} on {finding['operation']}) against {target}:",
        file=out,
    )
    for line in outcome.sent:
        print(f"  {line}", file=out)
    if outcome.reproduces is None:
        print(f"inconclusive: {outcome.said}", file=out)
        return EXIT_INCONCLUSIVE
    print(outcome.said, file=out)
    return EXIT_REPRODUCES if outcome.reproduces else EXIT_GONE


def token_env_default(name: str | None) -> str | None:
    """``--token-env``'s default: ``RECT_TOKEN`` when it is set, as the reproductions read it."""
    if name:
        return name
    return "RECT_TOKEN" if os.environ.get("RECT_TOKEN") else None
