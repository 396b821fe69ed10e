"""Dates and instants as the API takes them: ISO 8601 text, nothing else.

pydantic's lax mode reads a number (or a string of digits) as seconds since 1970, so a bare `date` field
takes `0` or `"0"` as 1 January 1970 and a bare `datetime` field takes `0` as that midnight in UTC. Every
date and instant a request carries, in a body or a query, is declared with these types instead: anything
but `YYYY-MM-DD` (or an ISO 8601 date and time) is 422 naming the field. A `date` or `datetime` object
built in Python passes as it is. The document says so with a `pattern` beside the `format`, and
`platform_core.route_properties` checks that every request date of an app's document has it.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AwareDatetime, BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
DATETIME_PATTERN = r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?([Zz]|[+-]\d{2}(:?\d{2})?)?$"
_DATE = re.compile(DATE_PATTERN)
_DATETIME = re.compile(DATETIME_PATTERN)


def _iso_date(value: Any) -> Any:
    """Pass a date or `YYYY-MM-DD` on to pydantic (which checks the calendar); refuse anything else."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and _DATE.fullmatch(value):
        return value
    raise PydanticCustomError("date_parsing", "Input should be a date in the form YYYY-MM-DD")


def _iso_datetime(value: Any) -> Any:
    """Pass a datetime or ISO 8601 date and time on to pydantic; refuse numbers and other text."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, str) and _DATETIME.fullmatch(value):
        return value
    raise PydanticCustomError("datetime_parsing", "Input should be an ISO 8601 date and time")


#: A calendar day, `YYYY-MM-DD` only.
IsoDate = Annotated[
    date,
    BeforeValidator(_iso_date),
    WithJsonSchema({"type": "string", "format": "date", "pattern": DATE_PATTERN}),
]
#: An instant as ISO 8601 date and time; without an offset it is naive (the field's own rules apply).
IsoDatetime = Annotated[
    datetime,
    BeforeValidator(_iso_datetime),
    WithJsonSchema({"type": "string", "format": "date-time", "pattern": DATETIME_PATTERN}),
]
#: An instant as ISO 8601 date and time with its offset (`Z` or `+08:00`).
IsoAwareDatetime = Annotated[
    AwareDatetime,
    BeforeValidator(_iso_datetime),
    WithJsonSchema({"type": "string", "format": "date-time", "pattern": DATETIME_PATTERN}),
]
