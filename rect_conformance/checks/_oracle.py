"""Pure sync semantics: what a page walk, an ``updated_since`` poll and a sort must give.

Every function takes plain data (ids, timestamps, records as dicts) and returns a list of
problems, each a sentence that shows the offending values; an empty list means the data keeps
the rule. Nothing here sends a request, so the rules can be tested with small hand-made data.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from itertools import pairwise
from typing import Any

from rect_conformance._formats import parse_date, parse_date_time

Record = dict[str, Any]

_SHOWN = 5  # how many offending ids a message lists before it says "and N more"


def _some(ids: Iterable[str]) -> str:
    ids = list(ids)
    head = ", ".join(ids[:_SHOWN])
    return head if len(ids) <= _SHOWN else f"{head} and {len(ids) - _SHOWN} more"


def parse_timestamp(value: Any) -> datetime | None:
    """An aware UTC datetime from an RFC 3339 date-time, or ``None`` when it is not one (see
    ``_formats``: a value without a zone is not one)."""
    parsed = parse_date_time(value)
    return None if parsed is None else parsed.astimezone(UTC)


def format_timestamp(moment: datetime) -> str:
    """``moment`` as the API writes it: UTC, second precision, a trailing ``Z`` (rules §6)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def record_ids(records: Iterable[Record]) -> list[str]:
    """The ``id`` of every record, in order."""
    return [str(r.get("id")) for r in records]


def attribute(record: Record, name: str) -> Any:
    """``record["attributes"][name]``, or ``None`` when either level is missing."""
    attributes = record.get("attributes")
    return attributes.get(name) if isinstance(attributes, dict) else None


def page_walk_problems(
    pages: Sequence[Sequence[str]], reference: Sequence[str], per_page: int
) -> list[str]:
    """Compare a walk of small pages with one big page of the same list.

    Each record must come back exactly once (no duplicates, no gaps, nothing the big page lacks),
    and no page may hold more than ``per_page`` records (rules §5.3).
    """
    problems = []
    for number, page in enumerate(pages, start=1):
        if len(page) > per_page:
            problems.append(
                f"page {number} held {len(page)} records although page[per_page]={per_page}"
            )
    walked = [record_id for page in pages for record_id in page]
    counts = Counter(walked)
    duplicates = [record_id for record_id, n in counts.items() if n > 1]
    if duplicates:
        where = {d: [i for i, p in enumerate(pages, start=1) if d in p] for d in duplicates}
        first = duplicates[0]
        problems.append(
            f"{len(duplicates)} record(s) came back more than once in the walk: "
            f"{_some(duplicates)} (e.g. {first} on pages {where[first]})"
        )
    expected = set(reference)
    missing = [r for r in reference if r not in counts]
    if missing:
        problems.append(
            f"{len(missing)} record(s) of the full list never appeared in the walk (gap): "
            f"{_some(missing)}"
        )
    extra = [r for r in counts if r not in expected]
    if extra:
        problems.append(
            f"{len(extra)} record(s) appeared in the walk but not in the full list: {_some(extra)}"
        )
    return problems


def updated_since_problems(
    everything: Iterable[Record], answered: Iterable[Record], since: datetime
) -> list[str]:
    """Check an ``updated_since`` answer against the full list (rules §5.2: inclusive, ``>=``).

    ``everything`` is the list read without the filter just before; records it lacks that appear
    in ``answered`` are accepted when their own ``updated_at`` is not older than ``since`` (they
    may have changed in between).
    """
    problems = []
    answered = list(answered)
    too_old = []
    for record in answered:
        stamp = parse_timestamp(attribute(record, "updated_at"))
        if stamp is not None and stamp < since:
            too_old.append(f"{record.get('id')} (updated_at {attribute(record, 'updated_at')})")
    if too_old:
        problems.append(
            f"{len(too_old)} record(s) older than updated_since={format_timestamp(since)} were "
            f"returned: {_some(too_old)}"
        )
    answered_ids = set(record_ids(answered))
    missing = []
    for record in everything:
        stamp = parse_timestamp(attribute(record, "updated_at"))
        if stamp is not None and stamp >= since and str(record.get("id")) not in answered_ids:
            missing.append(f"{record.get('id')} (updated_at {attribute(record, 'updated_at')})")
    if missing:
        problems.append(
            f"{len(missing)} record(s) changed at or after updated_since="
            f"{format_timestamp(since)} were not returned: {_some(missing)}"
        )
    return problems


def pick_since(records: Iterable[Record]) -> datetime | None:
    """A pivot for an ``updated_since`` poll: the median distinct ``updated_at`` of ``records``.

    Only useful when at least one record is strictly older, so ``None`` when all are equal.
    """
    stamps = sorted(
        {s for s in (parse_timestamp(attribute(r, "updated_at")) for r in records) if s is not None}
    )
    if len(stamps) < 2:
        return None
    return stamps[len(stamps) // 2]


def _date_or_timestamp(value: Any) -> datetime | None:
    day = parse_date(value)
    if day is not None:
        return datetime(day.year, day.month, day.day, tzinfo=UTC)
    return parse_timestamp(value)


def order_problems(records: Sequence[Record], field: str, descending: bool) -> list[str]:
    """Records must be ordered by ``attributes[field]`` (an RFC 3339 timestamp or a
    ``YYYY-MM-DD`` date); equal values may come in any order."""
    label = f"{'-' if descending else ''}{field}"
    parsed = [(str(r.get("id")), _date_or_timestamp(attribute(r, field))) for r in records]
    unreadable = [rid for rid, stamp in parsed if stamp is None]
    if unreadable:
        return [
            f"cannot judge sort={label}: {field} is missing or not a date on {_some(unreadable)}"
        ]
    stamps = [(rid, stamp) for rid, stamp in parsed if stamp is not None]
    for (prev_id, prev), (next_id, nxt) in pairwise(stamps):
        if (nxt > prev) if descending else (nxt < prev):
            return [
                f"sort={label} is not honoured: {prev_id} ({format_timestamp(prev)}) comes "
                f"before {next_id} ({format_timestamp(nxt)})"
            ]
    return []


def filter_problems(
    everything: Iterable[Record],
    answered: Iterable[Record],
    matches: Callable[[Record], bool],
    label: str,
    accepts: Callable[[Record], bool] | None = None,
) -> list[str]:
    """A filter must return every matching record of the full list and nothing that does not match.

    ``accepts`` widens what may be returned when the rules allow more than ``matches`` shows
    (e.g. a deferred-then-withdrawn participant matches ``training_status=deferred``).
    """
    accepts = accepts or matches
    answered = list(answered)
    wrong = [str(r.get("id")) for r in answered if not accepts(r)]
    problems = []
    if wrong:
        problems.append(
            f"{len(wrong)} record(s) not matching {label} were returned: {_some(wrong)}"
        )
    answered_ids = set(record_ids(answered))
    missing = [
        str(r.get("id")) for r in everything if matches(r) and str(r.get("id")) not in answered_ids
    ]
    if missing:
        problems.append(
            f"{len(missing)} record(s) matching {label} were not returned: {_some(missing)}"
        )
    return problems


def overlap(first: Iterable[str], second: Iterable[str]) -> list[str]:
    """Ids present in both lists, in the order of ``first``."""
    seen = set(second)
    return [i for i in first if i in seen]
