"""Case statistics: the 13710 counts and rates by period in SQL aggregates, warning levels as at a cut-off."""

# Flow counts and rates come from five grouped queries, one per instant column (registered, assigned,
# resolved, rated, closed), each restricted to the period; every query groups by region, lead unit,
# 上级交办 or not and month, so totals, breakdowns and trends are roll-ups of the same rows.
#
# The snapshot (open cases and their warning levels) is taken at the cut-off: the end of the period, or
# now for a period not yet over. A case counts as open at the cut-off when it was registered before it
# and neither resolved nor closed before it; its warning level is the one `case.timers.warning_level`
# gives for the case as it stood then (steps taken after the cut-off are not yet taken).

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    DateTime,
    Executable,
    Result,
    String,
    and_,
    bindparam,
    case,
    cast,
    func,
    literal,
    or_,
    select,
    tuple_,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Subquery
from sqlalchemy.sql.util import ClauseAdapter

from case_service.case.models import Case, CaseSource, CaseState, ClosedReason, Satisfaction, WarningLevel
from case_service.case.service import SCOPE, handled_by
from case_service.case.timers import (
    MAJOR_WORKDAYS,
    TIMED_STATES,
    MissedDeadline,
    TimerPolicy,
    clock_at,
    missed_deadlines,
    warning_level,
)
from case_service.indicators import levels
from case_service.indicators import tally as tallies
from case_service.indicators.models import (
    CITY_PATH_LENGTH,
    COUNTS,
    OPEN_STATES,
    CaseMonthTally,
    CaseTally,
    CaseYearTally,
    city_of_path,
    open_span,
)
from case_service.indicators.schemas import (
    PeriodOut,
    Rate,
    Rates,
    StatsBlock,
    TimerSettings,
)
from case_service.supervision.models import SupervisionOrder
from platform_core.auth import Principal
from platform_core.db import UTCDateTime, gather_reads
from platform_core.figures import BASIS_LABELS, Basis
from platform_core.periods import SHANGHAI, Period
from platform_core.regions import RegionDirectory
from platform_core.scope import DataScope, ScopeColumns, region_filter, scope_condition

SATISFIED = (Satisfaction.SATISFIED.value, Satisfaction.BASICALLY_SATISFIED.value)
DONE_STATES = frozenset({CaseState.RESOLVED, CaseState.VISITED, CaseState.CLOSED})
UNASSIGNED_STATES = frozenset({CaseState.SUBMITTED, CaseState.ACCEPTED})
WHOLE_PERIOD = -1
REGION_SCOPES = frozenset({DataScope.ALL, DataScope.REGION_AND_BELOW, DataScope.REGION})


@dataclass(slots=True)
class Tally:
    """Counts of one group of cases; adding tallies adds every count."""

    received: int = 0
    done: int = 0  # of those received: resolved before the cut-off
    rejected: int = 0  # of those received: closed as 不予受理 before the cut-off
    merged: int = 0  # of those received: merged into another case before the cut-off
    assigned: int = 0
    sign_due: int = 0  # of those assigned: sign deadline reached or signed, before the cut-off
    signed_in_time: int = 0
    feedback_due: int = 0
    feedback_in_time: int = 0
    resolved: int = 0
    on_time: int = 0
    rated: int = 0
    satisfied: int = 0
    closed: int = 0
    open: int = 0
    open_without_plan: int = 0
    yellow: int = 0
    red: int = 0
    escalated: int = 0
    overdue: int = 0

    def add(self, other: Tally) -> None:
        """Add another tally's counts to this one."""
        # Spelt out: a province's answer adds some 30,000 tallies, and a loop of setattr costs five times as much.
        self.received += other.received
        self.done += other.done
        self.rejected += other.rejected
        self.merged += other.merged
        self.assigned += other.assigned
        self.sign_due += other.sign_due
        self.signed_in_time += other.signed_in_time
        self.feedback_due += other.feedback_due
        self.feedback_in_time += other.feedback_in_time
        self.resolved += other.resolved
        self.on_time += other.on_time
        self.rated += other.rated
        self.satisfied += other.satisfied
        self.closed += other.closed
        self.open += other.open
        self.open_without_plan += other.open_without_plan
        self.yellow += other.yellow
        self.red += other.red
        self.escalated += other.escalated
        self.overdue += other.overdue


# The tallied counts lead the fields in the tally table's order, so a row of sums is a Tally's first arguments.
assert tuple(f.name for f in fields(Tally))[: len(COUNTS)] == COUNTS


@dataclass(frozen=True, slots=True)
class GroupKey:
    """What a row of the grouped queries is about."""

    region_code: str
    unit_id: int | None
    superior: bool
    # Index into the period's months; WHOLE_PERIOD for what counts the whole period: the tallied flows and the
    # snapshot, which share their groups (a province's answer folds 4,200 groups instead of 7,300).
    month: int


@dataclass(slots=True)
class OverdueCase:
    """An open case past its deadline at the cut-off, for dispatch lists."""

    id: int
    case_no: str | None
    title: str
    enterprise_name: str
    region_code: str
    unit_id: int | None
    unit_name: str | None
    resolve_due: datetime | None
    level: WarningLevel
    superior: bool
    days_overdue: int
    missed: list[MissedDeadline] = field(default_factory=list)


@dataclass(slots=True)
class StatsResult:
    """Everything computed for one request: grouped tallies, unit names and the overdue cases."""

    period: Period
    as_of: datetime
    months: list[tuple[int, int]]
    groups: dict[GroupKey, Tally] = field(default_factory=lambda: defaultdict(Tally))
    unit_names: dict[int | None, str | None] = field(default_factory=dict)
    overdue_cases: list[OverdueCase] = field(default_factory=list)
    # Flow counts by month kept apart from the groups (the tallies' groups cover the whole period).
    monthly: dict[int, Tally] = field(default_factory=lambda: defaultdict(Tally))

    def total(self, *, superior: bool | None = None, pred: Callable[[GroupKey], bool] | None = None) -> Tally:
        """The sum over groups (only 上级交办 ones, or only those a predicate keeps, when asked)."""
        out = Tally()
        for key, tally in self.groups.items():
            if superior is not None and key.superior != superior:
                continue
            if pred is not None and not pred(key):
                continue
            out.add(tally)
        return out

    def by(self, keyof: Callable[[GroupKey], Any]) -> dict[Any, Tally]:
        """Tallies rolled up by a key of the group (groups that add up to nothing left out)."""
        out: dict[Any, Tally] = defaultdict(Tally)
        for key, tally in self.groups.items():
            out[keyof(key)].add(tally)
        return {k: t for k, t in out.items() if t != Tally()}

    def rollups(self, region_of: Callable[[str], str]) -> Rollups:
        """The total, the 上级交办 total, and the tallies by region (`region_of` a group's region) and by unit, in one
        pass: each group is added to one cell of region and unit, and the cells to their region and unit, instead
        of every group to each roll-up in turn."""
        cells: dict[tuple[str, int | None], Tally] = defaultdict(Tally)
        superior = Tally()
        for key, tally in self.groups.items():
            if key.superior:
                superior.add(tally)
            cells[(region_of(key.region_code), key.unit_id)].add(tally)
        by_region: dict[str, Tally] = defaultdict(Tally)
        by_unit: dict[int | None, Tally] = defaultdict(Tally)
        for (region, unit), tally in cells.items():
            by_region[region].add(tally)
            by_unit[unit].add(tally)
        total = Tally()
        for tally in by_region.values():
            total.add(tally)
        empty = Tally()
        return Rollups(
            total=total,
            superior=superior,
            by_region={k: t for k, t in by_region.items() if t != empty},
            by_unit={k: t for k, t in by_unit.items() if t != empty},
        )

    def by_month(self) -> dict[int, Tally]:
        """The flow counts of each month of the period, by its index."""
        out: dict[int, Tally] = defaultdict(Tally)
        for key, tally in self.groups.items():
            if key.month != WHOLE_PERIOD:
                out[key.month].add(tally)
        for index, tally in self.monthly.items():
            out[index].add(tally)
        return out


@dataclass(slots=True)
class Rollups:
    """A result's groups rolled up the ways the statistics answer shows them (`StatsResult.rollups`)."""

    total: Tally
    superior: Tally
    by_region: dict[str, Tally]
    by_unit: dict[int | None, Tally]


def months_of(period: Period) -> list[tuple[int, int]]:
    """The (year, month) of every month the period touches."""
    out: list[tuple[int, int]] = []
    y, m = period.first_day.year, period.first_day.month
    while date(y, m, 1) < period.end_day:
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _month_bucket(col: Any, months: Sequence[tuple[int, int]]) -> ColumnElement[int]:
    """The index of the month an instant (already within the period) falls in, as SQL."""
    bounds = [datetime(y, m, 1, tzinfo=SHANGHAI) for y, m in months[1:]]
    if not bounds:
        return literal(0)
    return case(*[(col < b, i) for i, b in enumerate(bounds)], else_=len(bounds))


def _flag(cond: ColumnElement[bool]) -> Any:
    """1 when the condition holds, else 0 (summable on every database)."""
    return func.sum(case((cond, 1), else_=0))


def _superior() -> ColumnElement[int]:
    return case((Case.source == CaseSource.SUPERIOR.value, 1), else_=0)


def _before(col: Any, moment: datetime) -> ColumnElement[bool]:
    return and_(col.is_not(None), col < moment)


def _not_before(col: Any, moment: datetime) -> ColumnElement[bool]:
    return or_(col.is_(None), col >= moment)


def _closed_as(reason: ClosedReason, cutoff: datetime) -> ColumnElement[bool]:
    """Closed for this reason, without a resolution, before the cut-off (as `tally.instants` counts it)."""
    return and_(Case.resolved_at.is_(None), Case.closed_reason == reason.value, _before(Case.closed_at, cutoff))


def filters(
    principal: Principal,
    regions: RegionDirectory,
    *,
    region_code: str | None = None,
    unit_id: int | None = None,
    source: str | None = None,
    category: str | None = None,
) -> list[ColumnElement[bool]]:
    """The data scope and the request's filters as conditions on cases."""
    conds: list[ColumnElement[bool]] = [scope_condition(principal, SCOPE)]
    conds += region_filter(Case.region_path, regions, region_code)
    if unit_id is not None:
        conds.append(handled_by(unit_id))
    if source:
        conds.append(Case.source == source)
    if category:
        conds.append(Case.category_code == category)
    return conds


def _families(cutoff: datetime) -> dict[str, tuple[Any, list[tuple[str, Any]]]]:
    """Per instant column: the counts that column's period membership drives."""
    reach = func.coalesce(Case.result_submitted_at, Case.resolved_at)
    return {
        "created": (
            Case.created_at,
            [
                ("received", func.count()),
                ("done", _flag(_before(Case.resolved_at, cutoff))),
                ("rejected", _flag(_closed_as(ClosedReason.REJECTED, cutoff))),
                ("merged", _flag(_closed_as(ClosedReason.MERGED, cutoff))),
            ],
        ),
        "assigned": (
            Case.assigned_at,
            [
                ("assigned", func.count()),
                ("sign_due", _flag(or_(_before(Case.sign_due, cutoff), _before(Case.signed_at, cutoff)))),
                (
                    "signed_in_time",
                    _flag(and_(_before(Case.signed_at, cutoff), Case.signed_at <= Case.sign_due)),
                ),
                (
                    "feedback_due",
                    _flag(or_(_before(Case.first_feedback_due, cutoff), _before(Case.first_feedback_at, cutoff))),
                ),
                (
                    "feedback_in_time",
                    _flag(
                        and_(
                            _before(Case.first_feedback_at, cutoff),
                            Case.first_feedback_at <= Case.first_feedback_due,
                        )
                    ),
                ),
            ],
        ),
        # A result approved later still counts as of its submission (the clock stops there).
        "resolved": (
            Case.resolved_at,
            [
                ("resolved", func.count()),
                ("on_time", _flag(or_(Case.resolve_due.is_(None), reach <= Case.resolve_due))),
            ],
        ),
        "rated": (Case.rated_at, [("rated", func.count()), ("satisfied", _flag(Case.satisfaction.in_(SATISFIED)))]),
        "closed": (Case.closed_at, [("closed", func.count())]),
    }


@dataclass(slots=True)
class _AsAt:
    """A case as it stood at the cut-off, in the shape `warning_level` reads."""

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


def _as_at(row: Any, at: datetime) -> _AsAt | None:
    """The timed view of a case at an instant, or None when its 13710 clock was not running then."""
    current = CaseState(row.state)
    if current in UNASSIGNED_STATES or row.assigned_at is None or row.assigned_at >= at:
        return None

    def seen(value: datetime | None) -> datetime | None:
        return value if value is not None and value < at else None

    submitted = seen(row.result_submitted_at)
    if current in TIMED_STATES:
        review_later = current is CaseState.PENDING_REVIEW and submitted is None
        escalated_later = current is CaseState.ESCALATED and row.escalated_at is not None and row.escalated_at >= at
        paused_later = current is CaseState.PAUSED and seen(row.paused_at) is None
        state = CaseState.IN_PROGRESS if review_later or escalated_later or paused_later else current
    else:
        # Resolved or closed after the cut-off: at the cut-off it was still being handled or reviewed.
        state = CaseState.PENDING_REVIEW if submitted is not None else CaseState.IN_PROGRESS
    return _AsAt(
        state=state.value,
        assigned_at=row.assigned_at,
        sign_due=row.sign_due,
        signed_at=seen(row.signed_at),
        first_feedback_due=row.first_feedback_due,
        first_feedback_at=seen(row.first_feedback_at),
        resolve_due=row.resolve_due,
        result_submitted_at=submitted,
        paused_at=seen(row.paused_at),
        paused_seconds=row.paused_seconds or 0,
    )


async def compute(
    session: AsyncSession,
    *,
    principal: Principal,
    regions: RegionDirectory,
    period: Period,
    now: datetime,
    policy: TimerPolicy,
    region_code: str | None = None,
    unit_id: int | None = None,
    source: str | None = None,
    category: str | None = None,
    use_tallies: bool = True,
    list_overdue: bool = False,
) -> StatsResult:
    """Tallies of the cases in scope for a period, grouped by region, lead unit, 上级交办 and month; with
    `list_overdue`, also each case overdue at the cut-off (`overdue_cases`, what the reports list)."""
    conds = filters(principal, regions, region_code=region_code, unit_id=unit_id, source=source, category=category)
    cutoff = min(period.end, now)
    months = months_of(period)
    result = StatsResult(period=period, as_of=cutoff, months=months)
    tallied = use_tallies and tallies_serve(principal, period, unit_id=unit_id, category=category)

    async def flows(part: AsyncSession) -> None:
        if tallied:
            await _tallied_flows(part, result, principal, regions, conds, region_code=region_code, source=source)
        else:
            await _flows(part, result, conds, start=period.start, cutoff=cutoff)

    city = city_path(principal, regions, region_code)

    async def snapshot(part: AsyncSession) -> None:
        await _snapshot(part, result, conds, cutoff, policy, list_overdue, city=city)

    # The flows and the snapshot read different rows and add to the groups in any order (`Tally.add`, and
    # `_note_unit` keeps the greatest name): on PostgreSQL they run at once.
    await gather_reads(session, flows, snapshot)
    return result


def tallies_serve(principal: Principal, period: Period, *, unit_id: int | None, category: str | None) -> bool:
    """Whether the monthly tallies answer the request: whole months, region scopes, no unit or category filter."""
    # The tallies know the lead unit only (a unit filter or scope also takes co-units) and not the category.
    return (
        period.first_day.day == 1
        and period.end_day.day == 1
        and unit_id is None
        and category is None
        and bool(principal.data_scopes)
        and principal.data_scopes <= REGION_SCOPES
    )


def _note_unit(result: StatsResult, unit: int | None, name: str | None) -> None:
    """Remember a unit's name (the greatest of the snapshots, whichever query sees it first)."""
    known = result.unit_names.get(unit)
    if unit not in result.unit_names or (name is not None and (known is None or name > known)):
        result.unit_names[unit] = name


async def _flows(
    session: AsyncSession,
    result: StatsResult,
    conds: Sequence[ColumnElement[bool]],
    *,
    start: datetime,
    cutoff: datetime,
) -> None:
    """Add the flow counts of the cases matching `conds` for [start, cutoff)."""
    sup = _superior()
    for col, sums in _families(cutoff).values():
        bucket = _month_bucket(col, result.months)
        stmt = (
            select(
                Case.region_code,
                Case.lead_unit_id,
                func.max(Case.lead_unit_name),
                sup,
                bucket,
                *[expr for _, expr in sums],
            )
            .where(*conds, col >= start, col < cutoff)
            .group_by(Case.region_code, Case.lead_unit_id, sup, bucket)
        )
        for row in await session.execute(stmt):
            key = GroupKey(row[0], row[1], bool(row[3]), int(row[4]))
            _note_unit(result, row[1], row[2])
            tally = result.groups[key]
            for (name, _), value in zip(sums, row[5:], strict=True):
                setattr(tally, name, getattr(tally, name) + int(value or 0))


async def _tallied_flows(
    session: AsyncSession,
    result: StatsResult,
    principal: Principal,
    regions: RegionDirectory,
    conds: Sequence[ColumnElement[bool]],
    *,
    region_code: str | None,
    source: str | None,
) -> None:
    """The flow counts from the monthly tallies, with the cases active in a running month re-read."""
    period, cutoff = result.period, result.as_of
    first = tallies.month_of(period.start)
    local = cutoff.astimezone(SHANGHAI)
    month_start = datetime(local.year, local.month, 1, tzinfo=SHANGHAI)
    upto = tallies.month_of(cutoff)
    year = calendar_year(period) if cutoff > period.start else None
    table: Any = CaseTally if year is None else CaseYearTally
    tally_conds = _tally_conditions(table, principal, regions, region_code=region_code, source=source)
    sup = case((table.source == CaseSource.SUPERIOR.value, 1), else_=0)
    unit = case((table.lead_unit_id == 0, None), else_=table.lead_unit_id)
    sums = [func.sum(getattr(table, name)) for name in COUNTS]

    def add_group(region: str, unit_id: int | None, name: str | None, superior: int, counts: list[Any]) -> None:
        if any(counts):
            _note_unit(result, unit_id, name or None)
            _add_counts(result.groups, GroupKey(region, unit_id, bool(superior), WHOLE_PERIOD), counts)

    def add_month(month: int, counts: list[Any]) -> None:
        _add_counts(result.monthly, int(month) - first, counts)

    if year is not None:
        # A calendar year reads its roll-ups: everything of the year whose second instant lies in the year too.
        # Up to the year's end that is exact; cut off before it, the cases with an instant from the cut-off on are
        # re-read (`_late_instants`), as for a running month.
        last = last_second = tallies.year_end(first)

        async def tallied(part: AsyncSession) -> None:
            by_group = (
                select(table.region_code, unit, func.max(table.lead_unit_name), sup, *sums)
                .where(*tally_conds, table.year == year)
                .group_by(table.region_code, unit, sup)
            )
            for region, unit_id, name, superior, *counts in await _rows(part, by_group):
                add_group(region, unit_id, name, superior, counts)
            trend = _tally_conditions(CaseMonthTally, principal, regions, region_code=region_code, source=source)
            month_sums = [func.sum(getattr(CaseMonthTally, name)) for name in COUNTS]
            by_month = (
                select(CaseMonthTally.month, *month_sums)
                .where(*trend, CaseMonthTally.month >= first, CaseMonthTally.month <= last)
                .group_by(CaseMonthTally.month)
            )
            for month, *counts in await _rows(part, by_month):
                add_month(month, counts)

        running = cutoff < period.end
    else:
        # Up to a month boundary the tallies are exact. Inside a running month they hold that month's counts too,
        # exact for every case whose instants all lie before the cut-off; the rest are re-read (`_late_instants`).
        running = cutoff > month_start
        last = last_second = upto if running else upto - 1
        rows = [*tally_conds, CaseTally.month >= first, CaseTally.month <= last, CaseTally.second_month <= last]

        async def tallied(part: AsyncSession) -> None:
            # Two roll-ups instead of one grouping by region, unit and month together: no answer crosses months
            # with regions or units, and the cross is as large as the table. PostgreSQL makes both in one scan
            # (grouping sets: a quarter of a province is some 30k tally rows at 1M cases, read once, not twice).
            if part.get_bind().dialect.name == "postgresql":
                month_rolled = func.grouping(CaseTally.month)
                both = (
                    select(
                        month_rolled,
                        CaseTally.month,
                        CaseTally.region_code,
                        unit,
                        func.max(CaseTally.lead_unit_name),
                        sup,
                    )
                    .add_columns(*sums)
                    .where(*rows)
                    .group_by(func.grouping_sets(tuple_(CaseTally.region_code, unit, sup), tuple_(CaseTally.month)))
                )
                for rolled, month, region, unit_id, name, superior, *counts in await _rows(part, both):
                    if rolled:
                        add_group(region, unit_id, name, superior, counts)
                    else:
                        add_month(month, counts)
            else:
                by_group = (
                    select(CaseTally.region_code, unit, func.max(CaseTally.lead_unit_name), sup, *sums)
                    .where(*rows)
                    .group_by(CaseTally.region_code, unit, sup)
                )
                for region, unit_id, name, superior, *counts in await _rows(part, by_group):
                    add_group(region, unit_id, name, superior, counts)
                by_month = select(CaseTally.month, *sums).where(*rows).group_by(CaseTally.month)
                for month, *counts in await _rows(part, by_month):
                    add_month(month, counts)

    async def late(part: AsyncSession) -> None:
        await _late_instants(part, result, conds, first=first, last=last, last_second=last_second)

    # The cases re-read for a running period add to groups of their own (by month): read beside the tallies.
    await gather_reads(session, tallied, *([late] if running else []))


async def _rows(session: AsyncSession, stmt: Executable, params: dict[str, Any] | None = None) -> Result[Any]:
    """The rows of a statement of plain columns, through the session's connection: the ORM's row processing cost a
    province's statistics more than reading its 10,000 grouped rows did."""
    conn = await session.connection()
    return await conn.execute(stmt, params or {})


def calendar_year(period: Period) -> int | None:
    """The year a period is, when it is a whole calendar year (what the yearly roll-ups answer)."""
    first = period.first_day
    whole = first.month == 1 and first.day == 1 and period.end_day == date(first.year + 1, 1, 1)
    return first.year if whole else None


def city_path(principal: Principal, regions: RegionDirectory, region_code: str | None) -> str | None:
    """The city's region path that every case of the request lies under (asked for a region at or below a city, or
    seen by a principal whose only scope is their region and below), else None."""
    paths = []
    if region_code:
        paths.append(regions.path_of(region_code))
    if principal.data_scopes == {DataScope.REGION_AND_BELOW}:
        paths.append(principal.region_path)
    deepest = max((p for p in paths if p), key=len, default=None)
    if deepest is None or len(deepest) < CITY_PATH_LENGTH:
        return None
    return deepest[:CITY_PATH_LENGTH]


def _tally_conditions(
    table: Any, principal: Principal, regions: RegionDirectory, *, region_code: str | None, source: str | None
) -> list[ColumnElement[bool]]:
    """The data scope and the request's region and source as conditions on a tally table."""
    columns = ScopeColumns(region_path=table.region_path, region_code=table.region_code)
    conds = [scope_condition(principal, columns), *region_filter(table.region_path, regions, region_code)]
    if source:
        conds.append(table.source == source)
    return conds


async def _late_instants(
    session: AsyncSession,
    result: StatsResult,
    conds: Sequence[ColumnElement[bool]],
    *,
    first: int,
    last: int,
    last_second: int,
) -> None:
    """Cases with an instant from the cut-off on (a deadline still to come): their tallied counts (anchor months
    `first`..`last`, second months up to `last_second`) replaced by what they count at the cut-off."""
    start, cutoff = result.period.start, result.as_of
    cols = [getattr(Case, name) for name in tallies.TALLIED]
    for row in await session.execute(select(*cols).where(*conds, Case.stats_horizon >= cutoff)):
        values = row._mapping
        superior = values["source"] == CaseSource.SUPERIOR.value
        for measure, anchor, second in tallies.instants(values):
            month = tallies.month_of(anchor)
            counted = start <= anchor < cutoff and second < cutoff
            tallied = first <= month <= last and tallies.month_of(second) <= last_second
            if counted == tallied:
                continue
            _note_unit(result, values["lead_unit_id"], values["lead_unit_name"])
            target = result.groups[GroupKey(values["region_code"], values["lead_unit_id"], superior, month - first)]
            setattr(target, measure, getattr(target, measure) + (1 if counted else -1))


def _add_counts(groups: dict[Any, Tally], key: Any, counts: Sequence[int]) -> None:
    """Add a row of tally sums to a group; a group not seen yet takes them as they are (a province's year is 4,200
    rows: converting and adding each one was half of the Python of its statistics)."""
    # Sums of NOT NULL integer columns over at least one row: integers, never NULL.
    tally = Tally(*counts)
    known = groups.get(key)
    if known is None:
        groups[key] = tally
    else:
        known.add(tally)


async def _snapshot(
    session: AsyncSession,
    result: StatsResult,
    conds: list[ColumnElement[bool]],
    at: datetime,
    policy: TimerPolicy,
    list_overdue: bool,
    *,
    city: str | None = None,
) -> None:
    """Open cases at the cut-off: counts in SQL, warning levels of the possibly late ones in Python; `city`, the
    city's region path every case in `conds` lies under (`city_path`), when there is one."""
    # Open at the cut-off means still open now, or resolved or closed only after it; the two parts are read
    # separately because each has an index (`stats.models.OPEN_BY_REGION`, `DONE_SPAN`).
    open_at = and_(Case.created_at < at, _not_before(Case.resolved_at, at), _not_before(Case.closed_at, at), *conds)
    done_since = or_(Case.resolved_at >= at, Case.closed_at >= at)
    dialect = session.get_bind().dialect.name
    # The reports list the overdue cases one by one; the statistics only count them, in the database when it can.
    grouped = not list_overdue and levels.in_sql(policy, dialect)
    still_open = and_(open_at, Case.state.in_(OPEN_STATES))
    # Cut off now, nothing is resolved or closed after the cut-off: one look at the instants' indexes says so.
    later = select(Case.id).where(or_(Case.resolved_at >= at, Case.closed_at >= at)).limit(1)
    done = and_(open_at, Case.state.not_in(OPEN_STATES), done_since)
    if grouped:

        async def still(part: AsyncSession) -> None:
            await _grouped_part(part, result, still_open, at, policy)

        async def since(part: AsyncSession) -> None:
            if await part.scalar(later) is not None:
                await _grouped_part(part, result, done, at, policy, done_since=True, city=city)

        # Counts only, added in any order: the two parts are read at once (a province's year end at 1M is 7,400
        # cases still open and 4,300 done since, each part a read of its own index).
        await gather_reads(session, still, since)
        return
    await _snapshot_part(session, result, still_open, at, policy, list_overdue)
    if await session.scalar(later) is not None:
        source = _done_at(at, city) if dialect == "postgresql" else None
        # Those are few (a province's 4,300 at the end of 2025 against its 1M cases): one read of them all costs
        # less than finding them twice, once to count and once for the ones that may be late. The overdue cases
        # are listed in this order: the still open ones first.
        await _snapshot_part(session, result, done, at, policy, list_overdue, counted_in_sql=False, rows_from=source)


def _supervised(case_id: Any, at: datetime | ColumnElement[datetime]) -> ColumnElement[bool]:
    """Whether an open 督办单 stood at the cut-off: a set of cases the database hashes once instead of a lookup per
    open case (both snapshots, so the levels counted in SQL and in Python read the same orders)."""
    orders = select(SupervisionOrder.case_id).where(
        SupervisionOrder.issued_at < at, _not_before(SupervisionOrder.replied_at, at)
    )
    return case_id.in_(orders)


#: The cut-off of the grouped snapshot, bound at execution: its statement's parts are built once per policy.
SNAPSHOT_AT = bindparam("snapshot_at", type_=UTCDateTime())
#: The city the cases done since the cut-off are looked up in (`_done_at`), bound at execution.
SNAPSHOT_CITY = bindparam("snapshot_city", type_=String())


@dataclass(frozen=True, slots=True)
class _Grouped:
    """The grouped snapshot over one source of cases (the case table, or the cases done since the cut-off): the
    columns each open case gives, its level and overdue flag among them."""

    rows_from: Subquery | None
    columns: tuple[ColumnElement[Any], ...]


@functools.cache
def _grouped(done_since: bool, by_city: bool, major_days: int, yellow_window: timedelta) -> _Grouped:
    """The grouped snapshot's source and columns, built once: building the level's expression cost a city's
    statistics more than the database took to evaluate it."""
    rows_from = _done_at(SNAPSHOT_AT, SNAPSHOT_CITY if by_city else None) if done_since else None
    cases: Any = Case if rows_from is None else rows_from.c
    at = SNAPSHOT_AT
    supervised = _supervised(cases.id, at)
    policy = TimerPolicy(major_days=major_days, yellow_window=yellow_window)
    level, overdue = levels.level_at(cases, at, policy, supervised)
    columns = (
        cases.region_code,
        cases.lead_unit_id,
        cases.lead_unit_name,
        case((cases.source == CaseSource.SUPERIOR.value, 1), else_=0).label("superior"),
        case((cases.state == CaseState.LONG_TERM_TRACKING.value, 0), else_=1).label("planned"),
        level.label("level"),
        overdue.label("overdue"),
    )
    return _Grouped(rows_from, columns)


async def _grouped_part(
    session: AsyncSession,
    result: StatsResult,
    open_at: ColumnElement[bool],
    at: datetime,
    policy: TimerPolicy,
    *,
    done_since: bool = False,
    city: str | None = None,
) -> None:
    """Counts and warning levels of one part of the open cases, grouped in the database (`levels.level_at`); with
    `done_since`, read from the cases resolved or closed since the cut-off (`_done_at`, in `city` when given)."""
    by_city = done_since and city is not None
    part = _grouped(done_since, by_city, policy.major_days, policy.yellow_window)
    where = open_at if part.rows_from is None else ClauseAdapter(part.rows_from).traverse(open_at)
    # Behind a fence (`OFFSET 0`) each case's level is worked out once; flattened, PostgreSQL worked it out again
    # for every count that tests it.
    each = select(*part.columns).where(where).offset(0).subquery("open_case")
    c = each.c
    stmt = select(
        c.region_code,
        c.lead_unit_id,
        func.max(c.lead_unit_name),
        c.superior,
        func.count(),
        func.sum(c.planned),
        *[_flag(c.level == value) for value in (levels.Level.YELLOW, levels.Level.RED, levels.Level.ESCALATED)],
        _flag(c.overdue),
    ).group_by(c.region_code, c.lead_unit_id, c.superior)
    rows = await _rows(session, stmt, {SNAPSHOT_AT.key: at, **({SNAPSHOT_CITY.key: city} if by_city else {})})
    for region, unit, name, superior, n, without_plan, yellow, red, escalated, late in rows:
        _note_unit(result, unit, name)
        tally = result.groups[GroupKey(region, unit, bool(superior), WHOLE_PERIOD)]
        tally.open += int(n)
        tally.open_without_plan += int(without_plan or 0)
        tally.yellow += int(yellow or 0)
        tally.red += int(red or 0)
        tally.escalated += int(escalated or 0)
        tally.overdue += int(late or 0)


def _done_at(at: datetime | ColumnElement[datetime], city: str | ColumnElement[str] | None = None) -> Subquery:
    """The cases resolved or closed since `at` that were open at it, found by the span index alone (PostgreSQL);
    with `city` (a city's region path, or a bound parameter of it), by the city and the span.

    The span index finds them (a superset: both ends included). Behind the fence (`OFFSET 0`) PostgreSQL reads
    that index only and tests the region on its rows: given the region's condition with the rest, it ANDed the span
    index (8,654 entries at the end of 2025) with the region path index (137,686 for a city: 13 of a city's 19 ms).
    The city's condition is implied by the region's, which is still tested outside: it only leads the index.
    """
    moment = at if isinstance(at, ColumnElement) else literal(at)
    span = open_span().op("@>")(cast(moment, DateTime(timezone=True)))
    conds = [span, Case.state.not_in(OPEN_STATES)]
    if city is not None:
        conds.append(city_of_path() == city)
    return select(Case).where(*conds).offset(0).subquery("done_at")


async def _snapshot_part(
    session: AsyncSession,
    result: StatsResult,
    open_at: ColumnElement[bool],
    at: datetime,
    policy: TimerPolicy,
    list_overdue: bool,
    *,
    counted_in_sql: bool = True,
    rows_from: Subquery | None = None,
) -> None:
    """Counts of one part of the open cases (grouped in SQL, or from its rows when it is small) and the warning
    levels of the ones that can be late; `rows_from`, a subquery of cases, is read instead of the case table."""
    supervised = _supervised(Case.id, at)
    sup = _superior()
    planned = case((Case.state == CaseState.LONG_TERM_TRACKING.value, 0), else_=1)
    maybe_late = _maybe_late(at, supervised)
    if counted_in_sql:
        # Most open cases are green at the cut-off and only add to counts: the database groups them, and only the
        # few that can be anything but green travel to Python (a city's open cases were 40 % of its statistics'
        # time).
        counts = (
            select(
                Case.region_code, Case.lead_unit_id, func.max(Case.lead_unit_name), sup, func.count(), func.sum(planned)
            )
            .where(open_at)
            .group_by(Case.region_code, Case.lead_unit_id, sup)
        )
        for region, unit, name, superior, n, without_plan in await _rows(session, counts):
            _note_unit(result, unit, name)
            counted = result.groups[GroupKey(region, unit, bool(superior), WHOLE_PERIOD)]
            counted.open += int(n)
            counted.open_without_plan += int(without_plan or 0)
    columns = select(
        Case.id,
        Case.case_no,
        Case.title,
        Case.enterprise_name,
        Case.region_code,
        Case.lead_unit_id,
        Case.lead_unit_name,
        Case.source,
        Case.state,
        Case.assigned_at,
        Case.sign_due,
        Case.signed_at,
        Case.first_feedback_due,
        Case.first_feedback_at,
        Case.resolve_due,
        Case.result_submitted_at,
        Case.escalated_at,
        Case.paused_at,
        Case.paused_seconds,
        supervised.label("supervised"),
    ).order_by(Case.resolve_due, Case.id)
    if counted_in_sql:
        stmt = columns.where(open_at, maybe_late)
    else:
        stmt = columns.add_columns(planned.label("planned"), maybe_late.label("maybe_late")).where(open_at)
    if rows_from is not None:
        # Every reference to the case table, the correlated 督办 test's included, reads the subquery's columns.
        stmt = ClauseAdapter(rows_from).traverse(stmt)
    for row in await session.execute(stmt):
        superior = row.source == CaseSource.SUPERIOR.value
        tally = result.groups[GroupKey(row.region_code, row.lead_unit_id, superior, WHOLE_PERIOD)]
        if not counted_in_sql:
            _note_unit(result, row.lead_unit_id, row.lead_unit_name)
            tally.open += 1
            tally.open_without_plan += row.planned
            if not row.maybe_late:
                continue
        _warn(result, tally, row, at, policy, list_overdue=list_overdue, superior=superior)


def _warn(
    result: StatsResult,
    tally: Tally,
    row: Any,
    at: datetime,
    policy: TimerPolicy,
    *,
    list_overdue: bool,
    superior: bool,
) -> None:
    """Count an open case's warning level at the cut-off (and list it when overdue and asked)."""
    view = _as_at(row, at)
    if view is None:  # not assigned at the cut-off: no 13710 clock, green
        return
    level = warning_level(view, now=at, policy=policy, supervised=bool(row.supervised))
    if level is WarningLevel.YELLOW:
        tally.yellow += 1
    elif level is WarningLevel.RED:
        tally.red += 1
    elif level is WarningLevel.ESCALATED:
        tally.escalated += 1
    clock = clock_at(view, at)
    if view.resolve_due is None or clock <= view.resolve_due:
        return
    tally.overdue += 1
    if not list_overdue:
        return  # counted; the statistics name no case (a province's would be thousands)
    late = clock - view.resolve_due
    result.overdue_cases.append(
        OverdueCase(
            id=row.id,
            case_no=row.case_no,
            title=row.title,
            enterprise_name=row.enterprise_name,
            region_code=row.region_code,
            unit_id=row.lead_unit_id,
            unit_name=row.lead_unit_name,
            resolve_due=row.resolve_due,
            level=level,
            superior=superior,
            days_overdue=late.days + (1 if late.seconds or late.microseconds else 0),
            missed=missed_deadlines(view, now=at, policy=policy),
        )
    )


def _maybe_late(at: datetime, supervised: ColumnElement[bool]) -> ColumnElement[bool]:
    """The open cases that can be anything but green at the cut-off (a cheap test before `warning_level`)."""
    return or_(
        Case.resolve_due.is_(None),
        Case.resolve_due <= at + timedelta(days=1),
        and_(_before(Case.sign_due, at), _not_before(Case.signed_at, at)),
        and_(_before(Case.first_feedback_due, at), _not_before(Case.first_feedback_at, at)),
        Case.state == CaseState.ESCALATED.value,
        supervised,
    )


def _pct(num: int, den: int) -> float | None:
    return round(num / den * 100, 1) if den else None


def rate_fields(num: int, den: int, num_label: str, den_label: str, basis: Basis = "flow") -> dict[str, Any]:
    """The fields of a `Rate` as plain data (what the statistics answer serialises without building models)."""
    return {
        "value": _pct(num, den),
        "numerator": num,
        "denominator": den,
        "numerator_label": num_label,
        "denominator_label": den_label,
        "basis": basis,
        "basis_label": BASIS_LABELS[basis],
    }


def rate(num: int, den: int, num_label: str, den_label: str, basis: Basis = "flow") -> Rate:
    """A rate with its counts, their labels and whether it counts the period's flow or its cohort."""
    return Rate(**rate_fields(num, den, num_label, den_label, basis))


def accepted_of(t: Tally) -> int:
    """Cases registered in the period and accepted: rejected and merged ones are in neither side of 办结率."""
    return t.received - t.rejected - t.merged


def rates_fields(t: Tally) -> dict[str, dict[str, Any]]:
    """The five 13710 rates of a tally as plain data (the fields of `Rates`)."""
    return {
        "resolution": rate_fields(
            t.done,
            accepted_of(t),
            "期内受理的诉求中截至统计时点已办结的件数",
            "期内登记的诉求件数(不含不予受理、合并办理)",
            "cohort",
        ),
        "on_time": rate_fields(t.on_time, t.resolved, "在办结期限内提交结果并办结的件数", "期内办结的诉求件数"),
        "sign_timely": rate_fields(
            t.signed_in_time,
            t.sign_due,
            "在签收期限内签收的件数",
            "期内交办且签收期限已到或已签收的件数",
            "cohort",
        ),
        "feedback_timely": rate_fields(
            t.feedback_in_time,
            t.feedback_due,
            "在反馈期限内首次反馈的件数",
            "期内交办且反馈期限已到或已反馈的件数",
            "cohort",
        ),
        "satisfaction": rate_fields(t.satisfied, t.rated, "评价为满意或基本满意的件数", "期内完成回访评价的件数"),
    }


def rates_of(t: Tally) -> Rates:
    """The five 13710 rates of a tally."""
    return Rates.model_validate(rates_fields(t))


def flow_fields(t: Tally) -> dict[str, int]:
    """The flow counts of a tally (the fields of `FlowCounts`)."""
    return {
        "received": t.received,
        "assigned": t.assigned,
        "resolved": t.resolved,
        "closed": t.closed,
        "rated": t.rated,
    }


def block_fields(t: Tally) -> dict[str, Any]:
    """The fields of a `StatsBlock` as plain data (a region's or a unit's block adds its own)."""
    # Plain data, not models: a province's answer has some 2,000 blocks, and building and validating their
    # 20,000 models cost more than the rest of the answer.
    return {
        "flow": flow_fields(t),
        "cohort": {
            "registered": t.received,
            "rejected": t.rejected,
            "merged": t.merged,
            "accepted": accepted_of(t),
            "resolved": t.done,
        },
        "snapshot": {
            "open": t.open,
            "open_without_plan": t.open_without_plan,
            "yellow": t.yellow,
            "red": t.red,
            "escalated": t.escalated,
            "overdue": t.overdue,
        },
        "rates": rates_fields(t),
    }


def block_of(t: Tally) -> StatsBlock:
    """Counts and rates of a tally."""
    return StatsBlock.model_validate(block_fields(t))


def report_region(principal: Principal, region_code: str | None) -> str | None:
    """The region a report is about: the one asked for, else the caller's own."""
    return region_code or principal.region_code


def child_region(regions: RegionDirectory, base: str | None, code: str) -> str:
    """The child of `base` that a region lies in (the region itself when it is `base` or has no such parent)."""
    if base is None:
        return code
    current = regions.get(code)
    while current is not None and current.parent_code is not None and current.parent_code != base:
        current = regions.get(current.parent_code)
    if current is None or current.parent_code != base:
        return code
    return current.code


def sorted_units(keys: Iterable[int | None]) -> list[int | None]:
    """Unit ids in order, the unassigned group (None) last."""
    return sorted(keys, key=lambda u: (u is None, u or 0))


async def superior_case_ids(
    session: AsyncSession,
    *,
    conds: list[ColumnElement[bool]],
    period: Period,
    cutoff: datetime,
    limit: int = 500,
) -> tuple[list[int], list[int]]:
    """Ids of the 上级交办 cases registered in the period, and of those resolved by the cut-off."""
    stmt = (
        select(Case.id, _before(Case.resolved_at, cutoff))
        .where(*conds, Case.source == CaseSource.SUPERIOR.value)
        .where(Case.created_at >= period.start, Case.created_at < period.end)
        .order_by(Case.id)
        .limit(limit)
    )
    rows = (await session.execute(stmt)).all()
    return [r[0] for r in rows], [r[0] for r in rows if r[1]]


CALENDAR_LABELS = {"natural": "自然日", "workdays": "工作日(扣除法定节假日，含调休上班日)"}


def timer_settings(policy: TimerPolicy, ranking_rule: str) -> TimerSettings:
    """The timer settings in force, as the statistics page shows them."""
    unit = "个工作日" if policy.calendar == "workdays" else "日"
    if policy.major_limit == "workdays10":
        major = f"{MAJOR_WORKDAYS}个工作日"
    elif policy.calendar == "natural" and policy.major_days == 30:
        major = "1个月(30日)"
    else:
        major = f"{policy.major_days}{unit}"
    return TimerSettings(
        calendar=policy.calendar,
        calendar_label=CALENDAR_LABELS[policy.calendar],
        sign_days=policy.sign_days,
        feedback_days=policy.feedback_days,
        ordinary_days=policy.ordinary_days,
        major_limit=policy.major_limit,
        major_limit_label=major,
        ranking_rule=ranking_rule,
    )


def period_out(period: Period) -> PeriodOut:
    """The period as the API shows it."""
    return PeriodOut(kind=period.kind, label=period.label, first_day=period.first_day, last_day=period.last_day)
