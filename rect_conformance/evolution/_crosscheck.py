"""Join spec changes to release notes: what no note announces, what notes get wrong, what matches.

A change is announced by a note that names its subject: the path of an added or removed
endpoint, the name of a property or parameter, or the enum value that came or went. A note's
named items are checked against the spec as it stands: an endpoint that does not exist, a method
that is not the spec's, a name or value the spec does not hold (and, when it differs only by
``_`` against ``-``, the spec's spelling).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from rect_conformance._api import PREFIX
from rect_conformance.evolution._diff import Change
from rect_conformance.evolution._notes import Named, Note, named_items

_NEEDS_NOTE = {"operation", "parameter", "property", "status", "ref"}
_IDENT = re.compile(r"[A-Za-z_][\w-]*")


def norm_path(path: str) -> str:
    """A path without the API's ``/api/v3`` prefix and with every ``{param}`` written ``{}``."""
    path = "/" + path.strip().strip("/")
    path = re.sub(rf"^{re.escape(PREFIX)}(?=/|$)", "", path) or "/"
    return re.sub(r"\{[^}]*\}", "{}", path)


@dataclass(frozen=True)
class SpecIndex:
    """What a spec holds, for looking up the items a note names."""

    methods: dict[str, frozenset[str]]  # normalised path -> methods
    names: frozenset[str]
    values: frozenset[str]

    @classmethod
    def from_model(cls, model: dict[str, Any]) -> SpecIndex:
        """Index a model made by ``normalise``."""
        methods: dict[str, set[str]] = {}
        names: set[str] = set()
        values: set[str] = set()
        for key, op in model["operations"].items():
            method, path = key.split(" ", 1)
            methods.setdefault(norm_path(path), set()).add(method)
            bodies = [op["parameters"], op["request"] or {}, *op["responses"].values()]
            for nodes in bodies:
                for node, facts in nodes.items():
                    names.update(_IDENT.findall(node.split(":", 1)[-1]))
                    values.update(facts.get("enum", ()))
        return cls(
            {p: frozenset(m) for p, m in methods.items()}, frozenset(names), frozenset(values)
        )

    def holds(self, token: str) -> bool:
        """Whether ``token`` is a property/parameter name or an enum value of the spec."""
        return token in self.names or token in self.values


@dataclass(frozen=True)
class NoteProblem:
    """A named item of a note that the spec does not bear out."""

    note: str
    date: str
    item: str
    kind: str  # endpoint-unknown, method-mismatch, spelled-differently, not-in-spec
    message: str

    def to_dict(self) -> dict[str, str]:
        """JSON-ready form."""
        return dict(self.__dict__)


@dataclass
class CrossCheck:
    """The result of joining a span of changes to the notes."""

    unannounced: list[Change] = field(default_factory=list)
    problems: list[NoteProblem] = field(default_factory=list)
    matches: list[tuple[Change, str]] = field(default_factory=list)
    notes_matched: set[str] = field(default_factory=set)
    named: dict[str, list[dict[str, str]]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "unannounced": [c.to_dict() for c in self.unannounced],
            "note_problems": [p.to_dict() for p in self.problems],
            "matches": [{"change": c.to_dict(), "note": title} for c, title in self.matches],
            "notes_matched": sorted(self.notes_matched),
            "named": self.named,
        }


def _variants(token: str) -> set[str]:
    return {token.replace("_", "-"), token.replace("-", "_"), token.lower()} - {token}


def classify(item: Named, index: SpecIndex) -> str:
    """What a named item is in the spec: endpoint, schedule, attribute, value or unknown."""
    if item.kind != "token":
        return item.kind
    if item.text in index.names:
        return "attribute"
    return "value" if item.text in index.values else "unknown"


def _says_removed(note: Note, token: str) -> bool:
    """Whether the sentence naming ``token``, or the heading above it, speaks of a removal."""
    removal = re.compile(r"\bremov", re.IGNORECASE)
    heading = note.title
    for line in note.body.splitlines():
        if line.lstrip().startswith("#"):
            heading = line
            continue
        for sentence in re.split(r"(?<=[.!?])\s+", line):
            if token in sentence and (removal.search(sentence) or removal.search(heading)):
                return True
    return False


def check_note(note: Note, index: SpecIndex, seen: SpecIndex | None = None) -> list[NoteProblem]:
    """Items of ``note`` the spec does not hold as the note says.

    ``seen`` indexes every spec version known, so a note about something removed (named as it
    was) is not reported.
    """
    problems = []
    when = note.date.isoformat()
    for item in named_items(note):
        if item.kind == "endpoint":
            methods = index.methods.get(norm_path(item.text))
            shown = f"{item.method} {item.text}".strip()
            if methods is None and not (seen and norm_path(item.text) in seen.methods):
                problems.append(
                    NoteProblem(
                        note.title,
                        when,
                        shown,
                        "endpoint-unknown",
                        f"names {shown}, a path the spec does not have",
                    )
                )
            elif methods is not None and item.method and item.method not in methods:
                problems.append(
                    NoteProblem(
                        note.title,
                        when,
                        shown,
                        "method-mismatch",
                        f"says {shown} but the spec has {', '.join(sorted(methods))} {item.text}",
                    )
                )
            continue
        if index.holds(item.text) or (seen and seen.holds(item.text)):
            continue
        if _says_removed(note, item.text):
            continue  # announced as removed (against the older API), and indeed absent
        near = sorted(v for v in _variants(item.text) if index.holds(v))
        if near:
            problems.append(
                NoteProblem(
                    note.title,
                    when,
                    item.text,
                    "spelled-differently",
                    f"names {item.text!r}; the spec spells it {near[0]!r}",
                )
            )
        else:
            problems.append(
                NoteProblem(
                    note.title,
                    when,
                    item.text,
                    "not-in-spec",
                    f"names {item.text!r}, which no version of the spec holds",
                )
            )
    return problems


def change_subjects(change: Change) -> tuple[set[str], set[str]]:
    """(paths, tokens) a note would name to announce ``change``."""
    rule = change.rule
    if rule.location == "operation":
        text = change.location.split(" (")[0]
        return {norm_path(text.split(" ", 1)[-1])}, set()
    if "enum-value" in change.rule_id:
        return set(), {change.detail}
    if rule.location in ("parameter", "property"):
        idents = _IDENT.findall(change.location.split(":", 1)[-1])
        return set(), set(idents[-1:])
    return set(), set()


def announces(note_items: list[Named], change: Change) -> bool:
    """Whether a note's named items announce ``change``."""
    paths, tokens = change_subjects(change)
    for item in note_items:
        if item.kind == "endpoint" and norm_path(item.text) in paths:
            return True
        if item.kind != "endpoint" and ({item.text} | _variants(item.text)) & tokens:
            return True
    return False


def needs_note(change: Change) -> bool:
    """Changes a lead provider should hear about (not schema bookkeeping or doc edits)."""
    return change.rule.location in _NEEDS_NOTE


def cross_check(
    changes: list[Change], notes: list[Note], index: SpecIndex, seen: SpecIndex | None = None
) -> CrossCheck:
    """Match ``changes`` to ``notes`` and check each note's named items against ``index``."""
    result = CrossCheck()
    items = {note.title: named_items(note) for note in notes}
    for change in changes:
        if not needs_note(change):
            continue
        titles = [note.title for note in notes if announces(items[note.title], change)]
        if titles:
            result.matches.extend((change, title) for title in titles)
            result.notes_matched.update(titles)
        else:
            result.unannounced.append(change)
    result.unannounced.sort(key=lambda c: not c.breaking)
    for note in notes:
        result.problems.extend(check_note(note, index, seen))
        result.named[note.title] = [
            {"kind": classify(item, index), "text": item.text, "method": item.method}
            for item in items[note.title]
        ]
    return result
