"""JUnit XML a CI server can file: the suite's properties (target, spec hash, version, verdict)
and, on each test that failed with findings, their ids and reproductions as properties.

pytest writes ``junit.xml``; this only adds ``<properties>`` to it, so it can run again on the
same file (``rect-conformance report``) without adding twice.
"""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)
PREFIX = "rect."


def suite_properties(data: dict[str, Any]) -> dict[str, str]:
    """The properties of the whole run."""
    return {
        "rect.verdict": str(data.get("verdict")),
        "rect.verdict_text": str(data.get("verdict_text", "")),
        "rect.exit_code": str(data.get("exit_code", "")),
        "rect.target": str(data.get("target", {}).get("base_url", "")),
        "rect.target_kind": str(data.get("target", {}).get("kind", "")),
        "rect.spec_version": str(data.get("spec", {}).get("version", "")),
        "rect.spec_sha256": str(data.get("spec", {}).get("sha256", "")),
        "rect.suite_version": str(data.get("run", {}).get("versions", {}).get("rect-conformance")),
        "rect.run_id": str(data.get("run_id", "")),
        "rect.command": str(data.get("run", {}).get("command", "")),
        "rect.requests": str(data.get("requests", {}).get("sent", "")),
    }


def _case_properties(data: dict[str, Any]) -> dict[str, list[tuple[str, str]]]:
    by_test: dict[str, list[tuple[str, str]]] = {}
    for finding in data.get("findings", []):
        for test in finding.get("tests", []):
            props = by_test.setdefault(test, [])
            props.append(
                ("rect.finding", f"{finding['id']} {finding['severity']}: {finding['message']}")
            )
            reproduction = finding.get("script") or finding.get("curl")
            if reproduction:
                props.append((f"rect.reproduction.{finding['id']}", reproduction))
    return by_test


def _nodeid(case: ET.Element) -> str:
    # pytest writes classname "contracts.test_auth" and name "test_x[param]".
    module = case.get("classname", "").replace(".", "/")
    return f"{module}.py::{case.get('name', '')}"


def enrich(path: Path, data: dict[str, Any]) -> bool:
    """Add the run's and the findings' properties to the JUnit file at ``path``; ``False``
    when there is no readable file there."""
    if not path.is_file():
        return False
    try:
        tree = ET.parse(path)
    except ET.ParseError as error:
        log.warning("cannot add properties to %s: %s", path, error)
        return False
    cases = _case_properties(data)
    for suite in tree.getroot().iter("testsuite"):
        _set(suite, list(suite_properties(data).items()))
        for case in suite.iter("testcase"):
            props = cases.get(_nodeid(case))
            if props:
                _set(case, props)
    tree.write(path, encoding="utf-8", xml_declaration=True)
    return True


def _set(element: ET.Element, props: list[tuple[str, str]]) -> None:
    holder = element.find("properties")
    if holder is None:
        holder = ET.Element("properties")
        element.insert(0, holder)
    for old in [p for p in holder.findall("property") if p.get("name", "").startswith(PREFIX)]:
        holder.remove(old)
    for name, value in props:
        ET.SubElement(holder, "property", name=name, value=value)
