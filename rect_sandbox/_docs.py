"""GET /api/docs/v3/swagger.yaml: the sandbox's own OpenAPI description (unauthenticated).

The description is ``data/openapi.yaml``, written for this project in our own words; its
contract (paths, operation ids, parameters, schemas, fields, types, enums, nullability, required
lists) is kept equal to the published one by ``tests/sandbox/test_docs_contract.py``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import Response

router = APIRouter()
DESCRIPTION = Path(__file__).parent / "data" / "openapi.yaml"


@cache
def description() -> bytes:
    """The YAML text of our OpenAPI description."""
    return DESCRIPTION.read_bytes()


@router.get("/api/docs/v3/swagger.yaml", include_in_schema=False)
async def swagger_yaml() -> Response:
    """Serve the description as YAML."""
    return Response(description(), media_type="application/yaml")
