"""The signed-off spec: ``contracts/baseline.json`` and the normalised contract beside it.

``baseline.json`` records the sha256 of the signed-off file's bytes, when it was accepted and
where it came from; the structure the diff needs is stored next to it as our own normalised
JSON (``baseline_contract.json``), so ``run`` can report changes without the original file.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from rect_conformance._errors import UsageError
from rect_conformance._spec import LoadedSpec
from rect_conformance.evolution._diff import Change, diff_models
from rect_conformance.evolution._model import normalise

CONTRACT_NAME = "baseline_contract.json"


def read_baseline(path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """(record, normalised contract) of the baseline at ``path``."""
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        contract = json.loads((path.parent / record["contract"]).read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise UsageError(
            f"no baseline at {error.filename}; run `rect-conformance baseline "
            "--accept SPEC` to record one"
        ) from None
    except (ValueError, KeyError, TypeError):
        raise UsageError(
            f"{path} is not a baseline written by rect-conformance; accept a spec "
            "again with `rect-conformance baseline --accept SPEC`"
        ) from None
    return record, contract


def changes_against(spec_raw: dict[str, Any], baseline_path: Path) -> list[Change]:
    """Changes from the baseline to ``spec_raw``."""
    _, contract = read_baseline(baseline_path)
    return diff_models(contract, normalise(spec_raw))


def changes_since_baseline(spec_raw: dict[str, Any], baseline_path: Path) -> list[dict[str, Any]]:
    """Changes (not doc edits) from the signed-off spec to ``spec_raw``, as JSON-ready dicts.

    For the engine's ``run`` summary; each dict has rule, level, breaking, direction,
    location, message and operations.
    """
    return [c.to_dict() for c in changes_against(spec_raw, baseline_path) if not c.is_doc]


def accept(spec: LoadedSpec, baseline_path: Path, today: dt.date | None = None) -> dict[str, Any]:
    """Record ``spec`` as the signed-off version; returns the written record."""
    record = {
        "sha256": spec.sha256,
        "date": (today or dt.datetime.now(dt.UTC).date()).isoformat(),
        "source": spec.source,
        "title": str((spec.raw.get("info") or {}).get("title", "")),
        "version": str((spec.raw.get("info") or {}).get("version", "")),
        "contract": CONTRACT_NAME,
    }
    baseline_path.parent.mkdir(parents=True, exist_ok=True)
    contract = json.dumps(normalise(spec.raw), indent=1, sort_keys=True)
    (baseline_path.parent / CONTRACT_NAME).write_text(contract + "\n", encoding="utf-8")
    baseline_path.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return record
