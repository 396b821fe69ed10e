"""The report's trade figures computed from the records, each within the caller's data scope and the region."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import ColumnElement, and_, distinct, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from platform_core import records
from platform_core.auth import Principal
from platform_core.bulletins import BulletinScope, bulletin_rows, latest_bulletin, rank_of, rank_periods
from platform_core.enumerations import labels
from platform_core.periods import Period, parse_period, yoy_percent
from platform_core.records import Resource
from platform_core.regions import RegionDirectory
from platform_core.scope import ScopeColumns, scope_condition, under_path
from trade_service.bulletins.models import Bulletin, BulletinRow
from trade_service.ecommerce.models import DemoCounty, PublicBrand, VillageCoverage
from trade_service.ecommerce.service import BRANDS, COVERAGE, DEMO_COUNTIES
from trade_service.exports.models import ExportRegistration
from trade_service.exports.service import REGISTRATIONS, first_export_ids_condition
from trade_service.fairs.models import FairParticipant, TradeFair
from trade_service.fairs.service import PARTICIPANTS
from trade_service.foreign_trade.models import ForeignTradeStat
from trade_service.foreign_trade.service import STATS
from trade_service.funds.models import FundGrant
from trade_service.funds.service import GRANTS
from trade_service.indicators.models import DailyTally
from trade_service.indicators.schemas import BreakdownItem, RankOut
from trade_service.indicators.tally import DEPARTURE, SHIPMENT, TRAIN

Number = int | Decimal
ONE_DECIMAL = Decimal("0.1")
LEVEL_LABELS = labels("trade_level")
HONOUR_LABELS = labels("trade_honour_kind")


@dataclass(frozen=True, slots=True)
class Ctx:
    """What every figure is computed for: who asks, the region's path (None = all in scope), the period."""

    session: AsyncSession
    principal: Principal
    path: str | None
    regions: RegionDirectory
    period: Period
    code: str | None  # the region asked for (None = all in scope)
    # Grouped rows of one scan per table and period, shared by a figure, its YoY and its breakdowns.
    memo: dict[tuple[Any, ...], Any] = field(default_factory=dict)

    def where(self, res: Resource) -> list[ColumnElement[bool]]:
        """Live rows of a resource in the caller's scope and under the region."""
        m = res.model
        conds: list[ColumnElement[bool]] = [m.deleted_at.is_(None), records.visible(res, self.principal)]
        if self.path:
            conds.append(under_path(m.region_path, self.path))
        return conds

    async def scalar(self, stmt: Any) -> Any:
        """One aggregate value."""
        return await self.session.scalar(stmt)


def in_period(column: Any, period: Period) -> list[ColumnElement[bool]]:
    """A date column inside the period."""
    return [column >= period.first_day, column < period.end_day]


def as_of(column: Any, period: Period) -> ColumnElement[bool]:
    """A date column on or before the period's last day (stock figures)."""
    return column < period.end_day


def money(value: Any, places: str = "0.01") -> Decimal:
    """A sum as a Decimal with the unit's places (SQLite may hand back floats or ints)."""
    return Decimal(str(value or 0)).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def rate(numerator: int, denominator: int) -> Decimal:
    """A percentage with one decimal (0 when there is nothing to cover)."""
    if not denominator:
        return Decimal("0.0")
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


Measure = Callable[[Ctx, Period], Awaitable[Number]]


@dataclass(frozen=True, slots=True)
class Aggregate:
    """A count or sum over rows whose date column falls in a period, for several periods in one statement."""

    res: Resource
    column: Any
    aggregate: Callable[[ColumnElement[bool]], Any]  # the aggregate over the rows a condition keeps
    convert: Callable[[Any], Number]
    extra: tuple[ColumnElement[bool], ...] = ()

    async def __call__(self, ctx: Ctx, period: Period) -> Number:
        """The value for one period."""
        return (await self.many(ctx, [period]))[0]

    async def many(self, ctx: Ctx, periods: Sequence[Period]) -> list[Number]:
        """The values for each period: one statement, one filtered aggregate per period."""
        conds = [and_(*in_period(self.column, p)) for p in periods]
        stmt = (
            select(*[self.aggregate(c) for c in conds])
            .select_from(self.res.model)
            .where(*ctx.where(self.res), or_(*conds), *self.extra)
        )
        row = (await ctx.session.execute(stmt)).one()
        return [self.convert(v) for v in row]


async def compare(ctx: Ctx, period: Period, measure: Measure | Aggregate, *, mom: bool = False) -> dict[str, Any]:
    """The value with its 同比 (and 环比) values and percentages."""
    periods = [period, period.same_period_last_year(), *([period.previous()] if mom else [])]
    if isinstance(measure, Aggregate):
        values = await measure.many(ctx, periods)
    else:
        values = [await measure(ctx, p) for p in periods]
    value, last_year = values[0], values[1]
    out: dict[str, Any] = {"value": value, "last_year_value": last_year, "yoy_percent": yoy_percent(value, last_year)}
    if mom:
        previous = values[2]
        out |= {"previous_period_value": previous, "mom_percent": yoy_percent(value, previous)}
    return out


# Measures -------------------------------------------------------------------------------------------------


def count_in(res: Resource, column: Any, *extra: ColumnElement[bool]) -> Aggregate:
    """Rows whose date column falls in the period."""
    return Aggregate(res, column, lambda c: func.count().filter(c), lambda v: int(v or 0), extra)


def sum_in(res: Resource, amount: Any, column: Any, places: str = "0.01") -> Aggregate:
    """The sum of an amount over rows whose date column falls in the period."""
    return Aggregate(res, column, lambda c: func.coalesce(func.sum(amount).filter(c), 0), lambda v: money(v, places))


def int_sum_in(res: Resource, amount: Any, column: Any) -> Aggregate:
    """The sum of a count over rows whose date column falls in the period."""
    return Aggregate(res, column, lambda c: func.coalesce(func.sum(amount).filter(c), 0), lambda v: int(v or 0))


async def fund_enterprises(ctx: Ctx, period: Period) -> Number:
    """Distinct enterprises with a disbursement in the period."""
    stmt = select(func.count(distinct(FundGrant.enterprise_uscc))).where(
        *ctx.where(GRANTS), *in_period(FundGrant.disbursed_on, period)
    )
    return int(await ctx.scalar(stmt) or 0)


def fair_rows(ctx: Ctx, period: Period) -> list[ColumnElement[bool]]:
    """Participants (in scope and region) of fairs starting in the period."""
    return [*ctx.where(PARTICIPANTS), TradeFair.deleted_at.is_(None), *in_period(TradeFair.starts_on, period)]


async def fair_enterprises(ctx: Ctx, period: Period) -> Number:
    """Distinct enterprises at fairs starting in the period."""
    stmt = (
        select(func.count(distinct(FairParticipant.enterprise_uscc)))
        .select_from(FairParticipant)
        .join(TradeFair, TradeFair.id == FairParticipant.fair_id)
        .where(*fair_rows(ctx, period))
    )
    return int(await ctx.scalar(stmt) or 0)


async def fair_deals(ctx: Ctx, period: Period) -> Number:
    """Intended deals of enterprises at fairs starting in the period (万美元)."""
    stmt = (
        select(func.coalesce(func.sum(FairParticipant.intended_deal_wan_usd), 0))
        .select_from(FairParticipant)
        .join(TradeFair, TradeFair.id == FairParticipant.fair_id)
        .where(*fair_rows(ctx, period))
    )
    return money(await ctx.scalar(stmt))


async def first_exports(ctx: Ctx, period: Period) -> Number:
    """First-ever exports of a product to a market made in the period."""
    stmt = select(func.count()).where(
        *ctx.where(REGISTRATIONS),
        *in_period(ExportRegistration.first_exported_on, period),
        first_export_ids_condition(),
    )
    return int(await ctx.scalar(stmt) or 0)


async def special_trains(ctx: Ctx, period: Period) -> Number:
    """Distinct China-Europe Railway trains carrying supervised batches in the period (from the daily tallies)."""
    t = DailyTally
    stmt = select(func.count(distinct(t.key))).where(*tallied(ctx, TRAIN, period), t.n > 0)
    return int(await ctx.scalar(stmt) or 0)


async def memoised(ctx: Ctx, name: str, period: Period, stmt: Any) -> list[Any]:
    """The rows of a grouped query, run once per request and period."""
    key = (name, period.first_day, period.end_day)
    if key not in ctx.memo:
        ctx.memo[key] = list((await ctx.session.execute(stmt)).all())
    return list(ctx.memo[key])


def tallied(ctx: Ctx, kind: str, period: Period) -> list[ColumnElement[bool]]:
    """Tally rows of a kind in the period, the caller's scope and the region."""
    t = DailyTally
    conds = [
        t.kind == kind,
        *in_period(t.day, period),
        scope_condition(ctx.principal, ScopeColumns(region_path=t.region_path, region_code=t.region_code)),
    ]
    if ctx.path:
        conds.append(under_path(t.region_path, ctx.path))
    return conds


async def departures(ctx: Ctx, period: Period) -> list[Any]:
    """(region_code, program_id, count) of departures in the period, summed from the daily tallies."""
    t = DailyTally
    stmt = (
        select(t.region_code, t.key, func.sum(t.n))
        .where(*tallied(ctx, DEPARTURE, period))
        .group_by(t.region_code, t.key)
        .having(func.sum(t.n) != 0)
    )
    return [(r[0], int(r[1]), int(r[2])) for r in await memoised(ctx, "departures", period, stmt)]


async def dispatched(ctx: Ctx, period: Period) -> Number:
    """Workers who departed in the period."""
    return sum(int(r[2]) for r in await departures(ctx, period))


async def shipments_by_product(ctx: Ctx, period: Period) -> list[Any]:
    """(product, batches, goods value) of supervised shipments in the period, summed from the daily tallies."""
    t = DailyTally
    stmt = (
        select(t.key, func.sum(t.n), func.coalesce(func.sum(t.amount), 0))
        .where(*tallied(ctx, SHIPMENT, period))
        .group_by(t.key)
        .having(func.sum(t.n) != 0)
    )
    return await memoised(ctx, "shipments", period, stmt)


async def shipment_batches(ctx: Ctx, period: Period) -> Number:
    """Supervised batches shipped in the period."""
    return sum(int(r[1]) for r in await shipments_by_product(ctx, period))


async def shipment_value(ctx: Ctx, period: Period) -> Number:
    """Goods value (万元) of the batches shipped in the period."""
    return money(sum((Decimal(str(r[2] or 0)) for r in await shipments_by_product(ctx, period)), Decimal(0)))


def breakdown_of(rows: Sequence[tuple[str | None, str, Number]]) -> list[BreakdownItem]:
    """(code, label, value) summed per code and label, largest first (as `grouped` orders them)."""
    totals: dict[tuple[str | None, str], Number] = {}
    for code, label, value in rows:
        totals[(code, label)] = totals.get((code, label), 0) + value
    items = [BreakdownItem(code=code, label=label, value=value) for (code, label), value in totals.items()]
    return sorted(items, key=lambda i: (-Decimal(i.value), i.label))


async def demo_counties(ctx: Ctx, period: Period) -> Number:
    """Demonstration counties approved by the end of the period."""
    stmt = select(func.count()).where(*ctx.where(DEMO_COUNTIES), DemoCounty.approved_year <= period.last_day.year)
    return int(await ctx.scalar(stmt) or 0)


async def public_brands(ctx: Ctx, period: Period) -> Number:
    """County public brands launched by the end of the period (an undated brand counts as existing)."""
    stmt = select(func.count()).where(
        *ctx.where(BRANDS), (PublicBrand.launched_on.is_(None)) | as_of(PublicBrand.launched_on, period)
    )
    return int(await ctx.scalar(stmt) or 0)


async def latest_coverage(ctx: Ctx, period: Period) -> list[VillageCoverage]:
    """Each county's newest coverage snapshot on or before the period's end."""
    stmt = (
        select(VillageCoverage)
        .where(*ctx.where(COVERAGE), as_of(VillageCoverage.as_of, period))
        .order_by(VillageCoverage.region_code, VillageCoverage.as_of.desc())
    )
    newest: dict[str, VillageCoverage] = {}
    for row in (await ctx.session.scalars(stmt)).all():
        newest.setdefault(row.region_code, row)
    return list(newest.values())


def coverage_measure(part: str, whole: str) -> Measure:
    """A coverage rate (percent) from the newest snapshots."""

    async def measure(ctx: Ctx, period: Period) -> Number:
        rows = await latest_coverage(ctx, period)
        return rate(sum(getattr(r, part) for r in rows), sum(getattr(r, whole) for r in rows))

    return measure


async def foreign_trade(ctx: Ctx, period: Period, column: str) -> Decimal:
    """Imports or exports of the region: a region's own figure for a month counts, else its parts' figures."""
    months = _months(period)
    if not months:
        return money(0)
    by_month = await foreign_trade_months(ctx, months[0], months[-1], (column,))
    return money(sum((by_month.get(m, {}).get(column, Decimal(0)) for m in months), Decimal(0)))


async def foreign_trade_months(
    ctx: Ctx, first: int, last: int, columns: Sequence[str]
) -> dict[int, dict[str, Decimal]]:
    """Each month's (yyyymm) totals of the columns from first to last, in one scan of the statistics."""
    m = ForeignTradeStat
    stmt = select(m).where(*ctx.where(STATS), m.year * 100 + m.month >= first, m.year * 100 + m.month <= last)
    rows_by_month: dict[int, dict[str, ForeignTradeStat]] = {}
    for row in (await ctx.session.scalars(stmt)).all():
        rows_by_month.setdefault(row.year * 100 + row.month, {})[row.region_code] = row
    out: dict[int, dict[str, Decimal]] = {}
    for key, rows in rows_by_month.items():
        paths = {row.region_path for row in rows.values()}
        # A row counts unless a region above it (within the region asked for) has its own row.
        counted = [
            row
            for row in rows.values()
            if not any(
                other != row.region_path and row.region_path.startswith(other) and other.startswith(ctx.path or "")
                for other in paths
            )
        ]
        out[key] = {c: money(sum((Decimal(getattr(row, c)) for row in counted), Decimal(0))) for c in columns}
    return out


async def departures_by_month(ctx: Ctx, span: Period) -> dict[int, int]:
    """Workers who departed in each month (yyyymm) of the span, from the daily tallies."""
    t = DailyTally
    stmt = select(t.day, func.sum(t.n)).where(*tallied(ctx, DEPARTURE, span)).group_by(t.day)
    out: dict[int, int] = {}
    for day, n in (await ctx.session.execute(stmt)).all():
        key = day.year * 100 + day.month
        out[key] = out.get(key, 0) + int(n or 0)
    return out


def _months(period: Period) -> list[int]:
    """The months (yyyymm) the period touches: statistics are monthly, so a part of a month counts it."""
    out: list[int] = []
    cursor = period.first_day.replace(day=1)
    while cursor < period.end_day:
        out.append(cursor.year * 100 + cursor.month)
        cursor = date(cursor.year + cursor.month // 12, cursor.month % 12 + 1, 1)
    return out


def trade_measure(column: str) -> Measure:
    """A foreign-trade measure for a column."""

    async def measure(ctx: Ctx, period: Period) -> Number:
        return await foreign_trade(ctx, period, column)

    return measure


# Breakdowns -----------------------------------------------------------------------------------------------


async def grouped(
    ctx: Ctx,
    stmt: Any,
    label: Callable[[Any], str],
    code: Callable[[Any], str | None],
    *,
    amounts: bool = False,
) -> list[BreakdownItem]:
    """Rows of (key..., value) turned into breakdown items, largest first (`amounts`: values are money)."""
    items = [
        BreakdownItem(code=code(r), label=label(r), value=money(r[-1]) if amounts else int(r[-1] or 0))
        for r in (await ctx.session.execute(stmt)).all()
    ]
    return sorted(items, key=lambda i: (-Decimal(i.value), i.label))


def by_region(ctx: Ctx) -> Callable[[Any], str]:
    """Label a row by its region code (first column)."""
    return lambda r: ctx.regions.name_of(r[0]) or r[0]


# Ranks ----------------------------------------------------------------------------------------------------


async def rank_for(ctx: Ctx, key: str, period: Period, region_code: str | None) -> RankOut | None:
    """The region's rank in the newest national (else provincial) bulletin of the indicator and period (for a year
    or a year to date without its own bulletin: the newest cumulative one of that year)."""
    if region_code is None or period.kind == "custom":
        return None
    candidates = rank_periods(period)
    # One look at which indicators have bulletins for the period, instead of two lookups per indicator.
    if ("bulletins", candidates[0]) not in ctx.memo:
        stmt = (
            select(Bulletin.indicator_code, Bulletin.scope, Bulletin.period_label)
            .where(Bulletin.period_label.in_(candidates))
            .distinct()
        )
        ctx.memo[("bulletins", candidates[0])] = {(r[0], r[1], r[2]) for r in (await ctx.session.execute(stmt)).all()}
    published = ctx.memo[("bulletins", candidates[0])]
    for label in candidates:
        for scope in (BulletinScope.NATIONAL, BulletinScope.PROVINCE):
            if (key, scope.value, label) not in published:
                continue
            bulletin = await latest_bulletin(ctx.session, Bulletin, indicator_code=key, period=label, scope=scope)
            if bulletin is None:
                continue
            rows = await bulletin_rows(ctx.session, BulletinRow, bulletin.id)
            return RankOut(
                scope=scope,
                rank=rank_of(rows, region_code),
                total=len(rows),
                bulletin_id=bulletin.id,
                source_document=bulletin.source_document,
                period=label,
                period_label=parse_period(label).label,
            )
    return None
