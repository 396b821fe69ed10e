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
from platform_core.bulletins import BulletinScope, bulletin_rows, latest_bulletin, period_key, rank_of
from platform_core.periods import Period, yoy_percent
from platform_core.problems import ProblemError
from platform_core.records import Resource
from platform_core.regions import RegionDirectory
from platform_core.scope import DataScope, ScopeColumns, scope_condition, under_path
from trade_service.bulletins.models import Bulletin, BulletinRow
from trade_service.domestic.models import CommerceHonour, PromotionEvent, StreetRenovation
from trade_service.domestic.schemas import HonourKind
from trade_service.domestic.service import HONOURS, PROMOTIONS, STREETS
from trade_service.ecommerce.models import DemoCounty, EcommerceTraining, PublicBrand, VillageCoverage
from trade_service.ecommerce.service import BRANDS, COVERAGE, DEMO_COUNTIES
from trade_service.ecommerce.service import TRAININGS as EC_TRAININGS
from trade_service.exports.models import ExportRegistration
from trade_service.exports.service import REGISTRATIONS, first_export_ids_condition
from trade_service.fairs.models import FairParticipant, TradeFair, Training
from trade_service.fairs.service import PARTICIPANTS, TRAININGS
from trade_service.fields import Level
from trade_service.foreign_trade.models import ForeignTradeStat
from trade_service.foreign_trade.service import STATS
from trade_service.funds.models import FundGrant, FundProgram
from trade_service.funds.service import GRANTS
from trade_service.indicators.models import DailyTally
from trade_service.indicators.schemas import BreakdownItem, Indicator, IndicatorReport, PeriodOut, RankOut
from trade_service.indicators.tally import DEPARTURE, SHIPMENT, TRAIN
from trade_service.labour.models import ExchangeEvent, LabourProgram
from trade_service.labour.service import EVENTS

Number = int | Decimal
ONE_DECIMAL = Decimal("0.1")
LEVEL_LABELS = {Level.NATIONAL.value: "国家级", Level.PROVINCIAL.value: "省级", Level.CITY.value: "市级"}
HONOUR_LABELS = {
    HonourKind.TIME_HONOURED_BRAND.value: "老字号",
    HonourKind.BRAND_CONSUMPTION_CLUSTER.value: "品牌消费集聚区",
    HonourKind.SAFE_MALL.value: "平安商场",
    HonourKind.GREEN_MALL.value: "绿色商场",
    HonourKind.EXPRESS_LOGISTICS_PARK.value: "快递物流示范园区",
    HonourKind.PEDESTRIAN_STREET.value: "步行街",
}


@dataclass(frozen=True, slots=True)
class Ctx:
    """What every figure is computed for: who asks, the region's path (None = all in scope), the directory."""

    session: AsyncSession
    principal: Principal
    path: str | None
    regions: RegionDirectory
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


def _fair_rows(ctx: Ctx, period: Period) -> list[ColumnElement[bool]]:
    """Participants (in scope and region) of fairs starting in the period."""
    return [*ctx.where(PARTICIPANTS), TradeFair.deleted_at.is_(None), *in_period(TradeFair.starts_on, period)]


async def fair_enterprises(ctx: Ctx, period: Period) -> Number:
    """Distinct enterprises at fairs starting in the period."""
    stmt = (
        select(func.count(distinct(FairParticipant.enterprise_uscc)))
        .select_from(FairParticipant)
        .join(TradeFair, TradeFair.id == FairParticipant.fair_id)
        .where(*_fair_rows(ctx, period))
    )
    return int(await ctx.scalar(stmt) or 0)


async def fair_deals(ctx: Ctx, period: Period) -> Number:
    """Intended deals of enterprises at fairs starting in the period (万美元)."""
    stmt = (
        select(func.coalesce(func.sum(FairParticipant.intended_deal_wan_usd), 0))
        .select_from(FairParticipant)
        .join(TradeFair, TradeFair.id == FairParticipant.fair_id)
        .where(*_fair_rows(ctx, period))
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
    m = ForeignTradeStat
    stmt = select(m).where(
        *ctx.where(STATS),
        m.year * 100 + m.month >= months[0],
        m.year * 100 + m.month <= months[-1],
    )
    by_month: dict[int, dict[str, tuple[str, Decimal]]] = {}
    for row in (await ctx.session.scalars(stmt)).all():
        key = row.year * 100 + row.month
        if key in months:
            by_month.setdefault(key, {})[row.region_code] = (row.region_path, getattr(row, column))
    total = Decimal(0)
    for rows in by_month.values():
        paths = {path for path, _ in rows.values()}
        for path, value in rows.values():
            # A row counts unless a region above it (within the region asked for) has its own row.
            if not any(
                other != path and path.startswith(other) and other.startswith(ctx.path or "") for other in paths
            ):
                total += Decimal(value)
    return money(total)


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
    """The region's rank in the newest national (else provincial) bulletin of the indicator and period."""
    if region_code is None or period.kind == "custom":
        return None
    label = period_key(_period_text(period))
    # One look at which indicators have bulletins for the period, instead of two lookups per indicator.
    if ("bulletins", label) not in ctx.memo:
        stmt = select(Bulletin.indicator_code, Bulletin.scope).where(Bulletin.period_label == label).distinct()
        ctx.memo[("bulletins", label)] = {(r[0], r[1]) for r in (await ctx.session.execute(stmt)).all()}
    published = ctx.memo[("bulletins", label)]
    for scope in (BulletinScope.NATIONAL, BulletinScope.PROVINCE):
        if (key, scope.value) not in published:
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
        )
    return None


def _period_text(period: Period) -> str:
    if period.kind == "year":
        return f"{period.first_day.year}"
    if period.kind == "quarter":
        return f"{period.first_day.year}-Q{(period.first_day.month - 1) // 3 + 1}"
    if period.kind == "month":
        return f"{period.first_day.year}-{period.first_day.month:02d}"
    return f"{period.first_day.year}-{period.last_day.month:02d}-YTD"


# The report -----------------------------------------------------------------------------------------------


def readable_path(
    principal: Principal, regions: RegionDirectory, region_code: str | None
) -> tuple[str | None, str | None]:
    """The region asked for (default: the caller's own), refusing one outside the caller's scope (403)."""
    code = region_code or principal.region_code
    if code is None:
        return None, None
    path = regions.path_of(code)
    if path is None:
        raise ProblemError(
            422,
            "validation_failed",
            errors=[
                {"field": "region_code", "location": "query", "message": "行政区划代码不存在", "code": "not_found"}
            ],
        )
    scopes = principal.data_scopes
    allowed = (
        DataScope.ALL in scopes
        or (
            DataScope.REGION_AND_BELOW in scopes
            and bool(principal.region_path)
            and path.startswith(principal.region_path or "")
        )
        or (DataScope.REGION in scopes and code == principal.region_code)
    )
    if not allowed:
        raise ProblemError(
            403,
            "out_of_scope",
            errors=[
                {
                    "field": "region_code",
                    "location": "query",
                    "message": "所选区域超出数据权限范围",
                    "code": "out_of_scope",
                }
            ],
        )
    return code, path


def item(key: str, rows: Sequence[int], title: str, unit: str, **values: Any) -> Indicator:
    """An indicator from its parts."""
    values.setdefault("last_year_value", None)
    values.setdefault("yoy_percent", None)
    return Indicator(key=key, rows=list(rows), title=title, unit=unit, **values)


def counties_under(regions: RegionDirectory, code: str | None) -> list[str]:
    """County-level divisions named 县 in the region (the report's "eight counties"); none for no region."""
    if code is None:
        return []
    return [r.code for r in regions.subtree(code) if r.level == 3 and r.name.endswith("县")]


async def report(
    session: AsyncSession,
    *,
    principal: Principal,
    regions: RegionDirectory,
    period: Period,
    region_code: str | None,
) -> IndicatorReport:
    """Every figure of rows 25-47 for the period and region."""
    code, path = readable_path(principal, regions, region_code)
    ctx = Ctx(session, principal, path, regions)
    p = period
    items: list[Indicator] = []

    async def add(
        key: str,
        rows: Sequence[int],
        title: str,
        unit: str,
        measure: Measure | Aggregate,
        *,
        mom: bool = False,
        breakdown: list[BreakdownItem] | None = None,
        **extra: Any,
    ) -> None:
        values = await compare(ctx, p, measure, mom=mom)
        rank = await rank_for(ctx, key, p, code)
        items.append(item(key, rows, title, unit, **values, rank=rank, breakdown=breakdown or [], **extra))

    # 25-27 Korea labour: exchange events, people dispatched, national rank.
    await add("labour_exchange_events", [25], "劳务合作交流活动", "场", count_in(EVENTS, ExchangeEvent.held_on))
    departed = await departures(ctx, p)
    region_label = by_region(ctx)
    program_ids = sorted({r[1] for r in departed})
    programs = {
        r.id: (r.code, r.name)
        for r in (
            await session.execute(
                select(LabourProgram.id, LabourProgram.code, LabourProgram.name).where(
                    LabourProgram.id.in_(program_ids)
                )
            )
        ).all()
    }
    dispatched_by_county = breakdown_of([(r[0], region_label(r), int(r[2])) for r in departed])
    dispatched_by_program = breakdown_of([(*programs[r[1]], int(r[2])) for r in departed if r[1] in programs])
    await add(
        "labour_dispatched",
        [26, 27],
        "对外劳务派出人数",
        "人",
        dispatched,
        breakdown=dispatched_by_county + dispatched_by_program,
    )

    # 28 policy funds disbursed: enterprises and amount.
    await add("fund_disbursed_enterprises", [28], "政策资金拨付企业数", "家", fund_enterprises)
    g = FundGrant
    await add(
        "fund_disbursed_wan_yuan",
        [28],
        "政策资金拨付金额",
        "万元",
        sum_in(GRANTS, g.amount_wan_yuan, g.disbursed_on),
        breakdown=await grouped(
            ctx,
            select(FundProgram.code, FundProgram.name, func.coalesce(func.sum(g.amount_wan_yuan), 0))
            .select_from(g)
            .join(FundProgram, FundProgram.id == g.program_id)
            .where(*ctx.where(GRANTS), *in_period(g.disbursed_on, p))
            .group_by(FundProgram.code, FundProgram.name),
            lambda r: r[1],
            lambda r: r[0],
            amounts=True,
        ),
    )

    # 29-30 trade fairs and trainings.
    await add(
        "fair_participants",
        [29],
        "组织参展企业数",
        "家",
        fair_enterprises,
        breakdown=await grouped(
            ctx,
            select(TradeFair.id, TradeFair.name, func.count(distinct(FairParticipant.enterprise_uscc)))
            .select_from(FairParticipant)
            .join(TradeFair, TradeFair.id == FairParticipant.fair_id)
            .where(*_fair_rows(ctx, p))
            .group_by(TradeFair.id, TradeFair.name),
            lambda r: r[1],
            lambda r: str(r[0]),
        ),
    )
    await add("fair_intended_deal_wan_usd", [29], "参展意向成交额", "万美元", fair_deals)
    t = Training
    await add(
        "trainings_held",
        [30],
        "外贸培训场次",
        "场",
        count_in(TRAININGS, t.held_on),
        breakdown=await grouped(
            ctx,
            select(t.id, t.topic, t.attendee_count).where(*ctx.where(TRAININGS), *in_period(t.held_on, p)),
            lambda r: r[1],
            lambda r: str(r[0]),
        ),
    )
    await add("training_attendees", [30], "外贸培训人次", "人次", int_sum_in(TRAININGS, t.attendee_count, t.held_on))

    # 31 export registrations by country; first-ever exports.
    r = ExportRegistration
    await add(
        "export_registrations",
        [31],
        "出口注册备案数",
        "项",
        count_in(REGISTRATIONS, r.registered_on),
        breakdown=await grouped(
            ctx,
            select(r.destination_country, func.count())
            .where(*ctx.where(REGISTRATIONS), *in_period(r.registered_on, p))
            .group_by(r.destination_country),
            lambda row: row[0],
            lambda row: row[0],
        ),
    )
    await add(
        "first_exports",
        [31],
        "首次出口（产品对国家或地区）",
        "项",
        first_exports,
        breakdown=await grouped(
            ctx,
            select(r.product, r.destination_country, func.count())
            .where(*ctx.where(REGISTRATIONS), *in_period(r.first_exported_on, p), first_export_ids_condition())
            .group_by(r.product, r.destination_country),
            lambda row: f"{row[0]}→{row[1]}",
            lambda row: None,
        ),
    )

    # 32-36 supervised shipments: special trains, batches, goods value, with YoY of batches and value.
    await add("shipment_trains", [32], "中欧班列专列趟数", "趟", special_trains)
    await add(
        "shipment_batches",
        [33, 35],
        "监管出口批次",
        "批次",
        shipment_batches,
        breakdown=breakdown_of([(r[0], r[0], int(r[1])) for r in await shipments_by_product(ctx, p)]),
    )
    await add("shipment_goods_value_wan_yuan", [34, 36], "监管出口货值", "万元", shipment_value)

    # 37-39 promotion events, consumption driven, 环比.
    pe = PromotionEvent
    await add("promotion_events", [37], "促销活动场次", "场", count_in(PROMOTIONS, pe.starts_on), mom=True)
    await add(
        "promotion_consumption_yi_yuan",
        [38, 39],
        "促销活动带动消费",
        "亿元",
        sum_in(PROMOTIONS, pe.consumption_driven_yi_yuan, pe.starts_on, "0.0001"),
        mom=True,
    )

    # 40-41 honours by kind and level; streets renovated.
    h = CommerceHonour
    await add(
        "honours_created",
        [40],
        "内贸荣誉创建",
        "个",
        count_in(HONOURS, h.awarded_on),
        breakdown=await grouped(
            ctx,
            select(h.level, h.kind, func.count())
            .where(*ctx.where(HONOURS), *in_period(h.awarded_on, p))
            .group_by(h.level, h.kind),
            lambda row: f"{LEVEL_LABELS.get(row[0], row[0])}{HONOUR_LABELS.get(row[1], row[1])}",
            lambda row: f"{row[0]}:{row[1]}",
        ),
    )
    st = StreetRenovation
    await add(
        "streets_renovated",
        [41],
        "步行街改造完成",
        "条",
        count_in(STREETS, st.completed_on),
        breakdown=await grouped(
            ctx,
            select(st.id, st.name, func.count())
            .where(*ctx.where(STREETS), *in_period(st.completed_on, p))
            .group_by(st.id, st.name),
            lambda row: row[1],
            lambda row: str(row[0]),
        ),
    )

    # 42-47 rural e-commerce.
    counties = counties_under(regions, code)
    dc_rows = (
        await session.scalars(
            select(DemoCounty).where(*ctx.where(DEMO_COUNTIES), DemoCounty.approved_year <= p.last_day.year)
        )
    ).all()
    national = [
        d
        for d in dc_rows
        if d.approved_level == Level.NATIONAL.value
        or (d.promoted_to_national_on is not None and d.promoted_to_national_on < p.end_day)
    ]
    covered = sum(1 for d in dc_rows if d.region_code in counties)
    await add(
        "ecommerce_demo_counties",
        [42],
        "电子商务进农村综合示范县",
        "个",
        demo_counties,
        numerator=covered if counties else None,
        denominator=len(counties) if counties else None,
        breakdown=[
            BreakdownItem(code=Level.NATIONAL.value, label="国家级", value=len(national)),
            BreakdownItem(code=Level.PROVINCIAL.value, label="省级", value=len(dc_rows) - len(national)),
        ],
    )
    cov = await latest_coverage(ctx, p)
    for key, rows, title, part, whole in (
        (
            "ecommerce_station_coverage_poor_villages",
            [43],
            "电商服务站点贫困村覆盖率",
            "poor_villages_with_station",
            "poor_villages_total",
        ),
        (
            "ecommerce_station_coverage_villages",
            [43],
            "电商服务站点行政村覆盖率",
            "villages_with_station",
            "villages_total",
        ),
        (
            "ecommerce_express_coverage_villages",
            [44],
            "快递服务行政村覆盖率",
            "villages_with_express",
            "villages_total",
        ),
    ):
        await add(
            key,
            rows,
            title,
            "%",
            coverage_measure(part, whole),
            numerator=sum(getattr(c, part) for c in cov),
            denominator=sum(getattr(c, whole) for c in cov),
        )
    await add(
        "ecommerce_promotions_to_national",
        [45],
        "晋级国家级示范县",
        "个",
        count_in(DEMO_COUNTIES, DemoCounty.promoted_to_national_on),
        breakdown=[
            BreakdownItem(code=d.region_code, label=regions.name_of(d.region_code) or d.region_code, value=1)
            for d in dc_rows
            if d.promoted_to_national_on is not None and p.contains(d.promoted_to_national_on)
        ],
    )
    brand_rows = (
        await session.scalars(
            select(PublicBrand)
            .where(*ctx.where(BRANDS), (PublicBrand.launched_on.is_(None)) | as_of(PublicBrand.launched_on, p))
            .order_by(PublicBrand.id)
        )
    ).all()
    await add(
        "ecommerce_public_brands",
        [46],
        "农产品电商公共品牌",
        "个",
        public_brands,
        breakdown=[BreakdownItem(code=b.region_code, label=b.name, value=1) for b in brand_rows],
    )
    et = EcommerceTraining
    await add(
        "ecommerce_training_sessions", [47], "电商培训期数", "期", int_sum_in(EC_TRAININGS, et.sessions, et.held_on)
    )
    await add(
        "ecommerce_training_person_times",
        [47],
        "电商培训人次",
        "人次",
        int_sum_in(EC_TRAININGS, et.person_times, et.held_on),
    )
    cumulative = int(
        await ctx.scalar(
            select(func.coalesce(func.sum(et.person_times), 0)).where(*ctx.where(EC_TRAININGS), as_of(et.held_on, p))
        )
        or 0
    )
    items.append(item("ecommerce_training_person_times_cumulative", [47], "电商培训累计人次", "人次", value=cumulative))

    # Foreign trade statistics (domain §6): monthly imports and exports with YoY.
    await add("foreign_trade_export_wan_usd", [], "出口额", "万美元", trade_measure("export_wan_usd"))
    await add("foreign_trade_import_wan_usd", [], "进口额", "万美元", trade_measure("import_wan_usd"))

    return IndicatorReport(
        period=PeriodOut(label=p.label, kind=p.kind, first_day=p.first_day, last_day=p.last_day),
        region_code=code,
        region_name=regions.name_of(code),
        items=items,
    )
