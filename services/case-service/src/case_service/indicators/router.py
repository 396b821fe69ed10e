"""HTTP endpoints of the case statistics and the campaign figures."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response

from case_service.case.dependencies import NowDep, PolicyDep
from case_service.case.models import CaseSource
from case_service.indicators import campaign, service
from case_service.indicators.pauses import pause_stats
from case_service.indicators.schemas import (
    CampaignFigures,
    CaseStats,
    MonthStats,
    PauseStats,
    RegionStats,
    TimerSettings,
    UnitStats,
)
from case_service.indicators.service import StatsResult, Tally
from case_service.reports.service import weights_from
from platform_core.auth import Principal, require_perms
from platform_core.db import SessionDep
from platform_core.pagination import forbid_unknown_query
from platform_core.periods import month, parse_period
from platform_core.regions import RegionDirectory, RegionsDep

router = APIRouter(tags=["诉求统计"], dependencies=[Depends(forbid_unknown_query)])

READ = "case:stats:read"
PERIOD_HELP = "统计期间：2021、2021-Q3、2021-07、2021-07-YTD 或 2021-03-01..2021-06-30(北京时间)"


def build_stats(
    result: StatsResult,
    regions: RegionDirectory,
    *,
    base: str | None,
    filters: dict[str, Any],
    settings: TimerSettings,
    pause: PauseStats,
) -> CaseStats:
    """The response of `GET /api/v1/cases/stats` from the computed tallies."""
    by_region = result.by(lambda k: service.child_region(regions, base, k.region_code))
    by_unit = result.by(lambda k: k.unit_id)
    by_month = result.by_month()
    return CaseStats(
        period=service.period_out(result.period),
        as_of=result.as_of,
        region_code=base,
        region_name=regions.name_of(base),
        filters=filters,
        all=service.block_of(result.total()),
        superior=service.block_of(result.total(superior=True)),
        by_region=[
            RegionStats(region_code=code, region_name=regions.name_of(code), **service.block_fields(t))
            for code, t in sorted(by_region.items())
        ],
        by_unit=[
            UnitStats(unit_id=unit, unit_name=result.unit_names.get(unit), **service.block_fields(by_unit[unit]))
            for unit in service.sorted_units(by_unit)
        ],
        by_month=[
            MonthStats(
                month=f"{y}-{m:02d}",
                label=month(y, m).label,
                flow=service.flow_of(by_month.get(i, Tally())),
                rates=service.rates_of(by_month.get(i, Tally())),
            )
            for i, (y, m) in enumerate(result.months)
        ],
        settings=settings,
        pause=pause,
    )


@router.get("/api/v1/cases/stats", summary="诉求统计(13710 指标)", response_model=CaseStats)
async def case_stats(
    request: Request,
    session: SessionDep,
    regions: RegionsDep,
    policy: PolicyDep,
    now: NowDep,
    principal: Annotated[Principal, Depends(require_perms(READ))],
    period: Annotated[str, Query(max_length=32, description=PERIOD_HELP)],
    region_code: Annotated[str | None, Query(pattern=r"^\d{6}$", description="行政区划（含下级）")] = None,
    unit_id: Annotated[int | None, Query(ge=1, description="承办单位ID（牵头或配合）")] = None,
    source: Annotated[CaseSource | None, Query(description="来源")] = None,
    category: Annotated[str | None, Query(max_length=32, description="诉求分类编码")] = None,
) -> Response:
    """Counts and rates of the cases in the caller's scope, 上级交办 separately, by region, unit and month."""
    span = parse_period(period)
    result = await service.compute(
        session,
        principal=principal,
        regions=regions,
        period=span,
        now=now,
        policy=policy,
        region_code=region_code,
        unit_id=unit_id,
        source=source.value if source else None,
        category=category,
    )
    base = service.report_region(principal, region_code)
    filters = {"region_code": region_code, "unit_id": unit_id, "source": source, "category": category}
    rule = weights_from(request.app.state.settings).rule
    conds = service.filters(
        principal,
        regions,
        region_code=region_code,
        unit_id=unit_id,
        source=source.value if source else None,
        category=category,
    )
    paused = await pause_stats(session, conds=conds, period=span, cutoff=result.as_of)
    out = build_stats(
        result,
        regions,
        base=base,
        filters={k: v for k, v in filters.items() if v is not None},
        settings=service.timer_settings(policy, rule),
        pause=paused,
    )
    # Serialised once: a city's answer carries a block per unit, and FastAPI would validate the model again.
    return Response(out.model_dump_json(), media_type="application/json")


@router.get(
    "/api/v1/campaign/figures",
    summary="活动报告数据(图1-9)",
    response_model=CampaignFigures,
)
async def campaign_figures(
    session: SessionDep,
    regions: RegionsDep,
    policy: PolicyDep,
    now: NowDep,
    principal: Annotated[Principal, Depends(require_perms(READ))],
    period: Annotated[str, Query(max_length=32, description=PERIOD_HELP)],
    region_code: Annotated[str | None, Query(pattern=r"^\d{6}$", description="报告区域，默认本人所在区域")] = None,
) -> CampaignFigures:
    """Staff seconded, plan issued, leaders' pairings, 上级交办 cases and the measures, with their provenance."""
    return await campaign.campaign_figures(
        session,
        principal=principal,
        regions=regions,
        period=parse_period(period),
        now=now,
        policy=policy,
        region_code=region_code,
    )
