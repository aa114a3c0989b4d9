"""Draft an expectation file for a new release note from what it names and what the spec says."""

from __future__ import annotations

import re
from typing import Any

from rect_conformance.evolution._notes import Note, named_items

_LIST_OPS = re.compile(r"^GET /[^{}]*[^}]$")


def _where(model: dict[str, Any], token: str) -> list[tuple[str, str, dict[str, Any]]]:
    """(operation, node key, facts) of every 200 response node whose property is ``token``."""
    found = []
    for key, op in model["operations"].items():
        for node, facts in op["responses"].get("200", {}).items():
            if node.endswith(f".{token}"):
                found.append((op.get("operation_id") or key, node, facts))
    return found


def _objects(node: str, attribute: str) -> str:
    return node[1 : -len(attribute) - 1].replace("[]", "")


def _type_of(facts: dict[str, Any]) -> str:
    kind = str(facts.get("type", ""))
    return kind if kind in ("string", "integer", "number", "boolean", "object", "array") else ""


def scaffold(note: Note, model: dict[str, Any]) -> list[dict[str, Any]]:
    """Draft expectations, one per response attribute the note names; never empty."""
    drafts = []
    for item in named_items(note):
        places = _where(model, item.text) if item.kind == "token" else []
        if not places:
            continue
        _, node, facts = places[0]
        objects = _objects(node, item.text)
        same = [op for op, n, _ in places if _objects(n, item.text) == objects]
        draft: dict[str, Any] = {
            "note": note.title,
            "date": note.date.isoformat(),
            "draft": True,
            "operations": sorted(set(same)),
            "objects": objects,
            "attribute": item.text,
        }
        if _type_of(facts):
            draft["type"] = _type_of(facts)
        if facts.get("format"):
            draft["format"] = facts["format"]
        draft["nullable"] = bool(facts.get("nullable"))
        if facts.get("enum"):
            draft["values"] = list(facts["enum"])
        drafts.append(draft)
    if not drafts:
        drafts.append(
            {
                "note": note.title,
                "date": note.date.isoformat(),
                "draft": True,
                "operations": [],
                "objects": "data",
                "attribute": "",
            }
        )
    return drafts


def draft_name(note: Note) -> str:
    """The file name for a note's expectation: ``YYYY-MM-DD-<slug>.yaml``."""
    slug = re.sub(r"[^a-z0-9]+", "-", note.title.lower()).strip("-")[:60].rstrip("-")
    return f"{note.date.isoformat()}-{slug}.yaml"
