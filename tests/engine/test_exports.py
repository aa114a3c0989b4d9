"""The package's public names are pinned: a change to them is a deliberate one."""

from __future__ import annotations

import rect_conformance

EXPECTED = [
    "EXIT_FINDINGS",
    "EXIT_INCOMPLETE",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_TARGET",
    "EXIT_USAGE",
    "MODES",
    "BudgetExhausted",
    "Client",
    "ConformanceError",
    "Contract",
    "ContractBroken",
    "EmbeddedSandbox",
    "Finding",
    "Kind",
    "NotApplicable",
    "Operation",
    "Reproduction",
    "Run",
    "Settings",
    "Severity",
    "SpecError",
    "Target",
    "TargetError",
    "UnsafeWrite",
    "UsageError",
    "exercise",
    "load_contract",
    "open_run",
]


def test_public_names_are_pinned_and_sorted():
    assert rect_conformance.__all__ == EXPECTED
    assert rect_conformance.__all__ == sorted(
        rect_conformance.__all__, key=lambda n: (not n.isupper(), n[0].islower(), n)
    )


def test_every_public_name_exists():
    for name in rect_conformance.__all__:
        assert getattr(rect_conformance, name) is not None


def test_the_package_and_the_plugin_import_nothing_heavy():
    # The plugin is loaded by every pytest session where the package is installed; the names
    # of the package are imported on first use.
    import subprocess
    import sys

    code = (
        "import sys, rect_conformance.plugin; "
        "print(sorted(m for m in ('httpx', 'schemathesis', 'jsonschema', 'allure', "
        "'rect_conformance._run', 'rect_conformance.checks') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_every_lazy_name_comes_from_its_home():
    from rect_conformance._errors import UsageError

    assert rect_conformance.UsageError is UsageError
    assert set(dir(rect_conformance)) >= set(rect_conformance.__all__)
