"""Query mechanics of the index endpoints (rules 5): filters, ``updated_since``, pagination and
sorting, plus the pagination faults.

All parsing follows the server's lenient rules: blank filter values are ignored, invalid
tokens are dropped, and a filter whose every token is invalid matches nothing.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, time
from urllib.parse import unquote_plus

from fastapi import Request

from rect_sandbox._http import ApiError

UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
DEFAULT_PER_PAGE = 100
MAX_PER_PAGE = 3000
BAD_PAGE = (
    "Bad request",
    "The '#/page[page]' and '#/page[per_page]' parameter values must be a valid positive number",
)
BAD_SINCE = ("Bad request", "The filter '#/updated_since' must be a valid ISO 8601 date")
NOTHING = object()
SQLITE_MAX = 2**63 - 1


def filter_value(request: Request, name: str) -> str | None:
    """The raw ``filter[name]`` value, or None when absent."""
    return request.query_params.get(f"filter[{name}]")


def cohorts(request: Request) -> list[int] | None:
    """``filter[cohort]`` as a list of years; None = no filtering; [] = match nothing."""
    raw = filter_value(request, "cohort")
    if raw is None or raw == "":
        return None
    years = [int(token) for token in raw.split(",") if token.isascii() and token.isdigit()]
    # A number SQLite cannot hold is no cohort either: dropped like any other invalid token.
    return [year for year in years if year <= SQLITE_MAX]


def uuids(request: Request, name: str) -> list[str] | None:
    """A comma list of UUIDs (lowercased); invalid tokens dropped; None when blank or absent."""
    raw = filter_value(request, name)
    if raw is None or raw == "":
        return None
    return [token.lower() for token in raw.split(",") if UUID.match(token)]


def leading_int(text: str) -> int:
    """Integer conversion of the leading digits (``5abc`` -> 5, ``abc`` -> 0), like the server."""
    found = re.match(r"\s*([+-]?\d+)", text)
    return int(found.group(1)) if found else 0


def updated_since(request: Request) -> str | None:
    """``filter[updated_since]`` as stored-timestamp text (UTC ``...Z``); 400 when unparseable.

    The server decodes the value a second time with form rules, so a raw ``+`` becomes a space.
    """
    raw = filter_value(request, "updated_since")
    if raw is None or raw == "":
        return None
    text = unquote_plus(raw).strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            moment = datetime.combine(datetime.fromisoformat(text).date(), time(0), tzinfo=UTC)
        elif re.fullmatch(
            r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?", text
        ):
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=UTC)
        else:
            raise ValueError(text)
    except ValueError:
        raise ApiError(400, [BAD_SINCE]) from None
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def page(request: Request) -> tuple[int, int]:
    """``(page, per_page)``: defaults 1 and 100, clamp at 3000, a value <= 0 is a 400."""
    params = request.query_params
    number = leading_int(params["page[page]"]) if "page[page]" in params else 1
    size = leading_int(params["page[per_page]"]) if "page[per_page]" in params else DEFAULT_PER_PAGE
    if number <= 0 or size <= 0:
        raise ApiError(400, [BAD_PAGE])
    size = min(size, MAX_PER_PAGE)
    # Pages past the end are empty anyway; the cap keeps the offset inside SQLite's integers.
    number = min(number, 10**9)
    if request.app.state.faults.on("per-page-ignored"):
        size = DEFAULT_PER_PAGE
    return number, size


def limit_offset(request: Request) -> tuple[int, int]:
    """SQL ``LIMIT``/``OFFSET`` for the request's page, shifted by the page faults."""
    number, size = page(request)
    offset = (number - 1) * size
    if number > 1 and request.app.state.faults.on("page-duplicates"):
        offset -= 1
    if number > 1 and request.app.state.faults.on("page-gap"):
        offset += 1
    return size, offset


def order_by(request: Request, columns: dict[str, str], default: str) -> str:
    """An SQL ``ORDER BY`` list from ``sort`` (rules 5.4); unknown items dropped.

    ``columns`` maps API attribute names to SQL expressions (our code, never user text).
    """
    raw = request.query_params.get("sort")
    parts = []
    for item in (raw or "").split(","):
        item = item.strip() if item.startswith(("+", "-")) else item
        direction = "DESC" if item.startswith("-") else "ASC"
        name = item.lstrip("+-")
        if name in columns:
            parts.append(f"{columns[name]} {direction}")
    return ", ".join(parts) if parts else default
