"""HTTP endpoints of the investment indicators: the figures with YoY and rank, per county, month by month."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from sqlalchemy.ext.asyncio import AsyncSession

from investment_service.bulletins.models import Bulletin
from investment_service.bulletins.service import ranks_for
from investment_service.core import OPEN_READ, STATS_READ
from investment_service.indicators import service
from investment_service.indicators.catalogue import AT_ROUNDS, FIGURES, PROVINCE_WIDE, RATES, Counters
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
from platform_core.figures import Figure
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


#: Indicator → (rank, entities, bulletin) in the newest bulletin of the period.
Ranks = dict[str, tuple[int, int, Bulletin]]


def _rank(found: tuple[int, int, Bulletin] | None) -> IndicatorRank | None:
    if found is None:
        return None
    rank, of, bulletin = found
    return IndicatorRank(
        rank=rank,
        of=of,
        scope=bulletin.scope,
        bulletin_id=bulletin.id,
        source_document=bulletin.source_document,
        period=bulletin.period_label,
        period_label=parse_period(bulletin.period_label).label,
    )


def _rate_value(f: Figure[None]) -> RateValue:
    return RateValue(value=f.value, numerator=f.numerator or 0, denominator=f.denominator or 0)


def _figure_out(f: Figure[None], before: Figure[None], found: Ranks) -> FigureOut:
    """A figure against the same period last year, with its rank."""
    return FigureOut(
        code=f.key,
        name=f.label,
        unit=f.unit or "",
        caliber=f.caliber,
        value=f.value,
        last_year=before.value,
        yoy_percent=yoy_percent(f.value, before.value),
        rank=_rank(found.get(f.key)),
    )


def _rate_out(f: Figure[None], before: Figure[None], found: Ranks) -> RateOut:
    """A rate and its parts against last year's, with its rank."""
    this, last = _rate_value(f), _rate_value(before)
    return RateOut(
        code=f.key,
        name=f.label,
        **this.model_dump(),
        last_year=last,
        yoy_percent=yoy_percent(this.value, last.value) if this.value is not None and last.value else None,
        rank=_rank(found.get(f.key)),
    )


async def build(
    session: AsyncSession, principal: Principal, regions: RegionDirectory, period: str | None, region_code: str | None
) -> Indicators:
    """Every figure and rate of a period and region, against last year, with ranks where bulletins exist."""
    code, path = readable_region(regions, principal, region_code)
    key = _period_text(period)
    current = parse_period(key)
    last = current.same_period_last_year()
    groups = await service.tallies(session, principal=principal, region_path=path, periods=[current, last])
    rounds_now, rounds_last = await service.rounds_held(session, [current, last], region_path=path)
    signed_now, signed_last = await service.round_signings(
        session, principal=principal, region_path=path, periods=[current, last]
    )
    now_c = Counters(service.total(groups[0]), rounds_now, signed_now)
    last_c = Counters(service.total(groups[1]), rounds_last, signed_last)
    found = await ranks_for(session, period=key, entity_code=code)
    pairs = [
        *zip(await FIGURES.run(now_c), await FIGURES.run(last_c), strict=True),
        *zip(await AT_ROUNDS.run(now_c), await AT_ROUNDS.run(last_c), strict=True),
    ]
    rate_pairs = zip(await RATES.run(now_c), await RATES.run(last_c), strict=True)
    return Indicators(
        period=key,
        period_label=current.label,
        first_day=current.first_day,
        last_day=current.last_day,
        last_year_label=parse_period(key_of(last)).label,
        region_code=code,
        region_name=regions.name_of(code),
        figures=[_figure_out(f, before, found) for f, before in pairs],
        rates=[_rate_out(f, before, found) for f, before in rate_pairs],
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
    items = []
    for child in ordered:
        counters = Counters(by_child.get(child, Tally()))
        found = await FIGURES.run(counters)
        items.append(
            RegionFigures(
                region_code=child,
                region_name=regions.name_of(child),
                values={f.key: f.value for f in found if f.key not in PROVINCE_WIDE},
                rates={f.key: _rate_value(f) for f in await RATES.run(counters)},
            )
        )
    specs = [s for s in FIGURES.specs if s.key not in PROVINCE_WIDE]
    return IndicatorsByRegion(
        period=key,
        period_label=current.label,
        region_code=code,
        units={s.key: s.unit or "" for s in specs},
        names={s.key: s.label for s in specs},
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
    rounds = await service.rounds_held(session, periods, region_path=path)
    runs = [await FIGURES.run(Counters(t, n)) for t, n in zip(totals, rounds, strict=True)]
    series = [
        MonthlySeries(
            code=spec.key,
            name=spec.label,
            unit=spec.unit or "",
            caliber=spec.caliber,
            values=[run[i].value for run in runs[:12]],
            last_year=[run[i].value for run in runs[12:]],
        )
        for i, spec in enumerate(FIGURES.specs)
    ]
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
