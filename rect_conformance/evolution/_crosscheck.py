"""Join spec changes to release notes: what no note announces, what notes get wrong, what matches.

A change is announced by a note that names its subject: the path of an added or removed
endpoint, the name of a property or parameter, or the enum value that came or went. A property
or parameter that is removed or moved is announced only by a note that says so: a note that
announces where it now lives does not tell a client that the old place is gone. A note's named
items are checked against the spec as it stands: an endpoint that does not exist, a method that
is not the spec's, a name or value the spec does not hold (and, when it differs only by ``_``
against ``-``, the spec's spelling), the removal of something no version of the spec held, and a
new base URL or new tokens while the spec has no ``servers``. Each finding is a ``note`` rule of
the rules table, which words it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from rect_conformance._api import PREFIX
from rect_conformance.evolution._diff import Change
from rect_conformance.evolution._notes import Named, Note, named_items
from rect_conformance.evolution._rules import rule

_NEEDS_NOTE = {"operation", "parameter", "property", "status", "ref"}
_IDENT = re.compile(r"[A-Za-z_][\w-]*")
_REMOVAL = re.compile(r"\b(?:remov|delet|no longer|moved|replac|renam|deprecat|drop)", re.I)
_BASE_URL = re.compile(r"\bbase URLs?\b", re.I)
_TOKENS = re.compile(r"\b(?:API|bearer|access)\s+tokens?\b", re.I)
_API_URL = re.compile(r"https?://[^\s)\]`'\"<>]+/api(?:/v\d+)?/?(?=[\s)\]`'\"<>.,]|$)")


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
    servers: frozenset[str] = frozenset()  # the spec's server URLs

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
            {p: frozenset(m) for p, m in methods.items()},
            frozenset(names),
            frozenset(values),
            frozenset(model.get("servers", ())),  # a baseline stored before servers: none
        )

    @classmethod
    def merged(cls, *indexes: SpecIndex) -> SpecIndex:
        """What any of ``indexes`` holds (every version seen, for "no version held it")."""
        methods: dict[str, frozenset[str]] = {}
        for index in indexes:
            for path, found in index.methods.items():
                methods[path] = methods.get(path, frozenset()) | found
        return cls(
            methods,
            frozenset().union(*(i.names for i in indexes)),
            frozenset().union(*(i.values for i in indexes)),
            frozenset().union(*(i.servers for i in indexes)),
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
    kind: str  # a rule id of location "note" (see _rules)
    message: str

    @classmethod
    def of(cls, note: Note, kind: str, item: str, detail: str = "") -> NoteProblem:
        """The finding ``kind`` about ``item`` of ``note``, worded by its rule."""
        message = rule(kind).message.format(location=item, detail=detail, old="", new="")
        return cls(note.title, note.date.isoformat(), item, kind, message)

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
    """Whether the sentence naming ``token``, or the heading above it, speaks of a removal
    (or a move, a rename or a replacement)."""
    heading = note.title
    for line in note.body.splitlines() or [""]:
        if line.lstrip().startswith("#"):
            heading = line
            continue
        for sentence in re.split(r"(?<=[.!?])\s+", f"{note.title}. {line}"):
            if token in sentence and (_REMOVAL.search(sentence) or _REMOVAL.search(heading)):
                return True
    return False


def _endpoint_problems(
    note: Note, item: Named, index: SpecIndex, seen: SpecIndex | None
) -> Iterator[NoteProblem]:
    methods = index.methods.get(norm_path(item.text))
    shown = f"{item.method} {item.text}".strip()
    if methods is None and not (seen and norm_path(item.text) in seen.methods):
        yield NoteProblem.of(note, "endpoint-unknown", shown)
    elif methods is not None and item.method and item.method not in methods:
        has = f"{', '.join(sorted(methods))} {item.text}"
        yield NoteProblem.of(note, "method-mismatch", shown, has)


def _server_problems(note: Note, index: SpecIndex) -> list[NoteProblem]:
    """A note telling clients of a base URL or tokens, checked against the spec's servers."""
    if index.servers:
        return []
    text = f"{note.title}\n{note.body}"
    urls = sorted(set(_API_URL.findall(text))) if _BASE_URL.search(text) else []
    said = [f"the base URL {url}" for url in urls]
    if _BASE_URL.search(text) and not urls:
        said.append("a base URL")
    if _TOKENS.search(text):
        said.append("API tokens")
    return (
        [NoteProblem.of(note, "servers-not-in-spec", note.title, " and ".join(said))]
        if said
        else []
    )


def check_note(note: Note, index: SpecIndex, seen: SpecIndex | None = None) -> list[NoteProblem]:
    """Items of ``note`` the spec does not hold as the note says.

    ``seen`` indexes every spec version known, so a note about something removed (named as it
    was) is not reported; without it, nothing can be said of what earlier versions held.
    """
    problems = _server_problems(note, index)
    for item in named_items(note):
        if item.kind == "endpoint":
            problems.extend(_endpoint_problems(note, item, index, seen))
            continue
        if index.holds(item.text) or (seen and seen.holds(item.text)):
            continue
        if _says_removed(note, item.text):
            # announced as removed and indeed absent; with every version known, absent from
            # all of them too: the note speaks of an earlier API
            if seen is not None:
                problems.append(NoteProblem.of(note, "removed-never-in-spec", item.text))
            continue
        near = sorted(v for v in _variants(item.text) if index.holds(v))
        if near:
            problems.append(NoteProblem.of(note, "spelled-differently", item.text, near[0]))
        else:
            problems.append(NoteProblem.of(note, "not-in-spec", item.text))
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


def _takes_away(change: Change) -> bool:
    """A property or parameter removed from where a client uses it (removed or moved)."""
    return change.rule.location in ("parameter", "property") and change.rule_id.endswith(
        ("-removed", "-moved")
    )


def announces(note: Note, note_items: list[Named], change: Change) -> bool:
    """Whether ``note`` (with its named items) announces ``change``."""
    paths, tokens = change_subjects(change)
    for item in note_items:
        if item.kind == "endpoint" and norm_path(item.text) in paths:
            return True
        named = ({item.text} | _variants(item.text)) & tokens
        if item.kind == "endpoint" or not named:
            continue
        if not _takes_away(change) or any(_says_removed(note, t) for t in named | {item.text}):
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
        titles = [note.title for note in notes if announces(note, items[note.title], change)]
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
