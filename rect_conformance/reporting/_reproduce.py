"""Reproductions that work on their own: the whole sequence of requests a finding needs.

From the journal entries of the test that saw a finding, :func:`steps` keeps the evidence
request, every write the test sent before it that the target accepted (registrations through
test support, actions), and the reads that supplied an id a kept request uses. An id that an
earlier answer supplied becomes a variable (``ID1``, ...) bound to where it sits in that
answer, so the sequence works on a fresh target where the ids differ. :func:`script` renders
the steps as a shell script that reads the tokens from ``$RECT_TOKEN`` / ``$RECT_TOKEN_2`` and
the target from ``$RECT_BASE_URL``; ``replay`` sends the same steps.
"""

from __future__ import annotations

import json
import re
import shlex
from typing import Any
from urllib.parse import urlsplit

from rect_conformance.findings import BASE_URL_VARIABLE, TOKEN_VARIABLES, auth_argument

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
READS = ("GET", "HEAD", "OPTIONS")
MAX_STEPS = 12
TOKEN_OWNERS = {"RECT_TOKEN": "the lead provider's token", "RECT_TOKEN_2": "a second provider's"}
KEPT_HEADERS = ("x-with-server-date",)
IDENTITY_WORDS = {
    "primary": "the lead provider's token ($RECT_TOKEN)",
    "secondary": "the second provider's token ($RECT_TOKEN_2)",
    "invalid": "a well-formed token nobody has",
    "other": "a token that is not valid",
    "none": "no token",
}


def steps(entries: list[dict[str, Any]], evidence: int) -> list[dict[str, Any]]:
    """The steps that reproduce the exchange ``evidence`` from ``entries`` (the journal entries
    of its test, in order, answers it reused among them); empty when the evidence is not among
    them."""
    by_id = {e["id"]: e for e in entries if e.get("type", "exchange") in ("exchange", "reuse")}
    if evidence not in by_id:
        return []
    before = [e for e in by_id.values() if e["id"] < evidence]
    # A refused write changed nothing, so only the writes the target accepted are needed.
    kept = {e["id"] for e in before if e["method"] not in READS and _accepted(e)} | {evidence}
    bindings: dict[str, tuple[int, list[Any]]] = {}
    # Walk backwards: every id a kept request uses is traced to the answer that supplied it.
    for step_id in sorted(kept, reverse=True):
        for value in _ids_in(by_id[step_id]):
            if value in bindings:
                continue
            source = _supplier(before, value, step_id)
            if source is not None:
                bindings[value] = (source[0]["id"], source[1])
                kept.add(source[0]["id"])
    chosen = sorted(kept)[-MAX_STEPS:]
    names = {
        value: f"ID{index + 1}"
        for index, value in enumerate(sorted(bindings, key=lambda v: bindings[v][0]))
    }
    result = []
    for step_id in chosen:
        entry = by_id[step_id]
        binds = {
            names[value]: path
            for value, (source_id, path) in bindings.items()
            if source_id == step_id
        }
        result.append(
            {
                "journal": step_id,
                "identity": entry.get("identity") or "primary",
                "method": entry["method"],
                "url": entry["url"],
                "headers": {
                    name: value
                    for name, value in (entry.get("request_headers") or {}).items()
                    if name.lower() in KEPT_HEADERS
                },
                "body": entry.get("request_body"),
                "status": entry.get("status"),
                "bind": binds,
                "vars": {
                    value: names[value]
                    for value in _ids_in(entry)
                    if value in names and bindings[value][0] < step_id
                },
                "evidence": step_id == evidence,
            }
        )
    return result


def _accepted(entry: dict[str, Any]) -> bool:
    status = entry.get("status")
    return isinstance(status, int) and 200 <= status < 300


def _ids_in(entry: dict[str, Any]) -> list[str]:
    text = entry["url"] + " " + json.dumps(entry.get("request_body"), default=str)
    return list(dict.fromkeys(UUID.findall(text)))


def _supplier(
    before: list[dict[str, Any]], value: str, until: int
) -> tuple[dict[str, Any], list[Any]] | None:
    # The latest earlier answer that holds ``value``, with where it holds it.
    for entry in sorted(before, key=lambda e: -e["id"]):
        if entry["id"] >= until:
            continue
        path = _path_to(entry.get("response_body"), value)
        if path is not None:
            return entry, path
    return None


def _path_to(body: Any, value: str, path: list[Any] | None = None) -> list[Any] | None:
    path = path or []
    if body == value:
        return path
    if isinstance(body, dict):
        items: Any = body.items()
    elif isinstance(body, list):
        items = enumerate(body)
    else:
        return None
    for key, child in items:
        found = _path_to(child, value, [*path, key])
        if found is not None:
            return found
    return None


def identities(step_list: list[dict[str, Any]]) -> list[str]:
    """The token variables the steps need, in order of first use."""
    return list(
        dict.fromkeys(
            TOKEN_VARIABLES[s["identity"]] for s in step_list if s["identity"] in TOKEN_VARIABLES
        )
    )


def _quoted(text: str, variables: dict[str, str]) -> str:
    """``text`` as one shell word, with each value of ``variables`` replaced by ``"$NAME"``."""
    if not variables:
        return shlex.quote(text)
    pattern = re.compile("|".join(re.escape(v) for v in sorted(variables, key=len, reverse=True)))
    parts, last = [], 0
    for match in pattern.finditer(text):
        if match.start() > last:
            parts.append(shlex.quote(text[last : match.start()]))
        parts.append(f'"${variables[match.group(0)]}"')
        last = match.end()
    if last < len(text):
        parts.append(shlex.quote(text[last:]))
    return "".join(parts)


def curl_line(step: dict[str, Any], base_url: str) -> str:
    """One step as a curl command; the target is ``$RECT_BASE_URL`` when it is the run's."""
    url = step["url"]
    base = base_url.rstrip("/")
    variables = step.get("vars") or {}
    if base and url.startswith(base + "/"):
        target = f'"${BASE_URL_VARIABLE}"' + _quoted(url[len(base) :], variables)
    else:
        target = _quoted(url, variables)
    words = ["curl", "-sS", "-X", step["method"], target, *auth_argument(step["identity"])]
    for name, value in sorted(step["headers"].items()):
        words += ["-H", shlex.quote(f"{_title(name)}: {value}")]
    if step["body"] is not None:
        body = step["body"]
        text = body if isinstance(body, str) else json.dumps(body, separators=(",", ":"))
        words += [
            "-H",
            shlex.quote("Content-Type: application/json"),
            "--data",
            _quoted(text, variables),
        ]
    line = " ".join(words)
    for name, path in step["bind"].items():
        picker = "".join(f"[{json.dumps(part)}]" for part in path)
        code = f"import json,sys; print(json.load(sys.stdin){picker})"
        line = f"{name}=$({line} | python3 -c {shlex.quote(code)})"
    return line


def _title(name: str) -> str:
    return "-".join(part.capitalize() for part in name.split("-")).replace("-With-", "-With-")


def script(step_list: list[dict[str, Any]], base_url: str, title: str) -> str:
    """The steps as a shell script a person can run against any target."""
    needs = identities(step_list)
    lines = [f"# {title}"]
    if needs:
        lines.append("# Set " + " and ".join(f"${n} ({TOKEN_OWNERS[n]})" for n in needs) + ".")
    lines.append(f"{BASE_URL_VARIABLE}=${{{BASE_URL_VARIABLE}:-{base_url.rstrip('/')}}}")
    for number, step in enumerate(step_list, 1):
        what = "the request that shows it" if step["evidence"] else _purpose(step)
        lines.append(
            f"# {number}. {what}, with {IDENTITY_WORDS.get(step['identity'], step['identity'])}"
            f" (answered {step['status']})"
        )
        lines.append(curl_line(step, base_url))
    return "\n".join(lines)


def _purpose(step: dict[str, Any]) -> str:
    path = urlsplit(step["url"]).path
    if path.startswith("/test-support"):
        return "set up through test support"
    if step["method"] in READS:
        return "read an id it needs"
    return f"{step['method']} {path}"
