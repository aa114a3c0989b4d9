"""The spec check reports what a client generator refuses: the published spec declares
``DeliveryPartner.attributes.cohort`` as an array without ``items``, which openapi-spec-validator
lets through and openapi-python-client refuses (it leaves the DeliveryPartner models out). The
test runs the real generator, offline, on the real spec and on a mended copy."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from rect_conformance._spec_lint import lint

COHORT = "#/components/schemas/DeliveryPartner/properties/attributes/properties/cohort"


def _generator() -> str:
    found = shutil.which("openapi-python-client", path=str(Path(sys.executable).parent))
    if found:
        return found
    message = "openapi-python-client is not installed; pip install -e '.[dev]'"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


def _generate(spec: dict, folder: Path) -> tuple[set[str], str]:
    """(component schemas the generator refused, its output) for ``spec``."""
    (folder / "spec.yaml").write_text(yaml.safe_dump(spec), encoding="utf-8")
    (folder / "config.yaml").write_text("post_hooks: []\n", encoding="utf-8")
    result = subprocess.run(
        [
            _generator(),
            "generate",
            "--path",
            str(folder / "spec.yaml"),
            "--meta",
            "none",
            "--output-path",
            str(folder / "client"),
            "--config",
            str(folder / "config.yaml"),
        ],
        capture_output=True,
        text=True,
        cwd=folder,
        timeout=120,
    )
    output = result.stdout + result.stderr
    refused = set(re.findall(r"Unable to process schema /components/schemas/(\w+)", output))
    return refused, output


def _published(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_the_spec_check_reports_the_array_the_generator_refuses(published_spec_path, tmp_path):
    spec = _published(published_spec_path)
    refused, output = _generate(spec, tmp_path)
    assert refused == {"DeliveryPartner"}, output
    assert "type array must have items" in output
    assert not (tmp_path / "client" / "models" / "delivery_partner.py").exists()
    findings = [f for f in lint(spec) if f.check == "spec-array-items"]
    assert [f.source for f in findings] == [COHORT]
    # every schema the generator refuses is one the spec check names
    assert all(any(f"/schemas/{name}/" in f.source for f in findings) for name in refused)


def test_with_items_declared_the_generator_keeps_the_models_and_the_check_is_quiet(
    published_spec_path, tmp_path
):
    spec = _published(published_spec_path)
    cohort = spec["components"]["schemas"]["DeliveryPartner"]["properties"]["attributes"]
    cohort["properties"]["cohort"]["items"] = {"type": "string"}
    refused, output = _generate(spec, tmp_path)
    assert refused == set(), output
    assert (tmp_path / "client" / "models" / "delivery_partner.py").exists()
    assert not [f for f in lint(spec) if f.check in ("spec-array-items", "spec-schema-keyword")]


def test_a_key_that_is_no_schema_keyword_is_named_with_the_keyword_meant():
    spec = {
        "openapi": "3.0.1",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {
            "schemas": {
                "Thing": {
                    "type": "object",
                    "properties": {"kind": {"tpye": "string"}, "x-note": {"type": "string"}},
                    "x-internal": True,
                }
            }
        },
    }
    (finding,) = [f for f in lint(spec) if f.check == "spec-schema-keyword"]
    assert finding.source == "#/components/schemas/Thing/properties/kind"
    assert "`tpye`" in finding.message and "did you mean `type`?" in finding.message


def test_the_published_spec_has_no_key_that_is_no_schema_keyword(published_spec_path):
    assert not [
        f for f in lint(_published(published_spec_path)) if f.check == "spec-schema-keyword"
    ]
