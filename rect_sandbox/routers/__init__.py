"""The routers of the sandbox, in the order ``create_app`` includes them.

Read routers come first; the write side's routers are appended by ``all_routers``. A path with
a fixed segment (``/participants/transfers``) is declared before ``/participants/{id}`` in its
own module.
"""

from __future__ import annotations

from fastapi import APIRouter

from rect_sandbox.routers import (
    declarations,
    delivery_partners,
    participants,
    partnerships,
    schools,
    statements,
    unfunded_mentors,
)

READ_ROUTERS: list[APIRouter] = [
    statements.router,
    delivery_partners.router,
    schools.router,
    partnerships.router,
    participants.router,
    unfunded_mentors.router,
    declarations.router,
]


def all_routers() -> list[APIRouter]:
    """Every router: reads, then the write side's own list (actions, declarations,
    partnerships, test support last)."""
    from rect_sandbox.routers.support import write_routers

    return [*READ_ROUTERS, *write_routers()]
