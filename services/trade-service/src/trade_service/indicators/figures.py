"""The report's trade figures (rows 25-47 and the foreign-trade statistics), one function each."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import distinct, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from platform_core.auth import Principal
from platform_core.figures import Figure, FigureSet, Reading, once
from platform_core.periods import Period
from platform_core.regions import RegionDirectory
from platform_core.scope import readable_region
from trade_service.domestic.models import CommerceHonour, PromotionEvent, StreetRenovation
from trade_service.domestic.service import HONOURS, PROMOTIONS, STREETS
from trade_service.ecommerce.models import DemoCounty, EcommerceTraining, PublicBrand
from trade_service.ecommerce.service import BRANDS, DEMO_COUNTIES
from trade_service.ecommerce.service import TRAININGS as EC_TRAININGS
from trade_service.exports.models import ExportRegistration
from trade_service.exports.service import REGISTRATIONS, first_export_ids_condition
from trade_service.fairs.models import FairParticipant, TradeFair, Training
from trade_service.fairs.service import TRAININGS
from trade_service.fields import Level
from trade_service.funds.models import FundGrant, FundProgram
from trade_service.funds.service import GRANTS
from trade_service.indicators.facts import named_facts
from trade_service.indicators.schemas import (
    BreakdownItem,
    Indicator,
    IndicatorReport,
    MonthlyReport,
    MonthlySeries,
    PeriodOut,
)
from trade_service.indicators.service import (
    HONOUR_LABELS,
    LEVEL_LABELS,
    Aggregate,
    Ctx,
    Measure,
    Number,
    as_of,
    breakdown_of,
    by_region,
    compare,
    count_in,
    coverage_measure,
    demo_counties,
    departures,
    departures_by_month,
    dispatched,
    fair_deals,
    fair_enterprises,
    fair_rows,
    first_exports,
    foreign_trade_months,
    fund_enterprises,
    grouped,
    in_period,
    int_sum_in,
    latest_coverage,
    money,
    public_brands,
    rank_for,
    shipment_batches,
    shipment_value,
    shipments_by_product,
    special_trains,
    sum_in,
    trade_measure,
)
from trade_service.labour.models import ExchangeEvent, LabourProgram
from trade_service.labour.service import EVENTS


@dataclass(frozen=True, slots=True)
class TradeDetail:
    """What a trade figure carries besides the shared fields: its parts, and whether bulletins rank it."""

    breakdown: list[BreakdownItem] = field(default_factory=list)
    ranked: bool = True


TRADE: FigureSet[Ctx, TradeDetail] = FigureSet("trade")


async def compared(
    ctx: Ctx,
    measure: Measure | Aggregate,
    *,
    mom: bool = False,
    breakdown: list[BreakdownItem] | None = None,
    numerator: int | None = None,
    denominator: int | None = None,
) -> Reading[TradeDetail]:
    """The measure for the period with its 同比 (and 环比), ranked by bulletins."""
    values = await compare(ctx, ctx.period, measure, mom=mom)
    return Reading(
        values["value"],
        last_year=values["last_year_value"],
        yoy_percent=values["yoy_percent"],
        previous=values.get("previous_period_value"),
        mom_percent=values.get("mom_percent"),
        numerator=numerator,
        denominator=denominator,
        detail=TradeDetail(breakdown or []),
    )


# 25-27 Korea labour: exchange events, people dispatched, national rank. -----------------------------------


@TRADE.figure("labour_exchange_events", label="劳务合作交流活动", unit="场", rows=(25,))
async def labour_exchange_events(ctx: Ctx) -> Reading[TradeDetail]:
    """Labour exchange events held in the period."""
    return await compared(ctx, count_in(EVENTS, ExchangeEvent.held_on))


@TRADE.figure("labour_dispatched", label="对外劳务派出人数", unit="人", rows=(26, 27))
async def labour_dispatched(ctx: Ctx) -> Reading[TradeDetail]:
    """Workers who departed, by county and by programme."""
    departed = await departures(ctx, ctx.period)
    program_ids = sorted({r[1] for r in departed})
    stmt = select(LabourProgram.id, LabourProgram.code, LabourProgram.name).where(LabourProgram.id.in_(program_ids))
    programs = {r.id: (r.code, r.name) for r in (await ctx.session.execute(stmt)).all()}
    region_label = by_region(ctx)
    by_county = breakdown_of([(r[0], region_label(r), int(r[2])) for r in departed])
    by_program = breakdown_of([(*programs[r[1]], int(r[2])) for r in departed if r[1] in programs])
    return await compared(ctx, dispatched, breakdown=by_county + by_program)


# 28 policy funds disbursed: enterprises and amount. -------------------------------------------------------


@TRADE.figure("fund_disbursed_enterprises", label="政策资金拨付企业数", unit="家", rows=(28,))
async def fund_disbursed_enterprises(ctx: Ctx) -> Reading[TradeDetail]:
    """Enterprises with a disbursement in the period."""
    return await compared(ctx, fund_enterprises)


@TRADE.figure("fund_disbursed_wan_yuan", label="政策资金拨付金额", unit="万元", rows=(28,))
async def fund_disbursed_wan_yuan(ctx: Ctx) -> Reading[TradeDetail]:
    """Amount disbursed, by fund programme."""
    g = FundGrant
    stmt = (
        select(FundProgram.code, FundProgram.name, func.coalesce(func.sum(g.amount_wan_yuan), 0))
        .select_from(g)
        .join(FundProgram, FundProgram.id == g.program_id)
        .where(*ctx.where(GRANTS), *in_period(g.disbursed_on, ctx.period))
        .group_by(FundProgram.code, FundProgram.name)
    )
    breakdown = await grouped(ctx, stmt, lambda r: r[1], lambda r: r[0], amounts=True)
    return await compared(ctx, sum_in(GRANTS, g.amount_wan_yuan, g.disbursed_on), breakdown=breakdown)


# 29-30 trade fairs and trainings. -------------------------------------------------------------------------


@TRADE.figure("fair_participants", label="组织参展企业数", unit="家", rows=(29,))
async def fair_participants(ctx: Ctx) -> Reading[TradeDetail]:
    """Enterprises at fairs starting in the period, by fair."""
    stmt = (
        select(TradeFair.id, TradeFair.name, func.count(distinct(FairParticipant.enterprise_uscc)))
        .select_from(FairParticipant)
        .join(TradeFair, TradeFair.id == FairParticipant.fair_id)
        .where(*fair_rows(ctx, ctx.period))
        .group_by(TradeFair.id, TradeFair.name)
    )
    breakdown = await grouped(ctx, stmt, lambda r: r[1], lambda r: str(r[0]))
    return await compared(ctx, fair_enterprises, breakdown=breakdown)


@TRADE.figure("fair_intended_deal_wan_usd", label="参展意向成交额", unit="万美元", rows=(29,))
async def fair_intended_deal_wan_usd(ctx: Ctx) -> Reading[TradeDetail]:
    """Intended deals at fairs starting in the period."""
    return await compared(ctx, fair_deals)


@TRADE.figure("trainings_held", label="外贸培训场次", unit="场", rows=(30,))
async def trainings_held(ctx: Ctx) -> Reading[TradeDetail]:
    """Foreign-trade trainings held, each with its attendees."""
    t = Training
    stmt = select(t.id, t.topic, t.attendee_count).where(*ctx.where(TRAININGS), *in_period(t.held_on, ctx.period))
    breakdown = await grouped(ctx, stmt, lambda r: r[1], lambda r: str(r[0]))
    return await compared(ctx, count_in(TRAININGS, t.held_on), breakdown=breakdown)


@TRADE.figure("training_attendees", label="外贸培训人次", unit="人次", rows=(30,))
async def training_attendees(ctx: Ctx) -> Reading[TradeDetail]:
    """Attendees of the trainings held."""
    return await compared(ctx, int_sum_in(TRAININGS, Training.attendee_count, Training.held_on))


# 31 export registrations by country; first-ever exports. -------------------------------------------------


@TRADE.figure("export_registrations", label="出口注册备案数", unit="项", rows=(31,))
async def export_registrations(ctx: Ctx) -> Reading[TradeDetail]:
    """Export registrations, by destination country."""
    r = ExportRegistration
    stmt = (
        select(r.destination_country, func.count())
        .where(*ctx.where(REGISTRATIONS), *in_period(r.registered_on, ctx.period))
        .group_by(r.destination_country)
    )
    breakdown = await grouped(ctx, stmt, lambda row: row[0], lambda row: row[0])
    return await compared(ctx, count_in(REGISTRATIONS, r.registered_on), breakdown=breakdown)


@TRADE.figure("first_exports", label="首次出口（产品对国家或地区）", unit="项", rows=(31,))
async def first_exports_made(ctx: Ctx) -> Reading[TradeDetail]:
    """First-ever exports of a product to a market, by product and market."""
    r = ExportRegistration
    stmt = (
        select(r.product, r.destination_country, func.count())
        .where(*ctx.where(REGISTRATIONS), *in_period(r.first_exported_on, ctx.period), first_export_ids_condition())
        .group_by(r.product, r.destination_country)
    )
    breakdown = await grouped(ctx, stmt, lambda row: f"{row[0]}→{row[1]}", lambda row: None)
    return await compared(ctx, first_exports, breakdown=breakdown)


# 32-36 supervised shipments: special trains, batches, goods value. ----------------------------------------


@TRADE.figure("shipment_trains", label="中欧班列专列趟数", unit="趟", rows=(32,))
async def shipment_trains(ctx: Ctx) -> Reading[TradeDetail]:
    """China-Europe Railway trains carrying supervised batches."""
    return await compared(ctx, special_trains)


@TRADE.figure("shipment_batches", label="监管出口批次", unit="批次", rows=(33, 35))
async def shipment_batches_shipped(ctx: Ctx) -> Reading[TradeDetail]:
    """Supervised batches shipped, by product."""
    rows = await shipments_by_product(ctx, ctx.period)
    return await compared(ctx, shipment_batches, breakdown=breakdown_of([(r[0], r[0], int(r[1])) for r in rows]))


@TRADE.figure("shipment_goods_value_wan_yuan", label="监管出口货值", unit="万元", rows=(34, 36))
async def shipment_goods_value_wan_yuan(ctx: Ctx) -> Reading[TradeDetail]:
    """Goods value of the batches shipped."""
    return await compared(ctx, shipment_value)


# 37-39 promotion events, consumption driven, 环比. ---------------------------------------------------------


@TRADE.figure("promotion_events", label="促销活动场次", unit="场", rows=(37,))
async def promotion_events(ctx: Ctx) -> Reading[TradeDetail]:
    """Promotion events starting in the period, with 环比."""
    return await compared(ctx, count_in(PROMOTIONS, PromotionEvent.starts_on), mom=True)


@TRADE.figure("promotion_consumption_yi_yuan", label="促销活动带动消费", unit="亿元", rows=(38, 39))
async def promotion_consumption_yi_yuan(ctx: Ctx) -> Reading[TradeDetail]:
    """Consumption the promotion events drove, with 环比."""
    pe = PromotionEvent
    return await compared(ctx, sum_in(PROMOTIONS, pe.consumption_driven_yi_yuan, pe.starts_on, "0.0001"), mom=True)


# 40-41 honours by kind and level; streets renovated. ------------------------------------------------------


@TRADE.figure("honours_created", label="内贸荣誉创建", unit="个", rows=(40,))
async def honours_created(ctx: Ctx) -> Reading[TradeDetail]:
    """Honours awarded, by level and kind."""
    h = CommerceHonour
    stmt = (
        select(h.level, h.kind, func.count())
        .where(*ctx.where(HONOURS), *in_period(h.awarded_on, ctx.period))
        .group_by(h.level, h.kind)
    )
    breakdown = await grouped(
        ctx,
        stmt,
        lambda row: f"{LEVEL_LABELS.get(row[0], row[0])}{HONOUR_LABELS.get(row[1], row[1])}",
        lambda row: f"{row[0]}:{row[1]}",
    )
    return await compared(ctx, count_in(HONOURS, h.awarded_on), breakdown=breakdown)


@TRADE.figure("streets_renovated", label="步行街改造完成", unit="条", rows=(41,))
async def streets_renovated(ctx: Ctx) -> Reading[TradeDetail]:
    """Streets whose renovation was completed, each named."""
    st = StreetRenovation
    stmt = (
        select(st.id, st.name, func.count())
        .where(*ctx.where(STREETS), *in_period(st.completed_on, ctx.period))
        .group_by(st.id, st.name)
    )
    breakdown = await grouped(ctx, stmt, lambda row: row[1], lambda row: str(row[0]))
    return await compared(ctx, count_in(STREETS, st.completed_on), breakdown=breakdown)


# 42-47 rural e-commerce. ----------------------------------------------------------------------------------


async def _demo_counties(ctx: Ctx) -> list[DemoCounty]:
    """Demonstration counties approved by the end of the period."""

    async def load() -> list[DemoCounty]:
        stmt = select(DemoCounty).where(*ctx.where(DEMO_COUNTIES), DemoCounty.approved_year <= ctx.period.last_day.year)
        return list((await ctx.session.scalars(stmt)).all())

    return await once(ctx.memo, ("demo_counties",), load)


def counties_under(regions: RegionDirectory, code: str | None) -> list[str]:
    """County-level divisions named 县 in the region (the report's "eight counties"); none for no region."""
    if code is None:
        return []
    return [r.code for r in regions.subtree(code) if r.level == 3 and r.name.endswith("县")]


@TRADE.figure("ecommerce_demo_counties", label="电子商务进农村综合示范县", unit="个", rows=(42,))
async def ecommerce_demo_counties(ctx: Ctx) -> Reading[TradeDetail]:
    """Demonstration counties, national and provincial, and how many of the region's counties are one."""
    rows = await _demo_counties(ctx)
    p = ctx.period
    national = [
        d
        for d in rows
        if d.approved_level == Level.NATIONAL.value
        or (d.promoted_to_national_on is not None and d.promoted_to_national_on < p.end_day)
    ]
    counties = counties_under(ctx.regions, ctx.code)
    breakdown = [
        BreakdownItem(code=Level.NATIONAL.value, label="国家级", value=len(national)),
        BreakdownItem(code=Level.PROVINCIAL.value, label="省级", value=len(rows) - len(national)),
    ]
    covered = sum(1 for d in rows if d.region_code in counties)
    parts = {"numerator": covered, "denominator": len(counties)} if counties else {}
    return await compared(ctx, demo_counties, breakdown=breakdown, **parts)


async def _coverage(ctx: Ctx, part: str, whole: str) -> Reading[TradeDetail]:
    """A coverage rate from each county's newest snapshot, with its parts."""
    rows = await latest_coverage(ctx, ctx.period)
    numerator, denominator = sum(getattr(c, part) for c in rows), sum(getattr(c, whole) for c in rows)
    measure = coverage_measure(part, whole)
    return await compared(ctx, measure, numerator=numerator, denominator=denominator)


@TRADE.figure("ecommerce_station_coverage_poor_villages", label="电商服务站点贫困村覆盖率", unit="%", rows=(43,))
async def station_coverage_poor_villages(ctx: Ctx) -> Reading[TradeDetail]:
    """Poor villages with an e-commerce service station."""
    return await _coverage(ctx, "poor_villages_with_station", "poor_villages_total")


@TRADE.figure("ecommerce_station_coverage_villages", label="电商服务站点行政村覆盖率", unit="%", rows=(43,))
async def station_coverage_villages(ctx: Ctx) -> Reading[TradeDetail]:
    """Villages with an e-commerce service station."""
    return await _coverage(ctx, "villages_with_station", "villages_total")


@TRADE.figure("ecommerce_express_coverage_villages", label="快递服务行政村覆盖率", unit="%", rows=(44,))
async def express_coverage_villages(ctx: Ctx) -> Reading[TradeDetail]:
    """Villages an express service reaches."""
    return await _coverage(ctx, "villages_with_express", "villages_total")


@TRADE.figure("ecommerce_promotions_to_national", label="晋级国家级示范县", unit="个", rows=(45,))
async def ecommerce_promotions_to_national(ctx: Ctx) -> Reading[TradeDetail]:
    """Demonstration counties promoted to national level in the period, each named."""
    breakdown = [
        BreakdownItem(code=d.region_code, label=ctx.regions.name_of(d.region_code) or d.region_code, value=1)
        for d in await _demo_counties(ctx)
        if d.promoted_to_national_on is not None and ctx.period.contains(d.promoted_to_national_on)
    ]
    measure = count_in(DEMO_COUNTIES, DemoCounty.promoted_to_national_on)
    return await compared(ctx, measure, breakdown=breakdown)


@TRADE.figure("ecommerce_public_brands", label="农产品电商公共品牌", unit="个", rows=(46,))
async def ecommerce_public_brands(ctx: Ctx) -> Reading[TradeDetail]:
    """County public brands launched by the end of the period, each named."""
    launched = (PublicBrand.launched_on.is_(None)) | as_of(PublicBrand.launched_on, ctx.period)
    stmt = select(PublicBrand).where(*ctx.where(BRANDS), launched).order_by(PublicBrand.id)
    brands = (await ctx.session.scalars(stmt)).all()
    breakdown = [BreakdownItem(code=b.region_code, label=b.name, value=1) for b in brands]
    return await compared(ctx, public_brands, breakdown=breakdown)


@TRADE.figure("ecommerce_training_sessions", label="电商培训期数", unit="期", rows=(47,))
async def ecommerce_training_sessions(ctx: Ctx) -> Reading[TradeDetail]:
    """E-commerce training sessions held."""
    et = EcommerceTraining
    return await compared(ctx, int_sum_in(EC_TRAININGS, et.sessions, et.held_on))


@TRADE.figure("ecommerce_training_person_times", label="电商培训人次", unit="人次", rows=(47,))
async def ecommerce_training_person_times(ctx: Ctx) -> Reading[TradeDetail]:
    """Person-times trained in the period."""
    et = EcommerceTraining
    return await compared(ctx, int_sum_in(EC_TRAININGS, et.person_times, et.held_on))


@TRADE.figure("ecommerce_training_person_times_cumulative", label="电商培训累计人次", unit="人次", rows=(47,))
async def ecommerce_training_person_times_cumulative(ctx: Ctx) -> int:
    """Person-times trained up to the end of the period (no comparison, no rank)."""
    et = EcommerceTraining
    stmt = select(func.coalesce(func.sum(et.person_times), 0)).where(
        *ctx.where(EC_TRAININGS), as_of(et.held_on, ctx.period)
    )
    return int(await ctx.scalar(stmt) or 0)


# Foreign trade statistics (domain §6): monthly imports and exports with YoY. ------------------------------


@TRADE.figure("foreign_trade_export_wan_usd", label="出口额", unit="万美元")
async def foreign_trade_export_wan_usd(ctx: Ctx) -> Reading[TradeDetail]:
    """Exports of the region."""
    return await compared(ctx, trade_measure("export_wan_usd"))


@TRADE.figure("foreign_trade_import_wan_usd", label="进口额", unit="万美元")
async def foreign_trade_import_wan_usd(ctx: Ctx) -> Reading[TradeDetail]:
    """Imports of the region."""
    return await compared(ctx, trade_measure("import_wan_usd"))


# The answer ----------------------------------------------------------------------------------------------


async def indicator_out(ctx: Ctx, f: Figure[TradeDetail]) -> Indicator:
    """A figure as `GET /api/v1/trade/indicators` shows it, with its rank in the newest bulletin."""
    detail = f.detail or TradeDetail(ranked=False)
    return Indicator(
        key=f.key,
        rows=list(f.rows),
        title=f.label,
        unit=f.unit or "",
        value=f.value,
        last_year_value=f.last_year,
        yoy_percent=f.yoy_percent,
        previous_period_value=f.previous,
        mom_percent=f.mom_percent,
        numerator=f.numerator,
        denominator=f.denominator,
        rank=await rank_for(ctx, f.key, ctx.period, ctx.code) if detail.ranked else None,
        breakdown=detail.breakdown,
    )


async def report(
    session: AsyncSession,
    *,
    principal: Principal,
    regions: RegionDirectory,
    period: Period,
    region_code: str | None,
) -> IndicatorReport:
    """Every figure of rows 25-47 for the period and region."""
    code, path = readable_region(regions, principal, region_code, optional=True)
    ctx = Ctx(session, principal, path, regions, period, code)
    p = period
    return IndicatorReport(
        period=PeriodOut(label=p.label, kind=p.kind, first_day=p.first_day, last_day=p.last_day),
        region_code=code,
        region_name=regions.name_of(code),
        items=[await indicator_out(ctx, f) for f in await TRADE.run(ctx)],
        facts=await named_facts(ctx),
    )


#: The month-by-month series: (key, title, unit, foreign-trade column or None for departures).
MONTHLY: tuple[tuple[str, str, str, str | None], ...] = (
    ("foreign_trade_export_wan_usd", "出口额", "万美元", "export_wan_usd"),
    ("foreign_trade_import_wan_usd", "进口额", "万美元", "import_wan_usd"),
    ("labour_dispatched", "对外劳务派出人数", "人", None),
)


async def monthly(
    session: AsyncSession,
    *,
    principal: Principal,
    regions: RegionDirectory,
    year: int,
    region_code: str | None,
) -> MonthlyReport:
    """Exports, imports and departures of each month of a year and the year before, for the region."""
    code, path = readable_region(regions, principal, region_code, optional=True)
    span = Period("custom", date(year - 1, 1, 1), date(year + 1, 1, 1), f"{year - 1}-{year}年")
    ctx = Ctx(session, principal, path, regions, span, code)
    columns = [c for *_, c in MONTHLY if c]
    trade = await foreign_trade_months(ctx, (year - 1) * 100 + 1, year * 100 + 12, columns)
    departed = await departures_by_month(ctx, span)

    def values(y: int, column: str | None) -> list[Number]:
        if column is None:
            return [departed.get(y * 100 + m, 0) for m in range(1, 13)]
        return [trade.get(y * 100 + m, {}).get(column, money(0)) for m in range(1, 13)]

    return MonthlyReport(
        year=year,
        region_code=code,
        region_name=regions.name_of(code),
        months=list(range(1, 13)),
        series=[
            MonthlySeries(key=key, title=title, unit=unit, values=values(year, c), last_year=values(year - 1, c))
            for key, title, unit, c in MONTHLY
        ],
    )
