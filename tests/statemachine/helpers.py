"""Helpers of the state machine tests: the requests of a reported sequence read back from its
``curl`` lines, and replayed with httpx against a target, the way a person pasting the lines
into a shell would (created ids captured into their variables, ``$RECT_TOKEN`` set)."""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

CAPTURE = re.compile(r"^(?P<name>[A-Z]\d+)=\$\((?P<command>.*) \| jq -r \.data\.id\)$")
VARIABLE = re.compile(r"\$(RECT_TOKEN|[A-Z]\d+)")


@dataclass(frozen=True)
class Request:
    """One line of a sequence: the variable it fills (if any) and the request it sends."""

    variable: str | None
    method: str
    url: str
    headers: dict[str, str]
    body: str | None


def sequence_of(message: str) -> list[str]:
    """The curl lines of a state-machine finding's message."""
    return [line for line in message.splitlines() if "curl -sS" in line]


def parse(line: str) -> Request:
    """The request one curl line sends (variables left as ``$NAME``)."""
    captured = CAPTURE.match(line)
    command = captured.group("command") if captured else line
    words = shlex.split(command)
    assert words[:2] == ["curl", "-sS"], line
    method, url, headers, body = "GET", "", {}, None
    index = 2
    while index < len(words):
        word = words[index]
        if word == "-X":
            method, index = words[index + 1], index + 2
        elif word == "-H":
            name, _, value = words[index + 1].partition(": ")
            headers[name], index = value, index + 2
        elif word == "--data":
            body, index = words[index + 1], index + 2
        else:
            url, index = word, index + 1
    return Request(captured.group("name") if captured else None, method, url, headers, body)


def _fill(text: str, values: dict[str, str]) -> str:
    return VARIABLE.sub(lambda m: values[m.group(1)], text)


def replay(lines: list[str], base_url: str, token: str) -> list[httpx.Response]:
    """Send every line's request to ``base_url`` in order; each response, in order."""
    values = {"RECT_TOKEN": token}
    answers = []
    with httpx.Client(timeout=30) as http:
        for line in lines:
            request = parse(line)
            target = urlsplit(_fill(request.url, values))
            url = base_url.rstrip("/") + target.path + (f"?{target.query}" if target.query else "")
            headers = {name: _fill(value, values) for name, value in request.headers.items()}
            content = _fill(request.body, values).encode() if request.body else None
            response = http.request(request.method, url, headers=headers, content=content)
            if request.variable is not None:
                # as jq does: "null" when the answer created nothing
                data = response.json().get("data") if response.is_success else None
                values[request.variable] = str(data["id"]) if data else "null"
            answers.append(response)
    return answers


def essence(response: httpx.Response) -> tuple[Any, ...]:
    """What an answer says, without ids and instants: its status, its errors, and the
    declaration state or enrolment statuses it shows."""
    try:
        body = json.loads(response.text)
    except ValueError:
        return (response.status_code, response.text)
    errors = tuple((e.get("title"), e.get("detail")) for e in body.get("errors") or ())
    shown = (body.get("data") or {}).get("attributes") or {}
    enrolments = tuple(
        (e.get("training_status"), e.get("participant_status"))
        for e in shown.get("ecf_enrolments") or ()
    )
    return (response.status_code, errors, shown.get("state"), enrolments)
