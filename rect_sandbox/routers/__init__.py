"""The routers of the sandbox, in the order ``create_app`` includes them: reads, then writes,
then test support. A path with a fixed segment (``/participants/transfers``) is declared before
``/participants/{id}`` in its own module.
"""

from __future__ import annotations

from fastapi import APIRouter

from rect_sandbox.routers import (
    declaration_writes,
    declarations,
    delivery_partners,
    participant_actions,
    participants,
    partnership_writes,
    partnerships,
    schools,
    statements,
    test_support,
    unfunded_mentors,
)


def all_routers() -> list[APIRouter]:
    """Every router of the sandbox's API and its test support."""
    return [
        statements.router,
        delivery_partners.router,
        schools.router,
        partnerships.router,
        participants.router,
        unfunded_mentors.router,
        declarations.router,
        participant_actions.router,
        declaration_writes.router,
        partnership_writes.router,
        test_support.router,
    ]
