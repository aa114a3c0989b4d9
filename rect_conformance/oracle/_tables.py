"""Two tables scenarios can check against: the training-status transitions and ``updated_at``.

``TRANSITIONS`` is rules §13.3: for each training_status and action, the rule that decides the
answer when nothing else stands in the way (a period that started before today, at a school
stay that is still current, no other provider involved). ``UPDATED_AT`` is rules §19 for the
events the oracle models: which resource's ``updated_at`` each event moves, and which it does
not. Both name rule ids of the one rules table; the predictions apply the same rules.
"""

from __future__ import annotations

from dataclasses import dataclass

ACTIONS = ("withdraw", "defer", "resume", "change-schedule")
TRAINING_STATUSES = ("active", "deferred", "withdrawn")

TRANSITIONS: dict[tuple[str, str], str] = {
    ("active", "withdraw"): "withdraw.accepted",
    ("active", "defer"): "defer.accepted",
    ("active", "resume"): "resume.already-active",
    ("active", "change-schedule"): "change-schedule.new-period",
    ("deferred", "withdraw"): "withdraw.accepted",
    ("deferred", "defer"): "defer.already-deferred",
    ("deferred", "resume"): "resume.accepted",
    ("deferred", "change-schedule"): "change-schedule.left",
    ("withdrawn", "withdraw"): "withdraw.already-withdrawn",
    ("withdrawn", "defer"): "defer.already-withdrawn",
    ("withdrawn", "resume"): "resume.accepted",
    ("withdrawn", "change-schedule"): "change-schedule.left",
}

# The training_status an accepted action leaves behind (rules §13.3).
AFTER: dict[str, str] = {
    "withdraw": "withdrawn",
    "defer": "deferred",
    "resume": "active",
    "change-schedule": "active",
}


@dataclass(frozen=True)
class UpdatedAtRow:
    """Whether ``event`` moves the ``updated_at`` of ``resource``, and the rule that says so."""

    resource: str
    event: str
    moves: bool
    rule_id: str


_PARTICIPANT_ACTION = "updated-at.participant-action"
_NOT_ON_ACTION = "updated-at.declaration-not-on-participant-action"
_NOT_ON_DECLARATION = "updated-at.participant-not-on-declaration"
_DECLARATION = "updated-at.declaration-change"
_COMPLETION = "updated-at.participant-mentor-completion"

UPDATED_AT: tuple[UpdatedAtRow, ...] = (
    *(UpdatedAtRow("participant", a, True, _PARTICIPANT_ACTION) for a in ACTIONS),
    *(UpdatedAtRow("declaration", a, False, _NOT_ON_ACTION) for a in ACTIONS),
    UpdatedAtRow("participant", "time-passes", False, "updated-at.participant-not-on-time"),
    UpdatedAtRow("participant", "declare", False, _NOT_ON_DECLARATION),
    UpdatedAtRow("participant", "void", False, _NOT_ON_DECLARATION),
    UpdatedAtRow("participant", "mentor-completion", True, _COMPLETION),
    UpdatedAtRow(
        "participant", "funding-eligibility", True, "updated-at.participant-funding-eligibility"
    ),
    UpdatedAtRow("declaration", "declare", True, _DECLARATION),
    UpdatedAtRow("declaration", "void", True, _DECLARATION),
    UpdatedAtRow("declaration", "dfe-state-change", True, _DECLARATION),
)


def updated_at_moves(resource: str, event: str) -> bool:
    """Whether ``event`` moves ``resource``'s ``updated_at`` (rules §19)."""
    for entry in UPDATED_AT:
        if (entry.resource, entry.event) == (resource, event):
            return entry.moves
    raise KeyError(f"the oracle holds no updated_at rule for {resource} on {event}")
