"""HTTP endpoints of the investment indicators: the figures with YoY and rank, per county, month by month."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from sqlalchemy.ext.asyncio import AsyncSession

from investment_service.bulletins.models import Bulletin
from investment_service.bulletins.service import ranks_for
from investment_service.core import OPEN_READ, STATS_READ
from investment_service.indicators import catalogue, service
from investment_service.indicators.schemas import (
    FigureOut,
    IndicatorRank,
    Indicators,
    IndicatorsByRegion,
    MonthlyIndicators,
    MonthlySeries,
    RateOut,
    RateValue,
    RegionFigures,
)
from investment_service.indicators.service import Tally
from platform_core.auth import Principal, require_perms
from platform_core.bulletins import key_of, period_key
from platform_core.db import SessionDep
from platform_core.pagination import forbid_unknown_query
from platform_core.periods import month, parse_period, today, yoy_percent
from platform_core.regions import RegionDirectory, RegionsDep, child_code
from platform_core.scope import readable_region

router = APIRouter(
    prefix="/api/v1/investment/indicators", tags=["招商引资指标"], dependencies=[Depends(forbid_unknown_query)]
)
open_router = APIRouter(
    prefix="/open/v1/investment/indicators", tags=["开放接口"], dependencies=[Depends(forbid_unknown_query)]
)

PeriodParam = Annotated[
    str | None,
    Query(
        max_length=32,
        description="统计期间：2021、2021-Q3、2021-07、2021-07-YTD 或 2021-03-01..2021-06-30；默认本年累计",
        examples=["2021"],
    ),
]
RegionParam = Annotated[
    str | None, Query(pattern=r"^\d{6}$", description="行政区划（含下级），默认本人所在区域", examples=["411500"])
]


def _period_text(period: str | None) -> str:
    """The asked period in canonical form; this year to date by default (Asia/Shanghai)."""
    if period:
        return period_key(period)
    now = today()
    return f"{now.year}-{now.month:02d}-YTD"


def _rank(found: tuple[int, int, Bulletin] | None) -> IndicatorRank | None:
    if found is None:
        return None
    rank, of, bulletin = found
    return IndicatorRank(
        rank=rank, of=of, scope=bulletin.scope, bulletin_id=bulletin.id, source_document=bulletin.source_document
    )


def _rate_value(t: Tally, rate: catalogue.Rate) -> RateValue:
    n, d = rate.numerator(t), rate.denominator(t)
    return RateValue(value=catalogue.percent(n, d), numerator=n, denominator=d)


async def build(
    session: AsyncSession, principal: Principal, regions: RegionDirectory, period: str | None, region_code: str | None
) -> Indicators:
    """Every figure and rate of a period and region, against last year, with ranks where bulletins exist."""
    code, path = readable_region(regions, principal, region_code)
    key = _period_text(period)
    current = parse_period(key)
    last = current.same_period_last_year()
    groups = await service.tallies(session, principal=principal, region_path=path, periods=[current, last])
    now_t, last_t = service.total(groups[0]), service.total(groups[1])
    rounds_now, rounds_last = await service.rounds_held(session, [current, last])
    found = await ranks_for(session, period=key, entity_code=code)
    figures = []
    for f in catalogue.FIGURES:
        if f.read is None:
            value, previous = Decimal(rounds_now), Decimal(rounds_last)
        else:
            value, previous = f.read(now_t), f.read(last_t)
        figures.append(
            FigureOut(
                code=f.code,
                name=f.name,
                unit=f.unit,
                caliber=f.caliber,
                value=value,
                last_year=previous,
                yoy_percent=yoy_percent(value, previous),
                rank=_rank(found.get(f.code)),
            )
        )
    rates = []
    for r in catalogue.RATES:
        this, before = _rate_value(now_t, r), _rate_value(last_t, r)
        rates.append(
            RateOut(
                code=r.code,
                name=r.name,
                **this.model_dump(),
                last_year=before,
                yoy_percent=yoy_percent(this.value, before.value) if this.value is not None and before.value else None,
                rank=_rank(found.get(r.code)),
            )
        )
    return Indicators(
        period=key,
        period_label=current.label,
        first_day=current.first_day,
        last_day=current.last_day,
        last_year_label=parse_period(key_of(last)).label,
        region_code=code,
        region_name=regions.name_of(code),
        figures=figures,
        rates=rates,
    )


@router.get("", summary="招商引资指标", response_model=Indicators)
async def indicators(
    session: SessionDep,
    regions: RegionsDep,
    principal: Annotated[Principal, Depends(require_perms(STATS_READ))],
    period: PeriodParam = None,
    region_code: RegionParam = None,
) -> Indicators:
    """Figures 10-24 of the report for a period and region: value, same period last year, YoY %, province rank."""
    return await build(session, principal, regions, period, region_code)


@router.get("/by-region", summary="招商引资指标（分县区）", response_model=IndicatorsByRegion)
async def indicators_by_region(
    session: SessionDep,
    regions: RegionsDep,
    principal: Annotated[Principal, Depends(require_perms(STATS_READ))],
    period: PeriodParam = None,
    region_code: RegionParam = None,
) -> IndicatorsByRegion:
    """The figures of each child region (county) of the asked region, for the period (rounds are province-wide)."""
    code, path = readable_region(regions, principal, region_code)
    key = _period_text(period)
    current = parse_period(key)
    groups = await service.tallies(session, principal=principal, region_path=path, periods=[current])
    by_child: dict[str, Tally] = {}
    for row_path, t in groups[0].items():
        by_child.setdefault(child_code(row_path, path), Tally()).add(t)
    root = regions.get(code)
    children = [c.code for c in root.children] if root else []
    ordered = children + sorted(set(by_child) - set(children))
    figures = [f for f in catalogue.FIGURES if f.read is not None]
    items = []
    for child in ordered:
        t = by_child.get(child, Tally())
        items.append(
            RegionFigures(
                region_code=child,
                region_name=regions.name_of(child),
                values={f.code: f.read(t) for f in figures if f.read is not None},
                rates={r.code: _rate_value(t, r) for r in catalogue.RATES},
            )
        )
    return IndicatorsByRegion(
        period=key,
        period_label=current.label,
        region_code=code,
        units={f.code: f.unit for f in figures},
        names={f.code: f.name for f in figures},
        items=items,
    )


@router.get("/monthly", summary="招商引资指标（逐月同比）", response_model=MonthlyIndicators)
async def indicators_monthly(
    session: SessionDep,
    regions: RegionsDep,
    principal: Annotated[Principal, Depends(require_perms(STATS_READ))],
    year: Annotated[int | None, Query(ge=2000, le=2100, description="年度，默认本年")] = None,
    region_code: RegionParam = None,
) -> MonthlyIndicators:
    """Each figure month by month (not cumulative) in a year and the year before."""
    code, path = readable_region(regions, principal, region_code)
    y = year or today().year
    periods = [month(y, m) for m in range(1, 13)] + [month(y - 1, m) for m in range(1, 13)]
    groups = await service.tallies(session, principal=principal, region_path=path, periods=periods)
    totals = [service.total(g) for g in groups]
    rounds = await service.rounds_held(session, periods)
    series = []
    for f in catalogue.FIGURES:
        values = [Decimal(n) for n in rounds] if f.read is None else [f.read(t) for t in totals]
        series.append(
            MonthlySeries(
                code=f.code,
                name=f.name,
                unit=f.unit,
                caliber=f.caliber,
                values=values[:12],
                last_year=values[12:],
            )
        )
    return MonthlyIndicators(
        year=y, region_code=code, region_name=regions.name_of(code), months=list(range(1, 13)), series=series
    )


@open_router.get("", summary="招商引资指标（省级同步）", response_model=Indicators)
async def open_indicators(
    session: SessionDep,
    regions: RegionsDep,
    principal: Annotated[Principal, Depends(require_perms(OPEN_READ))],
    period: PeriodParam = None,
    region_code: RegionParam = None,
) -> Indicators:
    """The same figures for provincial systems (machine clients with `open:investment:read`)."""
    return await build(session, principal, regions, period, region_code)
