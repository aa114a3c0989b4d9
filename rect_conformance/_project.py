"""Where the suite's own data lives: the one place that knows.

The ``contracts/`` folder (the tests a run executes, the known deviations, the release-note
expectations and the signed-off baseline) sits at the top of a checkout; a wheel carries the
same folder inside the package as ``rect_conformance/contracts`` (see ``pyproject.toml``). The
installed copy is looked for first, so that a checkout's ``contracts/`` is only ever found next
to the package it belongs to.

Reports go to ``reports/<run-id>`` at the top of a checkout, and to ``reports/<run-id>`` in the
current folder when the suite is installed (site-packages is no place for them).
"""

from __future__ import annotations

from pathlib import Path

from rect_conformance._errors import UsageError

PACKAGE_DIR = Path(__file__).resolve().parent
_INSTALLED = PACKAGE_DIR / "contracts"
_CHECKOUT = PACKAGE_DIR.parent / "contracts"
# A file every contracts folder has; a stray folder of the same name elsewhere does not.
_MARKER = "known_deviations.yaml"


def contracts_dir() -> Path:
    """The ``contracts/`` folder of this installation."""
    for folder in (_INSTALLED, _CHECKOUT):
        if (folder / _MARKER).is_file():
            return folder
    raise UsageError(
        f"the suite's contracts are missing (looked in {_INSTALLED} and {_CHECKOUT}); "
        "reinstall rect-conformance"
    )


def scenarios_dir() -> Path:
    """The lifecycle scenarios, installed beside the contracts: ``scenarios/`` at the top of a
    checkout, ``rect_conformance/scenarios`` in a wheel."""
    folder = contracts_dir().parent / "scenarios"
    if not (folder / "conftest.py").is_file():
        raise UsageError(
            f"the suite's scenarios are missing ({folder}); reinstall rect-conformance"
        )
    return folder


def in_checkout() -> bool:
    """Whether the suite runs from a source checkout rather than an installed wheel."""
    return contracts_dir() == _CHECKOUT


def known_deviations_file() -> Path:
    """The known deviations of the published spec that ship with the suite."""
    return contracts_dir() / _MARKER


def baseline_file() -> Path:
    """The signed-off baseline (``baseline.json``; its contract lies beside it)."""
    return contracts_dir() / "baseline.json"


def release_notes_dir() -> Path:
    """The folder of release-note expectation files."""
    return contracts_dir() / "release_notes"


def reports_dir(run_id: str) -> Path:
    """The default report folder of run ``run_id`` (see the module docstring)."""
    root = PACKAGE_DIR.parent if in_checkout() else Path.cwd()
    return root / "reports" / run_id
