"""Warning levels at a cut-off as SQL: what `service._as_at` and `timers.warning_level` give, counted in the database.

A statistics snapshot needs, for every case open at its cut-off, the warning level it had then and whether it was
past its resolution deadline. Worked out in Python, every case that might be late travels to the service (a
province's 7,865 at the end of 2025, most of the time of its answer); as SQL the database groups them where they
lie. Each branch below mirrors a line of those two functions, and `tests/test_case_levels.py` holds the two equal
case by case over random cases and cut-offs.

PostgreSQL only, and only under the natural-day calendar: the 1-month limit is then the assignment plus
`major_days` days plus the paused time, which is interval arithmetic; under working days it is a walk over the
holiday calendar, which stays in Python.
"""

from __future__ import annotations

from datetime import datetime
from enum import IntEnum
from typing import Any

from sqlalchemy import ColumnElement, Float, and_, case, cast, func, literal, or_

from case_service.case.models import CaseState
from case_service.case.timers import TimerPolicy

_UNASSIGNED = (CaseState.SUBMITTED.value, CaseState.ACCEPTED.value)
#: States whose view at an earlier cut-off is "result submitted, waiting for review" when it was submitted by then.
_SUBMITTED_STATES = (
    CaseState.PENDING_REVIEW.value,
    CaseState.RESOLVED.value,
    CaseState.VISITED.value,
    CaseState.CLOSED.value,
)


class Level(IntEnum):
    """A warning level as the SQL expression gives it (ordered as the colours escalate)."""

    GREEN = 0
    YELLOW = 1
    RED = 2
    ESCALATED = 3


def in_sql(policy: TimerPolicy, dialect: str) -> bool:
    """Whether the levels of this policy can be worked out by this database."""
    return dialect == "postgresql" and policy.calendar == "natural"


def _seen(col: Any, at: datetime | ColumnElement[datetime]) -> ColumnElement[Any]:
    """The instant when it lies before the cut-off, else NULL (a step taken later is not yet taken)."""
    return case((col < at, col), else_=None)


def _seconds(value: ColumnElement[Any] | float) -> ColumnElement[Any]:
    """An interval of exactly so many seconds (a `days` interval would follow the session's time zone)."""
    return func.make_interval(0, 0, 0, 0, 0, 0, cast(value, Float))


def level_at(
    cases: Any, at: datetime | ColumnElement[datetime], policy: TimerPolicy, supervised: ColumnElement[bool]
) -> tuple[ColumnElement[int], ColumnElement[bool]]:
    """The warning level (`Level`) of a case at `at` as it stood then, and whether its clock was past the
    resolution deadline, as SQL over the case's columns; `cases` is the case table (`Case`) or a subquery of it
    (its `.c`), `at` an instant or a bound parameter, `supervised` says an open 督办单 stood at `at`."""
    c = cases
    stamp = at if isinstance(at, ColumnElement) else literal(at)
    submitted = _seen(c.result_submitted_at, at)
    paused = _seen(c.paused_at, at)
    # `_as_at`: no clock when the case was not assigned by then.
    unassigned = or_(c.state.in_(_UNASSIGNED), c.assigned_at.is_(None), c.assigned_at >= at)
    # `_as_at` keeps ESCALATED only when the escalation came before the cut-off.
    escalated = and_(c.state == CaseState.ESCALATED.value, or_(c.escalated_at.is_(None), c.escalated_at < at))
    # `clock_at` on that view: a submitted result (waiting for review then, or reviewed since) or a pause stops it.
    clock = case(
        (and_(submitted.is_not(None), c.state.in_(_SUBMITTED_STATES)), submitted),
        (and_(c.state == CaseState.PAUSED.value, paused.is_not(None)), paused),
        else_=stamp,
    )
    paused_seconds = func.coalesce(c.paused_seconds, 0)
    # `TimerPolicy.month_limit` under natural days; `greatest` passes over a NULL deadline as `max` is not asked to.
    limit = func.greatest(c.assigned_at + _seconds(policy.major_days * 86400 + paused_seconds), c.resolve_due)
    level = case(
        (unassigned, Level.GREEN.value),
        (or_(escalated, supervised), Level.ESCALATED.value),
        (and_(c.state != CaseState.LONG_TERM_TRACKING.value, clock > limit), Level.ESCALATED.value),
        (clock > c.resolve_due, Level.RED.value),
        (and_(_seen(c.signed_at, at).is_(None), clock > c.sign_due), Level.RED.value),
        (clock >= c.resolve_due - _seconds(policy.yellow_window.total_seconds()), Level.YELLOW.value),
        (and_(_seen(c.first_feedback_at, at).is_(None), clock > c.first_feedback_due), Level.YELLOW.value),
        else_=Level.GREEN.value,
    )
    overdue = case((unassigned, False), else_=func.coalesce(clock > c.resolve_due, False))
    return level, overdue
