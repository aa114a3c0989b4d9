"""Which API timestamps each write moves (rules 19), as one table.

The table states the ``updated_at`` behaviour of the write side in one place; each router bumps
the listed timestamps in the same transaction as its write, and the HTTP tests check them.
Passage of time and declaration activity never move the participant timestamp, which is why
declaration writes do not list it.
"""

from __future__ import annotations

TOUCHES: dict[str, tuple[str, ...]] = {
    # Every participant action changes a TP (stamp and end, or a new TP), hence the participant
    # and the TP's transfer timestamp.
    "withdraw": ("participant", "transfer"),
    "defer": ("participant", "transfer"),
    "resume": ("participant", "transfer"),
    # A move to another cohort may change the programme choice of the school in both cohorts.
    "change-schedule": ("participant", "transfer", "school-cohort-if-derived-changed"),
    "declaration-create": ("declaration",),
    # A mentor's completed declaration records the funding end date on the person.
    "mentor-completion": ("participant",),
    "declaration-void": ("declaration",),
    "partnership-create": ("partnership", "school-cohort", "participants-attached"),
    # Moving the delivery partner touches the partnership, its TPs' declarations and people.
    "partnership-update": ("partnership", "partnership-declarations", "partnership-participants"),
    "statement-status": ("statement", "statement-declarations"),
    "funding-eligibility": ("participant", "eligible-declarations"),
    # A new mentor school period moves the person's unfunded-mentor timestamp.
    # Registering or moving training may change a school's derived programme choice or which
    # providers are interested in it; only then the school's per-cohort timestamps move.
    "register-participant": (
        "participant",
        "transfer",
        "unfunded-mentor",
        "school-cohort-if-derived-changed",
    ),
    "school-leaving": ("participant", "transfer", "school-cohort-if-derived-changed"),
    "assign-mentor": ("participant",),
    "complete-induction": ("participant",),
}


def touches(write: str) -> tuple[str, ...]:
    """The timestamps ``write`` moves; an unknown write name is a programming error."""
    try:
        return TOUCHES[write]
    except KeyError:
        raise KeyError(f"no updated_at rule for write {write!r}; add it to TOUCHES") from None
