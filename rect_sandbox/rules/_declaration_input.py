"""What a declaration request brings: the literal error texts of the V1-V19 checks (rules 16.3)
and the parser of ``declaration_date`` with the formats the API accepts."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone

from rect_sandbox.rules._model import LONDON

__all__ = ["DEFERRED", "NOT_RECOGNISED", "M", "UnparseableDate", "parse_declaration_date"]

NOT_RECOGNISED = (
    "Your update cannot be made as the '#/participant_id' is not recognised. "
    "Check participant details and try again."
)
M = {
    "V1": "Enter a '#/participant_id'.",
    "V3": "Enter a '#/course_identifier'.",
    "V4": "Enter a '#/declaration_date'.",
    "V5": "The entered '#/course_identifier' is not recognised for the given participant. Check details and try again.",  # noqa: E501 - the API's literal text
    "V6": "Enter a '#/declaration_type'.",
    "V7": "Enter a valid declaration type.",
    "V8": "A declaration has already been submitted that will be, or has been, paid for this event.",  # noqa: E501 - the API's literal text
    "V9": "The '#/declaration_date' value cannot be a future date. Check the date and try again.",
    "V10a": "Declaration date must be on or after the milestone start date for the same declaration type.",  # noqa: E501 - the API's literal text
    "V10b": "Declaration date must be on or before the milestone date for the same declaration type.",  # noqa: E501 - the API's literal text
    "V11": "Enter a valid RCF3339 '#/declaration_date'.",
    "V12": "You cannot send retained or extended declarations for participants who began their mentor training after June 2025. Resubmit this declaration with either a started or completed declaration.",  # noqa: E501 - the API's literal text
    "V13a": "Enter a '#/evidence_held' value for this participant.",
    "V13b": "Enter an available '#/evidence_held' type for this participant.",
    "V14": "This participant withdrew from this course on {when}. Enter a '#/declaration_date' that's on or before the withdrawal date.",  # noqa: E501 - the API's literal text
    "V15": "You cannot submit declarations for the {year} cohort. The funding contract for this cohort has ended. Get in touch if you need to discuss this with us.",  # noqa: E501 - the API's literal text
    "V16": "You cannot submit or void declarations for the {year} cohort. The funding contract for this cohort has ended. Get in touch if you need to discuss this with us.",  # noqa: E501 - the API's literal text
    "V17": "The property '#/declaration_type' does not exist for this schedule.",
    "V18": "This '#/declaration_date' is invalid. Check that it is in sequence with existing declaration dates for this participant.",  # noqa: E501 - the API's literal text
}

# Only the declaration-for-deferred-refused fault says this: the server declares for deferred
# participants like any other (rules 16.9).
DEFERRED = (
    "The '#/participant_id' is deferred. Resume the participant before sending a declaration."
)

_RFC3339ISH = re.compile(
    r"(\d{4}-\d{2}-\d{2})[Tt](\d{2}:\d{2}:\d{2})(?:[.,](\d+))?(Z|[+-]\d{2}(?::?\d{2})?)?"
)


class UnparseableDate(ValueError):
    """The declaration date is not a date at all; the API answers 400, not 422."""


def parse_declaration_date(value: object) -> tuple[datetime, bool]:
    """Parse a declaration date into an aware instant, and say whether its format is accepted.

    Date-only values parse (as London midnight) but are not well formed; anything else that is
    not a date-time raises ``UnparseableDate``.
    """
    if not isinstance(value, str):
        raise UnparseableDate(f"declaration_date {value!r} is not a date-time string")
    match = _RFC3339ISH.fullmatch(value.strip())
    try:
        if match is None:
            day = date.fromisoformat(value.strip())
            return datetime(day.year, day.month, day.day, tzinfo=LONDON), False
        day_part, time_part, fraction, offset = match.groups()
        moment = datetime.fromisoformat(f"{day_part}T{time_part}")
        if fraction:
            moment = moment.replace(microsecond=int(fraction[:6].ljust(6, "0")))
    except ValueError as exc:
        raise UnparseableDate(f"declaration_date {value!r} is not a valid date-time") from exc
    if offset is None:
        return moment.replace(tzinfo=LONDON), True
    if offset == "Z":
        return moment.replace(tzinfo=UTC), True
    digits = offset[1:].replace(":", "")
    delta = timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0))
    sign = 1 if offset[0] == "+" else -1
    return moment.replace(tzinfo=timezone(sign * delta)), True
