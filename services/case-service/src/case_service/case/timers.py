"""The 13710 timers: deadlines from a configurable policy and the one warning-level function.

Deadlines count from the assignment instant T0: sign within 1 day, first feedback within 3, an ordinary
problem solved within 7, a major one within a month (30 days). Days are natural days by default or
working days of the holiday calendar (`CASE_TIMER_CALENDAR=workdays`): the same local time that many
working days later. A deadline is missed only when the instant is strictly after it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal, Protocol

from case_service.case.models import CaseState, Complexity, WarningLevel
from case_service.settings import CaseSettings
from platform_core.periods import SHANGHAI
from platform_core.workdays import WorkCalendar, load_calendar

#: States in which the 13710 clock runs (assigned and not yet resolved).
TIMED_STATES: frozenset[CaseState] = frozenset(
    {
        CaseState.ASSIGNED,
        CaseState.RETURN_REQUESTED,
        CaseState.IN_PROGRESS,
        CaseState.EXTENSION_REQUESTED,
        CaseState.ESCALATED,
        CaseState.LONG_TERM_TRACKING,
        CaseState.PENDING_REVIEW,
        CaseState.PAUSED,
    }
)

#: Timed states whose clock stands still: a result waiting for review, a case waiting for the enterprise's material.
STOPPED_STATES: frozenset[CaseState] = frozenset({CaseState.PENDING_REVIEW, CaseState.PAUSED})

#: Timed states whose deadlines still call for a reminder (a submitted result waits on the reviewer, a paused
#: case on the enterprise).
REMINDED_STATES: frozenset[CaseState] = TIMED_STATES - STOPPED_STATES

#: Working days of the selectable limit of a major or complex problem (`CASE_TIMER_MAJOR_LIMIT=workdays10`).
MAJOR_WORKDAYS = 10

#: "Due within 1 day" of the yellow level (the default of the 系统参数 `warning_yellow_hours`).
YELLOW_WINDOW = timedelta(days=1)


class TimedCase(Protocol):
    """What the warning level reads of a case."""

    state: str
    assigned_at: datetime | None
    sign_due: datetime | None
    signed_at: datetime | None
    first_feedback_due: datetime | None
    first_feedback_at: datetime | None
    resolve_due: datetime | None
    result_submitted_at: datetime | None
    paused_at: datetime | None
    paused_seconds: int


@dataclass(frozen=True, slots=True)
class Deadlines:
    """The three deadlines set at assignment."""

    sign_due: datetime
    first_feedback_due: datetime
    resolve_due: datetime


@dataclass(frozen=True, slots=True)
class TimerPolicy:
    """How many days each step has and which days count."""

    calendar: Literal["natural", "workdays"] = "natural"
    sign_days: int = 1
    feedback_days: int = 3
    ordinary_days: int = 7
    major_days: int = 30
    max_reopen: int = 1
    work_calendar: WorkCalendar | None = None
    #: The limit of a major problem: `month` (major_days under `calendar`) or `workdays10` (10 working days).
    major_limit: Literal["month", "workdays10"] = "month"
    #: How long before the resolution deadline a case turns yellow.
    yellow_window: timedelta = YELLOW_WINDOW
    #: Natural days a revisit link sent at resolution stays usable.
    revisit_link_days: int = 7

    def add_days(self, start: datetime, days: int) -> datetime:
        """The instant `days` days after `start` under this policy's calendar."""
        if self.calendar == "workdays":
            if self.work_calendar is None:
                raise ValueError("a working-day policy needs a calendar")
            return self.work_calendar.add_workdays(start, days)
        return start + timedelta(days=days)

    def resolve_days(self, complexity: str) -> int:
        """Days to solve a problem of this complexity."""
        return self.major_days if complexity == Complexity.MAJOR else self.ordinary_days

    def resolve_due(self, assigned_at: datetime, complexity: str) -> datetime:
        """The resolution deadline of a problem of this complexity assigned at `assigned_at`."""
        if complexity == Complexity.MAJOR and self.major_limit == "workdays10":
            if self.work_calendar is None:
                raise ValueError("a working-day limit needs a calendar")
            return self.work_calendar.add_workdays(assigned_at, MAJOR_WORKDAYS)
        return self.add_days(assigned_at, self.resolve_days(complexity))

    def deadlines(self, assigned_at: datetime, complexity: str) -> Deadlines:
        """Sign, first-feedback and resolution deadlines of an assignment at `assigned_at`."""
        return Deadlines(
            sign_due=self.add_days(assigned_at, self.sign_days),
            first_feedback_due=self.add_days(assigned_at, self.feedback_days),
            resolve_due=self.resolve_due(assigned_at, complexity),
        )

    def month_limit(self, assigned_at: datetime, resolve_due: datetime | None, paused_seconds: int = 0) -> datetime:
        """The outer 1-month limit of 13710, moved on by paused time and by an approved extension beyond it."""
        limit = self.shift(self.add_days(assigned_at, self.major_days), timedelta(seconds=paused_seconds))
        return max(limit, resolve_due) if resolve_due is not None else limit

    def paused_time(self, start: datetime, end: datetime) -> timedelta:
        """How much of [start, end) a pause takes off the clock: all of it, or its working time on working days."""
        if self.calendar == "workdays" and self.work_calendar is not None:
            return self.work_calendar.working_time_between(start, end)
        return max(end - start, timedelta(0))

    def shift(self, due: datetime, paused: timedelta) -> datetime:
        """A deadline moved on by paused time, counted the way `paused_time` counted it."""
        if not paused:
            return due
        if self.calendar == "workdays" and self.work_calendar is not None:
            return self.work_calendar.add_working_time(due, paused)
        return due + paused


def policy_from_settings(settings: CaseSettings) -> TimerPolicy:
    """The policy configured by `CASE_TIMER_*` (the holiday calendar loaded once when needed)."""
    needed = settings.timer_calendar == "workdays" or settings.timer_major_limit == "workdays10"
    calendar = load_calendar(settings.reference_data_dir) if needed else None
    return TimerPolicy(
        calendar=settings.timer_calendar,
        sign_days=settings.timer_sign_days,
        feedback_days=settings.timer_feedback_days,
        ordinary_days=settings.timer_ordinary_days,
        major_days=settings.timer_major_days,
        max_reopen=settings.max_reopen,
        work_calendar=calendar,
        major_limit=settings.timer_major_limit,
        revisit_link_days=settings.revisit_link_days,
    )


def end_of_local_day(day: date) -> datetime:
    """The last second of a local (Asia/Shanghai) day, in UTC, for plan dates given as days."""
    return datetime.combine(day, time(23, 59, 59), SHANGHAI).astimezone(UTC)


#: The 13710 deadlines a case can miss, by kind, as every page names them.
DEADLINE_LABELS: dict[str, str] = {
    "sign": "签收期限(1日内签收)",
    "feedback": "首次反馈期限(3日内反馈)",
    "resolve": "办结期限",
    "month_limit": "1个月总时限",
}
DeadlineKind = Literal["sign", "feedback", "resolve", "month_limit"]


@dataclass(frozen=True, slots=True)
class MissedDeadline:
    """A 13710 deadline a running case has passed: which one and when it was due."""

    kind: DeadlineKind
    label: str
    due: datetime


def clock_at(case: TimedCase, now: datetime) -> datetime:
    """The instant a case's clock stands at: a submitted result or a pause stops it; otherwise now."""
    if case.state == CaseState.PENDING_REVIEW and case.result_submitted_at:
        return case.result_submitted_at
    if case.state == CaseState.PAUSED and case.paused_at:
        return min(case.paused_at, now)
    return now


def missed_deadlines(case: TimedCase, *, now: datetime, policy: TimerPolicy) -> list[MissedDeadline]:
    """The deadlines a running case has passed at `now` (those `warning_level` colours it for), earliest first.

    A red or escalated row says which of them it missed; a case not running (not assigned, resolved) missed none.
    """
    state = CaseState(case.state)
    if state not in TIMED_STATES or case.assigned_at is None:
        return []
    at = clock_at(case, now)
    out: list[MissedDeadline] = []

    def passed(kind: DeadlineKind, due: datetime | None, done: datetime | None) -> None:
        if due is not None and done is None and at > due:
            out.append(MissedDeadline(kind, DEADLINE_LABELS[kind], due))

    passed("sign", case.sign_due, case.signed_at)
    passed("feedback", case.first_feedback_due, case.first_feedback_at)
    passed("resolve", case.resolve_due, None)
    if state is not CaseState.LONG_TERM_TRACKING:
        limit = policy.month_limit(case.assigned_at, case.resolve_due, case.paused_seconds or 0)
        if limit != case.resolve_due:
            passed("month_limit", limit, None)
    return sorted(out, key=lambda m: m.due)


def warning_level(case: TimedCase, *, now: datetime, policy: TimerPolicy, supervised: bool = False) -> WarningLevel:
    """The warning colour of a case at `now` (lists, details, stats and the periodic check all call this).

    - `escalated`: in ESCALATED, under an open 督办单, or past the 1-month limit (a long-term case has a
      dated plan instead, so only its plan's end date counts);
    - `red`: the resolution deadline is past, or the case is still unsigned after its sign deadline;
    - `yellow`: resolution due within 1 day, or the 3-day first feedback missing;
    - `green`: on track, not yet assigned, or resolved.
    While a submitted result waits for review the clock stands at the submission instant; while a case waits
    for the enterprise's material (PAUSED) it stands at the pause, so the colour freezes.
    """
    state = CaseState(case.state)
    if state not in TIMED_STATES or case.assigned_at is None:
        return WarningLevel.GREEN
    if state is CaseState.ESCALATED or supervised:
        return WarningLevel.ESCALATED
    at = clock_at(case, now)
    limit = policy.month_limit(case.assigned_at, case.resolve_due, case.paused_seconds or 0)
    if state is not CaseState.LONG_TERM_TRACKING and at > limit:
        return WarningLevel.ESCALATED
    if case.resolve_due is not None and at > case.resolve_due:
        return WarningLevel.RED
    if case.signed_at is None and case.sign_due is not None and at > case.sign_due:
        return WarningLevel.RED
    if case.resolve_due is not None and case.resolve_due - at <= policy.yellow_window:
        return WarningLevel.YELLOW
    if case.first_feedback_at is None and case.first_feedback_due is not None and at > case.first_feedback_due:
        return WarningLevel.YELLOW
    return WarningLevel.GREEN
